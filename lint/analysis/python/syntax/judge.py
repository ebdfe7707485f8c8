"""Would the target Python's `import` of this file raise SyntaxError? The one entry point.

The host's `ast` parses; what the target would reject on top of that is decided from facts
(`facts.py`) and from checks that mirror CPython's compiler, never from the host's own messages
or positions. When the host cannot parse the file, the constructs it cannot know are found in the
tokens and hidden (`masking`), and the statement to blame is found by parsing prefixes
(`locate`). Nothing of the project is run, and CPython is never given a file name it could read.
"""

from __future__ import annotations

import ast
import codecs
import warnings
from typing import Optional, Union

from ....diagnostics import Position, Span
from ....lazy_re import lazy_pattern
from ....platform import PYTHON_DEFAULT_LINE
from .facts import FACTS, KNOWN_THROUGH, Version
from .lexical import python2_markers
from .limits import token_limits
from .locate import Located, completed_prefix, lines_info, locate
from .masking import Found, View, apply
from .newer import newer_constructs, pep701_fstrings
from .removed import edits, removed_constructs, renames, restore
from .source import Source
from .stages import HOST, Analysis, compile_stage, first, parse_problems
from .tokens import NEWLINE, tokenize
from .verdict import OK, Invalid, Problem, Python2Only, Target, Undecidable, Verdict, version_name

