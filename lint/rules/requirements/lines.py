"""The file as pip reads it (EL203, EL213): lines it rejects or ignores, and the encoding.

Every judgement about pip's grammar comes from `parsers.requirements`; these rules only decide
which of its records are worth saying and how loudly.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Optional

from ...diagnostics import ERROR, WARNING, Finding, Span
from ...parsers.requirements import Entry, InvalidLine, OptionLine, Requirement
from ...project import Project
from ...rulespec import rule
from .messages import shorten

if TYPE_CHECKING:
    from ...analysis.target import Target
    from ...parsers.pip_releases import Rejection


@rule("EL203", "invalid-requirement", ERROR)
def invalid_requirement(project: Project) -> Iterator[Finding]:
    """A line in `requirements.txt` that pip rejects, or parts of a line pip silently ignores.

    Why: pip stops at the first line it cannot parse (`flask=1.0`, `x~=1`, an invalid
    environment marker, `--hash=md5:…`, an unknown or removed option such as `--allow-external`),
    so the dependency install and the deploy fail. Judged by the pip the deploy uses: the one the
    target CPython bundles (`.python-version`, or the platform's newest Python without it). pip's
    reading changed over the years — `django>=` and `x>=2.*` are legacy specifiers pip 24.0 and
    older accept and 24.1 rejects, `--install-option` is gone from 23.1, `--global-option` from
    25.3, `-C key=val` arrived in 23.1 — so a line is an error when a pip the target may bring
    rejects it (the message names those releases when a Python line's patch releases bring
    different pips), and a warning when only newer pips reject it: it breaks on the next Python.
    Reported as warnings too, because pip carries on without them: index options on a
    requirement line (`foo==1.0 --index-url …`), a `--hash` line that lost the trailing `\\`
    joining it to its requirement, and words after the options of a line. Lines using
    `${VARIABLE}` are not judged: pip substitutes the install environment first.

    Example: `flask=1.0` → `flask==1.0`.
    """
    from ...analysis.target import target
    from ...parsers.requirements import option_flag
    from ...parsers.requirements_graph import requirements_set

    view = requirements_set(project)  # requirements.txt and the files it includes
    if view is None:
        return
    where = target(project)
    judged: set[tuple[str, int]] = set()
    for entry in view.entries:
        key = (entry.path, entry.span.start.line)
        if key not in judged and not (isinstance(entry, InvalidLine) and entry.uses_environment):
            judged.add(key)
            found = _rejected(entry, where)
            if found is not None:
                yield found
        if isinstance(entry, Requirement):
            where_options = entry.options_span or entry.line_span
            if entry.ignored_options:
                flags = ", ".join(f"`{option_flag(name)}`" for name in entry.ignored_options)
                yield Finding(
                    f"pip ignores {flags} on the requirement line of `{shorten(entry.requirement)}`"
                    "; put global options on a line of their own",
                    entry.path,
                    where_options,
                    severity=WARNING,
                )
            if entry.ignored_arguments:
                words = " ".join(entry.ignored_arguments)
                yield Finding(
                    f"pip ignores `{shorten(words)}` after the options of "
                    f"`{shorten(entry.requirement)}`; put each requirement on a line of its own",
                    entry.path,
                    where_options,
                    severity=WARNING,
                )
        elif isinstance(entry, OptionLine):
            if entry.ignored_options:
                flags = ", ".join(f"`{option_flag(name)}`" for name in entry.ignored_options)
                yield Finding(
                    f"{flags} on a line without a requirement applies to nothing and pip ignores "
                    "it; join it to its requirement's line with a trailing `\\`",
                    entry.path,
                    entry.span,
                    severity=WARNING,
                )
            if entry.ignored_arguments:
                words = " ".join(entry.ignored_arguments)
                yield Finding(
                    f"pip ignores `{shorten(words)}` after the options on this line; put each "
                    "requirement on a line of its own",
                    entry.path,
                    entry.span,
                    severity=WARNING,
                )


def _rejected(entry: Entry, where: Target) -> Optional[Finding]:
    """EL203 for a line some pip releases stop on, judged for the pips the target brings."""
    rejections = entry.rejections
    if not rejections:
        return None
    from ...parsers.pip_releases import version_key

    span = entry.line_span if isinstance(entry, Requirement) else entry.span
    shown = f"`{shorten(entry.text)}`"
    stopping = [p for p in where.pips if any(r.covers(p) for r in rejections)]
    if stopping:
        newest = stopping[-1]
        rejection = next(r for r in rejections if r.covers(newest))
        reason = _reason(entry, rejection)
        if len(stopping) == len(where.pips):
            scope = "" if rejection.every_release else f" ({rejection.releases()})"
            return Finding(
                f"pip cannot parse {shown}, so the dependency install fails: {reason}{scope}",
                entry.path,
                span,
            )
        return Finding(
            f"pip {_listed(stopping)} cannot parse {shown} ({reason}; {rejection.releases()}); "
            f"{where.python_label()} brings {where.pip_range()}, so the dependency install "
            "fails with some of them",
            entry.path,
            span,
        )
    newest_target = version_key(where.pips[-1])
    later = [r for r in rejections if r.since and version_key(r.since) > newest_target]
    if not later:
        return None
    rejection = later[0]
    return Finding(
        f"{shown} works with {where.pip_range()}, which {where.python_label()} brings, but "
        f"{rejection.releases()} cannot parse it: {_reason(entry, rejection)}; the install "
        "breaks when the Python, and with it pip, is upgraded",
        entry.path,
        span,
        severity=WARNING,
    )


def _reason(entry: Entry, rejection: Rejection) -> str:
    """The parser's wording where it speaks of the same pips (today's) and adds a hint."""
    if (
        isinstance(entry, InvalidLine)
        and rejection.until is None
        and not entry.reason.startswith("expected ")
    ):
        return entry.reason
    return rejection.reason


def _listed(pips: list[str]) -> str:
    return pips[0] if len(pips) == 1 else f"{', '.join(pips[:-1])} and {pips[-1]}"


@rule("EL213", "requirements-encoding", WARNING)
def requirements_encoding(project: Project) -> Iterator[Finding]:
    """A requirements file is not UTF-8 (or ASCII): UTF-16 or UTF-32 with a byte-order mark.

    Why: pip reads such a file, but `git diff`, editors, pre-commit hooks and most other tools
    treat it as binary, and a tool that writes it back as UTF-8 changes every byte. Windows
    PowerShell writes UTF-16 by default (`pip freeze > requirements.txt`). A UTF-8 byte-order
    mark is fine.

    Example: re-save `requirements.txt` as UTF-8 (`pip freeze | Out-File -Encoding utf8 …`).
    """
    from ...analysis.sdk import requirement_files

    for view in requirement_files(project):
        encoding = view.file.encoding.lower()
        if not encoding.startswith(("utf-16", "utf-32")):
            continue
        yield Finding(
            f"`{view.path}` is encoded as {encoding.upper()} with a byte-order mark; pip reads "
            "it, but most tools treat it as binary; save it as UTF-8",
            view.path,
            Span.point(1, 1),
        )
