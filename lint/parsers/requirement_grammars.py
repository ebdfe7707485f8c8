"""The two requirement grammars pip has used, written out so that no installed library decides.

pip reads the requirement part of a line (`name[extras] specifiers`, `name @ url`) with the
`packaging` library it vendors, and the grammar changed once: pip 24.0 and older vendor packaging
21.3 or older (a pyparsing grammar with *legacy* specifiers, where `>=` may be followed by any
text or by nothing), pip 24.1 and newer vendor packaging 24 to 26 (a hand-written tokenizer
that knows only PEP 440 versions). Which of them an installed `packaging` follows depends on its
version (26.4 already rejects `x===`, which the packaging of pip 26.3 accepts), so enginelint
does not ask it: `legacy_error` and `modern_error` follow the vendored grammars, and
`tools/pip_truth` checks both against real pip releases.

Both take the string pip hands to packaging: the line without its options and without its
environment marker (pip splits the marker off first and parses it on its own, `marker_error`).
Each returns None when the grammar accepts the string, else a one-line reason.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Optional, Union

from ..lazy_re import lazy_pattern

if TYPE_CHECKING:
    from urllib.parse import ParseResult

# --- PEP 440 specifiers, as both packaging generations spell them -----------------------------
_PRE = r"(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?"
_PRE_LEGACY_ORDER = r"(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?"
_POST = r"(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?"
_DEV = r"(?:[-_.]?dev[-_.]?[0-9]*)?"
_LOCAL = r"(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?"
_RELEASE = r"v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*"


def _specifier_pattern(pre: str, arbitrary: str) -> re.Pattern[str]:
    return lazy_pattern(
        r"(?P<operator>~=|==|!=|<=|>=|<|>|===)"
        r"(?P<version>"
        rf"(?:(?<====)\s*{arbitrary})"
        rf"|(?:(?<===|!=)\s*{_RELEASE}(?:\.\*|{pre}{_POST}{_DEV}{_LOCAL})?)"
        rf"|(?:(?<=~=)\s*v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)+{pre}{_POST}{_DEV})"
        rf"|(?:(?<!==|!=|~=)\s*{_RELEASE}{pre}{_POST}{_DEV})"
        r")",
        re.IGNORECASE,
    )


# packaging 22+ (pip 24.1+): an arbitrary `===` version stops at whitespace, `;` and `)`.
_MODERN_SPECIFIER = _specifier_pattern(_PRE, r"[^\s;)]*")
# packaging ≤ 21.3 (pip ≤ 24.0): it stops at whitespace only.
_PEP440_SPECIFIER = _specifier_pattern(_PRE_LEGACY_ORDER, r"[^\s]*")
# packaging ≤ 21.3's LegacySpecifier: any operator but `~=`/`===`, then anything up to a
# separator — or nothing.
_LEGACY_SPECIFIER = lazy_pattern(r"(?P<operator>==|!=|<=|>=|<|>)\s*(?P<version>[^,;\s)]*)")

# --- packaging 22+ (pip 24.1+): its tokenizer's rules ------------------------------------------
_IDENTIFIER = lazy_pattern(r"\b[a-zA-Z0-9][a-zA-Z0-9._-]*\b")
_URL = lazy_pattern(r"[^ \t]+")
_WS = lazy_pattern(r"[ \t]+")
_PREFIX_TRAIL = lazy_pattern(r"\.\*")
_LOCAL_TRAIL = lazy_pattern(r"\+[a-z0-9]+(?:[-_.][a-z0-9]+)*")
_QUOTED = lazy_pattern(r"""('[^']*'|"[^"]*")""")
_OP = lazy_pattern(r"(===|==|~=|!=|<=|>=|<|>)")
_BOOLOP = lazy_pattern(r"\b(or|and)\b")
_IN = lazy_pattern(r"\bin\b")
_NOT = lazy_pattern(r"\bnot\b")
_VARIABLE = lazy_pattern(
    r"\b(python_version|python_full_version|os[._]name|sys[._]platform|platform_(release|system)"
    r"|platform[._](version|machine|python_implementation)|python_implementation"
    r"|implementation_(name|version)|extra)\b"
)


