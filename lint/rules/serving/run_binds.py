"""EL504, EL505: where the servers the `run:` command starts listen.

The platform probes the app on `0.0.0.0` at `$LEANCLOUD_APP_PORT`. The `run:` parser
(`parsers.run_command`) says which servers the command starts and the host and port each binds,
with the servers' own defaults when nothing sets them; this module judges that: a loopback host
(EL504), a port other than the platform's (EL505; the literal 3000 is EL503's). A config file
that may set the bind, or another long-running program that may be the one listening, makes it
undecidable, and then nothing is reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ... import platform
from ...diagnostics import ERROR, Finding
from ...lazy_dataclass import dataclass
from ...rulespec import rule
from .run_command import finding_in_run, valid_run_command

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ...parsers.run_command import Bind, Command, Reference, RunCommand, Server
    from ...project import Project

# How a server comes to listen on the wrong port.
EXPLICIT = "explicit"  # a number is written (or assigned, or a `${VAR:-8000}` default)
DEFAULT = "default"  # nothing sets the port: the server's default applies
UNSET_VARIABLE = "unset-variable"  # `$PORT`: a variable the platform does not set
NO_DOLLAR = "no-dollar"  # `LEANCLOUD_APP_PORT` written without `$`

_PORT_VARIABLES = (
    platform.PORT_VARIABLE,
    *(a for a, t in platform.DEPRECATED_VARIABLE_ALIASES.items() if t == platform.PORT_VARIABLE),
)


@dataclass(frozen=True)
class PortProblem:
    """A `run:` server that does not listen on the platform port.

    `offsets` index the `run` string: the port as written, the unset variable, or the server's
    program words for a default. `port` is the number it listens on when known; `variable` the
    variable involved (`PORT` unset, `PORT` whose `${PORT:-8000}` default applies, the port
    variable written without `$`); `via` how that variable gave the value ("default",
    "assigned"), empty otherwise.
    """

    server: Server
    kind: str
    offsets: tuple[int, int]
    port: Optional[int] = None
    variable: Optional[str] = None
    via: str = ""


@rule("EL504", "run-command-loopback", ERROR)
def run_command_loopback(project: Project) -> Iterator[Finding]:
    """The `run:` command starts a server that listens on a loopback address only.

    Why: the platform probes the app from outside its container, on `0.0.0.0` at
    `$LEANCLOUD_APP_PORT`; a server bound to `127.0.0.1`, `localhost` or `::1` never answers,
    the startup check times out and the deploy fails. Several servers bind loopback by default:
    gunicorn (127.0.0.1:8000 unless `-b`, `GUNICORN_CMD_ARGS` or `$PORT` says otherwise),
    uvicorn, hypercorn, daphne, `flask run` and `manage.py runserver`. The command is read with
    shell rules (`&&`, `;`, `exec`, `env`, `sh -c "…"`, `NAME=value` prefixes, `$VAR` and
    `${VAR:-default}`; variables other than the platform's are unset in the cloud). Not reported
    when a config file decides the bind (`-c`, `gunicorn.conf.py`, `.flaskenv`) or when the
    server also listens on another interface.

    Example: `run: gunicorn -b 127.0.0.1:8000 wsgi:app` →
    `run: gunicorn -b 0.0.0.0:${LEANCLOUD_APP_PORT} wsgi:app`.
    """
    parsed = valid_run_command(project)
    if parsed is None:
        return
    from ...parsers.run_command import loopback_binds, server_configured_elsewhere

    for server in parsed.servers:
        binds = loopback_binds(server)
        if not binds or server_configured_elsewhere(project, server):
            continue
        for bind in binds:
            if bind.host_source is None:
                offsets = server.program_offsets
                message = (
                    f"`{server.label}` binds {bind.describe()} by default; the platform cannot "
                    f"reach it — add `{server.hint}`"
                )
            else:
                offsets = bind.host_source.offsets
                message = (
                    f"`{server.label}` binds loopback address {bind.describe()}; the platform "
                    f"cannot reach it — use `{server.hint}`"
                )
            yield from finding_in_run(project, offsets, message)


@rule("EL505", "run-command-port", ERROR)
def run_command_port(project: Project) -> Iterator[Finding]:
    """The `run:` command starts a server on a port other than `$LEANCLOUD_APP_PORT`.

    Why: the platform probes the port it passes in `LEANCLOUD_APP_PORT`; a server listening
    anywhere else never answers, the startup check times out and the deploy fails. The port may
    be written (`--port 8000`, `-b 0.0.0.0:5000`), come from a variable the platform does not set
    (`$PORT`, or the `8000` of `${PORT:-8000}`), be the variable's name written without `$`
    (`PORT=LEANCLOUD_APP_PORT`), or be the server's default when nothing sets it: gunicorn and
    uvicorn 8000, waitress 8080, `flask run` 5000, `manage.py runserver` 8000. The literal 3000
    is EL503's. Not reported when a config file may set the bind (`-c`, `gunicorn.conf.py`,
    `.flaskenv`), or when another program of the command may be the one listening.

    Example: `run: uvicorn main:app --host 0.0.0.0 --port 8000` →
    `run: uvicorn main:app --host 0.0.0.0 --port ${LEANCLOUD_APP_PORT}`.
    """
    problems = port_problems(project)
    if not problems:
        return

    wanted = f"${{{platform.PORT_VARIABLE}}}"
    for problem in problems:
        label = f"`{problem.server.label}`"
        if problem.kind == DEFAULT:
            message = (
                f"{label} listens on port {problem.port} by default, not on {wanted} where the "
                f"platform probes it — add `{problem.server.hint}`"
            )
        elif problem.kind == EXPLICIT and problem.variable is not None:
            origin = (
                f"the default of `${problem.variable}`, which the platform does not set"
                if problem.via == "default"
                else f"assigned to `${problem.variable}` in the command"
            )
            message = (
                f"{label} listens on port {problem.port} ({origin}), not on {wanted} where the "
                f"platform probes it — use `{wanted}`"
            )
        elif problem.kind == EXPLICIT:
            message = (
                f"{label} listens on port {problem.port}, not on {wanted} where the platform "
                f"probes it — use `{wanted}`"
            )
        elif problem.kind == NO_DOLLAR:
            message = (
                f"{label} gets the text `{problem.variable}` as its port because the `$` is "
                f"missing — write `{wanted}`"
            )
        else:
            message = (
                f"{label} takes its port from `${problem.variable}`, which the platform does "
                f"not set — use `{wanted}`"
            )
        yield from finding_in_run(project, problem.offsets, message)


def port_problems(project: Project) -> list[PortProblem]:
    """Servers of `run:` listening on a port other than `$LEANCLOUD_APP_PORT` (not 3000)."""
    return project.cached("run_binds:ports", lambda: _ports(project))


def _ports(project: Project) -> list[PortProblem]:
    parsed = valid_run_command(project)
    if parsed is None:
        return []
    from ...parsers.run_command import server_configured_elsewhere

    commands = [c for c in parsed.commands if c.server is not None]
    # Another long-running program (`python app.py`) may be what listens on the platform port,
    # and so may a second server: then a server on another port is a helper, not a mistake.
    if any(c.long_running and c.server is None for c in parsed.commands):
        return []
    if any(_listens_on_platform_port(c.server) for c in commands if c.server is not None):
        return []
    found: list[PortProblem] = []
    for command in commands:
        server = command.server
        if server is None or not server.decidable:
            continue
        if server_configured_elsewhere(project, server):
            continue
        binds = server.tcp_binds
        if not binds or any(b.port is None or not b.port.known for b in binds):
            continue
        for bind in binds:
            problem = _port_problem(parsed, command, server, bind)
            if problem is not None:
                found.append(problem)
    return found


def _listens_on_platform_port(server: Server) -> bool:
    return any(b.port is not None and b.port.is_platform_port for b in server.tcp_binds)


def _port_problem(
    parsed: RunCommand, command: Command, server: Server, bind: Bind
) -> Optional[PortProblem]:
    from ...parsers.run_command import ASSIGNED, UNSET
    from ...parsers.run_command import DEFAULT as FROM_DEFAULT

    port = bind.port
    if port is None or port.is_platform_port or port.number == platform.PLATFORM_PORT:
        return None  # 3000 written as a literal is EL503's
    source = bind.port_source
    if source is None:
        unset = _unset_port_reference(parsed, command)
        if unset is not None:
            return PortProblem(
                server, UNSET_VARIABLE, (unset.raw_start, unset.raw_end), port.number, unset.name
            )
        where = bind.address.offsets if bind.address is not None else server.program_offsets
        return PortProblem(server, DEFAULT, where, port.number)
    references = source.word.references_in(source.start, source.end)
    if port.number is not None:
        for reference in references:
            if reference.source in (FROM_DEFAULT, ASSIGNED) and reference.end > reference.start:
                via = "default" if reference.source == FROM_DEFAULT else "assigned"
                return PortProblem(
                    server, EXPLICIT, source.offsets, port.number, reference.name, via
                )
        return PortProblem(server, EXPLICIT, source.offsets, port.number)
    name = source.text.strip().strip("{}")
    if name in _PORT_VARIABLES and not any(r.source != ASSIGNED for r in references):
        return PortProblem(server, NO_DOLLAR, source.offsets, None, name)
    for reference in references:
        if reference.source == UNSET:
            return PortProblem(
                server, UNSET_VARIABLE, (reference.raw_start, reference.raw_end), None,
                reference.name,
            )  # fmt: skip
    unset = _unset_port_reference(parsed, command)
    if unset is not None:
        # `--port $PORT main:app`: the empty `$PORT` vanished and the option took the next word.
        return PortProblem(server, UNSET_VARIABLE, (unset.raw_start, unset.raw_end), None,
                           unset.name)  # fmt: skip
    return None


def _unset_port_reference(parsed: RunCommand, command: Command) -> Optional[Reference]:
    """An unset `$…PORT…` written in this command (it expanded to nothing and vanished)."""
    from ...parsers.run_command import UNSET

    start, end = _extent(parsed, command)
    for reference in parsed.references:
        if reference.source != UNSET or "PORT" not in reference.name.upper():
            continue
        if start <= reference.raw_start < end:
            return reference
    return None


def _extent(parsed: RunCommand, command: Command) -> tuple[int, int]:
    """Offsets in the `run` string from this command's first word to the next command's."""
    start = _command_start(command)
    following = [_command_start(c) for c in parsed.commands if _command_start(c) > start]
    return start, min(following, default=len(parsed.text))


def _command_start(command: Command) -> int:
    words = [*command.wrappers, *(a.word for a in command.assignments), *command.argv]
    return min(w.start for w in words)
