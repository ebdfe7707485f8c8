"""The syntax verdict's messages, positions and edges (the interpreters' view is in
`test_syntax_ground_truth.py`, host independence in `test_syntax_hosts.py`)."""

from __future__ import annotations

import ast
import importlib
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enginelint.analysis.python.syntax import (
    OK,
    Invalid,
    Python2Only,
    Undecidable,
    default_target,
    judge,
)
from enginelint.analysis.python.syntax.facts import FACTS, KNOWN_THROUGH, VERIFIED_LINES
from enginelint.diagnostics import Span

HOST = sys.version_info[:2]


def invalid(text: str, target: tuple[int, int] | None, **options: object) -> Invalid:
    verdict = judge(text, "app.py", target, **options)  # type: ignore[arg-type]
    assert isinstance(verdict, Invalid), verdict
    return verdict


def test_a_construct_the_target_lacks_is_named_with_both_versions() -> None:
    verdict = invalid("x = 1\nif (n := len(a)) > 10:\n    pass\n", (3, 6))
    assert verdict.message == (
        "The assignment expression `:=` needs Python 3.8; this project runs Python 3.6 "
        "(.python-version)"
    )
    assert verdict.span == Span.of(2, 5, 2, 16)


def test_the_target_clause_names_where_the_version_comes_from() -> None:
    verdict = invalid("match x:\n    case 1:\n        pass\n", (3, 8), origin="runtime.txt")
    assert verdict.message.endswith("this project runs Python 3.8 (runtime.txt)")
    assert verdict.span == Span.of(1, 1, 1, 6)


def test_without_python_version_the_platform_default_is_judged() -> None:
    assert default_target() == KNOWN_THROUGH
    verdict = invalid("return\n", None)
    assert verdict.message == "`return` outside a function"
    assert isinstance(judge("type X = int\n", "app.py", None), (OK, Undecidable))


def test_columns_count_code_points() -> None:
    verdict = invalid("s = 'héllo'; t = (u := 1)\n", (3, 7))
    assert verdict.span == Span.of(1, 19, 1, 25)


def test_a_removed_construct_says_since_when() -> None:
    verdict = invalid("import asyncio\nasyncio.async(f())\n", (3, 8))
    assert verdict.message.startswith("`async` or `await` as a name is invalid since Python 3.7")
    assert verdict.span == Span.of(2, 9, 2, 14)


def test_a_removed_construct_is_fine_for_an_old_target_and_the_tree_keeps_its_names() -> None:
    verdict = judge("import asyncio\nasyncio.async(f())\n", "app.py", (3, 6))
    assert isinstance(verdict, OK) and verdict.tree is not None
    attributes = [node.attr for node in ast.walk(verdict.tree) if isinstance(node, ast.Attribute)]
    assert attributes == ["async"]


def test_compile_stage_errors_are_found_without_running_anything() -> None:
    verdict = invalid("def f():\n    x = 1\n    global x\n", (3, 11))
    assert verdict.message == "`x` is assigned before its `global` declaration"
    assert verdict.span == Span.of(3, 5, 3, 13)
    assert invalid("for x in y:\n    pass\nelse:\n    break\n", (3, 11)).span == Span.of(
        4, 5, 4, 10
    )


def test_yield_in_a_comprehension_depends_on_the_target() -> None:
    text = "def f():\n    return [(yield x) for x in y]\n"
    assert isinstance(judge(text, "app.py", (3, 7)), OK)
    verdict = invalid(text, (3, 8))
    assert "invalid since Python 3.8" in verdict.message


def test_python2_code_is_never_an_error_for_python2() -> None:
    text = 'print "hello"\nexec "x = 1"\n'
    verdict = judge(text, "app.py", (2, 7))
    assert isinstance(verdict, Python2Only)
    assert verdict.reason == "uses the `print` statement"
    assert verdict.span == Span.of(1, 1, 1, 14)


def test_python2_code_without_python_version_is_python2_only() -> None:
    verdict = judge("x = 0777\n", "app.py", None)
    assert isinstance(verdict, Python2Only)
    assert verdict.reason.startswith("uses an octal literal")


