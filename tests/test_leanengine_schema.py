"""schemas/leanengine.schema.json: a valid 2020-12 schema, complete, and annotated for the rules."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from enginelint.parsers.engine_yaml import _validator
from enginelint.schemas import load_schema, schema_path

SCHEMA = load_schema("leanengine")
PLATFORM_KEYS = {
    "runtime",
    "run",
    "install",
    "build",
    "systemDependencies",
    "buildRoot",
    "exposeEnvironmentsOnBuild",
    "startupTimeout",
    "functionsMode",
    "installDevDependencies",
}
UNDOCUMENTED_KEYS = {"extraPorts", "enabledLocalCache"}
LEGACY_KEYS = {"cmd", "static", "afterBuild", "installDevDependencies"}
# Keywords whose failure is a finding; each must be mapped to a rule code.
VALIDATING = ("type", "enum", "const", "minimum", "maximum", "additionalProperties", "required")


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target: Any = SCHEMA
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        return {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def subschemas(schema: dict[str, Any], where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema a validation failure can come from (not the branches inside anyOf, whose
    failures surface as the anyOf's own)."""
    yield where, schema
    for name, child in schema.get("properties", {}).items():
        yield from subschemas(child, f"{where}/properties/{name}")
    if isinstance(schema.get("items"), dict):
        yield from subschemas(schema["items"], f"{where}/items")
    for name, child in schema.get("$defs", {}).items():
        yield from subschemas(child, f"{where}/$defs/{name}")


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"].endswith("/leanengine.schema.json")
    assert SCHEMA["title"] and SCHEMA["description"]


def test_schema_file_is_plain_json_in_the_package() -> None:
    assert json.loads(schema_path("leanengine").read_text(encoding="utf-8")) == SCHEMA


def test_every_platform_key_is_there_and_nothing_else_is_allowed() -> None:
    assert set(SCHEMA["properties"]) == PLATFORM_KEYS | UNDOCUMENTED_KEYS | LEGACY_KEYS
    assert SCHEMA["additionalProperties"] is False


def test_every_property_has_a_description_for_editors() -> None:
    for where, schema in subschemas(SCHEMA):
        if "/properties/" in where:
            assert resolve(schema).get("description"), where


def test_legacy_keys_are_marked() -> None:
    for name in LEGACY_KEYS:
        schema = SCHEMA["properties"][name]
        assert schema["deprecated"] is True, name
        assert schema["x-enginelint-legacy"]["code"] == "EL403", name
    assert SCHEMA["properties"]["cmd"]["x-enginelint-legacy"]["replacement"] == "run"


def test_startup_timeout_range_and_default() -> None:
    timeout = SCHEMA["properties"]["startupTimeout"]
    assert (timeout["type"], timeout["minimum"], timeout["maximum"]) == ("integer", 15, 120)
    assert timeout["default"] == 30
    assert timeout["x-enginelint-code"]["minimum"] == "EL405"


@pytest.mark.parametrize("where_schema", list(subschemas(SCHEMA)), ids=lambda p: p[0])
def test_every_failure_maps_to_a_rule_code(where_schema: tuple[str, dict[str, Any]]) -> None:
    where, schema = where_schema
    schema = resolve(schema)
    keywords = [k for k in VALIDATING if k in schema and schema[k] is not True]
    if "anyOf" in schema:
        keywords.append("anyOf")
    if not keywords:
        return
    annotation = schema.get("x-enginelint-code")
    for keyword in keywords:
        code = annotation if isinstance(annotation, str) else (annotation or {}).get(keyword)
        assert isinstance(code, str) and re.fullmatch(r"EL4\d\d", code), (where, keyword)
    if "type" in keywords or "anyOf" in keywords:
        assert schema.get("x-enginelint-expected"), where


