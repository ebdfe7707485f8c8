"""EL3xx — `.python-version`: which Python the platform builds and runs the app with.

The rules read `parsers.python_version`, which splits the file as pyenv does and classifies each
name; here is only what to say about it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Optional

from ...diagnostics import ERROR, UNSAFE, WARNING, Edit, Finding, Fix
from ...parsers.python_version import (
    INVALID,
    NON_CPYTHON,
    CPythonVersion,
    Entry,
    cpython_version,
    python_version_file,
)
from ...platform import SUGGESTED_PYTHON_VERSION
from ...project import Project
from ...rulespec import rule

# How messages name the implementations of platform.NON_CPYTHON_PREFIXES / NON_CPYTHON_EXACT.
_IMPLEMENTATION_NAMES = {
    "pypy": "PyPy",
    "jython": "Jython",
    "ironpython": "IronPython",
    "graalpy": "GraalPy",
    "graalpython": "GraalPy",
    "stackless": "Stackless Python",
    "micropython": "MicroPython",
    "pyston": "Pyston",
    "anaconda": "the Anaconda distribution",
    "miniconda": "the Miniconda distribution",
    "miniforge": "the Miniforge distribution",
    "mambaforge": "the Mambaforge distribution",
    "activepython": "ActivePython",
    "cinder": "Cinder",
    "nogil": "the nogil fork of CPython",
    "pyodide": "Pyodide",
}
# Implementations whose pyenv names carry the Python version they implement first
# (`pypy3.10-7.3.12`, `stackless-3.7.5`, `nogil-3.9.10`, `cinder-3.10-dev`).
_NAMES_WITH_PYTHON_VERSION = ("pypy", "stackless", "nogil", "cinder")
_MAJOR_MINOR = re.compile(r"[23]\.[0-9]+", re.ASCII)
# Spellings that mean a CPython version once decorated away: `v3.10`, `python3.11`,
# `python-3.10.9`, `cpython-3.12`, `py3.11`, `3.10.`, `3.10.x`.
_DECORATION = re.compile(r"(?i)^(?:v|c?python-?|py-?)?(?P<version>.*?)(?:\.[x*]|\.)?$")


def _suggestion(text: str) -> Optional[str]:
    """A valid version the user evidently meant, or None."""
    match = _DECORATION.match(text)
    if match is None:
        return None
    candidate = match.group("version")
    if candidate != text and cpython_version(candidate) is not None:
        return candidate
    return None


def _invalid_message(entry: Entry) -> tuple[str, Optional[str]]:
    text = entry.text
    suggestion = _suggestion(text)
    if suggestion is not None:
        return (
            f"`{text}` is not a version name pyenv accepts; write `{suggestion}`",
            suggestion,
        )
    digits = re.sub(r"(?i)^(?:v|c?python-?|py-?)", "", text).rstrip(".")
    if re.fullmatch(r"[0-9]+", digits, re.ASCII):
        return (
            f"`{text}` names no minor version, and pyenv accepts only `X.Y` or `X.Y.Z`; "
            f"write e.g. `{SUGGESTED_PYTHON_VERSION}`",
            None,
        )
    return (
        f"`{text}` is not a CPython version name pyenv accepts (`X.Y` or `X.Y.Z`, optionally "
        f"with `aN`/`bN`/`rcN`); write e.g. `{SUGGESTED_PYTHON_VERSION}`",
        None,
    )


def _cpython_entries(project: Project) -> Iterator[tuple[str, Entry, CPythonVersion]]:
    """Each entry of `.python-version` that names a CPython version: the file's path, the
    entry, and its version."""
    view = python_version_file(project)
    if view is None:
        return
    for entry in view.entries:
        if entry.version is not None:
            yield view.path, entry, entry.version


@rule("EL301", "invalid-python-version", ERROR)
def invalid_python_version(project: Project) -> Iterator[Finding]:
    """`.python-version` is empty or does not name a CPython version pyenv accepts.

    Why: the platform installs the Python that `.python-version` names, as pyenv does, and the
    deploy fails when it names none or one that does not exist. Accepted: `X.Y` or `X.Y.Z`, with
    an optional `aN`/`bN`/`rcN` pre-release (also `-dev` and free-threaded `t` builds, which
    other rules warn about); surrounding whitespace, a trailing newline, a UTF-8 BOM and `#`
    comment lines are fine. Not accepted: `3`, `python3`, `3.x`, `latest`, `v3.10`, `3.10.`.
    Non-CPython names such as `pypy3.10` are EL302 instead.

    Example: `python3.11` → `3.11`.
    """
    view = python_version_file(project)
    if view is None:
        return
    if not view.entries:
        yield Finding(
            f"`{view.path}` names no Python version, so the deploy cannot choose one; "
            f"write the CPython version to run, e.g. `{SUGGESTED_PYTHON_VERSION}`",
            view.path,
            view.content_span,
        )
        return
    for entry in view.entries:
        if entry.kind != INVALID:
            continue
        message, suggestion = _invalid_message(entry)
        fix = None
        if suggestion is not None:
            fix = Fix(
                f"Write `{suggestion}`",
                (Edit(view.path, entry.span, suggestion),),
                UNSAFE,
            )
        yield Finding(message, view.path, entry.span, fix=fix)


def _cpython_equivalent(entry: Entry) -> str:
    implementation = entry.implementation or ""
    if implementation in _NAMES_WITH_PYTHON_VERSION:
        match = _MAJOR_MINOR.search(entry.text, len(implementation))
        if match is not None:
            return match.group()
    return SUGGESTED_PYTHON_VERSION


@rule("EL302", "unsupported-implementation", ERROR)
def unsupported_implementation(project: Project) -> Iterator[Finding]:
    """`.python-version` names a Python that is not CPython, or a distribution.

    Why: the platform runs CPython only; it cannot install PyPy, Jython, IronPython, GraalPy,
    Stackless, MicroPython, Pyston, Anaconda/Miniconda/Miniforge/Mambaforge, ActivePython and the
    like, and `system` has no meaning there. The deploy fails.

    Example: `pypy3.10-7.3.12` → `3.10`.
    """
    view = python_version_file(project)
    if view is None:
        return
    for entry in view.entries:
        if entry.kind != NON_CPYTHON:
            continue
        implementation = entry.implementation or ""
        suggestion = _cpython_equivalent(entry)
        if implementation == "system":
            what = "`system` means whatever Python the machine has"
        else:
            label = _IMPLEMENTATION_NAMES.get(implementation, f"`{implementation}`")
            what = f"`{entry.text}` is {label}"
        yield Finding(
            f"{what}, but the platform runs CPython only; write a CPython version such as "
            f"`{suggestion}`",
            view.path,
            entry.span,
        )


@rule("EL303", "eol-python-version", WARNING)
def eol_python_version(project: Project) -> Iterator[Finding]:
    """`.python-version` names a CPython line that is past its end of life.

    Why: an end-of-life Python gets no security fixes, and libraries drop it one after another,
    so the app is stuck on old, vulnerable dependencies. The verdict comes from enginelint's
    release table and its "as of" date (2026-11: 2.7 and 3.0–3.10 are end of life), never from
    today's date, so the same project always gives the same findings.

    Example: `3.8` → `3.11`.
    """
    from ...analysis.python_releases import end_of_life, line_name
    from ...platform import AS_OF

    for path, entry, version in _cpython_entries(project):
        month = end_of_life(version)
        if month is None:
            continue
        line = line_name(version)
        when = f"reached end of life in {month}" if month else "is past its end of life"
        yield Finding(
            f"`{entry.text}` is CPython {line}, which {when} and gets no security fixes (as of "
            f"{AS_OF}); move to a supported line such as `{SUGGESTED_PYTHON_VERSION}`",
            path,
            entry.span,
        )


@rule("EL304", "unknown-python-version", WARNING)
def unknown_python_version(project: Project) -> Iterator[Finding]:
    """`.python-version` names a CPython version that has never been released.

    Why: the platform installs exactly the version the file names, and the deploy fails when
    there is no such release. Reported: a major.minor no CPython release has (`3.16`, `2.8`,
    `4.0`), a patch above the newest of its line in enginelint's release table (`3.11.99`), and
    a free-threaded `t` build of a line before 3.13. The table has an "as of" date (2026-11) and
    errs high, so a real release is never reported; a `-dev` branch of the line in development
    (`3.16-dev`) is EL309's business, not this rule's.

    Example: `3.11.99` → `3.11`.
    """
    from ...analysis.python_releases import unknown

    for path, entry, version in _cpython_entries(project):
        verdict = unknown(version)
        if verdict is None:
            continue
        fix = None
        if verdict.exact:
            fix = Fix(
                f"Write `{verdict.suggestion}`",
                (Edit(path, entry.span, verdict.suggestion),),
                UNSAFE,
            )
        yield Finding(
            f"`{entry.text}` is not a CPython release the platform can install: "
            f"{verdict.reason}; write `{verdict.suggestion}`",
            path,
            entry.span,
            fix=fix,
        )


@rule("EL305", "sdk-incompatible-python", ERROR)
def sdk_incompatible_python(project: Project) -> Iterator[Finding]:
    """The Python in `.python-version` cannot install the LeanCloud SDK release pip would choose.

    Why: every `leancloud` release from 2.1.11 on pins gevent to an old line (below 2, 21.x or
    22.10.x), and gevent had no CPython 3.12 support before 23.9.0: on Python 3.12 and later it
    has no wheels and its sources do not build (leancloud/python-sdk#560, still open). pip picks
    the newest release the requirements allow and does not fall back to an older one when a
    build fails, so the dependency install and the deploy fail. Also reported, as a warning:
    SDK 3.0 dropped Python 2.7 and 3.5 — it still installs there (it declares no
    `python_requires`), but it is no longer supported. Table-driven from the platform data;
    nothing is reported when `leancloud` is not required by name.

    Example: `.python-version` `3.12` with `leancloud>=2.9` → `3.11`.
    """
    from ...analysis.sdk import describe_releases, python_problem, sdk_analysis
    from ...platform import LEANCLOUD_SDK_GEVENT_ISSUE

    view = python_version_file(project)
    entry = view.first if view is not None else None
    if view is None or entry is None or entry.version is None:
        return
    analysis = sdk_analysis(project)
    choice = analysis.pip_choice() if analysis is not None else None
    if analysis is None or choice is None:
        return
    python = entry.version
    problem = python_problem(choice, python)
    if problem is None:
        return
    wanted = analysis.requirement_text
    line = f"{python.major}.{python.minor}"
    if problem.dropped_in is not None:
        yield Finding(
            f"leancloud {choice.version}, the newest release {wanted} allows, dropped support "
            f"for Python {line} in {problem.dropped_in}; pip still installs it, but the SDK is "
            f"no longer supported there: pin `leancloud<{problem.dropped_in}` or use Python "
            f"{SUGGESTED_PYTHON_VERSION}",
            view.path,
            entry.span,
            severity=WARNING,
        )
        return
    first = problem.first_supporting or ""
    since = problem.since or ""
    candidates = [
        release
        for release in analysis.allowed
        if release.index <= choice.index and not analysis.conflicts.get(release.version)
    ]
    every = all(
        release.pins is not None
        and (found := python_problem(release, python)) is not None
        and not found.installs
        for release in candidates
    )
    if every and len(candidates) > 1:
        yield Finding(
            f"Python {entry.text} cannot install any leancloud release the requirements allow "
            f"({wanted}: {describe_releases(candidates)}): each pins a gevent older than "
            f"{first}, the first with CPython {since} support ({LEANCLOUD_SDK_GEVENT_ISSUE}); "
            f"use Python {SUGGESTED_PYTHON_VERSION}",
            view.path,
            entry.span,
        )
        return
    pin = problem.pin
    pinned = f"`gevent{pin.text}`" if pin is not None else "an old gevent"
    yield Finding(
        f"Python {entry.text} cannot install leancloud {choice.version}, the newest release "
        f"{wanted} allows: it pins {pinned}, and gevent had no CPython {since} support before "
        f"{first} ({LEANCLOUD_SDK_GEVENT_ISSUE}); pip does not fall back to an older "
        f"release when the build fails, so use Python {SUGGESTED_PYTHON_VERSION}",
        view.path,
        entry.span,
    )


@rule("EL306", "missing-python-version", WARNING)
def missing_python_version(project: Project) -> Iterator[Finding]:
    """The project has no `.python-version` at its root (or under `buildRoot`).

    Why: without it the platform picks a default that depends on when the app group was
    created — Python 2.7 for groups created before 2021-09-02, the newest CPython for later
    ones — and that default moves with new releases, so the same code can deploy on different
    Pythons and break. `runtime.txt` does not count: the platform ignores it (EL307).

    Example: no `.python-version` → add one containing `3.11`.
    """
    from ...platform import (
        PYTHON_DEFAULT_CUTOFF_DATE,
        PYTHON_LEGACY_DEFAULT,
        PYTHON_VERSION_FILE,
    )

    relative = project.path(PYTHON_VERSION_FILE)
    if project.exists(relative):
        return
    where = f"`{relative}`" if project.build_root else f"`{relative}` at the project root"
    yield Finding(
        f"no {where}, so the platform picks a default Python that depends on when the app group "
        f"was created ({PYTHON_LEGACY_DEFAULT} before {PYTHON_DEFAULT_CUTOFF_DATE}, the newest "
        f"CPython after) and deploys are not reproducible; add one containing e.g. "
        f"`{SUGGESTED_PYTHON_VERSION}`"
    )


@rule("EL307", "legacy-runtime-txt", WARNING)
def legacy_runtime_txt(project: Project) -> Iterator[Finding]:
    """The project has a `runtime.txt`, which the platform ignores.

    Why: `runtime.txt` (`python-3.6.5`) is a legacy way to choose the Python version; the deploy
    tool stopped reading it in 2019 and the platform reads only `.python-version`. A version
    written there is silently not used: the app runs on what `.python-version` says, or on the
    platform's default when that file is missing.

    Example: `runtime.txt` containing `python-3.9.1` → write `3.9.1` to `.python-version` and
    delete `runtime.txt`.
    """
    from ...parsers.runtime_txt import runtime_txt
    from ...platform import PYTHON_VERSION_FILE

    legacy = runtime_txt(project)
    if legacy is None:
        return
    span = legacy.span if legacy.file is not None else None
    ignored = f"the platform ignores `{legacy.path}` and reads only `.python-version`"
    if legacy.version is None:
        yield Finding(f"{ignored}; delete `{legacy.path}`", legacy.path, span)
        return
    named = f"`{legacy.text}` in `{legacy.path}`"
    view = python_version_file(project)
    chosen = view.first if view is not None else None
    if view is None and not project.exists(project.path(PYTHON_VERSION_FILE)):
        message = (
            f"{named} will not be used: {ignored}, and with no `.python-version` it picks its "
            f"own default; write `{legacy.version}` to `.python-version` and delete "
            f"`{legacy.path}`"
        )
    elif chosen is None or chosen.text == legacy.version:
        message = f"{ignored}; delete `{legacy.path}`"
    else:
        message = (
            f"{named} will not be used: {ignored}, which names `{chosen.text}`; delete "
            f"`{legacy.path}`"
        )
    yield Finding(message, legacy.path, span)


@rule("EL308", "multiple-python-versions", WARNING)
def multiple_python_versions(project: Project) -> Iterator[Finding]:
    """`.python-version` lists more than one version.

    Why: pyenv allows several versions (the first is `python`, the others only add commands),
    but the platform builds the app with one Python; which one, or whether the extra names make
    the install fail, is not documented. Say exactly the one version the app runs on. Reported
    once, at the second version.

    Example: `3.11 3.10` → `3.11`.
    """
    view = python_version_file(project)
    if view is None or len(view.entries) < 2:
        return
    first, second = view.entries[0], view.entries[1]
    others = len(view.entries) - 1
    extra = f"`{second.text}`" if others == 1 else f"`{second.text}` and {others - 1} more"
    yield Finding(
        f"`{view.path}` names {extra} after `{first.text}`, but the platform runs one Python; "
        f"keep only the version the app should run on",
        view.path,
        second.span,
    )


@rule("EL309", "prerelease-python-version", WARNING)
def prerelease_python_version(project: Project) -> Iterator[Finding]:
    """`.python-version` names a pre-release, a `-dev` branch or a free-threaded build.

    Why: alpha, beta and release-candidate versions (`3.14.0rc1`, `3.15.0a1`) and development
    branches (`3.14-dev`, built from unreleased source) are for testing CPython, not for
    running an app: they change under you and libraries often have no wheels for them. A
    free-threaded build (`3.13t`) is experimental and many C extensions do not support it.

    Example: `3.14.0rc1` → `3.14`.
    """
    from ...analysis.python_releases import final_equivalent, line_name, prerelease_description

    view = python_version_file(project)
    if view is None:
        return
    for entry in view.entries:
        if entry.version is None or not entry.version.is_prerelease:
            continue
        what = prerelease_description(entry.version)
        line = line_name(entry.version)
        suggestion = final_equivalent(entry.version)
        fix = None
        if suggestion == line or suggestion.startswith(f"{line}."):
            # Only the same line's final release is offered as a fix; another line is a choice.
            fix = Fix(f"Write `{suggestion}`", (Edit(view.path, entry.span, suggestion),), UNSAFE)
        yield Finding(
            f"`{entry.text}` is {what} of CPython {line}, not a final release to run an app "
            f"on; write `{suggestion}`",
            view.path,
            entry.span,
            fix=fix,
        )
