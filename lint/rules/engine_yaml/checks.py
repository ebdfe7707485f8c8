"""EL4xx — leanengine.yaml, checked against `schemas/leanengine.schema.json`.

The schema is the single source of truth: which keys exist, their types and ranges, and (through
its `x-enginelint-code` annotations) which rule a failure belongs to. The parser maps every
violation to a code, a message and the exact key or value; each rule here reports its own code,
so that one problem is one finding.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import Optional

from ...diagnostics import ERROR, SAFE, UNSAFE, WARNING, Edit, Finding, Fix
from ...parsers.engine_yaml import SchemaViolation, engine_config, schema_errors
from ...parsers.engine_yaml import checks as yaml_checks
from ...platform import REQUIREMENTS_FILE, WSGI_FILE
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


@rule("EL407", "unknown-system-dependency", WARNING)
def unknown_system_dependency(project: Project) -> Iterator[Finding]:
    """A `systemDependencies` item that is not on the platform's list of system packages.

    Why: the platform installs system packages only from its own list (ffmpeg, imagemagick,
    fonts-wqy, fonts-noto, chrome-headless, node-canvas, python-talib; gstreamer is used by
    LeanCloud itself); a misspelt or unlisted name is not installed and the app fails when it
    calls the tool. `phantomjs` is discontinued. The message suggests the closest known name.
    The list lives in `schemas/leanengine.schema.json` (`x-enginelint-known`).

    Example: `systemDependencies: [imagemagik]` → `systemDependencies: [imagemagick]`.
    """
    config = engine_config(project)
    if config is None:
        return
    for note in yaml_checks.unknown_system_dependencies(
        config, project.settings.extra_system_dependencies
    ):
        yield Finding(note.message, config.path, note.span)


@rule("EL408", "invalid-runtime", ERROR)
def invalid_runtime(project: Project) -> Iterator[Finding]:
    """`runtime` is not a runtime the platform knows, or not Python in a Python project.

    Why: `runtime` takes one of `cpp dotnet go java nodejs php python static`; any other value
    fails the deploy. A Python version is not a runtime (`python-3.10.9`): it belongs in
    `.python-version`. When the project is a Python project (it has `wsgi.py` or
    `requirements.txt`) but `runtime` names another language, the platform builds it with that
    language's tools and the Python app never starts (a warning: the folder may really hold
    another app).

    Example: `runtime: python-3.10.9` → `runtime: python`, and `3.10.9` in `.python-version`.
    """
    config = engine_config(project)
    if config is None:
        return
    for violation in schema_errors(project):
        if violation.code == "EL408":
            message = yaml_checks.runtime_note(violation, config)
            yield Finding(message, config.path, violation.span)
    runtime = config.get("runtime")
    span = config.value_span("runtime")
    if not isinstance(runtime, str) or runtime == "python" or span is None:
        return
    if any(v.path == ("runtime",) for v in schema_errors(project)):
        return
    marker = next(
        (
            project.path(name)
            for name in (WSGI_FILE, REQUIREMENTS_FILE)
            if project.is_file(project.path(name))
        ),
        None,
    )
    if marker is not None:
        yield Finding(
            f"`runtime` is `{runtime}` but this is a Python project (`{marker}` is there); "
            f"the platform will build and start it as `{runtime}`, not with Python",
            config.path,
            span,
            severity=WARNING,
        )


@rule("EL409", "invalid-build-step", ERROR)
def invalid_build_step(project: Project) -> Iterator[Finding]:
    """An `install` or `build` step the platform cannot run, or a `require` path that is missing.

    Why: each item of an `install`/`build` list is a shell command, `{use: default}` (the
    platform's default step) or `{require: [paths]}` (files to copy into the build folder, which
    during `install` holds only the dependency manifests); the platform rejects anything else and
    the deploy fails. A `require` path that does not exist (relative to the build root) copies
    nothing, so the step that needs it fails later (a warning: it may be created by an earlier
    step).

    Example: `install: [{use: custom}]` → `install: [{use: default}]`.
    """
    config = engine_config(project)
    if config is None:
        return
    for violation in schema_errors(project):
        if violation.code == "EL409":
            message, span = yaml_checks.build_step_note(violation, config)
            yield Finding(message, config.path, span)
    for required in yaml_checks.required_paths(config):
        cleaned = required.path.strip()
        while cleaned.startswith("./"):
            cleaned = cleaned[2:]
        cleaned = cleaned.rstrip("/")
        if not cleaned or cleaned == "." or any(c in cleaned for c in "*?["):
            continue  # the whole build root, or a pattern enginelint does not expand
        target = posixpath.normpath(project.path(cleaned))
        if target == ".." or target.startswith("../"):
            problem = "which is outside the project folder (only that folder is uploaded)"
        elif project.exists(target):
            continue
        elif project.build_root:
            problem = f"which does not exist (looked for `{target}`)"
        else:
            problem = "which does not exist"
        yield Finding(
            f"`{required.step}` requires `{required.path}`, {problem}; "
            "the step that needs it will not find it",
            config.path,
            required.span,
            severity=WARNING,
        )


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


@rule("EL412", "missing-build-root", ERROR)
def missing_build_root(project: Project) -> Iterator[Finding]:
    """`buildRoot` names a folder that is not in the project.

    Why: the platform builds and runs only the `buildRoot` folder, as if nothing else had been
    uploaded; when that folder does not exist (a typo, a renamed folder, a path outside the
    project, a file) there is nothing to build and the deploy fails. When it does exist,
    enginelint looks for `wsgi.py`, `requirements.txt` and the other project files under it.

    Example: `buildRoot: backend` with the app in `server/` → `buildRoot: server`.
    """
    config = engine_config(project)
    if config is None:
        return
    found = yaml_checks.build_root_value(config)
    if found is None:
        return
    written, folder, span = found
    if project.is_dir(folder):
        return
    if project.exists(folder) and project.is_file(folder):
        reason = f"`{folder}` is a file, not a folder"
    elif folder.startswith("..") or project.exists(folder):
        reason = f"`{folder}` is outside the project folder, which is all that is uploaded"
    else:
        reason = f"the project has no folder `{folder}`"
    yield Finding(
        f"`buildRoot` is `{written}`, but {reason}; the platform builds only that folder",
        config.path,
        span,
    )


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
