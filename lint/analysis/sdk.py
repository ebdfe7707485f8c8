"""Which LeanCloud SDK releases a project's requirements allow, and whether pip can install them.

EL214 (requirements that cannot be installed with the SDK) and EL305 (a Python the SDK cannot be
installed on) both start from the same question: which releases of `leancloud` does the project
let pip choose, and what does each of them pin? The answers come from the release table in
`platform.py`; this module turns it into decisions, built once per project (`sdk_analysis`).

Only certain conflicts count. Two specifier sets conflict when no version can satisfy both,
decided by `analysis.specifiers.is_satisfiable` (interval arithmetic on an over-approximation, so
"unsatisfiable" is always right). A framework conflicts through what its releases require
(`Flask>=2` needs Werkzeug>=2.0) only when every release it allows is in the table. A release
whose pins were never recorded, a `leancloud` requirement given as a URL, or one behind an
environment marker that cannot be evaluated stops the analysis: no finding rather than a guess.

How pip chooses: it takes the newest allowed release whose metadata fits the other requirements,
backtracking only over metadata conflicts. A build that fails (gevent from source on a Python it
does not support) is fatal: pip does not fall back to an older release. So EL305 judges the
release pip picks first, while EL214 needs every allowed release to conflict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Optional

from ..lazy_dataclass import dataclass, field
from ..lazy_re import lazy_pattern
from ..platform import (
    FRAMEWORK_DEPENDENCY_FLOORS,
    GEVENT_FIRST_RELEASE_FOR_PYTHON,
    LEANCLOUD_SDK_DROPPED_PYTHONS,
    LEANCLOUD_SDK_NAME,
    LEANCLOUD_SDK_PINS,
    LEANCLOUD_SDK_RELEASES,
)

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    from ..parsers.python_version import CPythonVersion
    from ..parsers.requirements import Requirement, RequirementsFile
    from ..project import Project

# Marker variables this module can evaluate from `.python-version` and the platform (Linux,
# CPython); a marker naming any other variable is undecidable.
_MARKER_VARIABLE = lazy_pattern(r"\b([a-z_]+)\b")
_MARKER_WORDS = frozenset({"and", "or", "not", "in"})
_GEVENT = "gevent"


# --- specifiers -------------------------------------------------------------------------------


def parse_specifier(text: str) -> Optional[SpecifierSet]:
    """A specifier set from platform data or a requirement, or None when it is invalid."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        return None


def compatible(*specifiers: SpecifierSet) -> bool:
    """False only when no version can satisfy all the specifier sets together."""
    from .specifiers import is_satisfiable

    return is_satisfiable([spec for specifier in specifiers for spec in specifier])


# --- markers ----------------------------------------------------------------------------------


def marker_holds(marker: object, python: Optional[CPythonVersion]) -> Optional[bool]:
    """Whether a PEP 508 marker holds on the platform with this Python; None when unknown."""
    from packaging.markers import InvalidMarker, Marker, UndefinedComparison

    if python is None:
        return None
    text = str(marker)
    environment = {
        "python_version": f"{python.major}.{python.minor}",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "os_name": "posix",
        "sys_platform": "linux",
        "platform_system": "Linux",
    }
    if python.patch is not None and python.pre is None:
        environment["python_full_version"] = f"{python.major}.{python.minor}.{python.patch}"
    names = {
        word
        for word in _MARKER_VARIABLE.findall(re.sub(r"(['\"]).*?\1", "", text))
        if word not in _MARKER_WORDS
    }
    if not names <= environment.keys():
        return None
    try:
        parsed = marker if isinstance(marker, Marker) else Marker(text)
        return bool(parsed.evaluate(environment))
    except (InvalidMarker, UndefinedComparison, ValueError, TypeError, KeyError):
        return None


# --- the SDK table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pin:
    """One dependency an SDK release requires: `specifier` on `dependency` (PEP 503 name)."""

    dependency: str
    text: str
    specifier: SpecifierSet
    marker: Optional[str] = None


@dataclass(frozen=True)
class SdkRelease:
    """One release of the SDK; `pins` is None when nobody recorded them."""

    version: str
    index: int
    pins: Optional[tuple[Pin, ...]]

    def pin(self, dependency: str) -> Optional[Pin]:
        for pin in self.pins or ():
            if pin.dependency == dependency:
                return pin
        return None


def sdk_releases() -> list[SdkRelease]:
    """Every known release, oldest first, with its pins from the platform data."""
    from packaging.version import Version

    # Each version string is parsed once, not once per comparison.
    ranges = [(Version(first), Version(last), table) for first, last, table in LEANCLOUD_SDK_PINS]
    releases = []
    for index, version in enumerate(LEANCLOUD_SDK_RELEASES):
        pins: Optional[tuple[Pin, ...]] = None
        parsed = Version(version)
        for first, last, table in ranges:
            if first <= parsed <= last:
                pins = tuple(_pin(name, text) for name, text in sorted(table.items()))
                break
        releases.append(SdkRelease(version, index, pins))
    return releases


