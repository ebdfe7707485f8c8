"""Every node of a tree with the context CPython evaluates it in.

Whether `return`, `yield`, `await`, `break` or `continue` is allowed, and which version a
construct needs, depends on where a node is evaluated, not where it is written: a default value
or a decorator belongs to the enclosing scope, a comprehension's first iterable too, a class body
is no function. `children_of` gives each child's context; `stages.Analysis` walks a tree with it
iteratively (a deeply nested tree cannot exhaust Python's stack), building a new context only
where one changes, and every checker of this package shares that one walk.
"""

from __future__ import annotations

import ast
from typing import NamedTuple, Optional

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_TRY_STAR = getattr(ast, "TryStar", None)
_TYPE_ALIAS = getattr(ast, "TypeAlias", None)
_TRIES = (ast.Try,) if _TRY_STAR is None else (ast.Try, _TRY_STAR)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_WITHS = (ast.With, ast.AsyncWith)
# Fields that hold only operator or context singletons, never a node worth visiting.
_SKIPPED = frozenset(("ctx", "op", "ops"))
_FIELDS: dict[type, tuple[str, ...]] = {}


class Context(NamedTuple):
    """Where a node is evaluated.

    `scope` is the node whose scope holds the names the node binds or reads (None: the module;
    a def, lambda, class or comprehension; for a generic definition's type parameters, its
    `type_params` list, standing for CPython's annotation scope). `function` is the def or
    lambda whose body holds the node (None at module or class level); `comprehension` the
    comprehension whose own scope holds it; `loop` whether `break` has a target; `loop_finally`
    whether that loop is outside an enclosing `finally`; `except_star_loop` and
    `except_star_return` whether a `break`/`continue` or a `return` would leave an `except*`
    block; `fstring` the outermost f-string around the node; `annotation` is "eval" inside an
    annotation CPython compiles (parameters, returns, module and class variables), "local"
    inside a function's variable annotation (never compiled), else ""; `class_body` whether the
    nearest scope is a class; `type_params` whether the node is part of a type parameter list
    or of a generic definition's signature (3.12+); `iterable` whether it is part of a
    comprehension's iterable; `in_async` whether it is written inside an `async def` (where
    Python 3.6 reads `await` as a keyword); `blocks` and `handlers` how many compiler blocks
    (loops, `with`, `try`) and how many of them `except` bodies enclose it in its scope.
    """

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
    blocks: int
    handlers: int


ROOT = Context(
    None, None, None, False, False, False, False, None, "", False, False, False, False, 0, 0
)

Visit = tuple[ast.AST, Context, Optional[ast.AST], int]


def kids(node: ast.AST) -> list[ast.AST]:
    """The child nodes of a node (what `ast.iter_child_nodes` gives, without operators)."""
    fields = _FIELDS.get(type(node))
    if fields is None:
        fields = _FIELDS[type(node)] = tuple(f for f in node._fields if f not in _SKIPPED)
    result: list[ast.AST] = []
    for field in fields:
        value = getattr(node, field, None)
        if type(value) is list:
            result.extend(item for item in value if isinstance(item, ast.AST))
        elif isinstance(value, ast.AST):
            result.append(value)
    return result


def _scope(node: object, base: Context, *, function: Optional[ast.AST]) -> Context:
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
        blocks=0,
        handlers=0,
    )


Children = list[tuple[ast.AST, Context]]


def _arguments(args: ast.arguments, outer: Context, annotation: Context) -> Children:
    """Defaults are evaluated where the definition stands, even for a generic function."""
    result: Children = []
    result += [(default, outer) for default in args.defaults]
    result += [(default, outer) for default in args.kw_defaults if default is not None]
    every = [*getattr(args, "posonlyargs", []), *args.args, *args.kwonlyargs]
    every += [arg for arg in (args.vararg, args.kwarg) if arg is not None]
    result += [(arg, annotation) for arg in every]
    return result


