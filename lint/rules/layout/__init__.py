"""EL1xx — project layout. (STUB)"""

from ...rulespec import RuleSpec
from ...severity import ERROR

RULES = (
    RuleSpec("EL101", "missing-wsgi", ERROR, "checks.missing_wsgi"),
    RuleSpec("EL102", "missing-requirements", ERROR, "checks.missing_requirements"),
    RuleSpec("EL103", "missing-application", ERROR, "checks.missing_application"),
    RuleSpec("EL104", "application-not-wsgi", ERROR, "checks.application_not_wsgi"),
    RuleSpec("EL105", "missing-local-module", ERROR, "checks.missing_local_module"),
)
