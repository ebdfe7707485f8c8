"""The project's tree, listed once per run: every folder is read from disk at most once.

Two views need the whole tree and prune it differently: what `lean deploy` would upload
(`analysis/upload.py`, pruned by .leanignore) and the project's own files for the whole-tree rules
(`analysis/tree_scan.py`, pruned by its skip list and `exclude`). Neither may walk into what it
prunes (an excluded virtualenv, `node_modules`, `.git`), so the walk does not decide where to go:
each view visits the tree and says which folders to enter, and the `Walk` lists a folder the first
time any view enters it and keeps that listing. Where both views go, the second costs no directory
reads; where only one goes, the other pays nothing.

An `Entry` is what `lstat` says the entry is (`kind`) and, for a symlink, what the system says
it points at (`follows`). A `Visit` never enters a symlinked folder, so it cannot leave the root
or loop. The deploy tool does follow them (`analysis/deploy/archive.py`, which resolves links
itself, as Go does): it reads a link's target folder through `folder_of`, from the same cache
when the target is inside the root, and learns why a folder could not be read from
`listing_error`.
Entries come in the order of their names' bytes, the order Go sorts them in.
enginelint's own cache folder, when it lies inside the project, is in no listing (`hidden`), so no
view ever sees it and results are the same with or without a cache. Each listing is noted for the
cache (`observe`), which lists the folder again (`asked`) before it trusts a stored result.

The walk is bounded by one budget, `MAX_ENTRIES` entries per visit (a view whose work per entry is
larger asks for fewer). Each visit counts its own entries, so what a view sees never depends on
which other view walked first (that is, on which rules were selected). When the budget stops a
visit, the visit says so (`Visit.truncated`) and so does the walk (`Walk.truncated`), for the
views to pass on and a rule to report.
"""

from __future__ import annotations

import os
import stat
from collections import namedtuple
from collections.abc import Collection, Iterator
from itertools import islice

from . import observe

# Enough for any real project; a generated or unexcluded dependency tree stops here.
MAX_ENTRIES = 200_000

# What an entry is: `kind` from lstat, `follows` after following a symlink.
FILE = "file"
FOLDER = "folder"
SYMLINK = "symlink"
OTHER = "other"  # a FIFO, socket or device; for `follows`, also a broken symlink


TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple, Optional

    class Entry(NamedTuple):
        path: str
        name: str
        kind: str
        follows: Optional[str]
        size: int

    Scanned = tuple[str, str, Optional[str], int]  # name, kind, follows, size
else:
    # A plain namedtuple at run time: `typing` is not imported to define it.
    Entry = namedtuple("Entry", ["path", "name", "kind", "follows", "size"])
Entry.__doc__ = """One directory entry.

`path` is project-relative with `/` separators. `follows` is what the entry is after following a
symlink (`kind` itself for anything else), or None when that cannot be told (a symlink loop, no
permission). `size` is the size of the file it leads to, 0 for anything else or when unknown.
"""


class Walk:
    """The listing of the project's tree, read lazily, each folder once."""

    def __init__(self, root: str, hidden: Collection[str] = ()) -> None:
        self.root = root
        self.truncated = False
        # Folders read from disk, in the order they were read (tests count them).
        self.listed: list[str] = []
        self._listings: dict[str, tuple[Entry, ...]] = {}
        self._errors: dict[str, str] = {}
        self._real_root = observe.realpath(root)
        # Project-relative paths no view may see (enginelint's own cache folder), by folder.
        self._hidden: dict[str, frozenset[str]] = {}
        for path in hidden:
            folder, _, name = path.rpartition("/")
            self._hidden[folder] = self._hidden.get(folder, frozenset()) | {name}

    def listing(self, folder: str) -> tuple[Entry, ...]:
        """The entries of `folder` ('' is the root) in name order; empty when it cannot be read.

        A folder holding more than `MAX_ENTRIES` entries is listed only that far (a visit that
        reaches the end of such a listing has run out of budget anyway).
        """
        found = self._listings.get(folder)
        if found is None:
            found = self._read(folder)
            self._listings[folder] = found
            self.listed.append(folder)
        return found

    @property
    def real_root(self) -> str:
        """The root's absolute path with symlinks resolved."""
        return self._real_root

    def listing_error(self, folder: str) -> Optional[str]:
        """Why `listing(folder)` came back empty because the folder could not be read (the
        system's words, "Permission denied"); None when it was read."""
        self.listing(folder)
        return self._errors.get(folder)

    def folder_of(self, location: str) -> str:
        """The key `listing` knows the folder at absolute `location` (a path without symlinks,
        the target of a symlinked folder) by: its path relative to the root, or the absolute
        path itself outside the root (its entries' `path` is then just their name)."""
        root = self._real_root.rstrip(os.sep)
        if location == self._real_root:
            return ""
        if location.startswith(root + os.sep):
            return location[len(root) + 1 :].replace(os.sep, "/")
        return location

    def visit(self, limit: Optional[int] = None) -> Visit:
        """A new depth-first visit of the tree from the root, at most `limit` entries (default
        `MAX_ENTRIES`)."""
        return Visit(self, MAX_ENTRIES if limit is None else limit)

    def _read(self, folder: str) -> tuple[Entry, ...]:
        hidden: frozenset[str] = frozenset()
        if folder.startswith("/"):  # a folder outside the root (a symlink's target)
            absolute, prefix = folder, ""
        else:
            absolute = os.path.join(self.root, *folder.split("/")) if folder else self.root
            prefix, hidden = folder, self._hidden.get(folder, hidden)
        found, error = scan(absolute, hidden)
        observe.note(("listing", absolute, tuple(sorted(hidden))), lambda: _summary(found, error))
        if error is not None:
            self._errors[folder] = error
        return tuple(
            Entry(f"{prefix}/{name}" if prefix else name, name, kind, follows, size)
            for name, kind, follows, size in found
        )


