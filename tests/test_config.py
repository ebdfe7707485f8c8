"""Configuration files through the real command: every key, precedence, and bad files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_cli, write_project

WSGI = (
    "def application(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
    '    return [b"ok"]\n'
)
BASE = {"wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "requests>=2.31\nsix\n"}


def report(project: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    result = run_cli("--format", "json", *args, str(project))
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)["projects"][0]["diagnostics"]


def codes(diagnostics: list[dict[str, Any]]) -> list[str]:
    return sorted(d["code"] for d in diagnostics)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "p", BASE)


def test_no_config_gives_defaults(project: Path) -> None:
    assert codes(report(project)[1]) == ["EL201", "EL202"]


def test_pyproject_table_select_and_ignore(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.enginelint]\nignore = ["EL201"]\n')
    assert codes(report(project)[1]) == ["EL202"]
    (project / "pyproject.toml").write_text(
        '[tool.enginelint]\nselect = ["unpinned-requirement"]\n'
    )
    assert codes(report(project)[1]) == ["EL201"]


def test_pyproject_without_our_table_is_ignored(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert codes(report(project)[1]) == ["EL201", "EL202"]


def test_dedicated_file_wins_over_pyproject(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.enginelint]\nignore = ["EL201"]\n')
    (project / ".enginelint.toml").write_text('ignore = ["EL202"]\n')
    assert codes(report(project)[1]) == ["EL201"]


def test_command_line_select_replaces_and_ignore_extends(project: Path) -> None:
    (project / ".enginelint.toml").write_text('select = ["EL201"]\nignore = ["EL3"]\n')
    assert codes(report(project, "--select", "EL202")[1]) == ["EL202"]
    assert codes(report(project, "--extend-select", "EL202")[1]) == ["EL201", "EL202"]
    assert codes(report(project, "--ignore", "EL201")[1]) == []


def test_severity_overrides_and_fail_on(project: Path) -> None:
    (project / ".enginelint.toml").write_text(
        'fail-on = "error"\n[severity]\nEL201 = "info"\nunbounded-major-version = "info"\n'
    )
    status, diagnostics = report(project)
    assert {d["severity"] for d in diagnostics} == {"info"}
    assert status == 0
    assert report(project, "--fail-on", "info")[0] == 1


def test_per_file_ignores(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {
        **BASE, "requirements.txt": "-r extra/dev.txt\nrequests>=2.31,<3\n",
        "extra/dev.txt": "six\n",
    })
    assert codes(report(project)[1]) == ["EL201"]
    (project / ".enginelint.toml").write_text('[per-file-ignores]\n"extra/*.txt" = ["EL2"]\n')
    assert codes(report(project)[1]) == []
    (project / ".enginelint.toml").write_text('[per-file-ignores]\n"dev.txt" = ["EL201"]\n')
    assert codes(report(project)[1]) == []
    (project / ".enginelint.toml").write_text('[per-file-ignores]\n"other/*.txt" = ["EL201"]\n')
    assert codes(report(project)[1]) == ["EL201"]


def test_max_file_size(project: Path) -> None:
    (project / ".enginelint.toml").write_text("max-file-size = 1024\n")
    (project / "requirements.txt").write_text("requests>=2.31,<3\n" + "# pad\n" * 400)
    assert codes(report(project)[1]) == ["EL001"]


def test_extra_system_dependencies(project: Path) -> None:
    (project / "leanengine.yaml").write_text("systemDependencies:\n  - libfoo\n")
    assert "EL407" in codes(report(project)[1])
    (project / ".enginelint.toml").write_text('extra-system-dependencies = ["libfoo"]\n')
    assert "EL407" not in codes(report(project)[1])


def test_exclude_skips_paths_in_the_whole_tree_scan(project: Path) -> None:
    (project / "requirements.txt").write_text("requests>=2.31,<3\n")
    (project / "scripts").mkdir()
    (project / "scripts" / "tool.py").write_text('API = "https://abc.api.lncld.net"\n')
    (project / "tools").mkdir()
    (project / "tools" / "other.py").write_text('API = "https://abc.api.lncld.net"\n')
    found = report(project, "--select", "EL603")[1]
    assert sorted(d["path"] for d in found) == ["scripts/tool.py", "tools/other.py"]
    (project / ".enginelint.toml").write_text('exclude = ["scripts/**"]\n')
    assert [d["path"] for d in report(project, "--select", "EL603")[1]] == ["tools/other.py"]
    (project / ".enginelint.toml").write_text('exclude = ["scripts", "other.py"]\n')
    assert report(project, "--select", "EL603")[1] == []


def test_isolated_and_explicit_config(project: Path, tmp_path: Path) -> None:
    (project / ".enginelint.toml").write_text('ignore = ["EL2"]\n')
    assert codes(report(project)[1]) == []
    assert codes(report(project, "--isolated")[1]) == ["EL201", "EL202"]
    other = tmp_path / "strict.toml"
    other.write_text('select = ["EL202"]\n')
    assert codes(report(project, "--config", str(other))[1]) == ["EL202"]
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.enginelint]\nselect = ["EL201"]\n')
    assert codes(report(project, "--config", str(pyproject))[1]) == ["EL201"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('selec = ["EL2"]\n', ".enginelint.toml: unknown key `selec` (did you mean `select`?)"),
        ('fail-on = "fatal"\n', ".enginelint.toml: `fail-on`: 'fatal' is not one of"),
        ('select = ["EL999"]\n', ".enginelint.toml: `select`: unknown rule selector `EL999`"),
        ("[severity]\nEL999 = \"info\"\n", ".enginelint.toml: `severity`: unknown rule `EL999`"),
        ("max-file-size = 10\n", ".enginelint.toml: `max-file-size`: 10 is less than"),
        ("select = [\n", ".enginelint.toml: invalid TOML"),
    ],
)
def test_bad_config_is_one_line_exit_two(project: Path, content: str, expected: str) -> None:
    (project / ".enginelint.toml").write_text(content)
    result = run_cli(str(project))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"enginelint: error: {expected}"), result.stderr
    assert "Traceback" not in result.stderr


def test_bad_pyproject_table_names_the_table(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.enginelint]\nignore = "EL2"\n')
    result = run_cli(str(project))
    assert result.returncode == 2
    assert result.stderr.startswith(
        "enginelint: error: pyproject.toml: [tool.enginelint]: `ignore`: 'EL2' is not of type"
    ), result.stderr


def test_missing_explicit_config(project: Path, tmp_path: Path) -> None:
    result = run_cli("--config", str(tmp_path / "nope.toml"), str(project))
    assert result.returncode == 2 and "no such configuration file" in result.stderr
