"""requirements.txt → records of what pip sees on each line, with exact positions.

pip's grammar is not re-implemented here: lines are joined, split from their comments, parsed
into options and requirements by pip-requirements-parser (pip's own code) and packaging. Most
lines are plain (`name[extras] specifiers ; marker`, perhaps with `--hash` options), which every
pip reads alike (`pip_releases.plain_parts`): those are built straight from their parts, with the
specifier set and marker parsed by packaging once per distinct text, as the full path would
build them (a property test holds the two together).

What this module adds is the one thing those libraries throw away: where each piece is in the
file. It keeps an offset map from every character of a logical line (continuations joined) back
to the file, so a finding can point at the exact requirement, specifier or option value, even
across a `\\` continuation.

Every record carries the path of the file it is in, so that following `-r`/`-c` includes
(`parse_requirements_text` on each included file) yields records that already know their file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Optional

from .. import files
from ..diagnostics import Span
from ..files import TextFile
from ..lazy_re import lazy_pattern
from ..platform import REQUIREMENTS_FILE
from .pip_import import pip_parser
from .pip_releases import judge, plain_parts, split_words
from .requirement_context import LineContext, canonical_name, find_value, specifier_location
from .requirement_lines import LogicalLine, logical_lines
from .requirement_plain import plain_record
from .requirement_records import (
    Entry,
    Include,
    InvalidLine,
    OptionLine,
    Requirement,
    RequirementsFile,
)

__all__ = [
    "CONSTRAINT_INCLUDE",
    "MAX_LINES",
    "MAX_LINE_LENGTH",
    "REQUIREMENT_INCLUDE",
    "Entry",
    "Include",
    "InvalidLine",
    "OptionLine",
    "Requirement",
    "RequirementsFile",
    "option_flag",
    "parse_requirements_text",
    "report_bounds",
    "requirements_file",
]

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet

    from ..project import Project

# Reading bounds, far beyond real files (a few hundred lines, a hashed line a few KiB): a file
# past them is read up to the bound and EL005 says what was left out.
MAX_LINES = 10_000
MAX_LINE_LENGTH = 65_536

# Include kinds: `-r/--requirement` (requirements) and `-c/--constraint` (constraints).
REQUIREMENT_INCLUDE = "requirement"
CONSTRAINT_INCLUDE = "constraint"

# pip expands `${NAME}` from the environment before parsing a line (pip docs, "Using environment
# variables"); such a line cannot be judged without that environment.
_ENV_VARIABLE = re.compile(r"\$\{[A-Z0-9_]+\}")
_TILDE_ONE_SEGMENT = lazy_pattern(r"~=\s*v?\d+(?:\s*(?:[,;)]|$))")
_OPERATOR_WITHOUT_VERSION = lazy_pattern(r"(===|==|!=|<=|>=|~=|<|>)\s*(?:[,;)]|$)")
_QUOTED_PREFIX = lazy_pattern(r"^'[^']*':\s*")


def requirements_file(project: Project) -> Optional[RequirementsFile]:
    """requirements.txt (under the build root) parsed once; None when missing or unreadable."""

    def build() -> Optional[RequirementsFile]:
        text = project.read(project.path(REQUIREMENTS_FILE), kind=files.REQUIREMENTS)
        if text is None:
            return None
        view = parse_requirements_text(text)
        report_bounds(project, view)
        return view

    return project.cached("requirements_file", build)


def report_bounds(project: Project, view: RequirementsFile) -> None:
    """EL005 when a reading bound left part of the file unchecked."""
    said = []
    if view.stopped_at is not None:
        said.append(
            f"enginelint reads at most {MAX_LINES:,} requirement lines of a file and stopped at "
            f"line {view.stopped_at}"
        )
    if view.long_lines:
        lines = ", ".join(str(number) for number in view.long_lines[:3])
        more = "…" if len(view.long_lines) > 3 else ""
        said.append(
            f"line {lines}{more} is longer than {MAX_LINE_LENGTH:,} characters and was not checked"
        )
    if said:
        line = view.stopped_at or view.long_lines[0]
        project.problem(
            "EL005",
            view.path,
            f"`{view.path}`: {'; '.join(said)}; the rest of its findings speak only of what "
            "was read",
            Span.point(line, 1),
        )


def option_flag(name: str) -> str:
    """The command-line spelling of one of pip's option names (`index_url` → `--index-url`)."""
    pip = pip_parser()

    return str(pip.OPT_BY_OPTIONS_DEST.get(name, name))


