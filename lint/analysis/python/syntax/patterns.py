"""Compile-stage errors of `match` statements (3.10+): what CPython's compiler checks in patterns.

An irrefutable pattern before other cases or alternatives, a name bound twice, alternatives that
bind different names, a literal key or class attribute repeated, two starred names in one
sequence pattern, and `__debug__` as a capture name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Optional

from .source import Source
from .verdict import Problem


def pattern_problems(matches: list[ast.AST], source: Source) -> list[Problem]:
    """Every pattern error in the given `match` statements."""
    problems: list[Problem] = []
    for node in matches:
        problems.extend(_match(node, source))
    return problems


def _match(node: ast.AST, source: Source) -> Iterator[Problem]:
    cases = node.cases  # type: ignore[attr-defined]
    for index, case in enumerate(cases):
        pattern = case.pattern
        for what, where in _pattern(pattern):
            yield Problem(source.span(where), None, what)
        if case.guard is None and index < len(cases) - 1:
            blocker = _irrefutable(pattern)
            if blocker is not None:
                yield Problem(source.span(pattern), None, _unreachable(blocker, "cases"))


def _unreachable(blocker: ast.AST, what: str) -> str:
    name = getattr(blocker, "name", None)
    if name is None:
        return f"the wildcard `_` makes the remaining {what} unreachable"
    return f"the capture pattern `{name}` makes the remaining {what} unreachable"


def _irrefutable(pattern: ast.AST) -> Optional[ast.AST]:
    """The wildcard or capture that makes a pattern match anything, if one does."""
    kind = type(pattern).__name__
    if kind == "MatchAs":
        inner = pattern.pattern  # type: ignore[attr-defined]
        return pattern if inner is None else _irrefutable(inner)
    if kind == "MatchOr":
        for alternative in pattern.patterns:  # type: ignore[attr-defined]
            found = _irrefutable(alternative)
            if found is not None:
                return found
    return None


def _pattern(pattern: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    """Errors inside one case's pattern."""
    seen: set[str] = set()
    for name, node in _bindings(pattern):
        if name == "__debug__":
            yield "assignment to `__debug__`", node
        elif name in seen:
            yield f"`{name}` is bound twice in one pattern", node
        seen.add(name)
    for node in ast.walk(pattern):
        kind = type(node).__name__
        if kind == "MatchOr":
            alternatives = node.patterns  # type: ignore[attr-defined]
            for alternative in alternatives[:-1]:
                blocker = _irrefutable(alternative)
                if blocker is not None:
                    yield _unreachable(blocker, "alternatives"), alternative
            names = [frozenset(name for name, _ in _bindings(item)) for item in alternatives]
            if any(other != names[0] for other in names[1:]):
                yield "the alternatives of an or-pattern bind different names", node
        elif kind == "MatchMapping":
            yield from _keys(node)
        elif kind == "MatchValue" and any(
            isinstance(part, ast.JoinedStr)
            for part in ast.walk(node.value)  # type: ignore[attr-defined]
        ):
            yield "an f-string cannot be a pattern", node
        elif kind == "MatchClass":
            attributes = node.kwd_attrs  # type: ignore[attr-defined]
            repeated = [name for index, name in enumerate(attributes) if name in attributes[:index]]
            if repeated:
                yield f"the class pattern repeats the attribute `{repeated[0]}`", node
        elif kind == "MatchSequence":
            stars = [item for item in node.patterns if type(item).__name__ == "MatchStar"]  # type: ignore[attr-defined]
            if len(stars) > 1:
                yield "more than one starred name in a sequence pattern", stars[1]


def _bindings(pattern: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    """The names a pattern binds; an or-pattern binds those of its first alternative."""
    stack = [pattern]
    while stack:
        node = stack.pop()
        kind = type(node).__name__
        if kind == "MatchOr":
            stack.append(node.patterns[0])  # type: ignore[attr-defined]
            continue
        for attribute in ("name", "rest"):
            name = getattr(node, attribute, None)
            if isinstance(name, str) and kind in ("MatchAs", "MatchStar", "MatchMapping"):
                yield name, node
        stack.extend(
            reversed(
                [child for child in ast.iter_child_nodes(node) if isinstance(child, ast.pattern)]
            )
        )


def _keys(node: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    values: list[object] = []
    for key in node.keys:  # type: ignore[attr-defined]
        if isinstance(key, ast.Attribute):
            continue
        try:
            value = ast.literal_eval(key)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
        try:
            repeated = value in values
        except TypeError:
            continue
        if repeated:
            yield f"the mapping pattern repeats the key {ast.unparse(key)}", key
            return
        values.append(value)
