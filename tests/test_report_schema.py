"""Every fixture's JSON report validates against the bundled report schema."""

from __future__ import annotations

import json

import pytest

from enginelint.schemas import load_schema
from tests.helpers import run_cli
from tests.test_fixtures import fixture_cases


def validator():  # type: ignore[no-untyped-def]
    from jsonschema import Draft202012Validator, FormatChecker

    schema = load_schema("report")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def test_every_fixture_report_validates() -> None:
    check = validator()
    cases = fixture_cases()
    result = run_cli("--format", "json", *map(str, cases))
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    errors = sorted(check.iter_errors(report), key=lambda e: list(e.absolute_path))
    assert not errors, errors[0]
    assert len(report["projects"]) == len(cases)


@pytest.mark.parametrize("bad", [
    {"version": 2},
    {"path": "/abs/path"},
    {"start": {"line": 0, "column": 1}},
    {"severity": "fatal"},
])
def test_schema_rejects_malformed_reports(bad: dict[str, object]) -> None:
    diagnostic = {"code": "EL101", "name": "missing-wsgi", "severity": "error", "message": "m",
                  "path": None, "start": None, "end": None, "fix": None,
                  "url": "https://example.com/x", "fingerprint": "0123456789abcdef"}
    report = {"version": 1, "tool": {"name": "enginelint", "version": "0", "platform_data":
                                     "2026-11"},
              "projects": [{"root": ".", "diagnostics": [diagnostic],
                            "summary": {"error": 1, "warning": 0, "info": 0}}]}
    if "version" in bad:
        report["version"] = bad["version"]
    else:
        diagnostic.update(bad)
    assert not validator().is_valid(report)
