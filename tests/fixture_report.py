"""Every golden fixture's report as one JSON document, for comparing hosts.

`.ci/run` prints this on the oldest and the newest Python and fails when the two differ: the
findings must not depend on the Python enginelint runs on (`python -m tests.fixture_report`).
"""

from __future__ import annotations

import json
import sys

from tests.helpers import lint_json
from tests.test_fixtures import fixture_cases


def main() -> int:
    report = {}
    for case in fixture_cases():
        arguments = case.with_name(case.name + ".args.json")
        settings = json.loads(arguments.read_text(encoding="utf-8")) if arguments.exists() else {}
        report[f"{case.parent.name}/{case.name}"] = lint_json(case, **settings)
    json.dump(report, sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
