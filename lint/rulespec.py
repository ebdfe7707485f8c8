"""What a rule is, as data: its code, name, severity, fixability and where its detector lives.

Each family package (`rules/<family>/__init__.py`) declares a `RULES` table of `RuleSpec`s, so
the registry knows every rule's metadata without importing a single detector: `enginelint rules`,
`enginelint rule CODE` and `--version` stay cheap, and a run imports only the families it selected.
The documentation is the detector's docstring, read from its source text (never by importing it).
The `@rule(...)` decorator on the detector repeats code, name and severity where a reader of the
detector looks for them; a test checks that decorator and table agree.
"""

from __future__ import annotations

from typing import Callable, Optional, TypeVar

from .diagnostics import DOCS_URL, SAFE, UNSAFE
from .lazy_dataclass import dataclass
from .severity import SEVERITIES

# Rules of the "late" phase run after all others: they report what the others' reads and
# parses recorded (EL001–EL004), so they must see every file the others touched.
NORMAL = "normal"
LATE = "late"

__all__ = ["LATE", "NORMAL", "SAFE", "UNSAFE", "RuleSpec", "rule"]

F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True)
class RuleSpec:
    """One rule's metadata. `detector` is `module.function` inside the family package."""

    code: str
    name: str
    severity: str
    detector: str
    # The applicability of the fix the rule offers when it can offer one (None: never).
    fix: Optional[str] = None
    phase: str = NORMAL
    # Reported by the engine itself (EL006, EL007), not by running a detector.
    engine_reported: bool = False
    # Findings quote a secret: output formats never show the source line they point at.
    sensitive: bool = False

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.code}: unknown severity {self.severity!r}")
        if self.fix not in (None, SAFE, UNSAFE):
            raise ValueError(f"{self.code}: unknown fix applicability {self.fix!r}")

    @property
    def group(self) -> str:
        """The code family, as users name it: `EL5xx`."""
        return self.code[:3] + "xx"

    @property
    def url(self) -> str:
        return DOCS_URL.format(code=self.code)


def rule(code: str, name: str, severity: str) -> Callable[[F], F]:
    """Mark a detector with the identity its family's table gives it (checked by a test)."""

    def mark(check: F) -> F:
        check.__rule__ = (code, name, severity)  # type: ignore[attr-defined]
        return check

    return mark
