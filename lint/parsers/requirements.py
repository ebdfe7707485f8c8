"""requirements.txt → requirement records with positions. (CONTRACT STUB)"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from ..project import Project


def requirements_file(project: Project) -> Optional[Any]:
    """requirements.txt (under the build root) parsed once; None when missing or unreadable."""
    return None
