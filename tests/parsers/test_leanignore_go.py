"""Go's semantics as the deploy tool has them: `filepath.Match`, `regexp` syntax, the matcher
that runs it, `bufio.Scanner` lines and `unicode.IsSpace` — and .leanignore read through them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enginelint.parsers.leanignore import GLOB, INVALID, REGEXP, parse_leanignore, parse_lines
from enginelint.parsers.leanignore.goglob import BadPattern, Glob
from enginelint.parsers.leanignore.gomatch import Matcher, _Program
from enginelint.parsers.leanignore.goregexp import GoRegexpError, parse
from enginelint.parsers.leanignore.gotext import SCANNER_LIMIT, scan_lines, trim_space
from enginelint.parsers.leanignore.patterns import is_filename, translate, unescape

# --- filepath.Match ------------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", ["a/[b", "a/b\\", "a/[]", "a/[a-]", "a/[^]", "a/[-a]",
                                     "[", "a/[\\", "x/[a-b-c]", "a/[]x]"])
def test_malformed_globs_are_refused_whatever_the_name(pattern: str) -> None:
    with pytest.raises(BadPattern):
        Glob(pattern.encode())


@pytest.mark.parametrize(
    ("pattern", "name", "matched"),
    [
        ("a/*", "a/b", True),
        ("a/*", "a/b/c", False),  # `*` never crosses `/`
        ("a/?", "a//", False),  # nor does `?`
        ("a[^x]b", "a/b", True),  # a class does
        ("a/[!x]", "a/!", True),  # `!` is a member, not a negation
        ("a/[!x]", "a/y", False),
        ("a/[^x]", "a/y", True),  # `^` negates
        ("a/[\\]]", "a/]", True),
        ("a/\\*", "a/*", True),
        ("a/\\*", "a/b", False),
        ("a/[z-a]", "a/m", False),  # a reversed range is allowed and matches nothing
        ("/build", "build", False),
        ("a/*.py", "a/x.py", True),
        ("*/x", "a/x", True),
        ("a/é?", "a/éz", True),
    ],
)
def test_glob_matching(pattern: str, name: str, matched: bool) -> None:
    assert Glob(pattern.encode()).match(name.encode()) is matched


# --- regexp syntax --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("[z-a]$", "invalid character class range: `z-a`"),
        ("\\e", "invalid escape sequence: `\\e`"),
        ("\\x", "invalid escape sequence: `\\x`"),
        ("\\x4", "invalid escape sequence: `\\x4`"),
        ("\\8", "invalid escape sequence: `\\8`"),
        ("\\1", "invalid escape sequence: `\\1`"),
        ("\\C", "invalid escape sequence: `\\C`"),
        ("[^]$", "missing closing ]: `[^]$`"),
        ("[\\]$", "missing closing ]: `[\\]$`"),
        ("[[:foo:]]", "invalid character class range: `[:foo:]`"),
        ("[[:alpha:]\\]$", "missing closing ]: `[[:alpha:]\\]$`"),
        ("a**", "invalid nested repetition operator: `**`"),
        ("*", "missing argument to repetition operator: `*`"),
        ("x{1001}", "invalid repeat count: `{1001}`"),
        ("(a{100}){100}", "invalid repeat count: `{100}`"),
        ("(?<n>a)", "invalid or unsupported Perl syntax: `(?<`"),
        ("a)", "unexpected ): `a)`"),
        ("(a", "missing closing ): `(a`"),
        ("\\p{Klingon}", "invalid character class range: `\\p{Klingon}`"),
        ("\\", "trailing backslash at end of expression: ``"),
        ("[a-\\d]", "invalid escape sequence: `\\d`"),
    ],
)
def test_go_refuses(expression: str, message: str) -> None:
    with pytest.raises(GoRegexpError) as refused:
        parse(expression)
    assert str(refused.value) == f"error parsing regexp: {message}"


@pytest.mark.parametrize("expression", ["\\pL", "\\p{Greek}", "\\PN", "\\12", "\\x{41}",
                                        "[\\d-z]", "\\Qa.*b", "(?P<n>a)", "(?i)abc", "\\b",
                                        "[[:alpha:]]", "x{2,5}", "{", "a{,3}", "(?s:.)",
                                        "[]a]", "\\_"])
def test_go_accepts(expression: str) -> None:
    parse(expression)


@pytest.mark.parametrize(
    ("expression", "text", "found"),
    [
        ("\\d", "a5", True),
        ("\\d", "a٥", False),  # ASCII digits only
        ("\\s", "a\vb", False),  # Perl's \s has no vertical tab
        ("[[:space:]]", "a\vb", True),
        ("\\bfoo\\b", "a foo b", True),
        ("\\bfoo\\b", "afoob", False),
        ("\\Qa.b", "a.b", True),
        ("\\Qa.b", "axb", False),
        ("(?i)straße", "STRASSE", False),  # simple folding only
        ("(?i)k", "\u212a", True),  # the Kelvin sign folds to k
        ("a.c", "a\nc", False),
        ("x$", "x\n", False),  # `$` is the end of the text
        ("\\x41", "A", True),
    ],
)
def test_go_semantics(expression: str, text: str, found: bool) -> None:
    assert Matcher(parse(expression)).search(text) is found


_PIECES = st.sampled_from(["a", "b", "/", ".", ".*", "[ab]", "[^a]", "\\d", "\\b", "\\w",
                           "(a|b)", "a?", "b+", "x{1,3}", "^", "$", "\\.", "[0-9]"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=6), st.text("ab/.x19 ", max_size=12))
def test_the_state_machine_agrees_with_re(pieces: list[str], text: str) -> None:
    try:
        node = parse("".join(pieces))
    except GoRegexpError:
        return
    program = _Program(node)
    from enginelint.parsers.leanignore.gomatch import _python

    python = re.compile(_python(node))
    assert program.run(text, anchored=False) is (python.search(text) is not None)
    assert program.run(text, anchored=True) is (python.fullmatch(text) is not None)


def test_many_stars_take_linear_time() -> None:
    matcher = Matcher(parse(".*a" * 30 + "b$"))
    assert not matcher.search("a" * 3000)
    assert matcher.search("a" * 40 + "b")


# --- reading: lines, whitespace, BOM -------------------------------------------------------


def test_lines_split_at_newline_only() -> None:
    lines, stopped = scan_lines("a\rb\nc\r\nd")
    assert [(n, t) for n, _o, t in lines] == [(1, "a\rb"), (2, "c"), (3, "d")]
    assert stopped is None
    assert [t for _n, _o, t in scan_lines("a\n\n")[0]] == ["a", ""]


def test_a_line_of_64_kib_ends_the_reading() -> None:
    text = "x\n" + "a" * (SCANNER_LIMIT - 1) + "\nb\n" + "c" * SCANNER_LIMIT + "\nd\n"
    lines, stopped = scan_lines(text)
    assert [n for n, _o, _t in lines] == [1, 2, 3]
    assert stopped is not None and stopped[0] == 4


def test_go_whitespace_is_not_python_whitespace() -> None:
    assert trim_space("\t\u00a0x\u3000") == "x"
    assert trim_space("\x1cx") == "\x1cx"  # Python's isspace says yes, Go's IsSpace no
    assert trim_space("\ufeffx") == "\ufeffx"


def test_bom_stays_in_the_first_pattern() -> None:
    ignore = parse_leanignore("\ufeff*.log\n", ".leanignore")
    assert ignore.bom and ignore.patterns[0].text == "\ufeff*.log"
    assert not ignore.patterns[0].matches("a.log", False)
    comment = parse_leanignore("\ufeff# notes\n", ".leanignore")
    assert [p.text for p in comment.patterns] == ["\ufeff# notes"]


def test_trailing_whitespace_and_blank_lines() -> None:
    ignore = parse_lines(["build\t", "\t\t", "venv\u00a0", "keep\\\t "])
    assert [p.text for p in ignore.patterns] == ["build", "venv", "keep\\\t "]
    assert ignore.patterns[2].name == "keep\t "


def test_parseignore_building_blocks() -> None:
    assert is_filename("a\\*b") and not is_filename("a\\/b") and not is_filename("a?")
    assert unescape("a\\\\\\b") == "a\\\\b"  # only a backslash before a non-backslash goes
    assert translate("*.[!o]") == ".*\\.[^o]"
    assert translate("[^x]y") == "[\\^x]y"
    assert translate("\\[a]") == "\\[a]"
    assert translate("a?b+") == "a.b\\+"


@pytest.mark.parametrize(
    ("line", "kind"),
    [("[!]", INVALID), ("[z-a]", INVALID), ("a/[b", GLOB), ("*\\d", REGEXP), ("!", INVALID)],
)
def test_kinds(line: str, kind: str) -> None:
    assert parse_lines([line]).patterns[0].kind == kind


def test_refused_patterns_in_the_order_the_tool_meets_them() -> None:
    ignore = parse_lines(["a/[b", "[z-a]", "**", "ok"])
    assert [p.line for p in ignore.refused] == [2, 3, 1]  # read errors first, then the glob
    assert ignore.refused[0].error is not None and "line" not in ignore.refused[0].error


def test_invalid_utf8_survives_as_bytes() -> None:
    from enginelint.parsers.leanignore.gotext import decode

    ignore = parse_leanignore(decode(b"caf\xe9\n[\xe9]*\n"), ".leanignore")
    assert ignore.patterns[0].matches(decode(b"x/caf\xe9"), False)
    # Raw inside `[...]`: Go's regexp refuses invalid UTF-8.
    assert ignore.patterns[1].kind == INVALID and "invalid UTF-8" in str(ignore.patterns[1].error)
