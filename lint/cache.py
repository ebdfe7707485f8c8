"""The result cache: a project's findings from an earlier run, used only when provably current.

A run's findings are a function of enginelint's code and data, the host Python, the Settings,
the editor's buffers and what the file system told the run. The first four make the *key*, which
names the cache file (one file per project root and settings, overwritten by each run, so the
folder does not grow with edits). The last is the run's *record* (`observe.Recorder`): every
question the run asked of the disk — each file read (as a content digest, or why it could not be
read), each folder listed, each stat, link and permission check — with the answer it got. A
stored result stands only if the key is equal and every question, asked again now, gets the same
answer; so nothing is ever stale, whatever kind of input changed. Contents are compared by digest,
never by time: an edit that keeps the size and lands within the clock's resolution still counts.

The code's fingerprint is the size and modification time of every file of the installed package
(and its schemas), so an editable install that changes without a version bump starts afresh.
The platform data lives in those files too.

The cache is enginelint's own business: it never changes a result. The folder is hidden from
every view of the project (`Project.hidden`), a file that is truncated, hand-edited, from another
version or otherwise unreadable is ignored (and replaced by the next run), writes are atomic (a
temporary file, then a rename) so two runs can share the folder, and a folder that cannot be made
or written means the run goes uncached, silently. Checking a stored result imports no rule,
parser or third-party module. The record is a list of questions keyed by path, so entries for
single files (a per-module cache of parsing) can be added beside it without a new design.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any, Optional

from . import __version__, files, observe
from .diagnostics import SEVERITIES, Diagnostic, Edit, Fix, Position, Span
from .project import Project
from .replay import code_fingerprint, current
from .settings import DEFAULT_CACHE_DIR, Settings

# Bumped when the file's layout changes; part of the key, so old files are simply not found.
FORMAT = 1
RESULTS = "results"
GITIGNORE = "# Created by enginelint: the folder is a cache, not part of the project.\n*\n"
# A cache file larger than this is not read (it would be a 50,000-file tree's record).
MAX_CACHE_FILE = 512 * 1024 * 1024
# Findings of a rule that crashed carry a traceback: never stored, the next run tries again.
_INTERNAL_ERROR = "EL006"


class Cache:
    """The stored result for one project root, one Settings and one set of buffered paths."""

    def __init__(self, project: Project, only_path: Optional[str]) -> None:
        self.project = project
        self.folder = Path(project.settings.cache_dir or Path(project.root) / DEFAULT_CACHE_DIR)
        self.key = _key(project, only_path)
        slot = files.digest(_canonical(self.key))
        self.path = self.folder / RESULTS / f"{slot}.json"
        # A cache folder that is the project folder itself cannot be hidden from the walk.
        self.usable = os.path.abspath(self.folder) != os.path.abspath(str(project.root))

    def load(self) -> Optional[list[Diagnostic]]:
        """The stored diagnostics if every input they came from is unchanged, else None."""
        if not self.usable:
            return None
        try:
            stored = self._read()
            if stored is None or not _current(stored, self.project):
                return None
            diagnostics = [_diagnostic(item) for item in stored["diagnostics"]]
            texts = stored["texts"]
            if not isinstance(texts, dict):
                return None
        except (KeyError, TypeError, ValueError, AssertionError, IndexError, RecursionError):
            return None  # hand-edited into another shape: not trusted
        self.project.restore({str(p): str(k) for p, k in texts.items()})
        # A whole command's record (`replay`) holds the questions this result stands on.
        observe.note_all((tuple(item[:-1]), item[-1]) for item in stored["record"])
        return diagnostics

    def save(self, recorder: observe.Recorder, diagnostics: Sequence[Diagnostic]) -> None:
        """Store this run's result; quietly nothing when it cannot (or must not) be stored."""
        if not self.usable or recorder.unstable or any(
            d.code == _INTERNAL_ERROR for d in diagnostics
        ):
            return
        body = {
            "key": self.key,
            "record": [[*question, answer] for question, answer in recorder.notes.items()],
            "buffers": _buffers(self.project),
            "texts": self.project.loaded_kinds(),
            "diagnostics": [_encoded(d) for d in diagnostics],
        }
        data = _canonical(body)
        try:
            self._prepare()
            files.write_atomically(self.path, files.digest(data).encode() + b"\n" + data)
        except (OSError, ValueError):
            pass  # a read-only or occupied place: this run simply goes uncached

    def _read(self) -> Optional[dict[str, Any]]:
        data = files.read_named(self.path, MAX_CACHE_FILE, "the cache file")
        if not isinstance(data, bytes):
            return None
        check, _, body = data.partition(b"\n")
        if check != files.digest(body).encode():
            return None  # truncated, or edited by hand
        stored = json.loads(body)
        if not isinstance(stored, dict) or stored.get("key") != self.key:
            return None
        return stored

    def _prepare(self) -> None:
        """The folder, with a `.gitignore` that keeps it out of the repository.

        Inside the project only the cache folder itself is made, never a folder above it: the
        walk hides the cache folder, but a parent made for it would be a new, visible folder.
        """
        if self.project.cache_folder is not None and not self.folder.is_dir():
            os.mkdir(self.folder)  # no parent is made: a missing one raises, and nothing is stored
        os.makedirs(self.folder / RESULTS, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            files.write_atomically(ignore, GITIGNORE)


def _key(project: Project, only_path: Optional[str]) -> dict[str, Any]:
    """Everything besides the disk that the result depends on."""
    return {
        "format": FORMAT,
        "enginelint": __version__,
        "code": code_fingerprint(),
        "python": [sys.implementation.name, sys.version],
        "root": os.path.abspath(str(project.root)),
        "settings": settings_key(project.settings),
        "only_path": only_path,
        "buffered": sorted(project.overrides),
    }


def settings_key(settings: Settings) -> dict[str, Any]:
    """Every field of the Settings, as plain JSON (any field may change the output)."""
    return {item.name: _plain(getattr(settings, item.name)) for item in fields(settings)}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return sorted([str(k), _plain(v)] for k, v in value.items())
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _buffers(project: Project) -> dict[str, str]:
    return {path: files.digest(data) for path, data in sorted(project.overrides.items())}


def _current(stored: Mapping[str, Any], project: Project) -> bool:
    """Whether the buffers are the same and every question of the record gets the answer it
    got then."""
    if stored["buffers"] != _buffers(project):
        return False
    return current(stored["record"])


def _canonical(value: Any) -> bytes:
    # ASCII escapes keep a file name's undecodable bytes (lone surrogates) intact.
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode("ascii")


# --- diagnostics as JSON, every field (the report formats leave some out) --------------------


def _span(span: Optional[Span]) -> Optional[list[int]]:
    if span is None:
        return None
    return [span.start.line, span.start.column, span.end.line, span.end.column]


def _unspan(value: Any) -> Optional[Span]:
    if value is None:
        return None
    line, column, end_line, end_column = (int(v) for v in value)
    return Span(Position(line, column), Position(end_line, end_column))


def _encoded(diagnostic: Diagnostic) -> dict[str, Any]:
    fix = diagnostic.fix
    return {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "path": diagnostic.path,
        "span": _span(diagnostic.span),
        "fix": None if fix is None else {
            "message": fix.message,
            "applicability": fix.applicability,
            "edits": [[e.path, _span(e.span), e.content] for e in fix.edits],
        },
        "url": diagnostic.url,
        "fingerprint": diagnostic.fingerprint,
        "detail": diagnostic.detail,
        "sensitive": diagnostic.sensitive,
    }


def _diagnostic(item: Mapping[str, Any]) -> Diagnostic:
    fix = item["fix"]
    decoded_fix = None
    if fix is not None:
        edits = []
        for path, span, content in fix["edits"]:
            where = _unspan(span)
            assert isinstance(path, str) and isinstance(content, str) and where is not None
            edits.append(Edit(path, where, content))
        decoded_fix = Fix(_text(fix["message"]), tuple(edits), _text(fix["applicability"]))
    path = item["path"]
    detail = item["detail"]
    return Diagnostic(
        code=_text(item["code"]),
        name=_text(item["name"]),
        severity=_severity(item["severity"]),
        message=_text(item["message"]),
        path=None if path is None else _text(path),
        span=_unspan(item["span"]),
        fix=decoded_fix,
        url=_text(item["url"]),
        fingerprint=_text(item["fingerprint"]),
        detail=None if detail is None else _text(detail),
        sensitive=bool(item["sensitive"]),
    )


def _severity(value: Any) -> str:
    if value not in SEVERITIES:
        raise ValueError("not a severity")
    return str(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value
