"""The commands behind the command line: `enginelint [check] [PATH ...]`, `enginelint rule
CODE`, `enginelint rules`, `enginelint plan [PATH ...]`, `enginelint server`.

Exit codes: 0 nothing at or above `--fail-on`; 1 findings; 2 usage or configuration error (one
line on stderr, never a traceback); 3 enginelint itself failed outside a rule.

Only the standard library is imported here at module level; `cli` loads this module for every
command but `--version`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from pathlib import Path

from . import version_line
from .severity import SEVERITIES

# `typing`, `collections.abc` and `dataclasses` cost more than the rest of `--version`; names
# used only in annotations are imported for the type checker alone.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import IO, Any, NoReturn, Optional

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_FAILURE = 0, 1, 2, 3
SUBCOMMANDS = ("check", "rule", "rules", "schema", "plan", "server", "help")

EPILOG = """commands:
  enginelint [check] [PATH ...]   lint the projects that hold each PATH (default: .)
  enginelint rule CODE|NAME       a rule's documentation, fix and how to silence it
  enginelint rules                every rule, one per line (--format json too)
  enginelint schema NAME          print a bundled JSON Schema: leanengine, report, config, plan
  enginelint plan [PATH ...]      what `lean deploy` would upload, install and start (no deploy)
  enginelint server               the Language Server for editors, over stdio (needs the
                                  `server` extra: pip install 'enginelint[server]')
  enginelint help [COMMAND]       this help, or a command's

exit codes:
  0  nothing at or above --fail-on (default: warning)
  1  findings at or above --fail-on
  2  usage or configuration error, or a folder PATH that holds no project
  3  enginelint itself failed (please report it)

examples:
  enginelint                              lint the project you are in
  enginelint backend --select EL5         only the serving rules, for the app in backend/
  enginelint --fix                        apply safe fixes, then report what remains
  enginelint --format json -o report.json
  enginelint rule EL202
