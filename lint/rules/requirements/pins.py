"""Version pins (EL201, EL202, EL206): whether a requirement's specifiers say which release.

A named requirement should exclude future major releases and still admit some release. These
rules read the specifiers `parsers.requirements` recorded; whether a set of specifiers can hold
at all is interval arithmetic, answered by `analysis.specifiers`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Optional

from ...diagnostics import ERROR, SAFE, WARNING, Edit, Finding, Fix, Span
from ...parsers.requirements import Requirement
from ...project import Project
from ...rulespec import rule
from .messages import shorten

if TYPE_CHECKING:
    from packaging.specifiers import Specifier, SpecifierSet
# Operators that put a ceiling on the versions a specifier allows (SPEC EL202: `==` also with a
# wildcard, `===`, `~=` — which always has at least two segments — and any `<`/`<=`).
_CAPPING_OPERATORS = frozenset({"==", "===", "~=", "<", "<="})
_LOWER_BOUND_OPERATORS = frozenset({">=", ">"})


def _requirements(project: Project) -> list[Requirement]:
    from ...parsers.requirements_graph import requirements_set

    view = requirements_set(project)  # requirements.txt and the files it includes
    return view.requirements if view is not None else []


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
        name = shorten(requirement.name or "")
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
                f"`{shorten(requirement.requirement)}` has no upper bound, so any future major "
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
            f"`{shorten(requirement.requirement)}` does not cap the major version, so a new major "
            f"release can break the next install; use `{shorten(suggested)}`",
            requirement.path,
            span,
            fix=Fix(
                f"Cap the major version: `{shorten(suggested)}`",
                (Edit(requirement.path, Span(insert_at, insert_at), addition),),
                SAFE,
            ),
        )


def _exclusive_comparison_hint(group: tuple[Specifier, ...]) -> str:
    """Why a pair that looks satisfiable is not: PEP 440's rules for `<V` and `>V`."""
    from packaging.version import InvalidVersion, Version

    try:
        versions = [Version(spec.version.removesuffix(".*")) for spec in group]
    except (InvalidVersion, ValueError):
        return ""
    for spec, version in zip(group, versions):
        other = versions[1] if version is versions[0] else versions[0]
        same_release = (version.epoch, version.release) == (other.epoch, other.release)
        final = version.pre is None and version.post is None and version.dev is None
        if not (same_release and final) or other == version:
            continue
        if spec.operator == "<":
            return f"; `{spec}` also excludes the pre-releases of {version}"
        if spec.operator == ">":
            return f"; `{spec}` also excludes the post-releases of {version}"
    return ""


@rule("EL206", "unsatisfiable-specifier", ERROR)
def unsatisfiable_specifier(project: Project) -> Iterator[Finding]:
    """A requirement's version specifiers exclude every version.

    Why: no release can satisfy `>=3,<2`, `==1.0,!=1.0`, `>2,<=2`, `~=1.4.5,!=1.4.*` or `<0`, so
    pip stops with "no matching distribution" and the deploy fails. Decided by interval
    arithmetic over PEP 440 versions, with PEP 440's exclusive-comparison rules: `<1.0` admits no
    pre-release of 1.0, so `>=1.0rc1,<1.0` is unsatisfiable too, and nothing is below
    `0.dev0`. Only reported when provably no version matches, and not for a line whose
    environment marker never holds on the platform (Linux, CPython, the target Python): pip
    skips it. Conflicts between two lines for the same package are EL205.

    Example: `requests>=3,<2` → `requests>=2,<3`.
    """
    from ...analysis.specifiers import conflicting
    from ...analysis.target import marker_on_platform, target
    from ...parsers.requirements_graph import requirements_set

    view = requirements_set(project)
    if view is None:
        return
    where = target(project)
    # Lines that write a specifier set alike share it (the parser builds each text once).
    answers: dict[int, Optional[tuple[Specifier, ...]]] = {}
    for file in view.files:
        for requirement in file.requirements:
            if not requirement.specifier:
                continue
            if marker_on_platform(requirement.marker, where) is False:
                continue
            key = id(requirement.specifier)
            if key not in answers:
                answers[key] = conflicting(requirement.specifier)
            group = answers[key]
            if group is None:
                continue
            specifier = shorten(requirement.specifier_text or str(requirement.specifier))
            if len(group) == 1:
                why = f"no version is `{group[0]}`"
            elif len(group) == 2:
                why = f"no version is both `{group[0]}` and `{group[1]}`"
                why += _exclusive_comparison_hint(group)
            else:
                why = "no version satisfies all of them"
            yield Finding(
                f"`{specifier}` cannot be satisfied ({why}), so pip cannot install "
                f"`{requirement.name}`",
                requirement.path,
                requirement.specifier_span or requirement.span,
            )
