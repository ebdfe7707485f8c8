"""How the deploy tool detects the runtime: a Node.js marker it checks before Python (EL106), and
the files detection reads and refuses, which stop the deploy (EL111).

Which files count as markers, and in which order the tool checks them, is part of
`analysis.deploy.detect`, the model of the deploy tool; this rule only says what follows from the
first.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import ERROR, WARNING, Finding
from ...platform import ENGINE_CONFIG_FILE, PYTHON_VERSION_FILE
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


@rule("EL111", "detection-stops-deploy", ERROR)
def detection_stops_deploy(project: Project) -> Iterator[Finding]:
    """Detecting the runtime makes the deploy tool stop before it uploads anything.

    Why: `lean deploy` detects the runtime first and reads the files that decided it; some of
    them it refuses, and the deploy ends there with its error. For a Python project it reads
    `.python-version` raw and stops ("Wrong pyenv version. We only support CPython. Please
    check and correct .python-version") unless the file's very first bytes are `2.` or `3.` —
    so a byte-order mark, a leading space or blank line, a comment line first, `v3.11`,
    `python3.11`, `3` or an empty file all stop it, though pyenv would read some of them. When
    it detects Node.js (`server.js` with `package.json`, or a `package.json` whose
    `scripts.start` is set), it decodes `package.json` with Go's JSON decoder and stops when
    the file is not valid JSON or when `scripts`, `scripts.start`, `scripts.dev` or a
    `dependencies` entry has a type it cannot hold (a number where a string goes). A Java
    project's `pom.xml` must decode as XML. Reported at what stops it, with the deploy tool's
    reason. (A `.python-version` that cannot be read at all — a folder, a symlink loop — is
    EL001's.)

    Example: a `.python-version` saved with a byte-order mark, or holding `# pinned` before
    `3.11` → a file whose first line is just `3.11`; `"start": 1` in `package.json` beside
    `server.js` → `"start": "node server.js"`.
    """
    from ...analysis.deploy.detect import detect

    detection = detect(project)
    path = detection.error_path
    if detection.error is None or path is None:
        return
    if detection.error_span is None and project.read(path) is None and any(
        problem.path == path for problem in project.problems("EL001")
    ):
        return  # reading it fails for everyone: EL001 says so
    runtime = {"node.js": "Node.js", "python": "Python", "java": "Java"}.get(
        detection.runtime, detection.runtime)
    message = (f"`lean deploy` detects a {runtime} project and stops before uploading anything: "
               f"{detection.error}")
    if path.rsplit("/", 1)[-1] == PYTHON_VERSION_FILE:
        message += f" (it must begin with `3.` or `2.`; {_how_it_begins(project, path)})"
    yield Finding(message, path, detection.error_span)


def _how_it_begins(project: Project, path: str) -> str:
    """What the deploy tool sees first in the file, made visible."""
    data = project.read_raw(path) or b""
    if data.startswith(b"\xef\xbb\xbf"):
        return "it begins with a UTF-8 byte-order mark"
    if not data.strip():
        return "it is empty" if not data else "it holds only whitespace"
    first = data.split(b"\n", 1)[0].decode("utf-8", "replace")
    if first[:1].isspace() or not first:
        return "it begins with whitespace"
    shown = first if len(first) <= 20 else first[:20] + "…"
    return f"its first line is `{shown}`"
