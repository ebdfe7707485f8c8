"""Properties of the requirements parser on generated input: valid, broken and hostile.

For any text: parsing never raises, every position it reports lies inside the file, the result is
the same every time, each logical line maps its characters back to the file, and the pip model
answers (with ranges in order) for every line. The quick path for plain lines (with `--hash`
options or without) must agree with judging every era and build what the full parse builds.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from enginelint.diagnostics import Span
from enginelint.files import TextFile
from enginelint.parsers import pip_releases
from enginelint.parsers.requirement_grammars import legacy_error, marker_error, modern_error
from enginelint.parsers.requirement_lines import logical_lines
from enginelint.parsers.requirements import (
    Include,
    InvalidLine,
    OptionLine,
    Requirement,
    parse_requirements_text,
)

_PIECES = (
    "flask", "Flask", "zope.interface", "a_", "x", "requests[security]", "[", "]", ",", " ",
    "  ", "\t", "==", ">=", "<", "~=", "===", "!=", ">", "=", "1.0", "2.*", "1.0+local", "v1",
    "1!2", ".post1", "rc1", "(", ")", ";", "; ", 'python_version >= "3.8"', "sys_platform",
    "and", "or", "'linux'", '"', "'", "@", " @ ", "https://example.com/p-1.0.tar.gz",
    "git+https://github.com/o/r.git", "@v1.0", "#egg=r", "#egg=r==1", "#", " # c", "-e ",
    "-e", "-r ", "-c ", "--hash=sha256:", "--hash=md5:0", "0" * 8, "--config-settings=k=v",
    "-C", "--install-option=x", "--global-option=x", "--use-feature=fast-deps", "--pre",
    "--index-url", " https://pypi.org/simple", "${HOME}", "./mylib", ".", "/abs", "file:",
    "file:///etc/x.txt", "\\", "\\\n", "\n", "\r\n", "\r", "\x0c", "\u2028", "\ufeff",
    "\u00a0", "é", "\x00",
)  # fmt: skip

requirement_text = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=40).map("".join),
    st.text(max_size=200),
)


def _spans(entry: object) -> list[Span]:
    spans: list[Span] = [entry.span]  # type: ignore[attr-defined]
    if isinstance(entry, Requirement):
        spans.append(entry.line_span)
        spans.extend(
            s for s in (entry.specifier_span, entry.marker_span, entry.options_span) if s
        )
    elif isinstance(entry, Include):
        spans.append(entry.target_span)
    elif isinstance(entry, OptionLine):
        spans.extend(s for group in entry.value_spans.values() for s in group)
    return spans


def _inside(file: TextFile, span: Span) -> bool:
    for position in (span.start, span.end):
        if not 1 <= position.line <= max(file.line_count, 1):
            return False
        length = len(file.line(position.line)) if file.line_count else 0
        if not 1 <= position.column <= length + 1:
            return False
    return (span.start.line, span.start.column) <= (span.end.line, span.end.column)


@settings(deadline=None)
@given(requirement_text, st.booleans())
def test_parsing_never_raises_and_every_span_is_in_the_file(text: str, constraint: bool) -> None:
    file = TextFile("requirements.txt", text)
    view = parse_requirements_text(file, is_constraint=constraint)
    for entry in view.entries:
        assert isinstance(entry, (Requirement, Include, OptionLine, InvalidLine))
        for span in _spans(entry):
            assert _inside(file, span), (entry, span)


@settings(deadline=None)
@given(requirement_text, st.booleans())
def test_parsing_is_deterministic(text: str, constraint: bool) -> None:
    first = parse_requirements_text(TextFile("requirements.txt", text), constraint)
    second = parse_requirements_text(TextFile("requirements.txt", text), constraint)
    assert repr(first.entries) == repr(second.entries)


@settings(deadline=None)
@given(requirement_text)
def test_logical_lines_map_back_to_the_file(text: str) -> None:
    for line in logical_lines(text):
        assert line.text and line.text == line.text.strip()
        for index, character in enumerate(line.text):
            offset = line.offset(index)
            assert 0 <= offset < len(text)
            # A comment line joined to a continuation reads as one space.
            assert text[offset] == character or character == " "


@settings(deadline=None)
@given(requirement_text, st.sampled_from([1, 2, 3, 5, 1 << 15]))
def test_a_column_known_while_splitting_is_the_files_own(text: str, stretch: int) -> None:
    # A one-piece line carries its position when the line count so far is `TextFile`'s (no
    # form feed, `\x85`, `\u2028`… before it): it must be what the file's lookup gives.
    from enginelint.diagnostics import Position
    from enginelint.parsers import requirement_lines

    file = TextFile("requirements.txt", text)
    original = requirement_lines._STRETCH
    requirement_lines._STRETCH = stretch
    try:
        lines = list(logical_lines(text))
    finally:
        requirement_lines._STRETCH = original
    for line in lines:
        if line.column:
            assert len(line.pieces) == 1
            assert Position(line.number, line.column) == file.position(line.pieces[0][1])
    if not any(character in text for character in "\\\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
        assert all(line.column for line in lines)  # no continuation, no other break


@settings(deadline=None)
@given(requirement_text, st.sampled_from([1, 2, 3, 5, 1 << 15]))
def test_physical_lines_are_those_of_splitlines_whatever_the_stretch(
    text: str, stretch: int
) -> None:
    # Lines are split a stretch at a time; a `\r\n` or a line cut by a stretch's end must come
    # out as `str.splitlines` (pip's reading) gives them for the whole text.
    from enginelint.parsers import requirement_lines

    expected, offset = [], 0
    for line in text.splitlines(keepends=True):
        content = line.splitlines()[0] if line.splitlines() else ""
        expected.append((offset, content))
        offset += len(line)
    original = requirement_lines._STRETCH
    requirement_lines._STRETCH = stretch
    try:
        assert list(requirement_lines._physical(text)) == expected
    finally:
        requirement_lines._STRETCH = original


@settings(deadline=None)
@given(requirement_text, st.booleans())
def test_the_pip_model_answers_every_line_with_ordered_ranges(text: str, constraint: bool) -> None:
    for line in logical_lines(text):
        for rejection in pip_releases.judge(line.text, constraint):
            assert rejection.reason
            if rejection.since and rejection.until:
                key = pip_releases.version_key
                assert key(rejection.since) < key(rejection.until)


_PLAIN = st.builds(
    lambda name, specs, marker: name + ",".join(specs) + marker,
    st.sampled_from(["x", "flask", "a.b-c_d", "Flask[async]", "z9"]),
    st.lists(
        st.sampled_from(
            ["==1.0", ">=2", "<3", "!=1.5", "~=1.4", "==2.*", "!=1.*", ">=1.0rc1", "<2.0.post1",
             "==1.0.dev0", "~=1.4.5", " >= 1 ", "== 2.0"]
        ),
        max_size=3,
    ),
    st.sampled_from(["", "; python_version >= '3.8'", ';sys_platform=="linux"', "; bogus"]),
)  # fmt: skip


@settings(deadline=None)
@given(_PLAIN)
def test_the_quick_path_agrees_with_judging_every_era(line: str) -> None:
    requirement, _ = pip_releases._break_args_options(line)
    if not pip_releases._plain(requirement):
        return
    memo: dict[str, object] = {}
    for era in pip_releases.ERAS:
        assert pip_releases._verdict(requirement, [], False, era, memo) is None  # type: ignore[arg-type]


@settings(deadline=None)
@given(st.text(max_size=120))
def test_the_grammars_never_raise(text: str) -> None:
    for check in (legacy_error, modern_error, marker_error):
        result = check(text)
        assert result is None or isinstance(result, str)


@settings(deadline=None)
@given(_PLAIN)
def test_plain_lines_built_directly_equal_the_full_parse(line: str) -> None:
    from enginelint.parsers import requirements as module
    from enginelint.parsers.requirement_lines import logical_lines as lines

    if not pip_releases.is_plain(line):
        return
    file = TextFile("requirements.txt", line + "\n")
    logical = next(lines(file.text))
    context = module.LineContext(file, logical)
    quick = module.plain_record(context, logical.text)
    if quick is None:
        return
    full = _full_records(file, context, is_constraint=False)
    assert repr(quick) == repr(full)


@settings(deadline=None)
@given(_PLAIN)
def test_plain_constraint_lines_are_read_alike_and_built_directly(line: str) -> None:
    """A constraints file takes the quick path only for a plain line without extras: every
    modelled pip accepts it there too, and the record is the full parse's."""
    from enginelint.parsers import requirements as module
    from enginelint.parsers.requirement_lines import logical_lines as lines

    parts = pip_releases.plain_parts(line, is_constraint=True)
    if "[" in line or not pip_releases.is_plain(line):
        assert parts is None
        return
    assert parts is not None
    assert pip_releases.judge(line, is_constraint=True) == ()
    file = TextFile("constraints.txt", line + "\n")
    logical = next(lines(file.text))
    context = module.LineContext(file, logical)
    quick = module.plain_record(context, logical.text, *parts, is_constraint=True)
    if quick is None:
        return
    full = _full_records(file, context, is_constraint=True)
    assert repr(quick) == repr(full)


