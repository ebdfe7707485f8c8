"""The syntax verdict does not depend on the Python enginelint runs on.

Every corpus case is judged for every target under each installed host line (3.9–3.13), in one
subprocess per host that imports this source tree directly (the package has no third-party
imports). The verdicts (kind, message, span) must be identical; `Undecidable` is allowed only
on a host older than one that decides, or, for cases that depend on nesting limits, on every
host that is not the target itself.
"""

from __future__ import annotations

import base64
import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any, Optional

import pytest

from enginelint.analysis.python.syntax.facts import KNOWN_THROUGH, VERIFIED_LINES
from tests.analysis.interpreters import Version, encoded, interpreters
from tests.analysis.syntax_cases_edges import ALL_CASES, Case

LINT = Path(__file__).resolve().parents[2] / "lint"
HOSTS: list[Version] = [(3, 9), (3, 10), (3, 11), (3, 12), (3, 13)]
# Every verified line, the newest line the table knows, and no `.python-version` at all.
TARGETS: list[Optional[Version]] = [*VERIFIED_LINES, KNOWN_THROUGH, None]

RUNNER = r"""
import base64, json, os, sys, tempfile
root = tempfile.mkdtemp()
os.symlink(sys.argv[1], os.path.join(root, "enginelint"))
sys.path.insert(0, root)
from enginelint.analysis.python.syntax import judge
from enginelint.files import PYTHON, decode
request = json.loads(sys.stdin.read())
answers = []
for encoded in request["cases"]:
    raw = base64.b64decode(encoded)
    decoded = decode("case.py", raw, PYTHON)
    text = getattr(decoded, "text", None)
    if text is None:
        answers.append(None)
        continue
    row = []
    for target in request["targets"]:
        verdict = judge(text, "case.py", tuple(target) if target else None, raw=raw)
        span = getattr(verdict, "span", None)
        where = None if span is None else [span.start.line, span.start.column, span.end.line,
                                           span.end.column]
        text_of = getattr(verdict, "message", None) or getattr(verdict, "reason", None)
        row.append([verdict.kind, None if verdict.kind == "undecidable" else text_of, where])
    answers.append(row)
sys.stdout.write(json.dumps(answers))
"""


@cache
def verdicts(host: Version) -> list[list[Any]]:
    payload = json.dumps(
        {
            "cases": [base64.b64encode(encoded(case.source)).decode("ascii") for case in ALL_CASES],
            "targets": [list(target) if target else None for target in TARGETS],
        }
    )
    result = subprocess.run(
        [str(interpreters()[host]), "-c", RUNNER, str(LINT)],
        input=payload,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    answers: list[list[Any]] = json.loads(result.stdout)
    return answers


def _differences(case: Case, index: int, hosts: list[Version]) -> list[str]:
    problems = []
    for column, target in enumerate(TARGETS):
        decided = {}
        undecided = []
        for host in hosts:
            row = verdicts(host)[index]
            if row is None:
                return []  # not decodable: EL002, not a syntax verdict
            kind, text, where = row[column]
            if kind == "undecidable":
                undecided.append(host)
            else:
                decided[host] = (kind, text, tuple(where) if where else None)
        if len(set(decided.values())) > 1:
            problems.append(f"{case.name} for {target}: {decided}")
        for host in undecided:
            newer_decides = all(other > host for other in decided)
            if not newer_decides and not case.grey:
                problems.append(
                    f"{case.name} for {target}: undecidable on {host}, decided on {sorted(decided)}"
                )
    return problems


def test_verdicts_are_the_same_on_every_host() -> None:
    hosts = [host for host in HOSTS if host in interpreters()]
    if len(hosts) < 2:
        pytest.skip("fewer than two CPython lines from 3.9 on are installed under pyenv")
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(verdicts, hosts))  # the subprocesses run side by side
    problems = []
    for index, case in enumerate(ALL_CASES):
        problems += _differences(case, index, hosts)
    assert not problems, "\n".join(problems[:60])
