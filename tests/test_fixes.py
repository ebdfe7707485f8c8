"""`--fix`, `--diff`, `--unsafe-fixes` through the real command."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tests.helpers import run_cli, write_project

WSGI = (
    "def application(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
    '    return [b"ok"]\n'
)


def project_with(tmp_path: Path, requirements: bytes) -> Path:
    return write_project(tmp_path / "p", {
        "wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": requirements,
    })


def test_fix_caps_major_versions_and_is_idempotent(tmp_path: Path) -> None:
    project = project_with(
        tmp_path, b"Flask>=1.0.0\nrequests>2  # http\nclick>=7; python_version > '3'\n"
    )
    result = run_cli("--fix", "--format", "concise", str(project))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "fixed 3 problems in requirements.txt" in result.stderr
    assert (project / "requirements.txt").read_bytes() == (
        b"Flask>=1.0.0,<2\nrequests>2,<3  # http\nclick>=7,<8; python_version > '3'\n"
    )
    again = run_cli("--fix", str(project))
    assert again.returncode == 0 and "fixed" not in again.stderr


def test_fix_keeps_crlf_bom_and_mode(tmp_path: Path) -> None:
    project = project_with(tmp_path, b"\xef\xbb\xbfFlask>=1.0\r\nrequests>=2.31,<3\r\n")
    target = project / "requirements.txt"
    os.chmod(target, 0o640)
    run_cli("--fix", str(project))
    assert target.read_bytes() == b"\xef\xbb\xbfFlask>=1.0,<2\r\nrequests>=2.31,<3\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in project.iterdir() if p.name.startswith(".enginelint")] == []


def test_diff_prints_and_changes_nothing(tmp_path: Path) -> None:
    project = project_with(tmp_path, b"Flask>=1.0\n")
    before = (project / "requirements.txt").read_bytes()
    result = run_cli("--diff", str(project), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "--- a/p/requirements.txt\n+++ b/p/requirements.txt\n@@ -1 +1 @@\n"
        "-Flask>=1.0\n+Flask>=1.0,<2\n"
    )
    assert (project / "requirements.txt").read_bytes() == before


def test_no_file_is_modified_without_fix(tmp_path: Path) -> None:
    project = project_with(tmp_path, b"Flask>=1.0\n")
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.iterdir()}
    for fmt in ("text", "concise", "json"):
        run_cli("--format", fmt, str(project))
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.iterdir()} == before


def test_fix_repeats_until_stable(tmp_path: Path) -> None:
    # Renaming the legacy `cmd` to `run` puts the project in run mode, where the loopback bind
    # in app.py starts to matter: one `--fix --unsafe-fixes` applies both.
    project = write_project(tmp_path / "p", {
        "wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "requests>=2.31,<3\n",
        "leanengine.yaml": "runtime: python\ncmd: python app.py  # start\n",
        "app.py": (
            "import os\nfrom flask import Flask\napp = Flask(__name__)\n\n"
            '@app.route("/")\ndef index():\n    return "ok"\n\n'
            'app.run(host="127.0.0.1", port=int(os.environ["LEANCLOUD_APP_PORT"]))\n'
        ),
    })
    result = run_cli("--fix", "--unsafe-fixes", "--select", "EL403,EL501", str(project))
    assert result.returncode == 0, result.stdout + result.stderr
    expected = "runtime: python\nrun: python app.py  # start\n"
    assert (project / "leanengine.yaml").read_text() == expected
    assert 'app.run(host="0.0.0.0",' in (project / "app.py").read_text()
    assert "fixed 1 problem in app.py" in result.stderr
