"""Constructs in a parsed tree that the target Python's parser does not know.

The host parses with its own (newer or equal) grammar; each construct here is valid there but
needs a minimum version (`facts.FACTS`). The tree says what a construct is; for the few that
differ only in brackets (`return *a, b` against `return (*a, b)`) the source text decides. A
construct inside an f-string is placed at the f-string: the positions of nodes inside
f-strings differ between host versions.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from typing import Optional

from ....diagnostics import Position, Span
from ....lazy_dataclass import dataclass
from .facts import FACTS, Version
from .source import Source
from .tokens import OP, tokenize
from .walk import COMPREHENSIONS, Context

HOST: Version = sys.version_info[:2]

_DOTTED = re.compile(r"(?:[^\W\d]|[^\x00-\x7f])\w*(?:\s*\.\s*(?:[^\W\d]|[^\x00-\x7f])\w*)*\Z")
_MATCH = getattr(ast, "Match", None)
_TRY_STAR = getattr(ast, "TryStar", None)
_TYPE_ALIAS = getattr(ast, "TypeAlias", None)


@dataclass(frozen=True)
class Gate:
    """A construct the target lacks (`key` into FACTS) and where it is."""

    key: str
    span: Span


def missing(target: Version) -> frozenset[str]:
    """The keys of every construct the target does not accept."""
    return frozenset(key for key, fact in FACTS.items() if not fact.accepts(target))


class GateFinder:
    """Collects the gates of one walk; `active` is False when the host's grammar cannot
    produce any construct the target lacks (then nothing needs visiting)."""

    def __init__(self, source: Source, target: Version) -> None:
        self.lacking = frozenset(
            key for key in missing(target) & _TREE_KEYS if FACTS[key].accepts(HOST)
        )
        self.active = bool(self.lacking)
        self.types = frozenset(kind for key in self.lacking for kind in _node_types(key))
        self.finder = _Finder(source, self.lacking)

    def visit(self, node: ast.AST, context: Context, parent: Optional[ast.AST]) -> None:
        if type(node) not in self.types:
            return
        finder = self.finder
        for key, where in finder.visit(node, context, parent):
            if key in self.lacking:
                span = finder.source.span(context.fstring) if context.fstring is not None else where
                finder.found.append(Gate(key, span))

    def gates(self) -> list[Gate]:
        return sorted(self.finder.found, key=lambda gate: (gate.span.start, gate.key))


_TREE_KEYS = frozenset(
    [
        "walrus",
        "walrus_index",
        "walrus_set",
        "positional_only",
        "keyword_only",
        "annotation",
        "star_annotation",
        "many_arguments",
        "many_parameters",
        "star_trailing_comma",
        "star_trailing_comma_call",
        "async",
        "async_generator",
        "async_comprehension",
        "fstring_await",
        "yield_from",
        "variable_annotation",
        "fstring",
        "matmul",
        "unpacking",
        "star_target",
        "raise_from",
        "ellipsis",
        "class_keywords",
        "nonlocal",
        "match",
        "except_star",
        "type_alias",
        "type_params",
        "type_param_default",
        "parenthesized_with",
        "return_star",
        "for_star",
        "decorator_expression",
        "star_index",
        "peg_parser_name",
    ]
)


_DEFINITIONS = ("FunctionDef", "AsyncFunctionDef", "Lambda", "ClassDef")
_DISPLAYS = ("List", "Tuple", "Set", "Dict", "Call", "Starred", "Subscript")
# The node types each construct can show in (a construct of a newer grammar than the host's
# never shows).
_KEY_TYPES: dict[str, tuple[str, ...]] = {
    "walrus": ("NamedExpr",),
    "walrus_index": ("NamedExpr",),
    "walrus_set": ("NamedExpr",),
    "async": ("AsyncFunctionDef", "Await", "AsyncFor", "AsyncWith"),
    "fstring_await": ("Await",),
    "async_comprehension": ("Await", "ListComp", "SetComp", "DictComp", "GeneratorExp"),
    "async_generator": ("Yield", "YieldFrom"),
    "yield_from": ("YieldFrom",),
    "return_star": ("Yield", "Return"),
    "for_star": ("For",),
    "variable_annotation": ("AnnAssign",),
    "fstring": ("JoinedStr",),
    "matmul": ("BinOp", "AugAssign"),
    "unpacking": _DISPLAYS,
    "star_target": _DISPLAYS,
    "star_index": _DISPLAYS,
    "many_arguments": ("Call",),
    "star_trailing_comma_call": ("Call",),
    "raise_from": ("Raise",),
    "ellipsis": ("Constant",),
    "class_keywords": ("ClassDef",),
    "nonlocal": ("Nonlocal",),
    "match": ("Match",),
    "except_star": ("TryStar",),
    "type_alias": ("TypeAlias",),
    "parenthesized_with": ("With", "AsyncWith"),
    "peg_parser_name": (
        "Name",
        "Attribute",
        "arg",
        "keyword",
        "alias",
        "ImportFrom",
        "Global",
        "Nonlocal",
        "MatchAs",
        "MatchStar",
        "MatchMapping",
        "MatchClass",
        *_DEFINITIONS,
    ),
}


def _node_types(key: str) -> list[type]:
    names = _KEY_TYPES.get(key, (*_DEFINITIONS, "TypeAlias"))
    return [getattr(ast, name) for name in names if hasattr(ast, name)]


class _Finder:
    def __init__(self, source: Source, lacking: frozenset[str]) -> None:
        self.source = source
        self.lacking = lacking
        self.found: list[Gate] = []

    def head(self, node: ast.AST, length: int) -> Span:
        start = self.source.start(node)
        return Span(start, Position(start.line, start.column + length))

    def visit(
        self, node: ast.AST, context: Context, parent: Optional[ast.AST]
    ) -> Iterator[tuple[str, Span]]:
        source = self.source
        if isinstance(node, ast.NamedExpr):
            yield "walrus", source.span(node)
            if not _wrapped(source, node):
                if isinstance(parent, ast.Subscript):
                    yield "walrus_index", source.span(node)
                elif isinstance(parent, (ast.Set, ast.SetComp)):
                    yield "walrus_set", source.span(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            yield from self.definition(node)
        elif isinstance(node, ast.Await):
            yield "async", source.span(node)
            if context.fstring is not None:
                yield "fstring_await", source.span(node)
            if context.comprehension is not None:
                yield "async_comprehension", source.span(node)
        elif isinstance(node, (ast.AsyncFor, ast.AsyncWith)):
            yield "async", self.head(node, 5)
        elif isinstance(node, (ast.Yield, ast.YieldFrom)):
            if isinstance(node, ast.YieldFrom):
                yield "yield_from", source.span(node)
            if isinstance(context.function, ast.AsyncFunctionDef) and context.comprehension is None:
                yield "async_generator", source.span(node)
            value = node.value
            if (
                isinstance(node, ast.Yield)
                and isinstance(value, ast.Tuple)
                and _star_tuple(source, value)
            ):
                yield "return_star", source.span(value)
        elif isinstance(node, COMPREHENSIONS):
            if any(generator.is_async for generator in node.generators):
                yield "async_comprehension", source.span(node)
        elif (
            isinstance(node, ast.Return)
            and isinstance(node.value, ast.Tuple)
            and _star_tuple(source, node.value)
        ):
            yield "return_star", source.span(node.value)
        yield from self.more(node, context, parent)

    def more(
        self, node: ast.AST, context: Context, parent: Optional[ast.AST]
    ) -> Iterator[tuple[str, Span]]:
        source = self.source
        if isinstance(node, ast.For) and isinstance(node.iter, ast.Tuple):
            if _star_tuple(source, node.iter):
                yield "for_star", source.span(node.iter)
        elif isinstance(node, ast.AnnAssign):
            yield "variable_annotation", source.span(node)
        elif isinstance(node, ast.JoinedStr) and context.fstring is None:
            yield "fstring", source.span(node)
        elif isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, ast.MatMult):
            yield "matmul", source.span(node)
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            star = any(isinstance(element, ast.Starred) for element in node.elts)
            if star and isinstance(getattr(node, "ctx", None), ast.Store):
                yield "star_target", source.span(node)
            elif star and isinstance(parent, ast.Subscript) and node is parent.slice:
                if isinstance(node, ast.Tuple) and not _parenthesized(source, node):
                    yield "star_index", source.span(node)
                else:
                    yield "unpacking", source.span(node)
            elif star:
                yield "unpacking", source.span(node)
        elif isinstance(node, ast.Starred) and isinstance(parent, ast.Subscript):
            yield "star_index", source.span(node)
        elif isinstance(node, ast.Dict) and any(key is None for key in node.keys):
            yield "unpacking", source.span(node)
        elif isinstance(node, ast.Call):
            yield from self.call(node)
        elif isinstance(node, ast.Raise) and node.cause is not None:
            yield "raise_from", source.span(node)
        elif isinstance(node, ast.Constant) and node.value is Ellipsis:
            if not isinstance(parent, (ast.Subscript, ast.Tuple, ast.Slice)):
                yield "ellipsis", source.span(node)
        elif isinstance(node, ast.ClassDef):
            if node.keywords:
                yield "class_keywords", source.span(node.keywords[0])
            for base in node.bases:
                if isinstance(base, ast.Starred):
                    yield "class_keywords", source.span(base)
            yield from self.type_params(node)
            yield from self.decorators(node)
        elif isinstance(node, ast.Nonlocal):
            yield "nonlocal", self.head(node, 8)
        elif _MATCH is not None and isinstance(node, _MATCH):
            yield "match", self.head(node, 5)
        elif _TRY_STAR is not None and isinstance(node, _TRY_STAR):
            for handler in node.handlers:
                yield "except_star", self.head(handler, 6)
        elif _TYPE_ALIAS is not None and isinstance(node, _TYPE_ALIAS):
            yield "type_alias", self.head(node, 4)
            yield from self.type_params(node)
        elif isinstance(node, (ast.With, ast.AsyncWith)) and _parenthesized_items(source, node):
            yield "parenthesized_with", self.head(node, 4)
        if "peg_parser_name" in self.lacking and "__peg_parser__" in identifiers(node):
            yield "peg_parser_name", source.word_span(node, "__peg_parser__")

    def definition(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
    ) -> Iterator[tuple[str, Span]]:
        source = self.source
        args = node.args
        if isinstance(node, ast.AsyncFunctionDef):
            yield "async", self.head(node, 5)
        if getattr(args, "posonlyargs", None):
            yield "positional_only", source.span(args.posonlyargs[0])
        if args.kwonlyargs:
            yield "keyword_only", source.span(args.kwonlyargs[0])
        every = [*getattr(args, "posonlyargs", []), *args.args, *args.kwonlyargs]
        every += [arg for arg in (args.vararg, args.kwarg) if arg is not None]
        for arg in every:
            if arg.annotation is not None:
                yield "annotation", source.span(arg.annotation)
        if args.vararg is not None and isinstance(args.vararg.annotation, ast.Starred):
            yield "star_annotation", source.span(args.vararg.annotation)
        counted = [*getattr(args, "posonlyargs", []), *args.args, *args.kwonlyargs]
        if len(counted) > 255:
            yield "many_parameters", source.span(counted[255])
        if isinstance(node, ast.Lambda):
            return
        if node.returns is not None:
            yield "annotation", source.span(node.returns)
        starred = args.vararg or args.kwarg or args.kwonlyargs
        if "star_trailing_comma" in self.lacking and starred and _trailing_comma(source, node):
            yield "star_trailing_comma", self.head(node, 3)
        yield from self.type_params(node)
        yield from self.decorators(node)

    def type_params(self, node: ast.AST) -> Iterator[tuple[str, Span]]:
        params = getattr(node, "type_params", None)
        if not params:
            return
        yield "type_params", self.param_name(params[0])
        for param in params:
            if getattr(param, "default_value", None) is not None:
                yield "type_param_default", self.source.span(param.default_value)

    def param_name(self, param: ast.AST) -> Span:
        """From a type parameter's start through its name (`T`, `*Ts`, `**P`)."""
        start, _ = self.source.node_offsets(param)
        name = getattr(param, "name", "")
        found = self.source.text.find(name, start)
        end = found + len(name) if found >= 0 else start
        return self.source.span_of(start, end)

    def decorators(self, node: ast.AST) -> Iterator[tuple[str, Span]]:
        for decorator in getattr(node, "decorator_list", []):
            if not _old_decorator(self.source, decorator):
                yield "decorator_expression", self.source.span(decorator)

    def call(self, node: ast.Call) -> Iterator[tuple[str, Span]]:
        source = self.source
        stars = [index for index, arg in enumerate(node.args) if isinstance(arg, ast.Starred)]
        double = [index for index, keyword in enumerate(node.keywords) if keyword.arg is None]
        if len(stars) > 1 or (stars and stars[0] != len(node.args) - 1):
            yield "unpacking", source.span(node.args[stars[-1]])
        elif len(double) > 1 or (double and double[0] != len(node.keywords) - 1):
            yield "unpacking", source.span(node.keywords[double[-1]])
        if len(node.args) + len(node.keywords) > 255:
            yield "many_arguments", source.span(node)
        if "star_trailing_comma_call" in self.lacking and (stars or double):
            last = max([*node.args, *node.keywords], key=lambda item: source.node_offsets(item)[1])
            if (last in node.keywords and last.arg is None) or isinstance(last, ast.Starred):
                after = _skip_forward(source.text, source.node_offsets(last)[1])
                if source.text[after : after + 1] == ",":
                    yield "star_trailing_comma_call", source.span(node)


