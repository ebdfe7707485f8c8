"""The data model of a parsed `run:` command, and the constants its fields take.

Everything the other parts produce and the rules consume is defined here: words with their
offsets in the `run` string (`Reference`, `Word`, `Source`), what a command starts (`Entry`),
where a server listens (`Server`, `Bind`, `Port`), the commands themselves (`Assignment`,
`Command`) and the whole parse (`RunCommand`, `SyntaxProblem`). `is_loopback` lives here
because `Bind.is_loopback` needs it. The module depends only on `paths`, so every other part
of the package can import it.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from typing import Optional

from ... import platform
from ...lazy_dataclass import dataclass, field
from .paths import _basename

# How a variable reference was resolved.
PLATFORM = "platform"  # set by the platform; its value is known only symbolically
ASSIGNED = "assigned"  # assigned earlier in the command
DEFAULT = "default"  # `${VAR:-word}` and friends supplied the text
UNSET = "unset"  # not set on the platform: expands to nothing
UNKNOWN = "unknown"  # `$(…)`, backquotes, `$1`, `${#VAR}`…: the text cannot be known

# What a command starts.
SCRIPT = "script"  # `python app.py`: the file runs as __main__
MODULE = "module"  # `python -m pkg`: the module runs as __main__
IMPORT = "import"  # `gunicorn wsgi:app`: a server imports the module (not as __main__)
FILE = "file"  # `uwsgi --wsgi-file x.py`, `flask --app x.py run`: a server loads the file
CODE = "code"  # `python -c "…"`: no file

# What a server listens on.
TCP = "tcp"
UNIX = "unix"
FD = "fd"
OTHER = "other"  # a Twisted endpoint enginelint does not model (`ssl6:`, `systemd:`…)

# Stands for text enginelint cannot know (a command substitution's output).
PLACEHOLDER = "\ufffc"

# A real `run:` is a line or two; anything longer than this is not parsed at all.
MAX_LENGTH = 100_000
# How deep `sh -c "sh -c '…'"` and `${A:-${B:-…}}` may nest before the rest counts as unknown.
MAX_SHELL_DEPTH = 8
MAX_EXPANSION_DEPTH = 40

_PORT_VARIABLES = (
    platform.PORT_VARIABLE,
    *(a for a, t in platform.DEPRECATED_VARIABLE_ALIASES.items() if t == platform.PORT_VARIABLE),
)


@dataclass(frozen=True)
class Reference:
    """A variable reference (`$NAME`, `${NAME:-x}`) and how it was resolved.

    `start`/`end` index the text of the word it is in (the text it produced; empty when it
    expanded to nothing). `raw_start`/`raw_end` are the offsets in the `run` string where it is
    written. `name` is '' for a command substitution.
    """

    name: str
    source: str
    start: int
    end: int
    raw_start: int
    raw_end: int


@dataclass(frozen=True)
class Word:
    """One word after quote removal and expansion, as the program receives it.

    `start`/`end` are the offsets of the whole written word in the `run` string (quotes
    included); `offsets[i]` is where character `i` of `text` comes from (for text an expansion
    produced: the whole `$NAME`). Platform variables expand to `${NAME}`; their `references`
    entries say so, which is how a literal `'$LEANCLOUD_APP_PORT'` is told apart.
    """

    text: str
    start: int
    end: int
    offsets: tuple[tuple[int, int], ...] = field(default=(), repr=False, compare=False)
    references: tuple[Reference, ...] = ()

    @property
    def known(self) -> bool:
        """Whether the whole text is known (no command substitution or unknown parameter)."""
        return self.is_known(0, len(self.text))

    def is_known(self, start: int, end: int) -> bool:
        return not any(r.source == UNKNOWN for r in self.references_in(start, end))

    def raw(self, start: int = 0, end: Optional[int] = None) -> tuple[int, int]:
        """The offsets in the `run` string of characters [start, end) of `text`."""
        stop = len(self.text) if end is None else min(end, len(self.text))
        if not self.offsets:
            return (self.start, self.end)
        if start >= stop:
            point = self.offsets[start][0] if start < len(self.offsets) else self.offsets[-1][1]
            return (point, point)
        return (self.offsets[start][0], self.offsets[stop - 1][1])

    def references_in(self, start: int, end: int) -> tuple[Reference, ...]:
        """The references that produced text inside [start, end) (or expanded to nothing there)."""
        return tuple(
            r
            for r in self.references
            if (r.start < end and r.end > start) or (r.start == r.end and start <= r.start <= end)
        )

    def platform_variable(self, start: int = 0, end: Optional[int] = None) -> Optional[str]:
        """The platform variable whose value is exactly characters [start, end), if any."""
        stop = len(self.text) if end is None else end
        for reference in self.references:
            if reference.source == PLATFORM and (reference.start, reference.end) == (start, stop):
                return reference.name
        return None

    def slice(self, start: int, end: Optional[int] = None) -> Word:
        """Characters [start, end) as a word of their own (offsets and references kept)."""
        stop = len(self.text) if end is None else min(end, len(self.text))
        start = min(start, stop)
        raw_start, raw_end = self.raw(start, stop)
        references = tuple(
            Reference(
                r.name,
                r.source,
                max(r.start, start) - start,
                min(r.end, stop) - start,
                r.raw_start,
                r.raw_end,
            )
            for r in self.references_in(start, stop)
        )
        return Word(self.text[start:stop], raw_start, raw_end, self.offsets[start:stop], references)


@dataclass(frozen=True)
class Source:
    """Characters [start, end) of a word's text: where a value is written."""

    word: Word
    start: int
    end: int

    @classmethod
    def of(cls, word: Word) -> Source:
        return cls(word, 0, len(word.text))

    @property
    def text(self) -> str:
        return self.word.text[self.start : self.end]

    @property
    def offsets(self) -> tuple[int, int]:
        """Where the value is in the `run` string."""
        return self.word.raw(self.start, self.end)

    @property
    def known(self) -> bool:
        return self.word.is_known(self.start, self.end)


