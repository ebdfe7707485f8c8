"""The `run:` command as the serving rules judge it, and findings placed inside it.

In run mode the platform starts the app with the `run:` command of leanengine.yaml. The rules
about what it starts (EL503–EL508) judge it only when the shell would accept it (a command the
shell rejects says nothing reliable about what runs), and point at the characters of the `run`
string they are about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ...diagnostics import Finding

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ...parsers.run_command import RunCommand
    from ...project import Project


def valid_run_command(project: Project) -> Optional[RunCommand]:
    """The `run:` command when it parses; None in WSGI mode or when the shell would reject it."""
    from ...analysis.entry import serving_mode

    if serving_mode(project).is_wsgi:
        return None
    from ...parsers.run_command import run_command

    parsed = run_command(project)
    if parsed is None or parsed.errors:
        return None
    return parsed


def finding_in_run(project: Project, offsets: tuple[int, int], message: str) -> Iterator[Finding]:
    """`message` at characters `offsets` of the `run:` command, in leanengine.yaml."""
    from ...parsers.run_command import run_span

    where = run_span(project, *offsets)
    if where is not None:
        yield Finding(message, *where)
