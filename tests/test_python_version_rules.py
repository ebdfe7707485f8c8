"""EL303/EL304/EL306–EL309: the release table's verdicts and the rules' edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from enginelint.parsers.python_version import CPythonVersion, cpython_version
from enginelint.platform import (
    PYTHON_DEVELOPMENT_LINES,
    PYTHON_END_OF_LIFE,
    PYTHON_NEWEST_PATCH,
)
from enginelint.rules.python_version.release_table import (
    end_of_life,
    final_equivalent,
    prerelease_description,
    unknown,
)
from tests.helpers import codes, lint_json, write_project

WSGI = (
    "def application(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
    '    return [b"ok"]\n'
)
BASE = {"wsgi.py": WSGI, "requirements.txt": "requests>=2.31,<3\n"}


def version(text: str) -> CPythonVersion:
    parsed = cpython_version(text)
    assert parsed is not None, text
    return parsed


# Real releases and names pyenv 2.6.30 (2026-05) installs: none may ever be called unknown.
@pytest.mark.parametrize(
    "text",
    [
        "2.7.18",
        "3.0.1",
        "3.5.10",
        "3.6.5",
        "3.6.15",
        "3.7.17",
        "3.8.20",
        "3.9.1",
        "3.9.25",
        "3.10",
        "3.10.20",
        "3.11.15",
        "3.12.13",
        "3.13.13",
        "3.13.0t",
        "3.13.10t",
        "3.14.4",
        "3.14.5rc1",
        "3.14.4t",
        "3.15.0b1",
        "3.15.0b1t",
        "3.15-dev",
        "3.16-dev",
        "3.16t-dev",
        "2.7-dev",
        "3.15",
        "3.15.0",
    ],
)
def test_real_releases_are_known(text: str) -> None:
    assert unknown(version(text)) is None


@pytest.mark.parametrize(
    ("text", "suggestion", "exact"),
    [
        ("3.16", "3.11", False),
        ("2.8", "3.11", False),
        ("4.0", "3.11", False),
        ("1.6", "3.11", False),
        ("3.17-dev", "3.11", False),
        ("3.11.99", "3.11", True),
        ("3.9.26", "3.9", True),
        ("3.15.1", "3.15", True),
        ("3.12t", "3.12", True),
        ("3.12.1t", "3.12.1", True),
    ],
)
def test_unknown_versions(text: str, suggestion: str, exact: bool) -> None:
    verdict = unknown(version(text))
    assert verdict is not None
    assert (verdict.suggestion, verdict.exact) == (suggestion, exact)


def test_table_is_consistent() -> None:
    assert set(PYTHON_END_OF_LIFE) <= set(PYTHON_NEWEST_PATCH)
    assert set(PYTHON_DEVELOPMENT_LINES) <= set(PYTHON_NEWEST_PATCH)
    # As of 2026-11: everything up to 3.10 is end of life, 3.11 and later are not.
    assert end_of_life(version("3.10")) == "2026-10"
    assert end_of_life(version("2.7.18")) == "2020-01"
    for text in ("3.11", "3.12", "3.13", "3.14", "3.15"):
        assert end_of_life(version(text)) is None


@pytest.mark.parametrize(
    ("text", "description", "final"),
    [
        ("3.14.0rc1", "a pre-release (release candidate 1)", "3.14"),
        ("3.12b2", "a pre-release (beta 2)", "3.12"),
        ("3.13t", "an experimental free-threaded build", "3.13"),
        ("3.13.1t", "an experimental free-threaded build", "3.13.1"),
        ("3.14-dev", "an unreleased development branch", "3.14"),
        ("3.15.0a1", "a pre-release (alpha 1)", "3.11"),
        ("3.16-dev", "an unreleased development branch", "3.11"),
        (
            "3.15.0b1t",
            "a pre-release (beta 1) and an experimental free-threaded build",
            "3.11",
        ),
    ],
)
def test_prerelease_names(text: str, description: str, final: str) -> None:
    parsed = version(text)
    assert parsed.is_prerelease
    assert prerelease_description(parsed) == description
    assert final_equivalent(parsed) == final


def test_every_entry_is_judged(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, ".python-version": "# old\n3.8 3.9.1\n3.11\n"})
    everything = lint_json(tmp_path)
    assert "EL111" in codes(everything)  # `lean deploy` itself stops at the comment line
    found = [d for d in everything if d["code"] != "EL111"]
    assert codes(found) == ["EL303", "EL303", "EL308"]
    assert [(d["start"]["line"], d["start"]["column"]) for d in found] == [(2, 1), (2, 5), (2, 5)]


def test_prerelease_fix_only_within_the_line(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, ".python-version": "3.15.0a1 3.14.0rc1\n"})
    found = [d for d in lint_json(tmp_path) if d["code"] == "EL309"]
    assert [d["fix"] is None for d in found] == [True, False]
    assert found[1]["fix"]["edits"][0]["content"] == "3.14"
    assert found[1]["fix"]["applicability"] == "unsafe"


def test_missing_python_version_under_build_root(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {"leanengine.yaml": "buildRoot: app\n", ".python-version": "3.11\n"}
        | {f"app/{name}": text for name, text in BASE.items()},
    )
    found = [d for d in lint_json(tmp_path) if d["code"] == "EL306"]
    assert len(found) == 1 and found[0]["path"] is None
    assert "`app/.python-version`" in found[0]["message"]


def test_unreadable_python_version_is_not_missing(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, ".python-version": b"3.11\x00"})
    assert "EL306" not in codes(lint_json(tmp_path))


def test_runtime_txt_names_the_version_not_used(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, ".python-version": "3.9.1\n", "runtime.txt": "python-3.6.5\n"})
    found = [d for d in lint_json(tmp_path) if d["code"] == "EL307"]
    assert len(found) == 1
    assert "`python-3.6.5`" in found[0]["message"] and "`3.9.1`" in found[0]["message"]

    (tmp_path / "runtime.txt").write_text("python-3.9.1\n", encoding="utf-8")
    found = [d for d in lint_json(tmp_path) if d["code"] == "EL307"]
    assert len(found) == 1 and "will not be used" not in found[0]["message"]
