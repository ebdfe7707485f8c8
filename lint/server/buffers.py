"""An editor buffer as the bytes the file would hold if it were saved now.

The runner takes unsaved buffers as bytes, laid over the files on disk, and decodes them the way
the platform decodes the file. The editor holds text, so the text is encoded back the way the
file on disk is stored: a byte-order mark is kept, a UTF-16 requirements file stays UTF-16, a
Python file keeps its PEP 263 encoding. A buffer that matches the file on disk is not passed at
all, so an unedited file gives exactly the findings the command line gives, encoding findings
(EL002, EL213) included; a buffer over the size cap is left out too, so the file on disk gets the
command line's EL001 instead of being linted unbounded.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Optional

from .. import files

_COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def as_saved(root: Path, relative: str, text: str, max_size: int) -> Optional[bytes]:
    """The bytes to lint for an open buffer; None when the file on disk should be read."""
    disk = files.read_bytes(root, relative, max_size)
    if isinstance(disk, bytes) and _decodes_to(disk, relative, text):
        return None
    data = _encode(text, relative, disk if isinstance(disk, bytes) else None)
    return None if len(data) > max_size else data


def _kind(relative: str) -> str:
    return files.PYTHON if relative.endswith((".py", ".pyw")) else files.REQUIREMENTS


def _decodes_to(data: bytes, relative: str, text: str) -> bool:
    decoded = files.decode(relative, data, _kind(relative))
    return isinstance(decoded, files.TextFile) and decoded.text == text


def _encode(text: str, relative: str, disk: Optional[bytes]) -> bytes:
    if disk is not None:
        for mark, codec in _WIDE_BOMS:
            if disk.startswith(mark):
                try:
                    return mark + text.encode(codec)
                except UnicodeEncodeError:
                    break
        if disk.startswith(codecs.BOM_UTF8):
            return codecs.BOM_UTF8 + text.encode("utf-8", "surrogatepass")
    if _kind(relative) == files.PYTHON:
        encoding = _cookie(text)
        if encoding is not None:
            try:
                return text.encode(encoding)
            except (LookupError, UnicodeEncodeError):
                pass  # EL002 or EL003 will say what is wrong with the cookie or the text
    return text.encode("utf-8", "surrogatepass")


def _cookie(text: str) -> Optional[str]:
    """The PEP 263 encoding the first two lines declare, if any."""
    for line in text.splitlines()[:2]:
        match = _COOKIE.match(line)
        if match:
            return match.group(1)
        if line.strip() and not line.lstrip().startswith("#"):
            break
    return None
