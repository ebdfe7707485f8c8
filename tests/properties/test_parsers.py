"""Properties of every parser (requirements and .leanignore have their own suites): on any
input, valid or broken, no exception escapes, and every position a parser hands out lies inside
the file — and points at the text it claims to."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis.strategies import text

from enginelint.diagnostics import Span
from enginelint.files import TextFile, decode
from enginelint.parsers.engine_yaml import parse_engine_yaml
from enginelint.parsers.python_version import parse_python_version
from enginelint.parsers.run_command import parse_run
from enginelint.parsers.runtime_txt import parse_runtime_txt
from tests.properties.strategies import (
    budget,
    config_text,
    encoded,
    engine_yaml_text,
    python_version_text,
    raw_run_command,
    runtime_txt_text,
)


def decoded(name: str, data: bytes) -> TextFile | None:
    file = decode(name, data)
    return file if isinstance(file, TextFile) else None


def assert_inside(file: TextFile, span: Span) -> None:
    """`span` starts and ends on a line of `file`, at most one past its last character, and
    does not end before it starts."""
    for position in (span.start, span.end):
        assert 1 <= position.line <= file.line_count, (span, file.line_count)
        assert 1 <= position.column <= len(file.line(position.line)) + 1, (span, position)
    assert (span.start.line, span.start.column) <= (span.end.line, span.end.column), span


@budget(1.0)
@given(encoded(python_version_text()))
def test_python_version(data: bytes) -> None:
    file = decoded(".python-version", data)
    if file is None:
        return
    parsed = parse_python_version(file)
    for entry in parsed.entries:
        assert_inside(file, entry.span)
        line = file.line(entry.span.start.line)
        assert line[entry.span.start.column - 1 : entry.span.end.column - 1] == entry.text
        assert len(entry.shown) <= 60
        if entry.version is not None:
            # Every part of a version can be shown, whatever its length.
            assert str(entry.version.major) and str(entry.version.minor)
    assert_inside(file, parsed.content_span)


@budget(1.0)
@given(encoded(runtime_txt_text()))
def test_runtime_txt(data: bytes) -> None:
    file = decoded("runtime.txt", data)
    if file is None:
        return
    parsed = parse_runtime_txt(file)
    assert_inside(file, parsed.span)
    if parsed.text is not None:
        start, end = file.offset(parsed.span.start), file.offset(parsed.span.end)
        assert file.text[start:end] == file.text.strip()


@budget(1.5)
@given(encoded(engine_yaml_text()))
def test_engine_yaml(data: bytes) -> None:
    file = decoded("leanengine.yaml", data)
    if file is None:
        return
    config, problem = parse_engine_yaml(file)
    assert config is not None or problem is not None or not file.text.strip("\ufeff \t\r\n")
    if problem is not None:
        message, span = problem
        assert message and "\n" not in message
        assert_inside(file, span)
    if config is None:
        return
    for path in list(config._locations):
        for span in (config.key_span(*path), config.value_span(*path)):
            if span is not None:
                assert_inside(file, span)
        value = _at(config.data, path)
        if isinstance(value, str) and value:
            piece = config.substring_span(path, 0, len(value))
            assert piece is not None
            assert_inside(file, piece)
        str(value)  # every value can be shown, numbers of any length included
    for info in config.scalars():
        assert_inside(file, info.span)
        str(info.yaml11_value())
    for duplicate in config.duplicates:
        assert_inside(file, duplicate.span)


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


@budget(1.5)
@given(raw_run_command())
def test_run_command(text: str) -> None:
    parsed = parse_run(text)
    for problem in parsed.errors:
        assert 0 <= problem.start <= problem.end <= len(text), problem
    for command in parsed.commands:
        for word in (*command.argv, *command.wrappers):
            assert 0 <= word.start <= word.end <= len(text), word
            for start, end in word.offsets:
                assert 0 <= start <= end <= len(text)
            if word.text:
                start, end = word.raw()
                assert 0 <= start <= end <= len(text)
    for reference in parsed.references:
        assert 0 <= reference.raw_start <= reference.raw_end <= len(text)


@budget(1.0)
@given(config_text())
def test_config(text: str) -> None:
    """A settings file is read into a Config or refused with one line naming the file; any
    other exception would be exit 3."""
    from enginelint.config import ConfigError, load_config

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".enginelint.toml").write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            load_config(root)
        except ConfigError as error:
            message = str(error)
            assert message.startswith(".enginelint.toml"), message
            assert "\n" not in message and "\r" not in message


@given(text(alphabet="ab #\r\n\t", max_size=60))
def test_lines_are_where_every_line_break_says(source: str) -> None:
    # The line table is built two ways (a split when the text has no CR); both must agree with
    # the definition: a line starts after each CRLF, CR or LF.
    import re

    file = TextFile("f.txt", source)
    starts = [0, *(match.end() for match in re.finditer(r"\r\n|\r|\n", source))]
    assert file.line_count == len(starts)
    for number, start in enumerate(starts, 1):
        assert file.position(start).line == number
        assert source[start:].startswith(file.line(number))
