"""EL1xx — project layout. (STUB)"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Finding
from ..project import Project
from ..registry import rule


@rule("EL101", "missing-wsgi", ERROR)
def missing_wsgi(project: Project) -> Iterator[Finding]:
    """No `wsgi.py` at the project root."""
    return iter(())


@rule("EL102", "missing-requirements", ERROR)
def missing_requirements(project: Project) -> Iterator[Finding]:
    """No `requirements.txt` at the project root."""
    return iter(())


@rule("EL103", "missing-application", ERROR)
def missing_application(project: Project) -> Iterator[Finding]:
    """`wsgi.py` defines no module-level `application`."""
    return iter(())


@rule("EL104", "application-not-wsgi", ERROR)
def application_not_wsgi(project: Project) -> Iterator[Finding]:
    """`application` cannot be a WSGI callable."""
    return iter(())
