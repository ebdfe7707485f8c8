"""Lint one or more project roots with a chosen set of rules: the library entry point.

The command line, the fixture tests and editors' integrations all go through `lint_root`, so
they cannot disagree about what a project's findings are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import engine, files
from .diagnostics import SEVERITY_RANK, Diagnostic
from .project import Project, describe_root
from .registry import Rule, all_rules, select


@dataclass(frozen=True)
class Options:
    """What to check and how; every field has the command line's default."""

    select: Optional[Sequence[str]] = None
    extend_select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    max_file_size: int = files.DEFAULT_MAX_FILE_SIZE


@dataclass
class ProjectReport:
    """The findings for one project root, and the project (for excerpts and fixes)."""

    root: str
    project: Project
    diagnostics: list[Diagnostic]

    def count(self, severity: str) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)


def chosen_rules(options: Options) -> tuple[Rule, ...]:
    """The selected rules; raises `registry.SelectionError` for a selector that names none."""
    return select(all_rules(), options.select, options.extend_select, options.ignore)


def lint_root(
    root: Path, options: Optional[Options] = None, cwd: Optional[Path] = None
) -> ProjectReport:
    """Lint the project at `root`."""
    options = options or Options()
    rules = chosen_rules(options)
    project = Project(root, max_file_size=options.max_file_size)
    diagnostics = engine.check(
        project, rules, all_rules=all_rules(), severity_overrides=options.severity
    )
    return ProjectReport(describe_root(root, cwd), project, diagnostics)


def reaches(diagnostic: Diagnostic, threshold: str) -> bool:
    """Whether a diagnostic is at or above the `--fail-on` threshold."""
    return SEVERITY_RANK[diagnostic.severity] >= SEVERITY_RANK[threshold]