def test_system_dependency_names_live_in_the_schema() -> None:
    items = SCHEMA["properties"]["systemDependencies"]["items"]
    known = items["x-enginelint-known"]
    documented = {
        "ffmpeg",
        "imagemagick",
        "fonts-wqy",
        "fonts-noto",
        "phantomjs",
        "chrome-headless",
        "node-canvas",
        "python-talib",
    }
    assert documented | {"gstreamer"} == set(known)
    assert set(items["x-enginelint-discontinued"]) == {"phantomjs"}
    # Editors offer the examples: the names that still work and are documented.
    assert set(items["examples"]) == {n for n, note in known.items() if note == "documented"}


def test_hints_for_settings_that_do_not_exist() -> None:
    hints = SCHEMA["x-enginelint-hints"]
    assert "health check is fixed" in hints["healthCheckPath"]
    assert not set(hints) & set(SCHEMA["properties"])


@pytest.mark.parametrize(
    ("document", "valid"),
    [
        ({"startupTimeout": 60}, True),
        ({"startupTimeout": 60.0}, False),
        ({"startupTimeout": True}, False),
        ({"install": [{"use": "default"}, {"require": ["a"]}, "echo"]}, True),
        ({"install": [{"use": "custom"}]}, False),
        ({"install": [{"require": "a"}]}, False),
        ({"install": []}, True),
        ({"extraPorts": [{"name": "g", "protocol": "udp", "containerPort": 7000}]}, True),
        ({"extraPorts": [{"name": "g", "protocol": "udp", "containerPort": 0}]}, False),
        ({"static": {"publicDir": "public", "buildCmd": "make"}}, True),
        ({"functionsMode": "strict"}, True),
        ({"functionsMode": "on"}, False),
        ({"runtime": "python"}, True),
        ({"healthCheckPath": "/"}, False),
    ],
)
def test_compiled_validator(document: dict[str, Any], valid: bool) -> None:
    assert _validator().is_valid(document) is valid


