"""EL2xx — requirements.txt: what pip will install, and whether it can.

The rules read the records of `parsers.requirements`; every position and every judgement about
pip's grammar comes from there. These rules only decide what is worth saying.
"""

from ...rulespec import SAFE, RuleSpec
from ...severity import ERROR, WARNING

RULES = (
    RuleSpec("EL201", "unpinned-requirement", WARNING, "checks.unpinned_requirement"),
    RuleSpec(
        "EL202", "unbounded-major-version", WARNING, "checks.unbounded_major_version", fix=SAFE
    ),
    RuleSpec("EL203", "invalid-requirement", ERROR, "checks.invalid_requirement"),
    RuleSpec("EL204", "unpinned-vcs-requirement", WARNING, "checks.unpinned_vcs_requirement"),
    RuleSpec("EL205", "duplicate-requirement", WARNING, "checks.duplicate_requirement"),
    RuleSpec("EL206", "unsatisfiable-specifier", ERROR, "checks.unsatisfiable_specifier"),
    RuleSpec("EL207", "missing-include", ERROR, "checks.missing_include"),
    RuleSpec("EL208", "local-path-requirement", ERROR, "checks.local_path_requirement"),
    RuleSpec("EL209", "insecure-index", ERROR, "checks.insecure_index"),
    RuleSpec("EL210", "incomplete-hashes", ERROR, "checks.incomplete_hashes"),
    RuleSpec("EL211", "not-installable", ERROR, "checks.not_installable"),
    RuleSpec("EL212", "deprecated-package", WARNING, "checks.deprecated_package"),
    RuleSpec("EL213", "requirements-encoding", WARNING, "checks.requirements_encoding"),
    RuleSpec("EL214", "sdk-dependency-conflict", ERROR, "checks.sdk_dependency_conflict"),
)
