"""Facts about the LeanCloud / TapTap Cloud Engine that the rules encode, in one place.

Every value here was read from the platform's public documentation, its deploy tool, its SDK or
its templates (see docs/platform.md for the sources). When the platform changes, this module is
the one edit; `AS_OF` says when these facts were last checked and is reported by
`enginelint --version` and in the JSON output. Results never depend on today's date.

Pure data, standard library only: it is imported on the start-up path.
"""

from __future__ import annotations

AS_OF = "2026-11"

# --- Detection and entry --------------------------------------------------------------------
WSGI_FILE = "wsgi.py"
REQUIREMENTS_FILE = "requirements.txt"
PYTHON_VERSION_FILE = ".python-version"
ENGINE_CONFIG_FILE = "leanengine.yaml"
RUNTIME_TXT_FILE = "runtime.txt"
LEANIGNORE_FILE = ".leanignore"
WSGI_CALLABLE = "application"

# The port the platform probes and passes in LEANCLOUD_APP_PORT (inferred from the FAQ and the
# uwsgi example `--http :3000`).
PLATFORM_PORT = 3000
PORT_VARIABLE = "LEANCLOUD_APP_PORT"
ENV_VARIABLE = "LEANCLOUD_APP_ENV"
# The values LEANCLOUD_APP_ENV has in the cloud; code is judged for both.
CLOUD_ENVIRONMENTS = ("stage", "production")

# --- Environment variables ------------------------------------------------------------------
# Set by the platform in the cloud (values are unknown to a linter, presence is certain).
PLATFORM_VARIABLES = (
    "LEANCLOUD_APP_ID",
    "LEANCLOUD_APP_KEY",
    "LEANCLOUD_APP_MASTER_KEY",
    "LEANCLOUD_APP_HOOK_KEY",
    "LEANCLOUD_APP_ENV",
    "LEANCLOUD_APP_PORT",
    "LEANCLOUD_API_SERVER",
    "LEANCLOUD_APP_GROUP",
    "LEANCLOUD_REGION",
    "LEANCLOUD_VERSION_TAG",
    "LEANCLOUD_AVAILABLE_CPUS",
)
# Set only by the local CLI (`lean up`), never in the cloud.
LOCAL_CLI_VARIABLES = ("LEANCLOUD_APP_DOMAIN", "LEAN_CLI_HAVE_STAGING")
DEPRECATED_VARIABLE_ALIASES = {
    "LC_APP_ID": "LEANCLOUD_APP_ID",
    "LC_APP_KEY": "LEANCLOUD_APP_KEY",
    "LC_APP_MASTER_KEY": "LEANCLOUD_APP_MASTER_KEY",
    "LC_APP_PORT": "LEANCLOUD_APP_PORT",
    "LC_APP_ENV": "LEANCLOUD_APP_ENV",
    "LC_API_SERVER": "LEANCLOUD_API_SERVER",
}

# --- Binding --------------------------------------------------------------------------------
LOOPBACK_NAMES = ("localhost", "ip6-localhost", "ip6-loopback", "localhost.localdomain")
ALL_INTERFACES = "0.0.0.0"

# Default (host, port) of servers started from the `run:` command when nothing says otherwise.
# None for the host means "all interfaces"; None for the port means "no default".
SERVER_DEFAULT_BINDS: dict[str, tuple[str | None, int | None]] = {
    "gunicorn": ("127.0.0.1", 8000),
    "uvicorn": ("127.0.0.1", 8000),
    "hypercorn": ("127.0.0.1", 8000),
    "daphne": ("127.0.0.1", 8000),
    "flask run": ("127.0.0.1", 5000),
    "runserver": ("127.0.0.1", 8000),
    # Django's runserver with -6/--ipv6 (django/core/management/commands/runserver.py).
    "runserver -6": ("::1", 8000),
    "waitress-serve": (None, 8080),
}

