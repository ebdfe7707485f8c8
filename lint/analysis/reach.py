"""Which code of a module runs on the platform, and the simple values it computes there.

"Runs on the platform" (SPEC §3) is decided per cloud environment: the platform sets
`LEANCLOUD_APP_ENV` to `stage` or `production`, and code guarded by a test of it runs in one, both
or neither. So each module is walked once per environment, statement by statement as the
interpreter would: module-level code, into `if`/`try`/`with`/`for`/`while`/`match` bodies but not
into `def`/`class` bodies; the `if __name__ == "__main__":` block only when the module runs as
`__main__`; and the bodies of this module's functions where running code calls them by name.

Along the way it keeps what it can know about each name (`Binding`): a constant, a tuple, a
reference to an imported name, an object made by calling one, a definition. A condition it can
decide picks its branch; one it cannot decide runs both, and a name bound in only one of them is
"maybe bound". The evaluator is deliberately small: literals, module and function constants,
`os.environ`/`os.getenv` reads, comparisons, `and`/`or`/`not`, conditional expressions. Anything
else is UNKNOWN, and UNKNOWN never decides a branch.

What the walk saw is kept in a `ModuleRun`: the namespace at the end (per environment), the
import statements that ran, every call that ran with its callee and arguments evaluated, and
every attribute or item assignment that ran.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional, Union

from .. import platform
from .modules import absolute_base, find_module, is_module
from .python import PythonModule, python_module

if TYPE_CHECKING:
    from ..project import Project

ENVIRONMENTS = platform.CLOUD_ENVIRONMENTS

# Bounds that keep a hostile or generated file from making a walk slow or deep.
_MAX_STATEMENTS = 200_000  # statements walked per module and environment
_MAX_CALL_DEPTH = 8  # functions walked inside functions
_MAX_WALKS_PER_FUNCTION = 4  # times one function body is walked per environment
_MAX_MODULE_DEPTH = 8  # modules walked while walking another (to resolve an import)
_MAX_EVAL_DEPTH = 40
_MAX_SEQUENCE = 32  # longer tuple/list literals are not evaluated item by item

_ENVIRON = "os.environ"
_ENV_READERS = frozenset({"os.environ.get", "os.getenv"})
_EXITS = frozenset({"sys.exit", "exit", "quit", "os._exit", "os.abort"})
_STRING_METHODS = frozenset({"lower", "upper", "strip", "lstrip", "rstrip", "casefold"})
_BUILTINS = frozenset(dir(builtins))
_MATCH = getattr(ast, "Match", None)
_TRY_STAR = getattr(ast, "TryStar", None)


# --- values ---------------------------------------------------------------------------------
class _Unknown:
    """A value the walk cannot know."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


@dataclass(frozen=True)
class Const:
    """A literal constant: str, bytes, number, bool or None."""

    value: object


@dataclass(frozen=True)
class Seq:
    """A tuple or list literal, item by item."""

    items: tuple[Value, ...]
    node: ast.expr


@dataclass(frozen=True)
class Ref:
    """An imported module or a name from one (`flask.Flask`), or a builtin/unbound global."""

    qualname: str


@dataclass(frozen=True)
class Made:
    """What calling `qualname` returned (`Flask(__name__)` → `Made("flask.Flask")`)."""

    qualname: str
    node: ast.Call
    path: str


@dataclass(frozen=True)
class Defined:
    """A function, class or lambda defined in the file at `path`."""

    node: Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda]
    path: str


@dataclass(frozen=True)
class Literal:
    """A literal the walk does not take apart: dict, set, f-string, comprehension."""

    node: ast.expr


@dataclass(frozen=True)
class EnvValue:
    """`os.environ.get(variable, default)` for a variable the platform does not set.

    The user may set it in the console, so it decides no branch; where a default matters (a
    host), the default is what runs unless someone sets the variable. One exception: a read of
    `LEANCLOUD_APP_PORT`, which the platform sets, is `EnvValue(PORT_VARIABLE, Const(3000))`,
    "the platform port", whatever default the code gives (see `is_platform_port`).
    """

    variable: str
    default: Value


@dataclass(frozen=True)
class Attr:
    """`receiver.name` where the receiver is not a module (a method, an attribute)."""

    receiver: Value
    name: str


Value = Union[_Unknown, Const, Seq, Ref, Made, Defined, Literal, EnvValue, Attr]

# What reading LEANCLOUD_APP_PORT gives: the platform sets it, to 3000 in the cloud.
PLATFORM_PORT: Value = EnvValue(platform.PORT_VARIABLE, Const(platform.PLATFORM_PORT))


@dataclass(frozen=True)
class Binding:
    """What a name is bound to at one point of the walk.

    `certain` is False when only some paths bind it. `node` is where: the value expression of
    an assignment, the `def`/`class`, the import alias, or the target of a `del` (`deleted`).
    `statement` is the statement that contains `node`.
    """

    value: Value
    certain: bool
    node: Optional[ast.AST]
    statement: Optional[ast.stmt]
    deleted: bool = False


# --- what a walk records --------------------------------------------------------------------
@dataclass(frozen=True)
class CallValues:
    """One call as it ran in one environment: its callee and arguments evaluated.

    `args` stops at the first `*args`; `open_ended` says a `*args` or `**kwargs` may supply
    more, so an argument that looks omitted may not be.
    """

    environment: str
    callee: Value
    args: tuple[Value, ...]
    keywords: Mapping[str, Value]
    open_ended: bool


@dataclass
class CallSite:
    """A call in code that runs, with every way it ran."""

    node: ast.Call
    module: PythonModule
    runs: list[CallValues] = field(default_factory=list)


@dataclass(frozen=True)
class StoreSite:
    """`receiver.name = value` or `receiver[key] = value` as it ran in one environment."""

    target: Union[ast.Attribute, ast.Subscript]
    module: PythonModule
    environment: str
    receiver: Value
    key: Value
    value: Value
    value_node: ast.expr


