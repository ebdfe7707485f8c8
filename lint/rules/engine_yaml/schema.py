"""The keys and values of leanengine.yaml against the schema (EL401–EL406, EL413).

`schemas/leanengine.schema.json` says which keys exist, their types and ranges, and (through its
`x-enginelint-code` annotations) which rule a failure belongs to; `parsers.engine_yaml` maps each
violation to a code, a message and the exact key or value. Each rule here reports only its own
code, so one problem is one finding, and adds what the schema cannot: a fix, a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ...diagnostics import ERROR, SAFE, UNSAFE, WARNING, Edit, Finding, Fix
from ...parsers.engine_yaml import SchemaViolation, engine_config, schema_errors
from ...parsers.engine_yaml import checks as yaml_checks
from ...project import Project
from ...rulespec import rule


def _findings(project: Project, code: str) -> Iterator[Finding]:
    for violation in schema_errors(project):
        if violation.code == code:
            yield Finding(violation.message, _path(project), violation.span)


def _path(project: Project) -> str:
    config = engine_config(project)
    return config.path if config is not None else "leanengine.yaml"


@rule("EL401", "yaml-not-mapping", ERROR)
def yaml_not_mapping(project: Project) -> Iterator[Finding]:
    """`leanengine.yaml` is not a mapping of settings.

    Why: the platform reads the file as `key: value` settings; a document that is a list or a
    single value gives it no settings at all, and the deploy fails or ignores what you meant.
    An empty file (or one with only comments) is fine. When this rule fires, the other
    leanengine.yaml rules stay quiet: there are no keys to check.

    Example: `- run: python app.py` (a list with one item) → `run: python app.py`.
    """
    return _findings(project, "EL401")


@rule("EL402", "unknown-key", ERROR)
def unknown_key(project: Project) -> Iterator[Finding]:
    """A key in `leanengine.yaml` that the platform does not know.

    Why: the platform ignores keys it does not know, so a misspelt setting silently does
    nothing: `bulid:` never runs your build step, `startupTimout: 60` leaves the timeout at 30
    seconds. The message suggests the closest known key, or says why a commonly expected
    setting does not exist (`healthCheckPath`: the health check is fixed at `GET /`).
    When the suggestion is unambiguous, an unsafe fix renames the key.

    Example: `bulid: npm run build` → `build: npm run build`.
    """
    for violation in schema_errors(project):
        if violation.code != "EL402":
            continue
        yield Finding(
            violation.message,
            _path(project),
            violation.span,
            fix=_rename_fix(project, violation),
        )


def _rename_fix(project: Project, violation: SchemaViolation) -> Optional[Fix]:
    """Rename a misspelt key, when it is written plainly and the new name is not taken."""
    config = engine_config(project)
    if config is None or violation.replacement is None:
        return None
    scalar = next(
        (s for s in config.scalars() if s.is_key and s.span == violation.span and s.plain), None
    )
    parent = violation.path[:-1]
    if scalar is None or config.has(*parent, violation.replacement):
        return None
    return Fix(
        f"rename `{violation.path[-1]}` to `{violation.replacement}`",
        (Edit(config.path, violation.span, violation.replacement),),
        UNSAFE,
    )


@rule("EL403", "legacy-key", WARNING)
def legacy_key(project: Project) -> Iterator[Finding]:
    """A `leanengine.yaml` key from an older version of the platform.

    Why: `cmd` is the old name of `run`, `afterBuild` the old form of `build`, and `static`
    belongs to the old static-site build; the current platform documents none of them, so a
    file that relies on them may stop working without notice. `installDevDependencies` applies
    to Node.js projects only and does nothing for a Python project. When `run` is not set too,
    a safe fix renames `cmd` to `run`. (Spec §7 routes YAML fixes through ruamel.yaml's
    round-trip mode so that comments and layout survive; renaming a plain key token is the same
    edit done as a text edit at the key's span, which touches nothing else in the file.)

    Example: `cmd: python app.py` → `run: python app.py`.
    """
    config = engine_config(project)
    if config is None:
        return
    runtime = config.get("runtime")
    for key in yaml_checks.legacy_keys(config):
        if key.name == "installDevDependencies" and runtime == "nodejs":
            continue
        fix = None
        if key.replacement is None:
            advice = "remove it"
        elif config.has(key.replacement):
            advice = f"`{key.replacement}` is set too, so remove `{key.name}`"
        else:
            advice = f"use `{key.replacement}` instead"
            if key.name == "cmd" and key.plain:
                fix = Fix(
                    f"rename `{key.name}` to `{key.replacement}`",
                    (Edit(config.path, key.key_span, key.replacement),),
                    SAFE,
                )
        yield Finding(
            f"legacy key `{key.name}`: {key.reason}; {advice}",
            config.path,
            key.key_span,
            fix=fix,
        )


@rule("EL404", "invalid-value-type", ERROR)
def invalid_value_type(project: Project) -> Iterator[Finding]:
    """A `leanengine.yaml` setting has a value of the wrong type.

    Why: the platform decodes each setting into a fixed type; a value it cannot decode fails the
    deploy, and one that YAML reads differently than you meant (a quoted `"60"`, `60s`, `60.5`)
    is not the number you wrote. Checked: `run` and the other commands are strings (not a
    mapping or list), `startupTimeout` is a whole number of seconds, `exposeEnvironmentsOnBuild`
    is `true` or `false`, `systemDependencies` is a list of names, `install`/`build` are a
    command or a list of steps. An unquoted `yes`/`on` where a boolean is expected is read as
    `true` by the platform's YAML 1.1 parser and is left to EL411.

    Example: `startupTimeout: "60"` → `startupTimeout: 60`.
    """
    return _findings(project, "EL404")


@rule("EL405", "startup-timeout-out-of-range", ERROR)
def startup_timeout_out_of_range(project: Project) -> Iterator[Finding]:
    """`startupTimeout` is outside the 15–120 seconds the platform accepts.

    Why: the platform probes the app's port every second for `startupTimeout` seconds, and its
    documentation gives 15 to 120 as the range it accepts; a value outside it is not a startup
    time you can rely on, and an app that needs more than 120 seconds fails the startup check
    whatever the file says.

    Example: `startupTimeout: 200` → `startupTimeout: 120` (and make the app start faster).
    """
    return _findings(project, "EL405")


@rule("EL406", "invalid-functions-mode", ERROR)
def invalid_functions_mode(project: Project) -> Iterator[Finding]:
    """`functionsMode` is neither `strict` nor `disabled`.

    Why: the platform knows only these two values: `strict` makes the deploy fail when the
    LeanCloud SDK's cloud-function metadata cannot be fetched, `disabled` turns cloud functions
    off. Anything else (`on`, `true`, `Strict`) is not a mode, so the deploy does not do what the
    file says. A value of the wrong type (a number, a list) is EL404.

    Example: `functionsMode: off` → `functionsMode: disabled`.
    """
    config = engine_config(project)
    if config is None:
        return
    for violation in schema_errors(project):
        if violation.code == "EL406":
            message = yaml_checks.functions_mode_note(violation, config)
            yield Finding(message, config.path, violation.span)


@rule("EL413", "invalid-extra-ports", ERROR)
def invalid_extra_ports(project: Project) -> Iterator[Finding]:
    """An `extraPorts` item that is not `{name: …, protocol: tcp|udp, containerPort: 1–65535}`.

    Why: `extraPorts` is not in the platform's documentation but LeanCloud's own files use it to
    expose ports besides the HTTP one; each item needs a `name` (a string), a `protocol` (`tcp`
    or `udp`) and a `containerPort` (a whole number from 1 to 65535). An item the platform
    cannot read fails the deploy or opens no port. `extraPorts` itself not being a list is
    EL404.

    Example: `- {name: game, protocol: http, containerPort: 7000}` → `protocol: tcp`.
    """
    return _findings(project, "EL413")
