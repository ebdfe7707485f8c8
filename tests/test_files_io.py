"""The one guarded reader's other doors (`read_head`, `read_named`) and the one atomic writer,
which both `--fix` and `--output` use."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enginelint import cli, files
from tests.helpers import write_project

WSGI = (
    "def application(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
    '    return [b"ok"]\n'
)


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths handed to `files.write_atomically` while the test runs."""
    seen: list[str] = []
    original = files.write_atomically

    def spy(path: Any, content: Any, **options: Any) -> None:
        seen.append(str(path))
        original(path, content, **options)

    monkeypatch.setattr(files, "write_atomically", spy)
    return seen


def test_output_goes_through_the_one_writer(
    tmp_path: Path, writes: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    project = write_project(tmp_path / "p", {"wsgi.py": WSGI, ".python-version": "3.11\n"})
    target = tmp_path / "out" / "report.json"
    cli.main(["--format", "json", "--output", str(target), str(project)])
    # The result cache (kept outside the project in tests) is written by the same writer.
    cache = os.environ["ENGINELINT_CACHE_DIR"]
    assert [p for p in writes if not p.startswith(cache)] == [str(target)]
    assert len(writes) > 1
    assert target.read_text(encoding="utf-8").startswith("{")
    assert capsys.readouterr().out == ""


def test_fix_goes_through_the_one_writer(
    tmp_path: Path, writes: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    project = write_project(tmp_path / "p", {
        "wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "Flask>=1.0\n",
    })
    cli.main(["--fix", "--format", "concise", str(project)])
    assert [Path(p).name for p in writes] == ["requirements.txt"]
    assert (project / "requirements.txt").read_text(encoding="utf-8") == "Flask>=1.0,<2\n"
    capsys.readouterr()


def test_writer_keeps_the_mode_of_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    files.write_atomically(target, "new\r\n", encoding="utf-8")
    assert target.read_bytes() == b"new\r\n"  # no newline translation
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_writer_gives_a_new_file_the_usual_mode(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        files.write_atomically(tmp_path / "new.json", b"{}")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_writer_writes_through_a_symlink_and_stays_inside(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"real.txt": "old"})
    outside = write_project(tmp_path / "o", {"x.txt": "keep"})
    os.symlink(root / "real.txt", root / "link.txt")
    os.symlink(outside / "x.txt", root / "out.txt")
    files.write_atomically(root / "link.txt", "new", inside=root)
    assert (root / "link.txt").is_symlink() and (root / "real.txt").read_text() == "new"
    with pytest.raises(OSError, match=r"refusing to write out\.txt"):
        files.write_atomically(root / "out.txt", "bad", inside=root)
    assert (outside / "x.txt").read_text() == "keep"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "f.txt"
    target.write_text("old")

    def fail(source: str, destination: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        files.write_atomically(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_read_head_reads_only_the_start_and_only_inside(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"a.db": b"SQLite format 3\x00" + b"\x00" * 100})
    assert files.read_head(root, "a.db", 6) == b"SQLite"
    assert files.read_head(root, "missing.db", 6) is None
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "pipe.db")
        assert files.read_head(root, "pipe.db", 6) is None
    if hasattr(os, "symlink"):
        outside = write_project(tmp_path / "o", {"b.db": "SQLite"})
        os.symlink(outside / "b.db", root / "b.db")
        assert files.read_head(root, "b.db", 6) is None


def test_read_named_follows_the_user_but_never_opens_a_fifo(tmp_path: Path) -> None:
    named = tmp_path / "strict.toml"
    named.write_text("select = []\n")
    assert files.read_named(named, 100, "the file") == b"select = []\n"
    assert files.read_named(tmp_path / "none.toml", 100, "the file") is None
    assert files.read_named(tmp_path, 100, "the file") is None
    big = files.read_named(named, 4, "the configuration file")
    assert isinstance(big, files.FileProblem)
    assert big.message.startswith("the configuration file is 12 bytes, over the 4-byte limit")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.toml")
        assert files.read_named(tmp_path / "pipe.toml", 100, "the file") is None


# --- positions in a text, the line table worked out only as far as asked ----------------------

_TEXT_PIECES = ("a", "bc", " ", "\n", "\r\n", "\r", "\x0c", "é", "\u2028", "#", "\n\n")


def _reference_starts(text: str) -> list[int]:
    import re

    return [0, *(match.end() for match in re.finditer(r"\r\n|\r|\n", text))]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_TEXT_PIECES), max_size=60).map("".join),
    st.lists(st.tuples(st.sampled_from("pold"), st.integers(-2, 70)), max_size=12),
    st.sampled_from([1, 2, 3, 7, 1 << 16]),
)
def test_positions_from_a_partial_line_table_are_those_of_the_whole_one(
    text: str, questions: list[tuple[str, int]], stretch: int
) -> None:
    from enginelint.diagnostics import Position

    starts = _reference_starts(text)
    original = files._FIRST_STRETCH
    files._FIRST_STRETCH = stretch  # short stretches: a text of a few lines is read in several
    try:
        file = files.TextFile("x.txt", text)
        for kind, number in questions:
            if kind == "p":
                offset = min(max(number, 0), len(text))
                line = max(i for i, start in enumerate(starts) if start <= offset)
                assert file.position(number) == Position(line + 1, offset - starts[line] + 1)
            elif kind == "o":
                line = min(max(number, 1), len(starts))
                expected = min(starts[line - 1] + 3 - 1, len(text))
                assert file.offset(Position(number, 3)) == expected
            elif kind == "l":
                if 1 <= number <= len(starts):
                    end = starts[number] if number < len(starts) else len(text)
                    expected_line = text[starts[number - 1] : end].rstrip("\r\n")
                else:
                    expected_line = ""
                assert file.line(number) == expected_line
            else:
                assert file.line_count == len(starts)
    finally:
        files._FIRST_STRETCH = original
