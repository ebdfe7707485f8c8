"""Inline suppressions in each file kind, through the real command; EL007 for stale ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import run_cli, write_project

WSGI = (
    "def application(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
    '    return [b"ok"]\n'
)
BASE = {"wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "requests>=2.31,<3\n"}
RUN_MODE_APP = (
    "from flask import Flask\n"
    "app = Flask(__name__)\n"
    "{above}"
    'app.run(host="127.0.0.1", port=3000){inline}\n'
)


def found(project: Path, *args: str) -> list[tuple[str, int]]:
    result = run_cli("--format", "json", *args, str(project))
    assert result.returncode in (0, 1), result.stderr
    diagnostics: list[dict[str, Any]] = json.loads(result.stdout)["projects"][0]["diagnostics"]
    return [(d["code"], d["start"]["line"] if d["start"] else 0) for d in diagnostics]


def requirements_project(tmp_path: Path, requirements: str) -> Path:
    return write_project(tmp_path / "p", {**BASE, "requirements.txt": requirements})


def test_requirements_same_line_by_code_and_by_name(tmp_path: Path) -> None:
    assert found(requirements_project(tmp_path, "six\n")) == [("EL201", 1)]
    project = requirements_project(tmp_path, "six  # enginelint: ignore[EL201] we track it\n")
    assert found(project) == []
    project = requirements_project(tmp_path, "six  # enginelint: ignore[unpinned-requirement]\n")
    assert found(project) == []


def test_requirements_line_above_and_only_the_next_line(tmp_path: Path) -> None:
    project = requirements_project(tmp_path, "# enginelint: ignore[EL201]\nsix\nattrs\n")
    assert found(project) == [("EL201", 3)]


def test_several_codes_and_file_wide(tmp_path: Path) -> None:
    project = requirements_project(tmp_path, "six>=1  # enginelint: ignore[EL201, EL202]\n")
    assert found(project) == [("EL007", 1)]  # EL201 silenced nothing on that line
    project = requirements_project(
        tmp_path, "# enginelint: ignore-file[EL201, EL202]\nsix\nattrs>=1\n"
    )
    assert found(project) == []
    # A suppression names rules as --select does: a prefix covers its family.
    project = requirements_project(tmp_path, "# enginelint: ignore-file[EL2]\nsix\n")
    assert found(project) == []


def test_python_same_line_and_line_above(tmp_path: Path) -> None:
    files = {**BASE, "leanengine.yaml": "runtime: python\nrun: python app.py\n"}
    plain = write_project(tmp_path / "a", {**files, "app.py": RUN_MODE_APP.format(above="",
                                                                                  inline="")})
    assert ("EL501", 3) in found(plain, "--select", "EL501")
    inline = write_project(tmp_path / "b", {**files, "app.py": RUN_MODE_APP.format(
        above="", inline="  # enginelint: ignore[EL501] local tool")})
    assert found(inline, "--select", "EL501,EL007") == []
    above = write_project(tmp_path / "c", {**files, "app.py": RUN_MODE_APP.format(
        above="# enginelint: ignore[loopback-bind]\n", inline="")})
    assert found(above, "--select", "EL501,EL007") == []


def test_hash_in_a_python_string_is_not_a_suppression(tmp_path: Path) -> None:
    files = {**BASE, "leanengine.yaml": "runtime: python\nrun: python app.py\n"}
    source = RUN_MODE_APP.format(above="", inline="; x = '# enginelint: ignore[EL501]'")
    project = write_project(tmp_path / "p", {**files, "app.py": source})
    assert ("EL501", 3) in found(project, "--select", "EL501,EL007")


def test_yaml_suppression(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {
        **BASE, "leanengine.yaml": "startupTimeout: 200  # enginelint: ignore[EL405]\n"})
    assert found(project) == []
    project = write_project(tmp_path / "q", {**BASE, "leanengine.yaml": "startupTimeout: 200\n"})
    assert found(project) == [("EL405", 1)]


def test_unused_and_unknown_suppressions_are_el007(tmp_path: Path) -> None:
    project = requirements_project(
        tmp_path,
        "requests>=2.31,<3  # enginelint: ignore[EL202]\nsix  # enginelint: ignore[EL999]\n",
    )
    assert found(project) == [("EL007", 1), ("EL201", 2), ("EL007", 2)]
    result = run_cli("--format", "concise", str(project), cwd=project)
    assert "suppression `EL202` silences nothing" in result.stdout
    assert "suppression `EL999` names no enginelint rule" in result.stdout
    # EL007 itself can be turned off.
    assert found(project, "--ignore", "EL007") == [("EL201", 2)]


def test_suppression_of_an_unselected_rule_is_not_reported(tmp_path: Path) -> None:
    project = requirements_project(tmp_path, "six  # enginelint: ignore[EL201]\n")
    assert found(project, "--select", "EL4,EL007") == []


# EL007 is judged against the whole catalogue, never the run's selection.
FLASK_SUPPRESSED = "Flask>=1.0.0  # enginelint: ignore[EL202]\n"


def test_ignoring_the_suppressed_rule_does_not_make_its_suppression_unknown(
    tmp_path: Path,
) -> None:
    project = requirements_project(tmp_path, FLASK_SUPPRESSED)
    result = run_cli("--format", "json", "--ignore", "EL202", str(project))
    assert result.returncode == 0, result.stdout
    assert found(project, "--ignore", "EL202") == []


def test_selecting_el007_with_one_rule_keeps_other_rules_suppressions_valid(
    tmp_path: Path,
) -> None:
    project = requirements_project(
        tmp_path, FLASK_SUPPRESSED + "six  # enginelint: ignore[unpinned-requirement]\n"
    )
    assert found(project, "--select", "EL007,EL202") == []


def test_el007_alone_finds_unused_suppressions(tmp_path: Path) -> None:
    project = requirements_project(
        tmp_path, "Flask>=1.0,<2  # enginelint: ignore[EL202]\nsix  # enginelint: ignore[EL9]\n"
    )
    assert found(project, "--select", "EL007") == [("EL007", 1), ("EL007", 2)]


def test_narrowing_the_selection_never_adds_a_finding(tmp_path: Path) -> None:
    project = requirements_project(
        tmp_path,
        FLASK_SUPPRESSED
        + "six  # enginelint: ignore[EL2]\nattrs>=1,<2  # enginelint: ignore[EL201]\n",
    )
    everything = set(found(project))
    for selection in ("EL007", "EL007,EL2", "EL007,EL202", "EL0,EL1", "EL2", "EL201"):
        assert set(found(project, "--select", selection)) <= everything, selection


def test_input_findings_do_not_depend_on_the_selection(tmp_path: Path) -> None:
    project = write_project(
        tmp_path / "p",
        {**BASE, ".leanignore": b"*.log\n# caf\xe9\n", "leanengine.yaml": "run: [\n"},
    )
    expected = [f for f in found(project) if f[0].startswith("EL00")]
    assert expected and {code for code, _ in expected} == {"EL002", "EL004"}
    for selection in ("EL0", "EL002,EL004", "EL002,EL004,EL3", "EL00"):
        assert found(project, "--select", selection) == expected, selection
