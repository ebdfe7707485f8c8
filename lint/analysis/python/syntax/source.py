"""Positions in the judged text: `ast` byte offsets and string offsets become `Span`s.

`ast` reports columns as UTF-8 byte offsets; findings count code points. Everything in this
package that needs a position asks a `Source`, so the arithmetic lives in one place.
"""

from __future__ import annotations

import ast
import re
from typing import Optional, Union

from ....diagnostics import Position, Span
from ....files import TextFile

Located = Union[ast.stmt, ast.expr, ast.arg, ast.keyword, ast.alias, ast.excepthandler]


class Source:
    """The judged text with its line table; `text` is exactly what the host parser saw."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.file = TextFile(path, text)
        self._ascii: dict[int, bool] = {}

    def column(self, line: int, byte_offset: int) -> int:
        ascii_only = self._ascii.get(line)
        if ascii_only is None:
            ascii_only = self._ascii[line] = self.file.line(line).isascii()
        if ascii_only:
            return max(byte_offset, 0) + 1
        return self.file.column_of_utf8(line, byte_offset)

    def position(self, line: int, byte_offset: int) -> Position:
        return Position(line, self.column(line, byte_offset))

    def start(self, node: object) -> Position:
        return self.position(getattr(node, "lineno", 1), getattr(node, "col_offset", 0))

    def span(self, node: object) -> Span:
        """The span of a node, end exclusive (a point when the node has no end)."""
        start = self.start(node)
        end_line: Optional[int] = getattr(node, "end_lineno", None)
        end_offset: Optional[int] = getattr(node, "end_col_offset", None)
        if end_line is None or end_offset is None:
            return Span(start, start)
        return Span(start, self.position(end_line, end_offset))

    def offset(self, position: Position) -> int:
        return self.file.offset(position)

    def node_offsets(self, node: object) -> tuple[int, int]:
        """The string offsets a node covers in `text`."""
        span = self.span(node)
        return self.offset(span.start), self.offset(span.end)

    def segment(self, node: object) -> str:
        start, end = self.node_offsets(node)
        return self.text[start:end]

    def word_span(self, node: object, word: str) -> Span:
        """Where `word` is spelled inside a node (after its `import`, for import statements):
        a name's own span, which no host's tree gives for every kind of node."""
        start, end = self.node_offsets(node)
        segment = self.text[start:end]
        keyword = re.search(r"\bimport\b", segment)
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        found = pattern.search(segment, keyword.end() if keyword else 0) or pattern.search(segment)
        if found is None:
            return self.span(node)
        return self.span_of(start + found.start(), start + found.end())

    def span_of(self, start: int, end: int) -> Span:
        """The span between two string offsets."""
        return self.file.span(start, end)

    def line_count(self) -> int:
        return self.file.line_count
