"""The walk `lean deploy` makes to pack the project, and the zip it writes.

lean-cli (`runtimes/runtime.go`, `defaultArchive`) walks the folder it runs in with
facebookgo/symwalk over Go's `filepath.Walk`: depth first, names in byte order, each folder's
listing read before the folder itself is matched. For every path it asks the `.leanignore`
matcher — the project root first, as `.` — and

- an excluded folder is skipped whole (a later `!` cannot bring back anything inside it);
- a symlink is resolved first (`links.resolve`, Go's `EvalSymlinks`), whatever `.leanignore`
  says about it: a broken one, a loop, or a link through a file stops the deploy. A link to a
  folder is walked as that folder, under the link's own path (its files are uploaded as
  `link/…`); a link to anything else is a file, uploaded with its target's content;
- a folder that cannot be listed stops the deploy, excluded or not;
- a file the matcher does not exclude goes into the zip. The zip is written after the walk, in
  walk order; a file that cannot be opened stops it then (a FIFO makes it hang).

The first malformed `/` pattern stops the walk at the root (every path is matched against every
pattern, and Go's `filepath.Match` refuses a malformed pattern whatever the path).

`walk_upload` follows all of this, through the Project's one tree walk (`walk.Walk`), and
records every stop in the order the deploy tool would meet them, walking on past each one so
that the rules still see what the rest of the upload would be.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple, Optional

from ... import observe, walk
from ...lazy_dataclass import dataclass, field
from ...parsers.leanignore import WHEN_WALKED, IgnorePattern, LeanIgnore
from .links import LinkError, Resolver

if TYPE_CHECKING:
    from ...project import Project

ROOT = "."
# Every stop after the first only matters to rules that judge the rest; a walk around a symlink
# loop can meet the same broken link at every turn.
_MAX_STOPS = 100
# Stages of the deploy tool, in order; a stop is about one of them.
DETECT = "detect"  # runtime detection
LEANIGNORE = "leanignore"  # writing or reading .leanignore
PATTERN = "pattern"  # a pattern refused while .leanignore is read
MATCH = "match"  # a malformed `/` pattern, refused at the first path
WALK = "walk"  # a symlink or folder the walk cannot get through
ZIP = "zip"  # a file the zip cannot read


@dataclass(frozen=True)
class Excluded:
    """A file or folder the walk did not upload, and the pattern that excluded it."""

    path: str
    is_dir: bool
    pattern: IgnorePattern


@dataclass(frozen=True)
class Stop:
    """Where `lean deploy` stops before uploading.

    `reason` is the deploy tool's own message; `path` what it is about (a project path as the
    walk spells it, `.leanignore` for a pattern); `pattern` the refused pattern, if any;
    `problem` says in enginelint's words what is wrong with the file or folder.
    """

    stage: str
    reason: str
    path: Optional[str] = None
    pattern: Optional[IgnorePattern] = None
    problem: Optional[str] = None


@dataclass
class Walked:
    """The walk's result: `files` maps each uploaded file (walk order) to its size in bytes;
    `folders` lists the folders walked into; `linked` maps each symlinked folder followed to
    where it leads; `stops` the walk's and the zip's stops, in order."""

    files: dict[str, int] = field(default_factory=dict)
    folders: list[str] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    everything_excluded: Optional[IgnorePattern] = None
    stops: list[Stop] = field(default_factory=list)
    linked: dict[str, str] = field(default_factory=dict)
    truncated: bool = False


def _child(location: str, name: str) -> str:
    if not location:
        return name
    return f"{location}/{name}"


def _special(mode: int) -> Optional[str]:
    if stat.S_ISFIFO(mode):
        return "a FIFO: opening it blocks, and `lean deploy` hangs"
    if stat.S_ISSOCK(mode):
        return "a socket, which cannot be opened (no such device or address)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file, which `lean deploy` would read as if it were a file"
    return None


def walk_upload(project: Project, ignore: LeanIgnore, limit: int) -> Walked:
    """Walk the project as `lean deploy` packs it, with `ignore` in force, visiting at most
    `limit` entries."""
    tree = project.walk()
    links = Resolver(tree.real_root)
    result = Walked()
    error = tree.listing_error("")
    if error:
        result.stops.append(Stop(WALK, f"open .: {error}", ROOT, problem="cannot be read"))
        return result
    malformed = next((p for p in ignore.patterns if p.stage == WHEN_WALKED), None)
    if malformed is not None:
        reason = malformed.error or "syntax error in pattern"
        result.stops.append(Stop(MATCH, reason, ROOT, malformed))
    result.everything_excluded = ignore.excluding(ROOT, True)
    if result.everything_excluded is not None:
        return result
    zip_stops: list[Stop] = []
    looped: dict[str, int] = {}
    looping = False
    seen = 0
    stack = [_Frame("", "", iter(tree.listing("")), ("",), None)]
    while stack:
        frame = stack[-1]
        prefix, location = frame.prefix, frame.location
        entry = next(frame.entries, None)
        if entry is None:
            stack.pop()
            continue
        seen += 1
        if seen > limit:
            result.truncated = True
            tree.truncated = True
            break
        path = _child(prefix, entry.name)
        kind, size, mode = entry.kind, entry.size, 0
        folder = _child(location, entry.name) if not location.startswith("/") else (
            os.path.join(location, entry.name))
        if kind == walk.SYMLINK:
            try:
                final = links.resolve(path)
                info = observe.lstat(final)
            except LinkError as refused:
                problem = {
                    "missing": "a broken symlink",
                    "loop": "a symlink loop: the walk goes round it until a path holds more "
                    "than 255 links",
                    "not-a-folder": "a symlink whose target path goes through a file",
                }.get(refused.kind, "a symlink that cannot be resolved")
                where = frame.cycle if refused.kind == "loop" and frame.cycle else path
                first_loop = refused.kind == "loop" and not looping
                looping = looping or refused.kind == "loop"
                if len(result.stops) < _MAX_STOPS or first_loop:
                    result.stops.append(Stop(WALK, str(refused), where, problem=problem))
                continue
            except OSError as failure:
                result.stops.append(Stop(WALK, f"lstat {path}: {failure.strerror}", path,
                                         problem="a symlink that cannot be resolved"))
                continue
            mode = info.st_mode
            if stat.S_ISDIR(mode):
                kind = walk.FOLDER
                folder = tree.folder_of(final)
            else:
                kind = walk.FILE if stat.S_ISREG(mode) else walk.OTHER
                size = info.st_size if stat.S_ISREG(mode) else 0
        if kind == walk.FOLDER:
            error = tree.listing_error(folder)
            if error:
                if len(result.stops) < _MAX_STOPS:
                    result.stops.append(Stop(WALK, f"open {path}: {error}", path,
                                             problem="a folder that cannot be read"))
                continue
            pattern = ignore.excluding(path, True)
            if pattern is not None:
                if frame.cycle is None:
                    result.excluded.append(Excluded(path, True, pattern))
                continue
            cycle = frame.cycle or (path if folder in frame.chain else None)
            if cycle is not None and (looping or result.stops):
                # The deploy already stops before this point; going round another loop would
                # only multiply the same paths (every loop hangs off every other one).
                continue
            if cycle is None:
                result.folders.append(path)
                if entry.kind == walk.SYMLINK:
                    result.linked[path] = folder
            stack.append(_Frame(path, folder, iter(tree.listing(folder)),
                                (*frame.chain, folder), cycle))
            continue
        pattern = ignore.excluding(path, False)
        if pattern is not None:
            if frame.cycle is None:
                result.excluded.append(Excluded(path, False, pattern))
            continue
        if frame.cycle is not None:
            looped[path] = size  # uploaded only if the loop ends without stopping the deploy
            continue
        result.files[path] = size
        absolute = os.path.join(str(project.root), *path.split("/"))
        if kind == walk.OTHER:
            try:
                mode = mode or observe.stat_(absolute).st_mode
            except OSError:
                mode = 0
            problem = _special(mode) or "not a regular file"
            zip_stops.append(Stop(ZIP, f"open {path}: {problem}", path, problem=problem))
        elif not observe.readable(absolute):
            zip_stops.append(Stop(ZIP, f"open {path}: permission denied", path,
                                  problem="a file that cannot be read (permission denied)"))
    if not looping:
        result.files.update(looped)
    result.stops.extend(zip_stops)
    return result


class _Frame(NamedTuple):
    """A folder being walked: its path as the walk spells it, where its entries are read
    (`walk.Walk.folder_of`), the entries left, the folders read on the way there, and the link
    path where the walk entered a folder it was already inside (a loop), if it did."""

    prefix: str
    location: str
    entries: Iterator[walk.Entry]
    chain: tuple[str, ...]
    cycle: Optional[str]
