"""EL6xx — security and platform hygiene: debug modes, credentials and hosts written into the
code, platform variables that do not exist, and data written to a disk that does not persist.
"""

from ...rulespec import RuleSpec
from ...severity import ERROR, WARNING

RULES = (
    RuleSpec("EL601", "debug-enabled", ERROR, "checks.debug_enabled"),
    RuleSpec(
        "EL602", "hardcoded-credentials", ERROR, "checks.hardcoded_credentials", sensitive=True
    ),
    RuleSpec("EL603", "hardcoded-api-server", WARNING, "checks.hardcoded_api_server"),
    RuleSpec("EL604", "unknown-platform-variable", WARNING, "checks.unknown_platform_variable"),
    RuleSpec("EL605", "local-persistent-storage", WARNING, "checks.local_persistent_storage"),
)
