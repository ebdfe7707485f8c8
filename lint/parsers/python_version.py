""".python-version → every version name in it, classified, with its position.

The platform reads the file the way pyenv does: whitespace-separated version names, lines whose
first word starts with `#` are comments, a UTF-8 BOM and surrounding whitespace are harmless.
Each name becomes an `Entry`, kept in file order with its span, so rules about the version
(invalid, non-CPython, end of life, unknown, several versions, pre-release) all read one view.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from ..diagnostics import Span
from ..files import TextFile
from ..lazy_dataclass import dataclass, field
from ..lazy_re import lazy_pattern
from ..numbers import read_int
from ..platform import NON_CPYTHON_EXACT, NON_CPYTHON_PREFIXES, PYTHON_VERSION_FILE

if TYPE_CHECKING:
    from ..project import Project

# What an entry is.
CPYTHON = "cpython"
NON_CPYTHON = "non-cpython"
INVALID = "invalid"

# A CPython name pyenv installs: X.Y or X.Y.Z, an optional aN/bN/rcN pre-release, an optional
# `t` (free-threaded build), an optional `-dev` (a development branch). No leading zeros: pyenv
# has no `3.09`.
_NUMBER = r"(?:0|[1-9][0-9]*)"
_CPYTHON = lazy_pattern(
    rf"(?P<major>{_NUMBER})\.(?P<minor>{_NUMBER})(?:\.(?P<patch>{_NUMBER}))?"
    rf"(?:(?P<pre>a|b|rc)(?P<pre_number>{_NUMBER}))?"
    r"(?P<threaded>t)?(?P<dev>-dev)?",
    re.ASCII,
)
# The longest version name a message quotes whole.
_SHOWN = 60
# pyenv splits on ASCII whitespace only; a no-break space stays part of the name.
_WORD = lazy_pattern(r"[^ \t\n\r\f\v]+")


@dataclass(frozen=True)
class CPythonVersion:
    """A CPython version name split into its parts (`3.13.0rc1`, `3.13t`, `3.14-dev`)."""

    major: int
    minor: int
    patch: Optional[int] = None
    pre: Optional[str] = None  # "a", "b" or "rc"
    pre_number: Optional[int] = None
    free_threaded: bool = False
    dev: bool = False

    @property
    def minor_version(self) -> tuple[int, int]:
        return (self.major, self.minor)

    @property
    def is_prerelease(self) -> bool:
        """A pre-release, a development branch or a free-threaded build (SPEC EL309)."""
        return self.pre is not None or self.dev or self.free_threaded


@dataclass(frozen=True)
class Entry:
    """One whitespace-separated name in the file.

    `kind` is CPYTHON (with `version`), NON_CPYTHON (with `implementation`, the matched prefix
    such as `pypy` or `system`) or INVALID.
    """

    text: str
    span: Span
    kind: str
    version: Optional[CPythonVersion] = None
    implementation: Optional[str] = None

    @property
    def line(self) -> int:
        return self.span.start.line

    @property
    def shown(self) -> str:
        """The name as messages quote it: cut after 57 characters (a file may hold one word of
        thousands, and a message names the value, it need not reproduce it)."""
        return self.text if len(self.text) <= _SHOWN else self.text[: _SHOWN - 3] + "…"


@dataclass
class PythonVersionFile:
    """The parsed `.python-version`; `entries` is empty when the file names no version."""

    path: str
    file: TextFile
    entries: list[Entry] = field(default_factory=list)

    @property
    def first(self) -> Optional[Entry]:
        """The entry pyenv (and so the platform) uses."""
        return self.entries[0] if self.entries else None

    @property
    def content_span(self) -> Span:
        """The span of everything but leading and trailing whitespace (1:1 for a blank file)."""
        text = self.file.text
        stripped = text.strip()
        if not stripped:
            return Span.point(1, 1)
        start = len(text) - len(text.lstrip())
        return self.file.span(start, start + len(stripped))


def python_version_file(project: Project) -> Optional[PythonVersionFile]:
    """.python-version (under the build root) parsed once; None when missing or unreadable."""

    def build() -> Optional[PythonVersionFile]:
        text = project.read(project.path(PYTHON_VERSION_FILE))
        return parse_python_version(text) if text is not None else None

    return project.cached("python_version_file", build)


def parse_python_version(file: TextFile) -> PythonVersionFile:
    """Split the file into entries, skipping comment lines; never raises."""
    result = PythonVersionFile(file.path, file)
    for number in range(1, file.line_count + 1):
        line = file.line(number)
        words = list(_WORD.finditer(line))
        if not words or words[0].group().startswith("#"):
            continue
        for word in words:
            text = word.group()
            if text.startswith("#"):
                break  # the rest of the line is a comment; pyenv reads only the first word
            span = Span.of(number, word.start() + 1, number, word.end() + 1)
            result.entries.append(classify(text, span))
    return result


def classify(text: str, span: Span) -> Entry:
    """Decide what one version name is."""
    match = _CPYTHON.fullmatch(text)
    if match:
        version = CPythonVersion(
            major=_component(match.group("major")),
            minor=_component(match.group("minor")),
            patch=_optional_component(match.group("patch")),
            pre=match.group("pre"),
            pre_number=_optional_component(match.group("pre_number")),
            free_threaded=match.group("threaded") is not None,
            dev=match.group("dev") is not None,
        )
        return Entry(text, span, CPYTHON, version=version)
    lowered = text.lower()
    for exact in NON_CPYTHON_EXACT:
        if lowered == exact:
            return Entry(text, span, NON_CPYTHON, implementation=exact)
    for prefix in NON_CPYTHON_PREFIXES:
        if lowered.startswith(prefix):
            return Entry(text, span, NON_CPYTHON, implementation=prefix)
    return Entry(text, span, INVALID)


def _component(digits: str) -> int:
    """A version component; one too long to convert is an `Oversized` number (no CPython has
    it, so the rules call the version unknown) rather than a ValueError."""
    value = read_int(digits)
    assert value is not None  # the pattern matched digits
    return value


def _optional_component(digits: Optional[str]) -> Optional[int]:
    return _component(digits) if digits is not None else None


def cpython_version(text: str) -> Optional[CPythonVersion]:
    """`text` as a CPython version name, or None."""
    entry = classify(text, Span.point())
    return entry.version
