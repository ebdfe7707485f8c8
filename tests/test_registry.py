"""The registry: every rule has a unique code and name, documentation, and fixtures."""

from __future__ import annotations

import re

import pytest

from enginelint.diagnostics import SEVERITIES
from enginelint.registry import Rule, SelectionError, all_rules, find, resolve, select
from tests.helpers import FIXTURES

RULES = all_rules()
# Reported by the engine when a rule crashes (tests/test_engine.py), or only past a bound no
# fixture can reach (EL005: tests/analysis/test_many_modules.py).
NO_FIXTURE = {"EL005", "EL006"}


def test_codes_and_names_are_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    assert codes == sorted(codes), "the registry lists rules in code order"
    for rule in RULES:
        assert re.fullmatch(r"EL\d{3}", rule.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert rule.severity in SEVERITIES


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_is_documented(rule: Rule) -> None:
    assert rule.doc, f"{rule.code} has no docstring"
    assert rule.summary.endswith("."), f"{rule.code}: summary should be a sentence"
    assert "(STUB)" not in rule.doc and "stub" not in rule.doc.lower()
    if not rule.engine_reported:
        assert "Why" in rule.doc, f"{rule.code}: the docs should say why it matters"


@pytest.mark.parametrize("rule", [r for r in RULES if r.code not in NO_FIXTURE],
                         ids=lambda r: r.code)
def test_every_rule_has_a_trigger_and_a_near_miss(rule: Rule) -> None:
    folder = FIXTURES / rule.code
    cases = [p.name for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
    assert any(not c.startswith("ok") for c in cases), f"{rule.code}: no triggering fixture"
    assert any(c.startswith("ok") for c in cases), f"{rule.code}: no near-miss fixture"


def test_selectors() -> None:
    assert resolve(RULES, ["EL5"]) == {r.code for r in RULES if r.code.startswith("EL5")}
    assert resolve(RULES, ["loopback-bind"]) == {"EL501"}
    assert resolve(RULES, ["el501"]) == {"EL501"}
    assert resolve(RULES, ["ALL"]) == {r.code for r in RULES}
    with pytest.raises(SelectionError):
        resolve(RULES, ["EL9"])
    with pytest.raises(SelectionError):
        resolve(RULES, ["loopback"])
    chosen = select(RULES, ["EL2", "EL5"], ["EL101"], ["EL201"])
    assert {r.code for r in chosen} == (
        {r.code for r in RULES if r.code[:3] in ("EL2", "EL5")} | {"EL101"}
    ) - {"EL201"}
    found = find(RULES, "missing-wsgi")
    assert found is not None and found.code == "EL101"