@dataclass
class ModuleRun:
    """What running one module does, in each cloud environment."""

    module: PythonModule
    as_main: bool
    final: dict[str, dict[str, Binding]] = field(default_factory=dict)
    imports: list[Union[ast.Import, ast.ImportFrom]] = field(default_factory=list)
    calls: list[CallSite] = field(default_factory=list)
    stores: list[StoreSite] = field(default_factory=list)
    # Unresolvable `from m import *` statements that ran: they may bind any name.
    star_imports: list[ast.ImportFrom] = field(default_factory=list)
    truncated: bool = False
    _ran: dict[int, set[str]] = field(default_factory=dict, repr=False)
    _call_index: dict[int, CallSite] = field(default_factory=dict, repr=False)

    def environments(self, statement: ast.stmt) -> frozenset[str]:
        """The cloud environments in which `statement` runs (empty: it never runs)."""
        return frozenset(self._ran.get(id(statement), ()))

    def runs(self, statement: ast.stmt) -> bool:
        return id(statement) in self._ran

    def binding(self, name: str, environment: str) -> Optional[Binding]:
        """The module-level binding of `name` when the module has finished running."""
        return self.final.get(environment, {}).get(name)


# --- the walk -------------------------------------------------------------------------------
class _Layer:
    """Names bound on one stretch of one path, on top of the names before it (`parent`).

    Forking a path costs nothing: each branch gets a new layer on the same parent. Merging the
    branches back looks only at the names they changed and writes the result into the parent,
    so a module of many names and many `if`s is walked in linear time.
    """

    __slots__ = ("own", "parent")

    def __init__(self, parent: Optional[_Layer] = None) -> None:
        self.parent = parent
        self.own: dict[str, Binding] = {}

    def get(self, name: str) -> Optional[Binding]:
        layer: Optional[_Layer] = self
        while layer is not None:
            found = layer.own.get(name)
            if found is not None:
                return found
            layer = layer.parent
        return None

    def chain(self, base: Optional[_Layer]) -> list[_Layer]:
        """The layers from this one up to `base` (excluded); all of them if `base` is not an
        ancestor."""
        layers: list[_Layer] = []
        layer: Optional[_Layer] = self
        while layer is not None and layer is not base:
            layers.append(layer)
            layer = layer.parent
        return layers

    def flatten(self) -> dict[str, Binding]:
        names: dict[str, Binding] = {}
        for layer in reversed(self.chain(None)):
            names.update(layer.own)
        return names

    def detach(self, base: _Layer) -> _Layer:
        """A layer on `base` with what this path changed since `base`: a snapshot that later
        writes to this path's layers cannot reach."""
        chain = self.chain(base)
        snapshot = _Layer(base if (not chain or chain[-1].parent is base) else None)
        for layer in reversed(chain):
            snapshot.own.update(layer.own)
        return snapshot


@dataclass
class _Frame:
    """A function being walked: its local names, the caller's globals (untouched while the
    function runs), and snapshots of the paths that `return`."""

    local_names: frozenset[str]
    caller_globals: _Layer
    returns: list[_Layer] = field(default_factory=list)


class _State:
    """The names known at one point of one path: module globals and, in a function, locals."""

    __slots__ = ("frame", "globals", "locals")

    def __init__(
        self,
        globals_: _Layer,
        locals_: Optional[_Layer] = None,
        frame: Optional[_Frame] = None,
    ) -> None:
        self.globals = globals_
        self.locals = locals_
        self.frame = frame

    def fork(self) -> _State:
        """A branch of this path; this state must not change until the branches are merged."""
        locals_ = None if self.locals is None else _Layer(self.locals)
        return _State(_Layer(self.globals), locals_, self.frame)

    def _is_local(self, name: str) -> bool:
        return self.frame is not None and self.locals is not None and name in self.frame.local_names

    def bind(self, name: str, binding: Binding) -> None:
        (self.locals if self._is_local(name) and self.locals else self.globals).own[name] = binding

    def get(self, name: str) -> Optional[Binding]:
        if self._is_local(name) and self.locals is not None:
            return self.locals.get(name)
        return self.globals.get(name)


def _merge_binding(bindings: list[Optional[Binding]]) -> Optional[Binding]:
    first = bindings[0]
    if first is not None and all(b is first for b in bindings):
        return first
    present = [b for b in bindings if b is not None and not b.deleted]
    if not present:
        return next((b for b in bindings if b is not None), None)
    value = present[0].value
    if any(b.value != value for b in present[1:]):
        value = UNKNOWN
    certain = len(present) == len(bindings) and all(b.certain for b in present)
    return Binding(value, certain, present[0].node, present[0].statement)


def _merged_names(base: _Layer, layers: list[_Layer]) -> dict[str, Binding]:
    """The merged bindings of every name some of `layers` (paths from `base`) changed."""
    names: dict[str, None] = {}
    for layer in layers:
        for part in layer.chain(base):
            names.update(dict.fromkeys(part.own))
    merged: dict[str, Binding] = {}
    for name in names:
        binding = _merge_binding([layer.get(name) for layer in layers])
        if binding is not None:
            merged[name] = binding
    return merged


def _merge(base: _State, states: list[Optional[_State]]) -> Optional[_State]:
    """Join paths that forked from `base` into `base` (which is returned); None when no path
    continues."""
    live = [s for s in states if s is not None]
    if not live:
        return None
    base.globals.own.update(_merged_names(base.globals, [s.globals for s in live]))
    if base.locals is not None:
        layers = [s.locals for s in live if s.locals is not None]
        base.locals.own.update(_merged_names(base.locals, layers))
    return base


def _merged_fork(base: _State, states: list[Optional[_State]]) -> _State:
    """Like `_merge`, but into a new branch of `base`, leaving the paths usable."""
    result = base.fork()
    live = [s for s in states if s is not None]
    result.globals.own.update(_merged_names(base.globals, [s.globals for s in live]))
    if base.locals is not None and result.locals is not None:
        layers = [s.locals for s in live if s.locals is not None]
        result.locals.own.update(_merged_names(base.locals, layers))
    return result


