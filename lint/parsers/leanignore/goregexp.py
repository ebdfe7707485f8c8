"""Go's `regexp.Compile` syntax (RE2, Perl flags, as Go 1.20 parses it): valid or not, and what
it means.

The deploy tool turns a `.leanignore` pattern without `/` into a Go regular expression; a pattern
whose translation Go refuses stops the deploy. Python's `re` accepts and rejects different things
(`\\e`, `[z-a]`, `\\x` alone, `[[:foo:]]`, `\\Q…\\E`, `\\pL`…), so the translation is parsed here
the way Go parses it: the same escapes, classes (POSIX `[:name:]`, Perl `\\d\\s\\w`, Unicode
`\\pL`/`\\p{Greek}`), groups and flags, repetition rules (`a**` and `{1001}` are errors; a
repetition with nothing before it is an error) and error messages
(`error parsing regexp: invalid character class range: \\`z-a\\``).

The result is a small tree of `Node`s in which every character matcher is a set of code-point
ranges; `gomatch` runs it. Known approximations, all about Unicode data: Python's `unicodedata`
stands in for Go 1.20's Unicode 13 tables (`\\pL` and friends), a script class (`\\p{Greek}`) is
read from character names, `(?i)` folds with Python's case mappings, and Go's limit on the
compiled size of a huge expression ("expression too large") is not checked.
"""

from __future__ import annotations

from typing import Optional, Union

from ...lazy_dataclass import dataclass
from .gounicode import (
    MAX_RUNE,
    PERL_CLASSES,
    POSIX_CLASSES,
    Ranges,
    fold,
    negate,
    normalize,
    unicode_table,
)

_MAX_REPEAT = 1000
_MAX_HEIGHT = 1000

# Node operations. Every character matcher is CLASS (a literal is a one-character class).
CLASS = "class"
EMPTY = "empty"
BEGIN_TEXT, END_TEXT, BEGIN_LINE, END_LINE = "begin_text", "end_text", "begin_line", "end_line"
WORD_BOUNDARY, NOT_WORD_BOUNDARY = "word_boundary", "not_word_boundary"
CONCAT, ALTERNATE, REPEAT, CAPTURE = "concat", "alternate", "repeat", "capture"

@dataclass(frozen=True)
class Node:
    """One node of a parsed expression.

    CLASS has `ranges` (sorted, disjoint); REPEAT has `low`, `high` (-1: no limit), `counted`
    (written `{…}`, which Go's size rule counts) and one sub-node; CONCAT, ALTERNATE and CAPTURE
    have sub-nodes.
    """

    op: str
    subs: tuple[Node, ...] = ()
    ranges: Ranges = ()
    low: int = 0
    high: int = 0
    counted: bool = False


class GoRegexpError(ValueError):
    """Go refuses the expression; `str()` is Go's own message."""

    def __init__(self, code: str, expr: str) -> None:
        super().__init__(f"error parsing regexp: {code}: `{expr}`")
        self.code = code
        self.expr = expr


_INVALID_CHAR_CLASS_RANGE = "invalid character class range"
_INVALID_ESCAPE = "invalid escape sequence"
_INVALID_NAMED_CAPTURE = "invalid named capture"
_INVALID_PERL_OP = "invalid or unsupported Perl syntax"
_INVALID_REPEAT_OP = "invalid nested repetition operator"
_INVALID_REPEAT_SIZE = "invalid repeat count"
_INVALID_UTF8 = "invalid UTF-8"
_MISSING_BRACKET = "missing closing ]"
_MISSING_PAREN = "missing closing )"
_MISSING_REPEAT_ARGUMENT = "missing argument to repetition operator"
_TRAILING_BACKSLASH = "trailing backslash at end of expression"
_UNEXPECTED_PAREN = "unexpected )"
_NESTING_DEPTH = "expression nests too deeply"

# --- the parser ------------------------------------------------------------------------------

_FOLD, _ONE_LINE, _DOT_NL = 1, 2, 4
_PERL_FLAGS = _ONE_LINE


