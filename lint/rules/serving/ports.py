"""EL502, EL503: the ports that servers started from Python code listen on, in run mode.

With `run:` the program must itself listen on the port the platform passes in
`LEANCLOUD_APP_PORT` (3000 in the cloud). The server calls are the ones EL501 recognises
(`binds`), without those that start no server the platform could probe (port 0, a raw socket
nothing listens on: `server_calls.starts_no_server`); their port argument is found here from
`platform.PYTHON_SERVER_PORTS` (or inside the `(host, port)` / `"host:port"` address) and
evaluated per cloud environment: a literal or constant, `int(...)` of one, an `os.environ.get`
read of a variable the platform does not set (its default is what runs), or the server's
default when no port is given. A read of `LEANCLOUD_APP_PORT` (or its deprecated alias) is
what the platform wants and yields nothing; anything else undecidable yields nothing either.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Optional

from ... import platform
from ...analysis.python.parse import PythonModule
from ...analysis.python.reach import environments_note
from ...analysis.python.records import CallSite, StoreSite
from ...analysis.python.values import Const, EnvValue, Made, Seq, Value
from ...diagnostics import ERROR, WARNING, Finding, Span
from ...lazy_dataclass import dataclass
from ...numbers import read_int
from ...rulespec import rule
from .run_command import finding_in_run, valid_run_command
from .server_calls import (
    binds_port_zero,
    call_argument,
    call_text,
    callee_key,
    callee_span,
    keyword_node,
    listening_sockets,
    server_runs,
    split_host_port,
    starts_no_server,
)

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator

    from ...project import Project

# How a port was given.
LITERAL = "literal"  # a literal or a constant in the code
ENVIRONMENT = "environment"  # the default of a variable the platform does not set
DEFAULT = "default"  # the server's own default: no port given

_ALIASES = platform.DEPRECATED_VARIABLE_ALIASES
_PORT_VARIABLES = frozenset(
    {platform.PORT_VARIABLE, *(a for a, t in _ALIASES.items() if t == platform.PORT_VARIABLE)}
)
_MAX_PORT = 65535


@dataclass(frozen=True)
class PortUse:
    """A server in code that runs listening on a port enginelint can decide.

    `number` is the port (None when a variable the platform does not set gives no usable
    default); `origin` is LITERAL, ENVIRONMENT (with `variable`) or DEFAULT; `span` is the port
    argument, the literal inside it, or the call's name for a default; `call` the call's source
    (`app.run()`), `server` the framework ("Flask", possibly empty).
    """

    module: PythonModule
    call: str
    server: str
    number: Optional[int]
    origin: str
    variable: Optional[str]
    span: Span
    environments: frozenset[str]

    @property
    def is_platform_port(self) -> bool:
        return self.number == platform.PLATFORM_PORT


@rule("EL502", "wrong-port", ERROR)
def wrong_port(project: Project) -> Iterator[Finding]:
    """In run mode, Python code that runs starts a server on a port other than the platform's.

    Why: with `run:` the program must listen on the port the platform passes in
    `LEANCLOUD_APP_PORT` (3000 in the cloud); it probes that port, so a server on any other
    port never answers, the startup check times out and the deploy fails. Reported: a literal
    or constant other than 3000; a read of a variable the platform does not set (`PORT` is not
    set: `int(os.environ.get("PORT", 5000))` listens on 5000 in the cloud); and a server's own
    default when no port is given (Flask/Quart `app.run()` 5000, Sanic 8000, `uvicorn.run` 8000,
    `waitress.serve` 8080, aiohttp `run_app` 8080). The same server calls as EL501 are
    recognised, in code that runs (branches on `LEANCLOUD_APP_ENV` are judged for `stage` and
    `production`). A port enginelint cannot evaluate is not reported, nor is port 0 (any free
    port: a library's probe such as urllib3's `sock.bind(("::1", 0))`, or a helper), nor a raw
    socket that nothing `listen()`s on.

    Example: `app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 5000)))` →
    `app.run(host="0.0.0.0", port=int(os.environ["LEANCLOUD_APP_PORT"]))`.
    """
    for use in port_uses(project):
        if use.is_platform_port:
            continue
        server = f"`{use.call}`" + (f" ({use.server})" if use.server else "")
        when = environments_note(use.environments)
        if use.origin == DEFAULT:
            how = f"listens on its default port {use.number} (no port given){when}"
        elif use.origin == ENVIRONMENT:
            port = f"listens on {use.number}" if use.number is not None else "gets no port"
            how = (
                f"reads its port from `{use.variable}`, which the platform does not set, so it "
                f"{port}{when}"
            )
        else:
            how = f"listens on port {use.number}{when}"
        yield Finding(
            f"{server} {how}; the platform probes only the port in LEANCLOUD_APP_PORT, so the "
            "startup check fails",
            use.module.path,
            use.span,
        )


@rule("EL503", "hardcoded-port", WARNING)
def hardcoded_port(project: Project) -> Iterator[Finding]:
    """The port 3000 is written as a literal instead of read from `LEANCLOUD_APP_PORT`.

    Why: 3000 is the port the cloud passes today, but the platform's contract is the variable;
    a literal breaks as soon as another port is passed (`lean up --port` locally, or a change
    of the platform). Reported in run mode for server calls in Python code that runs
    (`app.run(port=3000)`, `os.environ.get("PORT", 3000)`) and in the `run:` command
    (`--port 3000`, `-b 0.0.0.0:3000`, `--http :3000`). Reading the variable with 3000 as its
    default (`os.environ.get("LEANCLOUD_APP_PORT", 3000)`) is fine.

    Example: `run: gunicorn -b 0.0.0.0:3000 wsgi:app` →
    `run: gunicorn -b 0.0.0.0:${LEANCLOUD_APP_PORT} wsgi:app`.
    """
    for use in port_uses(project):
        if not use.is_platform_port or use.origin == DEFAULT:
            continue
        when = environments_note(use.environments)
        if use.origin == ENVIRONMENT:
            how = f"falls back to the literal port 3000 (`{use.variable}` is not set){when}"
        else:
            how = f"listens on the literal port 3000{when}"
        yield Finding(
            f"`{use.call}` {how}; read the port from LEANCLOUD_APP_PORT instead of hardcoding it",
            use.module.path,
            use.span,
        )
    parsed = valid_run_command(project)
    if parsed is None:
        return
    for server in parsed.servers:
        for bind in server.tcp_binds:
            port = bind.port
            source = bind.port_source
            if port is None or source is None or port.variable is not None:
                continue
            if port.number != platform.PLATFORM_PORT or not port.known:
                continue
            yield from finding_in_run(
                project,
                source.offsets,
                f"`{server.label}` listens on the literal port 3000; use "
                f"`${{{platform.PORT_VARIABLE}}}` so the server follows the port the "
                "platform passes",
            )


def port_uses(project: Project) -> list[PortUse]:
    """Every decidable port of a server started in code that runs, in run mode; [] in WSGI
    mode (the platform serves `application` itself there)."""
    return project.cached("ports:uses", lambda: _collect(project))


def _collect(project: Project) -> list[PortUse]:
    from ...analysis.entry import serving_mode

    if serving_mode(project).is_wsgi:
        return []
    listening = listening_sockets(project)
    found: list[PortUse] = []
    for run in server_runs(project):
        calls = {id(site.node): site for site in run.calls}
        hits: list[_Hit] = []
        for site in run.calls:
            hits.extend(_from_call(run.module, site, calls, listening))
        for store in run.stores:
            hits.extend(_from_store(run.module, store))
        found.extend(_merge(hits))
    return found


@dataclass(frozen=True)
class _Hit:
    module: PythonModule
    call: str
    server: str
    number: Optional[int]
    origin: str
    variable: Optional[str]
    span: Span
    environment: str


def _merge(hits: list[_Hit]) -> list[PortUse]:
    """One use per place and port, with every environment in which it happens."""
    grouped: dict[tuple[Span, Optional[int], str, Optional[str]], list[_Hit]] = {}
    for hit in hits:
        grouped.setdefault((hit.span, hit.number, hit.origin, hit.variable), []).append(hit)
    uses = []
    for group in grouped.values():
        hit = group[0]
        environments = frozenset(h.environment for h in group)
        uses.append(
            PortUse(
                hit.module,
                hit.call,
                hit.server,
                hit.number,
                hit.origin,
                hit.variable,
                hit.span,
                environments,
            )
        )
    return uses


def _from_call(
    module: PythonModule,
    site: CallSite,
    calls: dict[int, CallSite],
    listening: Collection[Made],
) -> list[_Hit]:
    hits: list[_Hit] = []
    for values in site.runs:
        key = callee_key(values.callee)
        if key is None:
            continue
        spec = platform.PYTHON_SERVER_CALLS.get(key)
        if spec is None or starts_no_server(key, site.node, values, listening):
            continue
        server, host_position, host_keyword, form, _ = spec
        call = call_text(module, site.node)
        env = values.environment
        listen = platform.PYTHON_SERVER_LISTEN_KEYWORDS.get(key)
        if listen is not None and listen in values.keywords:
            node = keyword_node(site.node, listen)
            if node is not None:
                hits.extend(_listen(module, call, server, values.keywords[listen], node, env))
            continue
        if form == "address":
            argument = call_argument(
                site.node, values.args, values.keywords, host_position, host_keyword
            )
            if argument is not None:
                hits.extend(_address(module, call, server, argument[0], argument[1], env, calls))
            continue
        where = platform.PYTHON_SERVER_PORTS.get(key)
        if where is None:
            continue
        position, keyword, default = where
        if key.startswith("?."):
            position = None  # an unknown receiver: only a `port=` keyword says it is a port
        argument = call_argument(site.node, values.args, values.keywords, position, keyword)
        if argument is None:
            if default is None or values.open_ended or _unix_socket(values.keywords):
                continue
            span = callee_span(module, site.node)
            hits.append(_Hit(module, call, server, default, DEFAULT, None, span, env))
            continue
        value, node = argument
        hit = _port(module, call, server, value, node, env, calls)
        if hit is not None:
            hits.append(hit)
    return hits


def _unix_socket(keywords: object) -> bool:
    """aiohttp `run_app(path=…)`/`sock=…` listens on no TCP port by default."""
    return isinstance(keywords, dict) and bool({"path", "sock", "fd", "uds"} & set(keywords))


def _from_store(module: PythonModule, store: StoreSite) -> list[_Hit]:
    if not isinstance(store.receiver, Made) or not isinstance(store.key, Const):
        return []
    key = f"{store.receiver.qualname}.{store.key.value}"
    server = platform.PYTHON_SERVER_BIND_SETTINGS.get(key)
    if server is None or binds_port_zero(store.value, "listen"):
        return []
    call = " ".join(module.segment(store.target).split())
    return _listen(module, call, server, store.value, store.value_node, store.environment)


def _port(
    module: PythonModule,
    call: str,
    server: str,
    value: Value,
    node: ast.expr,
    environment: str,
    calls: dict[int, CallSite],
) -> Optional[_Hit]:
    """The port an argument gives, when it can be decided."""
    value = _unwrap_int(value, environment, calls)
    variable: Optional[str] = None
    if isinstance(value, EnvValue):
        if value.variable in _PORT_VARIABLES:
            return None
        variable = value.variable
        value = _unwrap_int(value.default, environment, calls)
    number = _number(value)
    if variable is not None:
        if number is None and not (isinstance(value, Const) and value.value is None):
            return None  # a default enginelint cannot evaluate
        span = _literal_span(module, node, number)
        return _Hit(module, call, server, number, ENVIRONMENT, variable, span, environment)
    if number is None:
        return None
    span = _literal_span(module, node, number)
    return _Hit(module, call, server, number, LITERAL, None, span, environment)


def _unwrap_int(value: Value, environment: str, calls: dict[int, CallSite]) -> Value:
    """`int(x)` → the value of `x` (the walk records `int(...)` only as a call it made)."""
    for _ in range(4):
        if not isinstance(value, Made) or value.qualname != "int":
            return value
        site = calls.get(id(value.node))
        if site is None or value.node.keywords or len(value.node.args) != 1:
            return value
        runs = [r for r in site.runs if r.environment == environment and r.args]
        if len(runs) != 1:
            return value
        value = runs[0].args[0]
    return value


def _number(value: Value) -> Optional[int]:
    if not isinstance(value, Const) or isinstance(value.value, bool):
        return None
    raw = value.value
    if isinstance(raw, str):
        raw = read_int(raw.strip())
    if isinstance(raw, int) and 0 <= raw <= _MAX_PORT:
        return raw
    return None


def _literal_span(module: PythonModule, node: ast.expr, number: Optional[int]) -> Span:
    """The literal that spells the port inside the argument, or the argument itself."""
    if number is not None:
        matches = [
            n
            for n in ast.walk(node)
            if isinstance(n, ast.Constant)
            and not isinstance(n.value, bool)
            and (n.value == number or n.value == str(number))
        ]
        if len(matches) == 1:
            return module.span(matches[0])
    return module.span(node)


def _address(
    module: PythonModule,
    call: str,
    server: str,
    value: Value,
    node: ast.expr,
    environment: str,
    calls: dict[int, CallSite],
) -> list[_Hit]:
    """The port of a `(host, port)` tuple or a `"host:port"` string."""
    if isinstance(value, Seq):
        if len(value.items) != 2:
            return []
        port_node = node
        if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) == 2:
            port_node = node.elts[1]
        hit = _port(module, call, server, value.items[1], port_node, environment, calls)
        return [hit] if hit is not None else []
    return _listen(module, call, server, value, node, environment)


def _listen(
    module: PythonModule, call: str, server: str, value: Value, node: ast.expr, environment: str
) -> list[_Hit]:
    """The ports of "host:port" entries (space-separated, or a list of them)."""
    items: list[tuple[Value, ast.expr]] = [(value, node)]
    if isinstance(value, Seq):
        nodes: list[ast.expr] = list(node.elts) if isinstance(node, (ast.Tuple, ast.List)) else []
        if len(nodes) != len(value.items):
            nodes = [node] * len(value.items)
        items = list(zip(value.items, nodes))
    hits: list[_Hit] = []
    for item, item_node in items:
        if not isinstance(item, Const) or not isinstance(item.value, str):
            continue
        for entry in item.value.split():
            if entry.startswith(("unix:", "fd://")):
                continue
            _, port = split_host_port(entry)
            number = _number(Const(port)) if port else None
            if number is None:
                continue
            span = module.span(item_node)
            hits.append(_Hit(module, call, server, number, LITERAL, None, span, environment))
    return hits
