"""EL4xx — leanengine.yaml, checked against `schemas/leanengine.schema.json`.

The schema is the single source of truth: which keys exist, their types and ranges, and (through
its `x-enginelint-code` annotations) which rule a failure belongs to. The parser
(`parsers.engine_yaml`) maps every violation to a code, a message and the exact key or value;
each rule here reports its own code, so that one problem is one finding. By topic: `schema`
(EL401–EL406, EL413: keys and values), `build` (EL407–EL409, EL412: what the build will meet in
the project) and `yaml_reading` (EL410, EL411: how the platform's YAML 1.1 parser reads the text).
"""

from ...rulespec import SAFE, UNSAFE, RuleSpec
from ...severity import ERROR, WARNING

RULES = (
    RuleSpec("EL401", "yaml-not-mapping", ERROR, "schema.yaml_not_mapping"),
    RuleSpec("EL402", "unknown-key", ERROR, "schema.unknown_key", fix=UNSAFE),
    RuleSpec("EL403", "legacy-key", WARNING, "schema.legacy_key", fix=SAFE),
    RuleSpec("EL404", "invalid-value-type", ERROR, "schema.invalid_value_type"),
    RuleSpec("EL405", "startup-timeout-out-of-range", ERROR, "schema.startup_timeout_out_of_range"),
    RuleSpec("EL406", "invalid-functions-mode", ERROR, "schema.invalid_functions_mode"),
    RuleSpec("EL407", "unknown-system-dependency", WARNING, "build.unknown_system_dependency"),
    RuleSpec("EL408", "invalid-runtime", ERROR, "build.invalid_runtime"),
    RuleSpec("EL409", "invalid-build-step", ERROR, "build.invalid_build_step"),
    RuleSpec("EL410", "duplicate-key", ERROR, "yaml_reading.duplicate_key"),
    RuleSpec("EL411", "yaml-1-1-ambiguity", WARNING, "yaml_reading.yaml_1_1_ambiguity", fix=SAFE),
    RuleSpec("EL412", "missing-build-root", ERROR, "build.missing_build_root"),
    RuleSpec("EL413", "invalid-extra-ports", ERROR, "schema.invalid_extra_ports"),
)
