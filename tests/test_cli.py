"""The real command in a subprocess: exit codes, formats, options, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, REPO, run_cli, write_project

EXAMPLE = FIXTURES / "example-project"
BASELINE = {
    "wsgi.py": (
        "def application(environ, start_response):\n"
        '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
        '    return [b"ok"]\n'
    ),
    "requirements.txt": "requests>=2.31,<3\n",
    ".python-version": "3.11\n",
}
ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def clean_project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "clean", BASELINE)


@pytest.fixture
def warning_project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "warn", {**BASELINE, "requirements.txt": "requests>=2.31\n"})


def test_version_names_release_and_platform_data() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert re.fullmatch(r"enginelint \d+\.\d+\.\d+\S* \(platform data as of \d{4}-\d{2}\)\n",
                        result.stdout)


def test_clean_project_exits_zero(clean_project: Path) -> None:
    result = run_cli(str(clean_project))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems found." in result.stdout


def test_findings_exit_one_and_exit_zero_overrides(warning_project: Path) -> None:
    assert run_cli(str(warning_project)).returncode == 1
    assert run_cli("--exit-zero", str(warning_project)).returncode == 0


def test_fail_on_threshold(warning_project: Path) -> None:
    assert run_cli("--fail-on", "error", str(warning_project)).returncode == 0
    assert run_cli("--fail-on", "warning", str(warning_project)).returncode == 1
    assert run_cli("--fail-on", "info", str(warning_project)).returncode == 1


def test_unknown_option_is_one_line_exit_two() -> None:
    result = run_cli("--no-such-option")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "--no-such-option" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_unknown_rule_code_is_exit_two(option: str, clean_project: Path) -> None:
    result = run_cli(option, "EL999", str(clean_project))
    assert result.returncode == 2
    assert result.stderr.strip() == "enginelint: error: unknown rule selector `EL999`"


def test_missing_path_is_exit_two(tmp_path: Path) -> None:
    result = run_cli(str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no such file or folder" in result.stderr


def test_bad_format_is_exit_two() -> None:
    result = run_cli("--format", "yaml", ".")
    assert result.returncode == 2 and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("selector", "expected"),
    [("EL202", {"EL202"}), ("unbounded-major-version", {"EL202"}), ("EL2", {"EL202"}),
     ("EL1", set())],
)
def test_select_by_code_name_prefix(warning_project: Path, selector: str,
                                    expected: set[str]) -> None:
    result = run_cli("--format", "json", "--select", selector, str(warning_project))
    found = {d["code"] for d in json.loads(result.stdout)["projects"][0]["diagnostics"]}
    assert found == expected


def test_ignore_and_extend_select(warning_project: Path) -> None:
    result = run_cli("--format", "json", "--ignore", "EL2", str(warning_project))
    assert json.loads(result.stdout)["projects"][0]["diagnostics"] == []
    assert result.returncode == 0
    result = run_cli("--format", "json", "--select", "EL1", "--extend-select",
                     "unbounded-major-version", str(warning_project))
    codes = [d["code"] for d in json.loads(result.stdout)["projects"][0]["diagnostics"]]
    assert codes == ["EL202"]


def test_concise_format(warning_project: Path) -> None:
    result = run_cli("--format", "concise", str(warning_project), cwd=warning_project.parent)
    assert result.stdout == (
        "warn/requirements.txt:1:1: EL202 [warning] `requests>=2.31` does not cap the major "
        "version; a new major release can break the next deploy: use `requests>=2.31,<3`\n"
    ) or re.fullmatch(r"(warn/requirements\.txt:1:1: EL202 \[warning\] .+\n)", result.stdout)


def test_text_format_has_excerpt_and_underline(warning_project: Path) -> None:
    result = run_cli("--no-color", str(warning_project), cwd=warning_project.parent)
    out = result.stdout
    assert "warn/requirements.txt" in out
    assert "EL202" in out and "unbounded-major-version" in out
    assert "1 | requests>=2.31" in out
    assert re.search(r"\|\s\^{14}\n", out), out
    assert out.rstrip().endswith("0 errors, 1 warning, 0 info, 1 fixable with --fix.")
    assert not ANSI.search(out)


def test_quiet_leaves_out_summary(warning_project: Path) -> None:
    out = run_cli("--no-color", "--quiet", str(warning_project)).stdout
    assert "EL202" in out and "warning," not in out


def test_color_is_controlled_by_flags_and_environment(warning_project: Path) -> None:
    assert ANSI.search(run_cli(str(warning_project), env={"FORCE_COLOR": "1"}).stdout)
    assert not ANSI.search(
        run_cli(str(warning_project), env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    )
    assert not ANSI.search(run_cli("--no-color", str(warning_project),
                                   env={"FORCE_COLOR": "1"}).stdout)
    # Not a terminal and nothing forced: plain text.
    assert not ANSI.search(run_cli(str(warning_project)).stdout)


def test_user_strings_cannot_style_the_terminal(tmp_path: Path) -> None:
    project = write_project(tmp_path / "evil", {
        **BASELINE,
        "requirements.txt": "[red]flask>=1\nrequests>=2.0 # \x1b[2J\x1b[31mowned\n",
    })
    result = run_cli(str(project), env={"FORCE_COLOR": "1"})
    assert "\x1b[2J" not in result.stdout and "\x1b[31mowned" not in result.stdout
    assert "\\x1b[2J" in result.stdout
    assert "[red]flask" in result.stdout


def test_json_output_is_deterministic_and_relative(tmp_path: Path) -> None:
    first = run_cli("--format", "json", str(EXAMPLE), cwd=REPO)
    second = run_cli("--format", "json", str(EXAMPLE), cwd=REPO)
    assert first.stdout == second.stdout
    assert str(REPO) not in first.stdout
    assert json.loads(first.stdout)["projects"][0]["root"] == "tests/fixtures/example-project"
    text1 = run_cli("--no-color", str(EXAMPLE), cwd=REPO).stdout
    assert text1 == run_cli("--no-color", str(EXAMPLE), cwd=REPO).stdout


def test_path_to_a_file_lints_its_project(warning_project: Path) -> None:
    result = run_cli("--format", "json", str(warning_project / "requirements.txt"),
                     cwd=warning_project.parent)
    report = json.loads(result.stdout)
    assert report["projects"][0]["root"] == "warn"
    assert [d["code"] for d in report["projects"][0]["diagnostics"]] == ["EL202"]


def test_several_paths_give_several_projects(clean_project: Path,
                                             warning_project: Path) -> None:
    result = run_cli("--format", "json", str(clean_project), str(warning_project))
    projects = json.loads(result.stdout)["projects"]
    assert len(projects) == 2
    assert [p["summary"]["warning"] for p in projects] == [0, 1]
    assert result.returncode == 1


def test_output_file(tmp_path: Path, warning_project: Path) -> None:
    target = tmp_path / "report.json"
    result = run_cli("--format", "json", "--output", str(target), str(warning_project))
    assert result.stdout == ""
    assert json.loads(target.read_text())["projects"][0]["summary"]["warning"] == 1
    assert result.returncode == 1


def test_rule_docs_subcommands() -> None:
    text = run_cli("rule", "EL501")
    assert text.returncode == 0 and text.stdout.startswith("EL501 loopback-bind (error)")
    by_name = run_cli("rule", "loopback-bind", "--format", "json")
    assert json.loads(by_name.stdout)["code"] == "EL501"
    listing = json.loads(run_cli("rules", "--format", "json").stdout)
    assert {"EL001", "EL101", "EL202", "EL405", "EL504"} <= {r["code"] for r in listing}
    unknown = run_cli("rule", "EL999")
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1


def test_explicit_check_subcommand(warning_project: Path) -> None:
    assert run_cli("check", "--exit-zero", str(warning_project)).returncode == 0
    assert run_cli("check", str(warning_project)).returncode == 1


def test_schema_subcommand() -> None:
    result = run_cli("schema", "leanengine")
    assert result.returncode == 0
    assert json.loads(result.stdout)["$schema"].endswith("2020-12/schema")
    path = run_cli("schema", "report", "--path").stdout.strip()
    assert Path(path).name == "report.schema.json" and Path(path).is_file()
    assert run_cli("schema", "nope").returncode == 2
