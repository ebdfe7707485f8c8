"""serving_mode(): WSGI mode without `run:`, else the entry the command's main program starts."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest

from enginelint.analysis.entry import ServingMode, serving_mode
from enginelint.parsers.run_command import run_command
from enginelint.project import Project
from tests.helpers import write_project

WSGI = (
    "def application(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
    '    return [b"ok"]\n'
)


def mode(tmp_path: Path, files: dict[str, str]) -> ServingMode:
    project = Project(write_project(tmp_path, {"requirements.txt": "requests>=2.31,<3\n", **files}))
    return serving_mode(project)


def test_wsgi_mode_without_engine_yaml(tmp_path: Path) -> None:
    result = mode(tmp_path, {"wsgi.py": WSGI})
    assert result == ServingMode(None, "wsgi.py", False)
    assert result.is_wsgi


@pytest.mark.parametrize(
    "yaml",
    ["runtime: python\n", "run:\n", 'run: ""\n', "run: [gunicorn]\n", "run: {cmd: x}\n"],
)
def test_wsgi_mode_without_a_string_run(tmp_path: Path, yaml: str) -> None:
    result = mode(tmp_path, {"wsgi.py": WSGI, "leanengine.yaml": yaml})
    assert result.is_wsgi and result.entry_file == "wsgi.py"


def test_wsgi_mode_under_build_root(tmp_path: Path) -> None:
    result = mode(tmp_path, {"leanengine.yaml": "buildRoot: web\n", "web/wsgi.py": WSGI})
    assert result == ServingMode(None, "web/wsgi.py", False)


@pytest.mark.parametrize(
    ("run", "files", "entry", "main"),
    [
        ("python app.py", {"app.py": ""}, "app.py", True),
        ("python wsgi.py", {}, "wsgi.py", True),
        ("gunicorn -b 0.0.0.0:$LEANCLOUD_APP_PORT wsgi:app", {}, "wsgi.py", False),
        ("python -m server", {"server/__init__.py": "", "server/__main__.py": ""},
         "server/__main__.py", True),
        ("python -m server", {"server.py": ""}, "server.py", True),
        ("uvicorn api.main:app --host 0.0.0.0", {"api/__init__.py": "", "api/main.py": ""},
         "api/main.py", False),
        ("uvicorn pkg:app", {"pkg/__init__.py": "", "pkg.py": ""}, "pkg/__init__.py", False),
        ("cd sub && python app.py", {"sub/app.py": ""}, "sub/app.py", True),
        ("sh -c 'cd sub; exec python -u app.py'", {"sub/app.py": ""}, "sub/app.py", True),
        ("python manage.py migrate && python manage.py runserver 0.0.0.0:3000",
         {"manage.py": ""}, "manage.py", True),
        ("python init.py && gunicorn wsgi", {"init.py": ""}, "wsgi.py", False),
        ("FLASK_APP=app flask run --host 0.0.0.0", {"app.py": ""}, "app.py", False),
        # flask's own discovery tries wsgi.py before app.py.
        ("flask run --host 0.0.0.0", {"app.py": ""}, "wsgi.py", False),
        ("uwsgi --http :3000 --wsgi-file wsgi.py", {}, "wsgi.py", False),
    ],
)  # fmt: skip
def test_run_mode_entry(
    tmp_path: Path, run: str, files: dict[str, str], entry: str, main: bool
) -> None:
    result = mode(tmp_path, {"wsgi.py": WSGI, "leanengine.yaml": f"run: {run}\n", **files})
    assert result == ServingMode(run, entry, main)
    assert not result.is_wsgi


@pytest.mark.parametrize(
    ("run", "entry"),
    [
        ("python missing.py", None),
        ("python -c 'import app'", None),
        ("echo hello", None),
        ("cd /srv && python app.py", None),
        ("./start.sh", None),
    ],
)
def test_run_mode_without_a_placeable_entry(tmp_path: Path, run: str, entry: Optional[str]) -> None:
    result = mode(tmp_path, {"wsgi.py": WSGI, "app.py": "", "leanengine.yaml": f"run: {run}\n"})
    assert result == ServingMode(run, entry, False)


def test_run_mode_under_build_root(tmp_path: Path) -> None:
    files = {
        "leanengine.yaml": "buildRoot: web\nrun: python app.py\n",
        "web/app.py": "",
        "app.py": "",
    }
    result = mode(tmp_path, files)
    assert result == ServingMode("python app.py", "web/app.py", True)


def test_block_scalar_run(tmp_path: Path) -> None:
    yaml = "run: |\n  pip install -r requirements.txt\n  exec python app.py\n"
    result = mode(tmp_path, {"leanengine.yaml": yaml, "app.py": ""})
    assert result.entry_file == "app.py" and result.entry_is_main
    assert result.run == "pip install -r requirements.txt\nexec python app.py\n"


def test_views_are_built_once(tmp_path: Path) -> None:
    project = Project(write_project(tmp_path, {"leanengine.yaml": "run: python app.py\n"}))
    assert serving_mode(project) is serving_mode(project)
    assert run_command(project) is run_command(project)
