"""The project's view of `run:`: the command parsed once per project, and the rules' helpers.

This is the only part that knows about `Project` and leanengine.yaml: it reads the `run` string
through `parsers.engine_yaml`, caches the parse on the project, maps offsets in the `run` string
back to spans in the file, and answers the questions the serving rules ask of a server
(loopback-only binds, a start-up config file in the build).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ...diagnostics import Span
from ...platform import RUN_COMMAND_KEYS
from .model import Bind, RunCommand, Server
from .shell import parse_run

if TYPE_CHECKING:
    from ...project import Project


def run_command(project: Project) -> Optional[RunCommand]:
    """The `run:` command of leanengine.yaml parsed once; None in WSGI mode (no string `run`)."""
    return project.cached("run_command", lambda: _load(project))


def run_key(project: Project) -> Optional[str]:
    """The key holding the start command: `run`, else the legacy `cmd`; None in WSGI mode.

    The platform's Go config reads an empty value like a missing one (inferred).
    """
    from ..engine_yaml import engine_config

    config = engine_config(project)
    if config is None:
        return None
    for key in RUN_COMMAND_KEYS:
        value = config.get(key)
        if isinstance(value, str) and value.strip():
            return key
    return None


def _load(project: Project) -> Optional[RunCommand]:
    from ..engine_yaml import engine_config

    key = run_key(project)
    config = engine_config(project)
    if key is None or config is None:
        return None
    run = config.get(key)
    return parse_run(run) if isinstance(run, str) else None


def run_span(project: Project, start: int, end: int) -> Optional[tuple[str, Span]]:
    """The file and span in leanengine.yaml of characters [start, end) of the `run` string."""
    from ..engine_yaml import engine_config

    config = engine_config(project)
    key = run_key(project)
    if config is None or key is None:
        return None
    span = config.substring_span((key,), start, end) or config.value_span(key)
    return (config.path, span) if span is not None else None


def server_configured_elsewhere(project: Project, server: Server) -> bool:
    """Whether a file the server reads at start-up (gunicorn.conf.py, .flaskenv…) exists."""
    return any(project.exists(project.path(name)) for name in server.config_files)


def loopback_binds(server: Server) -> tuple[Bind, ...]:
    """The server's loopback binds when it listens on loopback only; () when it may be reachable.

    Empty when the bind is undecidable, when a TCP address is unknown, or when the server also
    listens on another interface (the platform can reach that one).
    """
    tcp = server.tcp_binds
    if not server.decidable or not tcp or not all(b.host_known for b in tcp):
        return ()
    if not all(b.is_loopback for b in tcp):
        return ()
    return tcp