def _is_surrogate(char: str) -> bool:
    return "\ud800" <= char <= "\udfff"


def _is_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _unhex(char: str) -> int:
    return int(char, 16) if len(char) == 1 and char in "0123456789abcdefABCDEF" else -1


@dataclass
class _Paren:
    flags: int
    capture: bool


@dataclass
class _Bar:
    alternatives: list[Node]


_Item = Union[Node, _Paren, _Bar]


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.flags = _PERL_FLAGS
        self.stack: list[_Item] = []

    # -- the stack --
    def push(self, node: Node) -> None:
        self.stack.append(node)

    def char_class(self, ranges: Ranges) -> Node:
        if self.flags & _FOLD:
            ranges = fold(ranges)
        return Node(CLASS, ranges=ranges)

    def literal(self, code: int) -> None:
        self.push(self.char_class(((code, code),)))

    def concat(self) -> Node:
        index = len(self.stack)
        while index > 0 and isinstance(self.stack[index - 1], Node):
            index -= 1
        items = [item for item in self.stack[index:] if isinstance(item, Node)]
        del self.stack[index:]
        if not items:
            return Node(EMPTY)
        return items[0] if len(items) == 1 else Node(CONCAT, tuple(items))

    def close_alternation(self) -> Node:
        node = self.concat()
        if self.stack and isinstance(self.stack[-1], _Bar):
            bar = self.stack.pop()
            assert isinstance(bar, _Bar)
            node = Node(ALTERNATE, (*bar.alternatives, node))
        return node

    def vertical_bar(self) -> None:
        node = self.concat()
        if self.stack and isinstance(self.stack[-1], _Bar):
            self.stack[-1].alternatives.append(node)
        else:
            self.stack.append(_Bar([node]))

    def right_paren(self) -> None:
        node = self.close_alternation()
        if not self.stack or not isinstance(self.stack[-1], _Paren):
            raise GoRegexpError(_UNEXPECTED_PAREN, self.text)
        paren = self.stack.pop()
        assert isinstance(paren, _Paren)
        self.flags = paren.flags
        self.push(Node(CAPTURE, (node,)) if paren.capture else node)

    def repeat(
        self, low: int, high: int, counted: bool, start: int, end: int, last: Optional[int]
    ) -> int:
        """Apply a repetition written at text[start:end]; returns where parsing goes on."""
        if end < len(self.text) and self.text[end] == "?":
            end += 1  # non-greedy: the same set of matches
        if last is not None:
            raise GoRegexpError(_INVALID_REPEAT_OP, self.text[last:end])
        if not self.stack or not isinstance(self.stack[-1], Node):
            raise GoRegexpError(_MISSING_REPEAT_ARGUMENT, self.text[start:end])
        sub = self.stack[-1]
        node = Node(REPEAT, (sub,), low=low, high=high, counted=counted)
        self.stack[-1] = node
        if counted and (low >= 2 or high >= 2) and not _repeat_is_valid(node, _MAX_REPEAT):
            raise GoRegexpError(_INVALID_REPEAT_SIZE, self.text[start:end])
        return end

    # -- the main loop --
    def parse(self) -> Node:
        text = self.text
        index = 0
        last_repeat: Optional[int] = None
        while index < len(text):
            repeat_at: Optional[int] = None
            char = text[index]
            if char == "(":
                if text.startswith("(?", index):
                    index = self.perl_flags(index)
                else:
                    self.stack.append(_Paren(self.flags, True))
                    index += 1
            elif char == "|":
                self.vertical_bar()
                index += 1
            elif char == ")":
                self.right_paren()
                index += 1
            elif char == "^":
                self.push(Node(BEGIN_TEXT if self.flags & _ONE_LINE else BEGIN_LINE))
                index += 1
            elif char == "$":
                self.push(Node(END_TEXT if self.flags & _ONE_LINE else END_LINE))
                index += 1
            elif char == ".":
                ranges: Ranges = ((0, MAX_RUNE),) if self.flags & _DOT_NL else negate(((10, 10),))
                self.push(Node(CLASS, ranges=ranges))
                index += 1
            elif char == "[":
                index = self.parse_class(index)
            elif char in "*+?":
                low, high = {"*": (0, -1), "+": (1, -1), "?": (0, 1)}[char]
                repeat_at = index
                index = self.repeat(low, high, False, index, index + 1, last_repeat)
            elif char == "{":
                parsed = _parse_repeat(text, index)
                if parsed is None:
                    self.literal(ord("{"))
                    index += 1
                else:
                    low, high, end = parsed
                    if low < 0 or low > _MAX_REPEAT or high > _MAX_REPEAT or 0 <= high < low:
                        raise GoRegexpError(_INVALID_REPEAT_SIZE, text[index:end])
                    repeat_at = index
                    index = self.repeat(low, high, True, index, end, last_repeat)
            elif char == "\\":
                index = self.backslash(index)
            else:
                if _is_surrogate(char):
                    raise GoRegexpError(_INVALID_UTF8, text[index:])
                self.literal(ord(char))
                index += 1
            last_repeat = repeat_at
        node = self.close_alternation()
        if self.stack:
            raise GoRegexpError(_MISSING_PAREN, text)
        if _height(node) > _MAX_HEIGHT:
            raise GoRegexpError(_NESTING_DEPTH, text)
        return node

    def perl_flags(self, index: int) -> int:
        text = self.text
        if text.startswith("(?P<", index) and len(text) - index > 4:
            end = text.find(">", index)
            if end < 0:
                if any(_is_surrogate(c) for c in text[index:]):
                    raise GoRegexpError(_INVALID_UTF8, text[index:])
                raise GoRegexpError(_INVALID_NAMED_CAPTURE, text[index:])
            name = text[index + 4 : end]
            if any(_is_surrogate(c) for c in name):
                raise GoRegexpError(_INVALID_UTF8, name)
            if not name or not all(c == "_" or _is_alnum(c) for c in name):
                raise GoRegexpError(_INVALID_NAMED_CAPTURE, text[index : end + 1])
            self.stack.append(_Paren(self.flags, True))
            return end + 1
        flags = self.flags
        negative = False
        saw_flag = False
        position = index + 2
        while position < len(text):
            char = text[position]
            position += 1
            if _is_surrogate(char):
                raise GoRegexpError(_INVALID_UTF8, text[position - 1 :])
            bit = {"i": _FOLD, "m": _ONE_LINE, "s": _DOT_NL, "U": 0}.get(char)
            if bit is not None:
                # `m` clears "one line"; the others set their flag (minus reverses both).
                set_it = (char != "m") != negative
                flags = flags | bit if set_it else flags & ~bit
                saw_flag = True
            elif char == "-" and not negative:
                negative = True
                saw_flag = False
            elif char in ":)" and not (negative and not saw_flag):
                if char == ":":
                    self.stack.append(_Paren(self.flags, False))
                self.flags = flags
                return position
            else:
                break
        raise GoRegexpError(_INVALID_PERL_OP, text[index:position])

    def backslash(self, index: int) -> int:
        text = self.text
        following = text[index + 1] if index + 1 < len(text) else ""
        if following:
            simple = {
                "A": BEGIN_TEXT,
                "b": WORD_BOUNDARY,
                "B": NOT_WORD_BOUNDARY,
                "z": END_TEXT,
            }.get(following)
            if simple is not None:
                self.push(Node(simple))
                return index + 2
            if following == "C":
                raise GoRegexpError(_INVALID_ESCAPE, text[index : index + 2])
            if following == "Q":
                end = text.find("\\E", index + 2)
                literal = text[index + 2 :] if end < 0 else text[index + 2 : end]
                for position, char in enumerate(literal):
                    if _is_surrogate(char):
                        raise GoRegexpError(_INVALID_UTF8, literal[position:])
                    self.literal(ord(char))
                return len(text) if end < 0 else end + 2
            if following in "pP":
                ranges, index = self.unicode_class(index)
                self.push(Node(CLASS, ranges=ranges))
                return index
            if following in "dDsSwW":
                perl = PERL_CLASSES[following.lower()]
                perl = fold(perl) if self.flags & _FOLD else perl
                self.push(Node(CLASS, ranges=perl if following.islower() else negate(perl)))
                return index + 2
        code, index = self.escape(index)
        self.literal(code)
        return index

    def escape(self, index: int) -> tuple[int, int]:
        """A single-character escape at text[index] (a backslash): (code point, index after)."""
        text = self.text
        start = index
        index += 1
        if index >= len(text):
            raise GoRegexpError(_TRAILING_BACKSLASH, "")
        char = text[index]
        index += 1
        if _is_surrogate(char):
            raise GoRegexpError(_INVALID_UTF8, text[index - 1 :])
        if char.isascii() and not _is_alnum(char):
            return ord(char), index
        octal = "01234567"
        if char in octal and (char == "0" or (index < len(text) and text[index] in octal)):
            value = int(char)
            for _ in range(2):
                if index < len(text) and text[index] in octal:
                    value = value * 8 + int(text[index])
                    index += 1
            return value, index
        if char == "x" and index < len(text):
            first = text[index]
            index += 1
            if _is_surrogate(first):
                raise GoRegexpError(_INVALID_UTF8, text[index - 1 :])
            if first == "{":
                value, digits = 0, 0
                while index < len(text):
                    char = text[index]
                    index += 1
                    if _is_surrogate(char):
                        raise GoRegexpError(_INVALID_UTF8, text[index - 1 :])
                    if char == "}":
                        if digits:
                            return value, index
                        break
                    if _unhex(char) < 0:
                        break
                    value = value * 16 + _unhex(char)
                    if value > MAX_RUNE:
                        break
                    digits += 1
                raise GoRegexpError(_INVALID_ESCAPE, text[start:index])
            second = text[index] if index < len(text) else ""
            if second:
                index += 1
                if _is_surrogate(second):
                    raise GoRegexpError(_INVALID_UTF8, text[index - 1 :])
            if _unhex(first) >= 0 and _unhex(second) >= 0:
                return _unhex(first) * 16 + _unhex(second), index
            raise GoRegexpError(_INVALID_ESCAPE, text[start:index])
        controls = {"a": 7, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11}
        if char in controls:
            return controls[char], index
        raise GoRegexpError(_INVALID_ESCAPE, text[start:index])

    def unicode_class(self, index: int) -> tuple[Ranges, int]:
        """`\\pX`, `\\p{Name}`, `\\P…`, `\\p{^Name}` at text[index]: (ranges, index after)."""
        text = self.text
        negated = text[index + 1] == "P"
        position = index + 2
        if position < len(text) and _is_surrogate(text[position]):
            raise GoRegexpError(_INVALID_UTF8, text[position:])
        if position < len(text) and text[position] == "{":
            close = text.find("}", index)
            if close < 0:
                if any(_is_surrogate(c) for c in text[index:]):
                    raise GoRegexpError(_INVALID_UTF8, text[index:])
                raise GoRegexpError(_INVALID_CHAR_CLASS_RANGE, text[index:])
            name = text[index + 3 : close]
            if any(_is_surrogate(c) for c in name):
                raise GoRegexpError(_INVALID_UTF8, name)
            end = close + 1
        else:
            end = min(position + 1, len(text))
            name = text[position:end]
        sequence = text[index:end]
        if name.startswith("^"):
            negated = not negated
            name = name[1:]
        table = unicode_table(name)
        if table is None:
            raise GoRegexpError(_INVALID_CHAR_CLASS_RANGE, sequence)
        if self.flags & _FOLD:
            table = fold(table)
        return (negate(table) if negated else table), end

    def class_char(self, index: int, whole: str) -> tuple[int, int]:
        text = self.text
        if index >= len(text):
            raise GoRegexpError(_MISSING_BRACKET, whole)
        if text[index] == "\\":
            return self.escape(index)
        if _is_surrogate(text[index]):
            raise GoRegexpError(_INVALID_UTF8, text[index:])
        return ord(text[index]), index + 1

    def parse_class(self, start: int) -> int:
        text = self.text
        whole = text[start:]
        index = start + 1
        negated = index < len(text) and text[index] == "^"
        if negated:
            index += 1
        ranges: list[tuple[int, int]] = []
        first = True
        while index >= len(text) or text[index] != "]" or first:
            first = False
            if text.startswith("[:", index) and len(text) - index > 2:
                close = text.find(":]", index + 2)
                if close >= 0:
                    name = text[index : close + 2]
                    inner = name[2:-2]
                    negative = inner.startswith("^")
                    group = POSIX_CLASSES.get(inner[1:] if negative else inner)
                    if group is None:
                        raise GoRegexpError(_INVALID_CHAR_CLASS_RANGE, name)
                    group = fold(group) if self.flags & _FOLD else group
                    ranges.extend(negate(group) if negative else group)
                    index = close + 2
                    continue
            if text.startswith(("\\p", "\\P"), index):
                table, index = self.unicode_class(index)
                ranges.extend(table)
                continue
            if text.startswith("\\", index) and index + 1 < len(text):
                perl = PERL_CLASSES.get(text[index + 1].lower())
                if perl is not None and text[index + 1] in "dDsSwW":
                    perl = fold(perl) if self.flags & _FOLD else perl
                    ranges.extend(perl if text[index + 1].islower() else negate(perl))
                    index += 2
                    continue
            range_start = index
            low, index = self.class_char(index, whole)
            high = low
            if len(text) - index >= 2 and text[index] == "-" and text[index + 1] != "]":
                high, index = self.class_char(index + 1, whole)
                if high < low:
                    raise GoRegexpError(_INVALID_CHAR_CLASS_RANGE, text[range_start:index])
            span = ((low, high),)
            ranges.extend(fold(span) if self.flags & _FOLD else span)
        index += 1
        result = normalize(ranges)
        self.push(Node(CLASS, ranges=negate(result) if negated else result))
        return index


