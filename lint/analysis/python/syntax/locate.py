"""Where a file stops being valid Python, found the same way on every host.

Each host's parser reports an error in its own words and at its own position (3.10 moved many
of them). The statement to blame is found instead by parsing growing prefixes of the file: the
prefix that ends after logical line `i`, completed where it would otherwise end in the middle of
a compound statement (a body for a trailing header, `finally` for an open `try`, a function
for a trailing decorator). The first logical line whose prefix fails is where the file goes
wrong; which prefixes parse does not depend on the host, so neither does the answer.
"""

from __future__ import annotations

import ast
import warnings
from typing import Optional

from ....lazy_dataclass import dataclass
from .masking import View
from .tokens import NAME, OP

_CLAUSES = frozenset(("else", "elif", "except", "finally", "case"))


@dataclass(frozen=True)
class Located:
    """The logical line where parsing fails, as token indexes into the view; `at_end` when
    every prefix parses and only the end of the file is missing something."""

    first: int
    last: int
    at_end: bool = False


def parses(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text, filename="<prefix>")
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return False
    return True


def locate(view: View) -> Optional[Located]:
    """The first logical line whose prefix does not parse (None: the file has no lines)."""
    lines = view.lines
    if not lines:
        return None
    info = lines_info(view)
    low, high = -1, len(lines) - 1
    if parses(completed_prefix(view, info, high)):
        first, last = lines[high]
        return Located(first, last, at_end=True)
    while high - low > 1:
        middle = (low + high) // 2
        if parses(completed_prefix(view, info, middle)):
            low = middle
        else:
            high = middle
    first, last = lines[high]
    return Located(first, last)


@dataclass(frozen=True)
class _Info:
    indent: str
    width: int
    word: str
    header: bool
    end: int


def lines_info(view: View) -> list[_Info]:
    """What completing a prefix needs to know about each logical line."""
    return [_line_info(view, first, last) for first, last in view.lines]


def _line_info(view: View, first: int, last: int) -> _Info:
    text = view.text
    start = view.token(first).start
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    indent = text[line_start:start]
    if indent.strip(" \t\f"):
        indent = ""  # the line begins inside a continuation; its indentation is not its own
    depth = view.token(first).depth
    header = last - 1 >= first and view.token(last - 1).depth == depth and view.is_op(last - 1, ":")
    word = view.value(first) if view.token(first).kind in (NAME, OP) else ""
    return _Info(indent, len(indent.expandtabs(8)), word, header, view.token(last).end)


def completed_prefix(view: View, info: list[_Info], index: int) -> str:
    """The text through logical line `index`, completed so that it can parse."""
    text = view.text[: info[index].end]
    if not text.endswith(("\n", "\r")):
        text += "\n"
    completion: list[str] = []
    current = info[index]
    if current.header:
        body = "case _: pass" if current.word == "match" else "pass"
        completion.append(current.indent + " " + body)
    elif current.word == "@":
        completion.append(current.indent + "def _(): pass")
    for indent in _open_tries(info, index):
        completion.append(indent + "finally: pass")
    return text + "".join(line + "\n" for line in completion)


def _open_tries(info: list[_Info], index: int) -> list[str]:
    """Indentation of every `try` still waiting for `except` or `finally`, innermost first."""
    stack: list[tuple[int, str, bool]] = []  # (width, indent, pending try)
    for position in range(index + 1):
        line = info[position]
        while stack and stack[-1][0] > line.width:
            stack.pop()
        if stack and stack[-1][0] == line.width:
            width, indent, pending = stack.pop()
            if line.word in _CLAUSES:
                pending = pending and line.word not in ("except", "finally")
                if line.header:
                    stack.append((width, indent, pending))
                continue
            if pending:
                stack.append((width, indent, pending))
                break
        if line.header:
            stack.append((line.width, line.indent, line.word == "try"))
    return [indent for _, indent, pending in reversed(stack) if pending]
