"""The file offsets of each character of a scalar's value: what `substring_span` stands on.

Why this module exists: a rule that finds something inside a string value (a word of the `run`
command, say) must point at those characters in leanengine.yaml, but the value is the text after
unquoting, unescaping, line folding and block-scalar indentation. `_char_map` replays those rules
on the source to give every character of the value its [start, end) offsets, and gives up (so
`EngineConfig.substring_span` falls back to the whole value's span) whenever its rebuilt value
differs from the parser's, so a mismatch can never produce a wrong span.
"""

from __future__ import annotations

from typing import Optional

from ...lazy_re import lazy_pattern
from .nodes import _Scalar

_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def _char_map(text: str, node: _Scalar) -> Optional[list[tuple[int, int]]]:
    """For each character of the scalar's value, its [start, end) offsets in the file.

    Rebuilds the value from the source with YAML's folding and escaping rules and keeps the map
    only when the rebuilt value equals the parser's (so a mismatch can never give a wrong span).
    """
    try:
        if node.style in ("|", ">"):
            chars, offsets = _block_scalar(text, node)
        else:
            chars, offsets = _flow_scalar(text, node)
    except (IndexError, ValueError):
        return None
    rebuilt = "".join(chars)
    if node.style in ("|", ">"):
        # Chomping only changes the trailing line breaks; they map to the last one we saw.
        core = node.value.rstrip("\n")
        if not offsets:
            return None if node.value else []
        if rebuilt[: len(core)] != core:
            return None
        tail = offsets[len(core)] if len(offsets) > len(core) else offsets[-1]
        return offsets[: len(core)] + [tail] * (len(node.value) - len(core))
    return offsets if rebuilt == node.value else None


def _flow_scalar(text: str, node: _Scalar) -> tuple[list[str], list[tuple[int, int]]]:
    """Plain, single- and double-quoted scalars: line folding, `''`, and backslash escapes."""
    quoted = node.style in ("'", '"')
    begin, finish = (node.start + 1, node.end - 1) if quoted else (node.start, node.end)
    chars: list[str] = []
    offsets: list[tuple[int, int]] = []
    raw_space: list[bool] = []  # whether a char is literal white space (stripped at a fold)
    index = begin
    while index < finish:
        char = text[index]
        if node.style == '"' and char == "\\":
            following = text[index + 1]
            if following in "\r\n":
                index = _skip_break(text, index + 1)
                while index < finish and text[index] in " \t":
                    index += 1
                continue
            if following in _HEX_ESCAPES:
                width = _HEX_ESCAPES[following]
                code = int(text[index + 2 : index + 2 + width], 16)
                chars.append(chr(code))
                offsets.append((index, index + 2 + width))
                raw_space.append(False)
                index += 2 + width
                continue
            chars.append(_ESCAPES[following])
            offsets.append((index, index + 2))
            raw_space.append(False)
            index += 2
            continue
        if node.style == "'" and char == "'" and text[index + 1 : index + 2] == "'":
            chars.append("'")
            offsets.append((index, index + 2))
            raw_space.append(False)
            index += 2
            continue
        if char in "\r\n":
            while raw_space and raw_space[-1]:
                chars.pop()
                offsets.pop()
                raw_space.pop()
            first_break = index
            index = _skip_break(text, index)
            breaks: list[int] = []
            while True:
                scan = index
                while scan < finish and text[scan] in " \t":
                    scan += 1
                if scan < finish and text[scan] in "\r\n":
                    breaks.append(scan)
                    index = _skip_break(text, scan)
                    continue
                index = scan
                break
            if breaks:
                for position in breaks:
                    chars.append("\n")
                    offsets.append(_line_break(text, position))
                    raw_space.append(False)
            else:
                chars.append(" ")
                offsets.append(_line_break(text, first_break))
                raw_space.append(False)
            continue
        chars.append(char)
        offsets.append((index, index + 1))
        raw_space.append(char in " \t")
        index += 1
    return chars, offsets


def _line_break(text: str, index: int) -> tuple[int, int]:
    """Where the line break at `index` is written: one character, or two for CR LF (a span
    never ends between the two)."""
    return (index, min(_skip_break(text, index), len(text)))


def _skip_break(text: str, index: int) -> int:
    if text.startswith("\r\n", index):
        return index + 2
    return index + 1


_BLOCK_HEADER = lazy_pattern(r"[|>](?:([1-9])[-+]?|[-+]([1-9])?)?")


def _block_scalar(text: str, node: _Scalar) -> tuple[list[str], list[tuple[int, int]]]:
    """`|` and `>` scalars: indentation removed, `>` folded; trailing breaks left to the caller."""
    header = _BLOCK_HEADER.match(text, node.start)
    if header is None:
        raise ValueError("not a block scalar header")
    explicit = header.group(1) or header.group(2)
    line_end = text.find("\n", header.end())
    if line_end < 0 or line_end >= node.end:
        return [], []
    # The lines of the body, as (start offset, text without the line break).
    lines: list[tuple[int, str]] = []
    position = line_end + 1
    while position <= node.end:
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        lines.append((position, text[position:end].rstrip("\r")))
        position = end + 1
    parent_indent = _line_indent(text, node.start)
    if explicit:
        indent = parent_indent + int(explicit)
    else:
        content = [len(line) - len(line.lstrip(" ")) for _, line in lines if line.strip()]
        indent = content[0] if content else 0
    chars: list[str] = []
    offsets: list[tuple[int, int]] = []
    previous_folds = False  # the previous line was a normal (foldable) content line
    pending: list[int] = []  # offsets of line breaks not yet emitted
    for start, line in lines:
        body = line[indent:] if len(line) >= indent else ""
        if not line.strip() and len(line) <= indent:
            pending.append(start + len(line))
            continue
        normal = node.style == ">" and not body.startswith((" ", "\t"))
        if chars or pending:
            breaks = pending
            if chars and node.style == ">" and previous_folds and normal:
                if len(breaks) <= 1:
                    chars.append(" ")
                    offsets.append(_line_break(text, breaks[0]) if breaks else (start, start))
                else:
                    for offset in breaks[1:]:
                        chars.append("\n")
                        offsets.append(_line_break(text, offset))
            else:
                for offset in breaks:
                    chars.append("\n")
                    offsets.append(_line_break(text, offset))
        pending = []
        for column, char in enumerate(body):
            chars.append(char)
            offsets.append((start + indent + column, start + indent + column + 1))
        pending.append(start + len(line))
        previous_folds = normal
    for offset in pending:
        chars.append("\n")
        offsets.append(_line_break(text, offset))
    return chars, offsets


def _line_indent(text: str, offset: int) -> int:
    line_start = text.rfind("\n", 0, offset) + 1
    line = text[line_start:offset]
    return len(line) - len(line.lstrip(" "))