def test_python2_code_for_python3_is_named() -> None:
    verdict = invalid('def f():\n    print "hello"\n', (3, 11))
    assert verdict.message.startswith("The `print` statement is Python 2 syntax")
    assert verdict.span == Span.of(2, 5, 2, 18)


def test_python3_code_for_python2() -> None:
    tree = judge("from __future__ import print_function\nprint('a', end='')\n", "a.py", (2, 7))
    assert isinstance(tree, OK)
    verdict = invalid("print('a', end='')\n", (2, 7))
    assert verdict.message.startswith("`print(...)` with keyword or unpacked arguments")


def test_a_byte_order_mark_with_another_coding_cookie() -> None:
    raw = b"\xef\xbb\xbf# -*- coding: latin-1 -*-\nx = 1\n"
    verdict = invalid("# -*- coding: latin-1 -*-\nx = 1\n", (3, 11), raw=raw)
    assert "coding cookie `latin-1`" in verdict.message
    assert verdict.span == Span.of(1, 15, 1, 22)
    assert judge("# coding: latin-1\nx = 1\n", "a.py", (3, 11), bom=True) == Invalid(
        verdict.message.replace("-*- ", ""), Span.of(1, 11, 1, 18)
    )
    raw = b"\xef\xbb\xbf# coding: utf-8-unix\nx = 1\n"
    assert isinstance(judge("# coding: utf-8-unix\nx = 1\n", "a.py", (3, 11), raw=raw), OK)


@pytest.mark.parametrize(
    ("text", "message", "span"),
    [
        ("x = (1,\ny = 2\n", "`(` is never closed", Span.of(1, 5, 1, 6)),
        ("x = 1 $ 2\n", "Invalid character `$` (U+0024)", Span.of(1, 7, 1, 8)),
        (
            "if x:\n        a = 1\n    b = 2\n",
            "This line's indentation matches no outer level",
            Span.of(3, 1, 3, 5),
        ),
        ("x = 1\ndef f()\n    return 1\n", "Invalid syntax in this statement", Span.of(2, 1, 2, 8)),
        (
            "try:\n    pass\n",
            "The file ends before this statement is complete",
            Span.of(2, 5, 2, 9),
        ),
        ("x = '''abc\n", "This string is never closed", Span.of(1, 5, 2, 1)),
    ],
)
def test_broken_code_is_placed_the_same_on_every_host(text: str, message: str, span: Span) -> None:
    verdict = invalid(text, (3, 11))
    assert (verdict.message, verdict.span) == (message, span)


def test_syntax_newer_than_the_host_is_undecidable_not_an_error() -> None:
    text = 'x = f"{d["key"]}"\n'
    verdict = judge(text, "app.py", (3, 12))
    if HOST >= (3, 12):
        assert isinstance(verdict, OK)
    else:
        assert isinstance(verdict, Undecidable)
        assert verdict.needed == "Python 3.12 or newer"
    assert invalid(text, (3, 11)).message.startswith("An f-string reusing its quote")


def test_deep_nesting_is_a_verdict_not_a_crash() -> None:
    verdict = invalid("x = " + "(" * 100_000 + ")" * 100_000 + "\n", (3, 11))
    assert verdict.message == "Brackets nested more than 200 deep"
    assert verdict.span == Span.of(1, 205, 1, 206)
    chain = judge("x = 1" + "+1" * 200_000 + "\n", "app.py", (3, 11))
    assert isinstance(chain, Undecidable)
    indented = "".join(" " * i + "if x:\n" for i in range(300)) + " " * 300 + "pass\n"
    assert invalid(indented, (3, 11)).message == "Indentation more than 99 levels deep"


def test_huge_files_are_judged() -> None:
    text = "".join(f"def f{i}(a, b=1):\n    return a + b\n" for i in range(20_000))
    assert isinstance(judge(text, "app.py", (3, 11)), OK)
    assert isinstance(judge(text + "x = (\n", "app.py", (3, 11)), Invalid)


