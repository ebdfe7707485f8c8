"""The state the app model is built in: the walks of the modules seen, the calls that ran, and
the routes found so far, shared by the parts that fill the model (`route_finder`,
`django_urls`, `sdk_tracer`), and the helpers they all read calls with.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Optional

from ....analysis.python.records import CallSite, CallValues, ModuleRun
from ....analysis.python.values import Attr, Ref, Value
from .model import AppModel, Route

if TYPE_CHECKING:
    from ....project import Project


def callee_name(callee: Value) -> Optional[str]:
    """The function or method name a call is made by (`route` in `app.route(…)`)."""
    if isinstance(callee, Attr):
        return callee.name
    if isinstance(callee, Ref):
        return callee.qualname.rsplit(".", 1)[-1]
    return None


def call_argument(
    site: CallSite, values: CallValues, position: int, keywords: tuple[str, ...]
) -> Optional[tuple[Value, ast.expr]]:
    """The value and expression of the argument given by one of `keywords` or at `position`."""
    for keyword in site.node.keywords:
        if keyword.arg in keywords and keyword.arg in values.keywords:
            return values.keywords[keyword.arg], keyword.value
    if position < len(values.args) and position < len(site.node.args):
        return values.args[position], site.node.args[position]
    return None


class BuildState:
    """The model being built and what the builder has seen of the code that runs: each module's
    walk by path, each call that ran (by its node) with the walk it ran in, the routes added."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.model = AppModel()
        self.runs: dict[str, ModuleRun] = {}
        self.sites: dict[int, tuple[CallSite, ModuleRun]] = {}
        self.seen_routes: set[tuple[int, int]] = set()

    def add_run(self, run: ModuleRun) -> None:
        self.runs.setdefault(run.module.path, run)
        if run.truncated:
            self.model.dynamic = True
        for site in run.calls:
            self.sites.setdefault(id(site.node), (site, run))

    def walk(self, dotted: str) -> Optional[ModuleRun]:
        """The walk of the project module `dotted` names, if the project has it."""
        from ....analysis.python.modules import find_module
        from ....analysis.python.parse import python_module
        from ....analysis.python.reach import module_run

        path = find_module(self.project, dotted)
        module = python_module(self.project, path) if path is not None else None
        return module_run(self.project, module) if module is not None else None

    def add_route(self, route: Route, node: ast.AST) -> None:
        key = (id(node), hash((route.path, route.gets)))
        if key in self.seen_routes:
            return
        self.seen_routes.add(key)
        self.model.routes.append(route)
