"""What a run asked of the file system, written down so a cached result can be checked.

A cached result is only as good as the proof that nothing it depended on changed. The run's
answer is a function of its settings and of what the file system told it, so every question a
run asks of the disk goes through this module (or through `files` and `walk`, which note their
own answers here): while a `Recorder` is active, each question is noted once with a summary of
its answer (a file's content as a digest, a stat as its type, permission bits and size, an error
as its errno). `cache` asks the same questions again later and trusts a stored result only if
every answer is the same.

Nothing is noted when no recorder is active (`--no-cache`, `plan`, the tests), so those runs pay
only for one context lookup per question. The recorder lives in a context variable, so a lint in
an editor's worker thread records into its own.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Optional, TypeVar

# A JSON-able summary of one answer; what two runs compare.
Summary = Any
T = TypeVar("T")


class Recorder:
    """The questions one run asked and the answers it got, in the order first asked."""

    def __init__(self) -> None:
        self.notes: dict[tuple[Any, ...], Summary] = {}
        # The same question answered two ways in one run: the disk changed under the run, and
        # its result matches no single state of the tree, so it must not be stored.
        self.unstable = False

    def note(self, question: tuple[Any, ...], answer: Summary) -> None:
        known = self.notes.setdefault(question, answer)
        if known != answer:
            self.unstable = True


_ACTIVE: ContextVar[Optional[Recorder]] = ContextVar("enginelint_recorder", default=None)


@contextmanager
def recording(recorder: Recorder) -> Iterator[Recorder]:
    """Note every question asked in this context into `recorder`."""
    token = _ACTIVE.set(recorder)
    try:
        yield recorder
    finally:
        _ACTIVE.reset(token)


def active() -> bool:
    """Whether a recorder is listening (callers skip costly summaries otherwise)."""
    return _ACTIVE.get() is not None


def note(question: tuple[Any, ...], answer: Callable[[], Summary]) -> None:
    """Note an answer computed only when a recorder listens (a digest costs a pass over bytes)."""
    recorder = _ACTIVE.get()
    if recorder is not None:
        recorder.note(question, answer())


# --- the questions themselves ---------------------------------------------------------------
# Each wrapper behaves as the `os` call it names (same result, same exception) and notes the
# answer; `ask` gives the summary alone, for checking a stored answer.


def stat_summary(info: os.stat_result) -> Summary:
    """What callers read of a stat: the type and permission bits, and a regular file's size
    (a folder's size changes with bookkeeping no answer depends on; times are never read)."""
    return [info.st_mode, info.st_size if stat.S_ISREG(info.st_mode) else 0]


def _error(error: BaseException) -> Summary:
    if isinstance(error, OSError):
        return ["error", error.errno]
    return ["error", type(error).__name__]


def _asked(kind: str, path: str, call: Callable[[], T], summary: Callable[[T], Summary]) -> T:
    recorder = _ACTIVE.get()
    try:
        result = call()
    except (OSError, ValueError) as error:
        if recorder is not None:
            recorder.note((kind, path), _error(error))
        raise
    if recorder is not None:
        recorder.note((kind, path), summary(result))
    return result


def lstat(path: str) -> os.stat_result:
    return _asked("lstat", path, lambda: os.lstat(path), stat_summary)


def stat_(path: str) -> os.stat_result:
    """`os.stat` (symlinks followed)."""
    return _asked("stat", path, lambda: os.stat(path), stat_summary)


def readlink(path: str) -> str:
    return _asked("readlink", path, lambda: os.readlink(path), str)


def readable(path: str) -> bool:
    """`os.access(path, os.R_OK)`."""
    return _asked("readable", path, lambda: os.access(path, os.R_OK), bool)


def realpath(path: str) -> str:
    return _asked("realpath", path, lambda: os.path.realpath(path), str)


def isdir(path: str) -> bool:
    return _asked("isdir", path, lambda: os.path.isdir(path), bool)


def islink(path: str) -> bool:
    return _asked("islink", path, lambda: os.path.islink(path), bool)


_PRIMITIVES: dict[str, tuple[Callable[[str], Any], Callable[[Any], Summary]]] = {
    "lstat": (os.lstat, stat_summary),
    "stat": (os.stat, stat_summary),
    "readlink": (os.readlink, str),
    "readable": (lambda p: os.access(p, os.R_OK), bool),
    "realpath": (os.path.realpath, str),
    "isdir": (os.path.isdir, bool),
    "islink": (os.path.islink, bool),
}


def ask(kind: str, path: str) -> Summary:
    """The summary the question `(kind, path)` gets now; KeyError for a kind not asked here."""
    call, summary = _PRIMITIVES[kind]
    try:
        return summary(call(path))
    except (OSError, ValueError) as error:
        return _error(error)
