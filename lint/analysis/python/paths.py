"""The names known along one path of a walk, and how paths fork and merge.

A condition the walk cannot decide runs both branches; each branch gets its own layer of names
on top of what was known before, and merging looks only at what the branches changed. This keeps
a module of many names and many `if`s linear to walk. Used by the walk and by the evaluator (to
look a name up); it knows nothing of either.
"""

from __future__ import annotations

from typing import Optional

from ...lazy_dataclass import dataclass, field
from .values import UNKNOWN, Binding


class Layer:
    """Names bound on one stretch of one path, on top of the names before it (`parent`).

    Forking a path costs nothing: each branch gets a new layer on the same parent. Merging the
    branches back looks only at the names they changed and writes the result into the parent,
    so a module of many names and many `if`s is walked in linear time.
    """

    __slots__ = ("own", "parent")

    def __init__(self, parent: Optional[Layer] = None) -> None:
        self.parent = parent
        self.own: dict[str, Binding] = {}

    def get(self, name: str) -> Optional[Binding]:
        layer: Optional[Layer] = self
        while layer is not None:
            found = layer.own.get(name)
            if found is not None:
                return found
            layer = layer.parent
        return None

    def chain(self, base: Optional[Layer]) -> list[Layer]:
        """The layers from this one up to `base` (excluded); all of them if `base` is not an
        ancestor."""
        layers: list[Layer] = []
        layer: Optional[Layer] = self
        while layer is not None and layer is not base:
            layers.append(layer)
            layer = layer.parent
        return layers

    def flatten(self) -> dict[str, Binding]:
        names: dict[str, Binding] = {}
        for layer in reversed(self.chain(None)):
            names.update(layer.own)
        return names

    def detach(self, base: Layer) -> Layer:
        """A layer on `base` with what this path changed since `base`: a snapshot that later
        writes to this path's layers cannot reach."""
        chain = self.chain(base)
        snapshot = Layer(base if (not chain or chain[-1].parent is base) else None)
        for layer in reversed(chain):
            snapshot.own.update(layer.own)
        return snapshot


@dataclass
class Frame:
    """A function being walked: its local names, the caller's globals (untouched while the
    function runs), and snapshots of the paths that `return`."""

    local_names: frozenset[str]
    caller_globals: Layer
    returns: list[Layer] = field(default_factory=list)


class State:
    """The names known at one point of one path: module globals and, in a function, locals."""

    __slots__ = ("frame", "globals", "locals")

    def __init__(
        self,
        globals_: Layer,
        locals_: Optional[Layer] = None,
        frame: Optional[Frame] = None,
    ) -> None:
        self.globals = globals_
        self.locals = locals_
        self.frame = frame

    def fork(self) -> State:
        """A branch of this path; this state must not change until the branches are merged."""
        locals_ = None if self.locals is None else Layer(self.locals)
        return State(Layer(self.globals), locals_, self.frame)

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


def merged_names(base: Layer, layers: list[Layer]) -> dict[str, Binding]:
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


def merge(base: State, states: list[Optional[State]]) -> Optional[State]:
    """Join paths that forked from `base` into `base` (which is returned); None when no path
    continues."""
    live = [s for s in states if s is not None]
    if not live:
        return None
    base.globals.own.update(merged_names(base.globals, [s.globals for s in live]))
    if base.locals is not None:
        layers = [s.locals for s in live if s.locals is not None]
        base.locals.own.update(merged_names(base.locals, layers))
    return base


def merged_fork(base: State, states: list[Optional[State]]) -> State:
    """Like `merge`, but into a new branch of `base`, leaving the paths usable."""
    result = base.fork()
    live = [s for s in states if s is not None]
    result.globals.own.update(merged_names(base.globals, [s.globals for s in live]))
    if base.locals is not None and result.locals is not None:
        layers = [s.locals for s in live if s.locals is not None]
        result.locals.own.update(merged_names(base.locals, layers))
    return result


def snapshot(state: State, base: State) -> State:
    """What `state` (a path from `base`) knows, detached from later writes to its layers."""
    locals_ = None
    if state.locals is not None and base.locals is not None:
        locals_ = state.locals.detach(base.locals)
    return State(state.globals.detach(base.globals), locals_, state.frame)
