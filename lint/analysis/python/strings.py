"""The string formatting the evaluator can do with known values: `%`, `str.format`, `int()`.

Hosts and ports are often built from pieces (`"%s:%d" % (host, port)`, `f"{host}"`); these give
the text Python would print when every piece is a known str or int, and UNKNOWN otherwise. The
result is bounded so that a hostile file cannot make the evaluator build huge strings.
"""

from __future__ import annotations

from typing import Optional

from ...lazy_re import lazy_pattern
from .values import UNKNOWN, Const, Value

# Longest formatted string the evaluator builds (hosts and ports are short).
MAX_TEXT = 1_000
_PERCENT = lazy_pattern(r"%(%|s|d|i|r)")


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**18


def bounded(text: str) -> Value:
    return Const(text) if len(text) <= MAX_TEXT else UNKNOWN


def as_int(value: Value) -> Optional[int]:
    """`int(value)` for a known int or a short string of decimal digits, else None."""
    if isinstance(value, Const):
        if is_int(value.value):
            return int(str(value.value))
        if isinstance(value.value, str):
            text = value.value.strip()
            digits = text[1:] if text[:1] in "+-" else text
            if 0 < len(digits) <= 18 and digits.isascii() and digits.isdigit():
                return int(text)
    return None


def plain_text(value: Value) -> Optional[str]:
    """`str(value)` for a known str or int (what `{}` and `%s` print), else None."""
    if isinstance(value, Const):
        if isinstance(value.value, str):
            return value.value
        if is_int(value.value):
            return str(value.value)
    return None


def percent_format(template: str, items: tuple[Value, ...]) -> Value:
    """`template % items` when it uses only `%s`/`%d`/`%i`/`%r`-free plain fields."""
    if len(template) > MAX_TEXT:
        return UNKNOWN
    pieces: list[str] = []
    position = 0
    used = 0
    for match in _PERCENT.finditer(template):
        pieces.append(template[position : match.start()])
        position = match.end()
        kind = match.group(1)
        if kind == "%":
            pieces.append("%")
            continue
        if kind == "r" or used >= len(items):
            return UNKNOWN
        item = items[used]
        used += 1
        if kind in "di" and not (isinstance(item, Const) and is_int(item.value)):
            return UNKNOWN
        text = plain_text(item)
        if text is None:
            return UNKNOWN
        pieces.append(text)
    rest = template[position:]
    if "%" in rest or used != len(items):
        return UNKNOWN  # a field this evaluator does not format, or a TypeError at run time
    pieces.append(rest)
    return bounded("".join(pieces))


def brace_format(template: str, positional: list[Value], named: dict[str, Value]) -> Value:
    """`template.format(...)` when every field is `{}`, `{0}` or `{name}` with known values."""
    import string

    if len(template) > MAX_TEXT:
        return UNKNOWN
    pieces: list[str] = []
    automatic = 0
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return UNKNOWN
    for literal, field_name, spec, conversion in fields:
        pieces.append(literal)
        if field_name is None:
            continue
        if spec or conversion not in (None, "s"):
            return UNKNOWN
        value: Optional[Value] = None
        if field_name == "":
            value = positional[automatic] if automatic < len(positional) else None
            automatic += 1
        elif field_name.isdigit():
            index = int(field_name)
            value = positional[index] if index < len(positional) else None
        elif field_name.isidentifier():
            value = named.get(field_name)
        text = None if value is None else plain_text(value)
        if text is None:
            return UNKNOWN
        pieces.append(text)
    return bounded("".join(pieces))
