"""One project's plan as plain data: the shape `schemas/plan.schema.json` describes.

Each part asks the view that already answers it: the packaging model for the runtime and the
upload, `.python-version` for the target Python (and `platform.BUNDLED_PIP` for its pip),
`leanengine.yaml` for system packages and the install, build and run steps, the serving mode for
how the app starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ..platform import (
    ALL_INTERFACES,
    BUNDLED_PIP,
    LEAN_CLI_VERSION,
    LEANIGNORE_FILE,
    PLATFORM_PORT,
    PORT_VARIABLE,
    PYTHON_DEFAULT_CUTOFF_DATE,
    PYTHON_LEGACY_DEFAULT,
    REQUIREMENTS_FILE,
    STARTUP_TIMEOUT_DEFAULT,
    WSGI_CALLABLE,
)

if TYPE_CHECKING:
    from ..project import Project

DEFAULT_INSTALL = f"pip install -r {REQUIREMENTS_FILE}"


def project_plan(project: Project, root: str) -> dict[str, Any]:
    """The plan of one project; `root` is how the output names its folder."""
    from ..parsers.engine_yaml import engine_config

    config = engine_config(project)
    settings: dict[str, Any] = dict(config.data) if config is not None and config.is_mapping else {}
    return {
        "root": root,
        "runtime": _runtime(project, settings),
        "upload": _upload(project),
        "install": _install(project, settings),
        "start": _start(project, settings),
    }


def _runtime(project: Project, settings: dict[str, Any]) -> dict[str, Any]:
    from ..analysis.deploy.packaging import packaging

    model = packaging(project)
    declared = settings.get("runtime")
    return {
        "detected": model.detection.runtime,
        "reason": model.detection.reason,
        "declared": declared if isinstance(declared, str) else None,
        "deploy_tool": f"lean-cli {LEAN_CLI_VERSION}",
    }


def _upload(project: Project) -> dict[str, Any]:
    from ..analysis.deploy.packaging import packaging

    model = packaging(project)
    stop = model.stop
    walked = model.walked
    ignore = model.ignore
    leanignore: dict[str, Any] = {
        "source": "file" if ignore is not None and ignore.path else
        "defaults" if model.writes_defaults else "unreadable",
        "patterns": [p.text for p in ignore.patterns] if ignore is not None else [],
    }
    if stop is not None or walked is None:
        reason = stop.reason if stop is not None else f"`{LEANIGNORE_FILE}` cannot be read"
        return {
            "files": [],
            "bytes": 0,
            "error": reason,
            "stop": _stop(stop),
            "leanignore": leanignore,
            "linked": {},
            "truncated": False,
            "sizes": {},
        }
    files = sorted(walked.files)
    return {
        "files": files,
        "bytes": sum(walked.files.values()),
        "error": None,
        "stop": None,
        "leanignore": leanignore,
        "linked": dict(sorted(walked.linked.items())),
        "truncated": walked.truncated,
        "sizes": {path: walked.files[path] for path in files},
    }


def _stop(stop: Any) -> Optional[dict[str, Any]]:
    if stop is None:
        return None
    pattern = stop.pattern
    return {
        "stage": stop.stage,
        "path": stop.path,
        "line": pattern.line if pattern is not None else None,
        "pattern": pattern.text if pattern is not None else None,
        "problem": stop.problem,
    }


def _install(project: Project, settings: dict[str, Any]) -> dict[str, Any]:
    python = _python(project)
    pip = BUNDLED_PIP.get(python["line"]) if python["line"] is not None else None
    system = settings.get("systemDependencies")
    packages = [p for p in system if isinstance(p, str)] if isinstance(system, list) else []
    steps: list[dict[str, Any]] = []
    if packages:
        steps.append({"kind": "system", "packages": packages})
    steps.extend(_steps(project, settings.get("install"), default=True))
    return {
        "python": {"version": python["version"], "source": python["source"]},
        "pip": {"version": pip[0], "source": f"what ensurepip bundles in {pip[1]}"}
        if pip is not None else None,
        "steps": steps,
        "build": _steps(project, settings.get("build"), default=False),
    }


def _python(project: Project) -> dict[str, Any]:
    from ..parsers.python_version import CPYTHON, python_version_file

    parsed = python_version_file(project)
    entry = parsed.first if parsed is not None else None
    if entry is not None and entry.kind == CPYTHON and entry.version is not None:
        return {
            "version": entry.text,
            "line": entry.version.minor_version,
            "source": parsed.path if parsed is not None else None,
        }
    if entry is not None:
        return {"version": entry.text, "line": None, "source": "not a CPython version"}
    return {
        "version": None,
        "line": None,
        "source": f"the platform's default: {PYTHON_LEGACY_DEFAULT} for app groups created "
        f"before {PYTHON_DEFAULT_CUTOFF_DATE}, the newest CPython otherwise",
    }


def _steps(project: Project, value: Any, default: bool) -> list[dict[str, Any]]:
    """`install`/`build` as steps; `default` says what is run when the key is missing."""
    pip_step = {
        "kind": "pip",
        "command": DEFAULT_INSTALL,
        "default": True,
        "file_exists": project.is_file(project.path(REQUIREMENTS_FILE)),
    }
    if value is None:
        return [pip_step] if default else []
    items = value if isinstance(value, list) else [value]
    steps: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, str):
            steps.append({"kind": "command", "command": item})
        elif isinstance(item, dict) and item.get("use") == "default":
            steps.append(pip_step if default else {"kind": "default"})
        elif isinstance(item, dict) and isinstance(item.get("require"), list):
            paths = [p for p in item["require"] if isinstance(p, str)]
            steps.append({"kind": "require", "paths": paths})
        else:
            steps.append({"kind": "invalid", "value": repr(item)})
    return steps


def _start(project: Project, settings: dict[str, Any]) -> dict[str, Any]:
    from ..analysis.entry import serving_mode

    mode = serving_mode(project)
    timeout = settings.get("startupTimeout")
    return {
        "mode": "wsgi" if mode.is_wsgi else "run",
        "command": mode.run,
        "entry": mode.entry_file,
        "callable": WSGI_CALLABLE if mode.is_wsgi else None,
        "host": ALL_INTERFACES,
        "port": PLATFORM_PORT,
        "port_variable": PORT_VARIABLE,
        "startup_timeout": timeout if isinstance(timeout, int) and not isinstance(timeout, bool)
        else STARTUP_TIMEOUT_DEFAULT,
    }
