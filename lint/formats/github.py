"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=EL501 loopback-bind::message`, with
GitHub's escaping (`escaping.workflow_data`/`workflow_property`): in the message `%`, `\\r` and
`\\n`; in property values also `:` and `,` — after control characters are made visible, as the
log viewer interprets ANSI sequences. `info` findings become notices.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from ..escaping import workflow_data as escape_data
from ..escaping import workflow_property as escape_property
from ..runner import ProjectReport
from . import display_path

__all__ = ["annotation", "escape_data", "escape_property", "render"]

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def annotation(report: ProjectReport, diagnostic: Any) -> str:
    properties = []
    if diagnostic.path is not None:
        properties.append(("file", display_path(report.root, diagnostic.path)))
        if diagnostic.span is not None:
            start, end = diagnostic.span.start, diagnostic.span.end
            properties += [("line", str(start.line)), ("col", str(start.column)),
                           ("endLine", str(end.line)), ("endColumn", str(end.column))]
    properties.append(("title", f"{diagnostic.code} {diagnostic.name}"))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{_COMMAND[diagnostic.severity]} {rendered}::{escape_data(diagnostic.message)}"


def render(reports: Sequence[ProjectReport], stream: TextIO, settings: Any = None) -> None:
    for report in reports:
        for diagnostic in report.diagnostics:
            stream.write(annotation(report, diagnostic) + "\n")
