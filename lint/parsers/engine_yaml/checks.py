"""What the leanengine.yaml rules need beyond plain schema validation, with messages and spans.

Why this module exists: the schema says which values are invalid (`validation`), but several
rules need more than "invalid": a legacy key and what replaces it (EL403), a system package's
closest known name (EL407), why a build step is wrong and which part of it (EL409), a duplicate
key and where its first occurrence is (EL410), a scalar the platform's YAML 1.1 parser reads
differently (EL411), and whether `buildRoot` names a folder (EL412). Each function here takes the
parsed `EngineConfig` (and the schema's violations where it must not repeat them) and returns
plain `Note`s; the rules only turn them into findings. Facts about keys and package names come
from the schema's `x-enginelint-*` annotations, so the schema stays the one source of truth.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Optional

from ...diagnostics import Span
from ...lazy_dataclass import dataclass
from .document import EngineConfig
from .nodes import _Scalar
from .scalars import ScalarInfo, _scalar_value
from .validation import SchemaViolation, describe_path, describe_value, did_you_mean


@dataclass(frozen=True)
class Note:
    """One problem a check found: what to say, where, and (when obvious) the text to put there."""

    message: str
    span: Span
    replacement: Optional[str] = None


@lru_cache(maxsize=1)
def _properties() -> dict[str, Any]:
    # `schemas/` becomes `enginelint.schemas` only when installed; mypy checks `lint/` alone.
    from ...schemas import load_schema  # type: ignore[import-not-found,unused-ignore]

    properties = load_schema("leanengine").get("properties", {})
    return properties if isinstance(properties, dict) else {}


def _annotation(key: str, name: str) -> Any:
    schema = _properties().get(key)
    return schema.get(name) if isinstance(schema, dict) else None


# --- EL403 ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LegacyKey:
    """A legacy top-level key, its replacement (None when there is none) and why it is legacy."""

    name: str
    key_span: Span
    replacement: Optional[str]
    reason: str
    plain: bool


def legacy_keys(config: EngineConfig) -> list[LegacyKey]:
    """The top-level keys the schema marks `x-enginelint-legacy`, in file order."""
    if not isinstance(config.data, dict):
        return []
    plain_keys = {s.span for s in config.scalars() if s.is_key and s.plain and len(s.path) == 1}
    found = []
    for name in config.data:
        legacy = _annotation(name, "x-enginelint-legacy")
        span = config.key_span(name)
        if not isinstance(legacy, dict) or span is None:
            continue
        replacement = legacy.get("replacement")
        found.append(
            LegacyKey(
                name,
                span,
                replacement if isinstance(replacement, str) else None,
                str(legacy.get("reason", "it is no longer used")),
                span in plain_keys,
            )
        )
    return sorted(found, key=lambda k: k.key_span)


# --- EL407 ----------------------------------------------------------------------------------------
def unknown_system_dependencies(
    config: EngineConfig, extra: Sequence[str] = ()
) -> list[Note]:
    """`systemDependencies` items that are not on the platform's list, or are discontinued.

    `extra` names the user declared known (the `extra-system-dependencies` setting)."""
    items = config.get("systemDependencies")
    schema = _properties().get("systemDependencies", {}).get("items", {})
    known = schema.get("x-enginelint-known", {})
    discontinued = set(schema.get("x-enginelint-discontinued", ()))
    if not isinstance(items, list) or not isinstance(known, dict):
        return []
    available = [name for name in known if name not in discontinued]
    notes = []
    for index, item in enumerate(items):
        span = config.value_span("systemDependencies", index)
        if not isinstance(item, str) or span is None:
            continue  # a type error: EL404's
        if item in discontinued:
            notes.append(Note(f"system dependency `{item}` is {known[item]}", span))
        elif not item.strip():
            notes.append(Note("an empty `systemDependencies` item names no package", span))
        elif item not in known and item not in extra:
            guess = did_you_mean(item, available)
            hint = f"did you mean `{guess}`?" if guess else "the platform cannot install it"
            notes.append(
                Note(
                    f"unknown system dependency `{item}` — {hint}",
                    span,
                    guess,
                )
            )
    return notes


# --- EL408 ----------------------------------------------------------------------------------------
_PYTHON_SPELLINGS = ("python", "py", "cpython")


def runtime_note(violation: SchemaViolation, config: EngineConfig) -> str:
    """EL408's message for a `runtime` the platform does not know (the schema's enum failed)."""
    value = config.get("runtime")
    if not isinstance(value, str):
        return violation.message
    lowered = value.strip().lower()
    versioned = any(c.isdigit() for c in lowered)
    if versioned and any(lowered.startswith(p) for p in _PYTHON_SPELLINGS):
        return (
            f"`runtime` is `{value}`, which the platform does not know; write `runtime: python` "
            "and put the Python version in `.python-version`"
        )
    enum = _properties().get("runtime", {}).get("enum", [])
    guess = did_you_mean(value, [str(e) for e in enum])
    if guess is not None:
        return f"{violation.message} — did you mean `{guess}`?"
    return violation.message


# --- EL406 ----------------------------------------------------------------------------------------
_MEANS_DISABLED = ("off", "false", "no", "n", "disable", "none", "0")
_MEANS_STRICT = ("on", "true", "yes", "y", "enable", "enabled", "1")


def functions_mode_note(violation: SchemaViolation, config: EngineConfig) -> str:
    """EL406's message, with the accepted value the written one most likely means."""
    value = config.get("functionsMode")
    if not isinstance(value, str):
        return violation.message
    lowered = value.strip().lower()
    if lowered in ("strict", "disabled"):
        return f"{violation.message} — values are case-sensitive: write `{lowered}`"
    if lowered in _MEANS_DISABLED:
        return f"{violation.message} — to turn cloud functions off write `disabled`"
    if lowered in _MEANS_STRICT:
        return f"{violation.message} — to require the SDK's cloud functions write `strict`"
    return violation.message


