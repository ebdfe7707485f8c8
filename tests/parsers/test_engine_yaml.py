"""The leanengine.yaml parser: positions, YAML typing, aliases, duplicates, bad input."""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any, Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enginelint.diagnostics import Span
from enginelint.files import TextFile
from enginelint.parsers.engine_yaml import (
    MAX_ALIAS_NODES,
    MAX_CHARACTERS,
    MAX_DEPTH,
    EngineConfig,
    SchemaViolation,
    describe_path,
    did_you_mean,
    engine_config,
    parse_engine_yaml,
    schema_errors,
    validate,
    yaml11_value,
)
from enginelint.project import Project
from tests.helpers import write_project


def parse(text: str) -> tuple[Optional[EngineConfig], Optional[tuple[str, Span]]]:
    return parse_engine_yaml(TextFile("leanengine.yaml", text))


def config_of(text: str) -> EngineConfig:
    config, problem = parse(text)
    assert problem is None, problem
    assert config is not None
    return config


def problem_of(text: str) -> tuple[str, Span]:
    _config, problem = parse(text)
    assert problem is not None, "expected an EL004 problem"
    return problem


def covered(text: str, span: Optional[Span]) -> str:
    """The text a span covers."""
    assert span is not None
    file = TextFile("leanengine.yaml", text)
    return text[file.offset(span.start) : file.offset(span.end)]


def violations(text: str) -> list[SchemaViolation]:
    return list(validate(config_of(text)))


# --- data and positions ------------------------------------------------------------------------
def test_key_and_value_spans_point_at_the_exact_text() -> None:
    text = (
        "# comment\nstartupTimeout:   60   # seconds\n"
        "systemDependencies:\n  - ffmpeg\n  - 'fonts-noto'\n"
    )
    config = config_of(text)
    assert config.data == {"startupTimeout": 60, "systemDependencies": ["ffmpeg", "fonts-noto"]}
    assert config.key_span("startupTimeout") == Span.of(2, 1, 2, 15)
    assert config.value_span("startupTimeout") == Span.of(2, 19, 2, 21)
    assert covered(text, config.value_span("systemDependencies", 0)) == "ffmpeg"
    assert covered(text, config.value_span("systemDependencies", 1)) == "'fonts-noto'"
    assert config.key_span("systemDependencies", 1) is None
    # A block collection's span ends at its last item, not at the next key's line.
    assert config.value_span("systemDependencies") == Span.of(4, 3, 5, 17)
    assert config.value_span("nope") is None
    assert config.has("startupTimeout") and not config.has("nope")


def test_flow_collections_and_nested_paths() -> None:
    text = "extraPorts: [{name: game, protocol: udp, containerPort: 7000}]\n"
    config = config_of(text)
    assert covered(text, config.key_span("extraPorts", 0, "containerPort")) == "containerPort"
    assert covered(text, config.value_span("extraPorts", 0, "containerPort")) == "7000"
    assert covered(text, config.value_span("extraPorts")) == text.split(": ", 1)[1].rstrip("\n")


def test_empty_value_is_a_point_right_after_the_colon() -> None:
    text = "startupTimeout:\n\n# later\nbuildRoot: app\n"
    config = config_of(text)
    assert config.data == {"startupTimeout": None, "buildRoot": "app"}
    assert config.value_span("startupTimeout") == Span.of(1, 16, 1, 16)


def test_anchor_and_tag_are_not_part_of_the_value_span() -> None:
    text = "startupTimeout: !!int &t 60\n"
    config = config_of(text)
    assert covered(text, config.value_span("startupTimeout")) == "60"


def test_positions_with_crlf_and_wide_characters() -> None:
    text = 'buildRoot: "应用"\r\nstartupTimeout: 60\r\n'
    config = config_of(text)
    assert config.value_span("buildRoot") == Span.of(1, 12, 1, 16)
    assert config.value_span("startupTimeout") == Span.of(2, 17, 2, 19)


