"""EL3xx — `.python-version`: which Python the platform builds and runs the app with.

The rules read `parsers.python_version`, which splits the file as pyenv does and classifies each
name; here is only what to say about it.
"""

from ...rulespec import UNSAFE, RuleSpec
from ...severity import ERROR, WARNING

RULES = (
    RuleSpec("EL301", "invalid-python-version", ERROR, "checks.invalid_python_version", fix=UNSAFE),
    RuleSpec("EL302", "unsupported-implementation", ERROR, "checks.unsupported_implementation"),
    RuleSpec("EL303", "eol-python-version", WARNING, "checks.eol_python_version"),
    RuleSpec(
        "EL304", "unknown-python-version", WARNING, "checks.unknown_python_version", fix=UNSAFE
    ),
    RuleSpec("EL305", "sdk-incompatible-python", ERROR, "checks.sdk_incompatible_python"),
    RuleSpec("EL306", "missing-python-version", WARNING, "checks.missing_python_version"),
    RuleSpec("EL307", "legacy-runtime-txt", WARNING, "checks.legacy_runtime_txt"),
    RuleSpec("EL308", "multiple-python-versions", WARNING, "checks.multiple_python_versions"),
    RuleSpec(
        "EL309",
        "prerelease-python-version",
        WARNING,
        "checks.prerelease_python_version",
        fix=UNSAFE,
    ),
)