def test_the_parser_is_never_given_a_file_name_it_could_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names: list[str] = []
    real = ast.parse

    def parse(source: str, filename: str = "<unknown>", *args: object, **kwargs: object) -> ast.AST:
        names.append(filename)
        return real(source, filename, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ast, "parse", parse)
    judge("x = [" + "1, " * 50_000 + "] $\n", "app.py", (3, 11))
    assert names and all(name.startswith("<") and name.endswith(">") for name in names)


def test_every_fact_names_a_source() -> None:
    for key, fact in FACTS.items():
        assert fact.source.startswith("https://"), key
        assert fact.introduced or fact.removed, key


_FRAGMENTS = [
    "x = 1",
    "if x:",
    "    pass",
    "else:",
    "def f(a, /, b=2, *c, d, **e):",
    "    return a",
    "class C(B, metaclass=M):",
    "async def g():",
    "    await h()",
    "    yield 1",
    "match x:",
    "    case [a, *b]:",
    "        pass",
    "try:",
    "except* E:",
    "finally:",
    "x = f'{a!r:>{w}}'",
    "y = (z := 3)",
    "print 'x'",
    "lambda: (yield)",
    "@d\n",
    "type T = int",
    "def k[T](a: T): ...",
    "global q",
    "nonlocal q",
    "for i in range(3):",
    "    break",
    "with (a as b, c):",
    "x = [*a, *b]",
    "del __debug__",
    "from __future__ import annotations",
    "  ",
    "# c",
    "\\",
    "x = '''",
    "'''",
    "(",
    ")",
    "[",
    "}",
    "\t",
    "0777",
    "1_000",
    "async = 1",
    "é = 1",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(_FRAGMENTS), max_size=12),
    st.lists(
        st.tuples(st.integers(0, 400), st.sampled_from(list("()[]{}:=,*'\"\\\n #@"))), max_size=4
    ),
    # No target, every verified line, the newest the table knows, and one past it.
    st.sampled_from([None, *VERIFIED_LINES, KNOWN_THROUGH, (3, 16)]),
)
def test_judge_never_raises_and_is_deterministic(
    lines: list[str], mutations: list[tuple[int, str]], target: tuple[int, int] | None
) -> None:
    text = "\n".join(lines) + "\n"
    for position, character in mutations:
        position %= len(text) + 1
        text = text[:position] + character + text[position:]
    first = judge(text, "app.py", target)
    second = judge(text, "app.py", target)
    assert type(first) is type(second)
    assert getattr(first, "message", None) == getattr(second, "message", None)
    assert getattr(first, "span", None) == getattr(second, "span", None)
    if isinstance(first, OK) and first.tree is not None:
        assert isinstance(first.tree, ast.Module)


@pytest.mark.parametrize(
    ("text", "compiled"),
    [
        ('"""Names."""\nimport os\nfrom . import a\nfrom b import *\nX = Y = 1\nZ = X\n', False),
        ("import os\nX = os.name\n", True),  # an attribute: not plain enough to skip the compiler
        ("from __future__ import braces\n", True),
        ("from __future__ import annotations\n", True),
        ("__debug__ = 1\n", True),
        ("X = 1\n(a, b) = c\n", True),
    ],
)
def test_only_plain_modules_skip_the_hosts_compiler(
    monkeypatch: pytest.MonkeyPatch, text: str, compiled: bool
) -> None:
    """When the host is the target its compiler decides, except for a module of imports and
    plain assignments, which no compiler stage rejects once it parses."""
    judge_module = importlib.import_module("enginelint.analysis.python.syntax.judge")
    calls: list[str] = []
    real = judge_module._compiles

    def counting(tree: ast.Module, path: str) -> object:
        calls.append(path)
        return real(tree, path)

    monkeypatch.setattr(judge_module, "_compiles", counting)
    verdict = judge(text, "app.py", HOST)
    assert bool(calls) is compiled
    try:
        compile(text, "app.py", "exec", dont_inherit=True)
        valid = True
    except SyntaxError:
        valid = False
    assert isinstance(verdict, OK) is valid
