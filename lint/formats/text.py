"""`--format text`: findings grouped by file, with a source excerpt and the span underlined.

This is the only module that imports rich. Every string that comes from the user's files goes
into a `rich.text.Text` (never parsed as markup) after `escaping.terminal` made control
characters visible, so a requirement named `[red]x` or an ANSI escape in a file cannot change
what the terminal shows. Excerpts and messages are cut to a width before they are escaped or
wrapped, so rendering time does not grow with the length of a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Optional, TextIO

from ..diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..escaping import terminal
from ..lazy_dataclass import dataclass
from ..runner import ProjectReport
from . import display_path

_STYLE = {ERROR: "bold red", WARNING: "bold yellow", INFO: "bold blue"}
# A line of output: its pieces of text, each with a rich style ("" for none).
_Line = tuple[tuple[str, str], ...]
# The rendering bounds (see docs/limits.md): an excerpt shows at most this many characters of
# its line, of which this many before the span and this many of it; a message at most this many.
_MAX_EXCERPT_WIDTH = 200
_CONTEXT = 60
_MAX_MARKED = 120
_MAX_MESSAGE = 1_000


@dataclass(frozen=True)
class TextSettings:
    """`color`: True forces colour, False turns it off, None lets rich decide (TTY, NO_COLOR,
    FORCE_COLOR). `quiet` leaves out the summary line."""

    color: Optional[bool] = None
    quiet: bool = False


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


def _excerpt(report: ProjectReport, diagnostic: Diagnostic) -> list[_Line]:
    if diagnostic.path is None or diagnostic.span is None or diagnostic.sensitive:
        return []
    source = report.project.loaded_text(diagnostic.path)
    if source is None:
        return []
    start, end = diagnostic.span.start, diagnostic.span.end
    if start.line < 1 or not source.has_line(start.line):
        return []
    before, marked, after = excerpt_parts(
        source.line(start.line), start.column - 1, end.column - 1 if end.line == start.line
        else None,
    )
    number = str(start.line)
    gutter = " " * len(number)
    caret_count = max(len(marked), 1)
    style = _STYLE.get(diagnostic.severity, "bold")
    return [
        ((f"    {gutter} |", "blue"),),
        ((f"    {number} | ", "blue"), (before + marked + after, "")),
        ((f"    {gutter} | ", "blue"), (" " * len(before), ""), ("^" * caret_count, style)),
    ]


def excerpt_parts(raw: str, start: int, end: Optional[int]) -> tuple[str, str, str]:
    """The excerpt of one source line as (before, marked, after), escaped for the terminal and
    cut to a window around the span: at most `_CONTEXT` characters before it, `_MAX_MARKED` of
    it and `_MAX_EXCERPT_WIDTH` in all, with `…` where text was left out. Only the window is
    escaped, so a line of 200,000 characters costs no more than a short one."""
    start = max(0, min(start, len(raw)))
    stop = len(raw) if end is None else max(start, min(end, len(raw)))
    if len(raw) <= _MAX_EXCERPT_WIDTH:  # a line that fits is shown whole
        return terminal(raw[:start]), terminal(raw[start:stop]), terminal(raw[stop:])
    before = terminal(raw[max(0, start - _CONTEXT) : start])
    if len(before) > _CONTEXT or start > _CONTEXT:
        before = "…" + before[-(_CONTEXT - 1) :]
    marked = terminal(raw[start : min(stop, start + _MAX_MARKED)])
    if len(marked) > _MAX_MARKED or stop - start > _MAX_MARKED:
        marked = marked[: _MAX_MARKED - 1] + "…"
    room = max(_MAX_EXCERPT_WIDTH - len(before) - len(marked), 0)
    after = terminal(raw[stop : stop + room + 1])
    if len(after) > room:
        after = after[:room] + "…"
    return before, marked, after


def _bounded(text: str) -> str:
    """A message or fix text for the terminal: escaped, and cut at `_MAX_MESSAGE` characters
    (a message that quotes a 200,000-character line would otherwise fill the screen, and
    wrapping it costs seconds)."""
    if len(text) > _MAX_MESSAGE:
        text = text[:_MAX_MESSAGE]
        return terminal(text)[:_MAX_MESSAGE] + "…"
    return terminal(text)


def _wrapped(text: str, width: int, indent: int = 4, first: int = 4) -> list[str]:
    """`text` broken at spaces to fit `width` after an indent; a word longer than the line (a
    URL, a path) is never split, it overflows instead."""
    room = max(width - indent, 20)
    if not text or text[0] == " " or text[-1] == " " or "  " in text or _TEXTWRAP_SPACE & set(
        text
    ):
        return _textwrap(text, room, first - indent)
    # Words between single spaces (nearly every message): `textwrap`'s greedy filling, done
    # over the words directly.
    lines: list[str] = []
    words: list[str] = []
    length = 0
    capacity = room - (first - indent)
    for word in text.split(" "):
        if words and length + 1 + len(word) > capacity:
            lines.append(" ".join(words))
            words, length, capacity = [], 0, room
        length += len(word) + (1 if words else 0)
        words.append(word)
    lines.append(" ".join(words))
    return lines


# What `textwrap` reads as whitespace besides the space.
_TEXTWRAP_SPACE = frozenset("\t\n\x0b\x0c\r")


def _textwrap(text: str, room: int, hanging: int) -> list[str]:
    import textwrap

    lines = textwrap.wrap(
        text,
        width=room,
        initial_indent=" " * hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )
    if not lines:
        return [""]
    lines[0] = lines[0][hanging:]
    return lines


def _finding_lines(report: ProjectReport, diagnostic: Diagnostic, width: int) -> list[_Line]:
    """One finding's lines: where and what, the message, the excerpt, the fix, the docs."""
    where = (f"{diagnostic.span.start.line}:{diagnostic.span.start.column}"
             if diagnostic.span else "-")
    style = _STYLE.get(diagnostic.severity, "bold")
    lines: list[_Line] = [(
        ("  ", ""), (where, "dim"), (" ", ""), (diagnostic.severity, style), (" ", ""),
        (diagnostic.code, "bold"), (" ", ""), (diagnostic.name, "dim"),
    )]
    lines += [(("    ", ""), (line, ""))
              for line in _wrapped(_bounded(diagnostic.message), width)]
    lines += _excerpt(report, diagnostic)
    if diagnostic.fix is not None:
        label = "fix" if diagnostic.fix.applicability == "safe" else "unsafe fix"
        fix_lines = _wrapped(_bounded(diagnostic.fix.message), width, first=len(label) + 8)
        lines.append((("    = ", "blue"), (f"{label}: ", "bold cyan"), (fix_lines[0], "")))
        lines += [(("      ", ""), (line, "")) for line in fix_lines[1:]]
    if len("    = docs: ") + len(diagnostic.url) <= width:
        lines.append((("    = ", "blue"), ("docs: ", "dim"), (diagnostic.url, "")))
    else:  # a URL is never split: it gets a line of its own
        lines.append((("    = ", "blue"), ("docs:", "dim")))
        lines.append((("      ", ""), (diagnostic.url, "")))
    return lines


