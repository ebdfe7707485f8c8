"""How a command-line run ends and how it spaces out the cycle collector (`process`).

The command ends with `os._exit` once its output is flushed: these tests hold that nothing
written is lost, that a reader who closed the pipe does not change the exit status, that the
collector is only ever spaced out (never turned off), and that the editor server still ends the
usual way.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from enginelint import cli, process

from .helpers import write_project

_PINNED = "Flask==3.0.3\n"


def _environment(buffered: bool) -> dict[str, str]:
    """The environment, with standard output block-buffered as in a user's pipe when
    `buffered` (PYTHONUNBUFFERED removed), or written through at once."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if not buffered:
        environment["PYTHONUNBUFFERED"] = "1"
    return environment


def _project_with_findings(root: Path, count: int) -> Path:
    """A project whose requirements file draws `count` EL201 findings."""
    lines = "".join(f"package-{number}\n" for number in range(count))
    return write_project(root, {"wsgi.py": "application = None\n", "requirements.txt": lines})


def test_output_larger_than_a_pipe_arrives_whole(tmp_path: Path) -> None:
    project = _project_with_findings(tmp_path, 3000)
    done = subprocess.run(
        [sys.executable, "-m", "enginelint", "--format", "concise", "--no-cache", "--select",
         "EL201", "."],
        cwd=project, capture_output=True, text=True, timeout=60, env=_environment(buffered=True),
    )
    assert done.returncode == 1, done.stderr
    shown = [line for line in done.stdout.splitlines() if " EL201 " in line]
    assert len(shown) == 3000
    assert shown[-1].startswith("requirements.txt:3000:1: EL201")


@pytest.mark.parametrize("buffered", [True, False])
@pytest.mark.parametrize(
    ("arguments", "status"),
    [(["--version"], 0), (["rule", "EL201"], 0), (["--format", "concise", "--no-cache"], 1)],
)
def test_a_closed_pipe_keeps_the_status_and_says_nothing(
    tmp_path: Path, arguments: list[str], status: int, buffered: bool
) -> None:
    """The reader has gone before anything is written (`enginelint --version | true`): the
    status is still the command's, and standard error stays empty (no traceback, no
    "Exception ignored" from a flush at exit)."""
    project = _project_with_findings(tmp_path, 2)
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "enginelint", *arguments],
            cwd=project, stdout=write, stderr=subprocess.PIPE, text=True, timeout=60,
            env=_environment(buffered),
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (status, "")


@pytest.mark.parametrize("arguments", [["--version"], ["rule", "EL201"], ["rules"], ["help"]])
def test_every_command_output_arrives_before_the_process_ends(arguments: list[str]) -> None:
    """`exit_now` flushes what a command printed but did not flush itself."""
    done = subprocess.run([sys.executable, "-m", "enginelint", *arguments], capture_output=True,
                          text=True, timeout=60, env=_environment(buffered=True))
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("\n") and len(done.stdout) > 20


def test_the_command_spaces_out_collections_and_ends_with_its_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = write_project(tmp_path, {"wsgi.py": "application = None\n",
                                       "requirements.txt": _PINNED})
    ended: list[tuple[int, tuple[int, int, int]]] = []

    class Ended(Exception):
        pass

    def fake_exit(status: int) -> None:
        ended.append((status, gc.get_threshold()))
        raise Ended

    saved = gc.get_threshold()
    monkeypatch.setattr(process.os, "_exit", fake_exit)
    monkeypatch.setattr(sys, "argv", ["enginelint", "--format", "concise", "--no-cache",
                                      "--select", "EL201", str(project)])
    try:
        with pytest.raises(Ended):
            cli.run()
    finally:
        gc.set_threshold(*saved)
    assert len(ended) == 1
    status, threshold = ended[0]
    assert status == 0
    assert threshold[0] >= process.YOUNG_THRESHOLD
    assert gc.isenabled()
    capsys.readouterr()


def test_the_editor_server_ends_the_usual_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """`enginelint server` keeps the interpreter's thresholds and raises SystemExit, so that
    its worker thread is joined at exit."""
    calls: list[list[str]] = []

    def fake_main(arguments: list[str]) -> int:
        calls.append(arguments)
        return 0

    monkeypatch.setattr(cli, "main", fake_main)
    monkeypatch.setattr(process.os, "_exit", lambda status: pytest.fail("os._exit called"))
    monkeypatch.setattr(sys, "argv", ["enginelint", "server"])
    saved = gc.get_threshold()
    with pytest.raises(SystemExit) as raised:
        cli.run()
    assert raised.value.code == 0
    assert calls == [["server"]]
    assert gc.get_threshold() == saved


def test_few_collections_spaces_out_and_restores() -> None:
    saved = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with process.few_collections():
            assert gc.get_threshold() == (process.YOUNG_THRESHOLD, 10, 10)
            with process.few_collections():
                assert gc.get_threshold()[0] == process.YOUNG_THRESHOLD
            assert gc.get_threshold()[0] == process.YOUNG_THRESHOLD
            assert gc.isenabled()
        assert gc.get_threshold() == (700, 10, 10)
        with pytest.raises(ValueError), process.few_collections():
            raise ValueError
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*saved)
