"""Running a parsed Go regular expression (`goregexp.Node`) against a path, as Go's
`Regexp.MatchString` does: is there a match anywhere.

Go's engine takes linear time; Python's backtracking `re` can take polynomial time of high degree
on a pattern with many unbounded repetitions (`*a*a*a*a` searched in a long path). So an
expression is given to `re` only when it is plainly safe — at most two unbounded repetitions of
single characters, none nested, none inside an alternation — and otherwise simulated here as a
set of states stepping over the text (Thompson's construction), which cannot blow up. Both read
the same tree, so they agree; the tests check that they do.

The subject is the path as Go sees its runes (`gotext.as_runes`: an invalid byte is U+FFFD).
"""

from __future__ import annotations

import bisect
import re
from typing import Callable, Optional, Union

from .goregexp import (
    ALTERNATE,
    BEGIN_LINE,
    BEGIN_TEXT,
    CAPTURE,
    CLASS,
    CONCAT,
    EMPTY,
    END_LINE,
    END_TEXT,
    NOT_WORD_BOUNDARY,
    REPEAT,
    WORD_BOUNDARY,
    Node,
)
from .gounicode import WORD_CHARS, Ranges

_MAX_SAFE_STARS = 2
_WORD_CLASS = "[0-9A-Za-z_]"


class Matcher:
    """A compiled expression: `search(text)` (anywhere) and `fullmatch(text)` (all of it)."""

    def __init__(self, node: Node) -> None:
        self.node = node
        self._regex: Optional[re.Pattern[str]] = None
        self._search: Optional[re.Pattern[str]] = None
        self._program: Optional[_Program] = None
        if _is_safe(node):
            self._regex = re.compile(_python(node))
            # A search needs no leading `.*`: dropping it keeps the answer and spares `re` a
            # scan to the end of the text from every position.
            self._search = re.compile(_python(_without_leading_star(node)))
        else:
            self._program = _Program(node)

    def search(self, text: str) -> bool:
        if self._search is not None:
            return self._search.search(text) is not None
        assert self._program is not None
        return self._program.run(text, anchored=False)

    def fullmatch(self, text: str) -> bool:
        if self._regex is not None:
            return self._regex.fullmatch(text) is not None
        assert self._program is not None
        return self._program.run(text, anchored=True)


# --- the safe subset, as a Python regular expression ----------------------------------------


def _is_safe(node: Node) -> bool:
    items = list(node.subs) if node.op == CONCAT else [node]
    stars = 0
    for index, item in enumerate(items):
        if item.op == REPEAT:
            if item.subs[0].op != CLASS:
                return False
            if item.high < 0:
                # A leading unbounded repetition adds nothing to a search; it is still run by re.
                stars += 0 if index == 0 and item.low == 0 else 1
        elif item.op not in (CLASS, EMPTY, BEGIN_TEXT, END_TEXT, BEGIN_LINE, END_LINE,
                             WORD_BOUNDARY, NOT_WORD_BOUNDARY):
            return False
    return stars <= _MAX_SAFE_STARS


def _without_leading_star(node: Node) -> Node:
    items = list(node.subs) if node.op == CONCAT else [node]
    while items and items[0].op == REPEAT and items[0].low == 0 and items[0].high < 0:
        items.pop(0)
    if not items:
        return Node(EMPTY)
    return items[0] if len(items) == 1 else Node(CONCAT, tuple(items))


def _escape(code: int) -> str:
    return f"\\U{code:08x}"


def _python_class(ranges: Ranges) -> str:
    if not ranges:
        return "(?!)"
    parts = [
        _escape(low) if low == high else f"{_escape(low)}-{_escape(high)}" for low, high in ranges
    ]
    return "[" + "".join(parts) + "]"


def _python(node: Node) -> str:
    op = node.op
    if op == CLASS:
        return _python_class(node.ranges)
    if op == EMPTY:
        return ""
    if op == BEGIN_TEXT:
        return r"\A"
    if op == END_TEXT:
        return r"\Z"
    if op == BEGIN_LINE:
        return "(?m:^)"
    if op == END_LINE:
        return "(?m:$)"
    if op == WORD_BOUNDARY:
        return f"(?:(?<={_WORD_CLASS})(?!{_WORD_CLASS})|(?<!{_WORD_CLASS})(?={_WORD_CLASS}))"
    if op == NOT_WORD_BOUNDARY:
        return f"(?:(?<={_WORD_CLASS})(?={_WORD_CLASS})|(?<!{_WORD_CLASS})(?!{_WORD_CLASS}))"
    if op == CONCAT:
        return "".join(f"(?:{_python(sub)})" for sub in node.subs)
    if op == ALTERNATE:
        return "(?:" + "|".join(_python(sub) for sub in node.subs) + ")"
    if op == CAPTURE:
        return f"(?:{_python(node.subs[0])})"
    if op == REPEAT:
        high = "" if node.high < 0 else str(node.high)
        return f"(?:{_python(node.subs[0])}){{{node.low},{high}}}"
    raise AssertionError(op)


# --- the general case: a state-set simulation -----------------------------------------------

_CHAR, _SPLIT, _JUMP, _ASSERT, _MATCH = range(5)
_Instruction = tuple[int, Union[Ranges, str, int, None], int]


def _in_ranges(ranges: Ranges, code: int) -> bool:
    index = bisect.bisect_right(ranges, (code, 0x110000)) - 1
    return index >= 0 and ranges[index][0] <= code <= ranges[index][1]


def _is_word(char: str) -> bool:
    return bool(char) and _in_ranges(WORD_CHARS, ord(char))


_ASSERTIONS: dict[str, Callable[[str, int], bool]] = {
    BEGIN_TEXT: lambda text, at: at == 0,
    END_TEXT: lambda text, at: at == len(text),
    BEGIN_LINE: lambda text, at: at == 0 or text[at - 1] == "\n",
    END_LINE: lambda text, at: at == len(text) or text[at] == "\n",
    WORD_BOUNDARY: lambda text, at: _is_word(text[at - 1 : at]) != _is_word(text[at : at + 1]),
    NOT_WORD_BOUNDARY: lambda text, at: _is_word(text[at - 1 : at])
    == _is_word(text[at : at + 1]),
}


class _Program:
    """The expression as instructions: CHAR(ranges), SPLIT(a, b), JUMP(a), ASSERT(kind), MATCH."""

    def __init__(self, node: Node) -> None:
        self.code: list[list[object]] = []
        self._emit(node)
        self.code.append([_MATCH, None, 0])

    def _add(self, kind: int, value: object = None, target: int = 0) -> int:
        self.code.append([kind, value, target])
        return len(self.code) - 1

    def _emit(self, node: Node) -> None:
        op = node.op
        if op == CLASS:
            self._add(_CHAR, node.ranges)
        elif op == EMPTY:
            pass
        elif op in _ASSERTIONS:
            self._add(_ASSERT, op)
        elif op in (CONCAT, CAPTURE):
            for sub in node.subs:
                self._emit(sub)
        elif op == ALTERNATE:
            jumps = []
            for sub in node.subs[:-1]:
                split = self._add(_SPLIT)
                self.code[split][1] = split + 1
                self._emit(sub)
                jumps.append(self._add(_JUMP))
                self.code[split][2] = len(self.code)
            self._emit(node.subs[-1])
            for jump in jumps:
                self.code[jump][1] = len(self.code)
        elif op == REPEAT:
            self._repeat(node.subs[0], node.low, node.high)
        else:
            raise AssertionError(op)

    def _optional(self, sub: Node) -> None:
        split = self._add(_SPLIT)
        self.code[split][1] = split + 1
        self._emit(sub)
        self.code[split][2] = len(self.code)

    def _repeat(self, sub: Node, low: int, high: int) -> None:
        for _ in range(low):
            self._emit(sub)
        if high < 0:
            split = self._add(_SPLIT)
            self.code[split][1] = split + 1
            self._emit(sub)
            self._add(_JUMP, split)
            self.code[split][2] = len(self.code)
            return
        for _ in range(high - low):
            self._optional(sub)

    def _closure(self, start: int, text: str, at: int, into: dict[int, None]) -> None:
        stack = [start]
        seen: set[int] = set()
        while stack:
            pc = stack.pop()
            if pc in seen:
                continue
            seen.add(pc)
            kind, value, target = self.code[pc]
            if kind == _JUMP:
                stack.append(value)  # type: ignore[arg-type]
            elif kind == _SPLIT:
                stack.append(target)  # type: ignore[arg-type]
                stack.append(value)  # type: ignore[arg-type]
            elif kind == _ASSERT:
                if _ASSERTIONS[value](text, at):  # type: ignore[index]
                    stack.append(pc + 1)
            else:
                into[pc] = None

    def run(self, text: str, anchored: bool) -> bool:
        match = len(self.code) - 1
        states: dict[int, None] = {}
        self._closure(0, text, 0, states)
        for at, char in enumerate(text):
            if match in states and not anchored:
                return True
            code = ord(char)
            following: dict[int, None] = {}
            for pc in states:
                kind, value, _target = self.code[pc]
                if kind == _CHAR and _in_ranges(value, code):  # type: ignore[arg-type]
                    self._closure(pc + 1, text, at + 1, following)
            if not anchored:
                self._closure(0, text, at + 1, following)
            states = following
            if anchored and not states:
                return False
        return match in states
