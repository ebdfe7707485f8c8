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
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, Optional, Union

from .. import files
from ..diagnostics import Position, Span
from ..files import TextFile
from ..lazy_dataclass import dataclass
from ..lazy_re import lazy_pattern
from ..platform import REQUIREMENTS_FILE
from .pip_import import pip_parser
from .pip_releases import judge, plain_parts, split_words
from .requirement_lines import LogicalLine, logical_lines
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
    from packaging.markers import Marker
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
# A PEP 508 name, optional extras, then the version specifier (possibly in parentheses).
_NAME_AND_EXTRAS = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\])?\s*")
_TILDE_ONE_SEGMENT = lazy_pattern(r"~=\s*v?\d+(?:\s*(?:[,;)]|$))")
_OPERATOR_WITHOUT_VERSION = lazy_pattern(r"(===|==|!=|<=|>=|~=|<|>)\s*(?:[,;)]|$)")
_WORD = lazy_pattern(r"\S+")
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
            f"line {lines}{more} is longer than {MAX_LINE_LENGTH:,} characters and was not "
            "checked"
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


# --- positions ---------------------------------------------------------------------------


def _find_value(text: str, value: str, start: int = 0) -> Optional[tuple[int, int]]:
    """Where an option's value (as optparse returned it) is written, at or after `start`.

    The value is a whole word (`-i URL`), the tail of one (`--index-url=URL`, `-iURL`), or a
    quoted word; a plain substring search would find `x` inside `--index-url`.
    """
    if not value:
        return None
    for token in _WORD.finditer(text, start):
        word = token.group()
        inner = word.strip("'\"")
        if inner == value:
            offset = token.start() + word.index(inner)
            return offset, offset + len(value)
        if word.startswith("-") and inner.endswith(value) and not word.endswith(value + "-"):
            offset = token.start() + word.rindex(value)
            return offset, offset + len(value)
    index = text.find(value, start)
    return (index, index + len(value)) if index >= 0 else None


# --- one logical line --------------------------------------------------------------------------


class _LineContext:
    __slots__ = ("_column", "_first", "file", "line", "line_span", "logical")

    def __init__(self, file: TextFile, logical: LogicalLine) -> None:
        self.file = file
        self.logical = logical
        pieces = logical.pieces
        # A line without continuations lies on one physical line: its positions are columns
        # counted from its first character, so only that one is looked up in the file.
        if len(pieces) == 1:
            self._first: Optional[int] = pieces[0][1]
            first = file.position(pieces[0][1])
            self.line_span = Span(first, Position(first.line, first.column + len(logical.text)))
            self._column = first.column
        else:
            self._first = None
            self.line_span = file.span(*logical.span(0, len(logical.text)))
            self._column = 0
        self.line = self.line_span.start.line

    def span(self, start: int, end: int) -> Span:
        if self._first is None:
            return self.file.span(*self.logical.span(start, end))
        # `LogicalLine.span` for one piece: offsets are the first column plus the index.
        length = len(self.logical.text)
        if start >= length:
            start = end = length
        elif end <= start:
            end = start
        column = self._column
        return Span(Position(self.line, column + start), Position(self.line, column + end))


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
    context = _LineContext(file, logical)
    text = logical.text
    # Most lines are plain (`name[extras] specifiers ; marker`, perhaps with `--hash`es): every
    # pip release reads them alike, so `judge` would find nothing to reject, and they need no
    # option parser.
    plain = plain_parts(text, is_constraint)
    if plain is not None:
        built = _plain_record(context, text, *plain, is_constraint=is_constraint)
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


@dataclass(frozen=True)
class _Built:
    """The parts of pip-requirements-parser's InstallRequirement a plain line needs."""

    req: Any
    marker: Any
    extras: Any
    hash_options: tuple[str, ...] = ()
    link: None = None


@dataclass(frozen=True)
class _Parsed:
    requirement_string: str
    is_editable: bool = False
    invalid_options: None = None


def _plain_record(
    context: _LineContext,
    text: str,
    requirement: Optional[str] = None,
    hashes: tuple[str, ...] = (),
    is_constraint: bool = False,
) -> Optional[list[Entry]]:
    """A plain `name[extras] specifiers ; marker` line, perhaps with `--hash` options
    (`plain_parts`: `requirement` is the line without them), built without a parser, as
    pip-requirements-parser would build it (most lines; parsing them is the slow part on big
    files). None when packaging objects to the specifiers or the marker: the full path words it.

    The plain shape puts each part in its place: the name up to the first character a name
    cannot hold, extras between brackets, the rest the specifiers. The specifier set and the
    marker are parsed once per distinct text (files repeat them).
    """
    requirement = text if requirement is None else requirement
    name_part, _, marker_text = requirement.partition(";")
    rest = name_part.lstrip()
    name_end = len(rest) - len(rest.lstrip(_NAME_CHARACTERS))
    name, rest = rest[:name_end], rest[name_end:].lstrip()
    extras: tuple[str, ...] = ()
    if rest.startswith("["):
        inside, _, rest = rest[1:].partition("]")
        extras = tuple(sorted({extra.strip() for extra in inside.split(",")}))
    specifier = _specifier_set(rest.strip())
    marker_text = marker_text.strip()
    marker = _marker(marker_text) if marker_text else None
    if specifier is None or marker is False:
        return None
    parts = (name, extras, specifier, marker, hashes)
    return [_plain_requirement(context, text, requirement, *parts, is_constraint)]


