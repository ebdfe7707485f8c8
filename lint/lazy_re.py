"""Regular expressions written at module level, compiled the first time a run uses them.

Why this module exists: compiling a pattern costs far more than importing the line that names
it, and most module-level patterns serve inputs a given run never has (a `file:` URL, a VCS
reference, a legacy version, an inline suppression). `lazy_pattern` returns a stand-in with the
compiled pattern's methods; the first use compiles it and stores the real bound methods in the
stand-in's slots, so every later call goes straight to the compiled pattern, as fast as before.
Patterns on hot paths that every run uses stay plain `re.compile` where they are.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split")


def lazy_pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, done on first use."""
    return _Lazy(source, flags)  # type: ignore[return-value]


class _Lazy:
    """Stands for a compiled pattern; its method slots are filled on first use."""

    __slots__ = ("_compiled", "_flags", "_source", *_METHODS)

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # Reached only for a slot not filled yet (or a name that is not a slot): compile once.
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            compiled = object.__getattribute__(self, "_compiled")
        except AttributeError:
            compiled = re.compile(self._source, self._flags)
            self._compiled = compiled
            for method in _METHODS:
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_pattern({self._source!r}, {self._flags!r})"
