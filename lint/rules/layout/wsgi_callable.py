"""EL104: whether the `application` wsgi.py binds can be called as a WSGI app.

The platform calls `application(environ, start_response)` and expects an iterable of bytes. Some
values surely cannot be that: a literal, a function with the wrong parameters, an `async def`,
an ASGI app, a module. The value is the one the walk (`reach`) binds in each cloud environment,
followed through aliases and into the project module it is imported from; anything enginelint
cannot decide (a factory call, a decorated function, a Flask app) is left alone.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Optional

from ... import platform
from ...analysis.python.modules import is_module
from ...analysis.python.reach import ENVIRONMENTS, environments_note, resolve
from ...analysis.python.values import Const, Defined, Literal, Made, Ref, Seq, Value
from ...diagnostics import ERROR, Finding, Span
from ...lazy_dataclass import dataclass
from ...rulespec import rule
from .wsgi_app import NAME, binding_span, wsgi_entry

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ...project import Project


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


@rule("EL104", "application-not-wsgi", ERROR)
def application_not_wsgi(project: Project) -> Iterator[Finding]:
    """In WSGI mode, `application` in `wsgi.py` is bound to something that is not a WSGI app.

    Why: the platform calls `application(environ, start_response)` for every request. A literal
    (string, number, list, dict, `None`, f-string…) cannot be called; a function that cannot
    take exactly those two positional arguments fails on the first request; an `async def`
    returns a coroutine instead of a response; an ASGI app (`FastAPI()`, `Starlette()`,
    `Quart()`, `Sanic()`, `litestar.Litestar()`, Django's `get_asgi_application()`) or an
    aiohttp `web.Application()` speaks another protocol. The value is followed through simple
    aliases (`app = FastAPI(); application = app`) and into the project module it is imported
    from (`from main import app as application`). Values enginelint cannot decide (a factory
    call, a decorated function, a Flask app) are not reported.

    Example: `application = FastAPI()` → serve it from `leanengine.yaml`:
    `run: uvicorn wsgi:application --host 0.0.0.0 --port ${LEANCLOUD_APP_PORT}`.
    """
    verdict = not_wsgi(project)
    if verdict is None:
        return
    when = environments_note(verdict.environments)
    if verdict.kind == "asgi":
        if verdict.framework == "aiohttp":
            server = (
                "gunicorn wsgi:application --bind 0.0.0.0:${LEANCLOUD_APP_PORT} "
                "--worker-class aiohttp.GunicornWebWorker"
            )
        else:
            server = "uvicorn wsgi:application --host 0.0.0.0 --port ${LEANCLOUD_APP_PORT}"
        alternative = (
            "use `get_wsgi_application()`"
            if verdict.framework == "Django ASGI"
            else "wrap it in a WSGI adapter"
        )
        message = (
            f"`application` is {verdict.what}{when}, which the platform's WSGI mode cannot "
            f"serve; start it from `run:` in leanengine.yaml bound to 0.0.0.0:$LEANCLOUD_APP_PORT "
            f"(e.g. `{server}`) or {alternative}"
        )
    elif verdict.kind == "async":
        message = (
            f"{verdict.what} is an `async def` function{when}: the platform calls it as a "
            "synchronous WSGI app and gets a coroutine instead of a response"
        )
    elif verdict.kind == "parameters":
        message = (
            f"{verdict.what}{when}, but the platform calls it as "
            "`application(environ, start_response)`"
        )
    else:
        message = (
            f"`application` is bound to {verdict.what}{when}, which the platform cannot call "
            "as a WSGI app"
        )
    yield Finding(message, verdict.path, verdict.span)


def not_wsgi(project: Project) -> Optional[NotWsgi]:
    """What makes `application` unusable as a WSGI callable, when that can be decided."""
    return project.cached("wsgi_app:not_wsgi", lambda: _not_wsgi(project))


def _not_wsgi(project: Project) -> Optional[NotWsgi]:
    entry = wsgi_entry(project)
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
