"""EL0xx detectors: report what the Project recorded while the other rules read and parsed.

They run in the "late" phase, and whenever one is selected the engine runs every rule, so a file
gives the same EL001–EL004 whatever else is selected. EL006 and EL007 are reported by the engine
itself; their functions here carry only their documentation.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import ERROR, INFO, WARNING, Finding, Span
from ...project import Project
from ...rulespec import rule


def _report(project: Project, code: str) -> Iterator[Finding]:
    for problem in project.problems(code):
        if not problem.path:  # about the project as a whole (EL005 for the tree)
            yield Finding(problem.message)
        else:
            yield Finding(problem.message, problem.path, problem.span or Span.point(1, 1))


@rule("EL001", "unreadable-file", ERROR)
def unreadable_file(project: Project) -> Iterator[Finding]:
    """A file enginelint needs cannot be read.

    Why: the deploy would fail or behave unpredictably on the same file, and enginelint cannot
    check what it cannot read. Reported for: permission denied; something that is not a regular
    file (a FIFO, socket, device, or a folder where a file is expected) — never opened, so a FIFO
    cannot make enginelint hang; a file over the size limit (default 2 MiB, setting
    `max-file-size`); a symlink loop or a broken symlink; a symlink that leaves the project root
    (never followed by enginelint's reads). Also reported, for the first one it meets, where
    `lean deploy`'s upload walk cannot get through and the deploy stops before uploading: a
    broken symlink or a symlink loop anywhere the walk goes — even one `.leanignore` excludes,
    as the tool resolves a link before it matches it — a folder it cannot list, or a FIFO,
    socket or unreadable file it would zip (`enginelint plan` shows the same stop).

    Example: `requirements.txt -> ../shared/requirements.txt` → copy the file into the project.
    """
    return _report(project, "EL001")


@rule("EL002", "undecodable-file", ERROR)
def undecodable_file(project: Project) -> Iterator[Finding]:
    """A file is not text the platform can decode.

    Why: the platform reads its files as UTF-8; a file with NUL bytes is binary, and invalid
    UTF-8 makes pip, the YAML parser or Python fail at deploy time. A UTF-8 byte-order mark is
    accepted. Python files may declare another encoding with a PEP 263 coding cookie
    (`# -*- coding: latin-1 -*-`). `requirements.txt` in UTF-16/32 with a BOM is decoded as pip
    would (EL213 reports the encoding).

    Example: a `requirements.txt` saved as Latin-1 with `café` in a comment → save it as UTF-8.
    The position points at the first byte that cannot be decoded.
    """
    return _report(project, "EL002")


@rule("EL003", "python-syntax-error", ERROR)
def python_syntax_error(project: Project) -> Iterator[Finding]:
    """A Python file that runs on the platform cannot be imported by the project's Python.

    Why: the platform imports `wsgi.py` (or starts the `run:` entry) and every project module
    they import; a file the target Python rejects means the app never starts. The target is the
    Python the platform runs: `.python-version`, else its default for new apps. EL003 fires
    exactly when that Python's `import` would raise `SyntaxError` — at the parse stage (syntax
    the target lacks, such as `:=` before 3.8 or `match` before 3.10, or has removed, such as
    `async` as a name from 3.7) or at the compile stage (`return` outside a function, `await`
    outside an async function, `nonlocal` at module level, a duplicate argument, a late
    `from __future__` or one the target does not know, `yield` in a comprehension from 3.8, a
    BOM with a coding cookie that is not UTF-8 …). The message names the construct, the version
    that introduced or removed it, and the target; the position comes from the file's text, the
    same on every Python enginelint runs on. Valid Python 2 is never EL003 (see EL009); when the
    Python enginelint runs on cannot decide, it says so with EL008 instead.

    Example: `if (n := len(items)) > 3:` with `.python-version` `3.6.5` → use an assignment
    before the `if`, or move the project to 3.8 or newer.
    """
    return _report(project, "EL003")


@rule("EL008", "host-python-too-old", INFO)
def host_python_too_old(project: Project) -> Iterator[Finding]:
    """The Python enginelint runs on cannot tell whether the project's Python imports a file.

    Why: enginelint judges a file by the target's grammar, but it parses with the Python it runs
    on. When that Python rejects a file the target may accept (newer syntax than the host knows,
    such as `type X = int` for a 3.12 project linted on 3.9; or constructs an older Python
    accepted and newer ones reject, such as `async` as a name for a 3.6 project), enginelint
    cannot prove an error, so it reports none: this finding names the file and which Python is
    needed to check it, and no other finding depends on that file's content.

    Example: a 3.12 project linted with enginelint on Python 3.11 → run enginelint on 3.12 or
    newer (in CI: `actions/setup-python` with the project's version).
    """
    return _report(project, "EL008")


@rule("EL009", "python2-code", WARNING)
def python2_code(project: Project) -> Iterator[Finding]:
    """Python files that run on the platform are Python 2 code, which enginelint cannot read.

    Why: the platform still runs Python 2.7 apps (`.python-version` `2.7.x`, or app groups created
    before 2021-09-02 without the file), but enginelint reads code with a Python 3 parser. With
    `2.7` pinned this is information (info): the code rules could not check those files, and the
    configuration-file rules work as usual. Without `.python-version` it is a warning: new app
    groups get Python 3, where this code fails to import, so the same project deploys on one
    group and breaks on another. One finding per project, naming the files.

    Example: `print "hello"` in `app.py` and no `.python-version` → write `2.7` into
    `.python-version`, or port the code to Python 3.
    """
    found = project.problems("EL009")
    if not found:
        return
    from ...analysis.target import target

    names = [problem.path for problem in found]
    shown = ", ".join(f"`{name}`" for name in names[:5])
    more = f" and {len(names) - 5} more" if len(names) > 5 else ""
    one = len(names) == 1
    count = f"{len(names)} file{'' if one else 's'} that run{'s' if one else ''}"
    are = "is" if one else "are"
    if not target(project).assumed and target(project).line[0] == 2:
        yield Finding(
            f"{count} on the platform ({shown}{more}) {are} Python 2 code, which "
            "enginelint's code rules cannot read; the configuration-file rules still apply",
            severity=INFO,
        )
        return
    yield Finding(
        f"{count} on the platform ({shown}{more}) {are} Python 2 code, and there is no "
        "`.python-version`: new app groups get Python 3, where this code cannot be imported, so "
        "the deploy breaks; write `2.7` into `.python-version`, or port the code to Python 3",
        names[0],
        found[0].span or Span.point(1, 1),
    )


@rule("EL004", "yaml-syntax-error", ERROR)
def yaml_syntax_error(project: Project) -> Iterator[Finding]:
    """`leanengine.yaml` does not parse as YAML.

    Why: the platform cannot read its settings and the deploy fails. The position comes from the
    YAML parser. Reading is bounded so that hostile input cannot exhaust memory or time: alias
    expansion stops at 10,000 nodes (a "billion laughs" file is reported here), nesting at 100
    levels, and the file at 32 KiB (a real `leanengine.yaml` is a few lines). A second YAML
    document in the file is reported too: the platform reads only the first.

    Example: `run: gunicorn -b 0.0.0.0:3000 wsgi:app: --workers 2` (a second `: ` in a plain
    value) → quote the value: `run: "gunicorn … wsgi:app --workers 2"`.
    """
    return _report(project, "EL004")


@rule("EL007", "unused-suppression", WARNING)
def unused_suppression(project: Project) -> Iterator[Finding]:
    """An inline suppression silences nothing, or names no enginelint rule.

    Why: a suppression outlives the problem it hid; left behind it hides the next, real finding
    on that line, and a misspelt code silences nothing while looking as if it did. Suppressions are
    `# enginelint: ignore[CODE or name, …] reason` on the finding's line or alone on the line
    above it, and `# enginelint: ignore-file[…]` for a whole file, in Python files, requirements
    files, `leanengine.yaml`, `.python-version` and `.leanignore`.

    Example: `requests>=2.31,<3  # enginelint: ignore[EL202]` (the line is capped) → remove the
    comment.
    """
    return iter(())


@rule("EL005", "analysis-incomplete", INFO)
def analysis_incomplete(project: Project) -> Iterator[Finding]:
    """A resource bound stopped the analysis: some modules or files were not examined.

    Why: enginelint never stops silently. Its bounds sit far beyond real projects (100,000
    modules imported from the entry; 200,000 statements walked per module; 200,000 entries of
    the tree for the upload view and the whole-tree scan; 50,000 files read by that scan), so
    that a generated or runaway tree cannot make a run endless; when one is reached, this says
    what was not checked, and the other findings speak only of what was. Every bound is listed
    in `docs/limits.md`.

    Example: an entry that imports 150,000 project modules → the message names how many were
    left out and the first of them; split the project or exclude generated code.
    """
    return _report(project, "EL005")


@rule("EL006", "internal-error", ERROR)
def internal_error(project: Project) -> Iterator[Finding]:
    """A rule crashed inside enginelint.

    This is a bug in enginelint, not in your project. The other rules still ran; the message
    names the rule. Run again with `--verbose` to see the traceback, and please report it with
    the file that triggers it.
    """
    return iter(())