def _snapshot(state: _State, base: _State) -> _State:
    """What `state` (a path from `base`) knows, detached from later writes to its layers."""
    locals_ = None
    if state.locals is not None and base.locals is not None:
        locals_ = state.locals.detach(base.locals)
    return _State(state.globals.detach(base.globals), locals_, state.frame)


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
# Nodes with no child that can hold a call: skipped without looking inside.
_LEAVES = frozenset({ast.Name, ast.Constant, ast.Load, ast.Store, ast.Del, ast.alias})


def _definition_time(node: ast.AST) -> list[ast.AST]:
    """The parts of a `def`, `class` or `lambda` that run where it is defined."""
    if isinstance(node, ast.ClassDef):
        return [*node.decorator_list, *node.bases, *node.keywords]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        parts: list[ast.AST] = list(getattr(node, "decorator_list", []))
        parts.extend(node.args.defaults)
        parts.extend(d for d in node.args.kw_defaults if d is not None)
        return parts
    return list(ast.iter_child_nodes(node))


def _scoped(nodes: list[ast.AST]) -> Iterator[ast.AST]:
    """Every node under `nodes` that belongs to the same scope: nested `def`, `class` and
    `lambda` bodies are skipped (their defaults and decorators are not: they run)."""
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        kind = type(node)
        if kind in _LEAVES:
            continue
        if isinstance(node, _DEFINITIONS):
            stack.extend(reversed(_definition_time(node)))
            continue
        children: list[ast.AST] = []
        for name in kind._fields:
            child = getattr(node, name, None)
            if isinstance(child, ast.AST):
                children.append(child)
            elif isinstance(child, list):
                children.extend(c for c in child if isinstance(c, ast.AST))
        stack.extend(reversed(children))


def _stored_names(nodes: list[ast.AST]) -> set[str]:
    """Names assigned (or deleted, or defined) in a block, not counting nested scopes."""
    names: set[str] = set()
    for node in _scoped(nodes):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.AST) and isinstance(getattr(node, "name", None), str):
            names.add(node.name)  # type: ignore[attr-defined]  # match patterns bind names
    return names


def _local_names(function: Union[ast.FunctionDef, ast.AsyncFunctionDef]) -> frozenset[str]:
    declared: set[str] = set()
    for node in _scoped(list(function.body)):
        if isinstance(node, ast.Global):
            declared.update(node.names)
    arguments = function.args
    params = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    params.extend(a for a in (arguments.vararg, arguments.kwarg) if a is not None)
    names = _stored_names(list(function.body)) | {a.arg for a in params}
    return frozenset(names - declared)


class _Stop(Exception):
    """The statement budget ran out."""


