"""The GitHub Action's work: lint once, then annotate, summarise, and optionally write SARIF.

`action.yml` runs `python -m enginelint.action` with its inputs in environment variables
(`ENGINELINT_PATH`, `ENGINELINT_ARGS`, `ENGINELINT_FAIL_ON`, `ENGINELINT_SARIF_FILE`), never
interpolated into a script, so a crafted input cannot inject shell commands.

GitHub shows at most 10 error and 10 warning (and 10 notice) annotations per step; printing
more only adds noise to the log, so the first ones are annotated and every finding goes into the
Markdown table of the step summary (`$GITHUB_STEP_SUMMARY`). Counts go to `$GITHUB_OUTPUT`.
The exit status follows `fail-on`, as the command line's does.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

ANNOTATIONS_PER_LEVEL = 10
SUMMARY_ROWS = 500


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary(reports: Sequence[object], shown: int, total: int) -> str:
    """The step summary: a heading, counts, and one table row per finding."""
    from .formats import display_path
    from .runner import ProjectReport

    rows = []
    counts = {"error": 0, "warning": 0, "info": 0}
    for report in reports:
        assert isinstance(report, ProjectReport)
        for d in report.diagnostics:
            counts[d.severity] += 1
            where = display_path(report.root, d.path) if d.path else report.root
            if d.span is not None:
                where += f":{d.span.start.line}:{d.span.start.column}"
            rows.append(
                f"| {d.severity} | [{d.code}]({d.url}) `{d.name}` | `{_markdown_cell(where)}` | "
                f"{_markdown_cell(d.message)} |"
            )
    lines = ["## enginelint", ""]
    if not rows:
        lines.append("No problems found.")
        return "\n".join(lines) + "\n"
    lines.append(
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info"
        + (f" — {shown} of {total} shown as annotations." if shown < total else ".")
    )
    lines += ["", "| severity | rule | where | message |", "|---|---|---|---|"]
    lines += rows[:SUMMARY_ROWS]
    if len(rows) > SUMMARY_ROWS:
        lines.append(f"\n… and {len(rows) - SUMMARY_ROWS} more; run enginelint locally.")
    return "\n".join(lines) + "\n"


def _append(variable: str, text: str) -> None:
    target = os.environ.get(variable)
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text)


def main(argv: Optional[Sequence[str]] = None) -> int:
    from .cli import main as cli_main

    path = os.environ.get("ENGINELINT_PATH", "") or "."
    extra = shlex.split(os.environ.get("ENGINELINT_ARGS", ""))
    fail_on = os.environ.get("ENGINELINT_FAIL_ON", "") or "warning"
    sarif_file = os.environ.get("ENGINELINT_SARIF_FILE", "")
    if sarif_file:
        status = cli_main(["--format", "sarif", "--output", sarif_file, "--exit-zero",
                           *extra, path])
        if status not in (0, 1):
            return status
    from .cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, lint_for_action

    try:
        reports = lint_for_action([*extra, "--fail-on", fail_on, path])
    except UsageError as error:
        sys.stderr.write(f"enginelint: error: {error}\n")
        return EXIT_USAGE
    from .formats.github import annotation

    shown_per_level: dict[str, int] = {}
    total = shown = 0
    for report in reports:
        for diagnostic in report.diagnostics:
            total += 1
            used = shown_per_level.get(diagnostic.severity, 0)
            if used < ANNOTATIONS_PER_LEVEL:
                shown_per_level[diagnostic.severity] = used + 1
                shown += 1
                sys.stdout.write(annotation(report, diagnostic) + "\n")
    if shown < total:
        sys.stdout.write(
            f"enginelint: {total - shown} more findings are in the step summary\n"
        )
    _append("GITHUB_STEP_SUMMARY", summary(reports, shown, total))
    errors = sum(r.count("error") for r in reports)
    warnings = sum(r.count("warning") for r in reports)
    _append("GITHUB_OUTPUT", f"errors={errors}\nwarnings={warnings}\nfindings={total}\n")
    if sarif_file:
        _append("GITHUB_OUTPUT", f"sarif-file={Path(sarif_file).as_posix()}\n")
    return EXIT_FINDINGS if any(r.fails() for r in reports) else EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
