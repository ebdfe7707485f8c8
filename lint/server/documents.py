"""The open documents, the project each belongs to, and a project's buffers at one moment.

A document's project is found from the file itself, by the same walk the command line does
(`finder.find`), so a multi-root workspace, a monorepo with several apps, or a file opened alone
all land in the right project. Documents outside any Python Cloud Engine project (or in a
folder the deploy tool ships as Node.js) are tracked but never linted.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Optional

from ..finder import NotFound, find
from ..lazy_dataclass import dataclass


@dataclass(frozen=True)
class Place:
    """Where a document lives: its project's root, the repository above it, its path in it."""

    root: Path
    repository: Optional[Path]
    relative: str  # project-relative, with `/`, as diagnostics name files


@dataclass(frozen=True)
class Buffer:
    """One open document's text at one version."""

    uri: str
    relative: str
    version: Optional[int]
    text: str


@dataclass(frozen=True)
class Snapshot:
    """A project's open buffers at one moment: what one lint sees."""

    root: Path
    repository: Optional[Path]
    buffers: tuple[Buffer, ...]

    @property
    def versions(self) -> tuple[tuple[str, Optional[int]], ...]:
        """What identifies the moment: which documents were open, at which versions."""
        return tuple((buffer.uri, buffer.version) for buffer in self.buffers)

    def buffer(self, uri: str) -> Optional[Buffer]:
        return next((b for b in self.buffers if b.uri == uri), None)

    def by_path(self, relative: str) -> Optional[Buffer]:
        return next((b for b in self.buffers if b.relative == relative), None)


def fs_path(uri: str) -> Optional[str]:
    """The file a `file:` URI names; None for other schemes (unsaved, remote)."""
    from pygls.uris import to_fs_path

    if not uri.startswith("file:"):
        return None
    return to_fs_path(uri)


def file_uri(path: Path) -> str:
    from pygls.uris import from_fs_path

    uri = from_fs_path(str(path))
    return uri if uri is not None else path.as_uri()


def locate(uri: str) -> Optional[Place]:
    """The project a document belongs to, if it is in one enginelint lints."""
    path = fs_path(uri)
    if path is None:
        return None
    found = find(Path(path))
    if isinstance(found, NotFound) or found.other_runtime is not None:
        return None
    relative = _relative(Path(path), found.root)
    if relative is None:
        return None
    return Place(found.root, found.repository, relative)


def _relative(path: Path, root: Path) -> Optional[str]:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        pass
    relative = Path(os.path.relpath(str(path), str(root))).as_posix()
    return None if relative.startswith("../") or relative == ".." else relative


class Documents:
    """The open documents and their places; the text itself stays with the protocol's
    workspace, read through `text_of` when a snapshot is taken."""

    def __init__(self, text_of: Callable[[str], tuple[Optional[int], str]]) -> None:
        self._text_of = text_of
        self._places: dict[str, Optional[Place]] = {}

    def open(self, uri: str) -> Optional[Place]:
        place = locate(uri)
        self._places[uri] = place
        return place

    def close(self, uri: str) -> Optional[Place]:
        return self._places.pop(uri, None)

    def place(self, uri: str) -> Optional[Place]:
        return self._places.get(uri)

    def in_project(self, root: Path) -> list[str]:
        return sorted(uri for uri, place in self._places.items()
                      if place is not None and place.root == root)

    def projects(self) -> dict[Path, Optional[Path]]:
        """Every project with an open document: root → repository."""
        return {place.root: place.repository for place in self._places.values()
                if place is not None}

    def project_of(self, path: Path) -> Optional[Path]:
        """The open project a file on disk belongs to (for files changed outside the editor)."""
        found = find(path)
        if isinstance(found, NotFound):
            return None
        return found.root if found.root in self.projects() else None

    def snapshot(self, root: Path, repository: Optional[Path]) -> Snapshot:
        buffers = []
        for uri in self.in_project(root):
            place = self._places[uri]
            assert place is not None
            version, text = self._text_of(uri)
            buffers.append(Buffer(uri, place.relative, version, text))
        return Snapshot(root, repository, tuple(buffers))
