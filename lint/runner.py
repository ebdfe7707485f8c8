"""Lint one or more project roots with a chosen set of rules: the library entry point.

The command line, the fixture tests and editors' integrations all go through `lint_root`, so
they cannot disagree about what a project's findings are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from . import engine, files
from .diagnostics import SEVERITY_RANK, Diagnostic
from .project import Project, describe_root
from .registry import Rule, all_rules, select

if TYPE_CHECKING:
    from .config import Config

UNUSED_SUPPRESSION = "EL007"


@dataclass(frozen=True)
class Options:
    """What to check and how; every field has the command line's default."""

    select: Optional[Sequence[str]] = None
    extend_select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    max_file_size: int = files.DEFAULT_MAX_FILE_SIZE
    fail_on: str = "warning"
    exclude: Sequence[str] = ()
    extra_system_dependencies: Sequence[str] = ()
    per_file_ignores: Sequence[tuple[str, Sequence[str]]] = ()
    # `--stdin-filename`: (project-relative path, content) replacing that file, whose findings
    # are then the only ones reported.
    stdin: Optional[tuple[str, bytes]] = None


@dataclass
class ProjectReport:
    """The findings for one project root, and the project (for excerpts and fixes)."""

    root: str
    project: Project
    diagnostics: list[Diagnostic]
    fail_on: str = "warning"

    def fails(self) -> bool:
        """Whether any finding reaches this project's `fail-on` threshold."""
        return any(reaches(d, self.fail_on) for d in self.diagnostics)

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
    project.exclude = tuple(options.exclude)
    project.extra_system_dependencies = tuple(options.extra_system_dependencies)
    if options.stdin is not None:
        project.overrides[options.stdin[0]] = options.stdin[1]
    diagnostics = engine.check(
        project, rules, all_rules=all_rules(), severity_overrides=options.severity
    )
    if options.per_file_ignores:
        diagnostics = [d for d in diagnostics if not _ignored_here(d, options.per_file_ignores)]
    diagnostics = _suppress(project, diagnostics, rules, options)
    if options.stdin is not None:
        diagnostics = [d for d in diagnostics if d.path == options.stdin[0]]
    return ProjectReport(describe_root(root, cwd), project, diagnostics, options.fail_on)


def _suppress(
    project: Project, diagnostics: list[Diagnostic], rules: Sequence[Rule], options: Options
) -> list[Diagnostic]:
    """Apply inline suppressions; report the unused ones as EL007 when it is selected."""
    from . import suppressions
    from .engine import finalize

    ran = [r for r in rules if not r.engine_reported]
    kept, unused = suppressions.apply(project.loaded_texts(), diagnostics, ran)
    unused_rule = next((r for r in rules if r.code == UNUSED_SUPPRESSION), None)
    if unused_rule is None or not unused:
        return kept if len(kept) != len(diagnostics) else diagnostics
    stamped = [
        Diagnostic(
            code=unused_rule.code,
            name=unused_rule.name,
            severity=options.severity.get(unused_rule.code, unused_rule.severity),
            message=finding.message,
            path=finding.path,
            span=finding.span,
            url=unused_rule.url,
        )
        for finding in unused
    ]
    return finalize([*kept, *stamped])


def _ignored_here(
    diagnostic: Diagnostic, per_file_ignores: Sequence[tuple[str, Sequence[str]]]
) -> bool:
    from .config import matches
    from .registry import resolve

    if diagnostic.path is None:
        return False
    return any(
        matches(diagnostic.path, pattern) and diagnostic.code in resolve(all_rules(), selectors)
        for pattern, selectors in per_file_ignores
    )


def options_from(config: Config, **command_line: Any) -> Options:
    """Options for one project: the configuration file's settings, overridden or extended by
    the command line's (`select` and `fail_on` replace; `extend_select` and `ignore` add)."""
    select = command_line.get("select")
    return Options(
        select=select if select is not None else config.select,
        extend_select=(*config.extend_select, *command_line.get("extend_select", ())),
        ignore=(*config.ignore, *command_line.get("ignore", ())),
        severity=config.severity,
        max_file_size=config.max_file_size or files.DEFAULT_MAX_FILE_SIZE,
        fail_on=command_line.get("fail_on") or config.fail_on or "warning",
        exclude=config.exclude,
        extra_system_dependencies=config.extra_system_dependencies,
        per_file_ignores=config.per_file_ignores,
    )


def reaches(diagnostic: Diagnostic, threshold: str) -> bool:
    """Whether a diagnostic is at or above the `--fail-on` threshold."""
    return SEVERITY_RANK[diagnostic.severity] >= SEVERITY_RANK[threshold]
