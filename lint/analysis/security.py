"""What the security and hygiene rules (EL601-EL605) look for, found in the project's code.

Two kinds of search live here. Debug modes (EL601), local storage (EL605) and platform variables
read from Python (EL604) matter only in code that runs on the platform, so they are read off the
per-environment walk of `reach` (the calls and stores that ran, with their values) and off the
statements it marked as run. Credentials (EL602) and API hosts (EL603) are wrong wherever they
are committed, so they are searched in every file of the tree (`tree_scan`), and credentials also
in committed configuration files. Each search returns plain records with exact spans; the rules
turn them into messages.

A credential's value is never kept whole: records carry its first four characters only.
"""

from __future__ import annotations

import ast
import difflib
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Union

from .. import platform
from ..diagnostics import Span
from ..files import TextFile
from .python.parse import PythonModule, python_module
from .python.reach import module_run
from .python.records import CallSite, CallValues, ModuleRun
from .python.running import running_code
from .python.values import Attr, Binding, Const, EnvValue, Literal, Made, Ref, Value

if TYPE_CHECKING:
    from ..project import Project

# Strings longer than this are not searched for hosts (generated data, not a setting).
_MAX_HOST_STRING = 4096
_SHOWN = 4  # characters of a credential a message may show


def _truthy(value: Value) -> bool:
    return isinstance(value, Const) and bool(value.value)


def _callee_key(callee: Value) -> Optional[str]:
    if isinstance(callee, Ref):
        return callee.qualname
    if isinstance(callee, Attr) and isinstance(callee.receiver, Made):
        return f"{callee.receiver.qualname}.{callee.name}"
    return None


def _argument(
    site: CallSite, values: CallValues, keyword: Optional[str], position: Optional[int]
) -> Optional[tuple[Value, ast.expr]]:
    """The value and expression of an argument given by keyword or position, or None."""
    if keyword is not None and keyword in values.keywords:
        for item in site.node.keywords:
            if item.arg == keyword:
                return values.keywords[keyword], item.value
    if position is not None and position < len(values.args):
        return values.args[position], site.node.args[position]
    return None


def _short(module: PythonModule, node: ast.expr) -> str:
    text = " ".join(module.segment(node).split())
    return text if len(text) <= 40 else text[:39] + "…"


def _call_text(module: PythonModule, node: ast.Call) -> str:
    return _short(module, node.func) + "()"


# --- Django settings ------------------------------------------------------------------------
def django_settings(project: Project) -> list[PythonModule]:
    """The settings modules code that runs names in DJANGO_SETTINGS_MODULE.

    Django reads its settings from the module `os.environ.setdefault("DJANGO_SETTINGS_MODULE",
    "site.settings")` (or `os.environ[...] = ...`) names in `wsgi.py`/`manage.py`; a settings
    file nothing names is not known to run, so it is not judged.
    """

    def build() -> list[PythonModule]:
        from .python.modules import find_module

        names: list[str] = []
        for run in running_code(project):
            for site in run.calls:
                for values in site.runs:
                    if _callee_key(values.callee) != "os.environ.setdefault":
                        continue
                    if len(values.args) < 2 or values.args[0] != Const(
                        platform.DJANGO_SETTINGS_VARIABLE
                    ):
                        continue
                    value = values.args[1]
                    if isinstance(value, Const) and isinstance(value.value, str):
                        names.append(value.value)
            for store in run.stores:
                if (
                    store.receiver == Ref("os.environ")
                    and store.key == Const(platform.DJANGO_SETTINGS_VARIABLE)
                    and isinstance(store.value, Const)
                    and isinstance(store.value.value, str)
                ):
                    names.append(store.value.value)
        modules: list[PythonModule] = []
        for name in dict.fromkeys(names):
            path = find_module(project, name.strip())
            module = python_module(project, path, report=False) if path else None
            if module is not None and module not in modules:
                modules.append(module)
        return modules

    return project.cached("security:django-settings", build)


