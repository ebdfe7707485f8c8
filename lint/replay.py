"""A command run again, unchanged, answered with what it printed last time.

A pre-commit hook runs the same command in the same folder on every commit, and most commits
leave the project's inputs as they were. The result cache (`cache`) already spares such a run
the linting, but the run still starts the command line, finds the project, reads the settings
and checks the stored result: several times the cost of starting Python. Here the whole command
is the unit. The *key* is everything besides the disk that the printed output depends on: the
arguments, the working folder, the environment, which standard streams are terminals (and their
sizes), the output encoding, the Python and enginelint's code. The *record* is every question
the command asked of the disk, finding the project and reading its settings included
(`observe`). A stored answer is printed only when the key is equal and every question, asked
again now, gets the same answer — so it is never stale, as the result cache is never stale.

Only plain runs are answered here: a `check` whose options are all in `_FLAGS`/`_VALUED` (no
`--fix`, `--diff`, `--output-file`, `--stdin-filename`, `--config`, `--no-cache`, `--verbose`,
…), whose standard output is not a terminal (a hook, an editor, CI, a pipe), that printed
nothing on standard error and exited 0 or 1. The answer is kept in the cache folder of the
project it linted, and looked for where the command line says without reading the settings:
`--cache-dir`, else `ENGINELINT_CACHE_DIR`, else `.enginelint_cache` in the first PATH when it is
a folder, else in the working folder. A project whose settings move the cache folder elsewhere
is linted through the result cache as before. Checking costs no import beyond the standard
library's `json` and enginelint's readers of the questions (`observe`, `files`, `walk`); a
command that cannot be answered imports nothing for it.
"""

from __future__ import annotations

import os
import sys

from . import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, Callable, Optional

    from .observe import Recorder

# Bumped when the stored layout changes; part of the key.
FORMAT = 1
FOLDER = "replay"
CACHE_FOLDER = ".enginelint_cache"  # settings.DEFAULT_CACHE_DIR, which imports more than we may
# Answers kept per cache folder; the oldest written go first.
KEPT = 16
# A stored answer larger than this is neither written nor read.
MAX_ENTRY = 64 * 1024 * 1024
_FLAGS = frozenset({"--no-color", "--isolated", "--exit-zero", "--statistics", "--quiet", "-q"})
_VALUED = frozenset(
    {"--format", "--output-format", "--select", "--extend-select", "--ignore", "--fail-on",
     "--cache-dir"}
)
# Variables a shell changes between commands and that nothing enginelint runs reads.
_SUBCOMMANDS = frozenset({"help", "rule", "rules", "schema", "plan", "server"})
_NOT_READ = frozenset({"_", "OLDPWD", "PWD", "SHLVL"})
_NOT_READ_PREFIXES = ("GIT_",)


def answer(argv: Sequence[str]) -> Optional[int]:
    """Print the stored output of this very command and give its exit status, if it is current;
    None when the command must run."""
    where = location(argv)
    if where is None:
        return None
    try:
        stored = _read(where)
        if stored is None or stored.get("key") != key(argv) or not current(stored["record"]):
            return None
        output, status = stored["output"], stored["status"]
        if not isinstance(output, str) or status not in (0, 1):
            return None
    except (KeyError, TypeError, ValueError, AssertionError, IndexError, RecursionError, OSError):
        return None  # damaged or foreign: the command runs
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:
        # Piped into `head` and closed early, as `commands` handles it: the status stands.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    return int(status)


def store(argv: Sequence[str], cache_folder: str, record: Recorder, output: str,
          status: int) -> None:
    """Keep this command's output for its next identical run, when it would be found."""
    where = location(argv)
    if (where is None or record.unstable or status not in (0, 1)
            or os.path.dirname(os.path.dirname(where)) != os.path.abspath(cache_folder)
            or not os.path.isdir(cache_folder)):
        return
    body = {
        "key": key(argv),
        "record": [[*question, summary] for question, summary in record.notes.items()],
        "output": output,
        "status": status,
    }
    data = canonical(body)
    if len(data) > MAX_ENTRY:
        return
    from . import files

    try:
        os.makedirs(os.path.dirname(where), exist_ok=True)
        files.write_atomically(where, files.digest(data).encode() + b"\n" + data)
        _prune(os.path.dirname(where))
    except (OSError, ValueError):
        pass  # a read-only place: the next run is answered by the result cache instead


def _prune(folder: str) -> None:
    """Keep the `KEPT` most recently written answers: each new environment or argument list is
    a new file, and the folder must not grow without end."""
    with os.scandir(folder) as listing:
        kept = sorted(
            ((entry.stat().st_mtime_ns, entry.name) for entry in listing
             if entry.name.endswith(".json") and entry.is_file(follow_symlinks=False)),
            reverse=True,
        )
    for _, name in kept[KEPT:]:
        os.unlink(os.path.join(folder, name))  # an error (a run beside removed it) ends pruning


def run_kept(argv: Sequence[str], run: Callable[[list[str]], int]) -> int:
    """`run(folders)`, a `check` that appends to `folders` the cache folder of each project it
    lints and gives its exit status; its output is kept for `answer` when it may be."""
    if location(argv) is None:
        return run([])
    from .observe import Recorder, recording

    folders: list[str] = []
    out, err = _Tap(sys.stdout), _Tap(sys.stderr)
    sys.stdout, sys.stderr = out, err
    try:
        with recording(Recorder()) as record:
            status = run(folders)
    finally:
        sys.stdout, sys.stderr = out.stream, err.stream
    if len(folders) == 1 and not err.parts and not out.failed:
        store(argv, folders[0], record, "".join(out.parts), status)
    return status


