"""Scopes in a syntax tree: which nodes run where a block runs, and which names a block binds.

A `def`, `class` or `lambda` body does not run where it is defined (its decorators, bases and
defaults do). The walk uses these helpers to find the calls that run in a statement, the names a
loop body may rebind, and a function's local names.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Union

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
# Nodes with no child that can hold a call: skipped without looking inside.
_LEAVES = frozenset({ast.Name, ast.Constant, ast.Load, ast.Store, ast.Del, ast.alias})


def definition_time(node: ast.AST) -> list[ast.AST]:
    """The parts of a `def`, `class` or `lambda` that run where it is defined."""
    if isinstance(node, ast.ClassDef):
        return [*node.decorator_list, *node.bases, *node.keywords]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        parts: list[ast.AST] = list(getattr(node, "decorator_list", []))
        parts.extend(node.args.defaults)
        parts.extend(d for d in node.args.kw_defaults if d is not None)
        return parts
    return list(ast.iter_child_nodes(node))


def scoped(nodes: list[ast.AST]) -> Iterator[ast.AST]:
    """Every node under `nodes` that belongs to the same scope: nested `def`, `class` and
    `lambda` bodies are skipped (their defaults and decorators are not: they run)."""
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        kind = type(node)
        if kind in _LEAVES:
            continue
        if isinstance(node, _DEFINITIONS):
            stack.extend(reversed(definition_time(node)))
            continue
        children: list[ast.AST] = []
        for name in kind._fields:
            child = getattr(node, name, None)
            if isinstance(child, ast.AST):
                children.append(child)
            elif isinstance(child, list):
                children.extend(c for c in child if isinstance(c, ast.AST))
        stack.extend(reversed(children))


def stored_names(nodes: list[ast.AST]) -> set[str]:
    """Names assigned (or deleted, or defined) in a block, not counting nested scopes."""
    names: set[str] = set()
    for node in scoped(nodes):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.AST) and isinstance(getattr(node, "name", None), str):
            names.add(node.name)  # type: ignore[attr-defined]  # match patterns bind names
    return names


def local_names(function: Union[ast.FunctionDef, ast.AsyncFunctionDef]) -> frozenset[str]:
    declared: set[str] = set()
    for node in scoped(list(function.body)):
        if isinstance(node, ast.Global):
            declared.update(node.names)
    arguments = function.args
    params = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    params.extend(a for a in (arguments.vararg, arguments.kwarg) if a is not None)
    names = stored_names(list(function.body)) | {a.arg for a in params}
    return frozenset(names - declared)


def target_names(target: ast.expr) -> list[ast.Name]:
    if isinstance(target, ast.Name):
        return [target]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for item in target.elts for name in target_names(item)]
    return []