"""


def terminal(text: str) -> str:
    """External text as the terminal may show it (see `escaping`)."""
    from .escaping import terminal as escape

    return escape(text)


def _tell(text: str) -> None:
    """One line on standard error. Every such line quotes something from outside (a PATH, an
    option's value, a settings file's name or content), so all of it is escaped: a newline in
    an argument cannot start a second line (that GitHub Actions would run as a workflow
    command), and no control sequence reaches the terminal."""
    sys.stderr.write(f"enginelint: {terminal(text)}\n")


def _tell_block(text: str) -> None:
    """A multi-line block (a traceback) on standard error, each line escaped."""
    sys.stderr.write("".join(terminal(line) + "\n" for line in text.splitlines()))


class UsageError(Exception):
    """A problem with how enginelint was called: exit 2 with one line."""


class _Parser(argparse.ArgumentParser):
    _adding = False

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        self._adding = True
        try:
            return super().add_argument(*args, **kwargs)
        finally:
            self._adding = False

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse builds a formatter for each option added, only to check its metavar, and each
        # asks shutil for the terminal's width: shutil (with bz2 and lzma) cost more to import
        # than the rest of the parser. Nothing those formatters format is printed.
        if self._adding:
            return self.formatter_class(prog=self.prog, width=80)  # type: ignore[call-arg]
        return super()._get_formatter()

    def error(self, message: str) -> NoReturn:
        raise UsageError(message + self._suggestion(message))

    def _suggestion(self, message: str) -> str:
        """A close option name for an unknown one, as `git` and ruff suggest."""
        import difflib
        import re

        unknown = re.search(r"unrecognized arguments: (-[^\s]+)", message)
        if unknown is None:
            return ""
        flag = unknown.group(1).split("=", 1)[0]
        options = [o for action in self._actions for o in action.option_strings]
        close = difflib.get_close_matches(flag, options, n=1)
        return f" (did you mean `{close[0]}`?)" if close else ""


def _csv(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _add_output_options(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    parser.add_argument("--format", "--output-format", dest="format", choices=formats,
                        default="text", metavar="FORMAT",
                        help="output format: " + ", ".join(formats) + " (default: text)")
    parser.add_argument("--output", "--output-file", "-o", dest="output", metavar="FILE",
                        help="write the report to FILE instead of standard output")
    parser.add_argument("--no-color", action="store_true",
                        help="no colours in text output (also: NO_COLOR)")


def _check_parser(prog: str = "enginelint") -> argparse.ArgumentParser:
    from .formats import FORMATS

    parser = _Parser(
        prog=prog,
        description="Lint Python projects deployed to the LeanCloud / TapTap Cloud Engine.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="project folders (or files inside a project) to lint; default: .")
    parser.add_argument("--version", "-V", action="store_true",
                        help="print the version and exit")
    _add_output_options(parser, list(FORMATS))
    parser.add_argument("--select", type=_csv, action="append", metavar="RULES",
                        help="only these rules: codes, names or prefixes (EL2), comma-separated")
    parser.add_argument("--extend-select", type=_csv, action="append", default=[],
                        metavar="RULES", help="add rules to the selection")
    parser.add_argument("--ignore", type=_csv, action="append", default=[], metavar="RULES",
                        help="leave out these rules")
    parser.add_argument("--fail-on", choices=SEVERITIES, default=None,
                        help="lowest severity that makes the exit code 1 (default: warning)")
    parser.add_argument("--config", metavar="FILE",
                        help="read settings from FILE (.enginelint.toml format, or a "
                        "pyproject.toml with [tool.enginelint]) instead of the project's own")
    parser.add_argument("--isolated", action="store_true",
                        help="ignore configuration files")
    parser.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when there are findings")
    parser.add_argument("--stdin-filename", metavar="PATH",
                        help="lint standard input as the content of PATH, in the context of its "
                        "project, and report only that file's findings (for editors)")
    parser.add_argument("--statistics", action="store_true",
                        help="print how many findings each rule has, instead of the findings")
    parser.add_argument("--fix", action="store_true",
                        help="apply safe fixes, then report what remains")
    parser.add_argument("--unsafe-fixes", action="store_true",
                        help="with --fix or --diff, also apply fixes that may change behaviour")
    parser.add_argument("--diff", action="store_true",
                        help="print the fixes as a unified diff and change nothing")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="print findings only: no summary line")
    parser.add_argument("--show-settings", action="store_true",
                        help="print each project's effective settings and where each came "
                        "from, then exit")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="explain what is read to standard error; show tracebacks of "
                        "internal errors")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither use nor store cached results (--fix never uses them)")
    parser.add_argument("--cache-dir", metavar="DIR",
                        help="keep cached results in DIR (also: ENGINELINT_CACHE_DIR, the "
                        "setting cache-dir; default: .enginelint_cache in the project root)")
    return parser


def _flatten(groups: Optional[list[list[str]]]) -> list[str]:
    return [item for group in groups or [] for item in group]


def _open_output(target: Optional[str]) -> IO[str]:
    if not target or target == "-":
        return sys.stdout
    return io.StringIO()


def _finish_output(target: Optional[str], stream: IO[str]) -> None:
    if not target or target == "-":
        stream.flush()
        return
    assert isinstance(stream, io.StringIO)
    _write_atomically(Path(target), stream.getvalue())


def _write_atomically(path: Path, content: str) -> None:
    from .files import write_atomically

    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(path, content)


def _color_choice(no_color: bool) -> Optional[bool]:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return None


class _Target:
    """One project to lint: its root, its settings, and an editor's buffer if any. (A plain
    class: a dataclass would import `dataclasses` for every `--version`.)"""

    __slots__ = ("buffers", "cache", "only_path", "root", "settings")

    def __init__(self, root: Path, settings: Any, buffers: Optional[dict[str, bytes]] = None,
                 only_path: Optional[str] = None, cache: bool = False) -> None:
        self.root = root
        self.settings = settings
        self.buffers = buffers
        self.only_path = only_path
        self.cache = cache


def _lint_all(args: argparse.Namespace) -> tuple[list[Any], list[_Target]]:
    """Find each PATH's project and settings, and lint them: (reports, targets)."""
    targets = _targets(args)
    return [_lint(target, args.verbose) for target in targets], targets


