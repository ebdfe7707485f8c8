"""What a scalar's text means: its YAML 1.2 value, the platform's YAML 1.1 reading, its spelling.

Why this module exists: enginelint types the document as YAML 1.2 does, but the platform reads it
with Go's yaml.v2, a YAML 1.1 parser, and the two disagree on unquoted scalars such as `yes`,
`on` or `0755`. `_scalar_value` turns a node's resolved tag into the Python value `document` puts
in the data; `yaml11_value` is the platform's reading of the same text; `ScalarInfo` records how a
scalar was written (style, source text, span) so that rules (EL411, fixes) can compare the two.
"""

from __future__ import annotations

import math
import re
from typing import Any, Optional

from ...diagnostics import Span
from ...lazy_dataclass import dataclass
from ...numbers import bounded, read_int
from .nodes import _BOOL, _FLOAT, _INT, _NULL, PLAIN, Path, _Scalar


@dataclass(frozen=True)
class ScalarInfo:
    """One scalar as written: for rules that care how a value was spelled (EL411, fixes).

    `text` is the scalar's string after YAML unquoting and folding (before type resolution),
    `source` the characters in the file (quotes included), `tag` the YAML 1.2 tag it resolved to,
    `style` None for plain, `'`, `"`, `|` or `>`. `path` is where it sits in `data` (for a key:
    the path of the entry it names).
    """

    path: Path
    text: str
    source: str
    tag: str
    style: Optional[str]
    span: Span
    is_key: bool = False

    @property
    def plain(self) -> bool:
        return self.style is PLAIN

    def yaml11_value(self) -> Any:
        """What the platform's YAML 1.1 parser (Go yaml.v2) makes of this scalar."""
        return yaml11_value(self.text) if self.plain and not self.is_key else self.text


# --- scalar values --------------------------------------------------------------------------------
def _scalar_value(node: _Scalar) -> Any:
    """The YAML 1.2 value of a scalar from its resolved tag; the text when it does not convert."""
    text = node.value
    if node.tag == _NULL:
        return None
    if node.tag == _BOOL:
        return text.strip().lower() in ("true", "yes", "on", "y")
    try:
        if node.tag == _INT:
            return _to_int(text)
        if node.tag == _FLOAT:
            return _to_float(text)
    except ValueError:
        return text
    return text


def _to_int(text: str) -> int:
    """A YAML 1.2 int (or 1.1 sexagesimal) scalar's value; ValueError when it is not one.

    Read through `numbers.read_int`, so ten thousand digits give a number that is too large
    (EL405 says so), never CPython's conversion error.
    """
    digits = text.replace("_", "").strip()
    sign = "-" if digits.startswith("-") else ""
    digits = digits.lstrip("+-")
    if ":" in digits:  # sexagesimal, under a `%YAML 1.1` directive
        value = 0
        for part in digits.split(":"):
            value = value * 60 + _digits(part, 10)
        return bounded(-value if sign else value, text.strip())
    base = _BASES.get(digits[:2].lower())
    if base is not None:
        return _digits(sign + digits[2:], base)
    return _digits(sign + digits, 10)


_BASES = {"0x": 16, "0o": 8, "0b": 2}


def _digits(text: str, base: int) -> int:
    value = read_int(text, base)
    if value is None:
        raise ValueError(f"not a base-{base} number: {text!r}")
    return value


def _to_float(text: str) -> float:
    cleaned = text.replace("_", "").strip().lower()
    if cleaned in (".inf", "+.inf"):
        return math.inf
    if cleaned == "-.inf":
        return -math.inf
    if cleaned == ".nan":
        return math.nan
    return float(cleaned)


_YAML11_TRUE = frozenset(("y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"))
_YAML11_FALSE = frozenset(
    ("n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE")
)
_YAML11_NULL = frozenset(("", "~", "null", "Null", "NULL"))
_GO_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_GO_INT = re.compile(r"[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9][0-9]*|0)\Z")


def yaml11_value(text: str) -> Any:
    """The value Go's yaml.v2 (the platform's parser, YAML 1.1 rules) gives an unquoted scalar.

    Booleans `y/yes/on/true` and `n/no/off/false` in their three casings, nulls, ints with Go's
    base prefixes (a leading `0` is octal: `0755` is 493), floats, `.inf`/`.nan`; anything else
    is the string. yaml.v2 has no sexagesimal numbers (`1:30` stays a string there).
    """
    if text in _YAML11_TRUE:
        return True
    if text in _YAML11_FALSE:
        return False
    if text in _YAML11_NULL:
        return None
    plain = text.replace("_", "")
    if _GO_INT.match(plain):
        sign = "-" if plain.startswith("-") else ""
        digits = plain.lstrip("+-")
        base = _BASES.get(digits[:2].lower())
        if base is not None:
            return _digits(sign + digits[2:], base)
        if len(digits) > 1 and digits.startswith("0"):
            return _digits(sign + digits[1:], 8)
        return _digits(sign + digits, 10)
    if _GO_FLOAT.match(plain):
        return float(plain)
    lowered = text.lower()
    if lowered in (".inf", "+.inf"):
        return math.inf
    if lowered == "-.inf":
        return -math.inf
    if lowered == ".nan":
        return math.nan
    return text
