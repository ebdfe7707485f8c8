"""How the deploy tool detects the runtime (EL106): a Node.js marker it checks before Python.

Which files count as markers, and in which order the tool checks them, is part of
`analysis.deploy.detect`, the model of the deploy tool; this rule only says what follows from the
first.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import WARNING, Finding
from ...platform import ENGINE_CONFIG_FILE
from ...project import Project
from ...rulespec import rule


@rule("EL106", "runtime-detection-conflict", WARNING)
def runtime_detection_conflict(project: Project) -> Iterator[Finding]:
    """A Node.js marker file may make the platform treat the project as Node.js, not Python.

    Why: without `runtime:` in `leanengine.yaml`, the deploy tool detects the runtime from the
    files it finds, and it checks Node.js first: `cloud/main.js`, then `server.js` together
    with `package.json`, then a `package.json` whose `scripts` has a `start` command. A Python
    project with a front-end build or a helper script in one of these shapes is then built and
    started as a Node.js app. Not reported when `leanengine.yaml` says `runtime: python`. The
    finding points at the first marker in the order the tool checks them.

    Example: a `package.json` with `"scripts": {"start": "vite"}` beside `wsgi.py` → add
    `runtime: python` to `leanengine.yaml`.
    """
    from ...analysis.upload import node_marker
    from ...parsers.engine_yaml import engine_config

    config = engine_config(project)
    runtime = config.get("runtime") if config is not None else None
    if runtime == "python":
        return
    marker = node_marker(project)
    if marker is None:
        return
    said = (
        f"`{ENGINE_CONFIG_FILE}` sets `runtime: {runtime}`"
        if isinstance(runtime, str)
        else f"`{ENGINE_CONFIG_FILE}` does not set `runtime: python`"
    )
    yield Finding(
        f"{marker.what} makes the deploy tool detect a Node.js project before it looks for "
        f"Python, and {said}: set it so that the project is built as Python",
        marker.path,
        marker.span,
    )