def _pin(dependency: str, text: str) -> Pin:
    specifier_text, _, marker = text.partition(";")
    specifier = parse_specifier(specifier_text.strip())
    if specifier is None:  # a typo in the data must not become a finding
        specifier = parse_specifier("") or _empty_specifier()
    return Pin(dependency, specifier_text.strip(), specifier, marker.strip() or None)


def _empty_specifier() -> SpecifierSet:
    from packaging.specifiers import SpecifierSet

    return SpecifierSet()


def describe_releases(releases: Iterable[SdkRelease]) -> str:
    """`2.9.3–3.0.2`, or `2.1.11, 2.1.13–2.5.0`: consecutive releases as ranges."""
    ordered = sorted(releases, key=lambda release: release.index)
    groups: list[list[SdkRelease]] = []
    for release in ordered:
        if groups and groups[-1][-1].index + 1 == release.index:
            groups[-1].append(release)
        else:
            groups.append([release])
    parts = [
        group[0].version if len(group) == 1 else f"{group[0].version}–{group[-1].version}"
        for group in groups
    ]
    return ", ".join(parts)


# --- the project's side -----------------------------------------------------------------------


def requirement_files(project: Project) -> list[RequirementsFile]:
    """Every requirements and constraints file the install reads, root file first."""
    from ..parsers.requirements_graph import requirements_set

    view = requirements_set(project)
    return list(view.files) if view is not None else []


def project_requirements(project: Project) -> list[Requirement]:
    """Every requirement record of every requirements file the install reads, in file order."""
    return [
        requirement for file in requirement_files(project) for requirement in file.requirements
    ]


def project_python(project: Project) -> Optional[CPythonVersion]:
    """The CPython version `.python-version` chooses, or None when it chooses none."""
    from ..parsers.python_version import CPYTHON, python_version_file

    view = python_version_file(project)
    first = view.first if view is not None else None
    if first is None or first.kind != CPYTHON:
        return None
    return first.version


@dataclass(frozen=True)
class Conflict:
    """A project requirement that no version of `pin.dependency` can satisfy with the release.

    `needs` is None when the requirement names the dependency itself; otherwise the floor the
    requirement implies on it (`Flask>=2` needs `Werkzeug>=2.0`).
    """

    requirement: Requirement
    release: SdkRelease
    pin: Pin
    needs: Optional[str] = None


@dataclass
class SdkAnalysis:
    """The SDK releases a project allows and what stands in the way of installing them."""

    requirements: list[Requirement]
    allowed: list[SdkRelease]
    python: Optional[CPythonVersion]
    conflicts: dict[str, list[Conflict]] = field(default_factory=dict)

    @property
    def decidable(self) -> bool:
        """Whether every allowed release has recorded pins (else no rule judges)."""
        return bool(self.allowed) and all(release.pins is not None for release in self.allowed)

    @property
    def requirement_text(self) -> str:
        """How the project asks for the SDK, for messages: `leancloud>=2.9`."""
        texts = []
        for requirement in self.requirements:
            text = " ".join(requirement.requirement.split())
            if text not in texts:
                texts.append(text if len(text) <= 60 else text[:59] + "…")
        return " and ".join(f"`{text}`" for text in texts)

    def pip_choice(self) -> Optional[SdkRelease]:
        """The release pip tries first: the newest allowed one no requirement rules out.

        None when that cannot be decided (a newer allowed release has unrecorded pins) or every
        allowed release is ruled out (EL214's case).
        """
        for release in sorted(self.allowed, key=lambda r: r.index, reverse=True):
            if release.pins is None:
                return None
            if not self.conflicts.get(release.version):
                return release
        return None


def sdk_analysis(project: Project) -> Optional[SdkAnalysis]:
    """The analysis for a project that asks for the SDK by name; None otherwise (built once)."""
    return project.cached("sdk_analysis", lambda: _analyse(project))


