"""What the tokens alone say about versions: literals, prefixes, names, Python 2 spellings.

Number and string literals, non-ASCII names, and the spellings only Python 2 had (`print x`,
backticks, `<>`, `0777`, `10L`, `ur""`, `except E, e:`) are visible in the tokens, whatever the
host's parser makes of them. A "marker" is evidence that a file is Python 2 code; a lexical gate
is a token the target does not accept.
"""

from __future__ import annotations

import keyword

from ....lazy_re import lazy_pattern
from .facts import FACTS, Version
from .tokens import (
    DEDENT,
    END,
    INDENT,
    NAME,
    NEWLINE,
    NUMBER,
    OP,
    STRING,
    Lexed,
    Token,
    string_prefix,
)

_OLD_OCTAL = lazy_pattern(r"0\d+\Z")
_ZEROS = lazy_pattern(r"0+\Z")
# What may follow `print` in a Python 2 print statement but not in a Python 3 expression.
_PRINT_FOLLOWERS = (STRING, NUMBER, NAME)
_EXPRESSION_KEYWORDS = frozenset(("not", "lambda", "None", "True", "False", "await", "yield"))

# (key, start offset, end offset)
Hit = tuple[str, int, int]


def lexical_gates(text: str, lexed: Lexed, target: Version) -> list[Hit]:
    """Tokens the target does not accept: numbers, string prefixes, non-ASCII names."""
    hits: list[Hit] = []
    underscores = not FACTS["numeric_underscore"].accepts(target)
    python2 = target[0] == 2
    for token in lexed.tokens:
        value = text[token.start : token.end]
        if token.kind == NUMBER:
            if underscores and "_" in value:
                hits.append(("numeric_underscore", token.start, token.end))
            if not python2 and _OLD_OCTAL.match(value) and not _ZEROS.match(value):
                hits.append(("old_octal", token.start, token.end))
        elif token.kind == STRING:
            key = _prefix_key(string_prefix(value[:3]), target)
            if key is not None:
                hits.append((key, token.start, token.end))
        elif token.kind == NAME and python2 and not value.isascii():
            hits.append(("nonascii_name", token.start, token.end))
    return hits


def _prefix_key(prefix: str, target: Version) -> str | None:
    if "f" in prefix and not FACTS["fstring"].accepts(target):
        return "fstring"
    if "t" in prefix and not FACTS["template_string"].accepts(target):
        return "template_string"
    if prefix == "ur" and target[0] >= 3:
        return "ur_prefix"
    if prefix == "rb" and not FACTS["rb_prefix"].accepts(target):
        return "rb_prefix"
    if prefix == "u" and not FACTS["u_prefix"].accepts(target):
        return "u_prefix"
    return None


def python2_markers(text: str, lexed: Lexed) -> list[Hit]:
    """Spellings that only Python 2 accepts, in source order."""
    hits: list[Hit] = []
    tokens = [token for token in lexed.tokens if token.kind not in (INDENT, DEDENT, END)]
    line_start = True
    for index, token in enumerate(tokens):
        value = text[token.start : token.end]
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.kind == NEWLINE:
            line_start = True
            continue
        first, line_start = line_start, False
        if token.kind == NAME and first and value in ("print", "exec") and after is not None:
            if _starts_operand(text, after) and after.start <= _line_end(text, token.end):
                key = "print_statement" if value == "print" else "exec_statement"
                hits.append((key, token.start, after.end))
        elif token.kind == NAME and first and value in ("except", "raise"):
            comma = _depth_zero_comma(text, tokens, index)
            if comma is not None:
                key = "except_comma" if value == "except" else "raise_comma"
                hits.append((key, token.start, comma.end))
        elif token.kind == OP and value in ("`", "<>"):
            key = "backticks" if value == "`" else "not_equal_old"
            hits.append((key, token.start, token.end))
        elif token.kind == NUMBER:
            if _OLD_OCTAL.match(value) and not _ZEROS.match(value):
                hits.append(("old_octal", token.start, token.end))
            elif after is not None and after.start == token.end and after.kind == NAME:
                integer = value.isdigit() or value[:2].lower() in ("0x", "0o", "0b")
                if integer and text[after.start : after.end] in ("L", "l"):
                    hits.append(("long_suffix", token.start, after.end))
        elif token.kind == STRING and string_prefix(value[:3]) == "ur":
            hits.append(("ur_prefix", token.start, token.end))
    return hits


def _starts_operand(text: str, token: Token) -> bool:
    value = text[token.start : token.end]
    if token.kind == NAME:
        return not keyword.iskeyword(value) or value in _EXPRESSION_KEYWORDS
    return token.kind in _PRINT_FOLLOWERS


def _line_end(text: str, position: int) -> int:
    ends = [index for index in (text.find("\n", position), text.find("\r", position)) if index >= 0]
    return min(ends) if ends else len(text)


def _depth_zero_comma(text: str, tokens: list[Token], index: int) -> Token | None:
    """The first comma outside brackets in the logical line from `index` (None: none, or the
    line has `as`, as a Python 3 `except E as e:` has)."""
    depth = tokens[index].depth
    comma = None
    for token in tokens[index + 1 :]:
        if token.kind == NEWLINE:
            break
        value = text[token.start : token.end]
        if token.depth == depth and token.kind == NAME and value in ("as", "from"):
            return None
        if comma is None and token.depth == depth and token.kind == OP and value == ",":
            comma = token
    return comma