def _targets(args: argparse.Namespace) -> list[_Target]:
    """Parse the selection, find each PATH's project and its settings (each project once).
    Raises UsageError for exit 2."""
    from .config import ConfigError, load_config
    from .registry import SelectionError
    from .settings import resolve

    command_line: dict[str, Any] = {
        "select": _flatten(args.select) if args.select else None,
        "extend_select": _flatten(args.extend_select),
        "ignore": _flatten(args.ignore),
        "fail_on": args.fail_on,
        "cache_dir": args.cache_dir,
    }
    try:
        resolve(**command_line).rules()
    except SelectionError as error:
        raise UsageError(str(error)) from None

    stdin: Optional[tuple[Path, bytes]] = None
    if args.stdin_filename:
        if args.fix:
            raise UsageError("--stdin-filename cannot be used with --fix")
        _check_stdin_paths(args.stdin_filename, args.paths)
        stdin = (Path(args.stdin_filename), sys.stdin.buffer.read())
    explicit = Path(args.config) if args.config else None
    targets: list[_Target] = []
    skipped: list[str] = []  # notes for file PATHs under no project, printed once at the end
    for given in [args.stdin_filename] if stdin is not None else args.paths or ["."]:
        found = _project_of(given, must_exist=stdin is None, skipped=skipped)
        if found is None or any(t.root == found.root for t in targets):
            continue
        from .finder import settings_folders

        root = found.root
        try:
            config = load_config(root, explicit, args.isolated,
                                 settings_folders(root, found.repository))
        except ConfigError as error:
            raise UsageError(str(error)) from None
        if args.verbose:
            source = config.source or "none (defaults)"
            _tell(f"{given}: project {_shown(root)} ({found.reason}); settings: {source}")
        # A fix run writes files between its lints: each lint reads the tree afresh.
        target = _Target(root, resolve(config, **command_line),
                         cache=not (args.no_cache or args.fix))
        if stdin is not None:
            relative = _relative_to(stdin[0], root)
            target = _Target(root, target.settings, {relative: stdin[1]}, relative, target.cache)
        targets.append(target)

    if len(skipped) == 1:
        _tell(f"{skipped[0]}; skipped")
    elif skipped:
        _tell(f"{len(skipped)} files are in no Cloud Engine project (the first: "
              f"{skipped[0]}); skipped")
    return targets


def _check_stdin_paths(stdin_filename: str, paths: Sequence[str]) -> None:
    """With `--stdin-filename`, a PATH may only name the stdin file's own project (its root or
    a folder in it), as editors pass the project they run in; `-` is no PATH at all."""
    from .finder import Found, find

    given = [p for p in paths if p != "-"]
    if not given:
        return
    if len(given) > 1:
        raise UsageError("--stdin-filename takes at most one PATH: the project of the file")
    if not Path(given[0]).is_dir():
        raise UsageError(f"{given[0]}: with --stdin-filename, PATH must be the project folder "
                         "of the file (or a folder in it)")
    project, file_project = find(Path(given[0])), find(Path(stdin_filename))
    if not (isinstance(project, Found) and isinstance(file_project, Found)
            and project.root == file_project.root):
        raise UsageError(f"{stdin_filename} is not in the project at {given[0]}; with "
                         "--stdin-filename, PATH must be the file's project (or a folder in it)")


def lint_for_action(argv: Sequence[str]) -> list[Any]:
    """The reports a `check` command line would produce, for callers that render them
    themselves (the GitHub Action)."""
    args = _check_parser().parse_args(list(argv))
    return _lint_all(args)[0]


