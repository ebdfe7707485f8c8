"""`enginelint server` end to end: code actions and hover, through a real client.

Each action's edit is applied the way an editor applies it, then sent back as the buffer's new
text: the finding must be gone, which is what the person at the editor sees.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytest_lsp", reason="pytest-lsp needs Python 3.10 or later")

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.server.helpers import (
    SERVER,
    apply_edits,
    change,
    document_edits,
    initialize,
    open_document,
    published,
    template,
)

pytestmark = pytest.mark.asyncio


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    yield
    await lsp_client.shutdown_session()


async def actions(client: LanguageClient, uri: str, line: int, only: Any = None
                  ) -> list[types.CodeAction]:
    diagnostics = [d for d in client.diagnostics.get(uri, []) if d.range.start.line == line]
    result = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(line, 0), types.Position(line, 0)),
        context=types.CodeActionContext(diagnostics=diagnostics, only=only),
    ))
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


def edited(action: types.CodeAction, uri: str, text: str) -> str:
    assert action.edit is not None
    # The client said it takes versioned document changes: each names the buffer's version.
    assert action.edit.document_changes
    return apply_edits(text, document_edits(action.edit, uri))


async def test_a_quick_fix_applies_el202s_fix(client: LanguageClient, tmp_path: Path) -> None:
    root = template(tmp_path)
    await initialize(client, root)
    uri = open_document(client, root / "requirements.txt")
    await published(client, uri, [])
    text = "Flask>=1.1\nleancloud>=2.9.1,<3\n"
    change(client, uri, 2, text)
    await published(client, uri, ["EL202"])
    found = await actions(client, uri, 0)
    fix = next(a for a in found if a.kind == types.CodeActionKind.QuickFix and a.is_preferred)
    assert fix.title == "Cap the major version: `Flask>=1.1,<2` (EL202)"
    assert fix.diagnostics and fix.diagnostics[0].code == "EL202"
    document = fix.edit.document_changes[0]  # type: ignore[union-attr,index]
    assert document.text_document.version == 2  # type: ignore[union-attr]
    # Only what changed is replaced: the cursor elsewhere in the file stays put.
    assert document.edits[0].new_text == ",<2"  # type: ignore[union-attr]
    fixed = edited(fix, uri, text)
    assert fixed == "Flask>=1.1,<2\nleancloud>=2.9.1,<3\n"
    change(client, uri, 3, fixed)
    await published(client, uri, [])


async def test_unsafe_fixes_say_so_and_are_not_preferred(client: LanguageClient,
                                                         tmp_path: Path) -> None:
    root = template(tmp_path, {"leanengine.yaml": "startupTimout: 60\n"})
    await initialize(client, root)
    uri = open_document(client, root / "leanengine.yaml")
    await published(client, uri, ["EL402"])
    found = await actions(client, uri, 0, only=[types.CodeActionKind.QuickFix])
    fix = next(a for a in found if "startupTimeout" in a.title)
    assert fix.title == "Rename `startupTimout` to `startupTimeout` (EL402, unsafe fix)"
    assert not fix.is_preferred
    fixed = edited(fix, uri, "startupTimout: 60\n")
    assert fixed == "startupTimeout: 60\n"
    change(client, uri, 2, fixed)
    await published(client, uri, [])


async def test_fix_all_safe_problems_in_this_file(client: LanguageClient, tmp_path: Path
                                                  ) -> None:
    text = "Flask>=1.1\nrequests>=2.20\nleancloud>=2.9.1,<3\n"
    root = template(tmp_path, {"requirements.txt": text})
    await initialize(client, root)
    uri = open_document(client, root / "requirements.txt")
    await published(client, uri, ["EL202", "EL202"])
    found = await actions(client, uri, 0, only=["source.fixAll"])
    assert [(a.title, a.kind) for a in found] == [
        ("Fix all safe problems in this file", "source.fixAll.enginelint")]
    fixed = edited(found[0], uri, text)
    assert fixed == "Flask>=1.1,<2\nrequests>=2.20,<3\nleancloud>=2.9.1,<3\n"
    change(client, uri, 2, fixed)
    await published(client, uri, [])
    # Nothing left to fix: no action.
    assert await actions(client, uri, 0, only=["source.fixAll.enginelint"]) == []


async def test_ignore_on_this_line(client: LanguageClient, tmp_path: Path) -> None:
    text = "Flask>=1.1  # the web framework\nleancloud>=2.9.1,<3\n"
    root = template(tmp_path, {"requirements.txt": text})
    await initialize(client, root)
    uri = open_document(client, root / "requirements.txt")
    await published(client, uri, ["EL202"])
    found = await actions(client, uri, 0)
    ignore = next(a for a in found if a.title == "Ignore EL202 on this line")
    assert ignore.kind == types.CodeActionKind.QuickFix
    fixed = edited(ignore, uri, text)
    assert fixed.splitlines()[0] == (
        "Flask>=1.1  # the web framework  # enginelint: ignore[EL202]")
    change(client, uri, 2, fixed)
    await published(client, uri, [])  # silenced, and the suppression is used (no EL007)


async def test_ignore_goes_above_a_line_that_cannot_take_a_comment(client: LanguageClient,
                                                                   tmp_path: Path) -> None:
    text = "Flask>=1.1 \\\n    --hash=sha256:00\nleancloud>=2.9.1,<3\n"
    root = template(tmp_path, {"requirements.txt": text})
    await initialize(client, root)
    uri = open_document(client, root / "requirements.txt")
    await published(client, uri, ["EL202", "EL210", "EL210"])  # hashes: one line has some
    found = await actions(client, uri, 0)
    ignore = next(a for a in found if a.title == "Ignore EL202 on this line")
    fixed = edited(ignore, uri, text)
    assert fixed.startswith("# enginelint: ignore[EL202]\nFlask>=1.1 \\\n")


async def test_ignore_adds_to_an_existing_suppression(client: LanguageClient, tmp_path: Path
                                                      ) -> None:
    text = "Flask>=1.1  # enginelint: ignore[EL201]\nleancloud>=2.9.1,<3\n"
    root = template(tmp_path, {"requirements.txt": text})
    await initialize(client, root)
    uri = open_document(client, root / "requirements.txt")
    await published(client, uri, ["EL202", "EL007"])
    found = await actions(client, uri, 0)
    ignore = next(a for a in found if a.title == "Ignore EL202 on this line")
    fixed = edited(ignore, uri, text)
    assert fixed.splitlines()[0] == "Flask>=1.1  # enginelint: ignore[EL201, EL202]"


async def test_hover_explains_the_rule_and_the_fix(client: LanguageClient, tmp_path: Path
                                                   ) -> None:
    root = template(tmp_path, {"requirements.txt": "Flask>=1.1\nleancloud>=2.9.1,<3\n"})
    await initialize(client, root)
    uri = open_document(client, root / "requirements.txt")
    await published(client, uri, ["EL202"])
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(0, 3)))
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    text = hover.contents.value
    assert "**EL202** `unbounded-major-version` (warning)" in text
    assert "fails `enginelint`" in text  # the default fail-on is warning
    assert "A requirement's specifiers do not cap the major version." in text
    assert "**How to fix:** `Flask>=1.0.0` → `Flask>=1.0.0,<2`" in text
    assert "**Quick fix** (safe): Cap the major version" in text
    assert "# enginelint: ignore[EL202]" in text
    assert "docs/rules/EL202.md" in text
    assert hover.range == client.diagnostics[uri][0].range
    # Away from any finding there is nothing to say.
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(1, 3)))
    assert nothing is None
