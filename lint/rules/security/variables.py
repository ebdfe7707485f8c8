"""EL604: `LEANCLOUD_*` variables the platform does not set, and deprecated `LC_*` aliases.

A misspelt name reads nothing in the cloud. Names are looked for where they are read: in the
statements of code that runs (`os.environ[…]`, `os.getenv(…)`, `… in os.environ`) and in the
`$VAR` references of the `run:` command.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Optional

from ... import platform
from ...analysis.python.parse import PythonModule
from ...analysis.python.records import ModuleRun
from ...analysis.python.running import running_code
from ...diagnostics import WARNING, Finding, Span
from ...lazy_dataclass import dataclass
from ...rulespec import rule
from .environ import env_name

if TYPE_CHECKING:
    from ...project import Project


@dataclass(frozen=True)
class PlatformVariable:
    """A `LEANCLOUD_*` name the platform does not set, or a deprecated `LC_*` alias.

    `replacement` is the name to use: the alias's new name, or the closest known variable
    (empty when none is close).
    """

    path: str
    span: Span
    name: str
    deprecated: bool
    replacement: str


@rule("EL604", "unknown-platform-variable", WARNING)
def unknown_platform_variable(project: Project) -> Iterator[Finding]:
    """Code or `run:` reads a `LEANCLOUD_*` variable the platform does not set, or an old alias.

    Why: a misspelt name (`LEANCLOUD_APP_PORTS`) reads nothing in the cloud, so the app falls
    back to a default that does not work there; the `LC_*` aliases (`LC_APP_PORT`,
    `LC_APP_ID`…) are deprecated. Looked for in Python code that runs on the platform
    (`os.environ[...]`, `os.environ.get(...)`, `os.getenv(...)`, `... in os.environ`) and in
    the `run:` command's `$VAR` / `${VAR}` references. The known names are the ones the platform
    sets in the cloud and the ones the local CLI sets.

    Example: `int(os.environ["LEANCLOUD_APP_PORTS"])` → `int(os.environ["LEANCLOUD_APP_PORT"])`.
    """
    for found in platform_variables(project):
        if found.deprecated:
            message = (
                f"`{found.name}` is a deprecated alias; use `{found.replacement}`, the name the "
                "platform sets"
            )
        elif found.replacement:
            message = (
                f"`{found.name}` is not a variable the platform sets, so it is empty in the cloud;"
                f" did you mean `{found.replacement}`?"
            )
        else:
            message = (
                f"`{found.name}` is not a variable the platform sets, so it is empty in the cloud"
                " unless you set it yourself; keep the LEANCLOUD_ prefix for the platform's names"
            )
        yield Finding(message, found.path, found.span)


_LEANCLOUD_NAME = re.compile(r"LEANCLOUD_[A-Za-z0-9_]*")
_KNOWN_VARIABLES = (*platform.PLATFORM_VARIABLES, *platform.LOCAL_CLI_VARIABLES)


def judge_variable(name: str) -> Optional[tuple[bool, str]]:
    """(deprecated, replacement) for a name EL604 reports, None for a name it accepts."""
    if name in platform.DEPRECATED_VARIABLE_ALIASES:
        return True, platform.DEPRECATED_VARIABLE_ALIASES[name]
    if not _LEANCLOUD_NAME.fullmatch(name) or name in _KNOWN_VARIABLES:
        return None
    import difflib  # only for an unknown LEANCLOUD_ name: most projects have none

    # Compared without the shared prefix, which would make every name look close.
    prefix = "LEANCLOUD_"
    suffixes = [v[len(prefix) :] for v in _KNOWN_VARIABLES if v.startswith(prefix)]
    close = difflib.get_close_matches(name[len(prefix) :].upper(), suffixes, n=1, cutoff=0.6)
    return False, prefix + close[0] if close else ""


def platform_variables(project: Project) -> list[PlatformVariable]:
    """Unknown or deprecated platform variables read by code that runs, and in `run:`."""
    return project.cached("security:variables", lambda: _variables(project))


def _variables(project: Project) -> list[PlatformVariable]:
    found: list[PlatformVariable] = []
    for run in running_code(project):
        text = run.module.file.text
        if "LEANCLOUD_" not in text and "LC_" not in text:
            continue  # nothing to find: not worth walking the tree
        seen: set[int] = set()
        for node in _running_env_names(run):
            if id(node) in seen or not isinstance(node.value, str):
                continue
            seen.add(id(node))
            verdict = judge_variable(node.value)
            if verdict is not None:
                span = _inside_quotes(run.module, node)
                found.append(PlatformVariable(run.module.path, span, node.value, *verdict))
    found.extend(_run_command_variables(project))
    return found


def _inside_quotes(module: PythonModule, node: ast.Constant) -> Span:
    """The span of a plain one-line string literal's text without its quotes (the whole
    literal when it is written another way: prefixes, escapes, implicit concatenation)."""
    span = module.span(node)
    source = module.segment(node)
    if (
        len(source) >= 2
        and source[0] in "'\""
        and source[-1] == source[0]
        and source[1:-1] == node.value
        and span.start.line == span.end.line
    ):
        return Span.of(span.start.line, span.start.column + 1, span.end.line, span.end.column - 1)
    return span


def _run_command_variables(project: Project) -> list[PlatformVariable]:
    from ...analysis.entry import serving_mode

    if serving_mode(project).is_wsgi:
        return []
    from ...parsers.run_command import run_command, run_span
    from ...parsers.run_command.model import ASSIGNED

    parsed = run_command(project)
    if parsed is None:
        return []
    found: list[PlatformVariable] = []
    for reference in parsed.references:
        if not reference.name or reference.source == ASSIGNED:
            continue
        verdict = judge_variable(reference.name)
        if verdict is None:
            continue
        written = parsed.text[reference.raw_start : reference.raw_end]
        index = written.find(reference.name)
        start = reference.raw_start + max(index, 0)
        place = run_span(project, start, start + len(reference.name))
        if place is not None:
            found.append(PlatformVariable(place[0], place[1], reference.name, *verdict))
    return found


_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included (function and class bodies too)."""
    stack = list(reversed(body))
    while stack:
        statement = stack.pop()
        yield statement
        nested: list[ast.stmt] = []
        for name in _BLOCKS:
            for child in getattr(statement, name, None) or []:
                if isinstance(child, ast.stmt):
                    nested.append(child)
                else:  # except handlers, match cases
                    nested.extend(c for c in getattr(child, "body", []) if isinstance(c, ast.stmt))
        stack.extend(reversed(nested))


def _own_expressions(statement: ast.stmt, postponed: bool) -> Iterator[ast.AST]:
    """The expressions a statement evaluates itself (not those of the blocks it contains).

    `postponed`: the module postpones annotations (PEP 563), so none is evaluated.
    """
    for name, value in ast.iter_fields(statement):
        if name in _BLOCKS or (postponed and name in ("returns", "annotation")):
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, ast.withitem):
                yield item.context_expr
            elif isinstance(item, ast.arguments) and postponed:
                yield from item.defaults
                yield from (default for default in item.kw_defaults if default is not None)
            elif isinstance(item, (ast.expr, ast.keyword, ast.arguments)):
                yield item


def _running_env_names(run: ModuleRun) -> Iterator[ast.Constant]:
    postponed = run.module.postpones_annotations
    for statement in _statements(run.module.tree.body):
        if not run.runs(statement):
            continue
        for expression in _own_expressions(statement, postponed):
            for node in ast.walk(expression):
                name = env_name(node)
                if isinstance(name, ast.Constant):
                    yield name
