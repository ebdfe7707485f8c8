"""The spinner for long runs: shown on a terminal after the delay, never for fast runs or pipes."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from enginelint import progress


def test_a_long_block_on_a_terminal_shows_the_spinner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "_is_terminal", lambda: True)
    with progress.Progress("linting p", delay=0.05) as shown:
        deadline = time.monotonic() + 5
        while shown._status is None and time.monotonic() < deadline:
            time.sleep(0.02)
    assert shown._status is not None


def test_a_fast_block_shows_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "_is_terminal", lambda: True)
    with progress.Progress("linting p", delay=5) as shown:
        pass
    time.sleep(0.05)
    assert shown._status is None


def test_no_terminal_no_timer_and_no_rich() -> None:
    script = (
        "import sys; from enginelint.progress import Progress\n"
        "with Progress('x', delay=0) as p: pass\n"
        "print(p._timer is None, 'rich' in sys.modules, 'threading' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-I", "-c", script], capture_output=True,
                            text=True, check=True)
    assert result.stdout.split() == ["True", "False", "False"]