def _styled(console: Any) -> bool:
    """Whether rich draws styles (colours, bold) on this console."""
    return console.color_system is not None or bool(console.is_jupyter)


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
    width = console.width
    # Without colours (piped, `--no-color`, NO_COLOR) rich would print the very characters of
    # the lines: they are written as they are, and rich's cost per finding, most of a big run's
    # time, is paid only when there are styles to draw.
    plain = not _styled(console)
    for report in reports:
        current: Optional[str] = "\0"
        for diagnostic in report.diagnostics:
            header: Optional[str] = None
            if diagnostic.path != current:
                current = diagnostic.path
                header = terminal(display_path(report.root, current) if current is not None
                                  else f"{report.root} (project)")
            lines = _finding_lines(report, diagnostic, width)
            if plain:
                written = [header, "\n"] if header is not None else []
                for line in lines:
                    written.extend(text for text, _style in line)
                    written.append("\n")
                written.append("\n")  # rich ends each print with a line break
                stream.write("".join(written))
                continue
            # One print per finding: rich's cost is per call, and a run can have thousands.
            block = Text()
            if header is not None:
                block.append_text(Text(header, style="bold underline"))
                block.append("\n")
            for line in lines:
                block.append_text(Text.assemble(*line))
                block.append("\n")
            console.print(block)
    if not options.quiet:
        if plain:
            stream.write(summary_line(reports) + "\n")
        else:
            console.print(Text(summary_line(reports), style="bold"))