# --- EL409 ----------------------------------------------------------------------------------------
_STEP_KEYS = ("use", "require")
_STEP_FORMS = "a step is a shell command, `{use: default}` or `{require: [paths]}`"


def build_step_note(violation: SchemaViolation, config: EngineConfig) -> tuple[str, Span]:
    """EL409's message and span for an invalid `install`/`build` item: the exact part at fault."""
    path = violation.path
    item = _at(config.data, path)
    where = describe_path(path)
    if not isinstance(item, dict):
        return violation.message, violation.span
    if not item:
        return f"{where} is an empty mapping; {_STEP_FORMS}", violation.span
    for name in item:
        if name not in _STEP_KEYS:
            span = config.key_span(*path, name) or violation.span
            guess = did_you_mean(name, list(_STEP_KEYS))
            hint = f"did you mean `{guess}`?" if guess else _STEP_FORMS
            return f"unknown key `{name}` in build step {where} — {hint}", span
    if len(item) > 1:
        span = config.key_span(*path, "require") or violation.span
        return f"build step {where} has both `use` and `require`; write them as two steps", span
    if "use" in item:
        value = item["use"]
        span = config.value_span(*path, "use") or violation.span
        shown = f"`{value}`" if isinstance(value, str) else describe_value(value, config, path)
        return f"`use` in {where} is {shown}; the only step it names is `default`", span
    paths = item["require"]
    if not isinstance(paths, list):
        span = config.value_span(*path, "require") or violation.span
        shown = describe_value(paths, config, (*path, "require"))
        return f"`require` in {where} must be a list of paths, not {shown}", span
    for index, entry in enumerate(paths):
        if not isinstance(entry, str):
            span = config.value_span(*path, "require", index) or violation.span
            shown = describe_value(entry, config, (*path, "require", index))
            return f"{describe_path((*path, 'require', index))} must be a path, not {shown}", span
    return violation.message, violation.span


@dataclass(frozen=True)
class RequiredPath:
    """One path a `{require: [...]}` build step copies into the build folder."""

    step: str  # `install` or `build`
    path: str
    span: Span


def required_paths(config: EngineConfig) -> list[RequiredPath]:
    """Every string path in a `{require: [...]}` step of `install` or `build`, in file order."""
    found = []
    for step in ("install", "build"):
        items = config.get(step)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, dict) or set(item) != {"require"}:
                continue
            paths = item["require"]
            if not isinstance(paths, list):
                continue
            for number, entry in enumerate(paths):
                span = config.value_span(step, index, "require", number)
                if isinstance(entry, str) and span is not None:
                    found.append(RequiredPath(step, entry, span))
    return sorted(found, key=lambda r: r.span)


