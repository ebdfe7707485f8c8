"""What the `run:` command starts, judged (EL505-EL508): ports, targets, installs, dev servers."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest

from enginelint.project import Project
from enginelint.rules.serving.dev_servers import development_servers
from enginelint.rules.serving.run_binds import (
    DEFAULT,
    EXPLICIT,
    NO_DOLLAR,
    UNSET_VARIABLE,
    port_problems,
)
from enginelint.rules.serving.run_installs import installs
from enginelint.rules.serving.run_targets import (
    NO_ATTRIBUTE,
    NO_FILE,
    NO_FLASK_APP,
    NO_MAIN,
    NO_MODULE,
    missing_targets,
)
from tests.helpers import write_project

WSGI = (
    "def application(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
    '    return [b"ok"]\n'
)


def project(tmp_path: Path, run: Optional[str], files: Optional[dict[str, str]] = None) -> Project:
    content = {"wsgi.py": WSGI, "requirements.txt": "requests>=2.31,<3\n"}
    if run is not None:
        content["leanengine.yaml"] = f"run: |-\n  {run}\n"
    content.update(files or {})
    return Project(write_project(tmp_path, content))


def written(run: str, offsets: tuple[int, int]) -> str:
    return run[offsets[0] : offsets[1]]


# --- EL505 ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("run", "kind", "port", "text"),
    [
        ("gunicorn -b 0.0.0.0:8000 wsgi:application", EXPLICIT, 8000, "8000"),
        ("gunicorn wsgi:application", DEFAULT, 8000, "gunicorn"),
        ("gunicorn -b 0.0.0.0 wsgi:application", DEFAULT, 8000, "0.0.0.0"),
        ("waitress-serve wsgi:application", DEFAULT, 8080, "waitress-serve"),
        ("flask run --host=0.0.0.0", DEFAULT, 5000, "flask run"),
        ("python manage.py runserver 0.0.0.0:8000", EXPLICIT, 8000, "8000"),
        ("PORT=8000 gunicorn wsgi:application", EXPLICIT, 8000, "8000"),
        ("gunicorn -b 0.0.0.0:$PORT wsgi:application", UNSET_VARIABLE, None, "$PORT"),
        # The empty `$PORT` vanishes and `--port` swallows the next word.
        ("uvicorn --port $PORT --host 0.0.0.0 main:app", UNSET_VARIABLE, None, "$PORT"),
        ("uvicorn main:app --host 0.0.0.0 --port ${PORT}", UNSET_VARIABLE, 8000, "${PORT}"),
        ("PORT=LEANCLOUD_APP_PORT gunicorn wsgi:application", NO_DOLLAR, None,
         "LEANCLOUD_APP_PORT"),
        ("uvicorn main:app --host 0.0.0.0 --port LEANCLOUD_APP_PORT", NO_DOLLAR, None,
         "LEANCLOUD_APP_PORT"),
        ("uvicorn main:app --host 0.0.0.0 --port ${PORT:-8000}", EXPLICIT, 8000, "8000"),
    ],
)  # fmt: skip
def test_port_problems(tmp_path: Path, run: str, kind: str, port: Optional[int], text: str) -> None:
    (problem,) = port_problems(project(tmp_path, run))
    assert (problem.kind, problem.port, written(run, problem.offsets)) == (kind, port, text)


def test_port_from_variable_default_names_the_variable(tmp_path: Path) -> None:
    (problem,) = port_problems(project(tmp_path, "waitress-serve --port=${PORT:-8000} wsgi:x"))
    assert (problem.variable, problem.via) == ("PORT", "default")


@pytest.mark.parametrize(
    "run",
    [
        "gunicorn -b 0.0.0.0:${LEANCLOUD_APP_PORT} wsgi:application",
        "gunicorn -b 0.0.0.0:$LC_APP_PORT wsgi:application",
        "PORT=$LEANCLOUD_APP_PORT gunicorn wsgi:application",
        "export PORT=$LEANCLOUD_APP_PORT && exec gunicorn wsgi:application",
        "uvicorn main:app --host 0.0.0.0 --port ${PORT:-$LEANCLOUD_APP_PORT}",
        "gunicorn -b 0.0.0.0:3000 wsgi:application",  # EL503
        "gunicorn -c conf.py wsgi:application",  # the config file decides
        "gunicorn -b 127.0.0.1:9000 -b :${LEANCLOUD_APP_PORT} wsgi:application",
        "gunicorn -b unix:/tmp/app.sock wsgi:application",
        "gunicorn -b 0.0.0.0:$(cat port) wsgi:application",
        "waitress-serve --port=9000 wsgi:application & python app.py",  # app.py may listen
        "uvicorn a:app --port 9000 & gunicorn -b :$LEANCLOUD_APP_PORT wsgi:application",
        "python app.py",
    ],
)
def test_port_near_misses(tmp_path: Path, run: str) -> None:
    assert port_problems(project(tmp_path, run)) == []


def test_port_quiet_when_config_file_exists(tmp_path: Path) -> None:
    p = project(tmp_path, "gunicorn wsgi:application", {"gunicorn.conf.py": "bind = ':3000'\n"})
    assert port_problems(p) == []


def test_port_quiet_in_wsgi_mode(tmp_path: Path) -> None:
    assert port_problems(project(tmp_path, None)) == []


# --- EL506 ----------------------------------------------------------------------------------
APP = "app = object()\n"


@pytest.mark.parametrize(
    ("run", "files", "kind", "text", "expected"),
    [
        ("python app.py", {}, NO_FILE, "app.py", "app.py"),
        ("cd web && python app.py", {"app.py": APP}, NO_FILE, "app.py", "web/app.py"),
        ("python manage.py migrate", {}, NO_FILE, "manage.py", "manage.py"),
        ("gunicorn wsgi:app", {}, NO_ATTRIBUTE, "app", "wsgi.py"),
        ("gunicorn server", {"server.py": APP}, NO_ATTRIBUTE, "server", "server.py"),
        ("gunicorn wsgi:create()", {}, NO_ATTRIBUTE, "create", "wsgi.py"),
        ("uvicorn main:app", {}, NO_MODULE, "main", "main.py"),
        ("gunicorn --chdir src main:app", {"main.py": APP}, NO_MODULE, "main", "src/main.py"),
        ("python -m pkg", {"pkg/__init__.py": ""}, NO_MAIN, "pkg", "pkg/__main__.py"),
        ("python -m pkg.cli", {"pkg/__init__.py": ""}, NO_MODULE, "pkg.cli", "pkg/cli.py"),
        ("cd web && flask run", {"web/x.py": ""}, NO_FLASK_APP, "flask run", "web"),
        ("flask --app hello run", {}, NO_MODULE, "hello", "hello.py"),
        ("uwsgi --http :3000 --wsgi-file app.py", {}, NO_FILE, "app.py", "app.py"),
    ],
)
def test_missing_targets(
    tmp_path: Path, run: str, files: dict[str, str], kind: str, text: str, expected: str
) -> None:
    (target,) = missing_targets(project(tmp_path, run, files))
    assert (target.kind, written(run, target.offsets), target.expected) == (kind, text, expected)


@pytest.mark.parametrize(
    ("run", "files"),
    [
        ("python app.py", {"app.py": APP}),
        ("cd web && python app.py", {"web/app.py": APP}),
        ("python src", {"src/__main__.py": APP}),
        ("gunicorn wsgi", {}),  # gunicorn's default attribute is `application`
        ("gunicorn wsgi:application", {}),
        ("gunicorn server:app", {"server.py": "from helpers import *\n"}),
        ("gunicorn server:app", {"server.py": "def __getattr__(name):\n    return name\n"}),
        ("gunicorn server:app", {"server.py": "from factory import app\n"}),
        ("gunicorn server:app", {"server.py": "if cond():\n    app = 1\n"}),
        ("gunicorn 'pkg.web:app'", {"pkg/__init__.py": "", "pkg/web/__init__.py": APP}),
        ("uvicorn --app-dir src main:app", {"src/main.py": APP}),
        ("PYTHONPATH=src gunicorn main:app", {}),
        ("gunicorn --pythonpath src main:app", {}),
        ("python -m http.server", {}),  # the standard library
        ("python -m pkg", {"pkg/__main__.py": ""}),
        ("flask run", {}),  # wsgi.py is there
        ("cd web && flask run", {"web/app/views.py": ""}),  # a namespace package `app`
        ("flask --app hello run", {"hello.py": APP}),
        ("cd $(dirname x) && python app.py", {}),  # unknown folder
        ("python -c 'print(1)'", {}),
    ],
)
def test_missing_target_near_misses(tmp_path: Path, run: str, files: dict[str, str]) -> None:
    assert missing_targets(project(tmp_path, run, files)) == []


def test_missing_module_quiet_when_a_requirement_provides_it(tmp_path: Path) -> None:
    p = project(tmp_path, "gunicorn hello_app.web:app", {"requirements.txt": "hello-app==1.0\n"})
    assert missing_targets(p) == []


# --- EL507 ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("run", "label", "system"),
    [
        ("pip install -r requirements.txt && gunicorn wsgi", "pip install", False),
        ("pip3.11 install x", "pip3.11 install", False),
        ("python -m pip install x", "python -m pip install", False),
        ("python3 -mpip install x", "python3 -m pip install", False),
        ("uv pip install x", "uv pip install", False),
        ("uv sync", "uv sync", False),
        ("poetry install --no-root", "poetry install", False),
        ("pipenv install --deploy", "pipenv install", False),
        ("sudo apt-get install -y ffmpeg", "apt-get install", True),
        ("sh -c 'pip install x && exec gunicorn wsgi'", "pip install", False),
        ("env A=1 pip install x", "pip install", False),
    ],
)
def test_installs(tmp_path: Path, run: str, label: str, system: bool) -> None:
    (found,) = installs(project(tmp_path, run))
    assert (found.label, found.system) == (label, system)
    assert written(run, found.offsets) in ("pip", "pip3.11", "python", "python3", "uv",
                                           "poetry", "pipenv", "apt-get")  # fmt: skip


@pytest.mark.parametrize(
    "run",
    [
        "pip freeze",
        "pip list && python -m pip --version",
        "echo pip install",
        "poetry run gunicorn wsgi",
        "pipenv run gunicorn wsgi",
        "python -m pip",
        "python app.py install",
    ],
)
def test_install_near_misses(tmp_path: Path, run: str) -> None:
    assert installs(project(tmp_path, run)) == []


# --- EL508 ----------------------------------------------------------------------------------
FLASK_MAIN = """\
import os
from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    if os.environ.get("LEANCLOUD_APP_ENV") == "stage":
        app.run(host="0.0.0.0", port=3000)
"""


def test_development_server_in_run_command(tmp_path: Path) -> None:
    run = "python manage.py runserver 0.0.0.0:$LEANCLOUD_APP_PORT"
    (found,) = development_servers(project(tmp_path, run, {"manage.py": ""}))
    assert (found.framework, found.offsets and written(run, found.offsets)) == (
        "Django",
        "manage.py runserver",
    )


def test_development_server_call_with_environments(tmp_path: Path) -> None:
    (found,) = development_servers(project(tmp_path, "python app.py", {"app.py": FLASK_MAIN}))
    assert found.path == "app.py"
    assert found.span is not None and found.span.start.line == 8
    assert (found.framework, found.environments) == ("Flask", frozenset({"stage"}))


@pytest.mark.parametrize(
    ("run", "source"),
    [
        (None, FLASK_MAIN),  # WSGI mode: the __main__ block does not run
        ("gunicorn app:app", FLASK_MAIN),  # imported, not run as __main__
        ("python app.py", FLASK_MAIN.replace('"stage"', '"development"')),
        ("python app.py", "from sanic import Sanic\napp = Sanic('a')\napp.run()\n"),
        ("python app.py", "def run():\n    pass\n\nrun()\n"),
    ],
)
def test_development_server_near_misses(tmp_path: Path, run: Optional[str], source: str) -> None:
    assert development_servers(project(tmp_path, run, {"app.py": source})) == []
