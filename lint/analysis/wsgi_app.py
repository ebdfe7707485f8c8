"""The `application` of `wsgi.py` in WSGI mode: whether import defines it, and what it is.

The platform imports `wsgi.py` and calls its module-global `application(environ,
start_response)` for every request. EL103 needs to know whether importing the file binds that
name (always, in some branches only, only under `__main__`, or not at all) and EL104 what it is
bound to. Both come from the module's walk (`reach`), which already follows branches, the
cloud environments, functions called at import time, and imports of project modules.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from .. import platform
from ..diagnostics import Span
from .python.modules import is_module
from .python.parse import PythonModule
from .python.reach import ENVIRONMENTS, module_run, resolve
from .python.records import ModuleRun
from .python.values import Binding, Const, Defined, Literal, Made, Ref, Seq, Value

if TYPE_CHECKING:
    from ..project import Project

NAME = platform.WSGI_CALLABLE

# Module-level names that are probably the app the author meant to expose, best first.
_LOOK_ALIKES = (
    "app",
    "App",
    "APP",
    "Application",
    "APPLICATION",
    "wsgi_app",
    "wsgi_application",
    "wsgiapp",
    "engine",
)

# How `application` stands after importing wsgi.py.
DEFINED = "defined"
MAYBE = "maybe"  # bound on some paths only
MISSING = "missing"  # never bound (in some or all cloud environments)
DELETED = "deleted"  # `del application` after binding it
MAIN_ONLY = "main-only"  # bound only inside `if __name__ == "__main__":`
UNVERIFIABLE = "unverifiable"  # a star import or globals() may bind it


@dataclass(frozen=True)
class ApplicationStatus:
    """Where `application` stands, where to point, and in which environments it holds.

    `look_alike` is a module-level name that is probably the app (`app`) when `application` is
    missing; `detail` the source of what makes it unverifiable (`from helpers import *`).
    """

    state: str
    path: str
    span: Span
    environments: frozenset[str]
    look_alike: Optional[str] = None
    detail: str = ""


@dataclass(frozen=True)
class NotWsgi:
    """Why `application` cannot be a WSGI callable.

    `kind` is "literal", "parameters", "async", "asgi" or "module". `what` describes the value
    ("a string literal", "a FastAPI app"); for "parameters" and "async" it is the subject and
    the problem (`` `application` takes only 1 positional argument ``). `framework` names the
    ASGI framework.
    """

    kind: str
    what: str
    path: str
    span: Span
    environments: frozenset[str]
    framework: str = ""


def _entry(project: Project) -> Optional[tuple[PythonModule, ModuleRun]]:
    from .entry import serving_mode
    from .python.running import entry_module

    mode = serving_mode(project)
    if not mode.is_wsgi:
        return None
    module = entry_module(project)
    if module is None or module.path != mode.entry_file:
        return None
    return module, module_run(project, module)


def binding_span(module: PythonModule, binding: Binding) -> Span:
    """Where a binding happens: the value expression, the defined name, the import alias."""
    node = binding.node
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return module.name_span(node)
    if isinstance(node, ast.alias) and binding.statement is not None:
        return module.alias_span(node, binding.statement)
    if isinstance(node, (ast.expr, ast.stmt, ast.excepthandler)):
        return module.span(node)
    if binding.statement is not None:
        return module.span(binding.statement)
    return Span.point(1, 1)


def _target_span(module: PythonModule, binding: Binding, name: str) -> Span:
    """The name itself in `name = …`; otherwise where the binding happens."""
    statement = binding.statement
    if isinstance(statement, (ast.Assign, ast.AnnAssign)):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        for target in targets:
            for node in ast.walk(target):
                if isinstance(node, ast.Name) and node.id == name:
                    return module.span(node)
    return binding_span(module, binding)


def application_status(project: Project) -> Optional[ApplicationStatus]:
    """How `application` stands after the platform imports wsgi.py; None outside WSGI mode or
    when wsgi.py is missing or does not parse (other rules say so)."""
    return project.cached("wsgi_app:status", lambda: _status(project))


def _status(project: Project) -> Optional[ApplicationStatus]:
    entry = _entry(project)
    if entry is None:
        return None
    module, run = entry
    bindings = {env: run.binding(NAME, env) for env in ENVIRONMENTS}
    live = {env: b for env, b in bindings.items() if b is not None and not b.deleted}
    absent = frozenset(env for env in ENVIRONMENTS if env not in live)
    if not absent:
        uncertain = frozenset(env for env, b in live.items() if not b.certain)
        first = next(iter(live.values()))
        if uncertain:
            binding = next(b for b in live.values() if not b.certain)
            return ApplicationStatus(
                MAYBE, module.path, _target_span(module, binding, NAME), uncertain
            )
        return ApplicationStatus(
            DEFINED, module.path, _target_span(module, first, NAME), frozenset(ENVIRONMENTS)
        )
    if run.truncated:
        return None  # the walk gave up part-way: a later statement may well define it
    deleted = next((b for b in bindings.values() if b is not None and b.deleted), None)
    if deleted is not None:
        return ApplicationStatus(DELETED, module.path, binding_span(module, deleted), absent)
    if live:
        # Defined in one cloud environment but not the other.
        return ApplicationStatus(
            MISSING, module.path, _target_span(module, next(iter(live.values())), NAME), absent
        )
    if run.star_imports:
        star = run.star_imports[0]
        span = module.alias_span(star.names[0], star)
        detail = " ".join(module.segment(star).split())
        return ApplicationStatus(UNVERIFIABLE, module.path, span, absent, detail=detail)
    dynamic = _dynamic_namespace_call(run)
    if dynamic is not None:
        detail = " ".join(module.segment(dynamic.func).split()) + "()"
        return ApplicationStatus(
            UNVERIFIABLE, module.path, module.span(dynamic), absent, detail=detail
        )
    # Walking the file again as `__main__` is only worth it when it has such a block.
    as_main = module_run(project, module, as_main=True) if "__main__" in module.file.text else run
    for env in ENVIRONMENTS:
        main_binding = as_main.binding(NAME, env)
        if main_binding is not None and not main_binding.deleted:
            return ApplicationStatus(
                MAIN_ONLY, module.path, _target_span(module, main_binding, NAME), absent
            )
    for name in _LOOK_ALIKES:
        for env in ENVIRONMENTS:
            candidate = run.binding(name, env)
            if candidate is not None and not candidate.deleted:
                span = _target_span(module, candidate, name)
                return ApplicationStatus(MISSING, module.path, span, absent, look_alike=name)
    return ApplicationStatus(MISSING, module.path, Span.point(1, 1), absent)


_DYNAMIC = frozenset({"globals", "exec", "setattr", "vars"})


def _dynamic_namespace_call(run: ModuleRun) -> Optional[ast.Call]:
    """A call that can bind module globals by name (`globals()[…] = …`, `exec(…)`)."""
    for site in run.calls:
        for values in site.runs:
            if isinstance(values.callee, Ref) and values.callee.qualname in _DYNAMIC:
                return site.node
    return None


def application_not_wsgi(project: Project) -> Optional[NotWsgi]:
    """What makes `application` unusable as a WSGI callable, when that can be decided."""
    return project.cached("wsgi_app:not_wsgi", lambda: _not_wsgi(project))


def _not_wsgi(project: Project) -> Optional[NotWsgi]:
    entry = _entry(project)
    if entry is None:
        return None
    module, run = entry
    found: Optional[NotWsgi] = None
    environments: set[str] = set()
    for env in ENVIRONMENTS:
        binding = run.binding(NAME, env)
        if binding is None or binding.deleted:
            continue
        verdict = _classify(project, resolve(project, binding.value, env))
        if verdict is None:
            continue
        kind, what, framework = verdict
        span = binding_span(module, binding)
        if found is None:
            found = NotWsgi(kind, what, module.path, span, frozenset(), framework)
        if (found.kind, found.span) == (kind, span):
            environments.add(env)
    if found is None:
        return None
    return NotWsgi(
        found.kind, found.what, found.path, found.span, frozenset(environments), found.framework
    )


_LITERALS: dict[type, str] = {
    ast.Dict: "a dict literal",
    ast.Set: "a set literal",
    ast.JoinedStr: "an f-string",
    ast.ListComp: "a list comprehension",
    ast.SetComp: "a set comprehension",
    ast.DictComp: "a dict comprehension",
    ast.Tuple: "a tuple literal",
    ast.List: "a list literal",
}


def _classify(project: Project, value: Value) -> Optional[tuple[str, str, str]]:
    if isinstance(value, Const):
        return "literal", _describe_constant(value.value), ""
    if isinstance(value, Seq):
        return "literal", _LITERALS.get(type(value.node), "a literal"), ""
    if isinstance(value, Literal):
        return "literal", _LITERALS.get(type(value.node), "a literal"), ""
    if isinstance(value, Defined) and not isinstance(value.node, ast.ClassDef):
        node = value.node
        if getattr(node, "decorator_list", None):
            return None  # a decorator may return anything
        if isinstance(node, ast.AsyncFunctionDef):
            return "async", _subject(node.name, "an `async def` function"), ""
        problem = _signature_problem(node.args)
        if problem is not None:
            name = node.name if isinstance(node, ast.FunctionDef) else None
            return "parameters", f"{_subject(name, 'a lambda')} {problem}", ""
        return None
    if isinstance(value, Made) and value.qualname in platform.ASGI_APP_FACTORIES:
        framework = platform.ASGI_APP_FACTORIES[value.qualname]
        article = "an" if framework[:1].lower() in "aeiou" else "a"
        return "asgi", f"{article} {framework} app", framework
    if isinstance(value, Ref) and is_module(project, value.qualname):
        return "module", f"the module `{value.qualname}`", ""
    return None


def _subject(name: Optional[str], kind: str) -> str:
    """`application` itself, or `application` (`handler`) when bound to another name."""
    if name == NAME:
        return f"`{NAME}`"
    return f"`{NAME}` (`{name}`)" if name else f"`{NAME}` ({kind})"


def _describe_constant(value: object) -> str:
    if value is None or isinstance(value, bool):
        return f"`{value}`"
    if isinstance(value, str):
        return "a string literal"
    if isinstance(value, bytes):
        return "a bytes literal"
    if isinstance(value, (int, float, complex)):
        return "a number"
    return "a literal"


def _signature_problem(arguments: ast.arguments) -> Optional[str]:
    """Why a function cannot be called as `f(environ, start_response)`, or None if it can."""
    positional = [*arguments.posonlyargs, *arguments.args]
    required = len(positional) - len(arguments.defaults)
    required_keywords = [
        a.arg for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is None
    ]
    if required > 2:
        return f"requires {required} positional arguments"
    if len(positional) < 2 and arguments.vararg is None:
        count = "no positional arguments" if not positional else "only 1 positional argument"
        return f"takes {count}"
    if required_keywords:
        return f"also requires the keyword argument `{required_keywords[0]}`"
    return None