def test_a_utf8_bom_does_not_shift_columns(tmp_path: Path) -> None:
    (tmp_path / "leanengine.yaml").write_bytes(b"\xef\xbb\xbfstartupTimeout: 60\n")
    config = engine_config(Project(tmp_path))
    assert config is not None
    assert config.key_span("startupTimeout") == Span.of(1, 1, 1, 15)


def test_empty_and_comment_only_files_have_no_data_and_no_problem() -> None:
    for text in ("", "\n\n", "# only a comment\n", "---\n", "~\n"):
        config, problem = parse(text)
        assert problem is None
        assert config is not None and config.data is None


def test_yaml_1_2_typing() -> None:
    text = (
        "a: yes\nb: 0755\nc: 0x1F\nd: 1.5\ne: ~\nf: true\ng: '60'\nh: 1:30\ni: .inf\nj: 0o17\n"
        "k: -12\n"
    )
    data = config_of(text).data
    assert data == {
        "a": "yes",
        "b": 755,
        "c": 31,
        "d": 1.5,
        "e": None,
        "f": True,
        "g": "60",
        "h": "1:30",
        "i": math.inf,
        "j": 15,
        "k": -12,
    }
    assert data["f"] is True and type(data["b"]) is int


def test_yaml_1_1_directive_is_honoured() -> None:
    assert config_of("%YAML 1.1\n---\na: yes\n").data == {"a": True}


def test_scalar_info_keeps_style_and_source() -> None:
    text = "a: yes\nb: 'yes'\nc: |\n  x\n"
    config = config_of(text)
    a, b, c = (config.scalar(k) for k in "abc")
    assert a is not None and a.plain and a.source == "yes" and a.yaml11_value() is True
    assert b is not None and b.style == "'" and b.source == "'yes'" and b.yaml11_value() == "yes"
    assert c is not None and c.style == "|" and c.text == "x\n"
    keys = [s.text for s in config.scalars() if s.is_key]
    assert keys == ["a", "b", "c"]
    assert [s.text for s in config.scalars() if not s.is_key] == ["yes", "yes", "x\n"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True),
        ("On", True),
        ("n", False),
        ("OFF", False),
        ("~", None),
        ("0755", 0o755),
        ("0x1F", 31),
        ("0b101", 5),
        ("1_000", 1000),
        ("1e3", 1000.0),
        ("1:30", "1:30"),
        ("yEs", "yEs"),
        ("60s", "60s"),
    ],
)
def test_yaml11_value_follows_go_yaml_v2(text: str, expected: Any) -> None:
    assert yaml11_value(text) == expected


# --- duplicates, aliases, merges ---------------------------------------------------------------
def test_duplicate_keys_last_wins_and_are_recorded() -> None:
    text = "startupTimeout: 30\nbuildRoot: app\nstartupTimeout: 90\n"
    config = config_of(text)
    assert config.get("startupTimeout") == 90
    assert config.value_span("startupTimeout") == Span.of(3, 17, 3, 19)
    (duplicate,) = config.duplicates
    assert duplicate.path == ("startupTimeout",)
    assert duplicate.span == Span.of(3, 1, 3, 15)
    assert duplicate.first == Span.of(1, 1, 1, 15)


def test_duplicate_nested_keys_drop_the_stale_positions() -> None:
    config = config_of("static:\n  publicDir: a\nstatic: x\n")
    assert config.get("static") == "x"
    assert not config.has("static", "publicDir")


def test_alias_values_point_at_the_alias() -> None:
    text = "install: &steps [echo a, echo b]\nbuild: *steps\n"
    config = config_of(text)
    assert config.get("build") == ["echo a", "echo b"]
    assert covered(text, config.value_span("build")) == "*steps"
    assert covered(text, config.value_span("build", 1)) == "echo b"


def test_merge_keys_explicit_keys_win() -> None:
    text = "static: &base {publicDir: a, buildCmd: make}\nother:\n  <<: *base\n  publicDir: b\n"
    config = config_of(text)
    assert config.data["other"] == {"publicDir": "b", "buildCmd": "make"}
    assert covered(text, config.value_span("other", "publicDir")) == "b"
    assert config.duplicates == ()


