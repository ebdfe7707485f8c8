"""EL601–EL605 — security and platform hygiene: debug modes, credentials and hosts written into the
code, platform variables that do not exist, and data written to a disk that does not persist.

Debug modes (`debug`), platform variables (`variables`) and local storage (`storage`) matter
only in code that runs on the platform, so they are read off the per-environment walk of that
code; credentials (`credentials`) and API hosts (`api_hosts`) are wrong wherever they are
committed, so they are searched in every file of the tree.
"""

from ...rulespec import RuleSpec
from ...severity import ERROR, WARNING

RULES = (
    RuleSpec("EL601", "debug-enabled", ERROR, "debug.debug_enabled"),
    RuleSpec(
        "EL602",
        "hardcoded-credentials",
        ERROR,
        "credentials.hardcoded_credentials",
        sensitive=True,
    ),
    RuleSpec("EL603", "hardcoded-api-server", WARNING, "api_hosts.hardcoded_api_server"),
    RuleSpec(
        "EL604", "unknown-platform-variable", WARNING, "variables.unknown_platform_variable"
    ),
    RuleSpec("EL605", "local-persistent-storage", WARNING, "storage.local_persistent_storage"),
)
