"""enginelint's verdicts on requirement lines against real pip releases.

`tests/data/pip_truth.json` holds what 29 pip releases (18.1 to 26.3) said about each line of a
corpus, read with pip's own parser; `tools/pip_truth/build.py` made it once, and is run again when
the corpus or the list of releases changes. Here every line is parsed by enginelint and its
`rejections` must name exactly the releases that stopped on it.

A few lines depend on the project's files (local paths, included files): for them the project
rules (EL203, EL207, EL208) must report an error exactly when today's pip stops on the line,
except where enginelint is deliberately stricter because pip accepts the line but the install
fails later (`STRICTER`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from enginelint.files import TextFile
from enginelint.parsers.pip_releases import version_key
from enginelint.parsers.requirements import parse_requirements_text
from tests.helpers import REPO, lint_json, write_project

DATA = json.loads((REPO / "tests" / "data" / "pip_truth.json").read_text(encoding="utf-8"))
RELEASES = [release["pip"] for release in DATA["pips"]]
NEWEST = RELEASES[-1]

# Lines whose fate depends on files in the project: local paths and includes.
PROJECT_CASES = {
    "-e ./pep517",
    "-e ./emptydir",
    "-e ./missing",
    "-e .",
    "-e r @ git+https://github.com/o/r.git@v1.0",
    ".",
    "./emptydir",
    "./missing",
    "../outside",
    "/abs/path/mylib",
    "-r missing.txt",
    "-c missing.txt",
    "--requirement missing.txt",
    "--constraint missing.txt",
    "-r file:///nonexistent/x.txt",
}
# Lines pip reads but cannot install on the platform; enginelint says so now.
STRICTER = {
    "-e ./emptydir": "pip 21.3+ reads it, then finds no setup.py or pyproject.toml to build",
    "-e .": "the same: the workspace root is no Python project",
    "./missing.tar.gz": "the archive is not in the project",
    "file:///abs/path/mylib": "an absolute path on the developer's machine",
    "file://localhost/abs/path/mylib": "the same, spelt with a host",
    "-e file:///nonexistent/mylib": "the same, in editable mode",
    "pkg @ file:///tmp/pkg-1.0.tar.gz": "the same, as a named URL",
    "x @ file:///abs/path/mylib": "the same",
    "x@file:///abs/path/mylib": "the same",
}
# The workspace `tools/pip_truth/build.py` runs pip in.
WORKSPACE = {
    "mylib/setup.py": "from setuptools import setup\nsetup()\n",
    "pep517/pyproject.toml": '[project]\nname = "pep517"\n',
    "emptydir/.keep": "",
}


def _id(case: dict[str, Any]) -> str:
    text = case["text"] if len(case["text"]) < 60 else case["text"][:57] + "…"
    return ("[c] " if case["constraint"] else "") + text


LINE_CASES = [case for case in DATA["cases"] if case["text"] not in PROJECT_CASES]


def test_every_era_of_the_model_has_a_real_release_in_the_data() -> None:
    from enginelint.parsers.pip_releases import ERAS

    for start, end in zip(ERAS, (*ERAS[1:], None)):
        assert any(
            version_key(start) <= version_key(release)
            and (end is None or version_key(release) < version_key(end))
            for release in RELEASES
        ), f"no release of the era starting at {start} in the data"


@pytest.mark.parametrize("case", LINE_CASES, ids=_id)
def test_line_verdicts_match_real_pip(case: dict[str, Any]) -> None:
    view = parse_requirements_text(
        TextFile("requirements.txt", case["text"] + "\n"), is_constraint=case["constraint"]
    )
    rejections = [r for entry in view.entries for r in entry.rejections]
    enginelint = {release for release in RELEASES if any(r.covers(release) for r in rejections)}
    pip = set(case["rejected_by"])
    assert sorted(enginelint, key=version_key) == sorted(pip, key=version_key), (
        f"pip: {case['rejected_by']}\nenginelint: {[(r.releases(), r.reason) for r in rejections]}"
    )


PATH_CASES = [
    case
    for case in DATA["cases"]
    if case["text"] in PROJECT_CASES or case["text"] in STRICTER
]


@pytest.mark.parametrize("case", PATH_CASES, ids=_id)
def test_project_rules_match_real_pip_on_paths(tmp_path: Path, case: dict[str, Any]) -> None:
    name = "constraints.txt" if case["constraint"] else "requirements.txt"
    files: dict[str, str | bytes] = {**WORKSPACE, name: case["text"] + "\n"}
    if case["constraint"]:
        files["requirements.txt"] = "-c constraints.txt\n"
    write_project(tmp_path, files)
    found = [
        d
        for d in lint_json(tmp_path, select=["EL203", "EL207", "EL208"])
        if d["severity"] == "error" and d["path"] == name
    ]
    rejected = NEWEST in case["rejected_by"] or case["text"] in STRICTER
    assert bool(found) == rejected, found


def test_pyproject_only_editable_is_an_error_for_pips_before_21_3(tmp_path: Path) -> None:
    # pip 21.2 and older stop on `-e ./pep517` (no setup.py); Python 3.8 may bring pip 19.2.3.
    case = next(c for c in DATA["cases"] if c["text"] == "-e ./pep517")
    assert set(case["rejected_by"]) == {r for r in RELEASES if version_key(r) < (21, 3)}
    files = {**WORKSPACE, "requirements.txt": "-e ./pep517\n", ".python-version": "3.8\n"}
    write_project(tmp_path, files)
    errors = [d for d in lint_json(tmp_path, select=["EL208"]) if d["severity"] == "error"]
    assert errors and "21.3" in errors[0]["message"]
