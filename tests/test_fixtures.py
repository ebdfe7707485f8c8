"""Golden tests: every mini project under tests/fixtures/<CODE>/<case>/ against its
`<case>.expected.json` beside it.

Set UPDATE_FIXTURES=1 to rewrite the expected files from the current output, then review the
diff before committing. A case whose name starts with `ok` is a near-miss: it must not report its
folder's code; any other case must report it. A `<case>.args.json` beside a case holds settings
for its run (`{"select": ["EL002"]}`), for behaviour that depends on them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, lint_json

UPDATE = os.environ.get("UPDATE_FIXTURES") == "1"


def fixture_cases() -> list[Path]:
    cases = [FIXTURES / "example-project"]
    for code_folder in sorted(FIXTURES.glob("EL[0-9][0-9][0-9]")):
        cases.extend(sorted(p for p in code_folder.iterdir() if p.is_dir()))
    return cases


def expected_path(case: Path) -> Path:
    return case.with_name(case.name + ".expected.json")


def render(diagnostics: list[dict[str, object]]) -> str:
    return json.dumps(diagnostics, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    "case", fixture_cases(), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_fixture(case: Path) -> None:
    arguments = case.with_name(case.name + ".args.json")
    settings = json.loads(arguments.read_text(encoding="utf-8")) if arguments.exists() else {}
    actual = lint_json(case, **settings)
    target = expected_path(case)
    if UPDATE:
        target.write_text(render(actual), encoding="utf-8")
    assert target.exists(), f"missing {target.name}; run with UPDATE_FIXTURES=1 and review it"
    expected = json.loads(target.read_text(encoding="utf-8"))
    assert actual == expected
    code = case.parent.name
    if code.startswith("EL"):
        reported = {d["code"] for d in actual}
        if case.name.startswith("ok"):
            assert code not in reported, f"near-miss {case.name} reports {code}"
        else:
            assert code in reported, f"{case.name} does not trigger {code}"
