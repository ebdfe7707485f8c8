"""Python calls that start servers, as the serving rules read them.

`platform.PYTHON_SERVER_CALLS` lists the calls that start a server (`app.run`, `uvicorn.run`,
`make_server`…) with where their host, port and app are given. EL501 (the host), EL502 and
EL503 (the port), EL508 (development servers) and the app model (which app a script serves)
find those calls among the ones that ran and read their arguments with the helpers here.

Not every such call starts a server the platform could probe, and EL501–EL503 judge only those
that do (`starts_no_server`): a bind to port 0 asks the system for any free port, which is how a
library probes what the machine supports (urllib3 binds `("::1", 0)` at import to learn whether
IPv6 works) or a helper serves itself, never the app's server; and a raw `socket.socket()` is
only a server once something calls `listen()` on it (a bound UDP socket, or a probe closed at
once, accepts no connection); one handed to other code may be listened on there, and counts.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Optional

from ... import platform
from ...analysis.python.parse import PythonModule
from ...analysis.python.records import CallValues, ModuleRun
from ...analysis.python.values import Attr, Const, Made, Ref, Seq, Value
from ...diagnostics import Span

if TYPE_CHECKING:
    from ...project import Project

# Names that must appear in a module's text for any server call to be in it: the function or
# method names of the table. A module without any of them is not walked.
SERVER_CALL_NAMES = frozenset(
    key.rsplit(".", 1)[-1]
    for key in (*platform.PYTHON_SERVER_CALLS, *platform.PYTHON_SERVER_BIND_SETTINGS)
)
# What `socket.socket()` makes: its `bind` is a server only with a `listen` on the same socket.
RAW_SOCKET = "socket.socket"
_BIND = "bind"
_LISTEN = "listen"
_RAW_SOCKET_BIND = f"{RAW_SOCKET}.{_BIND}"


def server_runs(project: Project) -> list[ModuleRun]:
    """The walks of the modules that run on the platform and mention a server call, the entry
    first (a module without any of `SERVER_CALL_NAMES` in its text is not walked for them)."""

    def build() -> list[ModuleRun]:
        from ...analysis.entry import serving_mode
        from ...analysis.python.reach import module_run
        from ...analysis.python.running import running_modules

        mode = serving_mode(project)
        return [
            module_run(project, module, as_main=index == 0 and mode.entry_is_main)
            for index, module in enumerate(running_modules(project))
            if any(name in module.file.text for name in SERVER_CALL_NAMES)
        ]

    return project.cached("serving:server-runs", build)


def listening_sockets(project: Project) -> frozenset[Made]:
    """The raw sockets that may accept connections: code that runs calls `listen()` on them, or
    hands them to other code that may (an argument of a call, a value stored in an attribute or
    item), whose parameters the walk does not follow."""

    def build() -> frozenset[Made]:
        found: set[Made] = set()
        for run in server_runs(project):
            for site in run.calls:
                for values in site.runs:
                    receiver = _raw_socket(values.callee, _LISTEN)
                    if receiver is not None:
                        found.add(receiver)
                    for value in (*values.args, *values.keywords.values()):
                        found.update(_sockets_in(value))
            for store in run.stores:
                found.update(_sockets_in(store.value))
        return frozenset(found)

    return project.cached("serving:listening-sockets", build)


def _sockets_in(value: Value) -> list[Made]:
    """The raw sockets a value is or holds (a tuple or list of them, one level down)."""
    items = value.items if isinstance(value, Seq) else (value,)
    return [v for v in items if isinstance(v, Made) and v.qualname == RAW_SOCKET]


def _raw_socket(callee: Value, method: str) -> Optional[Made]:
    """The socket `callee` is the method `method` of, when it is a `socket.socket()`."""
    if isinstance(callee, Attr) and callee.name == method:
        receiver = callee.receiver
        if isinstance(receiver, Made) and receiver.qualname == RAW_SOCKET:
            return receiver
    return None


def starts_no_server(
    key: str, call: ast.Call, values: CallValues, listening: Collection[Made]
) -> bool:
    """Whether a recognised server call (`key` of `platform.PYTHON_SERVER_CALLS`), as it ran,
    starts no server the platform could probe: it binds port 0, or it binds a raw socket that
    nothing `listen()`s on."""
    if key == _RAW_SOCKET_BIND:
        bound = _raw_socket(values.callee, _BIND)
        if bound is not None and bound not in listening:
            return True
    spec = platform.PYTHON_SERVER_CALLS.get(key)
    if spec is not None:
        _, host_position, host_keyword, form, _ = spec
        if form == "address":
            argument = call_argument(
                call, values.args, values.keywords, host_position, host_keyword
            )
            if argument is not None and binds_port_zero(argument[0], "address"):
                return True
    where = platform.PYTHON_SERVER_PORTS.get(key)
    if where is not None:
        position = None if key.startswith("?.") else where[0]
        argument = call_argument(call, values.args, values.keywords, position, where[1])
        if argument is not None and _is_zero(argument[0]):
            return True
    listen = platform.PYTHON_SERVER_LISTEN_KEYWORDS.get(key)
    return listen is not None and binds_port_zero(values.keywords.get(listen), "listen")


def binds_port_zero(value: Optional[Value], form: str) -> bool:
    """Whether an address (`form` "address": a `(host, port)` tuple or `"host:port"`) or a
    listen setting (`form` "listen": `"host:port"` entries, or a list of them) binds only
    port 0."""
    if value is None:
        return False
    if form == "address" and isinstance(value, Seq):
        return len(value.items) == 2 and _is_zero(value.items[1])
    entries: list[Value] = list(value.items) if isinstance(value, Seq) else [value]
    ports: list[str] = []
    for entry in entries:
        if not isinstance(entry, Const) or not isinstance(entry.value, str):
            return False
        ports.extend(split_host_port(part)[1] for part in entry.value.split())
    return bool(ports) and all(port == "0" for port in ports)


def _is_zero(value: Value) -> bool:
    if not isinstance(value, Const) or isinstance(value.value, bool):
        return False
    raw = value.value
    return raw == 0 if isinstance(raw, int) else isinstance(raw, str) and raw.strip() == "0"


def node_span(module: PythonModule, node: ast.AST) -> Span:
    if isinstance(node, (ast.expr, ast.stmt)):
        return module.span(node)
    return Span.point(1, 1)


def callee_span(module: PythonModule, node: ast.AST) -> Span:
    """The name a call is made by (`run` in `app.run()`), where a finding about it points."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return module.attribute_span(node)
    return node_span(module, node)