def _setting(
    project: Project, module: PythonModule, name: str, environment: str, depth: int = 0
) -> Optional[tuple[PythonModule, Binding]]:
    """The binding of a module-level setting, followed through `from x import *` / `from x
    import name` into the module that writes it (so the position is where it is written)."""
    from .python.imports import absolute_base
    from .python.modules import find_module

    binding = module_run(project, module).binding(name, environment)
    if binding is None or binding.deleted:
        return None
    statement = binding.statement
    if isinstance(statement, ast.ImportFrom) and depth < 4:
        base = absolute_base(module, statement)
        path = find_module(project, base) if base else None
        source = python_module(project, path, report=False) if path else None
        if source is not None and source.path != module.path:
            found = _setting(project, source, name, environment, depth + 1)
            if found is not None:
                return found
    return module, binding


# --- EL601 ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class DebugSetting:
    """Debug mode turned on: `what` is how (for the message), `span` the true value."""

    path: str
    span: Span
    what: str
    environments: frozenset[str]


def debug_settings(project: Project) -> list[DebugSetting]:
    """Every place code that runs turns a debugger on, with the environments it does so in."""
    return project.cached("security:debug", lambda: _debug(project))


class _Collector:
    """Findings keyed by the node they point at, with the environments each holds in."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, int], tuple[str, ast.AST, str, set[str]]] = {}
        self.modules: dict[str, PythonModule] = {}

    def add(self, module: PythonModule, node: ast.AST, what: str, environment: str) -> None:
        key = (module.path, id(node))
        self.modules[module.path] = module
        entry = self.found.setdefault(key, (module.path, node, what, set()))
        entry[3].add(environment)

    def spans(self) -> Iterator[tuple[str, Span, str, frozenset[str]]]:
        for path, node, what, environments in self.found.values():
            module = self.modules[path]
            if isinstance(node, (ast.expr, ast.stmt, ast.keyword, ast.alias)):
                span = module.span(node)
            else:
                span = Span.point(1, 1)
            yield path, span, what, frozenset(environments)


def _is_app(value: Value) -> bool:
    return isinstance(value, Made) and value.qualname in platform.DEBUG_APP_CLASSES


def _debug(project: Project) -> list[DebugSetting]:
    found = _Collector()
    for run in running_code(project):
        module = run.module
        for site in run.calls:
            for values in site.runs:
                _debug_call(module, site, values, found)
        for store in run.stores:
            if not _truthy(store.value):
                continue
            target = _short(module, store.target)
            value = _short(module, store.value_node)
            on_app = _is_app(store.receiver) and store.key == Const("debug")
            in_config = (
                isinstance(store.receiver, Attr)
                and store.receiver.name == "config"
                and _is_app(store.receiver.receiver)
                and store.key == Const("DEBUG")
            )
            if on_app or in_config:
                found.add(module, store.value_node, f"`{target} = {value}`", store.environment)
    for settings in django_settings(project):
        for environment in platform.CLOUD_ENVIRONMENTS:
            setting = _setting(project, settings, "DEBUG", environment)
            if setting is None:
                continue
            where, binding = setting
            node = binding.node
            if binding.certain and _truthy(binding.value) and isinstance(node, ast.expr):
                what = f"`DEBUG = {_short(where, node)}` in Django's settings (`{settings.path}`)"
                found.add(where, node, what, environment)
    return [DebugSetting(*entry) for entry in found.spans()]


def _debug_call(
    module: PythonModule, site: CallSite, values: CallValues, found: _Collector
) -> None:
    key = _callee_key(values.callee)
    spec = platform.DEBUG_CALLS.get(key) if key is not None else None
    if spec is not None:
        keyword, position = spec
        argument = _argument(site, values, keyword, position)
        if argument is not None and _truthy(argument[0]):
            given = _short(module, argument[1])
            what = f"`{_call_text(module, site.node)}` with `{keyword}={given}`"
            found.add(module, argument[1], what, values.environment)
        return
    callee = values.callee
    if (
        isinstance(callee, Attr)
        and callee.name in ("update", "from_mapping")
        and isinstance(callee.receiver, Attr)
        and callee.receiver.name == "config"
        and _is_app(callee.receiver.receiver)
    ):
        argument = _argument(site, values, "DEBUG", None)
        if argument is not None and _truthy(argument[0]):
            given = _short(module, argument[1])
            what = f"`{_call_text(module, site.node)}` with `DEBUG={given}`"
            found.add(module, argument[1], what, values.environment)


# --- EL605 ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class LocalStorage:
    """Data written to the container's disk: `what` says how, `target` names the file."""

    path: str
    span: Span
    what: str
    target: str
    environments: frozenset[str]


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
    found = _Collector()
    targets: dict[tuple[str, int], str] = {}
    for run in running_code(project):
        module = run.module
        for site in run.calls:
            for values in site.runs:
                key = _callee_key(values.callee)
                if key in _SQLITE_CONNECT:
                    argument = _argument(site, values, "database", 0)
                    database = _string(argument[0]) if argument else None
                    if argument is None or database is None or not _persistent_sqlite(database):
                        continue
                    found.add(module, argument[1], "`sqlite3.connect()`", values.environment)
                    targets[(module.path, id(argument[1]))] = database
                elif key in _OPENERS:
                    argument = _argument(site, values, "file", 0)
                    mode = _argument(site, values, "mode", 1)
                    path = _string(argument[0]) if argument else None
                    flags = _string(mode[0]) if mode else None
                    if argument is None or path is None or flags is None:
                        continue
                    if not path.startswith("/") or not _WRITE_MODES & set(flags):
                        continue
                    if _under(path, platform.WRITABLE_PREFIXES + platform.NOT_STORAGE_PREFIXES):
                        continue
                    what = f"`{_call_text(module, site.node)}` with mode `{flags}`"
                    found.add(module, argument[1], what, values.environment)
                    targets[(module.path, id(argument[1]))] = path
    for settings in django_settings(project):
        for environment in platform.CLOUD_ENVIRONMENTS:
            setting = _setting(project, settings, "DATABASES", environment)
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


# --- EL604 ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlatformVariable:
    """A `LEANCLOUD_*` name the platform does not set, or a deprecated `LC_*` alias.

    `replacement` is the name to use: the alias's new name, or the closest known variable
    (empty when none is close).
    """

    path: str
    span: Span
    name: str
    deprecated: bool
    replacement: str


_LEANCLOUD_NAME = re.compile(r"LEANCLOUD_[A-Za-z0-9_]*")
_KNOWN_VARIABLES = (*platform.PLATFORM_VARIABLES, *platform.LOCAL_CLI_VARIABLES)


def judge_variable(name: str) -> Optional[tuple[bool, str]]:
    """(deprecated, replacement) for a name EL604 reports, None for a name it accepts."""
    if name in platform.DEPRECATED_VARIABLE_ALIASES:
        return True, platform.DEPRECATED_VARIABLE_ALIASES[name]
    if not _LEANCLOUD_NAME.fullmatch(name) or name in _KNOWN_VARIABLES:
        return None
    # Compared without the shared prefix, which would make every name look close.
    prefix = "LEANCLOUD_"
    suffixes = [v[len(prefix) :] for v in _KNOWN_VARIABLES if v.startswith(prefix)]
    close = difflib.get_close_matches(name[len(prefix) :].upper(), suffixes, n=1, cutoff=0.6)
    return False, prefix + close[0] if close else ""


def platform_variables(project: Project) -> list[PlatformVariable]:
    """Unknown or deprecated platform variables read by code that runs, and in `run:`."""
    return project.cached("security:variables", lambda: _variables(project))


def _variables(project: Project) -> list[PlatformVariable]:
    found: list[PlatformVariable] = []
    for run in running_code(project):
        text = run.module.file.text
        if "LEANCLOUD_" not in text and "LC_" not in text:
            continue  # nothing to find: not worth walking the tree
        seen: set[int] = set()
        for node in _running_env_names(run):
            if id(node) in seen or not isinstance(node.value, str):
                continue
            seen.add(id(node))
            verdict = judge_variable(node.value)
            if verdict is not None:
                span = _inside_quotes(run.module, node)
                found.append(PlatformVariable(run.module.path, span, node.value, *verdict))
    found.extend(_run_command_variables(project))
    return found


def _inside_quotes(module: PythonModule, node: ast.Constant) -> Span:
    """The span of a plain one-line string literal's text without its quotes (the whole
    literal when it is written another way: prefixes, escapes, implicit concatenation)."""
    span = module.span(node)
    source = module.segment(node)
    if (
        len(source) >= 2
        and source[0] in "'\""
        and source[-1] == source[0]
        and source[1:-1] == node.value
        and span.start.line == span.end.line
    ):
        return Span.of(span.start.line, span.start.column + 1, span.end.line, span.end.column - 1)
    return span


