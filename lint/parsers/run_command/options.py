"""Reading a server's arguments: option tables, option parsing, and option strings in variables.

Each server recognizer in `servers` describes its command line with `_spec` and splits it with
`_parse_options`, which follows getopt/argparse/click closely enough to find the options that
decide a bind (clustered short flags, attached values, `--name=value`, unambiguous prefixes of
long options, `--`). `split_plain` splits a variable's value the way `shlex.split` does, for
servers that read more options from their environment (`GUNICORN_CMD_ARGS`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Optional

from ...lazy_dataclass import dataclass
from .model import Reference, Source, Word

# The environment a program starts with: None is a platform variable, a Word a value the
# command sets; a name absent is unset.
_Environment = Mapping[str, Optional[Word]]

# option spelling → (canonical name, takes a value)
_Spec = dict[str, tuple[str, bool]]


def _spec(valued: str, flags: str = "") -> _Spec:
    """Build an option table from space-separated groups of spellings joined by `|`."""
    table: _Spec = {}
    for names, takes_value in ((valued, True), (flags, False)):
        for group in names.split():
            spellings = group.split("|")
            canonical = max(spellings, key=len).lstrip("-")
            for spelling in spellings:
                table[spelling] = (canonical, takes_value)
    return table


@dataclass(frozen=True)
class _Option:
    name: str
    word: Word
    value: Optional[Source]


def _parse_options(
    args: Sequence[Word],
    spec: _Spec,
    *,
    abbreviations: bool = False,
    unknown_takes_value: bool = False,
    stop_at_positional: bool = False,
) -> tuple[list[_Option], list[Word], list[Word]]:
    """Split arguments into options and positionals; the third list is what follows the first
    positional when `stop_at_positional` (a subcommand's own arguments)."""
    options: list[_Option] = []
    positionals: list[Word] = []
    index = 0
    while index < len(args):
        word = args[index]
        text = word.text
        following = args[index + 1] if index + 1 < len(args) else None
        if text == "--":
            positionals.extend(args[index + 1 :])
            break
        if text.startswith("--") and len(text) > 2:
            name, equals, _ = text.partition("=")
            known = spec.get(name) or (_abbreviation(spec, name) if abbreviations else None)
            canonical = known[0] if known else name.lstrip("-")
            if equals:
                options.append(_Option(canonical, word, Source(word, len(name) + 1, len(text))))
                index += 1
                continue
            takes_value = known[1] if known else (
                unknown_takes_value and following is not None
                and not following.text.startswith("-")
            )  # fmt: skip
            if takes_value:
                value = Source.of(following) if following is not None else None
                options.append(_Option(canonical, word, value))
                index += 2
                continue
            options.append(_Option(canonical, word, None))
            index += 1
            continue
        if text.startswith("-") and len(text) > 1:
            consumed = 1
            position = 1
            while position < len(text):
                known = spec.get("-" + text[position])
                if known is None and position == 1 and spec.get(text) is not None:
                    known = spec[text]  # a single-dash long option (uwsgi's `-M`, `-T`…)
                if known is None:
                    takes_value = (
                        unknown_takes_value and len(text) == 2 and following is not None
                        and not following.text.startswith("-")
                    )  # fmt: skip
                    value = Source.of(following) if takes_value and following else None
                    options.append(_Option(text[position], word, value))
                    consumed = 2 if value else 1
                    if value:
                        break
                    position += 1
                    continue
                if known[1]:
                    if position + 1 < len(text):
                        value = Source(word, position + 1, len(text))
                    elif following is not None:
                        value = Source.of(following)
                        consumed = 2
                    else:
                        value = None
                    options.append(_Option(known[0], word, value))
                    break
                options.append(_Option(known[0], word, None))
                position += 1
            index += consumed
            continue
        positionals.append(word)
        index += 1
        if stop_at_positional:
            return options, positionals, list(args[index:])
    return options, positionals, []


def _abbreviation(spec: _Spec, prefix: str) -> Optional[tuple[str, bool]]:
    """argparse and getopt accept any unambiguous prefix of a long option."""
    matches = {v for k, v in spec.items() if k.startswith("--") and k.startswith(prefix)}
    return matches.pop() if len(matches) == 1 else None


def _values(options: Sequence[_Option], *names: str) -> list[Source]:
    return [o.value for o in options if o.name in names and o.value is not None]


def _last(options: Sequence[_Option], *names: str) -> Optional[Source]:
    values = _values(options, *names)
    return values[-1] if values else None


def _has(options: Sequence[_Option], *names: str) -> bool:
    return any(o.name in names for o in options)


def _env_source(env: _Environment, name: str) -> Optional[Source]:
    value = env.get(name)
    return Source.of(value) if value is not None else None


# --- Option strings from the environment ------------------------------------------------------


def split_plain(word: Word) -> list[Word]:
    """Split a word's text as Python's `shlex.split` does (quotes, backslashes, no expansion).

    Used for `GUNICORN_CMD_ARGS`, which gunicorn splits with shlex. Offsets and references are
    carried over from `word`.
    """
    text = word.text
    fields: list[list[int]] = []
    current: Optional[list[int]] = None
    quote = ""
    index = 0
    while index < len(text):
        char = text[index]
        if quote == "'":
            if char == "'":
                quote = ""
            else:
                current = _take(current, index)
        elif quote == '"':
            if char == '"':
                quote = ""
            elif char == "\\" and index + 1 < len(text) and text[index + 1] in '"\\':
                index += 1
                current = _take(current, index)
            else:
                current = _take(current, index)
        elif char in " \t\r\n":
            if current is not None:
                fields.append(current)
                current = None
        elif char in "'\"":
            quote = char
            current = current if current is not None else []
        elif char == "\\" and index + 1 < len(text):
            index += 1
            current = _take(current, index)
        else:
            current = _take(current, index)
        index += 1
    if current is not None:
        fields.append(current)
    return [_subword(word, indexes) for indexes in fields]


def _take(current: Optional[list[int]], index: int) -> list[int]:
    taken = current if current is not None else []
    taken.append(index)
    return taken


def _subword(word: Word, indexes: list[int]) -> Word:
    """The word made of characters `indexes` of `word` (references kept where contiguous)."""
    text = "".join(word.text[i] for i in indexes)
    offsets = tuple(word.offsets[i] for i in indexes) if word.offsets else ()
    position = {source: target for target, source in enumerate(indexes)}
    references = []
    for reference in word.references:
        first = position.get(reference.start)
        if first is None or reference.start == reference.end:
            continue
        length = reference.end - reference.start
        if all(position.get(reference.start + k) == first + k for k in range(length)):
            references.append(
                Reference(reference.name, reference.source, first, first + length,
                          reference.raw_start, reference.raw_end)
            )  # fmt: skip
    if offsets:
        start, end = offsets[0][0], offsets[-1][1]
    else:
        start = end = word.start
    return Word(text, start, end, offsets, tuple(references))
