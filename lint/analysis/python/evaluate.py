"""What an expression evaluates to at one point of a walk, in one cloud environment.

Deliberately small: literals, names known on the path, module attributes (through a resolver
that can look into other project modules), `os.environ`/`os.getenv` reads answered as the
platform would, comparisons, `and`/`or`/`not`, conditional expressions, and the string formatting
in `strings`. Anything else is UNKNOWN, and UNKNOWN never decides a branch.
"""

from __future__ import annotations

import ast
import builtins
from typing import Optional, Protocol

from ... import platform
from .paths import State
from .records import ModuleRun
from .strings import MAX_TEXT, as_int, bounded, brace_format, is_int, percent_format, plain_text
from .values import (
    PLATFORM_PORT,
    UNKNOWN,
    Attr,
    Const,
    Defined,
    EnvValue,
    Literal,
    Made,
    Ref,
    Seq,
    Value,
)

_MAX_EVAL_DEPTH = 40
_MAX_SEQUENCE = 32  # longer tuple/list literals are not evaluated item by item

_ENVIRON = "os.environ"
_ENV_READERS = frozenset({"os.environ.get", "os.getenv"})
_STRING_METHODS = frozenset({"lower", "upper", "strip", "lstrip", "rstrip", "casefold"})
_BUILTINS = frozenset(dir(builtins))


class Resolver(Protocol):
    """What a dotted name means, looking into project modules (the cross-module analysis)."""

    def resolve(self, qualname: str, environment: str) -> Value: ...


class Evaluator:
    """Evaluates expressions of one module's walk in one environment."""

    def __init__(self, resolver: Resolver, run: ModuleRun, environment: str) -> None:
        self.resolver = resolver
        self.run = run
        self.module = run.module
        self.environment = environment
        self.dunder_name = "__main__" if run.as_main else (self.module.name or "")
        # Whether the walk read LEANCLOUD_APP_ENV: only then can its course depend on the
        # environment it was given (besides what other modules bound).
        self.read_environment = False

    def resolve(self, qualname: str) -> Value:
        return self.resolver.resolve(qualname, self.environment)

    def lookup(self, name: str, state: State) -> Value:
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

    def evaluate(self, node: ast.expr, state: State, depth: int = 0) -> Value:
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
                return bounded(left.value + right.value)
            if isinstance(left, Const) and isinstance(right, Const):
                a, b = left.value, right.value
                if is_int(a) and is_int(b):
                    return Const(int(str(a)) + int(str(b)))
            return UNKNOWN
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            left = self.evaluate(node.left, state, depth)
            if isinstance(left, Const) and isinstance(left.value, str):
                right = self.evaluate(node.right, state, depth)
                items = right.items if isinstance(right, Seq) else (right,)
                return percent_format(left.value, items)
            return UNKNOWN
        return UNKNOWN

    def joined(self, node: ast.JoinedStr, state: State, depth: int) -> Optional[str]:
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
                text = plain_text(value)
                if text is None:
                    return None
                pieces.append(text)
            else:
                return None
        joined = "".join(pieces)
        return joined if len(joined) <= MAX_TEXT else None

    def evaluate_call(self, node: ast.Call, state: State, depth: int) -> Value:
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
            return brace_format(receiver.value, positional, named)
        if isinstance(callee, Ref) and callee.qualname == "int" and len(node.args) == 1:
            if node.keywords or isinstance(node.args[0], ast.Starred):
                return Made(callee.qualname, node, self.module.path)
            argument = self.evaluate(node.args[0], state, depth)
            if argument == PLATFORM_PORT:
                return argument
            number = as_int(argument)
            if number is not None:
                return Const(number)
            if isinstance(argument, EnvValue):
                fallback = as_int(argument.default)
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
            self.read_environment = True
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

    def compare(self, node: ast.Compare, state: State, depth: int) -> Value:
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

    def bool_op(self, values: list[ast.expr], is_and: bool, state: State, depth: int) -> Value:
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
