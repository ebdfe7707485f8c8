"""Local path requirements (`-e ./pkg`, `./lib`, `file:…`): where pip looks for them in the build.

EL208 needs three facts about each one: the path pip will open, whether it is in the project at
all, and whether it is in the build folder while dependencies are installed. pip resolves a
relative path in a requirements file against its working directory, not against the file
(pip's documented behaviour for paths; only `-r`/`-c` are relative to the including file). The
platform runs the install in the build folder: the project root, or `buildRoot`. And while it
installs, that folder holds only the dependency manifests (PLATFORM.md, leanengine.yaml); other
files are there only when an `install` item `require:`s them. Absolute paths and paths that leave
the project point at the developer's machine: the platform never receives them.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Optional

from ...lazy_dataclass import dataclass
from ...lazy_re import lazy_pattern

if TYPE_CHECKING:
    from ...parsers.requirements import Requirement
    from ...project import Project

# How a path relates to the project.
INSIDE = "inside"
OUTSIDE = "outside"  # `../lib`: relative, but above the build folder
ABSOLUTE = "absolute"  # `/home/me/lib`, `file:///…`, `C:\…`, `file://host/…`

_WINDOWS_DRIVE = lazy_pattern(r"^[A-Za-z]:[\\/]")
_ENV_VARIABLE = lazy_pattern(r"\$\{[A-Za-z0-9_]+\}")


@dataclass(frozen=True)
class LocalPath:
    """One local path requirement.

    `written` is the path as pip reads it (a `file:` URL decoded, `#egg=` dropped); `relative`
    the project-relative path pip opens ('' for the build folder itself) when `where` is INSIDE.
    """

    requirement: Requirement
    written: str
    where: str
    relative: Optional[str]
    exists: bool
    required: bool
    # For an existing folder: the build files pip looks for in it.
    has_setup_py: bool = False
    has_pyproject: bool = False
    is_folder: bool = False


def requirement_path(requirement: Requirement) -> Optional[str]:
    """The filesystem path of a local requirement as pip reads it; None for other kinds."""
    url = requirement.url
    if url is None or not requirement.is_local_path or requirement.is_vcs:
        return None
    from urllib.parse import unquote, urlsplit

    if url[:5].lower() == "file:":
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return f"//{parts.netloc}{unquote(parts.path)}"
        return unquote(parts.path)
    return url.split("#", 1)[0]


def install_requires(project: Project) -> Optional[list[str]]:
    """The paths the `install` items of leanengine.yaml `require:`, normalised.

    None when the install step is turned off (`install: []`): pip never reads the requirements.
    """
    from ...parsers.engine_yaml import engine_config

    config = engine_config(project)
    install = config.get("install") if config is not None else None
    if isinstance(install, list) and not install:
        return None
    found: list[str] = []
    for item in install if isinstance(install, list) else ():
        paths = item.get("require") if isinstance(item, dict) else None
        for path in paths if isinstance(paths, list) else ():
            if isinstance(path, str) and path.strip():
                normal = posixpath.normpath(path.strip().replace("\\", "/")).lstrip("/")
                found.append("" if normal == "." else normal)
    return found


def _covered(relative: str, required: list[str]) -> bool:
    for path in required:
        if path == "" or relative == path or relative.startswith(path + "/"):
            return True
        # A folder requirement is at least partly pulled in by a `require` of something in it.
        if relative == "" or path.startswith(relative + "/"):
            return True
    return False


def local_paths(project: Project) -> list[LocalPath]:
    """Every local path requirement the install reads, judged (built once per project)."""
    return project.cached("local_paths", lambda: _build(project))


def _build(project: Project) -> list[LocalPath]:
    from ...analysis.sdk import project_requirements

    result = []
    base = project.build_root
    # leanengine.yaml is read (and the YAML parser loaded) only when there is a path to judge:
    # most files hold none.
    required: Optional[list[str]] = None
    for requirement in project_requirements(project):
        if requirement.is_constraint:
            continue
        written = requirement_path(requirement)
        if written is None or not written or _ENV_VARIABLE.search(written):
            continue
        if required is None:
            required = install_requires(project)
            if required is None:
                return []
        if written.startswith("/") or _WINDOWS_DRIVE.match(written):
            result.append(LocalPath(requirement, written, ABSOLUTE, None, False, False))
            continue
        joined = posixpath.normpath(posixpath.join(base, written) if base else written)
        inside_build = not base or joined == base or joined.startswith(base + "/")
        if joined == ".." or joined.startswith("../") or not inside_build:
            result.append(LocalPath(requirement, written, OUTSIDE, None, False, False))
            continue
        relative = "" if joined == "." else joined
        exists = project.exists(relative) if relative else True
        in_build = relative[len(base) + 1 :] if base and relative != base else relative
        if base and relative == base:
            in_build = ""
        folder = exists and (not relative or project.is_dir(relative))
        prefix = f"{relative}/" if relative else ""
        result.append(
            LocalPath(
                requirement,
                written,
                INSIDE,
                relative,
                exists,
                _covered(in_build, required),
                has_setup_py=folder and project.exists(prefix + "setup.py"),
                has_pyproject=folder and project.exists(prefix + "pyproject.toml"),
                is_folder=folder,
            )
        )
    return result
