"""enginelint's `dataclass` behaves as `dataclasses.dataclass` does, and costs nothing until used.

Each shape of record the code base uses is declared twice, once with each decorator, and the two
are compared on what code can observe: construction (positional, keyword, defaults, factories,
`__post_init__`, errors), equality, hashing, `repr`, frozen assignment, `fields`, `replace` and
`asdict`, ordering, inheritance.
"""

from __future__ import annotations

import dataclasses
import operator
import subprocess
import sys
from typing import Any, Callable, Optional

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enginelint import lazy_dataclass


def _declare(decorator: Callable[..., Any], field: Callable[..., Any]) -> dict[str, type]:
    """The same record shapes, built with `decorator` and `field`."""

    @decorator(frozen=True)
    class Point:
        """A frozen record with a default."""

        x: int
        y: int = 0

    @decorator
    class Bag:
        """A mutable record with factories and a field left out of comparisons."""

        name: str
        items: list[int] = field(default_factory=list)
        table: dict[str, int] = field(default_factory=dict, repr=False)
        note: Optional[str] = field(default=None, compare=False)

    @decorator(frozen=True, order=True)
    class Ranked:
        """An ordered record."""

        rank: int
        label: str = ""

    @decorator(frozen=True)
    class Checked:
        """A record whose __post_init__ derives a field."""

        text: str
        size: int = field(default=0, init=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "size", len(self.text))

    @decorator(frozen=True)
    class Child(Point):
        """A record that adds a field to a base record."""

        z: int = 5

    @decorator(frozen=True)
    class Custom:
        """A record with its own equality and hash."""

        key: str
        extra: int = 0

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Custom) and other.key == self.key

        def __hash__(self) -> int:
            return hash(self.key)

    @decorator(frozen=True)
    class Empty:
        """A record with no field."""

    return {c.__name__: c for c in (Point, Bag, Ranked, Checked, Child, Custom, Empty)}


REAL = _declare(dataclasses.dataclass, dataclasses.field)
LAZY = _declare(lazy_dataclass.dataclass, lazy_dataclass.field)

CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("Point", (1,), {}),
    ("Point", (1, 2), {}),
    ("Point", (), {"x": 3, "y": 4}),
    ("Bag", ("a",), {}),
    ("Bag", ("a", [1, 2], {"k": 1}, "n"), {}),
    ("Ranked", (2, "b"), {}),
    ("Checked", ("hello",), {}),
    ("Child", (1, 2, 3), {}),
    ("Child", (1,), {}),
    ("Custom", ("k", 1), {}),
    ("Empty", (), {}),
]


