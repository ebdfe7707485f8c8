"""Every rule enginelint has, from the families' metadata tables, and selection by selector.

The registry imports each family package's `__init__` (a `RULES` table and nothing else), never a
detector: a family's detector modules are imported by `Rule.check` only when the engine runs one
of its rules. The documentation of a rule is its detector's docstring, read from the source file
with `ast` on first use, so `enginelint rule EL501` imports no detector either.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Optional

from .rulespec import LATE, NORMAL, RuleSpec

if TYPE_CHECKING:
    from .diagnostics import Finding

__all__ = ["LATE", "NORMAL", "Rule", "SelectionError", "all_rules", "find", "resolve", "select"]

# The rule families, in code order: each is a package `enginelint.rules.<family>`.
FAMILIES = (
    "input",
    "layout",
    "packaging",
    "requirements",
    "python_version",
    "engine_yaml",
    "serving",
    "security",
)
RULES_PACKAGE = "enginelint.rules"


class Rule:
    """A rule as the engine and the documentation see it: metadata plus lazy docs and detector."""

    __slots__ = ("family", "package", "spec")

    def __init__(self, family: str, spec: RuleSpec, package: Optional[str] = None) -> None:
        self.family = family
        self.spec = spec
        # The package `spec.detector` is relative to (tests register rules of their own).
        self.package = package or f"{RULES_PACKAGE}.{family}"

    def __repr__(self) -> str:
        return f"Rule({self.code} {self.name})"

    code = property(lambda self: self.spec.code)
    name = property(lambda self: self.spec.name)
    severity = property(lambda self: self.spec.severity)
    phase = property(lambda self: self.spec.phase)
    fix = property(lambda self: self.spec.fix)
    engine_reported = property(lambda self: self.spec.engine_reported)
    sensitive = property(lambda self: self.spec.sensitive)
    group = property(lambda self: self.spec.group)
    url = property(lambda self: self.spec.url)

    @property
    def module(self) -> str:
        """The detector's module, e.g. `enginelint.rules.serving.binds`."""
        return f"{self.package}.{self.spec.detector.rsplit('.', 1)[0]}"

    @property
    def function(self) -> str:
        return self.spec.detector.rsplit(".", 1)[1]

    @property
    def doc(self) -> str:
        """The rule's documentation: its detector's docstring, cleaned."""
        return _docstrings(self.module).get(self.function, "")

    @property
    def summary(self) -> str:
        """The first line of the documentation: the rule's one-line summary."""
        doc = self.doc.strip()
        return doc.splitlines()[0].strip() if doc else self.name

    def check(self, project: Any) -> Iterable[Finding]:
        """Run the detector on a `Project` (importing its module on first use).

        The registry sits below the Project in the import graph, so the type is not named here.
        """
        detector: Any = getattr(importlib.import_module(self.module), self.function)
        result: Iterable[Finding] = detector(project)
        return result


@cache
def _docstrings(module: str) -> dict[str, str]:
    """The docstrings of a module's top-level functions, read from its source without running it."""
    import ast
    import importlib.util
    import inspect

    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return {}
    with open(spec.origin, encoding="utf-8") as source:
        tree = ast.parse(source.read(), spec.origin)
    return {
        node.name: inspect.cleandoc(ast.get_docstring(node, clean=False) or "")
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, in code order: the families' tables, concatenated."""
    from .rules import (
        engine_yaml,
        input,
        layout,
        packaging,
        python_version,
        requirements,
        security,
        serving,
    )

    tables = {
        "input": input.RULES,
        "layout": layout.RULES,
        "packaging": packaging.RULES,
        "requirements": requirements.RULES,
        "python_version": python_version.RULES,
        "engine_yaml": engine_yaml.RULES,
        "serving": serving.RULES,
        "security": security.RULES,
    }
    rules = [Rule(family, spec) for family in FAMILIES for spec in tables[family]]
    return tuple(sorted(rules, key=lambda r: r.code))


class SelectionError(ValueError):
    """A selector names no rule (exit 2)."""


def matches(rule: Rule, selector: str) -> bool:
    """Whether a selector (a code, a code prefix, a name, or ALL) names this rule."""
    token = selector.strip()
    upper = token.upper()
    if upper == "ALL":
        return True
    if token.lower() == rule.name:
        return True
    return upper.startswith("EL") and rule.code.startswith(upper)


def resolve(rules: Sequence[Rule], selectors: Iterable[str]) -> set[str]:
    """The codes a list of selectors (codes, names, code prefixes, ALL) stands for."""
    codes: set[str] = set()
    for selector in selectors:
        if not selector.strip():
            continue
        matched = {r.code for r in rules if matches(r, selector)}
        if not matched:
            raise SelectionError(f"unknown rule selector `{selector.strip()}`")
        codes |= matched
    return codes


def select(
    rules: Sequence[Rule],
    select: Optional[Sequence[str]] = None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> tuple[Rule, ...]:
    """The rules a run uses: `select` (default: all) plus `extend_select`, minus `ignore`."""
    chosen = resolve(rules, select) if select else {r.code for r in rules}
    chosen |= resolve(rules, extend_select)
    chosen -= resolve(rules, ignore)
    return tuple(r for r in rules if r.code in chosen)


def find(rules: Sequence[Rule], code_or_name: str) -> Optional[Rule]:
    """The rule with exactly this code or name."""
    token = code_or_name.strip()
    for candidate in rules:
        if candidate.code == token.upper() or candidate.name == token.lower():
            return candidate
    return None
