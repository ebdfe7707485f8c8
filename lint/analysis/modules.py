"""The project's Python modules that run on the platform. (CONTRACT STUB)"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..project import Project


def running_modules(project: Project) -> list[Any]:
    """Every project module that runs on the platform, each parsed once (EL003 recorded)."""
    return []
