"""Which project file a dotted module name loads, as Python's import system finds it.

The platform starts one file, and Python puts that file's folder first on `sys.path`; the build
root follows. A name is a project module when a file (or a namespace folder) under one of those
roots has it; a name Python has loaded before it looks at the project (builtins, `os`, …) never
is. Everything else (stdlib, third-party) is just a name. Answers are cached per project.
"""

from __future__ import annotations

import posixpath
import sys
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from ...project import Project

# Modules Python has loaded before it ever looks at the project's folder, so a project file
# with the same name is never what `import` gives.
_ALWAYS_PRELOADED = frozenset(
    {
        *sys.builtin_module_names,
        "abc",
        "codecs",
        "encodings",
        "genericpath",
        "io",
        "ntpath",
        "os",
        "posixpath",
        "site",
        "stat",
        "_collections_abc",
        "_sitebuiltins",
    }
)

# The same, for other analyses.
ALWAYS_PRELOADED = _ALWAYS_PRELOADED


def import_roots(project: Project) -> list[str]:
    """The folders (project-relative, '' for the root) absolute imports are looked up in.

    Python puts the started file's folder first on `sys.path`; the platform builds and starts
    in the build root.
    """

    def build() -> list[str]:
        from ..entry import serving_mode

        roots: list[str] = []
        entry = serving_mode(project).entry_file
        if entry is not None:
            roots.append(posixpath.dirname(entry))
        if project.build_root not in roots:
            roots.append(project.build_root)
        return roots

    return project.cached("modules:roots", build)


def find_module(project: Project, dotted: str) -> Optional[str]:
    """The project file that `import dotted` loads (`pkg/__init__.py`, `mod.py`), or None.

    A package is preferred over a module of the same name, as Python's finder does. A folder
    without `__init__.py` is a namespace package: it has no file of its own (None), but its
    submodules are found.
    """
    found: dict[str, Optional[str]] = project.cached("modules:found", dict)
    if dotted in found:
        return found[dotted]
    result: Optional[str] = None
    parts = dotted.split(".")
    if all(part.isidentifier() for part in parts) and parts[0] not in _ALWAYS_PRELOADED:
        for root in import_roots(project):
            base = "/".join([root, *parts] if root else parts)
            for candidate in (f"{base}/__init__.py", f"{base}.py"):
                if _present(project, candidate):
                    result = candidate
                    break
            if result is not None:
                break
    found[dotted] = result
    return result


def is_module(project: Project, dotted: str) -> bool:
    """Whether `dotted` names a project module or package (namespace packages included)."""
    known: dict[str, bool] = project.cached("modules:known", dict)
    if dotted not in known:
        parts = dotted.split(".")
        known[dotted] = find_module(project, dotted) is not None or (
            all(part.isidentifier() for part in parts)
            and parts[0] not in _ALWAYS_PRELOADED
            and any(
                _is_folder(project, "/".join([root, *parts] if root else parts))
                for root in import_roots(project)
            )
        )
    return known[dotted]


def _is_folder(project: Project, relative: str) -> bool:
    # Most names asked about are not folders at all: the listing says so, before `is_dir`
    # resolves the path's real location.
    return _present(project, relative) and project.is_dir(relative)


def _present(project: Project, relative: str) -> bool:
    """Whether anything is at `relative`, as `Project.exists` says, answered from the folder
    listings of the run (each folder read once) instead of an `lstat` per name asked about:
    every import of every module asks about two or three names. Like Python's own finder, the
    listing matches names exactly, whatever the file system's case rules."""
    if relative in project.overrides:
        return True
    folder, _, name = relative.rpartition("/")
    if folder and not _present(project, folder):
        return False
    names = _names_in(project, folder)
    if names is None:
        return project.exists(relative)
    return name in names


def _names_in(project: Project, folder: str) -> Optional[frozenset[str]]:
    """The names in a project folder, or None when its listing cannot answer (unreadable, or
    cut short by the walk's budget)."""
    listings: dict[str, Optional[frozenset[str]]] = project.cached("modules:listings", dict)
    if folder not in listings:
        from ...walk import MAX_ENTRIES

        walk = project.walk()
        entries = walk.listing(folder)
        complete = walk.listing_error(folder) is None and len(entries) < MAX_ENTRIES
        listings[folder] = frozenset(e.name for e in entries) if complete else None
    return listings[folder]


def module_name(project: Project, relative: str) -> Optional[str]:
    """The dotted name a project file is imported as, or None outside every import root."""
    for root in import_roots(project):
        prefix = f"{root}/" if root else ""
        if not relative.startswith(prefix) or not relative.endswith(".py"):
            continue
        parts = relative[len(prefix) : -len(".py")].split("/")
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts and all(part.isidentifier() for part in parts):
            return ".".join(parts)
    return None
