"""Configuration globs (`exclude`, `per-file-ignores`) matched against project-relative paths.

`*` matches within one path component, `**` across folders; a pattern without `/` also matches
the file name at any depth (as ruff's per-file-ignores do). One home, so the tree walk and the
engine cannot disagree about what a pattern covers.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from functools import lru_cache


def matches(path: str, pattern: str) -> bool:
    """Whether a project-relative path matches a configuration glob."""
    if "/" not in pattern and fnmatch.fnmatchcase(posixpath.basename(path), pattern):
        return True
    return _glob_regex(pattern).fullmatch(path) is not None


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif pattern[index] == "*":
            out.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            out.append("[^/]")
            index += 1
        else:
            out.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(out))
