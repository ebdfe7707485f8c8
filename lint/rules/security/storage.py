"""EL605: data written to the container's disk as if it persisted.

Every deploy, restart or scaling starts a new container, so only `/tmp` and `/home/leanengine`
are meant for files written at run time. Looked for in code that runs (the walk of `reach`):
`sqlite3.connect()` of a file, `open()` for writing on an absolute path elsewhere, and the
sqlite3 engine in Django's `DATABASES`.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING, Optional

from ... import platform
from ...analysis.python.reach import environments_note
from ...analysis.python.running import running_code
from ...analysis.python.values import Const, EnvValue, Literal, Value
from ...diagnostics import WARNING, Finding, Span
from ...lazy_dataclass import dataclass
from ...rulespec import rule
from .calls import Collector, call_argument, call_text, callee_key
from .django_settings import django_settings, setting_binding

if TYPE_CHECKING:
    from ...project import Project


@dataclass(frozen=True)
class LocalStorage:
    """Data written to the container's disk: `what` says how, `target` names the file."""

    path: str
    span: Span
    what: str
    target: str
    environments: frozenset[str]


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


_SQLITE_CONNECT = ("sqlite3.connect", "sqlite3.dbapi2.connect")
_OPENERS = ("open", "io.open", "codecs.open")
_WRITE_MODES = frozenset("wax+")


def local_storage(project: Project) -> list[LocalStorage]:
    """SQLite databases, absolute-path file writes and Django sqlite3 databases in code that
    runs on the platform."""
    return project.cached("security:storage", lambda: _storage(project))


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    normal = posixpath.normpath(path)
    return any(normal == p or normal.startswith(p + "/") for p in prefixes)


def _string(value: Value) -> Optional[str]:
    """A string constant, or the default of an environment read of a variable nobody sets."""
    if isinstance(value, EnvValue):
        value = value.default
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value
    return None


def _persistent_sqlite(database: str) -> bool:
    text = database.strip()
    if not text or text == ":memory:":
        return False
    if text.startswith("file:"):
        location, _, query = text[len("file:") :].partition("?")
        if "mode=memory" in query or location.startswith(":memory:") or not location:
            return False
        text = location
    return not (text.startswith("/") and _under(text, platform.WRITABLE_PREFIXES[:1]))


def _storage(project: Project) -> list[LocalStorage]:
    found = Collector()
    targets: dict[tuple[str, int], str] = {}
    for run in running_code(project):
        module = run.module
        for site in run.calls:
            for values in site.runs:
                key = callee_key(values.callee)
                if key in _SQLITE_CONNECT:
                    argument = call_argument(site, values, "database", 0)
                    database = _string(argument[0]) if argument else None
                    if argument is None or database is None or not _persistent_sqlite(database):
                        continue
                    found.add(module, argument[1], "`sqlite3.connect()`", values.environment)
                    targets[(module.path, id(argument[1]))] = database
                elif key in _OPENERS:
                    argument = call_argument(site, values, "file", 0)
                    mode = call_argument(site, values, "mode", 1)
                    path = _string(argument[0]) if argument else None
                    flags = _string(mode[0]) if mode else None
                    if argument is None or path is None or flags is None:
                        continue
                    if not path.startswith("/") or not _WRITE_MODES & set(flags):
                        continue
                    if _under(path, platform.WRITABLE_PREFIXES + platform.NOT_STORAGE_PREFIXES):
                        continue
                    what = f"`{call_text(module, site.node)}` with mode `{flags}`"
                    found.add(module, argument[1], what, values.environment)
                    targets[(module.path, id(argument[1]))] = path
    for settings in django_settings(project):
        for environment in platform.CLOUD_ENVIRONMENTS:
            setting = setting_binding(project, settings, "DATABASES", environment)
            if setting is None:
                continue
            where, binding = setting
            if not isinstance(binding.value, Literal) or not isinstance(binding.node, ast.Dict):
                continue
            for engine, name in _sqlite_engines(binding.node):
                what = f"Django's `DATABASES` (sqlite3 engine) in `{settings.path}`"
                found.add(where, engine, what, environment)
                targets[(where.path, id(engine))] = name
    result: list[LocalStorage] = []
    for (path, node_id), (_, _node, what, environments) in found.found.items():
        module = found.modules[path]
        node = _node
        span = module.span(node) if isinstance(node, ast.expr) else Span.point(1, 1)
        target = targets.get((path, node_id), "")
        result.append(LocalStorage(path, span, what, target, frozenset(environments)))
    return result


def _sqlite_engines(databases: ast.Dict) -> Iterator[tuple[ast.expr, str]]:
    """The `"ENGINE": "django.db.backends.sqlite3"` values of a DATABASES literal (with the
    database's NAME when it is a literal), except in-memory databases."""
    for entry in databases.values:
        if not isinstance(entry, ast.Dict):
            continue
        engine: Optional[ast.expr] = None
        name = ""
        for key, value in zip(entry.keys, entry.values):
            if not isinstance(key, ast.Constant) or not isinstance(value, ast.Constant):
                continue
            if key.value == "ENGINE" and value.value == platform.DJANGO_SQLITE_ENGINE:
                engine = value
            elif key.value == "NAME" and isinstance(value.value, str):
                name = value.value
        if engine is not None and name != ":memory:":
            yield engine, name
