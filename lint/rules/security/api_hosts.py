"""EL603: LeanCloud API hosts written into the code instead of read from LEANCLOUD_API_SERVER.

Hosts differ by region and app and shared ones have been retired, so a host written anywhere in
the tree is a host that may stop working: every Python file is searched (`tree_scan`), in its
string literals and f-strings, but not in docstrings and other bare strings, which set nothing.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Optional, Union

from ... import platform
from ...analysis.python.parse import PythonModule
from ...diagnostics import WARNING, Finding, Span
from ...lazy_dataclass import dataclass
from ...lazy_re import lazy_pattern
from ...rulespec import rule

if TYPE_CHECKING:
    from ...project import Project

# Strings longer than this are not searched for hosts (generated data, not a setting).
_MAX_HOST_STRING = 4096


@dataclass(frozen=True)
class ApiHost:
    """A LeanCloud API host written in a string literal."""

    path: str
    span: Span
    host: str


@rule("EL603", "hardcoded-api-server", WARNING)
def hardcoded_api_server(project: Project) -> Iterator[Finding]:
    """A LeanCloud API host is written into the code instead of read from LEANCLOUD_API_SERVER.

    Why: API hosts differ by region and app, and LeanCloud has retired shared hosts before
    (`api.leancloud.cn`, `us-api.leancloud.cn`); the platform passes the right one in
    `LEANCLOUD_API_SERVER`, and the SDK finds it by itself. Looked for in string literals
    (not docstrings) of every Python file of the project: `*.lncld.net`, `*.lncldglobal.com`,
    `*.lncldapi.com`, `*api.leancloud.cn`, `app-router.leancloud.cn`.

    Example: `BASE = "https://abcd1234.api.lncld.net/1.1"` →
    `BASE = os.environ["LEANCLOUD_API_SERVER"] + "/1.1"`.
    """
    for found in api_hosts(project):
        yield Finding(
            f"the LeanCloud API host `{found.host}` is written into the code; read the server "
            f"from {platform.API_SERVER_VARIABLE}, which the platform sets to the right host for "
            "the app",
            found.path,
            found.span,
        )


_API_HOST = lazy_pattern(
    r"(?<![a-z0-9.-])(" + "|".join(platform.API_HOST_PATTERNS) + r")(?![a-z0-9-])(?!\.[a-z0-9])",
    re.IGNORECASE,
)


_FIELD = "\ufffc"  # an f-string's replacement field, matched as a label and shown as `{…}`


def find_api_host(text: str) -> Optional[str]:
    """The first LeanCloud API host named in a string, lower-cased."""
    if len(text) > _MAX_HOST_STRING:
        return None
    match = _API_HOST.search(text.replace(_FIELD, "x"))
    if match is None:
        return None
    return text[match.start(1) : match.end(1)].lower().replace(_FIELD, "{…}")


def api_hosts(project: Project) -> list[ApiHost]:
    """String literals naming a LeanCloud API host in the Python files of the whole tree.

    Docstrings and other bare string statements are not settings and are skipped.
    """

    def build() -> list[ApiHost]:
        from ...analysis.tree_scan import API_HOSTS, python_modules

        found: list[ApiHost] = []
        for module in python_modules(project, API_HOSTS):
            found.extend(_module_hosts(module))
        return found

    return project.cached("security:api-hosts", build)


def _module_hosts(module: PythonModule) -> list[ApiHost]:
    found: list[ApiHost] = []
    stack: list[ast.AST] = [module.tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Expr) and isinstance(node.value, (ast.Constant, ast.JoinedStr)):
            continue  # a docstring or a bare string: not used
        literal: Union[ast.Constant, ast.JoinedStr, None] = None
        text = ""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            literal, text = node, node.value
        elif isinstance(node, ast.JoinedStr):
            # A replacement field stands for one unknown label: f"https://{app}.api.lncld.net".
            literal = node
            text = "".join(
                str(p.value) if isinstance(p, ast.Constant) else _FIELD for p in node.values
            )
        if literal is not None:
            host = find_api_host(text)
            if host is not None:
                found.append(ApiHost(module.path, module.span(literal), host))
            if isinstance(node, ast.JoinedStr):
                continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))
    return sorted(found, key=lambda h: h.span)