@dataclass(frozen=True)
class Port:
    """A port as a server receives it.

    `number` is the literal port, or `platform.PLATFORM_PORT` when the port is the platform's
    port variable (`variable` then names it); None for anything else (another variable, text
    that is not a number, an unknown value).
    """

    text: str
    number: Optional[int]
    variable: Optional[str] = None
    references: tuple[Reference, ...] = ()

    @property
    def known(self) -> bool:
        return not any(r.source == UNKNOWN for r in self.references)

    @property
    def is_platform_port(self) -> bool:
        return self.variable in _PORT_VARIABLES


@dataclass(frozen=True)
class Bind:
    """One address a server listens on.

    `host_source`/`port_source` are where the command sets them; None when the server's default
    (or, for gunicorn with `$PORT`, its rule) decides. `address` is the whole argument
    (`127.0.0.1:8000`, `unix:/tmp/s`). `host` is '' when the server binds all interfaces for an
    empty host (gunicorn, uwsgi `:3000`). `host_known` is False when the host comes from text
    enginelint cannot know (a command substitution, a platform variable).
    """

    kind: str
    host: Optional[str] = None
    port: Optional[Port] = None
    host_source: Optional[Source] = None
    port_source: Optional[Source] = None
    address: Optional[Source] = None
    host_known: bool = True

    @property
    def is_loopback(self) -> bool:
        if self.kind != TCP or not self.host_known or self.host is None:
            return False
        return is_loopback(self.host)

    def describe(self) -> str:
        """`127.0.0.1:8000`, `[::1]:8000`, or the address as written for non-TCP binds."""
        if self.kind != TCP or self.host is None:
            return self.address.text if self.address else self.kind
        host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
        if self.port is None or self.port.text == "":
            return host or platform.ALL_INTERFACES
        return f"{host}:{self.port.text}"


@dataclass(frozen=True)
class Entry:
    """What a command starts: a script, a module, or the module a server imports.

    `target` is as written (`app.py`, `pkg.mod`, `wsgi`; '' when the server's default discovery
    applies, as `flask run` without an app). `folder` is where it is looked up, relative to the
    build root ('' for the build root, None when unknown). `candidates` are the build-root
    relative files it may be, in the order Python would find them (empty when they cannot be
    placed).
    """

    kind: str
    target: str
    attribute: Optional[str] = None
    source: Optional[Source] = None
    folder: Optional[str] = ""
    candidates: tuple[str, ...] = ()

    @property
    def is_main(self) -> bool:
        """Whether the file runs as `__main__` (its `if __name__ == "__main__":` block runs)."""
        return self.kind in (SCRIPT, MODULE)


