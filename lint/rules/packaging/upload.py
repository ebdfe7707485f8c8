"""What `lean deploy` uploads (EL107, EL110): `.leanignore` patterns that drop a needed file, and
local files that go up anyway.

The upload is computed once by the packaging model (`analysis.deploy`, read through
`analysis.upload`) with the deploy tool's own `.leanignore` matcher (`parsers.leanignore`);
these rules only read it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import Optional

from ...diagnostics import ERROR, WARNING, Finding, Span
from ...platform import (
    ENGINE_CONFIG_FILE,
    LEANIGNORE_FILE,
    PYTHON_VERSION_FILE,
    REQUIREMENTS_FILE,
    WSGI_FILE,
)
from ...project import Project
from ...rulespec import rule

# How many paths a message names before it says "and N more".
_NAMED = 3


@rule("EL107", "leanignore-excludes-required", ERROR)
def leanignore_excludes_required(project: Project) -> Iterator[Finding]:
    """`.leanignore` keeps a file the deployed app needs out of the upload, or excludes everything.

    Why: `lean deploy` uploads only what `.leanignore` lets through, matched the deploy tool's
    way (not gitignore's: `tmp*` also excludes `templates/`, `.*` excludes the project root
    itself). Without `wsgi.py` or `requirements.txt` the project is not detected as Python;
    without `.python-version` or `leanengine.yaml` their settings silently do not apply; a
    requirements file named by `-r`/`-c` or a project module the app imports missing makes the
    install or the start fail. Checked: those files, every file `requirements.txt` includes
    (followed as pip follows them), and every project module that runs on the platform. The
    finding points at the pattern line that excludes the file (the last matching one, or the
    line excluding a folder it is in).

    Example: `*.txt` in `.leanignore` excludes `requirements.txt` → add `!requirements.txt`
    after it, or write the pattern as `docs/*.txt`.
    """
    from ...analysis.upload import excluded_by, upload_set
    from ...parsers.leanignore import IgnorePattern

    uploads = upload_set(project)
    if uploads is None or uploads.ignore.path is None:
        return
    if uploads.everything_excluded is not None:
        pattern = uploads.everything_excluded
        yield Finding(
            f"`.leanignore` pattern `{pattern.text}` also matches the project root itself, so "
            "`lean deploy` uploads nothing and the deploy fails",
            LEANIGNORE_FILE,
            pattern.span,
        )
        return
    # Modules are grouped per pattern (`lib/` may drop a whole package); other files each
    # get their own finding, with why the platform needs them.
    modules: dict[int, tuple[IgnorePattern, list[str]]] = {}
    for path, why in _required_files(project):
        excluding = excluded_by(project, path)
        if excluding is None:
            continue
        if why == _MODULE:
            modules.setdefault(excluding.line, (excluding, []))[1].append(path)
            continue
        yield Finding(
            f"`.leanignore` pattern `{excluding.text}` excludes `{path}` from the upload, but "
            f"{why}",
            LEANIGNORE_FILE,
            excluding.span,
        )
    for pattern, paths in modules.values():
        yield Finding(
            f"`.leanignore` pattern `{pattern.text}` excludes {_name_paths(paths)} from the "
            f"upload, but the app imports {'them' if len(paths) > 1 else 'it'} on the platform",
            LEANIGNORE_FILE,
            pattern.span,
        )


_MODULE = "module"


def _required_files(project: Project) -> list[tuple[str, str]]:
    """Existing files the deployed app needs, each with why, in a stable order."""
    from ...analysis.python.running import running_modules
    from ...parsers.requirements_graph import requirements_set

    wanted: list[tuple[str, str]] = [
        (
            project.path(WSGI_FILE),
            "the platform needs it to detect a Python project and serve the app",
        ),
        (
            project.path(REQUIREMENTS_FILE),
            "the platform needs it to detect a Python project and install dependencies",
        ),
        (
            project.path(PYTHON_VERSION_FILE),
            "without it the platform picks its default Python version",
        ),
        (ENGINE_CONFIG_FILE, "without it the platform ignores every setting in it"),
    ]
    graph = requirements_set(project)
    if graph is not None:
        root = project.path(REQUIREMENTS_FILE)
        for included in graph.files:
            if included.path != root:
                wanted.append((included.path, "pip fails without it (it is a `-r`/`-c` include)"))
    for module in running_modules(project):
        wanted.append((module.path, _MODULE))
    seen: set[str] = set()
    result: list[tuple[str, str]] = []
    for path, why in wanted:
        if path not in seen and project.is_file(path):
            seen.add(path)
            result.append((path, why))
    return result


# The kinds EL110 reports: (key, label, why), in report order.
_ARTIFACT_KINDS = (
    (
        "virtualenv",
        "a virtualenv",
        "the platform installs dependencies from requirements.txt itself, so it only makes "
        "the upload slower",
    ),
    (".env", "`.env` files", "they usually hold local secrets and settings"),
    (
        "sqlite",
        "SQLite databases",
        "a local database is no use in the cloud, whose disk is temporary",
    ),
    ("__pycache__", "`__pycache__/` folders", "they hold bytecode of the local Python"),
    (".idea", "`.idea/` folders", "they hold local editor settings"),
    (".vscode", "`.vscode/` folders", "they hold local editor settings"),
    (".leancloud", "`.leancloud/` folders", "they hold the local CLI's state"),
    (".avoscloud", "`.avoscloud/` folders", "they hold the local CLI's state"),
)
_ARTIFACT_FOLDERS = ("__pycache__", ".idea", ".vscode", ".leancloud", ".avoscloud")
_SQLITE_SUFFIXES = (".sqlite", ".sqlite3")
# `.env.example` and friends are templates meant to be shared, not local settings.
_ENV_TEMPLATES = frozenset({"example", "sample", "template", "dist", "defaults"})


@rule("EL110", "uploads-local-artifacts", WARNING)
def uploads_local_artifacts(project: Project) -> Iterator[Finding]:
    """`lean deploy` would upload local files that do not belong in the cloud.

    Why: everything not excluded by `.leanignore` is uploaded — files in symlinked folders too,
    under the link's path. Without a `.leanignore` the deploy tool writes the defaults of the
    runtime *it* detects: for Python (`wsgi.py` and `requirements.txt` at the root, no Node.js
    marker) `.git/`, `.DS_Store`, `.avoscloud/`, `.leancloud/`, `venv`, `*.pyc`,
    `__pycache__/`; for a project it does not detect as Python, its runtime's list, or none.
    A virtualenv (a folder with `pyvenv.cfg`) makes the upload large and slow; `.env` files
    (not `.env.example`) leak local secrets; a SQLite database (`*.sqlite`, `*.sqlite3`, a
    `*.db` with the SQLite header) is stale the moment it is uploaded; `__pycache__/`,
    `.idea/`, `.vscode/`, `.leancloud/` and `.avoscloud/` are local state. One finding per
    kind, naming up to three paths and their total size. It is reported at the start of
    `.leanignore` (where the fix goes) when the project has one, otherwise for the project as a
    whole.

    Example: `.venv/` with `pyvenv.cfg` uploaded → add `.venv/` to `.leanignore`.
    """
    from ...analysis.upload import SQLITE_HEADER, starts_with, upload_set

    uploads = upload_set(project)
    if uploads is None:
        return
    found: dict[str, list[str]] = {key: [] for key, _label, _why in _ARTIFACT_KINDS}
    venvs = sorted(
        posixpath.dirname(path)
        for path in uploads.files
        if posixpath.basename(path) == "pyvenv.cfg" and "/" in path
    )
    found["virtualenv"] = venvs
    inside = tuple(f"{venv}/" for venv in venvs)
    for folder in uploads.folders:
        name = posixpath.basename(folder)
        # Only the outermost of nested artifact folders of one kind is named.
        if (
            name in _ARTIFACT_FOLDERS
            and not folder.startswith(inside)
            and not any(folder.startswith(f"{other}/") for other in found[name])
        ):
            found[name].append(folder)
    for path in sorted(uploads.files):
        if path.startswith(inside):
            continue
        name = posixpath.basename(path)
        if name == ".env" or (
            name.startswith(".env.") and name[len(".env.") :].lower() not in _ENV_TEMPLATES
        ):
            found[".env"].append(path)
        elif name.lower().endswith(_SQLITE_SUFFIXES) or (
            name.lower().endswith(".db") and starts_with(project, path, SQLITE_HEADER)
        ):
            found["sqlite"].append(path)
    folders = {key for key in found if key == "virtualenv" or key in _ARTIFACT_FOLDERS}
    where: Optional[str] = LEANIGNORE_FILE if uploads.ignore.path is not None else None
    span = Span.point(1, 1) if where is not None else None
    for key, label, why in _ARTIFACT_KINDS:
        paths = found[key]
        if not paths:
            continue
        shown = [f"{p}/" for p in paths] if key in folders else paths
        size = _human_size(uploads.total_size(paths))
        yield Finding(
            f"`lean deploy` would upload {label}: {_name_paths(shown)} ({size}); {why}: add "
            f"{'them' if len(shown) > 1 else 'it'} to `.leanignore`",
            where,
            span,
        )


def _name_paths(paths: list[str]) -> str:
    named = ", ".join(f"`{p}`" for p in paths[:_NAMED])
    rest = len(paths) - _NAMED
    return f"{named} and {rest} more" if rest > 0 else named


def _human_size(size: int) -> str:
    if size < 1024:
        return f"{size} byte{'s' if size != 1 else ''}"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            return f"{value:.1f} {unit}"
    return f"{size} bytes"
