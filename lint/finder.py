"""From a PATH as the user spelt it to the Cloud Engine project that holds it.

Every entry point (paths on the command line, no path, `--stdin-filename`, the pre-commit hook,
the Action) asks this one module, so `enginelint views/todos.py`, `enginelint
/abs/app/views/todos.py` and `cd views && enginelint todos.py` all lint the same project.

A folder is a project when it holds a file the deploy tool looks at (`wsgi.py`,
`requirements.txt`, `.python-version`, `runtime.txt`, `leanengine.yaml`, `.leanignore`) or a
Node.js marker (lean-cli checks Node.js first: `cloud/main.js`, `server.js` with `package.json`,
`package.json` with a `scripts.start`). From the PATH the search walks up to the nearest such
folder, never above the repository root (a folder holding `.git`) or the filesystem root. A
project whose only markers are Node.js ones is one the deploy tool ships as Node.js: nothing for
enginelint to say about it but that.

Standard library only: `--version` and usage errors must stay cheap.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from . import observe
from .lazy_dataclass import dataclass
from .platform import (
    ENGINE_CONFIG_FILE,
    LEANIGNORE_FILE,
    NODE_MAIN_FILE,
    NODE_PACKAGE_FILE,
    NODE_SERVER_FILE,
    PYTHON_VERSION_FILE,
    REQUIREMENTS_FILE,
    RUNTIME_TXT_FILE,
    WSGI_FILE,
)

PYTHON_MARKERS = (WSGI_FILE, REQUIREMENTS_FILE, PYTHON_VERSION_FILE, RUNTIME_TXT_FILE)
GENERIC_MARKERS = (ENGINE_CONFIG_FILE, LEANIGNORE_FILE)
MARKERS = (*PYTHON_MARKERS, *GENERIC_MARKERS)
REPOSITORY_MARKER = ".git"

# Looking below a PATH that is no project, for "did you mean": how deep, and how many folders.
SUGGEST_DEPTH = 3
SUGGEST_FOLDERS = 2_000
_SKIPPED_BELOW = frozenset({"node_modules", "__pycache__", "site-packages", "venv", "env"})


@dataclass(frozen=True)
class Found:
    """The project a PATH belongs to, and why that folder was chosen."""

    root: Path
    reason: str  # e.g. "holds wsgi.py, requirements.txt"
    # Set when the deploy tool would ship the folder as another runtime: what it sees and why.
    other_runtime: Optional[str] = None
    # The repository root the search stopped at, if any (settings are looked for up to it).
    repository: Optional[Path] = None


@dataclass(frozen=True)
class NotFound:
    """No project at or above a PATH."""

    path: Path
    searched_up_to: Path
    suggestions: tuple[Path, ...]

    def note(self, given: str, command: str = "enginelint") -> str:
        """The one line that says so: what was looked for, how far, and project folders found
        below the PATH (`did you mean `enginelint backend`?`). Not yet escaped for a terminal."""
        from .project import describe_root

        top = self.searched_up_to
        limit = "the filesystem root" if top == top.parent else f"`{describe_root(top)}`"
        note = (
            f"no Cloud Engine project at or above `{given}` (looked for "
            f"{', '.join(MARKERS)} up to {limit})"
        )
        if self.suggestions:
            shown = [f"`{command} {describe_root(p)}`" for p in self.suggestions[:3]]
            note += "; did you mean " + " or ".join(shown) + "?"
        return note


def absolute(path: Path, cwd: Optional[Path] = None) -> Path:
    """`path` against the working folder, normalised but with symlinks kept as spelt."""
    base = cwd or Path.cwd()
    return Path(os.path.normpath(str(base / path)))


def find(path: Path, cwd: Optional[Path] = None) -> Found | NotFound:
    """The project that holds `path` (a folder or a file, existing or not)."""
    start = absolute(path, cwd)
    folder = start if observe.isdir(str(start)) else start.parent
    top = folder
    for candidate in (folder, *folder.parents):
        top = candidate
        present = _markers(candidate)
        if present:
            return Found(
                candidate,
                "holds " + ", ".join(present),
                _other_runtime(candidate, present),
                _repository(candidate),
            )
        if observe.exists(str(candidate / REPOSITORY_MARKER)):
            break
    return NotFound(start, top, _projects_below(start) if start.is_dir() else ())


def _markers(folder: Path) -> list[str]:
    """The project markers in `folder`, Python and generic ones first, then Node.js ones."""
    present = [name for name in MARKERS if _is_file(folder / name)]
    node = _node_marker(folder)
    if node:
        present.append(node)
    return present


def _is_file(path: Path) -> bool:
    return observe.isfile(str(path))


def _node_marker(folder: Path) -> Optional[str]:
    """The Node.js marker lean-cli would act on, in its order, described; else None."""
    if _is_file(folder / NODE_MAIN_FILE):
        return NODE_MAIN_FILE
    package = folder / NODE_PACKAGE_FILE
    if not _is_file(package):
        return None
    if _is_file(folder / NODE_SERVER_FILE):
        return f"{NODE_SERVER_FILE} with {NODE_PACKAGE_FILE}"
    return f"{NODE_PACKAGE_FILE} with a scripts.start" if _has_start_script(package) else None


def _has_start_script(package: Path) -> bool:
    """Whether lean-cli's reading of package.json finds a `scripts.start` (see `deploy.detect`)."""
    from .analysis.deploy.detect import package_json

    data = observe.content(str(package))
    if data is None:
        return False
    decoded = package_json(data)
    return decoded is not None and bool(decoded.start)


def _other_runtime(folder: Path, present: list[str]) -> Optional[str]:
    """What the deploy tool sees when the folder has Node.js markers and no Python one."""
    if any(name in present for name in PYTHON_MARKERS):
        return None
    node = _node_marker(folder)
    if node is None:
        return None
    return f"Node.js ({node}); lean-cli checks Node.js before Python"


def _repository(folder: Path) -> Optional[Path]:
    for candidate in (folder, *folder.parents):
        if observe.exists(str(candidate / REPOSITORY_MARKER)):
            return candidate
    return None


def _projects_below(folder: Path) -> tuple[Path, ...]:
    """Project folders under `folder` (breadth first, bounded), for a "did you mean"."""
    found: list[Path] = []
    level = [folder]
    seen = 0
    for _depth in range(SUGGEST_DEPTH):
        below: list[Path] = []
        for parent in level:
            try:
                children = sorted(os.scandir(parent), key=lambda e: e.name)
            except OSError:
                continue
            for entry in children:
                if entry.name.startswith(".") or entry.name in _SKIPPED_BELOW:
                    continue
                try:
                    if not entry.is_dir(follow_symlinks=False):
                        continue
                except OSError:
                    continue
                seen += 1
                if seen > SUGGEST_FOLDERS:
                    return tuple(found)
                child = Path(entry.path)
                if any(_is_file(child / name) for name in PYTHON_MARKERS):
                    found.append(child)
                else:
                    below.append(child)
        level = below
    return tuple(found)


def settings_folders(root: Path, repository: Optional[Path]) -> list[Path]:
    """The folders whose settings files apply to a project, nearest first: the root and each
    folder above it up to the repository root (only the root when there is no repository)."""
    folders = [root]
    if repository is not None and repository != root:
        for candidate in root.parents:
            folders.append(candidate)
            if candidate == repository:
                break
    return folders
