"""The file as pip reads it (EL203, EL213): lines it rejects or ignores, and the encoding.

Every judgement about pip's grammar comes from `parsers.requirements`; these rules only decide
which of its records are worth saying and how loudly.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import ERROR, WARNING, Finding, Span
from ...parsers.requirements import InvalidLine, OptionLine, Requirement
from ...project import Project
from ...rulespec import rule
from .messages import shorten


@rule("EL203", "invalid-requirement", ERROR)
def invalid_requirement(project: Project) -> Iterator[Finding]:
    """A line in `requirements.txt` that pip rejects, or parts of a line pip silently ignores.

    Why: pip stops at the first line it cannot parse (`flask=1.0`, `django>=`, `x~=1`, an
    invalid environment marker, an unknown or long-removed option such as `--allow-external`),
    so the dependency install and the deploy fail. Reported as warnings, because pip carries on
    without them: index options on a requirement line (`foo==1.0 --index-url …`), a `--hash` line
    that lost the trailing `\\` joining it to its requirement, and words after the options of a
    line. Lines using `${VARIABLE}` are not judged: pip substitutes the install environment first.

    Example: `flask=1.0` → `flask==1.0`.
    """
    from ...parsers.requirements import option_flag
    from ...parsers.requirements_graph import requirements_set

    view = requirements_set(project)  # requirements.txt and the files it includes
    if view is None:
        return
    for entry in view.entries:
        if isinstance(entry, InvalidLine):
            if entry.uses_environment:
                continue
            yield Finding(
                f"pip cannot parse `{shorten(entry.text)}`, so the dependency install fails: "
                f"{entry.reason}",
                entry.path,
                entry.span,
            )
        elif isinstance(entry, Requirement):
            where = entry.options_span or entry.line_span
            if entry.ignored_options:
                flags = ", ".join(f"`{option_flag(name)}`" for name in entry.ignored_options)
                yield Finding(
                    f"pip ignores {flags} on the requirement line of `{shorten(entry.requirement)}`"
                    "; put global options on a line of their own",
                    entry.path,
                    where,
                    severity=WARNING,
                )
            if entry.ignored_arguments:
                words = " ".join(entry.ignored_arguments)
                yield Finding(
                    f"pip ignores `{shorten(words)}` after the options of "
                    f"`{shorten(entry.requirement)}`; put each requirement on a line of its own",
                    entry.path,
                    where,
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
