"""What the app model recognises of each web framework: the objects that hold routes, the calls
that create an app the platform may serve, the methods and functions that register routes, and
the names Django's URLconf is written with. Data only, so a new framework is an edit here.
"""

from __future__ import annotations

# Objects that hold routes, by constructor: (framework, whether it is a group whose routes get
# a prefix when it is registered: a Flask blueprint, a FastAPI router).
ROUTE_HOLDERS: dict[str, tuple[str, bool]] = {
    "flask.Flask": ("Flask", False),
    "flask.app.Flask": ("Flask", False),
    "flask.Blueprint": ("Flask", True),
    "flask.blueprints.Blueprint": ("Flask", True),
    "quart.Quart": ("Quart", False),
    "quart.app.Quart": ("Quart", False),
    "quart.Blueprint": ("Quart", True),
    "sanic.Sanic": ("Sanic", False),
    "sanic.app.Sanic": ("Sanic", False),
    "sanic.Blueprint": ("Sanic", True),
    "fastapi.FastAPI": ("FastAPI", False),
    "fastapi.applications.FastAPI": ("FastAPI", False),
    "fastapi.APIRouter": ("FastAPI", True),
    "fastapi.routing.APIRouter": ("FastAPI", True),
    "starlette.applications.Starlette": ("Starlette", False),
    "bottle.Bottle": ("Bottle", False),
    "bottle.default_app": ("Bottle", False),
    "tornado.web.Application": ("Tornado", False),
}
# Objects that are an app the platform may serve, by constructor (EL509: not the SDK engine).
APP_FACTORIES: dict[str, str] = {
    **{name: framework for name, (framework, group) in ROUTE_HOLDERS.items() if not group},
    "django.core.wsgi.get_wsgi_application": "Django",
    "django.core.handlers.wsgi.WSGIHandler": "Django",
}
# Methods that register one route; the path is the first argument or one of these keywords.
ROUTE_METHODS = frozenset(
    {
        "route",
        "get",
        "post",
        "put",
        "delete",
        "patch",
        "head",
        "options",
        "api_route",
        "websocket",
        "websocket_route",
        "add_url_rule",
        "add_api_route",
        "add_route",
        "add_websocket_route",
    }
)
PATH_KEYWORDS = ("rule", "path", "uri")
# Route methods that never answer GET (the health check's method).
NOT_GET = frozenset(
    {"post", "put", "delete", "patch", "options", "websocket", "websocket_route"}
    | {"add_websocket_route"}
)
# Methods whose name alone says routing happens; on an object enginelint cannot identify they
# make the routes undecidable. The short HTTP-verb names count only as decorators.
UNAMBIGUOUS = frozenset(
    {
        "route",
        "api_route",
        "add_url_rule",
        "add_api_route",
        "add_route",
        "register_blueprint",
        "include_router",
        "add_handlers",
        "websocket_route",
    }
)
# Module-level route functions: qualname → (framework, kind).
ROUTE_FUNCTIONS: dict[str, tuple[str, str]] = {
    **{f"bottle.{m}": ("Bottle", "route") for m in ("route", "get", "post", "put", "delete")},
    "starlette.routing.Route": ("Starlette", "route"),
    "starlette.routing.WebSocketRoute": ("Starlette", "route"),
    "starlette.routing.Mount": ("Starlette", "mount"),
    "tornado.web.url": ("Tornado", "pattern"),
    "tornado.routing.URLSpec": ("Tornado", "pattern"),
    "tornado.web.URLSpec": ("Tornado", "pattern"),
}
DJANGO_PATH = frozenset({"django.urls.path"})
DJANGO_REGEX = frozenset({"django.urls.re_path", "django.conf.urls.url"})
DJANGO_INCLUDE = frozenset({"django.urls.include", "django.conf.urls.include"})
DJANGO_I18N = "django.conf.urls.i18n.i18n_patterns"
DJANGO_SETTINGS = "DJANGO_SETTINGS_MODULE"
ENVIRON_SETDEFAULT = frozenset({"os.environ.setdefault"})
