"""The shape of the app that runs on the platform: its web framework, its routes, and whether
the LeanCloud SDK's engine is in front of it.

Several serving rules ask the same questions of the code that runs (`reach`): is there a
`leancloud.Engine` (it answers the platform's health probe `/__engine/1/ping` and the function
metadata `functionsMode: strict` needs)? Does the app the platform serves go through it? Which
routes does a recognised framework register (Flask, Quart, Sanic, FastAPI, Starlette, Bottle,
Tornado, Django's URLconf)? The answers are built once per project (`app_model`).

What cannot be followed stays undecided: a route registered on an object whose type is unknown,
a path that is not a constant, a URLconf `include()` at the root, a blueprint or router whose
prefix may make a route the root. The model records that as `dynamic` and the rules then stay
quiet rather than guess.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from .. import platform
from ..diagnostics import Span
from .python import PythonModule
from .reach import (
    ENVIRONMENTS,
    UNKNOWN,
    Attr,
    CallSite,
    CallValues,
    Const,
    Defined,
    Made,
    ModuleRun,
    Ref,
    Seq,
    Value,
)

if TYPE_CHECKING:
    from ..project import Project

# Objects that hold routes, by constructor: (framework, whether it is a group whose routes get
# a prefix when it is registered: a Flask blueprint, a FastAPI router).
_ROUTE_HOLDERS: dict[str, tuple[str, bool]] = {
    "flask.Flask": ("Flask", False),
    "flask.app.Flask": ("Flask", False),
    "flask.Blueprint": ("Flask", True),
    "flask.blueprints.Blueprint": ("Flask", True),
    "quart.Quart": ("Quart", False),
    "quart.app.Quart": ("Quart", False),
    "quart.Blueprint": ("Quart", True),
    "sanic.Sanic": ("Sanic", False),
    "sanic.app.Sanic": ("Sanic", False),
    "sanic.Blueprint": ("Sanic", True),
    "fastapi.FastAPI": ("FastAPI", False),
    "fastapi.applications.FastAPI": ("FastAPI", False),
    "fastapi.APIRouter": ("FastAPI", True),
    "fastapi.routing.APIRouter": ("FastAPI", True),
    "starlette.applications.Starlette": ("Starlette", False),
    "bottle.Bottle": ("Bottle", False),
    "bottle.default_app": ("Bottle", False),
    "tornado.web.Application": ("Tornado", False),
}
# Objects that are an app the platform may serve, by constructor (EL509: not the SDK engine).
_APP_FACTORIES: dict[str, str] = {
    **{name: framework for name, (framework, group) in _ROUTE_HOLDERS.items() if not group},
    "django.core.wsgi.get_wsgi_application": "Django",
    "django.core.handlers.wsgi.WSGIHandler": "Django",
}
# Methods that register one route; the path is the first argument or one of these keywords.
_ROUTE_METHODS = frozenset(
    {
        "route",
        "get",
        "post",
        "put",
        "delete",
        "patch",
        "head",
        "options",
        "api_route",
        "websocket",
        "websocket_route",
        "add_url_rule",
        "add_api_route",
        "add_route",
        "add_websocket_route",
    }
)
_PATH_KEYWORDS = ("rule", "path", "uri")
# Route methods that never answer GET (the health check's method).
_NOT_GET = frozenset(
    {"post", "put", "delete", "patch", "options", "websocket", "websocket_route"}
    | {"add_websocket_route"}
)
# Methods whose name alone says routing happens; on an object enginelint cannot identify they
# make the routes undecidable. The short HTTP-verb names count only as decorators.
_UNAMBIGUOUS = frozenset(
    {
        "route",
        "api_route",
        "add_url_rule",
        "add_api_route",
        "add_route",
        "register_blueprint",
        "include_router",
        "add_handlers",
        "websocket_route",
    }
)
# Module-level route functions: qualname → (framework, kind).
_ROUTE_FUNCTIONS: dict[str, tuple[str, str]] = {
    **{f"bottle.{m}": ("Bottle", "route") for m in ("route", "get", "post", "put", "delete")},
    "starlette.routing.Route": ("Starlette", "route"),
    "starlette.routing.WebSocketRoute": ("Starlette", "route"),
    "starlette.routing.Mount": ("Starlette", "mount"),
    "tornado.web.url": ("Tornado", "pattern"),
    "tornado.routing.URLSpec": ("Tornado", "pattern"),
    "tornado.web.URLSpec": ("Tornado", "pattern"),
}
_DJANGO_PATH = frozenset({"django.urls.path"})
_DJANGO_REGEX = frozenset({"django.urls.re_path", "django.conf.urls.url"})
_DJANGO_INCLUDE = frozenset({"django.urls.include", "django.conf.urls.include"})
_DJANGO_I18N = "django.conf.urls.i18n.i18n_patterns"
_DJANGO_SETTINGS = "DJANGO_SETTINGS_MODULE"
_ENVIRON_SETDEFAULT = frozenset({"os.environ.setdefault"})
_MAX_PATTERN = 500
_MAX_DEPTH = 8


@dataclass(frozen=True)
class Route:
    """A route a recognised framework registers in code that runs.

    `path` is the URL path it serves as written ("/" for Flask, "" for Django's `path("")`);
    None when it is not a constant. `regex` says the path is a regular expression (Tornado,
    Django `re_path`); `gets` whether it answers GET; `mount` that it serves everything under
    the path. `span` is the path argument (or the call when it has none).
    """

    framework: str
    path: Optional[str]
    module: PythonModule
    span: Span
    regex: bool = False
    gets: bool = True
    mount: bool = False
    django: bool = False

    @property
    def url_path(self) -> Optional[str]:
        """The path as a URL sees it (Django route strings have no leading `/`)."""
        if self.path is None or self.regex:
            return None
        return "/" + self.path if self.django else self.path

    def serves_root(self) -> Optional[bool]:
        """Whether `GET /` reaches this route; None when that cannot be known."""
        if self.path is None:
            return None
        if not self.gets:
            return False
        if self.regex:
            return _regex_matches(self.path, "" if self.django else "/", self.django)
        path = self.url_path or ""
        if self.mount:
            return path.rstrip("/") == ""
        if path in ("/", ""):
            return True
        # `/<path:p>`, `/{p:path}`: a converter right after `/` may match the root.
        return None if path.startswith(("/<", "/{")) else False

    def under_acme(self) -> bool:
        """Whether the route serves paths under /.well-known/acme-challenge/."""
        if self.path is None:
            return False
        if self.regex:
            # The literal start of the pattern, not a match: a hostile pattern cannot backtrack.
            literal = _literal_prefix(self.path)
            path = "/" + literal if self.django else literal
            return path.startswith(platform.ACME_CHALLENGE_PREFIX)
        path = self.url_path or ""
        prefix = platform.ACME_CHALLENGE_PREFIX
        return path.startswith(prefix) or path.rstrip("/") == prefix.rstrip("/")


@dataclass(frozen=True)
class AppCreation:
    """Where a recognised app object is created (`Flask(__name__)`)."""

    framework: str
    module: PythonModule
    span: Span


@dataclass(frozen=True)
class Located:
    """A call in a module that runs, for a finding (`HttpsRedirectMiddleware(engine)`)."""

    module: PythonModule
    span: Span
    text: str


@dataclass
class AppModel:
    """What the code that runs says about the app.

    `apps` are the recognised apps created; `routes` the routes they register; `dynamic` is
    True when some routing cannot be followed (then `routes` may be incomplete). `engines` are
    the `leancloud.Engine(...)` calls; `redirects_around_engine` the `HttpsRedirectMiddleware`
    calls whose app is the engine; `served_through_sdk` whether the app the platform serves
    goes through the engine (None: undecidable or nothing served).
    """

    apps: list[AppCreation] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    dynamic: bool = False
    engines: list[Located] = field(default_factory=list)
    redirects_around_engine: list[Located] = field(default_factory=list)
    served_through_sdk: Optional[bool] = None

    @property
    def frameworks(self) -> frozenset[str]:
        return frozenset(app.framework for app in self.apps)

    def serves_root(self) -> Optional[bool]:
        """Whether some route answers `GET /`; None when the routes cannot be known."""
        if self.dynamic:
            return None
        answers = [route.serves_root() for route in self.routes]
        if any(answer is True for answer in answers):
            return True
        return None if any(answer is None for answer in answers) else False


def app_model(project: Project) -> AppModel:
    """The app model of the code that runs on the platform, built once per project."""
    return project.cached("app_model", lambda: _Builder(project).build())


def _regex_matches(pattern: str, text: str, search: bool) -> Optional[bool]:
    if len(pattern) > _MAX_PATTERN:
        return None
    try:
        compiled = re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    if search:  # Django matches a URLconf pattern with `search` on the path without its `/`
        return compiled.search(text) is not None
    # Tornado anchors its patterns at both ends.
    return compiled.fullmatch(text) is not None


_REGEX_SPECIAL = frozenset(".^$*+?{}[]|()\\")


def _literal_prefix(pattern: str) -> str:
    """The text a regular expression matches literally at its start (`^/\\.well-known/(.*)` →
    `/.well-known/`); a character followed by a quantifier is not part of it."""
    text = pattern[1:] if pattern.startswith("^") else pattern
    out: list[str] = []
    index = 0
    while index < len(text) and len(out) < _MAX_PATTERN:
        char = text[index]
        if char == "\\" and index + 1 < len(text) and not text[index + 1].isalnum():
            char, step = text[index + 1], 2
        elif char in _REGEX_SPECIAL:
            break
        else:
            step = 1
        if text[index + step : index + step + 1] in ("*", "?", "{"):
            break
        out.append(char)
        index += step
    return "".join(out)


def _callee_name(callee: Value) -> Optional[str]:
    if isinstance(callee, Attr):
        return callee.name
    if isinstance(callee, Ref):
        return callee.qualname.rsplit(".", 1)[-1]
    return None


def _decorator_calls(module: PythonModule) -> frozenset[int]:
    found: set[int] = set()
    for node in ast.walk(module.tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.update(id(d) for d in node.decorator_list if isinstance(d, ast.Call))
    return frozenset(found)


def _argument(
    site: CallSite, values: CallValues, position: int, keywords: tuple[str, ...]
) -> Optional[tuple[Value, ast.expr]]:
    for keyword in site.node.keywords:
        if keyword.arg in keywords and keyword.arg in values.keywords:
            return values.keywords[keyword.arg], keyword.value
    if position < len(values.args) and position < len(site.node.args):
        return values.args[position], site.node.args[position]
    return None


class _Builder:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.model = AppModel()
        self.runs: dict[str, ModuleRun] = {}
        self.sites: dict[int, tuple[CallSite, ModuleRun]] = {}
        self.seen_routes: set[tuple[int, int]] = set()

    def build(self) -> AppModel:
        from .reach import running_code

        runs = running_code(self.project)
        for run in runs:
            self.add_run(run)
        for run in runs:
            self.routes_of(run)
        self.django()
        self.model.served_through_sdk = self.served()
        return self.model

    def add_run(self, run: ModuleRun) -> None:
        self.runs.setdefault(run.module.path, run)
        if run.truncated:
            self.model.dynamic = True
        for site in run.calls:
            self.sites.setdefault(id(site.node), (site, run))

    # --- routes ---------------------------------------------------------------------------
    def routes_of(self, run: ModuleRun) -> None:
        module = run.module
        decorators = _decorator_calls(module) if "@" in module.file.text else frozenset()
        for site in run.calls:
            for values in site.runs:
                self.call(module, site, values, id(site.node) in decorators)

    def call(
        self, module: PythonModule, site: CallSite, values: CallValues, decorator: bool
    ) -> None:
        callee = values.callee
        made = isinstance(callee, Ref) and callee.qualname in _APP_FACTORIES
        if made and isinstance(callee, Ref):
            self.app_created(_APP_FACTORIES[callee.qualname], module, site, values)
        if isinstance(callee, Ref) and callee.qualname in platform.LEANCLOUD_ENGINE_CLASSES:
            self.located(self.model.engines, module, site)
        if isinstance(callee, Ref) and callee.qualname in platform.LEANCLOUD_HTTPS_REDIRECT:
            self.redirect(module, site, values)
        name = _callee_name(callee)
        if name is None:
            return
        if isinstance(callee, Ref) and callee.qualname in _ROUTE_FUNCTIONS:
            framework, kind = _ROUTE_FUNCTIONS[callee.qualname]
            self.route_call(module, site, values, framework, kind, name)
            return
        if name not in _ROUTE_METHODS and name not in _UNAMBIGUOUS and name != "mount":
            return
        holder = None
        if isinstance(callee, Attr) and isinstance(callee.receiver, Made):
            holder = _ROUTE_HOLDERS.get(callee.receiver.qualname)
        if holder is None:
            if decorator or name in _UNAMBIGUOUS:
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

    def app_created(
        self, framework: str, module: PythonModule, site: CallSite, values: CallValues
    ) -> None:
        span = module.span(site.node)
        if not any(a.span == span and a.module.path == module.path for a in self.model.apps):
            self.model.apps.append(AppCreation(framework, module, span))
        if framework == "Tornado":
            handlers = _argument(site, values, 0, ("handlers",))
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
            if isinstance(item, Made) and item.qualname in _ROUTE_FUNCTIONS:
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
        argument = _argument(site, values, 0, _PATH_KEYWORDS)
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
        gets = name not in _NOT_GET and self.answers_get(site, values)
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

    def add_route(self, route: Route, node: ast.AST) -> None:
        key = (id(node), hash((route.path, route.gets)))
        if key in self.seen_routes:
            return
        self.seen_routes.add(key)
        self.model.routes.append(route)

    # --- Django ---------------------------------------------------------------------------
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

    def walk(self, dotted: str) -> Optional[ModuleRun]:
        from .modules import find_module
        from .python import python_module
        from .reach import module_run

        path = find_module(self.project, dotted)
        module = python_module(self.project, path) if path is not None else None
        return module_run(self.project, module) if module is not None else None

    def django_settings(self) -> Optional[str]:
        found: set[str] = set()
        for run in list(self.runs.values()):
            for site in run.calls:
                for values in site.runs:
                    callee = values.callee
                    if not isinstance(callee, Ref) or callee.qualname not in _ENVIRON_SETDEFAULT:
                        continue
                    if len(values.args) == 2 and values.args[0] == Const(_DJANGO_SETTINGS):
                        value = values.args[1]
                        if isinstance(value, Const) and isinstance(value.value, str):
                            found.add(value.value)
                        else:
                            return None
            for store in run.stores:
                if (
                    isinstance(store.receiver, Ref)
                    and store.receiver.qualname == "os.environ"
                    and store.key == Const(_DJANGO_SETTINGS)
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
                if callee.qualname == _DJANGO_I18N:
                    self.model.dynamic = True
                    continue
                regex = callee.qualname in _DJANGO_REGEX
                if callee.qualname not in _DJANGO_PATH and not regex:
                    continue
                argument = _argument(site, values, 0, ("route", "regex"))
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
                view = _argument(site, values, 1, ("view",))
                if (
                    view is not None
                    and isinstance(view[0], Made)
                    and view[0].qualname in _DJANGO_INCLUDE
                ):
                    # An URLconf included at the root may serve `/`: it is not followed.
                    if route.serves_root() is not False or path == "":
                        self.model.dynamic = True
                    continue
                self.add_route(route, node)

    # --- the SDK --------------------------------------------------------------------------
    def located(self, into: list[Located], module: PythonModule, site: CallSite) -> None:
        span = module.span(site.node)
        if any(found.span == span and found.module.path == module.path for found in into):
            return
        text = " ".join(module.segment(site.node.func).split())
        into.append(Located(module, span, text))

    def redirect(self, module: PythonModule, site: CallSite, values: CallValues) -> None:
        argument = _argument(site, values, 0, ("app", "wsgi_app", "application"))
        if argument is None:
            return
        run = self.runs.get(module.path)
        if run is None:
            return
        value, node = argument
        if self.through_sdk(run, value, node, values.environment, 0) is True:
            self.located(self.model.redirects_around_engine, module, site)

    def served(self) -> Optional[bool]:
        """Whether the app the platform serves goes through the SDK engine."""
        from .entry import serving_mode

        mode = serving_mode(self.project)
        runs = list(self.runs.values())
        if not runs or mode.entry_file is None:
            return None
        entry = runs[0]
        if mode.is_wsgi or not mode.entry_is_main:
            name = platform.WSGI_CALLABLE if mode.is_wsgi else self.served_attribute()
            if name is None:
                return None
            return self.binding_through_sdk(entry, name)
        return self.started_through_sdk()

    def served_attribute(self) -> Optional[str]:
        from ..parsers.run_command import run_command

        parsed = run_command(self.project)
        main = parsed.main if parsed is not None else None
        entry = main.entry if main is not None else None
        if entry is None:
            return None
        return entry.attribute or NAME_DEFAULT

    def binding_through_sdk(self, run: ModuleRun, name: str) -> Optional[bool]:
        answers = set()
        for env in ENVIRONMENTS:
            binding = run.binding(name, env)
            if binding is None or binding.deleted:
                return None
            answers.add(
                self.binding_value(run, binding.value, binding.node, binding.statement, env, 0)
            )
        return answers.pop() if len(answers) == 1 else None

    def binding_value(
        self,
        run: ModuleRun,
        value: Value,
        node: Optional[ast.AST],
        statement: Optional[ast.stmt],
        env: str,
        depth: int,
    ) -> Optional[bool]:
        if isinstance(node, ast.alias) and isinstance(statement, ast.ImportFrom):
            known = self.judge(value)
            if known is not None:
                return known
            return self.imported(run, node, statement, env, depth)
        return self.through_sdk(
            run, value, node if isinstance(node, ast.expr) else None, env, depth
        )

    def imported(
        self, run: ModuleRun, alias: ast.alias, statement: ast.ImportFrom, env: str, depth: int
    ) -> Optional[bool]:
        from .modules import absolute_base

        base = absolute_base(run.module, statement)
        other = self.walk(base) if base is not None else None
        if other is None or depth > _MAX_DEPTH:
            return None
        self.add_run(other)
        binding = other.binding(alias.name, env)
        if binding is None or binding.deleted:
            return None
        return self.binding_value(
            other, binding.value, binding.node, binding.statement, env, depth + 1
        )

    @staticmethod
    def judge(value: Value) -> Optional[bool]:
        if isinstance(value, Made):
            if value.qualname in platform.LEANCLOUD_ENGINE_CLASSES:
                return True
            if value.qualname in _APP_FACTORIES:
                return False
        return None

    def through_sdk(
        self, run: ModuleRun, value: Value, node: Optional[ast.expr], env: str, depth: int
    ) -> Optional[bool]:
        """Whether `value` (written as `node` in `run`'s module) is, or wraps, the SDK engine;
        None when that cannot be decided."""
        if depth > _MAX_DEPTH:
            return None
        known = self.judge(value)
        if known is not None:
            return known
        call: Optional[ast.Call] = None
        if isinstance(value, Made):
            call = value.node
        elif isinstance(node, ast.Call):
            call = node
        if call is not None:
            return self.call_through_sdk(call, env, depth + 1)
        if isinstance(node, ast.Name) and value is UNKNOWN:
            binding = run.binding(node.id, env)
            if binding is None or binding.deleted or binding.node is node:
                return None
            return self.binding_value(
                run, binding.value, binding.node, binding.statement, env, depth + 1
            )
        return None

    def call_through_sdk(self, call: ast.Call, env: str, depth: int) -> Optional[bool]:
        found = self.sites.get(id(call))
        if found is None:
            return None
        site, run = found
        values = next((v for v in site.runs if v.environment == env), None)
        if values is None:
            return None
        callee = values.callee
        if isinstance(callee, Attr):
            receiver = callee.receiver
            wraps = callee.name == platform.LEANCLOUD_ENGINE_WRAP
            if wraps and isinstance(receiver, Made):
                return receiver.qualname in platform.LEANCLOUD_ENGINE_CLASSES or None
            return None
        is_class = isinstance(callee, Defined) and isinstance(callee.node, ast.ClassDef)
        if not isinstance(callee, Ref) and not is_class:
            return None
        # A middleware class around an app: it routes through the engine when its app does.
        answers: list[Optional[bool]] = []
        arguments = list(zip(values.args, site.node.args))
        arguments += [
            (values.keywords[k.arg], k.value)
            for k in site.node.keywords
            if k.arg is not None and k.arg in values.keywords
        ]
        for argument, node in arguments:
            if isinstance(argument, (Const, Seq)) or isinstance(node, (ast.Constant, ast.Dict)):
                continue
            answers.append(self.through_sdk(run, argument, node, env, depth + 1))
        if True in answers:
            return True
        if answers and all(answer is False for answer in answers) and not values.open_ended:
            return False
        return None

    def started_through_sdk(self) -> Optional[bool]:
        """Run mode with a script: whether the servers it starts serve the engine."""
        from .binds import _callee_key

        answers: list[Optional[bool]] = []
        for run in self.runs.values():
            for site in run.calls:
                for values in site.runs:
                    callee = values.callee
                    if (
                        isinstance(callee, Attr)
                        and callee.name == platform.LEANCLOUD_ENGINE_START
                        and isinstance(callee.receiver, Made)
                        and callee.receiver.qualname in platform.LEANCLOUD_ENGINE_CLASSES
                    ):
                        return True
                    key = _callee_key(callee)
                    if key is None or key not in platform.PYTHON_SERVER_CALLS:
                        continue
                    where = platform.PYTHON_SERVER_APPS.get(key)
                    if where is None:
                        answers.append(None)
                        continue
                    position, keyword = where
                    if position < 0:
                        receiver = callee.receiver if isinstance(callee, Attr) else UNKNOWN
                        answers.append(self.judge(receiver))
                        continue
                    argument = _argument(site, values, position, (keyword,) if keyword else ())
                    if argument is None:
                        answers.append(None)
                        continue
                    answers.append(
                        self.through_sdk(run, argument[0], argument[1], values.environment, 0)
                    )
        if True in answers:
            return True
        if answers and all(answer is False for answer in answers):
            return False
        return None


NAME_DEFAULT = platform.WSGI_CALLABLE


def _value(run: ModuleRun, name: str, env: str) -> Value:
    binding = run.binding(name, env)
    if binding is None or binding.deleted:
        return UNKNOWN
    return binding.value
