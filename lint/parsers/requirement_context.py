"""Where the pieces of one requirements line are in the file.

A logical line (continuations joined) keeps an offset map back to the file; `LineContext` turns
offsets into positions, looking up only the first character when the line is one physical line.
The locators find an option's value or a requirement's specifier in the line's text, as written,
since the parsers return the values and throw their places away.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Optional

from ..diagnostics import Position, Span
from ..lazy_re import lazy_pattern

if TYPE_CHECKING:
    from ..files import TextFile
    from .requirement_lines import LogicalLine

# A PEP 508 name, optional extras, then the version specifier (possibly in parentheses).
_NAME_AND_EXTRAS = lazy_pattern(
    r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\])?\s*"
)  # the full path only
_WORD = lazy_pattern(r"\S+")


class LineContext:
    """One logical line of a file and the way back from its offsets to file positions."""

    __slots__ = ("_column", "_first", "file", "line", "line_span", "logical")

    def __init__(self, file: TextFile, logical: LogicalLine) -> None:
        self.file = file
        self.logical = logical
        pieces = logical.pieces
        # A line without continuations lies on one physical line: its positions are columns
        # counted from its first character, so only that one is looked up in the file.
        if len(pieces) == 1:
            self._first: Optional[int] = pieces[0][1]
            if logical.column:
                first = Position(logical.number, logical.column)  # known without a lookup
            else:
                first = file.position(pieces[0][1])
            self.line_span = Span(first, Position(first.line, first.column + len(logical.text)))
            self._column = first.column
        else:
            self._first = None
            self.line_span = file.span(*logical.span(0, len(logical.text)))
            self._column = 0
        self.line = self.line_span.start.line

    def span(self, start: int, end: int) -> Span:
        if self._first is None:
            return self.file.span(*self.logical.span(start, end))
        # `LogicalLine.span` for one piece: offsets are the first column plus the index.
        length = len(self.logical.text)
        if start >= length:
            start = end = length
        elif end <= start:
            end = start
        column = self._column
        return Span(Position(self.line, column + start), Position(self.line, column + end))


def find_value(text: str, value: str, start: int = 0) -> Optional[tuple[int, int]]:
    """Where an option's value (as optparse returned it) is written, at or after `start`.

    The value is a whole word (`-i URL`), the tail of one (`--index-url=URL`, `-iURL`), or a
    quoted word; a plain substring search would find `x` inside `--index-url`.
    """
    if not value:
        return None
    for token in _WORD.finditer(text, start):
        word = token.group()
        inner = word.strip("'\"")
        if inner == value:
            offset = token.start() + word.index(inner)
            return offset, offset + len(value)
        if word.startswith("-") and inner.endswith(value) and not word.endswith(value + "-"):
            offset = token.start() + word.rindex(value)
            return offset, offset + len(value)
    index = text.find(value, start)
    return (index, index + len(value)) if index >= 0 else None


def specifier_location(proper: str) -> Optional[tuple[int, int]]:
    """Where the specifier is in `name[extras] spec` or `name (spec)`, parentheses excluded."""
    match = _NAME_AND_EXTRAS.match(proper)
    if match is None or match.end() >= len(proper):
        return None
    start, end = match.end(), len(proper.rstrip())
    if proper.startswith("(", start) and proper.endswith(")", 0, end):
        start, end = start + 1, end - 1
        while start < end and proper[start].isspace():
            start += 1
        while end > start and proper[end - 1].isspace():
            end -= 1
    return (start, end) if end > start else None


@lru_cache(maxsize=4096)
def canonical_name(name: str) -> str:
    from packaging.utils import canonicalize_name

    return str(canonicalize_name(name))
