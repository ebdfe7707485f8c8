"""Constructs newer than the host, found in the tokens, with the edits that hide them.

A host parser rejects syntax newer than itself, so a file using it is read here from the tokens
instead: `match` (3.10), `except*`, starred subscripts and annotations (3.11), `type` statements,
type parameters and the f-strings of PEP 701 (3.12), type parameter defaults (3.13), `except A,
B:` and template strings (3.14). Spans are those the tree gates of a newer host report, so the
verdict does not depend on which host found the construct.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from .facts import FACTS, Version
from .fstrings import fstring_issues
from .masking import Found, View, as_string, blank
from .tokens import NAME, STRING, string_prefix, tokenize

_PEP701 = frozenset(
    ("fstring_quote", "fstring_backslash", "fstring_comment", "fstring_newline", "fstring_nesting")
)


def newer_than(host: Version) -> frozenset[str]:
    """The facts the host's parser does not know."""
    return frozenset(
        key
        for key, fact in FACTS.items()
        if not fact.accepts(host)
        and any(version > host for version in (fact.introduced, fact.restored) if version)
    )


def pep701_fstrings(text: str) -> list[Found]:
    """F-strings only 3.12's grammar reads, each hidden as a plain string of its length."""
    lexed = tokenize(text, pep701=True)
    ends = dict(lexed.fstrings)
    found: list[Found] = []
    for key, _, start in fstring_issues(text, ends.items()):
        if key not in _PEP701 or any(item.start == start for item in found):
            continue
        end = ends[start]
        replacement = as_string(text, start, end)
        edits = None if replacement is None else ((start, end, replacement),)
        found.append(Found(key, start, end, edits))
    return found


def newer_constructs(view: View, host: Version) -> list[Found]:
    """Constructs the host cannot parse, in source order."""
    unknown = newer_than(host)
    found = [item for item in _scan(view) if item.key in unknown]
    return sorted(found, key=lambda item: item.start)


def _scan(view: View) -> Iterator[Found]:
    text = view.text
    for first, last in view.lines:
        head = view.value(first)
        if view.token(first).kind == NAME and head == "match":
            yield from _match(view, first, last)
        elif head == "case":
            yield from _case(view, first, last)
        elif head == "except":
            yield from _except(view, first, last)
        elif (
            head == "type"
            and view.token(first + 1).kind == NAME
            and view.value(first + 2) in ("=", "[")
        ):
            start, end = view.span(first, last - 1)
            replacement = blank(text, start, end, "pass")
            edits = None if replacement is None else ((start, end, replacement),)
            yield Found("type_alias", start, view.token(first).end, edits)
            if view.value(first + 2) == "[":
                yield from _type_params(view, first + 2, with_edits=False)
        for index in range(first, last):
            value = view.value(index)
            if (
                value in ("def", "class")
                and view.token(index + 1).kind == NAME
                and view.is_op(index + 2, "[")
            ):
                yield from _type_params(view, index + 2, with_edits=True)
            elif value == ":=" and _in_subscript(view, index) and not _in_slice(view, index):
                yield _walrus(view, index)
            elif value == "*" and _starred_item(view, index):
                yield _star_index(view, index)
            elif value == "*" and view.is_op(index - 1, ":") and view.value(index - 3) == "*":
                yield _star_annotation(view, index)
            elif view.token(index).kind == STRING and "t" in string_prefix(value[:3]):
                start, end = view.span(index, index)
                replacement = as_string(text, start, end)
                yield Found(
                    "template_string",
                    start,
                    end,
                    None if replacement is None else ((start, end, replacement),),
                )


def _header(view: View, first: int, colon: int) -> Optional[tuple[tuple[int, int, str], ...]]:
    """Edits turning `match x:` or `case p:` into `if (1 ):` of the same length."""
    text = view.text
    start, colon_at = view.token(first).start, view.token(colon).start
    if colon_at - start < 6:
        return None
    middle = blank(text, start + 5, colon_at - 1)
    if middle is None:
        return None
    return ((start, colon_at, "if (1" + middle + ")"),)


def _match(view: View, first: int, last: int) -> Iterator[Found]:
    colon = view.colon(first, last)
    if colon is None or colon != last - 1 or colon == first + 1:
        return
    token = view.token(first)
    yield Found("match", token.start, token.end, _header(view, first, colon))


def _case(view: View, first: int, last: int) -> Iterator[Found]:
    colon = view.colon(first, last)
    if colon is None or colon == first + 1:
        return
    token = view.token(first)
    # Reported with its `match`; only the edits matter here.
    yield Found("match", token.start, token.start, _header(view, first, colon))


