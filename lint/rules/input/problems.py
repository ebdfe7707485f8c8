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
    (never followed: the deploy tool uploads the project folder, not what links point to).

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
    """A Python file that runs on the platform does not parse.

    Why: the platform imports `wsgi.py` (or starts the `run:` entry) and every project module
    they import; a syntax error in any of them means the app never starts. The position comes
    from Python's parser. Code nested so deeply that the parser gives up is reported at 1:1.
    enginelint parses with the Python it runs on; newer syntax than that Python knows is
    reported too.
    """
    return _report(project, "EL003")


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


