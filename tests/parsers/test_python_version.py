"""The .python-version view: pyenv's file format and the version-name grammar."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest

from enginelint import files
from enginelint.files import TextFile
from enginelint.parsers.python_version import (
    CPYTHON,
    INVALID,
    NON_CPYTHON,
    CPythonVersion,
    PythonVersionFile,
    cpython_version,
    parse_python_version,
)
from tests.helpers import lint_json, write_project


def parse(text: str) -> PythonVersionFile:
    return parse_python_version(TextFile(".python-version", text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.11", CPythonVersion(3, 11)),
        ("3.11.9", CPythonVersion(3, 11, 9)),
        ("2.7.18", CPythonVersion(2, 7, 18)),
        ("3.13.0rc1", CPythonVersion(3, 13, 0, "rc", 1)),
        ("3.14.0a3", CPythonVersion(3, 14, 0, "a", 3)),
        ("3.12b2", CPythonVersion(3, 12, None, "b", 2)),
        ("3.13t", CPythonVersion(3, 13, free_threaded=True)),
        ("3.13.1t", CPythonVersion(3, 13, 1, free_threaded=True)),
        ("3.14-dev", CPythonVersion(3, 14, dev=True)),
        ("3.13.0-dev", CPythonVersion(3, 13, 0, dev=True)),
        ("3.10", CPythonVersion(3, 10)),
    ],
)
def test_cpython_names(text: str, expected: CPythonVersion) -> None:
    assert cpython_version(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "3",
        "python3",
        "3.x",
        "latest",
        "v3.10",
        "3.10.",
        "3.09",
        "03.10",
        "3.11.4.1",
        "3.11rc",
        "3.11c1",
        "3.11-DEV",
        "３.１１",
        "3.11\u00a0",
        ".3.11",
        "3..11",
    ],
)
def test_not_cpython_names(text: str) -> None:
    assert cpython_version(text) is None


def test_entries_with_comments_whitespace_and_positions() -> None:
    view = parse("# pinned\n\n  3.11.9  # the SDK needs < 3.12\n\t3.10 pypy3.10-7.3.12\n")
    assert [(e.text, e.kind) for e in view.entries] == [
        ("3.11.9", CPYTHON),
        ("3.10", CPYTHON),
        ("pypy3.10-7.3.12", NON_CPYTHON),
    ]
    first, second, third = view.entries
    assert (first.span.start.line, first.span.start.column, first.span.end.column) == (3, 3, 9)
    assert (second.line, second.span.start.column) == (4, 2)
    assert (third.span.start.column, third.span.end.column) == (7, 22)
    assert third.implementation == "pypy"
    assert view.first is first


def test_bom_and_crlf() -> None:
    decoded = files.decode(".python-version", codecs.BOM_UTF8 + b" 3.11 \r\n")
    assert isinstance(decoded, TextFile)
    (entry,) = parse_python_version(decoded).entries
    assert entry.text == "3.11"
    assert (entry.span.start.line, entry.span.start.column, entry.span.end.column) == (1, 2, 6)


@pytest.mark.parametrize("text", ["", "\n", "   \n\t\n", "# only a comment\n"])
def test_no_entries(text: str) -> None:
    assert parse(text).entries == []


def test_no_break_space_is_part_of_the_name() -> None:
    (entry,) = parse("3.11\u00a0\n").entries
    assert entry.kind == INVALID


@pytest.mark.parametrize(
    ("text", "implementation"),
    [
        ("pypy3.10-7.3.12", "pypy"),
        ("PyPy3.9", "pypy"),
        ("system", "system"),
        ("anaconda3-2023.03", "anaconda"),
        ("miniforge3-latest", "miniforge"),
        ("graalpy-23.1.0", "graalpy"),
        ("jython-2.7.2", "jython"),
    ],
)
def test_non_cpython(text: str, implementation: str) -> None:
    (entry,) = parse(text + "\n").entries
    assert (entry.kind, entry.implementation) == (NON_CPYTHON, implementation)


def test_huge_file_does_not_crash() -> None:
    view = parse("3.11 " * 100_000)
    assert len(view.entries) == 100_000


# --- the rules on top of the view ------------------------------------------------------------

BASE = {
    "wsgi.py": "def application(environ, start_response):\n"
    '    start_response("200 OK", [])\n'
    '    return [b"ok"]\n',
    "requirements.txt": "requests>=2.31,<3\n",
}


def reported(tmp_path: Path, content: str) -> list[dict[str, Any]]:
    write_project(tmp_path, {**BASE, ".python-version": content})
    return [d for d in lint_json(tmp_path) if d["code"] in ("EL301", "EL302")]


@pytest.mark.parametrize(
    ("content", "code", "suggestion"),
    [
        ("v3.10\n", "EL301", "3.10"),
        ("python3.11\n", "EL301", "3.11"),
        ("python-3.10.9\n", "EL301", "3.10.9"),
        ("3.10.\n", "EL301", "3.10"),
        ("3.12.x\n", "EL301", "3.12"),
        ("3\n", "EL301", None),
        ("latest\n", "EL301", None),
        ("pypy3.9-7.3.11\n", "EL302", None),
        ("system\n", "EL302", None),
    ],
)
def test_rules(tmp_path: Path, content: str, code: str, suggestion: Any) -> None:
    (finding,) = reported(tmp_path, content)
    assert finding["code"] == code
    assert finding["start"] == {"line": 1, "column": 1}
    assert finding["end"] == {"line": 1, "column": len(content.strip()) + 1}
    if suggestion is None:
        assert finding["fix"] is None
    else:
        assert finding["fix"]["applicability"] == "unsafe"
        assert finding["fix"]["edits"][0]["content"] == suggestion
        assert f"`{suggestion}`" in finding["message"]


def test_pypy_suggests_the_python_it_implements(tmp_path: Path) -> None:
    (finding,) = reported(tmp_path, "pypy3.9-7.3.11\n")
    assert "PyPy" in finding["message"] and "`3.9`" in finding["message"]


@pytest.mark.parametrize("content", ["3.11\n", "\ufeff 3.11.9 \r\n", "# c\n3.13t\n", "3.14-dev"])
def test_valid_is_quiet(tmp_path: Path, content: str) -> None:
    assert reported(tmp_path, content) == []


def test_empty_file(tmp_path: Path) -> None:
    (finding,) = reported(tmp_path, "")
    assert finding["code"] == "EL301"
    assert finding["start"] == finding["end"] == {"line": 1, "column": 1}
