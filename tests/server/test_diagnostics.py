"""`enginelint server` end to end: a real server process driven by a real LSP client.

Diagnostics as an editor receives them: pushed on open, change and save, pulled by clients that
pull, in UTF-16 (or the negotiated) positions, updated across files, under the project's settings
and the editor's options, once per burst of edits, and an EL006 when enginelint itself fails.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

pytest.importorskip("pytest_lsp", reason="pytest-lsp needs Python 3.10 or later")

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.server.helpers import (
    APP,
    CRASHING_SERVER,
    SERVER,
    WSGI,
    change,
    codes,
    editor_capabilities,
    initialize,
    lints,
    open_document,
    published,
    save,
    template,
    wait_until,
    width,
)

pytestmark = pytest.mark.asyncio

UNCAPPED = {"requirements.txt": "Flask>=1.1\nleancloud>=2.9.1,<3\n"}
# wsgi.py takes `application` from app.py by a star import: an edit to app.py decides EL103.
STAR_IMPORT = {"wsgi.py": WSGI.replace("application = engine", "from app import *"),
               "app.py": APP + "\napplication = app\n"}
DOCS = "https://github.com/enginelint/enginelint/blob/main/docs/rules/{}.md"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=CRASHING_SERVER))
async def crashing(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    yield
    await lsp_client.shutdown_session()


async def test_diagnostics_on_open_change_and_save(client: LanguageClient, tmp_path: Path
                                                   ) -> None:
    root = template(tmp_path, UNCAPPED)
    await initialize(client, root)
    uri = open_document(client, root / "requirements.txt")
    await published(client, uri, ["EL202"])
    diagnostic = client.diagnostics[uri][0]
    assert diagnostic.source == "enginelint"
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert diagnostic.range == types.Range(types.Position(0, 0), types.Position(0, 10))
    assert diagnostic.code_description is not None
    assert diagnostic.code_description.href == DOCS.format("EL202")
    assert diagnostic.data["name"] == "unbounded-major-version"
    assert diagnostic.data["fix"]["edits"][0]["content"] == ",<2"

    # An unsaved edit counts: the buffer is linted, not the file on disk.
    change(client, uri, 2, "Flask>=1.1,<2\nleancloud>=2.9.1,<3\n")
    await published(client, uri, [])
    # Saving the file as the editor had it lints again, from the disk this time.
    (root / "requirements.txt").write_text("Flask>=1.1,<2\nrequests>=2\n", encoding="utf-8")
    before = lints(client)
    change(client, uri, 3, "Flask>=1.1,<2\nrequests>=2\n")
    save(client, uri)
    await published(client, uri, ["EL202"])
    assert client.diagnostics[uri][0].range.start.line == 1
    assert lints(client) > before


async def test_unsaved_typo_in_leanengine_yaml_after_an_emoji_has_utf16_columns(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = template(tmp_path)
    await initialize(client, root)
    uri = open_document(client, root / "leanengine.yaml")
    await published(client, uri, [])
    line = '{build: "echo 🚀", startupTimout: 60}'
    change(client, uri, 2, line + "\n")
    await published(client, uri, ["EL402"])
    found = client.diagnostics[uri][0]
    start = line.index("startupTimout")
    # One code point for the rocket, two UTF-16 code units.
    assert found.range.start == types.Position(0, start + 1)
    assert found.range.end == types.Position(0, start + 1 + len("startupTimout"))
    assert sum(width(c) for c in line[:start]) == start + 1


async def test_positions_in_the_encoding_the_client_prefers(client: LanguageClient,
                                                            tmp_path: Path) -> None:
    root = template(tmp_path, {"leanengine.yaml": '{build: "echo 🚀", startupTimout: 60}\n'})
    result = await initialize(client, root, capabilities=editor_capabilities(["utf-8"]))
    assert result.capabilities.position_encoding == "utf-8"
    uri = open_document(client, root / "leanengine.yaml")
    await published(client, uri, ["EL402"])
    line = (root / "leanengine.yaml").read_text(encoding="utf-8")
    start = line.index("startupTimout")
    assert client.diagnostics[uri][0].range.start == types.Position(
        0, len(line[:start].encode("utf-8")))


async def test_pull_diagnostics(client: LanguageClient, tmp_path: Path) -> None:
    root = template(tmp_path, UNCAPPED)
    result = await initialize(client, root, capabilities=editor_capabilities(pull=True))
    assert result.capabilities.diagnostic_provider is not None
    uri = open_document(client, root / "requirements.txt")
    identifier = types.TextDocumentIdentifier(uri=uri)
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=identifier))
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert [d.code for d in report.items] == ["EL202"]
    assert report.items[0].code_description is not None
    again = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=identifier,
                                       previous_result_id=report.result_id))
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    # A change is included in the next answer, without waiting for a push.
    change(client, uri, 2, "Flask>=1.1,<2\nleancloud>=2.9.1,<3\n")
    fixed = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=identifier,
                                       previous_result_id=report.result_id))
    assert isinstance(fixed, types.RelatedFullDocumentDiagnosticReport)
    assert list(fixed.items) == []
    # Clients that pull get nothing pushed (they would show everything twice).
    assert uri not in client.diagnostics


async def test_pull_clients_are_asked_to_pull_again_when_another_file_changes(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = template(tmp_path, STAR_IMPORT)
    await initialize(client, root, capabilities=editor_capabilities(pull=True))
    wsgi = open_document(client, root / "wsgi.py")
    app = open_document(client, root / "app.py")
    params = types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=wsgi))
    first = await client.text_document_diagnostic_async(params)
    assert list(first.items) == []  # type: ignore[union-attr]
    change(client, app, 2, APP)
    await wait_until(lambda: client.diagnostic_refresh_count > 0)
    second = await client.text_document_diagnostic_async(params)
    assert [d.code for d in second.items] == ["EL103"]  # type: ignore[union-attr]


async def test_editing_one_file_updates_another_files_findings(client: LanguageClient,
                                                               tmp_path: Path) -> None:
    root = template(tmp_path, STAR_IMPORT)
    await initialize(client, root)
    wsgi = open_document(client, root / "wsgi.py")
    app = open_document(client, root / "app.py")
    await published(client, wsgi, [])
    await published(client, app, [])
    # app.py no longer defines `application`, unsaved: wsgi.py's star import finds none.
    change(client, app, 2, APP)
    await published(client, wsgi, ["EL103"])
    assert codes(client, app) == []
    change(client, app, 3, APP + "\napplication = app\n")
    await published(client, wsgi, [])


async def test_closing_a_document_clears_it_and_relints_the_rest(client: LanguageClient,
                                                                 tmp_path: Path) -> None:
    root = template(tmp_path, STAR_IMPORT)
    await initialize(client, root)
    wsgi = open_document(client, root / "wsgi.py")
    app = open_document(client, root / "app.py")
    change(client, app, 2, APP)
    await published(client, wsgi, ["EL103"])
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=app)))
    # The unsaved edit is gone with the buffer: the disk defines `application` again.
    await published(client, wsgi, [])
    assert codes(client, app) == []


async def test_project_wide_findings_go_on_one_open_document(client: LanguageClient,
                                                             tmp_path: Path) -> None:
    root = template(tmp_path, {".python-version": None})
    await initialize(client, root)
    app = open_document(client, root / "app.py")
    wsgi = open_document(client, root / "wsgi.py")
    await published(client, wsgi, ["EL306"])
    await published(client, app, [])
    assert client.diagnostics[wsgi][0].range == types.Range(types.Position(0, 0),
                                                            types.Position(0, 0))
    assert client.diagnostics[wsgi][0].data["project"] is True


async def test_settings_come_from_the_projects_configuration(client: LanguageClient,
                                                             tmp_path: Path) -> None:
    root = template(tmp_path, UNCAPPED)
    (root / "pyproject.toml").write_text('[tool.enginelint]\nignore = ["EL202"]\n',
                                         encoding="utf-8")
    await initialize(client, root)
    uri = open_document(client, root / "requirements.txt")
    await published(client, uri, [])
    # Editing and saving the settings file changes what is checked.
    (root / "pyproject.toml").write_text("[tool.enginelint]\n", encoding="utf-8")
    settings = open_document(client, root / "pyproject.toml")
    save(client, settings)
    await published(client, uri, ["EL202"])


async def test_a_broken_settings_file_is_shown_and_the_defaults_used(client: LanguageClient,
                                                                     tmp_path: Path) -> None:
    root = template(tmp_path, UNCAPPED)
    (root / ".enginelint.toml").write_text('selec = ["EL2"]\n', encoding="utf-8")
    await initialize(client, root)
    uri = open_document(client, root / "requirements.txt")
    await published(client, uri, ["EL202"])
    await wait_until(lambda: client.messages)
    assert "unknown key `selec`" in client.messages[0].message


async def test_initialization_options_select_and_ignore(client: LanguageClient,
                                                        tmp_path: Path) -> None:
    root = template(tmp_path, {**UNCAPPED, ".python-version": None})
    await initialize(client, root, options={"select": ["EL3", "EL202"], "ignore": "EL306",
                                            "failOn": "error", "select-typo": 1})
    uri = open_document(client, root / "requirements.txt")
    await published(client, uri, ["EL202"])  # EL306 (missing .python-version) is ignored


async def test_initialization_options_ignore_and_a_bad_option(client: LanguageClient,
                                                              tmp_path: Path) -> None:
    root = template(tmp_path, UNCAPPED)
    await initialize(client, root, options={"enginelint": {"ignore": ["unbounded-major-version"],
                                                           "extendSelect": ["EL9"]}})
    uri = open_document(client, root / "requirements.txt")
    await published(client, uri, [])
    await wait_until(lambda: client.messages)
    assert "`extendSelect`: unknown rule selector `EL9`" in client.messages[0].message


async def test_configuration_changes_under_the_enginelint_key(client: LanguageClient,
                                                              tmp_path: Path) -> None:
    root = template(tmp_path, UNCAPPED)
    await initialize(client, root, options={"ignore": ["EL202"]})
    uri = open_document(client, root / "requirements.txt")
    await published(client, uri, [])
    # Another server's settings (Neovim sends its whole table) leave the options alone...
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={}))
    await asyncio.sleep(0.5)
    assert codes(client, uri) == [] and lints(client) == 1
    # ...settings under `enginelint` replace them.
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"enginelint": {"select": ["EL2"]}}))
    await published(client, uri, ["EL202"])
    assert lints(client) == 2


async def test_a_burst_of_changes_is_linted_once(client: LanguageClient, tmp_path: Path) -> None:
    root = template(tmp_path)
    await initialize(client, root)
    uri = open_document(client, root / "requirements.txt")
    await published(client, uri, [])
    await wait_until(lambda: lints(client) == 1)
    text = "Flask>=1.1,<2\nleancloud>=2.9.1,<3\n"
    for version in range(2, 22):
        text += "requests>=2\n" if version == 21 else ""
        change(client, uri, version, text)
    await published(client, uri, ["EL202"])
    await asyncio.sleep(0.5)  # time for any late lint to show up
    assert lints(client) == 2


async def test_an_internal_error_is_an_el006_and_the_session_goes_on(crashing: LanguageClient,
                                                                      tmp_path: Path) -> None:
    root = template(tmp_path)
    await initialize(crashing, root)
    uri = open_document(crashing, root / "requirements.txt")
    await published(crashing, uri, ["EL006"])
    found = crashing.diagnostics[uri][0]
    assert found.severity == types.DiagnosticSeverity.Error
    assert "RuntimeError: the runner broke" in found.message
    assert found.code_description is not None
    await wait_until(lambda: any(m.type == types.MessageType.Error and "the runner broke"
                                 in m.message for m in crashing.log_messages))
    # Still answering: another document, another lint, another EL006, and requests work.
    other = open_document(crashing, root / "app.py")
    await published(crashing, other, ["EL006"])
    hover = await crashing.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(0, 0)))
    assert hover is not None and "EL006" in hover.contents.value  # type: ignore[union-attr]


async def test_documents_outside_any_project_are_left_alone(client: LanguageClient,
                                                            tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    notes = tmp_path / "notes.txt"
    notes.write_text("Flask>=1\n", encoding="utf-8")
    await initialize(client, tmp_path)
    uri = open_document(client, notes)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(0, 0)))
    assert hover is None
    assert lints(client) == 0
    assert uri not in client.diagnostics
