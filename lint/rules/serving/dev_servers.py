"""EL508: development servers that run on the platform.

Flask's, Quart's and Django's built-in servers are made for a laptop. In run mode they are
started by the `run:` command (`flask run`, `manage.py runserver`) or by Python code the command
starts (Flask's and Quart's `app.run()`, found among the server calls that ran).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Optional

from ... import platform
from ...analysis.python.parse import PythonModule
from ...analysis.python.reach import environments_note
from ...analysis.python.running import running_code
from ...diagnostics import WARNING, Finding, Span
from ...lazy_dataclass import dataclass
from ...rulespec import rule
from .run_command import finding_in_run, valid_run_command
from .server_calls import call_text, callee_key, callee_span

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ...project import Project


@dataclass(frozen=True)
class DevelopmentServer:
    """A development server that runs on the platform.

    From `run:` (`flask run`, `manage.py runserver`): `offsets` in the `run` string, `path` and
    `span` None. From Python code run mode reaches (`app.run()`): `path`/`span` of the call's
    callee, `environments` the cloud environments in which it runs. `label` names it;
    `framework` is "Flask", "Django", "Quart".
    """

    label: str
    framework: str
    offsets: Optional[tuple[int, int]] = None
    path: Optional[str] = None
    span: Optional[Span] = None
    environments: frozenset[str] = frozenset()


@rule("EL508", "development-server", WARNING)
def development_server(project: Project) -> Iterator[Finding]:
    """A development server runs on the platform: `flask run`, `manage.py runserver`, `app.run()`.

    Why: Flask's, Quart's and Django's built-in servers are made for a laptop: one process,
    no hardening, and their own documentation says not to use them in production. Reported in
    run mode for `flask run` and `manage.py runserver` (also `django-admin runserver`) in `run:`,
    and for Flask and Quart `app.run()` reached by the code the command starts (its
    `if __name__ == "__main__":` block included for `python app.py`); a call made only when
    `LEANCLOUD_APP_ENV` is `development` is fine.

    Example: `run: python app.py` where app.py calls `app.run(host="0.0.0.0", port=port)` →
    `run: gunicorn -b 0.0.0.0:${LEANCLOUD_APP_PORT} app:app`.
    """
    port = f"${{{platform.PORT_VARIABLE}}}"
    serve = f"use gunicorn (WSGI) or uvicorn (ASGI) bound to 0.0.0.0:{port} instead"
    for server in development_servers(project):
        framework = f"{server.framework}'s " if server.framework else "a "
        if server.offsets is not None:
            yield from finding_in_run(
                project,
                server.offsets,
                f"`{server.label}` starts {framework}development server; it is not made for "
                f"production — {serve}",
            )
        elif server.path is not None and server.span is not None:
            when = environments_note(server.environments)
            yield Finding(
                f"`{server.label}` starts {framework}development server{when}; it is not made "
                f"for production — {serve}",
                server.path,
                server.span,
            )


_SERVER_FRAMEWORKS = {"flask run": "Flask", "runserver": "Django"}


def development_servers(project: Project) -> list[DevelopmentServer]:
    """Development servers started by `run:` or by Python code that runs in run mode."""
    return project.cached("dev_servers:development", lambda: _development(project))


def _development(project: Project) -> list[DevelopmentServer]:
    from ...analysis.entry import serving_mode

    if serving_mode(project).is_wsgi:
        return []
    found: list[DevelopmentServer] = []
    parsed = valid_run_command(project)
    if parsed is not None:
        for server in parsed.servers:
            if server.name in platform.DEVELOPMENT_SERVERS:
                framework = _SERVER_FRAMEWORKS.get(server.name, "")
                found.append(DevelopmentServer(server.label, framework, server.program_offsets))
    found.extend(_development_calls(project))
    return found


def _development_calls(project: Project) -> list[DevelopmentServer]:
    found: list[DevelopmentServer] = []
    for run in running_code(project):
        module: PythonModule = run.module
        if ".run" not in module.file.text:
            continue
        for site in run.calls:
            environments: set[str] = set()
            framework = ""
            for values in site.runs:
                key = callee_key(values.callee)
                spec = platform.PYTHON_SERVER_CALLS.get(key) if key is not None else None
                if spec is not None and spec[0] in platform.DEVELOPMENT_SERVER_FRAMEWORKS:
                    framework = spec[0]
                    environments.add(values.environment)
            if environments and isinstance(site.node, ast.Call):
                found.append(
                    DevelopmentServer(
                        call_text(module, site.node),
                        framework,
                        path=module.path,
                        span=callee_span(module, site.node),
                        environments=frozenset(environments),
                    )
                )
    return found
