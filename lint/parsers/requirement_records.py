"""The records a requirements file is read into: requirements, includes, option lines and the
lines pip rejects, each with its exact spans, and the file that holds them in order.

They are plain data, apart from `parsers.requirements` which builds them, so the rules and the
include graph can name them without the parser's machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Union

from ..diagnostics import Span
from ..files import TextFile
from ..lazy_dataclass import dataclass, field
from .pip_releases import Rejection

if TYPE_CHECKING:
    from packaging.markers import Marker
    from packaging.specifiers import SpecifierSet


@dataclass(frozen=True)
class Requirement:
    """One requirement: a named one (`Flask>=1.0`), `name @ url`, a URL, a path or `-e` target.

    `span` covers the requirement proper: from the name's (or URL's/path's) first character to
    the end of the specifier or URL, without the marker, options or comment. `text` is the whole
    logical line without its comment (continuations joined). `specifier_span` is None when the
    requirement has no specifier written as such (URL and path requirements included).
    """

    path: str
    line: int
    span: Span
    text: str
    requirement: str
    name: Optional[str]
    normalized_name: Optional[str]
    specifier: SpecifierSet
    specifier_text: str
    specifier_span: Optional[Span]
    # Where `specifier_text` is inside `requirement` (character indexes), for edits.
    specifier_range: Optional[tuple[int, int]]
    extras: tuple[str, ...]
    marker: Optional[Marker]
    marker_span: Optional[Span]
    url: Optional[str]
    editable: bool
    hashes: tuple[str, ...]
    is_vcs: bool
    is_local_path: bool
    is_name_at_url: bool
    is_constraint: bool
    line_span: Span
    # The per-requirement options after the requirement (`--hash=…`), None when there are none.
    options_span: Optional[Span]
    # Options pip accepts only on their own line (`--index-url`…); on a requirement line pip
    # silently ignores them. Keyed by pip's option name (`index_url`), values as pip parsed them.
    ignored_options: dict[str, Any] = field(default_factory=dict)
    # Words after the options (`foo --hash=sha256:… bar`): pip ignores them too.
    ignored_arguments: tuple[str, ...] = ()
    # The pip releases that stop on this line, and why (`pip_releases.judge`).
    rejections: tuple[Rejection, ...] = ()

    @property
    def is_named(self) -> bool:
        """A plain `name[extras]<specifier>` requirement resolved from the index."""
        return self.name is not None and self.url is None and not self.editable


@dataclass(frozen=True)
class Include:
    """A `-r file` or `-c file` line: `target` as written, relative to the including file."""

    path: str
    line: int
    span: Span
    kind: str
    target: str
    target_span: Span
    text: str
    rejections: tuple[Rejection, ...] = ()


@dataclass(frozen=True)
class OptionLine:
    """A line of global options (`--index-url URL`, `--pre`, `--trusted-host HOST`…).

    `options` maps pip's option name (`index_url`, `extra_index_urls`, `find_links`,
    `trusted_hosts`, `require_hashes`…) to its value as pip parsed it (str, list of str, or
    True). `value_spans` gives, for each option with a value, the spans of its values in the same
    order. `ignored_options` are per-requirement options (`--hash`) with no requirement to apply
    to, and `ignored_arguments` words after the options: pip ignores both.
    """

    path: str
    line: int
    span: Span
    text: str
    options: dict[str, Any]
    value_spans: dict[str, tuple[Span, ...]]
    ignored_options: dict[str, Any] = field(default_factory=dict)
    ignored_arguments: tuple[str, ...] = ()
    rejections: tuple[Rejection, ...] = ()


@dataclass(frozen=True)
class InvalidLine:
    """A line today's pip rejects, or no record can be built from; `reason` says why (one line).

    `rejections` says which pip releases stop on it: an older pip may still accept it (`x>=` is
    a legacy specifier pip 24.0 takes), and when none is left the line only yields no record.
    """

    path: str
    line: int
    span: Span
    text: str
    reason: str
    # The line uses `${VAR}`, which pip expands from the install environment first.
    uses_environment: bool = False
    rejections: tuple[Rejection, ...] = ()


Entry = Union[Requirement, Include, OptionLine, InvalidLine]


@dataclass
class RequirementsFile:
    """A parsed requirements file: every record in file order, and by kind.

    Reading is bounded (`MAX_LINES` logical lines, each at most `MAX_LINE_LENGTH` characters):
    `stopped_at` is the line where reading stopped, `long_lines` the lines left unread.
    """

    path: str
    file: TextFile
    is_constraint: bool = False
    entries: list[Entry] = field(default_factory=list)
    stopped_at: Optional[int] = None
    long_lines: list[int] = field(default_factory=list)
    lines_read: int = 0

    @property
    def requirements(self) -> list[Requirement]:
        return [e for e in self.entries if isinstance(e, Requirement)]

    @property
    def includes(self) -> list[Include]:
        return [e for e in self.entries if isinstance(e, Include)]

    @property
    def options(self) -> list[OptionLine]:
        return [e for e in self.entries if isinstance(e, OptionLine)]

    @property
    def invalid(self) -> list[InvalidLine]:
        return [e for e in self.entries if isinstance(e, InvalidLine)]
