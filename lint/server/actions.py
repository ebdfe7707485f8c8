"""Code actions: each finding's fix, "Fix all safe problems in this file", and "Ignore EL… on
this line".

Fixes go through `fixes.plan`, the code `--fix` runs, on the Project the diagnostics came from,
so an editor's fix is byte for byte the command line's (newline style kept, overlapping fixes
left for the next round). Safe fixes are the preferred action; unsafe ones say so in the title.
The fix-all action has the kind `source.fixAll.enginelint`, which editors can run on save.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional

from lsprotocol import types

from ..diagnostics import SAFE, Diagnostic
from ..files import TextFile
from .convert import DocumentDiagnostics, Shown
from .documents import Snapshot, file_uri
from .ignore_line import suppression
from .text_edits import FileEdits, between, insertion, workspace_edit

FIX_ALL = "source.fixAll.enginelint"
KINDS = (types.CodeActionKind.QuickFix, FIX_ALL)
FIX_ALL_TITLE = "Fix all safe problems in this file"


def wanted(only: Optional[Sequence[str]], kind: str) -> bool:
    """Whether the client's `only` filter asks for actions of `kind` (no filter: all)."""
    if not only:
        return True
    return any(kind == asked or kind.startswith(f"{asked}.") for asked in only)


def overlaps(first: types.Range, second: types.Range) -> bool:
    start = (first.start.line, first.start.character)
    end = (first.end.line, first.end.character)
    other_start = (second.start.line, second.start.character)
    other_end = (second.end.line, second.end.character)
    return start <= other_end and other_start <= end


def code_actions(
    params: types.CodeActionParams,
    document: DocumentDiagnostics,
    report: Any,
    snapshot: Snapshot,
    encoding: str,
    versioned: bool,
) -> list[types.CodeAction]:
    """The actions for the requested range of one document."""
    only = params.context.only
    here = [item for item in document.shown if overlaps(item.lsp.range, params.range)]
    actions = []
    if wanted(only, types.CodeActionKind.QuickFix):
        for item in here:
            if item.finding.fix is not None and not item.anchored:
                fix_edits = _fixed(report, snapshot, [item.finding], True, encoding)
                if fix_edits:
                    actions.append(_quickfix(item, workspace_edit(fix_edits, versioned)))
        for item in here:
            ignore = None if item.anchored else _ignore(document, item, encoding)
            if ignore is not None:
                actions.append(_ignore_action(item, document, ignore, versioned))
    if wanted(only, FIX_ALL):
        mine = [item.finding for item in document.shown
                if not item.anchored and item.finding.fix is not None
                and item.finding.fix.applicability == SAFE]
        fix_edits = _fixed(report, snapshot, mine, False, encoding) if mine else []
        if fix_edits:
            actions.append(types.CodeAction(
                title=FIX_ALL_TITLE,
                kind=FIX_ALL,
                edit=workspace_edit(fix_edits, versioned),
            ))
    return actions


def _title(finding: Diagnostic) -> str:
    assert finding.fix is not None
    message = finding.fix.message
    title = f"{message[:1].upper()}{message[1:]} ({finding.code}"
    return title + (")" if finding.fix.applicability == SAFE else ", unsafe fix)")


def _quickfix(item: Shown, edit: types.WorkspaceEdit) -> types.CodeAction:
    fix = item.finding.fix
    assert fix is not None
    return types.CodeAction(
        title=_title(item.finding),
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[item.lsp],
        is_preferred=fix.applicability == SAFE,
        edit=edit,
    )


def _fixed(
    report: Any, snapshot: Snapshot, findings: list[Diagnostic], unsafe: bool, encoding: str
) -> list[FileEdits]:
    """Each changed file's edits after applying `findings`' fixes as `--fix` would."""
    from ..fixes import plan

    if report is None:
        return []
    result = []
    for change in plan(report.project, findings, unsafe):
        buffer = snapshot.by_path(change.path)
        uri = buffer.uri if buffer else file_uri(Path(snapshot.root, *change.path.split("/")))
        version = buffer.version if buffer else None
        result.append(FileEdits(uri, version, between(change.source.text, change.new_text,
                                                      encoding)))
    return result


def _ignore(document: DocumentDiagnostics, item: Shown, encoding: str
            ) -> Optional[types.TextEdit]:
    file = TextFile(document.relative, document.text)
    found = suppression(file, item.finding)
    if found is None:
        return None
    start, end, text = found
    if start != end:
        return None  # suppressions only ever insert
    return insertion(document.text, start, text, encoding)


def _ignore_action(item: Shown, document: DocumentDiagnostics, edit: types.TextEdit,
                   versioned: bool) -> types.CodeAction:
    return types.CodeAction(
        title=f"Ignore {item.finding.code} on this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[item.lsp],
        edit=workspace_edit([FileEdits(document.uri, document.version, (edit,))], versioned),
    )
