"""The two stages of the target's `import`: what its parser rejects, then its compiler.

Both take a tree the host built and answer for the target's version. The parse stage combines
the tree gates, the Python 2 keywords, the f-string rules before 3.12 and the tokens' limits and
literals; the compile stage the context, name and pattern checks and the block limit.
"""

from __future__ import annotations

import ast
import sys
from typing import Optional

from .context import context_problems
from .facts import FACTS, Version
from .fstrings import fstring_issues
from .gates import tree_gates
from .lexical import lexical_gates
from .limits import GREY, token_limits, tree_limits
from .patterns import pattern_problems
from .py2 import python2_problems
from .scopes import scope_problems
from .source import Source
from .tokens import Lexed, tokenize
from .verdict import Problem
from .walk import walk

HOST: Version = sys.version_info[:2]


class ParseStage:
    """Parse-stage problems of a tree for a target; `grey` when a limit leaves it open."""

    def __init__(self, tree: ast.Module, source: Source, target: Version) -> None:
        self.tree = tree
        self.source = source
        self.target = target
        self.grey = False
        self._lexed: Optional[Lexed] = None

    @property
    def lexed(self) -> Lexed:
        if self._lexed is None:
            self._lexed = tokenize(self.source.text, pep701=HOST >= (3, 12))
        return self._lexed

    def problems(self) -> list[Problem]:
        target, source = self.target, self.source
        found = [Problem(gate.span, gate.key) for gate in tree_gates(self.tree, source, target)]
        if target[0] == 2:
            found += python2_problems(self.tree, source)
        if (HOST >= (3, 12) and target < (3, 12)) or target < (3, 8):
            found += self.fstrings()
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

    def fstrings(self) -> list[Problem]:
        """The old f-string grammar's objections, read from each f-string's own tokens."""
        text = self.source.text
        tokens: list[tuple[int, int]] = []
        for node, context in walk(self.tree):
            if isinstance(node, ast.JoinedStr) and context.fstring is None:
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


def compile_stage(tree: ast.Module, source: Source, target: Version) -> tuple[list[Problem], bool]:
    """Compile-stage problems for the target, and whether a limit leaves the answer open."""
    found = context_problems(tree, source, target)
    found += scope_problems(tree, source, target)
    if target >= (3, 10):
        found += pattern_problems(tree, source)
    limit = tree_limits(tree, source, target)
    if isinstance(limit, Problem):
        found.append(limit)
    return found, limit == GREY


def first(problems: list[Problem]) -> Problem:
    """The problem a reader meets first; at one position, a named construct before a generic
    error, and the construct needing the newest Python first."""

    def order(problem: Problem) -> tuple[int, int, bool, tuple[int, int]]:
        fact = FACTS.get(problem.key or "")
        newest = fact.introduced if fact is not None and fact.introduced else (0, 0)
        start = problem.span.start
        return (start.line, start.column, problem.key is None, (-newest[0], -newest[1]))

    return min(problems, key=order)
