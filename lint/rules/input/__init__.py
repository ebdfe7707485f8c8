"""EL0xx — input that cannot be read or parsed, and enginelint's own failures.

Facts about the inputs rather than about the project: a file the platform reads cannot be read,
decoded or parsed (EL001–EL004); a bound stopped the analysis (EL005); a rule crashed
(EL006); a suppression is stale (EL007); the Python enginelint runs on cannot judge a file
(EL008); code is Python 2 (EL009).
"""

from ...rulespec import LATE, RuleSpec
from ...severity import ERROR, INFO, WARNING

RULES = (
    RuleSpec("EL001", "unreadable-file", ERROR, "problems.unreadable_file", phase=LATE),
    RuleSpec("EL002", "undecodable-file", ERROR, "problems.undecodable_file", phase=LATE),
    RuleSpec("EL003", "python-syntax-error", ERROR, "problems.python_syntax_error", phase=LATE),
    RuleSpec("EL004", "yaml-syntax-error", ERROR, "problems.yaml_syntax_error", phase=LATE),
    RuleSpec("EL005", "analysis-incomplete", INFO, "problems.analysis_incomplete", phase=LATE),
    RuleSpec("EL006", "internal-error", ERROR, "problems.internal_error", engine_reported=True),
    RuleSpec(
        "EL007", "unused-suppression", WARNING, "problems.unused_suppression", engine_reported=True
    ),
    RuleSpec("EL008", "host-python-too-old", INFO, "problems.host_python_too_old", phase=LATE),
    RuleSpec("EL009", "python2-code", WARNING, "problems.python2_code", phase=LATE),
)
