"""The small value model the walk of a module keeps for each name.

A value is what the walk can know without running the code: a constant, a tuple of values, a
reference to an imported name, an object made by calling one, a definition, an environment
read, or UNKNOWN. These are plain frozen data, so two paths that computed the same thing compare
equal when their branches are merged; a name's `Binding` adds where and how surely it was bound.
"""

from __future__ import annotations

import ast
from typing import Optional, Union

from ... import platform
from ...lazy_dataclass import dataclass


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


def is_platform_port(value: Value) -> bool:
    """Whether `value` is a read of `LEANCLOUD_APP_PORT` (or `int()` of one): the port the
    platform probes, 3000 in the cloud."""
    return value == PLATFORM_PORT
