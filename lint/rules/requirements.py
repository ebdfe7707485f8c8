"""EL2xx — requirements.txt. (STUB)"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, WARNING, Finding
from ..project import Project
from ..registry import rule


@rule("EL201", "unpinned-requirement", WARNING)
def unpinned_requirement(project: Project) -> Iterator[Finding]:
    """A requirement with no version specifier."""
    return iter(())


@rule("EL202", "unbounded-major-version", WARNING)
def unbounded_major_version(project: Project) -> Iterator[Finding]:
    """Specifiers that do not cap the major version."""
    return iter(())


@rule("EL203", "invalid-requirement", ERROR)
def invalid_requirement(project: Project) -> Iterator[Finding]:
    """A line pip would reject."""
    return iter(())
