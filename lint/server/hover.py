"""Hover text for the diagnostics under the cursor: what the rule checks and how to fix it.

Made from the rule's own documentation (its detector's docstring, read by the registry without
importing the detector): the summary paragraph, the `Example:` paragraph (each rule's "this →
that"), the fix this finding carries, how to silence it, and a link to the full page — short
enough for a hover, with the rest one click away.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from lsprotocol import types

from ..diagnostics import SAFE, Diagnostic
from ..severity import SEVERITY_RANK

_NOT_SUPPRESSIBLE = ("EL006",)


def covers(diagnostic: types.Diagnostic, position: types.Position) -> bool:
    """Whether the cursor is on a diagnostic (an empty range covers its whole line)."""
    start, end = diagnostic.range.start, diagnostic.range.end
    here = (position.line, position.character)
    if (start.line, start.character) == (end.line, end.character):
        return position.line == start.line
    return (start.line, start.character) <= here <= (end.line, end.character)


def markdown(findings: Sequence[Diagnostic], fail_on: Optional[str] = None) -> str:
    return "\n\n---\n\n".join(_one(finding, fail_on) for finding in findings)


def _one(finding: Diagnostic, fail_on: Optional[str]) -> str:
    from ..registry import all_rules, find

    rule = find(all_rules(), finding.code)
    parts = [f"**{finding.code}** `{finding.name}` ({finding.severity})"]
    if fail_on is not None and SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[fail_on]:
        parts[0] += f" · fails `enginelint` at `fail-on = \"{fail_on}\"`"
    parts.append(finding.message)
    if rule is not None:
        summary, example = _summary_and_example(rule.doc)
        if summary:
            parts.append(summary)
        if example:
            parts.append(f"**How to fix:** {example}")
    if finding.fix is not None:
        kind = "safe" if finding.fix.applicability == SAFE else "unsafe: check the result"
        parts.append(f"**Quick fix** ({kind}): {finding.fix.message}")
    if finding.code not in _NOT_SUPPRESSIBLE and finding.path is not None:
        parts.append(f"Silence this line: `# enginelint: ignore[{finding.code}]`")
    if finding.url:
        parts.append(f"[{finding.code} documentation]({finding.url})")
    return "\n\n".join(parts)


def _summary_and_example(doc: str) -> tuple[str, str]:
    paragraphs = [" ".join(p.split()) for p in doc.strip().split("\n\n") if p.strip()]
    summary = paragraphs[0] if paragraphs else ""
    example = next((p[len("Example:"):].strip() for p in paragraphs
                    if p.startswith("Example:")), "")
    return summary, example
