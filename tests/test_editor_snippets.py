"""The VS Code and Helix set-ups docs/editors.md gives, checked as far as they can be without the
editors: they parse, use only keys those editors and the client extension define, name language
IDs that exist, and cover every file the platform reads.

The known keys and IDs below were read from the editors' own sources: Generic LSP Client (v2)
0.2.0's package.json (zsol/vscode-glspc), VS Code's built-in language extensions (`python`,
`yaml`, `plaintext`, `ignore` from git-base), the Python extension (`pip-requirements`) and Even
Better TOML (`toml`); Helix's `LanguageConfiguration` and `LanguageServerConfiguration`
(helix-core/src/syntax/config.rs, which denies unknown language keys) and its default
languages.toml (language names, server names) as of Helix 25.07.
"""

from __future__ import annotations

import fnmatch
import json
import re
import sys
from typing import Any

from tests.helpers import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the oldest Pythons
    import tomli as tomllib

# The files enginelint reads that an editor has to hand the server, by name.
PLATFORM_FILES = ("requirements.txt", "requirements-dev.txt", ".python-version", "runtime.txt",
                  ".leanignore", "leanengine.yaml")

# What the server accepts as initialization options (lint/server/options.py).
SERVER_OPTIONS = {"select", "extendSelect", "ignore", "failOn"}

GLSPC_SETTINGS = {"glspc.server.command", "glspc.server.commandArguments",
                  "glspc.server.languageId", "glspc.server.environmentVariables",
                  "glspc.server.initializationOptions", "glspc.trace.server"}
VSCODE_LANGUAGE_IDS = {
    "python": "VS Code (built in)", "yaml": "VS Code (built in)",
    "plaintext": "VS Code (built in)", "ignore": "VS Code (built in, git-base)",
    "pip-requirements": "the Python extension (ms-python.python)",
    "toml": "Even Better TOML (tamasfe.even-better-toml) or the Python extension",
}

HELIX_LANGUAGE_KEYS = {
    "name", "language-id", "scope", "injection-regex", "file-types", "shebangs", "roots",
    "comment-token", "comment-tokens", "block-comment-tokens", "indent", "language-servers",
    "grammar", "formatter", "soft-wrap", "text-width", "rulers", "auto-format",
    "diagnostic-severity", "auto-pairs", "debugger", "workspace-lsp-roots", "path-completion",
    "word-completion", "persistent-diagnostic-sources", "rainbow-brackets",
    "code-actions-on-save",
}
HELIX_SERVER_KEYS = {"command", "args", "config", "timeout", "environment",
                     "required-root-patterns"}
HELIX_LANGUAGES = {"python", "yaml", "toml", "git-ignore"}
HELIX_SERVERS = {"pylsp", "jedi", "ruff", "ty", "yaml-language-server",
                 "ansible-language-server", "taplo"}


def block(language: str, containing: str) -> str:
    """The one fenced block of `language` in docs/editors.md that contains `containing`."""
    text = (REPO / "docs" / "editors.md").read_text(encoding="utf-8")
    found = [b for b in re.findall(rf"```{language}\n(.*?)```", text, re.S) if containing in b]
    assert len(found) == 1, f"{len(found)} {language} blocks contain {containing!r}"
    return found[0]


def vscode_settings() -> dict[str, Any]:
    settings: dict[str, Any] = json.loads(block("json", "glspc.server.command"))
    return settings


def helix_config() -> dict[str, Any]:
    return tomllib.loads(block("toml", "[language-server.enginelint]"))


def test_the_vscode_settings_use_the_client_extensions_keys() -> None:
    settings = vscode_settings()
    ours = {key for key in settings if key.startswith("glspc.")}
    assert ours <= GLSPC_SETTINGS, ours - GLSPC_SETTINGS
    assert set(settings) - ours == {"files.associations", "editor.codeActionsOnSave"}
    assert settings["glspc.server.command"] == "enginelint"
    assert settings["glspc.server.commandArguments"] == ["server"]
    assert set(settings["glspc.server.initializationOptions"]) <= SERVER_OPTIONS
    assert settings["editor.codeActionsOnSave"] == {"source.fixAll.enginelint": "explicit"}


def test_the_vscode_settings_name_languages_vscode_knows_and_reach_every_file() -> None:
    settings = vscode_settings()
    served = settings["glspc.server.languageId"]
    assert served and set(served) <= set(VSCODE_LANGUAGE_IDS), served
    associations = settings["files.associations"]
    assert set(associations.values()) <= set(served)
    # VS Code's own associations give YAML and Python files their languages; the rest come
    # from the settings (`runtime.txt` is plain text as every `.txt` is).
    for name in PLATFORM_FILES:
        language = next((lang for pattern, lang in associations.items()
                         if fnmatch.fnmatch(name, pattern)), None)
        if name.endswith(".yaml"):
            language = language or "yaml"
        elif name == "runtime.txt":
            language = language or "plaintext"
        assert language in served, name


def test_the_helix_languages_toml_uses_keys_helix_defines() -> None:
    config = helix_config()
    assert set(config) == {"language-server", "language"}
    server = config["language-server"]["enginelint"]
    assert set(server) <= HELIX_SERVER_KEYS, set(server) - HELIX_SERVER_KEYS
    assert server["command"] == "enginelint" and server["args"] == ["server"]
    assert set(server["config"]) <= SERVER_OPTIONS
    defined = set(config["language-server"])
    for language in config["language"]:
        assert set(language) <= HELIX_LANGUAGE_KEYS, set(language) - HELIX_LANGUAGE_KEYS
        assert "enginelint" in language["language-servers"]
        assert set(language["language-servers"]) <= HELIX_SERVERS | defined
        if language["name"] not in HELIX_LANGUAGES:  # a new language needs these
            assert {"scope", "file-types"} <= set(language), language["name"]


def test_the_helix_languages_reach_every_file() -> None:
    languages = helix_config()["language"]
    globs = [entry["glob"] for language in languages for entry in language.get("file-types", [])
             if isinstance(entry, dict)]
    served = {language["name"] for language in languages}
    assert {"python", "yaml"} <= served
    for name in PLATFORM_FILES:
        if name.endswith(".yaml"):
            continue  # Helix's own yaml language
        # Helix matches a glob against the whole path, with `*/` put in front of a bare name.
        assert any(fnmatch.fnmatch(f"/app/{name}", f"*/{glob}") for glob in globs), name