_COOKIE = lazy_pattern(r"[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BLANK_OR_COMMENT = lazy_pattern(r"[ \t\f]*(?:#.*)?\Z")
_NESTING = ("too many nested", "too many levels", "too complex", "stack overflow", "recursion")


def default_target() -> Version:
    """The platform's default for new apps: the newest stable CPython line."""
    return PYTHON_DEFAULT_LINE


def judge(
    text: str,
    path: str,
    target: Optional[tuple[int, int]],
    *,
    raw: Optional[bytes] = None,
    bom: bool = False,
    origin: str = ".python-version",
) -> Verdict:
    """The verdict on `text` (the decoded file at `path`) for the target line.

    `target` None means the project has no `.python-version`: the platform's default, or Python
    2.7 for old app groups. `raw` (the bytes as read) or `bom` (`TextFile.bom`) lets a byte-order
    mark be seen with the coding cookie it contradicts; `origin` is how messages name where the
    target came from.
    """
    if text.startswith("\ufeff"):
        text, bom = text[1:], True
    if bom and raw is None:
        raw = codecs.BOM_UTF8
    line = (target[0], target[1]) if target is not None else default_target()
    resolved = Target(line, origin, assumed=target is None)
    source = Source(path, text)
    try:
        problem = _encoding_problem(source, raw)
        if problem is not None:
            return Invalid(problem.message(resolved), problem.span)
        # Invalid escapes and `is` with a literal warn while parsing and compiling: not ours
        # to print. One guard for every parse and compile of the file (each costs as much as
        # parsing a small module).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _Judge(source, resolved).run()
    except (RecursionError, MemoryError):
        return Undecidable(
            f"Python {resolved.name}",
            "the file is too large or too deeply nested for enginelint to analyse",
        )


def _normal_encoding(name: str) -> str:
    """CPython's `get_normal_name`: only `utf-8` and its `utf-8-*` variants count as UTF-8."""
    short = name[:12].lower().replace("_", "-")
    return "utf-8" if short == "utf-8" or short.startswith("utf-8-") else short


def _encoding_problem(source: Source, raw: Optional[bytes]) -> Optional[Problem]:
    """A UTF-8 byte-order mark with a coding cookie that names another encoding."""
    if raw is None or not raw.startswith(codecs.BOM_UTF8):
        return None
    for number in (1, 2):
        line = source.file.line(number)
        match = _COOKIE.match(line)
        if match:
            if _normal_encoding(match.group(1)) == "utf-8":
                return None
            span = Span.of(number, match.start(1) + 1, number, match.end(1) + 1)
            what = (
                f"a UTF-8 byte-order mark with the coding cookie `{match.group(1)}`: Python "
                "reads such a file only when the cookie says `utf-8`"
            )
            return Problem(span, None, what)
        if not _BLANK_OR_COMMENT.match(line):
            return None
    return None


def _parse(text: str, path: str) -> Union[ast.Module, BaseException]:
    try:
        return ast.parse(text, filename=f"<{path}>")
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError) as error:
        return error


def _plainly_compiles(tree: ast.Module, text: str) -> bool:
    """Whether the module is made only of statements no compiler stage can reject once they
    parse: imports (no `__future__` one, whose features the compiler checks), assignments of a
    constant or a name to names, and docstring-like constants. Nothing here can be outside a
    function or a loop, bind a name twice in one scope, nest, or name `__debug__`.

    Packages' `__init__.py` files and constant modules are often just that; compiling each of
    them anyway cost a third of judging it, on trees of thousands of modules.
    """
    if "__debug__" in text:
        return False
    for statement in tree.body:
        if isinstance(statement, ast.Import):
            continue
        if isinstance(statement, ast.ImportFrom):
            if statement.module == "__future__":
                return False
            continue
        if isinstance(statement, ast.Assign):
            if isinstance(statement.value, (ast.Constant, ast.Name)) and all(
                isinstance(target, ast.Name) for target in statement.targets
            ):
                continue
            return False
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue
        return False
    return True


def _compiles(tree: ast.Module, path: str) -> Optional[BaseException]:
    """The host compiler's objection to a tree, if any (nothing is run)."""
    try:
        compile(tree, f"<{path}>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError) as error:
        return error
    return None


class _Judge:
    def __init__(self, source: Source, target: Target) -> None:
        self.source = source
        self.target = target
        self.version = target.version

    def invalid(self, problem: Problem) -> Invalid:
        return Invalid(problem.message(self.target), problem.span)

    def run(self) -> Verdict:
        text = self.source.text
        nul = text.find("\0")
        if nul >= 0:
            return Invalid(
                "A NUL character, which no Python accepts in source code",
                self.source.span_of(nul, nul + 1),
            )
        if HOST < (3, 11) and may_crash_parser(text):
            limit = token_limits(self.source, tokenize(text, HOST >= (3, 12)), self.version)
            if isinstance(limit, Problem):
                return self.invalid(limit)
            return Undecidable(
                f"Python {self.target.name}",
                f"an expression chains more operators than the parser of Python "
                f"{version_name(HOST)} can read safely",
            )
        tree = _parse(text, self.source.path)
        if isinstance(tree, ast.Module):
            return self.parsed(tree, self.source)
        message = str(getattr(tree, "msg", tree)).lower()
        if isinstance(tree, (RecursionError, MemoryError)) or any(m in message for m in _NESTING):
            return self.too_deep()
        return self.unparsed()

    # --- the host parsed it ---------------------------------------------------------------------
    def parsed(
        self,
        tree: ast.Module,
        source: Source,
        extra: tuple[Problem, ...] = (),
        masked: bool = False,
    ) -> Verdict:
        if self.version == HOST and not masked:
            # The host is the target: its own compiler is the answer, and the facts only name
            # what it rejects. (Nesting near its limits is decided by this stack, as an import
            # at this depth would be.)
            if _plainly_compiles(tree, source.text):
                return OK(tree)
            error = _compiles(tree, source.path)
            if error is None:
                return OK(tree)
            if not isinstance(error, SyntaxError):
                return self.grey()
        analysis = Analysis(tree, source, self.version)
        problems = [*extra, *analysis.parse]
        if problems:
            return self.invalid(first(problems))
        problems = analysis.compile
        if analysis.grey:
            return self.grey()
        if problems:
            return self.invalid(first(problems))
        if masked:
            return OK(tree)
        return self.cross_check(tree)

    def grey(self) -> Undecidable:
        """Nesting whose fate depends on the target's recursion limits and on how deep its
        stack already is when the import runs: no host can tell in advance."""
        return Undecidable(
            f"Python {self.target.name}",
            "the file nests so deeply that whether Python "
            f"{self.target.name} compiles it depends on its recursion limits at import time",
        )

    def cross_check(self, tree: ast.Module) -> Verdict:
        """The host's compiler as a safety net for compile-stage rules the facts lack."""
        error = _compiles(tree, self.source.path)
        if error is None:
            return OK(tree)
        if not isinstance(error, SyntaxError):
            return self.grey()
        if self.version != HOST:
            explained, _ = compile_stage(tree, self.source, HOST)
            if explained:
                return OK(tree)  # a rule of the host's version that the target does not have
            return Undecidable(
                f"Python {self.target.name}",
                f"the compiler of Python {version_name(HOST)} rejects the file for a reason "
                "enginelint has no fact about",
            )
        line = error.lineno if isinstance(error.lineno, int) and error.lineno >= 1 else 1
        span = self.statement_span(tree, line)
        return Invalid(
            f"The compiler of Python {self.target.name} rejects this statement; "
            f"{self.target.runs()}",
            span,
        )

    def statement_span(self, tree: ast.Module, line: int) -> Span:
        best: Optional[ast.AST] = None
        for node in ast.walk(tree):
            inside = isinstance(node, ast.stmt) and node.lineno <= line <= (node.end_lineno or line)
            if inside and (best is None or node.lineno >= best.lineno):  # type: ignore[attr-defined]
                best = node
        if best is None:
            return Span.point(line, 1)
        start = self.source.start(best)
        return Span(start, Position(start.line, len(self.source.file.line(start.line)) + 1))

    # --- the host did not parse it ---------------------------------------------------------------
    def python2(self, text: str) -> Verdict:
        markers = python2_markers(text, tokenize(text, pep701=False))
        if markers:
            key, start, end = markers[0]
            return Python2Only(f"uses {FACTS[key].construct}", self.source.span_of(start, end))
        return Python2Only("is not valid Python 3; enginelint cannot check Python 2 syntax")

    def too_deep(self) -> Verdict:
        lexed = tokenize(self.source.text, pep701=HOST >= (3, 12))
        limit = token_limits(self.source, lexed, self.version)
        if isinstance(limit, Problem):
            return self.invalid(limit)
        return self.grey()

    def unparsed(self) -> Verdict:
        text = self.source.text
        pep701: list[Found] = pep701_fstrings(text) if HOST < (3, 12) else []
        hidden = apply(text, [edit for item in pep701 for edit in (item.edits or ())])
        lexed = tokenize(hidden, pep701=HOST >= (3, 12))
        limit = token_limits(self.source, lexed, max(self.version, (3, 9)))
        if isinstance(limit, Problem):
            return self.invalid(limit)
        markers = python2_markers(text, lexed)
        if self.target.assumed and markers:
            key, start, end = markers[0]
            return Python2Only(f"uses {FACTS[key].construct}", self.source.span_of(start, end))
        view = View(hidden, lexed)
        newer = newer_constructs(view, HOST)
        if not any(item.key == "match" and item.start < item.end for item in newer):
            newer = [item for item in newer if item.key != "match"]  # `case` without `match`
        found = pep701 + newer
        reported = [item for item in found if item.start < item.end]
        accepted = [item for item in reported if FACTS[item.key].accepts(self.version)]
        if accepted:
            if self.version[0] == 2:
                return self.python2(text)  # Python 2 syntax that no Python 3 before 3.14 has
            return self.host_too_old(accepted)
        if self.version > KNOWN_THROUGH:
            return Undecidable(
                f"Python {self.target.name}",
                f"Python {self.target.name} is newer than the syntax facts enginelint has, and "
                f"Python {version_name(HOST)} cannot parse the file",
            )
        older = removed_constructs(view, self.version, HOST)
        stuck = [item for item in older if item.edits is None]
        if stuck:
            fact = FACTS[stuck[0].key]
            return Undecidable(
                f"Python {self.target.name}",
                f"{fact.construct} is valid in Python {self.target.name} but no Python from "
                f"{version_name(HOST)} on parses it",
                self.source.span_of(stuck[0].start, stuck[0].end),
            )
        violations = tuple(
            Problem(self.source.span_of(item.start, item.end), item.key) for item in reported
        )
        if any(item.edits is None for item in found):
            if self.version[0] == 2:
                return self.python2(text)
            return self.invalid(first(list(violations)))
        names = renames(text, older)
        masked = apply(
            hidden,
            edits(text, older, names) + [edit for item in newer for edit in (item.edits or ())],
        )
        if masked != text:
            tree = _parse(masked, self.source.path)
            if isinstance(tree, ast.Module):
                restore(tree, names)
                return self.parsed(tree, Source(self.source.path, masked), violations, masked=True)
        return self.located(masked, violations, markers)

    def host_too_old(self, accepted: list[Found]) -> Undecidable:
        newest = max(accepted, key=lambda item: FACTS[item.key].introduced or (0, 0))
        fact = FACTS[newest.key]
        needed = version_name(fact.introduced or KNOWN_THROUGH)
        return Undecidable(
            f"Python {needed} or newer",
            # The host's own version stays out of the message: the same input must give the
            # same report on every Python that cannot decide it.
            f"{fact.construct} needs Python {needed}, which enginelint must run on to parse it",
            self.source.span_of(newest.start, newest.end),
        )

    def located(
        self, masked: str, violations: tuple[Problem, ...], markers: list[tuple[str, int, int]]
    ) -> Verdict:
        """The first problem in a file the host cannot parse even with everything hidden."""
        source = Source(self.source.path, masked)
        lexed = tokenize(masked, pep701=HOST >= (3, 12))
        view = View(masked, lexed)
        place = locate(view)
        candidates = list(violations)
        if place is None:
            candidates.append(Problem(Span.point(1, 1), None, "invalid syntax"))
            return self.invalid(first(candidates))
        start = view.token(place.first).start
        last = (
            place.last - 1
            if view.token(place.last).kind == NEWLINE and place.last > place.first
            else place.last
        )
        end = view.token(last).end
        candidates += self.prefix_problems(view, place)
        line_end = view.token(place.last).end
        explained = [
            Problem(source.span_of(item.start, item.end), item.key)
            for item in removed_constructs(view, (3, 6), HOST)
            if start <= item.start <= line_end and not FACTS[item.key].accepts(self.version)
        ]
        problem = lexed.problem
        if explained:
            candidates += explained
        elif problem is not None and problem[1] < end:
            candidates.append(Problem(source.span_of(problem[1], problem[2]), None, problem[0]))
        elif any(start <= marker[1] < end for marker in markers):
            key, marker_start, marker_end = next(m for m in markers if start <= m[1] < end)
            candidates.append(Problem(source.span_of(marker_start, marker_end), key))
        else:
            what = (
                "the file ends before this statement is complete"
                if place.at_end
                else ("invalid syntax in this statement")
            )
            candidates.append(Problem(source.span_of(start, end), None, what))
        if self.version[0] == 2:
            # Only what certainly is not Python 2 counts; the rest may be valid Python 2.
            certain = [
                item
                for item in candidates
                if item.key and not FACTS[item.key].accepts(self.version)
            ]
            return self.invalid(first(certain)) if certain else self.python2(self.source.text)
        return self.invalid(first(candidates))

    def prefix_problems(self, view: View, place: Located) -> list[Problem]:
        """Parse-stage problems in the statements before the one that fails."""
        index = next(
            i for i, (first_token, _) in enumerate(view.lines) if first_token == place.first
        )
        if index == 0:
            return []
        prefix = completed_prefix(view, lines_info(view), index - 1)
        tree = _parse(prefix, self.source.path)
        if not isinstance(tree, ast.Module):
            return []
        return parse_problems(tree, Source(self.source.path, prefix), self.version)


_UNGUARDED_LENGTH = 20_000
_MAX_CHAIN = 10_000
_STRING = (
    r"[rRbBuUfF]{0,2}(?:'''(?:\\.|[^\\])*?'''"
    r'|"""(?:\\.|[^\\])*?"""'
    r"""|'(?:\\.|[^\\'\r\n])*'|"(?:\\.|[^\\"\r\n])*")"""
)
_TOKEN = lazy_pattern(
    rf"(?P<skip>#[^\r\n]*|{_STRING}|[^\W\d]\w*|\d\w*(?:\.\w*)?|\\\r?\n)"
    r"|(?P<open>[(\[{])|(?P<close>[)\]}])|(?P<comma>,)|(?P<end>[;\r\n])"
    r"|(?P<op>[-+*/%@&|^~<>.])"
)


def may_crash_parser(text: str) -> bool:
    """Whether one expression may chain more operators than a parser before 3.11 survives.

    Before 3.11, CPython builds the tree of a long left-recursive chain (`a.b.b…`, `1+1+…`)
    without a depth check and crashes the process somewhere past 100,000 levels. An upper bound,
    cheap to compute: operators are counted per bracket level since the last comma.
    """
    if len(text) <= _UNGUARDED_LENGTH:
        return False
    counts = [0]
    total = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "op" or kind == "open":
            counts[-1] += 1
            total += 1
            if total > _MAX_CHAIN:
                return True
            if kind == "open":
                counts.append(0)
        elif kind == "close":
            if len(counts) > 1:
                total -= counts.pop()
        elif kind == "comma":
            total -= counts[-1]
            counts[-1] = 0
        elif kind == "end" and len(counts) == 1:
            counts[-1] = total = 0
    return False
