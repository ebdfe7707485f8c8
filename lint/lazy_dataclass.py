"""`dataclass`, with each class's methods made the first time one of its instances is.

Why this module exists: `dataclasses.dataclass` writes the source of `__init__`, `__repr__`,
`__eq__`, `__hash__`, `__setattr__` and `__delattr__` and compiles each with `exec` while the
module that holds the class is imported. For enginelint's records that was about a third of a
cold run's CPU, and about half of the classes are never instantiated in a given run (the records
of an input the project does not have, of a rule not selected, of the editor server).

Here the decorator only marks the class and gives it an `__init__` that, on first call, hands the
class (and any marked base, first) to the real `dataclasses.dataclass` and then steps aside. The
real decorator is asked only for `__init__` and the frozen guards; `__eq__`, `__hash__`,
`__repr__` and, with `order=True`, `__lt__`, `__le__`, `__gt__` and `__ge__` are shared functions
that read the fields through `operator.attrgetter`, equal in result to the generated ones and as
fast, since they compile nothing. A class with another option this module does not reproduce is
handed to the real decorator with its options unchanged, still on its first instance.

Type checkers see `dataclasses.dataclass` itself (the `TYPE_CHECKING` branch), so the checks of
frozen fields, field order and constructor arguments are the standard ones. A class whose own body
defines `__init__` is handed over at once, since there is no first call to wait for.
`field(...)` is this module's too: it only notes its options until the class is made, so that no
module imports `dataclasses` to declare a record. `dataclasses.fields`, `replace` and `asdict`
work on instances as before; `fields` of a class that may not have been instantiated yet goes
through `fields_of`.
"""

from __future__ import annotations

import _thread

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dataclasses import Field
    from dataclasses import dataclass as dataclass
    from dataclasses import field as field
    from typing import Any, Callable, TypeVar

    _Record = TypeVar("_Record")

# Options whose methods this module makes itself; any other option set goes to the real decorator.
_HANDLED = frozenset({"frozen", "eq", "repr", "init", "order"})
_PENDING = "__enginelint_pending_dataclass__"
# Reentrant: realising a class realises its marked bases first, under the same hold.
_LOCK = _thread.RLock()


if not TYPE_CHECKING:

    def dataclass(cls=None, /, **options):
        """Mark `cls` to become `dataclasses.dataclass(cls, **options)` on its first instance."""

        def mark(cls):
            if not options.get("init", True) or "__init__" in cls.__dict__:
                return _realise_now(cls, options)
            setattr(cls, _PENDING, options)
            cls.__init__ = _first_init(cls)
            return cls

        return mark if cls is None else mark(cls)

    def field(**options):
        """`dataclasses.field(**options)`, made when its class is (importing nothing now)."""
        return _FieldSpec(options)


class _FieldSpec:
    """A `field(...)` written in a class body, waiting for the class to be made."""

    __slots__ = ("options",)

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options


def fields_of(cls: type) -> tuple[Field[Any], ...]:
    """`dataclasses.fields(cls)` for a class that may not have had an instance yet."""
    from dataclasses import fields

    realise(cls)
    return fields(cls)


def realise(cls: type) -> None:
    """Give `cls` and its marked bases their dataclass methods, if they have not got them yet."""
    if not any(_PENDING in klass.__dict__ for klass in cls.__mro__):
        return
    with _LOCK:
        for klass in reversed(cls.__mro__):
            options = klass.__dict__.get(_PENDING)
            if options is not None:
                delattr(klass, _PENDING)
                # The stand-in goes: dataclasses never replaces an __init__ it finds.
                type.__delattr__(klass, "__init__")
                _realise_now(klass, options)


