"""The JSON Schemas enginelint uses and publishes, shipped inside the package.

They live in a package (not a plain folder) so that an installed wheel and an editable install
find them the same way: next to this file.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA_NAMES = ("leanengine", "report", "config", "plan")


def schema_path(name: str) -> Path:
    """The file of the bundled schema `name` (`leanengine`, `report`, `config`, `plan`)."""
    return Path(__file__).with_name(f"{name}.schema.json")


@lru_cache(maxsize=None)
def load_schema(name: str) -> Any:
    """The parsed bundled schema `name`; read once per process."""
    with schema_path(name).open(encoding="utf-8") as handle:
        return json.load(handle)