class _Walker:
    """One walk of one module in one environment."""

    def __init__(self, analysis: _Analysis, run: ModuleRun, environment: str) -> None:
        self.analysis = analysis
        self.run = run
        self.module = run.module
        self.environment = environment
        self.dunder_name = "__main__" if run.as_main else (self.module.name or "")
        self.budget = _MAX_STATEMENTS
        self.active: list[ast.AST] = []
        self.walks: dict[int, int] = {}
        # Each loop being walked: the state it started from, and snapshots at its `break`s.
        self.loops: list[tuple[_State, list[_State]]] = []
        self.locals_cache: dict[int, frozenset[str]] = {}

    # statements ----------------------------------------------------------------------------
    def walk(self) -> dict[str, Binding]:
        state: Optional[_State] = _State(_Layer())
        last = state
        try:
            for statement in self.module.tree.body:
                if state is None:
                    break
                last = state
                state = self.statement(statement, state)
        except (_Stop, RecursionError):
            self.run.truncated = True
        final = state or last
        return final.globals.flatten() if final is not None else {}

    def block(self, body: list[ast.stmt], state: Optional[_State]) -> Optional[_State]:
        for statement in body:
            if state is None:
                return None
            state = self.statement(statement, state)
        return state

    def statement(self, node: ast.stmt, state: _State) -> Optional[_State]:
        self.budget -= 1
        if self.budget < 0:
            raise _Stop
        self.run._ran.setdefault(id(node), set()).add(self.environment)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            state = self.expressions(_definition_time(node), state)
            state.bind(node.name, Binding(Defined(node, self.module.path), True, node, node))
            return state
        if isinstance(node, ast.If):
            state = self.expressions([node.test], state)
            truth = self.truth(self.evaluate(node.test, state))
            if truth is True:
                return self.block(node.body, state)
            if truth is False:
                return self.block(node.orelse, state)
            then = self.block(node.body, state.fork())
            return _merge(state, [then, self.block(node.orelse, state.fork())])
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            return self.loop(node, state)
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                state = self.expressions([item.context_expr], state)
                if item.optional_vars is not None:
                    value = self.evaluate(item.context_expr, state)
                    if not isinstance(value, Made):
                        value = UNKNOWN
                    self.assign(item.optional_vars, value, None, node, state)
            return self.block(node.body, state)
        if isinstance(node, ast.Try) or (_TRY_STAR is not None and isinstance(node, _TRY_STAR)):
            return self.try_(node, state)
        if _MATCH is not None and isinstance(node, _MATCH):
            return self.match(node, state)
        return self.simple(node, state)

    def simple(self, node: ast.stmt, state: _State) -> Optional[_State]:
        if isinstance(node, ast.Assign):
            state = self.expressions([node.value, *node.targets], state)
            value = self.evaluate(node.value, state)
            for target in node.targets:
                self.assign(target, value, node.value, node, state)
            return state
        if isinstance(node, ast.AnnAssign):
            if node.value is None:
                return state
            state = self.expressions([node.value, node.target], state)
            self.assign(node.target, self.evaluate(node.value, state), node.value, node, state)
            return state
        if isinstance(node, ast.AugAssign):
            state = self.expressions([node.value, node.target], state)
            if isinstance(node.target, ast.Name):
                previous = state.get(node.target.id)
                certain = previous.certain if previous is not None else True
                state.bind(node.target.id, Binding(UNKNOWN, certain, node.value, node))
            return state
        if isinstance(node, ast.Delete):
            state = self.expressions(list(node.targets), state)
            for target in node.targets:
                for name in _target_names(target):
                    state.bind(name.id, Binding(UNKNOWN, True, name, node, deleted=True))
            return state
        if isinstance(node, ast.Import):
            self.record_import(node)
            for alias in node.names:
                if alias.asname:
                    module = self.resolve(alias.name)
                    state.bind(alias.asname, Binding(module, True, alias, node))
                else:
                    top = alias.name.split(".")[0]
                    state.bind(top, Binding(Ref(top), True, alias, node))
            return state
        if isinstance(node, ast.ImportFrom):
            self.record_import(node)
            return self.import_from(node, state)
        if isinstance(node, ast.Return):
            if node.value is not None:
                state = self.expressions([node.value], state)
            if state.frame is not None:
                state.frame.returns.append(state.globals.detach(state.frame.caller_globals))
            return None
        if isinstance(node, ast.Raise):
            self.expressions([n for n in (node.exc, node.cause) if n is not None], state)
            return None
        if isinstance(node, (ast.Break, ast.Continue)):
            if isinstance(node, ast.Break) and self.loops:
                start, breaks = self.loops[-1]
                breaks.append(_snapshot(state, start))
            return None
        if isinstance(node, ast.Expr):
            state = self.expressions([node.value], state)
            if isinstance(node.value, ast.Call):
                callee = self.evaluate(node.value.func, state)
                if isinstance(callee, Ref) and callee.qualname in _EXITS:
                    return None
            return state
        # assert, global, nonlocal, pass, type aliases…: only their expressions run.
        return self.expressions(
            [n for n in ast.iter_child_nodes(node) if isinstance(n, ast.expr)], state
        )

    def loop(
        self, node: Union[ast.For, ast.AsyncFor, ast.While], state: _State
    ) -> Optional[_State]:
        forever = False
        if isinstance(node, ast.While):
            state = self.expressions([node.test], state)
            truth = self.truth(self.evaluate(node.test, state))
            if truth is False:
                return self.block(node.orelse, state)
            # `while True:` ends only by `break` (or never: a server loop).
            forever = truth is True
        else:
            state = self.expressions([node.iter], state)
        body = state.fork()
        # A later iteration sees what an earlier one assigned: forget those values.
        for name in _stored_names(list(node.body)):
            known = body.get(name)
            if known is not None:
                body.bind(name, Binding(UNKNOWN, known.certain, known.node, known.statement))
        if not isinstance(node, ast.While):
            self.assign(node.target, UNKNOWN, None, node, body)
        breaks: list[_State] = []
        self.loops.append((state, breaks))
        try:
            end = self.block(node.body, body)
        finally:
            self.loops.pop()
        if forever:
            return _merge(state, list(breaks))
        # The loop ends after no iteration or after some; `else` runs then, not after `break`.
        finished = _merged_fork(state, [state, end])
        return _merge(state, [self.block(node.orelse, finished), *breaks])

    def try_(self, node: ast.stmt, state: _State) -> Optional[_State]:
        after_body = self.block(getattr(node, "body", []), state.fork())
        # A handler may start after any statement of the body: what the body bound is maybe.
        start = _merged_fork(state, [state, after_body])
        outcomes: list[Optional[_State]] = []
        for handler in getattr(node, "handlers", []):
            current = start.fork()
            if handler.type is not None:
                current = self.expressions([handler.type], current)
            if handler.name:
                current.bind(handler.name, Binding(UNKNOWN, True, handler, handler))
            outcomes.append(self.block(handler.body, current))
        outcomes.append(self.block(getattr(node, "orelse", []), after_body))
        final_body = getattr(node, "finalbody", [])
        if not any(outcomes) and final_body:
            # Every path raises or returns; `finally` still runs on the way out.
            self.block(final_body, start.fork())
        result = _merge(state, outcomes)
        if final_body and result is not None:
            return self.block(final_body, result)
        return result

    def match(self, node: ast.stmt, state: _State) -> Optional[_State]:
        state = self.expressions([node.subject], state)  # type: ignore[attr-defined]
        outcomes: list[Optional[_State]] = [state]
        for case in getattr(node, "cases", []):
            current = state.fork()
            for name in _stored_names([case.pattern]):
                current.bind(name, Binding(UNKNOWN, True, case.pattern, node))
            if case.guard is not None:
                current = self.expressions([case.guard], current)
            outcomes.append(self.block(case.body, current))
        return _merge(state, outcomes)

    def import_from(self, node: ast.ImportFrom, state: _State) -> _State:
        base = absolute_base(self.module, node)
        for alias in node.names:
            if alias.name == "*":
                self.star_import(node, alias, base, state)
                continue
            name = alias.asname or alias.name
            value = UNKNOWN if base is None else self.resolve(f"{base}.{alias.name}")
            state.bind(name, Binding(value, True, alias, node))
        return state

    def star_import(
        self, node: ast.ImportFrom, alias: ast.alias, base: Optional[str], state: _State
    ) -> None:
        exported = None if base is None else self.analysis.exports(base, self.environment)
        if exported is None:
            if node not in self.run.star_imports:
                self.run.star_imports.append(node)
            return
        for name, binding in exported.items():
            state.bind(name, Binding(binding.value, binding.certain, alias, node))

    def assign(
        self,
        target: ast.expr,
        value: Value,
        value_node: Optional[ast.expr],
        statement: ast.stmt,
        state: _State,
    ) -> None:
        if isinstance(target, ast.Name):
            state.bind(target.id, Binding(value, True, value_node or target, statement))
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = target.elts
            exact = (
                isinstance(value, Seq)
                and len(value.items) == len(items)
                and not any(isinstance(t, ast.Starred) for t in items)
            )
            nodes: list[Optional[ast.expr]] = [None] * len(items)
            if exact and isinstance(value_node, (ast.Tuple, ast.List)):
                nodes = list(value_node.elts)
            for index, item in enumerate(items):
                item_value = value.items[index] if exact and isinstance(value, Seq) else UNKNOWN
                self.assign(item, item_value, nodes[index], statement, state)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, UNKNOWN, None, statement, state)
        elif isinstance(target, (ast.Attribute, ast.Subscript)) and value_node is not None:
            receiver = self.evaluate(target.value, state)
            if isinstance(target, ast.Attribute):
                key: Value = Const(target.attr)
            else:
                key = self.evaluate(target.slice, state)
            self.run.stores.append(
                StoreSite(target, self.module, self.environment, receiver, key, value, value_node)
            )

    # expressions that run ------------------------------------------------------------------
    def expressions(self, nodes: list[ast.AST], state: _State) -> _State:
        """Record the calls in expressions that run, walk the functions they call, and bind
        what their `:=` assign."""
        walrus: list[ast.NamedExpr] = []
        for node in _scoped(nodes):
            if isinstance(node, ast.Call):
                state = self.call(node, state)
            elif isinstance(node, ast.NamedExpr):
                walrus.append(node)
        for named in walrus:
            if isinstance(named.target, ast.Name):
                value = self.evaluate(named.value, state)
                state.bind(named.target.id, Binding(value, True, named.value, None))
        return state

    def call(self, node: ast.Call, state: _State) -> _State:
        callee = self.evaluate(node.func, state)
        args: list[Value] = []
        open_ended = False
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                open_ended = True
                break
            args.append(self.evaluate(arg, state))
        keywords: dict[str, Value] = {}
        for keyword in node.keywords:
            if keyword.arg is None:
                open_ended = True
            else:
                keywords[keyword.arg] = self.evaluate(keyword.value, state)
        site = self.run._call_index.get(id(node))
        if site is None:
            site = CallSite(node, self.module)
            self.run._call_index[id(node)] = site
            self.run.calls.append(site)
        values = CallValues(self.environment, callee, tuple(args), keywords, open_ended)
        if values not in site.runs:
            site.runs.append(values)
        if (
            isinstance(callee, Defined)
            and callee.path == self.module.path
            and isinstance(callee.node, (ast.FunctionDef, ast.AsyncFunctionDef))
        ):
            return self.enter(callee.node, state)
        return state

    def enter(
        self, function: Union[ast.FunctionDef, ast.AsyncFunctionDef], state: _State
    ) -> _State:
        """Walk a called function's body; what it assigns to globals flows back."""
        key = id(function)
        walked = self.walks.get(key, 0)
        if (
            function in self.active
            or len(self.active) >= _MAX_CALL_DEPTH
            or walked >= _MAX_WALKS_PER_FUNCTION
        ):
            return state
        self.walks[key] = walked + 1
        names = self.locals_cache.get(key)
        if names is None:
            names = self.locals_cache[key] = _local_names(function)
        frame = _Frame(names, state.globals)
        inner = _State(_Layer(state.globals), _Layer(), frame)
        self.active.append(function)
        saved_loops = self.loops
        self.loops = []
        try:
            end = self.block(list(function.body), inner)
        finally:
            self.active.pop()
            self.loops = saved_loops
        exits = [end.globals] if end is not None else []
        exits.extend(frame.returns)
        if exits:  # a function that always raises changes nothing that runs after it
            state.globals.own.update(_merged_names(state.globals, exits))
        return state

    def record_import(self, node: Union[ast.Import, ast.ImportFrom]) -> None:
        if node not in self.run.imports:
            self.run.imports.append(node)

    # evaluation ----------------------------------------------------------------------------
    def resolve(self, qualname: str) -> Value:
        return self.analysis.resolve(qualname, self.environment)

    def lookup(self, name: str, state: _State) -> Value:
        if name == "__name__":
            return Const(self.dunder_name)
        if state.frame is not None and name in state.frame.local_names:
            local = state.locals.get(name) if state.locals is not None else None
            return local.value if local is not None and not local.deleted else UNKNOWN
        binding = state.globals.get(name)
        if binding is None:
            # A builtin, or (after a star import the walk cannot see into) maybe an import.
            if name in _BUILTINS or self.run.star_imports:
                return Ref(name)
            return UNKNOWN
        return UNKNOWN if binding.deleted else binding.value

    def evaluate(self, node: ast.expr, state: _State, depth: int = 0) -> Value:
        if depth > _MAX_EVAL_DEPTH:
            return UNKNOWN
        depth += 1
        if isinstance(node, ast.Constant):
            return Const(node.value)
        if isinstance(node, ast.Name):
            return self.lookup(node.id, state)
        if isinstance(node, ast.Attribute):
            base = self.evaluate(node.value, state, depth)
            if isinstance(base, Ref):
                return self.resolve(f"{base.qualname}.{node.attr}")
            return Attr(base, node.attr)
        if isinstance(node, ast.Call):
            return self.evaluate_call(node, state, depth)
        if isinstance(node, ast.Subscript):
            base = self.evaluate(node.value, state, depth)
            key = self.evaluate(node.slice, state, depth)
            if (
                isinstance(base, Ref)
                and base.qualname == _ENVIRON
                and isinstance(key, Const)
                and isinstance(key.value, str)
            ):
                return self.environ(key.value, None)
            if isinstance(base, Seq) and isinstance(key, Const) and type(key.value) is int:
                index = key.value
                if -len(base.items) <= index < len(base.items):
                    return base.items[index]
            return UNKNOWN
        if isinstance(node, (ast.Tuple, ast.List)):
            if len(node.elts) > _MAX_SEQUENCE or any(isinstance(e, ast.Starred) for e in node.elts):
                return Literal(node)
            return Seq(tuple(self.evaluate(e, state, depth) for e in node.elts), node)
        if isinstance(node, ast.JoinedStr):
            text = self.joined(node, state, depth)
            return Literal(node) if text is None else Const(text)
        if isinstance(node, (ast.Dict, ast.Set, ast.ListComp, ast.SetComp, ast.DictComp)):
            return Literal(node)
        if isinstance(node, ast.Lambda):
            return Defined(node, self.module.path)
        if isinstance(node, ast.NamedExpr):
            return self.evaluate(node.value, state, depth)
        if isinstance(node, ast.Compare):
            return self.compare(node, state, depth)
        if isinstance(node, ast.BoolOp):
            return self.bool_op(list(node.values), isinstance(node.op, ast.And), state, depth)
        if isinstance(node, ast.UnaryOp):
            operand = self.evaluate(node.operand, state, depth)
            if isinstance(node.op, ast.Not):
                truth = self.truth(operand)
                return UNKNOWN if truth is None else Const(not truth)
            if isinstance(operand, Const) and type(operand.value) in (int, float):
                value = operand.value
                if isinstance(node.op, ast.USub) and isinstance(value, (int, float)):
                    return Const(-value)
                if isinstance(node.op, ast.UAdd):
                    return operand
            return UNKNOWN
        if isinstance(node, ast.IfExp):
            truth = self.truth(self.evaluate(node.test, state, depth))
            if truth is True:
                return self.evaluate(node.body, state, depth)
            if truth is False:
                return self.evaluate(node.orelse, state, depth)
            body = self.evaluate(node.body, state, depth)
            return body if body == self.evaluate(node.orelse, state, depth) else UNKNOWN
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self.evaluate(node.left, state, depth)
            right = self.evaluate(node.right, state, depth)
            if (
                isinstance(left, Const)
                and isinstance(right, Const)
                and isinstance(left.value, str)
                and isinstance(right.value, str)
            ):
                return _bounded(left.value + right.value)
            if isinstance(left, Const) and isinstance(right, Const):
                a, b = left.value, right.value
                if _is_int(a) and _is_int(b):
                    return Const(int(str(a)) + int(str(b)))
            return UNKNOWN
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            left = self.evaluate(node.left, state, depth)
            if isinstance(left, Const) and isinstance(left.value, str):
                right = self.evaluate(node.right, state, depth)
                items = right.items if isinstance(right, Seq) else (right,)
                return _percent_format(left.value, items)
            return UNKNOWN
        return UNKNOWN

    def joined(self, node: ast.JoinedStr, state: _State, depth: int) -> Optional[str]:
        """An f-string's text when every part is known and formatted plainly (no spec)."""
        pieces: list[str] = []
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                pieces.append(part.value)
            elif (
                isinstance(part, ast.FormattedValue)
                and part.format_spec is None
                and part.conversion in (-1, ord("s"))
            ):
                value = self.evaluate(part.value, state, depth)
                text = _plain_text(value)
                if text is None:
                    return None
                pieces.append(text)
            else:
                return None
        joined = "".join(pieces)
        return joined if len(joined) <= _MAX_TEXT else None

    def evaluate_call(self, node: ast.Call, state: _State, depth: int) -> Value:
        callee = self.evaluate(node.func, state, depth)
        if isinstance(callee, Ref) and callee.qualname in _ENV_READERS:
            if not node.args or isinstance(node.args[0], ast.Starred):
                return UNKNOWN
            variable = self.evaluate(node.args[0], state, depth)
            if not isinstance(variable, Const) or not isinstance(variable.value, str):
                return UNKNOWN
            default: Value = Const(None)
            if len(node.args) > 1:
                default = self.evaluate(node.args[1], state, depth)
            for keyword in node.keywords:
                if keyword.arg == "default":
                    default = self.evaluate(keyword.value, state, depth)
            return self.environ(variable.value, default)
        if isinstance(callee, Attr) and callee.name in _STRING_METHODS and not node.args:
            receiver = callee.receiver
            if isinstance(receiver, Const) and isinstance(receiver.value, str):
                return Const(getattr(receiver.value, callee.name)())
            return UNKNOWN
        if isinstance(callee, Attr) and callee.name == "format":
            receiver = callee.receiver
            if not isinstance(receiver, Const) or not isinstance(receiver.value, str):
                return UNKNOWN
            if any(isinstance(a, ast.Starred) for a in node.args) or any(
                k.arg is None for k in node.keywords
            ):
                return UNKNOWN
            positional = [self.evaluate(a, state, depth) for a in node.args]
            named = {str(k.arg): self.evaluate(k.value, state, depth) for k in node.keywords}
            return _brace_format(receiver.value, positional, named)
        if isinstance(callee, Ref) and callee.qualname == "int" and len(node.args) == 1:
            if node.keywords or isinstance(node.args[0], ast.Starred):
                return Made(callee.qualname, node, self.module.path)
            argument = self.evaluate(node.args[0], state, depth)
            if argument == PLATFORM_PORT:
                return argument
            number = _as_int(argument)
            if number is not None:
                return Const(number)
            if isinstance(argument, EnvValue):
                fallback = _as_int(argument.default)
                value = UNKNOWN if fallback is None else Const(fallback)
                return EnvValue(argument.variable, value)
            return Made(callee.qualname, node, self.module.path)
        if isinstance(callee, Ref):
            if callee.qualname == "str" and len(node.args) == 1 and not node.keywords:
                argument = self.evaluate(node.args[0], state, depth)
                if isinstance(argument, EnvValue) or (
                    isinstance(argument, Const) and isinstance(argument.value, str)
                ):
                    return argument
            return Made(callee.qualname, node, self.module.path)
        if isinstance(callee, Defined) and isinstance(callee.node, ast.ClassDef):
            prefix = f"{self.module.name}." if self.module.name else ""
            return Made(f"{prefix}{callee.node.name}", node, self.module.path)
        return UNKNOWN

    def environ(self, variable: str, default: Optional[Value]) -> Value:
        """A read of an environment variable as the platform would answer it.

        `default` None means a strict read (`os.environ[...]`), which has no default.
        """
        if variable == platform.ENV_VARIABLE:
            return Const(self.environment)
        if variable == platform.PORT_VARIABLE:
            return PLATFORM_PORT
        if variable in platform.PLATFORM_VARIABLES:
            return UNKNOWN
        if default is None:
            return UNKNOWN
        if variable in platform.LOCAL_CLI_VARIABLES:
            return default
        return EnvValue(variable, default)

    def compare(self, node: ast.Compare, state: _State, depth: int) -> Value:
        left = self.evaluate(node.left, state, depth)
        decided = True
        for operator, comparator in zip(node.ops, node.comparators):
            right = self.evaluate(comparator, state, depth)
            outcome = self.compare_values(operator, left, right)
            if outcome is False:
                return Const(False)
            if outcome is None:
                decided = False
            left = right
        return Const(True) if decided else UNKNOWN

    def compare_values(self, operator: ast.cmpop, left: Value, right: Value) -> Optional[bool]:
        if isinstance(operator, (ast.In, ast.NotIn)):
            found = self.contains(right, left)
            if found is None:
                return None
            return found if isinstance(operator, ast.In) else not found
        if not isinstance(left, Const) or not isinstance(right, Const):
            return None
        a, b = left.value, right.value
        if isinstance(operator, (ast.Is, ast.IsNot)):
            if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
                same = a is b
                return same if isinstance(operator, ast.Is) else not same
            return None
        try:
            if isinstance(operator, ast.Eq):
                return bool(a == b)
            if isinstance(operator, ast.NotEq):
                return bool(a != b)
            if isinstance(operator, ast.Lt):
                return bool(a < b)  # type: ignore[operator]
            if isinstance(operator, ast.LtE):
                return bool(a <= b)  # type: ignore[operator]
            if isinstance(operator, ast.Gt):
                return bool(a > b)  # type: ignore[operator]
            if isinstance(operator, ast.GtE):
                return bool(a >= b)  # type: ignore[operator]
        except TypeError:
            return None
        return None

    def contains(self, container: Value, item: Value) -> Optional[bool]:
        if not isinstance(item, Const):
            return None
        if isinstance(container, Ref) and container.qualname == _ENVIRON:
            if not isinstance(item.value, str):
                return None
            if item.value == platform.ENV_VARIABLE or item.value in platform.PLATFORM_VARIABLES:
                return True
            if item.value in platform.LOCAL_CLI_VARIABLES:
                return False
            return None
        if isinstance(container, Seq):
            if all(isinstance(v, Const) for v in container.items):
                return any(isinstance(v, Const) and v.value == item.value for v in container.items)
            return None
        if isinstance(container, Const) and isinstance(container.value, str):
            return item.value in container.value if isinstance(item.value, str) else None
        return None

    def bool_op(self, values: list[ast.expr], is_and: bool, state: _State, depth: int) -> Value:
        if not values:
            return UNKNOWN
        first = self.evaluate(values[0], state, depth)
        if len(values) == 1:
            return first
        truth = self.truth(first)
        if truth is (not is_and):
            return first
        rest = self.bool_op(values[1:], is_and, state, depth + 1)
        if truth is is_and:
            return rest
        # Undecided. `os.getenv("HOST") or "127.0.0.1"` is the default when HOST is unset.
        if not is_and and isinstance(first, EnvValue) and self.truth(first.default) is False:
            return EnvValue(first.variable, rest)
        if not is_and and isinstance(first, EnvValue) and self.truth(first.default) is True:
            return first
        return UNKNOWN

    @staticmethod
    def truth(value: Value) -> Optional[bool]:
        if isinstance(value, Const):
            return bool(value.value)
        if isinstance(value, Seq):
            return bool(value.items)
        if isinstance(value, Defined):
            return True
        return None