def _except(view: View, first: int, last: int) -> Iterator[Found]:
    text = view.text
    token = view.token(first)
    if view.is_op(first + 1, "*"):
        star = view.token(first + 1)
        yield Found("except_star", token.start, token.end, ((star.start, star.end, " "),))
        first += 1
    colon = view.colon(first, last)
    if colon is None:
        return
    depth = token.depth
    commas = [
        i for i in range(first + 1, colon) if view.token(i).depth == depth and view.is_op(i, ",")
    ]
    names = [view.value(i) for i in range(first + 1, colon) if view.token(i).depth == depth]
    if commas and "as" not in names:
        start, end = view.span(first + 1, colon - 1)
        replacement = blank(text, start, end, "_")
        edits = None if replacement is None else ((start, end, replacement),)
        yield Found("except_unparenthesized", start, end, edits)


def _type_params(view: View, opening: int, with_edits: bool) -> Iterator[Found]:
    closing = view.closing(opening)
    if closing is None:
        return
    items = view.items(opening, closing)
    if not items:
        return
    first, last = items[0]
    name = next((i for i in range(first, last) if view.token(i).kind == NAME), first)
    start, end = view.token(first).start, view.token(name).end
    edits = None
    if with_edits:
        left, right = view.token(opening).start, view.token(closing).end
        replacement = blank(view.text, left, right)
        edits = None if replacement is None else ((left, right, replacement),)
    yield Found("type_params", start, end, edits if with_edits else ())
    for item_first, item_last in items:
        for index in range(item_first, item_last):
            if view.is_op(index, "=") and view.token(index).depth == view.token(opening).depth + 1:
                value_start, value_end = view.span(index + 1, item_last - 1)
                left = view.token(index).start
                replacement = blank(view.text, left, value_end)
                yield Found(
                    "type_param_default",
                    value_start,
                    value_end,
                    None if replacement is None else ((left, value_end, replacement),),
                )


def _in_subscript(view: View, index: int) -> bool:
    """Whether the innermost bracket around token `index` is a subscript's `[`."""
    depth = view.token(index).depth
    for back in range(index - 1, -1, -1):
        token = view.token(back)
        if token.depth < depth:
            return view.value(back) == "[" and view.ends_operand(back - 1)
    return False


def _item_bounds(view: View, index: int) -> tuple[int, int]:
    """The first and last token of the comma-separated item holding token `index`."""
    depth = view.token(index).depth
    first = index
    while (
        first - 1 >= 0
        and view.token(first - 1).depth >= depth
        and not (view.token(first - 1).depth == depth and view.value(first - 1) in (",", "[", "("))
    ):
        first -= 1
    last = index
    while (
        last + 1 < len(view.tokens)
        and view.token(last + 1).depth >= depth
        and not (
            view.token(last + 1).depth == depth and view.value(last + 1) in (",", "]", ")", ":")
        )
    ):
        last += 1
    return first, last


def _in_slice(view: View, index: int) -> bool:
    """Whether the subscript around token `index` is a slice (`:=` is never allowed there)."""
    depth = view.token(index).depth
    opening = index
    while view.token(opening).depth >= depth:
        opening -= 1
    closing = view.closing(opening)
    end = closing if closing is not None else len(view.tokens)
    return any(view.token(i).depth == depth and view.is_op(i, ":") for i in range(opening + 1, end))


def _walrus(view: View, index: int) -> Found:
    first, last = _item_bounds(view, index)
    start, end = view.span(first, last)
    operator = view.token(index)
    return Found("walrus_index", start, end, ((operator.start, operator.end, "=="),))


def _starred_item(view: View, index: int) -> bool:
    """A `*` starting an item of a subscript: `a[*b]`, `a[x, *b]`."""
    if not (view.is_op(index - 1, "[") or view.is_op(index - 1, ",")):
        return False
    return _in_subscript(view, index)


def _star_index(view: View, index: int) -> Found:
    depth = view.token(index).depth
    opening = index - 1
    while not (view.token(opening).depth < depth):
        opening -= 1
    closing = view.closing(opening)
    last = (closing if closing is not None else index + 1) - 1
    star = view.token(index)
    start, end = view.span(opening + 1, last)
    return Found("star_index", start, end, ((star.start, star.end, " "),))


def _star_annotation(view: View, index: int) -> Found:
    _, last = _item_bounds(view, index)
    star = view.token(index)
    start, end = view.span(index, last)
    return Found("star_annotation", start, end, ((star.start, star.end, " "),))
