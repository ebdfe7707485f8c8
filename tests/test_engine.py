"""The engine: a crashing rule becomes EL006 and the others still run; it owns severity
overrides, ordering and fingerprints."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from enginelint import engine
from enginelint.diagnostics import ERROR, Finding, Span
from enginelint.project import Project
from enginelint.registry import Rule, all_rules
from enginelint.rulespec import RuleSpec
from enginelint.settings import Settings


def crashing(project: Project) -> Iterator[Finding]:
    """Crashes."""
    raise RuntimeError("boom")


def finding(project: Project) -> Iterator[Finding]:
    """Finds."""
    yield Finding("found", "b.txt", Span.of(2, 1, 2, 4))
    yield Finding("found", "a.txt", Span.of(5, 3, 5, 4))
    yield Finding("found", "a.txt", Span.of(1, 1, 1, 2))
    yield Finding("project-wide")


CRASHING = Rule("test", RuleSpec("EL900", "always-crashes", ERROR, "test_engine.crashing"), "tests")
FINDING = Rule("test", RuleSpec("EL901", "always-finds", ERROR, "test_engine.finding"), "tests")
CATALOGUE = (*[r for r in all_rules() if r.code in ("EL006", "EL007")], CRASHING, FINDING)


def _check(tmp_path: Path, settings: Settings) -> list:  # type: ignore[type-arg]
    return engine.check(Project(tmp_path, settings), catalogue=CATALOGUE)


def test_a_crashing_rule_becomes_el006_and_others_run(tmp_path: Path) -> None:
    diagnostics = _check(tmp_path, Settings(select=("EL900", "EL901")))
    codes = [d.code for d in diagnostics]
    assert codes.count("EL006") == 1
    assert codes.count("EL901") == 4
    internal = next(d for d in diagnostics if d.code == "EL006")
    assert "EL900" in internal.message and "always-crashes" in internal.message
    assert internal.detail is not None and "RuntimeError: boom" in internal.detail
    assert "boom" not in internal.message


def test_a_crash_is_reported_even_when_el006_is_ignored(tmp_path: Path) -> None:
    diagnostics = _check(tmp_path, Settings(select=("EL900",), ignore=("EL006",)))
    assert [d.code for d in diagnostics] == ["EL006"]


def test_sorted_by_path_line_column_with_project_findings_first(tmp_path: Path) -> None:
    diagnostics = _check(tmp_path, Settings(select=("EL901",)))
    assert [(d.path, d.span.start.line if d.span else 0) for d in diagnostics] == [
        (None, 0), ("a.txt", 1), ("a.txt", 5), ("b.txt", 2)
    ]


def test_fingerprints_are_stable_and_distinct(tmp_path: Path) -> None:
    first = _check(tmp_path, Settings(select=("EL901",)))
    second = _check(tmp_path, Settings(select=("EL901",)))
    assert [d.fingerprint for d in first] == [d.fingerprint for d in second]
    assert len({d.fingerprint for d in first}) == len(first)


def test_severity_override(tmp_path: Path) -> None:
    from types import MappingProxyType

    settings = Settings(select=("EL901",), severity=MappingProxyType({"EL901": "info"}))
    assert {d.severity for d in _check(tmp_path, settings)} == {"info"}


def test_per_file_ignores_and_only_path(tmp_path: Path) -> None:
    settings = Settings(select=("EL901",), per_file_ignores=(("a.txt", ("EL9",)),))
    assert [d.path for d in _check(tmp_path, settings)] == [None, "b.txt"]
    only = engine.check(Project(tmp_path, Settings(select=("EL901",))), catalogue=CATALOGUE,
                        only_path="a.txt")
    assert [d.path for d in only] == ["a.txt", "a.txt"]