def _plain_requirement(
    context: _LineContext,
    text: str,
    requirement: str,
    name: str,
    extras: tuple[str, ...],
    specifier: SpecifierSet,
    marker: Optional[Marker],
    hashes: tuple[str, ...],
    is_constraint: bool,
) -> Requirement:
    """What `_requirement` builds for a plain line, without the branches that cannot apply
    (no URL, no `-e`) and with the positions a line shares built once."""
    line_span = context.line_span
    proper = requirement
    marker_span: Optional[Span] = None
    if ";" in requirement:
        proper, _, marker_text = requirement.partition(";")
        stripped = marker_text.strip()
        if stripped:
            marker_start = len(proper) + 1 + marker_text.index(stripped)
            marker_end = marker_start + len(stripped)
            if marker_end == len(text) and context._first is not None:
                marker_first = Position(context.line, context._column + marker_start)
                marker_span = Span(marker_first, line_span.end)
            else:
                marker_span = context.span(marker_start, marker_end)
    proper_end = len(proper.rstrip())
    proper_text = text[:proper_end]
    if proper_end == len(text):
        span = line_span
    elif context._first is None:
        span = context.span(0, proper_end)
    else:
        span = Span(line_span.start, Position(context.line, context._column + proper_end))
    specifier_span: Optional[Span] = None
    specifier_text = ""
    located = _specifier_location(proper_text)
    if located is not None:
        start, stop = located
        specifier_text = proper_text[start:stop]
        if stop == proper_end and context._first is not None:
            specifier_span = Span(Position(context.line, context._column + start), span.end)
        else:
            specifier_span = context.span(start, stop)
    options_span: Optional[Span] = None
    options_text = text[len(requirement) :]
    if options_text.strip():
        first = len(requirement) + len(options_text) - len(options_text.lstrip())
        options_span = context.span(first, len(text.rstrip()))
    return Requirement(
        path=context.file.path,
        line=context.line,
        span=span,
        text=text,
        requirement=requirement.strip(),
        name=name,
        normalized_name=_canonical_name(name) if name else None,
        specifier=specifier,
        specifier_text=specifier_text,
        specifier_span=specifier_span,
        specifier_range=located,
        extras=extras,
        marker=marker,
        marker_span=marker_span,
        url=None,
        editable=False,
        hashes=hashes,
        is_vcs=False,
        is_local_path=False,
        is_name_at_url=False,
        is_constraint=is_constraint,
        line_span=line_span,
        options_span=options_span,
    )


# The characters of a distribution name (the plain shape ends a name with a letter or digit).
_NAME_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"


@dataclass(frozen=True)
class _PlainRequirement:
    """The parts of packaging's Requirement a plain line has."""

    name: str
    specifier: Any
    url: None = None


@lru_cache(maxsize=4096)
def _specifier_set(text: str) -> Optional[SpecifierSet]:
    """packaging's SpecifierSet of `text`, shared by the lines that write it alike (nothing
    changes a record's specifier set); None when packaging refuses it."""
    from packaging.specifiers import SpecifierSet

    try:
        return SpecifierSet(text)
    except Exception:  # packaging raises several kinds; the full path words them
        return None


@lru_cache(maxsize=4096)
def _marker(text: str) -> Union[Marker, Literal[False]]:
    """packaging's Marker of `text`, shared like the specifier sets; False when it refuses."""
    from packaging.markers import Marker

    try:
        return Marker(text)
    except Exception:  # packaging raises several kinds; the full path words them
        return False


def _records(
    file: TextFile,
    context: _LineContext,
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
    context: _LineContext,
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
        found = _find_value(text, value, _options_start(text, requirement_string)) or (
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
        located = _specifier_location(proper_text)
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
        normalized_name=_canonical_name(name) if name else None,
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


@lru_cache(maxsize=4096)
def _canonical_name(name: str) -> str:
    from packaging.utils import canonicalize_name

    return str(canonicalize_name(name))


def _options_start(text: str, requirement_string: str) -> int:
    return len(requirement_string) if text.startswith(requirement_string) else 0


def _specifier_location(proper: str) -> Optional[tuple[int, int]]:
    """Where the specifier is in `name[extras] spec` or `name (spec)`, parentheses excluded."""
    match = _NAME_AND_EXTRAS.match(proper)
    if match is None or match.end() >= len(proper):
        return None
    start, end = match.end(), len(proper.rstrip())
    if proper.startswith("(", start) and proper.endswith(")", 0, end):
        start, end = start + 1, end - 1
        while start < end and proper[start].isspace():
            start += 1
        while end > start and proper[end - 1].isspace():
            end -= 1
    return (start, end) if end > start else None


def _option_entries(
    context: _LineContext, options: dict[str, Any], values: Any, arguments: list[str]
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
            found = _find_value(text, item, cursor)
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
