"""`--format concise`: `path:line:col: CODE [severity] message`, one finding per line.

For grep, editors' problem matchers and quick reading; no colour, no third-party import. Paths
and messages quote files, so they go through the terminal escaping: one line per finding, and
no control character of a file reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from ..escaping import terminal
from ..runner import ProjectReport
from . import display_path


def _one_line(text: str) -> str:
    return terminal(" ".join(text.split("\n")))


def render(reports: Sequence[ProjectReport], stream: TextIO, settings: Any = None) -> None:
    for report in reports:
        for d in report.diagnostics:
            if d.path is None:
                where = report.root if report.root not in ("", ".") else "."
            else:
                where = display_path(report.root, d.path)
            where = terminal(where)
            if d.span is not None:
                where = f"{where}:{d.span.start.line}:{d.span.start.column}"
            stream.write(f"{where}: {d.code} [{d.severity}] {_one_line(d.message)}\n")
