"""The target Python: the one the platform will run the project with.

`.python-version` decides (its first entry, as pyenv reads it); without a usable one the platform
runs its default for new apps, which is assumed, not known: old app groups still get 2.7. Every
judgement about what the project's code can import is made for this Python, never for the one
enginelint happens to run on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from ...platform import PYTHON_VERSION_FILE

if TYPE_CHECKING:
    from ...project import Project


@dataclass(frozen=True)
class PythonTarget:
    """`version` is (major, minor), or None when the project does not say (the default then)."""

    version: Optional[tuple[int, int]]
    origin: str = PYTHON_VERSION_FILE


def python_target(project: Project) -> PythonTarget:
    """The project's target Python, decided once."""

    def build() -> PythonTarget:
        from ...parsers.python_version import CPYTHON, python_version_file

        view = python_version_file(project)
        first = view.first if view is not None else None
        if first is None or first.kind != CPYTHON or first.version is None:
            return PythonTarget(None)
        return PythonTarget(first.version.minor_version, view.path if view else PYTHON_VERSION_FILE)

    return project.cached("python:target", build)
