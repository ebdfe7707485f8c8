"""One walk of one module in one cloud environment, statement by statement.

"Runs on the platform" (SPEC §3) is decided per cloud environment: the platform sets
`LEANCLOUD_APP_ENV` to `stage` or `production`, and code guarded by a test of it runs in one, both
or neither. The walk goes as the interpreter would: module-level code, into `if`/`try`/`with`/
`for`/`while`/`match` bodies but not into `def`/`class` bodies; the `if __name__ == "__main__":`
block only when the module runs as `__main__`; and the bodies of this module's functions where
running code calls them by name. A condition the evaluator can decide picks its branch; one it
cannot runs both, and a name bound in only one of them is "maybe bound".

It records into a `ModuleRun` which statements ran, the imports, calls and stores. It asks the
cross-module analysis (passed in, see `reach`) what an imported name is and what a star import
binds, so that the dependency stays one-way.
"""

from __future__ import annotations

import ast
from typing import Optional, Protocol, Union

from .evaluate import Evaluator, Resolver
from .imports import absolute_base
from .paths import Frame, Layer, State, merge, merged_fork, merged_names, snapshot
from .records import CallValues, ModuleRun, StoreSite
from .scopes import definition_time, local_names, scoped, stored_names, target_names
from .values import UNKNOWN, Binding, Const, Defined, Made, Ref, Seq, Value

# Bounds that keep a hostile or generated file from making a walk slow or deep.
MAX_STATEMENTS = 200_000  # statements walked per module and environment (EL005 past it)
_MAX_CALL_DEPTH = 8  # functions walked inside functions
_MAX_WALKS_PER_FUNCTION = 4  # times one function body is walked per environment

_EXITS = frozenset({"sys.exit", "exit", "quit", "os._exit", "os.abort"})
_MATCH = getattr(ast, "Match", None)
_TRY_STAR = getattr(ast, "TryStar", None)


class ModuleAnalysis(Resolver, Protocol):
    """What the walk asks about other project modules."""

    def exports(self, dotted: str, environment: str) -> Optional[dict[str, Binding]]: ...


class _Stop(Exception):
    """The statement budget ran out."""


class Walker(Evaluator):
    """One walk of one module in one environment."""

    def __init__(self, analysis: ModuleAnalysis, run: ModuleRun, environment: str) -> None:
        super().__init__(analysis, run, environment)
        self.analysis = analysis
        self.budget = MAX_STATEMENTS
        self.active: list[ast.AST] = []
        self.walks: dict[int, int] = {}
        # Each loop being walked: the state it started from, and snapshots at its `break`s.
        self.loops: list[tuple[State, list[State]]] = []
        self.locals_cache: dict[int, frozenset[str]] = {}

    # statements ----------------------------------------------------------------------------
    def walk(self) -> dict[str, Binding]:
        state: Optional[State] = State(Layer())
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

    def block(self, body: list[ast.stmt], state: Optional[State]) -> Optional[State]:
        for statement in body:
            if state is None:
                return None
            state = self.statement(statement, state)
        return state

    def statement(self, node: ast.stmt, state: State) -> Optional[State]:
        self.budget -= 1
        if self.budget < 0:
            raise _Stop
        self.run.mark_ran(node, self.environment)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            state = self.expressions(definition_time(node), state)
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
            return merge(state, [then, self.block(node.orelse, state.fork())])
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

    def simple(self, node: ast.stmt, state: State) -> Optional[State]:
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
                for name in target_names(target):
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
                breaks.append(snapshot(state, start))
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

    def loop(self, node: Union[ast.For, ast.AsyncFor, ast.While], state: State) -> Optional[State]:
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
        for name in stored_names(list(node.body)):
            known = body.get(name)
            if known is not None:
                body.bind(name, Binding(UNKNOWN, known.certain, known.node, known.statement))
        if not isinstance(node, ast.While):
            self.assign(node.target, UNKNOWN, None, node, body)
        breaks: list[State] = []
        self.loops.append((state, breaks))
        try:
            end = self.block(node.body, body)
        finally:
            self.loops.pop()
        if forever:
            return merge(state, list(breaks))
        # The loop ends after no iteration or after some; `else` runs then, not after `break`.
        finished = merged_fork(state, [state, end])
        return merge(state, [self.block(node.orelse, finished), *breaks])

    def try_(self, node: ast.stmt, state: State) -> Optional[State]:
        after_body = self.block(getattr(node, "body", []), state.fork())
        # A handler may start after any statement of the body: what the body bound is maybe.
        start = merged_fork(state, [state, after_body])
        outcomes: list[Optional[State]] = []
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
        result = merge(state, outcomes)
        if final_body and result is not None:
            return self.block(final_body, result)
        return result

    def match(self, node: ast.stmt, state: State) -> Optional[State]:
        state = self.expressions([node.subject], state)  # type: ignore[attr-defined]
        outcomes: list[Optional[State]] = [state]
        for case in getattr(node, "cases", []):
            current = state.fork()
            for name in stored_names([case.pattern]):
                current.bind(name, Binding(UNKNOWN, True, case.pattern, node))
            if case.guard is not None:
                current = self.expressions([case.guard], current)
            outcomes.append(self.block(case.body, current))
        return merge(state, outcomes)

    def import_from(self, node: ast.ImportFrom, state: State) -> State:
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
        self, node: ast.ImportFrom, alias: ast.alias, base: Optional[str], state: State
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
        state: State,
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
    def expressions(self, nodes: list[ast.AST], state: State) -> State:
        """Record the calls in expressions that run, walk the functions they call, and bind
        what their `:=` assign."""
        walrus: list[ast.NamedExpr] = []
        for node in scoped(nodes):
            if isinstance(node, ast.Call):
                state = self.call(node, state)
            elif isinstance(node, ast.NamedExpr):
                walrus.append(node)
        for named in walrus:
            if isinstance(named.target, ast.Name):
                value = self.evaluate(named.value, state)
                state.bind(named.target.id, Binding(value, True, named.value, None))
        return state

    def call(self, node: ast.Call, state: State) -> State:
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
        site = self.run.call_site(node)
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

    def enter(self, function: Union[ast.FunctionDef, ast.AsyncFunctionDef], state: State) -> State:
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
            names = self.locals_cache[key] = local_names(function)
        frame = Frame(names, state.globals)
        inner = State(Layer(state.globals), Layer(), frame)
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
            state.globals.own.update(merged_names(state.globals, exits))
        return state

    def record_import(self, node: Union[ast.Import, ast.ImportFrom]) -> None:
        if node not in self.run.imports:
            self.run.imports.append(node)
