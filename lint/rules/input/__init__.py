"""EL0xx — input that cannot be read or parsed, and enginelint's own failures.

These rules run after all others (the "late" phase): they report what the Project recorded while
the other rules read and parsed files. They also read the files every project has themselves, so
that selecting only `EL0` still finds an unreadable `requirements.txt`.
"""

from ...rulespec import LATE, RuleSpec
from ...severity import ERROR, WARNING

RULES = (
    RuleSpec("EL001", "unreadable-file", ERROR, "checks.unreadable_file", phase=LATE),
    RuleSpec("EL002", "undecodable-file", ERROR, "checks.undecodable_file", phase=LATE),
    RuleSpec("EL003", "python-syntax-error", ERROR, "checks.python_syntax_error", phase=LATE),
    RuleSpec("EL004", "yaml-syntax-error", ERROR, "checks.yaml_syntax_error", phase=LATE),
    RuleSpec("EL006", "internal-error", ERROR, "checks.internal_error", engine_reported=True),
    RuleSpec(
        "EL007", "unused-suppression", WARNING, "checks.unused_suppression", engine_reported=True
    ),
)
