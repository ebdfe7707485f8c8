"""leanengine.yaml's text → the first document's node tree, within the reading bounds.

Why this module exists: the EL4xx rules must point at the exact key or value, so the file is read
with ruamel.yaml's event parser (every event carries its marks) and composed here into our own
nodes (`nodes`), iteratively rather than with ruamel's recursive composer, so that the depth bound
applies as events arrive. Before ruamel sees the text, `_excessive_flow_nesting` (a small lexer)
refuses absurd flow nesting, on which ruamel's scanner slows down quadratically.

The bounds on size, nesting and alias expansion are defined here; a file past one is an attack or
an accident. Every failure is raised as `_Stop` or `_YAMLProblem`, which
`document.parse_engine_yaml` turns into one EL004 problem. Multiple documents: only the first is
composed, as yaml.v2 reads only the first; the offset of a later one with content is returned.
ruamel is imported inside `_compose`, never at module level, so importing enginelint stays cheap.
"""

from __future__ import annotations

import re
from typing import Any, Optional, Union

from ...lazy_re import lazy_pattern
from ...platform import ENGINE_CONFIG_FILE
from .nodes import PLAIN, _Alias, _Mapping, _Node, _Scalar, _Sequence

# No leanengine.yaml needs more than a handful of levels; past these bounds the file is an attack
# or an accident, and enginelint stops reading it (EL004) instead of recursing or expanding on.
MAX_DEPTH = 100
MAX_ALIAS_NODES = 10_000
# ruamel's pure-Python parser needs up to ~60 µs per token; a real leanengine.yaml is a few
# hundred bytes, and this bound keeps the worst case near a second.
MAX_CHARACTERS = 32 * 1024

_FOLD_MARK = "\a"  # ruamel's round-trip scanner marks the folds of `>` scalars with BEL


class _Stop(Exception):
    """Reading stops: becomes one EL004 problem at [start, end)."""

    def __init__(self, message: str, start: int, end: Optional[int] = None) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end


def _too_deep_message() -> str:
    return (
        f"`{ENGINE_CONFIG_FILE}` nests collections more than {MAX_DEPTH} levels deep; no "
        "setting needs that, and enginelint stops reading the file here"
    )


# --- composing -----------------------------------------------------------------------------------
class _YAMLProblem(Exception):
    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.message = message
        self.index = index


def _yaml_error(error: Exception) -> _YAMLProblem:
    """A ruamel error as an EL004 message and offset."""
    problem = getattr(error, "problem", None)
    context = getattr(error, "context", None)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    index = getattr(mark, "index", 0) if mark is not None else 0
    if problem is None and hasattr(error, "character"):  # ruamel's ReaderError
        character = getattr(error, "character", "")
        code = character if isinstance(character, int) else ord(str(character)[:1] or "\0")
        return _YAMLProblem(
            f"`{ENGINE_CONFIG_FILE}` contains the control character U+{code:04X}, which YAML "
            "does not allow",
            int(getattr(error, "position", 0) or 0),
        )
    what = " ".join(str(problem or error).split())
    if context:
        what += f" ({' '.join(str(context).split())})"
    return _YAMLProblem(f"`{ENGINE_CONFIG_FILE}` is not valid YAML: {what}", int(index or 0))


def _skip_properties(text: str, start: int, end: int) -> int:
    """The offset of a node's content after its anchor (`&a`) and tag (`!!str`) properties."""
    position = start
    while position < end:
        while position < end and text[position] in " \t\r\n":
            position += 1
        if position < end and text[position] == "#":
            while position < end and text[position] not in "\r\n":
                position += 1
            continue
        if position < end and text[position] in "&!":
            if text.startswith("!<", position):
                close = text.find(">", position)
                position = close + 1 if 0 <= close < end else end
            else:
                while position < end and text[position] not in " \t\r\n,[]{}":
                    position += 1
            continue
        break
    return min(position, end)


