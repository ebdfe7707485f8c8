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
# The leanengine.yaml keys holding the start command: `run`, and `cmd`, its old name (the
# platform's docs), honoured until renamed (EL403 offers the fix).
RUN_COMMAND_KEYS = ("run", "cmd")

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
# The startup check's budget when leanengine.yaml sets no `startupTimeout` (PLATFORM.md
# "Detection and entry"); a `run:` that installs packages spends it on every start (EL507).
STARTUP_TIMEOUT_DEFAULT = 30
# Frameworks whose `app.run()` (keys of PYTHON_SERVER_CALLS) is a development server (EL508):
# Flask's and Quart's own docs say not to use it in production. Sanic's `app.run()` is its
# production server, so it is left out.
DEVELOPMENT_SERVER_FRAMEWORKS = ("Flask", "Quart")
# `run:` servers that are development servers (EL508), by `Server.name`.
DEVELOPMENT_SERVERS = ("flask run", "runserver")

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
# Where the port goes in the server calls of PYTHON_SERVER_CALLS (EL502/EL503), by the same key:
# (port position, port keyword, default port). Servers whose address form is a (host, port)
# tuple or "host:port" string carry the port there and are not listed. The default is the
# port when none is given (None: no default, or the call does not run without one). Defaults
# from each project's documentation; PLATFORM.md "Servers' default binds".
PYTHON_SERVER_PORTS: dict[str, tuple[int | None, str | None, int | None]] = {
    "flask.Flask.run": (1, "port", 5000),
    "flask.app.Flask.run": (1, "port", 5000),
    "quart.Quart.run": (1, "port", 5000),
    "quart.app.Quart.run": (1, "port", 5000),
    "sanic.Sanic.run": (1, "port", 8000),
    "sanic.app.Sanic.run": (1, "port", 8000),
    "flask_socketio.SocketIO.run": (2, "port", 5000),
    "?.run": (None, "port", None),
    "?.listen": (None, "port", None),
    "werkzeug.serving.run_simple": (1, "port", None),
    "werkzeug.run_simple": (1, "port", None),
    "werkzeug.serving.make_server": (1, "port", None),
    "wsgiref.simple_server.make_server": (1, "port", None),
    "uvicorn.run": (None, "port", 8000),
    "waitress.serve": (None, "port", 8080),
    "bjoern.run": (2, "port", None),
    "bjoern.listen": (2, "port", None),
    "tornado.web.Application.listen": (0, "port", None),
    "tornado.httpserver.HTTPServer.listen": (0, "port", None),
    "tornado.httpserver.HTTPServer.bind": (0, "port", None),
    "aiohttp.web.run_app": (None, "port", 8080),
    "aiohttp.web.TCPSite": (2, "port", 8080),
    "asyncio.start_server": (2, "port", None),
}

# --- The LeanCloud SDK in code (EL509, EL510, EL512) ------------------------------------------
# The SDK's WSGI engine: it answers /__engine/1/ping (the health check) and the function
# metadata `functionsMode: strict` needs (leancloud/python-sdk:leancloud/engine/__init__.py).
LEANCLOUD_ENGINE_CLASSES = frozenset({"leancloud.Engine", "leancloud.engine.Engine"})
# `engine.wrap(app)` returns the engine around `app`; `Engine.start()` serves it on its own.
LEANCLOUD_ENGINE_WRAP = "wrap"
LEANCLOUD_ENGINE_START = "start"
LEANCLOUD_HTTPS_REDIRECT = frozenset(
    {
        "leancloud.HttpsRedirectMiddleware",
        "leancloud.engine.HttpsRedirectMiddleware",
        "leancloud.engine.https_redirect_middleware.HttpsRedirectMiddleware",
    }
)
# Which argument of a server call of PYTHON_SERVER_CALLS is the app it serves (EL509): (position,
# keyword); position -1 means the call's receiver (`app.run()`). From each server's signature.
PYTHON_SERVER_APPS: dict[str, tuple[int, str | None]] = {
    "flask.Flask.run": (-1, None),
    "flask.app.Flask.run": (-1, None),
    "quart.Quart.run": (-1, None),
    "quart.app.Quart.run": (-1, None),
    "sanic.Sanic.run": (-1, None),
    "sanic.app.Sanic.run": (-1, None),
    "flask_socketio.SocketIO.run": (0, "app"),
    "werkzeug.serving.run_simple": (2, "application"),
    "werkzeug.run_simple": (2, "application"),
    "werkzeug.serving.make_server": (2, "app"),
    "wsgiref.simple_server.make_server": (2, "app"),
    "gevent.pywsgi.WSGIServer": (1, "application"),
    "gevent.wsgi.WSGIServer": (1, "application"),
    "uvicorn.run": (0, "app"),
    "waitress.serve": (0, "app"),
    "bjoern.run": (0, "wsgi_app"),
    "cheroot.wsgi.Server": (1, "wsgi_app"),
    "cheroot.wsgi.WSGIServer": (1, "wsgi_app"),
    "tornado.web.Application.listen": (-1, None),
}
# The path prefix the load balancer never forwards (PLATFORM.md "Load balancer").
ACME_CHALLENGE_PREFIX = "/.well-known/acme-challenge/"

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

