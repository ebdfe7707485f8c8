"""Which CPython accepts which syntax: the facts every verdict of this package rests on.

One row per construct whose validity depends on the version: the first version that accepts it,
the first that rejects it again, and where that is written down. `VERIFIED` rows were also
checked against real interpreters (2.7 and 3.6–3.13) by `tests/analysis/
test_syntax_ground_truth.py`; rows marked otherwise come from the sources alone (3.0–3.5 and
3.14 have no interpreter in the test environment). A row's `note` says when the observed
behaviour differs from the documentation.

Pure data: the modules that detect constructs name them by key.
"""

from __future__ import annotations

from typing import Optional

from ....lazy_dataclass import dataclass

AS_OF = "2026-11"

Version = tuple[int, int]

# The newest line whose grammar additions this table knows. A target past it may accept
# syntax no host parser here knows, so a file the host rejects cannot be judged for it.
KNOWN_THROUGH: Version = (3, 14)
# The lines the ground-truth test compares against real interpreters.
VERIFIED_LINES: tuple[Version, ...] = (
    (2, 7),
    (3, 6),
    (3, 7),
    (3, 8),
    (3, 9),
    (3, 10),
    (3, 11),
    (3, 12),
    (3, 13),
)

_WHATSNEW = "https://docs.python.org/3/whatsnew/{}.html"


def _new(version: str, anchor: str = "") -> str:
    return _WHATSNEW.format(version) + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class Fact:
    """A construct and the versions that accept it.

    Accepted by version V when `introduced <= V < removed`, except in `[removed, restored)`
    when the construct came back. `construct` is how messages name it.
    """

    construct: str
    introduced: Optional[Version]
    removed: Optional[Version]
    source: str
    note: str = ""
    restored: Optional[Version] = None
    verified: bool = True

    def accepts(self, version: Version) -> bool:
        if self.introduced is not None and version < self.introduced:
            return False
        if self.removed is not None and self.removed <= version:
            return self.restored is not None and self.restored <= version
        return True


_PEP = "https://peps.python.org/pep-{:04d}/"

