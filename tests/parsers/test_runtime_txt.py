"""The runtime.txt view: which version the legacy file names, and where."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest

from enginelint.diagnostics import Span
from enginelint.files import TextFile
from enginelint.parsers.runtime_txt import parse_runtime_txt, runtime_txt
from enginelint.project import Project
from tests.helpers import write_project


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("python-3.6.5\n", "3.6.5"),
        ("python-2.7", "2.7"),
        ("python3.8\n", "3.8"),
        ("Python 3.9.1\n", "3.9.1"),
        ("3.10\n", "3.10"),
        ("python-3.12.0rc1", "3.12.0rc1"),
        ("python-3", None),
        ("python", None),
        ("pypy3.10", None),
        ("python-3.6.5 python-3.7\n", None),
        ("", None),
        ("   \n\n", None),
    ],
)
def test_version(text: str, version: Optional[str]) -> None:
    assert parse_runtime_txt(TextFile("runtime.txt", text)).version == version


def test_span_covers_content_without_surrounding_whitespace() -> None:
    parsed = parse_runtime_txt(TextFile("runtime.txt", "\n  python-3.6.5 \n"))
    assert parsed.text == "python-3.6.5"
    assert parsed.span == Span.of(2, 3, 2, 15)


def test_blank_file_points_at_start() -> None:
    assert parse_runtime_txt(TextFile("runtime.txt", "\n\n")).span == Span.point(1, 1)


def test_view_follows_build_root_and_skips_folders(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "leanengine.yaml": "buildRoot: app\n",
            "runtime.txt": "python-2.7\n",
            "app/runtime.txt": "python-3.6.5\n",
        },
    )
    view = runtime_txt(Project(tmp_path))
    assert view is not None and view.path == "app/runtime.txt" and view.version == "3.6.5"

    (tmp_path / "other" / "runtime.txt").mkdir(parents=True)
    (tmp_path / "leanengine.yaml").write_text("buildRoot: other\n", encoding="utf-8")
    assert runtime_txt(Project(tmp_path)) is None


def test_unreadable_file_has_no_text(tmp_path: Path) -> None:
    write_project(tmp_path, {"runtime.txt": b"python-\x003.6"})
    view = runtime_txt(Project(tmp_path))
    assert view is not None and view.file is None and view.version is None
