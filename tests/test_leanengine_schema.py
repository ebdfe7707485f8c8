"""schemas/leanengine.schema.json: a valid 2020-12 schema, complete, and annotated for the rules."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
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
