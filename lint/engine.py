"""Everything between "these rules are selected" and "these diagnostics, sorted".

    select → run → EL006 isolation → suppressions + EL007 → selection → per-file ignores
           → severity → fingerprints → sort

The runner hands over a Project (which carries its Settings); nothing after the engine filters or
restamps a diagnostic, so every entry point (command line, Action, editors) gets the same answer.

Two kinds of rule see more than the selection: the input rules (EL001–EL004 report what reading
and parsing recorded) and EL007 (a suppression is unused only if no rule would fire under it).
When one of them is selected the engine runs every rule and reports only the selected ones, so
narrowing the selection never changes what they say.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Optional

from .diagnostics import ERROR, Diagnostic, Finding, fingerprint
from .lazy_dataclass import assemble
from .project import Project
from .registry import LATE, Rule, all_rules, resolve

INTERNAL_ERROR = "EL006"
UNUSED_SUPPRESSION = "EL007"


def check(
    project: Project,
    *,
    only_path: Optional[str] = None,
    catalogue: Optional[Sequence[Rule]] = None,
) -> list[Diagnostic]:
    """The project's diagnostics under its settings, sorted and fingerprinted.

    `only_path` keeps just the findings in that file (an editor's buffer, `--stdin-filename`);
    `catalogue` replaces the registry's rules (tests).
    """
    settings = project.settings
    catalogue = catalogue or all_rules()
    selected = {r.code for r in settings.rules(catalogue)}
    by_code = {r.code: r for r in catalogue}
    sees_all = any(by_code[c].phase == LATE or c == UNUSED_SUPPRESSION for c in selected)
    to_run = [r for r in catalogue if (sees_all or r.code in selected) and not r.engine_reported]
    to_run.sort(key=lambda r: r.phase == LATE)

    raw: list[Diagnostic] = []
    crashed: set[str] = set()
    for current in to_run:
        try:
            found = list(current.check(project))
        except Exception as error:
            crashed.add(current.code)
            if current.code in selected:
                raw.append(_crash(by_code[INTERNAL_ERROR], current, error))
            continue
        raw.extend(_stamp(current, finding) for finding in found)

    kept, unused = _apply_suppressions(project, raw, catalogue, crashed)
    if UNUSED_SUPPRESSION in selected:
        kept.extend(_stamp(by_code[UNUSED_SUPPRESSION], finding) for finding in unused)
    result = [
        _with_severity(d, settings.severity.get(d.code))
        for d in kept
        if (d.code in selected or d.code == INTERNAL_ERROR)
        and not _ignored_here(d, settings.per_file_ignores, catalogue)
        and (only_path is None or d.path == only_path)
    ]
    return finalize(result)


def _stamp(rule: Rule, finding: Finding) -> Diagnostic:
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        severity=finding.severity or rule.severity,
        message=finding.message,
        path=finding.path,
        span=finding.span,
        fix=finding.fix,
        url=rule.url,
        sensitive=rule.sensitive,
    )


def _crash(internal: Rule, crashed: Rule, error: Exception) -> Diagnostic:
    """A rule that raised becomes one EL006 naming it; the traceback is kept for --verbose."""
    import traceback  # only a crash pays for it

    message = (
        f"rule {crashed.code} ({crashed.name}) crashed: {type(error).__name__}; "
        "please report this bug to enginelint with the failing project"
    )
    return Diagnostic(
        code=internal.code,
        name=internal.name,
        severity=ERROR,
        message=message,
        path=None,
        span=None,
        url=internal.url,
        detail=traceback.format_exc(),
    )


def _apply_suppressions(
    project: Project, diagnostics: list[Diagnostic], catalogue: Sequence[Rule], crashed: set[str]
) -> tuple[list[Diagnostic], list[Finding]]:
    from . import suppressions

    return suppressions.apply(project.loaded_texts(), diagnostics, catalogue, crashed)


def _ignored_here(
    diagnostic: Diagnostic,
    per_file_ignores: Iterable[tuple[str, Sequence[str]]],
    catalogue: Sequence[Rule],
) -> bool:
    if diagnostic.path is None or not per_file_ignores:
        return False
    from .globs import matches

    return any(
        matches(diagnostic.path, pattern) and diagnostic.code in resolve(catalogue, selectors)
        for pattern, selectors in per_file_ignores
    )


def _with_severity(diagnostic: Diagnostic, severity: Optional[str]) -> Diagnostic:
    if severity is None or severity == diagnostic.severity:
        return diagnostic
    return replace(diagnostic, severity=severity)


def finalize(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sort, drop exact duplicates, and give each diagnostic its fingerprint."""
    unique: dict[tuple[object, ...], Diagnostic] = {}
    for diagnostic in diagnostics:
        unique.setdefault(diagnostic.sort_key(), diagnostic)
    seen: dict[tuple[str, Optional[str], str], int] = {}
    result = []
    for key in sorted(unique):
        diagnostic = unique[key]
        identity = (diagnostic.code, diagnostic.path, diagnostic.message)
        occurrence = seen.get(identity, 0)
        seen[identity] = occurrence + 1
        # `replace` without its `__init__` (every diagnostic of a big run passes here).
        values = {**vars(diagnostic), "fingerprint": fingerprint(*identity, occurrence)}
        result.append(assemble(Diagnostic, values))
    return result
