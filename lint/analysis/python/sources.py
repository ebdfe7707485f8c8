"""Where a value read in one module is written, when it comes from another project module.

A finding about `app.run(host=HOST)` is most useful where `HOST = "0.0.0.0"` is written, which
may be a `config` module the entry imports (`from config import HOST`, `config.HOST`). This
follows such a read back through imports and re-exports, using the walks `reach` keeps.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Optional

from .imports import absolute_base
from .modules import is_module
from .parse import PythonModule
from .reach import MAX_MODULE_DEPTH, Analysis, project_analysis
from .records import ModuleRun
from .values import Ref, Value

if TYPE_CHECKING:
    from ...project import Project


def value_source(
    project: Project,
    run: ModuleRun,
    node: ast.AST,
    environment: str,
    expected: Optional[Value] = None,
) -> Optional[tuple[PythonModule, ast.AST]]:
    """Where the value of `NAME` or `module.NAME`, read in `run`'s module, is written when it
    comes from another project module (`from config import HOST`, `config.HOST`): that module
    and the expression assigned there. None when it is written in `run`'s own module, when the
    trail cannot be followed (a function's local, a name rebound at run time), or when the
    module-level value found there is not `expected` (the read saw another binding)."""
    found = _source(project_analysis(project), run, node, environment, 0)
    if found is None or found[0].path == run.module.path:
        return None
    if expected is not None:
        module, written = found
        if not _writes(project, module, written, environment, expected):
            return None
    return found


def _writes(
    project: Project, module: PythonModule, node: ast.AST, environment: str, expected: Value
) -> bool:
    """Whether some module-level binding of `module` is `node` with the value `expected`."""
    run = project_analysis(project).run(module, False)
    return any(
        binding.node is node and binding.value == expected
        for binding in run.final.get(environment, {}).values()
    )


def _source(
    analysis: Analysis, run: ModuleRun, node: ast.AST, environment: str, depth: int
) -> Optional[tuple[PythonModule, ast.AST]]:
    if depth > MAX_MODULE_DEPTH:
        return None
    if isinstance(node, ast.Name):
        binding = run.binding(node.id, environment)
        if binding is None or binding.deleted or binding.node is None:
            return None
        statement = binding.statement
        if isinstance(statement, ast.ImportFrom) and isinstance(binding.node, ast.alias):
            base = absolute_base(run.module, statement)
            if base is None or binding.node.name == "*":
                return None
            return _attribute_source(analysis, base, binding.node.name, environment, depth + 1)
        if isinstance(binding.node, (ast.Name, ast.Attribute)) and binding.node is not node:
            return _source(analysis, run, binding.node, environment, depth + 1) or (
                run.module,
                binding.node,
            )
        return run.module, binding.node
    if isinstance(node, ast.Attribute):
        names: list[str] = []
        current: ast.expr = node
        while isinstance(current, ast.Attribute):
            names.append(current.attr)
            current = current.value
        if not isinstance(current, ast.Name):
            return None
        root = run.binding(current.id, environment)
        if root is None or not isinstance(root.value, Ref):
            return None
        parts = [*root.value.qualname.split("."), *reversed(names)]
        for split in range(len(parts) - 1, 0, -1):
            owner = ".".join(parts[:split])
            if is_module(analysis.project, owner):
                if split != len(parts) - 1:
                    return None  # `config.SETTINGS.host`: an attribute of a value
                return _attribute_source(analysis, owner, parts[split], environment, depth + 1)
    return None


def _attribute_source(
    analysis: Analysis, dotted: str, name: str, environment: str, depth: int
) -> Optional[tuple[PythonModule, ast.AST]]:
    """Where module `dotted`'s global `name` is written, following re-exports."""
    if depth > MAX_MODULE_DEPTH:
        return None
    run = analysis.imported(dotted)
    if run is None:
        return None
    return _source(analysis, run, ast.Name(id=name, ctx=ast.Load()), environment, depth)