_HASH_OPTIONS = st.lists(
    st.sampled_from(
        ["--hash=sha256:0f3a", "--hash=sha512:", "--hash=sha384:ab:cd=e", "--hash=md5:00",
         "--hash=sha256", "--hash", "sha256:00", "--has=sha256:00", "--hash='sha256:00'",
         "--index-url=x", "-e", "--hash=SHA256:00"]
    ),
    max_size=3,
)  # fmt: skip


@settings(deadline=None)
@given(_PLAIN, _HASH_OPTIONS, st.sampled_from([" ", "  ", " \t"]))
def test_lines_with_hashes_built_directly_equal_the_full_parse(
    line: str, options: list[str], space: str
) -> None:
    from enginelint.parsers import requirements as module
    from enginelint.parsers.requirement_lines import logical_lines as lines

    text = space.join([line, *options]).strip()
    parts = pip_releases.plain_parts(text)
    if parts is None:
        return
    # Every modelled pip reads the line alike: the quick path skips nothing the model says.
    assert pip_releases.judge(text) == ()
    file = TextFile("requirements.txt", text + "\n")
    logical = next(lines(file.text))
    context = module.LineContext(file, logical)
    quick = module.plain_record(context, logical.text, *parts)
    if quick is None:
        return
    full = _full_records(file, context, is_constraint=False)
    assert repr(quick) == repr(full)


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t\r\n\x0b\x0c\xa0\u2028-=ab1:"), max_size=40))
def test_splitting_plain_options_is_shlex(text: str) -> None:
    import shlex

    assert pip_releases.split_words(text) == shlex.split(text)


def _full_records(file: TextFile, context: Any, is_constraint: bool) -> list[Any]:
    """What the full path (pip's own option parser) builds from the line."""
    from enginelint.parsers import requirements as module

    parser = __import__("pip_requirements_parser").build_parser()
    module._add_modern_options(parser)

    def invalid(reason: str) -> InvalidLine:
        raise AssertionError(reason)

    return module._records(file, context, is_constraint, parser, invalid)
