"""EL6xx — security and platform hygiene: debug modes, credentials and hosts written into the
code, platform variables that do not exist, and data written to a disk that does not persist.
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import platform
from ...diagnostics import ERROR, WARNING, Finding
from ...project import Project
from ...rulespec import rule


@rule("EL601", "debug-enabled", ERROR)
def debug_enabled(project: Project) -> Iterator[Finding]:
    """Code that runs on the platform turns on a debug mode that exposes the Werkzeug debugger.

    Why: Flask's and Quart's debug mode and Werkzeug's `DebuggedApplication(evalex=True)` serve
    an interactive console that runs any Python code a visitor types, in the app's container,
    with its credentials; Django's `DEBUG = True` shows settings and source in every error page.
    Recognised: `app.run(debug=True)` (Flask, Quart, Sanic, Flask-SocketIO), `app.debug = True`,
    `app.config["DEBUG"] = True`, `app.config.update(DEBUG=True)`, Werkzeug
    `run_simple(..., use_debugger=True)` and `DebuggedApplication(app, evalex=True)`, and
    `DEBUG = True` in the Django settings module that `DJANGO_SETTINGS_MODULE` names in code
    that runs (a settings file nothing names is not judged). Only code that runs counts, and a
    value that is true only in `stage` (`app.debug = env != "production"`) is reported with
    that environment; a branch taken only in development is fine.

    Example: `app.run(host="0.0.0.0", port=port, debug=True)` → drop `debug=True`, or make it
    `debug=os.environ.get("LEANCLOUD_APP_ENV") == "development"`.
    """
    from ...analysis.python.reach import environments_note
    from ...analysis.security import debug_settings

    for setting in debug_settings(project):
        when = environments_note(setting.environments)
        yield Finding(
            f"{setting.what} turns debug mode on{when}, which lets anyone who reaches the app "
            "run code in it or read its settings; keep debug mode for local development only",
            setting.path,
            setting.span,
        )


@rule("EL602", "hardcoded-credentials", ERROR)
def hardcoded_credentials(project: Project) -> Iterator[Finding]:
    """A LeanCloud App ID, App Key, Master Key or Hook Key is written into a committed file.

    Why: anyone who can read the repository can use a key written into it, and the Master Key
    bypasses every access rule of the app's data. The platform sets `LEANCLOUD_APP_ID`,
    `LEANCLOUD_APP_KEY`, `LEANCLOUD_APP_MASTER_KEY` and `LEANCLOUD_APP_HOOK_KEY`; read those.
    Looked for in every Python file of the project (virtualenvs, `node_modules` and build
    output skipped): string arguments of `leancloud.init(...)`, and key-like literals assigned
    to names, attributes, dictionary keys or keyword arguments named like `*MASTER_KEY*`,
    `*APP_KEY*`, `*APP_ID*`, `*HOOK_KEY*` (also `masterKey`, `appId`), or given as the default
    of an environment read of such a variable; and in committed JSON, YAML, INI, TOML, `.cfg`
    and `.env` files, under keys named that way. Placeholders (`""`, `xxx`, `your-app-id`,
    `<app key>`, `${APP_KEY}`) are fine. The message shows at most the first four characters.

    Example: `MASTER_KEY = "kT5xY8qL2mN4vB7cR1sD9fG3"` →
    `MASTER_KEY = os.environ["LEANCLOUD_APP_MASTER_KEY"]`.
    """
    from ...analysis.security import credentials

    for found in credentials(project):
        variable = platform.CREDENTIAL_VARIABLES[found.kind]
        yield Finding(
            f"a LeanCloud {found.kind} (`{found.prefix}…`) is written as a literal in "
            f"{found.where}, where anyone who can read the repository can use it; read it from "
            f"the {variable} environment variable instead",
            found.path,
            found.span,
        )


@rule("EL603", "hardcoded-api-server", WARNING)
def hardcoded_api_server(project: Project) -> Iterator[Finding]:
    """A LeanCloud API host is written into the code instead of read from LEANCLOUD_API_SERVER.

    Why: API hosts differ by region and app, and LeanCloud has retired shared hosts before
    (`api.leancloud.cn`, `us-api.leancloud.cn`); the platform passes the right one in
    `LEANCLOUD_API_SERVER`, and the SDK finds it by itself. Looked for in string literals
    (not docstrings) of every Python file of the project: `*.lncld.net`, `*.lncldglobal.com`,
    `*.lncldapi.com`, `*api.leancloud.cn`, `app-router.leancloud.cn`.

    Example: `BASE = "https://abcd1234.api.lncld.net/1.1"` →
    `BASE = os.environ["LEANCLOUD_API_SERVER"] + "/1.1"`.
    """
    from ...analysis.security import api_hosts

    for found in api_hosts(project):
        yield Finding(
            f"the LeanCloud API host `{found.host}` is written into the code; read the server "
            f"from {platform.API_SERVER_VARIABLE}, which the platform sets to the right host for "
            "the app",
            found.path,
            found.span,
        )


@rule("EL604", "unknown-platform-variable", WARNING)
def unknown_platform_variable(project: Project) -> Iterator[Finding]:
    """Code or `run:` reads a `LEANCLOUD_*` variable the platform does not set, or an old alias.

    Why: a misspelt name (`LEANCLOUD_APP_PORTS`) reads nothing in the cloud, so the app falls
    back to a default that does not work there; the `LC_*` aliases (`LC_APP_PORT`,
    `LC_APP_ID`…) are deprecated. Looked for in Python code that runs on the platform
    (`os.environ[...]`, `os.environ.get(...)`, `os.getenv(...)`, `... in os.environ`) and in
    the `run:` command's `$VAR` / `${VAR}` references. The known names are the ones the platform
    sets in the cloud and the ones the local CLI sets.

    Example: `int(os.environ["LEANCLOUD_APP_PORTS"])` → `int(os.environ["LEANCLOUD_APP_PORT"])`.
    """
    from ...analysis.security import platform_variables

    for found in platform_variables(project):
        if found.deprecated:
            message = (
                f"`{found.name}` is a deprecated alias; use `{found.replacement}`, the name the "
                "platform sets"
            )
        elif found.replacement:
            message = (
                f"`{found.name}` is not a variable the platform sets, so it is empty in the cloud;"
                f" did you mean `{found.replacement}`?"
            )
        else:
            message = (
                f"`{found.name}` is not a variable the platform sets, so it is empty in the cloud"
                " unless you set it yourself; keep the LEANCLOUD_ prefix for the platform's names"
            )
        yield Finding(message, found.path, found.span)


@rule("EL605", "local-persistent-storage", WARNING)
def local_persistent_storage(project: Project) -> Iterator[Finding]:
    """Code that runs on the platform keeps data on the container's disk as if it persisted.

    Why: every deploy, restart or scaling starts a new container from the built image; files
    written at run time are lost then, and each instance sees only its own. The disk is for
    temporary files under `/tmp` and `/home/leanengine`. Recognised in code that runs:
    `sqlite3.connect(path)` with any path but `:memory:` and `/tmp/…`, the Django settings
    module's `DATABASES` with the `django.db.backends.sqlite3` engine, and `open(path, "w")`
    (also `"a"`, `"x"`, `"+"` modes) on an absolute path outside `/tmp` and `/home/leanengine`.

    Example: `sqlite3.connect("app.db")` → store the data in LeanCloud's data storage or an
    external database (or use `/tmp/app.db` for a cache you can lose).
    """
    from ...analysis.python.reach import environments_note
    from ...analysis.security import local_storage

    for found in local_storage(project):
        target = f"`{found.target}`" if found.target else "its data"
        when = environments_note(found.environments)
        yield Finding(
            f"{found.what} writes {target} to the container's disk{when}, but every deploy starts"
            " a new container and the data is lost; use a database service, or /tmp for data you"
            " can lose",
            found.path,
            found.span,
        )