# Longest formatted string the evaluator builds (hosts and ports are short).
_MAX_TEXT = 1_000
_PERCENT = re.compile(r"%(%|s|d|i|r)")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**18


def _bounded(text: str) -> Value:
    return Const(text) if len(text) <= _MAX_TEXT else UNKNOWN


def _as_int(value: Value) -> Optional[int]:
    """`int(value)` for a known int or a short string of decimal digits, else None."""
    if isinstance(value, Const):
        if _is_int(value.value):
            return int(str(value.value))
        if isinstance(value.value, str):
            text = value.value.strip()
            digits = text[1:] if text[:1] in "+-" else text
            if 0 < len(digits) <= 18 and digits.isascii() and digits.isdigit():
                return int(text)
    return None


def _plain_text(value: Value) -> Optional[str]:
    """`str(value)` for a known str or int (what `{}` and `%s` print), else None."""
    if isinstance(value, Const):
        if isinstance(value.value, str):
            return value.value
        if _is_int(value.value):
            return str(value.value)
    return None


def _percent_format(template: str, items: tuple[Value, ...]) -> Value:
    """`template % items` when it uses only `%s`/`%d`/`%i`/`%r`-free plain fields."""
    if len(template) > _MAX_TEXT:
        return UNKNOWN
    pieces: list[str] = []
    position = 0
    used = 0
    for match in _PERCENT.finditer(template):
        pieces.append(template[position : match.start()])
        position = match.end()
        kind = match.group(1)
        if kind == "%":
            pieces.append("%")
            continue
        if kind == "r" or used >= len(items):
            return UNKNOWN
        item = items[used]
        used += 1
        if kind in "di" and not (isinstance(item, Const) and _is_int(item.value)):
            return UNKNOWN
        text = _plain_text(item)
        if text is None:
            return UNKNOWN
        pieces.append(text)
    rest = template[position:]
    if "%" in rest or used != len(items):
        return UNKNOWN  # a field this evaluator does not format, or a TypeError at run time
    pieces.append(rest)
    return _bounded("".join(pieces))


