"""The two stages of the target's `import`: what its parser rejects, then its compiler.

Both take a tree the host built and answer for the target's version. The parse stage combines
the tree gates, the Python 2 keywords, the f-string rules before 3.12 and the tokens' limits and
literals; the compile stage the context, name and pattern checks and the block limit.
"""

from __future__ import annotations

import ast
import sys
from typing import Optional

from .context import ContextChecker
from .facts import FACTS, MAX_BLOCKS, Version
from .fstrings import fstring_issues
from .gates import GateFinder
from .lexical import lexical_gates
from .limits import GREY, TreeLimits, token_limits
from .patterns import pattern_problems
from .py2 import python2_problems
from .scopes import ScopeCollector
from .source import Source
from .tokens import Lexed, tokenize
from .verdict import Problem
from .walk import ROOT, Visit, children_of

HOST: Version = sys.version_info[:2]
_MATCH = getattr(ast, "Match", None)


class Analysis:
    """One walk of a tree for a target: the problems of its parse stage, of its compile stage,
    and whether a limit leaves the answer open (`grey`)."""

    def __init__(self, tree: ast.Module, source: Source, target: Version) -> None:
        self.tree = tree
        self.source = source
        self.target = target
        self.grey = False
        self._lexed: Optional[Lexed] = None
        gates = GateFinder(source, target)
        context = ContextChecker(tree, source, target)
        scopes = ScopeCollector(source, target)
        limits = TreeLimits(source, target)
        fstrings: list[ast.AST] = []
        matches: list[ast.AST] = []
        checks, names = ContextChecker.TYPES, ScopeCollector.TYPES
        deepest = 0
        # The walk of `walk.walk`, inlined: this loop runs once per node of every file.
        stack: list[Visit] = [(tree, ROOT, None, 1)]
        while stack:
            node, where, parent, level = stack.pop()
            kind = type(node)
            if level > deepest:
                deepest = level
            if gates.active:
                gates.visit(node, where, parent)
            if kind is ast.Name:
                scopes.visit(node, where)
                if node.id == "__debug__":  # type: ignore[attr-defined]
                    context.visit(node, where, parent)
                continue
            if kind in checks:
                context.visit(node, where, parent)
            if kind in names:
                scopes.visit(node, where)
            if where.blocks + where.handlers > MAX_BLOCKS - 2:
                limits.visit(node, where, parent, level)
            if kind is ast.JoinedStr and where.fstring is None:
                fstrings.append(node)
            elif kind is _MATCH:
                matches.append(node)
            children = children_of(node, where)
            for index in range(len(children) - 1, -1, -1):
                child, inner = children[index]
                stack.append((child, inner, node, level + 1))
        limits.deepest = deepest
        self.parse = [Problem(gate.span, gate.key) for gate in gates.gates()]
        self.parse += self.more_parse_problems(fstrings)
        self.compile = context.finish() + scopes.finish()
        if target >= (3, 10):
            self.compile += pattern_problems(matches, source)
        limit = limits.result()
        if isinstance(limit, Problem):
            self.compile.append(limit)
        self.grey = self.grey or limit == GREY

    @property
    def lexed(self) -> Lexed:
        if self._lexed is None:
            self._lexed = tokenize(self.source.text, pep701=HOST >= (3, 12))
        return self._lexed

    def more_parse_problems(self, fstrings: list[ast.AST]) -> list[Problem]:
        target, source = self.target, self.source
        found: list[Problem] = []
        if target[0] == 2:
            found += python2_problems(self.tree, source)
        if fstrings and ((HOST >= (3, 12) and target < (3, 12)) or target < (3, 8)):
            found += self.fstrings(fstrings)
        if target < (3, 6):
            found += [
                Problem(source.span_of(start, end), key)
                for key, start, end in lexical_gates(source.text, self.lexed, target)
            ]
        if target < (3, 9):
            limit = token_limits(source, self.lexed, target)
            if isinstance(limit, Problem):
                found.append(limit)
            self.grey = limit == GREY
        return found

    def fstrings(self, nodes: list[ast.AST]) -> list[Problem]:
        """The old f-string grammar's objections, read from each f-string's own tokens."""
        text = self.source.text
        tokens: list[tuple[int, int]] = []
        for node in nodes:
            start, end = self.source.node_offsets(node)
            lexed = tokenize(text[start:end], pep701=HOST >= (3, 12))
            tokens += [(start + first, start + last) for first, last in lexed.fstrings.items()]
        ends = dict(tokens)
        found: list[Problem] = []
        for key, offset, start in fstring_issues(text, tokens):
            if key is None or FACTS[key].accepts(self.target):
                continue
            if key == "fstring_debug":
                span = self.source.span_of(offset, offset + 1)
            else:
                span = self.source.span_of(start, ends.get(start, start + 1))
            found.append(Problem(span, key))
        return found


def parse_problems(tree: ast.Module, source: Source, target: Version) -> list[Problem]:
    """The parse stage alone (for the statements before one that fails)."""
    return Analysis(tree, source, target).parse


def compile_stage(tree: ast.Module, source: Source, target: Version) -> tuple[list[Problem], bool]:
    """Compile-stage problems for the target, and whether a limit leaves the answer open."""
    analysis = Analysis(tree, source, target)
    return analysis.compile, analysis.grey


def first(problems: list[Problem]) -> Problem:
    """The problem a reader meets first; at one position, a named construct before a generic
    error, and the construct needing the newest Python first."""

    def order(problem: Problem) -> tuple[int, int, bool, tuple[int, int]]:
        fact = FACTS.get(problem.key or "")
        newest = fact.introduced if fact is not None and fact.introduced else (0, 0)
        start = problem.span.start
        return (start.line, start.column, problem.key is None, (-newest[0], -newest[1]))

    return min(problems, key=order)
