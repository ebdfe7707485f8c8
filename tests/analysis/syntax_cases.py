"""The corpus the syntax verdicts are checked on: small files, each a question to real Pythons
(version-gated constructs, compile-stage errors, Python 2 code; more in `syntax_cases_edges`).

Every case is asked of each installed interpreter (2.7, 3.6–3.13) and of `judge`; the
ground-truth test demands they agree. `grey` marks files whose fate depends on a line's
recursion limits, where `Undecidable` is an honest answer on any host but the target itself.
"""

from __future__ import annotations

from typing import NamedTuple, Union


class Case(NamedTuple):
    name: str
    source: Union[str, bytes]
    grey: bool = False


def cases_from(text: str) -> list[Case]:
    """Cases from `name: source` lines: `\\n` is a line break, `\\r` a carriage return, `\\t`
    a tab, `\\\\` one backslash; an indented line continues the source above it."""
    pairs: list[list[str]] = []
    for line in text.strip().splitlines():
        if line.startswith("    ") and pairs:
            pairs[-1][1] += line[4:]
        elif line.endswith(":") and ": " not in line:
            pairs.append([line[:-1], ""])
        else:
            name, _, source = line.partition(": ")
            pairs.append([name.strip(), source])
    cases = []
    for name, source in pairs:
        source = source.replace("\\\\", "\0").replace("\\n", "\n").replace("\\t", "\t")
        source = source.replace("\\r", "\r").replace("\0", "\\")
        cases.append(Case(name, source if name == "empty_file" else source + "\n"))
    return cases