def assemble(cls: type[_Record], values: dict[str, Any]) -> _Record:
    """What `cls(**values)` makes, without running `__init__`: `values` gives every field of
    the record, in field order, and the class has no `__post_init__` (both checked on the first
    record of each class).

    Why: a frozen record's `__init__` sets each field through `object.__setattr__`. For a record
    of 26 fields, made for each of the thousands of lines of a big requirements file, that is
    a third of the time the line takes to read; filling the instance's dictionary in one step
    gives the same record (equal, same hash, same `vars`).
    """
    if cls not in _ASSEMBLED:
        _check_assembly(cls, values)
    instance: _Record = object.__new__(cls)
    instance.__dict__.update(values)
    return instance


# The classes `assemble` has checked (and realised).
_ASSEMBLED: set[type] = set()


def _check_assembly(cls: type, values: dict[str, Any]) -> None:
    from dataclasses import fields

    realise(cls)
    names = [item.name for item in fields(cls)]
    if list(values) != names or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} cannot be assembled from {sorted(values)}")
    _ASSEMBLED.add(cls)


def _first_init(owner: type) -> Callable[..., None]:
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        realise(owner)
        owner.__dict__["__init__"](self, *args, **kwargs)

    __init__.__qualname__ = f"{owner.__qualname__}.__init__"  # what tracebacks show
    return __init__


def _realise_now(cls: type, options: dict[str, Any]) -> type:
    import dataclasses

    for name, value in list(cls.__dict__.items()):
        if isinstance(value, _FieldSpec):
            setattr(cls, name, dataclasses.field(**value.options))
    if not options.keys() <= _HANDLED:
        return dataclasses.dataclass(cls, **options)
    frozen = options.get("frozen", False)
    eq = options.get("eq", True)
    own = cls.__dict__
    order = options.get("order", False)
    if order and (not eq or any(name in own for name in _ORDER)):
        return dataclasses.dataclass(cls, **options)  # it raises the error these deserve
    # dataclasses' own test: a __hash__ written in the class body counts, the None that Python
    # puts there for a body defining __eq__ does not.
    own_hash = own.get("__hash__", _MISSING)
    explicit_hash = not (own_hash is _MISSING or (own_hash is None and "__eq__" in own))
    made: type = dataclasses.dataclass(
        cls, init=options.get("init", True), frozen=frozen, eq=False, repr=False
    )
    every = dataclasses.fields(made)
    if options.get("repr", True) and "__repr__" not in own:
        shown = tuple(item.name for item in every if item.repr)
        type.__setattr__(made, "__repr__", _repr_of(shown))
    if eq:
        compared = tuple(item.name for item in every if item.compare)
        values = _values_of(compared)
        if "__eq__" not in own:
            type.__setattr__(made, "__eq__", _eq_of(values))
        if order:
            import operator

            for name in _ORDER:
                compare = getattr(operator, name)
                type.__setattr__(made, name, _compare_of(values, compare, name))
        if not explicit_hash:
            if frozen:
                hashed = tuple(
                    item.name
                    for item in every
                    if (item.compare if item.hash is None else item.hash)
                )
                type.__setattr__(made, "__hash__", _hash_of(_values_of(hashed)))
            else:
                # A mutable record is unhashable, as dataclasses makes it.
                type.__setattr__(made, "__hash__", None)
    return made


_MISSING = object()


def _values_of(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the tuple of the named attributes, as the generated methods build it."""
    from operator import attrgetter

    if len(names) > 1:
        return attrgetter(*names)
    if names:
        name = names[0]
        return lambda item: (getattr(item, name),)
    return lambda item: ()


def _eq_of(values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, Any], Any]:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


# The order methods `order=True` makes, named as `operator` names the comparison each makes.
_ORDER = ("__lt__", "__le__", "__gt__", "__ge__")


def _compare_of(
    values: Callable[[Any], tuple[Any, ...]], compare: Callable[[Any, Any], bool], name: str
) -> Callable[[Any, Any], Any]:
    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compare(values(self), values(other))
        return NotImplemented

    method.__name__ = method.__qualname__ = name
    return method


def _hash_of(values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _repr_of(names: tuple[str, ...]) -> Callable[[Any], str]:
    from reprlib import recursive_repr

    @recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__
