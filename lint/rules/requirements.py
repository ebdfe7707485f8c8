"""EL2xx — requirements.txt: what pip will install, and whether it can.

The rules read the records of `parsers.requirements`; every position and every judgement about
pip's grammar comes from there. These rules only decide what is worth saying.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Optional

from ..diagnostics import ERROR, SAFE, WARNING, Edit, Finding, Fix, Span
from ..parsers.requirements import InvalidLine, OptionLine, Requirement, requirements_file
from ..project import Project
from ..registry import rule

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet

# Operators that put a ceiling on the versions a specifier allows (SPEC EL202: `==` also with a
# wildcard, `===`, `~=` — which always has at least two segments — and any `<`/`<=`).
_CAPPING_OPERATORS = frozenset({"==", "===", "~=", "<", "<="})
_LOWER_BOUND_OPERATORS = frozenset({">=", ">"})
# Long lines are shortened in messages; the position still covers the whole line.
_MAX_SHOWN = 80


def _requirements(project: Project) -> list[Requirement]:
    view = requirements_file(project)
    return view.requirements if view is not None else []


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


@rule("EL201", "unpinned-requirement", WARNING)
def unpinned_requirement(project: Project) -> Iterator[Finding]:
    """A named requirement has no version specifier at all.

    Why: pip installs whatever release is newest when the dependencies are installed. The
    platform caches installed dependencies until `requirements.txt` changes, so the version you
    get changes at an unrelated moment — and a new major release can break the deploy or the
    running app. URL, VCS, path and `-e` requirements name their source and are not reported
    (EL204 covers VCS references).

    Example: `Flask` → `Flask==3.0.3`, or at least `Flask>=3.0,<4`.
    """
    for requirement in _requirements(project):
        if not requirement.is_named or requirement.is_constraint or requirement.specifier:
            continue
        name = _shown(requirement.name or "")
        yield Finding(
            f"`{name}` has no version specifier, so each fresh install takes whatever release "
            f"is newest; pin it (`{name}==X.Y.Z`) or cap it (`{name}>=X.Y,<X+1`)",
            requirement.path,
            requirement.span,
        )


def _is_capped(specifier: SpecifierSet) -> bool:
    return any(spec.operator in _CAPPING_OPERATORS for spec in specifier)


def _major_cap(specifier: SpecifierSet) -> Optional[str]:
    """`<N+1` for the major N of the highest lower bound, or None without a lower bound.

    A lower bound of `1!2.0` (an epoch) gets `<1!3`: `<3` would exclude every epoch-1 version.
    When `!=N.*` excludes the whole major line the bound starts in, the cap moves past it so the
    fixed requirement stays satisfiable (`>=2.0,!=2.*` → `<4`).
    """
    from packaging.version import InvalidVersion, Version

    lower: list[Version] = []
    for spec in specifier:
        if spec.operator in _LOWER_BOUND_OPERATORS:
            try:
                lower.append(Version(spec.version))
            except InvalidVersion:
                continue
    if not lower:
        return None
    highest = max(lower)
    epoch = f"{highest.epoch}!" if highest.epoch else ""
    excluded = {spec.version for spec in specifier if spec.operator == "!="}
    major = highest.release[0]
    while f"{epoch}{major}.*" in excluded:
        major += 1
    return f"<{epoch}{major + 1}"


@rule("EL202", "unbounded-major-version", WARNING)
def unbounded_major_version(project: Project) -> Iterator[Finding]:
    """A requirement's specifiers do not cap the major version.

    Why: `Flask>=1.0` accepts Flask 2, 3 and every future major release, which by convention
    may break your code; the version you get changes whenever the platform's dependency cache is
    rebuilt. A requirement counts as capped with `==` (also `==1.*`), `===`, `~=` or any `<`/`<=`.
    The safe fix appends `,<N+1`, where N is the major version of the highest lower bound; with
    only exclusions (`x!=2.0`) there is no lower bound to derive a cap from, so there is no fix:
    choose the major version you tested with.

    Example: `Flask>=1.0.0` → `Flask>=1.0.0,<2`; `requests>2` → `requests>2,<3`.
    """
    for requirement in _requirements(project):
        if not requirement.is_named or requirement.is_constraint:
            continue
        specifier = requirement.specifier
        if not specifier or _is_capped(specifier):
            continue
        span = requirement.span
        cap = _major_cap(specifier)
        if cap is None or requirement.specifier_span is None or not requirement.specifier_range:
            yield Finding(
                f"`{_shown(requirement.requirement)}` has no upper bound, so any future major "
                "release can be installed; add a `<` cap for the major version you tested with",
                requirement.path,
                span,
            )
            continue
        addition = cap if requirement.specifier_text.endswith(",") else f",{cap}"
        end = requirement.specifier_range[1]
        suggested = requirement.requirement[:end] + addition + requirement.requirement[end:]
        insert_at = requirement.specifier_span.end
        yield Finding(
            f"`{_shown(requirement.requirement)}` does not cap the major version, so a new major "
            f"release can break the next install; use `{_shown(suggested)}`",
            requirement.path,
            span,
            fix=Fix(
                f"Cap the major version: `{_shown(suggested)}`",
                (Edit(requirement.path, Span(insert_at, insert_at), addition),),
                SAFE,
            ),
        )


@rule("EL203", "invalid-requirement", ERROR)
def invalid_requirement(project: Project) -> Iterator[Finding]:
    """A line in `requirements.txt` that pip rejects, or parts of a line pip silently ignores.

    Why: pip stops at the first line it cannot parse (`flask=1.0`, `django>=`, `x~=1`, an
    invalid environment marker, an unknown or long-removed option such as `--allow-external`),
    so the dependency install and the deploy fail. Reported as warnings, because pip carries on
    without them: index options on a requirement line (`foo==1.0 --index-url …`), a `--hash` line
    that lost the trailing `\\` joining it to its requirement, and words after the options of a
    line. Lines using `${VARIABLE}` are not judged: pip substitutes the install environment first.

    Example: `flask=1.0` → `flask==1.0`.
    """
    from ..parsers.requirements import option_flag

    view = requirements_file(project)
    if view is None:
        return
    for entry in view.entries:
        if isinstance(entry, InvalidLine):
            if entry.uses_environment:
                continue
            yield Finding(
                f"pip cannot parse `{_shown(entry.text)}`, so the dependency install fails: "
                f"{entry.reason}",
                entry.path,
                entry.span,
            )
        elif isinstance(entry, Requirement):
            where = entry.options_span or entry.line_span
            if entry.ignored_options:
                flags = ", ".join(f"`{option_flag(name)}`" for name in entry.ignored_options)
                yield Finding(
                    f"pip ignores {flags} on the requirement line of `{_shown(entry.requirement)}`"
                    "; put global options on a line of their own",
                    entry.path,
                    where,
                    severity=WARNING,
                )
            if entry.ignored_arguments:
                words = " ".join(entry.ignored_arguments)
                yield Finding(
                    f"pip ignores `{_shown(words)}` after the options of "
                    f"`{_shown(entry.requirement)}`; put each requirement on a line of its own",
                    entry.path,
                    where,
                    severity=WARNING,
                )
        elif isinstance(entry, OptionLine):
            if entry.ignored_options:
                flags = ", ".join(f"`{option_flag(name)}`" for name in entry.ignored_options)
                yield Finding(
                    f"{flags} on a line without a requirement applies to nothing and pip ignores "
                    "it; join it to its requirement's line with a trailing `\\`",
                    entry.path,
                    entry.span,
                    severity=WARNING,
                )
            if entry.ignored_arguments:
                words = " ".join(entry.ignored_arguments)
                yield Finding(
                    f"pip ignores `{_shown(words)}` after the options on this line; put each "
                    "requirement on a line of its own",
                    entry.path,
                    entry.span,
                    severity=WARNING,
                )
