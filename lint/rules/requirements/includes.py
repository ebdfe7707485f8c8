"""The requirement set across `-r`/`-c` includes (EL205, EL207): duplicates and missing files.

`parsers.requirements_graph` follows the includes as pip does and records the files in pip's
order and the includes it could not follow; these rules read that one view.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import ERROR, WARNING, Finding
from ...parsers.requirements import Requirement
from ...project import Project
from ...rulespec import rule
from .messages import shorten


def _first_seen_at(requirement: Requirement) -> str:
    return f"{requirement.path}:{requirement.line}"


def _cannot_both_hold(first: Requirement, second: Requirement) -> bool:
    from ...analysis.specifiers import is_satisfiable

    if not first.specifier or not second.specifier:
        return False
    if not is_satisfiable(first.specifier) or not is_satisfiable(second.specifier):
        return False  # one line alone is unsatisfiable: EL206 says so
    return not is_satisfiable([*first.specifier, *second.specifier])


@rule("EL205", "duplicate-requirement", WARNING)
def duplicate_requirement(project: Project) -> Iterator[Finding]:
    """The same package is required twice, in one file or across `-r`/`-c` includes.

    Why: pip merges the lines, so the version you get is decided by reading all of them
    together; an edit to one line silently does nothing when the other still constrains the
    package. When the two lines' specifiers cannot both hold (`flask<2` and `flask>=2`), or a
    requirement contradicts a constraints file (`-c`), the install fails: that is an error.
    Names compare by PEP 503 normalisation (`Flask` = `flask`, `zope_interface` =
    `zope.interface`). Lines whose environment markers are mutually exclusive
    (`; python_version < "3.8"` / `; python_version >= "3.8"`) are not duplicates. A constraint
    on a required package is what constraints files are for, and is reported only on conflict.

    Example: `Flask>=2.0,<3` in requirements.txt and `flask==2.3.3` in base.txt → keep one
    line.
    """
    from ...parsers.requirements_graph import requirements_set
    from .marker_grid import exclusive

    view = requirements_set(project)
    if view is None:
        return
    earlier: dict[str, list[Requirement]] = {}
    for requirement in view.ordered:
        name = requirement.normalized_name
        if name is None:
            continue
        previous = [
            other
            for other in earlier.get(name, [])
            if (other.path, other.line) != (requirement.path, requirement.line)
            and not exclusive(other.marker, requirement.marker)
        ]
        seen = earlier.setdefault(name, [])
        if len(seen) < 8:  # comparing with the first few is enough, and bounds hostile input
            seen.append(requirement)
        conflicting = next((o for o in previous if _cannot_both_hold(o, requirement)), None)
        shown = shorten(requirement.requirement)
        if conflicting is not None:
            kind = "the constraint" if conflicting.is_constraint else "the requirement"
            yield Finding(
                f"`{shown}` contradicts {kind} `{shorten(conflicting.requirement)}` at "
                f"{_first_seen_at(conflicting)}: no version satisfies both, so pip cannot install "
                f"`{requirement.name}`",
                requirement.path,
                requirement.span,
                severity=ERROR,
            )
            continue
        if requirement.is_constraint:
            continue
        duplicate = next((o for o in previous if not o.is_constraint), None)
        if duplicate is not None:
            yield Finding(
                f"`{requirement.name}` is already required at {_first_seen_at(duplicate)} "
                f"(`{shorten(duplicate.requirement)}`); pip merges both lines, so keep one",
                requirement.path,
                requirement.span,
            )


@rule("EL207", "missing-include", ERROR)
def missing_include(project: Project) -> Iterator[Finding]:
    """A `-r`/`-c` include names a file the deploy will not have.

    Why: pip stops when an included file is missing, so the dependency install fails. An include
    is followed relative to the folder of the file that names it, as pip does. Reported: a file
    that does not exist; an include cycle (`a.txt` includes `b.txt`, which includes `a.txt`),
    at the include that closes it; a path that leaves the project or is absolute — the deploy
    uploads only the project folder, so it is not there at build time even if it is on your
    machine. Includes of URLs (`-r https://…`) and of paths with `${VARIABLE}` are not followed.

    Example: `-r ../shared/base.txt` → copy `base.txt` into the project and use `-r base.txt`.
    """
    from ...parsers.requirements import REQUIREMENT_INCLUDE
    from ...parsers.requirements_graph import ABSOLUTE, CYCLE, MISSING, requirements_set

    view = requirements_set(project)
    if view is None:
        return
    for problem in view.problems:
        include = problem.include
        flag = "-r" if include.kind == REQUIREMENT_INCLUDE else "-c"
        written = f"`{flag} {shorten(include.target)}`"
        if problem.kind == MISSING:
            named = "" if problem.resolved == include.target else f" (`{problem.resolved}`)"
            message = (
                f"{written} names a file that does not exist{named}, so pip stops and the "
                "dependency install fails"
            )
        elif problem.kind == CYCLE:
            loop = " → ".join(problem.chain)
            message = (
                f"{written} closes an include cycle ({loop}), so pip never finishes reading "
                "the requirements and the install fails"
            )
        elif problem.kind == ABSOLUTE:
            message = (
                f"{written} is an absolute path, but the deploy uploads only the project "
                "folder, so the file is not there at build time; include a file inside the "
                "project by a relative path"
            )
        else:
            named = "" if problem.resolved == include.target else f" (`{problem.resolved}`)"
            message = (
                f"{written} points outside the project{named}, which the deploy does not "
                "upload, so the file is not there at build time; copy it into the project"
            )
        yield Finding(message, include.path, include.target_span)