class _Tap:
    """A standard stream that keeps what is written to it (`parts`) as it passes it on."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.parts: list[str] = []
        self.failed = False

    def write(self, text: str) -> int:
        self.parts.append(text)
        try:
            return int(self.stream.write(text))
        except BaseException:
            self.failed = True
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def location(argv: Sequence[str]) -> Optional[str]:
    """Where the stored answer of `argv` lives (a file path), or None when it is not kept."""
    parsed = _parse(argv)
    if parsed is None or sys.stdout.isatty():
        return None
    paths, cache_dir = parsed
    folder = cache_dir or os.environ.get("ENGINELINT_CACHE_DIR")
    if not folder:
        first = paths[0] if paths else "."
        folder = os.path.join(first if os.path.isdir(first) else ".", CACHE_FOLDER)
    from .files import digest

    return os.path.join(os.path.abspath(folder), FOLDER, digest(canonical(key(argv))) + ".json")


def key(argv: Sequence[str]) -> dict[str, Any]:
    """Everything besides the disk that the command's output depends on."""
    terminals = []
    for descriptor in (0, 1, 2):
        try:
            size: Any = list(os.get_terminal_size(descriptor))
        except (OSError, ValueError):
            size = None
        terminals.append([os.isatty(descriptor), size])
    environment = sorted(
        [name, value] for name, value in os.environ.items()
        if name not in _NOT_READ and not name.startswith(_NOT_READ_PREFIXES)
    )
    return {
        "format": FORMAT,
        "enginelint": __version__,
        "code": code_fingerprint(),
        "python": [sys.implementation.name, sys.version, sys.executable],
        "argv": list(argv),
        "cwd": os.getcwd(),
        "environment": environment,
        "terminals": terminals,
        "encoding": [sys.stdout.encoding, sys.stdout.errors],
    }


_FINGERPRINT: list[str] = []


def code_fingerprint() -> str:
    """A digest of the path, size and modification time of every file of the installed package
    and its schemas; computed once per process (a few hundred stats). An editable install that
    changes without a version bump is new code."""
    if not _FINGERPRINT:
        from .files import hasher

        package = os.path.dirname(os.path.abspath(__file__))
        folders = [package]
        if not os.path.isdir(os.path.join(package, "schemas")):
            # An editable install maps the schemas from elsewhere; an installed one holds them.
            from importlib.util import find_spec

            schemas = find_spec("enginelint.schemas")
            if schemas is not None and schemas.submodule_search_locations:
                folders.extend(schemas.submodule_search_locations)
        digest = hasher()
        for folder in sorted(set(folders)):
            for line in _stats(folder, ""):
                digest.update(line.encode("utf-8", "surrogateescape"))
        _FINGERPRINT.append(digest.hexdigest())
    return _FINGERPRINT[0]


def _stats(folder: str, prefix: str) -> list[str]:
    found = []
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return [f"{prefix}?\n"]
    for entry in entries:
        if entry.name == "__pycache__":
            continue  # bytecode follows the sources it is compiled from
        name = f"{prefix}{entry.name}"
        try:
            if entry.is_dir():
                found.extend(_stats(entry.path, name + "/"))
                continue
            info = entry.stat()
        except OSError:
            found.append(f"{name}?\n")
            continue
        found.append(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\n")
    return found


def current(record: Sequence[Any]) -> bool:
    """Whether every question of `record` gets the answer it got then."""
    from . import files, observe, walk

    # Each file question resolves the root's symlinks; once is enough for the whole check.
    real_roots: dict[str, str] = {}
    for item in record:
        assert isinstance(item, list) and len(item) >= 3
        question, summary = tuple(item[:-1]), item[-1]
        kind = question[0]
        if kind in ("locate", "read", "head"):
            root = question[1]
            assert isinstance(root, str)
            if root not in real_roots:
                real_roots[root] = os.path.realpath(root)
            now = files.asked(question, real_roots[root])
        elif kind == "listing":
            now = walk.asked(question)
        else:
            assert len(question) == 2 and isinstance(question[1], str)
            now = observe.ask(kind, question[1])
        if now != summary:
            return False
    return True


def canonical(value: Any) -> bytes:
    # ASCII escapes keep a file name's undecodable bytes (lone surrogates) intact. `json` is
    # imported here: a command that cannot be answered (`--no-cache`, `--fix`) never needs it.
    import json

    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode("ascii")


def _read(where: str) -> Optional[dict[str, Any]]:
    try:
        with open(where, "rb") as stream:
            data = stream.read(MAX_ENTRY + 1)
    except OSError:
        return None
    check, _, body = data.partition(b"\n")
    from .files import digest

    if len(data) > MAX_ENTRY or check != digest(body).encode():
        return None  # truncated, or edited by hand
    import json

    stored = json.loads(body)
    return stored if isinstance(stored, dict) else None


def _parse(argv: Sequence[str]) -> Optional[tuple[list[str], Optional[str]]]:
    """The PATHs and the `--cache-dir` of a plain `check` command line; None for any other."""
    arguments = list(argv)
    if arguments[:1] == ["check"]:
        arguments = arguments[1:]
    elif arguments[:1] and arguments[0] in _SUBCOMMANDS:
        return None
    paths: list[str] = []
    cache_dir = None
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        name, equals, value = argument.partition("=")
        if argument in _FLAGS:
            pass
        elif name in _VALUED:
            if not equals:
                index += 1
                if index == len(arguments):
                    return None
                value = arguments[index]
            if name == "--cache-dir":
                cache_dir = value  # argparse keeps the last
        elif argument.startswith("-"):
            return None
        else:
            paths.append(argument)
        index += 1
    return paths, cache_dir
