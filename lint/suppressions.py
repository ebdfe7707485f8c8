"""Inline suppressions: `# enginelint: ignore[EL202, loopback-bind] reason`.

A suppression on a finding's line, or alone on the line above it, silences the named rules for
that line; `# enginelint: ignore-file[EL501]` anywhere in a file silences them for the whole file.
A suppression names rules the way `--select` does: codes, code prefixes (`EL2`) or names.
They work in every file enginelint reads with `#` comments: Python files, requirements files,
`leanengine.yaml`, `.python-version`, `.leanignore`. A suppression that silences nothing, or names
no known rule, is itself reported (EL007), so stale ones do not pile up. Whether it silences
nothing is judged against every rule in the catalogue, never the run's selection (the engine runs
them all when EL007 is selected).

Only real comments count: in Python files the tokenizer finds them (a `#` inside a string is
not a comment); elsewhere a `#` at the start of a line or after white space starts one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Iterable, Sequence

from .diagnostics import Diagnostic, Finding, Span
from .files import TextFile
from .lazy_dataclass import dataclass
from .lazy_re import lazy_pattern
from .registry import Rule

_DIRECTIVE = lazy_pattern(r"enginelint:\s*(ignore-file|ignore)\[([^\]]*)\]")


@dataclass(frozen=True)
class Suppression:
    """One rule named in one suppression comment."""

    path: str
    line: int  # the line the comment is on
    targets: tuple[int, ...]  # the lines it covers (empty: the whole file)
    selector: str
    span: Span  # the selector inside the brackets


def _comments(file: TextFile) -> Iterable[tuple[int, int, str, bool]]:
    """(line, column of `#`, comment text, whether the comment is alone on its line)."""
    if file.path.endswith((".py", ".pyw")):
        yield from _python_comments(file)
        return
    # Only the lines that name enginelint are looked at: finding them is one scan of the text,
    # where going line by line would cost a huge file a second.
    seen = 0
    found = file.text.find("enginelint:")
    while found != -1:
        number = file.position(found).line
        if number > seen:
            seen = number
            text = file.line(number)
            for match in re.finditer(r"(?:^|(?<=\s))#", text):
                alone = not text[: match.start()].strip()
                yield number, match.start() + 1, text[match.start() :], alone
                break
        found = file.text.find("enginelint:", found + 1)


def _python_comments(file: TextFile) -> Iterable[tuple[int, int, str, bool]]:
    import tokenize

    if "enginelint:" not in file.text:
        return
    try:
        for token in tokenize.generate_tokens(io.StringIO(file.text).readline):
            if token.type == tokenize.COMMENT and "enginelint:" in token.string:
                line, column = token.start
                alone = not token.line[:column].strip()
                yield line, column + 1, token.string, alone
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return  # the file does not tokenize (EL003 says why): no suppressions in it


def parse(file: TextFile) -> list[Suppression]:
    """Every rule named by a suppression comment in the file."""
    found = []
    for line, column, text, alone in _comments(file):
        for match in _DIRECTIVE.finditer(text):
            whole_file = match.group(1) == "ignore-file"
            targets: tuple[int, ...] = () if whole_file else (line, line + 1) if alone else (line,)
            inside = match.start(2)
            for part in re.finditer(r"[^,\s]+", match.group(2)):
                start = column + inside + part.start()
                found.append(
                    Suppression(
                        file.path,
                        line,
                        targets,
                        part.group(),
                        Span.of(line, start, line, start + len(part.group())),
                    )
                )
    return found


def _covers(suppression: Suppression, diagnostic: Diagnostic, codes: frozenset[str]) -> bool:
    if diagnostic.path != suppression.path or diagnostic.code not in codes:
        return False
    if not suppression.targets:
        return True
    return diagnostic.span is not None and diagnostic.span.start.line in suppression.targets


def _named(selector: str, catalogue: Sequence[Rule]) -> frozenset[str]:
    """The codes a suppression's selector names (empty when it names no rule)."""
    from .registry import matches

    return frozenset(r.code for r in catalogue if matches(r, selector))


def apply(
    files: Sequence[TextFile],
    diagnostics: list[Diagnostic],
    catalogue: Sequence[Rule],
    unjudged: Collection[str] = (),
) -> tuple[list[Diagnostic], list[Finding]]:
    """The diagnostics no suppression silences, and EL007 findings for the suppressions that
    silenced nothing or name no rule.

    `diagnostics` must come from every rule of the catalogue that a suppression could name;
    `unjudged` are rules that did not finish (crashed): a suppression naming one is never
    called unused.
    """
    by_path: dict[str, list[Suppression]] = {}
    for file in files:
        suppressions = parse(file)
        if suppressions:
            by_path[file.path] = suppressions
    if not by_path:
        return list(diagnostics), []
    engine_reported = {r.code for r in catalogue if r.engine_reported}
    named = {s: _named(s.selector, catalogue) for found in by_path.values() for s in found}
    used: set[Suppression] = set()
    kept = []
    for diagnostic in diagnostics:
        silenced = False
        for suppression in by_path.get(diagnostic.path or "", ()):
            if _covers(suppression, diagnostic, named[suppression]):
                used.add(suppression)
                silenced = True
        if not silenced:
            kept.append(diagnostic)
    unused = []
    for path in sorted(by_path):
        for suppression in by_path[path]:
            codes = named[suppression]
            if suppression in used or codes & (set(unjudged) | engine_reported):
                continue
            what = "silences nothing" if codes else "names no enginelint rule"
            unused.append(
                Finding(
                    f"suppression `{suppression.selector}` {what}; remove it",
                    suppression.path,
                    suppression.span,
                )
            )
    return kept, unused
