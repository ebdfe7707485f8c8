"""A fast smoke test of bench/tree.py: it builds a small tree, lints it, and checks the report."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO, lint_json

SCRIPT = REPO / "bench" / "tree.py"


def test_bench_tree_runs_and_reports(tmp_path: Path) -> None:
    keep = tmp_path / "tree"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--files", "120", "--runs", "1", "--keep", str(keep)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "files per second" in result.stdout
    assert "median wall time" in result.stdout
    # The tree it built: three loopback binds found, nothing from the skipped folders.
    assert (keep / ".venv" / "pyvenv.cfg").is_file()
    assert any((keep / "node_modules").iterdir())
    diagnostics = lint_json(keep)
    assert [d["code"] for d in diagnostics].count("EL501") == 3
    assert not [d for d in diagnostics if (d["path"] or "").startswith((".venv", "node_modules"))]


def test_bench_tree_check_fails_on_a_wrong_report() -> None:
    spec = importlib.util.spec_from_file_location("bench_tree", SCRIPT)
    assert spec is not None and spec.loader is not None
    tree = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tree)
    report = {"projects": [{"diagnostics": [{"code": "EL602", "path": ".venv/lib/x.py"}]}]}
    problems = tree.check(json.dumps(report), 1)
    assert any("EL501" in p for p in problems)
    assert any(".venv/lib/x.py" in p for p in problems)
