""".leanignore read exactly as `lean deploy` reads it, with positions.

lean-cli reads `.leanignore` as raw bytes with Go's `bufio.Scanner` and compiles each line with
facebookgo/parseignore (`patterns`): its rules differ from gitignore's in ways that surprise — a
wildcard pattern without `/` is a Go regular expression searched for anywhere in the path, `[!…]`
and `[^…]` swap meanings between the two kinds of wildcard pattern, a byte-order mark is not
removed, a lone CR is no line break, a line of 64 KiB or more silently ends the file. This
package re-implements that reading, Go's semantics included (`gotext`, `goglob`, `goregexp`,
`gomatch`), and also keeps the reading a user expects (`IgnorePattern.intended`), which is what
lets EL109 name the files a pattern excludes by surprise.

`read_leanignore(project)` is the project's file; which patterns apply when there is none (the
defaults of the runtime lean-cli detects) is the packaging model's question
(`analysis.deploy`), as is the walk they decide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Union

from ...diagnostics import Span
from ...files import TextFile
from ...lazy_dataclass import dataclass
from ...platform import LEANIGNORE_FILE
from . import gotext
from .patterns import (
    COMPONENT,
    GLOB,
    INVALID,
    REGEXP,
    WHEN_READ,
    WHEN_WALKED,
    IgnorePattern,
    compile_line,
    skipped,
)

if TYPE_CHECKING:
    from ...project import Project

__all__ = [
    "COMPONENT",
    "GLOB",
    "INVALID",
    "REGEXP",
    "WHEN_READ",
    "WHEN_WALKED",
    "IgnorePattern",
    "LeanIgnore",
    "parse_leanignore",
    "parse_lines",
    "read_leanignore",
    "written_defaults",
]


@dataclass(frozen=True)
class LeanIgnore:
    """The patterns `lean deploy` reads; `path` None means the defaults it writes itself.

    `patterns` holds every pattern line in order, refused ones included (see `usable`).
    `stopped_at` is the line of 64 KiB or more where the deploy tool stopped reading (the
    lines from there on are not in `patterns`); `bom` says the file starts with a UTF-8
    byte-order mark, which the deploy tool reads as part of the first line; `lone_cr_lines`
    are the lines (as the deploy tool counts them) that hold a carriage return it does not
    treat as a line break.
    """

    path: Optional[str]
    patterns: tuple[IgnorePattern, ...]
    stopped_at: Optional[int] = None
    bom: bool = False
    lone_cr_lines: tuple[int, ...] = ()
    file: Optional[TextFile] = None
    # Where each line (as the deploy tool counts them) starts and ends in `file`'s text.
    line_offsets: tuple[tuple[int, int], ...] = ()

    def line_span(self, number: int) -> Optional[Span]:
        """The span of line `number` as the deploy tool counts lines (None without a file)."""
        if self.file is None or not 0 < number <= len(self.line_offsets):
            return None
        start, end = self.line_offsets[number - 1]
        return self.file.span(start, end)

    @property
    def refused(self) -> list[IgnorePattern]:
        """Patterns that stop the deploy, in the order the deploy tool meets them: those it
        refuses while reading the file, then malformed `/` patterns (at the first path)."""
        return [p for p in self.patterns if p.stage == WHEN_READ] + [
            p for p in self.patterns if p.stage == WHEN_WALKED
        ]

    def decide(self, path: str, is_dir: bool) -> Optional[IgnorePattern]:
        """The last usable pattern that matches `path` (it decides), or None."""
        found: Optional[IgnorePattern] = None
        for pattern in self.patterns:
            if pattern.usable and pattern.matches(path, is_dir):
                found = pattern
        return found

    def excluding(self, path: str, is_dir: bool) -> Optional[IgnorePattern]:
        """The pattern that excludes `path` itself (not counting its folders), or None."""
        found = self.decide(path, is_dir)
        return found if found is not None and not found.negated else None


def read_leanignore(project: Project) -> Union[LeanIgnore, bool, None]:
    """The project's `.leanignore` (at the project root) parsed once: a `LeanIgnore`, None when
    there is none, False when it exists but cannot be read (EL001, recorded by the Project).

    A file that is not valid UTF-8 (EL002) is still read byte for byte, as the deploy tool
    reads it.
    """

    def build() -> Union[LeanIgnore, bool, None]:
        if not project.exists(LEANIGNORE_FILE):
            return None
        text = project.read(LEANIGNORE_FILE)
        if text is not None:
            prefix = gotext.BOM if text.bom else ""
            return parse_leanignore(prefix + text.text, LEANIGNORE_FILE)
        if any(p.path == LEANIGNORE_FILE for p in project.problems("EL001")):
            return False
        data = project.read_raw(LEANIGNORE_FILE)
        if data is None:
            return False
        return parse_leanignore(gotext.decode(data), LEANIGNORE_FILE)

    return project.cached("leanignore:file", build)


def parse_leanignore(text: str, path: Optional[str]) -> LeanIgnore:
    """Every pattern line of a .leanignore's content (as `gotext.decode` makes it of the bytes,
    byte-order mark included), in order, with its span (none when `path` is None)."""
    bom = text.startswith(gotext.BOM)
    shown = TextFile(path or LEANIGNORE_FILE, text[1:] if bom else text)
    shift = 1 if bom else 0
    lines, stopped = gotext.scan_lines(text)
    patterns: list[IgnorePattern] = []
    lone_cr: list[int] = []
    offsets: list[tuple[int, int]] = []
    for number, offset, line in lines:
        start = max(offset - shift, 0)
        offsets.append((start, max(offset + len(line) - shift, start)))
        if "\r" in line:
            lone_cr.append(number)
        if skipped(line):
            continue
        span = None
        if path is not None:
            length = len(line.rstrip(gotext.GO_SPACE)) or len(line)
            visible = length - (1 if bom and offset == 0 else 0)
            span = shown.span(start, start + max(visible, 0))
        patterns.append(compile_line(number, line, span))
    stopped_at: Optional[int] = None
    if stopped is not None:
        stopped_at, offset = stopped
        start = max(offset - shift, 0)
        offsets.append((start, start))
    return LeanIgnore(path, tuple(patterns), stopped_at, bom, tuple(lone_cr),
                      shown if path is not None else None, tuple(offsets))


def parse_lines(lines: Union[str, list[str]]) -> LeanIgnore:
    """Parse pattern text as a `.leanignore` file (for tests)."""
    text = lines if isinstance(lines, str) else "\n".join(lines)
    return parse_leanignore(text, LEANIGNORE_FILE)


def written_defaults(patterns: tuple[str, ...]) -> LeanIgnore:
    """The `.leanignore` the deploy tool writes and then reads when the project has none: the
    runtime's default patterns joined with CRLF."""
    return parse_leanignore("\r\n".join(patterns), None)
