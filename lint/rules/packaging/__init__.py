"""EL106–EL110 — deploy packaging: what `lean deploy` uploads and how the platform detects the
runtime. (The layout half of the EL1xx family lives in `layout.py`.)

The upload is computed once by `analysis.upload` with the deploy tool's own .leanignore matcher
(`parsers.leanignore`); these rules only read it.
"""

from ...rulespec import RuleSpec
from ...severity import ERROR, WARNING

RULES = (
    RuleSpec("EL106", "runtime-detection-conflict", WARNING, "checks.runtime_detection_conflict"),
    RuleSpec("EL107", "leanignore-excludes-required", ERROR, "checks.leanignore_excludes_required"),
    RuleSpec("EL108", "leanignore-invalid-pattern", ERROR, "checks.leanignore_invalid_pattern"),
    RuleSpec(
        "EL109", "leanignore-surprising-pattern", WARNING, "checks.leanignore_surprising_pattern"
    ),
    RuleSpec("EL110", "uploads-local-artifacts", WARNING, "checks.uploads_local_artifacts"),
)
