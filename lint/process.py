"""How a command-line run treats the interpreter it lives in: the cycle collector spaced out
while it works, and an end that does not take the heap apart.

Why this module exists: a run builds many records that all stay alive until it ends (a record
per requirement line, a tree per module). At CPython's default thresholds the cycle collector
traverses them, and every module's objects, again and again: about a tenth of a run over a big
requirements file. And a normal exit frees every object one at a time and clears every module
before the process ends, which costs as much again and changes nothing anyone sees; the
operating system takes the memory back in one step. `mypy` ends its runs the same way.

Collections are only spaced out, never turned off, so memory stays bounded. The editor server,
a long-lived process, ends the usual way.
"""

from __future__ import annotations

import gc
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn

# Objects allocated between two collections of the youngest generation while a command works
# (CPython's default is 700).
YOUNG_THRESHOLD = 100_000


class few_collections:
    """Space out cycle collections inside the block; the thresholds are restored on the way
    out. Blocks may nest."""

    __slots__ = ("_saved",)

    def __enter__(self) -> None:
        self._saved = gc.get_threshold()
        space_collections()

    def __exit__(self, *raised: object) -> None:
        gc.set_threshold(*self._saved)


def space_collections() -> None:
    """Space out cycle collections from now on: for the rest of a process that runs one
    command and ends (`cli.run`, from its first import on), or inside `few_collections`."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG_THRESHOLD), middle, old)


def exit_now(status: int) -> NoReturn:
    """End the process with `status` once what was written to standard output and standard
    error has been flushed, without freeing the heap object by object.

    Everything a command writes to a file is written, closed and renamed before it returns, so
    nothing is left for the interpreter's own exit to finish. A stream that cannot be flushed
    (a reader that closed the pipe) does not change the status, as a closed pipe does not in
    `commands.main`.
    """
    for stream in (sys.stdout, sys.stderr):
        # Not `contextlib.suppress`: `--version` ends here too, and loads no contextlib.
        try:  # noqa: SIM105
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)
