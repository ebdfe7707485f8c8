"""F-strings as Python 3.6–3.11 read them.

Before 3.12 (PEP 701) an f-string was a string token first: it ended at the first matching quote,
and only then was its inside split into literal text and replacement fields, which could not
hold a backslash or a `#`, nor nest format specifications more than one level. The host parser
of 3.12 and later no longer knows these limits, so an f-string it accepts is read again here the
old way. The scan follows CPython 3.11's `fstring_find_literal` and `fstring_find_expr`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Optional

from ....lazy_re import lazy_pattern
from .tokens import string_prefix

_END = {
    "'": lazy_pattern(r"(?:[^\\'\r\n]|\\(?:\r\n|[\s\S]))*'"),
    '"': lazy_pattern(r'(?:[^\\"\r\n]|\\(?:\r\n|[\s\S]))*"'),
    "'''": lazy_pattern(r"(?:[^\\']|\\[\s\S]|'(?!''))*'''"),
    '"""': lazy_pattern(r'(?:[^\\"]|\\[\s\S]|"(?!""))*"""'),
}
_FSTRING_PREFIXES = frozenset(("f", "fr", "rf"))

# A finding: the fact's key (None for an error every version makes) and its offset.
Issue = tuple[Optional[str], int]
# A finding with the start of the f-string token it is in.
Located = tuple[Optional[str], int, int]


def _quote_at(text: str, position: int) -> str:
    character = text[position]
    return character * 3 if text.startswith(character * 3, position) else character


def legacy_end(text: str, start: int) -> Optional[int]:
    """Where the string token starting at `start` ends under the old rules (None: never)."""
    body = start + len(string_prefix(text[start : start + 3]))
    quote = _quote_at(text, body)
    match = _END[quote].match(text, body + len(quote))
    return match.end() if match else None


def fstring_issues(text: str, tokens: Iterable[tuple[int, int]]) -> list[Located]:
    """The old grammar's objections to f-string tokens given as (start, end) offsets, each
    with where it is and where its f-string starts.

    `end` is where the token ends under the grammar the host parsed with; a different end
    under the old rules means a quote or a line break inside a replacement field.
    """
    issues: list[Located] = []
    outer_end = -1
    for start, end in sorted(tokens):
        if start < outer_end:
            continue  # an f-string inside another one is read with it
        outer_end = end
        old_end = legacy_end(text, start)
        if old_end is None:
            issues.append(("fstring_newline", start, start))
        elif old_end < end:
            issues.append(("fstring_quote", start, start))
        else:
            issues.extend((key, offset, start) for key, offset in _body_issues(text, start, end))
    return issues


def _body_issues(text: str, start: int, end: int) -> list[Issue]:
    prefix = string_prefix(text[start : start + 3])
    body = start + len(prefix)
    quote = _quote_at(text, body)
    if "f" not in prefix and "t" not in prefix:
        return []
    scanner = _Scanner(text, "r" in prefix)
    scanner.literal(body + len(quote), end - len(quote), 0)
    return scanner.issues


class _Scanner:
    def __init__(self, text: str, raw: bool) -> None:
        self.text = text
        self.raw = raw
        self.issues: list[Issue] = []

    def literal(self, position: int, end: int, level: int) -> int:
        """Scan literal text and fields up to `end`; in a format spec, stop at its `}`."""
        text = self.text
        while position < end:
            character = text[position]
            if character == "\\" and not self.raw and text.startswith("N{", position + 1):
                close = text.find("}", position, end)
                position = end if close < 0 else close + 1
            elif character == "\\":
                position += 1 if text[position + 1 : position + 2] in ("{", "}") else 2
            elif character == "{":
                if text.startswith("{{", position) and level == 0:
                    position += 2
                else:
                    position = self.field(position + 1, end, level)
            elif character == "}":
                if level > 0:
                    return position
                if not text.startswith("}}", position):
                    self.issues.append((None, position))
                    return end
                position += 2
            else:
                position += 1
        return position

    def field(self, position: int, end: int, level: int) -> int:
        """Scan one replacement field after its `{`; return the offset after its `}`."""
        text = self.text
        opened = position - 1
        if level >= 2:
            self.issues.append(("fstring_nesting", opened))
        expression = position
        brackets: list[str] = []
        while position < end:
            character = text[position]
            if character == "\\":
                self.issues.append(("fstring_backslash", position))
                position += 1
                continue
            if character in "'\"":
                position = self.inner_string(position, end)
                continue
            if character in "([{":
                brackets.append(character)
            elif character in ")]}":
                if not brackets:
                    break
                brackets.pop()
            elif character == "#":
                self.issues.append(("fstring_comment", position))
            elif (not brackets and character == "!" and not text.startswith("!=", position)) or (
                not brackets and character == ":"
            ):
                break
            elif (
                not brackets
                and character == "="
                and not text.startswith("==", position)
                and text[position - 1 : position] not in ("=", "!", "<", ">")
            ):
                self.issues.append(("fstring_debug", position))
            elif character in "!=<>" and text.startswith("=", position + 1):
                position += 2
                continue
            position += 1
        if not text[expression:position].strip():
            self.issues.append((None, opened))
        if position < end and text[position] == "!":
            conversion = text[position + 1 : position + 2]
            if conversion not in ("s", "r", "a"):
                self.issues.append((None, position))
            position += 2
        if position < end and text[position] == ":":
            position = self.literal(position + 1, end, level + 1)
        if position < end and text[position] == "}":
            return position + 1
        self.issues.append((None, opened))
        return end

    def inner_string(self, position: int, end: int) -> int:
        """Skip a string inside a replacement field; read it too when it is an f-string."""
        text = self.text
        begin = position
        while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
            begin -= 1
        prefix = text[begin:position].lower()
        quote = _quote_at(text, position)
        match = _END[quote].match(text, position + len(quote), end)
        if match is None:
            self.issues.append((None, position))
            return end
        if "\\" in text[position : match.end()]:
            self.issues.append(("fstring_backslash", position))
        if prefix in _FSTRING_PREFIXES:
            inner = _Scanner(text, "r" in prefix)
            inner.literal(position + len(quote), match.end() - len(quote), 0)
            self.issues.extend(inner.issues)
        return match.end()
