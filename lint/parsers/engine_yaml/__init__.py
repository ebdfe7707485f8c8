"""leanengine.yaml → plain data with the position of every key and value, and its schema errors.

The EL4xx rules must point at the exact key or value, so the file is read with ruamel.yaml's event
parser (every event carries its marks) and the plain Python value is built here, not by a YAML
constructor. Building it ourselves is what lets us

- bound alias expansion (a "billion laughs" file is EL004 in milliseconds, not an out-of-memory),
- refuse absurd nesting before the (recursive) tree work and the scanner's slow paths start,
- record duplicate keys instead of silently dropping them (for EL410),
- resolve scalar types as YAML 1.2 while keeping each scalar's style and source text, so that a
  later rule can report where the platform's YAML 1.1 parser reads them differently (EL411).

Duplicate keys: the platform reads the file with Go's yaml.v2, which assigns keys in order, so the
LAST occurrence wins silently; `data` and the position map follow that, and `duplicates` lists
every later occurrence. Multiple documents: yaml.v2 reads only the first; enginelint does the
same and reports the first later document with content as EL004.

Nothing here raises on bad input: every failure becomes an EL004 problem recorded on the Project
(position from the parser), and `engine_config` returns None (for an extra document: the first
document's config). Bounds on size, nesting and alias expansion keep the worst case near a second.

`schema_errors` validates the data against `schemas/leanengine.schema.json` and maps each failure
to the rule code the schema's `x-enginelint-code` annotation names, with a message and the span of
the offending key or value.

It was one module; it is a package so that each part has one job. In the order data flows:

- `compose`: the reading bounds (`MAX_CHARACTERS`, `MAX_DEPTH`, `MAX_ALIAS_NODES`), a guard
  against deep flow nesting, and ruamel's events → a light node tree of the first document;
- `nodes`: that tree's node classes, the YAML tags and `Path` (a place in the document);
- `document`: the tree → `EngineConfig` (plain data, position map, bounded alias expansion,
  merges, duplicate keys) and the entry points `parse_engine_yaml` and `engine_config`;
- `scalars`: a scalar's YAML 1.2 value, the platform's YAML 1.1 reading (`yaml11_value`), and
  how it was written (`ScalarInfo`);
- `spans`: each character of a string value mapped to file offsets, for `substring_span`;
- `validation`: jsonschema over the data → `SchemaViolation`s with rule codes, messages and
  spans (`schema_errors`, `validate`, `describe_path`, `did_you_mean`…);
- `checks`: what the rules need beyond "invalid" — legacy keys, unknown system packages, the
  part of a build step at fault, duplicate keys, YAML 1.1 readings, `buildRoot` (EL403, EL406–
  EL412), as `Note`s with messages and spans.

Imports run one way: `nodes` ← `scalars`, `spans`, `compose` ← `document` ← `validation` ←
`checks`. ruamel and jsonschema are imported inside the functions that use them, never at module
level, so that importing enginelint stays cheap (tests/test_startup.py).

Import from the package, not its parts: everything public is re-exported here.
"""

from __future__ import annotations

from .checks import (
    LegacyKey,
    Note,
    RequiredPath,
    build_root_value,
    build_step_note,
    duplicate_keys,
    functions_mode_note,
    legacy_keys,
    required_paths,
    runtime_note,
    unknown_system_dependencies,
    yaml11_ambiguities,
)
from .compose import MAX_ALIAS_NODES, MAX_CHARACTERS, MAX_DEPTH
from .document import DuplicateKey, EngineConfig, engine_config, parse_engine_yaml
from .nodes import PLAIN, Path
from .scalars import ScalarInfo, yaml11_value
from .validation import (
    SchemaViolation,
    describe_path,
    describe_value,
    did_you_mean,
    schema_errors,
    validate,
)
from .validation import _validator as _validator  # private; tests/test_leanengine_schema.py uses it

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_CHARACTERS",
    "MAX_DEPTH",
    "PLAIN",
    "DuplicateKey",
    "EngineConfig",
    "LegacyKey",
    "Note",
    "Path",
    "RequiredPath",
    "ScalarInfo",
    "SchemaViolation",
    "build_root_value",
    "build_step_note",
    "describe_path",
    "describe_value",
    "did_you_mean",
    "duplicate_keys",
    "engine_config",
    "functions_mode_note",
    "legacy_keys",
    "parse_engine_yaml",
    "required_paths",
    "runtime_note",
    "schema_errors",
    "unknown_system_dependencies",
    "validate",
    "yaml11_ambiguities",
    "yaml11_value",
]