FACTS: dict[str, Fact] = {
    # --- Python 3 only (what Python 2.7 rejects) -------------------------------------------
    "nonlocal": Fact("the `nonlocal` statement", (3, 0), None, _PEP.format(3104)),
    "keyword_only": Fact("a keyword-only parameter", (3, 0), None, _PEP.format(3102)),
    "annotation": Fact("a function annotation", (3, 0), None, _PEP.format(3107)),
    "star_target": Fact(
        "a starred assignment target (`a, *b = c`)", (3, 0), None, _PEP.format(3132)
    ),
    "raise_from": Fact("`raise ... from ...`", (3, 0), None, _PEP.format(3134)),
    "ellipsis": Fact("`...` outside a subscript", (3, 0), None, _new("3.0")),
    "class_keywords": Fact(
        "a keyword or unpacked argument in a class definition", (3, 0), None, _PEP.format(3115)
    ),
    "print_call": Fact(
        "`print(...)` with keyword or unpacked arguments (without "
        "`from __future__ import print_function`)",
        (3, 0),
        None,
        _PEP.format(3105),
    ),
    "print_name": Fact(
        "`print` used as a name (without `from __future__ import print_function`)",
        (3, 0),
        None,
        _PEP.format(3105),
    ),
    "exec_name": Fact("`exec` used as a name", (3, 0), None, _new("3.0")),
    "nonascii_name": Fact("a non-ASCII identifier", (3, 0), None, _PEP.format(3131)),
    "yield_from": Fact("`yield from`", (3, 3), None, _PEP.format(380)),
    "generator_return": Fact(
        "`return` with a value in a generator", (3, 3), None, _PEP.format(380)
    ),
    "rb_prefix": Fact("the `rb` string prefix", (3, 3), None, _new("3.3"), verified=True),
    "u_prefix": Fact("the `u` string prefix", None, (3, 0), _PEP.format(414), restored=(3, 3)),
    "async": Fact("`async`/`await` syntax", (3, 5), None, _PEP.format(492)),
    "matmul": Fact("the `@` operator", (3, 5), None, _PEP.format(465)),
    "star_trailing_comma_call": Fact(
        "a trailing comma after `*args` or `**kwargs` in a call",
        (3, 5),
        None,
        _new("3.5"),
        verified=False,
        note="Observed: 2.7 rejects it, 3.6 accepts it.",
    ),
    "unpacking": Fact(
        "additional unpacking (`[*a]`, `{**a}`, `f(*a, *b)`)", (3, 5), None, _PEP.format(448)
    ),
    # --- 3.6 -----------------------------------------------------------------------------
    "fstring": Fact("an f-string", (3, 6), None, _new("3.6", "whatsnew36-pep498")),
    "numeric_underscore": Fact(
        "an underscore in a numeric literal", (3, 6), None, _new("3.6", "whatsnew36-pep515")
    ),
    "variable_annotation": Fact(
        "a variable annotation", (3, 6), None, _new("3.6", "whatsnew36-pep526")
    ),
    "async_generator": Fact(
        "`yield` inside `async def` (an asynchronous generator)",
        (3, 6),
        None,
        _new("3.6", "whatsnew36-pep525"),
    ),
    "async_comprehension": Fact(
        "an asynchronous comprehension or `await` in a comprehension",
        (3, 6),
        None,
        _new("3.6", "whatsnew36-pep530"),
    ),
    "star_trailing_comma": Fact(
        "a trailing comma after `*args` or `**kwargs` in a definition",
        (3, 6),
        None,
        "https://github.com/python/cpython/issues/53478",
        verified=False,
    ),
    "global_annotated_module": Fact(
        "an annotation of a name declared `global` at module level",
        (3, 8),
        None,
        _new("3.8"),
        note="Observed: 3.6 and 3.7 reject it; not documented.",
    ),
    # --- 3.7 -----------------------------------------------------------------------------
    "async_name": Fact(
        "`async` or `await` as a name",
        None,
        (3, 7),
        _new("3.7", "whatsnew37-deprecated"),
        note="Reserved keywords since 3.7.",
    ),
    "future_annotations": Fact(
        "`from __future__ import annotations`", (3, 7), None, _PEP.format(563)
    ),
    "fstring_await": Fact(
        "`await` inside an f-string",
        (3, 7),
        None,
        _new("3.7"),
        note="Observed: 3.6 rejects it; not documented.",
    ),
    "async_genexp_sync": Fact(
        "an asynchronous generator expression outside `async def`",
        (3, 7),
        None,
        _new("3.7"),
        note="Observed: 3.6 rejects it.",
    ),
    "genexp_trailing_comma": Fact(
        "a generator expression argument followed by a comma",
        None,
        (3, 7),
        "https://github.com/python/cpython/issues/76193",
    ),
    "genexp_class_base": Fact(
        "a generator expression as a class base",
        (3, 6),
        (3, 7),
        "https://github.com/python/cpython/issues/76193",
        note="Observed: only 3.6 accepts it.",
    ),
    "many_arguments": Fact(
        "a call with more than 255 arguments", (3, 7), None, _new("3.7", "other-language-changes")
    ),
    "many_parameters": Fact(
        "a definition with more than 255 parameters",
        None,
        (3, 0),
        _new("3.7", "other-language-changes"),
        restored=(3, 7),
        note="Observed: 2.7 accepts them; 3.0–3.6 do not.",
    ),
    # --- 3.8 -----------------------------------------------------------------------------
    "walrus": Fact(
        "the assignment expression `:=`", (3, 8), None, _new("3.8", "assignment-expressions")
    ),
    "positional_only": Fact(
        "a positional-only parameter (`/`)", (3, 8), None, _new("3.8", "positional-only-parameters")
    ),
    "fstring_debug": Fact(
        "the `=` specifier in f-strings",
        (3, 8),
        None,
        _new("3.8", "f-strings-support-for-self-documenting-expressions-and-debugging"),
    ),
    "return_star": Fact(
        "an unparenthesized starred tuple in `return` or `yield`",
        (3, 8),
        None,
        _new("3.8", "other-language-changes"),
    ),
    "continue_finally": Fact(
        "`continue` inside `finally`", (3, 8), None, _new("3.8", "other-language-changes")
    ),
    "yield_comprehension": Fact(
        "`yield` inside a comprehension or generator expression",
        None,
        (3, 8),
        _new("3.8", "changes-in-python-behavior"),
    ),
    "continuation_at_end": Fact(
        "a line continuation at the end of the file",
        None,
        (3, 8),
        _new("3.8"),
        note="Observed: 3.8 rejects it; not documented.",
    ),
    "keyword_parens": Fact(
        "a parenthesized keyword argument name (`f((a)=1)`)",
        None,
        (3, 8),
        _new("3.8", "changes-in-python-behavior"),
    ),
    # --- 3.9 -----------------------------------------------------------------------------
    "decorator_expression": Fact(
        "a decorator that is not a dotted name with an optional call",
        (3, 9),
        None,
        _PEP.format(614),
    ),
    "parenthesized_with": Fact(
        "a parenthesized context manager",
        (3, 9),
        None,
        _new("3.10", "parenthesized-context-managers"),
        note="Documented in 3.10; the 3.9 parser already accepts it.",
    ),
    "for_star": Fact(
        "an unparenthesized starred tuple as a `for` iterable",
        (3, 9),
        None,
        _PEP.format(617),
        note="Observed: accepted from the 3.9 parser on.",
    ),
    "walrus_set": Fact(
        "an unparenthesized `:=` in a set",
        (3, 9),
        None,
        _new("3.10", "other-language-changes"),
        note="Documented in 3.10; the 3.9 parser already accepts it.",
    ),
    "peg_parser_name": Fact(
        "`__peg_parser__` as a name",
        None,
        (3, 9),
        _new("3.9"),
        restored=(3, 10),
        note="A keyword in 3.9 only.",
    ),
    # --- 3.10 ----------------------------------------------------------------------------
    "match": Fact("the `match` statement", (3, 10), None, _PEP.format(634)),
    "walrus_index": Fact(
        "an unparenthesized `:=` in a subscript",
        (3, 10),
        None,
        _new("3.10", "other-language-changes"),
    ),
    "del_debug": Fact(
        "`del __debug__`",
        None,
        (3, 10),
        _new("3.10"),
        note="Observed: 3.10 rejects it; not documented.",
    ),
    "future_annotation_await": Fact(
        "`await`, `yield` or `:=` in an annotation under `from __future__ import annotations`",
        None,
        (3, 10),
        _new("3.10"),
        note="Observed.",
    ),
    # --- 3.11 ----------------------------------------------------------------------------
    "except_star": Fact("`except*`", (3, 11), None, _PEP.format(654)),
    "star_index": Fact(
        "a starred expression in a subscript (`a[*b]`)", (3, 11), None, _PEP.format(646)
    ),
    "star_annotation": Fact("a starred annotation (`*args: *Ts`)", (3, 11), None, _PEP.format(646)),
    "nested_async_comprehension": Fact(
        "an asynchronous comprehension inside a comprehension",
        (3, 11),
        None,
        _new("3.11", "other-language-changes"),
    ),
    # --- 3.12 ----------------------------------------------------------------------------
    "type_alias": Fact("the `type` statement", (3, 12), None, _PEP.format(695)),
    "type_params": Fact("a type parameter list", (3, 12), None, _PEP.format(695)),
    "fstring_quote": Fact(
        "an f-string reusing its quote inside a replacement field", (3, 12), None, _PEP.format(701)
    ),
    "fstring_backslash": Fact(
        "a backslash inside an f-string replacement field", (3, 12), None, _PEP.format(701)
    ),
    "fstring_comment": Fact(
        "a comment inside an f-string replacement field", (3, 12), None, _PEP.format(701)
    ),
    "fstring_newline": Fact(
        "a line break inside a replacement field of a single-quoted f-string",
        (3, 12),
        None,
        _PEP.format(701),
    ),
    "fstring_nesting": Fact(
        "an f-string format specification nested more than one level",
        (3, 12),
        None,
        _PEP.format(701),
    ),
    # --- 3.13 ----------------------------------------------------------------------------
    "type_param_default": Fact("a type parameter default", (3, 13), None, _PEP.format(696)),
    # --- 3.14 (no interpreter to check against) ------------------------------------------
    "except_unparenthesized": Fact(
        "`except A, B:` without parentheses",
        None,
        (3, 0),
        _PEP.format(758),
        restored=(3, 14),
        verified=False,
        note="Python 2 read it as `except A as B:`.",
    ),
    "template_string": Fact(
        'a template string (`t"..."`)', (3, 14), None, _PEP.format(750), verified=False
    ),
    "annotation_scope": Fact(
        "`yield`, `await` or `:=` in an annotation",
        None,
        (3, 14),
        _PEP.format(649),
        verified=False,
        note="Annotations are annotation scopes from 3.14 on.",
    ),
    # --- Python 2 only (what Python 3 rejects) --------------------------------------------
    "print_statement": Fact("the `print` statement", None, (3, 0), _PEP.format(3105)),
    "exec_statement": Fact("the `exec` statement", None, (3, 0), _new("3.0")),
    "backticks": Fact("a backtick expression (`` `x` ``)", None, (3, 0), _new("3.0")),
    "not_equal_old": Fact("the `<>` operator", None, (3, 0), _new("3.0")),
    "old_octal": Fact("an octal literal without `0o` (`0777`)", None, (3, 0), _new("3.0")),
    "long_suffix": Fact("the `L` suffix on integers", None, (3, 0), _new("3.0")),
    "ur_prefix": Fact("the `ur` string prefix", None, (3, 0), _new("3.0")),
    "except_comma": Fact("`except X, e:`", None, (3, 0), _new("3.0")),
    "raise_comma": Fact("`raise E, value`", None, (3, 0), _new("3.0")),
    "import_star_function": Fact(
        "`import *` inside a function or class", None, (3, 0), _new("3.0")
    ),
    "global_after_use": Fact(
        "a name used or assigned before its `global` declaration",
        None,
        (3, 6),
        _new("3.6", "changes-in-the-python-api"),
        note="A SyntaxWarning before 3.6.",
    ),
    "true_false_assignment": Fact("assignment to `True` or `False`", None, (3, 0), _new("3.0")),
}