def _compose(text: str) -> tuple[Optional[_Node], Optional[int]]:
    """The first document's node tree, and the offset of a later document with content (if any).

    Iterative (ruamel's own composer recurses), with the depth bound applied as events arrive.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )
    from ruamel.yaml.nodes import ScalarNode

    # A fresh YAML per file: its resolver remembers a `%YAML 1.1` directive across documents.
    yaml = YAML(typ="rt")
    resolver = yaml.resolver
    documents = 0
    document_start = 0
    root: Optional[_Node] = None
    anchors: dict[str, _Node] = {}
    stack: list[Union[_Sequence, _Mapping]] = []

    def attach(node: _Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, _Sequence):
            parent.items.append(node)
        elif parent.pending is None:
            parent.pending = node
        else:
            key = parent.pending
            parent.pending = None
            if isinstance(node, _Scalar) and node.value == "" and node.style is PLAIN:
                # An empty value: ruamel puts it where the next token starts; the place a reader
                # sees is right after the key's colon.
                colon = _colon_after(text, key.end)
                if colon is not None:
                    node.start = node.end = colon + 1
            parent.pairs.append((key, node))

    def resolve(value: str, implicit: Any, explicit: Any) -> str:
        if explicit is not None and str(explicit) != "!":
            return str(explicit)
        return str(resolver.resolve(ScalarNode, value, implicit))

    try:
        for event in yaml.parse(text):
            if isinstance(event, DocumentStartEvent):
                documents += 1
                document_start = event.start_mark.index
                anchors = {}
                continue
            if documents > 1:
                # Only the first document counts; a later one matters only if it has content.
                empty = isinstance(event, ScalarEvent) and event.value == "" and not event.style
                content = isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent))
                if content and (not empty or event.anchor or event.tag):
                    return root, document_start
                continue
            if isinstance(event, AliasEvent):
                target = anchors.get(event.anchor)
                start, end = event.start_mark.index, event.end_mark.index
                if target is None:
                    raise _Stop(
                        f"alias `*{event.anchor}` has no anchor `&{event.anchor}` before it",
                        start,
                        end,
                    )
                attach(_Alias(start, end, event.anchor, target))
            elif isinstance(event, ScalarEvent):
                end = event.end_mark.index
                start = _skip_properties(text, event.start_mark.index, end)
                style = event.style if event.style in ("'", '"', "|", ">") else PLAIN
                value = event.value
                if style == ">":
                    value = value.replace(_FOLD_MARK, "")
                if style in ("|", ">"):
                    end = start + len(text[start:end].rstrip(" \t\r\n"))
                tag = resolve(event.value, event.implicit, event.tag)
                node: _Node = _Scalar(start, end, value, tag, style)
                if event.anchor:
                    anchors[event.anchor] = node
                attach(node)
            elif isinstance(event, (SequenceStartEvent, MappingStartEvent)):
                start = event.start_mark.index
                if len(stack) >= MAX_DEPTH:
                    raise _Stop(_too_deep_message(), start, start + 1)
                flow = bool(event.flow_style)
                start = _skip_properties(text, start, max(start, event.end_mark.index, start + 1))
                collection: Union[_Sequence, _Mapping] = (
                    _Sequence(start, flow)
                    if isinstance(event, SequenceStartEvent)
                    else _Mapping(start, flow)
                )
                if event.anchor:
                    anchors[event.anchor] = collection
                stack.append(collection)
            elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                collection = stack.pop()
                if collection.flow:
                    collection.end = event.end_mark.index
                else:
                    children: list[_Node] = (
                        collection.items
                        if isinstance(collection, _Sequence)
                        else [n for pair in collection.pairs for n in pair]
                    )
                    collection.end = max([collection.start, *(c.end for c in children)])
                attach(collection)
    except YAMLError as error:
        raise _yaml_error(error) from None
    except (_Stop, RecursionError):
        raise
    except Exception as error:  # a bug in the YAML parser must not become a traceback
        raise _YAMLProblem(
            f"`{ENGINE_CONFIG_FILE}` could not be parsed (the YAML parser failed with "
            f"{type(error).__name__})",
            0,
        ) from None
    return root, None


def _colon_after(text: str, offset: int) -> Optional[int]:
    position = offset
    while position < len(text) and text[position] in " \t":
        position += 1
    if position < len(text) and text[position] == ":":
        return position
    return None


# --- nesting guard ------------------------------------------------------------------------------
_DOUBLE_QUOTED = lazy_pattern(r'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_SINGLE_QUOTED = lazy_pattern(r"'(?:[^']|'')*'?")


def _excessive_flow_nesting(text: str, limit: int) -> Optional[int]:
    """The offset of a `[`/`{` that opens a flow collection nested deeper than `limit`, or None.

    ruamel's scanner slows down quadratically on many flow collections opened on one line (each
    is a possible mapping key it must track), so this runs before it. It is a small lexer that
    knows quotes, comments and block scalars; it only runs when some line has more than `limit`
    brackets at all.
    """
    if not any(line.count("[") + line.count("{") > limit for line in text.splitlines()):
        return None
    length = len(text)
    depth = 0
    index = 0
    node_start = True
    line_indent = 0
    at_line_start = True
    while index < length:
        char = text[index]
        if char in "\r\n":
            index += 1
            at_line_start = True
            continue
        if at_line_start:
            at_line_start = False
            scan = index
            while scan < length and text[scan] in " \t":
                scan += 1
            if depth == 0:
                node_start = True
                line_indent = scan - index
            index = scan
            continue
        if char in " \t":
            index += 1
            continue
        if char == "#" and (index == 0 or text[index - 1] in " \t\r\n"):
            while index < length and text[index] not in "\r\n":
                index += 1
            continue
        following = text[index + 1] if index + 1 < length else "\n"
        if node_start:
            if char in "[{":
                depth += 1
                if depth > limit:
                    return index
                index += 1
                continue
            if char == '"' or char == "'":
                pattern = _DOUBLE_QUOTED if char == '"' else _SINGLE_QUOTED
                match = pattern.match(text, index)
                index = match.end() if match else length
                node_start = False
                continue
            if char in "&!":
                while index < length and text[index] not in " \t\r\n,[]{}":
                    index += 1
                continue
            if depth == 0 and char in "|>":
                index = _skip_block_scalar(text, index, line_indent)
                at_line_start = True
                continue
            if char in "-?:" and following in " \t\r\n,[]{}":
                index += 1
                continue
            node_start = False
        if depth > 0:
            if char in "]}":
                depth -= 1
                node_start = False
            elif char in "[{":
                depth += 1
                if depth > limit:
                    return index
                node_start = True
            elif char == "," or (char == ":" and following in " \t\r\n,[]{}"):
                node_start = True
        elif char == ":" and following in " \t\r\n":
            node_start = True
        index += 1
    return None


def _skip_block_scalar(text: str, index: int, parent_indent: int) -> int:
    """The offset of the first line after a block scalar's body (its lines indented deeper)."""
    end = text.find("\n", index)
    if end < 0:
        return len(text)
    position = end + 1
    while position < len(text):
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        line = text[position:line_end]
        if line.strip() and len(line) - len(line.lstrip(" \t")) <= parent_indent:
            return position
        position = line_end + 1
    return len(text)