# --- Deploy packaging (.leanignore) -----------------------------------------------------------
# The deploy tool these facts describe: lean-cli 1.2.4 (leancloud/lean-cli, May 2023), with the
# facebookgo/parseignore and facebookgo/symwalk revisions its go.mod pins, built with the Go of
# its release (1.20: regexp and filepath.Match semantics, Unicode 13 tables).
LEAN_CLI_VERSION = "1.2.4"
# What `lean deploy` excludes when the project has no .leanignore: it writes the defaults of the
# runtime *it* detects, joined with CRLF (leancloud/lean-cli:runtimes/ignorefiles.go); none for
# runtimes without a list (`cloudcode`, `go`, and a project it does not recognise).
_LEANIGNORE_COMMON = (".git/", ".DS_Store", ".avoscloud/", ".leancloud/")
DEFAULT_LEANIGNORE_PYTHON = (*_LEANIGNORE_COMMON, "venv", "*.pyc", "__pycache__/")
DEFAULT_LEANIGNORE = {
    "python": DEFAULT_LEANIGNORE_PYTHON,
    "node.js": (*_LEANIGNORE_COMMON, "node_modules/"),
    "static": (*_LEANIGNORE_COMMON, "node_modules/"),
    "java": (*_LEANIGNORE_COMMON, ".project", ".classpath", ".settings/", "target/"),
    "php": (*_LEANIGNORE_COMMON, "vendor/"),
    "dotnet": (*_LEANIGNORE_COMMON, "web/bin/", "web/obj/"),
}
# Files whose presence makes lean-cli pick Node.js before it looks for Python
# (leancloud/lean-cli:runtimes/runtime.go checks these first).
NODE_MAIN_FILE = "cloud/main.js"
NODE_SERVER_FILE = "server.js"
NODE_PACKAGE_FILE = "package.json"
# After Python, in this order (leancloud/lean-cli:runtimes/runtime.go `DetectRuntime`): the
# runtime name lean-cli gives, and the files that make it (all of them; any one of them when the
# entry is marked "any").
LEAN_CLI_LATER_RUNTIMES = (
    ("php", ("composer.json", "public/index.php"), "all"),
    ("java", ("pom.xml", "gradlew"), "any"),
    ("dotnet", ("app.sln",), "all"),
    ("static", ("index.html", "static.json"), "any"),
    ("go", ("go.mod",), "all"),
)
# lean-cli's own refusal of a `.python-version` that does not start with `2.` or `3.`.
LEAN_CLI_PYENV_ERROR = (
    "Wrong pyenv version. We only support CPython. Please check and correct .python-version"
)

