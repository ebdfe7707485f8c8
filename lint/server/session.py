"""One editor session: which documents are open, when each project is linted, what each
document was last told.

Every project with an open document is linted as a whole, with all of its open buffers laid
over the disk, because a finding in one file can come from another (editing `app.py` changes
whether `wsgi.py` defines `application`). After each lint every open document of the project is
told its diagnostics, an empty list included, so a finding fixed in another file disappears here
too; a closed document is cleared. Clients that pull diagnostics (and can be asked to pull
again) are answered from the same lints and asked to pull again when another file's change
moved their findings; the rest get them pushed.

Nothing here lets an exception reach the protocol layer's event loop unhandled: a failed lint
is an EL006 diagnostic plus a logged traceback (see `linting`), and everything else is logged.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Optional

from lsprotocol import types

from ..config import DEDICATED_FILE, PYPROJECT_FILE
from .convert import DocumentDiagnostics
from .debounce import Debouncer
from .documents import Documents, fs_path
from .linting import LintResult, lint
from .options import Options, parse
from .positions import UTF16
from .project_settings import ProjectSettings, SettingsCache

# How many lints a request waits through for one that includes the current buffers; a user who
# keeps typing gets the latest result rather than an answer that never comes.
MAX_WAITS = 5
SETTINGS_FILES = (DEDICATED_FILE, PYPROJECT_FILE)


class Session:
    """The server's state, driven by the protocol handlers in `app`."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.documents = Documents(self._text_of)
        self.options = Options()
        self.settings = SettingsCache()
        self.results: dict[Path, LintResult] = {}
        self.lints = Debouncer(self._lint)
        self.pull = False  # the client pulls diagnostics and can be asked to pull again
        self.versioned_edits = False
        self.problems_shown: set[str] = set()
        self.pending_problems: list[str] = []  # option problems, shown once initialized
        self._served: dict[str, str] = {}  # pull mode: result id each document last received
        self._waiting: set[str] = set()  # pull mode: documents with a request being answered
        self._published: set[str] = set()  # push mode: documents told something
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="enginelint-lint")

    # --- set-up ---------------------------------------------------------------------------
    def initialize(self, params: types.InitializeParams) -> None:
        """Read the client's capabilities and options."""
        capabilities = params.capabilities
        text = capabilities.text_document
        workspace = capabilities.workspace
        pulls = text is not None and text.diagnostic is not None
        refreshes = bool(workspace and workspace.diagnostics
                         and workspace.diagnostics.refresh_support)
        self.pull = pulls and refreshes
        self.versioned_edits = bool(workspace and workspace.workspace_edit
                                    and workspace.workspace_edit.document_changes)
        self.options, self.pending_problems = parse(params.initialization_options)

    def shut_down(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)

    @property
    def encoding(self) -> str:
        kind = self.server.workspace.position_encoding
        value = getattr(kind, "value", kind)
        return str(value) if value else UTF16

    def _text_of(self, uri: str) -> tuple[Optional[int], str]:
        document = self.server.workspace.get_text_document(uri)
        return document.version, document.source

    # --- events ---------------------------------------------------------------------------
    def opened(self, uri: str) -> None:
        place = self.documents.open(uri)
        if place is not None:
            self.lints.schedule(place.root, 0)

    def changed(self, uri: str) -> None:
        place = self.documents.place(uri)
        if place is not None:
            self.lints.schedule(place.root)

    def saved(self, uri: str) -> None:
        path = fs_path(uri)
        if path is not None and Path(path).name in SETTINGS_FILES:
            self.relint_all(0)  # a settings file can apply to every project below it
            return
        place = self.documents.place(uri)
        if place is not None:
            self.lints.schedule(place.root, 0)

    def closed(self, uri: str) -> None:
        place = self.documents.close(uri)
        self._served.pop(uri, None)
        if uri in self._published:
            self._published.discard(uri)
            self._publish(uri, [], None)
        if place is None:
            return
        if self.documents.in_project(place.root):
            self.lints.schedule(place.root)  # its buffer no longer overrides the disk
        else:
            self.results.pop(place.root, None)

    def configured(self, raw: Any) -> list[str]:
        """New options from the client, under an `enginelint` key; re-lints when they change
        what is checked. Settings without that key are other servers' (Neovim sends its whole,
        often empty, table): they must not reset the initialization options."""
        if not isinstance(raw, dict) or not isinstance(raw.get("enginelint"), dict):
            return []
        options, problems = parse(raw)
        if options != self.options:
            self.options = options
            self.relint_all(0)
        return problems

    def files_changed(self, uris: list[str]) -> None:
        """Files changed on disk (a checkout, a formatter): re-lint the projects they are in."""
        roots = set()
        for uri in uris:
            path = fs_path(uri)
            if path is None:
                continue
            if Path(path).name in SETTINGS_FILES:
                self.relint_all()
                return
            root = self.documents.project_of(Path(path))
            if root is not None:
                roots.add(root)
        for root in roots:
            self.lints.schedule(root)

    def relint_all(self, delay: Optional[float] = None) -> None:
        for root in self.documents.projects():
            self.lints.schedule(root, delay)

    # --- linting --------------------------------------------------------------------------
    async def _lint(self, root: Path) -> None:
        try:
            projects = self.documents.projects()
            if root not in projects:
                self.results.pop(root, None)
                return
            snapshot = self.documents.snapshot(root, projects[root])
            options = self.options

            def settings() -> ProjectSettings:
                return self.settings.get(root, snapshot.repository, options)

            loop = asyncio.get_running_loop()
            result = await loop.run_in_executor(self._worker, lint, snapshot, settings,
                                                self.encoding)
            self.results[root] = result
            self._report(root, result)
            self._deliver(result)
        except Exception as error:  # never let the session die with a lint
            import traceback

            self.log(f"enginelint: internal error while linting {root}: "
                     f"{type(error).__name__}: {error}\n{traceback.format_exc()}",
                     types.MessageType.Error)

    def _report(self, root: Path, result: LintResult) -> None:
        problem = result.settings_problem
        if problem and problem not in self.problems_shown:
            self.problems_shown.add(problem)
            self.show(problem, types.MessageType.Warning)
        self.log(f"linted {root} in {result.seconds * 1000:.0f} ms: {result.count} findings, "
                 f"{len(result.snapshot.buffers)} open documents", types.MessageType.Log)
        if result.failure:
            self.log(f"enginelint: internal error in {root}:\n{result.failure}",
                     types.MessageType.Error)

    def _deliver(self, result: LintResult) -> None:
        if self.pull:
            # Documents never pulled will be (the client pulls what it opens); the one being
            # answered gets this result; only the others may hold stale findings.
            stale = [uri for uri, document in result.documents.items()
                     if uri not in self._waiting and uri in self._served
                     and self._served[uri] != _result_id(document)]
            if stale:
                self.server.workspace_diagnostic_refresh(None)
            return
        for uri, document in result.documents.items():
            if self.documents.place(uri) is None:
                continue  # closed while it was linted
            self._published.add(uri)
            self._publish(uri, document.lsp, document.version)

    def _publish(self, uri: str, diagnostics: list[types.Diagnostic],
                 version: Optional[int]) -> None:
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    async def current(self, uri: str) -> Optional[tuple[LintResult, DocumentDiagnostics]]:
        """The latest lint that includes the current buffers of `uri`'s project."""
        place = self.documents.place(uri)
        if place is None:
            return None
        for _ in range(MAX_WAITS):
            result = self.results.get(place.root)
            repository = self.documents.projects().get(place.root)
            now = self.documents.snapshot(place.root, repository).versions
            if result is not None and result.snapshot.versions == now:
                break
            await self.lints.next_run(place.root)
        result = self.results.get(place.root)
        if result is None or uri not in result.documents:
            return None
        return result, result.documents[uri]

    # --- requests -------------------------------------------------------------------------
    async def pull_diagnostics(
        self, params: types.DocumentDiagnosticParams
    ) -> types.DocumentDiagnosticReport:
        uri = params.text_document.uri
        self._waiting.add(uri)
        try:
            found = await self.current(uri)
        finally:
            self._waiting.discard(uri)
        if found is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        document = found[1]
        result_id = _result_id(document)
        self._served[uri] = result_id
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=document.lsp, result_id=result_id)

    async def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        from .actions import code_actions

        found = await self.current(params.text_document.uri)
        if found is None:
            return []
        result, document = found
        loop = asyncio.get_running_loop()
        # Fixes read the linted Project, which only the worker touches.
        return await loop.run_in_executor(
            self._worker, code_actions, params, document, result.report, result.snapshot,
            self.encoding, self.versioned_edits,
        )

    async def hover(self, params: types.HoverParams) -> Optional[types.Hover]:
        from .hover import covers, markdown

        found = await self.current(params.text_document.uri)
        if found is None:
            return None
        result, document = found
        here = [item for item in document.shown if covers(item.lsp, params.position)]
        if not here:
            return None
        fail_on = result.report.fail_on if result.report is not None else None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                         value=markdown([i.finding for i in here], fail_on)),
            range=here[0].lsp.range,
        )

    # --- telling the user -----------------------------------------------------------------
    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.server.window_log_message(types.LogMessageParams(type=kind, message=message))

    def show(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        self.server.window_show_message(types.ShowMessageParams(type=kind, message=message))


def _result_id(document: DocumentDiagnostics) -> str:
    """A digest of what a document shows: the same findings give the same id."""
    payload = json.dumps(
        [[i.finding.code, i.finding.message, i.finding.fingerprint,
          i.lsp.range.start.line, i.lsp.range.start.character,
          i.lsp.range.end.line, i.lsp.range.end.character] for i in document.shown]
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]
