"""Positions as enginelint counts them and as the Language Server Protocol counts them.

enginelint's positions are 1-based lines and 1-based columns in Unicode code points, end
exclusive. LSP's are 0-based lines and 0-based columns in the code units the client and server
agreed on at start-up: UTF-16 unless the client offers another, which is why an emoji before a
finding moves its LSP column by two while enginelint's moves by one. Both split lines at `\\r\\n`,
`\\r` and `\\n` alone, so line numbers agree and only columns need converting.

Standard library only: the conversions are pure and tested without a client.
"""

from __future__ import annotations

import re

from ..lazy_dataclass import dataclass, field

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str) -> int:
    """How many code units `text` takes in the negotiated encoding."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)


def code_points(line: str, count: int, encoding: str) -> int:
    """How many code points of `line` the first `count` code units cover.

    A count that ends inside a character (half a surrogate pair) stops before it, as the LSP
    specification says a client must not send one; past the line's end it is the line's length.
    """
    if encoding == UTF32:
        return min(max(count, 0), len(line))
    used = 0
    for index, character in enumerate(line):
        width = units(character, encoding)
        if used + width > count:
            return index
        used += width
    return len(line)


@dataclass(frozen=True)
class Lines:
    """One text's line starts, for converting offsets and LSP positions both ways."""

    text: str
    encoding: str = UTF16
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = [0] + [match.end() for match in _LINE_BREAK.finditer(self.text)]
        object.__setattr__(self, "_starts", tuple(starts))

    @property
    def count(self) -> int:
        return len(self._starts)

    def line(self, index: int) -> str:
        """The text of 0-based line `index` without its line break ('' past the end)."""
        if index < 0 or index >= len(self._starts):
            return ""
        start = self._starts[index]
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self.text)
        return _LINE_BREAK.sub("", self.text[start:end])

    def position(self, offset: int) -> tuple[int, int]:
        """The LSP (line, character) of a string offset."""
        offset = min(max(offset, 0), len(self.text))
        low, high = 0, len(self._starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self._starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        start = self._starts[low]
        return low, units(self.text[start:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The string offset of an LSP (line, character), clamped to the text."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self.text)
        return self._starts[line] + code_points(self.line(line), character, self.encoding)

    def from_engine(self, line: int, column: int) -> tuple[int, int]:
        """The LSP (line, character) of enginelint's 1-based (line, column in code points)."""
        index = min(max(line - 1, 0), max(len(self._starts) - 1, 0))
        if line - 1 >= len(self._starts):
            # Past the last line (an end just after a final line break): the text's end.
            return self.position(len(self.text))
        text = self.line(index)
        return index, units(text[: max(column - 1, 0)], self.encoding)

    def to_engine(self, line: int, character: int) -> tuple[int, int]:
        """enginelint's 1-based (line, column) of an LSP (line, character)."""
        return line + 1, code_points(self.line(line), character, self.encoding) + 1