def identifiers(node: ast.AST) -> list[str]:
    """The identifiers a node itself spells (not those of its children)."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    if isinstance(node, (ast.arg, ast.keyword)):
        return [node.arg] if node.arg else []
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.alias):
        return [*node.name.split("."), *([node.asname] if node.asname else [])]
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return list(node.names)
    names = [getattr(node, field, None) for field in ("name", "rest")]
    names += list(getattr(node, "kwd_attrs", []))
    return [name for name in names if isinstance(name, str)]


def _star_tuple(source: Source, node: ast.Tuple) -> bool:
    """A tuple with a starred item and no brackets of its own (`return *a, b`)."""
    return _has_star(node) and not _parenthesized(source, node)


def _has_star(node: ast.Tuple) -> bool:
    return any(isinstance(element, ast.Starred) for element in node.elts)


def _skip_back(text: str, index: int) -> int:
    while index >= 0 and text[index] in " \t\f\r\n\\":
        index -= 1
    return index


def _skip_forward(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\f\r\n\\":
        index += 1
    return index


def _wrapped(source: Source, node: ast.AST) -> bool:
    """Whether parentheses enclose the node directly (node positions exclude them)."""
    start, end = source.node_offsets(node)
    text = source.text
    before, after = _skip_back(text, start - 1), _skip_forward(text, end)
    return before >= 0 and text[before] == "(" and after < len(text) and text[after] == ")"


def _parenthesized(source: Source, node: ast.AST) -> bool:
    """Whether a tuple's own brackets enclose it: `(a, *b)`, not `(a), *b`."""
    segment = source.segment(node)
    if not segment.startswith("("):
        return False
    closing = _matching(segment, 0)
    return closing is not None and not segment[closing + 1 :].strip()


