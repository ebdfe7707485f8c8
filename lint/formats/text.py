"""`--format text`: findings grouped by file, with a source excerpt and the span underlined.

This is the only module that imports rich. Every string that comes from the user's files goes
into a `rich.text.Text` (never parsed as markup) after control characters are made visible, so a
requirement named `[red]x` or an ANSI escape in a file cannot change what the terminal shows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Optional, TextIO

from ..diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..runner import ProjectReport
from . import display_path

_STYLE = {ERROR: "bold red", WARNING: "bold yellow", INFO: "bold blue"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_MAX_EXCERPT_WIDTH = 200


@dataclass(frozen=True)
class TextSettings:
    """`color`: True forces colour, False turns it off, None lets rich decide (TTY, NO_COLOR,
    FORCE_COLOR). `quiet` leaves out the summary line."""

    color: Optional[bool] = None
    quiet: bool = False


def visible(text: str) -> str:
    """`text` with control and bidirectional-override characters shown as escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", text.replace("\t", "    "))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(reports: Sequence[ProjectReport]) -> str:
    """`3 errors, 2 warnings, 1 info` or `No problems found`."""
    counts = {s: sum(r.count(s) for r in reports) for s in (ERROR, WARNING, INFO)}
    if not any(counts.values()):
        return "No problems found."
    parts = [_plural(counts[ERROR], "error"), _plural(counts[WARNING], "warning"),
             f"{counts[INFO]} info"]
    safe = sum(1 for r in reports for d in r.diagnostics
               if d.fix is not None and d.fix.applicability == "safe")
    unsafe = sum(1 for r in reports for d in r.diagnostics
                 if d.fix is not None and d.fix.applicability != "safe")
    if safe:
        parts.append(f"{safe} fixable with --fix")
    if unsafe:
        parts.append(f"{unsafe} more with --fix --unsafe-fixes")
    return ", ".join(parts) + "."


def _excerpt(report: ProjectReport, diagnostic: Diagnostic) -> list[Any]:
    from rich.text import Text

    if diagnostic.path is None or diagnostic.span is None or diagnostic.sensitive:
        return []
    source = report.project.loaded_text(diagnostic.path)
    if source is None:
        return []
    start, end = diagnostic.span.start, diagnostic.span.end
    if start.line < 1 or start.line > source.line_count:
        return []
    raw = source.line(start.line)
    last = end.column if end.line == start.line else len(raw) + 1
    before = visible(raw[: start.column - 1])
    marked = visible(raw[start.column - 1 : max(last, start.column) - 1])
    after = visible(raw[max(last, start.column) - 1 :])
    line_text = before + marked + after
    if len(line_text) > _MAX_EXCERPT_WIDTH:
        line_text = line_text[:_MAX_EXCERPT_WIDTH] + "…"
    number = str(start.line)
    gutter = " " * len(number)
    caret_count = max(len(marked), 1)
    style = _STYLE.get(diagnostic.severity, "bold")
    lines = [
        Text(f"    {gutter} |", style="blue"),
        Text.assemble((f"    {number} | ", "blue"), line_text),
        Text.assemble((f"    {gutter} | ", "blue"), " " * len(before), ("^" * caret_count, style)),
    ]
    return lines


def _wrapped(text: str, width: int, indent: int = 4, first: int = 4) -> list[str]:
    """`text` broken at spaces to fit `width` after an indent; a word longer than the line (a
    URL, a path) is never split, it overflows instead."""
    import textwrap

    room = max(width - indent, 20)
    lines = textwrap.wrap(
        text,
        width=room,
        initial_indent=" " * (first - indent),
        break_long_words=False,
        break_on_hyphens=False,
    )
    if not lines:
        return [""]
    lines[0] = lines[0][first - indent :]
    return lines


def render(reports: Sequence[ProjectReport], stream: TextIO, settings: Any = None) -> None:
    from rich.console import Console
    from rich.text import Text

    options = settings if isinstance(settings, TextSettings) else TextSettings()
    console = Console(
        file=stream,
        no_color=True if options.color is False else None,
        force_terminal=True if options.color is True else None,
        color_system=None if options.color is False else "auto",
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )
    for report in reports:
        current: Optional[str] = "\0"
        for diagnostic in report.diagnostics:
            if diagnostic.path != current:
                current = diagnostic.path
                header = (display_path(report.root, current) if current is not None
                          else f"{report.root} (project)")
                console.print(Text(visible(header), style="bold underline"))
            where = (f"{diagnostic.span.start.line}:{diagnostic.span.start.column}"
                     if diagnostic.span else "-")
            style = _STYLE.get(diagnostic.severity, "bold")
            console.print(Text.assemble(
                ("  ", ""), (where, "dim"), " ", (diagnostic.severity, style), " ",
                (diagnostic.code, "bold"), " ", (diagnostic.name, "dim"),
            ))
            for line in _wrapped(visible(diagnostic.message), console.width):
                console.print(Text.assemble("    ", line))
            for line in _excerpt(report, diagnostic):
                console.print(line)
            if diagnostic.fix is not None:
                label = "fix" if diagnostic.fix.applicability == "safe" else "unsafe fix"
                fix_lines = _wrapped(visible(diagnostic.fix.message), console.width,
                                     first=len(label) + 8)
                console.print(Text.assemble(("    = ", "blue"), (f"{label}: ", "bold cyan"),
                                            fix_lines[0]))
                for line in fix_lines[1:]:
                    console.print(Text.assemble("      ", line))
            if len("    = docs: ") + len(diagnostic.url) <= console.width:
                console.print(Text.assemble(("    = ", "blue"), ("docs: ", "dim"),
                                            diagnostic.url))
            else:  # a URL is never split: it gets a line of its own
                console.print(Text.assemble(("    = ", "blue"), ("docs:", "dim")))
                console.print(Text.assemble("      ", diagnostic.url))
            console.print()
    if not options.quiet:
        console.print(Text(summary_line(reports), style="bold"))
