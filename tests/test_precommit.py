"""The pre-commit hook, run by the real `pre-commit` tool (`try-repo` on this repository)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, write_project

WSGI = (
    "def application(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
    '    return [b"ok"]\n'
)

try:
    import pre_commit  # noqa: F401

    HAVE_PRE_COMMIT = True
except ImportError:  # pragma: no cover
    HAVE_PRE_COMMIT = False

# In CI the test extras install pre-commit: there the test must run, not skip.
pytestmark = pytest.mark.skipif(
    not HAVE_PRE_COMMIT and not os.environ.get("CI"), reason="pre-commit is not installed"
)


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=str(project), check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})


def try_repo(project: Path, home: Path) -> subprocess.CompletedProcess[str]:
    git(project, "init", "-q")
    git(project, "add", "-A")
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    environment.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "enginelint", "--all-files",
         "--color", "never"],
        cwd=str(project), capture_output=True, text=True, env=environment, timeout=900,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def test_hook_fails_on_a_bad_project_and_shows_findings(tmp_path: Path, home: Path) -> None:
    project = write_project(tmp_path / "bad", {
        "wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "flask\n",
    })
    result = try_repo(project, home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "enginelint (LeanCloud Cloud Engine)" in result.stdout
    assert "Failed" in result.stdout
    assert "EL201" in result.stdout and "requirements.txt" in result.stdout


def test_hook_passes_on_a_good_project(tmp_path: Path, home: Path) -> None:
    project = write_project(tmp_path / "good", {
        "wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "flask>=3.0,<4\n",
    })
    result = try_repo(project, home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout
