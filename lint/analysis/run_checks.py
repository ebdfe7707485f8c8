"""What is wrong with what the `run:` command starts: its port, its target, its extra work.

The `run:` parser (`parsers.run_command`) says what each command starts and where it listens;
this module judges that against the platform and the project's files, for EL505 (a port other
than `$LEANCLOUD_APP_PORT`), EL506 (a script, module or app attribute that is not there), EL507
(package installs on every start) and EL508 (development servers, in the command or in Python
code that runs in run mode). Each answer carries offsets in the `run` string (or a span in a
Python file) so the rules only phrase messages. Whatever cannot be decided — a config file that
may set the bind, an unknown working folder, a module that may be installed — yields nothing.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from .. import platform
from ..diagnostics import Span

if TYPE_CHECKING:
    from ..parsers.run_command import (
        Bind,
        Command,
        Entry,
        Reference,
        RunCommand,
        Server,
        Word,
    )
    from ..project import Project
    from .python import PythonModule

# --- EL505 ----------------------------------------------------------------------------------
# How a server comes to listen on the wrong port.
EXPLICIT = "explicit"  # a number is written (or assigned, or a `${VAR:-8000}` default)
DEFAULT = "default"  # nothing sets the port: the server's default applies
UNSET_VARIABLE = "unset-variable"  # `$PORT`: a variable the platform does not set
NO_DOLLAR = "no-dollar"  # `LEANCLOUD_APP_PORT` written without `$`

_PORT_VARIABLES = (
    platform.PORT_VARIABLE,
    *(a for a, t in platform.DEPRECATED_VARIABLE_ALIASES.items() if t == platform.PORT_VARIABLE),
)


@dataclass(frozen=True)
class PortProblem:
    """A `run:` server that does not listen on the platform port.

    `offsets` index the `run` string: the port as written, the unset variable, or the server's
    program words for a default. `port` is the number it listens on when known; `variable` the
    variable involved (`PORT` unset, `PORT` whose `${PORT:-8000}` default applies, the port
    variable written without `$`); `via` how that variable gave the value ("default",
    "assigned"), empty otherwise.
    """

    server: Server
    kind: str
    offsets: tuple[int, int]
    port: Optional[int] = None
    variable: Optional[str] = None
    via: str = ""


def port_problems(project: Project) -> list[PortProblem]:
    """Servers of `run:` listening on a port other than `$LEANCLOUD_APP_PORT` (not 3000)."""
    return project.cached("run_checks:ports", lambda: _ports(project))


def _ports(project: Project) -> list[PortProblem]:
    parsed = _parsed(project)
    if parsed is None:
        return []
    from ..parsers.run_command import server_configured_elsewhere

    commands = [c for c in parsed.commands if c.server is not None]
    # Another long-running program (`python app.py`) may be what listens on the platform port,
    # and so may a second server: then a server on another port is a helper, not a mistake.
    if any(c.long_running and c.server is None for c in parsed.commands):
        return []
    if any(_listens_on_platform_port(c.server) for c in commands if c.server is not None):
        return []
    found: list[PortProblem] = []
    for command in commands:
        server = command.server
        if server is None or not server.decidable:
            continue
        if server_configured_elsewhere(project, server):
            continue
        binds = server.tcp_binds
        if not binds or any(b.port is None or not b.port.known for b in binds):
            continue
        for bind in binds:
            problem = _port_problem(parsed, command, server, bind)
            if problem is not None:
                found.append(problem)
    return found


def _listens_on_platform_port(server: Server) -> bool:
    return any(b.port is not None and b.port.is_platform_port for b in server.tcp_binds)


def _port_problem(
    parsed: RunCommand, command: Command, server: Server, bind: Bind
) -> Optional[PortProblem]:
    from ..parsers.run_command import ASSIGNED, UNSET
    from ..parsers.run_command import DEFAULT as FROM_DEFAULT

    port = bind.port
    if port is None or port.is_platform_port or port.number == platform.PLATFORM_PORT:
        return None  # 3000 written as a literal is EL503's
    source = bind.port_source
    if source is None:
        unset = _unset_port_reference(parsed, command)
        if unset is not None:
            return PortProblem(
                server, UNSET_VARIABLE, (unset.raw_start, unset.raw_end), port.number, unset.name
            )
        where = bind.address.offsets if bind.address is not None else server.program_offsets
        return PortProblem(server, DEFAULT, where, port.number)
    references = source.word.references_in(source.start, source.end)
    if port.number is not None:
        for reference in references:
            if reference.source in (FROM_DEFAULT, ASSIGNED) and reference.end > reference.start:
                via = "default" if reference.source == FROM_DEFAULT else "assigned"
                return PortProblem(
                    server, EXPLICIT, source.offsets, port.number, reference.name, via
                )
        return PortProblem(server, EXPLICIT, source.offsets, port.number)
    name = source.text.strip().strip("{}")
    if name in _PORT_VARIABLES and not any(r.source != ASSIGNED for r in references):
        return PortProblem(server, NO_DOLLAR, source.offsets, None, name)
    for reference in references:
        if reference.source == UNSET:
            return PortProblem(
                server, UNSET_VARIABLE, (reference.raw_start, reference.raw_end), None,
                reference.name,
            )  # fmt: skip
    unset = _unset_port_reference(parsed, command)
    if unset is not None:
        # `--port $PORT main:app`: the empty `$PORT` vanished and the option took the next word.
        return PortProblem(server, UNSET_VARIABLE, (unset.raw_start, unset.raw_end), None,
                           unset.name)  # fmt: skip
    return None


def _unset_port_reference(parsed: RunCommand, command: Command) -> Optional[Reference]:
    """An unset `$…PORT…` written in this command (it expanded to nothing and vanished)."""
    from ..parsers.run_command import UNSET

    start, end = _extent(parsed, command)
    for reference in parsed.references:
        if reference.source != UNSET or "PORT" not in reference.name.upper():
            continue
        if start <= reference.raw_start < end:
            return reference
    return None


def _extent(parsed: RunCommand, command: Command) -> tuple[int, int]:
    """Offsets in the `run` string from this command's first word to the next command's."""
    start = _command_start(command)
    following = [_command_start(c) for c in parsed.commands if _command_start(c) > start]
    return start, min(following, default=len(parsed.text))


def _command_start(command: Command) -> int:
    words = [*command.wrappers, *(a.word for a in command.assignments), *command.argv]
    return min(w.start for w in words)


# --- EL506 ----------------------------------------------------------------------------------
# What is missing.
NO_FILE = "no-file"  # `python app.py` with no app.py
NO_MODULE = "no-module"  # `gunicorn wsgi:app` with no wsgi.py; `python -m pkg.mod` with no mod
NO_MAIN = "no-main"  # `python -m pkg` where pkg is a package without __main__.py
NO_ATTRIBUTE = "no-attribute"  # `gunicorn wsgi:app` where wsgi.py defines no `app`
NO_FLASK_APP = "no-flask-app"  # `flask run` with no FLASK_APP and no wsgi.py/app.py

# The attribute a server imports when the target names only a module.
_DEFAULT_ATTRIBUTES = {
    "gunicorn": platform.WSGI_CALLABLE,
    "waitress-serve": platform.WSGI_CALLABLE,
    "hypercorn": "app",
}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class MissingTarget:
    """Something a `run:` command starts that is not in the project.

    `target` is as written (`app.py`, `pkg.mod`, `wsgi`); `expected` the project-relative file
    that should be there (`web/app.py`), for NO_ATTRIBUTE the file that lacks it, for
    NO_FLASK_APP the folder `flask run` looks in (project-relative, "." for the root);
    `attribute` the missing name; `label` how the command is named (`python`, `gunicorn`);
    `offsets` where the target (or the attribute, or `flask run`) is written in `run`; `verb`
    what the command does with a module (`imports`, or `runs` for `python -m`).
    """

    kind: str
    target: str
    expected: str
    offsets: tuple[int, int]
    label: str
    attribute: Optional[str] = None
    verb: str = "imports"


def missing_targets(project: Project) -> list[MissingTarget]:
    """Scripts, modules and app attributes the `run:` commands start that do not exist."""
    return project.cached("run_checks:targets", lambda: _targets(project))


def _targets(project: Project) -> list[MissingTarget]:
    parsed = _parsed(project)
    if parsed is None:
        return []
    found: list[MissingTarget] = []
    for command in parsed.commands:
        entry = command.entry
        if entry is None:
            continue
        problem = _missing(project, command, entry)
        if problem is not None:
            found.append(problem)
    return found


def _missing(project: Project, command: Command, entry: Entry) -> Optional[MissingTarget]:
    from ..parsers.run_command import FILE, IMPORT, MODULE, SCRIPT

    server = command.server
    label = server.label if server is not None else command.name
    if entry.kind == IMPORT and entry.target == "" and server is not None:
        return _flask_discovery(project, server, entry)
    if not entry.candidates or entry.source is None or not entry.source.known:
        return None
    existing = next((c for c in entry.candidates if project.is_file(project.path(c))), None)
    if entry.kind in (SCRIPT, FILE):
        if existing is not None:
            return _attribute(project, command, entry, existing, label)
        return MissingTarget(NO_FILE, entry.target, project.path(entry.candidates[0]),
                             _target_offsets(entry), label)  # fmt: skip
    if entry.kind not in (MODULE, IMPORT) or _extra_import_path(command):
        return None
    if existing is not None:
        return _attribute(project, command, entry, existing, label)
    return _missing_module(project, entry, label)


def _target_offsets(entry: Entry) -> tuple[int, int]:
    from ..parsers.run_command import Source

    source = entry.source
    assert source is not None
    if entry.attribute is None:
        return source.offsets
    return Source(source.word, source.start, source.start + len(entry.target)).offsets


def _extra_import_path(command: Command) -> bool:
    """Whether the command adds folders to the import path (then modules may be anywhere)."""
    if "PYTHONPATH" in command.env:
        return True
    return any(w.text.startswith(("--pythonpath", "--python-path", "--pp")) for w in command.argv)


def _missing_module(project: Project, entry: Entry, label: str) -> Optional[MissingTarget]:
    from ..parsers.run_command import MODULE

    folder = entry.folder or ""
    parts = entry.target.split(".")
    top = _join_folder(folder, parts[0])
    package = project.is_file(project.path(f"{top}/__init__.py"))
    in_project = package or project.is_file(project.path(f"{top}.py"))
    if entry.kind == MODULE:
        # `python -m X` also runs the standard library and installed packages: only a name the
        # project itself provides can be judged.
        if not in_project:
            return None
        base = _join_folder(folder, "/".join(parts))
        if project.is_file(project.path(f"{base}/__init__.py")):
            return MissingTarget(NO_MAIN, entry.target, project.path(f"{base}/__main__.py"),
                                 _target_offsets(entry), label)  # fmt: skip
    elif not in_project and _is_requirement(project, parts[0]):
        return None  # the app may come from an installed package
    expected = project.path(entry.candidates[-1])
    if entry.kind == MODULE:
        return MissingTarget(NO_MODULE, entry.target, expected, _target_offsets(entry),
                             "python -m", verb="runs")  # fmt: skip
    return MissingTarget(NO_MODULE, entry.target, expected, _target_offsets(entry), label)


def _join_folder(folder: str, relative: str) -> str:
    return f"{folder}/{relative}" if folder else relative


def _is_requirement(project: Project, name: str) -> bool:
    from .sdk import project_requirements

    wanted = _normalize(name)
    return any(
        r.normalized_name is not None and _normalize(r.normalized_name) == wanted
        for r in project_requirements(project)
    )


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _attribute(
    project: Project, command: Command, entry: Entry, path: str, label: str
) -> Optional[MissingTarget]:
    """NO_ATTRIBUTE when the module a server imports surely lacks the app it names."""
    from ..parsers.run_command import IMPORT, Source

    server = command.server
    if server is None or entry.kind != IMPORT or entry.source is None:
        return None
    source = entry.source
    if entry.attribute is None:
        name = _DEFAULT_ATTRIBUTES.get(server.name)
        if name is None or ":" in source.text:
            return None
        offsets = source.offsets
    else:
        # `app`, `create_app()`, `app.server`: the first name is what must be module-level.
        begin = len(entry.target) + 1
        match = _IDENTIFIER.match(entry.attribute)
        if match is None:
            return None
        name = match.group()
        offsets = Source(
            source.word, source.start + begin, source.start + begin + len(name)
        ).offsets
    if _defines(project, project.path(path), name):
        return None
    return MissingTarget(NO_ATTRIBUTE, entry.target, project.path(path), offsets, label, name)


def _defines(project: Project, path: str, name: str) -> bool:
    """Whether importing the module may bind `name` at module level (True when unsure)."""
    from .dynamic_globals import dynamic_namespace_call
    from .python import python_module
    from .reach import ENVIRONMENTS, module_run

    module = python_module(project, path, report=False)
    if module is None:
        return True
    run = module_run(project, module)
    if run.truncated or run.star_imports or dynamic_namespace_call(run) is not None:
        return True
    for environment in ENVIRONMENTS:
        if run.binding("__getattr__", environment) is not None:
            return True
        binding = run.binding(name, environment)
        if binding is not None and not binding.deleted:
            return True
    return False


def _flask_discovery(project: Project, server: Server, entry: Entry) -> Optional[MissingTarget]:
    """`flask run` without FLASK_APP or --app imports `wsgi`, then `app`, from its folder."""
    if entry.folder is None or not entry.candidates:
        return None
    if any(project.exists(project.path(c)) for c in entry.candidates):
        return None
    # A folder `app/` without __init__.py is still importable (a namespace package).
    for name in ("wsgi", "app"):
        if project.is_dir(project.path(_join_folder(entry.folder, name))):
            return None
    folder = project.path(entry.folder) if entry.folder else (project.build_root or ".")
    return MissingTarget(NO_FLASK_APP, "", folder, server.program_offsets, server.label)


# --- EL507 ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Install:
    """A command in `run:` that installs packages; `label` is how it is written (`pip install`),
    `system` says it installs system packages, `offsets` is its first word."""

    label: str
    offsets: tuple[int, int]
    system: bool = False


# Program → the subcommand words that make it install something.
_INSTALLERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "pip": (("install",),),
    "uv": (("pip", "install"), ("sync",), ("add",)),
    "poetry": (("install",), ("add",)),
    "pipenv": (("install",), ("sync",)),
    "pdm": (("install",), ("sync",)),
    "conda": (("install",),),
    "easy_install": ((),),
}
_SYSTEM_INSTALLERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "apt-get": (("install",),),
    "apt": (("install",),),
    "apk": (("add",),),
    "yum": (("install",),),
    "dnf": (("install",),),
}
_PIP = re.compile(r"pip(?:[23](?:\.\d+)*)?\Z")
_PYTHON = re.compile(r"python(?:[23](?:\.\d+)*)?\Z")
_PRIVILEGE = frozenset({"sudo", "doas"})


def installs(project: Project) -> list[Install]:
    """Commands of `run:` that install packages on every start."""
    return project.cached("run_checks:installs", lambda: _installs(project))


def _installs(project: Project) -> list[Install]:
    parsed = _parsed(project)
    if parsed is None:
        return []
    found: list[Install] = []
    for command in parsed.commands:
        install = _install(command.argv)
        if install is not None:
            found.append(install)
    return found


def _install(argv: Sequence[Word]) -> Optional[Install]:
    words = list(argv)
    while words and words[0].text in _PRIVILEGE:
        words = words[1:]
    if not words or not words[0].known:
        return None
    first = words[0]
    name = first.text.rstrip("/").rsplit("/", 1)[-1]
    rest = [w.text for w in words[1:] if not w.text.startswith("-")]
    if _PYTHON.match(name):
        module = _python_module_argument([w.text for w in words[1:]])
        if module is None or not _PIP.match(module):
            return None
        name, rest = "pip", rest[1:] if rest[:1] == [module] else rest
        label_start = f"{first.text} -m {module}"
    else:
        label_start = name
    system = name in _SYSTEM_INSTALLERS
    key = "pip" if _PIP.match(name) else name
    table = _SYSTEM_INSTALLERS if system else _INSTALLERS
    for subcommand in table.get(key, ()):
        if tuple(rest[: len(subcommand)]) == subcommand:
            label = " ".join((label_start, *subcommand))
            return Install(label, (first.start, first.end), system)
    return None


def _python_module_argument(args: list[str]) -> Optional[str]:
    """X in `python [options] -m X …` (also `-mX`)."""
    for index, text in enumerate(args):
        if text == "-m":
            return args[index + 1] if index + 1 < len(args) else None
        if text.startswith("-m"):
            return text[2:]
        if not text.startswith("-"):
            return None
    return None


# --- EL508 ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class DevelopmentServer:
    """A development server that runs on the platform.

    From `run:` (`flask run`, `manage.py runserver`): `offsets` in the `run` string, `path` and
    `span` None. From Python code run mode reaches (`app.run()`): `path`/`span` of the call's
    callee, `environments` the cloud environments in which it runs. `label` names it;
    `framework` is "Flask", "Django", "Quart".
    """

    label: str
    framework: str
    offsets: Optional[tuple[int, int]] = None
    path: Optional[str] = None
    span: Optional[Span] = None
    environments: frozenset[str] = frozenset()


_SERVER_FRAMEWORKS = {"flask run": "Flask", "runserver": "Django"}


def development_servers(project: Project) -> list[DevelopmentServer]:
    """Development servers started by `run:` or by Python code that runs in run mode."""
    return project.cached("run_checks:development", lambda: _development(project))


def _development(project: Project) -> list[DevelopmentServer]:
    from .entry import serving_mode

    if serving_mode(project).is_wsgi:
        return []
    found: list[DevelopmentServer] = []
    parsed = _parsed(project)
    if parsed is not None:
        for server in parsed.servers:
            if server.name in platform.DEVELOPMENT_SERVERS:
                framework = _SERVER_FRAMEWORKS.get(server.name, "")
                found.append(DevelopmentServer(server.label, framework, server.program_offsets))
    found.extend(_development_calls(project))
    return found


def _development_calls(project: Project) -> list[DevelopmentServer]:
    from .binds import _call_text, _callee_key, _callee_span
    from .reach import running_code

    found: list[DevelopmentServer] = []
    for run in running_code(project):
        module: PythonModule = run.module
        if ".run" not in module.file.text:
            continue
        for site in run.calls:
            environments: set[str] = set()
            framework = ""
            for values in site.runs:
                key = _callee_key(values.callee)
                spec = platform.PYTHON_SERVER_CALLS.get(key) if key is not None else None
                if spec is not None and spec[0] in platform.DEVELOPMENT_SERVER_FRAMEWORKS:
                    framework = spec[0]
                    environments.add(values.environment)
            if environments and isinstance(site.node, ast.Call):
                found.append(
                    DevelopmentServer(
                        _call_text(module, site.node),
                        framework,
                        path=module.path,
                        span=_callee_span(module, site.node),
                        environments=frozenset(environments),
                    )
                )
    return found


# --- shared ---------------------------------------------------------------------------------
def _parsed(project: Project) -> Optional[RunCommand]:
    """The `run:` command when it parses; None in WSGI mode or when the shell would reject it."""
    from .entry import serving_mode

    if serving_mode(project).is_wsgi:
        return None
    from ..parsers.run_command import run_command

    parsed = run_command(project)
    if parsed is None or parsed.errors:
        return None
    return parsed