def _parse_repeat(text: str, start: int) -> Optional[tuple[int, int, int]]:
    """`{n}`, `{n,}`, `{n,m}` at text[start]: (low, high, end), -1 for a number too big (low)
    or no limit (high); None when it is no repetition (the `{` is then a literal)."""

    def number(index: int) -> Optional[tuple[int, int]]:
        end = index
        while end < len(text) and "0" <= text[end] <= "9":
            end += 1
        digits = text[index:end]
        if not digits or (len(digits) > 1 and digits[0] == "0"):
            return None
        value = int(digits) if len(digits) <= 8 else -1
        return (value if value < 10**8 else -1), end

    parsed = number(start + 1)
    if parsed is None:
        return None
    low, index = parsed
    if index >= len(text):
        return None
    high = low
    if text[index] == ",":
        index += 1
        if index >= len(text):
            return None
        if text[index] == "}":
            high = -1
        else:
            second = number(index)
            if second is None:
                return None
            high, index = second
            if high < 0:
                low = -1
    if index >= len(text) or text[index] != "}":
        return None
    return low, high, index + 1


def _repeat_is_valid(node: Node, budget: int) -> bool:
    """Go's rule: nested counted repetitions may not multiply past 1000 copies."""
    if node.op == REPEAT and node.counted:
        most = node.high
        if most == 0:
            return True
        if most < 0:
            most = node.low
        if most > budget:
            return False
        if most > 0:
            budget //= most
    return all(_repeat_is_valid(sub, budget) for sub in node.subs)


def _height(node: Node) -> int:
    # Iterative: a deeply nested expression must not exhaust Python's stack.
    best = 0
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        best = max(best, depth)
        stack.extend((sub, depth + 1) for sub in current.subs)
    return best


def parse(text: str) -> Node:
    """Parse a Go regular expression (Perl flags, as `regexp.Compile`); raises
    `GoRegexpError` with Go's message when Go would refuse it."""
    return _Parser(text).parse()
