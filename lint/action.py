"""The GitHub Action's work: lint once, then annotate, summarise, and optionally write SARIF.

`action.yml` installs enginelint into a virtual environment of its own and runs
`python -m enginelint.action` from there, with its inputs in environment variables
(`ENGINELINT_PATH`, `ENGINELINT_ARGS`, `ENGINELINT_FAIL_ON`, `ENGINELINT_SARIF_FILE`), never
interpolated into a script, so a crafted input cannot inject shell commands.

The projects are linted once: the annotations, the step summary, the outputs and the SARIF file
are all rendered from the same reports, so they can never disagree. The action decides what it
prints, so `args` may only shape what is checked: an option that shapes the output, changes files
or overrides another input is refused with one `::error::` line (exit 2) rather than silently
ignored or half applied.

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
from typing import Any, Optional

ANNOTATIONS_PER_LEVEL = 10
SUMMARY_ROWS = 500
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_FAILURE = 0, 1, 2, 3

_OUTPUT_HINT = ("the action reports through annotations and the step summary; ask for SARIF "
                "with the `sarif-file` input")
_FIX_HINT = ("the action only reports and never changes the checkout; run `enginelint --fix` "
             "locally and commit the result")
_PATH_HINT = "name the project folders in the `path` input, one per line"

# Options `args` may not carry, by the parser's destination (so aliases and abbreviations are
# caught too): the name shown, and what to do instead.
REFUSED: dict[str, tuple[str, str]] = {
    "format": ("--format", _OUTPUT_HINT),
    "output": ("--output", _OUTPUT_HINT),
    "statistics": ("--statistics", "the step summary lists every finding"),
    "fix": ("--fix", _FIX_HINT),
    "unsafe_fixes": ("--unsafe-fixes", _FIX_HINT),
    "diff": ("--diff", _FIX_HINT),
    "exit_zero": ("--exit-zero", "the `fail-on` input decides when the step fails; to report "
                  "without failing the job, set `continue-on-error: true` on the step"),
    "fail_on": ("--fail-on", "use the `fail-on` input"),
    "stdin_filename": ("--stdin-filename", _PATH_HINT),
    "show_settings": ("--show-settings", "it prints settings instead of linting; run it locally"),
    "version": ("--version", "the install step prints the version"),
    "paths": ("PATH", _PATH_HINT),
}
# Spellings other linters use for the output options; named here so that they get the same
# explanation, whether or not the command line accepts them as aliases.
_FOREIGN_OUTPUT_OPTIONS = {"--output-format": "format", "--output-file": "output"}


def plural(count: int, word: str) -> str:
    """`1 error`, `2 errors`; `info` is a mass noun and stays as it is."""
    return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"


def counts_text(counts: dict[str, int]) -> str:
    """`1 error, 2 warnings`: the severities that occur, in order of severity."""
    return ", ".join(plural(counts[s], s) for s in ("error", "warning", "info") if counts.get(s))


def _markdown_cell(text: str) -> str:
    from .escaping import terminal

    return terminal(text.replace("\n", " ")).replace("|", "\\|")


def summary(reports: Sequence[Any], shown: int, total: int) -> str:
    """The step summary: a heading, counts, and one table row per finding."""
    from .formats import display_path

    rows = []
    counts = {"error": 0, "warning": 0, "info": 0}
    for report in reports:
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
        counts_text(counts)
        + (f" — {shown} of {total} shown as annotations." if shown < total else ".")
    )
    lines += ["", "| severity | rule | where | message |", "|---|---|---|---|"]
    lines += rows[:SUMMARY_ROWS]
    if len(rows) > SUMMARY_ROWS:
        hidden = len(rows) - SUMMARY_ROWS
        lines.append(f"\n… and {plural(hidden, 'more finding')}; run enginelint locally.")
    return "\n".join(lines) + "\n"


def refusal(extra: Sequence[str]) -> Optional[str]:
    """Why `args` cannot be used, or None. Raises the command line's UsageError when `args`
    is not a valid command line at all."""
    for token in extra:
        if token == "--":
            break
        dest = _FOREIGN_OUTPUT_OPTIONS.get(token.split("=", 1)[0])
        if dest is not None:
            return _refusal_text(f"`{token.split('=', 1)[0]}`", REFUSED[dest][1])

    from .commands import _check_parser

    parser = _check_parser()
    # Parsed against sentinels rather than the real defaults, so that an option given with its
    # default value (`--format text`) is still seen as given.
    unset = object()
    parser.set_defaults(**dict.fromkeys(REFUSED, unset))
    given = parser.parse_args(list(extra))
    found = [dest for dest in REFUSED if getattr(given, dest, unset) is not unset]
    if not found:
        return None
    names = [f"a PATH (`{' '.join(given.paths)}`)" if dest == "paths" else
             f"`{REFUSED[dest][0]}`" for dest in found]
    name = names[0] + (f" (nor {', '.join(names[1:])})" if names[1:] else "")
    return _refusal_text(name, REFUSED[found[0]][1])


def _refusal_text(name: str, hint: str) -> str:
    return f"The `args` input cannot contain {name}: {hint}."


def _error(message: str) -> None:
    from .escaping import workflow_data

    sys.stdout.write(f"::error title=enginelint::{workflow_data(message)}\n")


def _append(variable: str, text: str) -> None:
    target = os.environ.get(variable)
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text)


def _write_atomically(path: Path, content: str) -> None:
    import tempfile

    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=str(folder))
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _inputs() -> tuple[list[str], str, str, str]:
    paths = [line.strip() for line in os.environ.get("ENGINELINT_PATH", "").splitlines()]
    return ([p for p in paths if p] or ["."],
            os.environ.get("ENGINELINT_ARGS", ""),
            os.environ.get("ENGINELINT_FAIL_ON", "").strip() or "warning",
            os.environ.get("ENGINELINT_SARIF_FILE", "").strip())


def _annotate(reports: Sequence[Any]) -> tuple[int, int]:
    """Print the first annotations of each level: (shown, total)."""
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
        hidden = total - shown
        verb = "is" if hidden == 1 else "are"
        sys.stdout.write(
            f"enginelint: {plural(hidden, 'more finding')} {verb} in the step summary\n"
        )
    return shown, total


def run() -> int:
    """Lint once and report through every channel; the step's exit status."""
    from .commands import UsageError, lint_for_action
    from .severity import SEVERITIES

    paths, args, fail_on, sarif_file = _inputs()
    if fail_on not in SEVERITIES:
        _error(f"The `fail-on` input must be error, warning or info, not {fail_on!r}.")
        return EXIT_USAGE
    try:
        extra = shlex.split(args)
    except ValueError as error:
        _error(f"The `args` input is not a valid list of options: {error}.")
        return EXIT_USAGE
    try:
        refused = refusal(extra)
        if refused is not None:
            _error(refused)
            return EXIT_USAGE
        # `--` keeps a folder whose name starts with `-` from being read as an option. A fresh
        # checkout has no cache to use, and a cache folder left in the workspace could ride
        # along with a later `lean deploy` step.
        reports = lint_for_action([*extra, "--no-cache", "--fail-on", fail_on, "--", *paths])
    except UsageError as error:
        _error(f"enginelint: {error}")
        return EXIT_USAGE

    if sarif_file:
        import io

        from .formats import sarif

        rendered = io.StringIO()
        sarif.render(reports, rendered)
        try:
            _write_atomically(Path(sarif_file), rendered.getvalue())
        except OSError as error:
            _error(f"Cannot write the SARIF file {sarif_file}: {error.strerror or error}.")
            return EXIT_USAGE

    shown, total = _annotate(reports)
    _append("GITHUB_STEP_SUMMARY", summary(reports, shown, total))
    counts = {s: sum(r.count(s) for r in reports) for s in SEVERITIES}
    _append("GITHUB_OUTPUT", f"errors={counts['error']}\nwarnings={counts['warning']}\n"
                             f"findings={total}\n")
    if sarif_file:
        _append("GITHUB_OUTPUT", f"sarif-file={Path(sarif_file).as_posix()}\n")
    failed = any(r.fails() for r in reports)
    if not total:
        sys.stdout.write("enginelint: no problems found.\n")
    else:
        verdict = "fails" if failed else "passes"
        sys.stdout.write(f"enginelint: {counts_text(counts)}; fail-on is {fail_on}, "
                         f"so the step {verdict}.\n")
    return EXIT_FINDINGS if failed else EXIT_OK


def main() -> int:
    """`python -m enginelint.action`: `run()`, with an internal failure reported as the
    command line reports it (exit 3), as an annotation rather than a bare traceback."""
    try:
        return run()
    except Exception as error:
        import traceback

        from .escaping import terminal

        # Standard error is the job's log too: no line of it may start a workflow command.
        sys.stderr.write("".join(f"{terminal(line)}\n" for line in
                                 traceback.format_exc().splitlines()))
        _error(f"enginelint itself failed: {type(error).__name__}: {error} "
               "(please report this bug)")
        return EXIT_FAILURE


if __name__ == "__main__":
    raise SystemExit(main())