# --- Python version: CPython lines (EL303, EL304, EL306, EL307, EL309) ---------------------
# A table to refresh with every CPython release. Newest patch release per line: checked up to
# 2026-05 against pyenv 2.6.30's python-build definitions (3.10.20, 3.11.15, 3.12.13, 3.13.13,
# 3.14.4); later values are upper estimates through AS_OF from the release cadence of PEP 602
# (bug fixes every two months, security fixes as needed), kept high on purpose so that a real
# release is never reported as unknown. 3.15 is in development as of AS_OF (PLATFORM.md);
# PEP 790 schedules 3.15.0 for 2026-10, so 3.15.0 is not called unknown either.
PYTHON_NEWEST_PATCH: dict[tuple[int, int], int] = {
    (2, 0): 1,
    (2, 1): 3,
    (2, 2): 3,
    (2, 3): 7,
    (2, 4): 6,
    (2, 5): 6,
    (2, 6): 9,
    (2, 7): 18,
    (3, 0): 1,
    (3, 1): 5,
    (3, 2): 6,
    (3, 3): 7,
    (3, 4): 10,
    (3, 5): 10,
    (3, 6): 15,
    (3, 7): 17,
    (3, 8): 20,
    (3, 9): 25,
    (3, 10): 22,
    (3, 11): 17,
    (3, 12): 15,
    (3, 13): 17,
    (3, 14): 9,
    (3, 15): 0,
}
# Lines past end of life as of AS_OF, with the month support ended ("" where not recorded);
# from python.org's status page and the release PEPs (3.9 on 2025-10, 3.10 on 2026-10).
PYTHON_END_OF_LIFE: dict[tuple[int, int], str] = {
    (2, 0): "",
    (2, 1): "",
    (2, 2): "",
    (2, 3): "",
    (2, 4): "",
    (2, 5): "",
    (2, 6): "2013-10",
    (2, 7): "2020-01",
    (3, 0): "2009-06",
    (3, 1): "2012-04",
    (3, 2): "2016-02",
    (3, 3): "2017-09",
    (3, 4): "2019-03",
    (3, 5): "2020-09",
    (3, 6): "2021-12",
    (3, 7): "2023-06",
    (3, 8): "2024-10",
    (3, 9): "2025-10",
    (3, 10): "2026-10",
}
# Lines with no final release as of AS_OF: only pre-releases and `-dev` exist (PLATFORM.md).
PYTHON_DEVELOPMENT_LINES = ((3, 15),)
# What a project without `.python-version` gets in a new app group: the newest stable line.
PYTHON_DEFAULT_LINE = max(
    line for line in PYTHON_NEWEST_PATCH if line not in PYTHON_DEVELOPMENT_LINES
)
# The newest `X.Y-dev` branch pyenv offers: CPython's main branch became 3.16 at 3.15.0b1
# (2026-05), and pyenv has `3.16-dev` but no 3.16 release.
PYTHON_NEWEST_DEV_BRANCH = (3, 16)
# Free-threaded (`t`) builds exist from 3.13 on (PEP 703; pyenv's `3.13.0t`).
PYTHON_FREE_THREADED_SINCE = (3, 13)
# Without `.python-version` the platform picks the newest stable CPython, or 2.7 for app groups
# created before this date (the runtime doc, "Python version").
PYTHON_DEFAULT_CUTOFF_DATE = "2021-09-02"
PYTHON_LEGACY_DEFAULT = "2.7"

