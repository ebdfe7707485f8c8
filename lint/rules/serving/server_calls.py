"""Python calls that start servers, as the serving rules read them.

`platform.PYTHON_SERVER_CALLS` lists the calls that start a server (`app.run`, `uvicorn.run`,
`make_server`…) with where their host, port and app are given. EL501 (the host), EL502 and
EL503 (the port), EL508 (development servers) and the app model (which app a script serves)
find those calls among the ones that ran and read their arguments with the helpers here.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Optional

from ... import platform
from ...analysis.python.parse import PythonModule
from ...analysis.python.values import Attr, Const, Made, Ref, Value
from ...diagnostics import Span

# Names that must appear in a module's text for any server call to be in it: the function or
# method names of the table. A module without any of them is not walked.
SERVER_CALL_NAMES = frozenset(
    key.rsplit(".", 1)[-1]
    for key in (*platform.PYTHON_SERVER_CALLS, *platform.PYTHON_SERVER_BIND_SETTINGS)
)


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
