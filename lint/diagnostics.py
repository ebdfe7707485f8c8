"""The finding model: positions, fixes, and the diagnostics every output format renders.

Rules report `Finding`s (what is wrong and where); the engine stamps them with the rule's code,
name, severity and docs URL to make `Diagnostic`s. Keeping the two apart means a rule never
repeats its own metadata and cannot get it wrong.
"""

from __future__ import annotations

from functools import cache

from .escaping import identity
from .lazy_dataclass import dataclass, field

# Re-exported: rules import severities together with Finding from here.
from .severity import ERROR as ERROR
from .severity import INFO as INFO
from .severity import SEVERITIES as SEVERITIES
from .severity import SEVERITY_RANK as SEVERITY_RANK
from .severity import WARNING as WARNING

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Optional

SAFE = "safe"
UNSAFE = "unsafe"

DOCS_URL = "https://github.com/enginelint/enginelint/blob/main/docs/rules/{code}.md"


@dataclass(frozen=True, order=True)
class Position:
    """1-based line, 1-based column counted in Unicode code points."""

    line: int
    column: int

    def to_json(self) -> dict[str, int]:
        return {"line": self.line, "column": self.column}


@dataclass(frozen=True, order=True)
class Span:
    """A range in one file; `end` is exclusive."""

    start: Position
    end: Position

    @classmethod
    def of(cls, line: int, column: int, end_line: int, end_column: int) -> Span:
        return cls(Position(line, column), Position(end_line, end_column))

    @classmethod
    def point(cls, line: int = 1, column: int = 1) -> Span:
        return cls(Position(line, column), Position(line, column))


@dataclass(frozen=True)
class Edit:
    """Replace `span` of the file at `path` (relative to the project root) with `content`."""

    path: str
    span: Span
    content: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "start": self.span.start.to_json(),
            "end": self.span.end.to_json(),
            "content": self.content,
        }


@dataclass(frozen=True)
class Fix:
    """Edits that resolve a finding. `unsafe` fixes may change behaviour and are opt-in."""

    message: str
    edits: tuple[Edit, ...]
    applicability: str = SAFE

    def to_json(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "applicability": self.applicability,
            "edits": [edit.to_json() for edit in self.edits],
        }


@dataclass(frozen=True)
class Finding:
    """What a rule reports: the problem, where it is, and optionally how to fix it.

    `severity` overrides the rule's default for this one finding (a rule whose spec row says
    "warning when …"); leave it None otherwise. `path` None means the finding concerns the
    project as a whole (a file that is missing).
    """

    message: str
    path: Optional[str] = None
    span: Optional[Span] = None
    fix: Optional[Fix] = None
    severity: Optional[str] = None


@dataclass(frozen=True)
class Diagnostic:
    """A finding stamped with its rule's identity: what every output format renders."""

    code: str
    name: str
    severity: str
    message: str
    path: Optional[str]
    span: Optional[Span]
    fix: Optional[Fix] = None
    url: str = ""
    fingerprint: str = ""
    # Shown only with --verbose (EL006's traceback); never part of machine output.
    detail: Optional[str] = field(default=None, compare=False)
    # The finding quotes a secret: formats never show the source line it points at.
    sensitive: bool = False

    def sort_key(self) -> tuple[Any, ...]:
        span = self.span or Span.point(0, 0)
        return (
            self.path is not None,
            self.path or "",
            span.start.line,
            span.start.column,
            self.code,
            span.end.line,
            span.end.column,
            self.message,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
            "start": self.span.start.to_json() if self.span else None,
            "end": self.span.end.to_json() if self.span else None,
            "fix": self.fix.to_json() if self.fix else None,
            "url": self.url,
            "fingerprint": self.fingerprint,
        }


def fingerprint(code: str, path: Optional[str], message: str, occurrence: int) -> str:
    """A stable identity for a finding that survives unrelated edits moving it up or down.

    Built from what the finding is (code, file, message — which names the offending value) and
    its rank among identical findings, not from its line number.
    """
    material = identity(f"{code}\0{path or ''}\0{message}\0{occurrence}")
    return str(_sha256()(material).hexdigest())[:16]


@cache
def _sha256() -> Callable[[bytes], Any]:
    """SHA-256 from CPython's own module when it is there: `hashlib` loads OpenSSL first, which
    costs more than hashing every finding of a big run."""
    try:
        from _sha256 import sha256  # type: ignore[import-not-found,unused-ignore]  # CPython 3.9–3.11
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found,unused-ignore]  # CPython 3.12+
        except ImportError:  # another implementation of Python
            from hashlib import sha256
    return sha256  # type: ignore[no-any-return,unused-ignore]
