""".leanignore → the deploy tool's own matcher, line by line, with positions.

`lean deploy` decides what to upload with `.leanignore` read by the `parseignore` matcher, whose
rules differ from gitignore's in ways that surprise (PLATFORM.md ".leanignore"): a wildcard
pattern without `/` is an unanchored search in which `*` crosses `/` (`tmp*` excludes
`templates/attmp.html`), a leading `/` never matches, `**` stops the deploy. Checking a project
against gitignore semantics would report the wrong files, so this module re-implements the
deploy tool's reading and also keeps the reading a user expects (`intended`), which is what lets
EL109 name the files a pattern excludes by surprise.

Wildcard matching is done without backtracking regular expressions when a pattern has many
`*`s, so a hostile pattern cannot make a run take minutes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Union

from ..diagnostics import Span
from ..files import TextFile
from ..platform import DEFAULT_LEANIGNORE_PYTHON, LEANIGNORE_FILE

if TYPE_CHECKING:
    from ..project import Project

# How the deploy tool reads a pattern (see the module docstring).
COMPONENT = "component"  # no `/`, no wildcard: a file or folder name at any depth
UNANCHORED = "unanchored"  # no `/`, wildcards: a search to the end in which `*` crosses `/`
GLOB = "glob"  # has `/`: the whole relative path, shell-glob rules
ROOTED = "rooted"  # starts with `/`: never matches (walked paths have no leading `/`)
INVALID = "invalid"  # contains `**`: the deploy tool refuses it and the deploy stops

_WILDCARDS = "*?["
# Above this many `*`s a backtracking regular expression can take polynomial time of high degree
# on a long path; such patterns are matched by the linear-state simulation instead.
_MAX_REGEX_STARS = 3

# Tokens of a wildcard pattern: a literal character, `?`, `*`, or a `[...]` class.
_STAR = "star"
_ANY = "any"
_CHAR = "char"
_CLASS = "class"
_Token = tuple[str, str, bool]  # (kind, text: the char or the class body, class negated)


@dataclass(frozen=True)
class IgnorePattern:
    """One pattern line of .leanignore (or of the deploy tool's defaults).

    `text` is the pattern as the tool sees it (trailing spaces trimmed, `!` included), `body` the
    part that is matched (no `!`, no trailing `/`, escapes kept). `span` covers `text` in the file;
    None for a default pattern.
    """

    line: int
    text: str
    body: str
    negated: bool
    dir_only: bool
    kind: str
    span: Optional[Span]
    _tokens: tuple[_Token, ...] = ()
    _regex: Optional[re.Pattern[str]] = None

    @property
    def name(self) -> str:
        """The unescaped name a COMPONENT pattern stands for."""
        return _unescape(self.body)

    def matches(self, path: str, is_dir: bool) -> bool:
        """Whether the deploy tool's matcher says this pattern matches `path`.

        `path` is relative with `/` separators (`.` for the project root itself).
        """
        if self.dir_only and not is_dir:
            return False
        if self.kind == COMPONENT:
            return self.name in path.split("/")
        if self.kind == UNANCHORED:
            if self._regex is not None:
                return self._regex.search(path) is not None
            return _simulate(((_STAR, "", False), *self._tokens), path, star_crosses_slash=True)
        if self.kind == GLOB:
            if self._regex is not None:
                return self._regex.fullmatch(path) is not None
            return _simulate(self._tokens, path, star_crosses_slash=False)
        return False

    def intended(self, path: str, is_dir: bool) -> bool:
        """Whether the pattern matches `path` the way it reads (gitignore-style).

        For an UNANCHORED pattern: the last path component matches the whole pattern with `*`
        confined to that component. For the other kinds, the same as `matches`.
        """
        if self.kind != UNANCHORED:
            return self.matches(path, is_dir)
        if self.dir_only and not is_dir:
            return False
        return _simulate(self._tokens, path.rsplit("/", 1)[-1], star_crosses_slash=False)


@dataclass(frozen=True)
class LeanIgnore:
    """The patterns `lean deploy` applies; `path` None means the tool's defaults (no file)."""

    path: Optional[str]
    patterns: tuple[IgnorePattern, ...]

    @property
    def invalid(self) -> list[IgnorePattern]:
        """Patterns the deploy tool refuses (the deploy stops)."""
        return [p for p in self.patterns if p.kind == INVALID]

    def decide(self, path: str, is_dir: bool) -> Optional[IgnorePattern]:
        """The last pattern that matches `path` (it decides), or None when none does.

        Invalid patterns take no part: they never compile.
        """
        found: Optional[IgnorePattern] = None
        for pattern in self.patterns:
            if pattern.kind in (INVALID, ROOTED):
                continue
            if pattern.matches(path, is_dir):
                found = pattern
        return found

    def excluding(self, path: str, is_dir: bool) -> Optional[IgnorePattern]:
        """The pattern that excludes `path` itself (not counting its folders), or None."""
        found = self.decide(path, is_dir)
        return found if found is not None and not found.negated else None


def leanignore(project: Project) -> Optional[LeanIgnore]:
    """The project's .leanignore (at the project root) parsed once, or the deploy tool's Python
    defaults when there is none. None when the file exists but cannot be read (EL001/EL002)."""

    def build() -> Optional[LeanIgnore]:
        if not project.exists(LEANIGNORE_FILE):
            return default_leanignore()
        text = project.read(LEANIGNORE_FILE)
        return parse_leanignore(text) if text is not None else None

    return project.cached("leanignore", build)


def default_leanignore() -> LeanIgnore:
    """What `lean deploy` writes and applies when a Python project has no .leanignore."""
    patterns = [
        compile_pattern(index + 1, text, None)
        for index, text in enumerate(DEFAULT_LEANIGNORE_PYTHON)
    ]
    return LeanIgnore(None, tuple(p for p in patterns if p is not None))


def parse_leanignore(file: TextFile) -> LeanIgnore:
    """Every pattern line of a .leanignore file, in order, with its span."""
    patterns: list[IgnorePattern] = []
    for number in range(1, file.line_count + 1):
        text = trim_line(file.line(number))
        if not text or text.startswith("#"):
            continue
        span = Span.of(number, 1, number, len(text) + 1)
        pattern = compile_pattern(number, text, span)
        if pattern is not None:
            patterns.append(pattern)
    return LeanIgnore(file.path, tuple(patterns))


def parse_lines(lines: Union[str, list[str]]) -> LeanIgnore:
    """Parse pattern text without a file (for tests and the defaults)."""
    text = lines if isinstance(lines, str) else "\n".join(lines)
    return parse_leanignore(TextFile(LEANIGNORE_FILE, text))


def trim_line(line: str) -> str:
    """The line without trailing spaces, except a space escaped by a backslash."""
    end = len(line)
    while end > 0 and line[end - 1] == " ":
        backslashes = 0
        index = end - 2
        while index >= 0 and line[index] == "\\":
            backslashes += 1
            index -= 1
        if backslashes % 2 == 1:
            break
        end -= 1
    return line[:end]


def compile_pattern(line: int, text: str, span: Optional[Span]) -> Optional[IgnorePattern]:
    """One pattern line → its reading by the deploy tool; None for a line that is no pattern."""
    negated = text.startswith("!")
    body = text[1:] if negated else text
    if not body:
        return None
    dir_only = body.endswith("/") and not _escaped_at(body, len(body) - 1)
    if "**" in body:
        kind = INVALID
    elif body.startswith("/"):
        kind = ROOTED
    else:
        if dir_only:
            body = body[:-1]
        if not body:
            return None
        if "/" in body:
            kind = GLOB
        elif _has_wildcard(body):
            kind = UNANCHORED
        else:
            kind = COMPONENT
    tokens: tuple[_Token, ...] = ()
    regex: Optional[re.Pattern[str]] = None
    if kind in (UNANCHORED, GLOB):
        tokens = _tokenize(body)
        stars = sum(1 for token in tokens if token[0] == _STAR)
        if stars <= _MAX_REGEX_STARS:
            crosses = kind == UNANCHORED
            source = "".join(_token_regex(token, crosses) for token in tokens)
            regex = re.compile(source + r"\Z" if crosses else source, re.DOTALL)
    return IgnorePattern(line, text, body, negated, dir_only, kind, span, tokens, regex)


# --- wildcard grammar ---------------------------------------------------------------------------


def _escaped_at(text: str, index: int) -> bool:
    backslashes = 0
    index -= 1
    while index >= 0 and text[index] == "\\":
        backslashes += 1
        index -= 1
    return backslashes % 2 == 1


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)


