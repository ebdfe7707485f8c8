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
    _ran: dict[int, set[str]] = field(default_factory=dict, repr=False)
    _call_index: dict[int, CallSite] = field(default_factory=dict, repr=False)

    def environments(self, statement: ast.stmt) -> frozenset[str]:
        """The cloud environments in which `statement` runs (empty: it never runs)."""
        return frozenset(self._ran.get(id(statement), ()))

    def runs(self, statement: ast.stmt) -> bool:
        return id(statement) in self._ran

    def binding(self, name: str, environment: str) -> Optional[Binding]:
        """The module-level binding of `name` when the module has finished running."""
        return self.final.get(environment, {}).get(name)

    def mark_ran(self, statement: ast.stmt, environment: str) -> None:
        """Note that the walk in `environment` reached `statement`."""
        self._ran.setdefault(id(statement), set()).add(environment)

    def call_site(self, node: ast.Call) -> CallSite:
        """The site of `node`, added to `calls` the first time any walk reaches it."""
        site = self._call_index.get(id(node))
        if site is None:
            site = CallSite(node, self.module)
            self._call_index[id(node)] = site
            self.calls.append(site)
        return site