# --- The pip each CPython release brings (EL203 and the requirements rules, `plan`) -----------
# The platform installs the CPython `.python-version` names with pyenv (the runtime doc), whose
# build runs the interpreter's own `ensurepip`: the install step uses the pip that CPython release
# bundles. Nothing in the platform's documentation says it upgrades pip, so enginelint assumes it
# does not. The bundled pip changes within a line, so each line lists (first patch, pip) steps.
# Sources: [V] read on 2026-11 from the `_PIP_VERSION` and the wheel in `Lib/ensurepip/_bundled/`
# of an installed CPython (2.7.18, 3.6.15, 3.7.16, 3.8.18, 3.9.18, 3.10.13, 3.11.7, 3.12.1,
# 3.13.0); [C] the "Update bundled pip" entries of CPython's changelogs and the ensurepip commits
# they name (bpo-46985 22.0.4 on 3.8; gh-101997 23.0.1 on 3.8, 3.9, 3.11; gh-113246 23.3.2 on
# 3.11, 3.12; gh-126188 24.3.1 on 3.12, 3.13; gh-144538 26.0.1; gh-150685 26.1.2 in 3.14.6);
# the other steps are from the changelogs of the releases named. docs/platform.md lists them.
PYTHON_BUNDLED_PIP: dict[tuple[int, int], tuple[tuple[int, str], ...]] = {
    (2, 7): ((9, "1.5.6"), (10, "6.1.1"), (11, "7.1.2"), (12, "8.1.1"), (13, "9.0.1"),
             (15, "9.0.3"), (16, "18.1"), (17, "19.2.3")),  # 2.7.18 [V]
    (3, 4): ((0, "1.5.6"), (4, "7.1.2"), (5, "8.1.1"), (6, "9.0.1")),
    (3, 5): ((0, "7.1.2"), (2, "8.1.1"), (3, "9.0.1"), (6, "18.1")),
    (3, 6): ((0, "9.0.1"), (5, "9.0.3"), (6, "10.0.1"), (8, "18.1")),  # 3.6.15 [V]
    (3, 7): ((0, "10.0.1"), (2, "18.1"), (3, "19.0.3"), (5, "19.2.3"), (8, "20.1.1"),
             (13, "22.0.4")),  # 3.7.16 [V]
    (3, 8): ((0, "19.2.3"), (4, "20.1.1"), (6, "20.2.1"), (7, "20.2.3"), (10, "21.1.1"),
             (13, "22.0.4"), (17, "23.0.1")),  # 3.8.13 [C], 3.8.17 [C], 3.8.18 [V]
    (3, 9): ((0, "20.2.3"), (5, "21.1.1"), (6, "21.1.3"), (7, "21.2.3"), (9, "21.2.4"),
             (11, "22.0.4"), (17, "23.0.1")),  # 3.9.17 [C], 3.9.18 [V]
    (3, 10): ((0, "21.2.3"), (1, "21.2.4"), (3, "22.0.4"), (6, "22.2.1"), (7, "22.2.2"),
              (9, "22.3.1"), (11, "23.0.1")),  # 3.10.13 [V]
    (3, 11): ((0, "22.3"), (1, "22.3.1"), (3, "23.0.1"), (4, "23.1.2"), (5, "23.2.1"),
              (8, "23.3.2"), (9, "24.0")),  # 3.11.7 [V], 3.11.8 [C]
    (3, 12): ((0, "23.2.1"), (2, "23.3.2"), (3, "24.0"), (5, "24.2"), (8, "24.3.1"),
              (10, "25.0.1")),  # 3.12.1 [V], 3.12.2 [C], 3.12.8 [C]
    (3, 13): ((0, "24.2"), (1, "24.3.1"), (3, "25.0.1"), (4, "25.1.1"), (6, "25.2"),
              (9, "25.3"), (12, "26.0.1")),  # 3.13.0 [V], 3.13.1 [C]
    (3, 14): ((0, "25.2"), (1, "25.3"), (3, "26.0.1"), (6, "26.1.2")),  # 3.14.6 [C]
}  # fmt: skip

# --- Requirements: packages pip cannot install, or should not (EL211, EL212) -----------------
# PEP 503 names whose install fails whatever the version, with the reason and what to write.
NOT_INSTALLABLE_PACKAGES: dict[str, tuple[str, str]] = {
    # `pip freeze` on Debian/Ubuntu lists the distro-patched pip's `pkg-resources==0.0.0`;
    # PyPI has no such distribution (pkg_resources ships inside setuptools).
    "pkg-resources": ("is an artefact of `pip freeze` on Debian/Ubuntu, not a package", ""),
    # PyPI has no `python` distribution; the interpreter comes from `.python-version`.
    "python": ("is the interpreter, which pip cannot install", ""),
    # The `sklearn` stub on PyPI raises on install since 2023-12 (its own project description).
    "sklearn": ("is a deprecated stub whose install always fails", "scikit-learn"),
    # PIL's PyPI page has no installable files since the external-hosting removal (PEP 470).
    "pil": ("has no installable files on PyPI", "Pillow"),
}
# PEP 503 names of dead or renamed distributions: what replaced them and why.
DEPRECATED_PACKAGES: dict[str, tuple[str, str]] = {
    # PLATFORM.md "LeanCloud Python SDK": the old, unmaintained SDK distribution.
    "leancloud-sdk": ("leancloud", "the old, unmaintained LeanCloud SDK"),
    # Unmaintained since 2013 with known vulnerabilities; its README points to PyCryptodome.
    "pycrypto": ("pycryptodome", "unmaintained since 2013 and does not build on current Python"),
    # Renamed to `msgpack` in 0.5 (msgpack-python's own deprecation notice).
    "msgpack-python": ("msgpack", "renamed to `msgpack` and no longer released"),
}