def scan(absolute: str, hidden: Collection[str] = ()) -> tuple[list[Scanned], Optional[str]]:
    """The entries of the folder at `absolute` in the order of their names' bytes, without
    the `hidden` names, and why it could not be read (None when it could)."""
    try:
        with os.scandir(absolute) as listing:
            listed = sorted(
                islice(listing, MAX_ENTRIES + 1), key=lambda entry: os.fsencode(entry.name)
            )
    except OSError as error:
        return [], error.strerror or "cannot be read"
    found = []
    for item in listed:
        if item.name in hidden:
            continue
        described = _describe(item)
        if described is not None:
            found.append((item.name, *described))
    return found, None


def _summary(found: list[Scanned], error: Optional[str]) -> observe.Summary:
    return [error, [list(entry) for entry in found]]


def asked(question: tuple[object, ...]) -> observe.Summary:
    """The answer a listing noted by a `Walk` gets now."""
    _kind, absolute, hidden = question
    assert isinstance(absolute, str) and isinstance(hidden, (list, tuple))
    return _summary(*scan(absolute, hidden))


class Visit:
    """One view's pass over the tree.

    Iterating yields every entry of a folder (in name order) before the entries of the folders
    among them that the view `enter`ed, in name order, depth first — the order `lean deploy`
    walks in. Only real folders can be entered, never symlinks to them.
    """

    def __init__(self, walk: Walk, limit: int) -> None:
        self._walk = walk
        self._limit = limit
        self._entered: list[str] = []
        self.truncated = False

    def enter(self, entry: Entry) -> None:
        """Visit the folder `entry` too (after the rest of the folder it is in)."""
        if entry.kind == FOLDER:
            self._entered.append(entry.path)

    def __iter__(self) -> Iterator[Entry]:
        seen = 0
        stack = [""]
        while stack:
            folder = stack.pop()
            self._entered = []
            for entry in self._walk.listing(folder):
                seen += 1
                if seen > self._limit:
                    self.truncated = True
                    self._walk.truncated = True
                    return
                yield entry
            stack.extend(reversed(self._entered))


def _describe(item: os.DirEntry[str]) -> Optional[tuple[str, Optional[str], int]]:
    """(kind, follows, size) of a directory entry, or None when even lstat fails."""
    try:
        if item.is_symlink():
            try:
                info = item.stat(follow_symlinks=True)
            except FileNotFoundError:
                return SYMLINK, OTHER, 0  # broken
            except OSError:
                return SYMLINK, None, 0
            follows = _kind(info.st_mode)
            return SYMLINK, follows, info.st_size if follows == FILE else 0
        if item.is_dir(follow_symlinks=False):
            return FOLDER, FOLDER, 0
        if not item.is_file(follow_symlinks=False):
            return OTHER, OTHER, 0
    except OSError:
        return None
    try:
        size = item.stat(follow_symlinks=False).st_size
    except OSError:
        size = 0
    return FILE, FILE, size


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return FOLDER
    if stat.S_ISREG(mode):
        return FILE
    return OTHER
