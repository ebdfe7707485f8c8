"""Whether pip can install what is named (EL211, EL212, EL214): known dead names, renamed
packages, and conflicts with the LeanCloud SDK's own pins.

The lists of dead and renamed packages are platform data; the SDK's pins against the project's
requirements are `analysis.sdk`'s answer, which EL305 shares.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import ERROR, WARNING, Finding
from ...parsers.requirements import Requirement
from ...project import Project
from ...rulespec import rule
from .messages import shorten


@rule("EL211", "not-installable", ERROR)
def not_installable(project: Project) -> Iterator[Finding]:
    """A requirement pip cannot install for a known reason.

    Why: some names in requirements files never install: `pkg-resources==0.0.0` is an artefact
    of `pip freeze` on Debian/Ubuntu (PyPI has no such package), `python` is the interpreter
    (chosen by `.python-version`), `sklearn` is a placeholder that fails on purpose (the
    package is `scikit-learn`), `PIL` has no files on PyPI (the package is `Pillow`). pip stops
    at the first one and the deploy fails. The list lives in the platform data.

    Example: `sklearn==0.0` → `scikit-learn==1.5.2`; `pkg-resources==0.0.0` → delete the line.
    """
    from ...analysis.sdk import project_requirements
    from ...platform import NOT_INSTALLABLE_PACKAGES

    for requirement in project_requirements(project):
        if requirement.is_constraint or requirement.normalized_name is None:
            continue
        known = NOT_INSTALLABLE_PACKAGES.get(requirement.normalized_name)
        if known is None:
            continue
        reason, replacement = known
        advice = f"use `{replacement}`" if replacement else "delete the line"
        yield Finding(
            f"`{shorten(requirement.requirement)}` {reason}, so pip cannot install it and the "
            f"dependency install fails; {advice}",
            requirement.path,
            requirement.span,
        )


@rule("EL212", "deprecated-package", WARNING)
def deprecated_package(project: Project) -> Iterator[Finding]:
    """A requirement names a dead or renamed distribution.

    Why: `leancloud-sdk` is the old LeanCloud SDK, unmaintained for years; the SDK is `leancloud`.
    Other renamed or abandoned packages from the platform data (`pycrypto`, `msgpack-python`)
    get no fixes, security ones included, and stop building on new Pythons.

    Example: `leancloud-sdk==1.4.3` → `leancloud>=2.9.3,<3`.
    """
    from ...analysis.sdk import project_requirements
    from ...platform import DEPRECATED_PACKAGES

    for requirement in project_requirements(project):
        if requirement.is_constraint or requirement.normalized_name is None:
            continue
        known = DEPRECATED_PACKAGES.get(requirement.normalized_name)
        if known is None:
            continue
        replacement, reason = known
        yield Finding(
            f"`{shorten(requirement.requirement)}` is {reason}; use `{replacement}`",
            requirement.path,
            requirement.span,
        )


@rule("EL214", "sdk-dependency-conflict", ERROR)
def sdk_dependency_conflict(project: Project) -> Iterator[Finding]:
    """A requirement cannot be installed together with any LeanCloud SDK release the file allows.

    Why: every release of `leancloud` pins some of its dependencies (from 2.9.3 on,
    `Werkzeug<2.0.0`; gevent to one major line; older releases `requests<=2.22.0`). When each
    release the `leancloud` requirement allows conflicts with another requirement, pip's resolver
    finds no solution and the dependency install fails. Frameworks count through what they need:
    Flask 2 and later require Werkzeug 2 or later. Decided from the SDK release table in the
    platform data, and only when the conflict is certain (releases whose pins are not recorded,
    requirements behind markers and URL requirements are not judged).

    Example: `leancloud>=2.9.3` with `Flask>=2` → keep Flask 1 (`Flask>=1.1.4,<2`), or drop
    the SDK.
    """
    from ...analysis.sdk import Conflict, describe_releases, sdk_analysis

    analysis = sdk_analysis(project)
    if analysis is None or not analysis.decidable:
        return
    if any(not analysis.conflicts.get(release.version) for release in analysis.allowed):
        return
    grouped: dict[int, list[Conflict]] = {}
    order: list[Requirement] = []
    for release in analysis.allowed:
        for conflict in analysis.conflicts[release.version]:
            key = id(conflict.requirement)
            if key not in grouped:
                grouped[key] = []
                order.append(conflict.requirement)
            grouped[key].append(conflict)
    everything = len(analysis.allowed)
    for requirement in order:
        conflicts = grouped[id(requirement)]
        releases = {c.release.version: c.release for c in conflicts}
        by_pin: dict[str, list[Conflict]] = {}
        for conflict in conflicts:
            pin = f"{conflict.pin.dependency}{conflict.pin.text}"
            by_pin.setdefault(pin, []).append(conflict)
        sides = " and ".join(
            f"{describe_releases(c.release for c in group)} pins `{pin}`"
            for pin, group in by_pin.items()
        )
        needs = conflicts[0].needs
        own = f"`{shorten(requirement.requirement)}`"
        if needs is not None:
            own += f" needs `{conflicts[0].pin.dependency}{needs}`, which"
        scope = (
            f"every leancloud release {analysis.requirement_text} allows"
            if len(releases) == everything
            else f"some leancloud releases {analysis.requirement_text} allows (the others "
            "conflict with other requirements)"
        )
        yield Finding(
            f"{own} conflicts with {scope}: leancloud {sides}, so pip finds no solution",
            requirement.path,
            requirement.span,
        )
