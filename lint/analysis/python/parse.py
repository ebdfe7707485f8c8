"""Python source files parsed once, with the position work every Python rule needs.

`ast` reports columns as UTF-8 byte offsets; findings need 1-based code-point columns. A
`PythonModule` owns that conversion so that no rule does its own arithmetic. A file that does not
parse is recorded as EL003 (with the parser's position) instead of raising; so is a file nested so
deeply that the parser gives up (`RecursionError`, `MemoryError`, or a `SyntaxError` about
nesting), which is reported at 1:1.
"""

from __future__ import annotations

import ast
import codecs
import re
import sys
import warnings
from functools import cache
from typing import TYPE_CHECKING, Optional, Union

from ... import files
from ...diagnostics import Position, Span
from ...files import TextFile
from ...lazy_dataclass import dataclass, field
from .modules import module_name

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from types import ModuleType

    from ...project import Project

SYNTAX_ERROR_CODE = "EL003"

# Verdicts kept across lints, in a process that lints the same files again and again (the
# language server); None in a command-line run, which judges each file once. Keyed by everything
# the verdict depends on, so a kept verdict is always the one judging again would give.
_KEPT: Optional[dict[tuple[str, str, Optional[tuple[int, int]], bool], object]] = None
_KEPT_LIMIT = 0

# A node `span` can place: statements, expressions, and the smaller nodes with positions.
Located = Union[ast.stmt, ast.expr, ast.arg, ast.keyword, ast.alias, ast.excepthandler]


@dataclass
class SyntaxProblem:
    """Why a file did not parse: the message and where."""

    message: str
    span: Span


