"""Neovim's own LSP client against `enginelint server`, headless: the editors guide's promise
(EL402 under an unsaved typo in leanengine.yaml; an EL202 fixed by its code action; both clear).

Needs `nvim` 0.7 or later on the PATH (0.7's `vim.lsp.start_client` is enough; 0.8+ uses
`vim.lsp.start`); skipped, saying so, elsewhere.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.server.helpers import template

SCRIPT = Path(__file__).with_name("nvim_session.lua")


def nvim_version() -> tuple[int, int]:
    nvim = shutil.which("nvim")
    if nvim is None:
        return (0, 0)
    result = subprocess.run([nvim, "--version"], capture_output=True, text=True, check=False)
    match = re.search(r"NVIM v(\d+)\.(\d+)", result.stdout)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


@pytest.mark.skipif(nvim_version() < (0, 7), reason="needs nvim 0.7 or later on the PATH")
def test_neovim_sees_and_fixes_findings(tmp_path: Path) -> None:
    pytest.importorskip("pygls")
    root = template(tmp_path / "app", {"requirements.txt": "Flask>=1.1\nleancloud>=2.9.1,<3\n"})
    out = tmp_path / "seen.json"
    env = dict(os.environ,
               ENGINELINT_SERVER=json.dumps([sys.executable, "-m", "enginelint", "server"]),
               ENGINELINT_PROJECT=str(root), ENGINELINT_OUT=str(out))
    result = subprocess.run(
        ["nvim", "--headless", "--clean", "-n", "-u", "NONE", "-c", f"luafile {SCRIPT}"],
        env=env, capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path,
    )
    assert out.exists(), result.stderr + result.stdout
    seen = json.loads(out.read_text(encoding="utf-8"))
    assert seen["yaml_clean"] == ""
    assert seen["yaml_typo"] == "EL402"
    assert seen["yaml_typo_at"] == [0, 0, len("startupTimout")]
    assert seen["yaml_modified"] is True  # never saved: the buffer was linted
    assert seen["requirements_before"] == "EL202"
    assert "Cap the major version: `Flask>=1.1,<2` (EL202)" in seen["actions"]
    assert "Ignore EL202 on this line" in seen["actions"]
    assert seen["requirements_fixed"] == "Flask>=1.1,<2"
    assert seen["requirements_after"] == ""
    assert seen["yaml_after"] == ""
