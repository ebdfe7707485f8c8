"""leanengine.yaml's data checked against `schemas/leanengine.schema.json`, failures as findings.

Why this module exists: the schema is the one statement of what the platform accepts. This module
runs jsonschema over `EngineConfig.data`, maps each failure to the rule code the schema's
`x-enginelint-code` annotation names (EL401, EL402, EL404, EL405…), and writes its message
(`describe_path`, `describe_value`, and `did_you_mean` for a misspelt known key) with the span of
the offending key or value. A wrongly typed unquoted scalar that the platform's YAML 1.1 reading
gives the right type is left to EL411. jsonschema is imported inside `_validator`, never at module
level, so importing enginelint stays cheap.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, Optional

from ...diagnostics import Span
from ...lazy_dataclass import dataclass
from ...numbers import shorten_digits
from ...platform import ENGINE_CONFIG_FILE
from .document import EngineConfig, engine_config
from .nodes import Path
from .scalars import yaml11_value

if TYPE_CHECKING:
    from ...file_source import FileSource


@dataclass(frozen=True)
class SchemaViolation:
    """One way the document breaks `schemas/leanengine.schema.json`, mapped to its rule code.

    `replacement` is, for an unknown key (EL402), the one known key it is most likely a typo of.
    """

    code: str
    path: Path
    span: Span
    message: str
    keyword: str
    replacement: Optional[str] = None


@lru_cache(maxsize=1)
def _validator() -> Any:
    """The compiled leanengine.yaml validator, once per process.

    `integer` is redefined so that 60.0 is not an integer (jsonschema's default accepts it) and
    neither is a boolean: the platform wants a whole number written as one.
    """
    from jsonschema import Draft202012Validator, validators

    # `schemas/` becomes `enginelint.schemas` only when installed; mypy checks `lint/` alone.
    from ...schemas import load_schema  # type: ignore[import-not-found,unused-ignore]

    checker = Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
    )
    validator_class = validators.extend(Draft202012Validator, type_checker=checker)
    return validator_class(load_schema("leanengine"))


def schema_errors(project: FileSource) -> tuple[SchemaViolation, ...]:
    """leanengine.yaml's violations of the schema, each with its rule code, once per project.

    Empty when the file is missing, unparsable or empty. When the document is not a mapping,
    the only violation is EL401.
    """
    return project.cached("engine_yaml.schema_errors", lambda: _schema_errors(project))


def _schema_errors(project: FileSource) -> tuple[SchemaViolation, ...]:
    config = engine_config(project)
    if config is None or config.data is None:
        return ()
    return validate(config)


def validate(config: EngineConfig) -> tuple[SchemaViolation, ...]:
    """The schema violations of a parsed config (see `schema_errors`)."""
    validator = _validator()
    found: dict[tuple[str, Path, str], SchemaViolation] = {}
    for error in validator.iter_errors(config.data):
        for violation in _violations(config, validator, error):
            found.setdefault((violation.code, violation.path, violation.keyword), violation)
    # A value of the wrong type also fails its `enum`/`const` (`runtime: 3.10`): one problem,
    # reported once, as the type error.
    mistyped = {v.path for v in found.values() if v.keyword == "type"}
    kept = [v for v in found.values() if not (v.keyword in _VALUE_KEYWORDS and v.path in mistyped)]
    return tuple(sorted(kept, key=lambda v: (v.span, v.code, v.message)))


_VALUE_KEYWORDS = ("enum", "const")


def _violations(config: EngineConfig, validator: Any, error: Any) -> list[SchemaViolation]:
    keyword = str(error.validator)
    schema = error.schema if isinstance(error.schema, dict) else {}
    path: Path = tuple(error.absolute_path)
    code = _code_for(schema, keyword)
    span = config.value_span(*path) or Span.point(1, 1)
    where = describe_path(path)
    instance = error.instance
    if keyword == "additionalProperties" and isinstance(instance, dict):
        known = list(schema.get("properties", {}))
        result = []
        for name in instance:
            if name in known:
                continue
            message, replacement = _unknown_key_message(name, path, known, schema)
            key_span = config.key_span(*path, name) or span
            result.append(
                SchemaViolation(code, (*path, name), key_span, message, keyword, replacement)
            )
        return result
    if keyword in ("type", "anyOf", "oneOf"):
        if keyword == "type" and _platform_reads_as(config, validator, path, schema):
            return []
        expected = schema.get("x-enginelint-expected") or _type_words(schema.get("type"))
        message = f"{where} must be {expected}, not {describe_value(instance, config, path)}"
    elif keyword in ("minimum", "maximum"):
        unit = schema.get("x-enginelint-unit")
        low, high = schema.get("minimum"), schema.get("maximum")
        accepts = (
            f"{low} to {high}"
            if low is not None and high is not None
            else (f"at least {low}" if low is not None else f"at most {high}")
        )
        message = f"{where} is {instance}; the platform accepts {accepts}" + (
            f" {unit}" if unit else ""
        )
        keyword = "range"
    elif keyword == "enum":
        shown = (
            f"`{instance}`" if isinstance(instance, str) else describe_value(instance, config, path)
        )
        message = f"{where} is {shown}; the platform accepts {_or_list(error.validator_value)}"
    elif keyword == "required" and isinstance(instance, dict):
        missing = [name for name in error.validator_value if name not in instance]
        message = f"{where} is missing {_and_list(missing)}"
    else:
        message = f"{where} is invalid: {' '.join(str(error.message).split())}"
    return [SchemaViolation(code, path, span, message, keyword)]


def _code_for(schema: dict[str, Any], keyword: str) -> str:
    """The rule code the schema assigns to a failure of `keyword` (`x-enginelint-code`)."""
    annotation = schema.get("x-enginelint-code")
    if isinstance(annotation, str):
        return annotation
    if isinstance(annotation, dict):
        chosen = annotation.get(keyword) or annotation.get("*")
        if isinstance(chosen, str):
            return chosen
    return "EL402" if keyword == "additionalProperties" else "EL404"


def _platform_reads_as(config: EngineConfig, validator: Any, path: Path, schema: Any) -> bool:
    """Whether an unquoted scalar of the wrong YAML 1.2 type has the right type for the
    platform's YAML 1.1 parser (`yes` for a boolean): that is EL411's finding, not a type error."""
    info = config.scalar(*path)
    if info is None or not info.plain:
        return False
    value = yaml11_value(info.text)
    types = schema.get("type")
    names = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and validator.is_type(value, t) for t in names)


def _unknown_key_message(
    name: str, path: Path, known: list[str], schema: dict[str, Any]
) -> tuple[str, Optional[str]]:
    where = f" in {describe_path(path)}" if path else ""
    suggestion = did_you_mean(name, known)
    hints = schema.get("x-enginelint-hints", {})
    hint = hints.get(name) or next(
        (text for key, text in hints.items() if _squash(key) == _squash(name)), None
    )
    if hint:
        return f"unknown key `{name}`{where} — {hint}", None
    if suggestion is not None:
        return f"unknown key `{name}`{where} — did you mean `{suggestion}`?", suggestion
    if path and known:
        return f"unknown key `{name}`{where}; it takes only {_and_list(known)}", None
    return f"unknown key `{name}`{where}; leanengine.yaml has no such setting", None


def did_you_mean(name: str, candidates: list[str]) -> Optional[str]:
    """The one candidate `name` is most likely a misspelling of, or None.

    Case, `_` and `-` are ignored first (`startup_timeout` → `startupTimeout`); then difflib's
    closest match above a similarity of 0.75.
    """
    squashed = _squash(name)
    exact = [c for c in candidates if _squash(c) == squashed]
    if exact:
        return exact[0]
    import difflib  # only for a misspelt key: most files have none

    lowered = {c.lower(): c for c in candidates}
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.75)
    return lowered[close[0]] if close else None


def _squash(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def describe_path(path: Path) -> str:
    """How a path is named in messages: `startupTimeout`, `extraPorts[0].containerPort`."""
    if not path:
        return f"`{ENGINE_CONFIG_FILE}`"
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return f"`{text}`"


def describe_value(value: Any, config: Optional[EngineConfig] = None, path: Path = ()) -> str:
    """A value as messages name it: `the string "60"`, `the integer 5`, `a list`."""
    info = config.scalar(*path) if config is not None else None
    written = info.text if info is not None else None
    if isinstance(value, bool):
        return f"the boolean {written or str(value).lower()}"
    if isinstance(value, int):
        return f"the integer {shorten_digits(written) if written else value}"
    if isinstance(value, float):
        return f"the number {shorten_digits(written) if written else value}"
    if value is None:
        return "an empty value" if not written else f"null (`{written}`)"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "…"
        return f'the string "{shown}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "array": "a list",
    "object": "a mapping",
    "null": "empty",
}


def _type_words(types: Any) -> str:
    names = types if isinstance(types, list) else [types]
    return " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in names)


def _or_list(values: Any) -> str:
    shown = [f"`{v}`" for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" or {shown[-1]}"


def _and_list(values: list[str]) -> str:
    shown = [f"`{v}`" for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" and {shown[-1]}"