@dataclass
class PythonModule:
    """One parsed project file: its text, its tree, and position helpers.

    `path` is project-relative; `name` is its dotted module name as the platform imports it
    (`pkg.sub` for `pkg/sub.py` and `pkg/sub/__init__.py`; the entry's plain file name for the
    entry), or None for a file outside any import root.
    """

    path: str
    file: TextFile
    tree: ast.Module
    name: Optional[str] = None
    _ascii_lines: dict[int, bool] = field(default_factory=dict, repr=False)
    _by_type: Optional[dict[type, list[ast.stmt]]] = field(default=None, repr=False)
    # Set by `trim`: the names `global` statements declare, read before the bodies went.
    _globals: Optional[frozenset[str]] = field(default=None, repr=False)

    @property
    def is_package(self) -> bool:
        return self.path.rsplit("/", 1)[-1] == "__init__.py"

    def statements(self, *kinds: type[ast.stmt]) -> list[ast.stmt]:
        """Every statement of these kinds anywhere in the module (function and class bodies,
        handlers and `case` blocks included), in source order.

        The statements are indexed once per module, on the first question: several rules ask
        for a few kinds each (globals, `try`, decorated definitions), and a walk apiece over
        every node of thousands of modules cost more than parsing them.
        """
        if self._by_type is None:
            self._by_type = _index_statements(self.tree)
        if len(kinds) == 1:
            return self._by_type.get(kinds[0], [])
        found = [node for kind in kinds for node in self._by_type.get(kind, ())]
        found.sort(key=lambda node: (node.lineno, node.col_offset))
        return found

    @property
    def trimmed(self) -> bool:
        return self._globals is not None

    def declared_globals(self) -> frozenset[str]:
        """The names a `global` statement anywhere in the module declares: a function may bind
        them as module globals whenever it is called, out of the walk's sight."""
        if self._globals is not None:
            return self._globals
        if "global" not in self.file.text:  # a keyword is always spelt in ASCII
            return frozenset()
        names: set[str] = set()
        for node in self.statements(ast.Global):
            assert isinstance(node, ast.Global)
            names.update(node.names)
        return frozenset(names)

    def trim(self, ran: Callable[[ast.stmt], bool]) -> None:
        """Drop the bodies of the `def`s and `class`es in which no statement ran, once the
        module has been walked for good (`ran` is its walk's answer).

        A tree costs some 40 bytes of memory per byte of source, and a tree of thousands of
        modules is mostly function bodies that run only when called, which the walk entered
        only where code that runs calls them. The rules read what ran, and the statements,
        calls and bindings that the walk recorded (all of which stay), never a body no
        statement of which ran; the few module-wide questions that look inside every body are
        answered first (`declared_globals`), and a reader of the whole file asks
        `python_module` for it `whole`. Only the analysis that walked the module trims it
        (`running`), and never while verdicts are kept across lints: a kept tree is shared
        with the next lint.
        """
        if self._globals is not None or _KEPT is not None:
            return
        globals_ = self.declared_globals()
        postponed = self.postpones_annotations
        self._by_type = None
        for node in walk_statements(self.tree.body):
            # Emptied as it is reached, so the walk does not enter what went.
            if isinstance(node, _DEFINITIONS) and not any(ran(s) for s in node.body):
                node.body = []
                if postponed and not isinstance(node, ast.ClassDef):
                    _drop_annotations(node)
        self._globals = globals_

    @property
    def postpones_annotations(self) -> bool:
        """Whether the module starts with `from __future__ import annotations`: then the
        annotations of its functions are never evaluated (PEP 563), so no code runs there."""
        for statement in self.tree.body:
            if isinstance(statement, ast.ImportFrom) and statement.module == "__future__":
                if any(alias.name == "annotations" for alias in statement.names):
                    return True
            elif not (
                isinstance(statement, ast.Expr)
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)
            ):
                return False  # future imports come first, after the docstring at most
        return False

    def column(self, line: int, byte_offset: int) -> int:
        """The 1-based code-point column of a 0-based UTF-8 byte offset on `line`."""
        ascii_only = self._ascii_lines.get(line)
        if ascii_only is None:
            ascii_only = self.file.line(line).isascii()
            self._ascii_lines[line] = ascii_only
        if ascii_only:
            return max(byte_offset, 0) + 1
        return self.file.column_of_utf8(line, byte_offset)

    def position(self, line: int, byte_offset: int) -> Position:
        return Position(line, self.column(line, byte_offset))

    def span(self, node: Located) -> Span:
        """The span of a node, end exclusive (a point when the node has no end)."""
        start = self.position(node.lineno, node.col_offset)
        end_line = getattr(node, "end_lineno", None)
        end_offset = getattr(node, "end_col_offset", None)
        if end_line is None or end_offset is None:
            return Span(start, start)
        return Span(start, self.position(end_line, end_offset))

    def name_span(self, node: Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef]) -> Span:
        """The span of the name in `def name(` / `class name`, found after the keyword."""
        line = node.lineno
        text = self.file.line(line)
        start = self.column(line, node.col_offset) - 1
        index = text.find(node.name, start)
        # Decorators move `lineno` to the `def` line in 3.8+; a name split from its keyword by
        # a line continuation is not found on that line, so fall back to the keyword.
        if index < 0:
            return Span.of(line, start + 1, line, start + 1)
        return Span.of(line, index + 1, line, index + 1 + len(node.name))

    def attribute_span(self, node: ast.Attribute) -> Span:
        """The span of the attribute name in `value.attr` (it ends where the node ends)."""
        whole = self.span(node)
        end = whole.end
        return Span(Position(end.line, max(end.column - len(node.attr), 1)), end)

    def alias_span(self, alias: ast.alias, statement: ast.stmt) -> Span:
        """The span of `name` or `name as other` in an import statement.

        Python 3.9's tree has no positions for aliases; then the text after `import` is searched.
        """
        if getattr(alias, "lineno", None) is not None:
            return self.span(alias)
        whole = self.span(statement)
        start, end = self.file.offset(whole.start), self.file.offset(whole.end)
        text = self.file.text[start:end]
        keyword = re.search(r"\bimport\b", text)
        if alias.name == "*":
            pattern = r"\*"
        else:
            pattern = r"\s*\.\s*".join(re.escape(part) for part in alias.name.split("."))
            pattern = rf"(?<![\w.]){pattern}(?!\w)"
        if alias.asname:
            pattern += rf"\s+as\s+{re.escape(alias.asname)}(?!\w)"
        found = re.compile(pattern).search(text, keyword.end() if keyword else 0)
        if found is None:
            return whole
        return self.file.span(start + found.start(), start + found.end())

    def segment(self, node: Located) -> str:
        """The source text of a node ('' when it cannot be placed)."""
        span = self.span(node)
        return self.file.text[self.file.offset(span.start) : self.file.offset(span.end)]


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _drop_annotations(function: Union[ast.FunctionDef, ast.AsyncFunctionDef]) -> None:
    """Forget a function's annotations, which under PEP 563 are never evaluated."""
    function.returns = None
    arguments = function.args
    for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
        argument.annotation = None
    for rest in (arguments.vararg, arguments.kwarg):
        if rest is not None:
            rest.annotation = None


