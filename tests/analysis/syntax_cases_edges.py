"""The corpus, continued: broken code, odd corners, encodings and nesting limits.

`ALL_CASES` is the whole corpus the syntax tests ask the interpreters and `judge` about.
"""

from __future__ import annotations

from tests.analysis.syntax_cases import COMPILE, PYTHON2, VERSIONED, Case, cases_from

BROKEN = cases_from(r"""
unclosed_paren: x = (1,\ny = 2
unclosed_at_end: x = [1, 2
unmatched_close: x = 1)
mismatched_close: x = (1]
unterminated_string: x = "abc\ny = 2
unterminated_triple: x = '''abc\ny = 2
missing_colon: if x\n    pass
missing_body: if x:\ny = 1
missing_body_end: if x:
stray_else: else:\n    pass
unexpected_indent: x = 1\n    y = 2
bad_dedent: if x:\n        a = 1\n    b = 2
tabs_mixed: if x:\n        a = 1\n\tb = 2
invalid_character: x = 1 $ 2
invalid_unicode_character: x = “quoted”
bad_identifier: x€ = 1
continuation_garbage: x = 1 \\ 2
continuation_end: x = 1 \\
assignment_to_literal: 1 = x
assignment_to_call: f() = 1
augmented_tuple: (a, b) += 1
def_missing_paren: def f:\n    pass
lambda_default_order: f = lambda a=1, b: 0
default_order: def f(a=1, b): pass
double_star_then_positional: f(**k, a)
keyword_then_positional: f(a=1, b)
generator_unparenthesized: f(x for x in y, 1)
try_without_handler: try:\n    pass\nx = 1
try_at_end: try:\n    pass
decorator_at_end: @decorator
decorator_then_statement: @decorator\nx = 1
dangling_operator: x = 1 +
empty_subscript: x[]
bad_number: x = 1e
bad_hex: x = 0x
bad_octal_digit: x = 0o8
leading_zero: x = 09
leading_zero_float: x = 09.5
leading_zeros_zero: x = 00
number_then_name: x = 1abc
number_then_keyword: x = [1for y in z]
hex_then_keyword: x = 0x1for y in z
bad_escape_x: x = "\\x1"
bad_escape_unicode: x = "\\u12"
bad_escape_name: x = "\\N{NO SUCH CHARACTER NAME}"
bad_escape_raw: x = r"\\N{NO SUCH CHARACTER NAME}"
bad_escape_bytes_u: x = b"\\u12"
nonascii_bytes: x = b"é"
invalid_escape_warning: x = "\\d"
error_late: x = 1\ny = 2\nz = (3\nw = 4
error_in_middle: def f():\n    return 1\n\ndef g()\n    return 2\n\nx = 3
error_in_long_dict: CONFIG = {\n    "a": 1,\n    "b": 2\n    "c": 3,\n}
error_after_match: match x:\n    case 1:\n        pass\nx = = 1
error_before_walrus: x = = 1\ny = (z := 1)
error_after_walrus: y = (z := 1)\nx = = 1
semicolons: x = 1; y = 2;
empty_file:
only_comment: # nothing here
only_docstring: '''Module docstring.'''
crlf_file: x = 1\r\ny = 2\r\n
cr_file: x = 1\ry = (3 +\r4)\r
""")

BROKEN += [
    Case("nbsp", "x\u00a0= 1\n"),
    Case("form_feed_indentation", "if x:\n    a = 1\n\x0c    b = 2\n"),
    Case("vertical_tab", "x = 1\x0b\n"),
    Case("zero_width_space", "x\u200b = 1\n"),
    Case("bom_character_inside", "x = 1\n\ufeffy = 2\n"),
    Case("nonascii_identifier", "caf\u00e9 = 1\n"),
    Case("nonascii_identifier_nfkc", "\ufb01 = 1\n"),
    Case("long_line_valid", "x = [" + "1, " * 40_000 + "]\n"),
    Case("long_line_error", "x = [" + "1, " * 40_000 + "] $\n"),
    Case("long_string", "x = '" + "a" * 200_000 + "'\n"),
]

