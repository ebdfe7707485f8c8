"""The project's Python modules that run on the platform, found by following imports.

The platform starts one file (`wsgi.py`, or what `run:` starts) and Python then imports what
that file imports. Only those modules can break a deploy or bind a server, so only they are
parsed (EL003) and checked. Imports are followed only from code that runs (see `reach`): an
import inside `if __name__ == "__main__":` in WSGI mode, or in a function nobody calls, adds
nothing. A name that is not a file in the project (stdlib, third-party) is just a name.
"""

from __future__ import annotations

import ast
import posixpath
import sys
from collections import deque
from typing import TYPE_CHECKING, Optional

from .python import PythonModule, python_module

if TYPE_CHECKING:
    from ..project import Project

# Enough for any real project; a bound so that a generated tree cannot make a run endless.
MAX_MODULES = 2_000

# Modules Python has loaded before it ever looks at the project's folder, so a project file
# with the same name is never what `import` gives.
_ALWAYS_PRELOADED = frozenset(
    {
        *sys.builtin_module_names,
        "abc",
        "codecs",
        "encodings",
        "genericpath",
        "io",
        "ntpath",
        "os",
        "posixpath",
        "site",
        "stat",
        "_collections_abc",
        "_sitebuiltins",
    }
)

# The same, for other analyses.
ALWAYS_PRELOADED = _ALWAYS_PRELOADED


def import_roots(project: Project) -> list[str]:
    """The folders (project-relative, '' for the root) absolute imports are looked up in.

    Python puts the started file's folder first on `sys.path`; the platform builds and starts
    in the build root.
    """

    def build() -> list[str]:
        from .entry import serving_mode

        roots: list[str] = []
        entry = serving_mode(project).entry_file
        if entry is not None:
            roots.append(posixpath.dirname(entry))
        if project.build_root not in roots:
            roots.append(project.build_root)
        return roots

    return project.cached("modules:roots", build)


def find_module(project: Project, dotted: str) -> Optional[str]:
    """The project file that `import dotted` loads (`pkg/__init__.py`, `mod.py`), or None.

    A package is preferred over a module of the same name, as Python's finder does. A folder
    without `__init__.py` is a namespace package: it has no file of its own (None), but its
    submodules are found.
    """
    found: dict[str, Optional[str]] = project.cached("modules:found", dict)
    if dotted in found:
        return found[dotted]
    result: Optional[str] = None
    parts = dotted.split(".")
    if all(part.isidentifier() for part in parts) and parts[0] not in _ALWAYS_PRELOADED:
        for root in import_roots(project):
            base = "/".join([root, *parts] if root else parts)
            for candidate in (f"{base}/__init__.py", f"{base}.py"):
                if project.exists(candidate):
                    result = candidate
                    break
            if result is not None:
                break
    found[dotted] = result
    return result


def is_module(project: Project, dotted: str) -> bool:
    """Whether `dotted` names a project module or package (namespace packages included)."""
    known: dict[str, bool] = project.cached("modules:known", dict)
    if dotted not in known:
        parts = dotted.split(".")
        known[dotted] = find_module(project, dotted) is not None or (
            all(part.isidentifier() for part in parts)
            and parts[0] not in _ALWAYS_PRELOADED
            and any(
                project.is_dir("/".join([root, *parts] if root else parts))
                for root in import_roots(project)
            )
        )
    return known[dotted]


def module_name(project: Project, relative: str) -> Optional[str]:
    """The dotted name a project file is imported as, or None outside every import root."""
    for root in import_roots(project):
        prefix = f"{root}/" if root else ""
        if not relative.startswith(prefix) or not relative.endswith(".py"):
            continue
        parts = relative[len(prefix) : -len(".py")].split("/")
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts and all(part.isidentifier() for part in parts):
            return ".".join(parts)
    return None


def absolute_base(module: PythonModule, node: ast.ImportFrom) -> Optional[str]:
    """The absolute module an `ImportFrom` imports from, or None when a relative import
    reaches above the top-level package (Python raises ImportError there)."""
    if node.level == 0:
        return node.module
    name = module.name or ""
    package = name if module.is_package else name.rpartition(".")[0]
    if not package:
        return None
    bits = package.rsplit(".", node.level - 1)
    if len(bits) < node.level:
        return None
    return f"{bits[0]}.{node.module}" if node.module else bits[0]


def _with_packages(project: Project, dotted: str) -> list[str]:
    """The files `import a.b.c` runs: `a/__init__.py`, `a/b/__init__.py`, then `a/b/c`."""
    paths = []
    parts = dotted.split(".")
    for end in range(1, len(parts) + 1):
        path = find_module(project, ".".join(parts[:end]))
        if path is not None:
            paths.append(path)
    return paths


def import_targets(project: Project, module: PythonModule, node: ast.stmt) -> list[str]:
    """The project files an import statement loads, in the order Python loads them."""
    paths: list[str] = []
    if isinstance(node, ast.Import):
        for alias in node.names:
            paths.extend(_with_packages(project, alias.name))
    elif isinstance(node, ast.ImportFrom):
        base = absolute_base(module, node)
        if base is None:
            return []
        paths.extend(_with_packages(project, base))
        for alias in node.names:
            if alias.name != "*":
                # `from pkg import name` loads pkg/name.py when there is one.
                path = find_module(project, f"{base}.{alias.name}")
                if path is not None:
                    paths.append(path)
    return paths


def running_modules(project: Project) -> list[PythonModule]:
    """Every project module that runs on the platform, each parsed once (EL003 recorded).

    The entry first, then what it imports, breadth first. Empty when the entry is missing,
    unreadable or does not parse.
    """
    return project.cached("modules:running", lambda: _collect(project))


def _collect(project: Project) -> list[PythonModule]:
    from .entry import serving_mode
    from .reach import module_run

    mode = serving_mode(project)
    if mode.entry_file is None:
        return []
    entry = python_module(project, mode.entry_file)
    if entry is None:
        return []
    order = [entry]
    seen = {entry.path}
    queue: deque[tuple[PythonModule, bool]] = deque([(entry, mode.entry_is_main)])
    while queue and len(seen) < MAX_MODULES:
        module, as_main = queue.popleft()
        # A module whose text never says `import` cannot add edges: skip walking it.
        if "import" not in module.file.text:
            continue
        for node in module_run(project, module, as_main=as_main).imports:
            for path in import_targets(project, module, node):
                if path in seen or len(seen) >= MAX_MODULES:
                    continue
                seen.add(path)
                imported = python_module(project, path)
                if imported is not None:
                    order.append(imported)
                    queue.append((imported, False))
    return order


def entry_module(project: Project) -> Optional[PythonModule]:
    """The parsed entry file, or None when there is none or it does not parse."""
    modules = running_modules(project)
    return modules[0] if modules else None
