"""EL106–EL111 — deploy packaging: what `lean deploy` uploads and how the platform detects the
runtime. (The layout half of the EL1xx family is the `layout` family.)

The packaging step is modelled once, exactly as lean-cli does it (`analysis.deploy`, read through
`analysis.upload`), with the deploy tool's own `.leanignore` reading (`parsers.leanignore`);
these rules only read it. By topic: `runtime_detection` (EL106, EL111: what detection picks,
and where it stops the deploy), `upload` (EL107, EL110: what
the upload holds) and `patterns` (EL108, EL109: `.leanignore` lines refused or misread, with
`surprises` for EL109's static checks).
"""

from ...rulespec import RuleSpec
from ...severity import ERROR, WARNING

RULES = (
    RuleSpec(
        "EL106",
        "runtime-detection-conflict",
        WARNING,
        "runtime_detection.runtime_detection_conflict",
    ),
    RuleSpec("EL107", "leanignore-excludes-required", ERROR, "upload.leanignore_excludes_required"),
    RuleSpec("EL108", "leanignore-invalid-pattern", ERROR, "patterns.leanignore_invalid_pattern"),
    RuleSpec(
        "EL109", "leanignore-surprising-pattern", WARNING, "patterns.leanignore_surprising_pattern"
    ),
    RuleSpec("EL110", "uploads-local-artifacts", WARNING, "upload.uploads_local_artifacts"),
    RuleSpec(
        "EL111", "detection-stops-deploy", ERROR, "runtime_detection.detection_stops_deploy"
    ),
)
