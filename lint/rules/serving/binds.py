"""EL501: servers started from Python code that runs on the platform, and the hosts they bind.

The platform reaches the app from outside its container; a server bound to a loopback address
(`127.0.0.1`, `localhost`, `::1`) never answers and the deploy fails its startup check. The calls
that start servers are listed in `platform.PYTHON_SERVER_CALLS`; this module finds them among the
calls that ran in each cloud environment (`reach`), leaves out those that start no server the
platform could probe (`server_calls.starts_no_server`: port 0, a raw socket nothing listens on),
and works out the host each one binds: a literal, a module or function constant, the default of
an `os.environ.get`/`os.getenv` read of a variable the platform does not set, or the server's
own default when no host is given.
"""

from __future__ import annotations

import ast
import ipaddress
from typing import TYPE_CHECKING, Optional

from ... import platform
from ...analysis.python.parse import PythonModule
from ...analysis.python.reach import environments_note
from ...analysis.python.records import CallSite, ModuleRun, StoreSite
from ...analysis.python.sources import value_source
from ...analysis.python.values import Const, EnvValue, Made, Seq, Value
from ...diagnostics import ERROR, UNSAFE, Edit, Finding, Fix, Span
from ...lazy_dataclass import dataclass
from ...rulespec import rule
from .server_calls import (
    binds_port_zero,
    call_argument,
    call_text,
    callee_key,
    callee_span,
    keyword_node,
    listening_sockets,
    node_span,
    server_runs,
    split_host_port,
    starts_no_server,
)

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator

    from ...project import Project

# How a host was given, for the message.
LITERAL = "literal"
CONSTANT = "constant"
ENVIRONMENT = "environment"
DEFAULT = "default"


@dataclass(frozen=True)
class LoopbackBind:
    """A server that binds a loopback host in code that runs on the platform.

    `call` is the server call's source (`app.run()`, `config.bind`); `server` the framework
    ("Flask"), possibly empty; `origin` how the host was given (LITERAL, CONSTANT, ENVIRONMENT
    with `variable`, or DEFAULT); `expression` the source of the host argument (`HOST`);
    `environments` the cloud environments in which it happens. `source` is where a host
    imported from another project module is written (`config.py:2`), else None.
    """

    module: PythonModule
    call: str
    server: str
    host: str
    origin: str
    variable: Optional[str]
    expression: str
    span: Span
    environments: frozenset[str]
    fix: Optional[Fix]
    source: Optional[str] = None


@rule("EL501", "loopback-bind", ERROR)
def loopback_bind(project: Project) -> Iterator[Finding]:
    """Python code that runs on the platform starts a server on a loopback address.

    Why: the platform reaches the app from outside its container, on `0.0.0.0` at
    `$LEANCLOUD_APP_PORT`; a server bound to `127.0.0.1`, `localhost` or `::1` never answers,
    the startup check times out and the deploy fails. Recognised: Flask/Quart/Sanic `app.run()`
    (whose default host is 127.0.0.1), Flask-SocketIO, Werkzeug `run_simple`, wsgiref
    `make_server`, gevent and cheroot `WSGIServer((host, port), …)`, `http.server` and
    `socketserver` servers, `uvicorn.run` (default 127.0.0.1), hypercorn's `config.bind`,
    `waitress.serve(host=…, listen=…)`, `bjoern.run`, tornado `listen(port, address=…)`,
    aiohttp `web.run_app(host=…)`, `asyncio.start_server` and `socket.bind((host, port))` of a
    socket that listens. The host may be a literal, a constant, or the default of
    `os.environ.get("HOST", "127.0.0.1")` (a variable the platform does not set). Only code that
    runs counts: module-level code of the entry and the modules it imports, functions it calls,
    and `if __name__ == "__main__":` only in run mode (`run: python app.py`); branches on
    `LEANCLOUD_APP_ENV` are judged for `stage` and `production`, so a bind used only in
    development is fine. Not servers, so fine: a bind to port 0 (any free port: how a library
    such as urllib3 probes for IPv6 with `sock.bind(("::1", 0))`), and a raw socket that nothing
    `listen()`s on (a UDP socket, a probe).

    Example: `app.run(host="127.0.0.1")` in `app.py` started by `run: python app.py` →
    `app.run(host="0.0.0.0", port=int(os.environ["LEANCLOUD_APP_PORT"]))`.
    """
    for bind in loopback_binds(project):
        server = f"`{bind.call}`" + (f" ({bind.server})" if bind.server else "")
        when = environments_note(bind.environments)
        if bind.origin == DEFAULT:
            how = f"listens on `{bind.host}` by default (no host given){when}"
        elif bind.origin == ENVIRONMENT:
            read = f" from {bind.source}" if bind.source else ""
            how = (
                f"listens on loopback `{bind.host}`{when} (the default of `{bind.variable}`"
                f"{read}, which the platform does not set)"
            )
        elif bind.origin == CONSTANT:
            source = f", set in {bind.source}" if bind.source else ""
            how = f"listens on loopback `{bind.host}`{when} (from `{bind.expression}`{source})"
        else:
            how = f"listens on loopback `{bind.host}`{when}"
        yield Finding(
            f"{server} {how}, which the platform cannot reach; bind to \"0.0.0.0\" and the "
            "port in LEANCLOUD_APP_PORT",
            bind.module.path,
            bind.span,
            fix=bind.fix,
        )


