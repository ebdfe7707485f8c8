"""What walking one module records: `ModuleRun`, with the calls and stores that ran.

The walk fills these in; the rules read them. They are kept apart from the walk so that a rule
(or the cross-module analysis) can name what it reads without depending on how it was found.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Optional, Union

from ...lazy_dataclass import dataclass, field
from .parse import PythonModule
from .values import Binding, Value

_NOWHERE: frozenset[str] = frozenset()
_SHARED: dict[frozenset[str], frozenset[str]] = {}


@dataclass(frozen=True)
class CallValues:
    """One call as it ran in one environment: its callee and arguments evaluated.

    `args` stops at the first `*args`; `open_ended` says a `*args` or `**kwargs` may supply
    more, so an argument that looks omitted may not be.
    """

    environment: str
    callee: Value
    args: tuple[Value, ...]
    keywords: Mapping[str, Value]
    open_ended: bool


@dataclass
class CallSite:
    """A call in code that runs, with every way it ran."""

    node: ast.Call
    module: PythonModule
    runs: list[CallValues] = field(default_factory=list)


@dataclass(frozen=True)
class StoreSite:
    """`receiver.name = value` or `receiver[key] = value` as it ran in one environment."""

    target: Union[ast.Attribute, ast.Subscript]
    module: PythonModule
    environment: str
    receiver: Value
    key: Value
    value: Value
    value_node: ast.expr


@dataclass
class ModuleRun:
    """What running one module does, in each cloud environment."""

    module: PythonModule
    as_main: bool
    final: dict[str, dict[str, Binding]] = field(default_factory=dict)
    imports: list[Union[ast.Import, ast.ImportFrom]] = field(default_factory=list)
    calls: list[CallSite] = field(default_factory=list)
    stores: list[StoreSite] = field(default_factory=list)
    # Unresolvable `from m import *` statements that ran: they may bind any name.
    star_imports: list[ast.ImportFrom] = field(default_factory=list)
    truncated: bool = False
    # Keyed by the nodes themselves (hashed by identity), which keeps each key alive with its
    # entry: an `id()` can be reused once its node is gone.
    _ran: dict[ast.stmt, frozenset[str]] = field(default_factory=dict, repr=False)
    _call_index: dict[ast.Call, CallSite] = field(default_factory=dict, repr=False)

    def environments(self, statement: ast.stmt) -> frozenset[str]:
        """The cloud environments in which `statement` runs (empty: it never runs)."""
        return self._ran.get(statement, _NOWHERE)

    def runs(self, statement: ast.stmt) -> bool:
        return statement in self._ran

    def binding(self, name: str, environment: str) -> Optional[Binding]:
        """The module-level binding of `name` when the module has finished running."""
        return self.final.get(environment, {}).get(name)

    def mark_ran(self, statement: ast.stmt, environment: str) -> None:
        """Note that the walk in `environment` reached `statement`."""
        # One shared set per combination of environments, not one per statement: a tree of
        # thousands of modules has hundreds of thousands of statements that ran.
        before = self._ran.get(statement, _NOWHERE)
        if environment not in before:
            after = before | {environment}
            self._ran[statement] = _SHARED.setdefault(after, after)

    def copy_environment(self, source: str, target: str) -> None:
        """Record that the walk in `target` went exactly as the walk in `source` did: the same
        statements ran, with the same values, in the same order."""
        for statement, environments in self._ran.items():
            if source in environments and target not in environments:
                after = environments | {target}
                self._ran[statement] = _SHARED.setdefault(after, after)
        for site in self.calls:
            site.runs.extend(
                [
                    CallValues(target, v.callee, v.args, v.keywords, v.open_ended)
                    for v in site.runs
                    if v.environment == source
                ]
            )
        self.stores.extend(
            [
                StoreSite(s.target, s.module, target, s.receiver, s.key, s.value, s.value_node)
                for s in self.stores
                if s.environment == source
            ]
        )
        self.final[target] = self.final[source]

    def call_site(self, node: ast.Call) -> CallSite:
        """The site of `node`, added to `calls` the first time any walk reaches it."""
        site = self._call_index.get(node)
        if site is None:
            site = CallSite(node, self.module)
            self._call_index[node] = site
            self.calls.append(site)
        return site