def _run_command_variables(project: Project) -> list[PlatformVariable]:
    from .entry import serving_mode

    if serving_mode(project).is_wsgi:
        return []
    from ..parsers.run_command import run_command, run_span
    from ..parsers.run_command.model import ASSIGNED

    parsed = run_command(project)
    if parsed is None:
        return []
    found: list[PlatformVariable] = []
    for reference in parsed.references:
        if not reference.name or reference.source == ASSIGNED:
            continue
        verdict = judge_variable(reference.name)
        if verdict is None:
            continue
        written = parsed.text[reference.raw_start : reference.raw_end]
        index = written.find(reference.name)
        start = reference.raw_start + max(index, 0)
        place = run_span(project, start, start + len(reference.name))
        if place is not None:
            found.append(PlatformVariable(place[0], place[1], reference.name, *verdict))
    return found


def _is_environ(node: ast.expr) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr == "environ" and isinstance(node.value, ast.Name) and node.value.id == "os"
    return isinstance(node, ast.Name) and node.id == "environ"


def _env_name(node: ast.AST) -> Optional[ast.expr]:
    """The variable-name argument of an environment read or write, if `node` is one."""
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("get", "setdefault", "pop"):
            return node.args[0] if _is_environ(func.value) else None
        if isinstance(func, ast.Attribute) and func.attr in ("getenv", "putenv", "unsetenv"):
            is_os = isinstance(func.value, ast.Name) and func.value.id == "os"
            return node.args[0] if is_os else None
        if isinstance(func, ast.Name) and func.id == "getenv":
            return node.args[0]
        return None
    if isinstance(node, ast.Subscript) and _is_environ(node.value):
        return node.slice
    if (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], (ast.In, ast.NotIn))
        and _is_environ(node.comparators[0])
    ):
        return node.left
    return None


