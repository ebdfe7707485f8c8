"""The requirements.txt view: pip's grammar (through pip-requirements-parser) plus positions."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any, Optional

import pytest

from enginelint import files
from enginelint.diagnostics import Span
from enginelint.files import TextFile
from enginelint.parsers.requirements import (
    CONSTRAINT_INCLUDE,
    REQUIREMENT_INCLUDE,
    Include,
    InvalidLine,
    OptionLine,
    Requirement,
    RequirementsFile,
    parse_requirements_text,
)
from tests.helpers import lint_json, write_project


def parse(text: str, path: str = "requirements.txt") -> RequirementsFile:
    return parse_requirements_text(TextFile(path, text))


def at(span: Optional[Span]) -> str:
    assert span is not None
    return f"{span.start.line}:{span.start.column}-{span.end.line}:{span.end.column}"


def only(view: RequirementsFile) -> Any:
    assert len(view.entries) == 1, view.entries
    return view.entries[0]


# --- requirements ------------------------------------------------------------------------------


def test_named_requirement_fields() -> None:
    entry = only(parse("  Flask_Login[async,dotenv] >= 1.0 ; python_version >= '3.8'  # web\n"))
    assert isinstance(entry, Requirement)
    assert entry.name == "Flask_Login"
    assert entry.normalized_name == "flask-login"
    assert entry.extras == ("async", "dotenv")
    assert str(entry.specifier) == ">=1.0"
    assert entry.specifier_text == ">= 1.0"
    assert str(entry.marker) == 'python_version >= "3.8"'
    assert entry.is_named and not entry.editable and entry.url is None
    # The requirement proper: name to specifier; not the marker, not the comment.
    assert at(entry.span) == "1:3-1:35"
    assert at(entry.specifier_span) == "1:29-1:35"
    assert at(entry.marker_span) == "1:38-1:61"
    assert at(entry.line_span) == "1:3-1:61"
    assert entry.path == "requirements.txt"
    assert entry.line == 1


def test_parenthesised_specifier_excludes_the_parentheses() -> None:
    entry = only(parse("name ( >=1.0 )\n"))
    assert entry.specifier_text == ">=1.0"
    assert at(entry.specifier_span) == "1:8-1:13"
    assert entry.specifier_range == (7, 12)
    assert entry.requirement[7:12] == ">=1.0"


def test_no_specifier() -> None:
    entry = only(parse("Flask\n"))
    assert not entry.specifier
    assert entry.specifier_span is None and entry.specifier_range is None
    assert at(entry.span) == "1:1-1:6"


def test_continuation_lines_keep_positions_of_every_piece() -> None:
    view = parse("# head\nrequests>=2.31,\\\n    <3 \\\n    --hash=sha256:abc  # tail\nnext==1.0\n")
    first, second = view.requirements
    assert first.requirement == "requests>=2.31,    <3"
    assert first.hashes == ("sha256:abc",)
    assert at(first.span) == "2:1-3:7"
    assert at(first.specifier_span) == "2:9-3:7"
    assert at(first.options_span) == "4:5-4:22"
    assert first.line == 2
    assert second.line == 5 and at(second.span) == "5:1-5:10"


def test_crlf_and_utf8_bom() -> None:
    data = codecs.BOM_UTF8 + b"a==1\r\nb>=2\r\n"
    decoded = files.decode("requirements.txt", data, files.REQUIREMENTS)
    assert isinstance(decoded, TextFile)
    a, b = parse_requirements_text(decoded).requirements
    assert at(a.span) == "1:1-1:5"
    assert at(b.span) == "2:1-2:5"


def test_utf16_file_is_parsed() -> None:
    data = "é-pkg==1\nflask>=1\n".encode("utf-16")
    decoded = files.decode("requirements.txt", data, files.REQUIREMENTS)
    assert isinstance(decoded, TextFile)
    view = parse_requirements_text(decoded)
    assert isinstance(view.entries[0], InvalidLine)
    assert at(view.requirements[0].span) == "2:1-2:9"


def test_columns_count_code_points() -> None:
    view = parse("--index-url https://例え.example/simple\nfoo==1  # ünïcödé\n")
    option = view.options[0]
    assert option.options == {"index_url": "https://例え.example/simple"}
    assert at(option.value_spans["index_url"][0]) == "1:13-1:38"
    assert at(view.requirements[0].span) == "2:1-2:7"


def test_pip_line_breaks_that_are_not_newlines() -> None:
    # pip splits lines with str.splitlines(): a form feed ends a line for pip, not for editors.
    view = parse("a==1\x0cb==2\n")
    a, b = view.requirements
    assert at(a.span) == "1:1-1:5"
    assert at(b.span) == "1:6-1:10"


def test_url_name_at_url_path_and_editables() -> None:
    view = parse(
        "foo @ https://example.com/foo-1.0.tar.gz ; python_version < '3.12'\n"
        "https://example.com/bar-2.0.tar.gz\n"
        "./vendor/baz\n"
        "-e git+https://github.com/o/qux.git@abc1234#egg=qux\n"
        "--editable=./local\n"
    )
    named_url, bare_url, path, vcs, local = view.requirements
    assert named_url.name == "foo" and named_url.is_name_at_url
    assert named_url.url == "https://example.com/foo-1.0.tar.gz"
    assert at(named_url.span) == "1:1-1:41"
    assert at(named_url.marker_span) == "1:44-1:67"
    assert not named_url.is_named
    assert bare_url.name is None and bare_url.url == "https://example.com/bar-2.0.tar.gz"
    assert not bare_url.is_local_path
    assert path.is_local_path and path.url == "./vendor/baz"
    assert vcs.editable and vcs.is_vcs and vcs.name == "qux" and not vcs.is_local_path
    assert at(vcs.span) == "4:4-4:52"
    assert local.editable and local.is_local_path
    assert at(local.span) == "5:12-5:19"


def test_hash_in_url_fragment_is_not_a_comment() -> None:
    entry = only(parse("https://example.com/p.zip#egg=p  # a comment\n"))
    assert entry.url == "https://example.com/p.zip#egg=p"
    assert entry.name == "p"


# --- includes and options ---------------------------------------------------------------------


def test_includes_carry_their_file_and_target_span() -> None:
    view = parse("-r base.txt\n--constraint=constraints.txt\n", path="sub/requirements.txt")
    first, second = view.includes
    assert (first.kind, first.target, first.path) == (
        REQUIREMENT_INCLUDE,
        "base.txt",
        "sub/requirements.txt",
    )
    assert at(first.target_span) == "1:4-1:12"
    assert (second.kind, second.target) == (CONSTRAINT_INCLUDE, "constraints.txt")
    assert at(second.target_span) == "2:14-2:29"
    assert not view.options


def test_option_value_is_found_as_a_word_not_a_substring() -> None:
    option = only(parse("--index-url x\n"))
    assert isinstance(option, OptionLine)
    # "x" also occurs inside "--index-url"; the value is the word after it.
    assert at(option.value_spans["index_url"][0]) == "1:13-1:14"


def test_option_lines() -> None:
    view = parse("-i https://pypi.org/simple\n--pre\n--trusted-host example.com\n")
    index, pre, trusted = view.options
    assert index.options == {"index_url": "https://pypi.org/simple"}
    assert pre.options == {"pre": True} and pre.value_spans == {}
    assert trusted.options == {"trusted_hosts": ["example.com"]}
    assert at(trusted.value_spans["trusted_hosts"][0]) == "3:16-3:27"


def test_ignored_options_and_arguments() -> None:
    view = parse(
        "foo==1.0 --index-url https://x.example/simple\n    --hash=sha256:abc\n--pre bar==2.0\n"
    )
    requirement = view.requirements[0]
    assert requirement.ignored_options == {"index_url": "https://x.example/simple"}
    assert at(requirement.options_span) == "1:10-1:46"
    orphan, trailing = view.options
    assert orphan.ignored_options == {"hashes": ["sha256:abc"]}
    assert trailing.options == {"pre": True}
    assert trailing.ignored_arguments == ("bar==2.0",)


def test_option_defaults_do_not_leak_between_lines() -> None:
    view = parse("a==1 --hash=sha256:one\nb==2 --hash=sha256:two\nc==3\n--pre\n")
    a, b, c = view.requirements
    assert a.hashes == ("sha256:one",)
    assert b.hashes == ("sha256:two",)
    assert c.hashes == ()
    assert view.options[0].ignored_options == {}


# --- invalid lines -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("flask=1.0", "`=` is not a version operator"),
        ("django>=", "`>=` is not followed by a version"),
        ("x~=1", "`~=` needs a version with at least two segments"),
        ("x~=1 ; python_version > '3'", "`~=` needs a version with at least two segments"),
        ("foo; python_version >>= '3'", "invalid environment marker"),
        ("foo; platform == 'linux'", "invalid environment marker"),
        ("--no-such-option", "no such option: --no-such-option"),
        ("--allow-external foo", "`--allow-external` is a legacy option"),
        ("-r", "-r option requires 1 argument"),
        ('foo --hash="sha256:x', "no closing quotation"),
        ("foo bar", "expected semicolon"),
        ("./dist/not-a-wheel.whl", "not a valid wheel filename"),
    ],
)
def test_invalid_lines(line: str, reason: str) -> None:
    entry = only(parse(f"  {line}  # why\n"))
    assert isinstance(entry, InvalidLine)
    assert reason in entry.reason, entry.reason
    assert "\n" not in entry.reason
    assert entry.text == line
    assert at(entry.span) == f"1:3-1:{3 + len(line)}"


def test_env_variables_are_marked() -> None:
    entry = only(parse("foo==${FOO_VERSION}\n"))
    assert isinstance(entry, InvalidLine) and entry.uses_environment


def test_deeply_nested_marker_is_an_invalid_line_not_a_crash() -> None:
    line = "foo; " + "(" * 3000 + "python_version > '3'" + ")" * 3000
    entry = only(parse(line + "\n"))
    assert isinstance(entry, InvalidLine)


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "# only a comment\n", "\\\n", "\\", "   \\\n\\\n", "\t\x0b\x0c\n"],
)
def test_degenerate_files(text: str) -> None:
    view = parse(text)
    for entry in view.entries:
        assert isinstance(entry, (Requirement, Include, OptionLine, InvalidLine))


def test_project_view_is_cached_and_read_under_build_root(tmp_path: Path) -> None:
    from enginelint.parsers.requirements import requirements_file
    from enginelint.project import Project

    write_project(tmp_path, {"requirements.txt": "a==1\n"})
    project = Project(tmp_path)
    view = requirements_file(project)
    assert view is not None and view.path == "requirements.txt"
    assert requirements_file(project) is view
    assert requirements_file(Project(tmp_path / "missing")) is None


# --- the rules on top of the view ------------------------------------------------------------

BASE = {
    "wsgi.py": "def application(environ, start_response):\n"
    '    start_response("200 OK", [])\n'
    '    return [b"ok"]\n',
    ".python-version": "3.11\n",
}


def findings(tmp_path: Path, requirements: str, code: str) -> list[dict[str, Any]]:
    write_project(tmp_path, {**BASE, "requirements.txt": requirements})
    return [d for d in lint_json(tmp_path) if d["code"] == code]


@pytest.mark.parametrize(
    ("line", "edit"),
    [
        ("Flask>=1.0.0", ",<2"),
        ("requests>2", ",<3"),
        ("a>=1.0,>=2.5", ",<3"),
        ("b>=1!2.0", ",<1!3"),
        ("c>=2.0,!=2.*", ",<4"),
        ("d>=1,", "<2"),
        ("e>=3.0rc1", ",<4"),
    ],
)
def test_major_cap_fix(tmp_path: Path, line: str, edit: str) -> None:
    (finding,) = findings(tmp_path, line + "\n", "EL202")
    fix = finding["fix"]
    assert fix["applicability"] == "safe"
    (change,) = fix["edits"]
    assert change["content"] == edit
    assert change["start"] == change["end"] == {"line": 1, "column": len(line.rstrip()) + 1}
    assert f"`{line}{edit}`" in finding["message"]


@pytest.mark.parametrize(
    "line", ["a==1.*", "b===1.0", "c~=1.4", "d<3", "e<=2.0", "f>=1,<2", "g", "h @ https://x/h.zip"]
)
def test_capped_or_not_applicable(tmp_path: Path, line: str) -> None:
    assert findings(tmp_path, line + "\n", "EL202") == []


def test_exclusion_only_has_no_fix(tmp_path: Path) -> None:
    (finding,) = findings(tmp_path, "x!=2.0\n", "EL202")
    assert finding["fix"] is None
    assert (finding["start"], finding["end"]) == (
        {"line": 1, "column": 1},
        {"line": 1, "column": 7},
    )


def test_unpinned_skips_urls_editables_and_paths(tmp_path: Path) -> None:
    text = "Flask\nfoo @ https://x/foo.zip\n-e ./local\n./path\nflask-login[x]\n"
    got = findings(tmp_path, text, "EL201")
    assert [(d["start"]["line"], d["start"]["column"], d["end"]["column"]) for d in got] == [
        (1, 1, 6),
        (5, 1, 15),
    ]


def test_env_variable_line_is_not_reported(tmp_path: Path) -> None:
    assert findings(tmp_path, "foo==${FOO_VERSION}\n", "EL203") == []


def test_ignored_parts_are_warnings(tmp_path: Path) -> None:
    got = findings(tmp_path, "foo==1 --index-url https://x/simple\n", "EL203")
    assert [d["severity"] for d in got] == ["warning"]
    assert got[0]["start"] == {"line": 1, "column": 8}


def test_config_settings_is_a_known_per_requirement_option() -> None:
    # pip 23.1 added `--config-settings`; the grammar we reuse predates it.
    view = parse("foo==1.0 --config-settings editable_mode=compat\n")
    assert view.invalid == []
    assert [r.name for r in view.requirements] == ["foo"]
    assert parse("foo==1.0 --no-such-option x\n").invalid
