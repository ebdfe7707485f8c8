"""The light node tree leanengine.yaml is composed into, and the names for places in it.

Why this module exists: `compose` turns ruamel's events into these nodes, `document` turns the
nodes into plain data, and the scalar readers (`scalars`, `spans`) read them too. Defining them
apart from all of those gives every other part of the package one thing to import that imports
nothing of the package itself. A node keeps only its [start, end) offsets in the file and what the
builder needs; an alias keeps the node it names, so expanding aliases (and bounding that) is left
to the builder. The YAML 1.2 tags the resolver assigns and `Path`, the way a place in the
document is named, live here for the same reason.
"""

from __future__ import annotations

from typing import Optional, Union

# A path into the document: mapping keys (always strings) and list indexes, as jsonschema reports.
Path = tuple[Union[str, int], ...]

_TAG = "tag:yaml.org,2002:"
_NULL, _BOOL, _INT, _FLOAT, _MERGE = (_TAG + t for t in ("null", "bool", "int", "float", "merge"))

PLAIN = None  # scalar style of an unquoted scalar


class _Node:
    __slots__ = ("end", "start")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end


class _Scalar(_Node):
    __slots__ = ("style", "tag", "value")

    def __init__(self, start: int, end: int, value: str, tag: str, style: Optional[str]) -> None:
        super().__init__(start, end)
        self.value = value
        self.tag = tag
        self.style = style


class _Sequence(_Node):
    __slots__ = ("flow", "items")

    def __init__(self, start: int, flow: bool) -> None:
        super().__init__(start, start)
        self.items: list[_Node] = []
        self.flow = flow


class _Mapping(_Node):
    __slots__ = ("flow", "pairs", "pending")

    def __init__(self, start: int, flow: bool) -> None:
        super().__init__(start, start)
        self.pairs: list[tuple[_Node, _Node]] = []
        self.flow = flow
        self.pending: Optional[_Node] = None


class _Alias(_Node):
    __slots__ = ("name", "target")

    def __init__(self, start: int, end: int, name: str, target: _Node) -> None:
        super().__init__(start, end)
        self.name = name
        self.target = target


def _deref(node: _Node) -> _Node:
    return node.target if isinstance(node, _Alias) else node
