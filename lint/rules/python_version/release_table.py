"""What enginelint's release table says about a CPython version: end of life, unknown, pre-release.

The EL3xx rules about a version's standing (EL303, EL304, EL309) ask these questions of
`parsers.python_version.CPythonVersion`; the answers come only from `platform.py`'s table, never
from today's date, so the same input always gives the same findings.
"""

from __future__ import annotations

from typing import Optional

from ...lazy_dataclass import dataclass
from ...parsers.python_version import CPythonVersion
from ...platform import (
    AS_OF,
    PYTHON_DEVELOPMENT_LINES,
    PYTHON_END_OF_LIFE,
    PYTHON_FREE_THREADED_SINCE,
    PYTHON_NEWEST_DEV_BRANCH,
    PYTHON_NEWEST_PATCH,
    SUGGESTED_PYTHON_VERSION,
)


def line_name(version: CPythonVersion) -> str:
    return f"{version.major}.{version.minor}"


def _known_lines() -> str:
    by_major: dict[int, list[int]] = {}
    for major, minor in sorted(PYTHON_NEWEST_PATCH):
        by_major.setdefault(major, []).append(minor)
    return " and ".join(
        f"{major}.{min(minors)}–{major}.{max(minors)}" for major, minors in sorted(by_major.items())
    )


def end_of_life(version: CPythonVersion) -> Optional[str]:
    """The month the version's line reached end of life ("" if unrecorded), or None."""
    return PYTHON_END_OF_LIFE.get(version.minor_version)


@dataclass(frozen=True)
class Unknown:
    """Why no CPython release has this name (a clause), and the name to write instead.

    `exact` says whether `suggestion` is the same version minus what does not exist (so a fix
    can apply it) rather than a generic example.
    """

    reason: str
    suggestion: str
    exact: bool = False


def unknown(version: CPythonVersion) -> Optional[Unknown]:
    """Why the release table has no such CPython version, or None when it may exist."""
    line = version.minor_version
    name = line_name(version)
    newest_patch = PYTHON_NEWEST_PATCH.get(line)
    if newest_patch is None:
        if version.dev and line[0] >= 3 and line <= PYTHON_NEWEST_DEV_BRANCH:
            return None  # an unreleased line's development branch, which pyenv offers
        if version.major < 2:
            reason = f"CPython {name} predates anything pyenv or the platform installs"
        else:
            reason = f"CPython has no {name} line (as of {AS_OF} it has {_known_lines()})"
        return Unknown(reason, SUGGESTED_PYTHON_VERSION)
    if version.patch is not None and version.patch > newest_patch:
        return Unknown(
            f"enginelint's release table (as of {AS_OF}) goes up to {name}.{newest_patch}",
            name,
            exact=True,
        )
    if version.free_threaded and line < PYTHON_FREE_THREADED_SINCE:
        since = ".".join(str(part) for part in PYTHON_FREE_THREADED_SINCE)
        plain = name if version.patch is None else f"{name}.{version.patch}"
        return Unknown(
            f"free-threaded (`t`) builds of CPython exist only from {since} on",
            plain,
            exact=version.pre is None and not version.dev,
        )
    return None


def has_final_release(version: CPythonVersion) -> bool:
    """Whether the version's line has a final release in the table."""
    line = version.minor_version
    return line in PYTHON_NEWEST_PATCH and line not in PYTHON_DEVELOPMENT_LINES


def prerelease_description(version: CPythonVersion) -> str:
    """What the name is instead of a final, standard release (`a pre-release (beta 1)`)."""
    parts = []
    if version.pre is not None:
        label = {"a": "alpha", "b": "beta", "rc": "release candidate"}[version.pre]
        parts.append(f"a pre-release ({label} {version.pre_number})")
    if version.dev:
        parts.append("an unreleased development branch")
    if version.free_threaded:
        parts.append("an experimental free-threaded build")
    return " and ".join(parts)


def final_equivalent(version: CPythonVersion) -> str:
    """The final, standard release to use instead of a pre-release, `-dev` or `t` name."""
    if not has_final_release(version):
        return SUGGESTED_PYTHON_VERSION
    newest = PYTHON_NEWEST_PATCH[version.minor_version]
    plain = version.pre is None and not version.dev
    if plain and version.patch is not None and version.patch <= newest:
        return f"{line_name(version)}.{version.patch}"  # only the `t` goes
    return line_name(version)
