"""requirements.txt text → logical lines, as pip joins them, each knowing where it is in the file.

pip splits the file into lines (`str.splitlines`), joins a line ending in `\\` with the next one
(unless the line is a comment; every backslash at either end of a joined line goes), and drops
comments: a `#` at the start of a line or after whitespace starts one. What pip throws away is
kept here: each logical line maps its characters back to file offsets, so a finding can point at
the exact requirement, even across a continuation.

Linear in the file, and lazy: the lines are produced as they are read, so a caller that stops
after its bound never splits the rest of a huge file. The map is one entry per joined piece, not
one per character.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from ..lazy_dataclass import dataclass


@dataclass(frozen=True)
class LogicalLine:
    """A logical line without its comment: `text`, where it starts in the file (`number`, the
    first physical line), and `pieces`, (index in `text`, file offset) at every place where
    consecutive characters stop being consecutive in the file."""

    text: str
    number: int
    pieces: tuple[tuple[int, int], ...]
    end: int  # the file offset just after the last character
    # The 1-based column of the first character on line `number`, as `TextFile` counts lines,
    # for a line of one piece when the count is known here; 0 otherwise (look it up).
    column: int = 0

    def offset(self, index: int) -> int:
        """The file offset of character `index` of `text`."""
        if len(self.pieces) == 1:
            return self.pieces[0][1] + index
        at = bisect_right(self.pieces, (index, float("inf"))) - 1
        start, offset = self.pieces[max(at, 0)]
        return offset + index - start

    def span(self, start: int, end: int) -> tuple[int, int]:
        """File offsets of characters [start, end) of `text`."""
        if start >= len(self.text):
            return self.end, self.end
        first = self.offset(start)
        last = self.offset(end - 1) + 1 if end > start else first
        return first, last


# The line breaks `str.splitlines` knows, each one character (`\r\n` is two of them).
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# How much text is split at a time: lines are produced as they are read, and a caller that
# stops at its bound never splits the rest of a huge file.
_STRETCH = 1 << 15


def _physical(text: str) -> Iterator[tuple[int, str]]:
    """(file offset, content) of each line, line break excluded; none for a trailing break.

    `str.splitlines` does the splitting, a stretch of text at a time; the last line of a
    stretch may be cut short (or be the `\r` of a `\r\n`), so it is split again with the next.
    """
    for offset, content, _counted in _physical_counted(text):
        yield offset, content


def _physical_counted(text: str) -> Iterator[tuple[int, str, bool]]:
    """`_physical`, each line also saying whether its number is the one `TextFile` gives it:
    true until a line ends with a break that `str.splitlines` knows and `TextFile` does not
    (form feed, `\x85`, `\u2028`…)."""
    counted = True
    position = 0
    end = len(text)
    size = _STRETCH
    while position < end:
        stop = min(position + size, end)
        lines = text[position:stop].splitlines(keepends=True)
        if stop < end:
            if len(lines) < 2:
                size *= 2  # a line longer than the stretch: look further
                continue
            lines.pop()
            size = _STRETCH
        for line in lines:
            if line.endswith("\r\n"):
                yield position, line[:-2], counted
            elif line[-1] in _BREAKS:
                yield position, line[:-1], counted
                counted = counted and line[-1] in "\r\n"
            else:
                yield position, line, counted
            position += len(line)


def _is_comment_line(content: str) -> bool:
    return content.lstrip().startswith("#")


def _comment_start(line: str) -> int:
    """Where pip's comment starts: the first `#` at the start or after whitespace."""
    index = line.find("#")
    while index > 0 and not line[index - 1].isspace():
        index = line.find("#", index + 1)
    return len(line) if index < 0 else index


def logical_lines(text: str) -> Iterator[LogicalLine]:
    """The logical lines that hold more than a comment, in file order."""
    parts: list[str] = []
    pieces: list[tuple[int, int]] = []
    first = 0
    length = 0
    end = 0
    for number, (offset, content, counted) in enumerate(_physical_counted(text), start=1):
        if not parts and not content.endswith("\\"):
            # A line on its own (most lines): one piece, no joining. What `_line` would build,
            # and where it starts on its line, when that line's number is `TextFile`'s.
            before = content[: _comment_start(content)]
            stripped = before.strip()
            if stripped:
                start = offset + len(before) - len(before.lstrip())
                column = start - offset + 1 if counted else 0
                yield LogicalLine(stripped, number, ((0, start),), start + len(stripped), column)
            continue
        if not parts:
            first = number
        continues = content.endswith("\\") and not _is_comment_line(content)
        if continues:
            segment = content.strip("\\")
            segment_start = offset + len(content) - len(content.lstrip("\\"))
        else:
            if _is_comment_line(content):
                pieces.append((length, offset))
                parts.append(" ")
                length += 1
            segment, segment_start = content, offset
        pieces.append((length, segment_start))
        parts.append(segment)
        length += len(segment)
        end = segment_start + len(segment)
        if continues:
            continue
        found = _line(parts, pieces, first, end)
        parts, pieces, length = [], [], 0
        if found is not None:
            yield found
    if parts:
        found = _line(parts, pieces, first, end)
        if found is not None:
            yield found


def _line(
    parts: list[str], pieces: list[tuple[int, int]], number: int, end: int
) -> LogicalLine | None:
    joined = "".join(parts)
    comment = _comment_start(joined)
    before = joined[:comment]
    text = before.strip()
    if not text:
        return None
    start = len(before) - len(before.lstrip())
    whole = LogicalLine(joined, number, tuple(pieces), end)
    shifted = [(index - start, offset) for index, offset in pieces if index > start]
    first_offset = whole.offset(start)
    last = whole.offset(start + len(text) - 1) + 1
    return LogicalLine(text, number, ((0, first_offset), *shifted), last)