# The arguments that make each server listen where the platform probes.
_BIND_HINTS = {
    "gunicorn": f"-b 0.0.0.0:${{{platform.PORT_VARIABLE}}}",
    "hypercorn": f"-b 0.0.0.0:${{{platform.PORT_VARIABLE}}}",
    "uvicorn": f"--host 0.0.0.0 --port ${{{platform.PORT_VARIABLE}}}",
    "daphne": f"-b 0.0.0.0 -p ${{{platform.PORT_VARIABLE}}}",
    "flask run": f"--host 0.0.0.0 --port ${{{platform.PORT_VARIABLE}}}",
    "runserver": f"0.0.0.0:${{{platform.PORT_VARIABLE}}}",
    "uwsgi": f"--http 0.0.0.0:${{{platform.PORT_VARIABLE}}}",
    "waitress-serve": f"--listen=0.0.0.0:${{{platform.PORT_VARIABLE}}}",
}


@dataclass(frozen=True)
class Server:
    """A server a command starts and the addresses it ends up bound to.

    `name` is the key of `platform.SERVER_DEFAULT_BINDS` (or `uwsgi`); `label` is how messages
    name it (`gunicorn`, `flask run`, `manage.py runserver`). `program` are the words naming it.
    `decidable` is False when a config file or option enginelint does not read sets the bind;
    `config_files` are the files (relative to the build root) that would set it if they exist.
    """

    name: str
    label: str
    program: tuple[Word, ...]
    binds: tuple[Bind, ...]
    decidable: bool = True
    config_files: tuple[str, ...] = ()

    @property
    def program_offsets(self) -> tuple[int, int]:
        return (self.program[0].start, self.program[-1].end)

    @property
    def hint(self) -> str:
        """The arguments that make this server listen where the platform probes."""
        return _BIND_HINTS.get(self.name, f"0.0.0.0:${{{platform.PORT_VARIABLE}}}")

    @property
    def tcp_binds(self) -> tuple[Bind, ...]:
        return tuple(b for b in self.binds if b.kind == TCP)


@dataclass(frozen=True)
class Assignment:
    """`NAME=value` before a command or after `env`; `word` is the whole assignment."""

    name: str
    value: Word
    word: Word


@dataclass(frozen=True)
class Command:
    """One simple command the shell runs.

    `argv` is the program and its arguments with wrappers (`exec`, `env`, `nohup`, `sh -c`)
    removed; they are in `wrappers`. `env` is the environment the program starts with: a name
    mapped to None is set by the platform (value known only symbolically), to a Word when the
    command sets it; a name absent is unset. `cwd` is the working folder relative to the build
    root ('' for the build root, None when unknown). `long_running` says whether the command
    keeps running (a server, a Python program) rather than preparing something and exiting.
    """

    argv: tuple[Word, ...]
    env: Mapping[str, Optional[Word]] = field(repr=False, compare=False)
    assignments: tuple[Assignment, ...] = ()
    cwd: Optional[str] = ""
    wrappers: tuple[Word, ...] = ()
    background: bool = False
    server: Optional[Server] = None
    entry: Optional[Entry] = None
    long_running: bool = False

    @property
    def program(self) -> Word:
        return self.argv[0]

    @property
    def name(self) -> str:
        """The program's file name (`gunicorn` for `.venv/bin/gunicorn`)."""
        return _basename(self.argv[0].text)


@dataclass(frozen=True)
class SyntaxProblem:
    """Something the shell would reject (an unterminated quote); offsets into the `run` string."""

    message: str
    start: int
    end: int


@dataclass(frozen=True)
class RunCommand:
    """The parsed `run:` command: every simple command in order, and what the shell rejects.

    `references` holds every variable reference as written, once, with how it resolved.
    """

    text: str
    commands: tuple[Command, ...]
    errors: tuple[SyntaxProblem, ...] = ()
    references: tuple[Reference, ...] = ()

    @property
    def servers(self) -> tuple[Server, ...]:
        return tuple(c.server for c in self.commands if c.server is not None)

    @property
    def main(self) -> Optional[Command]:
        """The last long-running command: the one the platform's port probe must reach."""
        for command in reversed(self.commands):
            if command.long_running:
                return command
        return None


def is_loopback(host: str) -> bool:
    """Whether a host names the loopback interface: 127.0.0.0/8, ::1, localhost and aliases."""
    name = host.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    name = name.split("%", 1)[0]
    if name.rstrip(".") in platform.LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        # The C resolver also takes BSD shorthands (`127.1`, `0x7f.1`, `2130706433`).
        if not re.fullmatch(r"[0-9a-fx.]+", name):
            return False
        import socket  # only here: importing it costs more than the rest of this module

        try:
            return ipaddress.IPv4Address(socket.inet_aton(name)).is_loopback
        except (OSError, ValueError):
            return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback
