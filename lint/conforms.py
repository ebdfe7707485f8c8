"""Whether data certainly satisfies one of the bundled JSON Schemas, without importing jsonschema.

Why this module exists: importing jsonschema (with `referencing`, `attrs`, `rpds` and the
bundled metaschemas it loads) costs several times a bare interpreter's start, and nearly every
project's leanengine.yaml and settings are valid, so the import would buy nothing.
`certainly_valid` walks the data against the schema for the few keywords the bundled schemas use
and answers True only when each of them holds as jsonschema (Draft 2020-12) would decide it; an
`integer` is a whole number written as one (stricter than jsonschema's default, never looser).
Any doubt — a keyword not handled here, a reference other than a local `#/$defs/…`, a value of
a type outside JSON's — answers False, and the caller asks jsonschema, which then reports the
problems (or none). So this module can make a run faster, never change its findings: a wrong
False costs time, and True is only given when certain.
"""

from __future__ import annotations

from typing import Any

# Keywords that never fail validation: documentation, defaults and enginelint's own notes.
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "deprecated",
     "examples"}
)
_JSON_SCALARS = (str, int, float, bool, type(None))


def certainly_valid(data: Any, schema: Any) -> bool:
    """True when `data` satisfies `schema` for certain; False when it does not or may not."""
    return _holds(data, schema, schema, 0)


def _holds(value: Any, schema: Any, root: Any, depth: int) -> bool:
    if schema is True:
        return True
    if not isinstance(schema, dict) or depth > 64:
        return False
    for keyword, expected in schema.items():
        if keyword in _ANNOTATIONS or keyword.startswith("x-"):
            continue
        check = _KEYWORDS.get(keyword)
        if check is None or not check(value, expected, schema, root, depth):
            return False
    return True


def _type(value: Any, expected: Any, _schema: Any, _root: Any, _depth: int) -> bool:
    names = expected if isinstance(expected, list) else [expected]
    return any(_is_type(value, name) for name in names)


def _is_type(value: Any, name: Any) -> bool:
    kind = type(value)
    if name == "string":
        return kind is str
    if name == "integer":  # the validator's: a whole number written as one, never a boolean
        return kind is int
    if name == "number":
        return kind is int or kind is float
    if name == "boolean":
        return kind is bool
    if name == "null":
        return value is None
    if name == "object":
        return kind is dict
    if name == "array":
        return kind is list
    return False


def _same(value: Any, member: Any) -> bool:
    # Only the plain cases, where jsonschema's equality is Python's: same scalar type.
    return type(value) is type(member) and isinstance(value, _JSON_SCALARS) and value == member


def _enum(value: Any, expected: Any, _schema: Any, _root: Any, _depth: int) -> bool:
    return isinstance(expected, list) and any(_same(value, member) for member in expected)


def _const(value: Any, expected: Any, _schema: Any, _root: Any, _depth: int) -> bool:
    return _same(value, expected)


def _bound(value: Any, expected: Any, below: bool) -> bool:
    if type(value) not in (int, float):
        return True  # the keyword ignores what is not a number
    if type(expected) not in (int, float):
        return False
    return bool(value <= expected) if below else bool(value >= expected)


def _minimum(value: Any, expected: Any, _schema: Any, _root: Any, _depth: int) -> bool:
    return _bound(value, expected, below=False)


def _maximum(value: Any, expected: Any, _schema: Any, _root: Any, _depth: int) -> bool:
    return _bound(value, expected, below=True)


def _min_length(value: Any, expected: Any, _schema: Any, _root: Any, _depth: int) -> bool:
    if type(value) is not str:
        return True  # the keyword ignores what is not a string
    return type(expected) is int and len(value) >= expected


def _required(value: Any, expected: Any, _schema: Any, _root: Any, _depth: int) -> bool:
    if type(value) is not dict:
        return True
    return isinstance(expected, list) and all(name in value for name in expected)


def _properties(value: Any, expected: Any, _schema: Any, root: Any, depth: int) -> bool:
    if type(value) is not dict:
        return True
    if not isinstance(expected, dict):
        return False
    return all(
        _holds(item, expected[key], root, depth + 1)
        for key, item in value.items()
        if type(key) is str and key in expected
    )


def _additional(value: Any, expected: Any, schema: Any, root: Any, depth: int) -> bool:
    if type(value) is not dict:
        return True
    known = schema.get("properties", {})
    if "patternProperties" in schema or not isinstance(known, dict):
        return False
    for key, item in value.items():
        if type(key) is not str:
            return False
        if key not in known and not _holds(item, expected, root, depth + 1):
            return False
    return True


def _items(value: Any, expected: Any, schema: Any, root: Any, depth: int) -> bool:
    if type(value) is not list:
        return True
    if "prefixItems" in schema:
        return False
    return all(_holds(item, expected, root, depth + 1) for item in value)


def _any_of(value: Any, expected: Any, _schema: Any, root: Any, depth: int) -> bool:
    return isinstance(expected, list) and any(
        _holds(value, branch, root, depth + 1) for branch in expected
    )


def _ref(value: Any, expected: Any, _schema: Any, root: Any, depth: int) -> bool:
    if not isinstance(expected, str) or not expected.startswith("#/$defs/"):
        return False
    definitions = root.get("$defs", {}) if isinstance(root, dict) else {}
    target = definitions.get(expected[len("#/$defs/"):])
    return target is not None and _holds(value, target, root, depth + 1)


_KEYWORDS = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "minimum": _minimum,
    "minLength": _min_length,
    "maximum": _maximum,
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional,
    "items": _items,
    "anyOf": _any_of,
    "$ref": _ref,
}
