"""Reading and writing the project's files without ever hanging, leaving the root, or crashing.

Every byte enginelint reads goes through this module. `read_bytes` decides, before opening
anything, whether the path is a regular file inside the project root; a FIFO is never opened (so a
read can never block), a symlink that points outside the root is never followed, and a file over
the size cap is never read. `decode` then reads the bytes the way the platform would. Problems
come back as `FileProblem`s that become EL001 (unreadable) or EL002 (undecodable) findings — when
the caller records them: the Project records problems of the files a run needs, not of every file
the whole-tree scan glances at. `read_head` reads only a file's first bytes (a file type's magic
number), and `read_named` reads a file the user named on the command line, which may lie outside
any project, with the same decisions except the root.

Every byte enginelint writes goes through `write_atomically`: a temporary file beside the target,
then a rename, so a reader never sees half a file and a failed write leaves the old one intact.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from bisect import bisect_right
from itertools import accumulate
from operator import add

from . import observe
from .diagnostics import Position, Span
from .lazy_dataclass import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    # `pathlib` is not imported at run time: answering a repeated command asks the reading
    # functions below again, with the root as a string, and must not pay for it.
    from pathlib import Path
    from typing import Any, Optional, Union

DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024

# How the bytes are to be decoded: plain UTF-8 (with an optional BOM), Python source (PEP 263
# cookies), or requirements files (pip also accepts UTF-16/32 with a BOM).
TEXT = "text"
PYTHON = "python"
REQUIREMENTS = "requirements"

_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class FileProblem:
    """Why a file could not be used: `code` is EL001 or EL002."""

    code: str
    path: str
    message: str
    span: Optional[Span] = None


def _breaks(text: str, start: int, end: int) -> list[int]:
    """The offset just after each line break in `text[start:end]` (`\r\n`, `\r` and `\n` end
    a line), in order: the starts of the lines that begin there."""
    if "\r" in text[start:end]:
        return [match.end() for match in _LINE_BREAK.finditer(text, start, end)]
    # Line i of the slice starts after its i line breaks and the lengths of the lines before
    # it; each step runs in C, which matters for a file of a million lines.
    pieces = text[start:end].split("\n")
    lengths = accumulate(map(len, pieces[:-1]), initial=start)
    return list(map(add, lengths, range(len(pieces))))[1:]


# The first stretch of a file whose line starts are worked out; each later one is as long as
# everything before it, so the table costs time in proportion to how far into the file it goes.
_FIRST_STRETCH = 1 << 16


class _LineTable:
    """Where each line starts, worked out only as far into the text as a question reaches (a
    50 MB requirements file is read whole, but only its first lines are parsed)."""

    __slots__ = ("done", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.done = 0  # every line start at or before this offset is in `starts`

    @property
    def complete(self) -> bool:
        return self.done >= len(self.text)

    def through(self, offset: int) -> list[int]:
        """The starts, known at least up to `offset`."""
        if offset > self.done:
            self._extend(offset)
        return self.starts

    def lines(self, count: int) -> list[int]:
        """The starts, at least `count` of them if the text has that many lines."""
        while len(self.starts) < count and not self.complete:
            self._extend(self.done + 1)
        return self.starts

    def everything(self) -> list[int]:
        if not self.complete:
            self._extend(len(self.text))
        return self.starts

    def _extend(self, offset: int) -> None:
        text = self.text
        end = max(offset, 2 * self.done, _FIRST_STRETCH)
        if end >= len(text):
            end = len(text)
        else:
            # A stretch ends just after a `\n`: a `\r\n` is never cut in two.
            newline = text.find("\n", end - 1)
            end = len(text) if newline < 0 else newline + 1
        self.starts.extend(_breaks(text, self.done, end))
        self.done = end


@dataclass
class TextFile:
    """A decoded file with the bookkeeping positions and fixes need.

    `encoding` is the codec that decoded it, `bom` whether it started with a byte-order mark,
    `newline` the first line break seen (fixes write the same one back).
    """

    path: str
    text: str
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    # Where each line starts, built on first use and only as far as positions are asked for: a
    # file read only to be searched never pays for the table.
    _lines: Optional[_LineTable] = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        first = _LINE_BREAK.search(self.text)
        if first:
            self.newline = first.group()

    @property
    def _table(self) -> _LineTable:
        table = self._lines
        if table is None:
            table = self._lines = _LineTable(self.text)
        return table

    @property
    def line_count(self) -> int:
        return len(self._table.everything())

    def has_line(self, number: int) -> bool:
        """Whether 1-based line `number` exists, without working out the lines after it."""
        return 1 <= number <= len(self._table.lines(number))

    def line(self, number: int) -> str:
        """The text of 1-based line `number` without its line break ('' past the end)."""
        starts = self._table.lines(number + 1)
        if number < 1 or number > len(starts):
            return ""
        start = starts[number - 1]
        end = starts[number] if number < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def offset(self, position: Position) -> int:
        """The string offset of a position (clamped to the text)."""
        starts = self._table.lines(max(position.line, 1))
        line = min(max(position.line, 1), len(starts))
        start = starts[line - 1]
        return min(start + max(position.column, 1) - 1, len(self.text))

    def position(self, offset: int) -> Position:
        """The position of a string offset."""
        offset = min(max(offset, 0), len(self.text))
        starts = self._table.through(offset)
        low = bisect_right(starts, offset) - 1
        return Position(low + 1, offset - starts[low] + 1)

    def span(self, start: int, end: int) -> Span:
        """The span between two string offsets."""
        return Span(self.position(start), self.position(end))

    def line_span(self, number: int) -> Span:
        """The span of a whole line, from its first non-blank character to its end."""
        text = self.line(number)
        stripped = text.lstrip()
        first = len(text) - len(stripped) + 1
        return Span.of(number, first, number, len(text.rstrip()) + 1)

    def column_of_utf8(self, line: int, byte_offset: int) -> int:
        """Convert a 0-based UTF-8 byte offset on `line` (as `ast` reports) to a 1-based column."""
        encoded = self.line(line).encode("utf-8")
        return len(encoded[: max(byte_offset, 0)].decode("utf-8", errors="ignore")) + 1


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _real_folder(root: str, real_root: str, parts: list[str]) -> str:
    """The real path of the folder `parts` names under `root`.

    When no folder between the root and it is a symlink, it is the root's real path plus those
    names: one `lstat` per folder below the root, where `realpath` would resolve every component
    from `/` for every file read.
    """
    current = root
    for part in parts:
        if part in ("", ".", ".."):
            return os.path.realpath(os.path.join(root, *parts))
        current = os.path.join(current, part)
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return os.path.realpath(os.path.join(root, *parts))
        except OSError:
            return os.path.realpath(os.path.join(root, *parts))
    return os.path.join(real_root, *parts)


def locate(root: Path, relative: str) -> Union[str, FileProblem, None]:
    """Decide whether `relative` may be read, without opening it.

    Returns the absolute path to open, a `FileProblem` (EL001), or None when nothing is there.
    """
    where = _locate(root, relative)
    observe.note(("locate", str(root), relative), lambda: _located_summary(where))
    return where


def _located_summary(where: Union[str, FileProblem, None]) -> observe.Summary:
    if isinstance(where, FileProblem):
        return ["problem", where.message]
    return None if where is None else "file"


def _read_summary(data: Union[bytes, FileProblem, None]) -> observe.Summary:
    if isinstance(data, bytes):
        return ["bytes", digest(data)]
    return _located_summary(data)


def digest(data: bytes) -> str:
    """The content digest the cache compares files by (never their times: an edit within the
    clock's resolution keeping the size would fool a stat)."""
    return str(hasher(data).hexdigest())


def hasher(data: bytes = b"") -> Any:
    """A BLAKE2b hash of 16 bytes. CPython's own BLAKE2 module is taken when it is there:
    `hashlib` would load OpenSSL first, a large part of a cached run's start-up."""
    try:
        from _blake2 import blake2b
    except ImportError:  # another implementation of Python
        from hashlib import blake2b
    return blake2b(data, digest_size=16)


def asked(question: tuple[object, ...], real_root: Optional[str] = None) -> observe.Summary:
    """The answer a question noted by this module (`locate`, `read`, `head`) gets now.

    `real_root` is the root with its symlinks resolved, when the caller asks many questions of
    one root and has resolved it once (as the run itself did, in its first question).
    """
    kind, root, relative = question[:3]
    assert isinstance(root, str) and isinstance(relative, str)
    if kind == "locate":
        return _located_summary(_locate(root, relative, real_root))
    if kind == "read":
        count = question[3]
        assert isinstance(count, int)
        return _read_summary(_read_bytes(root, relative, count, real_root))
    if kind == "head":
        count = question[3]
        assert isinstance(count, int)
        head = _read_head(root, relative, count, real_root)
        return None if head is None else digest(head)
    raise KeyError(kind)


def _locate(
    root: Union[str, Path], relative: str, real_root: Optional[str] = None
) -> Union[str, FileProblem, None]:
    absolute = os.path.join(str(root), *relative.split("/"))
    try:
        info = os.lstat(absolute)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
    except PermissionError:
        return FileProblem("EL001", relative, f"`{relative}` cannot be read: permission denied")
    except OSError as error:
        return FileProblem("EL001", relative, f"`{relative}` cannot be read: {error.strerror}")
    real_root = real_root or os.path.realpath(str(root))
    name = os.path.basename(absolute)
    real_folder = _real_folder(str(root), real_root, relative.split("/")[:-1])
    # The file itself is no symlink (the common case): its real path is its real folder's, plus
    # its name, so it costs no second resolution of every component of the path.
    direct = not stat.S_ISLNK(info.st_mode) and name not in ("", ".", "..")
    real = os.path.join(real_folder, name) if direct else os.path.realpath(absolute)
    if not _within(real, real_root):
        return FileProblem(
            "EL001",
            relative,
            f"`{relative}` is a symlink to a file outside the project root; enginelint does "
            "not follow it (keep the file itself in the project)",
        )
    if not direct or not _within(real_folder, real_root):
        try:
            info = os.stat(absolute)
        except OSError as error:
            if error.errno == errno.ELOOP:
                return FileProblem("EL001", relative, f"`{relative}` is a symlink loop")
            if error.errno == errno.ENOENT:
                return FileProblem("EL001", relative, f"`{relative}` is a broken symlink")
            return FileProblem("EL001", relative, f"`{relative}` cannot be read: {error.strerror}")
    if stat.S_ISDIR(info.st_mode):
        return FileProblem("EL001", relative, f"`{relative}` is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a FIFO"
            if stat.S_ISFIFO(info.st_mode)
            else "a socket"
            if stat.S_ISSOCK(info.st_mode)
            else "a device"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "not a regular file"
        )
        return FileProblem("EL001", relative, f"`{relative}` is {kind}, not a regular file")
    return absolute


def read_bytes(
    root: Path, relative: str, max_size: int, real_root: Optional[str] = None
) -> Union[bytes, FileProblem, None]:
    """The bytes of a file inside the root, or why they cannot be had, or None if missing.

    `real_root` is the root with its symlinks resolved, from a caller that reads many files of
    one root and resolved it once (as `asked` takes it).
    """
    data = _read_bytes(root, relative, max_size, real_root)
    observe.note(("read", str(root), relative, max_size), lambda: _read_summary(data))
    return data


def _read_bytes(
    root: Union[str, Path], relative: str, max_size: int, real_root: Optional[str] = None
) -> Union[bytes, FileProblem, None]:
    where = _locate(root, relative, real_root)
    if where is None or isinstance(where, FileProblem):
        return where
    return _read_regular(where, relative, max_size, f"`{relative}`", _RAISE_THE_CAP)


def read_head(root: Path, relative: str, count: int) -> Optional[bytes]:
    """The first `count` bytes (fewer if the file is shorter) of a regular file inside the root,
    whatever its size, or None when it cannot be read. Records nothing: a caller asks this of a
    file to learn what it is, not because the platform needs it."""
    head = _read_head(root, relative, count)
    observe.note(("head", str(root), relative, count),
                 lambda: None if head is None else digest(head))
    return head


def _read_head(
    root: Union[str, Path], relative: str, count: int, real_root: Optional[str] = None
) -> Optional[bytes]:
    where = _locate(root, relative, real_root)
    if not isinstance(where, str):
        return None
    try:
        descriptor = os.open(where, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        # Checked on the open descriptor: the path may have been swapped for a FIFO.
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return read_at_most(descriptor, count)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def read_named(path: Path, max_size: int, label: str) -> Union[bytes, FileProblem, None]:
    """The bytes of a file the user named on the command line (`--config FILE`).

    It may lie anywhere, so there is no root to stay inside and symlinks are followed (the user
    chose the file); the other decisions hold: only a regular file is opened, never a FIFO or a
    device, and never past the size cap. None when no regular file is there. A problem's message
    speaks of the file as `label` ("the configuration file").
    """
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        return FileProblem("EL001", str(path), f"{label} cannot be read: {reason}")
    if not stat.S_ISREG(info.st_mode):
        return None
    return _read_regular(os.path.abspath(path), str(path), max_size, label, "")


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_RAISE_THE_CAP = " (raise `max-file-size` if it really is this large)"


def _read_regular(
    where: str, relative: str, max_size: int, name: str, advice: str
) -> Union[bytes, FileProblem]:
    """Open, check again, read at most the cap; `name` is how messages speak of the file."""
    try:
        descriptor = os.open(where, _OPEN_FLAGS)
    except PermissionError:
        return FileProblem("EL001", relative, f"{name} cannot be read: permission denied")
    except OSError as error:
        return FileProblem("EL001", relative, f"{name} cannot be read: {error.strerror}")
    try:
        info = os.fstat(descriptor)
        # Checked again on the open descriptor: the path may have been swapped for a FIFO.
        if not stat.S_ISREG(info.st_mode):
            return FileProblem("EL001", relative, f"{name} is not a regular file")
        if info.st_size > max_size:
            return FileProblem(
                "EL001",
                relative,
                f"{name} is {info.st_size:,} bytes, over the {max_size:,}-byte limit{advice}",
            )
        data = read_at_most(descriptor, max_size + 1, info.st_size)
    except OSError as error:
        return FileProblem("EL001", relative, f"{name} cannot be read: {error.strerror}")
    finally:
        os.close(descriptor)
    if len(data) > max_size:
        return FileProblem("EL001", relative, f"{name} is over the {max_size:,}-byte limit")
    return data


def read_at_most(descriptor: int, limit: int, expected: int = 0) -> bytes:
    """Up to `limit` bytes from an open descriptor, in bounded chunks (a file that grows while
    it is read cannot make the read unbounded). The first chunk takes the `expected` size in
    one read (what `fstat` said), so a big file is not copied again to join its pieces."""
    chunks = []
    remaining = limit
    size = max(expected + 1, 1 << 20)
    while remaining > 0:
        chunk = os.read(descriptor, min(remaining, size))
        size = 1 << 20
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _position_in_bytes(data: bytes, index: int) -> Span:
    line = data.count(b"\n", 0, index) + 1
    line_start = data.rfind(b"\n", 0, index) + 1
    column = len(data[line_start:index].decode("utf-8", errors="replace")) + 1
    return Span.of(line, column, line, column + 1)


def decode(relative: str, data: bytes, kind: str = TEXT) -> Union[TextFile, FileProblem]:
    """Decode bytes as the platform would read this kind of file."""
    if kind == REQUIREMENTS:
        for mark, encoding in _UNICODE_BOMS:
            if data.startswith(mark) and encoding != "utf-8-sig":
                try:
                    text = data.decode(encoding)
                except UnicodeDecodeError as error:
                    return FileProblem(
                        "EL002", relative, f"`{relative}` is not valid {encoding}: {error.reason}"
                    )
                return TextFile(relative, text, encoding=encoding, bom=True)
    if b"\0" in data:
        index = data.index(b"\0")
        return FileProblem(
            "EL002",
            relative,
            f"`{relative}` contains NUL bytes: it is binary, not text",
            _position_in_bytes(data, index),
        )
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    encoding = "utf-8"
    if kind == PYTHON and not bom:
        encoding = _python_source_encoding(body)
        try:
            codecs.lookup(encoding)
        except LookupError:
            return FileProblem(
                "EL002",
                relative,
                f"`{relative}` declares an unknown encoding `{encoding}` in its coding cookie",
                Span.point(1, 1),
            )
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        where = error.start + (len(codecs.BOM_UTF8) if bom else 0)
        return FileProblem(
            "EL002",
            relative,
            f"`{relative}` is not valid {_encoding_name(encoding)}: byte 0x{data[where]:02x} "
            "at this position cannot be decoded",
            _position_in_bytes(data, where) if encoding == "utf-8" else Span.point(1, 1),
        )
    return TextFile(relative, text, encoding=encoding, bom=bom)


def _encoding_name(encoding: str) -> str:
    return "UTF-8" if encoding in ("utf-8", "utf8", "utf-8-sig") else encoding


_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def _python_source_encoding(data: bytes) -> str:
    """The PEP 263 encoding declared in the first two lines, or UTF-8."""
    lines = data.split(b"\n", 2)
    for index, line in enumerate(lines[:2]):
        match = _COOKIE.match(line)
        if match:
            return match.group(1).decode("ascii", errors="replace").lower()
        if index == 0 and line.strip() and not line.lstrip().startswith(b"#"):
            break
    return "utf-8"


def write_atomically(
    path: Union[str, Path],
    content: Union[bytes, str],
    *,
    encoding: str = "utf-8",
    inside: Optional[Path] = None,
) -> None:
    """Replace the file at `path` with `content` in one step.

    The bytes go to a temporary file in the target's own folder, which then takes the target's
    place by a rename: a reader sees the old file or the new one, never half of one, and a
    failure leaves the old file as it was. Text is encoded with `encoding` and written as given
    (no newline translation: the caller chose the line breaks). A symlink is written through, so
    the link stays a link; the file keeps its permission bits, and a new file gets those a plain
    `open` would give it. With `inside`, a path that resolves outside that folder is refused.
    """
    import tempfile

    target = os.path.realpath(str(path))
    if inside is not None and not _within(target, os.path.realpath(str(inside))):
        from pathlib import Path

        shown = Path(os.path.relpath(str(path), str(inside))).as_posix()
        raise OSError(f"refusing to write {shown}: it resolves outside the project root")
    data = content.encode(encoding) if isinstance(content, str) else content
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    folder = os.path.dirname(target)
    handle, temporary = tempfile.mkstemp(
        prefix=f".enginelint-{os.path.basename(target)}.", dir=folder
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _new_file_mode() -> int:
    """The permission bits `open(path, "w")` would give a new file under the current umask
    (`mkstemp` makes its file private, which a report meant for others should not be)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
