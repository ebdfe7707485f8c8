"""The named CPython against the release tables (EL303, EL304, EL305, EL309): end of life,
never released, a pre-release, or a Python the LeanCloud SDK release pip would choose cannot
install on.

CPython's table is asked through `release_table`, the SDK's through `analysis.sdk` (which EL214
shares); both are platform data with an "as of" date, never today's date.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import ERROR, UNSAFE, WARNING, Edit, Finding, Fix
from ...parsers.python_version import CPythonVersion, Entry, python_version_file
from ...platform import SUGGESTED_PYTHON_VERSION
from ...project import Project
from ...rulespec import rule


def _cpython_entries(project: Project) -> Iterator[tuple[str, Entry, CPythonVersion]]:
    """Each entry of `.python-version` that names a CPython version: the file's path, the
    entry, and its version."""
    view = python_version_file(project)
    if view is None:
        return
    for entry in view.entries:
        if entry.version is not None:
            yield view.path, entry, entry.version


@rule("EL303", "eol-python-version", WARNING)
def eol_python_version(project: Project) -> Iterator[Finding]:
    """`.python-version` names a CPython line that is past its end of life.

    Why: an end-of-life Python gets no security fixes, and libraries drop it one after another,
    so the app is stuck on old, vulnerable dependencies. The verdict comes from enginelint's
    release table and its "as of" date (2026-11: 2.7 and 3.0–3.10 are end of life), never from
    today's date, so the same project always gives the same findings.

    Example: `3.8` → `3.11`.
    """
    from ...platform import AS_OF
    from .release_table import end_of_life, line_name

    for path, entry, version in _cpython_entries(project):
        month = end_of_life(version)
        if month is None:
            continue
        line = line_name(version)
        when = f"reached end of life in {month}" if month else "is past its end of life"
        yield Finding(
            f"`{entry.shown}` is CPython {line}, which {when} and gets no security fixes (as of "
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
    from .release_table import unknown

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
            f"`{entry.shown}` is not a CPython release the platform can install: "
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
            f"Python {entry.shown} cannot install any leancloud release the requirements allow "
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
        f"Python {entry.shown} cannot install leancloud {choice.version}, the newest release "
        f"{wanted} allows: it pins {pinned}, and gevent had no CPython {since} support before "
        f"{first} ({LEANCLOUD_SDK_GEVENT_ISSUE}); pip does not fall back to an older "
        f"release when the build fails, so use Python {SUGGESTED_PYTHON_VERSION}",
        view.path,
        entry.span,
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
    from .release_table import final_equivalent, line_name, prerelease_description

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
            f"`{entry.shown}` is {what} of CPython {line}, not a final release to run an app "
            f"on; write `{suggestion}`",
            view.path,
            entry.span,
            fix=fix,
        )