def children_of(node: ast.AST, context: Context) -> list[tuple[ast.AST, Context]]:
    """The children of a node, each with the context it is evaluated in."""
    if isinstance(node, (ast.expr_context, ast.Constant, ast.Name)):
        return []
    if isinstance(node, FUNCTIONS):
        return _in_order(_function(node, context))
    if isinstance(node, ast.Lambda):
        inner = _scope(node, context, function=node)
        return [*_arguments(node.args, context, context), (node.body, inner)]
    if isinstance(node, ast.ClassDef):
        return _in_order(_class(node, context))
    if isinstance(node, COMPREHENSIONS):
        return _in_order(_comprehension(node, context))
    if isinstance(node, _LOOPS):
        body = context._replace(
            loop=True, loop_finally=False, except_star_loop=False, blocks=context.blocks + 1
        )
        inside = set(map(id, node.body))
        return [(child, body if id(child) in inside else context) for child in kids(node)]
    if isinstance(node, _WITHS):
        body = context._replace(blocks=context.blocks + 1)
        inside = set(map(id, node.body))
        return [(child, body if id(child) in inside else context) for child in kids(node)]
    if isinstance(node, _TRIES):
        return _try(node, context)
    if isinstance(node, ast.JoinedStr) and context.fstring is None:
        inner = context._replace(fstring=node)
        return [(child, inner) for child in kids(node)]
    if _TYPE_ALIAS is not None and isinstance(node, _TYPE_ALIAS):
        generic = context._replace(type_params=True, scope=node.type_params)
        return [(child, generic if child is not node.name else context) for child in kids(node)]
    if isinstance(node, ast.AnnAssign):
        kind = "local" if context.function is not None else "eval"
        annotation = context._replace(annotation=kind)
        return [
            (child, annotation if child is node.annotation else context) for child in kids(node)
        ]
    return [(child, context) for child in kids(node)]


def _function(node: ast.FunctionDef | ast.AsyncFunctionDef, base: Context) -> Children:
    generic = base
    params = getattr(node, "type_params", None)
    if params:
        generic = base._replace(type_params=True, scope=params)
    annotation = generic._replace(annotation="eval")
    inner = _scope(node, base, function=node)
    if isinstance(node, ast.AsyncFunctionDef):
        inner = inner._replace(in_async=True)
    result: Children = [(decorator, base) for decorator in node.decorator_list]
    result += [(param, generic) for param in params or []]
    result += _arguments(node.args, base, annotation)
    if node.returns is not None:
        result.append((node.returns, annotation))
    result += [(statement, inner) for statement in node.body]
    return result


def _class(node: ast.ClassDef, base: Context) -> Children:
    generic = base
    params = getattr(node, "type_params", None)
    if params:
        generic = base._replace(type_params=True, scope=params)
    inner = _scope(node, base, function=None)._replace(class_body=True)
    result: Children = [(decorator, base) for decorator in node.decorator_list]
    result += [(param, generic) for param in params or []]
    result += [(child, generic) for child in (*node.bases, *node.keywords)]
    result += [(statement, inner) for statement in node.body]
    return result


def _comprehension(node: ast.AST, base: Context) -> Children:
    inner = base._replace(scope=node, comprehension=node, class_body=False, blocks=0, handlers=0)
    generators = node.generators  # type: ignore[attr-defined]
    iterable = inner._replace(iterable=True)
    result: Children = [
        (generators[0].iter, base._replace(iterable=True)),
        (generators[0].target, inner),
    ]
    result += [(condition, inner) for condition in generators[0].ifs]
    for generator in generators[1:]:
        result += [(generator.target, inner), (generator.iter, iterable)]
        result += [(condition, inner) for condition in generator.ifs]
    if isinstance(node, ast.DictComp):
        result += [(node.key, inner), (node.value, inner)]
    else:
        result.append((node.elt, inner))  # type: ignore[attr-defined]
    return result


def _try(node: ast.AST, base: Context) -> Children:
    star = not isinstance(node, ast.Try)
    final = 1 if node.finalbody else 0  # type: ignore[attr-defined]
    handlers = node.handlers  # type: ignore[attr-defined]
    body = base._replace(blocks=base.blocks + final + (1 if handlers else 0))
    handler = base._replace(blocks=base.blocks + final + 1, handlers=base.handlers + 1)
    if star:
        handler = handler._replace(except_star_loop=True, except_star_return=True)
    other = base._replace(blocks=base.blocks + final) if final else base
    finally_ = base._replace(loop_finally=base.loop, blocks=base.blocks + 1)
    result: Children = [(statement, body) for statement in node.body]  # type: ignore[attr-defined]
    result += [(item, handler) for item in handlers]
    result += [(statement, other) for statement in node.orelse]  # type: ignore[attr-defined]
    result += [(statement, finally_) for statement in node.finalbody]  # type: ignore[attr-defined]
    return result


def _position(item: tuple[ast.AST, Context]) -> tuple[int, int]:
    node = item[0]
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def _in_order(items: list[tuple[ast.AST, Context]]) -> list[tuple[ast.AST, Context]]:
    return sorted(items, key=_position)
