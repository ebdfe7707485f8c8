"""Where Python code names an environment variable: `os.environ[…]`, `os.getenv(…)` and the like.

EL602 judges the defaults of such reads of credential variables, EL604 the names read.
"""

from __future__ import annotations

import ast
from typing import Optional


def is_environ(node: ast.expr) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr == "environ" and isinstance(node.value, ast.Name) and node.value.id == "os"
    return isinstance(node, ast.Name) and node.id == "environ"


def env_name(node: ast.AST) -> Optional[ast.expr]:
    """The variable-name argument of an environment read or write, if `node` is one."""
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("get", "setdefault", "pop"):
            return node.args[0] if is_environ(func.value) else None
        if isinstance(func, ast.Attribute) and func.attr in ("getenv", "putenv", "unsetenv"):
            is_os = isinstance(func.value, ast.Name) and func.value.id == "os"
            return node.args[0] if is_os else None
        if isinstance(func, ast.Name) and func.id == "getenv":
            return node.args[0]
        return None
    if isinstance(node, ast.Subscript) and is_environ(node.value):
        return node.slice
    if (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], (ast.In, ast.NotIn))
        and is_environ(node.comparators[0])
    ):
        return node.left
    return None
