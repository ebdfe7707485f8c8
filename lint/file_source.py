"""`FileSource`: the reading side of a `Project`, as a type.

The Project asks the leanengine.yaml parser where `buildRoot` is, so that parser cannot import
`project` back — not even for a type annotation — without an import cycle. It is typed against
this protocol instead; any Project satisfies it.
"""

from __future__ import annotations

from typing import Callable, Optional, Protocol, TypeVar

from .diagnostics import Span
from .files import TEXT, TextFile

T = TypeVar("T")


class FileSource(Protocol):
    """Guarded, cached reads of a project's files, and where to record why one failed."""

    def read(self, relative: str, kind: str = TEXT) -> Optional[TextFile]: ...

    def problem(
        self, code: str, relative: str, message: str, span: Optional[Span] = None
    ) -> None: ...

    def cached(self, key: str, build: Callable[[], T]) -> T: ...
