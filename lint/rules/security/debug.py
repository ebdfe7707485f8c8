"""EL601: debug modes turned on in code that runs on the platform.

Werkzeug's debugger (Flask's and Quart's debug mode, `DebuggedApplication(evalex=True)`) runs
any code a visitor types; Django's `DEBUG = True` shows settings and source in error pages.
The calls and stores that ran are read off the walk of `reach`, per cloud environment, and
Django's `DEBUG` off the settings module `DJANGO_SETTINGS_MODULE` names.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from ... import platform
from ...analysis.python.parse import PythonModule
from ...analysis.python.reach import environments_note
from ...analysis.python.records import CallSite, CallValues
from ...analysis.python.running import running_code
from ...analysis.python.values import Attr, Const, Made, Value
from ...diagnostics import ERROR, Finding, Span
from ...lazy_dataclass import dataclass
from ...rulespec import rule
from .calls import Collector, call_argument, call_text, callee_key, short, truthy
from .django_settings import django_settings, setting_binding

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ...project import Project


@dataclass(frozen=True)
class DebugSetting:
    """Debug mode turned on: `what` is how (for the message), `span` the true value."""

    path: str
    span: Span
    what: str
    environments: frozenset[str]


@rule("EL601", "debug-enabled", ERROR)
def debug_enabled(project: Project) -> Iterator[Finding]:
    """Code that runs on the platform turns on a debug mode that exposes the Werkzeug debugger.

    Why: Flask's and Quart's debug mode and Werkzeug's `DebuggedApplication(evalex=True)` serve
    an interactive console that runs any Python code a visitor types, in the app's container,
    with its credentials; Django's `DEBUG = True` shows settings and source in every error page.
    Recognised: `app.run(debug=True)` (Flask, Quart, Sanic, Flask-SocketIO), `app.debug = True`,
    `app.config["DEBUG"] = True`, `app.config.update(DEBUG=True)`, Werkzeug
    `run_simple(..., use_debugger=True)` and `DebuggedApplication(app, evalex=True)`, and
    `DEBUG = True` in the Django settings module that `DJANGO_SETTINGS_MODULE` names in code
    that runs (a settings file nothing names is not judged). Only code that runs counts, and a
    value that is true only in `stage` (`app.debug = env != "production"`) is reported with
    that environment; a branch taken only in development is fine.

    Example: `app.run(host="0.0.0.0", port=port, debug=True)` → drop `debug=True`, or make it
    `debug=os.environ.get("LEANCLOUD_APP_ENV") == "development"`.
    """
    for setting in debug_settings(project):
        when = environments_note(setting.environments)
        yield Finding(
            f"{setting.what} turns debug mode on{when}, which lets anyone who reaches the app "
            "run code in it or read its settings; keep debug mode for local development only",
            setting.path,
            setting.span,
        )


def debug_settings(project: Project) -> list[DebugSetting]:
    """Every place code that runs turns a debugger on, with the environments it does so in."""
    return project.cached("security:debug", lambda: _debug(project))


def _is_app(value: Value) -> bool:
    return isinstance(value, Made) and value.qualname in platform.DEBUG_APP_CLASSES


def _debug(project: Project) -> list[DebugSetting]:
    found = Collector()
    for run in running_code(project):
        module = run.module
        for site in run.calls:
            for values in site.runs:
                _debug_call(module, site, values, found)
        for store in run.stores:
            if not truthy(store.value):
                continue
            target = short(module, store.target)
            value = short(module, store.value_node)
            on_app = _is_app(store.receiver) and store.key == Const("debug")
            in_config = (
                isinstance(store.receiver, Attr)
                and store.receiver.name == "config"
                and _is_app(store.receiver.receiver)
                and store.key == Const("DEBUG")
            )
            if on_app or in_config:
                found.add(module, store.value_node, f"`{target} = {value}`", store.environment)
    for settings in django_settings(project):
        for environment in platform.CLOUD_ENVIRONMENTS:
            setting = setting_binding(project, settings, "DEBUG", environment)
            if setting is None:
                continue
            where, binding = setting
            node = binding.node
            if binding.certain and truthy(binding.value) and isinstance(node, ast.expr):
                what = f"`DEBUG = {short(where, node)}` in Django's settings (`{settings.path}`)"
                found.add(where, node, what, environment)
    return [DebugSetting(*entry) for entry in found.spans()]


def _debug_call(
    module: PythonModule, site: CallSite, values: CallValues, found: Collector
) -> None:
    key = callee_key(values.callee)
    spec = platform.DEBUG_CALLS.get(key) if key is not None else None
    if spec is not None:
        keyword, position = spec
        argument = call_argument(site, values, keyword, position)
        if argument is not None and truthy(argument[0]):
            given = short(module, argument[1])
            what = f"`{call_text(module, site.node)}` with `{keyword}={given}`"
            found.add(module, argument[1], what, values.environment)
        return
    callee = values.callee
    if (
        isinstance(callee, Attr)
        and callee.name in ("update", "from_mapping")
        and isinstance(callee.receiver, Attr)
        and callee.receiver.name == "config"
        and _is_app(callee.receiver.receiver)
    ):
        argument = call_argument(site, values, "DEBUG", None)
        if argument is not None and truthy(argument[0]):
            given = short(module, argument[1])
            what = f"`{call_text(module, site.node)}` with `DEBUG={given}`"
            found.add(module, argument[1], what, values.environment)
