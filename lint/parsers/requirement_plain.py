"""Records for plain requirement lines, built without pip's option parser.

Most lines are plain (`name[extras] specifiers ; marker`, perhaps with `--hash` options), which
every pip reads alike (`pip_releases.plain_parts`). Parsing them the full way is the slow part of
a big file, so they are built here straight from their parts, as pip-requirements-parser would
build them (a property test holds the two paths together); the specifier set and the marker are
parsed by packaging once per distinct text, since files repeat them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Literal, Optional, Union

from ..diagnostics import Position, Span
from ..lazy_dataclass import assemble
from .requirement_context import LineContext, canonical_name
from .requirement_records import Entry, Requirement

if TYPE_CHECKING:
    from packaging.markers import Marker
    from packaging.specifiers import SpecifierSet


def plain_record(
    context: LineContext,
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
    name_part, semicolon, written_marker = requirement.partition(";")
    rest = name_part.lstrip()
    name_end = len(rest) - len(rest.lstrip(_NAME_CHARACTERS))
    name, rest = rest[:name_end], rest[name_end:].lstrip()
    extras: tuple[str, ...] = ()
    if rest.startswith("["):
        inside, _, rest = rest[1:].partition("]")
        extras = tuple(sorted({extra.strip() for extra in inside.split(",")}))
    specifier_text = rest.strip()
    specifier = _specifier_set(specifier_text)
    marker_text = written_marker.strip()
    marker = _marker(marker_text) if marker_text else None
    if specifier is None or marker is False:
        return None
    # Where the specifier is in the line: what `specifier_location` finds, known here already
    # (a plain line has no parenthesised specifier).
    located: Optional[tuple[int, int]] = None
    if specifier_text:
        end = len(name_part.rstrip())
        located = (end - len(specifier_text), end)
    parts = (name, extras, specifier, marker, hashes)
    where = (name_part, semicolon, written_marker, located)
    return [_plain_requirement(context, text, requirement, *parts, is_constraint, *where)]


def _plain_requirement(
    context: LineContext,
    text: str,
    requirement: str,
    name: str,
    extras: tuple[str, ...],
    specifier: SpecifierSet,
    marker: Optional[Marker],
    hashes: tuple[str, ...],
    is_constraint: bool,
    proper: str,
    semicolon: str,
    written_marker: str,
    located: Optional[tuple[int, int]],
) -> Requirement:
    """What `_requirement` builds for a plain line, without the branches that cannot apply
    (no URL, no `-e`) and with the positions a line shares built once. `proper` is the line
    before its `;`, `written_marker` what follows it, `located` where the specifier is."""
    line_span = context.line_span
    marker_span: Optional[Span] = None
    if semicolon:
        stripped = written_marker.strip()
        if stripped:
            marker_start = len(proper) + 1 + written_marker.index(stripped)
            marker_end = marker_start + len(stripped)
            if marker_end == len(text) and context._first is not None:
                marker_first = Position(context.line, context._column + marker_start)
                marker_span = Span(marker_first, line_span.end)
            else:
                marker_span = context.span(marker_start, marker_end)
    proper_end = len(proper.rstrip())
    if proper_end == len(text):
        span = line_span
    elif context._first is None:
        span = context.span(0, proper_end)
    else:
        span = Span(line_span.start, Position(context.line, context._column + proper_end))
    specifier_span: Optional[Span] = None
    specifier_text = ""
    if located is not None:
        start, stop = located
        specifier_text = text[start:stop]
        if stop == proper_end and context._first is not None:
            specifier_span = Span(Position(context.line, context._column + start), span.end)
        else:
            specifier_span = context.span(start, stop)
    options_span: Optional[Span] = None
    options_text = text[len(requirement) :]
    if options_text.strip():
        first = len(requirement) + len(options_text) - len(options_text.lstrip())
        options_span = context.span(first, len(text.rstrip()))
    return assemble(
        Requirement,
        {
            "path": context.file.path,
            "line": context.line,
            "span": span,
            "text": text,
            "requirement": requirement.strip(),
            "name": name,
            "normalized_name": canonical_name(name) if name else None,
            "specifier": specifier,
            "specifier_text": specifier_text,
            "specifier_span": specifier_span,
            "specifier_range": located,
            "extras": extras,
            "marker": marker,
            "marker_span": marker_span,
            "url": None,
            "editable": False,
            "hashes": hashes,
            "is_vcs": False,
            "is_local_path": False,
            "is_name_at_url": False,
            "is_constraint": is_constraint,
            "line_span": line_span,
            "options_span": options_span,
            "ignored_options": {},
            "ignored_arguments": (),
            "rejections": (),
        },
    )


# The characters of a distribution name (the plain shape ends a name with a letter or digit).
_NAME_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"


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