def run_check(argv: Sequence[str], prog: str = "enginelint",
              folders: Optional[list[str]] = None) -> int:
    """The `check` command; the cache folder of each project linted is appended to `folders`."""
    parser = _check_parser(prog)
    args = parser.parse_args(list(argv))
    if args.statistics and args.format not in ("text", "concise", "json"):
        raise UsageError(f"--statistics prints a text or JSON table; it cannot be combined "
                         f"with --format {args.format}")
    if args.version:
        return _print_version()

    if args.show_settings:
        return _show_settings(args)
    reports, targets = _lint_all(args)
    if folders is not None:
        from .settings import DEFAULT_CACHE_DIR

        folders.extend(t.settings.cache_dir or str(t.root / DEFAULT_CACHE_DIR) for t in targets)
    if targets and not any(t.settings.rules() for t in targets):
        _tell("warning: no rule is selected, so nothing was checked (see --select, --ignore "
              "and the settings' `select`)")
        if args.format in ("text", "concise"):
            return EXIT_OK
    if args.diff:
        from . import fixes

        changed = False
        for report in reports:
            for change in fixes.plan(report.project, report.diagnostics, args.unsafe_fixes):
                changed = True
                sys.stdout.write(change.diff(report.root))
        return EXIT_FINDINGS if changed and not args.exit_zero else EXIT_OK
    if args.fix:
        for index in range(len(reports)):
            reports[index] = _fix_until_stable(reports[index], targets[index],
                                               args.unsafe_fixes, args.quiet)
    if args.verbose:
        for report in reports:
            for diagnostic in report.diagnostics:
                if diagnostic.detail:
                    _tell_block(diagnostic.detail)

    status = EXIT_FINDINGS if any(r.fails() for r in reports) else EXIT_OK
    if args.exit_zero:
        status = EXIT_OK
    if not reports and args.format in ("text", "concise") and not args.statistics:
        return status  # every PATH was skipped with a note; there is nothing to report
    try:
        _render(args, reports)
    except BrokenPipeError:
        # Piped into `head` and closed early: the findings still decide the exit status.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    return status


def _show_settings(args: argparse.Namespace) -> int:
    """The effective settings of each project, each with where it came from."""
    targets = _targets(args)
    given = {
        "select": args.select is not None,
        "extend_select": bool(_flatten(args.extend_select)),
        "ignore": bool(_flatten(args.ignore)),
        "fail_on": args.fail_on is not None,
        "cache_dir": args.cache_dir is not None,
    }
    from .settings_report import write_settings

    for target in targets:
        write_settings(sys.stdout, target.root, target.settings, given)
    return EXIT_OK


def _render(args: argparse.Namespace, reports: list[Any]) -> None:
    stream = _open_output(args.output)
    if args.statistics:
        _statistics(reports, args.format, stream)
        _finish_output(args.output, stream)
        return
    module = _format_module(args.format)
    settings: Any = None
    if args.format == "text":
        from .formats.text import TextSettings

        color = False if args.output and args.output != "-" else _color_choice(args.no_color)
        settings = TextSettings(color=color, quiet=args.quiet)
    module.render(reports, stream, settings)
    _finish_output(args.output, stream)


def _project_of(given: str, must_exist: bool, skipped: list[str]) -> Any:
    """The `finder.Found` project for a PATH; None when it is skipped with a note.

    A folder PATH under no project is a usage error (exit 2): a CI job pointed at the wrong
    folder must fail loudly. A file PATH under none is skipped, so a pre-commit hook never
    blocks a commit that touches no project. A project the deploy tool ships as another runtime
    is skipped with one line saying so.
    """
    from .finder import NotFound, find

    path = Path(given)
    if must_exist and not path.exists() and not path.is_symlink():
        raise UsageError(f"{given}: no such file or folder")
    found = find(path)
    if isinstance(found, NotFound):
        note = found.note(given)
        if must_exist and path.is_dir():
            raise UsageError(note)
        skipped.append(note)
        return None
    if found.other_runtime is not None:
        _tell(f"{_shown(found.root)}: `lean deploy` would deploy this folder as "
              f"{found.other_runtime}; nothing for enginelint to check")
        return None
    return found


