"""Shared helpers for the test suite: running the real command, and building projects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional, Union

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"


def run_cli(
    *args: str,
    cwd: Optional[Path] = None,
    stdin: Optional[str] = None,
    env: Optional[dict[str, str]] = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m enginelint ARGS` in a subprocess, as a user's shell would."""
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "enginelint", *args],
        cwd=str(cwd) if cwd else None,
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
    )


def run_json(*args: str, cwd: Optional[Path] = None) -> dict[str, Any]:
    result = run_cli("--format", "json", *args, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def write_project(root: Path, files: dict[str, Union[str, bytes]]) -> Path:
    """Create a mini project: `{relative path: text or bytes}`."""
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def lint_json(root: Path, **options: Any) -> list[dict[str, Any]]:
    """The JSON diagnostics for a project, in-process (same code path as the CLI)."""
    from enginelint.runner import lint_root
    from enginelint.settings import resolve

    report = lint_root(root, resolve(**options), cwd=root)
    return [d.to_json() for d in report.diagnostics]


def codes(diagnostics: list[dict[str, Any]]) -> list[str]:
    return [d["code"] for d in diagnostics]
