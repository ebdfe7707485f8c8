"""Symlinks resolved the way `lean deploy` resolves them: Go's `filepath.EvalSymlinks`.

The deploy tool walks the project with facebookgo/symwalk, which calls `EvalSymlinks` on every
symlink it meets — before it asks `.leanignore` about it — and walks a symlinked folder's target
under the link's own path. So a broken symlink, a link loop or a link through a file stops the
deploy even when `.leanignore` excludes the link, and a link back to one of its own parents is
walked again and again until the path holds more than 255 links (then Go gives up: the deploy
stops too).

Resolution works component by component from the project root (where the tool runs), counting
every link it follows, `..` taken lexically on the already-resolved part, as Go does.
"""

from __future__ import annotations

import errno
import os
import stat

from ... import observe

# Go's `filepath.EvalSymlinks` gives up after this many links in one path.
MAX_LINKS = 255


class LinkError(Exception):
    """The link cannot be resolved; `str()` is the deploy tool's message, `kind` one of
    "missing", "loop", "not-a-folder", "denied"."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


def _shown(base: str, path: str) -> str:
    if path == base:
        return "."
    if path.startswith(base.rstrip("/") + "/"):
        return path[len(base.rstrip("/")) + 1 :]
    return path


def resolve(base: str, relative: str) -> str:
    """The absolute, link-free path `relative` (from `base`, the project root's real path)
    leads to; raises `LinkError` where Go's `EvalSymlinks` fails."""
    return Resolver(base).resolve(relative)


class Resolver:
    """`resolve`, remembering each folder on the way: a walk resolves paths that share all but
    their last component, and a path around a loop can be 255 links long."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._known: dict[str, tuple[str, int]] = {"": (base, 0)}

    def resolve(self, relative: str) -> str:
        return self._state(relative.strip("/"))[0]

    def _state(self, relative: str) -> tuple[str, int]:
        known = self._known.get(relative)
        if known is not None:
            return known
        parent, _, name = relative.rpartition("/")
        dest, links = self._state(parent)
        state = self._follow(dest, links, [name])
        self._known[relative] = state
        return state

    def _follow(self, dest: str, links: int, parts: list[str]) -> tuple[str, int]:
        base = self.base
        pending = [part for part in parts if part not in ("", ".")]
        pending.reverse()  # a stack: the next component last
        while pending:
            part = pending.pop()
            if part == "..":
                dest = os.path.dirname(dest) or "/"
                continue
            candidate = os.path.join(dest, part)
            try:
                info = observe.lstat(candidate)
            except FileNotFoundError:
                raise LinkError(
                    f"lstat {_shown(base, candidate)}: no such file or directory", "missing"
                ) from None
            except NotADirectoryError:
                raise LinkError(
                    f"lstat {_shown(base, candidate)}: not a directory", "not-a-folder"
                ) from None
            except OSError as error:
                kind = "denied" if error.errno in (errno.EACCES, errno.EPERM) else "missing"
                raise LinkError(f"lstat {_shown(base, candidate)}: {error.strerror}",
                                kind) from None
            if not stat.S_ISLNK(info.st_mode):
                if not stat.S_ISDIR(info.st_mode) and pending:
                    raise LinkError(f"{_shown(base, candidate)}: not a directory",
                                    "not-a-folder")
                dest = candidate
                continue
            links += 1
            if links > MAX_LINKS:
                raise LinkError("EvalSymlinks: too many links", "loop")
            try:
                target = observe.readlink(candidate)
            except OSError as error:
                raise LinkError(f"readlink {_shown(base, candidate)}: {error.strerror}",
                                "denied") from None
            if target.startswith("/"):
                dest = "/"
            pending.extend(reversed([p for p in target.split("/") if p not in ("", ".")]))
        return dest, links