def _shown(path: Path) -> str:
    """A folder as messages show it: relative to the working folder."""
    from .project import describe_root

    return describe_root(path)


def _relative_to(path: Path, root: Path) -> str:
    try:
        return path.absolute().resolve().relative_to(root.absolute().resolve()).as_posix()
    except ValueError:
        raise UsageError(f"{path}: not inside the project at {root}") from None


def _statistics(reports: Sequence[Any], fmt: str, stream: IO[str]) -> None:
    """Findings counted per rule, most frequent first; `[*]` marks rules with a fix."""
    counts: dict[tuple[str, str], int] = {}
    fixable: set[str] = set()
    for report in reports:
        for diagnostic in report.diagnostics:
            key = (diagnostic.code, diagnostic.name)
            counts[key] = counts.get(key, 0) + 1
            if diagnostic.fix is not None:
                fixable.add(diagnostic.code)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    total = sum(counts.values())
    if fmt == "json":
        import json

        rows = [{"code": c, "name": n, "count": k, "fixable": c in fixable}
                for (c, n), k in ordered]
        stream.write(json.dumps(rows, indent=2) + "\n")
        return
    for (code, name), count in ordered:
        marker = "[*]" if code in fixable else "   "
        stream.write(f"{count:>5}  {code}  {marker} {name}\n")
    noun = "finding" if total == 1 else "findings"
    line = f"Found {total} {noun}."
    if fixable:
        line += " [*] marks rules with a fix (--fix, or --fix --unsafe-fixes)."
    stream.write(line + "\n")


MAX_FIX_ROUNDS = 10


def _fix_until_stable(report: Any, target: _Target, unsafe: bool, quiet: bool) -> Any:
    """Apply fixes, lint again, and repeat while fixes change something: one fix can reveal
    another (renaming `cmd` to `run` puts the project in run mode). Bounded, and each round
    only writes what changed."""
    from . import fixes

    fixed: dict[str, int] = {}
    for _ in range(MAX_FIX_ROUNDS):
        changes = fixes.plan(report.project, report.diagnostics, unsafe)
        if not changes:
            break
        for change in changes:
            fixes.write(report.project, change)
            fixed[change.path] = fixed.get(change.path, 0) + change.fixes
        report = _lint(target, False)
    if not quiet:
        for path in sorted(fixed):
            count = fixed[path]
            _tell(f"fixed {count} problem{'' if count == 1 else 's'} in {path}")
    return report


def _lint(target: _Target, verbose: bool) -> Any:
    from .progress import Progress
    from .runner import lint_root

    if verbose:
        _tell(f"linting {_shown(target.root)}")
    with Progress(terminal(f"linting {_shown(target.root)}")):
        return lint_root(target.root, target.settings, buffers=target.buffers,
                         only_path=target.only_path, cache=target.cache)


def _format_module(name: str) -> Any:
    import importlib

    from .formats import FORMATS

    return importlib.import_module(f".formats.{FORMATS[name]}", __package__)


def run_rule(argv: Sequence[str]) -> int:
    parser = _Parser(prog="enginelint rule", description="Show a rule's documentation.")
    parser.add_argument("rule", metavar="CODE|NAME")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(list(argv))
    from .registry import all_rules, find

    found = find(all_rules(), args.rule)
    if found is None:
        raise UsageError(f"unknown rule `{args.rule}`{_did_you_mean(args.rule)}")
    if args.format == "json":
        import json

        json.dump(_rule_json(found), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        from .docgen import fix_note, selection_note

        sys.stdout.write(
            f"{found.code} {found.name} ({found.severity})\n\n{found.doc}\n\n"
            f"{fix_note(found)}\n{selection_note(found)}\nDocs: {found.url}\n"
        )
    return EXIT_OK


def _did_you_mean(token: str) -> str:
    """` (did you mean `EL501` / `loopback-bind`?)` for a near miss, else nothing."""
    import difflib

    from .registry import all_rules

    names = [r.name for r in all_rules()] + [r.code for r in all_rules()]
    close = difflib.get_close_matches(token.strip().lower(), [n.lower() for n in names], n=1)
    if not close:
        return ""
    match = next(n for n in names if n.lower() == close[0])
    return f" (did you mean `{match}`?)"


def _rule_json(rule: Any) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity,
        "fix": rule.fix,
        "summary": rule.summary,
        "documentation": rule.doc,
        "suppression": None if rule.code == "EL006" else f"# enginelint: ignore[{rule.code}]",
        "url": rule.url,
    }


