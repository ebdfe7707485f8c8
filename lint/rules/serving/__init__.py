"""EL501–EL512 — serving: whether the platform can reach, start and probe the app.

The platform starts the app (WSGI mode: it serves `application` of wsgi.py; run mode: the `run:`
command of leanengine.yaml), then probes it on `0.0.0.0` at `$LEANCLOUD_APP_PORT` with `GET /`.
`binds` and `ports` judge the hosts and ports of servers started from Python code that runs
(EL501–EL503); `run_binds`, `run_targets`, `run_installs` and `dev_servers` what the `run:`
command starts (EL503–EL508); `sdk_engine` and `routes` the served app as the `app_model` sees
it: the LeanCloud SDK's engine in front of it, and the routes it answers (EL509–EL512).
"""

from ...rulespec import UNSAFE, RuleSpec
from ...severity import ERROR, WARNING

RULES = (
    RuleSpec("EL501", "loopback-bind", ERROR, "binds.loopback_bind", fix=UNSAFE),
    RuleSpec("EL502", "wrong-port", ERROR, "ports.wrong_port"),
    RuleSpec("EL503", "hardcoded-port", WARNING, "ports.hardcoded_port"),
    RuleSpec("EL504", "run-command-loopback", ERROR, "run_binds.run_command_loopback"),
    RuleSpec("EL505", "run-command-port", ERROR, "run_binds.run_command_port"),
    RuleSpec("EL506", "run-target-missing", ERROR, "run_targets.run_target_missing"),
    RuleSpec(
        "EL507", "run-installs-dependencies", WARNING, "run_installs.run_installs_dependencies"
    ),
    RuleSpec("EL508", "development-server", WARNING, "dev_servers.development_server"),
    RuleSpec(
        "EL509", "functions-mode-without-sdk", ERROR, "sdk_engine.functions_mode_without_sdk"
    ),
    RuleSpec("EL510", "no-health-endpoint", WARNING, "routes.no_health_endpoint"),
    RuleSpec("EL511", "acme-challenge-route", ERROR, "routes.acme_challenge_route"),
    RuleSpec(
        "EL512",
        "https-redirect-outside-engine",
        WARNING,
        "sdk_engine.https_redirect_outside_engine",
    ),
)
