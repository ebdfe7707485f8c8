"""Text from outside enginelint, made safe for each channel it is written to — one function each.

Why this module exists: file contents, file names, settings values and command-line arguments
all end up in output — messages quote them, excerpts show them, usage errors echo them. Written
raw, an ESC sequence in a requirement line clears the terminal or retitles it, BEL rings, a
bidirectional override (U+202E) makes text read differently from what it is, a newline in an
argument starts a second line that GitHub Actions runs as a workflow command, and a file name
with undecodable bytes (held as lone surrogates) cannot even be encoded. So every writer passes
external text through the function for its channel:

- `terminal`: the text and concise formats and everything on standard error. Control, invisible
  formatting and bidirectional characters are shown as `\\x1b` / `\\u202e` escapes; the result is
  one line (a newline shows as `\\x0a`) unless the caller keeps newlines.
- `workflow_data`, `workflow_property`: GitHub workflow commands — the terminal escaping (the
  log viewer interprets ANSI) plus GitHub's own `%`, CR, LF (and `:`, `,` in properties).
- `markup`: XML text and attributes (JUnit): XML 1.0 cannot hold most control characters at all.
- `json_text`: JSON documents (json, sarif, gitlab). JSON's escaping already covers control
  characters; only lone surrogates need help, as UTF-8 cannot encode them.

An undecodable byte kept as a surrogate (Python's `surrogateescape`) is shown as the byte
(`\\xff`), in every channel.
"""

from __future__ import annotations

import re

from .lazy_re import lazy_pattern

# C0 controls but tab, DEL, C1 controls, and the invisible formatting characters that can
# reorder or hide text: Arabic letter mark, Mongolian vowel separator, zero-width and
# directional marks, line/paragraph separators, embeddings and overrides, invisible operators,
# isolates, the byte-order mark used as a zero-width no-break space, interlinear annotations;
# and surrogates, which no UTF-8 stream can carry.
# The patterns are written with the regular expression's own escapes (raw strings), never as
# literal characters: a pattern holding a lone surrogate cannot be encoded, and Python 3.13.0
# fails to import a module whose regular expressions do.
_INVISIBLE = (
    r"\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb"
    r"\ud800-\udfff"
)
_ONE_LINE = lazy_pattern(r"[\x00-\x08\x0a-\x1f\x7f-\x9f" + _INVISIBLE + "]")
_MULTI_LINE = lazy_pattern(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _INVISIBLE + "]")
_SURROGATE = lazy_pattern(r"[\ud800-\udfff]")
# Characters XML 1.0 does not allow in a document, even escaped.
_NOT_XML = lazy_pattern(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
TAB = "    "


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str, *, newlines: bool = False) -> str:
    """`text` as a terminal should show it: every control, invisible formatting or
    bidirectional character as an escape (`\\x1b`, `\\u202e`), a tab as four spaces. One line,
    unless `newlines` keeps line breaks (CR and LF) for a block such as a traceback."""
    if text.isprintable():
        # Every character the patterns show as an escape, and the tab, is unprintable: most
        # texts (a big run's thousands of messages) need no search at all.
        return text
    pattern = _MULTI_LINE if newlines else _ONE_LINE
    return pattern.sub(_shown, text.replace("\t", TAB))


def workflow_data(text: str) -> str:
    """A GitHub workflow command's message: terminal-safe, then `%`, CR and LF %-encoded (so
    a line break stays in the message instead of starting a command)."""
    safe = terminal(text, newlines=True)
    return safe.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """A GitHub workflow command's property value (`file=…`, `title=…`): also `:` and `,`."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def markup(text: str) -> str:
    """Text for an XML document (before XML's own `&<>"` escaping): what XML cannot hold, and
    what would mislead a reader, shown as escapes; line breaks kept."""
    return _NOT_XML.sub(_shown, terminal(text, newlines=True))


def json_text(serialized: str) -> str:
    """A serialized JSON document made encodable: a lone surrogate (an undecodable byte of a
    file name) becomes the escape `\\xff` as text inside its string."""
    return _SURROGATE.sub(lambda m: "\\" + _shown(m), serialized)


def identity(text: str) -> bytes:
    """`text` as bytes for hashing (fingerprints); lone surrogates (an undecodable byte of a
    file name, a `"\\ud800"` escape in a Python string) included, deterministically."""
    return text.encode("utf-8", "surrogatepass")
