"""The LeanCloud SDK reasoning behind EL214 and EL305: the release table, conflicts, pip's pick."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest
from packaging.specifiers import SpecifierSet

from enginelint.analysis.sdk import (
    SdkAnalysis,
    SdkRelease,
    compatible,
    describe_releases,
    implied_floors,
    marker_holds,
    python_problem,
    sdk_analysis,
    sdk_releases,
)
from enginelint.parsers.python_version import cpython_version
from enginelint.platform import LEANCLOUD_SDK_PINS, LEANCLOUD_SDK_RELEASES
from enginelint.project import Project
from tests.helpers import codes, lint_json, write_project

WSGI = "def application(environ, start_response):\n    return []\n"


def release(version: str) -> SdkRelease:
    return next(r for r in sdk_releases() if r.version == version)


def analyse(tmp_path: Path, requirements: str, python: str = "3.11") -> Optional[SdkAnalysis]:
    files = {"wsgi.py": WSGI, "requirements.txt": requirements, ".python-version": python + "\n"}
    return sdk_analysis(Project(write_project(tmp_path, files)))


def py(text: str):  # type: ignore[no-untyped-def]
    version = cpython_version(text)
    assert version is not None
    return version


# --- the table --------------------------------------------------------------------------------


def test_every_table_row_names_known_releases_in_order() -> None:
    from packaging.version import Version

    known = [Version(v) for v in LEANCLOUD_SDK_RELEASES]
    assert known == sorted(known)
    for first, last, pins in LEANCLOUD_SDK_PINS:
        assert first in LEANCLOUD_SDK_RELEASES and last in LEANCLOUD_SDK_RELEASES
        assert Version(first) <= Version(last)
        for text in pins.values():
            assert SpecifierSet(text.partition(";")[0].strip()) is not None


def test_releases_without_recorded_pins_stay_unknown() -> None:
    assert release("2.1.4").pins is None
    assert release("1.13.0").pins is None
    assert release("2.1.3").pins is not None


def test_release_pins() -> None:
    gevent = release("3.0.2").pin("gevent")
    assert gevent is not None and gevent.text == ">=22.10.2,<23.0.0"
    requests = release("3.0.2").pin("requests")
    assert requests is not None and requests.marker == "python_version >= '3.7'"
    werkzeug = release("2.9.2").pin("werkzeug")
    assert werkzeug is not None and werkzeug.text == ">=0.16.0,<=2.0.0"


def test_describe_releases_joins_consecutive_runs() -> None:
    chosen = [release(v) for v in ("2.9.3", "2.9.4", "2.9.5", "3.0.2", "2.1.11")]
    assert describe_releases(chosen) == "2.1.11, 2.9.3–2.9.5, 3.0.2"
    assert describe_releases([release("3.0.0")]) == "3.0.0"


# --- specifiers, frameworks, markers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (">=2", "<2.0.0", False),
        (">=2", "<=2.0.0", True),  # Werkzeug 2.0.0 itself (SDK 2.9.1-2.9.2)
        (">=2.0.0rc1", "<2.0.0", False),  # PEP 440: `<V` excludes V's pre-releases
        ("~=2.0", "<2.0.0", False),
        ("==2.*", "<=2.0.0rc1", True),
        ("<2", ">=22.10.2,<23.0.0", False),
        ("!=22.10.2", ">=22.10.2,<23.0.0", True),  # an exclusion never decides alone
        ("", "<2.0.0", True),
    ],
)
def test_compatible(first: str, second: str, expected: bool) -> None:
    assert compatible(SpecifierSet(first), SpecifierSet(second)) is expected


@pytest.mark.parametrize(
    ("flask", "expected"),
    [
        (">=2", [">=2.0", ">=2.2.0"]),
        (">=2.0,<2.2", [">=2.0"]),
        ("~=2.2.0rc1", [">=2.0", ">=2.2.0"]),  # 2.2.0rc1 counts as 2.1.x, floor 2.0
        (">=2.0,<3", [">=2.0", ">=2.2.0"]),
        (">=2.2", [">=2.2.0"]),
        ("==2.1.3", [">=2.0"]),
        (">=1.1", None),  # Flask 1.x asks nothing of the kind
        (">=2.0.0rc1", None),  # pre-releases of 2.0.0 are not in the table
        ("", None),
    ],
)
def test_implied_floors(flask: str, expected: Optional[list[str]]) -> None:
    floors = implied_floors("flask", SpecifierSet(flask), "werkzeug")
    assert (None if floors is None else [str(f) for f in floors]) == expected
    assert implied_floors("django", SpecifierSet(flask), "werkzeug") is None


def test_marker_holds() -> None:
    assert marker_holds("python_version >= '3.7'", py("3.11")) is True
    assert marker_holds("python_version >= '3.7'", py("2.7")) is False
    assert marker_holds("python_version >= '3.7'", None) is None
    assert marker_holds("sys_platform == 'linux' and python_version < '3'", py("2.7")) is True
    # Variables the platform does not pin down are undecidable, not guessed.
    assert marker_holds("platform_machine == 'x86_64'", py("3.11")) is None
    assert marker_holds("python_full_version >= '3.11.2'", py("3.11")) is None
    assert marker_holds("python_full_version >= '3.11.2'", py("3.11.4")) is True
    assert marker_holds("extra == 'dev'", py("3.11")) is None


# --- the analysis -------------------------------------------------------------------------------


def test_no_sdk_no_analysis(tmp_path: Path) -> None:
    assert analyse(tmp_path, "requests>=2.31,<3\n") is None


@pytest.mark.parametrize(
    "line",
    [
        "leancloud @ https://example.com/leancloud-3.0.2.tar.gz",
        "-e git+https://github.com/leancloud/python-sdk@v3.0.2#egg=leancloud",
        "leancloud>=2.9 ; platform_machine == 'x86_64'",
    ],
)
def test_undecidable_sdk_requirements(tmp_path: Path, line: str) -> None:
    assert analyse(tmp_path, line + "\nFlask>=2,<3\n") is None


def test_allowed_releases_follow_the_specifier(tmp_path: Path) -> None:
    analysis = analyse(tmp_path, "leancloud>=2.9.3,<3\n")
    assert analysis is not None and analysis.decidable
    assert [r.version for r in analysis.allowed] == [f"2.9.{n}" for n in range(3, 13)]
    assert analysis.requirement_text == "`leancloud>=2.9.3,<3`"


def test_unknown_releases_make_the_analysis_undecidable(tmp_path: Path) -> None:
    analysis = analyse(tmp_path, "leancloud\n")
    assert analysis is not None and not analysis.decidable


def test_flask_2_conflicts_with_sdk_2_9_3_and_later(tmp_path: Path) -> None:
    analysis = analyse(tmp_path, "leancloud>=2.9.3,<4\nFlask>=2,<3\n")
    assert analysis is not None
    assert all(analysis.conflicts.get(r.version) for r in analysis.allowed)
    conflict = analysis.conflicts["3.0.2"][0]
    assert conflict.requirement.name == "Flask"
    assert conflict.pin.dependency == "werkzeug" and conflict.needs == ">=2.0"


def test_sdk_2_9_1_accepts_werkzeug_2_0_0(tmp_path: Path) -> None:
    analysis = analyse(tmp_path, "leancloud>=2.9.1,<4\nWerkzeug>=2.0,<2.1\n")
    assert analysis is not None
    assert not analysis.conflicts.get("2.9.1") and not analysis.conflicts.get("2.9.2")
    assert analysis.conflicts.get("2.9.3")
    choice = analysis.pip_choice()
    assert choice is not None and choice.version == "2.9.2"


def test_marker_pins_apply_only_on_their_python(tmp_path: Path) -> None:
    # SDK 3.0.2 caps requests at 2.31.0 only on Python >= 3.7.
    on_311 = analyse(tmp_path / "a", "leancloud==3.0.2\nrequests>=2.32,<3\n", "3.11")
    on_36 = analyse(tmp_path / "b", "leancloud==3.0.2\nrequests>=2.32,<3\n", "3.6")
    assert on_311 is not None and on_311.conflicts.get("3.0.2")
    assert on_36 is not None and not on_36.conflicts.get("3.0.2")


def test_requirements_behind_markers_are_not_judged(tmp_path: Path) -> None:
    analysis = analyse(tmp_path, "leancloud==3.0.2\nFlask>=2,<3 ; platform_machine == 'arm64'\n")
    assert analysis is not None and not analysis.conflicts


def test_pip_choice_skips_certain_conflicts(tmp_path: Path) -> None:
    analysis = analyse(tmp_path, "leancloud\ngevent<2\n")
    assert analysis is not None
    choice = analysis.pip_choice()
    assert choice is not None and choice.version == "2.9.0"
    # Down past the recorded releases, nothing can be said.
    stuck = analyse(tmp_path / "b", "leancloud\ngevent<2\nrequests>=2.31,<3\n")
    assert stuck is not None and stuck.pip_choice() is None


def test_constraints_files_narrow_the_sdk(tmp_path: Path) -> None:
    files = {
        "wsgi.py": WSGI,
        "requirements.txt": "-c constraints.txt\nleancloud\n",
        "constraints.txt": "leancloud==2.9.12\n",
        ".python-version": "3.11\n",
    }
    analysis = sdk_analysis(Project(write_project(tmp_path, files)))
    assert analysis is not None and [r.version for r in analysis.allowed] == ["2.9.12"]


# --- Python ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "python", "installs", "dropped"),
    [
        ("3.0.2", "3.12", False, None),
        ("2.9.1", "3.13", False, None),
        ("2.9.0", "3.12", False, None),  # gevent 1.x: older still
        ("3.0.2", "2.7", True, "3.0.0"),
        ("3.0.0", "3.5.10", True, "3.0.0"),
    ],
)
def test_python_problem(version: str, python: str, installs: bool, dropped: Optional[str]) -> None:
    problem = python_problem(release(version), py(python))
    assert problem is not None
    assert problem.installs is installs and problem.dropped_in == dropped


@pytest.mark.parametrize(
    ("version", "python"),
    [("3.0.2", "3.11"), ("2.0.0", "3.12"), ("2.9.12", "2.7"), ("2.1.5", "3.12")],
)
def test_no_python_problem(version: str, python: str) -> None:
    assert python_problem(release(version), py(python)) is None


def test_el305_uses_pips_first_choice(tmp_path: Path) -> None:
    requirements = "leancloud\ngevent<2\n"
    files = {"wsgi.py": WSGI, "requirements.txt": requirements, ".python-version": "3.12\n"}
    found = [d for d in lint_json(write_project(tmp_path, files)) if d["code"] == "EL305"]
    assert len(found) == 1
    message = found[0]["message"]
    assert "leancloud 2.9.0" in message and "gevent>=1.0.2,<2.0.0" in message
    assert found[0]["start"] == {"line": 1, "column": 1}


def test_el214_and_el305_stay_silent_without_certainty(tmp_path: Path) -> None:
    files = {
        "wsgi.py": WSGI,
        # 2.1.4-2.1.10 have unrecorded pins: they may install with Flask 2.
        "requirements.txt": "leancloud>=2.1.4,<2.1.11\nFlask>=2,<3\n",
        ".python-version": "3.12\n",
    }
    found = codes(lint_json(write_project(tmp_path, files)))
    assert "EL214" not in found and "EL305" not in found


def test_the_release_table_parses_each_version_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Built on every run that reads a `leancloud` requirement: each release and each bound of
    # the pin tables is parsed once, not once per comparison.
    import packaging.version

    made: list[str] = []
    real = packaging.version.Version

    class Counted(real):  # type: ignore[misc,valid-type]
        def __init__(self, version: str) -> None:
            made.append(version)
            super().__init__(version)

    monkeypatch.setattr(packaging.version, "Version", Counted)
    releases = sdk_releases()
    assert [r.version for r in releases] == list(LEANCLOUD_SDK_RELEASES)
    assert len(made) == len(LEANCLOUD_SDK_RELEASES) + 2 * len(LEANCLOUD_SDK_PINS)