_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included (function and class bodies too)."""
    stack = list(reversed(body))
    while stack:
        statement = stack.pop()
        yield statement
        nested: list[ast.stmt] = []
        for name in _BLOCKS:
            for child in getattr(statement, name, None) or []:
                if isinstance(child, ast.stmt):
                    nested.append(child)
                else:  # except handlers, match cases
                    nested.extend(c for c in getattr(child, "body", []) if isinstance(c, ast.stmt))
        stack.extend(reversed(nested))


def _own_expressions(statement: ast.stmt) -> Iterator[ast.AST]:
    """The expressions a statement evaluates itself (not those of the blocks it contains)."""
    for name, value in ast.iter_fields(statement):
        if name in _BLOCKS:
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, ast.withitem):
                yield item.context_expr
            elif isinstance(item, (ast.expr, ast.keyword, ast.arguments)):
                yield item


def _running_env_names(run: ModuleRun) -> Iterator[ast.Constant]:
    for statement in _statements(run.module.tree.body):
        if not run.runs(statement):
            continue
        for expression in _own_expressions(statement):
            for node in ast.walk(expression):
                name = _env_name(node)
                if isinstance(name, ast.Constant):
                    yield name


# --- EL602 ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Credential:
    """A credential written as a literal. `prefix` is at most its first four characters."""

    path: str
    span: Span
    kind: str
    prefix: str
    where: str


_CREDENTIAL_NAME = re.compile(r"(?i)(master|app|hook)[_-]?(key|id)")
# What a real key looks like: LeanCloud IDs and keys are 24+ letters and digits (IDs may carry
# a `-xxxxxxxx` region suffix, Master Keys a `,master` suffix in REST headers).
_KEY_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_,-]{15,}")
_PLACEHOLDER_WORDS = (
    "your",
    "xxx",
    "changeme",
    "change-me",
    "change_me",
    "placeholder",
    "example",
    "dummy",
    "replace",
    "todo",
    "fixme",
    "secret",
    "sample",
)


def is_placeholder(value: str) -> bool:
    """Whether a literal is a stand-in, not a key: empty, `xxx`, `your-app-id`, `<app key>`,
    `${APP_KEY}`, a variable name such as `LEANCLOUD_APP_KEY`, a run of one character."""
    text = value.strip()
    lowered = text.lower()
    if not text or text[0] in "<{[$%(":
        return True
    if any(word in lowered for word in _PLACEHOLDER_WORDS):
        return True
    if re.fullmatch(r"[A-Z][A-Z0-9_]*_[A-Z0-9_]*", text):
        return True
    return len(set(lowered.replace("-", "").replace("_", ""))) <= 2


def looks_like_key(value: str) -> bool:
    """Whether a literal has the shape of a LeanCloud ID or key and is not a placeholder."""
    text = value.strip()
    return len(text) <= 200 and bool(_KEY_SHAPE.fullmatch(text)) and not is_placeholder(text)


def credential_kind(name: str) -> Optional[str]:
    """The credential a name like `MASTER_KEY`, `appId`, `leancloud_app_key` stands for."""
    match = _CREDENTIAL_NAME.search(name)
    if match is None:
        return None
    first, second = match.group(1).lower(), match.group(2).lower()
    if first == "master":
        return "Master Key"
    if first == "hook":
        return "Hook Key"
    return "App ID" if second == "id" else "App Key"


def _prefix(value: str) -> str:
    return value.strip()[:_SHOWN]


def credentials(project: Project) -> list[Credential]:
    """Credentials written as literals in the Python and configuration files of the tree."""
    return project.cached("security:credentials", lambda: _credentials(project))


def _credentials(project: Project) -> list[Credential]:
    from .tree_scan import CREDENTIALS, config_files, python_modules

    found: list[Credential] = []
    for module in python_modules(project, CREDENTIALS):
        found.extend(_python_credentials(module))
    for text in config_files(project, CREDENTIALS):
        if _is_env_file(text.path) and _kept_local(project, text.path):
            continue
        found.extend(_config_credentials(text))
    return found


def _is_env_file(path: str) -> bool:
    name = posixpath.basename(path).lower()
    return name == ".env" or name.startswith(".env.") or name.endswith(".env")


def _kept_local(project: Project, path: str) -> bool:
    """Whether `.leanignore` (or the deploy tool's defaults) keeps a file out of the upload.

    A `.env` file is where local settings belong; one that is never uploaded is most likely
    not committed either, and holding real keys there is the point of it.
    """
    from .upload import excluded_by

    return excluded_by(project, path) is not None


def _init_names(tree: ast.Module) -> set[str]:
    """Local names bound to `leancloud.init` by `from leancloud import init [as x]`."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "leancloud" and node.level == 0:
            names.update(a.asname or a.name for a in node.names if a.name == "init")
    return names


def _is_init(func: ast.expr, init_names: set[str]) -> bool:
    if isinstance(func, ast.Attribute):
        owner = func.value
        return func.attr == "init" and isinstance(owner, ast.Name) and owner.id == "leancloud"
    return isinstance(func, ast.Name) and func.id in init_names


def _string_node(node: Optional[ast.AST]) -> Optional[ast.Constant]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node
    return None


def _target_name(target: ast.expr) -> Optional[str]:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript):
        key = _string_node(target.slice)
        return str(key.value) if key is not None else None
    return None


def _python_credentials(module: PythonModule) -> list[Credential]:
    init_names = _init_names(module.tree)
    hits: dict[int, tuple[ast.Constant, str, str]] = {}

    def add(node: Optional[ast.Constant], kind: Optional[str], where: str, strict: bool) -> None:
        if node is None or kind is None or id(node) in hits:
            return
        value = str(node.value)
        accepted = looks_like_key(value) if strict else (
            len(value.strip()) >= 8 and not is_placeholder(value)
        )
        if accepted:
            hits[id(node)] = (node, kind, where)

    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call):
            if _is_init(node.func, init_names):
                for index, argument in enumerate(node.args[: len(platform.SDK_INIT_ARGUMENTS)]):
                    kind = platform.SDK_INIT_ARGUMENTS[index][1]
                    add(_string_node(argument), kind, "an argument of `leancloud.init()`", False)
                arguments = dict(platform.SDK_INIT_ARGUMENTS)
                for keyword in node.keywords:
                    if keyword.arg in arguments:
                        where = "an argument of `leancloud.init()`"
                        add(_string_node(keyword.value), arguments[keyword.arg], where, False)
            variable = _env_name(node)
            name = _string_node(variable)
            if name is not None and len(node.args) > 1:
                variable_name = str(name.value)
                where = f"the default of `{variable_name}`"
                add(_string_node(node.args[1]), credential_kind(variable_name), where, True)
            for keyword in node.keywords:
                if keyword.arg is not None:
                    where = f"the argument `{keyword.arg}`"
                    add(_string_node(keyword.value), credential_kind(keyword.arg), where, True)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                name_text = _target_name(target)
                if name_text is not None:
                    where = f"`{name_text}`"
                    add(_string_node(node.value), credential_kind(name_text), where, True)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                key_node = _string_node(key)
                if key_node is not None:
                    key_text = str(key_node.value)
                    where = f"the key `{key_text}`"
                    add(_string_node(value), credential_kind(key_text), where, True)
    return [
        Credential(module.path, module.span(node), kind, _prefix(str(node.value)), where)
        for node, kind, where in sorted(
            hits.values(), key=lambda h: (h[0].lineno, h[0].col_offset)
        )
    ]


