"""What `lean deploy` would upload: the project walked the way the deploy tool walks it.

Several rules ask the same question — is this file uploaded, and if not, which .leanignore line
drops it? — so the answer is built once per project (`upload_set`) and shared. It is a view of
the Project's one walk of the tree (`walk.py`), visited the way the deploy tool walks: every path
is checked against the .leanignore matcher (or the tool's defaults when there is no .leanignore);
an excluded folder is not entered, so a later `!` cannot bring back anything inside it (and a
project's excluded virtualenv costs nothing to skip). Symlinked folders are never followed. The
visit is bounded by the walk's budget, lowered when a long .leanignore makes each entry costly to
match; past it the view stops and says so (`truncated`), and rules treat what it saw as a lower
bound.

It also answers the deploy tool's other question about the uploaded tree, which runtime it is
(`node_marker`: the Node.js files lean-cli checks before it looks for Python).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from .. import files, walk
from ..diagnostics import Span
from ..files import TextFile
from ..parsers.leanignore import IgnorePattern, LeanIgnore, leanignore
from ..platform import NODE_MAIN_FILE, NODE_PACKAGE_FILE, NODE_SERVER_FILE

if TYPE_CHECKING:
    from ..project import Project

# Matching work (entries × patterns) allowed for one visit; a huge .leanignore visits fewer
# entries than the walk's budget.
MAX_MATCHES = 5_000_000
ROOT = "."
SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Excluded:
    """A file or folder the walk did not upload, and the pattern that excluded it."""

    path: str
    is_dir: bool
    pattern: IgnorePattern


@dataclass
class UploadSet:
    """The walk's result.

    `files` maps each uploaded file (relative, `/` separators) to its size in bytes; `folders`
    lists uploaded folders. `excluded` lists every path the matcher excluded (the walk did not
    look inside excluded folders). `everything_excluded` is the pattern that excludes the
    project root itself (nothing is uploaded). `truncated` says the entry budget ran out.
    """

    ignore: LeanIgnore
    files: dict[str, int] = field(default_factory=dict)
    folders: list[str] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    everything_excluded: Optional[IgnorePattern] = None
    truncated: bool = False

    def total_size(self, paths: list[str]) -> int:
        """The summed size of uploaded files among `paths` and under those of them that are
        folders."""
        total = 0
        prefixes = tuple(f"{p}/" for p in paths)
        for path, size in self.files.items():
            if path in paths or path.startswith(prefixes):
                total += size
        return total


def upload_set(project: Project) -> Optional[UploadSet]:
    """The uploaded files of the project, computed once; None when .leanignore cannot be read."""
    return project.cached("upload:set", lambda: _walk(project))


def excluded_by(project: Project, relative: str) -> Optional[IgnorePattern]:
    """The pattern that keeps `relative` (a path that exists or not) out of the upload: the one
    excluding the root, the path's nearest excluded folder, or the path itself. None when it
    would be uploaded (or .leanignore cannot be read)."""
    ignore = leanignore(project)
    if ignore is None:
        return None
    found = ignore.excluding(ROOT, True)
    if found is not None:
        return found
    parts = relative.split("/")
    for index in range(1, len(parts) + 1):
        prefix = "/".join(parts[:index])
        is_dir = index < len(parts) or project.is_dir(prefix)
        found = ignore.excluding(prefix, is_dir)
        if found is not None:
            return found
    return None


def starts_with(project: Project, relative: str, prefix: bytes) -> bool:
    """Whether a regular file inside the root begins with `prefix` (reads only that much)."""
    return files.read_head(project.root, relative, len(prefix)) == prefix


def _walk(project: Project) -> Optional[UploadSet]:
    ignore = leanignore(project)
    if ignore is None:
        return None
    result = UploadSet(ignore)
    result.everything_excluded = ignore.excluding(ROOT, True)
    if result.everything_excluded is not None:
        return result
    limit = min(walk.MAX_ENTRIES, max(1_000, MAX_MATCHES // max(1, len(ignore.patterns))))
    visit = project.walk().visit(limit)
    for entry in visit:
        if entry.follows is None:  # a symlink whose target cannot be told (a loop): left out
            continue
        # A symlinked folder is uploaded as what it is but never walked into.
        is_dir = entry.kind == walk.FOLDER
        pattern = ignore.excluding(entry.path, is_dir)
        if pattern is not None:
            result.excluded.append(Excluded(entry.path, is_dir, pattern))
        elif is_dir:
            result.folders.append(entry.path)
            visit.enter(entry)
        elif entry.follows == walk.FILE:
            result.files[entry.path] = entry.size
    result.truncated = visit.truncated
    if visit.truncated:
        project.problem(
            "EL005", "",
            f"the upload view stopped after {limit:,} entries of the tree: what `lean deploy` "
            "would upload past them (and the .leanignore rules about it) was not checked",
        )
    return result


@dataclass(frozen=True)
class NodeMarker:
    """A file that makes the deploy tool detect Node.js before it looks for Python.

    `span` points at what decides (the `"start"` key of `package.json`'s scripts), or is None
    when the file as a whole does (`cloud/main.js`, `server.js`).
    """

    path: str
    span: Optional[Span]
    what: str


def node_marker(project: Project) -> Optional[NodeMarker]:
    """The first Node.js marker in the order lean-cli checks them, or None."""
    return project.cached("upload:node-marker", lambda: _node_marker(project))


def _node_marker(project: Project) -> Optional[NodeMarker]:
    main = project.path(NODE_MAIN_FILE)
    if project.is_file(main):
        return NodeMarker(main, None, f"`{main}`")
    package = project.path(NODE_PACKAGE_FILE)
    server = project.path(NODE_SERVER_FILE)
    if project.is_file(package) and project.is_file(server):
        return NodeMarker(server, None, f"`{server}` with `{package}`")
    if project.is_file(package):
        text = project.read(package)
        if text is not None and _has_start_script(text.text):
            return NodeMarker(
                package, _start_key_span(text), f"`{package}` with a `scripts.start` command"
            )
    return None


def _has_start_script(source: str) -> bool:
    import json

    try:
        data = json.loads(source)
    except (ValueError, RecursionError):
        return False
    scripts = data.get("scripts") if isinstance(data, dict) else None
    return isinstance(scripts, dict) and bool(scripts.get("start"))


_SCRIPTS_KEY = re.compile(r'"scripts"\s*:\s*\{')
_START_KEY = re.compile(r'"start"\s*:')


def _start_key_span(file: TextFile) -> Optional[Span]:
    """Where the `"start"` key inside `"scripts"` is (the first after `"scripts": {`)."""
    scripts = _SCRIPTS_KEY.search(file.text)
    if scripts is None:
        return None
    start = _START_KEY.search(file.text, scripts.end())
    if start is None:
        return None
    return file.span(start.start(), start.start() + len('"start"'))