# `from __future__ import X`: the first line whose `__future__` knows X.
FUTURE_FEATURES: dict[str, Version] = {
    "nested_scopes": (2, 1),
    "generators": (2, 2),
    "division": (2, 2),
    "absolute_import": (2, 5),
    "with_statement": (2, 5),
    "print_function": (2, 6),
    "unicode_literals": (2, 6),
    "barry_as_FLUFL": (3, 1),
    "generator_stop": (3, 5),
    "annotations": (3, 7),
}
FUTURE_SOURCE = "https://docs.python.org/3/library/__future__.html"

# Limits of CPython's tokenizer, parser and compiler, measured on 2.7 and 3.6–3.13.
# Brackets open at once (the tokenizer's MAXLEVEL); 3.9+ report it, older parsers fail first.
MAX_BRACKETS = 200
# Indentation levels (the tokenizer's MAXINDENT): 100 levels fail everywhere.
MAX_INDENT = 99
# Nested loops / `with` / `try` in one scope (CO_MAXBLOCKS); 3.13 counts one block fewer, and
# an `except` body costs two blocks on 3.9–3.13.
MAX_BLOCKS = 20
# The LL(1) parser of 2.7 and 3.6–3.8 overflows its 1500-entry stack: brackets nested 93
# (3.6, 3.7) or 99 (3.8) deep fail, and each indentation level costs about as much as one.
OLD_PARSER_LINES: tuple[Version, ...] = ((2, 7), (3, 6), (3, 7), (3, 8))
OLD_PARSER_BRACKETS_FAIL = 100
OLD_PARSER_SAFE_COST = 1200
# Expressions nested this deep compile on every line measured (the least, 3.6's lambdas,
# fails at 740); deeper ones depend on the line's recursion limits and constant folding.
SAFE_EXPRESSION_DEPTH = 700

# Python 2 was the platform default for app groups created before the cutoff
# (`platform.PYTHON_DEFAULT_CUTOFF_DATE`).
PYTHON2: Version = (2, 7)
