"""The project's modules and code that run on the platform, found by following imports.

The platform starts one file (`wsgi.py`, or what `run:` starts) and Python then imports what
that file imports. Only those modules can break a deploy or bind a server, so only they are
parsed (EL003) and checked. Imports are followed only from code that runs (see `reach`): an
import inside `if __name__ == "__main__":` in WSGI mode, or in a function nobody calls, adds
nothing. A name that is not a file in the project (stdlib, third-party) is just a name.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Optional

from ...process import few_collections
from .imports import import_targets
from .parse import PythonModule, python_module
from .reach import module_run
from .records import ModuleRun

if TYPE_CHECKING:
    from ...project import Project

# Far beyond any real project (the largest public LeanEngine apps import a few hundred); a bound
# so that a generated tree cannot make a run endless. When it stops the walk, EL005 says so.
MAX_MODULES = 100_000
INCOMPLETE_CODE = "EL005"


def running_modules(project: Project) -> list[PythonModule]:
    """Every project module that runs on the platform, each parsed once (EL003 recorded).

    The entry first, then what it imports, breadth first. Empty when the entry is missing,
    unreadable or does not parse.
    """
    def build() -> list[PythonModule]:
        with few_collections():
            return _collect(project)

    return project.cached("modules:running", build)


def _collect(project: Project) -> list[PythonModule]:
    from ..entry import serving_mode

    mode = serving_mode(project)
    if mode.entry_file is None:
        return []
    entry = python_module(project, mode.entry_file)
    if entry is None:
        return []
    order = [entry]
    seen = {entry.path}
    queue: deque[tuple[PythonModule, bool]] = deque([(entry, mode.entry_is_main)])
    skipped: list[str] = []
    while queue:
        module, as_main = queue.popleft()
        # A module whose text never says `import` cannot add edges: skip walking it.
        if "import" not in module.file.text:
            continue
        run = module_run(project, module, as_main=as_main)
        if module is not entry:
            _trim(module, run)
        for node in run.imports:
            for path in import_targets(project, module, node):
                if path in seen:
                    continue
                if len(seen) >= MAX_MODULES:
                    skipped.append(path)
                    continue
                seen.add(path)
                imported = python_module(project, path)
                if imported is not None:
                    order.append(imported)
                    queue.append((imported, False))
    if skipped:
        first = sorted(set(skipped))[0]
        project.problem(
            INCOMPLETE_CODE,
            entry.path,
            f"the code rules analysed the first {MAX_MODULES:,} modules the entry imports and "
            f"stopped there: {len(set(skipped)):,} more imported modules (the first: `{first}`), "
            "and whatever they import, were not checked",
        )
    return order


def entry_module(project: Project) -> Optional[PythonModule]:
    """The parsed entry file, or None when there is none or it does not parse."""
    modules = running_modules(project)
    return modules[0] if modules else None


def running_code(project: Project) -> list[ModuleRun]:
    """The walks of every module that runs on the platform, the entry first."""

    def build() -> list[ModuleRun]:
        from ..entry import serving_mode

        modules = running_modules(project)
        mode = serving_mode(project)
        runs = []
        with few_collections():
            for index, module in enumerate(modules):
                run = module_run(project, module, as_main=index == 0 and mode.entry_is_main)
                if index > 0 and not module.trimmed:
                    _trim(module, run)
                runs.append(run)
        return runs

    return project.cached("reach:running", build)


def _trim(module: PythonModule, run: ModuleRun) -> None:
    """Let go of the bodies the walk never entered, now that the module is walked for good.

    Each module that runs is walked once, on import; only the entry may be walked again (as
    `__main__`, for EL103), so it keeps its whole tree. A walk that a bound stopped keeps it
    too: it did not reach everything that runs.
    """
    if not run.truncated:
        module.trim(run.runs)
