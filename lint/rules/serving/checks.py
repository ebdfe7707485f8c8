"""EL5xx — serving. (STUB)"""

from __future__ import annotations

from collections.abc import Iterator

from ... import platform
from ...diagnostics import ERROR, WARNING, Finding
from ...project import Project
from ...rulespec import rule


def _in_run(project: Project, offsets: tuple[int, int], message: str) -> Iterator[Finding]:
    """`message` at characters `offsets` of the `run:` command, in leanengine.yaml."""
    from ...parsers.run_command import run_span

    where = run_span(project, *offsets)
    if where is not None:
        yield Finding(message, *where)


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
    from ...analysis.binds import CONSTANT, DEFAULT, ENVIRONMENT, loopback_binds
    from ...analysis.python.reach import environments_note

    for bind in loopback_binds(project):
        server = f"`{bind.call}`" + (f" ({bind.server})" if bind.server else "")
        when = environments_note(bind.environments)
        if bind.origin == DEFAULT:
            how = f"listens on `{bind.host}` by default (no host given){when}"
        elif bind.origin == ENVIRONMENT:
            read = f" from {bind.source}" if bind.source else ""
            how = (
                f"listens on loopback `{bind.host}`{when} (the default of `{bind.variable}`"
                f"{read}, which the platform does not set)"
            )
        elif bind.origin == CONSTANT:
            source = f", set in {bind.source}" if bind.source else ""
            how = f"listens on loopback `{bind.host}`{when} (from `{bind.expression}`{source})"
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
    from ...analysis.entry import serving_mode

    if serving_mode(project).is_wsgi:
        return
    from ...parsers.run_command import (
        loopback_binds,
        run_command,
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
                offsets = server.program_offsets
                message = (
                    f"`{server.label}` binds {bind.describe()} by default; the platform cannot "
                    f"reach it — add `{server.hint}`"
                )
            else:
                offsets = bind.host_source.offsets
                message = (
                    f"`{server.label}` binds loopback address {bind.describe()}; the platform "
                    f"cannot reach it — use `{server.hint}`"
                )
            yield from _in_run(project, offsets, message)


@rule("EL502", "wrong-port", ERROR)
def wrong_port(project: Project) -> Iterator[Finding]:
    """In run mode, Python code that runs starts a server on a port other than the platform's.

    Why: with `run:` the program must listen on the port the platform passes in
    `LEANCLOUD_APP_PORT` (3000 in the cloud); it probes that port, so a server on any other
    port never answers, the startup check times out and the deploy fails. Reported: a literal
    or constant other than 3000; a read of a variable the platform does not set (`PORT` is not
    set: `int(os.environ.get("PORT", 5000))` listens on 5000 in the cloud); and a server's own
    default when no port is given (Flask/Quart `app.run()` 5000, Sanic 8000, `uvicorn.run` 8000,
    `waitress.serve` 8080, aiohttp `run_app` 8080). The same server calls as EL501 are
    recognised, in code that runs (branches on `LEANCLOUD_APP_ENV` are judged for `stage` and
    `production`). A port enginelint cannot evaluate is not reported.

    Example: `app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 5000)))` →
    `app.run(host="0.0.0.0", port=int(os.environ["LEANCLOUD_APP_PORT"]))`.
    """
    from ...analysis.ports import DEFAULT, ENVIRONMENT, port_uses
    from ...analysis.python.reach import environments_note

    for use in port_uses(project):
        if use.is_platform_port:
            continue
        server = f"`{use.call}`" + (f" ({use.server})" if use.server else "")
        when = environments_note(use.environments)
        if use.origin == DEFAULT:
            how = f"listens on its default port {use.number} (no port given){when}"
        elif use.origin == ENVIRONMENT:
            port = f"listens on {use.number}" if use.number is not None else "gets no port"
            how = (
                f"reads its port from `{use.variable}`, which the platform does not set, so it "
                f"{port}{when}"
            )
        else:
            how = f"listens on port {use.number}{when}"
        yield Finding(
            f"{server} {how}; the platform probes only the port in LEANCLOUD_APP_PORT, so the "
            "startup check fails",
            use.module.path,
            use.span,
        )


@rule("EL503", "hardcoded-port", WARNING)
def hardcoded_port(project: Project) -> Iterator[Finding]:
    """The port 3000 is written as a literal instead of read from `LEANCLOUD_APP_PORT`.

    Why: 3000 is the port the cloud passes today, but the platform's contract is the variable;
    a literal breaks as soon as another port is passed (`lean up --port` locally, or a change
    of the platform). Reported in run mode for server calls in Python code that runs
    (`app.run(port=3000)`, `os.environ.get("PORT", 3000)`) and in the `run:` command
    (`--port 3000`, `-b 0.0.0.0:3000`, `--http :3000`). Reading the variable with 3000 as its
    default (`os.environ.get("LEANCLOUD_APP_PORT", 3000)`) is fine.

    Example: `run: gunicorn -b 0.0.0.0:3000 wsgi:app` →
    `run: gunicorn -b 0.0.0.0:${LEANCLOUD_APP_PORT} wsgi:app`.
    """
    from ...analysis.entry import serving_mode

    if serving_mode(project).is_wsgi:
        return
    from ...analysis.ports import DEFAULT, ENVIRONMENT, port_uses
    from ...analysis.python.reach import environments_note

    for use in port_uses(project):
        if not use.is_platform_port or use.origin == DEFAULT:
            continue
        when = environments_note(use.environments)
        if use.origin == ENVIRONMENT:
            how = f"falls back to the literal port 3000 (`{use.variable}` is not set){when}"
        else:
            how = f"listens on the literal port 3000{when}"
        yield Finding(
            f"`{use.call}` {how}; read the port from LEANCLOUD_APP_PORT instead of hardcoding it",
            use.module.path,
            use.span,
        )
    from ...parsers.run_command import run_command

    parsed = run_command(project)
    if parsed is None or parsed.errors:
        return
    for server in parsed.servers:
        for bind in server.tcp_binds:
            port = bind.port
            source = bind.port_source
            if port is None or source is None or port.variable is not None:
                continue
            if port.number != platform.PLATFORM_PORT or not port.known:
                continue
            yield from _in_run(
                project,
                source.offsets,
                f"`{server.label}` listens on the literal port 3000; use "
                f"`${{{platform.PORT_VARIABLE}}}` so the server follows the port the "
                "platform passes",
            )


@rule("EL505", "run-command-port", ERROR)
def run_command_port(project: Project) -> Iterator[Finding]:
    """The `run:` command starts a server on a port other than `$LEANCLOUD_APP_PORT`.

    Why: the platform probes the port it passes in `LEANCLOUD_APP_PORT`; a server listening
    anywhere else never answers, the startup check times out and the deploy fails. The port may
    be written (`--port 8000`, `-b 0.0.0.0:5000`), come from a variable the platform does not set
    (`$PORT`, or the `8000` of `${PORT:-8000}`), be the variable's name written without `$`
    (`PORT=LEANCLOUD_APP_PORT`), or be the server's default when nothing sets it: gunicorn and
    uvicorn 8000, waitress 8080, `flask run` 5000, `manage.py runserver` 8000. The literal 3000
    is EL503's. Not reported when a config file may set the bind (`-c`, `gunicorn.conf.py`,
    `.flaskenv`), or when another program of the command may be the one listening.

    Example: `run: uvicorn main:app --host 0.0.0.0 --port 8000` →
    `run: uvicorn main:app --host 0.0.0.0 --port ${LEANCLOUD_APP_PORT}`.
    """
    from ...analysis.run_checks import DEFAULT, EXPLICIT, NO_DOLLAR, port_problems

    problems = port_problems(project)
    if not problems:
        return

    wanted = f"${{{platform.PORT_VARIABLE}}}"
    for problem in problems:
        label = f"`{problem.server.label}`"
        if problem.kind == DEFAULT:
            message = (
                f"{label} listens on port {problem.port} by default, not on {wanted} where the "
                f"platform probes it — add `{problem.server.hint}`"
            )
        elif problem.kind == EXPLICIT and problem.variable is not None:
            origin = (
                f"the default of `${problem.variable}`, which the platform does not set"
                if problem.via == "default"
                else f"assigned to `${problem.variable}` in the command"
            )
            message = (
                f"{label} listens on port {problem.port} ({origin}), not on {wanted} where the "
                f"platform probes it — use `{wanted}`"
            )
        elif problem.kind == EXPLICIT:
            message = (
                f"{label} listens on port {problem.port}, not on {wanted} where the platform "
                f"probes it — use `{wanted}`"
            )
        elif problem.kind == NO_DOLLAR:
            message = (
                f"{label} gets the text `{problem.variable}` as its port because the `$` is "
                f"missing — write `{wanted}`"
            )
        else:
            message = (
                f"{label} takes its port from `${problem.variable}`, which the platform does "
                f"not set — use `{wanted}`"
            )
        yield from _in_run(project, problem.offsets, message)


@rule("EL506", "run-target-missing", ERROR)
def run_target_missing(project: Project) -> Iterator[Finding]:
    """The `run:` command starts a script, module or app that is not in the project.

    Why: the command fails at once and the deploy never passes its startup check. Checked: a
    script (`python app.py`, `python manage.py runserver`), a module run with `python -m`
    (when the project provides its package), the module a server imports (`gunicorn wsgi:app`,
    `uvicorn main:app`, `flask --app hello run`) and the app attribute it names (`app` in
    `wsgi:app`; `application` when gunicorn or waitress is given a bare module), and what
    `flask run` discovers without an app (`wsgi.py` or `app.py`). Paths are relative to the build
    root and to the command's `cd`, `--chdir` or `--app-dir`. Not reported when it cannot be
    decided: an unknown folder, `PYTHONPATH` or `--pythonpath`, a module a requirement may
    install, a star import or `__getattr__` that may define the attribute.

    Example: `run: gunicorn -b 0.0.0.0:${LEANCLOUD_APP_PORT} wsgi:app` where wsgi.py defines only
    `application` → `wsgi:application`.
    """
    from ...analysis.run_checks import (
        NO_ATTRIBUTE,
        NO_FILE,
        NO_FLASK_APP,
        NO_MAIN,
        missing_targets,
    )

    targets = missing_targets(project)
    if not targets:
        return

    for target in targets:
        label = f"`{target.label}`"
        if target.kind == NO_FILE:
            message = f"`run:` starts `{target.target}`, but there is no file `{target.expected}`"
        elif target.kind == NO_MAIN:
            message = (
                f"`python -m {target.target}` cannot run the package `{target.target}`: there "
                f"is no `{target.expected}`"
            )
        elif target.kind == NO_ATTRIBUTE:
            message = (
                f"{label} loads `{target.attribute}` from `{target.expected}`, which defines no "
                f"module-level `{target.attribute}`"
            )
        elif target.kind == NO_FLASK_APP:
            where_in = "the project root" if target.expected == "." else f"`{target.expected}`"
            message = (
                f"{label} finds no app: neither `--app` nor FLASK_APP is set, and there is no "
                f"wsgi.py or app.py in {where_in}"
            )
        else:
            message = (
                f"{label} {target.verb} `{target.target}`, but there is no `{target.expected}` "
                "in the project"
            )
        yield from _in_run(project, target.offsets, message)


@rule("EL507", "run-installs-dependencies", WARNING)
def run_installs_dependencies(project: Project) -> Iterator[Finding]:
    """The `run:` command installs packages (`pip install`, `poetry install`, `apt-get install`…).

    Why: `run:` runs on every start of every instance, and the install eats into the startup
    timeout (30 seconds unless `startupTimeout` says otherwise): a slow index or a big package
    makes the deploy fail its startup check, and every restart downloads it all again. The
    platform installs requirements.txt at build time; other steps belong in `install:`, system
    packages in `systemDependencies`. Recognised: `pip`/`pip3 install`, `python -m pip install`,
    `uv pip install`, `uv sync`, `poetry install`, `pipenv install`, `pdm install`, `conda
    install`, and `apt-get`/`apt`/`apk`/`yum`/`dnf` installs.

    Example: `run: pip install -r requirements.txt && gunicorn wsgi:app` →
    `run: gunicorn wsgi:app` (requirements.txt is installed during the build).
    """
    from ...analysis.run_checks import installs

    found = installs(project)
    if not found:
        return
    from ...parsers.engine_yaml import engine_config

    config = engine_config(project)
    timeout = config.get("startupTimeout") if config is not None else None
    if not isinstance(timeout, int) or isinstance(timeout, bool):
        timeout = platform.STARTUP_TIMEOUT_DEFAULT
    for install in found:
        move = (
            "`systemDependencies` or the `install:` step"
            if install.system
            else "requirements.txt or the `install:` step"
        )
        message = (
            f"`{install.label}` in `run:` runs on every start and eats into the {timeout}-second "
            f"startup timeout — move it to {move}"
        )
        yield from _in_run(project, install.offsets, message)


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
    from ...analysis.python.reach import environments_note
    from ...analysis.run_checks import development_servers

    port = f"${{{platform.PORT_VARIABLE}}}"
    serve = f"use gunicorn (WSGI) or uvicorn (ASGI) bound to 0.0.0.0:{port} instead"
    for server in development_servers(project):
        framework = f"{server.framework}'s " if server.framework else "a "
        if server.offsets is not None:
            yield from _in_run(
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


@rule("EL509", "functions-mode-without-sdk", ERROR)
def functions_mode_without_sdk(project: Project) -> Iterator[Finding]:
    """`functionsMode: strict` is set but the served app does not go through the LeanCloud SDK.

    Why: with `functionsMode: strict` the deploy fetches the cloud functions' metadata from the
    SDK's engine (`leancloud.Engine`) and fails when it cannot; an app the SDK does not wrap
    has no such endpoint. Judged on what the platform serves: in WSGI mode `application` in
    `wsgi.py` (followed into the module it is imported from), in run mode the app the `run:`
    server imports or the app a script's server call starts (`Engine.start()` counts). It must
    be `leancloud.Engine(app)`, `engine.wrap(app)` or a middleware around one. Not reported when
    this cannot be decided (an app factory, a plain function).

    Example: `functionsMode: strict` with `application = app` (Flask) in `wsgi.py` →
    `application = leancloud.Engine(app)`, or remove `functionsMode`.
    """
    from ...parsers.engine_yaml import engine_config

    config = engine_config(project)
    if config is None or config.get("functionsMode") != "strict":
        return
    from ...analysis.app_model import app_model

    if app_model(project).served_through_sdk is not False:
        return
    span = config.value_span("functionsMode")
    if span is not None:
        yield Finding(
            "`functionsMode: strict` requires the LeanCloud SDK, but the served app is not "
            "wrapped by `leancloud.Engine`; the deploy fails when the platform cannot fetch "
            "function metadata",
            config.path,
            span,
        )


@rule("EL510", "no-health-endpoint", WARNING)
def no_health_endpoint(project: Project) -> Iterator[Finding]:
    """The app has no route for `/` and no LeanCloud SDK engine to answer the health check.

    Why: after each deploy and while the app runs the platform checks its health with `GET /`,
    which must return 2xx, unless the SDK's engine answers its own `/__engine/1/ping`; an app
    that answers 404 on `/` fails the check and the deploy is rolled back. Recognised routes:
    Flask/Quart `@app.route("/")` and `add_url_rule("/")`, FastAPI/Starlette `@app.get("/")`
    and `Route("/")`, Sanic, Bottle `@route("/")`, Tornado `(r"/", Handler)` and Django's root
    URLconf `path("")`/`re_path(r"^$")`. Silent when the framework is not recognised, when any
    route's path or owner cannot be followed (a blueprint or router that may be mounted at the
    root, an `include()`), when the served app cannot be followed to the framework's app (a
    plain WSGI function, an app factory), or when code creates a `leancloud.Engine`.

    Example: a Flask app whose routes are only `@app.route("/api/items")` → add
    `@app.route("/")` returning 200, or wrap the app: `application = leancloud.Engine(app)`.
    """
    from ...analysis.app_model import app_model

    model = app_model(project)
    # Only when the served app is, decidably, a framework's app without the engine around it.
    if model.served_through_sdk is not False or model.engines or not model.apps:
        return
    if model.serves_root() is not False:
        return
    app = model.apps[0]
    yield Finding(
        f"the {app.framework} app has no route for `/` and no LeanCloud SDK engine, so the "
        "platform's health check (`GET /` must return 2xx) fails; add a `/` route or wrap the "
        "app with `leancloud.Engine`",
        app.module.path,
        app.span,
    )


@rule("EL511", "acme-challenge-route", ERROR)
def acme_challenge_route(project: Project) -> Iterator[Finding]:
    """A route serves paths under `/.well-known/acme-challenge/`, which never reach the app.

    Why: the platform's load balancer never forwards requests under
    `/.well-known/acme-challenge/` to the app (the platform manages its domains' certificates),
    so the route is dead code and an ACME client relying on it never validates. Recognised for
    the same frameworks as EL510, including mounts
    (`app.mount("/.well-known/acme-challenge", StaticFiles(…))`) and regular-expression routes
    (Tornado, Django `re_path`).

    Example: `@app.route("/.well-known/acme-challenge/<token>")` → remove it; let the platform
    manage the domain's certificate.
    """
    from ...analysis.app_model import app_model

    for route in app_model(project).routes:
        if route.under_acme():
            yield Finding(
                f"the {route.framework} route `{route.path}` is under "
                "`/.well-known/acme-challenge/`, which the platform's load balancer never "
                "forwards to the app",
                route.module.path,
                route.span,
            )


@rule("EL512", "https-redirect-outside-engine", WARNING)
def https_redirect_outside_engine(project: Project) -> Iterator[Finding]:
    """`HttpsRedirectMiddleware` wraps the LeanCloud SDK engine instead of being wrapped by it.

    Why: the platform probes the app over plain HTTP; outside the engine the middleware also
    redirects the engine's own endpoints (`/__engine/1/ping`, cloud functions and hooks), so in
    production the health probe gets a 3xx instead of a 2xx. The SDK documents the middleware
    inside the engine. Reported when the middleware's app is,
    decidably, a `leancloud.Engine` (directly, through a name, or from another module).

    Example: `application = HttpsRedirectMiddleware(engine)` →
    `application = engine.wrap(HttpsRedirectMiddleware(app))`.
    """
    from ...analysis.app_model import app_model

    for call in app_model(project).redirects_around_engine:
        yield Finding(
            f"`{call.text}` wraps the LeanCloud engine, so in production the platform's health "
            "probe gets a redirect instead of a 2xx; put the middleware inside the engine: "
            "`engine.wrap(HttpsRedirectMiddleware(app))`",
            call.module.path,
            call.span,
        )
