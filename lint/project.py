"""The project being linted: its root, safe access to its files, and lazily built views.

Rules never read files themselves. They ask the `Project`, which reads each file at most once
(through the guarded reader in `files`), remembers why a file could not be read (EL001/EL002)
or parsed (EL003/EL004), and builds each parsed view once on first request (`cached`). The views
that need the whole tree share one lazy listing of it (`walk`), so each folder is read from disk
at most once per run. The Project knows nothing about which rules exist.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Callable, Optional, TypeVar, Union

from . import files, observe
from .diagnostics import Span
from .files import FileProblem, TextFile
from .platform import (
    ENGINE_CONFIG_FILE,
    LEANIGNORE_FILE,
    PYTHON_VERSION_FILE,
    REQUIREMENTS_FILE,
    WSGI_FILE,
)
from .settings import DEFAULT_CACHE_DIR, Settings

if TYPE_CHECKING:
    from .walk import Walk

T = TypeVar("T")

# Files whose presence marks a folder as a Cloud Engine project root (for PATHs that are files).
ROOT_MARKERS = (
    ENGINE_CONFIG_FILE,
    WSGI_FILE,
    REQUIREMENTS_FILE,
    PYTHON_VERSION_FILE,
    LEANIGNORE_FILE,
)


def find_project_root(path: Path) -> Path:
    """The project a PATH on the command line means.

    A folder is the project root. A file means the nearest folder above it that holds one of the
    files a Cloud Engine project has; failing that, the file's own folder.
    """
    if path.is_dir():
        return path
    start = path.parent
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder
    return start


class Project:
    """One project root and everything learned about it during a run."""

    def __init__(
        self,
        root: Path,
        settings: Optional[Settings] = None,
        buffers: Optional[Mapping[str, bytes]] = None,
    ) -> None:
        self.root = root
        self.settings = settings or Settings()
        # Content that replaces a file on disk (an editor's unsaved buffer, `--stdin-filename`).
        self.overrides: Mapping[str, bytes] = MappingProxyType(dict(buffers or {}))
        self._texts: dict[tuple[str, str], Optional[TextFile]] = {}
        self._problems: dict[tuple[str, str], FileProblem] = {}
        self._views: dict[str, object] = {}
        self._real_root: Optional[str] = None
        # Files a cached result read, by path and kind: read again only if output quotes them.
        self._restorable: dict[str, str] = {}
        # The cache folder's path when it lies inside the project (None outside it); every view
        # of the tree leaves it out, and the default one too (an earlier run may have made it).
        self.cache_folder = _cache_folder(root, self.settings)
        self.hidden = tuple(sorted({DEFAULT_CACHE_DIR, self.cache_folder or DEFAULT_CACHE_DIR}))

    # --- existence ------------------------------------------------------------------------
    def _lstat(self, relative: str) -> Optional[os.stat_result]:
        try:
            return observe.lstat(os.path.join(str(self.root), *relative.split("/")))
        except (OSError, ValueError):  # ValueError: a NUL in a path read from a project file
            return None

    def exists(self, relative: str) -> bool:
        """Whether anything (file, folder, FIFO, even a broken symlink) is at `relative`."""
        return relative in self.overrides or self._lstat(relative) is not None

    def is_dir(self, relative: str) -> bool:
        """Whether `relative` is a folder inside the root (a symlinked one only if it stays in)."""
        if "\0" in relative:  # from a project file; no path holds one, and os would raise
            return False
        absolute = os.path.join(str(self.root), *relative.split("/"))
        real = observe.realpath(absolute)
        real_root = observe.realpath(str(self.root))
        inside = real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)
        return inside and observe.isdir(real)

    def is_file(self, relative: str) -> bool:
        """Whether `relative` is a regular file inside the root (following in-root symlinks)."""
        if relative in self.overrides:
            return True
        info = self._lstat(relative)
        if info is None:
            return False
        if stat.S_ISREG(info.st_mode):
            return True
        where = files.locate(self.root, relative)
        return isinstance(where, str)

    # --- reading --------------------------------------------------------------------------
    def real_root(self) -> str:
        """The root with its symlinks resolved, once per run rather than once per file read
        (every read checks that the file stays inside it)."""
        if self._real_root is None:
            self._real_root = os.path.realpath(str(self.root))
        return self._real_root

    def read(self, relative: str, kind: str = files.TEXT) -> Optional[TextFile]:
        """The decoded file, or None when it is missing or unusable (the reason is recorded)."""
        key = (relative, kind)
        if key in self._texts:
            return self._texts[key]
        result: Optional[TextFile] = None
        data: Union[bytes, FileProblem, None]
        if relative in self.overrides:
            data = self.overrides[relative]
        else:
            data = files.read_bytes(
                self.root, relative, self.settings.max_file_size, self.real_root()
            )
        if isinstance(data, FileProblem):
            self.report(data)
        elif data is not None:
            decoded = files.decode(relative, data, kind)
            if isinstance(decoded, FileProblem):
                self.report(decoded)
            else:
                result = decoded
        self._texts[key] = result
        return result

    def read_quietly(
        self, relative: str, kind: str = files.TEXT, max_size: Optional[int] = None
    ) -> Optional[TextFile]:
        """The decoded file, or None when it is missing or unusable — recording nothing.

        For the whole-tree scan, which glances at every file the developer committed: a junk
        file somewhere in the tree is not something the platform reads, so it is no EL001/EL002.
        The same guarded reader decides; the result is not kept (a tree of thousands of files is
        not held in memory) and never counts as a file the run read (`loaded_texts`). A file this
        run already read under the usual cap is returned as read. `max_size` lowers the cap.
        """
        if max_size is None:
            known = self._texts.get((relative, kind))
            if known is not None:
                return known
        cap = self.settings.max_file_size if max_size is None else max_size
        data: Union[bytes, FileProblem, None]
        if relative in self.overrides:
            data = self.overrides[relative]
            if len(data) > cap:
                return None
        else:
            data = files.read_bytes(self.root, relative, cap, self.real_root())
        if not isinstance(data, bytes):
            return None
        decoded = files.decode(relative, data, kind)
        return decoded if isinstance(decoded, TextFile) else None

    def read_raw(self, relative: str) -> Optional[bytes]:
        """A file's bytes as they are, through the same guarded reader; None when missing or
        unusable. Records nothing: it is for a file `read` already judged (recording EL001 or
        EL002) whose undecodable bytes a tool of the platform still reads (`.leanignore`)."""
        if relative in self.overrides:
            return self.overrides[relative]
        data = files.read_bytes(
            self.root, relative, self.settings.max_file_size, self.real_root()
        )
        return data if isinstance(data, bytes) else None

    def loaded_text(self, relative: str) -> Optional[TextFile]:
        """A file already read during this run, whatever kind it was read as (for excerpts)."""
        for (path, _kind), text in self._texts.items():
            if path == relative and text is not None:
                return text
        kind = self._restorable.pop(relative, None)
        return self.read(relative, kind) if kind is not None else None

    def loaded_kinds(self) -> dict[str, str]:
        """The kind each file read during this run was first read as, by path."""
        kinds: dict[str, str] = {}
        for (path, kind), text in self._texts.items():
            if text is not None:
                kinds.setdefault(path, kind)
        return kinds

    def restore(self, kinds: Mapping[str, str]) -> None:
        """Make `loaded_text` answer for the files an earlier run read (`loaded_kinds`), when
        its result stands in for this run's: each is read again only when output quotes it."""
        self._restorable.update(kinds)

    def loaded_texts(self) -> list[TextFile]:
        """Every file read during this run, once each, in path order."""
        seen: dict[str, TextFile] = {}
        for (path, _kind), text in self._texts.items():
            if text is not None:
                seen.setdefault(path, text)
        return [seen[path] for path in sorted(seen)]

    # --- problems -------------------------------------------------------------------------
    def report(self, problem: FileProblem) -> None:
        """Record why a file could not be read or parsed; the EL0xx rules report these."""
        # One problem per file and code; project-wide ones (no path) are told apart by message.
        self._problems.setdefault((problem.code, problem.path or problem.message), problem)

    def problem(
        self, code: str, relative: str, message: str, span: Optional[Span] = None
    ) -> None:
        """Shorthand for `report(FileProblem(...))`, used by the parsers (EL003, EL004)."""
        self.report(FileProblem(code, relative, message, span))

    def problems(self, code: str) -> list[FileProblem]:
        """The recorded problems with this code, in a stable order."""
        found = [p for (c, _), p in self._problems.items() if c == code]
        return sorted(found, key=lambda p: p.path)

    # --- the tree -------------------------------------------------------------------------
    def walk(self) -> Walk:
        """The one listing of the project's tree, shared by every view that walks it; folders
        are read from disk when a view first enters them."""
        from .walk import Walk

        return self.cached("walk", lambda: Walk(str(self.root), self.hidden))

    # --- views ----------------------------------------------------------------------------
    def cached(self, key: str, build: Callable[[], T]) -> T:
        """Build the view `key` once; later calls return the same object.

        A view that raised is not cached as a value: the exception propagates to the rule that
        asked (which the engine reports as EL006) and the next asker retries.
        """
        if key not in self._views:
            self._views[key] = build()
        return self._views[key]  # type: ignore[return-value]

    @property
    def build_root(self) -> str:
        """The folder (relative, '' for the root) where the platform builds the project.

        Set by `buildRoot` in leanengine.yaml; every project file other than leanengine.yaml
        and .leanignore is looked for under it.
        """
        return self.cached("build_root", self._build_root)

    def _build_root(self) -> str:
        source = self.read(ENGINE_CONFIG_FILE)
        # Most projects never set buildRoot: do not load the YAML parser just to learn that. A
        # key spelt with escapes in a quoted scalar is the only way to name it without the
        # word, so a backslash anywhere sends the file to the parser too.
        if source is None or ("buildRoot" not in source.text and "\\" not in source.text):
            return ""
        from .parsers.engine_yaml import engine_config

        config = engine_config(self)
        value = config.get("buildRoot") if config is not None else None
        if isinstance(value, str):
            cleaned = value.strip().strip("/")
            if cleaned and cleaned != "." and self.is_dir(cleaned):
                return cleaned
        return ""

    def path(self, name: str) -> str:
        """The project-relative path of `name` under the build root."""
        prefix = self.build_root
        return f"{prefix}/{name}" if prefix else name


def _cache_folder(root: Path, settings: Settings) -> Optional[str]:
    """The cache's folder relative to the root when it lies inside the project, else None.

    Every view of the tree leaves it out, so results are the same with or without a cache (and
    before and after one is written). Decided from the paths alone, without the disk.
    """
    if settings.cache_dir is None:
        return DEFAULT_CACHE_DIR
    base = os.path.abspath(str(root))
    try:
        relative = os.path.relpath(os.path.abspath(settings.cache_dir), base)
    except ValueError:  # another drive on Windows
        return None
    if relative == os.curdir or relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative.replace(os.sep, "/")


def describe_root(root: Path, cwd: Union[Path, None] = None) -> str:
    """How a root is shown in output: relative to the working folder, never absolute."""
    base = cwd or Path.cwd()
    try:
        relative = os.path.relpath(str(root.resolve()), str(base.resolve()))
    except ValueError:  # another drive on Windows
        return root.name
    return Path(relative).as_posix()