def is_loopback(host: str) -> bool:
    """Whether a host name or address is loopback (127.0.0.0/8, ::1, localhost…)."""
    name = host.strip().lower().rstrip(".")
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name in platform.LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return False
    if address.is_loopback:
        return True
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(mapped is not None and mapped.is_loopback)


def loopback_binds(project: Project) -> list[LoopbackBind]:
    """Every loopback bind in code that runs on the platform, in file order."""
    return project.cached("binds:loopback", lambda: _collect(project))


def _collect(project: Project) -> list[LoopbackBind]:
    listening = listening_sockets(project)
    found: list[LoopbackBind] = []
    for run in server_runs(project):
        found.extend(_merge(_from_calls(run.module, run.calls, listening), project, run))
        found.extend(_merge(_from_stores(run.module, run.stores), project, run))
    return found


@dataclass(frozen=True)
class _Hit:
    module: PythonModule
    call: str
    server: str
    host: str
    origin: str
    variable: Optional[str]
    node: ast.AST
    point_at_callee: bool
    replacement: Optional[str]
    environment: str
    value: Optional[Value] = None  # the value of `node`, to find where it is written


def _merge(hits: list[_Hit], project: Project, run: ModuleRun) -> list[LoopbackBind]:
    """One bind per place, with every environment in which it happens."""
    grouped: dict[tuple[int, bool], list[_Hit]] = {}
    for hit in hits:
        grouped.setdefault((id(hit.node), hit.point_at_callee), []).append(hit)
    return [_bind(group, project, run) for group in grouped.values()]


def _source(hit: _Hit, project: Project, run: ModuleRun) -> Optional[str]:
    """`config.py:2` when the host expression's value is written in another project module."""
    if hit.origin not in (CONSTANT, ENVIRONMENT) or hit.value is None:
        return None
    found = value_source(project, run, hit.node, hit.environment, hit.value)
    if found is None:
        return None
    module, written = found
    if isinstance(written, ast.expr):
        return f"{module.path}:{module.span(written).start.line}"
    return module.path


def _bind(group: list[_Hit], project: Project, run: ModuleRun) -> LoopbackBind:
    hit = group[0]
    module = hit.module
    span = callee_span(module, hit.node) if hit.point_at_callee else node_span(module, hit.node)
    fix = None
    if hit.replacement is not None and isinstance(hit.node, ast.Constant):
        fix = _literal_fix(module, hit.node, hit.replacement)
    expression = ""
    if not hit.point_at_callee and isinstance(hit.node, ast.expr):
        expression = " ".join(module.segment(hit.node).split())
        expression = expression if len(expression) <= 40 else expression[:39] + "…"
    return LoopbackBind(
        module,
        hit.call,
        hit.server,
        hit.host,
        hit.origin,
        hit.variable,
        expression,
        span,
        frozenset(h.environment for h in group),
        fix,
        _source(hit, project, run),
    )


