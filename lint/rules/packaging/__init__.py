"""EL106–EL110 — deploy packaging: what `lean deploy` uploads and how the platform detects the
runtime. (The layout half of the EL1xx family is the `layout` family.)

The upload is computed once by `analysis.upload` with the deploy tool's own .leanignore matcher
(`parsers.leanignore`); these rules only read it. By topic: `runtime_detection` (EL106) and
`upload` (EL107–EL110: `.leanignore` patterns and the local files that would be uploaded).
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
    RuleSpec("EL108", "leanignore-invalid-pattern", ERROR, "upload.leanignore_invalid_pattern"),
    RuleSpec(
        "EL109", "leanignore-surprising-pattern", WARNING, "upload.leanignore_surprising_pattern"
    ),
    RuleSpec("EL110", "uploads-local-artifacts", WARNING, "upload.uploads_local_artifacts"),
)
