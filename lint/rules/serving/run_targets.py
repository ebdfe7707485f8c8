"""EL506: scripts, modules and app attributes the `run:` command starts but the project lacks.

A command that starts what is not there fails at once. What each command starts comes from the
`run:` parser (`parsers.run_command`): a script, a module run with `python -m`, the module and
app a server imports, what `flask run` discovers. This module looks for it in the project,
relative to the build root and the command's working folder, and reports only what the project
decides: a module a requirement may install, a folder added to the import path, or a star
import that may bind the app leave it open, and then nothing is reported.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from ... import platform
from ...diagnostics import ERROR, Finding
from ...lazy_dataclass import dataclass
from ...lazy_re import lazy_pattern
from ...rulespec import rule
from .run_command import finding_in_run, valid_run_command

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ...parsers.run_command import Command, Entry, Server
    from ...project import Project

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
_IDENTIFIER = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_]*")


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


@rule("EL506", "run-target-missing", ERROR)
def run_target_missing(project: Project) -> Iterator[Finding]:
    """The `run:` command starts a script, module or app that is not in the project.

    Why: the command fails at once and the deploy never passes its startup check. Checked: a
    script (`python app.py`, `python manage.py runserver`), a module run with `python -m`
    (when the project provides its package), the module a server imports (`gunicorn wsgi:app`,
    `uvicorn main:app`, `flask --app hello run`) and the app attribute it names (`app` in
    `wsgi:app`; `application` when gunicorn or waitress is given a bare module), and what
    `flask run` discovers without an app (`wsgi.py` or `app.py`). Paths are relative to the build
    root and to the command's `cd`, `--chdir` or `--app-dir`. Not reported when it cannot be
    decided: an unknown folder, `PYTHONPATH` or `--pythonpath`, a module a requirement may
    install, a star import or `__getattr__` that may define the attribute.

    Example: `run: gunicorn -b 0.0.0.0:${LEANCLOUD_APP_PORT} wsgi:app` where wsgi.py defines only
    `application` → `wsgi:application`.
    """
    targets = missing_targets(project)
    if not targets:
        return

    for target in targets:
        label = f"`{target.label}`"
        if target.kind == NO_FILE:
            message = f"`run:` starts `{target.target}`, but there is no file `{target.expected}`"
        elif target.kind == NO_MAIN:
            message = (
                f"`python -m {target.target}` cannot run the package `{target.target}`: there "
                f"is no `{target.expected}`"
            )
        elif target.kind == NO_ATTRIBUTE:
            message = (
                f"{label} loads `{target.attribute}` from `{target.expected}`, which defines no "
                f"module-level `{target.attribute}`"
            )
        elif target.kind == NO_FLASK_APP:
            where_in = "the project root" if target.expected == "." else f"`{target.expected}`"
            message = (
                f"{label} finds no app: neither `--app` nor FLASK_APP is set, and there is no "
                f"wsgi.py or app.py in {where_in}"
            )
        else:
            message = (
                f"{label} {target.verb} `{target.target}`, but there is no `{target.expected}` "
                "in the project"
            )
        yield from finding_in_run(project, target.offsets, message)


def missing_targets(project: Project) -> list[MissingTarget]:
    """Scripts, modules and app attributes the `run:` commands start that do not exist."""
    return project.cached("run_targets:targets", lambda: _targets(project))


def _targets(project: Project) -> list[MissingTarget]:
    parsed = valid_run_command(project)
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
    from ...parsers.run_command import FILE, IMPORT, MODULE, SCRIPT

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
    from ...parsers.run_command import Source

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
    from ...parsers.run_command import MODULE

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
    from ...analysis.sdk import project_requirements

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
    from ...parsers.run_command import IMPORT, Source

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
    from ...analysis.dynamic_globals import dynamic_namespace_call
    from ...analysis.python.parse import python_module
    from ...analysis.python.reach import ENVIRONMENTS, module_run

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