def _from_calls(
    module: PythonModule, sites: list[CallSite], listening: Collection[Made]
) -> list[_Hit]:
    hits: list[_Hit] = []
    for site in sites:
        for values in site.runs:
            key = callee_key(values.callee)
            if key is None:
                continue
            spec = platform.PYTHON_SERVER_CALLS.get(key)
            listen = platform.PYTHON_SERVER_LISTEN_KEYWORDS.get(key)
            if spec is None and listen is None:
                continue
            if starts_no_server(key, site.node, values, listening):
                continue
            call = call_text(module, site.node)
            if spec is not None:
                server, position, keyword, form, default = spec
                argument = call_argument(site.node, values.args, values.keywords, position, keyword)
                if argument is None:
                    if default is not None and not values.open_ended and is_loopback(default):
                        hits.append(
                            _Hit(
                                module,
                                call,
                                server,
                                default,
                                DEFAULT,
                                None,
                                site.node,
                                True,
                                None,
                                values.environment,
                            )
                        )
                else:
                    value, node = argument
                    hits.extend(_hosts(module, call, server, form, value, node, values.environment))
            if listen is not None and listen in values.keywords:
                listen_node = keyword_node(site.node, listen)
                if listen_node is not None:
                    server = spec[0] if spec is not None else ""
                    hits.extend(
                        _hosts(
                            module,
                            call,
                            server,
                            "listen",
                            values.keywords[listen],
                            listen_node,
                            values.environment,
                        )
                    )
    return hits


def _from_stores(module: PythonModule, stores: list[StoreSite]) -> list[_Hit]:
    hits: list[_Hit] = []
    for store in stores:
        if not isinstance(store.receiver, Made) or not isinstance(store.key, Const):
            continue
        key = f"{store.receiver.qualname}.{store.key.value}"
        server = platform.PYTHON_SERVER_BIND_SETTINGS.get(key)
        if server is None or binds_port_zero(store.value, "listen"):
            continue
        call = " ".join(module.segment(store.target).split())
        hits.extend(
            _hosts(module, call, server, "listen", store.value, store.value_node, store.environment)
        )
    return hits


def _hosts(
    module: PythonModule,
    call: str,
    server: str,
    form: str,
    value: Value,
    node: ast.expr,
    environment: str,
) -> list[_Hit]:
    """The loopback binds of one host argument; none when it also names another interface
    (a list of hosts, or a waitress `listen` with several entries)."""
    items: list[tuple[Value, ast.expr]] = [(value, node)]
    if form in ("host", "listen") and isinstance(value, Seq):  # aiohttp hosts, hypercorn binds
        items = _items(value, node)
    hits: list[_Hit] = []
    for item, item_node in items:
        # The value of the expression `item_node` (a whole tuple when its items are not written
        # out), to tell where that expression gets it.
        written = item
        if form == "address" and isinstance(item, Seq):
            if not item.items:
                continue
            outer = item_node
            (item, item_node), form = _items(item, item_node)[0], "host"
            if item_node is not outer:
                written = item
        variable: Optional[str] = None
        if isinstance(item, EnvValue):
            variable, item = item.variable, item.default
        if not isinstance(item, Const) or not isinstance(item.value, str):
            continue
        if variable is not None:
            origin = ENVIRONMENT
        elif isinstance(item_node, ast.Constant):
            origin = LITERAL
        else:
            origin = CONSTANT
        # "address" strings and "listen" settings are `host:port`, several separated by spaces.
        entries = item.value.split() if form == "listen" else [item.value]
        for entry in entries:
            host, port = (entry, "") if form == "host" else split_host_port(entry)
            if not is_loopback(host):
                return []
            replacement = None
            if len(entries) == 1:
                replacement = platform.ALL_INTERFACES + (f":{port}" if port else "")
            hits.append(
                _Hit(
                    module,
                    call,
                    server,
                    host,
                    origin,
                    variable,
                    item_node,
                    False,
                    replacement,
                    environment,
                    written,
                )
            )
    return hits


def _items(value: Seq, node: ast.expr) -> list[tuple[Value, ast.expr]]:
    nodes: list[ast.expr] = list(node.elts) if isinstance(node, (ast.Tuple, ast.List)) else []
    if len(nodes) != len(value.items):
        nodes = [node] * len(value.items)
    return list(zip(value.items, nodes))


def _literal_fix(module: PythonModule, node: ast.Constant, replacement: str) -> Optional[Fix]:
    """Replace a plain one-line string literal, keeping its quotes."""
    source = module.segment(node)
    if len(source) < 2 or source[0] not in "'\"" or source[-1] != source[0]:
        return None
    quote = source[0]
    if source[1:-1] != node.value or quote in replacement:
        return None
    edit = Edit(module.path, module.span(node), f"{quote}{replacement}{quote}")
    return Fix(f'bind to "{replacement}"', (edit,), UNSAFE)
