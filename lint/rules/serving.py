"""EL5xx — serving. (STUB)"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import ERROR, Finding
from ..project import Project
from ..registry import rule


@rule("EL501", "loopback-bind", ERROR)
def loopback_bind(project: Project) -> Iterator[Finding]:
    """Python code that runs on the platform starts a server on a loopback address.

    Why: the platform reaches the app from outside its container, on `0.0.0.0` at
    `$LEANCLOUD_APP_PORT`; a server bound to `127.0.0.1`, `localhost` or `::1` never answers,
    the startup check times out and the deploy fails. Recognised: Flask/Quart/Sanic `app.run()`
    (whose default host is 127.0.0.1), Flask-SocketIO, Werkzeug `run_simple`, wsgiref
    `make_server`, gevent and cheroot `WSGIServer((host, port), …)`, `http.server` and
    `socketserver` servers, `uvicorn.run` (default 127.0.0.1), hypercorn's `config.bind`,
    `waitress.serve(host=…, listen=…)`, `bjoern.run`, tornado `listen(port, address=…)`,
    aiohttp `web.run_app(host=…)`, `asyncio.start_server` and `socket.bind((host, port))`. The
    host may be a literal, a constant, or the default of `os.environ.get("HOST", "127.0.0.1")`
    (a variable the platform does not set). Only code that runs counts: module-level code of the
    entry and the modules it imports, functions it calls, and `if __name__ == "__main__":` only
    in run mode (`run: python app.py`); branches on `LEANCLOUD_APP_ENV` are judged for `stage`
    and `production`, so a bind used only in development is fine.

    Example: `app.run(host="127.0.0.1")` in `app.py` started by `run: python app.py` →
    `app.run(host="0.0.0.0", port=int(os.environ["LEANCLOUD_APP_PORT"]))`.
    """
    from ..analysis.binds import CONSTANT, DEFAULT, ENVIRONMENT, loopback_binds
    from ..analysis.reach import environments_note

    for bind in loopback_binds(project):
        server = f"`{bind.call}`" + (f" ({bind.server})" if bind.server else "")
        when = environments_note(bind.environments)
        if bind.origin == DEFAULT:
            how = f"listens on `{bind.host}` by default (no host given){when}"
        elif bind.origin == ENVIRONMENT:
            how = (
                f"listens on loopback `{bind.host}`{when} (the default of `{bind.variable}`, "
                "which the platform does not set)"
            )
        elif bind.origin == CONSTANT:
            how = f"listens on loopback `{bind.host}`{when} (from `{bind.expression}`)"
        else:
            how = f"listens on loopback `{bind.host}`{when}"
        yield Finding(
            f"{server} {how}, which the platform cannot reach; bind to \"0.0.0.0\" and the "
            "port in LEANCLOUD_APP_PORT",
            bind.module.path,
            bind.span,
            fix=bind.fix,
        )


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
    from ..analysis.entry import serving_mode

    if serving_mode(project).is_wsgi:
        return
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