# `key: value`, `key = value`, `"key": "value"`, `export KEY=value` in JSON, YAML, INI, TOML and
# .env files: a key named like a credential and a value on the same line.
_CONFIG_ENTRY = re.compile(
    r"""(?<![A-Za-z0-9_.-])(?P<kq>["']?)(?P<key>[A-Za-z0-9_.-]{0,64}"""
    + _CREDENTIAL_NAME.pattern[4:]
    + r"""[A-Za-z0-9_.-]{0,64})(?P=kq)[ \t]*[:=][ \t]*(?P<q>["']?)"""
    + r"""(?P<value>[^"'\s,;#}\]]{1,512})(?P=q)""",
    re.IGNORECASE,
)


def _config_credentials(text: TextFile) -> list[Credential]:
    found: list[Credential] = []
    for match in _CONFIG_ENTRY.finditer(text.text):
        key, value = match.group("key"), match.group("value")
        kind = credential_kind(key)
        if kind is None or not looks_like_key(value):
            continue
        span = text.span(match.start("value"), match.end("value"))
        found.append(Credential(text.path, span, kind, _prefix(value), f"the key `{key}`"))
    return found


# --- EL603 ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ApiHost:
    """A LeanCloud API host written in a string literal."""

    path: str
    span: Span
    host: str


_API_HOST = re.compile(
    r"(?<![a-z0-9.-])(" + "|".join(platform.API_HOST_PATTERNS) + r")(?![a-z0-9-])(?!\.[a-z0-9])",
    re.IGNORECASE,
)


_FIELD = "\ufffc"  # an f-string's replacement field, matched as a label and shown as `{…}`


def find_api_host(text: str) -> Optional[str]:
    """The first LeanCloud API host named in a string, lower-cased."""
    if len(text) > _MAX_HOST_STRING:
        return None
    match = _API_HOST.search(text.replace(_FIELD, "x"))
    if match is None:
        return None
    return text[match.start(1) : match.end(1)].lower().replace(_FIELD, "{…}")


def api_hosts(project: Project) -> list[ApiHost]:
    """String literals naming a LeanCloud API host in the Python files of the whole tree.

    Docstrings and other bare string statements are not settings and are skipped.
    """

    def build() -> list[ApiHost]:
        from .tree_scan import API_HOSTS, python_modules

        found: list[ApiHost] = []
        for module in python_modules(project, API_HOSTS):
            found.extend(_module_hosts(module))
        return found

    return project.cached("security:api-hosts", build)


def _module_hosts(module: PythonModule) -> list[ApiHost]:
    found: list[ApiHost] = []
    stack: list[ast.AST] = [module.tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Expr) and isinstance(node.value, (ast.Constant, ast.JoinedStr)):
            continue  # a docstring or a bare string: not used
        literal: Union[ast.Constant, ast.JoinedStr, None] = None
        text = ""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            literal, text = node, node.value
        elif isinstance(node, ast.JoinedStr):
            # A replacement field stands for one unknown label: f"https://{app}.api.lncld.net".
            literal = node
            text = "".join(
                str(p.value) if isinstance(p, ast.Constant) else _FIELD for p in node.values
            )
        if literal is not None:
            host = find_api_host(text)
            if host is not None:
                found.append(ApiHost(module.path, module.span(literal), host))
            if isinstance(node, ast.JoinedStr):
                continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))
    return sorted(found, key=lambda h: h.span)
