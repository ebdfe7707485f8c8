"""EL5xx — serving. (STUB)"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Finding
from ..project import Project
from ..registry import rule


@rule("EL501", "loopback-bind", ERROR)
def loopback_bind(project: Project) -> Iterator[Finding]:
    """A server bound to loopback."""
    return iter(())


@rule("EL504", "run-command-loopback", ERROR)
def run_command_loopback(project: Project) -> Iterator[Finding]:
    """The `run:` command starts a server that listens on a loopback address only.

    Why: the platform probes the app from outside its container, on `0.0.0.0` at
    `$LEANCLOUD_APP_PORT`; a server bound to `127.0.0.1`, `localhost` or `::1` never answers,
    the startup check times out and the deploy fails. Several servers bind loopback by default:
    gunicorn (127.0.0.1:8000 unless `-b`, `GUNICORN_CMD_ARGS` or `$PORT` says otherwise),
    uvicorn, hypercorn, daphne, `flask run` and `manage.py runserver`. The command is read with
    shell rules (`&&`, `;`, `exec`, `env`, `sh -c "…"`, `NAME=value` prefixes, `$VAR` and
    `${VAR:-default}`; variables other than the platform's are unset in the cloud). Not reported
    when a config file decides the bind (`-c`, `gunicorn.conf.py`, `.flaskenv`) or when the
    server also listens on another interface.

    Example: `run: gunicorn -b 127.0.0.1:8000 wsgi:app` →
    `run: gunicorn -b 0.0.0.0:${LEANCLOUD_APP_PORT} wsgi:app`.
    """
    from ..parsers.run_command import (
        loopback_binds,
        run_command,
        run_span,
        server_configured_elsewhere,
    )

    parsed = run_command(project)
    if parsed is None or parsed.errors:
        return
    for server in parsed.servers:
        binds = loopback_binds(server)
        if not binds or server_configured_elsewhere(project, server):
            continue
        for bind in binds:
            if bind.host_source is None:
                where = run_span(project, *server.program_offsets)
                message = (
                    f"`{server.label}` binds {bind.describe()} by default; the platform cannot "
                    f"reach it — add `{server.hint}`"
                )
            else:
                where = run_span(project, *bind.host_source.offsets)
                message = (
                    f"`{server.label}` binds loopback address {bind.describe()}; the platform "
                    f"cannot reach it — use `{server.hint}`"
                )
            if where is not None:
                yield Finding(message, where[0], where[1])