def run_rules(argv: Sequence[str]) -> int:
    parser = _Parser(prog="enginelint rules", description="List every rule.")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(list(argv))
    from .registry import all_rules

    rules = all_rules()
    if args.format == "json":
        import json

        json.dump([_rule_json(r) for r in rules], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for r in rules:
            sys.stdout.write(f"{r.code}  {r.name:<32} {r.severity:<8} {r.summary}\n")
    return EXIT_OK


def run_schema(argv: Sequence[str]) -> int:
    parser = _Parser(prog="enginelint schema",
                     description="Print a bundled JSON Schema (for editors and other tools).")
    parser.add_argument("name", choices=("leanengine", "report", "config", "plan"))
    parser.add_argument("--path", action="store_true", help="print the file's path instead")
    args = parser.parse_args(list(argv))
    # `schemas/` is installed as `enginelint.schemas`; mypy checks `lint/` alone.
    from .schemas import schema_path  # type: ignore[import-not-found,unused-ignore]

    path = schema_path(args.name)
    sys.stdout.write(f"{path}\n" if args.path else path.read_text(encoding="utf-8"))
    return EXIT_OK


def run_plan(argv: Sequence[str]) -> int:
    parser = _Parser(
        prog="enginelint plan",
        description="What the deploy will do, without deploying: the runtime `lean deploy` "
        "detects, the files it uploads (or where it stops), the install steps with the pip "
        "the target Python brings, and how the app is started. Exit 1 when a deploy would "
        "stop before uploading.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="project folders (or files inside a project); default: .")
    _add_output_options(parser, ["text", "json"])
    args = parser.parse_args(list(argv))
    from .plan.command import PlanError, run

    try:
        return run(args.paths, args.format, args.output, _color_choice(args.no_color))
    except PlanError as error:
        raise UsageError(str(error)) from None
def run_server(argv: Sequence[str]) -> int:
    parser = _Parser(prog="enginelint server",
                     description="Run the Language Server over standard input and output, "
                     "for editors (see docs/editors.md).")
    parser.parse_args(list(argv))
    try:
        import pygls  # noqa: F401
    except ImportError:
        raise UsageError("`enginelint server` needs pygls: pip install 'enginelint[server]'"
                         ) from None
    from .server.app import serve

    return serve()


def _print_version() -> int:
    sys.stdout.write(version_line())
    return EXIT_OK


def main(argv: Optional[Sequence[str]] = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        if arguments and arguments[0] in SUBCOMMANDS:
            command, rest = arguments[0], arguments[1:]
        else:
            command, rest = "check", arguments
        if command == "help":
            return run_check(["--help"]) if not rest else main([rest[0], "--help"])
        if command == "rule":
            return run_rule(rest)
        if command == "rules":
            return run_rules(rest)
        if command == "schema":
            return run_schema(rest)
        if command == "plan":
            return run_plan(rest)
        if command == "server":
            return run_server(rest)
        from .replay import run_kept

        prog = "enginelint check" if command == "check" and arguments[:1] == ["check"] else \
            "enginelint"
        return run_kept(arguments, lambda folders: run_check(rest, prog, folders))
    except UsageError as error:
        _tell(f"error: {error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _tell("interrupted")
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not a failure of ours.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except Exception as error:
        _tell(f"internal error: {type(error).__name__}: {error} (please report this bug)")
        if "--verbose" in arguments or "-v" in arguments:
            import traceback

            _tell_block(traceback.format_exc())
        return EXIT_FAILURE
