"""The editor's own settings for the server: `initializationOptions` and
`workspace/didChangeConfiguration`.

They play the command line's part: `select` and `failOn` replace the project's configuration
file's, `extendSelect` and `ignore` add to it, exactly as `--select`, `--fail-on`,
`--extend-select` and `--ignore` do. Keys are accepted in the editor's camelCase and in the
configuration file's kebab-case, lists or comma-separated strings, at the top level or under an
`enginelint` key (the shape most clients give settings). A bad value is reported and left out,
never fatal: the editor's session must keep working.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

from ..lazy_dataclass import dataclass
from ..severity import SEVERITIES

_KEYS = {
    "select": "select",
    "extendSelect": "extend_select",
    "extend-select": "extend_select",
    "extend_select": "extend_select",
    "ignore": "ignore",
    "failOn": "fail_on",
    "fail-on": "fail_on",
    "fail_on": "fail_on",
}


@dataclass(frozen=True)
class Options:
    """What the editor asked for, as `settings.resolve` takes it."""

    select: Optional[tuple[str, ...]] = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Optional[str] = None

    def command_line(self) -> dict[str, Any]:
        """The keyword arguments `settings.resolve` takes for the command line's options."""
        return {
            "select": list(self.select) if self.select is not None else None,
            "extend_select": list(self.extend_select),
            "ignore": list(self.ignore),
            "fail_on": self.fail_on,
        }


def parse(raw: Any) -> tuple[Options, list[str]]:
    """Options from the editor's JSON, and one line per value that was left out."""
    if isinstance(raw, Mapping) and isinstance(raw.get("enginelint"), Mapping):
        raw = raw["enginelint"]
    if raw is None:
        return Options(), []
    if not isinstance(raw, Mapping):
        return Options(), ["enginelint settings must be an object; ignored"]
    problems: list[str] = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = _KEYS.get(str(key))
        if name is None:
            continue  # settings for other purposes (or a newer server) pass through quietly
        if name == "fail_on":
            if value is None:
                continue
            if value not in SEVERITIES:
                problems.append(f"enginelint setting `{key}`: expected one of "
                                f"{', '.join(SEVERITIES)}, got {value!r}; ignored")
                continue
            values[name] = value
            continue
        selectors = _selectors(value)
        if selectors is None:
            problems.append(f"enginelint setting `{key}`: expected a list of rule codes, names "
                            "or prefixes; ignored")
            continue
        unknown = _unknown(selectors)
        if unknown:
            problems.append(f"enginelint setting `{key}`: unknown rule selector `{unknown}`; "
                            "ignored")
            continue
        values[name] = selectors
    return Options(**values), problems


def _selectors(value: Any) -> Optional[tuple[str, ...]]:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return tuple(item.strip() for item in value if item.strip())
    return None


def _unknown(selectors: tuple[str, ...]) -> Optional[str]:
    """The first selector that names no rule, if any."""
    from ..registry import SelectionError, all_rules, resolve

    for selector in selectors:
        try:
            resolve(all_rules(), [selector])
        except SelectionError:
            return selector
    return None
