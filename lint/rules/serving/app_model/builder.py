"""Builds the app model in one pass over the calls that ran, then Django's URLconf, then the
served app: each call is handed to the part that knows it (an app created, a route, an engine,
an HttpsRedirectMiddleware).
"""

from __future__ import annotations

from .... import platform
from ....analysis.python.parse import PythonModule
from ....analysis.python.records import CallSite, CallValues, ModuleRun
from ....analysis.python.values import Attr, Made, Ref
from .django_urls import DjangoUrls
from .frameworks import APP_FACTORIES, ROUTE_FUNCTIONS, ROUTE_HOLDERS, ROUTE_METHODS, UNAMBIGUOUS
from .model import AppModel
from .route_finder import RouteFinder, decorator_calls
from .sdk_tracer import SdkTracer
from .state import callee_name


class Builder(RouteFinder, DjangoUrls, SdkTracer):
    """The app model of one project, built by `build()`."""

    def build(self) -> AppModel:
        from ....analysis.python.running import running_code

        runs = running_code(self.project)
        for run in runs:
            self.add_run(run)
        for run in runs:
            self.routes_of(run)
        self.django()
        self.model.served_through_sdk = self.served()
        return self.model

    def routes_of(self, run: ModuleRun) -> None:
        module = run.module
        decorators = decorator_calls(module) if "@" in module.file.text else frozenset()
        for site in run.calls:
            for values in site.runs:
                self.call(module, site, values, id(site.node) in decorators)

    def call(
        self, module: PythonModule, site: CallSite, values: CallValues, decorator: bool
    ) -> None:
        callee = values.callee
        made = isinstance(callee, Ref) and callee.qualname in APP_FACTORIES
        if made and isinstance(callee, Ref):
            self.app_created(APP_FACTORIES[callee.qualname], module, site, values)
        if isinstance(callee, Ref) and callee.qualname in platform.LEANCLOUD_ENGINE_CLASSES:
            self.located(self.model.engines, module, site)
        if isinstance(callee, Ref) and callee.qualname in platform.LEANCLOUD_HTTPS_REDIRECT:
            self.redirect(module, site, values)
        name = callee_name(callee)
        if name is None:
            return
        if isinstance(callee, Ref) and callee.qualname in ROUTE_FUNCTIONS:
            framework, kind = ROUTE_FUNCTIONS[callee.qualname]
            self.route_call(module, site, values, framework, kind, name)
            return
        if name not in ROUTE_METHODS and name not in UNAMBIGUOUS and name != "mount":
            return
        holder = None
        if isinstance(callee, Attr) and isinstance(callee.receiver, Made):
            holder = ROUTE_HOLDERS.get(callee.receiver.qualname)
        if holder is None:
            if decorator or name in UNAMBIGUOUS:
                self.model.dynamic = True
            return
        framework, group = holder
        if name in ("register_blueprint", "include_router", "add_handlers"):
            if name == "add_handlers":
                self.model.dynamic = True
            return
        kind = "mount" if name == "mount" else "route"
        if group:
            kind = "group-" + kind
        self.route_call(module, site, values, framework, kind, name)
