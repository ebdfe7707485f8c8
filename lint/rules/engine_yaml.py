"""EL4xx — leanengine.yaml. (STUB)"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Finding
from ..project import Project
from ..registry import rule


@rule("EL401", "yaml-not-mapping", ERROR)
def yaml_not_mapping(project: Project) -> Iterator[Finding]:
    """The document is not a mapping."""
    return iter(())


@rule("EL402", "unknown-key", ERROR)
def unknown_key(project: Project) -> Iterator[Finding]:
    """A key the platform does not know."""
    return iter(())


@rule("EL404", "invalid-value-type", ERROR)
def invalid_value_type(project: Project) -> Iterator[Finding]:
    """A value of the wrong type."""
    return iter(())


@rule("EL405", "startup-timeout-out-of-range", ERROR)
def startup_timeout_out_of_range(project: Project) -> Iterator[Finding]:
    """`startupTimeout` outside 15–120."""
    return iter(())
