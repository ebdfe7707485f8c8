"""The routes a recognised framework registers, read off the calls that ran.

A route is registered by a method of an object whose framework is known (`@app.route("/")`,
`app.add_url_rule`, `router.get`), by a framework's route function (`Route("/")`, Bottle's
`route`), or in the handlers a Tornado `Application` is created with. A route on an object
enginelint cannot identify, or a group (blueprint, router) whose prefix may make it the root,
makes the routes undecidable (`dynamic`).
"""

from __future__ import annotations

import ast

from ....analysis.python.parse import PythonModule
from ....analysis.python.records import CallSite, CallValues
from ....analysis.python.values import Const, Made, Seq, Value
from .frameworks import NOT_GET, PATH_KEYWORDS, ROUTE_FUNCTIONS
from .model import AppCreation, Route
from .state import BuildState, call_argument


def decorator_calls(module: PythonModule) -> frozenset[int]:
    """The calls written as decorators, by id: on an object enginelint cannot identify, a short
    HTTP-verb method (`@api.get("/")`) counts as routing only there."""
    found: set[int] = set()
    for node in module.statements(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
        assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        found.update(id(d) for d in node.decorator_list if isinstance(d, ast.Call))
    return frozenset(found)


class RouteFinder(BuildState):
    """Records the apps created and the routes registered on them."""

    def app_created(
        self, framework: str, module: PythonModule, site: CallSite, values: CallValues
    ) -> None:
        span = module.span(site.node)
        if not any(a.span == span and a.module.path == module.path for a in self.model.apps):
            self.model.apps.append(AppCreation(framework, module, span))
        if framework == "Tornado":
            handlers = call_argument(site, values, 0, ("handlers",))
            if handlers is not None:
                self.tornado_handlers(module, handlers[0])

    def tornado_handlers(self, module: PythonModule, value: Value) -> None:
        if isinstance(value, Const) and value.value is None:
            return
        if not isinstance(value, Seq):
            self.model.dynamic = True
            return
        nodes = getattr(value.node, "elts", [])
        for index, item in enumerate(value.items):
            if isinstance(item, Made) and item.qualname in ROUTE_FUNCTIONS:
                continue  # `url(...)`: recorded as its own call
            if not isinstance(item, Seq) or not item.items:
                self.model.dynamic = True
                continue
            pattern = item.items[0]
            node = nodes[index] if index < len(nodes) else value.node
            elements = getattr(node, "elts", None)
            if elements:
                node = elements[0]
            path = pattern.value if isinstance(pattern, Const) else None
            self.add_route(
                Route(
                    "Tornado",
                    path if isinstance(path, str) else None,
                    module,
                    module.span(node),
                    regex=True,
                ),
                node,
            )

    def route_call(
        self,
        module: PythonModule,
        site: CallSite,
        values: CallValues,
        framework: str,
        kind: str,
        name: str,
    ) -> None:
        argument = call_argument(site, values, 0, PATH_KEYWORDS)
        if argument is None:
            if not values.open_ended and framework == "Bottle":
                # Bottle derives the path from the function's name: not a constant here.
                self.add_route(Route(framework, None, module, module.span(site.node)), site.node)
            elif values.open_ended:
                self.model.dynamic = True
            return
        value, node = argument
        path = value.value if isinstance(value, Const) and isinstance(value.value, str) else None
        group = kind.startswith("group-")
        if group:
            # A blueprint/router route gets the prefix it is registered with; only a route that
            # could become the root matters for the root, and none counts as an ACME route.
            if path is None or path in ("", "/"):
                self.model.dynamic = True
            return
        gets = name not in NOT_GET and self.answers_get(site, values)
        route = Route(
            framework,
            path,
            module,
            module.span(node),
            regex=kind == "pattern",
            gets=gets,
            mount=kind == "mount",
        )
        self.add_route(route, node)

    @staticmethod
    def answers_get(site: CallSite, values: CallValues) -> bool:
        methods = values.keywords.get("methods")
        if not isinstance(methods, Seq):
            return True
        names = [m.value for m in methods.items if isinstance(m, Const)]
        if len(names) != len(methods.items):
            return True
        return any(isinstance(n, str) and n.upper() in ("GET", "HEAD") for n in names)
