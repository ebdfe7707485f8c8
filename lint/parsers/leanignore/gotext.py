"""Go's string semantics that decide how the deploy tool reads `.leanignore`, in Python.

lean-cli is written in Go and reads `.leanignore` as raw bytes: no byte-order mark is removed, no
decoding is checked, lines are what `bufio.Scanner` makes of them, and whitespace is what Go's
`unicode.IsSpace` says. Bytes are carried here as a `str` decoded with `surrogateescape`, so an
invalid UTF-8 byte survives as a lone surrogate (U+DC80–U+DCFF) that compares equal only to
itself — exactly as the byte does in Go — and can be told apart where Go reads it as U+FFFD.
"""

from __future__ import annotations

from typing import Optional

# `unicode.IsSpace`: the Latin-1 spaces and the Unicode White_Space property. Not U+FEFF, and not
# the ASCII separators U+001C–U+001F that Python's `str.isspace` also counts.
GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)
# `bufio.Scanner` gives up on a line that does not fit its 64 KiB buffer with its newline; the
# deploy tool never checks the scanner's error, so reading silently ends at such a line.
SCANNER_LIMIT = 64 * 1024
BOM = "\ufeff"
RUNE_ERROR = "\ufffd"


def decode(data: bytes) -> str:
    """The bytes as a string in which every invalid byte is kept (as a lone surrogate)."""
    return data.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    """The bytes a `decode`d string came from."""
    return text.encode("utf-8", "surrogateescape")


def as_runes(text: str) -> str:
    """The text as Go iterates its runes: each invalid byte becomes U+FFFD."""
    if text.isascii():
        return text
    return "".join(RUNE_ERROR if "\udc80" <= char <= "\udcff" else char for char in text)


def trim_space(text: str) -> str:
    """`strings.TrimSpace`."""
    return text.strip(GO_SPACE)


def trim_right_space(text: str) -> str:
    """`strings.TrimRightFunc(text, unicode.IsSpace)`."""
    return text.rstrip(GO_SPACE)


def byte_length(text: str) -> int:
    """How many bytes a `decode`d string stands for."""
    if text.isascii():
        return len(text)
    return len(encode(text))


def scan_lines(text: str) -> tuple[list[tuple[int, int, str]], Optional[tuple[int, int]]]:
    """The lines `bufio.Scanner` with `ScanLines` yields, and where it gave up.

    Returns `(lines, stopped_at)`: each line as `(number, offset, text)` — its 1-based number
    counting `\\n` only (a lone `\\r` is no line break), the offset of its first character, and
    its text without the `\\n` and one `\\r` before it; `stopped_at` is `(number, offset)` of a
    line of `SCANNER_LIMIT` bytes or more, where reading ended (None when every line was read).
    """
    lines: list[tuple[int, int, str]] = []
    start = 0
    number = 0
    while start < len(text):
        end = text.find("\n", start)
        stop = len(text) if end < 0 else end
        number += 1
        # Cheap test first: a line of fewer than LIMIT/4 characters cannot reach the limit.
        if stop - start >= SCANNER_LIMIT // 4 and byte_length(text[start:stop]) >= SCANNER_LIMIT:
            return lines, (number, start)
        line = text[start:stop]
        if line.endswith("\r"):
            line = line[:-1]
        lines.append((number, start, line))
        if end < 0:
            break
        start = end + 1
    return lines, None