# Python calls that start a server (EL501), by callee: a function by its import path, a method
# by its receiver's constructor (`app = Flask(...)`; `app.run` is "flask.Flask.run"), "?.name"
# for a method on a receiver of unknown type. Value: (server, host position, host keyword,
# form, default host): form "host" is a host string (or a list of them), "address" a
# (host, port) tuple or "host:port" string. A default host is the bind when no host is given;
# None means all interfaces, or a default that is not loopback. Signatures and defaults from
# each project's documentation; PLATFORM.md "Servers' default binds".
PYTHON_SERVER_CALLS: dict[str, tuple[str, int | None, str | None, str, str | None]] = {
    "flask.Flask.run": ("Flask", 0, "host", "host", "127.0.0.1"),
    "flask.app.Flask.run": ("Flask", 0, "host", "host", "127.0.0.1"),
    "quart.Quart.run": ("Quart", 0, "host", "host", "127.0.0.1"),
    "quart.app.Quart.run": ("Quart", 0, "host", "host", "127.0.0.1"),
    "sanic.Sanic.run": ("Sanic", 0, "host", "host", "127.0.0.1"),
    "sanic.app.Sanic.run": ("Sanic", 0, "host", "host", "127.0.0.1"),
    "flask_socketio.SocketIO.run": ("Flask-SocketIO", 1, "host", "host", "127.0.0.1"),
    "?.run": ("", None, "host", "host", None),
    "?.listen": ("", None, "address", "host", None),
    "werkzeug.serving.run_simple": ("Werkzeug", 0, "hostname", "host", None),
    "werkzeug.run_simple": ("Werkzeug", 0, "hostname", "host", None),
    "werkzeug.serving.make_server": ("Werkzeug", 0, "host", "host", None),
    "wsgiref.simple_server.make_server": ("wsgiref", 0, "host", "host", None),
    "wsgiref.simple_server.WSGIServer": ("wsgiref", 0, "server_address", "address", None),
    "gevent.pywsgi.WSGIServer": ("gevent", 0, "listener", "address", None),
    "gevent.wsgi.WSGIServer": ("gevent", 0, "listener", "address", None),
    "gevent.server.StreamServer": ("gevent", 0, "listener", "address", None),
    "http.server.HTTPServer": ("http.server", 0, "server_address", "address", None),
    "http.server.ThreadingHTTPServer": ("http.server", 0, "server_address", "address", None),
    "socketserver.TCPServer": ("socketserver", 0, "server_address", "address", None),
    "socketserver.ThreadingTCPServer": ("socketserver", 0, "server_address", "address", None),
    "socketserver.ForkingTCPServer": ("socketserver", 0, "server_address", "address", None),
    "uvicorn.run": ("uvicorn", None, "host", "host", "127.0.0.1"),
    "waitress.serve": ("waitress", None, "host", "host", None),
    "bjoern.run": ("bjoern", 1, "host", "host", None),
    "bjoern.listen": ("bjoern", 1, "host", "host", None),
    "cheroot.wsgi.Server": ("cheroot", 0, "bind_addr", "address", None),
    "cheroot.wsgi.WSGIServer": ("cheroot", 0, "bind_addr", "address", None),
    "tornado.web.Application.listen": ("tornado", 1, "address", "host", None),
    "tornado.httpserver.HTTPServer.listen": ("tornado", 1, "address", "host", None),
    "tornado.httpserver.HTTPServer.bind": ("tornado", 1, "address", "host", None),
    "aiohttp.web.run_app": ("aiohttp", None, "host", "host", None),
    "aiohttp.web.TCPSite": ("aiohttp", 1, "host", "host", None),
    "asyncio.start_server": ("asyncio", 1, "host", "host", None),
    "socket.socket.bind": ("socket", 0, None, "address", None),
    "socket.create_server": ("socket", 0, "address", "address", None),
}
# Settings that name binds as "host:port" strings (space-separated, or a list of them):
# `waitress.serve(app, listen="127.0.0.1:8080")`, hypercorn's `config.bind = ["…"]`.
PYTHON_SERVER_LISTEN_KEYWORDS: dict[str, str] = {"waitress.serve": "listen"}
PYTHON_SERVER_BIND_SETTINGS: dict[str, str] = {"hypercorn.config.Config.bind": "Hypercorn"}

# Constructors of applications the platform's WSGI mode cannot serve (EL104): ASGI apps and
# aiohttp's own. Bare names are there for when the import cannot be seen (a star import).
ASGI_APP_FACTORIES: dict[str, str] = {
    "fastapi.FastAPI": "FastAPI",
    "fastapi.applications.FastAPI": "FastAPI",
    "FastAPI": "FastAPI",
    "starlette.applications.Starlette": "Starlette",
    "Starlette": "Starlette",
    "quart.Quart": "Quart",
    "quart.app.Quart": "Quart",
    "Quart": "Quart",
    "sanic.Sanic": "Sanic",
    "sanic.app.Sanic": "Sanic",
    "Sanic": "Sanic",
    "aiohttp.web.Application": "aiohttp",
    "aiohttp.web_app.Application": "aiohttp",
    "web.Application": "aiohttp",
    "litestar.Litestar": "Litestar",
    "litestar.app.Litestar": "Litestar",
    "Litestar": "Litestar",
    "django.core.asgi.get_asgi_application": "Django ASGI",
    "get_asgi_application": "Django ASGI",
}

# --- Python version -------------------------------------------------------------------------
# Names pyenv accepts that are not CPython, or CPython distributions the platform does not run.
NON_CPYTHON_PREFIXES = (
    "pypy",
    "jython",
    "ironpython",
    "graalpy",
    "graalpython",
    "stackless",
    "micropython",
    "pyston",
    "anaconda",
    "miniconda",
    "miniforge",
    "mambaforge",
    "activepython",
    "cinder",
    "nogil",
    "pyodide",
)
NON_CPYTHON_EXACT = ("system",)
# The version messages suggest: supported upstream (as of AS_OF) and the newest line the
# LeanCloud SDK still installs on (its gevent pin has no CPython 3.12+ builds, SDK issue #560).
SUGGESTED_PYTHON_VERSION = "3.11"
