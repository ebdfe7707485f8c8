"""Which runtime `lean deploy` detects, and where detection itself stops the deploy.

lean-cli (`runtimes/runtime.go`, `DetectRuntime`) looks at files in the folder it runs in, in a
fixed order: `cloud/main.js`; `server.js` with `package.json`; `package.json` whose
`scripts.start` is a non-empty string; `requirements.txt` with `wsgi.py` (Python); then PHP, Java,
.NET, static sites and Go. A file "exists" when it can be opened and is not a folder (symlinks
followed). The runtime it detects decides the `.leanignore` it writes when the project has none.

Detection can also end the deploy before anything is packed:

- Python: `.python-version` is read raw; unless it starts with `2.` or `3.` (no byte-order mark,
  no leading space) the deploy stops; a `.python-version` that cannot be read (a folder, a
  symlink loop) stops it too, a missing one (a broken symlink included) does not.
- Node.js: `package.json` is decoded with Go's `encoding/json` into `scripts.start`,
  `scripts.dev` (strings) and `dependencies` (string values): invalid JSON or a value of
  another type stops the deploy. Go's decoder matches keys case-insensitively (`"Scripts"`),
  keeps the last of duplicate keys, and strips a byte-order mark only from a file longer than 3
  bytes.
- Java (`pom.xml` without `gradlew`): `pom.xml` must decode as XML (Go's `encoding/xml`, read
  up to the end of its first element; approximated with Python's expat).
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from ... import observe
from ...diagnostics import Span
from ...platform import (
    LEAN_CLI_LATER_RUNTIMES,
    LEAN_CLI_PYENV_ERROR,
    NODE_MAIN_FILE,
    NODE_PACKAGE_FILE,
    NODE_SERVER_FILE,
    PYTHON_VERSION_FILE,
    REQUIREMENTS_FILE,
    WSGI_FILE,
)

if TYPE_CHECKING:
    from ...project import Project

CLOUDCODE, NODE, PYTHON, UNKNOWN = "cloudcode", "node.js", "python", "unknown"
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Detection:
    """What lean-cli detects in one folder.

    `runtime` is lean-cli's name for it (`python`, `node.js`, `cloudcode`, …, `unknown`);
    `reason` says why, `marker` is the file that decided (and `span`, the `"start"` key of
    `package.json` when that decided). `error` is lean-cli's message when detection stops the
    deploy, about `error_path`.
    """

    runtime: str
    reason: str
    marker: Optional[str] = None
    span: Optional[Span] = None
    error: Optional[str] = None
    error_path: Optional[str] = None


def detect(project: Project, folder: str = "") -> Detection:
    """lean-cli's detection in `folder` (project-relative; '' is the root, where `lean deploy`
    runs), computed once per folder."""
    return project.cached(f"deploy:detect:{folder}", lambda: _detect(project, folder))


def _join(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def file_exists(project: Project, relative: str) -> bool:
    """lean-cli's `IsFileExists`: it opens, and it is no folder (symlinks followed)."""
    if relative in project.overrides:
        return True
    absolute = os.path.join(str(project.root), *relative.split("/"))
    try:
        info = observe.stat_(absolute)
    except (OSError, ValueError):
        return False
    return not stat.S_ISDIR(info.st_mode) and observe.readable(absolute)


def _detect(project: Project, folder: str) -> Detection:
    main = _join(folder, NODE_MAIN_FILE)
    if file_exists(project, main):
        return Detection(CLOUDCODE, f"`{main}` exists (lean-cli checks it first)", main)
    package = _join(folder, NODE_PACKAGE_FILE)
    server = _join(folder, NODE_SERVER_FILE)
    has_package = file_exists(project, package)
    if has_package and file_exists(project, server):
        return _node(project, package, Detection(
            NODE, f"`{server}` and `{package}` exist (lean-cli checks them before Python)",
            server))
    if has_package:
        data = project.read_raw(package)
        decoded = package_json(data) if data is not None else None
        if decoded is not None and decoded.start:
            detected = Detection(
                NODE,
                f"`{package}` has a `scripts.start` command (lean-cli checks it before Python)",
                package, _start_key_span(project, package))
            return _node(project, package, detected)
    requirements, wsgi = _join(folder, REQUIREMENTS_FILE), _join(folder, WSGI_FILE)
    if file_exists(project, requirements) and file_exists(project, wsgi):
        return _python(project, folder, Detection(
            PYTHON, f"`{wsgi}` and `{requirements}` exist and no Node.js marker does", wsgi))
    missing = [name for name in (wsgi, requirements) if not file_exists(project, name)]
    for runtime, names, rule in LEAN_CLI_LATER_RUNTIMES:
        present = [name for name in names if file_exists(project, _join(folder, name))]
        if (rule == "any" and present) or (rule == "all" and len(present) == len(names)):
            shown = " and ".join(f"`{_join(folder, name)}`" for name in present)
            verb = "exists" if len(present) == 1 else "exist"
            detected = Detection(runtime, f"{shown} {verb} and no Python marker pair does",
                                 _join(folder, present[0]))
            if runtime == "java" and not file_exists(project, _join(folder, "gradlew")):
                return _java(project, _join(folder, "pom.xml"), detected)
            return detected
    return Detection(
        UNKNOWN,
        "no runtime lean-cli knows: " + " and ".join(f"`{m}`" for m in missing) + " missing",
    )


def _node(project: Project, package: str, detected: Detection) -> Detection:
    data = project.read_raw(package)
    if data is None:
        return detected  # lean-cli ignores a package.json it cannot read here
    decoded = package_json(data, full=True)
    if decoded is None:
        return Detection(detected.runtime, detected.reason, detected.marker, detected.span,
                         "`package.json` is not what lean-cli's Go JSON decoder accepts "
                         "(invalid JSON, or `scripts.start`/`scripts.dev`/`dependencies` "
                         "values that are not strings)", package)
    return detected


