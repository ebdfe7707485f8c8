"""What an import statement loads: the absolute name it refers to and the project files it runs.

Kept apart from module lookup (`modules`) because it needs a parsed module (a relative import is
relative to the importing file's package), and parsing itself needs module lookup to name a file.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Optional

from .modules import find_module
from .parse import PythonModule

if TYPE_CHECKING:
    from ...project import Project


def absolute_base(module: PythonModule, node: ast.ImportFrom) -> Optional[str]:
    """The absolute module an `ImportFrom` imports from, or None when a relative import
    reaches above the top-level package (Python raises ImportError there)."""
    if node.level == 0:
        return node.module
    name = module.name or ""
    package = name if module.is_package else name.rpartition(".")[0]
    if not package:
        return None
    bits = package.rsplit(".", node.level - 1)
    if len(bits) < node.level:
        return None
    return f"{bits[0]}.{node.module}" if node.module else bits[0]


def _with_packages(project: Project, dotted: str) -> list[str]:
    """The files `import a.b.c` runs: `a/__init__.py`, `a/b/__init__.py`, then `a/b/c`."""
    paths = []
    parts = dotted.split(".")
    for end in range(1, len(parts) + 1):
        path = find_module(project, ".".join(parts[:end]))
        if path is not None:
            paths.append(path)
    return paths


def import_targets(project: Project, module: PythonModule, node: ast.stmt) -> list[str]:
    """The project files an import statement loads, in the order Python loads them."""
    paths: list[str] = []
    if isinstance(node, ast.Import):
        for alias in node.names:
            paths.extend(_with_packages(project, alias.name))
    elif isinstance(node, ast.ImportFrom):
        base = absolute_base(module, node)
        if base is None:
            return []
        paths.extend(_with_packages(project, base))
        for alias in node.names:
            if alias.name != "*":
                # `from pkg import name` loads pkg/name.py when there is one.
                path = find_module(project, f"{base}.{alias.name}")
                if path is not None:
                    paths.append(path)
    return paths
