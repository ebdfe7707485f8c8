"""The whole-tree walk behind EL602/EL603: what it skips, what it parses, and its bounds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enginelint import files
from enginelint.analysis import tree_scan
from enginelint.analysis.python import parse as python_analysis
from enginelint.project import Project
from enginelint.settings import Settings
from tests.helpers import write_project

SECRET = 'MASTER_KEY = "Zm9vYmFyYmF6cXV4MTIzNDU2"\n'


def scan(root: Path) -> tree_scan.Tree:
    return tree_scan.project_tree(Project(root))


def test_finds_python_and_config_files_that_mention_a_topic(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "wsgi.py": "application = None\n",
            "pkg/settings.py": SECRET,
            "pkg/client.py": 'HOST = "https://x.api.lncld.net"\n',
            "conf/app.json": '{"appKey": "x"}\n',
            "conf/other.json": '{"name": "x"}\n',
            "notes.txt": SECRET,
        },
    )
    tree = scan(tmp_path)
    assert tree.python == {
        "pkg/settings.py": frozenset({tree_scan.CREDENTIALS}),
        "pkg/client.py": frozenset({tree_scan.API_HOSTS}),
    }
    assert list(tree.config) == ["conf/app.json"]
    assert tree.python_count == 3 and tree.config_count == 2
    assert not tree.truncated


def test_skips_virtualenvs_dependencies_caches_and_packaging_output(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "myenv/pyvenv.cfg": "home = /usr/bin\n",
            "myenv/lib/a.py": SECRET,
            "conda/conda-meta/history": "",
            "conda/b.py": SECRET,
            "node_modules/x/c.py": SECRET,
            "lib/site-packages/d.py": SECRET,
            ".git/hooks/e.py": SECRET,
            "__pycache__/f.py": SECRET,
            ".tox/py311/g.py": SECRET,
            "pkg.egg-info/h.py": SECRET,
            "dist/lib/pkg/i.py": SECRET,
            "sub/build/j.py": SECRET,
            # A package that happens to be called `build` is the project's own code.
            "build/__init__.py": "",
            "build/steps.py": SECRET,
            "env/k.py": SECRET,  # no pyvenv.cfg: an ordinary folder
        },
    )
    tree = scan(tmp_path)
    assert sorted(tree.python) == ["build/steps.py", "env/k.py"]
    assert {"myenv", "conda", "node_modules", "lib/site-packages", "dist", "sub/build"} <= set(
        tree.skipped_folders
    )


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_never_follows_symlinks(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write_project(outside, {"secret.py": SECRET})
    root = write_project(tmp_path / "project", {"wsgi.py": "application = None\n"})
    os.symlink(outside, root / "linked", target_is_directory=True)
    os.symlink(outside / "secret.py", root / "secret.py")
    os.symlink(root, root / "loop", target_is_directory=True)
    tree = scan(root)
    assert tree.python == {}
    assert tree.python_count == 1


def test_files_without_keywords_are_never_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"mod{i}.py": f"VALUE = {i}\n" for i in range(20)}
    files["keys.py"] = SECRET
    write_project(tmp_path, files)
    parsed: list[str] = []
    original = python_analysis._judge

    def spy(project: object, relative: str, text: object) -> object:
        parsed.append(relative)
        return original(project, relative, text)  # type: ignore[arg-type]

    monkeypatch.setattr(python_analysis, "_judge", spy)
    project = Project(tmp_path)
    modules = tree_scan.python_modules(project, tree_scan.CREDENTIALS)
    assert [m.path for m in modules] == ["keys.py"]
    assert parsed == ["keys.py"]
    # Cached: asking again walks and parses nothing more.
    assert tree_scan.python_modules(project, tree_scan.CREDENTIALS) is modules
    assert tree_scan.project_tree(project) is tree_scan.project_tree(project)
    assert parsed == ["keys.py"]


def test_bad_files_are_skipped_without_findings(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "binary.py": b"MASTER_KEY = 1\x00\x00",
            "latin.py": "MASTER_KEY = 'é'\n".encode("latin-1"),
            "broken.py": "MASTER_KEY = (\n",
            "big.json": '{"appKey": "' + "a" * (tree_scan.MAX_CONFIG_SIZE + 10) + '"}',
        },
    )
    project = Project(tmp_path)
    tree = tree_scan.project_tree(project)
    assert sorted(tree.python) == ["broken.py"]
    assert tree.config == {}
    assert tree_scan.python_modules(project, tree_scan.CREDENTIALS) == []
    assert project.problems("EL002") == [] and project.problems("EL003") == []


def test_walk_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {f"m{i:02}.py": SECRET for i in range(30)})
    monkeypatch.setattr(tree_scan, "MAX_FILES", 10)
    tree = scan(tmp_path)
    assert tree.truncated
    assert tree.python_count == 10


def test_config_file_names() -> None:
    for name in ("a.json", "b.YAML", "c.yml", "d.ini", "setup.cfg", "e.toml", ".env",
                 ".env.production", "prod.env"):
        assert tree_scan.is_config_file(name), name
    for name in ("a.py", "env", "a.txt", "environment"):
        assert not tree_scan.is_config_file(name), name


def test_scan_reads_record_no_problems_and_keep_nothing(tmp_path: Path) -> None:
    # None of these runs on the platform: whatever is wrong with them is no EL001/EL002.
    write_project(
        tmp_path,
        {
            "wsgi.py": "application = None\n",
            "tools/huge.py": SECRET + "#" * 200,
            "tools/binary.py": b"MASTER_KEY = 1\x00",
            "tools/app.json": b'{"appKey": "\xff"}',
        },
    )
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "tools" / "pipe.py")
    project = Project(tmp_path, Settings(max_file_size=100))
    tree = tree_scan.project_tree(project)
    assert tree.python == {} and tree.config == {}
    assert tree.python_count >= 2 and tree.config_count == 1
    assert project.problems("EL001") == [] and project.problems("EL002") == []
    # Glanced at, not read for the run: no file joins the run's texts (suppressions, excerpts).
    assert project.loaded_texts() == []


def test_quiet_read_goes_through_the_guarded_reader(tmp_path: Path) -> None:
    outside = write_project(tmp_path / "outside", {"secret.py": SECRET})
    root = write_project(tmp_path / "p", {"ok.py": SECRET})
    project = Project(root)
    if hasattr(os, "symlink"):
        os.symlink(outside / "secret.py", root / "linked.py")
        assert project.read_quietly("linked.py", files.PYTHON) is None
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "pipe.py")
        assert project.read_quietly("pipe.py", files.PYTHON) is None  # never opened: no hang
    text = project.read_quietly("ok.py", files.PYTHON)
    assert text is not None and text.text == SECRET
    assert project.read_quietly("ok.py", files.PYTHON, max_size=4) is None
    assert project.problems("EL001") == [] and project.loaded_texts() == []
    # A file the run did read is handed back as read.
    read = project.read("ok.py", files.PYTHON)
    assert read is not None and project.read_quietly("ok.py", files.PYTHON) is read


_TOPIC_PIECES = st.sampled_from([
    "init(", "init (", "Init\t(", "_init(", "xinit(", "def __init__(self):", "INIT(", "İnit(",
    "master_key", "MASTER-ID", "appkey", "app_Id", "hook-key", "appid", "ſ", "K", "\u212a",
    "lncld", "LeanCloud.CN", "leancloud.cn", "leancloudxcn", " ", "\n", "a", "é", "_", "(",
])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_TOPIC_PIECES | st.text(max_size=4), max_size=12).map("".join))
def test_topics_are_the_regular_expressions_answers(text: str) -> None:
    # ASCII text takes a quicker path than the regular expressions: the same answers.
    topics = tuple(tree_scan._TOPICS)
    expected = frozenset(t for t in topics if tree_scan._TOPICS[t].search(text))
    assert tree_scan._topics(text, topics) == expected
