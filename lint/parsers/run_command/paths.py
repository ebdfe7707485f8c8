"""Paths relative to the build root, as the commands of `run:` name them.

Commands name programs (`.venv/bin/gunicorn`), scripts, folders (`cd`, `--chdir`) and modules;
the other parts need their base names, where a relative path lands when joined to the working
folder (None once it leaves the build root or cannot be known), and which files a module name
may load. Pure string functions with no dependencies, so any part can use them.
"""

from __future__ import annotations

import posixpath
from typing import Optional

from ...lazy_re import lazy_pattern

_MODULE_NAME = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\Z")


def _basename(text: str) -> str:
    return text.rstrip("/").rsplit("/", 1)[-1]


def _join(folder: Optional[str], relative: str) -> Optional[str]:
    """`relative` inside `folder` (both relative to the build root); None when it leaves it."""
    if folder is None or not relative or relative.startswith(("/", "~")):
        return None
    joined = posixpath.normpath(posixpath.join(folder, relative))
    if joined == ".":
        return ""
    if joined == ".." or joined.startswith("../"):
        return None
    return joined


def _module_candidates(module: str, folder: Optional[str], main: bool) -> tuple[str, ...]:
    """The files `import module` (or `python -m module`) may load, in the order Python looks."""
    if folder is None or not _MODULE_NAME.match(module):
        return ()
    base = _join(folder, module.replace(".", "/"))
    if base is None:
        return ()
    # A package (a folder with __init__.py) wins over a module file of the same name.
    return (f"{base}/{'__main__' if main else '__init__'}.py", f"{base}.py")