def _brace_format(template: str, positional: list[Value], named: dict[str, Value]) -> Value:
    """`template.format(...)` when every field is `{}`, `{0}` or `{name}` with known values."""
    import string

    if len(template) > _MAX_TEXT:
        return UNKNOWN
    pieces: list[str] = []
    automatic = 0
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return UNKNOWN
    for literal, field_name, spec, conversion in fields:
        pieces.append(literal)
        if field_name is None:
            continue
        if spec or conversion not in (None, "s"):
            return UNKNOWN
        value: Optional[Value] = None
        if field_name == "":
            value = positional[automatic] if automatic < len(positional) else None
            automatic += 1
        elif field_name.isdigit():
            index = int(field_name)
            value = positional[index] if index < len(positional) else None
        elif field_name.isidentifier():
            value = named.get(field_name)
        text = None if value is None else _plain_text(value)
        if text is None:
            return UNKNOWN
        pieces.append(text)
    return _bounded("".join(pieces))


def is_platform_port(value: Value) -> bool:
    """Whether `value` is a read of `LEANCLOUD_APP_PORT` (or `int()` of one): the port the
    platform probes, 3000 in the cloud."""
    return value == PLATFORM_PORT


def _target_names(target: ast.expr) -> list[ast.Name]:
    if isinstance(target, ast.Name):
        return [target]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for item in target.elts for name in _target_names(item)]
    return []


