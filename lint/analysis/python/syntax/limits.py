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

from ....diagnostics import Position, Span
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
from .walk import Context

GREY = "grey"
Limit = Union[None, Problem, str]


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


class TreeLimits:
    """The compiler's block limit and the safe depth, checked during one walk."""

    def __init__(self, source: Source, target: Version) -> None:
        self.source = source
        self.extra = 1 if target >= (3, 9) else 0  # what an `except` body costs beyond one
        self.limit = MAX_BLOCKS + 1 if target >= (3, 13) else MAX_BLOCKS
        self.known = target <= (3, 13)
        self.deepest = 0
        self.grey = False
        self.problem: Optional[Problem] = None

    def visit(self, node: ast.AST, context: Context, parent: Optional[ast.AST], level: int) -> None:
        if level > self.deepest:
            self.deepest = level
        cost = context.blocks + context.handlers * self.extra
        if cost <= MAX_BLOCKS - 2 or self.problem is not None:
            return
        if not self.known:
            self.grey = True
        elif cost > self.limit and parent is not None:
            what = f"more than {self.limit} blocks (loops, `with`, `try`) nested in one scope"
            start = self.source.start(parent)
            line = self.source.file.line(start.line)
            self.problem = Problem(
                Span(start, Position(start.line, len(line.rstrip()) + 1)), None, what
            )

    def result(self) -> Limit:
        if self.problem is not None:
            return self.problem
        return GREY if self.grey or self.deepest > SAFE_EXPRESSION_DEPTH else None
