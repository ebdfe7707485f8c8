"""The packaging step of `lean deploy`, end to end: one model, asked by EL106–EL110, the
security scan and `enginelint plan`.

In lean-cli's order (`commands/deploy_action.go` `packageProject`, then `runtimes/`):

1. detect the runtime (`detect`); detection may stop the deploy;
2. with no `.leanignore`, write the detected runtime's defaults to `.leanignore` (none for a
   project it does not detect as Python, Node.js, …); then read `.leanignore` (`parsers.
   leanignore`): a refused pattern stops the deploy, the first one in the file being reported;
3. walk the project and zip what `.leanignore` lets through (`archive`), stopping at a malformed
   `/` pattern, an unresolvable symlink, an unreadable folder, or a file the zip cannot open.

`packaging(project)` gives every stop in that order (the first is where the deploy stops) and,
so that the rules can still judge the rest, what the upload would hold if each stop were fixed:
refused patterns take no part in matching, and the walk goes on past each stop. The file the
deploy tool writes itself when there is none is not part of the upload set.

It records, for the input rules, the first file or folder the walk stops at as EL001 (the same
record reading it would give, when the file is in the project), and a walk that ran out of its
budget as EL005.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Optional

from ... import files, observe, walk
from ...lazy_dataclass import dataclass, field
from ...parsers.leanignore import WHEN_READ, LeanIgnore, read_leanignore, written_defaults
from ...platform import DEFAULT_LEANIGNORE, LEANIGNORE_FILE
from .archive import DETECT, LEANIGNORE, PATTERN, WALK, ZIP, Stop, Walked, walk_upload
from .detect import Detection, detect

if TYPE_CHECKING:
    from ...project import Project

# Matching work (entries × patterns) allowed for one walk; a huge .leanignore visits fewer
# entries than the walk's budget.
MAX_MATCHES = 5_000_000


@dataclass
class Packaging:
    """What `lean deploy` does with the project before it uploads.

    `ignore` is the `.leanignore` in force (the project's, or the defaults it writes when
    `writes_defaults`); None when it cannot be read. `walked` is the walk with it (None without
    `ignore`). `stops` lists every reason the deploy stops, in the order it meets them.
    """

    detection: Detection
    ignore: Optional[LeanIgnore]
    writes_defaults: bool
    walked: Optional[Walked]
    stops: list[Stop] = field(default_factory=list)

    @property
    def stop(self) -> Optional[Stop]:
        """Where the deploy stops, or None when it uploads."""
        return self.stops[0] if self.stops else None


def packaging(project: Project) -> Packaging:
    """The project's packaging, computed once."""
    return project.cached("deploy:packaging", lambda: _package(project))


def _package(project: Project) -> Packaging:
    detection = detect(project)
    stops: list[Stop] = []
    if detection.error is not None:
        stops.append(Stop(DETECT, detection.error, detection.error_path))
    ignore, writes_defaults, problem = _leanignore(project, detection)
    if problem is not None:
        stops.append(problem)
    if ignore is not None:
        stops.extend(
            Stop(PATTERN, f"{p.error} on line {p.line}", LEANIGNORE_FILE, p)
            for p in ignore.refused
            if p.stage == WHEN_READ
        )
    walked: Optional[Walked] = None
    if ignore is not None:
        limit = min(walk.MAX_ENTRIES, max(1_000, MAX_MATCHES // max(1, len(ignore.patterns))))
        walked = walk_upload(project, ignore, limit)
        stops.extend(walked.stops)
        _record(project, walked, limit)
    return Packaging(detection, ignore, writes_defaults, walked, stops)


def _leanignore(
    project: Project, detection: Detection
) -> tuple[Optional[LeanIgnore], bool, Optional[Stop]]:
    """(the patterns in force, whether the deploy tool writes them, why it stops if it does)."""
    found = read_leanignore(project)
    if isinstance(found, LeanIgnore):
        return found, False, None
    absolute = os.path.join(str(project.root), LEANIGNORE_FILE)
    defaults = written_defaults(DEFAULT_LEANIGNORE.get(detection.runtime, ()))
    if found is None:
        if observe.islink(absolute) and not observe.isdir(
            os.path.dirname(observe.realpath(absolute))
        ):
            reason = f"open {LEANIGNORE_FILE}: no such file or directory"
            return defaults, True, Stop(LEANIGNORE, reason, LEANIGNORE_FILE,
                                        problem="a broken symlink it cannot write through")
        return defaults, True, None
    # It exists but cannot be read: a folder (the tool fails to write its defaults there), or
    # a file it cannot open.
    if observe.isdir(absolute):
        return None, False, Stop(LEANIGNORE, f"open {LEANIGNORE_FILE}: is a directory",
                                 LEANIGNORE_FILE, problem="a folder")
    reasons = [p.message for p in project.problems("EL001") if p.path == LEANIGNORE_FILE]
    reason = reasons[0] if reasons else f"`{LEANIGNORE_FILE}` cannot be read"
    return None, False, Stop(LEANIGNORE, reason, LEANIGNORE_FILE, problem="unreadable")


def _record(project: Project, walked: Walked, limit: int) -> None:
    first = next((s for s in walked.stops if s.stage in (WALK, ZIP) and s.path), None)
    if first is not None and first.path is not None:
        located = files.locate(project.root, first.path) if first.path != "." else None
        same_story = ("broken symlink", "symlink loop", "not a regular file", "permission")
        if isinstance(located, files.FileProblem) and any(
            words in located.message for words in same_story
        ):
            project.report(located)  # what reading the file records, whatever asks first
        else:
            project.problem(
                "EL001",
                first.path,
                f"`{first.path}` is {first.problem or 'unreadable'}: `lean deploy` stops when "
                f"its upload walk reaches it ({first.reason})",
            )
    if walked.truncated:
        project.problem(
            "EL005", "",
            f"the upload view stopped after {limit:,} entries of the tree: what `lean deploy` "
            "would upload past them (and the .leanignore rules about it) was not checked",
        )