def _has_wildcard(body: str) -> bool:
    return any(kind != _CHAR for kind, _text, _negated in _tokenize(body))


def _tokenize(body: str) -> tuple[_Token, ...]:
    """Split a pattern into wildcard tokens; an unclosed `[` is a literal `[`."""
    tokens: list[_Token] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            tokens.append((_CHAR, body[index + 1], False))
            index += 2
            continue
        if char == "*":
            if not (tokens and tokens[-1][0] == _STAR):
                tokens.append((_STAR, "", False))
        elif char == "?":
            tokens.append((_ANY, "", False))
        elif char == "[":
            close = _class_end(body, index)
            if close is None:
                tokens.append((_CHAR, char, False))
            else:
                inner = body[index + 1 : close]
                negated = inner[:1] in ("^", "!")
                tokens.append((_CLASS, inner[1:] if negated else inner, negated))
                index = close + 1
                continue
        else:
            tokens.append((_CHAR, char, False))
        index += 1
    return tuple(tokens)


def _class_end(body: str, start: int) -> Optional[int]:
    index = start + 1
    if index < len(body) and body[index] in "^!":
        index += 1
    if index < len(body) and body[index] == "]":
        index += 1
    while index < len(body):
        if body[index] == "\\":
            index += 2
            continue
        if body[index] == "]":
            return index
        index += 1
    return None


