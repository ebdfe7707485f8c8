"""Hostile and broken input: each case gives its EL0xx finding through the real command, and
never a traceback, a hang, an EL006, a read outside the root, or a modified file."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_cli, write_project

BASELINE = {
    "wsgi.py": (
        "def application(environ, start_response):\n"
        '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
        '    return [b"ok"]\n'
    ),
    "requirements.txt": "requests>=2.31,<3\n",
    ".python-version": "3.11\n",
}


def lint(project: Path, timeout: float = 30) -> list[dict[str, Any]]:
    before = snapshot(project)
    started = time.monotonic()
    result = run_cli("--format", "json", str(project), timeout=timeout)
    elapsed = time.monotonic() - started
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    assert elapsed < timeout
    diagnostics: list[dict[str, Any]] = json.loads(result.stdout)["projects"][0]["diagnostics"]
    assert "EL006" not in {d["code"] for d in diagnostics}, diagnostics
    assert snapshot(project) == before, "enginelint modified the project"
    return diagnostics


def snapshot(root: Path) -> dict[str, tuple[int, float]]:
    state = {}
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            path = Path(dirpath) / name
            info = path.lstat()
            state[str(path)] = (info.st_size, info.st_mtime)
    return state


def only(diagnostics: list[dict[str, Any]], code: str) -> dict[str, Any]:
    matching = [d for d in diagnostics if d["code"] == code]
    assert len(matching) == 1, diagnostics
    return matching[0]


def test_binary_wsgi_is_el002(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {**BASELINE, "wsgi.py": b"\x7fELF\x02\x01\x00\x00"})
    found = only(lint(project), "EL002")
    assert found["path"] == "wsgi.py" and "NUL" in found["message"]
    assert found["start"] == {"line": 1, "column": 7}


def test_invalid_utf8_requirements_points_at_the_byte(tmp_path: Path) -> None:
    project = write_project(
        tmp_path / "p", {**BASELINE, "requirements.txt": b"requests>=2.31,<3\n# caf\xe9\n"}
    )
    found = only(lint(project), "EL002")
    assert found["path"] == "requirements.txt"
    assert found["start"] == {"line": 2, "column": 6}


def test_utf8_bom_and_coding_cookie_are_accepted(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {
        **BASELINE,
        "requirements.txt": b"\xef\xbb\xbfrequests>=2.31,<3\n",
        "wsgi.py": b"# -*- coding: latin-1 -*-\n# caf\xe9\n" + BASELINE["wsgi.py"].encode(),
    })
    assert lint(project) == []


def test_utf8_bom_in_python_version_stops_the_deploy(tmp_path: Path) -> None:
    # pyenv would read it, but `lean deploy` tests the file's first bytes for `3.` or `2.`.
    project = write_project(tmp_path / "p", {**BASELINE, ".python-version": b"\xef\xbb\xbf3.11\n"})
    found = only(lint(project), "EL111")
    assert found["path"] == ".python-version" and "byte-order mark" in found["message"]
    assert [d["code"] for d in lint(project)] == ["EL111"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_requirements_never_hangs(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {k: v for k, v in BASELINE.items()
                                             if k != "requirements.txt"})
    os.mkfifo(project / "requirements.txt")
    found = only(lint(project, timeout=20), "EL001")
    assert found["path"] == "requirements.txt" and "FIFO" in found["message"]
    assert "EL102" not in {d["code"] for d in lint(project, timeout=20)}


def test_symlink_out_of_root_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_text("SECRET-NOT-TO-BE-READ==1.0\n")
    project = write_project(tmp_path / "p", {k: v for k, v in BASELINE.items()
                                             if k != "requirements.txt"})
    (project / "requirements.txt").symlink_to(secret)
    diagnostics = lint(project)
    found = only(diagnostics, "EL001")
    assert found["path"] == "requirements.txt" and "outside the project root" in found["message"]
    assert "SECRET" not in json.dumps(diagnostics)


def test_symlink_loop_is_el001(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {k: v for k, v in BASELINE.items()
                                             if k != "requirements.txt"})
    (project / "requirements.txt").symlink_to(project / "loop")
    (project / "loop").symlink_to(project / "requirements.txt")
    diagnostics = [d for d in lint(project) if d["code"] == "EL001"]
    found = only([d for d in diagnostics if d["path"] == "requirements.txt"], "EL001")
    assert "loop" in found["message"]
    # `lean deploy` stops at the first link its upload walk reaches, `loop`: also EL001.
    assert [d["path"] for d in diagnostics] == ["loop", "requirements.txt"]


def test_symlink_inside_root_is_followed(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {**BASELINE, "deps/base.txt": "requests>=2.31\n"})
    (project / "requirements.txt").unlink()
    (project / "requirements.txt").symlink_to(project / "deps" / "base.txt")
    assert [d["code"] for d in lint(project)] == ["EL202"]


def test_fifty_megabyte_file_is_refused_unread(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", BASELINE)
    with (project / "requirements.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    found = only(lint(project), "EL001")
    assert "limit" in found["message"]


def test_directory_where_a_file_is_expected(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {k: v for k, v in BASELINE.items()
                                             if k != "requirements.txt"})
    (project / "requirements.txt").mkdir()
    found = only(lint(project), "EL001")
    assert "directory" in found["message"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root reads files whatever their mode")
def test_permission_denied(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", BASELINE)
    (project / "requirements.txt").chmod(0)
    try:
        found = only(lint(project), "EL001")
        assert "permission denied" in found["message"]
    finally:
        (project / "requirements.txt").chmod(0o644)


def test_yaml_alias_bomb_is_el004_and_fast(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 12):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    project = write_project(tmp_path / "p", {**BASELINE, "leanengine.yaml": "\n".join(lines)})
    started = time.monotonic()
    found = only(lint(project, timeout=20), "EL004")
    assert time.monotonic() - started < 10
    assert found["path"] == "leanengine.yaml"


def test_five_thousand_nested_parentheses_is_el003(tmp_path: Path) -> None:
    source = "application = " + "(" * 5000 + "1" + ")" * 5000 + "\n"
    project = write_project(tmp_path / "p", {**BASELINE, "wsgi.py": source})
    found = only(lint(project), "EL003")
    assert found["path"] == "wsgi.py"


def test_deeply_nested_but_parsable_code_does_not_crash(tmp_path: Path) -> None:
    depth = 90 if sys.version_info >= (3, 9) else 50
    body = "x = " + "[" * depth + "]" * depth + "\n"
    project = write_project(tmp_path / "p", {**BASELINE, "wsgi.py": BASELINE["wsgi.py"] + body})
    assert lint(project) == []


def test_yaml_deep_nesting_is_el004(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {**BASELINE,
                                             "leanengine.yaml": "run: " + "[" * 20000})
    only(lint(project), "EL004")
