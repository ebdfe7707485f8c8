"""What the searches over code that runs (EL601, EL605) read off its calls.

The walk (`reach`) records every call that ran with its values per cloud environment; these
helpers name its callee, pick an argument by keyword or position, quote a little of its source
for a message, and gather the places found with the environments each holds in.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Optional

from ...analysis.python.parse import PythonModule
from ...analysis.python.records import CallSite, CallValues
from ...analysis.python.values import Attr, Const, Made, Ref, Value
from ...diagnostics import Span


def truthy(value: Value) -> bool:
    """Whether a value is a constant Python takes as true (`debug=True`, `DEBUG = 1`)."""
    return isinstance(value, Const) and bool(value.value)


def callee_key(callee: Value) -> Optional[str]:
    """The dotted name a table of calls knows the callee by (`sqlite3.connect`,
    `flask.Flask.run` for a method of an object made by a known call); None when unknown."""
    if isinstance(callee, Ref):
        return callee.qualname
    if isinstance(callee, Attr) and isinstance(callee.receiver, Made):
        return f"{callee.receiver.qualname}.{callee.name}"
    return None


def call_argument(
    site: CallSite, values: CallValues, keyword: Optional[str], position: Optional[int]
) -> Optional[tuple[Value, ast.expr]]:
    """The value and expression of an argument given by keyword or position, or None."""
    if keyword is not None and keyword in values.keywords:
        for item in site.node.keywords:
            if item.arg == keyword:
                return values.keywords[keyword], item.value
    if position is not None and position < len(values.args):
        return values.args[position], site.node.args[position]
    return None


def short(module: PythonModule, node: ast.expr) -> str:
    """An expression's source on one line, cut to 40 characters for a message."""
    text = " ".join(module.segment(node).split())
    return text if len(text) <= 40 else text[:39] + "…"


def call_text(module: PythonModule, node: ast.Call) -> str:
    """How a message names a call: `app.run()`."""
    return short(module, node.func) + "()"


class Collector:
    """Findings keyed by the node they point at, with the environments each holds in."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, int], tuple[str, ast.AST, str, set[str]]] = {}
        self.modules: dict[str, PythonModule] = {}

    def add(self, module: PythonModule, node: ast.AST, what: str, environment: str) -> None:
        key = (module.path, id(node))
        self.modules[module.path] = module
        entry = self.found.setdefault(key, (module.path, node, what, set()))
        entry[3].add(environment)

    def spans(self) -> Iterator[tuple[str, Span, str, frozenset[str]]]:
        for path, node, what, environments in self.found.values():
            module = self.modules[path]
            if isinstance(node, (ast.expr, ast.stmt, ast.keyword, ast.alias)):
                span = module.span(node)
            else:
                span = Span.point(1, 1)
            yield path, span, what, frozenset(environments)