MORE = cases_from(r"""
template_string: x = t"hello {name}"
template_string_raw: x = rt"\\d{x}"
numeric_underscore_complex: x = 1_000j + 1e1_0 + 0_0 + 0b_1
numeric_underscore_after_point: x = 1_.5
nested_fstring_same_quotes: x = f"{f"{f"{x}"}"}"
fstring_spec_nested_same_quotes: x = f"{x:{"<"}10}"
fstring_continuation_in_field: x = f"{1 + \\\n2}"
type_param_kinds: def f[T: int, *Ts, **P](*args: *Ts) -> T:\n    pass
type_param_constraints: class C[T: (int, str)]:\n    pass
posonly_kwonly: def f(a, b, /, c, *, d): pass
lambda_kwonly: f = lambda *, a: a
lambda_posonly: f = lambda a, /: a
decorator_subscript_attribute: @a[0].b\ndef f(): pass
decorator_spaces: @ a . b ( 1 )\ndef f(): pass
match_guard_walrus: match x:\n    case [a] if (b := a):\n        pass
match_soft_keywords_as_names: match match:\n    case case:\n        pass
match_class_and_mapping: match x:\n    case Point(x=0, y=0) | {"x": 0, **rest}:\n        pass
async_with_in_comprehension: async def f():\n    return [x async for x in y if await x]
await_class_comprehension: async def f():\n    class C:\n        x = [await y for y in z]
await_name_nested_def_36: async def f():\n    def g():\n        await = 1
return_in_finally: def f():\n    try:\n        pass\n    finally:\n        return 1
global_in_class: class C:\n    global x\n    x = 1
future_annotations_walrus_module: from __future__ import annotations\nx: (y := int) = 1
walrus_in_fstring_spec: x = f"{a:{(w := 10)}}"
starred_return_parenthesized_tuple: def f():\n    return (*a,)
unpacking_in_subscript_assignment: a[*b] = c
dict_unpack_in_comprehension: x = {**a for a in b}
keyword_argument_unpack_then_keyword: f(**a, b=1, **c)
print_function_in_class_py2: class C:\n    def p(self):\n        print("x", file=f)
exec_with_globals: exec("x = 1", {})
backslash_in_bytes_fstring: x = b"\\xff" + f"{y}"
conditional_import: if x:\n    from os import path\nelse:\n    path = None
try_else_finally: try:\n    pass\nexcept E:\n    pass\nelse:\n    pass\nfinally:\n    pass
with_parenthesized_expression: with (yield):\n    pass
class_with_bases_and_kwargs: class C(A, B, x=1, *bases, **kw):\n    pass
""")

BOM = b"\xef\xbb\xbf"
ENCODINGS = [
    Case("bom", BOM + b"x = 1\n"),
    Case("bom_cookie_utf8", BOM + b"# -*- coding: utf-8 -*-\nx = 1\n"),
    Case("bom_cookie_upper", BOM + b"# coding: UTF-8\nx = 1\n"),
    Case("bom_cookie_underscore", BOM + b"# coding: utf_8\nx = 1\n"),
    Case("bom_cookie_sig", BOM + b"# coding: utf-8-sig\nx = 1\n"),
    Case("bom_cookie_utf8_alias", BOM + b"# coding: utf8\nx = 1\n"),
    Case("bom_cookie_latin1", BOM + b"# coding: latin-1\nx = 1\n"),
    Case("bom_cookie_ascii", BOM + b"# coding=ascii\nx = 1\n"),
    Case("bom_cookie_vim", BOM + b"# vim: set fileencoding=latin-1 :\nx = 1\n"),
    Case("bom_cookie_second_line", BOM + b"#!/usr/bin/env python\n# coding: latin-1\nx = 1\n"),
    Case("bom_cookie_after_code", BOM + b"x = 1\n# coding: latin-1\n"),
    Case("bom_cookie_third_line", BOM + b"#\n#\n# coding: latin-1\nx = 1\n"),
    Case("bom_cookie_indented", BOM + b"  # coding: latin-1\nx = 1\n"),
    Case("cookie_latin1", b"# coding: latin-1\nx = '\xe9'\n"),
    Case("cookie_utf8_text", "# coding: utf-8\nx = '\u00e9'\n"),
    Case("bom_nonascii", BOM + "x = '\u00e9'\n".encode("utf-8")),
]


