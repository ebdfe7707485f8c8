"""Fast smoke tests of the benchmarks: bench/tree.py and bench/perf.py, on small inputs.

They check that the tables print and the answers are checked, never how long anything took.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from tests.helpers import REPO, lint_json

SCRIPT = REPO / "bench" / "tree.py"
PERF = REPO / "bench" / "perf.py"
ROWS = ("P1-cold", "P1-warm", "version", "P2-cold", "P2-warm", "P3", "P3-growth", "P4-P1",
        "P4-P2")
# One row of the table: id, A, B, ratio, budget, verdict, note.
ROW = re.compile(r"^(?P<row>\S+) +(?P<a>\S+) +(?P<b>\S+) +(?P<ratio>\S+) +(?P<budget><=\S+)  "
                 r"(?P<verdict>PASS|OVER|MISSING|ERROR|SKIP|n/a)(?:  (?P<note>.+))?$")


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


def perf(*options: str) -> tuple[int, dict[str, dict[str, str]], str]:
    """Run bench/perf.py on tiny inputs, one run a side: (exit status, rows by id, stdout)."""
    result = subprocess.run(
        [sys.executable, str(PERF), "--scale", "0.01", "--runs", "1", *options],
        capture_output=True, text=True, timeout=300, check=False,
    )
    rows = {}
    for line in result.stdout.splitlines():
        match = ROW.match(line)
        if match and match["row"] in ROWS:
            rows[match["row"]] = match.groupdict()
    return result.returncode, rows, result.stdout + result.stderr


def load_perf() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_perf", PERF)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up by name.
    sys.modules["bench_perf"] = module
    spec.loader.exec_module(module)
    return module


def test_bench_perf_prints_every_row() -> None:
    status, rows, output = perf()
    assert status == 0, output
    assert list(rows) == list(ROWS), output
    cache = "cache in this build: yes" in output
    for name, row in rows.items():
        assert row["verdict"] != "ERROR", output
        if name.endswith("-warm") and not cache:
            assert (row["verdict"], row["note"]) == ("n/a", "(no cache in this build)")
        elif name.startswith("P4"):
            assert re.fullmatch(r"\d+\.\dMiB", row["a"]), output
            assert row["budget"].endswith("MiB")
        elif row["verdict"] != "SKIP":
            assert re.fullmatch(r"\d+\.\d+(ms|s)", row["a"]), output
            assert re.fullmatch(r"\d+\.\d+(ms|s)", row["b"]), output
            assert re.fullmatch(r"\d+\.\d\dx", row["ratio"]), output
            assert row["verdict"] in ("PASS", "OVER"), output
    # The planted loopback bind was found (or the row is skipped for want of ruff, with reason).
    assert rows["P2-cold"]["verdict"] != "MISSING", output
    if rows["P2-cold"]["verdict"] == "SKIP":
        assert "ruff" in rows["P2-cold"]["note"]


def test_bench_perf_check_fails_when_the_planted_finding_is_missing() -> None:
    # The negative control binds 0.0.0.0 in the last module: no EL501 there, so the row is wrong.
    status, rows, output = perf("--rows", "P2-cold", "--negative-control", "--check")
    assert status == 1, output
    assert list(rows) == ["P2-cold"], output
    assert rows["P2-cold"]["verdict"] == "MISSING", output
    assert "no EL501 in app/mod_00050.py" in rows["P2-cold"]["note"]


def test_bench_perf_planted_check() -> None:
    check = load_perf().planted_problem
    found = {"projects": [{"diagnostics": [{"code": "EL501", "path": "services/m05000.py"}]}]}
    assert check(json.dumps(found), "services/m05000.py") is None
    assert "no EL501" in check(json.dumps(found), "services/m04999.py")
    assert "not enginelint's JSON" in check("Traceback (most recent call last):", "x.py")


def test_bench_perf_rows_are_picked_by_id_or_prefix() -> None:
    chosen = load_perf().chosen
    assert chosen("P1") == ["P1-cold", "P1-warm"]
    assert chosen("P4-P2,version") == ["version", "P4-P2"]
    assert chosen(None) == list(ROWS)
    status = subprocess.run([sys.executable, str(PERF), "--rows", "P9"], capture_output=True,
                            text=True, timeout=60, check=False)
    assert status.returncode == 2
    assert status.stderr.strip() == (
        "perf.py: unknown row P9 (rows: " + ", ".join(ROWS) + ")"
    )
