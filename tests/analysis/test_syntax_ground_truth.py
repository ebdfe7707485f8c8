"""`judge` against real interpreters: EL003 exactly when the target's `import` fails.

For every installed CPython line (2.7, 3.6–3.13 under pyenv) each corpus case is compiled by
that interpreter, in one subprocess per interpreter, and judged for that line by the host
running the tests. A SyntaxError must be `Invalid` and a clean compile must not be; the only
other answers allowed are `Undecidable` where the host honestly cannot decide (the target is
newer than the host, or the case depends on nesting limits only the target knows) and, for 2.7,
`Python2Only`. An interpreter that is not installed is skipped with the reason.
"""

from __future__ import annotations

import sys
from functools import cache

import pytest

from enginelint.analysis.python.syntax import Invalid, Python2Only, Undecidable, judge
from enginelint.files import PYTHON, FileProblem, decode
from tests.analysis.interpreters import Version, compile_all, encoded, interpreters
from tests.analysis.syntax_cases_edges import ALL_CASES, Case

HOST: Version = sys.version_info[:2]
LINES: list[Version] = [(2, 7), (3, 6), (3, 7), (3, 8), (3, 9), (3, 10), (3, 11), (3, 12), (3, 13)]


@cache
def truth(line: Version) -> dict[str, str]:
    executable = interpreters()[line]
    verdicts = compile_all(executable, [case.source for case in ALL_CASES])
    return {case.name: verdict for case, verdict in zip(ALL_CASES, verdicts)}


def disagreement(case: Case, line: Version, expected: str) -> str | None:
    """Why `judge` disagrees with the interpreter on one case (None: it agrees)."""
    raw = encoded(case.source)
    decoded = decode("case.py", raw, PYTHON)
    if isinstance(decoded, FileProblem):
        return None  # EL002's to report, before any verdict on syntax
    verdict = judge(decoded.text, "case.py", line, raw=raw)
    fails = expected != "ok"
    if isinstance(verdict, Undecidable):
        if (
            line > HOST
            or case.grey
            or (line[0] == 3 and line < (3, 7) and "genexp_class" in case.name)
        ):
            return None
        return f"undecidable ({verdict.reason}) but Python {line} says {expected}"
    if isinstance(verdict, Python2Only):
        return None if line[0] == 2 else f"python2-only but Python {line} says {expected}"
    if isinstance(verdict, Invalid) != fails:
        said = (
            f"invalid: {verdict.message} at {verdict.span}"
            if isinstance(verdict, Invalid)
            else "ok"
        )
        return f"{said}, but Python {line} says {expected}"
    return None


@pytest.mark.parametrize("line", LINES, ids=lambda line: f"{line[0]}.{line[1]}")
def test_judge_agrees_with_the_interpreter(line: Version) -> None:
    if line not in interpreters():
        pytest.skip(f"CPython {line[0]}.{line[1]} is not installed under pyenv")
    answers = truth(line)
    problems = []
    for case in ALL_CASES:
        why = disagreement(case, line, answers[case.name])
        if why is not None:
            problems.append(f"{case.name}: {why}")
    assert not problems, "\n".join(problems)
