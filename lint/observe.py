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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Optional, TypeVar

    # A JSON-able summary of one answer; what two runs compare.
    Summary = Any
    T = TypeVar("T")


class Recorder:
    """The questions one run asked and the answers it got, in the order first asked."""

    def __init__(self) -> None:
        self.notes: dict[tuple[Any, ...], Summary] = {}
        # The recorder that was listening when this one started: a whole command's record
        # (`replay`) holds every project's questions as well as its own.
        self.outer: Optional[Recorder] = None
        # The same question answered two ways in one run: the disk changed under the run, and
        # its result matches no single state of the tree, so it must not be stored.
        self.unstable = False

    def note(self, question: tuple[Any, ...], answer: Summary) -> None:
        known = self.notes.setdefault(question, answer)
        if known != answer:
            self.unstable = True
        if self.outer is not None:
            self.outer.note(question, answer)


_ACTIVE: ContextVar[Optional[Recorder]] = ContextVar("enginelint_recorder", default=None)


@contextmanager
def recording(recorder: Recorder) -> Iterator[Recorder]:
    """Note every question asked in this context into `recorder`."""
    outer = _ACTIVE.get()
    if outer is not None and outer is not recorder:
        recorder.outer = outer
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


def note_all(answered: Iterable[tuple[tuple[Any, ...], Summary]]) -> None:
    """Note questions answered elsewhere (a stored result's record, checked to hold now)."""
    recorder = _ACTIVE.get()
    if recorder is not None:
        for question, answer in answered:
            recorder.note(_hashable(question), answer)


def _hashable(value: Any) -> Any:
    """A question read back from JSON, its lists made tuples again (a question is a key)."""
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(item) for item in value)
    return value


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


def isfile(path: str) -> bool:
    return _asked("isfile", path, lambda: os.path.isfile(path), bool)


def exists(path: str) -> bool:
    return _asked("exists", path, lambda: os.path.exists(path), bool)


def content(path: str) -> Optional[bytes]:
    """The bytes of a file outside any project's reading rules (a marker the finder opens),
    or None when it is larger than 1 MiB or cannot be read."""
    result = _content(path, CONTENT_LIMIT)
    note(("content", path), lambda: _content_summary(result))
    return result


def _content(path: str, max_size: int) -> Optional[bytes]:
    try:
        if os.stat(path).st_size > max_size:
            return None
        with open(path, "rb") as stream:
            return stream.read(max_size + 1)
    except (OSError, ValueError):
        return None


def _content_summary(data: Optional[bytes]) -> Summary:
    if data is None:
        return None
    from hashlib import sha256

    return sha256(data).hexdigest()


# What `content` is asked with; a larger file's answer is None, as it was when noted.
CONTENT_LIMIT = 1 << 20

_PRIMITIVES: dict[str, tuple[Callable[[str], Any], Callable[[Any], Summary]]] = {
    "lstat": (os.lstat, stat_summary),
    "stat": (os.stat, stat_summary),
    "readlink": (os.readlink, str),
    "readable": (lambda p: os.access(p, os.R_OK), bool),
    "realpath": (os.path.realpath, str),
    "isdir": (os.path.isdir, bool),
    "islink": (os.path.islink, bool),
    "isfile": (os.path.isfile, bool),
    "exists": (os.path.exists, bool),
}


def ask(kind: str, path: str) -> Summary:
    """The summary the question `(kind, path)` gets now; KeyError for a kind not asked here."""
    if kind == "content":
        return _content_summary(_content(path, CONTENT_LIMIT))
    call, summary = _PRIMITIVES[kind]
    try:
        return summary(call(path))
    except (OSError, ValueError) as error:
        return _error(error)
