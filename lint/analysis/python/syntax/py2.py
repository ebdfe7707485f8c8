"""What Python 2.7 rejects in a file the host reads as Python 3.

Python 2 has no grammar in this package: a file the host cannot parse as Python 3 is never
judged for 2.7 (it may well be Python 2). A file the host does parse is valid Python 2 unless it
uses something only Python 3 has; most such constructs are facts in `gates`; this module adds
the two keywords Python 2 had that Python 3 made names, `print` and `exec`. Only uses that are
certainly invalid in 2.7 are reported: `print(x)` is a Python 2 print statement too.
"""

from __future__ import annotations

import ast
from typing import Optional

from .source import Source
from .verdict import Problem


def python2_problems(tree: ast.Module, source: Source) -> list[Problem]:
    """Uses of `print` and `exec` that Python 2.7 cannot parse."""
    print_function = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "print_function" for alias in node.names)
        for node in tree.body
    )
    heads = _statement_heads(tree)
    problems: list[Problem] = []
    for node in ast.walk(tree):
        for name, where in _spelled(node):
            if name == "print" and print_function:
                continue
            if name not in ("print", "exec"):
                continue
            key = "print_name" if name == "print" else "exec_name"
            if id(node) not in heads:
                problems.append(Problem(source.span(where), key))
                continue
            call = heads[id(node)]
            if call is not None and (
                call.keywords or any(isinstance(arg, ast.Starred) for arg in call.args)
            ):
                key = "print_call" if name == "print" else "exec_name"
                problems.append(Problem(source.span(call), key))
    return problems


def _spelled(node: ast.AST) -> list[tuple[str, ast.AST]]:
    """The identifiers `node` spells, with the node to point at."""
    if isinstance(node, ast.Name):
        return [(node.id, node)]
    if isinstance(node, ast.Attribute):
        return [(node.attr, node)]
    if isinstance(node, (ast.arg, ast.keyword)) and node.arg:
        return [(node.arg, node)]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [(node.name, node)]
    if isinstance(node, ast.alias):
        return [(part, node) for part in (*node.name.split("."), node.asname or "")]
    return []


def _statement_heads(tree: ast.Module) -> dict[int, Optional[ast.Call]]:
    """`print`/`exec` names that start an expression statement, mapped to the call they make
    (if any): Python 2 reads such a statement as a print or exec statement."""
    heads: dict[int, Optional[ast.Call]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr):
            name, call = _leftmost(node.value)
            if name is not None:
                heads[id(name)] = call
    return heads


def _leftmost(node: ast.expr) -> tuple[Optional[ast.Name], Optional[ast.Call]]:
    """The name an expression starts with, and the call it makes when it is called at once."""
    current: ast.expr = node
    call: Optional[ast.Call] = None
    while True:
        if isinstance(current, ast.Name):
            return current, call
        if isinstance(current, ast.Call):
            call = current if isinstance(current.func, ast.Name) else None
            current = current.func
        elif isinstance(current, (ast.Attribute, ast.Subscript)):
            current, call = current.value, None
        elif isinstance(current, ast.BinOp):
            current, call = current.left, None
        elif isinstance(current, ast.BoolOp):
            current, call = current.values[0], None
        elif isinstance(current, ast.Compare):
            current, call = current.left, None
        elif isinstance(current, ast.Tuple) and current.elts:
            current, call = current.elts[0], None
        else:
            return None, None
