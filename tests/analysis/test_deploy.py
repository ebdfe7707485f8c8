"""The packaging model, stage by stage as lean-cli runs it: detection, .leanignore, the walk,
the zip — and where each stops the deploy."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from enginelint.analysis.deploy.detect import detect
from enginelint.analysis.deploy.packaging import packaging
from enginelint.project import Project
from tests.helpers import lint_json, write_project

BASE = {
    "wsgi.py": "def application(environ, start_response):\n    return [b'ok']\n",
    "requirements.txt": "flask\n",
}
needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")


def model(root: Path):  # type: ignore[no-untyped-def]
    return packaging(Project(root))


# --- detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "runtime"),
    [
        ({}, "python"),
        ({"cloud/main.js": "//"}, "cloudcode"),
        ({"server.js": "//", "package.json": "{}"}, "node.js"),
        ({"package.json": '{"scripts": {"start": "node x"}}'}, "node.js"),
        ({"package.json": '{"Scripts": {"Start": "node x"}}'}, "node.js"),  # keys, any case
        ({"package.json": '{"scripts": {"start": ""}}'}, "python"),
        ({"package.json": '{"scripts": {"start": 1}}'}, "python"),  # a type error
        ({"package.json": '{"scripts": {"start": "a"}, "scripts": {"start": ""}}'}, "python"),
        ({"package.json": "\ufeff" + '{"scripts": {"start": "a"}}'}, "node.js"),
    ],
)
def test_runtime_lean_cli_detects(tmp_path: Path, files: dict[str, str], runtime: str) -> None:
    write_project(tmp_path, {**BASE, **files})
    assert detect(Project(tmp_path)).runtime == runtime


def test_without_wsgi_py_no_runtime_and_no_defaults(tmp_path: Path) -> None:
    write_project(tmp_path, {"requirements.txt": "flask\n", "venv/pyvenv.cfg": "x"})
    packed = model(tmp_path)
    assert packed.detection.runtime == "unknown" and packed.writes_defaults
    assert packed.ignore is not None and packed.ignore.patterns == ()
    assert packed.walked is not None and "venv/pyvenv.cfg" in packed.walked.files


@pytest.mark.parametrize("content", [b"\xef\xbb\xbf3.11\n", b" 3.11\n", b"cpython-3.11\n"])
def test_a_python_version_lean_cli_refuses_stops_the_deploy(tmp_path: Path,
                                                            content: bytes) -> None:
    write_project(tmp_path, {**BASE, ".python-version": content})
    stop = model(tmp_path).stop
    assert stop is not None and stop.stage == "detect" and "Wrong pyenv version" in stop.reason


def test_bad_package_json_stops_a_node_deploy(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, "server.js": "//",
                             "package.json": '{"dependencies": {"x": 1}}'})
    stop = model(tmp_path).stop
    assert stop is not None and stop.stage == "detect" and stop.path == "package.json"


@needs_symlinks
def test_a_broken_python_version_link_is_a_missing_file(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, ".leanignore": ".python-version\n"})
    os.symlink("nowhere", tmp_path / ".python-version")
    stops = model(tmp_path).stops
    # Detection reads it as missing; the walk still stops at the broken link.
    assert [s.stage for s in stops] == ["walk"] and stops[0].path == ".python-version"


# --- .leanignore ---------------------------------------------------------------------------------


def test_a_leanignore_folder_stops_the_deploy(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, ".leanignore/x": "y"})
    stop = model(tmp_path).stop
    assert stop is not None and stop.reason == "open .leanignore: is a directory"


def test_the_first_refused_line_stops_it(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, ".leanignore": "a/[b\n*.log\n[z-a]\n!\n"})
    stops = model(tmp_path).stops
    assert [s.stage for s in stops][:3] == ["pattern", "pattern", "match"]
    assert stops[0].reason.endswith("on line 3")
    assert "invalid character class range" in stops[0].reason


# --- the walk ------------------------------------------------------------------------------


@needs_symlinks
def test_symlinked_folders_and_files_are_uploaded_under_the_link(tmp_path: Path) -> None:
    write_project(tmp_path / "shared", {"util.py": "X = 1\n", "deep/a.txt": "aa"})
    root = write_project(tmp_path / "p", BASE)
    os.symlink(tmp_path / "shared", root / "lib")
    os.symlink("wsgi.py", root / "entry.py")
    walked = model(root).walked
    assert walked is not None
    assert walked.files["lib/util.py"] == 6 and walked.files["lib/deep/a.txt"] == 2
    assert walked.files["entry.py"] == os.path.getsize(root / "wsgi.py")
    assert walked.linked == {"lib": str((tmp_path / "shared").resolve())}


@needs_symlinks
def test_a_broken_link_stops_even_when_excluded_but_not_inside_an_excluded_folder(
    tmp_path: Path,
) -> None:
    root = write_project(tmp_path / "p", {**BASE, ".leanignore": "dead\nskip/\n",
                                         "skip/x": "x"})
    os.symlink("missing", root / "dead")
    os.symlink("missing", root / "skip" / "dead2")
    stops = model(root).stops
    assert [(s.stage, s.path) for s in stops] == [("walk", "dead")]
    assert "no such file or directory" in stops[0].reason


@needs_symlinks
def test_the_first_stop_is_the_first_in_walk_order(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {**BASE, "a/x": "x"})
    os.symlink("missing", root / "b")
    os.symlink("missing", root / "a" / "z")
    # `a` is walked (all of it) before `b`.
    assert [s.path for s in model(root).stops] == ["a/z", "b"]


@needs_symlinks
def test_a_link_loop_stops_the_deploy_unless_excluded(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {**BASE, "pkg/m.py": ""})
    os.symlink("..", root / "pkg" / "up")
    packed = model(root)
    assert packed.stop is not None and packed.stop.reason == "EvalSymlinks: too many links"
    assert packed.stop.path == "pkg/up"
    assert packed.walked is not None and "pkg/up/wsgi.py" not in packed.walked.files
    (root / ".leanignore").write_text("up/\n")
    assert model(root).stop is None


@needs_symlinks
def test_a_walk_stop_is_el001_once(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", BASE)
    os.symlink("missing", root / "a")
    os.symlink("missing", root / "b")
    found = [d for d in lint_json(root) if d["code"] == "EL001"]
    assert [d["path"] for d in found] == ["a"]


def test_the_root_excluded_uploads_nothing(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, ".leanignore": "[!x]*\n"})  # any path with a non-x
    packed = model(tmp_path)
    assert packed.stop is None and packed.walked is not None
    assert packed.walked.everything_excluded is not None and packed.walked.files == {}


def test_a_folder_pattern_excludes_files_below_a_folder_brought_back(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, ".leanignore": "lib/\n![l]ib\n", "lib/a.py": ""})
    walked = model(tmp_path).walked
    assert walked is not None and "lib" in walked.folders and "lib/a.py" not in walked.files


@pytest.mark.parametrize(
    ("text", "reason", "offset"),
    [
        (b'{"a": 1,}', "expecting property name enclosed in double quotes at line 1, column 9", 8),
        (b'{"a": 1,\n  }', "expecting property name enclosed in double quotes at line 2, column 3",
         11),
        (b"[1, 2,]", "expecting value at line 1, column 7", 6),
        (b'{"a" 1}', "expecting ':' delimiter at line 1, column 6", 5),
    ],
)
def test_a_json_error_is_placed_where_go_places_it_on_every_host(
    text: bytes, reason: str, offset: int
) -> None:
    # Python 3.13 names a trailing comma; Go's decoder, like Python before 3.13, stops at the
    # bracket after it. The report must not depend on the Python enginelint runs on.
    from enginelint.analysis.deploy.detect import JsonRefusal, _decode

    refusal = _decode(text, True)
    assert isinstance(refusal, JsonRefusal)
    assert refusal.reason == f"is not valid JSON: {reason}"
    assert refusal.offset == offset
