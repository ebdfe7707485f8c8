"""The requirement set across `-r`/`-c` includes (EL205, EL207): duplicates and missing files.

`parsers.requirements_graph` follows the includes as pip does and records the files in pip's
order and the includes it could not follow; these rules read that one view.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Optional

from ...diagnostics import ERROR, WARNING, Finding
from ...parsers.requirements import Requirement
from ...parsers.requirements_graph import IncludeProblem
from ...project import Project
from ...rulespec import rule
from .messages import shorten

if TYPE_CHECKING:
    from packaging.markers import Marker


def _first_seen_at(requirement: Requirement) -> str:
    return f"{requirement.path}:{requirement.line}"


# Distinct (specifiers, marker, kind) of one name compared with each later line: enough to find
# a conflict in real files, and a bound on hostile ones (10,000 lines of one name stay linear).
_KEPT_PER_NAME = 8


@rule("EL205", "duplicate-requirement", WARNING)
def duplicate_requirement(project: Project) -> Iterator[Finding]:
    """The same package is required twice, in one file or across `-r`/`-c` includes.

    Why: pip merges the lines, so the version you get is decided by reading all of them
    together; an edit to one line silently does nothing when the other still constrains the
    package. When the two lines' specifiers cannot both hold (`flask<2` and `flask>=2`), or a
    requirement contradicts a constraints file (`-c`), the install fails: that is an error.
    Names compare by PEP 503 normalisation (`Flask` = `flask`, `zope_interface` =
    `zope.interface`). Environment markers are evaluated for the platform (Linux, CPython, the
    target Python) first: a line whose marker never holds there (`; sys_platform == "darwin"`)
    is ignored by pip and is not compared. Lines whose markers are mutually exclusive
    (`; python_version < "3.8"` / `; python_version >= "3.8"`) are not duplicates. A constraint
    on a required package is what constraints files are for, and is reported only on conflict.

    Example: `Flask>=2.0,<3` in requirements.txt and `flask==2.3.3` in base.txt → keep one
    line.
    """
    from ...analysis.specifiers import is_satisfiable
    from ...analysis.target import marker_on_platform, target
    from ...parsers.requirements_graph import requirements_set
    from .marker_grid import truth_mask

    view = requirements_set(project)
    if view is None:
        return
    where = target(project)
    # Answers by specifier text, so that repeated lines cost a lookup, not an analysis.
    satisfiable: dict[str, bool] = {}
    together: dict[tuple[str, str], bool] = {}
    # Markers are shared between the lines that write them alike: described once each.
    described: dict[int, tuple[str, int, Optional[bool]]] = {}

    def marker_facts(marker: Optional[Marker]) -> tuple[str, int, Optional[bool]]:
        """The marker's text, its truth mask on the grid, whether it holds on the platform."""
        key = id(marker)
        if key not in described:
            on_platform = marker_on_platform(marker, where)
            described[key] = (str(marker), truth_mask(marker), on_platform)
        return described[key]

    quoted: dict[int, str] = {}
    # A name written once has nothing to be compared with: most lines of a big file.
    written: dict[Optional[str], int] = {}
    for requirement in view.ordered:
        written[requirement.normalized_name] = written.get(requirement.normalized_name, 0) + 1
    # Per name, the distinct lines kept for comparison: (line, specifier text, marker mask,
    # whether its specifiers can be compared at all — some, and satisfiable on their own).
    earlier: dict[str, dict[tuple[str, str, bool], tuple[Requirement, str, int, bool]]] = {}
    for requirement in view.ordered:
        name = requirement.normalized_name
        if name is None or written[name] < 2:
            continue
        marker_text, mask, on_platform = marker_facts(requirement.marker)
        if on_platform is False:
            continue
        specifier = requirement.specifier
        # Not `str(specifier)`: packaging 26 sorts the set's own order while printing it.
        text = ",".join(sorted(str(spec) for spec in specifier))
        comparable = False
        if specifier:
            if text not in satisfiable:
                satisfiable[text] = is_satisfiable(specifier)
            # A line that no version satisfies on its own is EL206's.
            comparable = satisfiable[text]
        kept = earlier.setdefault(name, {})
        place = (requirement.path, requirement.line)
        previous = [
            line
            for line in kept.values()
            if (line[0].path, line[0].line) != place and line[2] & mask  # can hold together
        ]
        key = (text, marker_text, requirement.is_constraint)
        if key not in kept and len(kept) < _KEPT_PER_NAME:
            kept[key] = (requirement, text, mask, comparable)
        conflicting = None
        if comparable:
            for other, other_text, _mask, other_comparable in previous:
                if not other_comparable:
                    continue
                pair = (other_text, text)
                if pair not in together:
                    together[pair] = not is_satisfiable([*other.specifier, *specifier])
                if together[pair]:
                    conflicting = other
                    break
        if conflicting is not None:
            kind = "the constraint" if conflicting.is_constraint else "the requirement"
            shown = shorten(requirement.requirement)
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
        duplicate = next((line[0] for line in previous if not line[0].is_constraint), None)
        if duplicate is not None:
            # The same earlier line is named again and again in a file that repeats a name.
            if id(duplicate) not in quoted:
                quoted[id(duplicate)] = (
                    f"{_first_seen_at(duplicate)} (`{shorten(duplicate.requirement)}`)"
                )
            yield Finding(
                f"`{requirement.name}` is already required at {quoted[id(duplicate)]}; pip "
                "merges both lines, so keep one",
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
    machine. `file:` URLs are read as pip reads them: `-r file:///etc/x.txt` is an absolute path,
    `-r file:base.txt` is relative to the build folder (where the install runs), and a `file:`
    URL on another host cannot be opened. pip fills in `${VARIABLE}` from the environment of the
    build on the platform, not from your machine (its `HOME` is not yours; the app's own
    variables are there only with `exposeEnvironmentsOnBuild: true`, and then the include is a
    warning, since enginelint cannot see their values). Includes of other URLs (`-r https://…`)
    are not followed.

    Example: `-r ../shared/base.txt` → copy `base.txt` into the project and use `-r base.txt`.
    """
    from ...parsers.requirements import REQUIREMENT_INCLUDE
    from ...parsers.requirements_graph import requirements_set

    view = requirements_set(project)
    if view is None:
        return
    for problem in view.problems:
        include = problem.include
        flag = "-r" if include.kind == REQUIREMENT_INCLUDE else "-c"
        written = f"`{flag} {shorten(include.target)}`"
        severity = WARNING if problem.kind == _ENVIRONMENT and _may_be_set(problem) else ERROR
        yield Finding(_include_message(problem, written), include.path, include.target_span,
                      severity=severity)


_ENVIRONMENT = "environment"
# Variables of the machine, not of the app: the platform's build has its own values for them.
_MACHINE_VARIABLES = frozenset(
    {"HOME", "USER", "USERNAME", "LOGNAME", "PWD", "OLDPWD", "TMPDIR", "TMP", "TEMP",
     "VIRTUAL_ENV", "CONDA_PREFIX", "PYENV_ROOT", "WORKON_HOME", "USERPROFILE", "APPDATA"}
)  # fmt: skip


def _may_be_set(problem: IncludeProblem) -> bool:
    """The build may have the app's own value: exposed, and not a machine variable."""
    return problem.exposed and not set(problem.variables) & _MACHINE_VARIABLES


def _include_message(problem: IncludeProblem, written: str) -> str:
    from ...parsers.requirements_graph import ABSOLUTE, CYCLE, MISSING, REMOTE

    include = problem.include
    if problem.kind == MISSING:
        named = "" if problem.resolved == include.target else f" (`{problem.resolved}`)"
        where = ""
        if problem.via_url:
            where = " relative to the build folder, as pip reads a `file:` URL"
        return (
            f"{written} names a file that does not exist{named}{where}, so pip stops and the "
            "dependency install fails"
        )
    if problem.kind == CYCLE:
        loop = " → ".join(problem.chain)
        return (
            f"{written} closes an include cycle ({loop}), so pip never finishes reading "
            "the requirements and the install fails"
        )
    if problem.kind == ABSOLUTE:
        what = (
            f"is a `file:` URL of the absolute path `{shorten(problem.resolved or '')}`"
            if problem.via_url
            else "is an absolute path"
        )
        return (
            f"{written} {what}, but the deploy uploads only the project folder, so the file is "
            "not there at build time; include a file inside the project by a relative path"
        )
    if problem.kind == REMOTE:
        return (
            f"{written} is a `file:` URL on another host, which pip cannot open on Linux, so "
            "the dependency install fails; include a file inside the project by a relative path"
        )
    if problem.kind == _ENVIRONMENT:
        names = ", ".join(f"`${{{name}}}`" for name in problem.variables)
        machine = [name for name in problem.variables if name in _MACHINE_VARIABLES]
        if machine:
            why = (
                f"there `{machine[0]}` is not what it is on your machine, and a file outside "
                "the project is not uploaded"
            )
        elif problem.exposed:
            return (
                f"{written} depends on {names}, which pip fills in from the environment of the "
                "build on the platform (leanengine.yaml exposes the app's variables to it), so "
                "enginelint cannot check the file; make sure it names a file inside the project"
            )
        else:
            why = (
                "the build has the app's variables only with leanengine.yaml "
                "`exposeEnvironmentsOnBuild: true`, and without them pip keeps the text as "
                "written"
            )
        return (
            f"{written} depends on {names}, which pip fills in from the environment of the build "
            f"on the platform, not from your machine: {why}, so pip does not find the file; "
            "include it by a path inside the project"
        )
    named = "" if problem.resolved == include.target else f" (`{problem.resolved}`)"
    return (
        f"{written} points outside the project{named}, which the deploy does not "
        "upload, so the file is not there at build time; copy it into the project"
    )
