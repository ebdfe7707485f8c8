"""EL103: whether importing `wsgi.py` in WSGI mode defines the `application` the platform calls.

The platform imports `wsgi.py` and calls its module-global `application(environ,
start_response)` for every request. EL103 needs to know whether importing the file binds that
name (always, in some branches only, only under `__main__`, or not at all); EL104
(`wsgi_callable`) asks what it is bound to. Both come from the module's walk (`reach`), which
already follows branches, the cloud environments, functions called at import time, and imports
of project modules.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Optional

from ... import platform
from ...analysis.dynamic_globals import dynamic_namespace_call
from ...analysis.python.parse import PythonModule
from ...analysis.python.reach import ENVIRONMENTS, environments_note, module_run
from ...analysis.python.records import ModuleRun
from ...analysis.python.values import Binding
from ...diagnostics import ERROR, INFO, WARNING, Finding, Span
from ...lazy_dataclass import dataclass
from ...rulespec import rule

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ...project import Project

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


@rule("EL103", "missing-application", ERROR)
def missing_application(project: Project) -> Iterator[Finding]:
    """In WSGI mode, importing `wsgi.py` does not define a module-level `application`.

    Why: without a `run:` command the platform imports `wsgi.py` and calls its global
    `application` as the WSGI app for every request; when the name is not there, the app never
    starts. Counted as definitions: an assignment (also annotated, tuple-unpacking or `:=` at
    module level), `def`, `class`, `import … as application`, `from m import application`
    (or `… as application`), `from m import *` of a project module (honouring its `__all__`),
    and a `global application` assigned by a function that import calls. A definition only
    inside `if __name__ == "__main__":` does not count (that block does not run on the
    platform), nor one removed by `del application`. One made in only some branches of an
    `if`/`try` is a warning ("may be undefined"); branches on `LEANCLOUD_APP_ENV` are judged for
    `stage` and `production`. A star import from outside the project, or `globals()`/`exec()`,
    may define it out of sight: reported as info.

    Example: `app = Flask(__name__)` with no `application` → add `application = app`.
    """
    status = application_status(project)
    if status is None:
        return
    when = environments_note(status.environments)
    entry = f"`{status.path}`"
    if status.state == MAYBE:
        yield Finding(
            f"`application` may be undefined{when}: {entry} binds it only on some paths, and "
            "the platform cannot start the app without it",
            status.path,
            status.span,
            severity=WARNING,
        )
    elif status.state == DELETED:
        yield Finding(
            f"`del application` leaves {entry} without the WSGI app the platform "
            f"calls{when}; remove the `del`",
            status.path,
            status.span,
        )
    elif status.state == MAIN_ONLY:
        yield Finding(
            f'`application` is defined only inside `if __name__ == "__main__":`, which does '
            f"not run when the platform imports {entry}; define it at module level",
            status.path,
            status.span,
        )
    elif status.state == UNVERIFIABLE:
        yield Finding(
            f"cannot verify that {entry} defines `application`: `{status.detail}` may bind it, "
            "but enginelint cannot see what it binds",
            status.path,
            status.span,
            severity=INFO,
        )
    elif status.state == MISSING:
        if when:
            message = (
                f"`application` is not defined{when}, and the platform calls it as the WSGI "
                f"app of {entry}"
            )
        else:
            message = (
                f"{entry} defines no module-level `application`, which the platform calls as "
                "the WSGI app"
            )
            if status.look_alike:
                message += f"; add `application = {status.look_alike}`"
        yield Finding(message, status.path, status.span)


def wsgi_entry(project: Project) -> Optional[tuple[PythonModule, ModuleRun]]:
    """wsgi.py and its walk when the platform serves it (WSGI mode); None otherwise."""
    from ...analysis.entry import serving_mode
    from ...analysis.python.running import entry_module

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
    entry = wsgi_entry(project)
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
    dynamic = dynamic_namespace_call(run)
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
