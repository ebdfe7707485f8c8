"""EL101, EL102: the two files by which the platform recognises a Python project.

The platform detects a Python project by `wsgi.py` together with `requirements.txt` at the root
(or under `buildRoot`), serves the `application` of the first and installs the second. A
`leanengine.yaml` that says `runtime: python` and gives its own `run:` (or `install:`) replaces
what the missing file would have done, so then nothing is reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import ERROR, Finding
from ...platform import REQUIREMENTS_FILE, WSGI_FILE
from ...project import Project
from ...rulespec import rule


def _python_runtime_with(project: Project, key: str) -> bool:
    """Whether leanengine.yaml declares `runtime: python` and sets `key` (so the platform needs
    neither detection files nor its default steps)."""
    from ...parsers.engine_yaml import engine_config

    config = engine_config(project)
    if config is None:
        return False
    return config.get("runtime") == "python" and config.get(key) is not None


def _missing_file_finding(project: Project, name: str, why: str) -> Iterator[Finding]:
    relative = project.path(name)
    if project.exists(relative):
        return
    where = f"`{relative}`" if project.build_root else f"`{name}` at the project root"
    yield Finding(f"no {where}: {why}")


@rule("EL101", "missing-wsgi", ERROR)
def missing_wsgi(project: Project) -> Iterator[Finding]:
    """The project has no `wsgi.py` at its root (or under `buildRoot`).

    Why: the platform recognises a Python project by `wsgi.py` together with `requirements.txt`,
    and by default imports `wsgi.py` and serves its `application`. Without it the deploy is not
    detected as Python (or fails to start). Not reported when `leanengine.yaml` sets both
    `runtime: python` and a `run:` command, which replace detection and the WSGI entry.

    Example: a Flask app in `app.py` → add `wsgi.py` containing `from app import app` and
    `application = app`.
    """
    if _python_runtime_with(project, "run"):
        return
    yield from _missing_file_finding(
        project,
        WSGI_FILE,
        "the platform detects a Python project by `wsgi.py` and `requirements.txt` and serves "
        "the `application` defined in `wsgi.py`",
    )


@rule("EL102", "missing-requirements", ERROR)
def missing_requirements(project: Project) -> Iterator[Finding]:
    """The project has no `requirements.txt` at its root (or under `buildRoot`).

    Why: the platform recognises a Python project by `wsgi.py` together with `requirements.txt`
    and installs dependencies from it with pip; without it the project is not detected as Python
    and nothing is installed. Not reported when `leanengine.yaml` sets `runtime: python` and its
    own `install` steps.

    Example: add `requirements.txt` listing what the app imports, each with a major-version cap
    (`Flask>=2.3,<3`). An app with no dependencies can use an empty file.
    """
    if _python_runtime_with(project, "install"):
        return
    yield from _missing_file_finding(
        project,
        REQUIREMENTS_FILE,
        "the platform detects a Python project by `wsgi.py` and `requirements.txt` and installs "
        "dependencies from it",
    )
