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
from typing import TYPE_CHECKING, Any, Optional, Union

from ... import observe
from ...diagnostics import Span
from ...lazy_dataclass import dataclass
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
    deploy, about `error_path`; `error_span` is what in that file stops it, when the file was read
    (None when it could not be read at all).
    """

    runtime: str
    reason: str
    marker: Optional[str] = None
    span: Optional[Span] = None
    error: Optional[str] = None
    error_path: Optional[str] = None
    error_span: Optional[Span] = None


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
    decoded = _decode(data, full=True)
    if isinstance(decoded, JsonRefusal):
        span = _refusal_span(project, package, decoded)
        return _stopped(detected, f"`{package}` {decoded.reason}", package, span)
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
        # lean-cli tests the file's first bytes: the first line is what stops it.
        text = project.read(relative)
        span = text.span(0, len(text.text.split("\n", 1)[0].rstrip("\r"))) if text else None
        return _stopped(detected, LEAN_CLI_PYENV_ERROR, relative, span)
    return detected


def _java(project: Project, pom: str, detected: Detection) -> Detection:
    data = project.read_raw(pom)
    if data is None:
        return _stopped(detected, f"`{pom}` cannot be read", pom)
    if not _xml_decodes(data):
        text = project.read(pom)
        span = text.span(0, 0) if text else None
        return _stopped(detected, f"`{pom}` does not decode as XML (Go's encoding/xml)", pom,
                        span)
    return detected


def _stopped(detected: Detection, reason: str, path: str,
             span: Optional[Span] = None) -> Detection:
    return Detection(detected.runtime, detected.reason, detected.marker, detected.span, reason,
                     path, span)


# --- Go's encoding/json, for the fields lean-cli reads ------------------------------------------


@dataclass
class PackageJson:
    """The fields of package.json lean-cli decodes."""

    start: str = ""
    dev: str = ""


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


@dataclass(frozen=True)
class JsonRefusal:
    """Why Go's decoder returns an error for package.json: `reason` in words; `offset` (into
    the text after a stripped byte-order mark) of a syntax error, or `field`, the keys down to
    the value whose type lean-cli's struct cannot hold (Go reports the first)."""

    reason: str
    offset: Optional[int] = None
    field: tuple[str, ...] = ()


def package_json(data: bytes, full: bool = False) -> Optional[PackageJson]:
    """package.json as lean-cli decodes it; None when Go's decoder returns an error.

    `full` is `newNodeRuntime`'s reading (also `scripts.dev` and `dependencies`), otherwise
    `DetectRuntime`'s (`scripts.start` only).
    """
    decoded = _decode(data, full)
    return decoded if isinstance(decoded, PackageJson) else None


_KINDS = ((bool, "a boolean"), (str, "a string"), (int, "a number"), (float, "a number"),
          (list, "an array"))


def _kind(value: Any) -> str:
    if isinstance(value, _Object):
        return "an object"
    return next((name for kind, name in _KINDS if isinstance(value, kind)), "a value")


def _as_before_3_13(error: Any) -> tuple[str, int]:
    """The JSON error as every host Python reports it: 3.13 names a trailing comma where the
    others (and Go's decoder) stop at the bracket after it, so output would depend on the host."""
    message, offset = str(error.msg), int(error.pos)
    if message.startswith("Illegal trailing comma before end of "):
        offset += 1
        while offset < len(error.doc) and error.doc[offset] in " \t\n\r":
            offset += 1
        message = ("Expecting property name enclosed in double quotes"
                   if message.endswith("object") else "Expecting value")
    return message, offset


def _decode(data: bytes, full: bool) -> Union[PackageJson, JsonRefusal]:
    import json

    if len(data) > 3 and data.startswith(_BOM):
        data = data[3:]

    def refuse(constant: str) -> Any:
        raise ValueError(constant)

    # Go checks the whole document's syntax before it decodes any field.
    try:
        value = json.loads(data.decode("utf-8", "replace"), object_pairs_hook=_Object,
                           parse_constant=refuse)
    except json.JSONDecodeError as error:
        message, offset = _as_before_3_13(error)
        # lean-cli strips a byte-order mark only from a file longer than the mark.
        bom_only = message.startswith("Unexpected UTF-8")
        what = ("a byte-order mark with nothing after it" if bom_only
                else message[:1].lower() + message[1:])
        line = error.doc.count("\n", 0, offset) + 1
        column = offset - error.doc.rfind("\n", 0, offset)
        return JsonRefusal(f"is not valid JSON: {what} at line {line}, column {column}",
                           offset=offset)
    except ValueError as error:
        return JsonRefusal(f"is not valid JSON: `{error}` is no JSON value")
    except RecursionError:
        return JsonRefusal("is not JSON that Go decodes: nested too deeply")
    result = PackageJson()
    if value is None:
        return result
    if not isinstance(value, _Object):
        return JsonRefusal(f"is {_kind(value)}, where lean-cli decodes an object", offset=0)
    refusals: list[JsonRefusal] = []
    for key, item in value:
        if _key_is(key, "scripts"):
            refusals.extend(_scripts(item, result, full))
        elif full and _key_is(key, "dependencies"):
            refusals.extend(_string_map(item, key))
    return refusals[0] if refusals else result


def _mismatch(field: tuple[str, ...], value: Any, wanted: str) -> JsonRefusal:
    return JsonRefusal(f"has `{'.'.join(field)}` set to {_kind(value)}, where lean-cli's "
                       f"decoder wants {wanted}", field=field)


def _scripts(item: Any, result: PackageJson, full: bool) -> list[JsonRefusal]:
    if item is None:
        return []
    if not isinstance(item, _Object):
        return [_mismatch(("scripts",), item, "an object")]
    refusals: list[JsonRefusal] = []
    for key, value in item:
        for name in ("start", "dev") if full else ("start",):
            if _key_is(key, name):
                if isinstance(value, str):
                    setattr(result, name, value)
                elif value is not None:
                    refusals.append(_mismatch(("scripts", key), value, "a string"))
    return refusals


def _string_map(item: Any, field: str) -> list[JsonRefusal]:
    if item is None:
        return []
    if not isinstance(item, _Object):
        return [_mismatch((field,), item, "an object of strings")]
    return [_mismatch((field, key), value, "a string") for key, value in item
            if not (isinstance(value, str) or value is None)]


def _refusal_span(project: Project, package: str, refusal: JsonRefusal) -> Optional[Span]:
    """Where in package.json Go's decoder gives up: the syntax error, or the key whose value
    has the wrong type (found by name, as the decoder matches it, without regard to case)."""
    import re

    text = project.read(package)
    if text is None:
        return None
    if refusal.offset is not None:
        offset = min(refusal.offset, len(text.text))
        return text.span(offset, min(offset + 1, len(text.text)))
    if not refusal.field:
        return text.span(0, 0)
    at, start, name = 0, 0, ""
    for name in refusal.field:
        found = re.compile(rf'"{re.escape(name)}"\s*:', re.IGNORECASE).search(text.text, at)
        if found is None:
            return text.span(0, 0)
        at = found.end()
        start = found.start()
    return text.span(start, start + len(name) + 2)


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
