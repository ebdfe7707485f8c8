"""A sign of life on a terminal for runs that take long: after about a second, a spinner on
standard error naming the project being linted.

Nothing is shown when standard error is not a terminal (CI logs, editors, pipes) or for runs
that finish within the delay, and rich is imported only when the spinner actually starts, so a
fast run pays nothing for it.
"""

from __future__ import annotations

import _thread
import sys
from types import TracebackType
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    import threading

DELAY_SECONDS = 1.0


class Progress:
    """`with Progress("linting backend"):` shows the spinner if the block outlasts the delay."""

    def __init__(self, label: str, delay: float = DELAY_SECONDS) -> None:
        self.label = label
        self.delay = delay
        # `_thread`: `threading` is imported only when a spinner may start (a terminal).
        self._lock = _thread.allocate_lock()
        self._status: Any = None
        self._done = False
        self._timer: Optional[threading.Timer] = None

    def __enter__(self) -> Progress:
        if _is_terminal():
            import threading

            self._timer = threading.Timer(self.delay, self._start)
            self._timer.daemon = True
            self._timer.start()
        return self

    def _start(self) -> None:
        with self._lock:
            if self._done:
                return
            from rich.console import Console

            console = Console(stderr=True, highlight=False, markup=False)
            self._status = console.status(f"enginelint: {self.label}…")
            self._status.start()

    def __exit__(
        self,
        kind: Optional[type[BaseException]],
        error: Optional[BaseException],
        trace: Optional[TracebackType],
    ) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            self._done = True
            if self._status is not None:
                self._status.stop()


def _is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
