"""One `.leanignore` line → what the deploy tool's `parseignore` makes of it.

The reading, step by step (facebookgo/parseignore, the revision lean-cli 1.2.4 pins):

1. A line that Go's `strings.TrimSpace` leaves empty is skipped; so is one that starts with `#`
   (no whitespace before it, no byte-order mark).
2. A line containing `**` anywhere is refused: the deploy stops.
3. Trailing whitespace (Go's `unicode.IsSpace`: tab, no-break space, …) is trimmed — unless the
   trimmed line ends with `\\`, in which case the whole line, all its trailing whitespace
   included, is kept.
4. A leading `!` negates; then one trailing `/` means "folders only". Nothing left: refused.
5. A pattern with no `/` (an escaped `\\/` counts) and no unescaped `*`, `?` or `[` is a path
   component: it matches any path with a component of that name (backslashes before anything
   but a backslash removed). A folder-only component matches a folder of that name and every
   path *below* a component of that name, files included.
6. A pattern with a `/` is matched with Go's `filepath.Match` against the whole path
   (`goglob`); a malformed one is only noticed when it is first used, and then the deploy stops.
7. Any other pattern is translated into a Go regular expression and searched for anywhere in
   the path, up to its end (`goregexp`, `gomatch`): `*` → `.*` (crossing `/`), `?` → `.`, a
   backslash and the character after it are copied as they are (so `\\d` is a digit), every
   `[...]` holding no `]` is copied raw — except that `[!` becomes `[^` and `[^` becomes `[\\^`
   (a literal caret) — and everything else is quoted. If Go refuses the result, the deploy stops.

The last matching pattern decides; a negated one re-includes.
"""

from __future__ import annotations

import re
from typing import Optional

from ...diagnostics import Span
from ...lazy_dataclass import dataclass, field
from . import gotext
from .goglob import BadPattern, Glob
from .gomatch import Matcher
from .goregexp import GoRegexpError, parse

COMPONENT = "component"  # no `/`, no wildcard: a file or folder name at any depth
REGEXP = "regexp"  # no `/`, wildcards: a Go regular expression searched for in the path
GLOB = "glob"  # has `/`: the whole path, Go's filepath.Match
INVALID = "invalid"  # refused when the file is read: `**`, an empty pattern, a bad regexp

# The deploy tool's two stages: refused while reading .leanignore, or at the first path matched.
WHEN_READ = "read"
WHEN_WALKED = "walk"

_CHAR_GROUP = re.compile(r"\[[^\]]+\]")
_QUOTE_META = frozenset("\\.+*?()|[]{}^$")


@dataclass(frozen=True)
class IgnorePattern:
    """One pattern line of .leanignore (or of the defaults the deploy tool writes).

    `text` is the line as the deploy tool keeps it (after its trimming), `body` what is matched
    (no `!`, no trailing `/`). `regexp` is the Go expression of a REGEXP pattern. `error` is
    why the deploy tool refuses it, in its own words, and `stage` when (WHEN_READ: while reading
    the file; WHEN_WALKED: at the first path, for a malformed GLOB). `span` covers `text` in the
    file; None for a default pattern.
    """

    line: int
    text: str
    body: str
    negated: bool
    dir_only: bool
    kind: str
    span: Optional[Span]
    regexp: Optional[str] = None
    error: Optional[str] = None
    stage: Optional[str] = None
    _name: str = ""
    _matcher: Optional[Matcher] = field(default=None, compare=False, repr=False)
    _glob: Optional[Glob] = field(default=None, compare=False, repr=False)

    @property
    def usable(self) -> bool:
        """Whether the pattern takes part in matching (a refused one never does)."""
        return self.error is None

    @property
    def name(self) -> str:
        """The name a COMPONENT pattern stands for."""
        return self._name

    def matches(self, path: str, is_dir: bool) -> bool:
        """Whether the deploy tool's matcher says this pattern matches `path`.

        `path` is relative with `/` separators (`.` for the project root), as `gotext.decode`
        makes it of the bytes.
        """
        if self.kind == COMPONENT:
            parts = path.split("/")
            last = len(parts) - 1
            for index, part in enumerate(parts):
                if self.dir_only and index == last and not is_dir:
                    return False
                if part == self._name:
                    return True
            return False
        if self.dir_only and not is_dir:
            return False
        if self.kind == REGEXP and self._matcher is not None:
            return self._matcher.search(gotext.as_runes(path))
        if self.kind == GLOB and self._glob is not None:
            return self._glob.match(gotext.encode(path))
        return False

    def intended(self, path: str, is_dir: bool) -> bool:
        """Whether the pattern matches `path` the way it reads (gitignore-style): a REGEXP
        pattern must match the whole last component; other kinds as `matches`."""
        if self.kind != REGEXP or self._matcher is None:
            return self.matches(path, is_dir)
        if self.dir_only and not is_dir:
            return False
        return self._matcher.fullmatch(gotext.as_runes(path.rsplit("/", 1)[-1]))