def _matching(text: str, opening: int) -> Optional[int]:
    """The offset of the bracket that closes the one at `opening` (None: not in `text`)."""
    lexed = tokenize(text[opening:])
    for token in lexed.tokens[1:]:
        if token.kind == OP and token.depth == 0:
            return opening + token.start
    return None


def _old_decorator(source: Source, decorator: ast.expr) -> bool:
    """Whether a decorator has the pre-3.9 form: a dotted name, optionally called once."""
    text = source.text
    start, _ = source.node_offsets(decorator)
    at = _skip_back(text, start - 1)
    if at < 0 or text[at] != "@":
        return False
    name = decorator.func if isinstance(decorator, ast.Call) else decorator
    while isinstance(name, ast.Attribute):
        name = name.value
    if not isinstance(name, ast.Name):
        return False
    func = decorator.func if isinstance(decorator, ast.Call) else decorator
    return _DOTTED.match(source.segment(func)) is not None


def _parenthesized_items(source: Source, node: ast.With | ast.AsyncWith) -> bool:
    """`with (a as b, c):` — brackets around all items, one of them with `as`."""
    if not any(item.optional_vars is not None for item in node.items):
        return False
    text = source.text
    first, _ = source.node_offsets(node.items[0].context_expr)
    start, _ = source.node_offsets(node)
    keyword = text.find("with", start)
    opening = _skip_forward(text, keyword + 4)
    if opening >= first or text[opening] != "(":
        return False
    last = node.items[-1]
    _, end = source.node_offsets(last.optional_vars or last.context_expr)
    body_start, _ = source.node_offsets(node.body[0])
    closing = _matching(text[opening:body_start], 0)
    return closing is not None and opening + closing >= end


def _trailing_comma(source: Source, node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether the parameter list ends with a comma (`def f(*args,):`)."""
    text = source.text
    start, _ = source.node_offsets(node)
    body_start, _ = source.node_offsets(node.body[0])
    header = text[start:body_start]
    tokens = [token for token in tokenize(header).tokens if token.end > token.start]
    opening = next(
        (i for i, token in enumerate(tokens) if token.kind == OP and header[token.start] == "("),
        None,
    )
    if opening is None:
        return False
    for index in range(opening + 1, len(tokens)):
        token = tokens[index]
        if token.kind == OP and token.depth == 0 and header[token.start] == ")":
            return header[tokens[index - 1].start] == ","
    return False