# --- the project-wide analysis --------------------------------------------------------------
class _Analysis:
    """Walks modules on demand, once each, and resolves names across them."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.active: list[str] = []

    def key(self, module: PythonModule, as_main: bool) -> str:
        return f"reach:{module.path}:{'main' if as_main else 'import'}"

    def run(self, module: PythonModule, as_main: bool) -> ModuleRun:
        key = self.key(module, as_main)
        return self.project.cached(key, lambda: self.walk(module, as_main, key))

    def walk(self, module: PythonModule, as_main: bool, key: str) -> ModuleRun:
        run = ModuleRun(module, as_main)
        self.active.append(key)
        try:
            for environment in ENVIRONMENTS:
                run.final[environment] = _Walker(self, run, environment).walk()
        finally:
            self.active.pop()
        return run

    def imported(self, dotted: str) -> Optional[ModuleRun]:
        """The run of a project module imported by name, unless walking it now would loop."""
        path = find_module(self.project, dotted)
        if path is None:
            return None
        module = python_module(self.project, path)
        if module is None:
            return None
        key = self.key(module, False)
        if key in self.active or len(self.active) > _MAX_MODULE_DEPTH:
            return None
        return self.run(module, False)

    def resolve(self, qualname: str, environment: str) -> Value:
        """`Ref(qualname)`, or what it names when that is a project module's attribute."""
        parts = qualname.split(".")
        if len(parts) < 2 or is_module(self.project, qualname):
            return Ref(qualname)
        for split in range(len(parts) - 1, 0, -1):
            owner = ".".join(parts[:split])
            if not is_module(self.project, owner):
                continue
            run = self.imported(owner)
            if run is None:
                return Ref(qualname)
            binding = run.binding(parts[split], environment)
            if binding is None or binding.deleted:
                return Ref(qualname)
            value = binding.value
            for attribute in parts[split + 1 :]:
                value = (
                    Attr(value, attribute)
                    if not isinstance(value, Ref)
                    else Ref(f"{value.qualname}.{attribute}")
                )
            return value
        return Ref(qualname)

    def exports(self, dotted: str, environment: str) -> Optional[dict[str, Binding]]:
        """The names `from dotted import *` binds, or None when that cannot be known."""
        run = self.imported(dotted)
        if run is None or run.star_imports:
            return None
        names = run.final.get(environment, {})
        listed = names.get("__all__")
        if listed is not None:
            value = listed.value
            if not isinstance(value, Seq) or not all(
                isinstance(v, Const) and isinstance(v.value, str) for v in value.items
            ):
                return None
            chosen = [str(v.value) for v in value.items if isinstance(v, Const)]
            exported: dict[str, Binding] = {}
            for name in chosen:
                binding = names.get(name)
                if binding is not None and not binding.deleted:
                    exported[name] = binding
                elif is_module(self.project, f"{dotted}.{name}"):
                    exported[name] = Binding(Ref(f"{dotted}.{name}"), True, None, None)
            return exported
        return {
            name: binding
            for name, binding in names.items()
            if not name.startswith("_") and not binding.deleted
        }


