"""Each project's Settings, built exactly as the command line builds them, and kept until a
settings file changes.

The command line reads `.enginelint.toml` or `[tool.enginelint]` from the project root and each
folder above it up to the repository root, then lays its options over them; the server does the
same with the editor's options in the command line's place. A multi-root workspace needs nothing
more: each file's project, and so its settings, is found from the file itself. Settings files are
read from disk (a saved edit counts), and a project's Settings are rebuilt only when one of those
files changes — checked with `stat`, which costs far less than parsing and validating TOML on
every keystroke.

A configuration problem never stops the server: the project is linted with the editor's options
over the defaults, and the problem comes back to be shown once.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from ..config import DEDICATED_FILE, PYPROJECT_FILE, ConfigError, load_config
from ..finder import settings_folders
from ..lazy_dataclass import dataclass
from ..settings import Settings, resolve
from .options import Options

_Stamp = tuple[tuple[str, Optional[tuple[int, int]]], ...]


@dataclass(frozen=True)
class ProjectSettings:
    """A project's Settings, and the configuration problem that made them defaults, if any."""

    settings: Settings
    problem: Optional[str] = None


class SettingsCache:
    """Settings per project root, rebuilt when a settings file or the editor's options change."""

    def __init__(self) -> None:
        self._built: dict[Path, tuple[_Stamp, Options, ProjectSettings]] = {}

    def get(self, root: Path, repository: Optional[Path], options: Options) -> ProjectSettings:
        folders = settings_folders(root, repository)
        stamp = _stamp(folders)
        known = self._built.get(root)
        if known is not None and known[0] == stamp and known[1] == options:
            return known[2]
        built = _build(root, folders, options)
        self._built[root] = (stamp, options, built)
        return built

    def forget(self) -> None:
        self._built.clear()


def _build(root: Path, folders: list[Path], options: Options) -> ProjectSettings:
    try:
        config = load_config(root, None, False, folders)
    except ConfigError as error:
        return ProjectSettings(resolve(**options.command_line()), f"{error}; using the defaults")
    return ProjectSettings(resolve(config, **options.command_line()))


def _stamp(folders: list[Path]) -> _Stamp:
    """What changes when a settings file that could apply is created, edited or removed."""
    stamp: list[tuple[str, Optional[tuple[int, int]]]] = []
    for folder in folders:
        for name in (DEDICATED_FILE, PYPROJECT_FILE):
            path = os.path.join(str(folder), name)
            try:
                info = os.stat(path)
            except OSError:
                stamp.append((path, None))
                continue
            stamp.append((path, (info.st_mtime_ns, info.st_size)))
    return tuple(stamp)
