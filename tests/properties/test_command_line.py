"""Properties of what the command line prints about its own arguments and settings: whatever
text a user (or an attacker, through a CI input) passes, a usage error is one line on standard
error, and no control character reaches the terminal — so no argument can start a second line
that GitHub Actions would run as a workflow command."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from enginelint.cli import main
from enginelint.commands import EXIT_USAGE
from tests.properties.strategies import HOSTILE, budget, config_text, interesting_text, word
from tests.properties.test_projects import RAW_CONTROL

OPTIONS = ["--select", "--ignore", "--extend-select", "--format", "--fail-on", "--config",
           "--stdin-filename", "--bogus"]


def run(arguments: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(arguments)
    return status, out.getvalue(), err.getvalue()


def check_stderr(status: int, stderr: str) -> None:
    lines = stderr.splitlines()
    assert all(line.startswith("enginelint: ") for line in lines), stderr
    assert RAW_CONTROL.search(stderr) is None, stderr
    if status == EXIT_USAGE:
        assert len(lines) == 1, stderr


@budget(1.0)
@given(st.sampled_from(OPTIONS), st.one_of(st.sampled_from(HOSTILE), word(), interesting_text()))
def test_usage_errors_are_one_escaped_line(option: str, value: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "wsgi.py").write_text("application = None\n")
        status, _, stderr = run(["--format", "concise", option, value, str(project)])
        check_stderr(status, stderr)
        status, _, stderr = run([str(project / value.replace("/", "_").replace("\x00", ""))])
        check_stderr(status, stderr)


@budget(0.5)
@given(config_text())
def test_bad_settings_are_one_escaped_line(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "wsgi.py").write_text("application = None\n")
        (project / ".enginelint.toml").write_bytes(text.encode("utf-8", "surrogatepass"))
        status, stdout, stderr = run(["--format", "concise", str(project)])
        assert status in (0, 1, EXIT_USAGE), stderr
        check_stderr(status, stderr)
        assert RAW_CONTROL.search(stdout) is None