# --- EL410 ----------------------------------------------------------------------------------------
def duplicate_keys(config: EngineConfig) -> list[Note]:
    """Every later occurrence of a key in the same mapping, naming the line of the first."""
    last: dict[Any, Span] = {}
    for duplicate in config.duplicates:
        if duplicate.path not in last or last[duplicate.path] < duplicate.span:
            last[duplicate.path] = duplicate.span
    notes = []
    for duplicate in config.duplicates:
        where = describe_path(duplicate.path)
        line = duplicate.first.start.line
        final = last[duplicate.path]
        if final == duplicate.span:
            outcome = "the platform silently keeps this later value"
        else:
            outcome = f"the platform silently keeps only the last one, on line {final.start.line}"
        message = f"{where} is set again (first on line {line}); {outcome}"
        notes.append(Note(message, duplicate.span))
    return notes


# --- EL411 ----------------------------------------------------------------------------------------
def yaml11_ambiguities(
    config: EngineConfig, violations: tuple[SchemaViolation, ...]
) -> list[Note]:
    """Unquoted values that Go's yaml.v2 (YAML 1.1, the platform's parser) reads differently
    from YAML 1.2: `yes`/`no`/`on`/`off`/`y`/`n` booleans, `0755`-style octals.

    Sexagesimal numbers (`1:30`) are not among them: yaml.v2 never implemented YAML 1.1's base-60
    numbers, so the platform reads `1:30` as the string it is in YAML 1.2. Keys are skipped (a
    key is matched by name, and a misspelt one is EL402's), and so is any value the schema
    already rejects (or that sits inside one), so that one wrong value is one finding.
    """
    rejected = {v.path for v in violations}
    notes = []
    for info in config.scalars():
        if info.is_key or not info.plain:
            continue
        if any(info.path[:length] in rejected for length in range(len(info.path) + 1)):
            continue
        platform = info.yaml11_value()
        yaml12 = _yaml12_value(info)
        if _same(platform, yaml12):
            continue
        notes.append(_ambiguity_note(info, platform, yaml12))
    return notes


def _ambiguity_note(info: ScalarInfo, platform: Any, yaml12: Any) -> Note:
    text = info.text
    where = describe_path(info.path)
    octal = isinstance(platform, int) and not isinstance(platform, bool)
    if isinstance(platform, bool):
        reading = f"the boolean {str(platform).lower()}"
    elif octal:
        reading = f"the octal number {text} (decimal {platform})"
    else:
        reading = describe_value(platform)
    wants_boolean = (
        len(info.path) == 1
        and _properties().get(str(info.path[0]), {}).get("type") == "boolean"
    )
    replacement: Optional[str] = None
    if isinstance(platform, bool) and wants_boolean:
        replacement = str(platform).lower()
        advice = f"write `{replacement}`, which every parser reads the same"
    elif isinstance(platform, bool):
        advice = f'quote it (`"{text}"`) if you mean the text, or write `{str(platform).lower()}`'
    elif octal:
        digits = text.lstrip("+-").lstrip("0") or "0"
        advice = (
            f"write `{digits}` if you mean the decimal number, `0o{digits}` for the octal one, "
            f'or quote it (`"{text}"`) if you mean the text'
        )
    else:
        advice = f'quote it (`"{text}"`) if you mean the text'
    message = (
        f"unquoted `{text}` in {where} is {reading} for the platform's YAML 1.1 parser "
        f"but {describe_value(yaml12)} in YAML 1.2; {advice}"
    )
    return Note(message, info.span, replacement)


def _yaml12_value(info: ScalarInfo) -> Any:
    return _scalar_value(_Scalar(0, 0, info.text, info.tag, info.style))


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


# --- EL412 ----------------------------------------------------------------------------------------
def build_root_value(config: EngineConfig) -> Optional[tuple[str, str, Span]]:
    """`buildRoot` as written, the folder it names (relative, `/`-separated), and its span.

    None when it is unset, not a string (EL404's) or names the project root itself.
    """
    value = config.get("buildRoot")
    span = config.value_span("buildRoot")
    if not isinstance(value, str) or span is None:
        return None
    cleaned = value.strip().strip("/")
    while cleaned.startswith("./"):
        cleaned = cleaned[2:]
    if not cleaned or cleaned == ".":
        return None
    return value, cleaned, span


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data
