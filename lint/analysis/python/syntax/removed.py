"""Syntax older Pythons accept and every host here rejects, hidden so the rest can be judged.

`async` and `await` were names until 3.7; `f(x for x in y,)` parsed until 3.7; `f((a)=1)` and a
line continuation at the very end of a file until 3.8; `__peg_parser__` is a keyword in 3.9
alone. When the target is old enough to accept one of
these, the host parses a copy where names are renamed to unused names of the same length and
brackets or commas become spaces; `restore` puts the names back into the tree afterwards.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ....lazy_re import lazy_pattern
from .facts import FACTS, Version
from .masking import Found, View
from .tokens import NAME, NEWLINE

_FINAL_CONTINUATION = lazy_pattern(r"\\(?:\r\n|\r|\n)?\Z")


def removed_constructs(view: View, target: Version, host: Version) -> list[Found]:
    """Constructs the target accepts and the host rejects, in source order."""
    found: list[Found] = []
    if FACTS["async_name"].accepts(target):
        found += _async_names(view)
    if FACTS["genexp_trailing_comma"].accepts(target):
        found += _genexp_commas(view)
    if FACTS["genexp_class_base"].accepts(target):
        found += _class_genexps(view)
    if FACTS["keyword_parens"].accepts(target):
        found += _keyword_parens(view)
    end = _FINAL_CONTINUATION.search(view.text)
    if end is not None and FACTS["continuation_at_end"].accepts(target):
        backslash = end.start()
        found.append(
            Found(
                "continuation_at_end", backslash, backslash + 1, ((backslash, backslash + 1, " "),)
            )
        )
    if FACTS["peg_parser_name"].accepts(target) and not FACTS["peg_parser_name"].accepts(host):
        found += [
            Found("peg_parser_name", token.start, token.end)
            for token, value in zip(view.tokens, view.values)
            if token.kind == NAME and value == "__peg_parser__"
        ]
    return sorted(found, key=lambda item: item.start)


def renames(text: str, found: list[Found]) -> dict[str, str]:
    """For each renamed word in `found`, an unused identifier of the same length."""
    words = sorted(
        {
            text[item.start : item.end]
            for item in found
            if item.key in ("async_name", "peg_parser_name")
        }
    )
    names: dict[str, str] = {}
    for word in words:
        counter = 0
        while True:
            candidate = "_" + str(counter).zfill(len(word) - 1)
            if len(candidate) == len(word) and not re.search(rf"\b{candidate}\b", text):
                names[word] = candidate
                break
            counter += 1
    return names


def edits(text: str, found: list[Found], names: dict[str, str]) -> list[tuple[int, int, str]]:
    result: list[tuple[int, int, str]] = []
    for item in found:
        word = text[item.start : item.end]
        if word in names:
            result.append((item.start, item.end, names[word]))
        elif item.edits:
            result.extend(item.edits)
    return result


def _async_names(view: View) -> Iterator[Found]:
    """`async` and `await` outside `async def` bodies, where Python 3.6 reads them as names."""
    depth_of_async: list[int] = []
    indent = 0
    line_start = True
    for index, token in enumerate(view.tokens):
        value = view.values[index]
        if token.kind == NEWLINE:
            line_start = True
            continue
        if line_start:
            line_start = False
            indent = _indent(view.text, token.start)
            while depth_of_async and indent <= depth_of_async[-1]:
                depth_of_async.pop()
        if value == "async" and view.value(index + 1) == "def":
            depth_of_async.append(indent)
            continue
        if value in ("async", "await") and token.kind == NAME and not depth_of_async:
            yield Found("async_name", token.start, token.end)


def _indent(text: str, position: int) -> int:
    line = text.rfind("\n", 0, position) + 1
    return len(text[line:position].expandtabs(8))


def _calls(view: View) -> Iterator[tuple[int, int]]:
    for index, value in enumerate(view.values):
        if value == "(" and view.ends_operand(index - 1):
            closing = view.closing(index)
            if closing is not None:
                yield index, closing


def _genexp_commas(view: View) -> Iterator[Found]:
    for opening, closing in _calls(view):
        items = view.items(opening, closing)
        depth = view.token(opening).depth + 1
        if len(items) == 1 and view.is_op(closing - 1, ","):
            first, last = items[0]
            if any(
                view.values[i] == "for" and view.token(i).depth == depth for i in range(first, last)
            ):
                comma = view.token(closing - 1)
                yield Found(
                    "genexp_trailing_comma",
                    comma.start,
                    comma.end,
                    ((comma.start, comma.end, " "),),
                )


def _class_genexps(view: View) -> Iterator[Found]:
    for index, value in enumerate(view.values):
        if value == "class" and view.is_op(index + 2, "("):
            closing = view.closing(index + 2)
            depth = view.token(index + 2).depth + 1
            if closing is None:
                continue
            inside = range(index + 3, closing)
            if any(view.values[i] == "for" and view.token(i).depth == depth for i in inside):
                start, end = view.span(index + 2, closing)
                yield Found("genexp_class_base", start, end, None)


def _keyword_parens(view: View) -> Iterator[Found]:
    for opening, closing in _calls(view):
        for first, last in view.items(opening, closing):
            if (
                last - first >= 4
                and view.is_op(first, "(")
                and view.token(first + 1).kind == NAME
                and view.is_op(first + 2, ")")
                and view.is_op(first + 3, "=")
            ):
                left, right = view.token(first), view.token(first + 2)
                yield Found(
                    "keyword_parens",
                    left.start,
                    right.end,
                    ((left.start, left.end, " "), (right.start, right.end, " ")),
                )


def restore(tree: ast.AST, names: dict[str, str]) -> None:
    """Put renamed words back into every identifier of the tree."""
    back = {new: old for old, new in names.items()}
    if not back:
        return
    for node in ast.walk(tree):
        for field in ("id", "attr", "arg", "name", "asname", "module", "rest"):
            value = getattr(node, field, None)
            if isinstance(value, str):
                parts = value.split(".")
                if any(part in back for part in parts):
                    setattr(node, field, ".".join(back.get(part, part) for part in parts))
        for field in ("names", "kwd_attrs"):
            value = getattr(node, field, None)
            if isinstance(value, list) and value and isinstance(value[0], str):
                setattr(node, field, [back.get(item, item) for item in value])
