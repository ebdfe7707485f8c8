"""EL3xx — .python-version. (STUB)"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Finding
from ..project import Project
from ..registry import rule


@rule("EL301", "invalid-python-version", ERROR)
def invalid_python_version(project: Project) -> Iterator[Finding]:
    """`.python-version` does not name a CPython version."""
    return iter(())


@rule("EL302", "unsupported-implementation", ERROR)
def unsupported_implementation(project: Project) -> Iterator[Finding]:
    """`.python-version` names a non-CPython implementation."""
    return iter(())