def parse_requirements_text(
    file: TextFile, is_constraint: bool = False, max_lines: Optional[int] = None
) -> RequirementsFile:
    """Parse one requirements (or constraints) file; never raises on bad input.

    At most `max_lines` logical lines (default and ceiling `MAX_LINES`) are read.
    """
    limit = MAX_LINES if max_lines is None else min(max_lines, MAX_LINES)
    result = RequirementsFile(file.path, file, is_constraint)
    # pip builds a fresh option parser per line; building one per file gives the same results
    # (every line starts from fresh default values) at a fraction of the cost on big files. It
    # is built on the first line that needs it: a file of plain requirements never does.
    parser: list[Any] = []
    for logical in logical_lines(file.text):
        if result.lines_read >= limit:
            result.stopped_at = logical.number
            break
        result.lines_read += 1
        if len(logical.text) > MAX_LINE_LENGTH:
            result.long_lines.append(logical.number)
            continue
        result.entries.extend(_parse_logical_line(file, logical, is_constraint, parser))
    return result


def _option_parser(built: list[Any]) -> Any:
    """The one option parser of a file (`built` holds it once made)."""
    if not built:
        pip = pip_parser()

        parser = pip.build_parser()
        _add_modern_options(parser)
        built.append(parser)
    return built[0]


def _add_modern_options(parser: Any) -> None:
    """Teach the parser the options pip gained after the grammar it copies.

    pip-requirements-parser follows pip 21; `-C`/`--config-settings` (pip 23.1), `--all-releases`
    and `--only-final` (26.0) and `--no-require-hashes` (26.2) build records too. Which pip
    releases accept each option is `pip_releases`' question.
    """
    known = {option.get_opt_string() for option in parser.option_list}
    if "--config-settings" not in known:
        parser.add_option(
            "-C", "--config-settings", dest="config_settings", action="append", metavar="settings"
        )
    for flag, dest in (("--all-releases", "all_releases"), ("--only-final", "only_final")):
        if flag not in known:
            parser.add_option(flag, dest=dest, action="append")
    if "--no-require-hashes" not in known:
        parser.add_option("--no-require-hashes", dest="no_require_hashes", action="store_true")


# --- one logical line --------------------------------------------------------------------------


def _split_line(parser: Any, text: str) -> tuple[str, Any, list[str]]:
    """pip's `parse_line`: the requirement part, the parsed options, leftover arguments."""
    import copy
    import optparse

    pip = pip_parser()

    requirement_string, options_string = pip.break_args_options(text)
    words = split_words(options_string)
    if not words:
        # Nothing to parse: the defaults, built once per parser and only ever read.
        defaults = getattr(parser, "_enginelint_defaults", None)
        if defaults is None:
            defaults = optparse.Values(copy.deepcopy(vars(parser.get_default_values())))
            parser._enginelint_defaults = defaults
        return requirement_string, defaults, []
    # The parser's list defaults are shared objects that `append` options grow: each line gets
    # its own copy, as it would from the fresh parser pip builds per line.
    defaults = optparse.Values(copy.deepcopy(vars(parser.get_default_values())))
    options, arguments = parser.parse_args(words, defaults)
    return requirement_string, options, list(arguments)


def _parse_logical_line(
    file: TextFile, logical: LogicalLine, is_constraint: bool, parser: list[Any]
) -> list[Entry]:
    context = LineContext(file, logical)
    text = logical.text
    # Most lines are plain (`name[extras] specifiers ; marker`, perhaps with `--hash`es): every
    # pip release reads them alike, so `judge` would find nothing to reject, and they need no
    # option parser.
    plain = plain_parts(text, is_constraint)
    if plain is not None:
        built = plain_record(context, text, *plain, is_constraint=is_constraint)
        if built is not None:
            return built
    uses_environment = bool(_ENV_VARIABLE.search(text))
    # pip expands `${VAR}` before it reads the line: such a line is not judged.
    rejections = () if uses_environment else judge(text, is_constraint)

    def invalid(reason: str) -> InvalidLine:
        return InvalidLine(
            file.path,
            context.line,
            context.line_span,
            text,
            reason,
            uses_environment,
            rejections,
        )

    entries: list[Entry] = _records(file, context, is_constraint, _option_parser(parser), invalid)
    every = next((r for r in rejections if r.every_release), None)
    if every is not None and not any(isinstance(e, InvalidLine) for e in entries):
        return [invalid(every.reason)]  # no pip reads it: no record for the other rules
    if rejections:
        entries = [replace(entry, rejections=rejections) for entry in entries]
    return entries


