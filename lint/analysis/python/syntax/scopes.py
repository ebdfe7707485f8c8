"""Compile-stage errors about names: what CPython's symbol table rejects.

`global` and `nonlocal` declarations that conflict with parameters, with each other or with an
earlier use; `nonlocal` without a binding to refer to; a parameter named twice; `import *`
outside the module; the rules PEP 572 sets for `:=` in comprehensions; the rules PEP 695 sets
for type parameters. Positions are compared, not visiting order, so the answer is the same
whatever order a host's tree lists its fields in.
"""

from __future__ import annotations

import ast
from typing import Optional

from ....diagnostics import Span
from ....lazy_dataclass import dataclass, field
from .facts import Version
from .source import Source
from .verdict import Problem
from .walk import COMPREHENSIONS, FUNCTIONS, Context

Where = tuple[int, int]


@dataclass
class _Scope:
    kind: str  # "module", "function", "class", "comprehension", "type_params"
    parent: Optional[_Scope]
    params: dict[str, ast.AST] = field(default_factory=dict)
    globals: dict[str, ast.AST] = field(default_factory=dict)
    nonlocals: dict[str, ast.AST] = field(default_factory=dict)
    bound: dict[str, Where] = field(default_factory=dict)
    used: dict[str, Where] = field(default_factory=dict)
    annotated: dict[str, Where] = field(default_factory=dict)
    targets: set[str] = field(default_factory=set)  # comprehension iteration variables


def _where(node: ast.AST) -> Where:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


