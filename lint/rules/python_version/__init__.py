"""EL3xx — `.python-version`: which Python the platform builds and runs the app with.

The rules read `parsers.python_version`, which splits the file as pyenv does and classifies each
name; here is only what to say about it. By topic: `names` (EL301, EL302, EL308: the file names
one CPython version pyenv accepts), `releases` (EL303–EL305, EL309: that version against
CPython's release table and the LeanCloud SDK's) and `version_file` (EL306, EL307: a missing
`.python-version`, an ignored `runtime.txt`). `release_table` answers what enginelint's CPython
release table says about a version; only this family asks.
"""

from ...rulespec import UNSAFE, RuleSpec
from ...severity import ERROR, WARNING

RULES = (
    RuleSpec("EL301", "invalid-python-version", ERROR, "names.invalid_python_version", fix=UNSAFE),
    RuleSpec("EL302", "unsupported-implementation", ERROR, "names.unsupported_implementation"),
    RuleSpec("EL303", "eol-python-version", WARNING, "releases.eol_python_version"),
    RuleSpec(
        "EL304", "unknown-python-version", WARNING, "releases.unknown_python_version", fix=UNSAFE
    ),
    RuleSpec("EL305", "sdk-incompatible-python", ERROR, "releases.sdk_incompatible_python"),
    RuleSpec("EL306", "missing-python-version", WARNING, "version_file.missing_python_version"),
    RuleSpec("EL307", "legacy-runtime-txt", WARNING, "version_file.legacy_runtime_txt"),
    RuleSpec("EL308", "multiple-python-versions", WARNING, "names.multiple_python_versions"),
    RuleSpec(
        "EL309",
        "prerelease-python-version",
        WARNING,
        "releases.prerelease_python_version",
        fix=UNSAFE,
    ),
)
