"""New file contents as LSP edits: the smallest changes, versioned for the buffer they fit.

Fixes are applied by `fixes.plan`, the code `--fix` uses, which gives each file's new text.
The editor gets only what changed (a cursor elsewhere in the file stays put), and each document
edit carries the version of the buffer it was computed from, so a client refuses an edit that no
longer fits instead of applying it to the wrong text.
"""

from __future__ import annotations

import difflib
from typing import Optional

from lsprotocol import types

from ..lazy_dataclass import dataclass
from .positions import Lines


@dataclass(frozen=True)
class FileEdits:
    """The edits for one file, and the version of the buffer they apply to (None: on disk)."""

    uri: str
    version: Optional[int]
    edits: tuple[types.TextEdit, ...]


def between(old: str, new: str, encoding: str) -> tuple[types.TextEdit, ...]:
    """Edits that turn `old` into `new`: changed lines, trimmed to the characters that differ."""
    lines = Lines(old, encoding)
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    starts = [0]
    for line in old_lines:
        starts.append(starts[-1] + len(line))
    new_starts = [0]
    for line in new_lines:
        new_starts.append(new_starts[-1] + len(line))
    edits = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start, end = starts[i1], starts[i2]
        new_start, new_end = new_starts[j1], new_starts[j2]
        # Trim what the old and new chunks share at either end.
        while start < end and new_start < new_end and old[start] == new[new_start]:
            start += 1
            new_start += 1
        while end > start and new_end > new_start and old[end - 1] == new[new_end - 1]:
            end -= 1
            new_end -= 1
        # LSP has no position between the two characters of a `\r\n`: widen by one.
        if 0 < start < len(old) and old[start - 1] == "\r" and old[start] == "\n":
            start -= 1
            new_start -= 1
        if 0 < end < len(old) and old[end - 1] == "\r" and old[end] == "\n":
            end += 1
            new_end += 1
        edits.append(
            types.TextEdit(
                range=types.Range(types.Position(*lines.position(start)),
                                  types.Position(*lines.position(end))),
                new_text=new[new_start:new_end],
            )
        )
    return tuple(edits)


def insertion(text: str, offset: int, inserted: str, encoding: str) -> types.TextEdit:
    position = types.Position(*Lines(text, encoding).position(offset))
    return types.TextEdit(range=types.Range(position, position), new_text=inserted)


def workspace_edit(files: list[FileEdits], versioned: bool) -> types.WorkspaceEdit:
    """A WorkspaceEdit: versioned document changes when the client takes them, else plain."""
    files = [f for f in files if f.edits]
    if versioned:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=f.uri, version=f.version
                    ),
                    edits=list(f.edits),
                )
                for f in files
            ]
        )
    return types.WorkspaceEdit(changes={f.uri: list(f.edits) for f in files})