VERSIONED = cases_from(
    r"""
walrus: x = (y := 1)
walrus_statement: y := 1
walrus_index: a[x := 1]
walrus_index_paren: a[(x := 1)]
walrus_set: {x := 1, 2}
walrus_set_paren: {(x := 1), 2}
walrus_slice: a[x := 1:2]
walrus_fstring: x = f"{(y := 1)}"
positional_only: def f(a, /, b): pass
positional_only_lambda: f = lambda a, /: a
fstring: x = f"{1 + 1}"
fstring_concat: x = ("a" f"{b}" "c")
fstring_debug: x = f"{x=}"
fstring_debug_conversion: x = f"{x = !r:>10}"
fstring_not_debug: x = f"{a == b}{c != d}{e >= f}"
fstring_nested_quote: x = f"{d["key"]}"
fstring_backslash: x = f"{'\\n'.join(y)}"
fstring_comment: x = f'''{y # comment\n}'''
fstring_newline: x = f'{y\n}'
fstring_deep_spec: x = f"{a:{b:{c}}}"
fstring_spec: x = f"{a:{b}}"
fstring_nested_other_quote: x = f"{f'{y}'}"
fstring_await: async def f():\n    return f"{await g()}"
fstring_lambda: x = f"{lambda: 1}"
fstring_lambda_paren: x = f"{(lambda: 1)()}"
fstring_empty: x = f"{}"
fstring_single_brace: x = f"a}b"
fstring_bad_conversion: x = f"{a!x}"
fstring_named_escape: x = f"\N{BULLET} {y}"
fstring_raw_brace: x = rf"\{{x}}"
match: match x:\n    case 1:\n        pass\n    case _:\n        pass
match_name: match = 1\nmatch.x = 2\nprint(match)
match_call: match(x)
case_name: case = 1
match_soft_subject: match (x):\n    case [a, b]:\n        pass
except_star: try:\n    pass\nexcept* ValueError:\n    pass
except_unparenthesized: try:\n    pass\nexcept ValueError, TypeError:\n    pass
type_alias: type Point = tuple[float, float]
type_name: type = 1\nprint(type(type))
type_params_def: def first[T](xs: list[T]) -> T:\n    return xs[0]
type_params_class: class Box[T]:\n    pass
type_params_multiline: def f[\n    T,\n](x: T) -> T:\n    return x
type_param_default: def f[T = int]() -> T:\n    pass
type_param_default_class: class C[T = int]:\n    pass
parenthesized_with: with (open("a") as a, open("b") as b):\n    pass
parenthesized_with_tuple: with (a, b):\n    pass
parenthesized_with_single: with (a) as b:\n    pass
parenthesized_with_trailing: with (open("a") as a,):\n    pass
return_star: def f():\n    return *a, b
return_star_paren: def f():\n    return (*a, b)
yield_star: def f():\n    yield *a, b
for_star: for x in *a, b:\n    pass
for_star_paren: for x in (*a, b):\n    pass
star_index: a[*b]
star_index_tuple: a[x, *b]
star_index_paren: a[(*b,)]
star_annotation: def f(*args: *Ts): pass
decorator_subscript: @x[0]\ndef f(): pass
decorator_paren: @(x)\ndef f(): pass
decorator_call_call: @x(1)(2)\ndef f(): pass
decorator_dotted_call: @a.b.c(1, k=2)\ndef f(): pass
async_def: async def f():\n    await g()
async_generator: async def f():\n    yield 1
async_comprehension: async def f():\n    return [x async for x in g()]
await_comprehension: async def f():\n    return [await x for x in g()]
async_genexp_sync: def f():\n    return (x async for x in g())
await_genexp_sync: def f():\n    return (await x for x in g())
async_genexp_module: x = (y async for y in z)
nested_async_comprehension: async def f():\n    return [[x async for x in y] for y in z]
async_comprehension_sync: def f():\n    return [x async for x in g()]
await_comprehension_sync: def f():\n    return [await x for x in g()]
numeric_underscore: x = 1_000_000
numeric_underscore_hex: x = 0x_ff_ff
numeric_bad_underscore: x = 1__000
numeric_trailing_underscore: x = 1_
variable_annotation: x: int = 1
variable_annotation_bare: x: int
unpacking_list: x = [*a, *b]
unpacking_dict: x = {**a, **b}
unpacking_call: f(*a, *b, **c, **d)
unpacking_after_star: f(*a, b)
keyword_after_double_star: f(**k, a=1)
matmul: x = a @ b
matmul_assign: x @= b
yield_from: def f():\n    yield from g()
raise_from: raise E from F
nonlocal: def f():\n    x = 1\n    def g():\n        nonlocal x
keyword_only: def f(a, *, b): pass
annotation: def f(a: int) -> str: pass
star_target: a, *b = c
star_for_target: for a, *b in c:\n    pass
ellipsis: x = ...
ellipsis_subscript: x[...]
class_keywords: class C(metaclass=M):\n    pass
print_function_call: print("a", end="")
print_name: x = print
print_head: print("hello")
print_attribute: sys.stdout.print(1)
print_future: from __future__ import print_function\nprint("a", end="")\nx = print
exec_call: exec("x = 1")
exec_name: f(exec)
u_prefix: x = u"text"
rb_prefix: x = rb"\d"
br_prefix: x = br"\d"
star_trailing_comma_def: def f(*args,): pass
kwargs_trailing_comma_def: def f(**kwargs,): pass
kwonly_trailing_comma_def: def f(*, a,): pass
star_trailing_comma_call: f(*args,)
future_annotations: from __future__ import annotations
future_generator_stop: from __future__ import generator_stop
future_barry: from __future__ import barry_as_FLUFL\nx = 1 <> 2
future_unknown: from __future__ import nope
future_braces: from __future__ import braces
future_all_old: from __future__ import nested_scopes, generators, division, absolute_import,
     with_statement, print_function, unicode_literals
future_late: x = 1\nfrom __future__ import division
future_after_docstring: "Doc."\nfrom __future__ import division
future_after_two_strings: "Doc."\n"More."\nfrom __future__ import division
future_in_function: def f():\n    from __future__ import division
future_after_future: from __future__ import division\nfrom __future__ import absolute_import
future_after_import: import os\nfrom __future__ import division
future_parenthesized: from __future__ import (division,)
continue_finally: for x in y:\n    try:\n        pass\n    finally:\n        continue
break_finally: for x in y:\n    try:\n        pass\n    finally:\n        break
continue_finally_nested_loop: try:\n    pass\nfinally:\n    for x in y:\n        continue
global_annotated_module: global x\nx: int = 1
annotated_global_module: x: int\nglobal x
del_debug: del __debug__
future_annotation_await: from __future__ import annotations\nasync def f():
    \n    def g(x: await y): pass
future_annotation_yield: from __future__ import annotations\ndef f():\n    def g(x: (yield)): pass
future_annotation_walrus: from __future__ import annotations\ndef g(x: (y := 1)): pass
annotation_await: async def f():\n    def g(x: await y): pass
annotation_walrus: def g(x: (y := 1)): pass
local_annotation_yield: def f():\n    x: (yield) = 1
local_annotation_await: def f():\n    x: (await y) = 1
async_name: async = 1
await_name: await = 1
async_attribute: asyncio.async(f())
async_parameter: def f(async=True): pass
async_keyword_argument: f(async=True)
async_def_name: def async(): pass
await_in_async_def_as_name: async def f():\n    await = 1
genexp_trailing_comma: f(x for x in y,)
genexp_class_base: class C(x for x in y):\n    pass
keyword_parens: f((a)=1)
peg_parser_name: __peg_parser__ = 1
peg_parser_attribute: x.__peg_parser__
many_arguments_call: f("""
    + ", ".join(f"a{i}" for i in range(256))
    + r""")
many_parameters: def f("""
    + ", ".join(f"a{i}" for i in range(256))
    + r"""): pass
some_arguments_call: f("""
    + ", ".join(f"a{i}" for i in range(255))
    + r""")
"""
)
COMPILE = cases_from(r"""
return_module: return
return_class: class C:\n    return 1
return_in_def: def f():\n    return 1
yield_module: yield
yield_class: class C:\n    yield
yield_assignment_module: x = yield
yield_lambda: f = lambda: (yield)
yield_from_lambda: f = lambda: (yield from x)
yield_default_module: def f(a=(yield)): pass
yield_annotation_module: def f(a: (yield)): pass
yield_return_annotation: def f() -> (yield): pass
yield_in_def_annotation: def g():\n    def f(a: (yield)): pass
await_module: await x
await_class_in_async: async def f():\n    class C:\n        await x
await_sync: def f():\n    await x
await_lambda_in_async: async def f():\n    return lambda: await x
await_default_in_async: async def f():\n    def g(a=await x): pass
await_default_in_sync: def f():\n    def g(a=await x): pass
await_nested_sync_in_async: async def f():\n    def g():\n        await x
await_iterable_in_async: async def f():\n    return [y for y in await x]
await_iterable_in_sync: def f():\n    return [y for y in await x]
async_for_module: async for x in y:\n    pass
async_with_sync: def f():\n    async with a as b:\n        pass
async_with_async: async def f():\n    async with a as b:\n        pass
yield_from_async: async def f():\n    yield from x
return_value_async_generator: async def f():\n    yield 1\n    return 2
return_bare_async_generator: async def f():\n    yield 1\n    return
return_value_generator: def f():\n    yield 1\n    return 2
return_value_generator_comprehension: def f():\n    x = [(yield) for y in z]\n    return 2
yield_comprehension: def f():\n    return [(yield x) for x in y]
yield_genexp: def f():\n    return ((yield x) for x in y)
yield_setcomp: def f():\n    return {(yield x) for x in y}
yield_dictcomp: def f():\n    return {(yield x): 1 for x in y}
yield_comprehension_iterable: def f():\n    return [x for x in (yield)]
yield_comprehension_class: class C:\n    x = [(yield) for y in z]
yield_comprehension_module: x = [(yield) for y in z]
yield_genexp_module: x = ((yield) for y in z)
break_module: break
continue_module: continue
break_in_def_in_loop: for x in y:\n    def f():\n        break
break_in_class_in_loop: while x:\n    class C:\n        break
break_loop_else: for x in y:\n    pass\nelse:\n    break
break_nested_loop_else: while a:\n    for x in y:\n        pass\n    else:\n        break
continue_while: while x:\n    continue
except_star_break: for x in y:\n    try:\n        pass\n    except* E:\n        break
except_star_continue_inner_loop: try:\n    pass\nexcept* E:\n    for x in y:\n        continue
except_star_return: def f():\n    try:\n        pass\n    except* E:\n        return
except_star_return_nested: def f():\n    try:\n        pass\n    except* E:
    \n        def g():\n            return 1
except_star_finally_break: for x in y:\n    try:\n        pass\n    except* E:\n        pass
    \n    finally:\n        break
nonlocal_module: nonlocal x
nonlocal_unbound: def f():\n    nonlocal x
nonlocal_assigned_later: def f():\n    nonlocal x\n    x = 1
nonlocal_class_method: class C:\n    x = 1\n    def f(self):\n        nonlocal x
nonlocal_through_class: def g():\n    x = 1\n    class C:\n        def f(self):
    \n            nonlocal x
nonlocal_global_outer: def g():\n    global x\n    def f():\n        nonlocal x
nonlocal_assigned_before: def g():\n    x = 1\n    def f():\n        x = 2\n        nonlocal x
nonlocal_used_before: def g():\n    x = 1\n    def f():\n        print(x)\n        nonlocal x
nonlocal_parameter: def g():\n    def f(a):\n        nonlocal a
nonlocal_and_global: def g():\n    x = 1\n    def f():\n        nonlocal x\n        global x
nonlocal_through_nonlocal: def a():\n    x = 1\n    def b():\n        nonlocal x
    \n        def c():\n            nonlocal x
nonlocal_comprehension_variable: def f():\n    return [lambda: x for x in y]
global_parameter: def f(a):\n    global a
global_assigned_before: def f():\n    x = 1\n    global x
global_used_before: def f():\n    print(x)\n    global x
global_module_assigned_before: x = 1\nglobal x
global_module_used_before: print(x)\nglobal x
global_annotated_function: def f():\n    global x\n    x: int = 1
annotated_global_function: def f():\n    x: int = 1\n    global x
global_annotated_class: class C:\n    global x\n    x: int = 1
global_debug: global __debug__
duplicate_parameter: def f(a, a): pass
duplicate_kwonly: def f(a, *, b, a): pass
duplicate_posonly: def f(a, /, a): pass
duplicate_vararg: def f(a, *a): pass
duplicate_kwarg: def f(a, **a): pass
duplicate_lambda: f = lambda a, a: 0
import_star_function: def f():\n    from os import *
import_star_class: class C:\n    from os import *
import_star_module: from os import *
debug_assign: __debug__ = 1
debug_parameter: def f(__debug__): pass
debug_keyword: f(__debug__=1)
debug_attribute: x.__debug__ = 1
debug_attribute_delete: del x.__debug__
debug_annotation: __debug__: int
debug_for: for __debug__ in x:\n    pass
debug_def: def __debug__(): pass
debug_class: class __debug__:\n    pass
debug_import: import __debug__
debug_import_as: import x as __debug__
debug_from_import: from x import __debug__
debug_with: with a as __debug__:\n    pass
debug_walrus: (__debug__ := 1)
debug_except: try:\n    pass\nexcept E as __debug__:\n    pass
debug_augmented: __debug__ += 1
debug_read: print(__debug__)
star_assign_alone: *a = b
star_assign_two: a, *b, *c = d
star_expression_statement: *a
star_assign_value: x = *a
star_assign_value_tuple: x = *a,
star_return: def f():\n    return *a
star_for_alone: for *a in b:\n    pass
star_comprehension_target: x = [1 for *a in b]
star_call: print(*a)
star_class_base: class C(*bases):\n    pass
star_delete: del *a
star_delete_list: del [a, *b]
keyword_repeated: f(a=1, a=2)
keyword_repeated_class: class C(a=1, a=2):\n    pass
walrus_iterable: x = [y for y in (z := [1])]
walrus_inner_iterable: x = [y for a in b for y in (z := a)]
walrus_rebind_iteration: x = [i := 0 for i in range(3)]
walrus_rebind_outer_iteration: x = [[(i := 1) for j in a] for i in b]
walrus_class_comprehension: class C:\n    x = [(y := 1) for z in w]
walrus_class_plain: class C:\n    y = (z := 1)
walrus_comprehension_function: def f():\n    return [(y := x) for x in z]
walrus_lambda_in_iterable: x = [y for y in (lambda: (z := 1))()]
type_param_duplicate: def f[T, T](): pass
type_alias_duplicate: type X[T, T] = int
type_param_nonlocal: def f[T]():\n    def g():\n        nonlocal T
type_param_yield_bound: def f[T: (yield)](): pass
type_alias_yield: type X = (yield)
type_alias_walrus: type X = (y := 1)
generic_annotation_yield: def f[T](x: (yield)): pass
generic_default_yield: def g():\n    def f[T](x=(yield)): pass
match_wildcard_not_last: match x:\n    case _:\n        pass\n    case 1:\n        pass
match_capture_not_last: match x:\n    case a:\n        pass\n    case 1:\n        pass
match_guarded_capture: match x:\n    case a if a:\n        pass\n    case 1:\n        pass
match_parenthesized_capture: match x:\n    case (a):\n        pass\n    case 1:\n        pass
match_or_capture: match x:\n    case a | 1:\n        pass
match_or_wildcard_last: match x:\n    case 1 | _:\n        pass
match_or_nested: match x:\n    case (1 | _) | 2:\n        pass
match_as_capture: match x:\n    case a as b:\n        pass\n    case 1:\n        pass
match_duplicate_name: match x:\n    case [a, a]:\n        pass
match_or_names: match x:\n    case [a] | [b]:\n        pass
match_or_same_names: match x:\n    case [a] | (a, 1):\n        pass
match_duplicate_key: match x:\n    case {"a": 1, "a": 2}:\n        pass
match_duplicate_numeric_key: match x:\n    case {1: a, 1.0: b}:\n        pass
match_duplicate_negative_key: match x:\n    case {-1: a, -1: b}:\n        pass
match_attribute_keys: match x:\n    case {a.b: 1, a.b: 2}:\n        pass
match_class_repeated: match x:\n    case C(x=1, x=2):\n        pass
match_class_positional_and_keyword: match x:\n    case C(a, a=b):\n        pass
match_two_stars: match x:\n    case [*a, *b]:\n        pass
match_star_wildcard: match x:\n    case [a, *_, b]:\n        pass
match_debug: match x:\n    case __debug__:\n        pass
match_debug_as: match x:\n    case a as __debug__:\n        pass
match_fstring_pattern: match x:\n    case f"a":\n        pass
match_complex: match x:\n    case -1-2j:\n        pass
match_bad_complex: match x:\n    case 1+2:\n        pass
match_string_concat: match x:\n    case "a" "b":\n        pass
match_rest_key: match x:\n    case {**rest, "a": 1}:\n        pass
""")

