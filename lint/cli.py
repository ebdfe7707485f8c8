"""The command line: `enginelint [check] [PATH ...]`, `enginelint rule CODE`, `enginelint rules`.

Exit codes: 0 nothing at or above `--fail-on`; 1 findings; 2 usage or configuration error (one
line on stderr, never a traceback); 3 enginelint itself failed outside a rule.

Only the standard library is imported here at module level; `--version` must stay that cheap.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any, NoReturn, Optional

from . import __version__
from .platform import AS_OF
from .severity import SEVERITIES

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_FAILURE = 0, 1, 2, 3
SUBCOMMANDS = ("check", "rule", "rules", "schema")


class UsageError(Exception):
    """A problem with how enginelint was called: exit 2 with one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _csv(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _add_output_options(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    parser.add_argument("--format", choices=formats, default="text",
                        help="output format (default: text)")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write the report to FILE instead of standard output")
    parser.add_argument("--no-color", action="store_true",
                        help="no colours in text output (also: NO_COLOR)")


def _check_parser() -> argparse.ArgumentParser:
    from .formats import FORMATS

    parser = _Parser(
        prog="enginelint",
        description="Lint Python projects deployed to the LeanCloud / TapTap Cloud Engine.",
        epilog="Subcommands: `enginelint rule CODE|NAME` shows a rule's documentation; "
        "`enginelint rules` lists every rule; `enginelint schema leanengine|report|config` "
        "prints a bundled JSON Schema.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="project folders (or files inside a project) to lint; default: .")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
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
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="explain what is read to standard error; show tracebacks of "
                        "internal errors")
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


@dataclass(frozen=True)
class _Target:
    """One project to lint: its root, its settings, and an editor's buffer if any."""

    root: Path
    settings: Any
    buffers: Optional[dict[str, bytes]] = None
    only_path: Optional[str] = None


def _lint_all(args: argparse.Namespace) -> tuple[list[Any], list[_Target]]:
    """Parse the selection, find each PATH's project and configuration, and lint them:
    (reports, targets). Raises UsageError for exit 2."""
    from .config import ConfigError, load_config
    from .registry import SelectionError
    from .settings import resolve

    command_line: dict[str, Any] = {
        "select": _flatten(args.select) if args.select else None,
        "extend_select": _flatten(args.extend_select),
        "ignore": _flatten(args.ignore),
        "fail_on": args.fail_on,
    }
    try:
        resolve(**command_line).rules()
    except SelectionError as error:
        raise UsageError(str(error)) from None

    from .project import find_project_root

    stdin: Optional[tuple[Path, bytes]] = None
    if args.stdin_filename:
        if args.paths or args.fix:
            raise UsageError("--stdin-filename takes no PATH and cannot be used with --fix")
        stdin = (Path(args.stdin_filename), sys.stdin.buffer.read())
    roots = []
    for given in args.paths or ["."]:
        path = Path(given)
        if stdin is not None:
            # The buffer's file may not exist yet: its project is found from where it would be.
            root = find_project_root(stdin[0])
            roots.append(root if root.is_dir() else _existing_ancestor(root))
            break
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"{given}: no such file or folder")
        roots.append(find_project_root(path))

    explicit = Path(args.config) if args.config else None
    targets = []
    for root in roots:
        try:
            config = load_config(root, explicit, args.isolated)
        except ConfigError as error:
            raise UsageError(str(error)) from None
        if args.verbose and config.source:
            sys.stderr.write(f"enginelint: settings from {config.source}\n")
        target = _Target(root, resolve(config, **command_line))
        if stdin is not None:
            relative = _relative_to(stdin[0], root)
            target = replace(target, buffers={relative: stdin[1]}, only_path=relative)
        targets.append(target)

    reports = [_lint(target, args.verbose) for target in targets]
    return reports, targets


def lint_for_action(argv: Sequence[str]) -> list[Any]:
    """The reports a `check` command line would produce, for callers that render them
    themselves (the GitHub Action)."""
    args = _check_parser().parse_args(list(argv))
    return _lint_all(args)[0]


def run_check(argv: Sequence[str]) -> int:
    parser = _check_parser()
    args = parser.parse_args(list(argv))
    if args.version:
        sys.stdout.write(f"enginelint {__version__} (platform data as of {AS_OF})\n")
        return EXIT_OK

    reports, targets = _lint_all(args)
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
                    sys.stderr.write(diagnostic.detail)

    stream = _open_output(args.output)
    if args.statistics:
        _statistics(reports, args.format, stream)
        _finish_output(args.output, stream)
        return EXIT_FINDINGS if any(r.fails() for r in reports) and not args.exit_zero else EXIT_OK
    module = _format_module(args.format)
    settings: Any = None
    if args.format == "text":
        from .formats.text import TextSettings

        color = False if args.output and args.output != "-" else _color_choice(args.no_color)
        settings = TextSettings(color=color, quiet=args.quiet)
    module.render(reports, stream, settings)
    _finish_output(args.output, stream)

    if args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if any(report.fails() for report in reports) else EXIT_OK


def _existing_ancestor(path: Path) -> Path:
    """The nearest existing folder at or above `path`."""
    for candidate in (path, *path.absolute().parents):
        if candidate.is_dir():
            return candidate
    return Path(".")


def _relative_to(path: Path, root: Path) -> str:
    try:
        return path.absolute().resolve().relative_to(root.absolute().resolve()).as_posix()
    except ValueError:
        raise UsageError(f"{path}: not inside the project at {root}") from None


def _statistics(reports: Sequence[Any], fmt: str, stream: IO[str]) -> None:
    """Findings counted per rule, most frequent first."""
    counts: dict[tuple[str, str], int] = {}
    for report in reports:
        for diagnostic in report.diagnostics:
            key = (diagnostic.code, diagnostic.name)
            counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if fmt == "json":
        import json

        rows = [{"code": c, "name": n, "count": k} for (c, n), k in ordered]
        stream.write(json.dumps(rows, indent=2) + "\n")
        return
    for (code, name), count in ordered:
        stream.write(f"{count:>5}  {code}  {name}\n")


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
            sys.stderr.write(f"enginelint: fixed {count} problem{'' if count == 1 else 's'} "
                             f"in {path}\n")
    return report


def _lint(target: _Target, verbose: bool) -> Any:
    from .runner import lint_root

    if verbose:
        sys.stderr.write(f"enginelint: linting {target.root}\n")
    return lint_root(target.root, target.settings, buffers=target.buffers,
                     only_path=target.only_path)


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
        raise UsageError(f"unknown rule `{args.rule}`")
    if args.format == "json":
        import json

        json.dump(_rule_json(found), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(f"{found.code} {found.name} ({found.severity})\n\n{found.doc}\n")
    return EXIT_OK


def _rule_json(rule: Any) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity,
        "summary": rule.summary,
        "documentation": rule.doc,
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
    parser.add_argument("name", choices=("leanengine", "report", "config"))
    parser.add_argument("--path", action="store_true", help="print the file's path instead")
    args = parser.parse_args(list(argv))
    # `schemas/` is installed as `enginelint.schemas`; mypy checks `lint/` alone.
    from .schemas import schema_path  # type: ignore[import-not-found,unused-ignore]

    path = schema_path(args.name)
    sys.stdout.write(f"{path}\n" if args.path else path.read_text(encoding="utf-8"))
    return EXIT_OK


def main(argv: Optional[Sequence[str]] = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        if arguments and arguments[0] in SUBCOMMANDS:
            command, rest = arguments[0], arguments[1:]
        else:
            command, rest = "check", arguments
        if command == "rule":
            return run_rule(rest)
        if command == "rules":
            return run_rules(rest)
        if command == "schema":
            return run_schema(rest)
        return run_check(rest)
    except UsageError as error:
        sys.stderr.write(f"enginelint: error: {error}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("enginelint: interrupted\n")
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not a failure of ours.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except Exception as error:
        sys.stderr.write(
            f"enginelint: internal error: {type(error).__name__}: {error} "
            "(please report this bug)\n"
        )
        if "--verbose" in arguments or "-v" in arguments:
            import traceback

            traceback.print_exc()
        return EXIT_FAILURE
