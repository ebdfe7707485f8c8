"""How editors call enginelint: `--stdin-filename` with the project as PATH, `enginelint
server` (and what it says without its extra), and the set-ups docs/editors.md gives."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO, run_cli, write_project

WSGI = "def application(environ, start_response):\n    return []\n"


def project(root: Path) -> Path:
    return write_project(root, {
        "wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "requests>=2.31,<3\n",
        "views/__init__.py": "",
    })


def stdin_codes(*args: str, cwd: Path, stdin: str = "six\n") -> tuple[int, list[str]]:
    result = run_cli("--format", "json", *args, cwd=cwd, stdin=stdin)
    if result.returncode == 2:
        return 2, [result.stderr]
    diagnostics = json.loads(result.stdout)["projects"][0]["diagnostics"]
    return result.returncode, [d["code"] for d in diagnostics]


def test_stdin_filename_takes_its_project_as_path(tmp_path: Path) -> None:
    root = project(tmp_path / "app")
    # As ruff's editor integrations call it: the project folder after the options.
    assert stdin_codes("--stdin-filename", "requirements.txt", ".", cwd=root) == (1, ["EL201"])
    assert stdin_codes("--stdin-filename", str(root / "requirements.txt"), str(root),
                       cwd=tmp_path) == (1, ["EL201"])
    # A folder inside the project, or `-` for "no PATH".
    assert stdin_codes("--stdin-filename", "requirements.txt", "views", cwd=root)[0] == 1
    assert stdin_codes("--stdin-filename", "requirements.txt", "-", cwd=root)[0] == 1


def test_stdin_filename_refuses_another_project_or_several_paths(tmp_path: Path) -> None:
    root = project(tmp_path / "app")
    other = project(tmp_path / "other")
    status, (message,) = stdin_codes("--stdin-filename", "requirements.txt", str(other),
                                     cwd=root)
    assert status == 2 and message.count("\n") == 1
    assert "is not in the project at" in message
    status, (message,) = stdin_codes("--stdin-filename", "requirements.txt", ".", "views",
                                     cwd=root)
    assert status == 2 and "at most one PATH" in message
    status, (message,) = stdin_codes("--stdin-filename", "requirements.txt", "wsgi.py",
                                     cwd=root)
    assert status == 2 and "PATH must be the project folder" in message
    status, (message,) = stdin_codes("--stdin-filename", "requirements.txt", "--fix", cwd=root)
    assert status == 2 and "cannot be used with --fix" in message


def test_server_without_its_extra_says_how_to_install_it() -> None:
    script = ("import sys; sys.modules['pygls'] = None\n"
              "from enginelint.cli import main\nraise SystemExit(main(['server']))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 2
    assert result.stderr == ("enginelint: error: `enginelint server` needs pygls: "
                             "pip install 'enginelint[server]'\n")


def test_server_is_a_listed_command() -> None:
    assert "enginelint server" in run_cli("--help").stdout
    result = run_cli("server", "--help")
    assert result.returncode == 0 and "Language Server" in result.stdout
    assert run_cli("server", "--bogus").returncode == 2


def test_server_answers_initialize_over_stdio(tmp_path: Path) -> None:
    """The raw protocol, no client library: what every editor speaks (and Python 3.9 too)."""
    import pytest

    pytest.importorskip("pygls")
    requests = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize",
         "params": {"processId": None, "rootUri": None, "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    stream = b"".join(_framed(message) for message in requests)
    result = subprocess.run([sys.executable, "-m", "enginelint", "server"], input=stream,
                            capture_output=True, timeout=120, check=False, cwd=tmp_path)
    responses = _unframed(result.stdout)
    initialized = next(r for r in responses if r.get("id") == 1)["result"]
    assert initialized["serverInfo"]["name"] == "enginelint"
    capabilities = initialized["capabilities"]
    assert capabilities["codeActionProvider"]["codeActionKinds"] == [
        "quickfix", "source.fixAll.enginelint"]
    assert capabilities["hoverProvider"] is True
    assert capabilities["textDocumentSync"]["save"] == {"includeText": False}
    assert "diagnosticProvider" not in capabilities  # a client that cannot pull gets pushes
    assert any(r.get("id") == 2 for r in responses)


def _framed(message: dict[str, object]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _unframed(data: bytes) -> list[dict[str, object]]:
    messages = []
    while data:
        header, _, rest = data.partition(b"\r\n\r\n")
        length = int(re.search(rb"Content-Length: (\d+)", header).group(1))  # type: ignore[union-attr]
        messages.append(json.loads(rest[:length]))
        data = rest[length:]
    return messages


def test_the_editor_docs_name_real_files_and_valid_json() -> None:
    text = (REPO / "docs" / "editors.md").read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=" in text
    for block in re.findall(r"```json\n(.*?)```", text, re.S):
        json.loads(block)
    catalog = json.loads(re.search(r"<!-- catalog -->\n```json\n(.*?)```", text, re.S)
                         .group(1))  # type: ignore[union-attr]
    entry = catalog["schemas"][0] if "schemas" in catalog else catalog
    assert set(entry) >= {"name", "description", "fileMatch", "url"}
    assert "leanengine.yaml" in entry["fileMatch"]
    assert entry["url"].endswith("schemas/leanengine.schema.json")
    for command in ("vim.lsp.config", "lspconfig.configs", "glspc.server.command",
                    "eglot-server-programs", "[language-server.enginelint]",
                    "source.fixAll.enginelint", '"enginelint", "server"'):
        assert command in text, command
