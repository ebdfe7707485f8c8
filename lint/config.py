"""Configuration: `[tool.enginelint]` in the project's pyproject.toml, or `.enginelint.toml`.

Found in the project root (`.enginelint.toml` first, as a dedicated file should win), or named
with `--config`; `--isolated` ignores both. The file is validated against
`schemas/config.schema.json` and its rule selectors against the registry: any problem is a
`ConfigError`, which the command line prints as one line naming the file and the key (exit 2).
Project files are read through the same guarded path as everything else (no FIFOs, no symlinks
out of the root).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional

from . import files, numbers
from .lazy_dataclass import dataclass, field
from .lazy_re import lazy_pattern

DEDICATED_FILE = ".enginelint.toml"
PYPROJECT_FILE = "pyproject.toml"
TOOL_TABLE = "[tool.enginelint]"
SELECTOR_KEYS = ("select", "extend-select", "ignore")


class ConfigError(Exception):
    """A configuration problem: one line, naming the file and the key."""


@dataclass(frozen=True)
class Config:
    """The settings a configuration file gave; every field defaults to "not set"."""

    source: Optional[str] = None
    select: Optional[tuple[str, ...]] = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Optional[str] = None
    severity: dict[str, str] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    max_file_size: Optional[int] = None
    extra_system_dependencies: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # `cache-dir`, made absolute against the folder of the file that set it.
    cache_dir: Optional[str] = None


def load_config(
    root: Path,
    explicit: Optional[Path] = None,
    isolated: bool = False,
    folders: Optional[Sequence[Path]] = None,
) -> Config:
    """The configuration for the project at `root` (defaults when there is none).

    `folders` are where to look, nearest first (the project root, then each folder above it
    up to the repository root); the first `.enginelint.toml`, or `pyproject.toml` with a
    `[tool.enginelint]` table, wins — as ruff finds its settings.
    """
    if explicit is not None:
        config = _from_file(explicit, str(explicit), _read_explicit(explicit))
        return _anchored(config, explicit.parent)
    if isolated:
        return Config()
    for folder in folders or [root]:
        for name in (DEDICATED_FILE, PYPROJECT_FILE):
            data = files.read_bytes(folder, name, files.DEFAULT_MAX_FILE_SIZE)
            if data is None:
                continue
            label = _label(folder / name, root)
            if isinstance(data, files.FileProblem):
                raise ConfigError(f"{label}: {data.message}")
            config = _from_file(Path(name), label, data, searched=True)
            if config.source is not None:
                return _anchored(config, folder)
    return Config()


def _anchored(config: Config, folder: Path) -> Config:
    """A relative `cache-dir` means a folder beside the settings file that names it."""
    if config.cache_dir is None:
        return config
    from dataclasses import replace

    where = os.path.join(os.path.abspath(folder), os.path.expanduser(config.cache_dir))
    return replace(config, cache_dir=os.path.normpath(where))


def _label(path: Path, root: Path) -> str:
    """A settings file as messages name it: relative to the project root, as findings are."""
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # another drive on Windows
        return str(path)


def _read_explicit(path: Path) -> bytes:
    """The `--config FILE` the user named; it may lie outside the project, so it is read by
    `files.read_named` (no FIFO opened, size cap kept) rather than under the project's root."""
    data = files.read_named(path, files.DEFAULT_MAX_FILE_SIZE, "the configuration file")
    if data is None:
        raise ConfigError(f"{path}: no such configuration file")
    if isinstance(data, files.FileProblem):
        raise ConfigError(f"{path}: {data.message}")
    return data


def _from_file(path: Path, label: str, data: bytes, searched: bool = False) -> Config:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{label}: not valid UTF-8") from None
    document = _parse_toml(label, text)
    if path.name == PYPROJECT_FILE:
        tool = document.get("tool")
        if not isinstance(tool, dict) or "enginelint" not in tool:
            if searched:  # a pyproject.toml without our table is no configuration
                return Config()
            raise ConfigError(f"{label}: has no {TOOL_TABLE} table")
        table = tool["enginelint"]
        where = f"{label}: {TOOL_TABLE}"
    else:
        table = document
        where = label
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    _validate(where, table)
    return _build(label, where, table)


