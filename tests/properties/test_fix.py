"""Properties of `--fix`: it converges (a second run changes nothing), and it loses no byte
outside its edits — byte-order marks, CRLF line breaks and the untouched lines are written back
exactly as they were."""

from __future__ import annotations

import difflib
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from enginelint import fixes
from enginelint.commands import MAX_FIX_ROUNDS
from enginelint.fixes import FileChange
from enginelint.runner import ProjectReport, lint_root
from enginelint.settings import Settings
from tests.properties.strategies import budget, fixable_files, write_files


def edited_lines(report: ProjectReport, path: str) -> set[int]:
    """The lines of `path` some applicable fix edits (a line break inserted after the last one
    counts as that line's)."""
    lines: set[int] = set()
    for diagnostic in report.diagnostics:
        if diagnostic.fix is None:
            continue
        for edit in diagnostic.fix.edits:
            if edit.path == path:
                lines.update(range(edit.span.start.line, edit.span.end.line + 1))
    return lines


def check_change(report: ProjectReport, change: FileChange, before: bytes, after: bytes) -> None:
    source = change.source
    prefix = b"\xef\xbb\xbf" if source.bom and source.encoding == "utf-8" else b""
    # The file decoded losslessly, and was written back in its own encoding and BOM.
    assert before == prefix + source.text.encode(source.encoding), change.path
    assert after == prefix + change.new_text.encode(source.encoding), change.path
    # Every line that changed is a line a fix edits; the others are kept byte for byte.
    old = source.text.splitlines(keepends=True)
    new = change.new_text.splitlines(keepends=True)
    allowed = edited_lines(report, change.path)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, first, last, _, _ in matcher.get_opcodes():
        if tag == "equal":
            continue
        touched = set(range(first + 1, last + 1)) or {first, first + 1}
        assert touched & allowed, (change.path, tag, old[first:last], sorted(allowed))


@budget(0.75)
@given(fixable_files(), st.booleans())
def test_fix_converges_and_keeps_every_other_byte(
    files: dict[str, bytes], unsafe: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        write_files(root, files)
        report = lint_root(root, Settings(), cwd=root)
        for _ in range(MAX_FIX_ROUNDS):
            changes = fixes.plan(report.project, report.diagnostics, unsafe)
            if not changes:
                break
            for change in changes:
                target = root / change.path
                before = target.read_bytes()
                fixes.write(report.project, change)
                check_change(report, change, before, target.read_bytes())
            report = lint_root(root, Settings(), cwd=root)
        else:
            raise AssertionError(f"--fix still changes files after {MAX_FIX_ROUNDS} rounds")
        # Idempotent: linting the fixed project again finds nothing more to fix.
        final = lint_root(root, Settings(), cwd=root)
        assert fixes.plan(final.project, final.diagnostics, unsafe) == []
