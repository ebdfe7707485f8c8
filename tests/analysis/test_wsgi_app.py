"""EL103/EL104 cases beyond the golden fixtures: how `application` is found and judged."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import pytest

from tests.helpers import lint_json, write_project

BASE = {"requirements.txt": "requests>=2.31,<3\n", ".python-version": "3.11\n"}
APP = "def app(environ, start_response):\n    return []\n"


def findings(
    tmp_path: Path, wsgi: str, files: Optional[dict[str, str]] = None
) -> list[dict[str, Any]]:
    root = write_project(tmp_path, {**BASE, "wsgi.py": wsgi, **(files or {})})
    return lint_json(root, select=["EL103", "EL104"])


def summary(found: list[dict[str, Any]]) -> list[tuple[str, str, int, int]]:
    return [(d["code"], d["severity"], d["start"]["line"], d["start"]["column"]) for d in found]


@pytest.mark.parametrize(
    "wsgi",
    [
        APP + "application = app\n",
        APP + "application: object = app\n",
        APP + "[application] = [app]\n",
        APP + "if (application := app):\n    pass\n",
        "import importlib\napplication = importlib.import_module('app').app\n",
        APP + "def setup():\n    global application\n    application = app\n    return\nsetup()\n",
        APP + "try:\n    application = app\nexcept Exception:\n    application = None\n",
        APP + "while True:\n    application = app\n    break\n",
        APP + "for application in [app]:\n    pass\nelse:\n    application = app\n",
        "from app import *\n",
        "from .app import application\n",  # wsgi.py is top-level: not resolvable, still bound
    ],
)
def test_definitions_that_count(tmp_path: Path, wsgi: str) -> None:
    files = {"app.py": APP + "application = app\n"}
    assert [d for d in findings(tmp_path, wsgi, files) if d["code"] == "EL103"] == []


def test_del_in_a_branch_is_a_warning(tmp_path: Path) -> None:
    found = findings(tmp_path, APP + "application = app\nif input():\n    del application\n")
    assert summary(found) == [("EL103", "warning", 3, 1)]


def test_globals_assignment_cannot_be_verified(tmp_path: Path) -> None:
    found = findings(tmp_path, APP + 'globals()["application"] = app\n')
    assert summary(found) == [("EL103", "info", 3, 1)]
    assert "`globals()`" in found[0]["message"]


def test_definition_after_an_endless_loop_never_happens(tmp_path: Path) -> None:
    found = findings(tmp_path, APP + "while True:\n    serve()\napplication = app\n")
    assert summary(found) == [("EL103", "error", 1, 5)]


def test_an_unbound_name_is_not_judged(tmp_path: Path) -> None:
    # `app` is not imported: a NameError at import (EL105's business), not a module.
    assert findings(tmp_path, "application = app\n", {"app.py": APP}) == []


@pytest.mark.parametrize(
    ("wsgi", "files", "fragment"),
    [
        (
            "from handlers import handle as application\n",
            {"handlers.py": "async def handle(scope):\n    pass\n"},
            "async def",
        ),
        (
            "def application(environ, start_response, *, config):\n    return []\n",
            {},
            "keyword argument `config`",
        ),
        (
            "def handler(a, b, c):\n    return []\napplication = handler\n",
            {},
            "(`handler`) requires 3",
        ),
        (
            "import starlette.applications\napplication = starlette.applications.Starlette()\n",
            {},
            "Starlette app",
        ),
        ("from litestar import Litestar\napplication = Litestar([])\n", {}, "Litestar app"),
        ("from quart import Quart\napplication = Quart(__name__)\n", {}, "Quart app"),
        ("application = f'{1}'\n", {}, "a string literal"),
        ("application = f'{os.sep}'\n", {}, "an f-string"),
        ("application = [app for app in ()]\n", {}, "a list comprehension"),
        ("application = 3000\n", {}, "a number"),
        ("application = True\n", {}, "`True`"),
    ],
)
def test_not_wsgi(tmp_path: Path, wsgi: str, files: dict[str, str], fragment: str) -> None:
    found = findings(tmp_path, wsgi, files)
    assert [d["code"] for d in found] == ["EL104"], found
    assert fragment in found[0]["message"]


@pytest.mark.parametrize(
    "wsgi",
    [
        "class application:\n    pass\n",
        "import functools\n@functools.wraps(x)\ndef application(environ):\n    return []\n",
        "def application(environ, *rest):\n    return []\n",
        "application = lambda *args, **kwargs: []\n",
        "from starlette.middleware.wsgi import WSGIMiddleware\napplication = WSGIMiddleware(app)\n",
        "from fastapi import FastAPI\nfrom a2wsgi import ASGIMiddleware\n"
        "application = ASGIMiddleware(FastAPI())\n",
    ],
)
def test_not_judged_or_fine(tmp_path: Path, wsgi: str) -> None:
    assert [d for d in findings(tmp_path, wsgi) if d["code"] == "EL104"] == []


def test_environment_specific_value_names_the_environment(tmp_path: Path) -> None:
    wsgi = (
        "import os\n"
        "from fastapi import FastAPI\n" + APP + "if os.environ['LEANCLOUD_APP_ENV'] == 'stage':\n"
        "    application = FastAPI()\n"
        "else:\n"
        "    application = app\n"
    )
    found = findings(tmp_path, wsgi)
    assert [d["code"] for d in found] == ["EL104"]
    assert "when LEANCLOUD_APP_ENV is stage" in found[0]["message"]
