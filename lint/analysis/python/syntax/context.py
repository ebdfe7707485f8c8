"""Compile-stage errors that depend on where a statement or expression stands.

These are the checks CPython's compiler makes after parsing (`compile.c`, `future.c`): `return`
and `yield` outside a function, `await` outside `async def`, `break` outside a loop, `__future__`
imports after other code, starred expressions where none may stand, repeated keyword arguments,
assignments to `__debug__`. Each is decided for the target's version, so the answer does not
depend on the compiler of the host. Name-binding errors (`global`, `nonlocal`, duplicate
parameters) are in `scopes`, pattern-matching errors in `patterns`.
"""

from __future__ import annotations

import ast
from typing import Optional

from .facts import FUTURE_FEATURES, Version
from .source import Source
from .verdict import Problem, version_name
from .walk import COMPREHENSIONS, FUNCTIONS, Context

_NESTED_SCOPES = (*FUNCTIONS, ast.Lambda, ast.ClassDef)


class ContextChecker:
    """The checks of one walk; `finish` gives the problems found. `TYPES` are the node types
    it needs to see (a `Name` only when it is `__debug__`)."""

    TYPES = frozenset(
        (
            ast.Return,
            ast.Yield,
            ast.YieldFrom,
            ast.Await,
            ast.AsyncFor,
            ast.AsyncWith,
            *COMPREHENSIONS,
            ast.Break,
            ast.Continue,
            ast.Starred,
            ast.List,
            ast.Tuple,
            ast.Call,
            ast.ClassDef,
            ast.NamedExpr,
            ast.ImportFrom,
            ast.Import,
            ast.Attribute,
            ast.arg,
            ast.keyword,
            *FUNCTIONS,
            ast.alias,
            ast.ExceptHandler,
        )
    )

    def __init__(self, tree: ast.Module, source: Source, target: Version) -> None:
        self.source = source
        self.target = target
        self.problems: list[Problem] = []
        self.generators: set[int] = set()
        self.returns: list[tuple[ast.Return, ast.AST]] = []
        self.future_annotations = False
        self.top = {id(statement) for statement in tree.body}
        self.future_imports(tree)

    def add(
        self, node: ast.AST, context: Context, what: str = "", key: Optional[str] = None
    ) -> None:
        where = context.fstring if context.fstring is not None else node
        self.problems.append(Problem(self.source.span(where), key, what))

    def visit(self, node: ast.AST, context: Context, parent: Optional[ast.AST]) -> None:
        if isinstance(node, (ast.Name, ast.Constant)):
            if isinstance(node, ast.Name) and node.id == "__debug__":
                self.debug_name(node, context, parent)
            return
        if isinstance(node, ast.Return):
            self.return_(node, context)
        elif isinstance(node, (ast.Yield, ast.YieldFrom)):
            self.yield_(node, context)
        elif isinstance(node, ast.Await):
            self.await_(node, context)
        elif isinstance(node, (ast.AsyncFor, ast.AsyncWith)):
            if not isinstance(context.function, ast.AsyncFunctionDef):
                kind = "for" if isinstance(node, ast.AsyncFor) else "with"
                self.add(node, context, f"`async {kind}` outside an `async def`")
        elif isinstance(node, COMPREHENSIONS):
            self.comprehension(node, context)
        elif isinstance(node, (ast.Break, ast.Continue)):
            self.jump(node, context)
        elif isinstance(node, ast.Starred):
            self.starred(node, context, parent)
        elif isinstance(node, (ast.List, ast.Tuple)) and isinstance(node.ctx, ast.Store):
            self.unpacking_target(node, context)
        elif isinstance(node, (ast.Call, ast.ClassDef)):
            self.repeated_keywords(node.keywords, context)
        elif isinstance(node, ast.NamedExpr):
            self.annotation_expression(node, context, "`:=`")
        elif isinstance(node, ast.ImportFrom) and _is_future(node) and id(node) not in self.top:
            what = "a `from __future__` import outside the top of the module"
            self.problems.append(Problem(self.source.span(node), None, what))
        self.debug_name(node, context, parent)

    # --- functions, generators, coroutines ---------------------------------------------------
    def return_(self, node: ast.Return, context: Context) -> None:
        if context.function is None:
            self.add(node, context, "`return` outside a function")
        elif context.except_star_return and self.target >= (3, 11):
            self.add(node, context, "`return` inside an `except*` block")
        elif node.value is not None:
            self.returns.append((node, context.function))

    def yield_(self, node: ast.Yield | ast.YieldFrom, context: Context) -> None:
        word = "`yield from`" if isinstance(node, ast.YieldFrom) else "`yield`"
        comprehension = context.comprehension
        if (
            comprehension is not None
            and self.target[0] == 2
            and isinstance(comprehension, ast.ListComp)
        ):
            comprehension = None  # Python 2 list comprehensions have no scope of their own
        if context.annotation == "local":
            return
        if self.annotation_expression(node, context, word):
            return
        if comprehension is not None:
            if self.target >= (3, 8):
                self.add(node, context, key="yield_comprehension")
            return
        if context.function is None:
            self.add(node, context, f"{word} outside a function")
            return
        if isinstance(node, ast.YieldFrom) and isinstance(context.function, ast.AsyncFunctionDef):
            self.add(node, context, "`yield from` inside an `async def`")
        self.generators.add(id(context.function))

    def await_(self, node: ast.Await, context: Context) -> None:
        if self.target < (3, 7) and not context.in_async:
            self.add(node, context, "`await` outside an `async def`")
            return  # before 3.7 `await` is a keyword only there
        if context.annotation == "local":
            return  # a function's variable annotations are never compiled
        if self.annotation_expression(node, context, "`await`"):
            return
        if context.comprehension is not None:
            return  # decided for the comprehension, which the `await` makes asynchronous
        if context.function is None:
            self.add(node, context, "`await` outside a function")
        elif not isinstance(context.function, ast.AsyncFunctionDef):
            self.add(node, context, "`await` outside an `async def`")

    def annotation_expression(self, node: ast.AST, context: Context, word: str) -> bool:
        """Errors for `yield`, `await` and `:=` where annotations or type parameters forbid
        them; True when one was reported."""
        if context.type_params and self.target >= (3, 12):
            self.add(node, context, f"{word} inside a type parameter list or generic definition")
            return True
        if context.annotation != "eval":
            return False
        if self.future_annotations and self.target >= (3, 10):
            self.add(node, context, key="future_annotation_await")
            return True
        if self.target >= (3, 14):
            self.add(node, context, key="annotation_scope")
            return True
        return False

    def comprehension(self, node: ast.AST, context: Context) -> None:
        if not _is_async(node, self.target):
            return
        if isinstance(node, ast.GeneratorExp):
            if self.target < (3, 7) and not isinstance(context.function, ast.AsyncFunctionDef):
                self.add(node, context, key="async_genexp_sync")
            return
        if context.comprehension is not None:
            if self.target < (3, 11):
                self.add(node, context, key="nested_async_comprehension")
            return  # the enclosing comprehension becomes asynchronous and answers for both
        if not isinstance(context.function, ast.AsyncFunctionDef) or context.class_body:
            self.add(node, context, "asynchronous comprehension outside an `async def`")

    def finish(self) -> list[Problem]:
        for node, function in self.returns:
            if id(function) not in self.generators:
                continue
            if isinstance(function, ast.AsyncFunctionDef):
                what = "`return` with a value in an asynchronous generator"
                self.problems.append(Problem(self.source.span(node), None, what))
            elif self.target < (3, 3):
                self.problems.append(Problem(self.source.span(node), "generator_return"))
        return self.problems

    # --- loops ---------------------------------------------------------------------------------
    def jump(self, node: ast.Break | ast.Continue, context: Context) -> None:
        word = "`break`" if isinstance(node, ast.Break) else "`continue`"
        if not context.loop:
            self.add(node, context, f"{word} outside a loop")
        elif context.except_star_loop and self.target >= (3, 11):
            self.add(node, context, f"{word} inside an `except*` block")
        elif isinstance(node, ast.Continue) and context.loop_finally and self.target < (3, 8):
            self.add(node, context, key="continue_finally")

    # --- starred expressions and targets --------------------------------------------------------
    def starred(self, node: ast.Starred, context: Context, parent: Optional[ast.AST]) -> None:
        if isinstance(node.ctx, ast.Store):
            if not isinstance(parent, (ast.List, ast.Tuple)):
                self.add(node, context, "a starred assignment target outside a list or tuple")
            return
        if isinstance(parent, (ast.List, ast.Tuple, ast.Set, ast.Call, ast.ClassDef)):
            return
        if isinstance(parent, (ast.Subscript, ast.arg)):
            return
        self.add(node, context, "a starred expression where none may stand")

    def unpacking_target(self, node: ast.List | ast.Tuple, context: Context) -> None:
        stars = [i for i, element in enumerate(node.elts) if isinstance(element, ast.Starred)]
        if len(stars) > 1:
            self.add(node.elts[stars[1]], context, "more than one starred target in an assignment")
        elif stars and (stars[0] >= 256 or len(node.elts) - stars[0] - 1 >= 1 << 24):
            self.add(node, context, "too many targets before a starred target")

    def repeated_keywords(self, keywords: list[ast.keyword], context: Context) -> None:
        seen: set[str] = set()
        for keyword in keywords:
            if keyword.arg is None:
                continue
            if keyword.arg in seen:
                self.add(keyword, context, f"keyword argument `{keyword.arg}` repeated")
                return
            seen.add(keyword.arg)

    # --- __debug__ and __future__ ---------------------------------------------------------------
    def debug_name(self, node: ast.AST, context: Context, parent: Optional[ast.AST]) -> None:
        if isinstance(node, ast.Name) and node.id == "__debug__":
            if isinstance(node.ctx, ast.Store):
                self.add(node, context, "assignment to `__debug__`")
            elif isinstance(node.ctx, ast.Del) and self.target >= (3, 10):
                self.add(node, context, key="del_debug")
            return
        if isinstance(node, ast.Attribute) and node.attr == "__debug__":
            if isinstance(node.ctx, ast.Store):
                self.add(node, context, "assignment to `__debug__`")
            return
        names: list[str] = []
        where: ast.AST = node
        if isinstance(node, (ast.arg, ast.keyword)):
            names = [node.arg] if node.arg else []
        elif isinstance(node, (*FUNCTIONS, ast.ClassDef)):
            names = [node.name]
        elif isinstance(node, ast.alias):
            names = [node.asname or node.name.split(".")[0]]
            where = parent or node  # Python 3.9 gives imported names no position
        elif isinstance(node, ast.ExceptHandler):
            names = [node.name] if node.name else []
        if "__debug__" in names:
            span = self.source.word_span(where, "__debug__")
            self.problems.append(Problem(span, None, "assignment to `__debug__`"))

    def future_imports(self, tree: ast.Module) -> None:
        allowed = True
        for index, statement in enumerate(tree.body):
            is_future = _is_future(statement)
            docstring = index == 0 and _is_docstring(statement)
            if is_future and allowed:
                self.future_features(statement)  # type: ignore[arg-type]
            elif is_future:
                what = "a `from __future__` import after other statements"
                self.problems.append(Problem(self.source.span(statement), None, what))
            elif not docstring:
                allowed = False

    def future_features(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            name = alias.name
            if name == "annotations":
                self.future_annotations = self.target >= (3, 7)
            since = FUTURE_FEATURES.get(name)
            if name == "braces":
                what = "`__future__` has no `braces` feature, and never will"
            elif since is None:
                what = f"unknown `__future__` feature `{name}`"
            elif since > self.target:
                what = f"the `__future__` feature `{name}` needs Python {version_name(since)}"
            else:
                continue
            self.problems.append(Problem(self.source.word_span(node, name), None, what))


def _is_future(node: ast.AST) -> bool:
    return isinstance(node, ast.ImportFrom) and node.module == "__future__" and not node.level


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _is_async(node: ast.AST, target: Version) -> bool:
    """Whether a comprehension awaits: `async for`, or `await` in its own scope (and, from
    3.11, an asynchronous comprehension nested in it)."""
    generators = node.generators  # type: ignore[attr-defined]
    if any(generator.is_async for generator in generators):
        return True
    stack: list[ast.AST] = [generators[0].target, *generators[0].ifs]
    for generator in generators[1:]:
        stack += [generator.target, generator.iter, *generator.ifs]
    stack += [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]  # type: ignore[attr-defined]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Await):
            return True
        if isinstance(current, _NESTED_SCOPES):
            if isinstance(current, ast.Lambda):
                stack.extend(current.args.defaults)
            continue
        if isinstance(current, COMPREHENSIONS):
            stack.append(current.generators[0].iter)
            nested = target >= (3, 11) and not isinstance(current, ast.GeneratorExp)
            if nested and _is_async(current, target):
                return True
            continue
        stack.extend(ast.iter_child_nodes(current))
    return False
