"""Which file chooses the Python (EL306, EL307): a missing `.python-version`, and a
`runtime.txt` the platform ignores.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import WARNING, Finding
from ...parsers.python_version import python_version_file
from ...platform import SUGGESTED_PYTHON_VERSION
from ...project import Project
from ...rulespec import rule


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
            f"{named} will not be used: {ignored}, which names `{chosen.shown}`; delete "
            f"`{legacy.path}`"
        )
    yield Finding(message, legacy.path, span)
