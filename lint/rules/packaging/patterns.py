"""`.leanignore` patterns the deploy tool refuses (EL108) or reads otherwise than they look
(EL109).

Both read the packaging model's `.leanignore` (`parsers.leanignore`, exactly as lean-cli reads
it); EL109's static checks are in `surprises`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Optional

from ...diagnostics import ERROR, WARNING, Finding
from ...platform import LEANIGNORE_FILE
from ...project import Project
from ...rulespec import rule

if TYPE_CHECKING:
    from ...parsers.leanignore import IgnorePattern, LeanIgnore

# How many paths a message names before it says "and N more".
_NAMED = 3


def _project_file(project: Project) -> Optional[LeanIgnore]:
    """The project's own `.leanignore` as the deploy tool reads it, or None."""
    from ...parsers.leanignore import LeanIgnore, read_leanignore

    found = read_leanignore(project)
    return found if isinstance(found, LeanIgnore) else None


@rule("EL108", "leanignore-invalid-pattern", ERROR)
def leanignore_invalid_pattern(project: Project) -> Iterator[Finding]:
    """A `.leanignore` pattern makes the deploy tool stop before it uploads anything.

    Why: `lean deploy` compiles every pattern before it uploads; one it refuses stops the
    deploy. It refuses: `**` anywhere on the line; an empty pattern (a line that is only `!`,
    `/` or `!/`); a pattern without `/` that has a wildcard (`*`, `?`, `[`), whose translation
    into a Go regular expression Go rejects — `[!]` and `[\\]` (unclosed classes), `[z-a]` (a
    reversed range), `\\e`, `\\x` or `\\8` (escapes Go does not know), `[[:foo:]]`; and a
    pattern with `/` that Go's `filepath.Match` finds malformed — an unclosed `[`, `[]`, `[^]`,
    `[a-]`, a trailing `\\` — which stops the deploy at the first path it checks. Every such
    line is reported, at the line, with the deploy tool's reason; it stops at the first. (The
    other stops of the packaging step — a broken symlink, a symlink loop, an unreadable folder
    or file that the upload walk reaches, excluded or not — are EL001's.)

    Example: `**/*.log` → `*.log` (a pattern without `/` already matches at any depth);
    `build/[a-]` → `build/[a-z]`.
    """
    from ...parsers.leanignore import GLOB

    ignore = _project_file(project)
    if ignore is None:
        return
    for pattern in ignore.refused:
        yield Finding(_refusal(pattern, GLOB), LEANIGNORE_FILE, pattern.span)


def _refusal(pattern: IgnorePattern, glob_kind: str) -> str:
    quoted = f"`.leanignore` pattern `{pattern.text}`"
    error = pattern.error or ""
    if "unsupported ** syntax" in error:
        return f"{quoted} uses `**`, which the deploy tool refuses: the deploy stops"
    if not pattern.body:
        return (
            f"{quoted} is empty once `!` and a trailing `/` are taken off, which the deploy "
            "tool refuses: the deploy stops"
        )
    if pattern.kind == glob_kind:
        return (
            f"{quoted} has a `/`, so the deploy tool matches paths against it with Go's "
            "`filepath.Match`, which finds it malformed (syntax error in pattern) at the first "
            "path: the deploy stops"
        )
    reason = error.split("error parsing regexp: ", 1)[-1]
    return (
        f"{quoted} has no `/`, so the deploy tool compiles it as the Go regular expression "
        f"`{pattern.regexp}`, which Go refuses ({reason}): the deploy stops"
    )


@rule("EL109", "leanignore-surprising-pattern", WARNING)
def leanignore_surprising_pattern(project: Project) -> Iterator[Finding]:
    """A `.leanignore` pattern does not do what it looks like.

    Why: the deploy tool's matcher is not gitignore's. A pattern with `/` is matched with Go's
    `filepath.Match`: one starting with `/` never matches (the paths it checks have no leading
    `/`), so what it names is uploaded, and `[!…]` there is a class holding `!` (Go negates
    with `^`). A wildcard pattern without `/` is a Go regular expression searched for anywhere
    in the path, with `*` crossing `/`: `tmp*` excludes `tmp/` but also
    `templates/attmp.html` (reported for the files it excludes only that way, naming up to
    three); `[^…]` there is a class holding `^` (it negates with `!`); a `[` that opens no class
    (`[]…]`, an unclosed `[`) is a literal `[`; a backslash before a letter or digit, or inside
    `[…]`, is a regular-expression escape (`\\d` is any digit, `\\b` a word boundary). And the
    file: a UTF-8 byte-order mark is read as part of the first line, a lone carriage return is
    no line break, and a line of 64 KiB or more ends the file.

    Example: `/build` → `build/`; `tmp*` excluding `templates/attmp.html` → `tmp/` (or a
    pattern with `/`, which is matched against the whole path: `cache/tmp*`); `*.[^o]` → `*.[!o]`.
    """
    from ...analysis.upload import upload_set
    from ...parsers.leanignore import REGEXP
    from .surprises import file_surprises, pattern_surprises

    ignore = _project_file(project)
    if ignore is None:
        return
    for line, message in file_surprises(ignore):
        yield Finding(message, LEANIGNORE_FILE, ignore.line_span(line))
    for pattern in ignore.patterns:
        for message in pattern_surprises(pattern):
            yield Finding(message, LEANIGNORE_FILE, pattern.span)
    uploads = upload_set(project)
    if uploads is None or uploads.ignore is not ignore:
        return
    surprises: dict[int, list[str]] = {}
    for excluded in uploads.excluded:
        pattern = excluded.pattern
        if pattern.kind != REGEXP or pattern.intended(excluded.path, excluded.is_dir):
            continue
        shown = excluded.path + ("/" if excluded.is_dir else "")
        surprises.setdefault(pattern.line, []).append(shown)
    for pattern in ignore.patterns:
        paths = surprises.get(pattern.line)
        if not paths:
            continue
        yield Finding(
            f"`.leanignore` pattern `{pattern.text}` is searched for anywhere in the path, so "
            f"it also excludes {_name_paths(paths)}",
            LEANIGNORE_FILE,
            pattern.span,
        )


def _name_paths(paths: list[str]) -> str:
    named = ", ".join(f"`{p}`" for p in paths[:_NAMED])
    rest = len(paths) - _NAMED
    return f"{named} and {rest} more" if rest > 0 else named