def _nested(head: str, depth: int, body: str = "pass") -> str:
    return "".join(" " * i + head + "\n" for i in range(depth)) + " " * depth + body + "\n"


def _indented(text: str, width: int = 4) -> str:
    return "".join(" " * width + line + "\n" for line in text.splitlines())


def _mixed_blocks() -> str:
    """Nine loops, a handler and nine `with` blocks: exactly at the limit from 3.9 on."""
    lines = [" " * i + "for x in y:" for i in range(9)]
    lines += [" " * 9 + "try:", " " * 10 + "pass", " " * 9 + "except E:"]
    lines += [" " * (10 + i) + "with a:" for i in range(9)] + [" " * 19 + "pass"]
    return "\n".join(lines) + "\n"


def _handlers(depth: int) -> str:
    lines = []
    for i in range(depth):
        lines += [" " * i + "try:", " " * (i + 1) + "pass", " " * i + "except E:"]
    return "\n".join(lines) + "\n" + " " * depth + "pass\n"


def _try_bodies(depth: int) -> str:
    head = "".join(" " * i + "try:\n" for i in range(depth)) + " " * depth + "pass\n"
    handlers = (" " * i + "except E:\n" + " " * (i + 1) + "pass\n" for i in reversed(range(depth)))
    return head + "".join(handlers)


NESTING = [
    Case("brackets_60", "x = " + "(" * 60 + "1" + ")" * 60 + "\n"),
    Case("brackets_95", "x = " + "(" * 95 + "1" + ")" * 95 + "\n", grey=True),
    Case("brackets_150", "x = " + "[" * 150 + "1" + "]" * 150 + "\n"),
    Case("brackets_201", "x = " + "(" * 201 + "1" + ")" * 201 + "\n"),
    Case("calls_150", "x = " + "f(" * 150 + "1" + ")" * 150 + "\n"),
    Case("indent_99", _nested("if x:", 99)),
    Case("indent_100", _nested("if x:", 100)),
    Case("indent_and_brackets", _nested("if x:", 50, "y = " + "(" * 40 + ")" * 40), grey=True),
    Case("loops_20", _nested("for x in y:", 20)),
    Case("loops_21", _nested("for x in y:", 21)),
    Case("loops_22", _nested("for x in y:", 22)),
    Case("loops_21_in_function", "def f():\n" + _indented(_nested("while x:", 21))),
    Case("withs_21", _nested("with x:", 21)),
    Case("handlers_10", _handlers(10)),
    Case("handlers_11", _handlers(11)),
    Case("try_bodies_19", _try_bodies(19)),
    Case("try_bodies_20", _try_bodies(20)),
    Case("mixed_blocks", _mixed_blocks()),
    Case(
        "blocks_reset_by_def",
        _nested("for x in y:", 15, "def f():\n" + _indented(_nested("for z in w:", 15), 16)),
    ),
    Case("sum_500", "x = a" + " + a" * 500 + "\n"),
    Case("sum_2000", "x = a" + " + a" * 2000 + "\n", grey=True),
    Case("sum_12000", "x = a" + "+a" * 12000 + "\n", grey=True),
    Case("unary_1000", "x = " + "-" * 1000 + "a\n", grey=True),
    Case("lambdas_300", "x = " + "lambda: " * 300 + "a\n"),
    Case("lambdas_800", "x = " + "lambda: " * 800 + "a\n", grey=True),
    Case("attributes_600", "x = a" + ".b" * 600 + "\n"),
    Case("many_statements", "x = 1\n" * 20_000),
    Case(
        "many_functions", "".join(f"def f{i}(a, *c, d, **e):\n    return a\n" for i in range(2_000))
    ),
]

ALL_CASES: list[Case] = [*VERSIONED, *COMPILE, *PYTHON2, *BROKEN, *MORE, *ENCODINGS, *NESTING]
