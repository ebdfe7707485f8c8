"""The .leanignore matcher, sentence by sentence of PLATFORM.md, and the upload walk."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from enginelint import walk
from enginelint.analysis.deploy import packaging
from enginelint.analysis.upload import excluded_by, upload_set
from enginelint.diagnostics import Span
from enginelint.parsers.leanignore import (
    COMPONENT,
    GLOB,
    INVALID,
    REGEXP,
    LeanIgnore,
    parse_lines,
    written_defaults,
)
from enginelint.parsers.leanignore.patterns import kept_text
from enginelint.platform import DEFAULT_LEANIGNORE_PYTHON
from enginelint.project import Project
from tests.helpers import codes, lint_json, write_project

BASE = {
    "wsgi.py": 'def application(environ, start_response):\n    start_response("200 OK", [])\n'
    '    return [b"ok"]\n',
    "requirements.txt": "requests>=2.31,<3\n",
    ".python-version": "3.11\n",
}


def excluded(lines: list[str], path: str, is_dir: bool = False) -> bool:
    return parse_lines(lines).excluding(path, is_dir) is not None


# --- one pattern a line; blank and `#` lines skipped --------------------------------------------


def test_blank_and_comment_lines_are_not_patterns() -> None:
    ignore = parse_lines(["", "# a comment", "   ", "#*.py", "build"])
    assert [p.text for p in ignore.patterns] == ["build"]
    assert ignore.patterns[0].line == 5
    assert ignore.patterns[0].span == Span.of(5, 1, 5, 6)


def test_escaped_hash_is_a_pattern() -> None:
    ignore = parse_lines(["\\#notes"])
    assert ignore.patterns[0].kind == COMPONENT
    assert excluded(["\\#notes"], "docs/#notes")


# --- trailing whitespace trimmed, unless the trimmed line ends with a backslash ------------------


def test_trailing_whitespace_is_trimmed() -> None:
    assert kept_text("build   ") == "build"
    assert kept_text("build\t\u00a0") == "build"  # Go's unicode.IsSpace: tab, no-break space
    assert excluded(["build   "], "build", True)
    assert parse_lines(["build   "]).patterns[0].span == Span.of(1, 1, 1, 6)


def test_a_line_ending_in_a_backslash_keeps_all_its_whitespace() -> None:
    assert kept_text("name\\   ") == "name\\   "
    # `\ ` is a space, and the two spaces after it are kept too.
    assert excluded(["name\\   "], "name   ")
    assert not excluded(["name\\   "], "name ")
    # An escaped backslash counts: the line still ends with one after trimming.
    assert kept_text("name\\\\ ") == "name\\\\ "


# --- `!` negates; last matching line wins --------------------------------------------------------


def test_negation_and_last_match_wins() -> None:
    assert not excluded(["*.log", "!keep.log"], "keep.log")
    assert excluded(["*.log", "!keep.log"], "drop.log")
    assert excluded(["!keep.log", "*.log"], "keep.log")


# --- trailing `/` = directories only -------------------------------------------------------------


def test_trailing_slash_matches_directories_only() -> None:
    assert excluded(["build/"], "build", is_dir=True)
    assert not excluded(["build/"], "build", is_dir=False)
    assert excluded(["build/"], "src/build", is_dir=True)


# --- an excluded directory is not descended into -------------------------------------------------


def test_negation_cannot_bring_back_a_file_in_an_excluded_folder(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {**BASE, ".leanignore": "data/\n!data/keep.txt\n", "data/keep.txt": "k", "data/x": "x"},
    )
    project = Project(tmp_path)
    uploads = upload_set(project)
    assert uploads is not None
    assert "data/keep.txt" not in uploads.files
    assert [e.path for e in uploads.excluded] == ["data"]
    pattern = excluded_by(project, "data/keep.txt")
    assert pattern is not None and pattern.text == "data/"


# --- `**` is rejected -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["**", "**/*.log", "logs/**", "!a/**/b"])
def test_double_star_is_invalid_and_never_matches(text: str) -> None:
    ignore = parse_lines([text])
    assert ignore.patterns[0].kind == INVALID
    assert ignore.refused == list(ignore.patterns)
    assert ignore.decide("logs/a.log", False) is None


# --- no `/` and no wildcard: a path component at any depth ---------------------------------------


def test_plain_name_is_a_component_at_any_depth() -> None:
    assert parse_lines(["venv"]).patterns[0].kind == COMPONENT
    assert excluded(["venv"], "venv", True)
    assert excluded(["venv"], "a/b/venv", True)
    assert excluded(["venv"], "a/venv")  # a file too
    assert not excluded(["venv"], "venv2", True)
    assert not excluded(["venv"], "my-venv", True)


# --- no `/` with wildcards: unanchored, `*` crosses `/` ------------------------------------------


def test_wildcard_without_slash_is_an_unanchored_search() -> None:
    assert parse_lines(["tmp*"]).patterns[0].kind == REGEXP
    assert excluded(["tmp*"], "tmp", True)
    assert excluded(["tmp*"], "templates/attmp.html")
    assert excluded(["tmp*"], "a/tmpl/b.py")
    assert not excluded(["tmp*"], "templates/index.html")


def test_star_crosses_slash_in_an_unanchored_pattern() -> None:
    assert excluded(["a*z"], "xa/b/yz")
    assert excluded(["*.pyc"], "pkg/sub/mod.pyc")
    assert not excluded(["*.pyc"], "pkg/mod.pyc.txt")
    assert excluded(["?.md"], "docs/a.md")
    assert excluded(["[ab].md"], "docs/b.md")
    assert not excluded(["[ab].md"], "docs/c.md")


def test_dot_star_matches_every_path_with_a_dot_and_the_root() -> None:
    ignore = parse_lines([".*"])
    assert ignore.excluding(".", True) is not None
    assert excluded([".*"], "wsgi.py")
    assert not excluded([".*"], "Procfile")


def test_intended_reading_confines_star_to_the_last_component() -> None:
    pattern = parse_lines(["tmp*"]).patterns[0]
    assert pattern.intended("tmp", True)
    assert pattern.intended("x/tmp.txt", False)
    assert not pattern.intended("templates/attmp.html", False)
    assert parse_lines(["*.pyc"]).patterns[0].intended("a/b.pyc", False)


# --- with `/`: the whole path, shell-glob rules ---------------------------------------------------


def test_pattern_with_slash_is_a_whole_path_glob() -> None:
    assert parse_lines(["docs/*.txt"]).patterns[0].kind == GLOB
    assert excluded(["docs/*.txt"], "docs/a.txt")
    assert not excluded(["docs/*.txt"], "docs/sub/a.txt")  # `*` does not cross `/`
    assert not excluded(["docs/*.txt"], "src/docs/a.txt")  # anchored at the root
    assert excluded(["docs/?.txt"], "docs/a.txt")
    assert not excluded(["a?b/c"], "a/b/c")


# --- a leading `/` never matches ------------------------------------------------------------------


def test_leading_slash_never_matches() -> None:
    ignore = parse_lines(["/build", "/build/"])
    assert [p.kind for p in ignore.patterns] == [GLOB, GLOB]
    # The walk's paths never start with `/`, so nothing the walk meets matches.
    assert ignore.decide("build", True) is None


# --- missing .leanignore: the runtime's defaults --------------------------------------------------


def test_defaults_when_there_is_no_leanignore(tmp_path: Path) -> None:
    ignore = written_defaults(DEFAULT_LEANIGNORE_PYTHON)
    assert ignore.path is None
    assert excluded_default(".git", True)
    assert excluded_default("venv", True)
    assert excluded_default("pkg/__pycache__", True)
    assert excluded_default("pkg/mod.pyc", False)
    assert excluded_default(".DS_Store", False)
    assert not excluded_default(".venv", True)
    write_project(tmp_path, {**BASE, "venv/pyvenv.cfg": "x", ".env": "A=1"})
    uploads = upload_set(Project(tmp_path))
    assert uploads is not None and uploads.ignore.path is None
    assert ".env" in uploads.files and "venv/pyvenv.cfg" not in uploads.files


def excluded_default(path: str, is_dir: bool) -> bool:
    return written_defaults(DEFAULT_LEANIGNORE_PYTHON).excluding(path, is_dir) is not None


# --- robustness -----------------------------------------------------------------------------------


def test_many_stars_match_in_linear_time() -> None:
    pattern = "*a" * 20 + "*b"
    path = "a" * 3000
    started = time.perf_counter()
    assert not excluded([pattern], path)
    assert not excluded(["x/" + pattern], "x/" + path)
    assert excluded([pattern], path + "b")
    assert time.perf_counter() - started < 5


def test_unclosed_bracket_is_a_literal_in_an_unanchored_search() -> None:
    assert parse_lines(["a[b"]).patterns[0].kind == REGEXP
    assert excluded(["a[b"], "x/a[b")
    assert excluded(["a[b"], "xa[b")  # searched for, not a whole component
    assert not excluded(["a[b"], "x/ab")


def test_walk_follows_symlinked_folders_under_the_link_path(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write_project(outside, {"big.bin": "x" * 100})
    project_root = write_project(tmp_path / "project", BASE)
    os.symlink(outside, project_root / "linked")
    uploads = upload_set(Project(project_root))
    assert uploads is not None
    assert uploads.files["linked/big.bin"] == 100
    assert "linked" in uploads.folders


def test_walk_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {**BASE, **{f"many/f{i}.txt": "x" for i in range(1_500)}})
    monkeypatch.setattr(walk, "MAX_ENTRIES", 1_000)
    project = Project(tmp_path)
    uploads = upload_set(project)
    assert uploads is not None and uploads.truncated
    assert len(uploads.files) < 1_000
    # The walk remembers that its budget stopped a visit, for a rule to report.
    assert project.walk().truncated


def test_a_long_leanignore_lowers_the_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Matching costs entries × patterns: a .leanignore of many patterns visits fewer entries.
    monkeypatch.setattr(packaging, "MAX_MATCHES", 50_000)
    many = {f"many/f{i}.txt": "x" for i in range(1_500)}
    write_project(tmp_path / "short", {**BASE, ".leanignore": "never\n", **many})
    uploads = upload_set(Project(tmp_path / "short"))
    assert uploads is not None and not uploads.truncated
    long_ignore = "".join(f"never-{i}\n" for i in range(100))
    write_project(tmp_path / "long", {**BASE, ".leanignore": long_ignore, **many})
    uploads = upload_set(Project(tmp_path / "long"))
    assert uploads is not None and uploads.truncated
    assert len(uploads.files) < 1_000


def test_undecodable_leanignore_is_still_read_byte_for_byte(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, ".leanignore": b"\xff\xfe bad\nbuild/\n"})
    uploads = upload_set(Project(tmp_path))
    assert uploads is not None and isinstance(uploads.ignore, LeanIgnore)
    assert [p.text for p in uploads.ignore.patterns][1:] == ["build/"]


def test_a_leanignore_folder_gives_no_upload_view(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, ".leanignore/x": "y"})
    assert upload_set(Project(tmp_path)) is None


def test_deep_package_json_is_no_traceback(tmp_path: Path) -> None:
    write_project(tmp_path, {**BASE, "package.json": "[" * 100_000 + "]" * 100_000})
    found = codes(lint_json(tmp_path))
    assert "EL006" not in found and "EL106" not in found


def test_sqlite_header_decides_for_db_files(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {**BASE, "a.db": b"SQLite format 3\x00" + b"\x00" * 84, "b.db": "text", "c.db": b""},
    )
    diagnostics = [d for d in lint_json(tmp_path) if d["code"] == "EL110"]
    assert len(diagnostics) == 1
    assert "`a.db`" in diagnostics[0]["message"]
    assert "b.db" not in diagnostics[0]["message"]


def test_excluded_include_of_requirements_is_reported(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            **BASE,
            "requirements.txt": "-r reqs/base.txt\n",
            "reqs/base.txt": "requests>=2.31,<3\n",
            ".leanignore": "# local\nreqs/\n",
        },
    )
    found = [d for d in lint_json(tmp_path) if d["code"] == "EL107"]
    assert len(found) == 1
    assert "`reqs/base.txt`" in found[0]["message"]
    assert found[0]["path"] == ".leanignore"
    assert found[0]["start"] == {"line": 2, "column": 1}


def test_surprising_pattern_names_three_files_and_counts_the_rest(tmp_path: Path) -> None:
    names = {f"src/attmp{i}.html": "x" for i in range(5)}
    write_project(tmp_path, {**BASE, **names, ".leanignore": "tmp*\n"})
    found = [d for d in lint_json(tmp_path) if d["code"] == "EL109"]
    assert len(found) == 1
    message = found[0]["message"]
    assert "`src/attmp0.html`, `src/attmp1.html`, `src/attmp2.html` and 2 more" in message
