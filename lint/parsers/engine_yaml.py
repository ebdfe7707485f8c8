"""leanengine.yaml → data with the position of every key and value. (CONTRACT STUB)"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ..diagnostics import Span
from ..files import TextFile

if TYPE_CHECKING:
    from ..project import Project


class EngineConfig:
    """The parsed leanengine.yaml.

    `data` is the plain Python value of the document (None for an empty file). Paths are tuples
    of mapping keys and list indexes, as jsonschema reports them.
    """

    def __init__(self, file: TextFile, data: Any) -> None:
        self.file = file
        self.path = file.path
        self.data = data

    def get(self, key: str) -> Any:
        """The value of a top-level key, or None (also when the document is not a mapping)."""
        return self.data.get(key) if isinstance(self.data, dict) else None

    def key_span(self, *path: Any) -> Optional[Span]:
        raise NotImplementedError

    def value_span(self, *path: Any) -> Optional[Span]:
        raise NotImplementedError

    def substring_span(self, path: tuple[Any, ...], start: int, end: int) -> Optional[Span]:
        """The span in the file of characters [start, end) of the string value at `path`."""
        raise NotImplementedError


def engine_config(project: Project) -> Optional[EngineConfig]:
    """leanengine.yaml parsed once; None when missing, unreadable or unparsable (EL001/2/4)."""
    return None