class _Syntax(Exception):
    """A grammar rejected the string; the message says what it expected."""


# A literal, or a pattern (compiled on first use: `lazy_pattern`).
_Expected = Union[str, "re.Pattern[str]"]

# What a specifier starts with; the specifier patterns are tried only after one.
_OPERATOR_CHARACTERS = ("~", "=", "!", "<", ">")


class _Tokens:
    """A cursor over the string with packaging's `check`/`consume`/`expect` vocabulary."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0

    def match(self, pattern: re.Pattern[str]) -> Optional[re.Match[str]]:
        return pattern.match(self.text, self.position)

    def starts(self, literals: tuple[str, ...]) -> bool:
        return self.text.startswith(literals, self.position)

    def check(self, literal_or_pattern: _Expected) -> bool:
        if isinstance(literal_or_pattern, str):
            return self.text.startswith(literal_or_pattern, self.position)
        return self.match(literal_or_pattern) is not None

    def read(self, literal_or_pattern: _Expected) -> str:
        if isinstance(literal_or_pattern, str):
            self.position += len(literal_or_pattern)
            return literal_or_pattern
        found = self.match(literal_or_pattern)
        assert found is not None
        self.position = found.end()
        return found.group()

    def consume(self, literal_or_pattern: _Expected) -> None:
        if self.check(literal_or_pattern):
            self.read(literal_or_pattern)

    def expect(self, literal_or_pattern: _Expected, expected: str) -> str:
        if not self.check(literal_or_pattern):
            raise _Syntax(f"expected {expected}")
        return self.read(literal_or_pattern)

    @property
    def at_end(self) -> bool:
        return self.position >= len(self.text)


_OPERATOR_START = lazy_pattern(r"(~=|===|==|!=|<=|>=|<|>|=)")
_BARE_NAME = lazy_pattern(r"\s*[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")


def _first_line(error: _Syntax, text: str, position: int) -> str:
    """The complaint, said the way a person would fix it where a hint is clear."""
    rest = text[position:].strip()
    if not rest:
        return f"{error} at the end"
    if rest.startswith(",") and not rest[1:].strip():
        return "a comma with no version specifier after it"
    if _OPERATOR_START.match(rest):
        written = re.split(r"[,;\s]", rest, maxsplit=1)[0]
        return f"`{written}` is not a valid version specifier"
    if rest[0] in "-_." and _BARE_NAME.fullmatch(text[:position]):
        return "a name must end with a letter or a digit"
    shown = rest[:12] + ("…" if len(rest) > 12 else "")
    return f"{error} at `{shown}`"


@lru_cache(maxsize=4096)
def modern_error(text: str) -> Optional[str]:
    """Why packaging 22–26.3 (pip 24.1 and newer) rejects `text`, or None."""
    tokens = _Tokens(text)
    try:
        tokens.consume(_WS)
        tokens.expect(_IDENTIFIER, "a package name at the start")
        tokens.consume(_WS)
        _modern_extras(tokens)
        tokens.consume(_WS)
        if tokens.check("@"):
            tokens.read("@")
            tokens.consume(_WS)
            tokens.expect(_URL, "a URL after `@`")
            if not tokens.at_end:
                tokens.expect(_WS, "whitespace after the URL")
                if not tokens.at_end:
                    raise _Syntax("expected the end after the URL")
            return None
        opened = tokens.check("(")
        if opened:
            tokens.read("(")
        tokens.consume(_WS)
        _modern_specifiers(tokens)
        tokens.consume(_WS)
        if opened:
            tokens.expect(")", "`)` to close the version specifier")
        tokens.consume(_WS)
        if not tokens.at_end:
            raise _Syntax("expected a comma between version specifiers, or the end")
    except _Syntax as error:
        return _first_line(error, text, tokens.position)
    return None


def _modern_extras(tokens: _Tokens) -> None:
    if not tokens.check("["):
        return
    tokens.read("[")
    tokens.consume(_WS)
    if tokens.check(_IDENTIFIER):
        tokens.read(_IDENTIFIER)
        while True:
            tokens.consume(_WS)
            if tokens.check(_IDENTIFIER):
                raise _Syntax("expected a comma between extra names")
            if not tokens.check(","):
                break
            tokens.read(",")
            tokens.consume(_WS)
            tokens.expect(_IDENTIFIER, "an extra name after the comma")
    tokens.consume(_WS)
    tokens.expect("]", "`]` to close the extras")


def _modern_specifiers(tokens: _Tokens) -> None:
    while tokens.starts(_OPERATOR_CHARACTERS) and tokens.check(_MODERN_SPECIFIER):
        tokens.read(_MODERN_SPECIFIER)
        if tokens.check(_PREFIX_TRAIL):
            raise _Syntax("`.*` can only follow `==` or `!=`")
        if tokens.check(_LOCAL_TRAIL):
            raise _Syntax("a local version label (`+…`) can only follow `==` or `!=`")
        tokens.consume(_WS)
        if not tokens.check(","):
            break
        tokens.read(",")
        tokens.consume(_WS)


@lru_cache(maxsize=4096)
def marker_error(text: str) -> Optional[str]:
    """Why an environment marker does not parse (the grammar every pip release shares), or None."""
    tokens = _Tokens(text)
    try:
        _marker(tokens, 0)
        tokens.consume(_WS)
        if not tokens.at_end:
            raise _Syntax("expected `and`, `or` or the end of the marker")
    except _Syntax as error:
        return _first_line(error, text, tokens.position)
    except RecursionError:
        return "it is nested too deeply to parse"
    return None


def _marker(tokens: _Tokens, depth: int) -> None:
    _marker_atom(tokens, depth)
    while True:
        tokens.consume(_WS)
        if not tokens.check(_BOOLOP):
            return
        tokens.read(_BOOLOP)
        _marker_atom(tokens, depth)


def _marker_atom(tokens: _Tokens, depth: int) -> None:
    tokens.consume(_WS)
    if tokens.check("("):
        if depth > 200:
            raise RecursionError
        tokens.read("(")
        tokens.consume(_WS)
        _marker(tokens, depth + 1)
        tokens.consume(_WS)
        tokens.expect(")", "`)` to close the marker group")
        return
    _marker_value(tokens)
    tokens.consume(_WS)
    if tokens.check(_OP):
        tokens.read(_OP)
    elif tokens.check(_IN):
        tokens.read(_IN)
    elif tokens.check(_NOT):
        tokens.read(_NOT)
        tokens.expect(_WS, "whitespace after `not`")
        tokens.expect(_IN, "`in` after `not`")
    else:
        raise _Syntax("expected a comparison operator (`==`, `>=`, `in`…)")
    tokens.consume(_WS)
    _marker_value(tokens)


def _marker_value(tokens: _Tokens) -> None:
    if tokens.check(_VARIABLE):
        tokens.read(_VARIABLE)
    elif tokens.check(_QUOTED):
        tokens.read(_QUOTED)
    else:
        raise _Syntax("expected a marker variable or a quoted string")


# --- packaging ≤ 21.3 (pip ≤ 24.0) ----------------------------------------------------------
_LEGACY_NAME = lazy_pattern(r"[A-Za-z0-9]+(?:[-_.]*[A-Za-z0-9]+)*")
_LEGACY_URI = lazy_pattern(r"[^ ]+")
# pyparsing skips this whitespace before every token.
_LEGACY_WS = lazy_pattern(r"[ \t\n\r]*")


@lru_cache(maxsize=4096)
def legacy_error(text: str) -> Optional[str]:
    """Why packaging ≤ 21.3 (pip 24.0 and older) rejects `text`, or None.

    Its grammar: a name; optional `[extras]`; then `@ URL` (the URL needs a scheme and a host,
    `file:` URLs must be written the way Python writes them back), or a comma-separated list of
    specifiers, optionally in parentheses, each the longer of a PEP 440 and a legacy reading.
    """
    tokens = _Tokens(text)
    try:
        _legacy_skip(tokens)
        tokens.expect(_LEGACY_NAME, "a package name at the start")
        _legacy_skip(tokens)
        if tokens.check("["):
            tokens.read("[")
            _legacy_skip(tokens)
            if tokens.check(_LEGACY_NAME):
                tokens.read(_LEGACY_NAME)
                _legacy_skip(tokens)
                while tokens.check(","):
                    tokens.read(",")
                    _legacy_skip(tokens)
                    tokens.expect(_LEGACY_NAME, "an extra name after the comma")
                    _legacy_skip(tokens)
            tokens.expect("]", "`]` to close the extras")
            _legacy_skip(tokens)
        if tokens.check("@"):
            tokens.read("@")
            _legacy_skip(tokens)
            url = tokens.expect(_LEGACY_URI, "a URL after `@`")
            _legacy_skip(tokens)
            if not tokens.at_end:
                raise _Syntax("expected the end after the URL")
            return _legacy_url_error(url)
        _legacy_specifiers(tokens)
        _legacy_skip(tokens)
        if not tokens.at_end:
            raise _Syntax("expected a comma between version specifiers, or the end")
    except _Syntax as error:
        return _first_line(error, text, tokens.position)
    return None


def _legacy_skip(tokens: _Tokens) -> None:
    tokens.read(_LEGACY_WS)


def _legacy_one(tokens: _Tokens) -> bool:
    """One specifier: the longer of the PEP 440 and the legacy reading (pyparsing's `^`)."""
    if not tokens.starts(_OPERATOR_CHARACTERS):
        return False  # both readings start with an operator
    pep440 = tokens.match(_PEP440_SPECIFIER)
    legacy = tokens.match(_LEGACY_SPECIFIER)
    ends = [found.end() for found in (pep440, legacy) if found is not None]
    if not ends:
        return False
    tokens.position = max(ends)
    return True


def _legacy_specifiers(tokens: _Tokens) -> None:
    start = tokens.position
    opened = tokens.check("(")
    if opened:
        tokens.read("(")
        _legacy_skip(tokens)
    if not _legacy_one(tokens):
        if opened:
            tokens.position = start  # `(` alone is not a specifier list: nothing matched
        return
    while True:
        mark = tokens.position
        _legacy_skip(tokens)
        if not tokens.check(","):
            tokens.position = mark
            break
        tokens.read(",")
        _legacy_skip(tokens)
        if not _legacy_one(tokens):
            tokens.position = mark  # a trailing comma is left over, and the end is expected
            break
    if opened:
        _legacy_skip(tokens)
        if not tokens.check(")"):
            tokens.position = start
            return
        tokens.read(")")


def _legacy_url_error(url: str) -> Optional[str]:
    from urllib.parse import urlparse

    parts = urlparse(url)
    if parts.scheme == "file":
        if _unparse_like_python_311(parts) != url:
            return f"`{url}` is not a `file:` URL packaging 21.3 accepts (write `file:///…`)"
        return None
    if not (parts.scheme and parts.netloc):
        return f"`{url}` is not a URL with a scheme and a host"
    return None


def _unparse_like_python_311(parts: ParseResult) -> str:
    """`urllib.parse.urlunparse` as the Pythons that ran pip ≤ 24.0 wrote a `file:` URL."""
    scheme, netloc, path, params, query, fragment = parts
    if params:
        path = f"{path};{params}"
    if path and not path.startswith("/"):
        path = "/" + path
    url = f"{scheme}://{netloc}{path}"
    if query:
        url += f"?{query}"
    if fragment:
        url += f"#{fragment}"
    return url
