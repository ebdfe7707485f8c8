"""requirements.txt and every file it pulls in with `-r`/`-c`, followed the way pip follows them.

pip reads an included file relative to the folder of the file that names it, treats `-r` inside
a constraints file as requirements again (and `-c` anywhere as constraints), and has no cycle
protection of its own. The deploy uploads only the project folder, so an include that is absolute
or climbs out of the project cannot be there at build time. This module walks the includes once,
reading each file through the Project (so EL001/EL002 still apply) and parsing it with
`parse_requirements_text`, and records what could not be followed as `IncludeProblem`s (EL207),
each positioned at the include's target in the file that names it.

A `file:` URL is read as pip reads it: `file:///etc/passwd` is that absolute path, and a relative
`file:base.txt` is relative to the folder the install runs in (the build folder), not to the
including file; a `file:` URL on another host cannot be opened on Linux. pip expands `${VAR}`
from the environment of the install, which on the platform is its build's, not the developer's:
such an include is reported with that reason (as a warning when leanengine.yaml exposes the app's
variables to the build and the variable may be one of them).

Decisions: `-r https://…` (any other `scheme://` URL) is not followed and not reported: enginelint
never uses the network, and pip can fetch it. A file reached twice without a cycle (a diamond) is
listed once. The walk is bounded (`MAX_DEPTH` nested includes, `MAX_FILES` files, `MAX_TOTAL_LINES`
lines across them); what a bound leaves out is EL005.
"""

from __future__ import annotations

import os
import posixpath
import re
from typing import TYPE_CHECKING, Optional

from .. import files, observe
from ..lazy_dataclass import dataclass, field
from ..lazy_re import lazy_pattern
from .requirements import (
    CONSTRAINT_INCLUDE,
    Entry,
    Include,
    Requirement,
    RequirementsFile,
    parse_requirements_text,
    report_bounds,
    requirements_file,
)

if TYPE_CHECKING:
    from ..project import Project

# Problem kinds.
MISSING = "missing"
CYCLE = "cycle"
OUTSIDE = "outside"
ABSOLUTE = "absolute"
ENVIRONMENT = "environment"  # `${VAR}`: expanded from the platform's build environment
REMOTE = "remote"  # `file://host/…`: pip opens no file on another host on Linux

# Bounds on hostile input: how deep includes nest, how many files one project may pull in, and
# how many requirement lines they may hold together.
MAX_DEPTH = 50
MAX_FILES = 500
MAX_TOTAL_LINES = 20_000

