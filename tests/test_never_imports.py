"""enginelint never imports or executes the project it lints.

The project below would write a marker file and exit the interpreter from every module, in
every way a module can run: at import, from `if __name__ == "__main__":`, from the package
`__init__`, from a `sitecustomize`/`usercustomize`, and from files whose names shadow the
standard library modules enginelint itself uses. The real command runs over it in every output
format; the marker must never appear, nor any `__pycache__` folder (which importing leaves).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from enginelint.formats import FORMATS
from tests.helpers import run_cli, write_project

# A function, so that the code after its call still runs for the analysis (which sees that
# the call always exits) while a real import stops right there.
TRAP = """\
def _trap():
    import pathlib
    import sys

    pathlib.Path({marker!r}).write_text(__name__ + " was executed\\n")
    sys.exit(97)


_trap()
"""

# Standard-library names enginelint imports at start-up or while linting.
SHADOWED = ("ast", "json", "argparse", "re", "tokenize", "dataclasses", "typing", "enum")


def trap_project(root: Path, marker: Path) -> Path:
    trap = TRAP.format(marker=str(marker))
    files = {
        "wsgi.py": (
            f"{trap}"
            "import web\n"
            "from web.views import index\n\n\n"
            "def application(environ, start_response):\n"
            '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
            "    return [index()]\n"
        ),
        "app.py": (
            f"{trap}"
            "import os\n"
            "from wsgiref.simple_server import make_server\n\n"
            "from config import HOST\n"
            "from wsgi import application\n\n"
            'if __name__ == "__main__":\n'
            "    _trap()\n"
            '    port = int(os.environ["LEANCLOUD_APP_PORT"])\n'
            "    make_server(HOST, port, application).serve_forever()\n"
        ),
        "config.py": f'{trap}HOST = "127.0.0.1"\n',
        "web/__init__.py": trap,
        "web/views.py": f"{trap}def index():\n    return b'ok'\n",
        "sitecustomize.py": trap,
        "usercustomize.py": trap,
        "conftest.py": trap,
        "setup.py": trap,
        "requirements.txt": "requests>=2.31,<3\n",
        ".python-version": "3.11\n",
        "leanengine.yaml": "run: python app.py\n",
    }
    for name in SHADOWED:
        files[f"{name}.py"] = trap
    return write_project(root, files)


def pycache_folders(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("__pycache__"))


@pytest.mark.parametrize("output", sorted(FORMATS))
def test_linting_never_imports_the_project(tmp_path: Path, output: str) -> None:
    marker = tmp_path / "marker.txt"
    project = trap_project(tmp_path / "project", marker)
    # From outside the project, and from inside it (where `python -m` puts the folder first on
    # sys.path, so a project `json.py` would shadow the standard library).
    outside = run_cli("--format", output, str(project), cwd=tmp_path)
    inside = run_cli("--format", output, ".", cwd=project)
    for result in (outside, inside):
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout.strip()
    assert not marker.exists(), marker.read_text()
    assert pycache_folders(project) == []


def test_the_trap_works(tmp_path: Path) -> None:
    """The trap is real: running one of the project's files does write the marker."""
    import subprocess

    marker = tmp_path / "marker.txt"
    project = trap_project(tmp_path / "project", marker)
    result = subprocess.run(
        [sys.executable, "-I", "-B", str(project / "config.py")], capture_output=True, text=True
    )
    assert result.returncode == 97
    assert marker.exists()


def test_the_linted_trap_still_reports(tmp_path: Path) -> None:
    """The analysis ran over the trapped files (not skipped): EL501 sees the imported host."""
    project = trap_project(tmp_path / "project", tmp_path / "marker.txt")
    result = run_cli("--format", "json", str(project), cwd=tmp_path)
    report = json.loads(result.stdout)
    diagnostics = [d for entry in report["projects"] for d in entry["diagnostics"]]
    assert any(d["code"] == "EL501" and d["path"] == "app.py" for d in diagnostics), diagnostics
    assert not (tmp_path / "marker.txt").exists()