def _analyse(project: Project) -> Optional[SdkAnalysis]:
    from packaging.version import Version

    records = project_requirements(project)
    python = project_python(project)
    sdk = [r for r in records if r.normalized_name == LEANCLOUD_SDK_NAME]
    if not any(not r.is_constraint for r in sdk):
        return None
    for requirement in sdk:
        if requirement.url is not None or requirement.editable:
            return None  # a URL or a checkout: the version is unknown
        if requirement.marker is not None and marker_holds(requirement.marker, python) is not True:
            return None
    allowed = [
        release
        for release in sdk_releases()
        if all(r.specifier.contains(Version(release.version), prereleases=True) for r in sdk)
    ]
    analysis = SdkAnalysis(sdk, allowed, python)
    # Only a requirement on a dependency some release pins, or on a framework whose releases
    # need one, can conflict with a release: the rest of a big file is never analysed.
    relevant = {pin.dependency for release in allowed for pin in release.pins or ()}
    relevant.update(framework for framework, _first, _dependency, _text
                    in FRAMEWORK_DEPENDENCY_FLOORS)
    relevant.discard(LEANCLOUD_SDK_NAME)
    # A line that no version satisfies on its own is EL206's finding; blaming the SDK for it
    # too would only add noise.
    others = [
        r
        for r in records
        if r.normalized_name in relevant and (r.specifier is None or compatible(r.specifier))
    ]
    for release in allowed:
        if release.pins is None:
            continue
        found = [c for r in others for c in _conflicts(release, r, python)]
        if found:
            analysis.conflicts[release.version] = found
    return analysis


def _conflicts(
    release: SdkRelease, requirement: Requirement, python: Optional[CPythonVersion]
) -> Iterable[Conflict]:
    if not requirement.is_named or requirement.normalized_name is None:
        return
    if requirement.marker is not None and marker_holds(requirement.marker, python) is not True:
        return
    name = requirement.normalized_name
    for pin in release.pins or ():
        if pin.marker is not None and marker_holds(pin.marker, python) is not True:
            continue
        if name == pin.dependency:
            if not compatible(requirement.specifier, pin.specifier):
                yield Conflict(requirement, release, pin)
            continue
        floors = implied_floors(name, requirement.specifier, pin.dependency)
        if floors and not any(compatible(floor, pin.specifier) for floor in floors):
            # The table's rows only tighten, so the first floor is what every release needs.
            yield Conflict(requirement, release, pin, str(floors[0]))


def implied_floors(
    framework: str, wanted: SpecifierSet, dependency: str
) -> Optional[list[SpecifierSet]]:
    """What the framework releases `wanted` allows require of `dependency`; None when unknown.

    Unknown when `wanted` reaches below the first recorded framework release: older releases
    may ask nothing. Otherwise the specifier of each table row whose releases `wanted` reaches.
    """
    from packaging.version import InvalidVersion, Version

    rows: list[tuple[Version, SpecifierSet]] = []
    for name, first, dep, text in FRAMEWORK_DEPENDENCY_FLOORS:
        # The name test first: most requirements are no framework, and parsing is the cost.
        if name != framework or dep != dependency:
            continue
        specifier = parse_specifier(text)
        if specifier is None:
            continue
        try:
            rows.append((Version(first), specifier))
        except InvalidVersion:
            continue
    rows.sort(key=lambda row: row[0])
    # `<=V,!=V` rather than `<V`: PEP 440's `<V` leaves out V's own pre-releases, which are
    # not in the table either.
    below = parse_specifier(f"<={rows[0][0]},!={rows[0][0]}") if rows else None
    if below is None or compatible(wanted, below):
        return None
    result = []
    for position, (start, specifier) in enumerate(rows):
        bounds = f">={start}"
        if position + 1 < len(rows):
            following = rows[position + 1][0]
            bounds += f",<={following},!={following}"
        segment = parse_specifier(bounds)
        if segment is not None and compatible(wanted, segment):
            result.append(specifier)
    return result


# --- Python compatibility -----------------------------------------------------------------------


@dataclass(frozen=True)
class PythonProblem:
    """Why a release cannot be used on a Python.

    `installs` False: pip fails (a pinned gevent cannot be built there; `pin` says which and
    `first_supporting` the first gevent release that supports it). True: it installs but the
    SDK dropped that Python (`dropped_in`, the SDK release that dropped it).
    """

    release: SdkRelease
    installs: bool
    pin: Optional[Pin] = None
    first_supporting: Optional[str] = None
    dropped_in: Optional[str] = None
    # The Python line from which on the pinned gevent has no support ("3.12").
    since: Optional[str] = None


def python_problem(release: SdkRelease, python: CPythonVersion) -> Optional[PythonProblem]:
    """Why `release` cannot be used on `python`, or None when nothing is known against it."""
    from packaging.version import Version

    gevent = release.pin(_GEVENT)
    if gevent is not None:
        for line, first in GEVENT_FIRST_RELEASE_FOR_PYTHON:
            supporting = parse_specifier(f">={first}")
            if (
                python.minor_version >= line
                and supporting is not None
                and not compatible(gevent.specifier, supporting)
            ):
                since = f"{line[0]}.{line[1]}"
                return PythonProblem(release, False, gevent, first, since=since)
    for first_release, lines in LEANCLOUD_SDK_DROPPED_PYTHONS:
        if Version(release.version) >= Version(first_release) and python.minor_version in lines:
            return PythonProblem(release, True, dropped_in=first_release)
    return None
