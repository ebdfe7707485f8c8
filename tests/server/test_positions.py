"""Code points ↔ LSP code units, and new texts as minimal LSP edits (no client needed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enginelint.server.positions import UTF8, UTF16, UTF32, Lines, code_points, units
from enginelint.server.text_edits import between
from tests.server.helpers import apply_edits

ROCKET = "🚀"  # outside the Basic Multilingual Plane: two UTF-16 units, four UTF-8 bytes


def test_units_per_encoding() -> None:
    text = f"a{ROCKET}é"
    assert units(text, UTF16) == 4
    assert units(text, UTF8) == 1 + 4 + 2
    assert units(text, UTF32) == 3


def test_code_points_never_split_a_character() -> None:
    line = f"a{ROCKET}b"
    assert code_points(line, 1, UTF16) == 1
    assert code_points(line, 2, UTF16) == 1  # inside the surrogate pair: before the rocket
    assert code_points(line, 3, UTF16) == 2
    assert code_points(line, 99, UTF16) == 3


@pytest.mark.parametrize("encoding, expected", [(UTF16, 10), (UTF8, 12), (UTF32, 9)])
def test_an_engine_column_after_an_emoji(encoding: str, expected: int) -> None:
    lines = Lines(f'x = "{ROCKET}"; y\n', encoding)
    # `y` is at column 10 (1-based): 9 code points before it, one of them the rocket.
    assert lines.from_engine(1, 10) == (0, expected)
    assert lines.to_engine(0, expected) == (1, 10)


def test_line_breaks_are_lsps() -> None:
    lines = Lines("a\r\nb\rc\nd\x0ce", UTF16)
    assert lines.count == 4
    assert [lines.line(i) for i in range(4)] == ["a", "b", "c", "d\x0ce"]
    assert lines.position(len("a\r\nb\rc\n")) == (3, 0)
    assert lines.offset(3, 2) == len("a\r\nb\rc\nd\x0c")


def test_past_the_end() -> None:
    lines = Lines("abc\n", UTF16)
    assert lines.from_engine(2, 1) == (1, 0)
    assert lines.from_engine(3, 1) == (1, 0)
    assert lines.from_engine(1, 99) == (0, 3)
    assert lines.offset(7, 0) == 4


def test_minimal_edits_touch_only_what_changed() -> None:
    old = f"Flask>=1.0 # {ROCKET}\nrequests\n"
    new = f"Flask>=1.0,<2 # {ROCKET}\nrequests\n"
    edits = between(old, new, UTF16)
    assert len(edits) == 1
    assert edits[0].new_text == ",<2"
    assert (edits[0].range.start.line, edits[0].range.start.character) == (0, 10)
    assert apply_edits(old, list(edits)) == new


texts = st.lists(st.sampled_from(["a", "b", "\n", "\r\n", "\r", ROCKET, "é", " "]),
                 max_size=30).map("".join)


@given(texts, texts)
def test_edits_between_any_two_texts_rebuild_the_new_one(old: str, new: str) -> None:
    assert apply_edits(old, list(between(old, new, UTF16))) == new