class ScopeCollector:
    """The names of one walk, scope by scope; `finish` gives the problems found. `TYPES` are
    the node types it needs to see besides `Name`."""

    TYPES = frozenset(
        (
            *FUNCTIONS,
            ast.Lambda,
            ast.ClassDef,
            *COMPREHENSIONS,
            ast.Global,
            ast.Nonlocal,
            ast.AnnAssign,
            ast.Import,
            ast.ImportFrom,
            ast.NamedExpr,
            ast.ExceptHandler,
            *(
                getattr(ast, name)
                for name in (
                    "TypeAlias",
                    "TypeVar",
                    "ParamSpec",
                    "TypeVarTuple",
                    "MatchAs",
                    "MatchStar",
                    "MatchMapping",
                )
                if hasattr(ast, name)
            ),
        )
    )

    def __init__(self, source: Source, target: Version) -> None:
        self.source = source
        self.target = target
        self.problems: list[Problem] = []
        self.module = _Scope("module", None)
        self.scopes: dict[int, _Scope] = {}
        self.order: list[_Scope] = [self.module]

    def add(
        self, node: ast.AST, what: str = "", key: Optional[str] = None, span: Optional[Span] = None
    ) -> None:
        self.problems.append(Problem(span or self.source.span(node), key, what))

    def scope(self, key: object) -> _Scope:
        if key is None:
            return self.module
        return self.scopes[id(key)]

    def open(self, key: object, kind: str, parent: _Scope) -> _Scope:
        scope = self.scopes.get(id(key))
        if scope is None:
            scope = self.scopes[id(key)] = _Scope(kind, parent)
            self.order.append(scope)
        return scope

    def finish(self) -> list[Problem]:
        for scope in self.order:
            self.analyse(scope)
        return self.problems

    def visit(self, node: ast.AST, context: Context) -> None:
        here = self.scope(context.scope)
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                here.used.setdefault(node.id, (node.lineno, node.col_offset))
            else:
                here.bound.setdefault(node.id, (node.lineno, node.col_offset))
            return
        if isinstance(node, (*FUNCTIONS, ast.Lambda, ast.ClassDef)):
            self.definition(node, here)
        elif isinstance(node, COMPREHENSIONS):
            inner = self.open(node, "comprehension", here)
            for generator in node.generators:
                for name in ast.walk(generator.target):
                    if isinstance(name, ast.Name):
                        inner.targets.add(name.id)
        elif isinstance(node, ast.Global):
            self.declaration(node, here, here.globals, "global")
        elif isinstance(node, ast.Nonlocal):
            self.declaration(node, here, here.nonlocals, "nonlocal")
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            here.annotated.setdefault(node.target.id, _where(node))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            self.imports(node, here)
        elif isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
            self.walrus(node, here, context)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            here.bound.setdefault(node.name, _where(node))
        elif type(node).__name__ == "TypeAlias":
            self.open(node.type_params, "type_params", here)  # type: ignore[attr-defined]
            name = node.name  # type: ignore[attr-defined]
            if isinstance(name, ast.Name):
                here.bound.setdefault(name.id, _where(node))
        elif type(node).__name__ in ("TypeVar", "ParamSpec", "TypeVarTuple"):
            name = node.name  # type: ignore[attr-defined]
            if name in here.params:
                self.add(node, f"type parameter `{name}` declared twice")
            here.params[name] = node
        if type(node).__name__ in ("MatchAs", "MatchStar", "MatchMapping"):
            for field in ("name", "rest"):
                bound = getattr(node, field, None)
                if isinstance(bound, str):
                    here.bound.setdefault(bound, _where(node))

    def definition(self, node: ast.AST, here: _Scope) -> None:
        if not isinstance(node, ast.Lambda):
            here.bound.setdefault(node.name, _where(node))  # type: ignore[attr-defined]
        params = getattr(node, "type_params", None)
        parent = self.open(params, "type_params", here) if params else here
        if isinstance(node, ast.ClassDef):
            self.open(node, "class", parent)
            return
        inner = self.open(node, "function", parent)
        args: ast.arguments = node.args  # type: ignore[attr-defined]
        every = [*getattr(args, "posonlyargs", []), *args.args, *args.kwonlyargs]
        every += [arg for arg in (args.vararg, args.kwarg) if arg is not None]
        for arg in every:
            if arg.arg in inner.params:
                self.add(arg, f"parameter `{arg.arg}` appears twice in one definition")
                return
            inner.params[arg.arg] = arg

    def declaration(
        self, node: ast.Global | ast.Nonlocal, here: _Scope, table: dict[str, ast.AST], word: str
    ) -> None:
        if word == "nonlocal" and here.kind == "module":
            self.add(node, "`nonlocal` at module level")
            return
        for name in node.names:
            table.setdefault(name, node)

    def imports(self, node: ast.Import | ast.ImportFrom, here: _Scope) -> None:
        for alias in node.names:
            if alias.name == "*":
                if here.kind != "module" and self.target >= (3, 0):
                    self.add(node, "`import *` inside a function or class")
                continue
            name = alias.asname or alias.name.split(".")[0]
            here.bound.setdefault(name, _where(node))

    def walrus(self, node: ast.NamedExpr, here: _Scope, context: Context) -> None:
        name = node.target.id
        scope: Optional[_Scope] = here
        if context.iterable:
            self.add(node, "`:=` inside a comprehension's iterable")
            return
        while scope is not None and scope.kind == "comprehension":
            if name in scope.targets:
                self.add(node, f"`:=` rebinds the comprehension variable `{name}`")
                return
            scope = scope.parent
        if here.kind == "comprehension" and scope is not None and scope.kind == "class":
            self.add(node, "`:=` inside a comprehension in a class body")
            return
        if scope is not None:
            scope.bound.setdefault(name, _where(node))

    def analyse(self, scope: _Scope) -> None:
        for name, node in scope.globals.items():
            self.conflicts(scope, name, node, "global")
        for name, node in scope.nonlocals.items():
            if name in scope.globals:
                self.add(node, f"`{name}` is declared both `nonlocal` and `global`")
                continue
            self.conflicts(scope, name, node, "nonlocal")
            if (
                scope.parent is not None
                and scope.parent.kind == "type_params"
                and name in scope.parent.params
            ):
                self.add(node, f"`nonlocal` cannot bind the type parameter `{name}`")
            elif not _bound_outside(scope, name):
                self.add(node, f"`nonlocal {name}` has no binding in an enclosing function")

    def conflicts(self, scope: _Scope, name: str, node: ast.AST, word: str) -> None:
        declared = _where(node)
        if name in scope.params:
            self.add(node, f"`{name}` is both a parameter and `{word}`")
            return
        annotated = scope.annotated.get(name)
        if annotated is not None:
            module_after = scope.kind == "module" and annotated > declared
            if not module_after or self.target < (3, 8):
                key = "global_annotated_module" if module_after else None
                self.add(node, f"the annotated name `{name}` cannot be `{word}`", key=key)
                return
        for table, verb in ((scope.used, "used"), (scope.bound, "assigned")):
            first = table.get(name)
            if first is not None and first < declared and self.target >= (3, 6):
                self.add(node, f"`{name}` is {verb} before its `{word}` declaration")
                return


def _bound_outside(scope: _Scope, name: str) -> bool:
    """Whether an enclosing function binds `name` (what `nonlocal` may refer to)."""
    current = scope.parent
    while current is not None and current.kind != "module":
        binds = name in current.bound or name in current.params or name in current.nonlocals
        if current.kind == "function" and name not in current.globals and binds:
            return True
        current = current.parent
    return False
