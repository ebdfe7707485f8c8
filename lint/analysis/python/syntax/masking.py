"""Hiding a construct from the host parser without moving anything else.

When the host cannot parse a construct (it is newer than the host, or older Pythons accepted
it), the file can still be judged for everything else: the construct is replaced by text of the
same length that the host parses, keeping every line break where it was, so all other positions
stay valid. A line break inside a replaced region gets a line continuation before it; where that
is impossible the construct cannot be masked.
"""

from __future__ import annotations

import keyword
from typing import Optional

from ....lazy_dataclass import dataclass
from .tokens import DEDENT, END, INDENT, NAME, NEWLINE, NUMBER, OP, STRING, Lexed, Token

_BREAKS = "\r\n"


@dataclass(frozen=True)
class Found:
    """A construct found in the tokens: its fact key, its span (offsets) and the edits that
    hide it (empty when it needs none; None when it cannot be hidden)."""

    key: str
    start: int
    end: int
    edits: Optional[tuple[tuple[int, int, str], ...]] = ()


def blank(text: str, start: int, end: int, lead: str = "") -> Optional[str]:
    """`text[start:end]` as spaces (after `lead`), line breaks kept, each preceded by `\\`."""
    chars = [lead[i] if i < len(lead) else " " for i in range(end - start)]
    for index in range(end - start):
        character = text[start + index]
        if character in _BREAKS:
            chars[index] = character
            if character == "\n" and index > 0 and text[start + index - 1] == "\r":
                continue
            before = index - 1
            if before < len(lead) or chars[before] in _BREAKS:
                return None
            chars[before] = "\\"
    return "".join(chars)


def as_string(text: str, start: int, end: int) -> Optional[str]:
    """A plain string literal exactly as long as `text[start:end]` (a string token)."""
    quote = next((index for index in range(start, end) if text[index] in "'\""), None)
    if quote is None or end - quote < 2:
        return None
    inner = blank(text, quote + 1, end - 1)
    if inner is None:
        return None
    return " " * (quote - start) + '"' + inner + '"'


def apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """`text` with non-overlapping same-length edits applied."""
    parts: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits):
        if start < position:
            continue
        parts.append(text[position:start])
        parts.append(replacement)
        position = end
    parts.append(text[position:])
    return "".join(parts)


class View:
    """The significant tokens of a text, with their values and logical lines."""

    def __init__(self, text: str, lexed: Lexed) -> None:
        self.text = text
        self.tokens = [token for token in lexed.tokens if token.kind not in (INDENT, DEDENT, END)]
        self.values = [text[token.start : token.end] for token in self.tokens]
        self.lines: list[tuple[int, int]] = []
        first = 0
        for index, token in enumerate(self.tokens):
            if token.kind == NEWLINE:
                if index > first:
                    self.lines.append((first, index))
                first = index + 1

    def value(self, index: int) -> str:
        return self.values[index] if 0 <= index < len(self.values) else ""

    def is_op(self, index: int, value: str) -> bool:
        return (
            0 <= index < len(self.tokens)
            and self.tokens[index].kind == OP
            and self.values[index] == value
        )

    def closing(self, opening: int) -> Optional[int]:
        """The index of the bracket closing the one at `opening`."""
        depth = self.tokens[opening].depth
        for index in range(opening + 1, len(self.tokens)):
            token = self.tokens[index]
            if token.kind == OP and token.depth == depth and self.values[index] in ")]}":
                return index
            if token.kind == NEWLINE:
                return None
        return None

    def colon(self, first: int, last: int) -> Optional[int]:
        """The first `:` outside brackets in the logical line `first..last`."""
        depth = self.tokens[first].depth
        for index in range(first, last):
            if self.tokens[index].depth == depth and self.is_op(index, ":"):
                return index
        return None

    def ends_operand(self, index: int) -> bool:
        """Whether the token can end an operand (so a `[` or `(` after it subscripts or calls)."""
        if index < 0:
            return False
        token = self.tokens[index]
        if token.kind == NAME:
            return not keyword.iskeyword(self.values[index])
        return token.kind in (NUMBER, STRING) or (token.kind == OP and self.values[index] in ")]}")

    def items(self, opening: int, closing: int) -> list[tuple[int, int]]:
        """The comma-separated items between two brackets, as token index ranges."""
        depth = self.tokens[opening].depth + 1
        items: list[tuple[int, int]] = []
        first = opening + 1
        for index in range(opening + 1, closing):
            if self.tokens[index].depth == depth and self.is_op(index, ","):
                items.append((first, index))
                first = index + 1
        if first < closing:
            items.append((first, closing))
        return items

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Offsets from token `first` through token `last`."""
        return self.tokens[first].start, self.tokens[last].end

    def token(self, index: int) -> Token:
        return self.tokens[index]
