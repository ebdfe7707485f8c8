"""Shared pieces of the Language Server tests: the template project, and a client's chores
(initialise, open, edit, wait for diagnostics, apply edits the way an editor does)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any, Callable, Optional, Union

from lsprotocol import types

from tests.helpers import write_project

SERVER = [sys.executable, "-m", "enginelint", "server"]

# A server whose every lint fails outside the rules: the session must survive it.
CRASHING_SERVER = [
    sys.executable,
    "-c",
    "import enginelint.runner as runner\n"
    "def broken(*args, **kwargs):\n"
    "    raise RuntimeError('the runner broke')\n"
    "runner.lint_root = broken\n"
    "from enginelint.cli import main\n"
    "raise SystemExit(main(['server']))\n",
]

# The Cloud Engine Python template, clean: enginelint finds nothing in it.
WSGI = """\
import os

import leancloud

from app import app
from cloud import engine

APP_ID = os.environ["LEANCLOUD_APP_ID"]
APP_KEY = os.environ["LEANCLOUD_APP_KEY"]
MASTER_KEY = os.environ["LEANCLOUD_APP_MASTER_KEY"]

leancloud.init(APP_ID, app_key=APP_KEY, master_key=MASTER_KEY)
leancloud.use_master_key(False)

application = engine
"""
APP = """\
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "Hello from Cloud Engine!"
"""
CLOUD = """\
from leancloud import Engine

from app import app

engine = Engine(app)


@engine.define
def hello(**params):
    return "Hello, {}!".format(params.get("name", "LeanCloud"))
"""
TEMPLATE = {
    "wsgi.py": WSGI,
    "app.py": APP,
    "cloud.py": CLOUD,
    "requirements.txt": "Flask>=1.1,<2\nleancloud>=2.9.1,<3\n",
    ".python-version": "3.11\n",
    "leanengine.yaml": "systemDependencies: []\n",
}


def template(root: Path, changes: Optional[dict[str, Optional[str]]] = None) -> Path:
    """The template project at `root`, with `changes`: a file's new text, or None to remove it."""
    files: dict[str, Union[str, bytes]] = dict(TEMPLATE)
    for name, content in (changes or {}).items():
        if content is None:
            files.pop(name, None)
        else:
            files[name] = content
    return write_project(root, files)


async def initialize(
    client: Any,
    root: Path,
    options: Optional[dict[str, Any]] = None,
    capabilities: Optional[types.ClientCapabilities] = None,
) -> types.InitializeResult:
    result: types.InitializeResult = await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities or editor_capabilities(),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options=options,
        )
    )
    return result


def editor_capabilities(
    encodings: Optional[list[str]] = None, pull: bool = False
) -> types.ClientCapabilities:
    """What a typical editor offers: versioned workspace edits, code action kinds, markdown."""
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings)
        if encodings else None,
        workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
            if pull else None,
        ),
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(data_support=True),
            diagnostic=types.DiagnosticClientCapabilities() if pull else None,
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        ),
    )


LANGUAGES = {".py": "python", ".txt": "pip-requirements", ".yaml": "yaml"}


def open_document(client: Any, path: Path, text: Optional[str] = None) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id=LANGUAGES.get(path.suffix, "plaintext"),
                version=1,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    return uri


def change(client: Any, uri: str, version: int, text: str) -> None:
    """Replace the whole buffer, unsaved."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def save(client: Any, uri: str) -> None:
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


async def wait_until(condition: Callable[[], Any], timeout: float = 30.0) -> Any:
    """Poll until `condition()` is truthy; its value. Fails after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = condition()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {getattr(condition, '__name__', '')}")
        await asyncio.sleep(0.02)


def codes(client: Any, uri: str) -> Optional[list[str]]:
    """The codes last published for `uri` (None: nothing published yet)."""
    published = client.diagnostics.get(uri)
    return None if published is None else [str(d.code) for d in published]


def lints(client: Any) -> int:
    """How many lints the server has logged."""
    return sum(1 for m in client.log_messages if m.message.startswith("linted "))


async def published(client: Any, uri: str, expected: list[str], timeout: float = 30.0) -> None:
    """Wait until the codes published for `uri` are `expected`."""

    def matches() -> bool:
        return codes(client, uri) == expected

    try:
        await wait_until(matches, timeout)
    except AssertionError:
        raise AssertionError(f"{uri}: expected {expected}, have {codes(client, uri)}") from None


def width(character: str, encoding: str = "utf-16") -> int:
    """How many code units a character takes in an LSP position encoding."""
    if encoding == "utf-8":
        return len(character.encode("utf-8"))
    if encoding == "utf-16":
        return 2 if ord(character) > 0xFFFF else 1
    return 1


def apply_edits(text: str, edits: list[types.TextEdit], encoding: str = "utf-16") -> str:
    """Apply LSP text edits as an editor does (positions in `encoding` code units)."""

    def offset(position: types.Position) -> int:
        lines = text.splitlines(keepends=True)
        start = sum(len(line) for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        used = 0
        for index, character in enumerate(line):
            if used >= position.character or character in "\r\n":
                return start + index
            used += width(character, encoding)
        return start + len(line)

    ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                     reverse=True)
    for edit in ordered:
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


def document_edits(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    """The edits a workspace edit makes to one document, whichever form it came in."""
    found: list[types.TextEdit] = []
    for change_ in edit.document_changes or []:
        if isinstance(change_, types.TextDocumentEdit) and change_.text_document.uri == uri:
            found.extend(e for e in change_.edits if isinstance(e, types.TextEdit))
    for target, edits in (edit.changes or {}).items():
        if target == uri:
            found.extend(edits)
    return found
