"""`enginelint server`: the Language Server Protocol over standard input and output.

This module only wires the protocol (pygls) to the session: each handler is one line, wrapped
so that an exception is logged to the client and answered with "nothing" instead of ending the
editor's session. What the handlers do lives in `session` and the modules it calls.

Capabilities: diagnostics (pushed, or pulled by clients that can also be asked to pull again),
code actions (quick fixes, "Ignore … on this line", `source.fixAll.enginelint`) and hover.
"""

from __future__ import annotations

import functools
import inspect
import logging
import traceback
from typing import Any, Callable, Optional, TypeVar, cast

from lsprotocol import types

from .. import __version__

F = TypeVar("F", bound=Callable[..., Any])

# The files a project's findings come from: when one changes on disk, its project is re-linted.
WATCHED = (
    "**/*.py",
    "**/*.txt",
    "**/.python-version",
    "**/leanengine.yaml",
    "**/.leanignore",
    "**/.enginelint.toml",
    "**/pyproject.toml",
)


def build() -> Any:
    """The server, with every handler registered."""
    from pygls.lsp.server import LanguageServer

    from .actions import KINDS
    from .session import Session

    server = LanguageServer("enginelint", __version__)
    session = Session(server)

    def logged(default: Any) -> Callable[[F], F]:
        return _guarded(session, default)

    @server.feature(types.INITIALIZE)
    @logged(None)
    def initialize(params: types.InitializeParams) -> None:
        session.initialize(params)
        if session.pull:
            server.feature(
                types.TEXT_DOCUMENT_DIAGNOSTIC,
                types.DiagnosticOptions(identifier="enginelint", inter_file_dependencies=True,
                                        workspace_diagnostics=False),
            )(logged(None)(session.pull_diagnostics))

    @server.feature(types.INITIALIZED)
    @logged(None)
    def initialized(params: types.InitializedParams) -> None:
        for problem in session.pending_problems:
            session.show(problem)
        _watch_files(server, session)

    @server.feature(types.SHUTDOWN)
    @logged(None)
    def shutdown(params: Any) -> None:
        session.shut_down()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @logged(None)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        session.opened(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @logged(None)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        session.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    @logged(None)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        session.saved(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @logged(None)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        session.closed(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @logged(None)
    def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
        for problem in session.configured(params.settings):
            session.show(problem)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @logged(None)
    def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        session.files_changed([change.uri for change in params.changes])

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=list(KINDS)))
    @logged([])
    async def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        return await session.code_actions(params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @logged(None)
    async def hover(params: types.HoverParams) -> Optional[types.Hover]:
        return await session.hover(params)

    return server


def _guarded(session: Any, default: Any) -> Callable[[F], F]:
    """A handler that logs its exception and answers `default` instead of raising."""

    def decorate(handler: F) -> F:
        if inspect.iscoroutinefunction(handler):

            @functools.wraps(handler)
            async def guarded_async(params: Any) -> Any:
                try:
                    return await handler(params)
                except Exception as error:
                    _log_failure(session, handler.__name__, error)
                    return default

            return cast(F, guarded_async)

        @functools.wraps(handler)
        def guarded(params: Any) -> Any:
            try:
                return handler(params)
            except Exception as error:
                _log_failure(session, handler.__name__, error)
                return default

        return cast(F, guarded)

    return decorate


def _log_failure(session: Any, where: str, error: Exception) -> None:
    try:
        session.log(f"enginelint: internal error in {where}: {type(error).__name__}: {error}\n"
                    f"{traceback.format_exc()}", types.MessageType.Error)
    except Exception:  # the client is gone; nothing left to tell
        logging.getLogger(__name__).exception("enginelint: internal error in %s", where)


def _watch_files(server: Any, session: Any) -> None:
    """Ask the client to report changes to the files findings come from, when it can."""
    workspace = server.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace else None
    if watched is None or not watched.dynamic_registration:
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
    )
    registration = types.Registration(
        id="enginelint-watched-files",
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=options,
    )

    def done(future: Any) -> None:
        if future.exception() is not None:
            session.log(f"enginelint: the client did not watch files: {future.exception()}")

    future = server.client_register_capability(types.RegistrationParams([registration]))
    future.add_done_callback(done)


def serve() -> int:
    """Run the server on standard input and output until the client ends the session."""
    from ..analysis.python.parse import keep_verdicts

    # An edit changes one buffer; every other file's verdict (the costly part of a lint of
    # Python code) is kept from the lint before. Enough for the projects an editor opens.
    keep_verdicts(4096)
    server = build()
    server.start_io()
    return 0