# --- LeanCloud Python SDK (EL214, EL305) ------------------------------------------------------
# As of AS_OF; from the `install_requires` of setup.py at each release tag of
# leancloud/python-sdk and its changelog (the enginelint data note leancloud-sdk-pins.md).
LEANCLOUD_SDK_NAME = "leancloud"
# Every release on PyPI, oldest first (`pip index versions leancloud`, 2026-11).
LEANCLOUD_SDK_RELEASES = (
    "1.13.0", "2.0.0", "2.1.0", "2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.1.5", "2.1.6", "2.1.7",
    "2.1.8", "2.1.9", "2.1.10", "2.1.11", "2.1.12", "2.1.13", "2.1.14", "2.2.0", "2.3.0",
    "2.4.0", "2.5.0", "2.5.1", "2.6.0", "2.6.1", "2.7.0", "2.7.1", "2.8.0", "2.8.1", "2.9.0",
    "2.9.1", "2.9.2", "2.9.3", "2.9.4", "2.9.5", "2.9.6", "2.9.7", "2.9.8", "2.9.9", "2.9.10",
    "2.9.11", "2.9.12", "3.0.0", "3.0.1", "3.0.2",
)  # fmt: skip
# (first release, last release, {PEP 503 dependency: specifier[; PEP 508 marker]}): only the
# pins that decide whether a project's requirements can be installed with the SDK. Releases in
# no row (1.13.0, 2.1.4–2.1.10) have pins nobody recorded, so no rule judges them.
_GEVENT_1 = ">=1.0.2,<2.0.0"
_GEVENT_21 = ">=21.1.0,<22.0.0"
_GEVENT_22 = ">=22.10.2,<23.0.0"
_REQUESTS_OLD = {"requests": ">=2.20.0,<=2.22.0", "urllib3": ">=1.24.3,<=1.25.3"}
LEANCLOUD_SDK_PINS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("2.0.0", "2.1.3", {"requests": ">=2.12.1"}),
    ("2.1.11", "2.1.11", {"gevent": _GEVENT_1, **_REQUESTS_OLD}),
    (
        "2.1.12",
        "2.1.12",
        {"gevent": _GEVENT_1, "requests": ">=2.20.0,<2.22.0", "urllib3": ">=1.24.3,<1.25.0"},
    ),
    ("2.1.13", "2.5.0", {"gevent": _GEVENT_1, **_REQUESTS_OLD}),
    ("2.5.1", "2.6.0", {"gevent": _GEVENT_1, "werkzeug": ">=0.11.11,<1.0.0", **_REQUESTS_OLD}),
    (
        "2.6.1",
        "2.9.0",
        {
            "gevent": _GEVENT_1,
            "werkzeug": ">=0.16.0",
            "secure-cookie": ">=0.1.0,<1.0.0",
            **_REQUESTS_OLD,
        },
    ),
    (
        "2.9.1",
        "2.9.2",
        {
            "gevent": _GEVENT_21,
            "werkzeug": ">=0.16.0,<=2.0.0",
            "requests": ">=2.25.1",
            "secure-cookie": "<1.0.0",
        },
    ),
    (
        "2.9.3",
        "2.9.10",
        {
            "gevent": _GEVENT_21,
            "werkzeug": ">=0.16.0,<2.0.0",
            "requests": ">=2.25.1",
            "secure-cookie": "<1.0.0",
        },
    ),
    (
        "2.9.11",
        "2.9.11",
        {
            "gevent": _GEVENT_21,
            "werkzeug": ">=0.16.0,<2.0.0",
            "requests": ">=2.25.1",
            "secure-cookie": "<1.0.0",
            "markupsafe": "<=2.0.1",
        },
    ),
    (
        "2.9.12",
        "3.0.0",
        {"gevent": _GEVENT_22, "werkzeug": ">=0.16.0,<2.0.0", "markupsafe": "<=2.0.1"},
    ),
    (
        "3.0.1",
        "3.0.1",
        {
            "gevent": _GEVENT_22,
            "werkzeug": ">=0.16.0,<2.0.0",
            "markupsafe": "<=2.0.1",
            "requests-toolbelt": ">=1.0.0",
        },
    ),
    (
        "3.0.2",
        "3.0.2",
        {
            "gevent": _GEVENT_22,
            "werkzeug": ">=0.16.0,<2.0.0",
            "markupsafe": "<=2.0.1",
            "requests": "<=2.31.0; python_version >= '3.7'",
            "urllib3": "<=1.26.18; python_version >= '3.7'",
        },
    ),
)
# The SDK's issue about its gevent pin on new Pythons (leancloud/python-sdk, still open).
LEANCLOUD_SDK_GEVENT_ISSUE = "leancloud/python-sdk#560"
# (Python major.minor from which on, the first gevent release with wheels or buildable sources
# for it): gevent 23.9.0 was the first with CPython 3.12 support (gevent's changelog).
GEVENT_FIRST_RELEASE_FOR_PYTHON: tuple[tuple[tuple[int, int], str], ...] = (((3, 12), "23.9.0"),)
# (first SDK release, Python lines it dropped): SDK 3.0.0's changelog drops 2.7 and 3.5. The SDK
# sets no `python_requires`, so it still installs there, unsupported.
LEANCLOUD_SDK_DROPPED_PYTHONS: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = (
    ("3.0.0", ((2, 7), (3, 5))),
)
# Frameworks whose releases require a minimum of a dependency the SDK caps:
# (framework, first framework release, dependency, specifier every later release requires),
# from each framework release's own metadata; a later row refines an earlier one (a row may
# understate a floor, never overstate it). Flask 2.0.0 and 2.1.x require Werkzeug>=2.0, and
# 2.2.0 Werkzeug>=2.2.0, later releases more.
FRAMEWORK_DEPENDENCY_FLOORS: tuple[tuple[str, str, str, str], ...] = (
    ("flask", "2.0.0", "werkzeug", ">=2.0"),
    ("flask", "2.2.0", "werkzeug", ">=2.2.0"),
)

