"""What `lean deploy` would upload: the answers several rules need from the packaging model.

Is this file uploaded, and if not, which `.leanignore` line drops it? Which runtime does the
deploy tool see first? The model itself — detection, `.leanignore`, the walk, the zip, in
lean-cli's order — is `analysis.deploy`; this module gives the rules its upload set
(`upload_set`, what would be uploaded once any stop is fixed), the pattern that excludes a path
(`excluded_by`) and the Node.js marker lean-cli acts on (`node_marker`).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Optional

from .. import files, observe
from ..diagnostics import Span
from ..lazy_dataclass import dataclass, field
from ..parsers.leanignore import IgnorePattern, LeanIgnore
from .deploy.archive import ROOT, Excluded
from .deploy.detect import CLOUDCODE, NODE, detect
from .deploy.packaging import packaging

if TYPE_CHECKING:
    from ..project import Project

__all__ = ["ROOT", "SQLITE_HEADER", "Excluded", "NodeMarker", "UploadSet", "excluded_by",
           "node_marker", "starts_with", "upload_set"]

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass
class UploadSet:
    """The walk's result.

    `files` maps each uploaded file (relative, `/` separators, symlinked folders' files under
    the link's path) to its size in bytes; `folders` lists uploaded folders. `excluded` lists
    every path the matcher excluded (the walk did not look inside excluded folders).
    `everything_excluded` is the pattern that excludes the project root itself (nothing is
    uploaded). `truncated` says the entry budget ran out. `ignore` is the `.leanignore` in
    force; its `path` is None when the deploy tool writes its defaults.
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

    def build() -> Optional[UploadSet]:
        model = packaging(project)
        if model.ignore is None or model.walked is None:
            return None
        walked = model.walked
        return UploadSet(model.ignore, dict(walked.files), list(walked.folders),
                         list(walked.excluded), walked.everything_excluded, walked.truncated)

    return project.cached("upload:set", build)


def excluded_by(project: Project, relative: str) -> Optional[IgnorePattern]:
    """The pattern that keeps `relative` (a path that exists or not) out of the upload: the one
    excluding the root, the path's nearest excluded folder, or the path itself. None when it
    would be uploaded (or .leanignore cannot be read)."""
    ignore = packaging(project).ignore
    if ignore is None:
        return None
    found = ignore.excluding(ROOT, True)
    if found is not None:
        return found
    parts = relative.split("/")
    for index in range(1, len(parts) + 1):
        prefix = "/".join(parts[:index])
        is_dir = index < len(parts) or observe.isdir(
            os.path.join(str(project.root), *prefix.split("/"))
        )
        found = ignore.excluding(prefix, is_dir)
        if found is not None:
            return found
    return None


def starts_with(project: Project, relative: str, prefix: bytes) -> bool:
    """Whether a regular file inside the root begins with `prefix` (reads only that much)."""
    return files.read_head(project.root, relative, len(prefix)) == prefix


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
    """The first Node.js marker under the build root, in the order lean-cli checks them, or
    None."""
    detection = detect(project, project.build_root)
    if detection.runtime not in (CLOUDCODE, NODE) or detection.marker is None:
        return None
    marker = detection.marker
    if marker.endswith("package.json"):
        return NodeMarker(marker, detection.span, f"`{marker}` with a `scripts.start` command")
    if marker.endswith("server.js"):
        package = marker[: -len("server.js")] + "package.json"
        return NodeMarker(marker, None, f"`{marker}` with `{package}`")
    return NodeMarker(marker, None, f"`{marker}`")
