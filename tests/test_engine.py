"""The engine: a crashing rule becomes EL006 and the others still run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from enginelint import engine
from enginelint.diagnostics import ERROR, Finding, Span
from enginelint.project import Project
from enginelint.registry import all_rules, rule


@rule("EL900", "always-crashes", ERROR)
def crashing(project: Project) -> Iterator[Finding]:
    """Crashes."""
    raise RuntimeError("boom")


@rule("EL901", "always-finds", ERROR)
def finding(project: Project) -> Iterator[Finding]:
    """Finds."""
    yield Finding("found", "b.txt", Span.of(2, 1, 2, 4))
    yield Finding("found", "a.txt", Span.of(5, 3, 5, 4))
    yield Finding("found", "a.txt", Span.of(1, 1, 1, 2))
    yield Finding("project-wide")


def test_a_crashing_rule_becomes_el006_and_others_run(tmp_path: Path) -> None:
    diagnostics = engine.check(Project(tmp_path), [crashing, finding], all_rules=all_rules())
    codes = [d.code for d in diagnostics]
    assert codes.count("EL006") == 1
    assert codes.count("EL901") == 4
    internal = next(d for d in diagnostics if d.code == "EL006")
    assert "EL900" in internal.message and "always-crashes" in internal.message
    assert internal.detail is not None and "RuntimeError: boom" in internal.detail
    assert "boom" not in internal.message


def test_sorted_by_path_line_column_with_project_findings_first(tmp_path: Path) -> None:
    diagnostics = engine.check(Project(tmp_path), [finding], all_rules=all_rules())
    assert [(d.path, d.span.start.line if d.span else 0) for d in diagnostics] == [
        (None, 0), ("a.txt", 1), ("a.txt", 5), ("b.txt", 2)
    ]


def test_fingerprints_are_stable_and_distinct(tmp_path: Path) -> None:
    first = engine.check(Project(tmp_path), [finding], all_rules=all_rules())
    second = engine.check(Project(tmp_path), [finding], all_rules=all_rules())
    assert [d.fingerprint for d in first] == [d.fingerprint for d in second]
    assert len({d.fingerprint for d in first}) == len(first)


def test_severity_override(tmp_path: Path) -> None:
    diagnostics = engine.check(Project(tmp_path), [finding], all_rules=all_rules(),
                               severity_overrides={"EL901": "info"})
    assert {d.severity for d in diagnostics} == {"info"}
