"""The one reader of integers written in project files, safe from CPython's conversion limit.

Why this module exists: CPython refuses to convert a decimal string of more than 4,300 digits to
an int, or an int that large back to a string (`ValueError`, a guard against quadratic-time
conversion; `PYTHONINTMAXSTRDIGITS` can lower it to 640). Every format enginelint reads can hold
such a number — a settings value, a `.python-version` component, a leanengine.yaml scalar, a
string of digits in Python code — and a crash there is a useless EL006. So every integer read from
a file goes through `read_int`, and every int that may have come from a file is shown through
`show_int`.

A number longer than `MAX_DIGITS` is never converted: it becomes an `Oversized`, an int whose
value is ±10**MAX_DIGITS (beyond every bound a rule compares with, so range checks still say
"too large") and which prints as a shortened spelling of its digits. No setting, port, version or
timeout needs a hundred digits, so the exact value is never needed.
"""

from __future__ import annotations

import re
import sys
from typing import Optional

from .lazy_re import lazy_pattern

# Longer numbers are kept as `Oversized`; far below CPython's lowest configurable limit (640).
MAX_DIGITS = 100
_HUGE = 10**MAX_DIGITS
# How many digits of an oversized number a message shows at each end.
_SHOWN = 8

_DECIMAL = re.compile(r"[+-]?[0-9]+\Z", re.ASCII)
_BASE_DIGITS = {2: lazy_pattern(r"[01]+\Z"), 8: lazy_pattern(r"[0-7]+\Z"),
                16: lazy_pattern(r"[0-9a-fA-F]+\Z", re.ASCII)}
_PREFIXES = {2: "0b", 8: "0o", 16: "0x"}


class Oversized(int):
    """An integer too long to convert: ±10**MAX_DIGITS as a number, its spelling as text.

    Comparisons and `isinstance(x, int)` behave as for any huge int (a schema's `maximum`
    rejects it, a table lookup misses it); `str`, `repr` and f-strings show the digits
    shortened, with their count, so a message can name it.
    """

    spelling: str

    def __new__(cls, spelling: str) -> Oversized:
        negative = spelling.lstrip().startswith("-")
        value = super().__new__(cls, -_HUGE if negative else _HUGE)
        value.spelling = shorten_digits(spelling.strip())
        return value

    def __str__(self) -> str:
        return self.spelling

    def __reduce__(self) -> tuple[object, tuple[str, bool]]:
        # Copies and pickles keep the spelling (int's own reduction would pass the number).
        return (_restore, (self.spelling, self < 0))

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        try:
            return format(self.spelling, spec)  # alignment and width apply to the text
        except ValueError:  # a numeric format (`,`, `d`, `x`): the spelling is all there is
            return self.spelling


def _restore(spelling: str, negative: bool) -> Oversized:
    value = int.__new__(Oversized, -_HUGE if negative else _HUGE)
    value.spelling = spelling
    return value


def shorten_digits(text: str) -> str:
    """A long number as `12345678…87654321 (5,000 digits)`; short text unchanged."""
    if len(text) <= 2 * _SHOWN + 1:
        return text
    body = text.lstrip("+-")
    if body[:2].lower() in ("0x", "0o", "0b"):
        body = body[2:]
    return f"{text[:_SHOWN]}…{text[-_SHOWN:]} ({len(body):,} digits)"


def read_int(text: str, base: int = 10) -> Optional[int]:
    """`int(text, base)` for a plain integer spelling (optional sign, digits of `base`, no
    prefix, no underscores, no spaces); None when `text` is not one. More than MAX_DIGITS
    digits give an `Oversized`, never a ValueError."""
    sign = ""
    digits = text
    if digits[:1] in ("+", "-"):
        sign, digits = digits[:1], digits[1:]
    if base == 10:
        if not _DECIMAL.match(digits) or digits[:1] in ("+", "-"):
            return None
    elif base in _BASE_DIGITS:
        if not _BASE_DIGITS[base].match(digits):
            return None
    else:
        raise ValueError(f"unsupported base {base}")
    significant = digits.lstrip("0") or "0"
    if base == 10 and len(significant) > MAX_DIGITS:
        return Oversized(sign + significant)
    value = int(significant, base)
    if sign == "-":
        value = -value
    return value if base == 10 else bounded(value, sign + _PREFIXES[base] + digits)


def bounded(value: int, spelling: Optional[str] = None) -> int:
    """`value`, or an `Oversized` when it has more than MAX_DIGITS decimal digits (a hex literal
    of ten thousand digits converts, but could never be printed)."""
    if isinstance(value, Oversized) or -_HUGE < value < _HUGE:
        return value
    if spelling is None:
        spelling = f"0x{abs(value):x}" if value >= 0 else f"-0x{abs(value):x}"
    return Oversized(spelling if value >= 0 or spelling.startswith("-") else "-" + spelling)


def show_int(value: int) -> str:
    """`str(value)` that never raises: a number too long to print is shortened."""
    if isinstance(value, Oversized) or -_HUGE < value < _HUGE:
        return str(value)
    return str(bounded(value))


def conversion_limit() -> int:
    """The digits CPython converts at most here (0 when it has no limit)."""
    getter = getattr(sys, "get_int_max_str_digits", None)
    return int(getter()) if getter is not None else 0


def too_long_to_convert(digits: int) -> bool:
    """Whether CPython would refuse to convert a decimal number of `digits` digits."""
    limit = conversion_limit()
    return bool(limit) and digits > limit
