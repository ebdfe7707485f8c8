"""EL509, EL512: the LeanCloud SDK's engine in front of the served app.

`functionsMode: strict` needs the engine's function metadata, and `HttpsRedirectMiddleware`
belongs inside the engine, not around it. Both rules read the app model (`app_model`): whether
the app the platform serves goes through a `leancloud.Engine`, and which middleware wraps one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...diagnostics import ERROR, WARNING, Finding
from ...rulespec import rule
from .app_model import app_model

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ...project import Project


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
    for call in app_model(project).redirects_around_engine:
        yield Finding(
            f"`{call.text}` wraps the LeanCloud engine, so in production the platform's health "
            "probe gets a redirect instead of a 2xx; put the middleware inside the engine: "
            "`engine.wrap(HttpsRedirectMiddleware(app))`",
            call.module.path,
            call.span,
        )
