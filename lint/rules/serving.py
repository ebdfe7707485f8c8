"""EL5xx — serving. (STUB)"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Finding
from ..project import Project
from ..registry import rule


@rule("EL501", "loopback-bind", ERROR)
def loopback_bind(project: Project) -> Iterator[Finding]:
    """A server bound to loopback."""
    return iter(())


@rule("EL504", "run-command-loopback", ERROR)
def run_command_loopback(project: Project) -> Iterator[Finding]:
    """The `run:` command binds loopback."""
    return iter(())
