"""`--show-settings`: each project's effective settings, each with where it came from.

Kept apart from the command line so that a run that lints never loads it; the output is TOML-like
so a user can paste a line into `.enginelint.toml`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from .escaping import terminal
from .lazy_dataclass import fields_of
from .project import describe_root
from .settings import CACHE_DIR_VARIABLE, DEFAULT_CACHE_DIR, Settings


def write_settings(stream: IO[str], root: Path, settings: Settings, given: dict[str, bool]) -> None:
    """One project's settings; `given` names the fields the command line set."""
    defaults = Settings()
    stream.write(terminal(f"project: {describe_root(root)}") + "\n")
    stream.write(terminal(f"settings file: {settings.source or 'none'}") + "\n")
    for item in fields_of(Settings):
        if item.name == "source":
            continue
        value = getattr(settings, item.name)
        shown = dict(value) if item.name == "severity" else value
        if item.name == "cache_dir":
            shown = describe_root(Path(value)) if value else DEFAULT_CACHE_DIR
        if given.get(item.name):
            origin = "command line"
        elif item.name == "cache_dir" and value:
            origin = CACHE_DIR_VARIABLE if os.environ.get(CACHE_DIR_VARIABLE) else str(
                settings.source)
        elif shown != getattr(defaults, item.name) and not (
            item.name == "severity" and not shown
        ):
            origin = settings.source or "default"
        else:
            origin = "default"
        key = item.name.replace("_", "-")
        stream.write(terminal(f"  {key} = {toml_value(shown)}  # {origin}") + "\n")


def toml_value(value: Any) -> str:
    """A setting's value as it would be written in `.enginelint.toml` (None: every rule)."""
    if value is None:
        return '"ALL"'
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in sorted(value.items())) + " }"
    if isinstance(value, tuple):
        return json.dumps([list(v) if isinstance(v, tuple) else v for v in value])
    return json.dumps(value)