def _analysis(project: Project) -> _Analysis:
    return project.cached("reach:analysis", lambda: _Analysis(project))


def module_run(project: Project, module: PythonModule, *, as_main: bool = False) -> ModuleRun:
    """The walk of `module` (as `__main__` when `as_main`), done once per project."""
    return _analysis(project).run(module, as_main)


def running_code(project: Project) -> list[ModuleRun]:
    """The walks of every module that runs on the platform, the entry first."""

    def build() -> list[ModuleRun]:
        from .entry import serving_mode
        from .modules import running_modules

        modules = running_modules(project)
        mode = serving_mode(project)
        return [
            module_run(project, module, as_main=index == 0 and mode.entry_is_main)
            for index, module in enumerate(modules)
        ]

    return project.cached("reach:running", build)


def environments_note(environments: frozenset[str]) -> str:
    """ " when LEANCLOUD_APP_ENV is stage" for a finding that holds in only some cloud
    environments; empty when it holds in all of them."""
    if not environments or environments >= frozenset(ENVIRONMENTS):
        return ""
    names = " or ".join(env for env in ENVIRONMENTS if env in environments)
    return f" when {platform.ENV_VARIABLE} is {names}"


def resolve(project: Project, value: Value, environment: str) -> Value:
    """Follow a `Ref` into the project module it names (one more hop than the walk did)."""
    if isinstance(value, Ref):
        return _analysis(project).resolve(value.qualname, environment)
    return value


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
    found = _source(_analysis(project), run, node, environment, 0)
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
    run = _analysis(project).run(module, False)
    return any(
        binding.node is node and binding.value == expected
        for binding in run.final.get(environment, {}).values()
    )


def _source(
    analysis: _Analysis, run: ModuleRun, node: ast.AST, environment: str, depth: int
) -> Optional[tuple[PythonModule, ast.AST]]:
    if depth > _MAX_MODULE_DEPTH:
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
    analysis: _Analysis, dotted: str, name: str, environment: str, depth: int
) -> Optional[tuple[PythonModule, ast.AST]]:
    """Where module `dotted`'s global `name` is written, following re-exports."""
    if depth > _MAX_MODULE_DEPTH:
        return None
    run = analysis.imported(dotted)
    if run is None:
        return None
    return _source(analysis, run, ast.Name(id=name, ctx=ast.Load()), environment, depth)
