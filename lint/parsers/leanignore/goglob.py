"""Go's `path/filepath.Match` on Linux, as the deploy tool uses it for patterns holding a `/`.

What matters, as Go (1.16 and later) behaves:

- A pattern is cut into chunks at each run of `*` outside a `[...]`; each chunk is a sequence of
  single-character items: a literal byte, `\\x` (the byte x), `?` (one character, not `/`), or a
  class `[...]` — negated only by `^` (`!` is an ordinary member), ranges `a-z`, `\\` escaping a
  member. A class may match `/`; `*` never crosses one.
- A malformed pattern (an unclosed `[`, `[]`, `[^]`, a range with no end such as `[a-]`, a
  member that starts with `-` or `]`, a trailing `\\`, an invalid UTF-8 member) is an error on
  every call, whatever the name: the deploy tool's walk stops at its first path, the project root.
- After a `*`, each chunk is matched at the first place it fits (no backtracking to a later
  place); the last chunk must end the name.

Matching runs on bytes, as Go's does: a path is compared byte by byte, and `?` and classes step
over one UTF-8 character (an invalid byte is one character, U+FFFD).
"""

from __future__ import annotations

from typing import Optional, Union

# A compiled item: a byte value (a literal), ANY (`?`), or a class (negated, ranges).
ANY = -1
_Class = tuple[bool, tuple[tuple[int, int], ...]]
_Item = Union[int, _Class]
_Chunk = tuple[bool, tuple[_Item, ...]]  # (a `*` comes before it, its items)

_SLASH = 0x2F
_RUNE_ERROR = 0xFFFD


class BadPattern(ValueError):
    """The pattern is malformed: Go's `filepath.ErrBadPattern` ("syntax error in pattern")."""


def decode_rune(data: bytes, index: int) -> tuple[int, int]:
    """`utf8.DecodeRune`: the character at `index` and its length in bytes (U+FFFD and 1 for an
    invalid byte, U+FFFD and 0 at the end)."""
    if index >= len(data):
        return _RUNE_ERROR, 0
    first = data[index]
    if first < 0x80:
        return first, 1
    if 0xC2 <= first <= 0xDF:
        size = 2
    elif 0xE0 <= first <= 0xEF:
        size = 3
    elif 0xF0 <= first <= 0xF4:
        size = 4
    else:
        return _RUNE_ERROR, 1
    try:
        char = data[index : index + size].decode("utf-8")
    except UnicodeDecodeError:
        return _RUNE_ERROR, 1
    return ord(char), size


class Glob:
    """A compiled `filepath.Match` pattern. Raises `BadPattern` when Go would."""

    def __init__(self, pattern: bytes) -> None:
        self.pattern = pattern
        self.chunks = tuple(_compile_chunk(star, chunk) for star, chunk in _split(pattern))

    def match(self, name: bytes) -> bool:
        """Whether `name` (all of it) matches, as `filepath.Match(pattern, name)`."""
        chunks = self.chunks
        for index, (star, items) in enumerate(chunks):
            last = index == len(chunks) - 1
            if star and not items:
                return _SLASH not in name  # a trailing `*` takes the rest of one component
            rest = _match_items(items, name)
            if rest is not None and (not rest or not last):
                name = rest
                continue
            if not star:
                return False
            found: Optional[bytes] = None
            for skip in range(len(name)):
                if name[skip] == _SLASH:
                    break
                rest = _match_items(items, name[skip + 1 :])
                if rest is None or (last and rest):
                    continue
                found = rest
                break
            if found is None:
                return False
            name = found
        return not name


def _split(pattern: bytes) -> list[tuple[bool, bytes]]:
    """Go's `scanChunk` applied until the pattern is used up."""
    chunks: list[tuple[bool, bytes]] = []
    while pattern:
        star = False
        while pattern[:1] == b"*":
            pattern = pattern[1:]
            star = True
        in_class = False
        index = 0
        while index < len(pattern):
            byte = pattern[index]
            if byte == 0x5C:  # `\`: the next byte is never special here
                if index + 1 < len(pattern):
                    index += 1
            elif byte == 0x5B:
                in_class = True
            elif byte == 0x5D:
                in_class = False
            elif byte == 0x2A and not in_class:
                break
            index += 1
        chunks.append((star, pattern[:index]))
        pattern = pattern[index:]
    return chunks


def _class_member(chunk: bytes, index: int) -> tuple[int, int]:
    """One member of a class at `index` (Go's `getEsc`): (character, index after it)."""
    if index >= len(chunk) or chunk[index] in (0x2D, 0x5D):  # nothing, `-` or `]`
        raise BadPattern(chunk)
    if chunk[index] == 0x5C:
        index += 1
        if index >= len(chunk):
            raise BadPattern(chunk)
    char, size = decode_rune(chunk, index)
    if char == _RUNE_ERROR and size == 1:
        raise BadPattern(chunk)
    index += size
    if index >= len(chunk):  # a class must still be closed
        raise BadPattern(chunk)
    return char, index


def _compile_chunk(star: bool, chunk: bytes) -> _Chunk:
    items: list[_Item] = []
    index = 0
    while index < len(chunk):
        byte = chunk[index]
        if byte == 0x5B:  # `[`
            index += 1
            negated = index < len(chunk) and chunk[index] == 0x5E  # only `^` negates
            if negated:
                index += 1
            ranges: list[tuple[int, int]] = []
            while True:
                if index < len(chunk) and chunk[index] == 0x5D and ranges:
                    index += 1
                    break
                low, index = _class_member(chunk, index)
                high = low
                if chunk[index] == 0x2D:
                    high, index = _class_member(chunk, index + 1)
                ranges.append((low, high))
            items.append((negated, tuple(ranges)))
        elif byte == 0x3F:  # `?`
            items.append(ANY)
            index += 1
        else:
            if byte == 0x5C:
                index += 1
                if index >= len(chunk):
                    raise BadPattern(chunk)
            items.append(chunk[index])
            index += 1
    return star, tuple(items)


def _match_items(items: tuple[_Item, ...], name: bytes) -> Optional[bytes]:
    """What is left of `name` after the items match its start, or None."""
    index = 0
    for item in items:
        if index >= len(name):
            return None
        if isinstance(item, int):
            if item == ANY:
                if name[index] == _SLASH:
                    return None
                index += max(1, decode_rune(name, index)[1])
            elif name[index] != item:
                return None
            else:
                index += 1
            continue
        negated, ranges = item
        char, size = decode_rune(name, index)
        index += size
        inside = any(low <= char <= high for low, high in ranges)
        if inside == negated:
            return None
    return name[index:]
