"""The one walk of the project's tree that the upload view and the whole-tree scan share."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from enginelint import walk
from enginelint.analysis import tree_scan
from enginelint.analysis.upload import upload_set
from enginelint.project import Project
from enginelint.runner import lint_root
from tests.helpers import write_project

SECRET = 'MASTER_KEY = "Zm9vYmFyYmF6cXV4MTIzNDU2"\n'
PROJECT = {
    "wsgi.py": "import app  # noqa: F401\napplication = None\n",
    "app/__init__.py": "",
    "app/settings.py": SECRET,
    "app/sub/deep.py": 'HOST = "https://x.api.lncld.net"\n',
    "requirements.txt": "requests>=2.31,<3\n",
    ".python-version": "3.11\n",
    "conf/app.json": '{"appKey": "x"}\n',
    # The upload enters it (the defaults do not exclude `.venv`), the scan does not.
    ".venv/pyvenv.cfg": "home = /usr/bin\n",
    ".venv/lib/site.py": SECRET,
    # The scan enters it, the upload does not.
    "scripts/tool.py": SECRET,
}


@pytest.fixture
def scandir_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every folder `os.scandir` is asked for, by anyone, while the test runs."""
    calls: list[str] = []
    original = os.scandir

    def spy(path: str = ".") -> object:
        calls.append(os.path.normpath(str(path)))
        return original(path)

    monkeypatch.setattr(os, "scandir", spy)
    return calls


def test_a_run_reads_each_folder_once(tmp_path: Path, scandir_calls: list[str]) -> None:
    root = write_project(tmp_path / "p", {**PROJECT, ".leanignore": "scripts/\n"})
    report = lint_root(root)
    codes = {d.code for d in report.diagnostics}
    # Both views were built: the scan's credential rule and the upload's rules ran.
    assert {"EL602"} <= codes
    project = report.project
    assert project.cached("upload:set", lambda: None) is not None
    assert project.cached("tree_scan:tree", lambda: None) is not None
    assert scandir_calls, "the run walked nothing"
    assert len(scandir_calls) == len(set(scandir_calls)), sorted(scandir_calls)
    listed = project.walk().listed
    assert len(listed) == len(set(listed))
    assert {"", "app", "app/sub", ".venv", ".venv/lib", "scripts"} <= set(listed)
    assert project.walk() is project.walk()


def test_second_view_reads_no_folder_the_first_has_read(
    tmp_path: Path, scandir_calls: list[str]
) -> None:
    root = write_project(tmp_path / "p", PROJECT)
    project = Project(root)
    assert upload_set(project) is not None
    after_upload = len(scandir_calls)
    tree = tree_scan.project_tree(project)
    # The scan goes only where the upload went (no .leanignore here excludes `scripts/`), and
    # looks into `.venv` only to see it is a virtualenv: the listing is already there.
    assert len(scandir_calls) == after_upload
    assert sorted(tree.python) == ["app/settings.py", "app/sub/deep.py", "scripts/tool.py"]
    assert ".venv" in tree.skipped_folders


def test_views_are_the_same_whichever_walks_first(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {**PROJECT, ".leanignore": "scripts/\n.venv/\n"})
    upload_first = Project(root)
    uploads_a = upload_set(upload_first)
    tree_a = tree_scan.project_tree(upload_first)
    scan_first = Project(root)
    tree_b = tree_scan.project_tree(scan_first)
    uploads_b = upload_set(scan_first)
    assert uploads_a is not None and uploads_b is not None
    assert uploads_a.files == uploads_b.files and uploads_a.folders == uploads_b.folders
    assert tree_a.python == tree_b.python and tree_a.skipped_folders == tree_b.skipped_folders


def test_visit_order_and_entering(tmp_path: Path) -> None:
    write_project(tmp_path, {"b/x.txt": "", "a/y/z.txt": "", "a/w.txt": "", "c.txt": ""})
    tree = walk.Walk(str(tmp_path))
    visit = tree.visit()
    seen = []
    for entry in visit:
        seen.append(entry.path)
        if entry.kind == walk.FOLDER and entry.name != "b":
            visit.enter(entry)
    # A folder's entries first, then the entered folders in name order, depth first.
    assert seen == ["a", "b", "c.txt", "a/w.txt", "a/y", "a/y/z.txt"]
    assert not visit.truncated and not tree.truncated
    assert tree.listed == ["", "a", "a/y"]
    sizes = {e.name: e.size for e in tree.listing("")}
    assert sizes == {"a": 0, "b": 0, "c.txt": 0}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinks_are_described_and_never_entered(tmp_path: Path) -> None:
    outside = write_project(tmp_path / "outside", {"big.bin": "x" * 100})
    root = write_project(tmp_path / "p", {"real/f.txt": "abc"})
    os.symlink(outside, root / "linked", target_is_directory=True)
    os.symlink(outside / "big.bin", root / "file-link")
    os.symlink(root / "missing", root / "broken")
    os.symlink(root / "loop", root / "loop")
    tree = walk.Walk(str(root))
    entries = {e.name: e for e in tree.listing("")}
    assert entries["linked"][2:] == (walk.SYMLINK, walk.FOLDER, 0)
    assert entries["file-link"][2:] == (walk.SYMLINK, walk.FILE, 100)
    assert entries["broken"][2:] == (walk.SYMLINK, walk.OTHER, 0)
    assert entries["loop"][2:] == (walk.SYMLINK, None, 0)
    assert entries["real"][2:] == (walk.FOLDER, walk.FOLDER, 0)
    visit = tree.visit()
    for entry in visit:
        visit.enter(entry)
    assert tree.listed == ["", "real"]


def test_the_budget_stops_a_visit_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_project(tmp_path, {f"m{i:02}.py": SECRET for i in range(30)})
    monkeypatch.setattr(walk, "MAX_ENTRIES", 10)
    project = Project(tmp_path)
    tree = tree_scan.project_tree(project)
    assert tree.truncated and tree.python_count == 10
    assert project.walk().truncated
    # Each visit has the whole budget: a second view is not starved by the first.
    uploads = upload_set(project)
    assert uploads is not None and uploads.truncated
    assert len(uploads.files) == 10