def _records(
    file: TextFile,
    context: LineContext,
    is_constraint: bool,
    parser: Any,
    invalid: Callable[[str], InvalidLine],
) -> list[Entry]:
    """The records pip-requirements-parser builds from the line (an InvalidLine if it fails)."""
    pip = pip_parser()

    text = context.logical.text
    try:
        requirement_string, options, arguments = _split_line(parser, text)
        parsed_line = pip.ParsedLine(
            requirement_line=pip.RequirementLine(text, context.line, file.path),
            requirement_string=requirement_string,
            options=options,
            is_constraint=is_constraint,
            arguments=arguments,
        )
        items = list(pip.handle_line(parsed_line))
    except Exception as error:  # optparse, shlex: any failure means a bad line
        return [invalid(_reason(error, text))]

    entries: list[Entry] = []
    for item in items:
        if isinstance(item, pip.ParsedRequirement):
            try:
                built = pip.build_req_from_parsedreq(item)
            except Exception as error:  # packaging and pip raise many kinds
                entries.append(invalid(_reason(error, text)))
                continue
            entries.append(
                _requirement(context, built, item, requirement_string, is_constraint, arguments)
            )
        elif isinstance(item, pip.OptionLine):
            entries.extend(_option_entries(context, item.options, options, arguments))
        # IncorrectRequirementLine (trailing arguments) is kept on the OptionLine instead.
    return entries


def _requirement(
    context: LineContext,
    built: Any,
    parsed: Any,
    requirement_string: str,
    is_constraint: bool,
    arguments: list[str],
) -> Requirement:
    from packaging.specifiers import SpecifierSet

    is_url: Callable[[str], bool] = _pip_is_url()
    text = context.logical.text
    editable = bool(parsed.is_editable)
    marker_span: Optional[Span] = None
    if editable:
        value = parsed.requirement_string
        found = find_value(text, value, _options_start(text, requirement_string)) or (
            0,
            len(text),
        )
        proper_start, proper_end = found
    else:
        proper = requirement_string
        separator = "; " if is_url(requirement_string) else ";"
        if separator in requirement_string:
            proper, _, marker_text = requirement_string.partition(separator)
            stripped = marker_text.strip()
            if stripped:
                marker_start = len(proper) + len(separator) + marker_text.index(stripped)
                marker_span = context.span(marker_start, marker_start + len(stripped))
        proper_start = 0
        proper_end = len(proper.rstrip())
    proper_text = text[proper_start:proper_end]

    req = built.req
    name: Optional[str] = req.name if req is not None else None
    url: Optional[str] = built.link.url if built.link is not None else None
    specifier: SpecifierSet = req.specifier if req is not None else SpecifierSet()
    specifier_span: Optional[Span] = None
    specifier_text = ""
    located = None
    if name is not None and url is None and not editable:
        located = specifier_location(proper_text)
        if located is not None:
            start, end = located
            specifier_text = proper_text[start:end]
            specifier_span = context.span(proper_start + start, proper_start + end)
    options_start = len(requirement_string) if not editable else proper_end
    options_text = text[options_start:]
    options_span: Optional[Span] = None
    if options_text.strip():
        first = options_start + len(options_text) - len(options_text.lstrip())
        options_span = context.span(first, len(text.rstrip()))
    return Requirement(
        path=context.file.path,
        line=context.line,
        span=context.span(proper_start, proper_end),
        text=text,
        requirement=requirement_string.strip() if not editable else proper_text,
        name=name,
        normalized_name=canonical_name(name) if name else None,
        specifier=specifier,
        specifier_text=specifier_text,
        specifier_span=specifier_span,
        specifier_range=located,
        extras=tuple(sorted(built.extras or ())),
        marker=built.marker,
        marker_span=marker_span,
        url=url,
        editable=editable,
        hashes=tuple(built.hash_options or ()),
        is_vcs=bool(built.link is not None and built.link.is_vcs),
        is_local_path=url is not None and (not is_url(url) or url.lower().startswith("file:")),
        is_name_at_url=bool(req is not None and req.url),
        is_constraint=is_constraint,
        line_span=context.line_span,
        options_span=options_span,
        ignored_options=dict(parsed.invalid_options or {}),
        ignored_arguments=tuple(arguments),
    )