def is_filename(pattern: str) -> bool:
    """parseignore's test for a COMPONENT pattern: no `/` (even escaped), no unescaped
    wildcard."""
    escaped = False
    for char in pattern:
        if char == "/":
            return False
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "*?[":
            return False
    return True


def unescape(pattern: str) -> str:
    """Remove each backslash that is followed by anything but a backslash."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern) and pattern[index + 1] != "\\":
            out.append(pattern[index + 1])
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def translate(pattern: str) -> str:
    """The Go regular expression parseignore makes of a REGEXP pattern (without the final `$`).

    Invalid bytes become U+FFFD outside `[...]` (Go iterates runes there) and stay raw inside.
    """
    out: list[str] = []
    position = 0
    for group in _CHAR_GROUP.finditer(pattern):
        out.append(_translate_plain(pattern[position : group.start()]))
        chunk = group.group()
        if chunk[1] == "!":
            chunk = "[^" + chunk[2:]
        elif chunk[1] == "^":
            chunk = "[\\^" + chunk[2:]
        out.append(chunk)
        position = group.end()
    out.append(_translate_plain(pattern[position:]))
    return "".join(out)


def _translate_plain(segment: str) -> str:
    out: list[str] = []
    escaped = False
    for char in segment:
        if "\udc80" <= char <= "\udcff":
            char = gotext.RUNE_ERROR
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
            out.append(char)
        elif char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        else:
            out.append("\\" + char if char in _QUOTE_META else char)
    return "".join(out)


def go_quote(text: str) -> str:
    """Go's `%q` of a string: double quotes, backslash escapes for what is not printable."""
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif "\udc80" <= char <= "\udcff":
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif char.isprintable() or char == " ":
            out.append(char)
        else:
            special = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
                       "\t": "\\t", "\v": "\\v"}.get(char)
            code = ord(char)
            out.append(special or (f"\\x{code:02x}" if code < 0x80 else
                                   f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"))
    out.append('"')
    return "".join(out)


def skipped(line: str) -> bool:
    """Whether parseignore skips a line: blank (by Go's definition) or a `#` comment."""
    return not gotext.trim_space(line) or line.startswith("#")


def kept_text(line: str) -> str:
    """The line after parseignore's trimming (rule 3 of the module docstring)."""
    right = gotext.trim_right_space(line)
    return line if right.endswith("\\") else right


def compile_line(number: int, line: str, span: Optional[Span]) -> IgnorePattern:
    """A pattern line (not `skipped`) → its reading by the deploy tool."""
    text = kept_text(line)
    if "**" in line:
        error = f"parseignore: pattern {go_quote(line)} uses the unsupported ** syntax"
        return IgnorePattern(number, text, text, False, False, INVALID, span, error=error,
                             stage=WHEN_READ)
    negated = text.startswith("!")
    body = text[1:] if negated else text
    dir_only = body.endswith("/")
    if dir_only:
        body = body[:-1]
    if not body:
        error = f"parseignore: pattern {go_quote(line)} is invalid"
        return IgnorePattern(number, text, body, negated, dir_only, INVALID, span, error=error,
                             stage=WHEN_READ)
    if is_filename(body):
        return IgnorePattern(number, text, body, negated, dir_only, COMPONENT, span,
                             _name=unescape(body))
    if "/" in body:
        try:
            glob = Glob(gotext.encode(body))
        except BadPattern:
            return IgnorePattern(number, text, body, negated, dir_only, GLOB, span,
                                 error="syntax error in pattern", stage=WHEN_WALKED)
        return IgnorePattern(number, text, body, negated, dir_only, GLOB, span, _glob=glob)
    expression = translate(body) + "$"
    try:
        matcher = Matcher(parse(expression))
    except GoRegexpError as refused:
        error = f"parseignore: invalid pattern {go_quote(body)}: {refused}"
        return IgnorePattern(number, text, body, negated, dir_only, INVALID, span,
                             regexp=expression, error=error, stage=WHEN_READ)
    return IgnorePattern(number, text, body, negated, dir_only, REGEXP, span,
                         regexp=expression, _matcher=matcher)
