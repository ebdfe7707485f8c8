"""Parsing Python files: EL003 positions in code points, nesting that exhausts the parser, and
the span helpers (including the text search Python 3.9 needs for import aliases)."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path
from typing import Union

import pytest

from enginelint.analysis.python import parse as python_analysis
from enginelint.analysis.python.parse import (
    PythonModule,
    SyntaxProblem,
    parse_source,
    python_module,
)
from enginelint.diagnostics import Span
from enginelint.files import TextFile
from enginelint.project import Project
from tests.helpers import run_cli, write_project


def parse(text: str) -> Union[ast.Module, SyntaxProblem]:
    return parse_source("wsgi.py", TextFile("wsgi.py", text))


def module(text: str) -> PythonModule:
    tree = parse(text)
    assert isinstance(tree, ast.Module)
    return PythonModule("wsgi.py", TextFile("wsgi.py", text), tree)


def test_syntax_error_column_counts_code_points() -> None:
    problem = parse('x = 1\ngreeting = "héllo" $ 1\n')
    assert isinstance(problem, SyntaxProblem)
    # `$` is the 20th code point of the line (the 21st byte).
    assert problem.span == Span.of(2, 20, 2, 21)
    assert "invalid syntax" in problem.message
    assert "`wsgi.py`" in problem.message


def test_syntax_error_at_end_of_line_is_a_point_there() -> None:
    problem = parse("if x\n    pass\n")
    assert isinstance(problem, SyntaxProblem)
    assert problem.span.start.line == 1
    assert 1 <= problem.span.start.column <= 5
    assert problem.span.end.column <= 6


def test_five_thousand_nested_parentheses_is_reported_at_1_1() -> None:
    problem = parse("application = " + "(" * 5000 + "1" + ")" * 5000 + "\n")
    assert isinstance(problem, SyntaxProblem)
    assert problem.span == Span.point(1, 1)
    assert "nested too deeply" in problem.message


@pytest.mark.parametrize(
    "source",
    [
        "x = " + "not " * 100_000 + "y\n",
        "x = " + "-" * 100_000 + "1\n",
        "x = a" + ".b" * 200_000 + "\n",
        "x = f" + "()" * 200_000 + "\n",
    ],
    ids=["not-chain", "unary-chain", "attribute-chain", "call-chain"],
)
def test_chains_that_exhaust_the_parser_never_crash(tmp_path: Path, source: str) -> None:
    # In a subprocess: before 3.11 such chains could crash the interpreter itself.
    project = write_project(
        tmp_path / "p",
        {"wsgi.py": source, "requirements.txt": "requests>=2.31,<3\n", ".python-version": "3.11\n"},
    )
    result = run_cli("--format", "concise", "--select", "EL003", str(project))
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr


def test_old_parser_guard_flags_long_chains_but_not_big_literals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(python_analysis, "_UNGUARDED_PARSER", True)
    guard = python_analysis._may_crash_parser
    assert guard("x = a" + ".b" * 20_000 + "\n")
    assert guard("x = f" + "()" * 20_000 + "\n")
    assert guard("x = (1\n" + "+ 1\n" * 20_000 + ")\n")
    data = "DATA = {" + ", ".join(f"{i}: -{i}.5" for i in range(30_000)) + "}\n"
    assert not guard(data)
    assert not guard('TEXT = """' + "a.b + c " * 20_000 + '"""\n')
    assert not guard("# " + "a.b." * 20_000 + "\n")
    assert not guard("".join(f"x{i} = a.b.c + d\n" for i in range(10_000)))


def test_parse_warnings_are_not_printed() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tree = parse('pattern = "\\d+"\nsame = x is 1\n')
    assert isinstance(tree, ast.Module)


def test_spans_are_code_points_and_end_exclusive() -> None:
    parsed = module('x = "é🙂"; application = app\n')
    assign = parsed.tree.body[1]
    assert isinstance(assign, ast.Assign)
    assert parsed.span(assign.value) == Span.of(1, 25, 1, 28)
    assert parsed.segment(assign.value) == "app"


def test_name_span_of_a_decorated_def() -> None:
    parsed = module("@wrap\nasync def  application(scope):\n    pass\n")
    function = parsed.tree.body[0]
    assert isinstance(function, ast.AsyncFunctionDef)
    assert parsed.name_span(function) == Span.of(2, 12, 2, 23)


def test_attribute_span_is_the_attribute_name() -> None:
    parsed = module("server = app . run(host='x')\n")
    call = parsed.tree.body[0].value  # type: ignore[attr-defined]
    assert parsed.attribute_span(call.func) == Span.of(1, 16, 1, 19)


def test_alias_span_without_positions_searches_after_import() -> None:
    text = "from app import (\n    other,\n    app as application,\n)\n"
    parsed = module(text)
    statement = parsed.tree.body[0]
    assert isinstance(statement, ast.ImportFrom)
    # Python 3.9's aliases have no positions: build one without them.
    bare = ast.alias(name="app", asname="application")
    assert parsed.alias_span(bare, statement) == Span.of(3, 5, 3, 23)
    starred = module("from m import *\n")
    star = ast.alias(name="*", asname=None)
    statement = starred.tree.body[0]
    assert isinstance(statement, ast.ImportFrom)
    assert starred.alias_span(star, statement) == Span.of(1, 15, 1, 16)


def test_python_module_records_el003_once_and_caches(tmp_path: Path) -> None:
    project = Project(write_project(tmp_path, {"broken.py": "def f(:\n"}))
    assert python_module(project, "broken.py") is None
    assert python_module(project, "broken.py", report=False) is None
    problems = project.problems("EL003")
    assert [p.path for p in problems] == ["broken.py"]


def test_unreported_parse_failure_records_nothing(tmp_path: Path) -> None:
    project = Project(write_project(tmp_path, {"broken.py": "def f(:\n"}))
    assert python_module(project, "broken.py", report=False) is None
    assert project.problems("EL003") == []


def test_coding_cookie_file_positions(tmp_path: Path) -> None:
    source = "# -*- coding: latin-1 -*-\nname = 'caf\xe9'; application = app\n"
    write_project(tmp_path, {"wsgi.py": source.encode("latin-1")})
    parsed = python_module(Project(tmp_path), "wsgi.py")
    assert parsed is not None
    assign = parsed.tree.body[1]
    assert isinstance(assign, ast.Assign)
    assert parsed.span(assign.value) == Span.of(2, 30, 2, 33)
