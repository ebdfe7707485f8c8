"""A fast smoke test of bench/lsp.py: one server, one edit, both figures printed."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.helpers import REPO


def test_bench_lsp_reports_both_latencies() -> None:
    pytest.importorskip("pygls")
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "lsp.py"), "--runs", "1", "--changes", "1"],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"first diagnostics after open +\d+ ms \(median of 1; budget 1500 ms\)",
                     result.stdout), result.stdout
    assert re.search(r"first diagnostics after a change +\d+ ms \(median of 1;", result.stdout)
