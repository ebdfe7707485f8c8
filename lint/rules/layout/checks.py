"""EL1xx — project layout. (STUB)"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import ERROR, Finding
from ...platform import REQUIREMENTS_FILE, WSGI_FILE
from ...project import Project
from ...rulespec import rule


def _python_runtime_with(project: Project, key: str) -> bool:
    """Whether leanengine.yaml declares `runtime: python` and sets `key` (so the platform needs
    neither detection files nor its default steps)."""
    from ...parsers.engine_yaml import engine_config

    config = engine_config(project)
    if config is None:
        return False
    return config.get("runtime") == "python" and config.get(key) is not None


def _missing_file_finding(project: Project, name: str, why: str) -> Iterator[Finding]:
    relative = project.path(name)
    if project.exists(relative):
        return
    where = f"`{relative}`" if project.build_root else f"`{name}` at the project root"
    yield Finding(f"no {where}: {why}")


@rule("EL101", "missing-wsgi", ERROR)
def missing_wsgi(project: Project) -> Iterator[Finding]:
    """The project has no `wsgi.py` at its root (or under `buildRoot`).

    Why: the platform recognises a Python project by `wsgi.py` together with `requirements.txt`,
    and by default imports `wsgi.py` and serves its `application`. Without it the deploy is not
    detected as Python (or fails to start). Not reported when `leanengine.yaml` sets both
    `runtime: python` and a `run:` command, which replace detection and the WSGI entry.

    Example: a Flask app in `app.py` → add `wsgi.py` containing `from app import app` and
    `application = app`.
    """
    if _python_runtime_with(project, "run"):
        return
    yield from _missing_file_finding(
        project,
        WSGI_FILE,
        "the platform detects a Python project by `wsgi.py` and `requirements.txt` and serves "
        "the `application` defined in `wsgi.py`",
    )


@rule("EL102", "missing-requirements", ERROR)
def missing_requirements(project: Project) -> Iterator[Finding]:
    """The project has no `requirements.txt` at its root (or under `buildRoot`).

    Why: the platform recognises a Python project by `wsgi.py` together with `requirements.txt`
    and installs dependencies from it with pip; without it the project is not detected as Python
    and nothing is installed. Not reported when `leanengine.yaml` sets `runtime: python` and its
    own `install` steps.

    Example: add `requirements.txt` listing what the app imports, each with a major-version cap
    (`Flask>=2.3,<3`). An app with no dependencies can use an empty file.
    """
    if _python_runtime_with(project, "install"):
        return
    yield from _missing_file_finding(
        project,
        REQUIREMENTS_FILE,
        "the platform detects a Python project by `wsgi.py` and `requirements.txt` and installs "
        "dependencies from it",
    )


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
    from ...analysis.python.reach import environments_note
    from ...analysis.wsgi_app import (
        DELETED,
        MAIN_ONLY,
        MAYBE,
        MISSING,
        UNVERIFIABLE,
        application_status,
    )
    from ...diagnostics import INFO, WARNING

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
    from ...analysis.python.reach import environments_note
    from ...analysis.wsgi_app import application_not_wsgi as not_wsgi

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


@rule("EL105", "missing-local-module", ERROR)
def missing_local_module(project: Project) -> Iterator[Finding]:
    """Code that runs on the platform imports a missing project module, or a missing name from one.

    Why: the import raises `ModuleNotFoundError` or `ImportError` as the platform starts the
    app, and the deploy fails its startup check. Reported only when the project's files decide
    it: a relative import or a submodule of a project package that has no file; a top-level
    name that is neither in the project nor in the standard library nor installable by a
    requirement, when the project shows it was meant to be local (`App.py` beside the entry —
    imports are case-sensitive — or `src/app.py` off the import path); `from module import
    name` where the project file binds no `name` (assignment, `def`, `class`, import, resolvable
    star import) in a cloud environment in which the import runs. Quiet where a name may be
    bound out of sight (`__getattr__`, `globals()`, `sys.modules`, an unresolvable star
    import) and for imports guarded by `except ImportError`, `contextlib.suppress` or
    `if TYPE_CHECKING:`.

    Example: `from main import main` where `main.py` defines only `app` →
    `from main import app`, or define `main` in `main.py`.
    """
    from ...analysis.local_imports import MODULE, missing_imports
    from ...analysis.python.reach import environments_note

    for missing in missing_imports(project):
        when = environments_note(missing.environments)
        if missing.kind == MODULE:
            detail = f" ({missing.detail})" if missing.detail else ""
            message = (
                f"`{missing.statement_text}` needs module `{missing.imported}`, which the "
                f"project does not have{detail}, so the app fails with ModuleNotFoundError "
                "when the platform starts it"
            )
        else:
            message = (
                f"`{missing.statement_text}` imports `{missing.imported}`, which "
                f"`{missing.origin}` does not define{when}, so the app fails with ImportError "
                "when the platform starts it"
            )
        yield Finding(message, missing.module.path, missing.span)
