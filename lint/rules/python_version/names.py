"""What `.python-version` names (EL301, EL302, EL308): one CPython version, spelt as pyenv
accepts it.

`parsers.python_version` splits the file as pyenv does and classifies each name; these rules say
what is wrong with a name that is not a CPython version, or with more than one name, and offer
the spelling the user evidently meant.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Optional

from ...diagnostics import ERROR, UNSAFE, WARNING, Edit, Finding, Fix
from ...lazy_re import lazy_pattern
from ...parsers.python_version import (
    INVALID,
    NON_CPYTHON,
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
_MAJOR_MINOR = lazy_pattern(r"[23]\.[0-9]+", re.ASCII)
# Spellings that mean a CPython version once decorated away: `v3.10`, `python3.11`,
# `python-3.10.9`, `cpython-3.12`, `py3.11`, `3.10.`, `3.10.x`.
_DECORATION = lazy_pattern(r"(?i)^(?:v|c?python-?|py-?)?(?P<version>.*?)(?:\.[x*]|\.)?$")


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
    shown = entry.shown
    suggestion = _suggestion(text)
    if suggestion is not None:
        return (
            f"`{shown}` is not a version name pyenv accepts; write `{suggestion}`",
            suggestion,
        )
    digits = re.sub(r"(?i)^(?:v|c?python-?|py-?)", "", text).rstrip(".")
    if re.fullmatch(r"[0-9]+", digits, re.ASCII):
        return (
            f"`{shown}` names no minor version, and pyenv accepts only `X.Y` or `X.Y.Z`; "
            f"write e.g. `{SUGGESTED_PYTHON_VERSION}`",
            None,
        )
    return (
        f"`{shown}` is not a CPython version name pyenv accepts (`X.Y` or `X.Y.Z`, optionally "
        f"with `aN`/`bN`/`rcN`); write e.g. `{SUGGESTED_PYTHON_VERSION}`",
        None,
    )


@rule("EL301", "invalid-python-version", ERROR)
def invalid_python_version(project: Project) -> Iterator[Finding]:
    """`.python-version` is empty or does not name a CPython version pyenv accepts.

    Why: the platform installs the Python that `.python-version` names, as pyenv does, and the
    deploy fails when it names none or one that does not exist. Accepted: `X.Y` or `X.Y.Z`, with
    an optional `aN`/`bN`/`rcN` pre-release (also `-dev` and free-threaded `t` builds, which
    other rules warn about); surrounding whitespace, a trailing newline, a UTF-8 BOM and `#`
    comment lines are fine for pyenv (though `lean deploy` itself stops on a file that does not
    begin with `2.` or `3.`: EL111). Not accepted: `3`, `python3`, `3.x`, `latest`, `v3.10`,
    `3.10.`. Non-CPython names such as `pypy3.10` are EL302 instead.

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
            what = f"`{entry.shown}` is {label}"
        yield Finding(
            f"{what}, but the platform runs CPython only; write a CPython version such as "
            f"`{suggestion}`",
            view.path,
            entry.span,
        )


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
    extra = f"`{second.shown}`" if others == 1 else f"`{second.shown}` and {others - 1} more"
    yield Finding(
        f"`{view.path}` names {extra} after `{first.shown}`, but the platform runs one Python; "
        f"keep only the version the app should run on",
        view.path,
        second.span,
    )
