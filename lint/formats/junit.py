"""`--format junit`: JUnit XML, for CI systems that show test reports but no linter output.

One test suite per project, one test case per rule that ran and found something (a failure per
finding) — so a clean project is an empty, passing suite. Paths and messages quote files, and
XML 1.0 cannot hold most control characters even escaped, so they go through
`escaping.markup` first: the document stays well-formed whatever a file holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from ..escaping import markup
from ..runner import ProjectReport
from . import display_path


def render(reports: Sequence[ProjectReport], stream: TextIO, settings: Any = None) -> None:
    total = sum(len(r.diagnostics) for r in reports)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(f'<testsuites name="enginelint" tests="{total}" failures="{total}">\n')
    for report in reports:
        count = len(report.diagnostics)
        stream.write(f'  <testsuite name={quoteattr(report.root)} tests="{count}" '
                     f'failures="{count}">\n')
        for d in report.diagnostics:
            where = display_path(report.root, d.path) if d.path else report.root
            if d.span is not None:
                where += f":{d.span.start.line}:{d.span.start.column}"
            name = quoteattr(f"{d.code} {d.name} {where}")
            stream.write(f"    <testcase name={name} classname={quoteattr(d.code)}>\n")
            stream.write(f"      <failure type={quoteattr(d.severity)} "
                         f"message={quoteattr(d.message)}>{_text(where)}: {_text(d.message)}"
                         "</failure>\n")
            stream.write("    </testcase>\n")
        stream.write("  </testsuite>\n")
    stream.write("</testsuites>\n")


def _text(value: str) -> str:
    from xml.sax.saxutils import escape

    return escape(markup(value))


def quoteattr(value: str) -> str:
    """An attribute value, quoted: what XML cannot hold shown as escapes first. (Line breaks
    are kept; `quoteattr` writes them as character references.)"""
    from xml.sax.saxutils import quoteattr as quote

    return quote(markup(value))
