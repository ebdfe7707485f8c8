"""A tokenizer that does not depend on the Python enginelint runs on.

The host's `tokenize` module changed shape in 3.12 (f-strings became token sequences), and the
host's parser stops at the first error in its own words. This tokenizer gives every host the same
tokens: where logical lines end (for locating errors), which strings are f-strings and where
they end under either f-string grammar (`pep701=True` is 3.12's), how deep brackets and
indentation go, and the first lexical problem. It never raises and never stops early: after a
problem it goes on as best it can, so later scans still see the rest of the file.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Optional

from ....lazy_dataclass import dataclass, field
from ....lazy_re import lazy_pattern

NAME = "NAME"
NUMBER = "NUMBER"
STRING = "STRING"
OP = "OP"
NEWLINE = "NEWLINE"
INDENT = "INDENT"
DEDENT = "DEDENT"
ERROR = "ERROR"
END = "END"

OPEN = "([{"
CLOSE = ")]}"
_PAIRS = {")": "(", "]": "[", "}": "{"}

_OPERATORS = sorted(
    [
        "!=",
        "%",
        "%=",
        "&",
        "&=",
        "(",
        ")",
        "*",
        "**",
        "**=",
        "*=",
        "+",
        "+=",
        ",",
        "-",
        "-=",
        "->",
        ".",
        "...",
        "/",
        "//",
        "//=",
        "/=",
        ":",
        ":=",
        ";",
        "<",
        "<<",
        "<<=",
        "<=",
        "<>",
        "=",
        "==",
        ">",
        ">=",
        ">>",
        ">>=",
        "@",
        "@=",
        "[",
        "]",
        "^",
        "^=",
        "{",
        "|",
        "|=",
        "}",
        "~",
        "`",
        "!",
    ],
    key=len,
    reverse=True,
)
_OPERATOR = re.compile("|".join(re.escape(op) for op in _OPERATORS))
_SPACE = lazy_pattern(r"[ \t\f]+")
_COMMENT = re.compile(r"#[^\r\n]*")
_NEWLINE = re.compile(r"\r\n|\r|\n")
# Every character from U+0080 on may continue a name; whether it really may is `isidentifier`'s
# call, as it is CPython's. So a name starts with an ASCII letter, `_` or any non-ASCII character
# and goes on with those and the ASCII digits. Written as the complement of the ASCII characters
# a name excludes: the same set as `[\w\u0080-\U0010ffff]` (checked over every code point),
# compiled some fifteen times faster at start-up.
_NAME_START = r"[^\x00-\x40\x5b-\x5e\x60\x7b-\x7f]"
_NAME_CONTINUE = r"[^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]"
_NAME = re.compile(rf"{_NAME_START}{_NAME_CONTINUE}*")
_NAME_CHARS = lazy_pattern(rf"{_NAME_CONTINUE}*")
# Digits joined by single underscores, as CPython scans them; `0777` and `1_000` are kept whole
# so that their validity can be judged per version elsewhere.
_DIGITS = r"\d(?:_?\d)*"
_NUMBER = re.compile(
    r"0[xX](?:_?[0-9a-fA-F])*|0[oO](?:_?[0-7])*|0[bB](?:_?[01])*"
    rf"|(?:{_DIGITS}(?:\.(?:{_DIGITS})?)?|\.{_DIGITS})(?:[eE][+-]?{_DIGITS})?[jJ]?"
)
_PREFIXES = frozenset(["r", "u", "b", "br", "rb", "f", "fr", "rf", "ur", "t", "tr", "rt"])
_MASTER = re.compile(
    r"[ \t\f]*(?:(?P<comment>#[^\r\n]*)"
    r"|(?P<newline>\r\n|\r|\n)"
    rf"|(?P<number>{_NUMBER.pattern})"
    rf"|(?P<name>{_NAME.pattern})"
    r"|(?P<quote>['\"])"
    r"|(?P<continuation>\\(?:\r\n|\r|\n)?)"
    rf"|(?P<op>{_OPERATOR.pattern})"
    r"|(?P<end>\Z)"
    r"|(?P<other>[\s\S]))"
)
_QUOTE_BODY = {
    "'": re.compile(r"(?:[^\\'\r\n]|\\(?:\r\n|[\s\S]))*'"),
    '"': lazy_pattern(r'(?:[^\\"\r\n]|\\(?:\r\n|[\s\S]))*"'),
    "'''": lazy_pattern(r"(?:[^\\']|\\[\s\S]|'(?!''))*'''"),
    '"""': re.compile(r'(?:[^\\"]|\\[\s\S]|"(?!""))*"""'),
}


class Token(NamedTuple):
    kind: str
    start: int
    end: int
    depth: int


@dataclass
class Lexed:
    """The tokens of a text and what the scan learnt on the way.

    `fstrings` maps the start of every f-string (or t-string) token to its end under the
    grammar used; `problem` is the first lexical problem (message, start, end offsets).
    `max_brackets` and `max_indent` come with the offset where they were first reached.
    """

    tokens: list[Token]
    problem: Optional[tuple[str, int, int]] = None
    max_brackets: int = 0
    max_brackets_at: int = 0
    max_indent: int = 0
    max_indent_at: int = 0
    fstrings: dict[int, int] = field(default_factory=dict)

    def logical_lines(self) -> list[tuple[int, int]]:
        """(first, last) token indexes of each logical line, NEWLINE included."""
        lines = []
        first: Optional[int] = None
        for index, token in enumerate(self.tokens):
            if token.kind in (INDENT, DEDENT, END):
                continue
            if first is None:
                first = index
            if token.kind == NEWLINE:
                lines.append((first, index))
                first = None
        return lines


def string_prefix(text: str) -> str:
    """The lower-cased prefix of a string token (`rb`, `f`, ...)."""
    index = 0
    while index < len(text) and text[index] not in "'\"":
        index += 1
    return text[:index].lower()


class _Lexer:
    def __init__(self, text: str, pep701: bool) -> None:
        self.text = text
        self.pep701 = pep701
        self.tokens: list[Token] = []
        self.brackets: list[tuple[str, int]] = []
        self.result = Lexed(self.tokens)
        self.at_line_start = True

    def problem(self, message: str, start: int, end: Optional[int] = None) -> None:
        if self.result.problem is None:
            self.result.problem = (message, start, start + 1 if end is None else end)

    def emit(self, kind: str, start: int, end: int) -> None:
        self.tokens.append(Token(kind, start, end, len(self.brackets)))

    def run(self) -> Lexed:
        text = self.text
        position = 1 if text.startswith("\ufeff") else 0
        indents = [(0, 0)]
        while position < len(text):
            if self.at_line_start and not self.brackets:
                position = self.indentation(position, indents)
                continue
            position = self.one(position)
        if self.brackets:
            opener, where = self.brackets[-1]
            self.problem(f"`{opener}` is never closed", where)
        if self.tokens and self.tokens[-1].kind not in (NEWLINE, INDENT, DEDENT):
            self.emit(NEWLINE, len(text), len(text))
        for _ in indents[1:]:
            self.emit(DEDENT, len(text), len(text))
        self.emit(END, len(text), len(text))
        return self.result

    def indentation(self, position: int, indents: list[tuple[int, int]]) -> int:
        """Measure one line's indentation; emit INDENT/DEDENT unless the line is blank."""
        text = self.text
        column = alternative = 0
        index = position
        while index < len(text) and text[index] in " \t\f":
            character = text[index]
            if character == " ":
                column, alternative = column + 1, alternative + 1
            elif character == "\t":
                column, alternative = (column // 8 + 1) * 8, alternative + 1
            else:
                column = alternative = 0
            index += 1
        if index >= len(text):
            return index
        if text[index] == "#":
            index = _COMMENT.match(text, index).end()  # type: ignore[union-attr]
        newline = _NEWLINE.match(text, index)
        if newline:
            return newline.end()
        if index >= len(text):
            return index
        self.at_line_start = False
        current, current_alternative = indents[-1]
        if column > current:
            if alternative <= current_alternative:
                self.problem("indentation mixes tabs and spaces inconsistently", position, index)
            indents.append((column, alternative))
            self.emit(INDENT, position, index)
            if len(indents) - 1 > self.result.max_indent:
                self.result.max_indent = len(indents) - 1
                self.result.max_indent_at = index
        else:
            while column < indents[-1][0]:
                indents.pop()
                self.emit(DEDENT, index, index)
            if column != indents[-1][0]:
                self.problem("this line's indentation matches no outer level", position, index)
            elif alternative != indents[-1][1]:
                self.problem("indentation mixes tabs and spaces inconsistently", position, index)
        return index

    def one(self, position: int) -> int:
        """Scan one token (or skip blanks and comments) at `position`; return where it ends."""
        text = self.text
        match = _MASTER.match(text, position)
        assert match is not None  # `other` matches any character
        kind = match.lastgroup or "other"
        start, end = match.start(kind), match.end()
        if kind == "name":
            if text[end : end + 1] in ("'", '"') and text[start:end].lower() in _PREFIXES:
                return self.string(start, end)
            if not text[start].isascii() or not text[start:end].isascii():
                self.check_name(start, end)
            self.emit(NAME, start, end)
        elif kind == "op":
            if end - start == 1 and text[start] in "()[]{}":
                return self.operator(start, end)
            self.emit(OP, start, end)
        elif kind == "number":
            self.emit(NUMBER, start, end)
        elif kind == "newline":
            if not self.brackets:
                self.at_line_start = True
                if self.tokens and self.tokens[-1].kind not in (NEWLINE, INDENT, DEDENT):
                    self.emit(NEWLINE, start, end)
        elif kind == "quote":
            return self.string(start, start)
        elif kind == "continuation":
            if end - start == 1:
                if end >= len(text):
                    self.problem("the file ends after a line continuation", start)
                else:
                    self.problem("unexpected character after a line continuation", end)
                self.emit(ERROR, start, end)
        elif kind == "other":
            character = text[start]
            self.problem(f"invalid character `{character}` (U+{ord(character):04X})", start)
            self.emit(ERROR, start, end)
        return end

    def check_name(self, start: int, end: int) -> None:
        word = self.text[start:end]
        if word.isidentifier():
            return
        bad = 0
        for index in range(len(word)):
            if not ("a" + word[: index + 1]).isidentifier() or (
                index == 0 and not word[0].isidentifier()
            ):
                bad = index
                break
        self.problem(f"invalid character `{word[bad]}` (U+{ord(word[bad]):04X})", start + bad)

    def operator(self, start: int, end: int) -> int:
        value = self.text[start:end]
        if value in OPEN:
            # A bracket has the depth of what surrounds it; what it encloses is one deeper.
            self.emit(OP, start, end)
            self.brackets.append((value, start))
            if len(self.brackets) > self.result.max_brackets:
                self.result.max_brackets = len(self.brackets)
                self.result.max_brackets_at = start
            return end
        if value in CLOSE:
            if not self.brackets:
                self.problem(f"unmatched `{value}`", start)
            else:
                opener, _ = self.brackets.pop()
                if opener != _PAIRS[value]:
                    self.problem(f"`{value}` does not match `{opener}`", start)
        self.emit(OP, start, end)
        return end

    def string(self, start: int, body: int) -> int:
        """A string token from its prefix at `start`; its quote begins at `body`."""
        text = self.text
        quote = text[body] * 3 if text.startswith(text[body] * 3, body) else text[body]
        prefix = text[start:body].lower()
        if self.pep701 and ("f" in prefix or "t" in prefix):
            end = self.fstring(body + len(quote), quote, "r" in prefix)
            self.result.fstrings[start] = end
            self.emit(STRING, start, end)
            return end
        match = _QUOTE_BODY[quote].match(text, body + len(quote))
        if match:
            end = match.end()
        else:
            end = _line_end(text, body) if len(quote) == 1 else len(text)
            self.problem("this string is never closed", start, end)
        if "f" in prefix or "t" in prefix:
            self.result.fstrings[start] = end
        self.emit(STRING, start, end)
        return end

    def fstring(self, position: int, quote: str, raw: bool, spec_of: bool = False) -> int:
        """Scan an f-string body (3.12's grammar) after its opening quote; return its end.

        With `spec_of`, scan a format specification instead and stop before its `}`.
        """
        text = self.text
        while position < len(text):
            if not spec_of and text.startswith(quote, position):
                return position + len(quote)
            character = text[position]
            if character == "\\":
                if not raw and text.startswith("N{", position + 1):
                    close = text.find("}", position)
                    position = len(text) if close < 0 else close + 1
                    continue
                # A backslash never escapes a brace: `fr"\{{"` is a backslash and a `{`.
                position += 1 if text[position + 1 : position + 2] in ("{", "}") else 2
                continue
            if character in "\r\n" and len(quote) == 1:
                break
            if character == "{":
                if text.startswith("{{", position) and not spec_of:
                    position += 2
                    continue
                position = self.replacement_field(position + 1, quote, raw)
                continue
            if character == "}":
                if spec_of:
                    return position
                position += 2 if text.startswith("}}", position) else 1
                continue
            if spec_of and text.startswith(quote, position):
                return position
            position += 1
        if spec_of:
            return position
        self.problem("this f-string is never closed", position)
        return position

    def replacement_field(self, position: int, quote: str, raw: bool) -> int:
        """Scan `expr [=] [!c] [:spec] }` after a `{`; return the offset after its `}`."""
        text = self.text
        saved = self.brackets
        self.brackets = []
        depth_start = len(self.tokens)
        try:
            while position < len(text):
                space = _SPACE.match(text, position)
                position = space.end() if space else position
                if position >= len(text):
                    break
                character = text[position]
                if not self.brackets:
                    if character == "}":
                        return position + 1
                    if character == "!" and not text.startswith("!=", position):
                        position = _NAME_CHARS.match(text, position + 1).end()  # type: ignore[union-attr]
                        continue
                    if character == ":":
                        position = self.fstring(position + 1, quote, raw, spec_of=True)
                        if text.startswith("}", position):
                            return position + 1
                        break
                newline = _NEWLINE.match(text, position)
                if newline:
                    position = newline.end()
                    continue
                position = self.one(position)
            self.problem("an f-string replacement field is never closed", position)
            return position
        finally:
            del self.tokens[depth_start:]
            self.brackets = saved


def _line_end(text: str, position: int) -> int:
    match = _NEWLINE.search(text, position)
    return match.start() if match else len(text)


def tokenize(text: str, pep701: bool = True) -> Lexed:
    """The tokens of `text`; f-strings follow 3.12's grammar when `pep701`, else the old one."""
    return _Lexer(text, pep701).run()