def _parse_toml(label: str, text: str) -> dict[str, Any]:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11
        import tomli as tomllib
    try:
        document: dict[str, Any] = tomllib.loads(text)
        return document
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{label}: invalid TOML: {error}") from None
    except ValueError:
        # CPython refuses to convert a decimal integer past its digit limit, and the TOML
        # reader lets that ValueError through: find the number so the message can name it.
        found = _too_long_number(text)
        if found is None:
            raise
        key, digits = found
        raise ConfigError(
            f"{label}: `{key}`: a number of {digits:,} digits, too long to read"
        ) from None


_TABLE = lazy_pattern(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?\Z")
_ASSIGNMENT = lazy_pattern(r"\s*([A-Za-z0-9_.\-\"' ]+?)\s*=")
_STRING = lazy_pattern(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'')
_INTEGER = lazy_pattern(r"(?<![\w.+-])[+-]?[0-9][0-9_]*(?![\w.])", re.ASCII)


def _too_long_number(text: str) -> Optional[tuple[str, int]]:
    """The dotted key (table included) of the first integer too long for CPython to convert,
    and its digit count; None when there is none."""
    table = ""
    key = "?"
    for line in text.splitlines():
        header = _TABLE.match(line)
        if header:
            table = header.group(1).replace(" ", "")
            continue
        assignment = _ASSIGNMENT.match(line)
        if assignment:
            key = assignment.group(1).strip().strip("\"'")
        for match in _INTEGER.finditer(_STRING.sub('""', line)):
            digits = sum(1 for c in match.group() if c.isdigit())
            if numbers.too_long_to_convert(digits):
                return (f"{table}.{key}" if table else key), digits
    return None


def _validate(where: str, table: dict[str, Any]) -> None:
    # `schemas/` becomes `enginelint.schemas` only when installed; mypy checks `lint/` alone.
    from jsonschema import Draft202012Validator

    from .schemas import load_schema  # type: ignore[import-not-found,unused-ignore]

    validator = Draft202012Validator(load_schema("config"))
    errors = sorted(validator.iter_errors(table), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        return
    error = errors[0]
    known = load_schema("config")["properties"]
    if error.validator == "additionalProperties" and not error.absolute_path:
        unknown = sorted(key for key in table if key not in known)
        hint = _close(unknown[0], list(known)) if unknown else ""
        raise ConfigError(f"{where}: unknown key `{unknown[0]}`{hint}")
    key = ".".join(str(part) for part in error.absolute_path)
    raise ConfigError(f"{where}: `{key}`: {_plain(error.message)}")


def _close(name: str, candidates: list[str]) -> str:
    import difflib

    match = difflib.get_close_matches(name, candidates, n=1)
    return f" (did you mean `{match[0]}`?)" if match else ""


def _plain(message: str) -> str:
    return message.replace("\n", " ")


def _build(label: str, where: str, table: dict[str, Any]) -> Config:
    from .registry import SelectionError, all_rules, find, resolve

    rules = all_rules()
    for key in SELECTOR_KEYS:
        try:
            resolve(rules, table.get(key, []))
        except SelectionError as error:
            raise ConfigError(f"{where}: `{key}`: {error}") from None
    severity: dict[str, str] = {}
    for selector, level in table.get("severity", {}).items():
        found = find(rules, selector)
        if found is None:
            raise ConfigError(f"{where}: `severity`: unknown rule `{selector}`")
        severity[found.code] = level
    per_file = []
    for pattern, selectors in table.get("per-file-ignores", {}).items():
        try:
            resolve(rules, selectors)
        except SelectionError as error:
            raise ConfigError(f"{where}: `per-file-ignores.{pattern}`: {error}") from None
        per_file.append((pattern, tuple(selectors)))
    select = table.get("select")
    return Config(
        source=label,
        select=tuple(select) if select is not None else None,
        extend_select=tuple(table.get("extend-select", ())),
        ignore=tuple(table.get("ignore", ())),
        fail_on=table.get("fail-on"),
        severity=severity,
        exclude=tuple(table.get("exclude", ())),
        max_file_size=table.get("max-file-size"),
        extra_system_dependencies=tuple(table.get("extra-system-dependencies", ())),
        per_file_ignores=tuple(per_file),
        cache_dir=table.get("cache-dir"),
    )
