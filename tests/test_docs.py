"""The README's rule table and docs/rules/ are generated from the registry; fail on drift."""

from __future__ import annotations

from enginelint.docgen import expected_files
from tests.helpers import REPO


def test_generated_docs_are_current() -> None:
    stale = [
        str(path.relative_to(REPO))
        for path, content in expected_files(REPO).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != content
    ]
    assert not stale, f"regenerate with `python -m enginelint.docgen`: {stale}"


def test_no_orphan_rule_pages() -> None:
    expected = set(expected_files(REPO))
    orphans = [p.name for p in (REPO / "docs" / "rules").glob("EL*.md") if p not in expected]
    assert not orphans
