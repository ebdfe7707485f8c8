"""Following `-r`/`-c` includes as pip does, the revision grammar of URL requirements, and
marker exclusivity — the views EL201–EL207 read."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import Marker

from enginelint.parsers.requirement_refs import (
    BRANCH,
    NO_REF,
    PINNED,
    UNKNOWN_REF,
    archive_reference,
    judge_ref,
    vcs_reference,
)
from enginelint.parsers.requirements_graph import (
    ABSOLUTE,
    CYCLE,
    ENVIRONMENT,
    MISSING,
    OUTSIDE,
    REMOTE,
    RequirementsSet,
    requirements_set,
    resolve_include,
)
from enginelint.project import Project
from enginelint.rules.requirements.marker_grid import exclusive
from tests.helpers import codes, lint_json, write_project


def graph(tmp_path: Path, files: dict[str, Any]) -> RequirementsSet:
    write_project(tmp_path, files)
    view = requirements_set(Project(tmp_path))
    assert view is not None
    return view


def problems(view: RequirementsSet) -> list[tuple[str, str, int, str]]:
    return [(p.kind, p.include.path, p.include.line, p.include.target) for p in view.problems]


# --- resolution --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("including", "target", "expected"),
    [
        ("requirements.txt", "base.txt", ("base.txt", None)),
        ("requirements.txt", "./reqs/base.txt", ("reqs/base.txt", None)),
        ("reqs/dev.txt", "base.txt", ("reqs/base.txt", None)),
        ("reqs/dev.txt", "../requirements.txt", ("requirements.txt", None)),
        ("reqs/dev.txt", "../../x.txt", ("../x.txt", OUTSIDE)),
        ("requirements.txt", "../shared/base.txt", ("../shared/base.txt", OUTSIDE)),
        ("requirements.txt", "/etc/requirements.txt", (None, ABSOLUTE)),
        ("requirements.txt", "C:\\reqs\\base.txt", (None, ABSOLUTE)),
        ("requirements.txt", "~/base.txt", (None, ABSOLUTE)),
        ("app/requirements.txt", "a/../b.txt", ("app/b.txt", None)),
    ],
)
def test_resolve_include(including: str, target: str, expected: tuple[Any, Any]) -> None:
    assert resolve_include(including, target) == expected


# --- walking -----------------------------------------------------------------------------------


def test_files_in_pip_order_relative_to_the_including_file(tmp_path: Path) -> None:
    view = graph(
        tmp_path,
        {
            "requirements.txt": "-r reqs/web.txt\nflask>=2,<3\n-c reqs/pins.txt\n",
            "reqs/web.txt": "-r common.txt\ngunicorn>=21,<22\n",
            "reqs/common.txt": "requests>=2,<3\n",
            "reqs/pins.txt": "requests==2.31.0\n",
        },
    )
    assert [(f.path, f.is_constraint) for f in view.files] == [
        ("requirements.txt", False),
        ("reqs/web.txt", False),
        ("reqs/common.txt", False),
        ("reqs/pins.txt", True),
    ]
    # pip processes an include where it is written: common.txt's records come first.
    assert [(r.path, r.name) for r in view.ordered] == [
        ("reqs/common.txt", "requests"),
        ("reqs/web.txt", "gunicorn"),
        ("requirements.txt", "flask"),
        ("reqs/pins.txt", "requests"),
    ]
    assert [r.name for r in view.requirements] == ["flask", "gunicorn", "requests"]
    assert view.ordered[-1].is_constraint
    assert view.problems == []


def test_r_inside_a_constraints_file_is_requirements_again(tmp_path: Path) -> None:
    view = graph(
        tmp_path,
        {
            "requirements.txt": "-c constraints.txt\n",
            "constraints.txt": "-r more.txt\nx==1\n",
            "more.txt": "y>=1,<2\n",
        },
    )
    assert [(f.path, f.is_constraint) for f in view.files] == [
        ("requirements.txt", False),
        ("constraints.txt", True),
        ("more.txt", False),
    ]


def test_diamond_is_listed_once_and_is_not_a_cycle(tmp_path: Path) -> None:
    view = graph(
        tmp_path,
        {
            "requirements.txt": "-r a.txt\n-r b.txt\n",
            "a.txt": "-r common.txt\n",
            "b.txt": "-r common.txt\n",
            "common.txt": "x>=1,<2\n",
        },
    )
    assert [f.path for f in view.files] == ["requirements.txt", "a.txt", "common.txt", "b.txt"]
    assert len(view.ordered) == 1
    assert view.problems == []


def test_cycles_are_reported_at_the_closing_include(tmp_path: Path) -> None:
    view = graph(
        tmp_path,
        {
            "requirements.txt": "x>=1,<2\n-r reqs/a.txt\n",
            "reqs/a.txt": "-r b.txt\n",
            "reqs/b.txt": "# back to the top\n--requirement=../requirements.txt\n",
        },
    )
    assert problems(view) == [(CYCLE, "reqs/b.txt", 2, "../requirements.txt")]
    assert view.problems[0].chain == (
        "requirements.txt",
        "reqs/a.txt",
        "reqs/b.txt",
        "requirements.txt",
    )
    span = view.problems[0].include.target_span
    assert (span.start.line, span.start.column, span.end.column) == (2, 15, 34)


def test_self_include_is_a_cycle(tmp_path: Path) -> None:
    view = graph(tmp_path, {"requirements.txt": "-r requirements.txt\n"})
    assert problems(view) == [(CYCLE, "requirements.txt", 1, "requirements.txt")]


def test_a_symlink_cannot_hide_a_cycle(tmp_path: Path) -> None:
    write_project(tmp_path, {"requirements.txt": "-r alias.txt\n"})
    try:
        os.symlink("requirements.txt", tmp_path / "alias.txt")
    except OSError:
        pytest.skip("no symlinks here")
    view = requirements_set(Project(tmp_path))
    assert view is not None
    # alias.txt is requirements.txt itself: including it closes a loop.
    assert problems(view) == [(CYCLE, "requirements.txt", 1, "alias.txt")]


def test_missing_outside_absolute(tmp_path: Path) -> None:
    view = graph(
        tmp_path,
        {
            "requirements.txt": "-r nope.txt\n-r ../up.txt\n-c /abs/c.txt\n-r sub/dev.txt\n",
            "sub/dev.txt": "-r common.txt\n",
        },
    )
    assert problems(view) == [
        (MISSING, "requirements.txt", 1, "nope.txt"),
        (OUTSIDE, "requirements.txt", 2, "../up.txt"),
        (ABSOLUTE, "requirements.txt", 3, "/abs/c.txt"),
        (MISSING, "sub/dev.txt", 1, "common.txt"),
    ]
    assert view.problems[3].resolved == "sub/common.txt"


def test_urls_are_not_followed_and_environment_variables_are_explained(tmp_path: Path) -> None:
    view = graph(
        tmp_path,
        {"requirements.txt": "-r https://example.com/r.txt\n-r ${REQS}/base.txt\n"},
    )
    assert [(p.kind, p.variables, p.exposed) for p in view.problems] == [
        (ENVIRONMENT, ("REQS",), False)
    ]
    assert len(view.files) == 1


def test_lower_case_variables_are_not_expanded_by_pip(tmp_path: Path) -> None:
    view = graph(tmp_path, {"requirements.txt": "-r ${reqs}/base.txt\n"})
    assert problems(view) == [(MISSING, "requirements.txt", 1, "${reqs}/base.txt")]


@pytest.mark.parametrize(
    ("target", "kind", "resolved"),
    [
        ("file:///etc/passwd", ABSOLUTE, "/etc/passwd"),
        ("file://localhost/etc/x%20y.txt", ABSOLUTE, "/etc/x y.txt"),
        ("FILE:///etc/passwd", ABSOLUTE, "/etc/passwd"),
        ("file://fileserver/share/x.txt", REMOTE, None),
        ("file:missing.txt", MISSING, "missing.txt"),
        ("file:../x.txt", OUTSIDE, "../x.txt"),
    ],
)
def test_file_urls_resolve_as_pip_reads_them(
    tmp_path: Path, target: str, kind: str, resolved: object
) -> None:
    view = graph(tmp_path, {"requirements.txt": f"-r {target}\n"})
    assert [(p.kind, p.resolved, p.via_url) for p in view.problems] == [(kind, resolved, True)]


def test_relative_file_url_is_relative_to_the_build_folder(tmp_path: Path) -> None:
    view = graph(
        tmp_path,
        {
            "requirements.txt": "-r reqs/dev.txt\n",
            "reqs/dev.txt": "-r file:base.txt\n",
            "base.txt": "flask>=3,<4\n",
            "reqs/base.txt": "django>=5,<6\n",
        },
    )
    assert view.problems == []
    assert [r.name for r in view.requirements] == ["flask"]


def test_unreadable_include_is_left_to_el002(tmp_path: Path) -> None:
    view = graph(tmp_path, {"requirements.txt": "-r bin.txt\n", "bin.txt": b"\x00\x01"})
    assert view.problems == []
    found = lint_json(tmp_path, select=["EL002", "EL207"])
    assert [(d["code"], d["path"]) for d in found] == [("EL002", "bin.txt")]


def test_a_directory_is_not_missing(tmp_path: Path) -> None:
    (tmp_path / "reqs").mkdir()
    view = graph(tmp_path, {"requirements.txt": "-r reqs\n"})
    assert view.problems == []


def test_long_chains_and_wide_fans_stay_bounded(tmp_path: Path) -> None:
    files: dict[str, Any] = {"requirements.txt": "-r f0.txt\n"}
    for index in range(300):
        files[f"f{index}.txt"] = f"-r f{index + 1}.txt\npkg{index}>=1,<2\n"
    files["f300.txt"] = "last>=1,<2\n"
    view = graph(tmp_path, files)
    assert 1 < len(view.files) <= 60


def test_view_is_built_once(tmp_path: Path) -> None:
    write_project(tmp_path, {"requirements.txt": "x>=1,<2\n"})
    project = Project(tmp_path)
    assert requirements_set(project) is requirements_set(project)


def test_no_root_file_means_no_view(tmp_path: Path) -> None:
    assert requirements_set(Project(tmp_path)) is None


def test_el201_to_el203_cover_included_files(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "requirements.txt": "-r reqs/base.txt\n-c reqs/pins.txt\n",
            "reqs/base.txt": "flask\nrequests>=2\nbad=1.0\n",
            "reqs/pins.txt": "gunicorn\n",
        },
    )
    found = lint_json(tmp_path, select=["EL201", "EL202", "EL203"])
    assert [(d["code"], d["path"], d["start"]["line"]) for d in found] == [
        ("EL201", "reqs/base.txt", 1),
        ("EL202", "reqs/base.txt", 2),
        ("EL203", "reqs/base.txt", 3),
    ]
    assert "EL207" not in codes(lint_json(tmp_path, select=["EL207"]))


# --- revisions of URL requirements ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "verdict"),
    [
        ("3f9c2e1", PINNED),
        ("0123456789abcdef0123456789abcdef01234567", PINNED),
        ("v1.2.3", PINNED),
        ("1.2", PINNED),
        ("2.0rc1", PINNED),
        ("v2.0.0-beta.1", PINNED),
        ("release-1.4", PINNED),
        ("1.0.post1", PINNED),
        ("refs/tags/v1.0", PINNED),
        ("main", BRANCH),
        ("master", BRANCH),
        ("HEAD", BRANCH),
        ("develop", BRANCH),
        ("refs/heads/v1.0", BRANCH),
        ("1.x", UNKNOWN_REF),
        ("feature/login", UNKNOWN_REF),
        ("release/1.2", UNKNOWN_REF),
        ("abc", UNKNOWN_REF),
    ],
)
def test_judge_ref(ref: str, verdict: str) -> None:
    assert judge_ref(ref) == verdict


@pytest.mark.parametrize(
    ("url", "verdict", "ref"),
    [
        ("git+https://github.com/o/r.git@main#egg=r", BRANCH, "main"),
        ("git+https://github.com/o/r.git#egg=r", NO_REF, "git+https://github.com/o/r.git"),
        ("git+ssh://git@github.com/o/r.git", NO_REF, "git+ssh://git@github.com/o/r.git"),
        ("git+ssh://git@github.com/o/r.git@v1.0", PINNED, "v1.0"),
        ("git+https://user@host/o/r.git@abcdef12", PINNED, "abcdef12"),
        ("git+git@github.com:o/r.git@dev", BRANCH, "dev"),
        ("hg+https://hg.example.com/r@tip", BRANCH, "tip"),
        ("svn+https://svn.example.com/trunk@1234", PINNED, "1234"),
        ("git+https://github.com/o/r.git@", NO_REF, "git+https://github.com/o/r.git@"),
    ],
)
def test_vcs_reference(url: str, verdict: str, ref: str) -> None:
    found = vcs_reference(url)
    assert (found.verdict, found.text) == (verdict, ref)
    assert url[found.start : found.end] == ref


ARCHIVE_CASES = [
    ("https://github.com/o/r/archive/refs/heads/main.zip", (BRANCH, "refs/heads/main")),
    ("https://github.com/o/r/archive/main.tar.gz", (BRANCH, "main")),
    ("https://github.com/o/r/archive/refs/tags/v1.0.zip", (PINNED, "refs/tags/v1.0")),
    ("https://github.com/o/r/archive/3f9c2e1.zip", (PINNED, "3f9c2e1")),
    ("https://codeload.github.com/o/r/zip/refs/heads/dev", (BRANCH, "refs/heads/dev")),
    ("https://gitlab.com/g/r/-/archive/main/r-main.tar.gz", (BRANCH, "main")),
    ("https://bitbucket.org/o/r/get/master.zip", (BRANCH, "master")),
    ("https://files.example.com/pkg-1.0.tar.gz", None),
    ("https://github.com/o/r/releases/download/v1/pkg-1.0-py3-none-any.whl", None),
]


@pytest.mark.parametrize(("url", "expected"), ARCHIVE_CASES)
def test_archive_reference(url: str, expected: Any) -> None:
    found = archive_reference(url)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found.verdict, found.text) == expected
        assert url[found.start : found.end] == expected[1]


def test_each_archive_pattern_is_tried_only_on_urls_holding_its_text() -> None:
    """A URL without a pattern's text is not tried: the text must be a literal the pattern
    spells outside any optional part, so that every URL it matches holds it."""
    from enginelint.parsers import requirement_refs

    for needle, pattern in requirement_refs._ARCHIVES:
        source = pattern.pattern
        at = source.index(needle.replace(".", "\\."))  # as the pattern spells it
        assert "(?:" not in source[:at].replace("(?:www\\.)?", "")  # no optional part before
    for url, _expected in ARCHIVE_CASES:
        tried = [pattern for needle, pattern in requirement_refs._ARCHIVES if needle in url]
        matched = [p for _needle, p in requirement_refs._ARCHIVES if p.match(url.split("?")[0])]
        assert all(pattern in tried for pattern in matched), url


# --- marker exclusivity ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ('python_version < "3.9"', 'python_version >= "3.9"', True),
        ('sys_platform == "win32"', 'sys_platform != "win32"', True),
        ('sys_platform == "win32"', 'os_name == "nt"', False),
        ('platform_system == "Linux"', 'sys_platform == "darwin"', True),
        ('implementation_name == "pypy"', 'platform_python_implementation == "CPython"', True),
        ('python_version < "3.9"', 'python_version < "3.12"', False),
        ('python_version >= "3.8"', None, False),
        ('python_version < "3.9" and sys_platform == "linux"', 'python_version >= "3.9"', True),
        # Not modelled by the grid: never claimed exclusive.
        ('platform_release >= "5"', 'platform_release < "5"', False),
        ('python_full_version < "3.8.1"', 'python_full_version >= "3.8.1"', True),
        ('python_full_version >= "3.8.1"', 'python_full_version < "3.8.5"', False),
        ('extra == "dev"', None, True),
    ],
)
def test_exclusive(first: str, second: Any, expected: bool) -> None:
    assert exclusive(Marker(first), Marker(second) if second else None) is expected


@pytest.mark.parametrize(
    "text",
    [
        'python_version < "3.9"',
        "python_version >= '3' and sys_platform != 'win32'",
        'os.name == "nt" or platform_machine == "arm64"',
        'python_implementation == "PyPy" and python_full_version < "3.8.1"',
        'implementation_name == "cpython" and implementation_version >= "3.10.5"',
        '"3.8" <= python_version and platform_system in "Linux Darwin"',
        'extra == "dev" or sys.platform == "darwin"',
        'platform.machine == "x86_64" and os_name != "posix"',
    ],
)
def test_truth_masks_are_those_of_every_grid_environment(text: str) -> None:
    # Evaluated once per combination of the values the marker reads; the same bits as
    # evaluating it in every environment of the grid.
    from enginelint.rules.requirements import marker_grid

    marker = Marker(text)
    mask = marker_grid.truth_mask(marker)
    expected = sum(
        1 << index
        for index, environment in enumerate(marker_grid._GRID)
        if marker.evaluate(environment)
    )
    assert mask == expected


def test_duplicate_rules_follow_pip_order_and_leave_lone_conflicts_to_el206(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "requirements.txt": "x>=1,<2\n-r more.txt\ny>=3,<2\ny>=1,<5\n",
            "more.txt": "X==1.5\n",
        },
    )
    found = lint_json(tmp_path, select=["EL205", "EL206"])
    assert [(d["code"], d["severity"], d["path"], d["start"]["line"]) for d in found] == [
        ("EL205", "warning", "more.txt", 1),
        ("EL206", "error", "requirements.txt", 3),
        ("EL205", "warning", "requirements.txt", 4),
    ]
    assert "requirements.txt:1" in found[0]["message"]
