"""EL5xx — serving. (STUB)"""

from ...rulespec import UNSAFE, RuleSpec
from ...severity import ERROR, WARNING

RULES = (
    RuleSpec("EL501", "loopback-bind", ERROR, "checks.loopback_bind", fix=UNSAFE),
    RuleSpec("EL502", "wrong-port", ERROR, "checks.wrong_port"),
    RuleSpec("EL503", "hardcoded-port", WARNING, "checks.hardcoded_port"),
    RuleSpec("EL504", "run-command-loopback", ERROR, "checks.run_command_loopback"),
    RuleSpec("EL505", "run-command-port", ERROR, "checks.run_command_port"),
    RuleSpec("EL506", "run-target-missing", ERROR, "checks.run_target_missing"),
    RuleSpec("EL507", "run-installs-dependencies", WARNING, "checks.run_installs_dependencies"),
    RuleSpec("EL508", "development-server", WARNING, "checks.development_server"),
    RuleSpec("EL509", "functions-mode-without-sdk", ERROR, "checks.functions_mode_without_sdk"),
    RuleSpec("EL510", "no-health-endpoint", WARNING, "checks.no_health_endpoint"),
    RuleSpec("EL511", "acme-challenge-route", ERROR, "checks.acme_challenge_route"),
    RuleSpec(
        "EL512", "https-redirect-outside-engine", WARNING, "checks.https_redirect_outside_engine"
    ),
)
