"""What in a `.leanignore` reads one way and means another to the deploy tool (EL109's static
half): told from the text alone, pattern by pattern and for the file as a whole.

Each check names a construct whose gitignore reading differs from parseignore's (see
`parsers.leanignore.patterns` for the reading itself):

- in a pattern without `/` (a Go regular expression): `[^…]` is a class that includes `^`;
  a `[` that opens no class (`[]…]`, an unclosed `[`) is a literal `[`; a backslash before a
  letter or digit, and any backslash inside `[…]`, is a regular-expression escape (`\\d` is a
  digit, `\\b` a word boundary);
- in a pattern with `/` (Go's `filepath.Match`): `[!…]` is a class that includes `!`;
- for the file: a byte-order mark is part of the first line; a lone carriage return is no line
  break; a line of 64 KiB or more ends the reading.
"""

from __future__ import annotations

import re
from typing import Optional

from ...parsers.leanignore import GLOB, REGEXP, IgnorePattern, LeanIgnore
from ...parsers.leanignore.gotext import SCANNER_LIMIT

_CHAR_GROUP = re.compile(r"\[[^\]]+\]")
# What a backslash escape means in Go's regular expressions, by the character after it.
_ESCAPES = {
    "d": "any digit",
    "D": "any character but a digit",
    "w": "any letter, digit or `_`",
    "W": "any character but a letter, digit or `_`",
    "s": "a space, tab or line break",
    "S": "any character but a space, tab or line break",
    "b": "a word boundary, which matches no character",
    "B": "a place that is no word boundary, which matches no character",
    "A": "the start of the path",
    "z": "the end of the path",
    "p": "a class of Unicode characters",
    "P": "the characters outside a Unicode class",
    "Q": "the start of a quoted run of text, up to `\\E`",
    "x": "a character given by its hexadecimal code",
    "a": "the bell control character",
    "f": "a form feed",
    "n": "a line break",
    "r": "a carriage return",
    "t": "a tab",
    "v": "a vertical tab",
}


def pattern_surprises(pattern: IgnorePattern) -> list[str]:
    """Why `pattern` does not do what it looks like, one sentence each (empty: it does)."""
    if not pattern.usable:
        return []
    quoted = f"`.leanignore` pattern `{pattern.text}`"
    found: list[str] = []
    if pattern.kind == GLOB:
        if pattern.body.startswith("/"):
            found.append(
                f"{quoted} starts with `/`, which never matches (the deploy tool matches paths "
                "without a leading `/`), so what it names is still uploaded"
            )
        if _glob_bang_class(pattern.body):
            found.append(
                f"{quoted} has a `/`, so the deploy tool matches it with Go's `filepath.Match`, "
                "where `[!…]` is a class that includes `!`, not a negation: write `[^…]` to "
                "negate"
            )
        return found
    if pattern.kind != REGEXP:
        return found
    plain, groups = _split_groups(pattern.body)
    if any(group.startswith("[^") for group in groups):
        found.append(
            f"{quoted} has no `/`, so the deploy tool reads `[^…]` in it as a class that "
            "includes `^`, not a negation: write `[!…]` to negate"
        )
    if any(_literal_bracket(segment) for segment in plain):
        found.append(
            f"{quoted} has a `[` that opens no class the deploy tool recognises (it needs a "
            "character before the first `]`), so it matches a literal `[`"
        )
    escape = _first_escape(plain, groups)
    if escape is not None:
        meaning = _ESCAPES.get(escape, "an octal character code" if escape.isdigit() else "")
        found.append(
            f"{quoted} has no `/`, so the deploy tool reads `\\{escape}` in it as a "
            f"regular-expression escape ({meaning}), not as `{escape}`"
        )
    return found


def _split_groups(body: str) -> tuple[list[str], list[str]]:
    """The pattern's parts outside `[...]` groups and the groups, as parseignore cuts them."""
    plain: list[str] = []
    groups: list[str] = []
    position = 0
    for group in _CHAR_GROUP.finditer(body):
        plain.append(body[position : group.start()])
        groups.append(group.group())
        position = group.end()
    plain.append(body[position:])
    return plain, groups


def _unescaped(segment: str) -> list[tuple[str, bool]]:
    """Each character of a plain segment with whether a backslash escapes it."""
    out: list[tuple[str, bool]] = []
    escaped = False
    for char in segment:
        if escaped:
            out.append((char, True))
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            out.append((char, False))
    return out


def _literal_bracket(segment: str) -> bool:
    return any(char == "[" and not escaped for char, escaped in _unescaped(segment))


def _first_escape(plain: list[str], groups: list[str]) -> Optional[str]:
    for segment in plain:
        for char, escaped in _unescaped(segment):
            if escaped and char.isascii() and char.isalnum():
                return char
    for group in groups:
        # Inside `[…]` the backslashes go to the regexp as written: `\\` is a backslash.
        for char, escaped in _unescaped(group):
            if escaped and char.isascii() and char.isalnum():
                return char
    return None


def _glob_bang_class(body: str) -> bool:
    index = 0
    while index < len(body) - 1:
        if body[index] == "\\":
            index += 2
            continue
        if body[index] == "[" and body[index + 1] == "!":
            return True
        index += 1
    return False


def file_surprises(ignore: LeanIgnore) -> list[tuple[int, str]]:
    """Why the file as a whole does not read as it looks: (line as the deploy tool counts
    lines, sentence), in line order."""
    found: list[tuple[int, str]] = []
    if ignore.bom:
        found.append((
            1,
            "`.leanignore` starts with a UTF-8 byte-order mark, which the deploy tool keeps: "
            "its first line is read with U+FEFF in front, so a pattern there never matches "
            "and a `#` comment there becomes a pattern — save the file without the BOM",
        ))
    for line in ignore.lone_cr_lines:
        found.append((
            line,
            "this line holds a carriage return that is no line break to the deploy tool (it "
            "splits lines at `\\n` only): what looks like several lines is one pattern — save "
            "the file with `\\n` or `\\r\\n` line endings",
        ))
    if ignore.stopped_at is not None:
        found.append((
            ignore.stopped_at,
            f"line {ignore.stopped_at} is {SCANNER_LIMIT:,} bytes or longer: the deploy tool "
            "stops reading `.leanignore` there, so this line and every line after it are "
            "ignored",
        ))
    return sorted(found)
