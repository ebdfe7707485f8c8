"""Shell tokens of a `run:` string, every character keeping its offset.

The lexer splits text into words and operators the way a POSIX shell does (quotes, escapes,
`$'…'`, comments, here-documents, `${VAR:-word}`) but expands nothing: a word stays a list of
parts (literal characters, parameter references, opaque `$(…)` and backquotes) for `shell` to
expand. `origin[i]` maps each character back to the `run` string, which is how the words of
`sh -c "…"` are lexed again with offsets into the outer string.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Optional, Union

from ...lazy_dataclass import dataclass
from ...lazy_re import lazy_pattern
from .model import MAX_EXPANSION_DEPTH, SyntaxProblem

_NAME = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_]*")

_OPERATORS = (
    "<<<", "&>>", "<<-", "&&", "||", ";;", ">>", "<<", ">&", "<&", "&>", ">|", "<>",
    "&", "|", ";", "<", ">", "(", ")",
)  # fmt: skip
_METACHARACTERS = frozenset(" \t\n&|;<>()")
_PARAMETER_OPERATORS = (":-", ":=", ":+", ":?", "-", "=", "+", "?")
_ANSI_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b",
    "f": "\f", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?",
}  # fmt: skip


@dataclass
class _Literal:
    char: str
    start: int
    end: int
    quoted: bool


@dataclass
class _Parameter:
    name: str
    operator: str
    argument: Optional[list[_Part]]
    start: int
    end: int
    quoted: bool


@dataclass
class _Opaque:
    start: int
    end: int
    quoted: bool


_Part = Union[_Literal, _Parameter, _Opaque]


@dataclass
class _RawWord:
    parts: list[_Part]
    start: int
    end: int
    quoted: bool

    def plain(self) -> Optional[str]:
        """The text when the word is only unquoted literal characters."""
        chars: list[str] = []
        for part in self.parts:
            if not isinstance(part, _Literal) or part.quoted:
                return None
            chars.append(part.char)
        return "".join(chars)

    def assignment_name(self) -> Optional[tuple[str, int]]:
        """(`NAME`, index of the first value part) when the word is `NAME=value`."""
        chars: list[str] = []
        for index, part in enumerate(self.parts):
            if not isinstance(part, _Literal) or part.quoted:
                return None
            if part.char == "=":
                name = "".join(chars)
                name = name[:-1] if name.endswith("+") else name
                return (name, index + 1) if _NAME.fullmatch(name) else None
            chars.append(part.char)
        return None


@dataclass
class _Operator:
    text: str
    start: int
    end: int


class _Lexer:
    """Shell tokens of `text`; `origin[i]` is where character i is in the `run` string."""

    def __init__(
        self, text: str, origin: Sequence[tuple[int, int]], problems: list[SyntaxProblem]
    ) -> None:
        self.text = text
        self.origin = origin
        self.n = len(text)
        self.problems = problems
        self.depth = 0

    def raw(self, i: int, j: int) -> tuple[int, int]:
        if i < j:
            return (self.origin[i][0], self.origin[min(j, self.n) - 1][1])
        if i < self.n:
            return (self.origin[i][0], self.origin[i][0])
        end = self.origin[-1][1] if self.origin else 0
        return (end, end)

    def problem(self, message: str, i: int, j: int) -> None:
        self.problems.append(SyntaxProblem(message, *self.raw(i, j)))

    def tokens(self) -> list[Union[_RawWord, _Operator]]:
        text, n = self.text, self.n
        out: list[Union[_RawWord, _Operator]] = []
        heredocs: list[tuple[str, bool]] = []
        awaiting_delimiter: Optional[str] = None
        i = 0
        while i < n:
            c = text[i]
            if c in " \t":
                i += 1
            elif c == "\\" and i + 1 < n and text[i + 1] == "\n":
                i += 2
            elif c == "\n":
                out.append(_Operator("\n", *self.raw(i, i + 1)))
                i += 1
                if heredocs:
                    i = self._skip_heredocs(i, heredocs)
                    heredocs = []
            elif c == "#":
                end = text.find("\n", i)
                i = n if end < 0 else end
            else:
                operator = next((op for op in _OPERATORS if text.startswith(op, i)), None)
                if operator is not None:
                    out.append(_Operator(operator, *self.raw(i, i + len(operator))))
                    i += len(operator)
                    if operator in ("<<", "<<-"):
                        awaiting_delimiter = operator
                    continue
                word, i = self._word(i)
                if awaiting_delimiter is not None:
                    delimiter = "".join(p.char for p in word.parts if isinstance(p, _Literal))
                    heredocs.append((delimiter, awaiting_delimiter == "<<-"))
                    awaiting_delimiter = None
                plain = word.plain()
                if i < n and text[i] in "<>" and plain is not None and plain.isdigit():
                    continue  # a file descriptor number: `2>&1`
                out.append(word)
        return out

    def _skip_heredocs(self, i: int, heredocs: list[tuple[str, bool]]) -> int:
        for delimiter, strip_tabs in heredocs:
            start = i
            while True:
                if i >= self.n:
                    self.problem("unterminated here-document", start, self.n)
                    return self.n
                end = self.text.find("\n", i)
                line = self.text[i : self.n if end < 0 else end]
                i = self.n if end < 0 else end + 1
                if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                    break
        return i

    def _word(self, i: int) -> tuple[_RawWord, int]:
        text, n = self.text, self.n
        parts: list[_Part] = []
        start = i
        quoted = False
        while i < n:
            c = text[i]
            if c in _METACHARACTERS:
                break
            if c == "\\":
                if i + 1 >= n:
                    parts.append(_Literal("\\", *self.raw(i, i + 1), False))
                    i += 1
                elif text[i + 1] == "\n":
                    i += 2
                else:
                    parts.append(_Literal(text[i + 1], *self.raw(i + 1, i + 2), True))
                    quoted = True
                    i += 2
            elif c == "'":
                i = self._single(i, parts)
                quoted = True
            elif c == '"':
                i = self._double(i, parts)
                quoted = True
            elif c == "$" and i + 1 < n and text[i + 1] == "'":
                i = self._ansi(i, parts)
                quoted = True
            elif c == "$" and i + 1 < n and text[i + 1] == '"':
                i = self._double(i + 1, parts)  # `$"…"`: a locale-translated string
                quoted = True
            elif c == "$":
                i = self._dollar(i, parts, False)
            elif c == "`":
                i = self._backtick(i, parts, False)
            else:
                parts.append(_Literal(c, *self.raw(i, i + 1), False))
                i += 1
        return _RawWord(parts, *self.raw(start, i), quoted), i

    def _single(self, i: int, parts: list[_Part]) -> int:
        end = self.text.find("'", i + 1)
        if end < 0:
            self.problem("unterminated single quote", i, self.n)
            end = self.n
        for k in range(i + 1, end):
            parts.append(_Literal(self.text[k], *self.raw(k, k + 1), True))
        return min(end + 1, self.n)

    def _double(self, i: int, parts: list[_Part]) -> int:
        text, n = self.text, self.n
        k = i + 1
        while k < n:
            c = text[k]
            if c == '"':
                return k + 1
            if c == "\\" and k + 1 < n and text[k + 1] in '$`"\\\n':
                if text[k + 1] != "\n":
                    parts.append(_Literal(text[k + 1], *self.raw(k + 1, k + 2), True))
                k += 2
            elif c == "$":
                k = self._dollar(k, parts, True)
            elif c == "`":
                k = self._backtick(k, parts, True)
            else:
                parts.append(_Literal(c, *self.raw(k, k + 1), True))
                k += 1
        self.problem("unterminated double quote", i, n)
        return n

    def _ansi(self, i: int, parts: list[_Part]) -> int:
        text, n = self.text, self.n
        k = i + 2
        while k < n:
            c = text[k]
            if c == "'":
                return k + 1
            if c == "\\" and k + 1 < n:
                escape = text[k + 1]
                if escape in _ANSI_ESCAPES:
                    parts.append(_Literal(_ANSI_ESCAPES[escape], *self.raw(k, k + 2), True))
                    k += 2
                    continue
                digits = re.match(r"x[0-9a-fA-F]{1,2}|[0-7]{1,3}", text[k + 1 : k + 4])
                if digits:
                    code = digits.group()
                    value = int(code[1:], 16) if code[0] == "x" else int(code, 8)
                    end = k + 1 + len(code)
                    parts.append(_Literal(chr(value), *self.raw(k, end), True))
                    k = end
                    continue
                parts.append(_Literal("\\", *self.raw(k, k + 1), True))
                k += 1
                continue
            parts.append(_Literal(c, *self.raw(k, k + 1), True))
            k += 1
        self.problem("unterminated $'…' quote", i, n)
        return n

    def _dollar(self, i: int, parts: list[_Part], quoted: bool) -> int:
        text, n = self.text, self.n
        if i + 1 >= n:
            parts.append(_Literal("$", *self.raw(i, i + 1), quoted))
            return i + 1
        following = text[i + 1]
        if following == "{":
            return self._braced(i, parts, quoted)
        if following == "(":
            end = self._skip_parentheses(i + 1)
            parts.append(_Opaque(*self.raw(i, end), quoted))
            return end
        name = _NAME.match(text, i + 1)
        if name:
            parts.append(_Parameter(name.group(), "", None, *self.raw(i, name.end()), quoted))
            return name.end()
        if following.isdigit() or following in "@*#?$!-":
            parts.append(_Opaque(*self.raw(i, i + 2), quoted))
            return i + 2
        parts.append(_Literal("$", *self.raw(i, i + 1), quoted))
        return i + 1

    def _braced(self, i: int, parts: list[_Part], quoted: bool) -> int:
        text, n = self.text, self.n
        name = _NAME.match(text, i + 2)
        if name is None or self.depth >= MAX_EXPANSION_DEPTH:
            end = self._skip_braces(i + 2, i)
            parts.append(_Opaque(*self.raw(i, end), quoted))
            return end
        k = name.end()
        if k < n and text[k] == "}":
            parts.append(_Parameter(name.group(), "", None, *self.raw(i, k + 1), quoted))
            return k + 1
        for operator in _PARAMETER_OPERATORS:
            if text.startswith(operator, k):
                self.depth += 1
                try:
                    argument, end = self._argument(k + len(operator), quoted, i)
                finally:
                    self.depth -= 1
                parts.append(
                    _Parameter(name.group(), operator, argument, *self.raw(i, end), quoted)
                )
                return end
        end = self._skip_braces(k, i)  # `${VAR%pattern}` and friends: not modelled
        parts.append(_Opaque(*self.raw(i, end), quoted))
        return end

    def _argument(self, k: int, quoted: bool, opening: int) -> tuple[list[_Part], int]:
        text, n = self.text, self.n
        parts: list[_Part] = []
        while k < n:
            c = text[k]
            if c == "}":
                return parts, k + 1
            if c == "\\" and k + 1 < n:
                if text[k + 1] != "\n":
                    parts.append(_Literal(text[k + 1], *self.raw(k + 1, k + 2), True))
                k += 2
            elif c == "'" and not quoted:
                k = self._single(k, parts)
            elif c == '"':
                k = self._double(k, parts)
            elif c == "$":
                k = self._dollar(k, parts, quoted)
            elif c == "`":
                k = self._backtick(k, parts, quoted)
            else:
                parts.append(_Literal(c, *self.raw(k, k + 1), quoted))
                k += 1
        self.problem("unterminated ${…}", opening, n)
        return parts, n

    def _skip_braces(self, k: int, opening: int) -> int:
        text, n = self.text, self.n
        depth = 1
        while k < n:
            c = text[k]
            if c == "\\":
                k += 2
                continue
            if c == "'":
                end = text.find("'", k + 1)
                k = n if end < 0 else end + 1
                continue
            if c == "{" and k > 0 and text[k - 1] == "$":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    return k + 1
            k += 1
        self.problem("unterminated ${…}", opening, n)
        return n

    def _skip_parentheses(self, k: int) -> int:
        text, n = self.text, self.n
        opening = k
        depth = 0
        while k < n:
            c = text[k]
            if c == "\\":
                k += 2
                continue
            if c == "'":
                end = text.find("'", k + 1)
                k = n if end < 0 else end + 1
                continue
            if c == '"':
                k += 1
                while k < n and text[k] != '"':
                    k += 2 if text[k] == "\\" else 1
                k += 1
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return k + 1
            k += 1
        self.problem("unterminated $(…)", opening - 1, n)
        return n

    def _backtick(self, i: int, parts: list[_Part], quoted: bool) -> int:
        k = i + 1
        while k < self.n:
            if self.text[k] == "\\":
                k += 2
                continue
            if self.text[k] == "`":
                parts.append(_Opaque(*self.raw(i, k + 1), quoted))
                return k + 1
            k += 1
        self.problem("unterminated backquote", i, self.n)
        parts.append(_Opaque(*self.raw(i, self.n), quoted))
        return self.n
