"""Requirements files cost work in proportion to their lines, and a huge one stops at the bound.

Wall time on a shared CI machine says little, so these tests count work instead: the Python
function calls a whole `--select EL2` run makes (a quadratic step anywhere — duplicate
detection, conflicts, includes, the marker grid — shows up as a hundredfold growth for ten
times the lines), and the lines the parser looks at in a file far past the reading bound.
The file is the benchmark's realistic mix (`bench/requirements_files.py`).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any, Optional

import pytest

from enginelint.parsers import requirements as requirements_module
from tests.helpers import REPO, lint_json


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_requirements_files", REPO / "bench" / "requirements_files.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _calls(root: Path) -> int:
    """Python function calls made by one EL2 run on the project."""
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> Optional[Any]:
        nonlocal count
        if event == "call":
            count += 1
        return None

    sys.setprofile(profile)
    try:
        lint_json(root, select=["EL2"])
    finally:
        sys.setprofile(None)
    return count


def test_ten_times_the_lines_is_at_most_about_ten_times_the_work(tmp_path: Path) -> None:
    generator = _generator()
    small = generator.write_project(tmp_path / "small", 200).parent
    big = generator.write_project(tmp_path / "big", 2000).parent
    lint_json(small, select=["EL2"])  # imports and first-use tables are not per-line work
    small_calls, big_calls = _calls(small), _calls(big)
    # Linear work with a fixed part gives a little under 10; a quadratic step gives ~100.
    assert big_calls < 11 * small_calls, (small_calls, big_calls)


def test_the_generated_file_is_the_mix_it_claims(tmp_path: Path) -> None:
    text = _generator().requirements_text(2000)
    lines = text.splitlines()
    assert len(lines) == 2000
    written = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert len(set(written)) == len(written)  # every line distinct
    for piece in ("==", ">=", ",<", "[", "; ", "--hash=", "\\", "-r ", "-c ", " @ ", "git+"):
        assert any(piece in line for line in lines), piece


def test_a_file_far_past_the_line_bound_reads_only_up_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 50 MB file of the fuzzing report, scaled down: the same shape, a bound 100 times
    smaller. Work stops at the bound, and EL005 says where."""
    bound = 100
    monkeypatch.setattr(requirements_module, "MAX_LINES", bound)
    line = 'package-name-{}>=1.{},<2; python_version >= "3.8"\n'
    text = "".join(line.format(i % 300, i % 17) for i in range(20_000))  # about 1 MB
    (tmp_path / "requirements.txt").write_text(text, encoding="utf-8")
    (tmp_path / "wsgi.py").write_text("def application(environ, start):\n    return []\n")
    seen = 0
    original = requirements_module._parse_logical_line

    def counting(*args: Any) -> Any:
        nonlocal seen
        seen += 1
        return original(*args)

    monkeypatch.setattr(requirements_module, "_parse_logical_line", counting)
    found = lint_json(tmp_path, select=["EL0", "EL2"])
    assert seen == bound
    stopped = [d for d in found if d["code"] == "EL005"]
    assert len(stopped) == 1 and stopped[0]["start"]["line"] == bound + 1
    assert f"at most {bound:,} requirement lines" in stopped[0]["message"]
    assert "EL006" not in {d["code"] for d in found}