def callee_key(callee: Value) -> Optional[str]:
    """The key of `platform.PYTHON_SERVER_CALLS` a callee may be: its dotted name, the method of
    an object a known call made (`flask.Flask.run`), or `?.name` for a method of anything else."""
    if isinstance(callee, Ref):
        return callee.qualname
    if isinstance(callee, Attr):
        if isinstance(callee.receiver, Made):
            key = f"{callee.receiver.qualname}.{callee.name}"
            if key in platform.PYTHON_SERVER_CALLS:
                return key
        return f"?.{callee.name}"
    return None


def call_text(module: PythonModule, node: ast.Call) -> str:
    """How a message names a call: `app.run()`, cut to 40 characters."""
    text = " ".join(module.segment(node.func).split())
    return (text if len(text) <= 40 else text[:39] + "…") + "()"


def keyword_node(call: ast.Call, name: str) -> Optional[ast.expr]:
    """The expression given for keyword `name`, if the call names it."""
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def call_argument(
    call: ast.Call,
    args: tuple[Value, ...],
    keywords: Mapping[str, Value],
    position: Optional[int],
    keyword: Optional[str],
) -> Optional[tuple[Value, ast.expr]]:
    """The argument at `position` or named `keyword`: its value and expression, or None when it
    is not given (or given as None)."""
    if keyword is not None and keyword in keywords:
        node = keyword_node(call, keyword)
        value = keywords[keyword]
        if node is None or (isinstance(value, Const) and value.value is None):
            return None
        return value, node
    if position is not None and position < len(args):
        value = args[position]
        if isinstance(value, Const) and value.value is None:
            return None
        return value, call.args[position]
    return None


def split_host_port(text: str) -> tuple[str, str]:
    """`"127.0.0.1:8000"` → ("127.0.0.1", "8000"); `"[::1]:80"` → ("[::1]", "80");
    a bare host or IPv6 address keeps an empty port."""
    text = text.strip()
    if text.startswith("["):
        end = text.find("]")
        if end > 0:
            rest = text[end + 1 :]
            return text[: end + 1], rest[1:] if rest.startswith(":") else ""
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, port
    return text, ""
