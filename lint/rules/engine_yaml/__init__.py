"""EL4xx — leanengine.yaml, checked against `schemas/leanengine.schema.json`.

The schema is the single source of truth: which keys exist, their types and ranges, and (through
its `x-enginelint-code` annotations) which rule a failure belongs to. The parser maps every
violation to a code, a message and the exact key or value; each rule here reports its own code,
so that one problem is one finding.
"""

from ...rulespec import SAFE, UNSAFE, RuleSpec
from ...severity import ERROR, WARNING

RULES = (
    RuleSpec("EL401", "yaml-not-mapping", ERROR, "checks.yaml_not_mapping"),
    RuleSpec("EL402", "unknown-key", ERROR, "checks.unknown_key", fix=UNSAFE),
    RuleSpec("EL403", "legacy-key", WARNING, "checks.legacy_key", fix=SAFE),
    RuleSpec("EL404", "invalid-value-type", ERROR, "checks.invalid_value_type"),
    RuleSpec("EL405", "startup-timeout-out-of-range", ERROR, "checks.startup_timeout_out_of_range"),
    RuleSpec("EL406", "invalid-functions-mode", ERROR, "checks.invalid_functions_mode"),
    RuleSpec("EL407", "unknown-system-dependency", WARNING, "checks.unknown_system_dependency"),
    RuleSpec("EL408", "invalid-runtime", ERROR, "checks.invalid_runtime"),
    RuleSpec("EL409", "invalid-build-step", ERROR, "checks.invalid_build_step"),
    RuleSpec("EL410", "duplicate-key", ERROR, "checks.duplicate_key"),
    RuleSpec("EL411", "yaml-1-1-ambiguity", WARNING, "checks.yaml_1_1_ambiguity", fix=SAFE),
    RuleSpec("EL412", "missing-build-root", ERROR, "checks.missing_build_root"),
    RuleSpec("EL413", "invalid-extra-ports", ERROR, "checks.invalid_extra_ports"),
)
