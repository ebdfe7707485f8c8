"""EL510, EL511: the routes the served app answers, as the platform's traffic meets them.

The platform checks the app's health with `GET /` (unless the SDK's engine answers its own
ping), and its load balancer keeps `/.well-known/acme-challenge/` for itself. Both rules read
the routes of the recognised frameworks off the app model (`app_model`), and stay quiet where
the model says the routes cannot be known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...diagnostics import ERROR, WARNING, Finding
from ...rulespec import rule
from .app_model import app_model

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ...project import Project


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
    for route in app_model(project).routes:
        if route.under_acme():
            yield Finding(
                f"the {route.framework} route `{route.path}` is under "
                "`/.well-known/acme-challenge/`, which the platform's load balancer never "
                "forwards to the app",
                route.module.path,
                route.span,
            )
