"""SARIF, GitHub annotations, --statistics and --stdin-filename through the real command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enginelint.formats.github import escape_data, escape_property
from tests.helpers import FIXTURES, REPO, run_cli, write_project

WSGI = (
    "def application(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
    '    return [b"ok"]\n'
)


@pytest.fixture
def every_severity(tmp_path: Path) -> Path:
    """A project with an error, a warning and an info finding (and a project-level one)."""
    return write_project(tmp_path / "p", {
        "wsgi.py": "from helpers_pkg_missing import *\n",
        "requirements.txt": "six\n",
        "leanengine.yaml": "startupTimeout: 500\n",
    })


def sarif_validator() -> Any:
    from jsonschema import Draft4Validator

    schema = json.loads((FIXTURES / "schemas" / "sarif-schema-2.1.0.json").read_text())
    return Draft4Validator(schema)


def test_sarif_validates_and_carries_rules_regions_fingerprints(every_severity: Path) -> None:
    result = run_cli("--format", "sarif", str(every_severity), cwd=every_severity.parent)
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    errors = list(sarif_validator().iter_errors(document))
    assert not errors, errors[0]
    run = document["runs"][0]
    levels = {r["level"] for r in run["results"]}
    assert levels == {"error", "warning", "note"}
    rules = run["tool"]["driver"]["rules"]
    for result_ in run["results"]:
        rule = rules[result_["ruleIndex"]]
        assert rule["id"] == result_["ruleId"]
        assert rule["helpUri"].endswith(f"{rule['id']}.md") and rule["help"]["text"]
        assert len(result_["partialFingerprints"]["enginelint/v1"]) == 16
    located = [r for r in run["results"] if "region" in r["locations"][0]["physicalLocation"]]
    timeout = next(r for r in located if r["ruleId"] == "EL405")
    assert timeout["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "p/leanengine.yaml"},
        "region": {"startLine": 1, "startColumn": 17, "endLine": 1, "endColumn": 20},
    }
    assert str(every_severity) not in result.stdout  # no absolute paths


def test_sarif_for_every_fixture_validates() -> None:
    cases = [p for p in sorted(FIXTURES.glob("EL*/*")) if p.is_dir()][:200]
    result = run_cli("--format", "sarif", *map(str, cases), cwd=REPO)
    errors = list(sarif_validator().iter_errors(json.loads(result.stdout)))
    assert not errors, errors[0]


def test_github_annotations(every_severity: Path) -> None:
    result = run_cli("--format", "github", str(every_severity), cwd=every_severity.parent)
    lines = result.stdout.splitlines()
    assert (
        "::error file=p/leanengine.yaml,line=1,col=17,endLine=1,endColumn=20,"
        "title=EL405 startup-timeout-out-of-range::`startupTimeout` is 500; the platform accepts "
        "15 to 120 seconds"
    ) in lines
    assert any(line.startswith("::warning file=p/requirements.txt,line=1,col=1,") for line in lines)
    assert any(line.startswith("::notice file=p/wsgi.py") for line in lines)
    assert all(line.startswith("::") for line in lines)


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_statistics(every_severity: Path) -> None:
    result = run_cli("--statistics", str(every_severity))
    assert result.returncode == 1
    rows = [line.split() for line in result.stdout.splitlines()]
    assert ["1", "EL405", "startup-timeout-out-of-range"] in rows
    assert rows[-1][:2] == ["Found", str(sum(int(r[0]) for r in rows[:-1])) ]
    as_json = json.loads(run_cli("--statistics", "--format", "json", str(every_severity)).stdout)
    assert {"code": "EL201", "name": "unpinned-requirement", "count": 1,
            "fixable": False} in as_json
    refused = run_cli("--statistics", "--format", "sarif", str(every_severity))
    assert refused.returncode == 2 and refused.stdout == ""
    assert "cannot be combined with --format sarif" in refused.stderr


def test_statistics_marks_fixable_rules(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {
        "wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "Flask>=2.0\n",
    })
    rows = [line.split() for line in run_cli("--statistics", str(project)).stdout.splitlines()]
    assert ["1", "EL202", "[*]", "unbounded-major-version"] in rows
    assert rows[-1] == ["Found", "1", "finding.", "[*]", "marks", "rules", "with", "a", "fix",
                        "(--fix,", "or", "--fix", "--unsafe-fixes)."]


def test_stdin_filename_lints_the_buffer_in_its_project(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {
        "wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "requests>=2.31,<3\n",
        "leanengine.yaml": "startupTimeout: 500\n",
    })
    result = run_cli("--format", "json", "--stdin-filename", str(project / "requirements.txt"),
                     stdin="six\n")
    diagnostics = json.loads(result.stdout)["projects"][0]["diagnostics"]
    # Only the buffer's findings; the file on disk is untouched; other files' findings are not
    # reported (leanengine.yaml's EL405 is left out).
    assert [(d["code"], d["path"]) for d in diagnostics] == [("EL201", "requirements.txt")]
    assert (project / "requirements.txt").read_text() == "requests>=2.31,<3\n"
    # A buffer for a file that does not exist yet, in a sub-folder of the project.
    result = run_cli("--format", "json", "--stdin-filename", str(project / "pkg" / "new.py"),
                     stdin="x = 1\n")
    assert json.loads(result.stdout)["projects"][0]["root"].endswith("p")
    # A Python buffer with a syntax error in a file that runs on the platform.
    result = run_cli("--format", "concise", "--stdin-filename", str(project / "wsgi.py"),
                     stdin="def application(:\n", cwd=project)
    assert result.stdout.startswith("wsgi.py:1:"), result.stdout
    assert " EL003 [error] `wsgi.py` cannot be imported" in result.stdout


def test_stdin_filename_refuses_paths_and_fix(tmp_path: Path) -> None:
    result = run_cli("--stdin-filename", "x.py", str(tmp_path), stdin="")
    assert result.returncode == 2 and result.stderr.count("\n") == 1


def test_gitlab_code_quality(every_severity: Path) -> None:
    result = run_cli("--format", "gitlab", str(every_severity), cwd=every_severity.parent)
    issues = json.loads(result.stdout)
    timeout = next(i for i in issues if i["check_name"].startswith("EL405"))
    assert timeout["severity"] == "major"
    assert timeout["location"] == {"path": "p/leanengine.yaml", "lines": {"begin": 1, "end": 1}}
    assert {i["severity"] for i in issues} == {"major", "minor", "info"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_junit_is_well_formed_xml(every_severity: Path) -> None:
    import xml.etree.ElementTree as ElementTree

    result = run_cli("--format", "junit", str(every_severity), cwd=every_severity.parent)
    root = ElementTree.fromstring(result.stdout)
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == int(root.get("tests", "0")) > 0
    names = [case.get("name", "") for case in cases]
    assert "EL405 startup-timeout-out-of-range p/leanengine.yaml:1:17" in names
    assert all(case.find("failure") is not None for case in cases)


@pytest.mark.parametrize("columns", ["80", "40"])
def test_text_without_styles_is_what_rich_would_print(
    every_severity: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    # Without colours the lines are written as they are; rich, made to print them, gives the
    # same characters (wrapping, excerpts, fixes, the blank line after each finding, summary).
    import io

    from enginelint.formats import text
    from enginelint.runner import lint_root
    from enginelint.settings import resolve

    write_project(every_severity, {
        "requirements.txt": "six\nflask>=1.0\nflask==2.0 ; os_name == 'posix'\n",
    })
    monkeypatch.setenv("COLUMNS", columns)
    report = lint_root(every_severity, resolve(), cwd=tmp_path)
    assert report.diagnostics

    def rendered() -> str:
        stream = io.StringIO()
        text.render([report], stream, text.TextSettings(color=False))
        return stream.getvalue()

    plain = rendered()
    monkeypatch.setattr(text, "_styled", lambda console: True)
    assert plain == rendered()


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "word", "x" * 30, "`flask>=2`", " ", "  ", "é…", "\t"]),
             max_size=40).map("".join),
    st.integers(0, 120),
    st.sampled_from([(4, 4), (6, 16), (6, 18), (4, 11)]),
)
def test_wrapping_words_is_textwrap(text: str, width: int, indents: tuple[int, int]) -> None:
    # Messages of words between single spaces are wrapped without textwrap: the same lines.
    from enginelint.formats.text import _textwrap, _wrapped

    indent, first = indents
    room = max(width - indent, 20)
    assert _wrapped(text, width, indent, first) == _textwrap(text, room, first - indent)
