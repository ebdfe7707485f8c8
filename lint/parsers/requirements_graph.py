"""requirements.txt and every file it pulls in with `-r`/`-c`, followed the way pip follows them.

pip reads an included file relative to the folder of the file that names it, treats `-r` inside
a constraints file as requirements again (and `-c` anywhere as constraints), and has no cycle
protection of its own. The deploy uploads only the project folder, so an include that is absolute
or climbs out of the project cannot be there at build time. This module walks the includes once,
reading each file through the Project (so EL001/EL002 still apply) and parsing it with
`parse_requirements_text`, and records what could not be followed as `IncludeProblem`s (EL207),
each positioned at the include's target in the file that names it.

Decisions: `-r https://…` (any `scheme://` URL) is not followed and not reported: enginelint never
uses the network, and pip can fetch it. A target with `${VAR}` is not judged: pip expands it from
the install environment. A file reached twice without a cycle (a diamond) is listed once.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from .. import files
from .requirements import (
    CONSTRAINT_INCLUDE,
    Entry,
    Include,
    Requirement,
    RequirementsFile,
    parse_requirements_text,
    requirements_file,
)

if TYPE_CHECKING:
    from ..project import Project

# Problem kinds.
MISSING = "missing"
CYCLE = "cycle"
OUTSIDE = "outside"
ABSOLUTE = "absolute"

# Bounds on hostile input: how deep includes nest and how many files one project may pull in.
MAX_DEPTH = 50
MAX_FILES = 500

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")
_ENV_VARIABLE = re.compile(r"\$\{[A-Za-z0-9_]+\}")


@dataclass(frozen=True)
class IncludeProblem:
    """An include that cannot be followed: `kind` is MISSING, CYCLE, OUTSIDE or ABSOLUTE.

    `resolved` is the project-relative path pip would open (None for ABSOLUTE); `chain` is, for
    a cycle, the files of the loop in order, starting and ending with the file it returns to.
    """

    include: Include
    kind: str
    resolved: Optional[str]
    chain: tuple[str, ...] = ()


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
    """False for URLs and `${VAR}` targets, which enginelint does not follow (see module doc)."""
    return not (_URL.match(target) or _ENV_VARIABLE.search(target))


class _Walker:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.result = RequirementsSet()
        self.seen: set[tuple[str, bool]] = set()
        self.stack: list[tuple[str, str]] = []  # (identity, path) of the files being walked

    def identity(self, path: str) -> str:
        """The real location, so that a symlink or `a/../b` cannot hide a cycle."""
        absolute = os.path.join(str(self.project.root), *path.split("/"))
        return os.path.realpath(absolute)

    def walk(self, view: RequirementsFile) -> None:
        key = self.identity(view.path)
        self.seen.add((key, view.is_constraint))
        self.result.files.append(view)
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
        if not is_followable(include.target):
            return
        resolved, kind = resolve_include(view.path, include.target)
        if kind is not None:
            self.result.problems.append(IncludeProblem(include, kind, resolved))
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
        if len(self.stack) >= MAX_DEPTH or len(self.result.files) >= MAX_FILES:
            return
        if not self.project.exists(resolved):
            self.result.problems.append(IncludeProblem(include, MISSING, resolved))
            return
        text = self.project.read(resolved, kind=files.REQUIREMENTS)
        if text is None:
            return  # unreadable or undecodable: EL001/EL002 report it
        self.walk(parse_requirements_text(text, is_constraint=constraint))


def _build(project: Project) -> Optional[RequirementsSet]:
    root = requirements_file(project)
    if root is None:
        return None
    walker = _Walker(project)
    walker.walk(root)
    return walker.result
