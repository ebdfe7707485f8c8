"""Applying fixes: turn the edits of chosen diagnostics into new file contents, and write them.

Writes go through `files.write_atomically` (a temporary file in the same folder, then a rename),
keep the file's mode, encoding, byte-order mark and newline style, and go only to files inside the
project root. A fix is all-or-nothing: when one of its edits overlaps an edit already taken, the
whole fix waits for the next run (applying fixes is idempotent, so `--fix` twice converges).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable

from . import files
from .diagnostics import SAFE, Diagnostic, Edit
from .files import TextFile
from .lazy_dataclass import dataclass
from .project import Project


@dataclass(frozen=True)
class FileChange:
    """The new text of one file and how many fixes produced it."""

    path: str
    source: TextFile
    new_text: str
    fixes: int

    def diff(self, root_label: str) -> str:
        prefix = "" if root_label in ("", ".") else root_label.rstrip("/") + "/"
        return "".join(
            difflib.unified_diff(
                self.source.text.splitlines(keepends=True),
                self.new_text.splitlines(keepends=True),
                fromfile=f"a/{prefix}{self.path}",
                tofile=f"b/{prefix}{self.path}",
            )
        )


def applicable(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    return fix is not None and (fix.applicability == SAFE or unsafe)


def plan(project: Project, diagnostics: Iterable[Diagnostic], unsafe: bool) -> list[FileChange]:
    """The file changes the applicable fixes make, one per file, in path order."""
    taken: dict[str, list[tuple[int, int, str]]] = {}
    counts: dict[str, int] = {}
    for diagnostic in diagnostics:
        if not applicable(diagnostic, unsafe):
            continue
        assert diagnostic.fix is not None
        resolved = _resolve(project, diagnostic.fix.edits)
        if resolved is None:
            continue
        if any(_overlaps(taken.get(path, []), start, end) for path, start, end, _ in resolved):
            continue
        for path, start, end, content in resolved:
            taken.setdefault(path, []).append((start, end, content))
        for path in {path for path, *_ in resolved}:
            counts[path] = counts.get(path, 0) + 1
    changes = []
    for path in sorted(taken):
        source = project.loaded_text(path)
        assert source is not None
        text = source.text
        for start, end, content in sorted(taken[path], reverse=True):
            text = text[:start] + content.replace("\n", source.newline) + text[end:]
        if text != source.text:
            changes.append(FileChange(path, source, text, counts[path]))
    return changes


def _resolve(
    project: Project, edits: Iterable[Edit]
) -> list[tuple[str, int, int, str]] | None:
    resolved = []
    for edit in edits:
        source = project.loaded_text(edit.path)
        if source is None:
            return None
        start, end = source.offset(edit.span.start), source.offset(edit.span.end)
        if end < start:
            return None
        resolved.append((edit.path, start, end, edit.content))
    return resolved


def _overlaps(existing: list[tuple[int, int, str]], start: int, end: int) -> bool:
    return any((start < other_end and other_start < end) or start == other_start
               for other_start, other_end, _ in existing)


def write(project: Project, change: FileChange) -> None:
    """Write one change through the one atomic writer, keeping encoding, BOM and newlines (the
    new text already uses the file's own line break), and refusing to leave the project root."""
    encoding = change.source.encoding
    if change.source.bom and encoding == "utf-8":
        encoding = "utf-8-sig"
    absolute = os.path.join(str(project.root), *change.path.split("/"))
    files.write_atomically(absolute, change.new_text, encoding=encoding, inside=project.root)