# --- acceptance: every example the platform documents, every mistake seen in real files ----------
def load_yaml(text: str) -> Any:
    """Plain YAML 1.2 data, as an editor's schema checker would see the file."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(text)


PLAIN_VALIDATOR = Draft202012Validator(SCHEMA)

# From PLATFORM.md's table and the runtime docs in /work/shared/platform-docs/.
VALID_EXAMPLES = [
    "run: python app.py\n",
    "run: echo 'run another command'\ninstall:\n- {use: 'default'}\n"
    "- echo 'install additional dependencies here'\nbuild:\n"
    "- echo 'overwrite default build command here'\n",
    "run: uwsgi --gevent 5000 --http :3000 --wsgi-file wsgi.py --master "
    "--process=${LEANCLOUD_AVAILABLE_CPUS} --disable-log\n",
    "systemDependencies:\n- imagemagick\n",
    "startupTimeout: 60\n",
    "functionsMode: strict\n",
    "functionsMode: disabled\n",
    "runtime: python\nrun: gunicorn -b 0.0.0.0:${LEANCLOUD_APP_PORT} wsgi:application\n",
    "install: []\n",
    "install: pip install -r requirements.txt\n",
    "install:\n  - require: [vendor, setup.py]\n  - {use: default}\n",
    "buildRoot: backend\n",
    "exposeEnvironmentsOnBuild: true\n",
    "startupTimeout: 15\n",
    "startupTimeout: 120\n",
    "systemDependencies: [ffmpeg, imagemagick, fonts-wqy, fonts-noto, chrome-headless, "
    "node-canvas, python-talib, gstreamer]\n",
    "extraPorts:\n  - {name: game, protocol: udp, containerPort: 7000}\n",
    "enabledLocalCache: true\n",
    "installDevDependencies: false\n",
    "cmd: python app.py\n",
    "static: {publicDir: public, buildCmd: npm run build}\n",
    "afterBuild: echo done\n",
]

# PLATFORM.md "Mistakes seen in real files" (the schema's share of them) and the SPEC rows.
INVALID_EXAMPLES = [
    "bulid: echo build\n",
    "runtimes: python\n",
    "runtime: python-3.10.9\n",
    "run:\n  command: python app.py\n",
    "startupTimeoutt: 60\n",
    "healthCheckPath: /health\n",
    'startupTimeout: "60"\n',
    "startupTimeout: 60s\n",
    "startupTimeout: 10\n",
    "startupTimeout: 200\n",
    "functionsMode: on\n",
    "functionsMode: true\n",
    "systemDependencies: ffmpeg\n",
    "systemDependencies: [1]\n",
    "install: [{use: custom}]\n",
    "install: [{require: vendor}]\n",
    "build: [{}]\n",
    "install: {use: default}\n",
    "extraPorts:\n  - {name: game, protocol: http, containerPort: 7000}\n",
    "extraPorts:\n  - {name: game, protocol: udp, containerPort: 0}\n",
    "extraPorts:\n  - {name: game}\n",
    "exposeEnvironmentsOnBuild: 'true'\n",
    "- run: python app.py\n",
]

# Mistakes that are valid leanengine.yaml: the `run:` command rules (EL505, EL507) judge them.
VALID_BUT_WRONG_COMMANDS = [
    "run: PORT=LEANCLOUD_APP_PORT python app.py\n",
    "run: pip install -r requirements.txt && python run.py\n",
]


@pytest.mark.parametrize("text", VALID_EXAMPLES + VALID_BUT_WRONG_COMMANDS)
def test_schema_accepts_documented_examples(text: str) -> None:
    errors = list(PLAIN_VALIDATOR.iter_errors(load_yaml(text)))
    assert not errors, [e.message for e in errors]
    assert _validator().is_valid(load_yaml(text))


@pytest.mark.parametrize("text", INVALID_EXAMPLES)
def test_schema_rejects_mistakes_seen_in_real_files(text: str) -> None:
    assert not PLAIN_VALIDATOR.is_valid(load_yaml(text))


# Codes that mean "the file breaks the schema" (EL403, EL407, EL410–EL412 judge valid files;
# EL411 also covers an unquoted `yes` the platform reads as the boolean YAML 1.2 does not), at
# error severity (EL408's and EL409's warnings are about valid files too).
SCHEMA_CODES = {"EL401", "EL402", "EL404", "EL405", "EL406", "EL408", "EL409", "EL413"}


@pytest.mark.parametrize("text", VALID_EXAMPLES + INVALID_EXAMPLES)
def test_rules_report_what_plain_schema_validation_reports(text: str, tmp_path: Path) -> None:
    """Schema-invalid ⇔ some EL4xx error: the rules neither miss nor invent schema problems."""
    from tests.helpers import lint_json, write_project

    write_project(
        tmp_path,
        {
            "wsgi.py": "def application(environ, start_response):\n    return [b'ok']\n",
            "requirements.txt": "requests>=2.31,<3\n",
            ".python-version": "3.11\n",
            "leanengine.yaml": text,
            "backend/wsgi.py": "application = None\n",
        },
    )
    findings = [
        d for d in lint_json(tmp_path) if d["code"] in SCHEMA_CODES and d["severity"] == "error"
    ]
    valid = PLAIN_VALIDATOR.is_valid(load_yaml(text))
    assert valid == (not findings), findings
    # One problem, one finding: no two schema findings at the same place.
    places = [(d["start"]["line"], d["start"]["column"]) for d in findings]
    assert len(places) == len(set(places)), findings


def test_a_wrong_type_is_not_also_a_wrong_value() -> None:
    from enginelint.files import TextFile
    from enginelint.parsers.engine_yaml import parse_engine_yaml, validate

    config, _ = parse_engine_yaml(TextFile("leanengine.yaml", "runtime: 3.10\nfunctionsMode: 1\n"))
    assert config is not None
    assert sorted((v.code, v.path) for v in validate(config)) == [
        ("EL404", ("functionsMode",)),
        ("EL404", ("runtime",)),
    ]