def _python(project: Project, folder: str, detected: Detection) -> Detection:
    relative = _join(folder, PYTHON_VERSION_FILE)
    absolute = os.path.join(str(project.root), *relative.split("/"))
    if relative not in project.overrides:
        try:
            info = observe.stat_(absolute)
        except FileNotFoundError:
            return detected  # missing, or a broken symlink: the platform's default Python
        except OSError as error:
            if error.errno == errno.ELOOP:
                reason = f"open {relative}: too many levels of symbolic links"
            else:
                reason = f"open {relative}: {error.strerror}"
            return _stopped(detected, reason, relative)
        if stat.S_ISDIR(info.st_mode):
            return _stopped(detected, f"read {relative}: is a directory", relative)
        if not observe.readable(absolute):
            return _stopped(detected, f"open {relative}: permission denied", relative)
        if stat.S_ISFIFO(info.st_mode):
            return _stopped(detected, f"`{relative}` is a FIFO: lean-cli blocks reading it",
                            relative)
    data = project.read_raw(relative)
    if data is None:
        return detected
    if not data.startswith((b"2.", b"3.")):
        return _stopped(detected, LEAN_CLI_PYENV_ERROR, relative)
    return detected


def _java(project: Project, pom: str, detected: Detection) -> Detection:
    data = project.read_raw(pom)
    if data is None or not _xml_decodes(data):
        return _stopped(detected, "`pom.xml` does not decode as XML (Go's encoding/xml)", pom)
    return detected


def _stopped(detected: Detection, reason: str, path: str) -> Detection:
    return Detection(detected.runtime, detected.reason, detected.marker, detected.span, reason,
                     path)


# --- Go's encoding/json, for the fields lean-cli reads ------------------------------------------


@dataclass
class PackageJson:
    """The fields of package.json lean-cli decodes."""

    start: str = ""
    dev: str = ""


class _TypeMismatch(Exception):
    pass


class _Object(list):  # type: ignore[type-arg]
    """A JSON object as the (key, value) pairs it was written with, duplicates kept."""


def _key_is(key: str, name: str) -> bool:
    """Go's case-insensitive field-name match (`ſ` folds to `s`, the Kelvin sign to `k`)."""
    if len(key) != len(name):
        return False
    for char, wanted in zip(key, name):
        folded = {"\u017f": "s", "\u212a": "k"}.get(char, char)
        if not (folded.isascii() and folded.lower() == wanted):
            return False
    return True


def package_json(data: bytes, full: bool = False) -> Optional[PackageJson]:
    """package.json as lean-cli decodes it; None when Go's decoder returns an error.

    `full` is `newNodeRuntime`'s reading (also `scripts.dev` and `dependencies`), otherwise
    `DetectRuntime`'s (`scripts.start` only).
    """
    import json

    if len(data) > 3 and data.startswith(_BOM):
        data = data[3:]

    def refuse(constant: str) -> Any:
        raise ValueError(constant)

    try:
        value = json.loads(data.decode("utf-8", "replace"), object_pairs_hook=_Object,
                           parse_constant=refuse)
    except (ValueError, RecursionError):
        return None
    result = PackageJson()
    mismatched = False
    if value is None:
        return result
    if not isinstance(value, _Object):
        return None
    for key, item in value:
        try:
            if _key_is(key, "scripts"):
                mismatched |= _scripts(item, result, full)
            elif full and _key_is(key, "dependencies"):
                mismatched |= _string_map(item)
        except _TypeMismatch:
            mismatched = True
    return None if mismatched else result


def _scripts(item: Any, result: PackageJson, full: bool) -> bool:
    if item is None:
        return False
    if not isinstance(item, _Object):
        raise _TypeMismatch
    mismatched = False
    for key, value in item:
        for name in ("start", "dev") if full else ("start",):
            if _key_is(key, name):
                if isinstance(value, str):
                    setattr(result, name, value)
                elif value is not None:
                    mismatched = True
    return mismatched


def _string_map(item: Any) -> bool:
    if item is None:
        return False
    if not isinstance(item, _Object):
        raise _TypeMismatch
    return any(not (isinstance(value, str) or value is None) for _key, value in item)


def _start_key_span(project: Project, package: str) -> Optional[Span]:
    """Where the `"start"` key inside `"scripts"` is (the first after `"scripts": {`)."""
    import re

    text = project.read(package)
    if text is None:
        return None
    # Go's decoder matches keys without regard to case.
    scripts = re.search(r'"scripts"\s*:\s*\{', text.text, re.IGNORECASE)
    if scripts is None:
        return None
    start = re.compile(r'"start"\s*:', re.IGNORECASE).search(text.text, scripts.end())
    if start is None:
        return None
    return text.span(start.start(), start.start() + len('"start"'))


def _xml_decodes(data: bytes) -> bool:
    """Whether Go's `xml.Unmarshal` would decode the document's first element (approximated:
    expat, errors after the first element ignored, a non-UTF-8 declared encoding refused)."""
    import re
    from xml.parsers import expat

    declared = re.match(rb"\s*<\?xml[^>]*encoding\s*=\s*[\"']([^\"']*)[\"']", data)
    if declared and declared.group(1).lower() != b"utf-8":
        return False
    parser = expat.ParserCreate()
    depth = [0, 0]  # current depth, elements closed at depth 0

    def start(_name: str, _attributes: Any) -> None:
        depth[0] += 1

    def end(_name: str) -> None:
        depth[0] -= 1
        if depth[0] == 0:
            depth[1] += 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        return depth[1] > 0
    return depth[1] > 0
