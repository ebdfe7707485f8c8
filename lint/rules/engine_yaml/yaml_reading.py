"""How the platform's YAML parser reads the text (EL410, EL411): a repeated key keeps the last
value, and YAML 1.1 turns some unquoted words and numbers into something else.

The platform reads leanengine.yaml with Go's yaml.v2; `parsers.engine_yaml` finds where that
reading differs from the YAML 1.2 that editors and other tools apply.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import ERROR, SAFE, WARNING, Edit, Finding, Fix
from ...parsers.engine_yaml import checks as yaml_checks
from ...parsers.engine_yaml import engine_config, schema_errors
from ...project import Project
from ...rulespec import rule


@rule("EL410", "duplicate-key", ERROR)
def duplicate_key(project: Project) -> Iterator[Finding]:
    """A key written twice in the same mapping of `leanengine.yaml`.

    Why: the platform's YAML parser does not complain about a repeated key: it keeps the last
    value and silently drops the earlier one, so a setting edited in one place may be overridden
    by a forgotten copy further down. The finding points at the later key and names the line of
    the first.

    Example: `startupTimeout: 30` … `startupTimeout: 60` → keep one `startupTimeout`.
    """
    config = engine_config(project)
    if config is None:
        return
    for note in yaml_checks.duplicate_keys(config):
        yield Finding(note.message, config.path, note.span)


@rule("EL411", "yaml-1-1-ambiguity", WARNING)
def yaml_1_1_ambiguity(project: Project) -> Iterator[Finding]:
    """An unquoted value the platform's YAML 1.1 parser reads differently from YAML 1.2.

    Why: the platform reads `leanengine.yaml` with Go's yaml.v2, which follows YAML 1.1: an
    unquoted `yes`, `no`, `on`, `off`, `y` or `n` (in any of the casings it knows) is a boolean
    there, and a number with a leading zero (`0755`, `060`) is octal. Editors, schema checkers
    and most other tools follow YAML 1.2, where those are the text `yes` and the decimal 60, so
    the file means one thing on your machine and another on the platform. Quote the value when
    you mean the text, or write what it stands for (`true`, the decimal number). `1:30`-style
    YAML 1.1 sexagesimal numbers are not reported: yaml.v2 never implemented them, so the
    platform reads the string `1:30`, as YAML 1.2 does. For a boolean setting a safe fix writes
    `true`/`false`, which is what the platform already reads.

    Example: `exposeEnvironmentsOnBuild: yes` → `exposeEnvironmentsOnBuild: true`.
    """
    config = engine_config(project)
    if config is None:
        return
    for note in yaml_checks.yaml11_ambiguities(config, schema_errors(project)):
        fix = None
        if note.replacement is not None:
            fix = Fix(
                f"write `{note.replacement}`",
                (Edit(config.path, note.span, note.replacement),),
                SAFE,
            )
        yield Finding(note.message, config.path, note.span, fix=fix)
