"""Robustness: real-world requirements files (tests/fixtures/requirements-corpus, see its README)
are linted as a project's requirements.txt without a crash, and every finding points at text that
is really there."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from enginelint import files
from enginelint.files import TextFile
from tests.helpers import FIXTURES, lint_json, write_project

CORPUS = FIXTURES / "requirements-corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))
BASELINE = {
    "wsgi.py": "def application(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
    '    return [b"ok"]\n',
    ".python-version": "3.11\n",
}
OPERATOR = re.compile(r"\(?\s*(===|==|!=|<=|>=|~=|<|>)")


def _project(tmp_path: Path, source: Path) -> TextFile:
    write_project(tmp_path, dict(BASELINE))
    shutil.copyfile(source, tmp_path / "requirements.txt")
    decoded = files.decode("requirements.txt", source.read_bytes(), files.REQUIREMENTS)
    assert isinstance(decoded, TextFile), decoded
    return decoded


def _text_at(text: TextFile, start: dict[str, int], end: dict[str, int]) -> str:
    from enginelint.diagnostics import Position

    first = text.offset(Position(start["line"], start["column"]))
    last = text.offset(Position(end["line"], end["column"]))
    return text.text[first:last]


def _check_inside(text: TextFile, start: dict[str, int], end: dict[str, int]) -> None:
    for point in (start, end):
        assert 1 <= point["line"] <= text.line_count, point
        assert 1 <= point["column"] <= len(text.line(point["line"])) + 1, point
    assert (start["line"], start["column"]) <= (end["line"], end["column"])


def test_corpus_is_there() -> None:
    assert len(CORPUS_FILES) == 66
    assert (CORPUS / "README.md").is_file()


@pytest.mark.parametrize("source", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file_lints_cleanly(tmp_path: Path, source: Path) -> None:
    text = _project(tmp_path, source)
    diagnostics = lint_json(tmp_path)
    assert "EL006" not in {d["code"] for d in diagnostics}, diagnostics
    for diagnostic in diagnostics:
        if diagnostic["path"] != "requirements.txt":
            continue
        start, end = diagnostic["start"], diagnostic["end"]
        _check_inside(text, start, end)
        marked = _text_at(text, start, end)
        assert marked.strip() == marked and marked, diagnostic
        shown = diagnostic["message"].split("`")[1]
        if diagnostic["code"] == "EL201":
            # The message names the requirement; the span is that name (with its extras).
            assert marked.startswith(shown), (marked, diagnostic)
        if diagnostic["code"] == "EL202" and not shown.endswith("…"):
            # The message shows the requirement; the span is it, without marker or options.
            assert shown.startswith(" ".join(marked.split())), (marked, diagnostic)
            assert OPERATOR.search(marked), (marked, diagnostic)
        fix: Any = diagnostic["fix"]
        for edit in fix["edits"] if fix else ():
            _check_inside(text, edit["start"], edit["end"])


def test_corpus_exercises_the_rules(tmp_path: Path) -> None:
    """The corpus is not trivially clean: across it, each requirements rule fires."""
    seen: set[str] = set()
    for index, source in enumerate(CORPUS_FILES):
        root = tmp_path / str(index)
        root.mkdir()
        _project(root, source)
        seen |= {d["code"] for d in lint_json(root, select=["EL2"])}
    assert {"EL201", "EL202", "EL203"} <= seen