def _observed(kind: type, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """What code can see of an instance, with the class name left out of reprs."""
    try:
        item = kind(*args, **kwargs)
    except TypeError as error:
        return {"error": type(error).__name__}
    twin = kind(*args, **kwargs)
    seen: dict[str, Any] = {
        "repr": repr(item),
        "equal": item == twin,
        "fields": [(f.name, f.init, f.repr, f.compare) for f in dataclasses.fields(item)],
        "asdict": dataclasses.asdict(item),
        "hashable": kind.__hash__ is not None,
    }
    if seen["hashable"]:
        seen["hash-equal"] = hash(item) == hash(twin)
    try:
        item.new_attribute = 1
        seen["assign"] = "allowed"
    except dataclasses.FrozenInstanceError:
        seen["assign"] = "frozen"
    names = [f.name for f in dataclasses.fields(item) if f.init]
    if names:
        changed = dataclasses.replace(item, **{names[0]: getattr(item, names[0])})
        seen["replace-equal"] = changed == item
    return seen


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES)
def test_each_shape_behaves_as_the_standard_decorator(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    assert _observed(LAZY[name], args, kwargs) == _observed(REAL[name], args, kwargs)


@given(st.integers(), st.integers(), st.integers(), st.integers())
def test_equality_hash_and_order_agree(a: int, b: int, c: int, d: int) -> None:
    real = REAL["Ranked"](a, str(b)), REAL["Ranked"](c, str(d))
    lazy = LAZY["Ranked"](a, str(b)), LAZY["Ranked"](c, str(d))
    assert (lazy[0] == lazy[1]) == (real[0] == real[1])
    for compare in (operator.lt, operator.le, operator.gt, operator.ge):
        assert compare(lazy[0], lazy[1]) == compare(real[0], real[1])
    if lazy[0] == lazy[1]:
        assert hash(lazy[0]) == hash(lazy[1])
    points = REAL["Point"](a, b), LAZY["Point"](a, b)
    assert hash(points[0]) == hash(points[1])  # the same tuple of fields is hashed
    assert repr(points[0]).split("(", 1)[1] == repr(points[1]).split("(", 1)[1]


def test_wrong_arguments_fail_as_the_standard_decorator_does() -> None:
    for name, args in [("Point", ()), ("Point", (1, 2, 3)), ("Checked", ("a", 1))]:
        with pytest.raises(TypeError):
            REAL[name](*args)
        with pytest.raises(TypeError):
            LAZY[name](*args)


def test_records_of_different_classes_are_never_equal() -> None:
    assert LAZY["Point"](1, 2) != LAZY["Child"](1, 2)
    assert LAZY["Point"](1, 2) != (1, 2)


def test_fields_of_a_class_never_instantiated() -> None:
    @lazy_dataclass.dataclass(frozen=True)
    class Fresh:
        """Never instantiated before `fields_of`."""

        a: int
        b: str = "x"

    assert [f.name for f in lazy_dataclass.fields_of(Fresh)] == ["a", "b"]
    assert Fresh(1) == Fresh(1, "x")


def test_declaring_records_imports_nothing() -> None:
    """Importing the modules a warm run needs compiles no method and imports no `dataclasses`
    (it costs more than the modules themselves), beyond what the interpreter itself loaded."""
    probe = "print(sorted(m for m in ('dataclasses', 'inspect', 'typing') if m in sys.modules))\n"
    script = (
        "import sys\n"
        + probe.replace("print(", "before = (")
        + "import enginelint.files, enginelint.diagnostics, enginelint.walk, enginelint.replay\n"
        + probe.replace("print(", "after = (")
        + "print(sorted(set(after) - set(before)))\n"
    )
    done = subprocess.run([sys.executable, "-I", "-c", script], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "[]"


def test_an_assembled_record_is_the_record_init_makes() -> None:
    """`assemble` fills the instance's dictionary instead of running `__init__`; what code can
    observe (equality both ways, hash, repr, vars, frozen assignment, replace) is the same."""

    @lazy_dataclass.dataclass(frozen=True)
    class Line:
        """A frozen record, never instantiated before `assemble`."""

        text: str
        number: int
        parts: tuple[str, ...] = ()
        table: dict[str, int] = lazy_dataclass.field(default_factory=dict, compare=False)

    values = {"text": "flask>=2", "number": 3, "parts": ("flask",), "table": {}}
    made = lazy_dataclass.assemble(Line, dict(values))
    built = Line(**values)
    assert made == built and built == made
    assert hash(made) == hash(built)
    assert repr(made) == repr(built)
    assert vars(made) == vars(built) and list(vars(made)) == list(vars(built))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.number = 4  # type: ignore[misc]
    assert dataclasses.replace(made, number=4) == Line("flask>=2", 4, ("flask",))


def test_assemble_refuses_what_init_would_build_differently() -> None:
    @lazy_dataclass.dataclass(frozen=True)
    class Pair:
        """Two fields."""

        a: int
        b: int = 0

    @lazy_dataclass.dataclass(frozen=True)
    class Checked:
        """A record whose `__post_init__` `assemble` would skip."""

        a: int

        def __post_init__(self) -> None:
            assert self.a >= 0

    with pytest.raises(TypeError):
        lazy_dataclass.assemble(Pair, {"a": 1})  # a defaulted field left out
    with pytest.raises(TypeError):
        lazy_dataclass.assemble(Pair, {"b": 0, "a": 1})  # out of field order
    with pytest.raises(TypeError):
        lazy_dataclass.assemble(Checked, {"a": 1})


def test_order_fails_as_the_standard_decorator_does() -> None:
    """Records of another class do not order; `order=True` without `eq`, or beside a
    hand-written `__lt__`, is refused on the first instance."""
    with pytest.raises(TypeError):
        LAZY["Ranked"](1) < LAZY["Point"](1)  # noqa: B015
    with pytest.raises(TypeError):
        LAZY["Ranked"](1) <= (1, "")  # noqa: B015

    @lazy_dataclass.dataclass(frozen=True, order=True, eq=False)
    class Unequal:
        """order without eq."""

        a: int

    @lazy_dataclass.dataclass(order=True)
    class Hand:
        """order beside its own __lt__."""

        a: int

        def __lt__(self, other: object) -> bool:
            return True

    with pytest.raises(ValueError):
        Unequal(1)
    with pytest.raises(TypeError):
        Hand(1)