_URL = lazy_pattern(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_WINDOWS_ABSOLUTE = lazy_pattern(r"^(?:[A-Za-z]:[\\/]|\\\\)")
# pip expands `${NAME}` with an upper-case NAME only (pip's `ENV_VAR_RE`).
_ENV_VARIABLE = lazy_pattern(r"\$\{([A-Z0-9_]+)\}")
_FILE_URL = lazy_pattern(r"^file:", re.IGNORECASE)


@dataclass(frozen=True)
class IncludeProblem:
    """An include that cannot be followed: `kind` is MISSING, CYCLE, OUTSIDE, ABSOLUTE,
    ENVIRONMENT or REMOTE.

    `resolved` is the project-relative path pip would open (the absolute path for ABSOLUTE when
    known); `chain` is, for a cycle, the files of the loop in order, starting and ending with the
    file it returns to; `via_url` says the target was a `file:` URL; `variables` the `${VAR}`
    names of an ENVIRONMENT include, and `exposed` whether leanengine.yaml exposes the app's
    variables to the build.
    """

    include: Include
    kind: str
    resolved: Optional[str]
    chain: tuple[str, ...] = ()
    via_url: bool = False
    variables: tuple[str, ...] = ()
    exposed: bool = False


@dataclass
class RequirementsSet:
    """Every requirements/constraints file reached from requirements.txt, root first.

    `files` lists each (file, as constraints or not) once, in the order pip first reaches it;
    `ordered` every requirement in the order pip processes them (an include's records come
    at the include's line); `problems` the includes that could not be followed.
    """

    files: list[RequirementsFile] = field(default_factory=list)
    ordered: list[Requirement] = field(default_factory=list)
    problems: list[IncludeProblem] = field(default_factory=list)

    @property
    def requirement_files(self) -> list[RequirementsFile]:
        """The files whose lines are requirements (not constraints)."""
        return [f for f in self.files if not f.is_constraint]

    @property
    def requirements(self) -> list[Requirement]:
        """Requirements (not constraints) of every file, in file order."""
        return [r for f in self.requirement_files for r in f.requirements]

    @property
    def entries(self) -> list[Entry]:
        """Every record of every file (constraints files included), in file order."""
        return [e for f in self.files for e in f.entries]


def requirements_set(project: Project) -> Optional[RequirementsSet]:
    """The include graph from requirements.txt, built once; None without a readable root file."""
    return project.cached("requirements_set", lambda: _build(project))


def resolve_include(including: str, target: str) -> tuple[Optional[str], Optional[str]]:
    """Where pip looks for `target` named in the file `including`: (path, problem kind).

    The path is project-relative and normalised; the kind is None when the target is inside
    the project, OUTSIDE when it climbs out, ABSOLUTE for an absolute path (then path is None).
    """
    if target.startswith(("/", "~")) or _WINDOWS_ABSOLUTE.match(target):
        return None, ABSOLUTE
    joined = posixpath.join(posixpath.dirname(including), target)
    normal = posixpath.normpath(joined)
    if normal == ".." or normal.startswith("../"):
        return normal, OUTSIDE
    return normal, None


def is_followable(target: str) -> bool:
    """False for URLs other than `file:` and for `${VAR}` targets (see the module doc)."""
    if _ENV_VARIABLE.search(target):
        return False
    return bool(_FILE_URL.match(target)) or not _URL.match(target)


def file_url_path(url: str) -> tuple[str, str]:
    """(host, path) of a `file:` URL as pip turns it into a path (`url_to_path`)."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    return parts.netloc, unquote(parts.path)


def _exposes_environment(project: Project) -> bool:
    """leanengine.yaml's `exposeEnvironmentsOnBuild: true` gives the build the app's variables."""
    from .engine_yaml import engine_config

    config = engine_config(project)
    return bool(config is not None and config.get("exposeEnvironmentsOnBuild") is True)


class _Walker:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.result = RequirementsSet()
        self.seen: set[tuple[str, bool]] = set()
        self.stack: list[tuple[str, str]] = []  # (identity, path) of the files being walked
        self.lines = 0  # logical lines read so far, every file together

    def identity(self, path: str) -> str:
        """The real location, so that a symlink or `a/../b` cannot hide a cycle."""
        absolute = os.path.join(str(self.project.root), *path.split("/"))
        return observe.realpath(absolute)

    def walk(self, view: RequirementsFile) -> None:
        key = self.identity(view.path)
        self.seen.add((key, view.is_constraint))
        self.result.files.append(view)
        self.lines += view.lines_read
        self.stack.append((key, view.path))
        try:
            for entry in view.entries:
                if isinstance(entry, Requirement):
                    self.result.ordered.append(entry)
                elif isinstance(entry, Include):
                    self.follow(view, entry)
        finally:
            self.stack.pop()

    def follow(self, view: RequirementsFile, include: Include) -> None:
        target = include.target
        names = tuple(dict.fromkeys(_ENV_VARIABLE.findall(target)))
        if names:
            exposed = _exposes_environment(self.project)
            problem = IncludeProblem(include, ENVIRONMENT, None, variables=names, exposed=exposed)
            self.result.problems.append(problem)
            return
        if not is_followable(target):
            return
        via_url = bool(_FILE_URL.match(target))
        if via_url:
            host, path = file_url_path(target)
            if host not in ("", "localhost"):
                self.result.problems.append(IncludeProblem(include, REMOTE, None, via_url=True))
                return
            if path.startswith("/"):
                problem = IncludeProblem(include, ABSOLUTE, path, via_url=True)
                self.result.problems.append(problem)
                return
            # Relative to the folder the install runs in: the build folder.
            base = self.project.build_root
            resolved, kind = resolve_include(f"{base}/x" if base else "x", path)
        else:
            resolved, kind = resolve_include(view.path, target)
        if kind is not None:
            self.result.problems.append(IncludeProblem(include, kind, resolved, via_url=via_url))
            return
        assert resolved is not None
        key = self.identity(resolved)
        looped = [index for index, (identity, _) in enumerate(self.stack) if identity == key]
        if looped:
            chain = (*(path for _, path in self.stack[looped[0] :]), resolved)
            self.result.problems.append(IncludeProblem(include, CYCLE, resolved, chain))
            return
        # pip: `-c` makes a constraints file; `-r` a requirements file, even inside constraints.
        constraint = include.kind == CONSTRAINT_INCLUDE
        if (key, constraint) in self.seen:
            return
        bound = self.bound()
        if bound:
            self.project.problem(
                "EL005",
                include.path,
                f"`{include.path}` includes `{include.target}` at line {include.line}, which "
                f"enginelint did not read: {bound}; the requirements findings speak only of the "
                "files read",
                include.target_span,
            )
            return
        if not self.project.exists(resolved):
            self.result.problems.append(IncludeProblem(include, MISSING, resolved, via_url=via_url))
            return
        text = self.project.read(resolved, kind=files.REQUIREMENTS)
        if text is None:
            return  # unreadable or undecodable: EL001/EL002 report it
        parsed = parse_requirements_text(
            text, is_constraint=constraint, max_lines=MAX_TOTAL_LINES - self.lines
        )
        report_bounds(self.project, parsed)
        self.walk(parsed)

    def bound(self) -> str:
        """Which bound stops the walk here, or ""."""
        if len(self.stack) >= MAX_DEPTH:
            return f"includes nest more than {MAX_DEPTH} files deep"
        if len(self.result.files) >= MAX_FILES:
            return f"the project's requirements span more than {MAX_FILES} files"
        if self.lines >= MAX_TOTAL_LINES:
            return f"the files read already hold {MAX_TOTAL_LINES:,} requirement lines"
        return ""


def _build(project: Project) -> Optional[RequirementsSet]:
    root = requirements_file(project)
    if root is None:
        return None
    walker = _Walker(project)
    walker.walk(root)
    return walker.result