def _pip_is_url() -> Callable[[str], bool]:
    pip = pip_parser()

    return pip.is_url  # type: ignore[no-any-return]


def _options_start(text: str, requirement_string: str) -> int:
    return len(requirement_string) if text.startswith(requirement_string) else 0


def _option_entries(
    context: LineContext, options: dict[str, Any], values: Any, arguments: list[str]
) -> list[Entry]:
    pip = pip_parser()

    text = context.logical.text
    file = context.file
    entries: list[Entry] = []
    legacy = [name for name in options if name in pip.LEGACY_OPTIONS_DEST]
    if legacy:
        flags = ", ".join(f"`{pip.OPT_BY_OPTIONS_DEST.get(name, name)}`" for name in legacy)
        reason = f"{flags} is a legacy option current pip no longer accepts"
        entries.append(InvalidLine(file.path, context.line, context.line_span, text, reason))
        return entries
    cursor = 0
    remaining: dict[str, Any] = {}
    spans: dict[str, tuple[Span, ...]] = {}
    for name, value in options.items():
        kind = {"requirements": REQUIREMENT_INCLUDE, "constraints": CONSTRAINT_INCLUDE}.get(name)
        items = value if isinstance(value, list) else [value]
        found_spans = []
        for item in items:
            if not isinstance(item, str):
                continue
            found = find_value(text, item, cursor)
            start, end = found if found else (0, len(text))
            if found:
                cursor = end
            found_spans.append(context.span(start, end))
            if kind is not None:
                entries.append(
                    Include(
                        file.path,
                        context.line,
                        context.line_span,
                        kind,
                        item,
                        context.span(start, end),
                        text,
                    )
                )
        if kind is None:
            remaining[name] = value
            if found_spans:
                spans[name] = tuple(found_spans)
    ignored = {
        name: getattr(values, name)
        for name in pip.SUPPORTED_OPTIONS_REQ_DEST
        if getattr(values, name, None)
    }
    if remaining or ignored or arguments or not entries:
        entries.append(
            OptionLine(
                file.path,
                context.line,
                context.line_span,
                text,
                remaining,
                spans,
                ignored,
                tuple(arguments),
            )
        )
    return entries


def _reason(error: BaseException, text: str) -> str:
    """pip's or packaging's complaint as one line, without the parsers' prefixes."""
    if isinstance(error, RecursionError):
        return "it is nested too deeply to parse"
    message = str(error).strip()
    first = message.splitlines()[0].strip() if message else ""
    for prefix in ("pip_requirements_parser: error:", "Invalid requirement:"):
        if first.startswith(prefix):
            first = first[len(prefix) :].strip()
    # pip-requirements-parser writes "Invalid requirement: <hint>: <packaging's error>", and
    # "Invalid requirement: '<egg name>': <error>" for `-e …#egg=` fragments.
    first = _QUOTED_PREFIX.sub("", first)
    hint = ""
    for known, better in _HINTS:
        if first.startswith(known):
            hint, first = better, first[len(known) :]
    first = first.lstrip(":").strip().rstrip(".")
    requirement = text.split(" -", 1)[0].split(";", 1)[0]
    dangling = _OPERATOR_WITHOUT_VERSION.search(requirement)
    if _TILDE_ONE_SEGMENT.search(requirement):
        hint = "`~=` needs a version with at least two segments (`~=1.0`, not `~=1`)"
    elif dangling and not hint:
        hint = f"`{dangling.group(1)}` is not followed by a version"
    if type(error).__name__ == "InvalidMarker":
        first = f"invalid environment marker ({first[:1].lower()}{first[1:]})"
    elif first:
        first = first[:1].lower() + first[1:]
    if hint:
        return hint
    return first or type(error).__name__


_HINTS = (
    ("= is not a valid operator. Did you mean == ?", "`=` is not a version operator (use `==`)"),
    (
        "It looks like a path.",
        "it looks like a path (a local path must start with `./` or be a `file:` URL)",
    ),
)
