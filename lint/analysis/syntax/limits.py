"""Nesting limits of CPython's tokenizer, parser and compiler.

Some limits are exact and the same everywhere (200 open brackets, 100 indentation levels);
the compiler's block limit is exact per line once its costs are known (`facts.MAX_BLOCKS`).
Others depend on a line's recursion limits and parser stack (expression depth, the LL(1)
parser's stack up to 3.8): below a safe depth every line copes, and beyond it the answer
depends even on how deep the Python stack already is when the import runs, so nobody can tell
in advance: `GREY`.
"""

from __future__ import annotations

import ast
from typing import Optional, Union

from .facts import (
    MAX_BLOCKS,
    MAX_BRACKETS,
    MAX_INDENT,
    OLD_PARSER_BRACKETS_FAIL,
    OLD_PARSER_SAFE_COST,
    SAFE_EXPRESSION_DEPTH,
    Version,
)
from .source import Source
from .tokens import DEDENT, INDENT, OP, Lexed
from .verdict import Problem

GREY = "grey"
Limit = Union[None, Problem, str]
_TRY_STAR = getattr(ast, "TryStar", None)


def token_limits(source: Source, lexed: Lexed, target: Version) -> Limit:
    """The tokenizer's limits and, up to 3.8, the parser's stack, from the tokens."""
    text = source.text
    old_parser = target < (3, 9)
    indent = 0
    worst_cost = 0
    for token in lexed.tokens:
        if token.kind == INDENT:
            indent += 1
            if indent > MAX_INDENT:
                what = f"indentation more than {MAX_INDENT} levels deep"
                return Problem(source.span_of(token.end, token.end), None, what)
        elif token.kind == DEDENT:
            indent -= 1
        elif token.kind == OP and text[token.start] in "([{":
            depth = token.depth + 1
            if depth > MAX_BRACKETS:
                what = f"brackets nested more than {MAX_BRACKETS} deep"
                return Problem(source.span_of(token.start, token.end), None, what)
            if old_parser and depth >= OLD_PARSER_BRACKETS_FAIL:
                what = (
                    f"brackets nested {depth} deep, more than the parser of Python "
                    f"{target[0]}.{target[1]} can hold"
                )
                return Problem(source.span_of(token.start, token.end), None, what)
            worst_cost = max(worst_cost, 17 * depth + 12 * indent)
    if old_parser and worst_cost > OLD_PARSER_SAFE_COST:
        return GREY
    return None


def tree_limits(tree: ast.Module, source: Source, target: Version) -> Limit:
    """The compiler's block limit and the depth every line is known to compile."""
    problem = _blocks(tree, source, target)
    if problem is not None:
        return problem
    if depth(tree) > SAFE_EXPRESSION_DEPTH:
        return GREY
    return None


def depth(tree: ast.AST) -> int:
    """The longest path from the root to a leaf, counted in nodes."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _blocks(tree: ast.Module, source: Source, target: Version) -> Limit:
    """Statically nested blocks per scope, costed as the target's compiler counts them."""
    handler = 2 if target >= (3, 9) else 1
    limit = MAX_BLOCKS + 1 if target >= (3, 13) else MAX_BLOCKS
    known = target <= (3, 13)
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    grey = False
    while stack:
        node, cost = stack.pop()
        for child, extra in _nested(node, handler):
            total = 0 if extra is None else cost + extra
            if total > limit:
                if not known:
                    grey = True
                    continue
                what = (
                    f"more than {limit} blocks (loops, `with`, `try`) nested in one function"
                )
                return Problem(source.span(child) if hasattr(child, "lineno") else source.span(node),
                               None, what)
            if not known and total > MAX_BLOCKS - 2:
                grey = True
            stack.append((child, total))
    return GREY if grey else None


def _nested(node: ast.AST, handler: int) -> list[tuple[ast.AST, Optional[int]]]:
    """Children with the blocks they add (None: a new scope, which starts again at zero)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
        return [(child, None) for child in ast.iter_child_nodes(node)]
    if isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith)):
        body = {id(statement) for statement in node.body}
        return [(child, 1 if id(child) in body else 0) for child in ast.iter_child_nodes(node)]
    if isinstance(node, ast.Try) or (_TRY_STAR is not None and isinstance(node, _TRY_STAR)):
        final = 1 if node.finalbody else 0
        result: list[tuple[ast.AST, Optional[int]]] = []
        result += [(statement, final + (1 if node.handlers else 0)) for statement in node.body]
        result += [(item, final + handler) for item in node.handlers]
        result += [(statement, final) for statement in node.orelse]
        result += [(statement, 1) for statement in node.finalbody]
        return result
    if isinstance(node, ast.ExceptHandler):
        return [(child, 0) for child in ast.iter_child_nodes(node)]
    return [(child, 0) for child in ast.iter_child_nodes(node)]


Limits = Optional[Union[Problem, str]]
