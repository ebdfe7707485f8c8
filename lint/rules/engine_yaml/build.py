"""What the build will meet (EL407, EL408, EL409, EL412): system packages, the runtime, the
install and build steps and the folders they name, and `buildRoot`.

Beyond the schema's verdicts, these rules look at the project: whether a `require:` path or the
`buildRoot` folder exists, whether a non-Python `runtime` sits beside a Python project.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from ...diagnostics import ERROR, WARNING, Finding
from ...parsers.engine_yaml import checks as yaml_checks
from ...parsers.engine_yaml import engine_config, schema_errors
from ...platform import REQUIREMENTS_FILE, WSGI_FILE
from ...project import Project
from ...rulespec import rule


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
