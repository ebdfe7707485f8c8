"""The `run:` command of leanengine.yaml, read the way the platform's shell reads it.

Several rules must know what the command starts — which server, bound to which host and port,
serving which module — and exactly where in leanengine.yaml each word is. `shlex` can do neither:
it keeps no offsets and expands no variables. So this package is a small POSIX shell reader. It
tokenizes (quotes, escapes, comments, operators, here-documents) keeping every character's offset
in the `run` string, then walks the command list abstractly: assignments, `export`, `cd`, `exec`,
`env`, `sh -c "…"` (whose inner words keep offsets into the outer string). Variables follow the
platform: the ones it sets are known only symbolically (`$LEANCLOUD_APP_PORT` is "the platform
port"), every other variable is unset unless the command assigns it. Last, each simple command is
matched against the Python servers and entry points it may start. Nothing is ever executed.

It was one module; it is a package so that each part has one job. In the order data flows:

- `lexer`: the `run` string → words and operators, every character keeping its offset;
- `shell`: `parse_run`, which runs the tokens abstractly (expansion, assignments, `cd`,
  wrappers, `sh -c`) into `Command`s;
- `programs`: what one command starts (Python scripts, `-m`, `-c`, `manage.py`), dispatching
  server programs to `servers`, which read each server's options (`options`) and listen
  addresses (`addresses`);
- `model`: the data classes and constants all of them produce, and the rules consume;
- `paths`: build-root relative path helpers;
- `view`: the per-project entry points (`run_command(project)`, `run_span`…).

Import from the package, not its parts: everything public is re-exported here.
"""

from __future__ import annotations

from .model import (
    ASSIGNED,
    CODE,
    DEFAULT,
    FD,
    FILE,
    IMPORT,
    MAX_EXPANSION_DEPTH,
    MAX_LENGTH,
    MAX_SHELL_DEPTH,
    MODULE,
    OTHER,
    PLACEHOLDER,
    PLATFORM,
    SCRIPT,
    TCP,
    UNIX,
    UNKNOWN,
    UNSET,
    Assignment,
    Bind,
    Command,
    Entry,
    Port,
    Reference,
    RunCommand,
    Server,
    Source,
    SyntaxProblem,
    Word,
    is_loopback,
)
from .options import split_plain
from .shell import parse_run
from .view import loopback_binds, run_command, run_span, server_configured_elsewhere

__all__ = [
    "ASSIGNED",
    "CODE",
    "DEFAULT",
    "FD",
    "FILE",
    "IMPORT",
    "MAX_EXPANSION_DEPTH",
    "MAX_LENGTH",
    "MAX_SHELL_DEPTH",
    "MODULE",
    "OTHER",
    "PLACEHOLDER",
    "PLATFORM",
    "SCRIPT",
    "TCP",
    "UNIX",
    "UNKNOWN",
    "UNSET",
    "Assignment",
    "Bind",
    "Command",
    "Entry",
    "Port",
    "Reference",
    "RunCommand",
    "Server",
    "Source",
    "SyntaxProblem",
    "Word",
    "is_loopback",
    "loopback_binds",
    "parse_run",
    "run_command",
    "run_span",
    "server_configured_elsewhere",
    "split_plain",
]
