"""`enginelint plan`, run as a user runs it: in a subprocess."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO, lint_json, run_cli, write_project

BASE = {
    "wsgi.py": "def application(environ, start_response):\n    return [b'ok']\n",
    "requirements.txt": "flask>=2,<3\n",
    ".python-version": "3.11\n",
}


def plan_json(*args: str, cwd: Path) -> tuple[int, dict[str, Any]]:
    result = run_cli("plan", "--format", "json", *args, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def validate(document: dict[str, Any]) -> None:
    import jsonschema

    schema = json.loads((REPO / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema)


def test_json_plan_of_several_projects_validates(tmp_path: Path) -> None:
    write_project(tmp_path / "web", {
        **BASE,
        "app/__init__.py": "",
        "venv/pyvenv.cfg": "x",
        "leanengine.yaml": "systemDependencies: [ffmpeg]\ninstall:\n  - use: default\n"
                           "  - python -m compileall app\nstartupTimeout: 60\n",
    })
    write_project(tmp_path / "api", {**BASE, ".leanignore": "[z-a]\n"})
    code, document = plan_json("web", "api", "web/app", cwd=tmp_path)
    validate(document)
    assert code == 1  # the second deploy stops
    web, api = document["projects"]
    assert [p["root"] for p in document["projects"]] == ["web", "api"]
    assert web["runtime"]["detected"] == "python"
    assert web["upload"]["files"] == sorted(web["upload"]["files"])
    assert "app/__init__.py" in web["upload"]["files"]
    assert not any(f.startswith("venv/") for f in web["upload"]["files"])
    assert ".leanignore" not in web["upload"]["files"]  # the tool writes it itself
    assert web["upload"]["leanignore"]["source"] == "defaults"
    assert web["upload"]["error"] is None
    assert web["install"]["pip"] == {"version": "23.2.1",
                                     "source": "what ensurepip bundles in CPython 3.11.7"}
    assert [s["kind"] for s in web["install"]["steps"]] == ["system", "pip", "command"]
    assert web["start"] == {
        "mode": "wsgi", "command": None, "entry": "wsgi.py", "callable": "application",
        "host": "0.0.0.0", "port": 3000, "port_variable": "LEANCLOUD_APP_PORT",
        "startup_timeout": 60,
    }
    assert api["upload"]["files"] == [] and "invalid character class range" in (
        api["upload"]["error"])
    assert api["upload"]["stop"]["line"] == 1


def test_run_mode_and_other_runtimes(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, "leanengine.yaml": "run: gunicorn wsgi:application\n",
                             "cloud/main.js": "//"})
    _code, document = plan_json(".", cwd=tmp_path)
    validate(document)
    project = document["projects"][0]
    assert project["runtime"]["detected"] == "cloudcode"
    assert project["upload"]["leanignore"] == {"source": "defaults", "patterns": []}
    assert project["start"]["mode"] == "run"
    assert project["start"]["command"] == "gunicorn wsgi:application"


def test_text_plan_draws_the_upload_tree(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, "static/app.css": "x" * 2048})
    result = run_cli("plan", "--no-color", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for section in ("runtime", "ignore", "upload", "install", "start"):
        assert f"\n{section}" in "\n" + out
    assert "static/" in out and "app.css  2.0 KB" in out
    assert "pip 23.2.1" in out


def test_text_plan_says_where_the_deploy_stops(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, ".leanignore": "!\n"})
    result = run_cli("plan", "--no-color", cwd=tmp_path)
    assert result.returncode == 1
    assert "lean deploy stops before uploading" in result.stdout
    assert 'pattern "!" is invalid on line 1' in result.stdout


def test_a_folder_with_no_project_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run_cli("plan", "empty", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("enginelint: error: no Cloud Engine project")


def test_output_file(tmp_path: Path) -> None:
    write_project(tmp_path / "p", BASE)
    result = run_cli("plan", "--format", "json", "-o", "out/plan.json", "p", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == ""
    validate(json.loads((tmp_path / "out" / "plan.json").read_text(encoding="utf-8")))


def test_schema_command_prints_the_plan_schema(tmp_path: Path) -> None:
    result = run_cli("schema", "plan", cwd=tmp_path)
    assert json.loads(result.stdout)["title"] == "enginelint deploy plan"


def test_json_plan_imports_neither_rich_nor_jsonschema(tmp_path: Path) -> None:
    write_project(tmp_path / "p", BASE)
    script = (
        "import sys, io, contextlib\n"
        "from enginelint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['plan', '--format', 'json', 'p'])\n"
        "print(sorted(m for m in ('rich', 'jsonschema') if m in sys.modules))\n"
    )
    import subprocess

    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


def test_the_bundled_pip_table_matches_the_interpreters_here() -> None:
    import glob
    import re

    from enginelint.platform import BUNDLED_PIP

    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    checked = 0
    for init in glob.glob(f"{root}/versions/*/lib/python*/ensurepip/__init__.py"):
        version = Path(init).parts[-5]
        found = re.search(r'^_PIP_VERSION = "([^"]+)"', Path(init).read_text(), re.MULTILINE)
        line = tuple(int(p) for p in version.split(".")[:2])
        if found is None or line not in BUNDLED_PIP:
            continue
        pip, source = BUNDLED_PIP[line]  # type: ignore[index]
        if source == f"CPython {version}":
            assert pip == found.group(1), version
            checked += 1
    if not checked:
        pytest.skip("no pyenv interpreters named in the table are installed here")


@pytest.mark.parametrize("files, path", [
    ({".python-version": "\ufeff3.11\n"}, ".python-version"),
    ({"server.js": "//\n", "package.json": '{"scripts": {"start": 1}}'}, "package.json"),
])
def test_check_reports_the_detection_stop_the_plan_shows(
    tmp_path: Path, files: dict[str, str], path: str
) -> None:
    write_project(tmp_path / "p", {**BASE, **files})
    _code, document = plan_json("p", cwd=tmp_path)
    upload = document["projects"][0]["upload"]
    assert upload["stop"]["stage"] == "detect" and upload["stop"]["path"] == path
    found = [d for d in lint_json(tmp_path / "p") if d["code"] == "EL111"]
    assert len(found) == 1 and found[0]["path"] == path
    assert upload["error"] in found[0]["message"]  # one model, one reason
