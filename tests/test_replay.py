"""A repeated command answered with its stored output: never stale, never for the wrong command.

Each test runs the real command line in a subprocess. Whether a run was answered from the
stored output is read from what it imported (`-X importtime` on standard error): an answered
run never imports `enginelint.commands`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest

from tests.helpers import write_project

PROJECT = {
    "wsgi.py": "from app import app as application\n",
    "app.py": "import flask\napp = flask.Flask(__name__)\n",
    "requirements.txt": "flask>=2\n",
    ".python-version": "3.11\n",
}


def _environment(**extra: str) -> dict[str, str]:
    environment = {
        k: v for k, v in os.environ.items()
        if k not in ("ENGINELINT_CACHE_DIR", "NO_COLOR", "FORCE_COLOR")
    }
    environment.update(extra)
    return environment


class Run:
    def __init__(self, done: subprocess.CompletedProcess[str]) -> None:
        self.status = done.returncode
        self.stdout = done.stdout
        self.answered = "enginelint.commands" not in done.stderr


def _run(cwd: Path, *args: str, env: Optional[dict[str, str]] = None) -> Run:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "enginelint", *args],
        cwd=cwd, capture_output=True, text=True, env=env or _environment(), timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return Run(done)


def _prime(cwd: Path, *args: str, env: Optional[dict[str, str]] = None) -> str:
    """Run once so the output is stored (a run with `-X importtime` writes on standard error,
    and a run that writes there is never stored): its standard output."""
    done = subprocess.run(
        [sys.executable, "-m", "enginelint", *args], cwd=cwd, capture_output=True, text=True,
        env=env or _environment(), timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr == ""
    return done.stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "proj", PROJECT)


def test_a_repeated_command_is_answered_with_the_same_output(project: Path) -> None:
    first = _prime(project, "--format", "json", ".")
    again = _run(project, "--format", "json", ".")
    assert again.answered
    assert again.stdout == first
    assert again.status == 1  # EL202: flask>=2 has no upper bound
    assert json.loads(again.stdout)
    assert list((project / ".enginelint_cache" / "replay").iterdir())


@pytest.mark.parametrize(
    "change",
    ["edit", "new-file", "settings", "marker-between", "parent-settings"],
)
def test_a_change_on_disk_gives_the_new_answer(project: Path, tmp_path: Path,
                                               change: str) -> None:
    (tmp_path / ".git").mkdir()  # the repository root, so settings above the project count
    start = project / "sub"
    start.mkdir()
    args = ("--format", "concise", "sub")  # PATH a folder inside the project
    env = _environment(ENGINELINT_CACHE_DIR=str(tmp_path / "cache"))
    before = _prime(project, *args, env=env)
    assert _run(project, *args, env=env).answered
    if change == "edit":
        (project / "requirements.txt").write_text("flask>=2,<4\n")
    elif change == "new-file":
        (project / "other.py").write_text("app.run(host='127.0.0.1')\n")
        (project / "app.py").write_text(PROJECT["app.py"] + "import other\n")
    elif change == "settings":
        (project / ".enginelint.toml").write_text('ignore = ["EL202"]\n')
    elif change == "marker-between":
        # `sub` becomes a project of its own: the search for the project stops there.
        (start / "wsgi.py").write_text("application = None\n")
    elif change == "parent-settings":
        (tmp_path / ".enginelint.toml").write_text('ignore = ["EL202"]\n')
    after = _run(project, *args, env=env)
    assert not after.answered
    fresh = subprocess.run(
        [sys.executable, "-m", "enginelint", "--no-cache", *args], cwd=project,
        capture_output=True, text=True, env=_environment(), timeout=120,
    )
    assert after.stdout == fresh.stdout
    assert after.stdout != before


@pytest.mark.parametrize(
    "other",
    [
        ("--format", "json", "."),  # other arguments
        ("--format", "concise", "--select", "EL2", "."),
    ],
)
def test_other_arguments_are_another_command(project: Path, other: tuple[str, ...]) -> None:
    _prime(project, "--format", "concise", ".")
    assert not _run(project, *other).answered


def test_the_environment_and_the_folder_are_part_of_the_command(project: Path) -> None:
    _prime(project, "--format", "concise", ".")
    assert not _run(project, "--format", "concise", ".",
                    env=_environment(ENGINELINT_EXAMPLE="1")).answered
    # The same project named from its parent folder is another command line.
    assert not _run(project.parent, "--format", "concise", "proj").answered
    # A shell's bookkeeping variables are not.
    assert _run(project, "--format", "concise", ".",
                env=_environment(OLDPWD="/elsewhere", SHLVL="7")).answered


@pytest.mark.parametrize(
    "args",
    [
        ("--no-cache", "."),
        ("--fix", "."),
        ("--diff", "."),
        ("--verbose", "."),
        ("--show-settings", "."),
        ("--format", "concise", "--output", "report.txt", "."),
        ("plan", "."),
    ],
)
def test_other_commands_are_never_answered(project: Path, args: tuple[str, ...]) -> None:
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "enginelint", *args], cwd=project,
            capture_output=True, text=True, env=_environment(), timeout=120,
        )
        assert "enginelint.commands" in done.stderr
    assert not (project / ".enginelint_cache" / "replay").exists()


def test_a_run_that_wrote_on_standard_error_is_not_kept(project: Path) -> None:
    # Two PATHs of which one is a file in no project: a note on standard error.
    stray = project.parent / "stray.py"
    stray.write_text("x = 1\n")
    for _ in range(2):
        assert not _run(project, "--format", "concise", ".", str(stray)).answered
    assert not (project / ".enginelint_cache" / "replay").exists()


def test_a_damaged_stored_output_is_ignored(project: Path) -> None:
    first = _prime(project, "--format", "concise", ".")
    (stored,) = (project / ".enginelint_cache" / "replay").iterdir()
    data = stored.read_bytes()
    check, _, body = data.partition(b"\n")
    forged = json.loads(body)
    forged["output"] = "forged\n"
    stored.write_bytes(check + b"\n" + json.dumps(forged).encode())  # digest no longer matches
    again = _run(project, "--format", "concise", ".")
    assert not again.answered
    assert again.stdout == first
    stored.write_bytes(b"\x00garbage")
    assert _run(project, "--format", "concise", ".").stdout == first


def test_a_cache_folder_moved_by_the_settings_is_not_used_for_whole_commands(
    project: Path,
) -> None:
    (project / ".enginelint.toml").write_text('cache-dir = ".elsewhere"\n')
    (project / ".elsewhere").mkdir()
    _prime(project, "--format", "concise", ".")
    assert not _run(project, "--format", "concise", ".").answered
    assert not (project / ".elsewhere" / "replay").exists()
    assert not (project / ".enginelint_cache").exists()


def test_fixtures_answered_again_print_what_an_uncached_run_prints(tmp_path: Path) -> None:
    """A sample of the fixture corpus (every fortieth case, copied out so the stored output
    has a place), each run three ways through the command line."""
    import shutil

    from tests.test_fixtures import fixture_cases

    answered = 0
    for index, case in enumerate(fixture_cases()[::40]):
        if case.with_name(case.name + ".args.json").exists():
            continue  # settings given in-process; the command line has no flag for some
        copy = tmp_path / str(index)
        shutil.copytree(case, copy, symlinks=True)
        args = ("--format", "json", ".")
        env = _environment(ENGINELINT_CACHE_DIR=str(tmp_path / f"cache-{index}"))
        uncached = subprocess.run(
            [sys.executable, "-m", "enginelint", "--no-cache", *args], cwd=copy,
            capture_output=True, text=True, env=env, timeout=120,
        )
        subprocess.run([sys.executable, "-m", "enginelint", *args], cwd=copy,
                       capture_output=True, env=env, timeout=120, check=False)
        again = _run(copy, *args, env=env) if uncached.returncode in (0, 1) else None
        if again is None:
            continue
        answered += again.answered
        assert again.stdout == uncached.stdout, case
        assert again.status == uncached.returncode, case
    assert answered >= 3


def test_the_folder_keeps_only_the_latest_answers(project: Path) -> None:
    from enginelint.replay import KEPT

    folder = project / ".enginelint_cache" / "replay"
    for index in range(KEPT + 3):
        _prime(project, "--format", "concise", ".", env=_environment(ENGINELINT_RUN=str(index)))
    assert len(list(folder.iterdir())) == KEPT
    # The latest is among them, and answers.
    assert _run(project, "--format", "concise", ".",
                env=_environment(ENGINELINT_RUN=str(KEPT + 2))).answered



ANSWER_PROBE = """
import sys
sys.modules.pop("pathlib", None)  # an editable install's finder has imported it already
from enginelint.cli import main
main({argv!r})
sys.stderr.write(repr(("enginelint.commands" in sys.modules, "pathlib" in sys.modules)))
"""


def test_an_answer_imports_no_pathlib(project: Path) -> None:
    # Answering costs about what starting Python costs: `pathlib` alone would be a sixth of it.
    first = _prime(project, "--format", "concise", ".")
    done = subprocess.run(
        [sys.executable, "-c", ANSWER_PROBE.format(argv=["--format", "concise", "."])],
        cwd=project, capture_output=True, text=True, env=_environment(), timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == first
    assert done.stderr == repr((False, False))
