"""leanengine.yaml checks beyond the schema: YAML 1.1 readings, duplicates, legacy keys, build
steps, buildRoot — and the EL403/EL411 fixes through the real command."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest

from enginelint.diagnostics import Span
from enginelint.files import TextFile
from enginelint.parsers.engine_yaml import (
    EngineConfig,
    build_root_value,
    build_step_note,
    duplicate_keys,
    legacy_keys,
    parse_engine_yaml,
    required_paths,
    validate,
    yaml11_ambiguities,
)
from tests.helpers import run_cli, write_project


def config_of(text: str) -> EngineConfig:
    config, problem = parse_engine_yaml(TextFile("leanengine.yaml", text))
    assert problem is None and config is not None, problem
    return config


def covered(text: str, span: Optional[Span]) -> str:
    assert span is not None
    file = TextFile("leanengine.yaml", text)
    return text[file.offset(span.start) : file.offset(span.end)]


# --- EL411: what Go's yaml.v2 reads differently ---------------------------------------------------
@pytest.mark.parametrize(
    ("scalar", "flagged"),
    [
        ("yes", True),
        ("Yes", True),
        ("YES", True),
        ("no", True),
        ("On", True),
        ("OFF", True),
        ("y", True),
        ("N", True),
        ("yEs", False),  # not one of yaml.v2's three casings: a string there too
        ("0755", True),
        ("060", True),
        ("-010", True),
        ("08", True),  # not octal for Go: the float 8.0, still not YAML 1.2's integer 8
        ("0", False),
        ("0o755", False),
        ("0x1F", False),
        ("1_000", False),
        ("1:30", False),  # yaml.v2 has no base-60 numbers: the string "1:30" in both
        ("190:20:30", False),
        ("2001-12-14", False),  # yaml.v2 hands timestamps to untyped values as strings
        ("true", False),
        ("False", False),
        ("~", False),
        ("null", False),
        ("60", False),
        ("1.5", False),
        ("1e3", False),
        (".inf", False),
        ("'yes'", False),
        ('"0755"', False),
        ("yes please", False),
    ],
)
def test_yaml11_ambiguity(scalar: str, flagged: bool) -> None:
    text = f"build:\n  - {scalar}\n"
    notes = yaml11_ambiguities(config_of(text), ())
    assert bool(notes) is flagged, [n.message for n in notes]
    if flagged:
        assert covered(text, notes[0].span) == scalar


def test_yaml11_ambiguity_skips_keys_and_values_the_schema_rejects() -> None:
    config = config_of("yes: 1\nfunctionsMode: off\nrun: [on]\nstartupTimeout: 060\n")
    notes = yaml11_ambiguities(config, validate(config))
    assert [covered(config.file.text, n.span) for n in notes] == ["060"]


def test_yaml11_boolean_setting_gets_a_replacement_string_setting_does_not() -> None:
    config = config_of("exposeEnvironmentsOnBuild: On\nrun: on\n")
    notes = yaml11_ambiguities(config, validate(config))
    assert [(covered(config.file.text, n.span), n.replacement) for n in notes] == [
        ("On", "true"),
        ("on", None),
    ]
    assert "octal" not in notes[0].message and "the boolean true" in notes[0].message


def test_yaml11_octal_message_names_both_readings() -> None:
    (note,) = yaml11_ambiguities(config_of("startupTimeout: 0755\n"), ())
    assert "decimal 493" in note.message and "the integer 755" in note.message


# --- EL410 ----------------------------------------------------------------------------------------
def test_duplicates_point_at_later_keys_and_name_the_first_line() -> None:
    text = "build: a\nrun: x\nbuild: b\nbuild: c\n"
    notes = duplicate_keys(config_of(text))
    assert [(n.span.start.line, covered(text, n.span)) for n in notes] == [
        (3, "build"),
        (4, "build"),
    ]
    assert "first on line 1" in notes[0].message and "on line 4" in notes[0].message
    assert "keeps this later value" in notes[1].message


def test_merge_overrides_and_aliases_are_not_duplicates() -> None:
    text = (
        "extraPorts:\n"
        "  - &p {name: a, protocol: tcp, containerPort: 1}\n"
        "  - <<: *p\n"
        "    name: b\n"
        "  - *p\n"
    )
    assert duplicate_keys(config_of(text)) == []


def test_duplicate_in_nested_mapping() -> None:
    text = "static:\n  publicDir: a\n  publicDir: b\n"
    (note,) = duplicate_keys(config_of(text))
    assert note.message.startswith("`static.publicDir` is set again (first on line 2)")
    assert note.span.start.line == 3


# --- EL403 ----------------------------------------------------------------------------------------
def test_legacy_keys_in_file_order_with_replacements() -> None:
    text = "afterBuild: x\n'cmd': y\nstatic: {}\nrun: z\n"
    keys = legacy_keys(config_of(text))
    assert [(k.name, k.replacement, k.plain) for k in keys] == [
        ("afterBuild", "build", True),
        ("cmd", "run", False),
        ("static", None, True),
    ]
    assert covered(text, keys[1].key_span) == "'cmd'"


def test_cmd_fix_renames_the_key_keeps_comments_and_is_idempotent(tmp_path: Path) -> None:
    project = write_project(
        tmp_path / "p",
        {
            "wsgi.py": "def application(environ, start_response):\n    return [b'ok']\n",
            "requirements.txt": "requests>=2.31,<3\n",
            ".python-version": "3.11\n",
            "leanengine.yaml": (
                "# how to start\ncmd: python wsgi.py  # keep me\nstartupTimeout: 60\n"
            ),
        },
    )
    first = run_cli("--fix", "--select", "EL403", str(project))
    assert first.returncode == 0, first.stdout + first.stderr
    assert (project / "leanengine.yaml").read_text() == (
        "# how to start\nrun: python wsgi.py  # keep me\nstartupTimeout: 60\n"
    )
    again = run_cli("--fix", "--select", "EL403", str(project))
    assert again.returncode == 0 and "fixed" not in again.stderr


def test_cmd_is_not_renamed_when_run_is_set(tmp_path: Path) -> None:
    project = write_project(
        tmp_path / "p",
        {"leanengine.yaml": "run: a\ncmd: b\n", "wsgi.py": "", "requirements.txt": ""},
    )
    result = run_cli("--fix", "--select", "EL403", "--format", "concise", str(project))
    assert "`run` is set too, so remove `cmd`" in result.stdout
    assert (project / "leanengine.yaml").read_text() == "run: a\ncmd: b\n"


def test_yes_fix_writes_true(tmp_path: Path) -> None:
    project = write_project(
        tmp_path / "p",
        {"leanengine.yaml": "exposeEnvironmentsOnBuild: yes # env\n", "wsgi.py": "",
         "requirements.txt": ""},
    )
    run_cli("--fix", "--select", "EL411", str(project))
    assert (project / "leanengine.yaml").read_text() == "exposeEnvironmentsOnBuild: true # env\n"


# --- EL409 ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("step", "at", "words"),
    [
        ("{use: custom}", "custom", "the only step it names is `default`"),
        ("{use: default, require: [a]}", "require", "both `use` and `require`"),
        ("{requires: [a]}", "requires", "did you mean `require`?"),
        ("{require: a}", "a", "must be a list of paths"),
        ("{require: [a, [b]]}", "[b]", "must be a path, not a list"),
        ("{}", "{}", "an empty mapping"),
        ("[a, b]", "[a, b]", "not a list"),
    ],
)
def test_build_step_note_points_at_the_part_at_fault(step: str, at: str, words: str) -> None:
    text = f"install:\n  - echo ok\n  - {step}\n"
    config = config_of(text)
    (violation,) = [v for v in validate(config) if v.code == "EL409"]
    message, span = build_step_note(violation, config)
    assert covered(text, span) == at
    assert words in message


def test_required_paths_only_from_valid_require_steps() -> None:
    text = "install:\n  - {require: [a, 3, ./b/]}\n  - {require: x}\nbuild:\n  - require: [c]\n"
    found = required_paths(config_of(text))
    assert [(r.step, r.path, covered(text, r.span)) for r in found] == [
        ("install", "a", "a"),
        ("install", "./b/", "./b/"),
        ("build", "c", "c"),
    ]


# --- EL412 ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "folder"),
    [("app", "app"), ("app/", "app"), ("./app", "app"), ("/app", "app"), ("' app '", "app"),
     (".", None), ("''", None), ("/", None), ("5", None)],
)
def test_build_root_value(value: str, folder: Optional[str]) -> None:
    found = build_root_value(config_of(f"buildRoot: {value}\n"))
    assert (found[1] if found else None) == folder


def test_nul_bytes_in_paths_are_findings_not_crashes(tmp_path: Path) -> None:
    from tests.helpers import lint_json

    project = write_project(
        tmp_path / "p",
        {
            "wsgi.py": "def application(environ, start_response):\n    return [b'ok']\n",
            "requirements.txt": "requests>=2.31,<3\n",
            "leanengine.yaml": 'buildRoot: "a\\0b"\ninstall:\n  - {require: ["x\\0y"]}\n',
        },
    )
    codes = {d["code"] for d in lint_json(project)}
    assert "EL006" not in codes
    assert {"EL409", "EL412"} <= codes
