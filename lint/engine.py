"""Running the selected rules on one project and turning what they yield into diagnostics.

A rule that raises does not stop the run: its exception becomes one EL006 finding naming the rule
(with the traceback kept for --verbose) and every other rule still runs.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping, Sequence
from typing import Optional

from .diagnostics import ERROR, Diagnostic, Finding, fingerprint
from .project import Project
from .registry import LATE, Rule

INTERNAL_ERROR_CODE = "EL006"


def _stamp(rule: Rule, finding: Finding, severity: Optional[str]) -> Diagnostic:
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        severity=severity or finding.severity or rule.severity,
        message=finding.message,
        path=finding.path,
        span=finding.span,
        fix=finding.fix,
        url=rule.url,
    )


def check(
    project: Project,
    rules: Sequence[Rule],
    *,
    all_rules: Sequence[Rule] = (),
    severity_overrides: Optional[Mapping[str, str]] = None,
) -> list[Diagnostic]:
    """All diagnostics the rules find in `project`, sorted and fingerprinted."""
    overrides = severity_overrides or {}
    internal = next(
        (r for r in (*all_rules, *rules) if r.code == INTERNAL_ERROR_CODE), None
    )
    diagnostics: list[Diagnostic] = []
    ordered = [r for r in rules if r.phase != LATE] + [r for r in rules if r.phase == LATE]
    for current in ordered:
        if current.engine_reported:
            continue
        try:
            found = list(current.check(project))
        except Exception as error:
            if internal is None:
                raise
            message = (
                f"rule {current.code} ({current.name}) crashed: {type(error).__name__}; "
                "please report this bug to enginelint with the failing project"
            )
            diagnostics.append(
                Diagnostic(
                    code=internal.code,
                    name=internal.name,
                    severity=overrides.get(internal.code, ERROR),
                    message=message,
                    path=None,
                    span=None,
                    url=internal.url,
                    detail=traceback.format_exc(),
                )
            )
            continue
        for finding in found:
            diagnostics.append(_stamp(current, finding, overrides.get(current.code)))
    return finalize(diagnostics)


def finalize(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sort, drop exact duplicates, and give each diagnostic its fingerprint."""
    unique: dict[tuple[object, ...], Diagnostic] = {}
    for diagnostic in diagnostics:
        unique.setdefault(diagnostic.sort_key(), diagnostic)
    ordered = [unique[key] for key in sorted(unique)]
    seen: dict[tuple[str, Optional[str], str], int] = {}
    result = []
    for diagnostic in ordered:
        identity = (diagnostic.code, diagnostic.path, diagnostic.message)
        occurrence = seen.get(identity, 0)
        seen[identity] = occurrence + 1
        result.append(
            Diagnostic(
                code=diagnostic.code,
                name=diagnostic.name,
                severity=diagnostic.severity,
                message=diagnostic.message,
                path=diagnostic.path,
                span=diagnostic.span,
                fix=diagnostic.fix,
                url=diagnostic.url,
                fingerprint=fingerprint(*identity, occurrence),
                detail=diagnostic.detail,
            )
        )
    return result
