"""Every node of a tree with the context CPython evaluates it in.

Whether `return`, `yield`, `await`, `break` or `continue` is allowed, and which version a
construct needs, depends on where a node is evaluated, not where it is written: a default value
or a decorator belongs to the enclosing scope, a comprehension's first iterable too, a class body
is no function. The walk is iterative, so a deeply nested tree cannot exhaust Python's stack.
"""

from __future__ import annotations

import ast
from typing import Iterator, NamedTuple, Optional

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_TRY_STAR = getattr(ast, "TryStar", None)
_TYPE_ALIAS = getattr(ast, "TypeAlias", None)


class Context(NamedTuple):
    """Where a node is evaluated.

    `scope` is the node whose scope holds the names the node binds or reads (None: the module;
    a def, lambda, class or comprehension; for a generic definition's type parameters, its
    `type_params` list, standing for CPython's annotation scope). `function` is the def or
    lambda whose body holds the node (None at module or class level);
    `comprehension` the comprehension whose own scope holds it; `loop` whether `break` has a
    target; `loop_finally` whether that loop is outside an enclosing `finally`;
    `except_star_loop` and `except_star_return` whether a `break`/`continue` or a `return`
    would leave an `except*` block; `fstring` the outermost f-string around the node;
    `annotation` is "eval" inside an annotation CPython compiles (parameters, returns, module and
    class variables), "local" inside a function's variable annotation (never compiled), else
    ""; `class_body` whether the nearest scope is a class; `type_params` whether the node is
    part of a type parameter list or of a generic definition's signature (3.12+); `iterable`
    whether it is part of a comprehension's iterable; `in_async` whether it is written inside an
    `async def` (where Python 3.6 reads `await` as a keyword).
    """

    parent: Optional[ast.AST]
    scope: object
    function: Optional[ast.AST]
    comprehension: Optional[ast.AST]
    loop: bool
    loop_finally: bool
    except_star_loop: bool
    except_star_return: bool
    fstring: Optional[ast.AST]
    annotation: str
    class_body: bool
    type_params: bool
    iterable: bool
    in_async: bool


ROOT = Context(None, None, None, None, False, False, False, False, None, "", False, False, False, False)


def walk(tree: ast.AST) -> Iterator[tuple[ast.AST, Context]]:
    """Pre-order: each node with its context, in source order."""
    stack: list[tuple[ast.AST, Context]] = [(tree, ROOT)]
    while stack:
        node, context = stack.pop()
        yield node, context
        stack.extend(reversed(_children(node, context)))


def _scope(node: ast.AST, base: Context, *, function: Optional[ast.AST]) -> Context:
    return base._replace(
        scope=node,
        function=function,
        comprehension=None,
        loop=False,
        loop_finally=False,
        except_star_loop=False,
        except_star_return=False,
        annotation="",
        class_body=False,
        type_params=False,
    )


def _arguments(args: ast.arguments, outer: Context, annotation: Context) -> list:
    """Defaults are evaluated where the definition stands, even for a generic function."""
    result: list[tuple[ast.AST, Context]] = []
    result += [(default, outer) for default in args.defaults]
    result += [(default, outer) for default in args.kw_defaults if default is not None]
    every = [*getattr(args, "posonlyargs", []), *args.args, *args.kwonlyargs]
    every += [arg for arg in (args.vararg, args.kwarg) if arg is not None]
    result += [(arg, annotation) for arg in every]
    return result


def _children(node: ast.AST, context: Context) -> list[tuple[ast.AST, Context]]:
    base = context._replace(parent=node)
    if isinstance(node, FUNCTIONS):
        generic = base
        if getattr(node, "type_params", None):
            generic = base._replace(type_params=True, scope=node.type_params)
        annotation = generic._replace(annotation="eval")
        inner = _scope(node, base, function=node)
        if isinstance(node, ast.AsyncFunctionDef):
            inner = inner._replace(in_async=True)
        result = [(decorator, base) for decorator in node.decorator_list]
        result += [(param, generic) for param in getattr(node, "type_params", [])]
        result += _arguments(node.args, base, annotation)
        if node.returns is not None:
            result.append((node.returns, annotation))
        result += [(statement, inner) for statement in node.body]
        return _in_order(result)
    if isinstance(node, ast.Lambda):
        inner = _scope(node, base, function=node)
        result = _arguments(node.args, base, base)
        result.append((node.body, inner))
        return result
    if isinstance(node, ast.ClassDef):
        generic = base
        if getattr(node, "type_params", None):
            generic = base._replace(type_params=True, scope=node.type_params)
        inner = _scope(node, base, function=None)._replace(class_body=True)
        result = [(decorator, base) for decorator in node.decorator_list]
        result += [(param, generic) for param in getattr(node, "type_params", [])]
        result += [(child, generic) for child in (*node.bases, *node.keywords)]
        result += [(statement, inner) for statement in node.body]
        return _in_order(result)
    if isinstance(node, COMPREHENSIONS):
        inner = base._replace(scope=node, comprehension=node, class_body=False)
        generators = node.generators
        result = [(generators[0].iter, base._replace(iterable=True)), (generators[0].target, inner)]
        result += [(condition, inner) for condition in generators[0].ifs]
        for generator in generators[1:]:
            result += [(generator.target, inner), (generator.iter, inner._replace(iterable=True))]
            result += [(condition, inner) for condition in generator.ifs]
        if isinstance(node, ast.DictComp):
            result += [(node.key, inner), (node.value, inner)]
        else:
            result.append((node.elt, inner))  # type: ignore[attr-defined]
        return _in_order(result)
    if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
        body = base._replace(loop=True, loop_finally=False, except_star_loop=False)
        result = [(child, base) for child in ast.iter_child_nodes(node)]
        loop_body = set(map(id, node.body))
        return [(child, body if id(child) in loop_body else ctx) for child, ctx in result]
    if isinstance(node, ast.Try) or (_TRY_STAR is not None and isinstance(node, _TRY_STAR)):
        star = not isinstance(node, ast.Try)
        handler = base._replace(except_star_loop=True, except_star_return=True) if star else base
        final = base._replace(loop_finally=base.loop)
        result = [(statement, base) for statement in node.body]
        result += [(item, handler) for item in node.handlers]
        result += [(statement, base) for statement in node.orelse]
        result += [(statement, final) for statement in node.finalbody]
        return result
    if isinstance(node, ast.JoinedStr):
        inner = base if base.fstring is not None else base._replace(fstring=node)
        return [(child, inner) for child in ast.iter_child_nodes(node)]
    if _TYPE_ALIAS is not None and isinstance(node, _TYPE_ALIAS):
        generic = base._replace(type_params=True, scope=node.type_params)
        return [(child, generic if child is not node.name else base) for child in ast.iter_child_nodes(node)]
    if isinstance(node, ast.AnnAssign):
        annotation = base._replace(annotation="local" if base.function is not None else "eval")
        return [
            (child, annotation if child is node.annotation else base)
            for child in ast.iter_child_nodes(node)
        ]
    return [(child, base) for child in ast.iter_child_nodes(node)]


def _position(item: tuple[ast.AST, Context]) -> tuple[int, int]:
    node = item[0]
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def _in_order(items: list[tuple[ast.AST, Context]]) -> list[tuple[ast.AST, Context]]:
    return sorted(items, key=_position)
