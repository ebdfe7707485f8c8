"""EL2xx — requirements.txt: what pip will install, and whether it can.

The rules read the records of `parsers.requirements` (one file, pip's grammar, exact spans) and
`parsers.requirements_graph` (the files `-r`/`-c` pull in); every position and every judgement
about pip's grammar comes from there. These rules only decide what is worth saying. By topic:
`pins` (EL201, EL202, EL206), `lines` (EL203, EL213), `sources` (EL204, EL208–EL210),
`includes` (EL205, EL207) and `installability` (EL211, EL212, EL214). Two helpers only this
family uses live beside them: `local_paths` (where pip looks for a local path requirement in the
build) and `marker_grid` (whether two environment markers can both hold); `messages` shortens
quoted lines.
"""

from ...rulespec import SAFE, RuleSpec
from ...severity import ERROR, WARNING

RULES = (
    RuleSpec("EL201", "unpinned-requirement", WARNING, "pins.unpinned_requirement"),
    RuleSpec("EL202", "unbounded-major-version", WARNING, "pins.unbounded_major_version", fix=SAFE),
    RuleSpec("EL203", "invalid-requirement", ERROR, "lines.invalid_requirement"),
    RuleSpec("EL204", "unpinned-vcs-requirement", WARNING, "sources.unpinned_vcs_requirement"),
    RuleSpec("EL205", "duplicate-requirement", WARNING, "includes.duplicate_requirement"),
    RuleSpec("EL206", "unsatisfiable-specifier", ERROR, "pins.unsatisfiable_specifier"),
    RuleSpec("EL207", "missing-include", ERROR, "includes.missing_include"),
    RuleSpec("EL208", "local-path-requirement", ERROR, "sources.local_path_requirement"),
    RuleSpec("EL209", "insecure-index", ERROR, "sources.insecure_index"),
    RuleSpec("EL210", "incomplete-hashes", ERROR, "sources.incomplete_hashes"),
    RuleSpec("EL211", "not-installable", ERROR, "installability.not_installable"),
    RuleSpec("EL212", "deprecated-package", WARNING, "installability.deprecated_package"),
    RuleSpec("EL213", "requirements-encoding", WARNING, "lines.requirements_encoding"),
    RuleSpec("EL214", "sdk-dependency-conflict", ERROR, "installability.sdk_dependency_conflict"),
)
