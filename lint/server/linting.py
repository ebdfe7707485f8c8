"""One lint of one project as the editor sees it: its open buffers over the files on disk.

Runs in the server's worker thread, so it touches no protocol state: it takes a snapshot of the
buffers and the project's Settings, calls the same `runner.lint_root` the command line calls,
and returns every open document's LSP diagnostics. It never raises: an internal error becomes
an EL006 diagnostic on each open document of the project, and its traceback is returned for the
log, because a crash here must never end the editor's session.
"""

from __future__ import annotations

import time
import traceback
from typing import Any, Callable, Optional

from .. import runner
from ..diagnostics import ERROR, Diagnostic
from ..lazy_dataclass import dataclass
from .buffers import as_saved
from .convert import DocumentDiagnostics, for_documents
from .documents import Snapshot
from .project_settings import ProjectSettings

INTERNAL_ERROR = "EL006"


@dataclass(frozen=True)
class LintResult:
    """What one lint found, per open document, and what to tell the log."""

    snapshot: Snapshot
    documents: dict[str, DocumentDiagnostics]
    seconds: float
    report: Optional[Any] = None  # the runner's ProjectReport (its Project applies fixes)
    failure: Optional[str] = None  # the traceback of an internal error
    settings_problem: Optional[str] = None  # a configuration error; the defaults were used

    @property
    def count(self) -> int:
        return len(self.report.diagnostics) if self.report is not None else 0


def lint(
    snapshot: Snapshot, settings_of: Callable[[], ProjectSettings], encoding: str
) -> LintResult:
    """Lint the snapshot's project under the settings `settings_of` builds (here, in the
    worker, so that a failure reading them is caught like any other)."""
    started = time.perf_counter()
    try:
        settings = settings_of()
        buffers = {}
        for buffer in snapshot.buffers:
            data = as_saved(snapshot.root, buffer.relative, buffer.text,
                            settings.settings.max_file_size)
            if data is not None:
                buffers[buffer.relative] = data
        report = runner.lint_root(snapshot.root, settings.settings, buffers=buffers)
        documents = for_documents(report.diagnostics, snapshot, encoding)
        return LintResult(snapshot, documents, time.perf_counter() - started, report,
                          settings_problem=settings.problem)
    except Exception as error:
        failure = traceback.format_exc()
        documents = _failed(snapshot, error, encoding)
        return LintResult(snapshot, documents, time.perf_counter() - started, failure=failure)


def _failed(snapshot: Snapshot, error: Exception, encoding: str) -> dict[str, DocumentDiagnostics]:
    """EL006 on every open document of the project: where the user is looking, whichever it is."""
    from ..registry import all_rules, find

    rule = find(all_rules(), INTERNAL_ERROR)
    diagnostic = Diagnostic(
        code=INTERNAL_ERROR,
        name=rule.name if rule else "internal-error",
        severity=ERROR,
        message=(f"enginelint failed on this project: {type(error).__name__}: {error}; the "
                 "traceback is in the language server's log; please report this bug"),
        path=None,
        span=None,
        url=rule.url if rule else "",
    )
    result = {}
    for buffer in snapshot.buffers:
        alone = Snapshot(snapshot.root, snapshot.repository, (buffer,))
        result.update(for_documents([diagnostic], alone, encoding))
    return result
