"""Lint one project root under its Settings: the library entry point.

The command line, the fixture tests, the GitHub Action and editors all go through `lint_root`,
so they cannot disagree about what a project's findings are. The runner only builds the Project
and calls the engine; all filtering and stamping is the engine's.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Optional

from .diagnostics import SEVERITY_RANK, Diagnostic
from .lazy_dataclass import dataclass
from .project import Project, describe_root
from .settings import Settings


@dataclass
class ProjectReport:
    """The findings for one project root, and the project (for excerpts and fixes)."""

    root: str
    project: Project
    diagnostics: list[Diagnostic]

    @property
    def fail_on(self) -> str:
        return self.project.settings.fail_on

    def fails(self) -> bool:
        """Whether any finding reaches this project's `fail-on` threshold."""
        return any(reaches(d, self.fail_on) for d in self.diagnostics)

    def count(self, severity: str) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)


def lint_root(
    root: Path,
    settings: Optional[Settings] = None,
    cwd: Optional[Path] = None,
    *,
    buffers: Optional[Mapping[str, bytes]] = None,
    only_path: Optional[str] = None,
    cache: bool = False,
) -> ProjectReport:
    """Lint the project at `root`.

    `buffers` replace files on disk (project-relative path → content: an editor's unsaved
    buffers, `--stdin-filename`); `only_path` reports just that file's findings. With `cache`,
    a stored result whose inputs are all unchanged is the answer, and a fresh one is stored;
    either way the diagnostics are the same.
    """
    project = Project(root, settings or Settings(), buffers)
    store = None
    if cache:
        from .cache import Cache

        store = Cache(project, only_path)
        stored = store.load()
        if stored is not None:
            return ProjectReport(describe_root(root, cwd), project, stored)
    # The engine (and through it the registry) is imported only when something is checked.
    from . import engine

    if store is None:
        diagnostics = engine.check(project, only_path=only_path)
    else:
        from .observe import Recorder, recording

        with recording(Recorder()) as recorder:
            diagnostics = engine.check(project, only_path=only_path)
        store.save(recorder, diagnostics)
    return ProjectReport(describe_root(root, cwd), project, diagnostics)


def reaches(diagnostic: Diagnostic, threshold: str) -> bool:
    """Whether a diagnostic is at or above the `--fail-on` threshold."""
    return SEVERITY_RANK[diagnostic.severity] >= SEVERITY_RANK[threshold]