def walk_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement in `body` and in the statements nested in it, in source order.

    Statements only ever sit in statement lists (`body`, `orelse`, `finalbody`, a handler's or
    a `case`'s body), so this walk never enters an expression: a few dozen nodes per module
    where `ast.walk` visits thousands.
    """
    stack: list[ast.stmt] = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        inner: list[ast.stmt] = []
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is not list:
                continue
            for item in value:
                if isinstance(item, ast.stmt):
                    inner.append(item)
                elif isinstance(item, ast.AST):  # an `except` handler, a `case`
                    inner.extend(getattr(item, "body", ()))
        stack.extend(reversed(inner))


def _index_statements(tree: ast.Module) -> dict[type, list[ast.stmt]]:
    """The module's statements by exact type, each list in source order."""
    index: dict[type, list[ast.stmt]] = {}
    for node in walk_statements(tree.body):
        found = index.get(type(node))
        if found is None:
            index[type(node)] = [node]
        else:
            found.append(node)
    return index


def parse_source(relative: str, text: TextFile) -> Union[ast.Module, SyntaxProblem]:
    """Parse a decoded file; a problem instead of an exception for anything the parser rejects."""
    if _may_crash_parser(text.text):
        return _too_deep(relative)
    try:
        with warnings.catch_warnings():
            # Invalid escapes and `is` with a literal warn at parse time; not ours to print.
            warnings.simplefilter("ignore")
            return ast.parse(text.text, filename=relative)
    except SyntaxError as error:
        if _is_nesting_limit(error):
            return _too_deep(relative)
        return SyntaxProblem(_syntax_message(relative, error), _syntax_span(text, error))
    except (RecursionError, MemoryError):
        return _too_deep(relative)
    except ValueError as error:  # NUL bytes on older Pythons; unencodable surrogates
        return SyntaxProblem(f"`{relative}` cannot be parsed as Python: {error}", Span.point(1, 1))


def _too_deep(relative: str) -> SyntaxProblem:
    return SyntaxProblem(
        f"`{relative}` is nested too deeply for Python's parser, so the platform cannot import it",
        Span.point(1, 1),
    )


# Before 3.11, CPython builds the tree of a long left-recursive chain without a depth check and
# crashes the process; the syntax verdicts' guard says when a text may hold one.
_UNGUARDED_PARSER = sys.version_info < (3, 11)


def _may_crash_parser(text: str) -> bool:
    """Whether parsing `text` on this host may crash the process (see `may_crash_parser`)."""
    from .syntax.judge import may_crash_parser

    return _UNGUARDED_PARSER and may_crash_parser(text)


# Messages CPython gives when nesting, not a typo, is the problem.
_NESTING_MESSAGES = (
    "too many nested parentheses",
    "too many levels of indentation",
    "too many statically nested blocks",
    "parser stack overflow",
    "too complex",
    "maximum recursion depth",
    "nested too deeply",
)


def _is_nesting_limit(error: SyntaxError) -> bool:
    message = (error.msg or "").lower()
    return any(marker in message for marker in _NESTING_MESSAGES)


def _syntax_message(relative: str, error: SyntaxError) -> str:
    reason = (error.msg or "invalid syntax").strip().rstrip(".")
    return f"`{relative}` is not valid Python ({reason}), so the platform cannot import it"


def _syntax_span(text: TextFile, error: SyntaxError) -> Span:
    """The parser's position as a span; its offsets count code points when given a `str`."""
    line = error.lineno if isinstance(error.lineno, int) and error.lineno >= 1 else 1
    line = min(line, text.line_count)
    content = text.line(line)
    limit = len(content) + 1
    offset = error.offset if isinstance(error.offset, int) and error.offset >= 1 else 1
    column = min(offset, limit)
    end_line = getattr(error, "end_lineno", None)
    end_offset = getattr(error, "end_offset", None)
    if end_line == line and isinstance(end_offset, int) and column < end_offset <= limit:
        return Span.of(line, column, line, end_offset)
    if column < limit:
        return Span.of(line, column, line, column + 1)
    return Span.of(line, column, line, column)


# Why a file gives no tree, beyond "it is invalid" (EL003): the host cannot judge it (EL008), or
# it is Python 2 code (EL009). Each is recorded once per file, only for files that run.
HOST_TOO_OLD_CODE = "EL008"
PYTHON2_CODE = "EL009"


@dataclass
class Unjudged:
    """A file the code rules cannot read: which code says why, the message and where."""

    code: str
    message: str
    span: Optional[Span]


def _parsed(
    project: Project, relative: str
) -> Union[PythonModule, SyntaxProblem, Unjudged, None]:
    def build() -> Union[PythonModule, SyntaxProblem, Unjudged, None]:
        text = project.read(relative, kind=files.PYTHON)
        if text is None:
            return None
        verdict = _judge(project, relative, text)
        if isinstance(verdict, (SyntaxProblem, Unjudged)):
            return verdict
        return PythonModule(relative, text, verdict, module_name(project, relative))

    return project.cached(f"python:{relative}", build)


def keep_verdicts(limit: int) -> None:
    """Keep up to `limit` verdicts for the life of the process, so that an editor's change to
    one buffer re-judges that file alone. Trees are never changed once judged, so sharing them
    between lints is safe; the oldest verdict goes first when the limit is reached."""
    global _KEPT, _KEPT_LIMIT
    _KEPT, _KEPT_LIMIT = {}, limit


@cache
def _syntax() -> ModuleType:
    """The syntax verdicts, imported with the first file judged (a run of other rules never
    loads them), and then without an import statement per file."""
    from . import syntax

    return syntax


def _judged_for(project: Project) -> Optional[tuple[int, int]]:
    """The Python line files are judged for; None when the project does not say."""
    from ..target import target

    chosen = target(project)
    return None if chosen.assumed else chosen.line


def _judge(
    project: Project, relative: str, text: TextFile
) -> Union[ast.Module, SyntaxProblem, Unjudged]:
    """The target Python's verdict on the file: a tree, EL003, or why it cannot be read."""
    syntax = _syntax()
    OK, Invalid, Undecidable = syntax.OK, syntax.Invalid, syntax.Undecidable
    line = project.cached("python:judged-for", lambda: _judged_for(project))
    kept = _KEPT
    key = (relative, text.text, line, text.bom)
    verdict = kept.pop(key, None) if kept is not None else None
    if verdict is None:
        raw = codecs.BOM_UTF8 if text.bom else None
        verdict = syntax.judge(text.text, relative, line, raw=raw)
    if kept is not None:
        kept[key] = verdict  # re-inserted: the most recently used is last
        while len(kept) > _KEPT_LIMIT:
            del kept[next(iter(kept))]
    if isinstance(verdict, OK):
        tree: ast.Module = verdict.tree
        return tree
    if isinstance(verdict, Invalid):
        reason = verdict.message[:1].lower() + verdict.message[1:]
        return SyntaxProblem(f"`{relative}` cannot be imported: {reason}", verdict.span)
    if isinstance(verdict, Undecidable):
        return Unjudged(
            HOST_TOO_OLD_CODE,
            f"`{relative}` needs {verdict.needed} to be checked: {verdict.reason}",
            verdict.span,
        )
    assert isinstance(verdict, syntax.Python2Only)
    return Unjudged(PYTHON2_CODE, f"`{relative}` is Python 2 code: {verdict.reason}", verdict.span)


def python_module(
    project: Project, relative: str, *, report: bool = True, whole: bool = False
) -> Optional[PythonModule]:
    """The parsed file at `relative`, or None when missing, unreadable (EL001/EL002 recorded),
    not importable by the target Python (EL003 recorded when `report`; pass False for files
    that do not run on the platform), or not readable by the code rules (EL008, EL009).

    `whole` asks for every body of the file, for a reader of all its code rather than of what
    ran: a module the analysis trimmed (`PythonModule.trim`) is then judged again, apart.
    """
    parsed = _parsed(project, relative)
    if whole and isinstance(parsed, PythonModule) and parsed.trimmed:
        tree = _judge(project, relative, parsed.file)
        assert isinstance(tree, ast.Module)  # the same text and target: the same verdict
        return PythonModule(relative, parsed.file, tree, parsed.name)
    if isinstance(parsed, SyntaxProblem):
        if report:
            project.problem(SYNTAX_ERROR_CODE, relative, parsed.message, parsed.span)
        return None
    if isinstance(parsed, Unjudged):
        if report:
            project.problem(parsed.code, relative, parsed.message, parsed.span)
        return None
    return parsed
