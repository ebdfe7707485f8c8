"""enginelint's diagnostics as LSP diagnostics, sorted onto the open documents.

Each diagnostic keeps its code, severity and message; `codeDescription` links the rule's page;
`data` carries the rule's name, the fingerprint and the fix (in the JSON report's form), so a
client that keeps diagnostics can show or resolve them without asking again. Ranges are converted
with the text that was linted, in the code units the session negotiated.

Findings about the project as a whole (a missing `.python-version`, a rule that crashed) name no
file. They go on one open document of the project, at its first line: the first open file the
platform reads first (`wsgi.py`, `requirements.txt`, …, in the order the finder lists project
markers), else the first open document — one place, so a Problems list shows them once.
"""

from __future__ import annotations

from typing import Any, Optional

from lsprotocol import types

from ..diagnostics import ERROR, INFO, WARNING, Diagnostic, Span
from ..finder import MARKERS
from ..lazy_dataclass import dataclass, field
from .documents import Snapshot
from .positions import Lines

SOURCE = "enginelint"

_SEVERITY = {
    ERROR: types.DiagnosticSeverity.Error,
    WARNING: types.DiagnosticSeverity.Warning,
    INFO: types.DiagnosticSeverity.Information,
}


@dataclass(frozen=True)
class Shown:
    """One enginelint diagnostic as one document shows it."""

    finding: Diagnostic
    lsp: types.Diagnostic
    anchored: bool = False  # a project-wide finding placed on this document


@dataclass(frozen=True)
class DocumentDiagnostics:
    """What one open document shows after one lint, and the text it was computed from."""

    uri: str
    relative: str
    version: Optional[int]
    text: str
    shown: tuple[Shown, ...] = field(default=())

    @property
    def lsp(self) -> list[types.Diagnostic]:
        return [item.lsp for item in self.shown]


def to_range(span: Optional[Span], lines: Optional[Lines]) -> types.Range:
    if span is None:
        return types.Range(types.Position(0, 0), types.Position(0, 0))
    if lines is None:
        return types.Range(
            types.Position(max(span.start.line - 1, 0), max(span.start.column - 1, 0)),
            types.Position(max(span.end.line - 1, 0), max(span.end.column - 1, 0)),
        )
    start = lines.from_engine(span.start.line, span.start.column)
    end = lines.from_engine(span.end.line, span.end.column)
    return types.Range(types.Position(*start), types.Position(*end))


def to_lsp(diagnostic: Diagnostic, lines: Optional[Lines], anchored: bool = False
           ) -> types.Diagnostic:
    data: dict[str, Any] = {
        "name": diagnostic.name,
        "fingerprint": diagnostic.fingerprint,
        "fix": diagnostic.fix.to_json() if diagnostic.fix else None,
    }
    if anchored:
        data["project"] = True
    return types.Diagnostic(
        range=to_range(None if anchored else diagnostic.span, lines),
        message=diagnostic.message,
        severity=_SEVERITY.get(diagnostic.severity, types.DiagnosticSeverity.Warning),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=diagnostic.url) if diagnostic.url else None,
        source=SOURCE,
        data=data,
    )


def anchor(snapshot: Snapshot) -> Optional[str]:
    """The open document that shows the project's file-less findings."""
    for marker in MARKERS:
        buffer = snapshot.by_path(marker)
        if buffer is not None:
            return buffer.uri
    return snapshot.buffers[0].uri if snapshot.buffers else None


def for_documents(
    diagnostics: list[Diagnostic], snapshot: Snapshot, encoding: str
) -> dict[str, DocumentDiagnostics]:
    """Each open document's diagnostics (empty lists included: they clear old ones)."""
    by_path: dict[str, list[Diagnostic]] = {}
    projectwide = []
    for diagnostic in diagnostics:
        if diagnostic.path is None:
            projectwide.append(diagnostic)
        else:
            by_path.setdefault(diagnostic.path, []).append(diagnostic)
    anchored_on = anchor(snapshot)
    result = {}
    for buffer in snapshot.buffers:
        lines = Lines(buffer.text, encoding)
        shown = [Shown(d, to_lsp(d, lines)) for d in by_path.get(buffer.relative, [])]
        if buffer.uri == anchored_on:
            shown.extend(Shown(d, to_lsp(d, lines, anchored=True), anchored=True)
                         for d in projectwide)
        result[buffer.uri] = DocumentDiagnostics(
            buffer.uri, buffer.relative, buffer.version, buffer.text, tuple(shown)
        )
    return result