# --- Security and platform hygiene (EL601-EL605) ---------------------------------------------
# The variables that hold the app's credentials, by the kind of credential (PLATFORM.md
# "Environment variables the platform sets"): EL602 names the one to read instead of a literal.
CREDENTIAL_VARIABLES: dict[str, str] = {
    "App ID": "LEANCLOUD_APP_ID",
    "App Key": "LEANCLOUD_APP_KEY",
    "Master Key": "LEANCLOUD_APP_MASTER_KEY",
    "Hook Key": "LEANCLOUD_APP_HOOK_KEY",
}
# `leancloud.init(app_id, app_key=None, master_key=None, hook_key=None)`
# (leancloud/python-sdk:leancloud/client.py): which argument is which credential.
SDK_INIT_ARGUMENTS: tuple[tuple[str, str], ...] = (
    ("app_id", "App ID"),
    ("app_key", "App Key"),
    ("master_key", "Master Key"),
    ("hook_key", "Hook Key"),
)
# The words a name starts a LeanCloud setting with (EL602): `LEANCLOUD_APP_ID` (the platform),
# `LC_APP_ID` (the templates' older names, the SDK's `LC_API_SERVER`), `LEAN_APP_ID` (the SDK's
# `LEAN_CLI_HAVE_STAGING`, TapTap samples); `LeanCloud` in camel case splits into `lean`.
CREDENTIAL_NAME_PREFIXES = frozenset({"leancloud", "lean", "lc"})
# What each credential looks like, as regular expressions over the whole value (EL602).
# LeanCloud: an App ID is 24 letters and digits, followed since the regions split by `-` and an
# 8-character region suffix the SDK picks the API domain by (leancloud/python-sdk:
# leancloud/app_router.py: `-9Nh9j0Va` East China, `-MdYXbMMI` International, anything else
# China North, whose IDs end in `-gzGzoHsz`); App, Master and Hook Keys are 24 letters and
# digits; apps from the AVOS Cloud years have 48-character lower-case IDs and keys (the SDK's
# own tests, 2015); a Master Key sent as a REST header carries `,master`. TapTap developer
# services: the Client ID (18) is the App ID, the Client Token (40) the App Key, the Server
# Secret (32) the Master Key.
CREDENTIAL_SHAPES: dict[str, tuple[str, ...]] = {
    "App ID": (r"[A-Za-z0-9]{24}(?:-[A-Za-z0-9]{8})?", r"[A-Za-z0-9]{18}", r"[a-z0-9]{48}"),
    "App Key": (r"[A-Za-z0-9]{24}", r"[A-Za-z0-9]{40}", r"[a-z0-9]{48}"),
    "Master Key": (r"(?:[A-Za-z0-9]{24}|[A-Za-z0-9]{32}|[a-z0-9]{48})(?:,master)?",),
    "Hook Key": (r"[A-Za-z0-9]{24}",),
}
# Hosts of LeanCloud's APIs and apps, as regular expressions over a lower-cased host name: the
# region domains the SDKs' app router hands out (`<prefix>.api.lncld.net`, `.lncldglobal.com`,
# `.lncldapi.com`), the legacy fixed hosts (`api.leancloud.cn`, `us-api.leancloud.cn`,
# `e1-api.leancloud.cn`, `app-router.leancloud.cn`) and the engine's own domains
# (`*.engine.lncld.net`). The platform passes the right one in LEANCLOUD_API_SERVER.
API_HOST_PATTERNS: tuple[str, ...] = (
    r"(?:[a-z0-9-]+\.)*lncld\.net",
    r"(?:[a-z0-9-]+\.)*lncldglobal\.com",
    r"(?:[a-z0-9-]+\.)*lncldapi\.com",
    r"(?:[a-z0-9-]+\.)*[a-z0-9-]*api\.leancloud\.cn",
    r"app-router\.leancloud\.cn",
)
API_SERVER_VARIABLE = "LEANCLOUD_API_SERVER"
# Where an app may write files (PLATFORM.md "Load balancer, disk, build": temporary only, under
# /home/leanengine or /tmp); paths under the kernel's pseudo-filesystems are not storage.
WRITABLE_PREFIXES = ("/tmp", "/home/leanengine")
NOT_STORAGE_PREFIXES = ("/dev", "/proc", "/sys")
# Calls that start a debugger reachable over HTTP, by callee: the parameter that turns it on and
# its position (None: keyword only). All default to off (Flask/Quart/Sanic/Flask-SocketIO
# `run(debug=None)`, Werkzeug `run_simple(..., use_debugger=False)`, `DebuggedApplication(app,
# evalex=False)`), so only a true value given counts.
DEBUG_CALLS: dict[str, tuple[str, int | None]] = {
    "flask.Flask.run": ("debug", 2),
    "flask.app.Flask.run": ("debug", 2),
    "quart.Quart.run": ("debug", None),
    "quart.app.Quart.run": ("debug", None),
    "sanic.Sanic.run": ("debug", None),
    "sanic.app.Sanic.run": ("debug", None),
    "flask_socketio.SocketIO.run": ("debug", None),
    "werkzeug.serving.run_simple": ("use_debugger", 4),
    "werkzeug.run_simple": ("use_debugger", 4),
    "werkzeug.debug.DebuggedApplication": ("evalex", 1),
    "werkzeug.DebuggedApplication": ("evalex", 1),
}
# Application classes whose `debug` attribute and `config["DEBUG"]` turn the debugger on.
DEBUG_APP_CLASSES = ("flask.Flask", "flask.app.Flask", "quart.Quart", "quart.app.Quart")
# Django reads its settings from the module this variable names; `DEBUG` and `DATABASES` there.
DJANGO_SETTINGS_VARIABLE = "DJANGO_SETTINGS_MODULE"
DJANGO_SQLITE_ENGINE = "django.db.backends.sqlite3"


# --- The pip each CPython line brings, as `plan` names it -------------------------------------
# The release of each line whose bundled pip was read off an interpreter (the [V] rows of
# `PYTHON_BUNDLED_PIP`); `plan` names that release's pip, from the one table above.
PYTHON_VERIFIED_RELEASES = {
    (2, 7): 18, (3, 6): 15, (3, 7): 16, (3, 8): 18, (3, 9): 18, (3, 10): 13, (3, 11): 7,
    (3, 12): 1, (3, 13): 0,
}  # fmt: skip
BUNDLED_PIP = {
    line: (
        [pip for first, pip in PYTHON_BUNDLED_PIP[line] if first <= patch][-1],
        f"CPython {line[0]}.{line[1]}.{patch}",
    )
    for line, patch in PYTHON_VERIFIED_RELEASES.items()
}