def _class_regex(inner: str, negated: bool) -> str:
    parts: list[str] = []
    index = 0
    while index < len(inner):
        char = inner[index]
        if char == "\\" and index + 1 < len(inner):
            index += 1
            char = inner[index]
        if index + 2 < len(inner) and inner[index + 1] == "-":
            parts.append(f"{re.escape(char)}-{re.escape(inner[index + 2])}")
            index += 3
            continue
        parts.append(re.escape(char))
        index += 1
    return "[" + ("^" if negated else "") + "".join(parts) + "]"


def _token_regex(token: _Token, star_crosses_slash: bool) -> str:
    kind, text, negated = token
    if kind == _STAR:
        return ".*" if star_crosses_slash else "[^/]*"
    if kind == _ANY:
        return "." if star_crosses_slash else "[^/]"
    if kind == _CLASS:
        return _class_regex(text, negated)
    return re.escape(text)


def _token_accepts(token: _Token, char: str, star_crosses_slash: bool) -> bool:
    kind, text, negated = token
    if kind == _ANY:
        return star_crosses_slash or char != "/"
    if kind == _CLASS:
        return re.fullmatch(_class_regex(text, negated), char) is not None
    return text == char


def _simulate(tokens: tuple[_Token, ...], text: str, star_crosses_slash: bool) -> bool:
    """Whole-string wildcard match by simulating all positions at once: O(len × tokens)."""
    count = len(tokens)

    def close(states: set[int]) -> set[int]:
        # A `*` may match nothing: reaching it also reaches the token after it.
        result = set(states)
        stack = list(states)
        while stack:
            state = stack.pop()
            if state < count and tokens[state][0] == _STAR and state + 1 not in result:
                result.add(state + 1)
                stack.append(state + 1)
        return result

    states = close({0})
    for char in text:
        following: set[int] = set()
        for state in states:
            if state >= count:
                continue
            token = tokens[state]
            if token[0] == _STAR:
                if star_crosses_slash or char != "/":
                    following.add(state)
            elif _token_accepts(token, char, star_crosses_slash):
                following.add(state + 1)
        if not following:
            return False
        states = close(following)
    return count in states
