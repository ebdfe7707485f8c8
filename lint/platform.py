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