def test_merge_of_a_scalar_is_a_problem() -> None:
    message, _ = problem_of("a: &x 1\nb:\n  <<: *x\n")
    assert "merge" in message


def test_billion_laughs_is_a_problem_and_fast() -> None:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for p, q in zip("abcdefgh", "bcdefghi"):
        text += f"{q}: &{q} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
    started = time.perf_counter()
    message, span = problem_of(text)
    assert time.perf_counter() - started < 1.0
    assert "billion laughs" in message and f"{MAX_ALIAS_NODES:,}" in message
    assert covered(text, span).startswith("*")


def test_many_small_aliases_are_fine() -> None:
    text = "install: &s [a]\n" + "".join(f"k{i}: *s\n" for i in range(100))
    assert config_of(text).get("k99") == ["a"]


def test_recursive_alias_is_a_problem() -> None:
    message, span = problem_of("systemDependencies: &d [ffmpeg, *d]\n")
    assert "contains it" in message
    assert span == Span.of(1, 33, 1, 35)


def test_undefined_alias_is_a_problem() -> None:
    message, span = problem_of("startupTimeout: *t\n")
    assert message == "alias `*t` has no anchor `&t` before it"
    assert span == Span.of(1, 17, 1, 19)


# --- syntax errors and hostile input ------------------------------------------------------------
def test_syntax_error_position_comes_from_the_parser() -> None:
    message, span = problem_of("buildRoot: app: web\n")
    assert message == "`leanengine.yaml` is not valid YAML: mapping values are not allowed here"
    assert span == Span.of(1, 15, 1, 16)


def test_unclosed_quote_points_at_the_end() -> None:
    message, span = problem_of("run: 'python app.py\n")
    assert "end of stream" in message
    assert span.start.line == 2


def test_control_character() -> None:
    message, span = problem_of("a: 1\nbuildRoot: a\x01b\n")
    assert "U+0001" in message
    assert span == Span.of(2, 13, 2, 14)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 5_000 + "}" * 5_000,
        "- " * 10_000 + "x\n",
        "[\n" * 10_000,
        "a: " + "[" * 10_000,
        "".join(" " * i + "k:\n" for i in range(200)),
    ],
    ids=["flow-sequences", "flow-mappings", "block-sequences", "multiline", "unclosed", "block"],
)
def test_deep_nesting_is_a_problem_not_a_crash(text: str) -> None:
    started = time.perf_counter()
    message, span = problem_of(text)
    assert time.perf_counter() - started < 1.0
    assert f"more than {MAX_DEPTH} levels" in message
    assert span != Span.point(1, 1)  # a position from the parser, not the 1:1 fallback


def test_deep_nesting_position_is_the_first_bracket_too_deep() -> None:
    _, span = problem_of("a: " + "[" * 500 + "]" * 500 + "\n")
    assert span == Span.of(1, 4 + MAX_DEPTH, 1, 5 + MAX_DEPTH)


@pytest.mark.parametrize(
    "text",
    [
        'build: "echo ' + "[" * 300 + '"\n',
        "build: 'echo " + "{" * 300 + "'\n",
        "build: echo " + "[" * 300 + "\n",
        "install: |\n  echo " + "[" * 300 + "\n  done\nbuild: x\n",
        "# " + "[" * 300 + "\nbuild: x\n",
    ],
    ids=["double-quoted", "single-quoted", "plain", "block-scalar", "comment"],
)
def test_brackets_inside_scalars_and_comments_are_not_nesting(text: str) -> None:
    config = config_of(text)
    assert config.data is not None


def test_huge_file_is_a_problem_and_fast() -> None:
    text = "".join(f"k{i}: value number {i}\n" for i in range(20_000))
    started = time.perf_counter()
    message, span = problem_of(text)
    assert time.perf_counter() - started < 0.5
    assert f"more than the {MAX_CHARACTERS:,}" in message
    assert span.start.line > 1


def test_multiple_documents_read_the_first_and_report_the_second() -> None:
    config, problem = parse("startupTimeout: 60\n---\nstartupTimeout: 90\n")
    assert config is not None and config.get("startupTimeout") == 60
    assert problem is not None
    assert "more than one YAML document" in problem[0]
    assert problem[1] == Span.of(2, 1, 2, 4)


def test_trailing_empty_documents_are_fine() -> None:
    assert parse("startupTimeout: 60\n---\n...\n---\n")[1] is None


def test_odd_keys_become_strings() -> None:
    config = config_of("1: a\nnull: b\n? [x, y]\n: c\n")
    assert config.data == {"1": "a", "null": "b", "[x, y]": "c"}


def test_never_raises_on_garbage() -> None:
    samples = [
        "\t\t", "- - -\n  -", "? ? ?", "&a", "*", "!<>", "%FOO\n---", "'''", '"\\q"', "{", "]",
        "a: !!binary zz", "a: !!int x", "a: !!float y", "<<: 1", "[*a]", "--- |\n bad\nindent",
        ":::", "a:\n- b\n c", "\ufeffa: 1", "key: \"\\U0001F600\"",
    ]  # fmt: skip
    for text in samples:
        config, problem = parse(text)
        assert config is not None or problem is not None


_TOKENS = [*"ab:-[]{},'\"&*!|>#?~0\\ \t\n", "<<", "---", "...", "\x07", "é", "  ", "\r\n", "yes"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join))
def test_parser_never_raises_and_spans_stay_in_the_file(text: str) -> None:
    config, problem = parse(text)
    assert config is not None or problem is not None
    file = TextFile("leanengine.yaml", text)
    end = file.position(len(text))
    if problem is not None:
        assert problem[1].end <= end
    if config is None:
        return
    validate(config)
    for info in config.scalars():
        assert info.span.start <= info.span.end <= end
        if not info.is_key:
            span = config.substring_span(info.path, 0, len(info.text))
            assert span is None or span.end <= end


# --- substring spans ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "run: gunicorn -b 127.0.0.1:8000 app:app\n",
        "run: 'it''s 127.0.0.1'\n",
        'run: "a\\tb \\u00e9 127.0.0.1"\n',
        'run: "line one\n  continues 127.0.0.1"\n',
        "run: python\n  app.py --host\n\n  127.0.0.1\n",
        "run: |\n  echo hi\n  gunicorn -b 127.0.0.1 x\n",
        "run: >-\n  gunicorn\n  -b 127.0.0.1\n  x\n",
        "run: >\n  a\n\n    indented 127.0.0.1\n  b\n",
        "run: |2-\n    x 127.0.0.1\n",
        'run: "escaped \\\n   break 127.0.0.1"\n',
        "run: x\r\n  y 127.0.0.1\r\n",
        "run: \"é中文 127.0.0.1\"\n",
    ],
    ids=[
        "plain", "single", "double-escapes", "double-folded", "plain-folded", "literal",
        "folded", "folded-more-indented", "literal-indent", "escaped-break", "crlf", "wide",
    ],
)  # fmt: skip
def test_substring_span_points_at_one_word(text: str) -> None:
    config = config_of(text)
    value = config.get("run")
    start = value.index("127.0.0.1")
    span = config.substring_span(("run",), start, start + len("127.0.0.1"))
    assert covered(text, span) == "127.0.0.1"


def test_substring_span_falls_back_to_the_value() -> None:
    text = "run: [a, b]\n"
    config = config_of(text)
    assert config.substring_span(("run",), 0, 1) == config.value_span("run")
    assert config_of("run: abc\n").substring_span(("run",), 2, 99) == Span.of(1, 6, 1, 9)


def test_substring_span_of_an_empty_range_is_a_point() -> None:
    config = config_of("run: abc\n")
    assert config.substring_span(("run",), 1, 1) == Span.of(1, 7, 1, 7)


# --- schema validation -----------------------------------------------------------------------
def test_integer_rejects_floats_and_booleans() -> None:
    for value in ("60.0", "60.5", "true", '"60"', "60s"):
        (found,) = violations(f"startupTimeout: {value}\n")
        assert found.code == "EL404", value
    assert violations("startupTimeout: 60\n") == []


def test_range_is_el405_and_a_type_error_is_not_also_a_range_error() -> None:
    (found,) = violations("startupTimeout: 200\n")
    assert (found.code, found.message) == (
        "EL405",
        "`startupTimeout` is 200; the platform accepts 15 to 120 seconds",
    )
    assert [v.code for v in violations('startupTimeout: "200"\n')] == ["EL404"]


def test_not_a_mapping_is_only_el401() -> None:
    found = violations("- bulid: x\n- startupTimeout: 1\n")
    assert [v.code for v in found] == ["EL401"]
    assert found[0].message.endswith("not a list")


def test_unquoted_yaml_1_1_boolean_is_left_to_el411() -> None:
    assert violations("exposeEnvironmentsOnBuild: yes\n") == []
    (found,) = violations("exposeEnvironmentsOnBuild: 'yes'\n")
    assert found.code == "EL404"


def test_unknown_key_message_suggestion_and_span() -> None:
    text = "startupTimeout: 60\nbulid: make\n"
    (found,) = violations(text)
    assert found.code == "EL402"
    assert found.message == "unknown key `bulid` — did you mean `build`?"
    assert found.replacement == "build"
    assert found.span == Span.of(2, 1, 2, 6)


def test_codes_come_from_the_schema_annotations() -> None:
    text = (
        "functionsMode: strictly\nruntime: python-3.10.9\ninstall: [5]\n"
        "extraPorts: [{name: a, protocol: sctp, containerPort: 70000}]\n"
    )
    codes = {(v.code, v.path) for v in violations(text)}
    assert codes == {
        ("EL406", ("functionsMode",)),
        ("EL408", ("runtime",)),
        ("EL409", ("install", 0)),
        ("EL413", ("extraPorts", 0, "protocol")),
        ("EL413", ("extraPorts", 0, "containerPort")),
    }


def test_missing_required_keys_are_one_violation() -> None:
    (found,) = violations("extraPorts: [{name: a}]\n")
    assert found.message == "`extraPorts[0]` is missing `protocol` and `containerPort`"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bulid", "build"),
        ("startupTimout", "startupTimeout"),
        ("runtimes", "runtime"),
        ("startup_timeout", "startupTimeout"),
        ("StartupTimeout", "startupTimeout"),
        ("systemDependency", "systemDependencies"),
        ("replicas", None),
    ],
)
def test_did_you_mean(name: str, expected: Optional[str]) -> None:
    known = ["run", "build", "install", "runtime", "startupTimeout", "systemDependencies"]
    assert did_you_mean(name, known) == expected


def test_describe_path() -> None:
    assert describe_path(()) == "`leanengine.yaml`"
    assert describe_path(("extraPorts", 0, "containerPort")) == "`extraPorts[0].containerPort`"


# --- through the Project -----------------------------------------------------------------------
def test_project_records_el004_and_caches(tmp_path: Path) -> None:
    write_project(tmp_path, {"leanengine.yaml": "a: b: c\n"})
    project = Project(tmp_path)
    assert engine_config(project) is None
    assert engine_config(project) is None
    (problem,) = project.problems("EL004")
    assert problem.path == "leanengine.yaml"
    assert problem.span == Span.of(1, 5, 1, 6)
    assert schema_errors(project) == ()


def test_project_reads_leanengine_yaml_at_the_root_even_with_build_root(tmp_path: Path) -> None:
    write_project(tmp_path, {"leanengine.yaml": "buildRoot: app\n", "app/wsgi.py": ""})
    project = Project(tmp_path)
    config = engine_config(project)
    assert config is not None and config.path == "leanengine.yaml"
    assert project.build_root == "app"
    assert engine_config(project) is config


def test_missing_file(tmp_path: Path) -> None:
    project = Project(tmp_path)
    assert engine_config(project) is None
    assert project.problems("EL004") == []