PYTHON2 = cases_from(r"""
py2_print: print "hello"
py2_print_chevron: print >>sys.stderr, "x"
py2_print_tuple: print("a", "b")
py2_print_bare: print
py2_print_trailing_comma: print "a",
py2_exec: exec "x = 1" in ns
py2_backticks: x = `y`
py2_not_equal: x = a <> b
py2_octal: x = 0777
py2_long: x = 10L
py2_hex_long: x = 0xffL
py2_ur_prefix: x = ur"\\d"
py2_except_comma: try:\n    pass\nexcept ValueError, e:\n    pass
py2_raise_comma: raise ValueError, "message"
py2_tuple_parameter: def f(a, (b, c)):\n    pass
py2_true_assignment: True = 1
py2_unicode_bytes: x = b"\xe9"
py2_tabs: if x:\n        a = 1\n\tb = 2
dict_comprehension: x = {k: v for k, v in y}
set_literal: x = {1, 2}
with_two_items: with a as b, c as d:\n    pass
conditional_expression: x = a if b else c
class_empty_parens: class C():\n    pass
octal_new: x = 0o777
binary: x = 0b101
bytes_literal: x = b"abc"
""")

PYTHON2 += [
    Case(
        "py2_module",
        "import sys\n\nclass Greeter(object):\n    def greet(self, name):\n"
        '        print "Hello, %s" % name\n        return True\n\n'
        'if __name__ == "__main__":\n    Greeter().greet(sys.argv[1])\n',
    ),
    Case(
        "py2_and_py3",
        "from __future__ import print_function\nimport sys\n\ndef main():\n"
        '    print("hello", file=sys.stderr)\n    return {k: v for k, v in []}\n',
    ),
    Case(
        "py3_module",
        "import asyncio\n\nasync def main() -> None:\n"
        '    result: int = await asyncio.sleep(0, 1)\n    print(f"{result=}")\n\n'
        'if __name__ == "__main__":\n    asyncio.run(main())\n',
    ),
]
