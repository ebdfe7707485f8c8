"""The routes of Django's root URLconf: settings module → `ROOT_URLCONF` → its `urlpatterns`.

Django serves the URLconf its settings name, not code that runs at import, so the module
`DJANGO_SETTINGS_MODULE` names is walked for `ROOT_URLCONF`, and that module for its `path()`
and `re_path()` calls. An `include()` that may serve the root, or i18n patterns, make the routes
undecidable (`dynamic`).
"""

from __future__ import annotations

from typing import Optional

from ....analysis.python.reach import ENVIRONMENTS
from ....analysis.python.records import ModuleRun
from ....analysis.python.values import UNKNOWN, Const, Made, Ref, Value
from .frameworks import (
    DJANGO_I18N,
    DJANGO_INCLUDE,
    DJANGO_PATH,
    DJANGO_REGEX,
    DJANGO_SETTINGS,
    ENVIRON_SETDEFAULT,
)
from .model import Route
from .state import BuildState, call_argument


class DjangoUrls(BuildState):
    """Adds the routes of Django's root URLconf to the model."""

    def django(self) -> None:
        """Django serves the routes of its root URLconf: settings → ROOT_URLCONF → urls."""
        if not any(app.framework == "Django" for app in self.model.apps):
            return
        settings = self.django_settings()
        settings_run = self.walk(settings) if settings is not None else None
        if settings_run is None:
            self.model.dynamic = True
            return
        values = {_value(settings_run, "ROOT_URLCONF", env) for env in ENVIRONMENTS}
        value = values.pop() if len(values) == 1 else UNKNOWN
        urls_run = None
        if isinstance(value, Const) and isinstance(value.value, str):
            urls_run = self.walk(value.value)
        if urls_run is None:
            self.model.dynamic = True
            return
        self.add_run(urls_run)
        self.django_urls(urls_run)

    def django_settings(self) -> Optional[str]:
        found: set[str] = set()
        for run in list(self.runs.values()):
            for site in run.calls:
                for values in site.runs:
                    callee = values.callee
                    if not isinstance(callee, Ref) or callee.qualname not in ENVIRON_SETDEFAULT:
                        continue
                    if len(values.args) == 2 and values.args[0] == Const(DJANGO_SETTINGS):
                        value = values.args[1]
                        if isinstance(value, Const) and isinstance(value.value, str):
                            found.add(value.value)
                        else:
                            return None
            for store in run.stores:
                if (
                    isinstance(store.receiver, Ref)
                    and store.receiver.qualname == "os.environ"
                    and store.key == Const(DJANGO_SETTINGS)
                ):
                    if isinstance(store.value, Const) and isinstance(store.value.value, str):
                        found.add(store.value.value)
                    else:
                        return None
        return found.pop() if len(found) == 1 else None

    def django_urls(self, run: ModuleRun) -> None:
        module = run.module
        if run.truncated or run.star_imports:
            self.model.dynamic = True
        for site in run.calls:
            for values in site.runs:
                callee = values.callee
                if not isinstance(callee, Ref):
                    continue
                if callee.qualname == DJANGO_I18N:
                    self.model.dynamic = True
                    continue
                regex = callee.qualname in DJANGO_REGEX
                if callee.qualname not in DJANGO_PATH and not regex:
                    continue
                argument = call_argument(site, values, 0, ("route", "regex"))
                if argument is None:
                    self.model.dynamic = True
                    continue
                value, node = argument
                path = (
                    value.value
                    if isinstance(value, Const) and isinstance(value.value, str)
                    else None
                )
                route = Route("Django", path, module, module.span(node), regex=regex, django=True)
                view = call_argument(site, values, 1, ("view",))
                if (
                    view is not None
                    and isinstance(view[0], Made)
                    and view[0].qualname in DJANGO_INCLUDE
                ):
                    # An URLconf included at the root may serve `/`: it is not followed.
                    if route.serves_root() is not False or path == "":
                        self.model.dynamic = True
                    continue
                self.add_route(route, node)


def _value(run: ModuleRun, name: str, env: str) -> Value:
    binding = run.binding(name, env)
    if binding is None or binding.deleted:
        return UNKNOWN
    return binding.value
