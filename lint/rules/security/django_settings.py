"""The Django settings modules that run on the platform, and the settings they write.

Django reads its settings from the module `DJANGO_SETTINGS_MODULE` names; EL601 (`DEBUG`) and
EL605 (`DATABASES`) judge the settings written there, at the place they are written.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Optional

from ... import platform
from ...analysis.python.parse import PythonModule, python_module
from ...analysis.python.reach import module_run
from ...analysis.python.running import running_code
from ...analysis.python.values import Binding, Const, Ref
from .calls import callee_key

if TYPE_CHECKING:
    from ...project import Project


def django_settings(project: Project) -> list[PythonModule]:
    """The settings modules code that runs names in DJANGO_SETTINGS_MODULE.

    Django reads its settings from the module `os.environ.setdefault("DJANGO_SETTINGS_MODULE",
    "site.settings")` (or `os.environ[...] = ...`) names in `wsgi.py`/`manage.py`; a settings
    file nothing names is not known to run, so it is not judged.
    """

    def build() -> list[PythonModule]:
        from ...analysis.python.modules import find_module

        names: list[str] = []
        for run in running_code(project):
            for site in run.calls:
                for values in site.runs:
                    if callee_key(values.callee) != "os.environ.setdefault":
                        continue
                    if len(values.args) < 2 or values.args[0] != Const(
                        platform.DJANGO_SETTINGS_VARIABLE
                    ):
                        continue
                    value = values.args[1]
                    if isinstance(value, Const) and isinstance(value.value, str):
                        names.append(value.value)
            for store in run.stores:
                if (
                    store.receiver == Ref("os.environ")
                    and store.key == Const(platform.DJANGO_SETTINGS_VARIABLE)
                    and isinstance(store.value, Const)
                    and isinstance(store.value.value, str)
                ):
                    names.append(store.value.value)
        modules: list[PythonModule] = []
        for name in dict.fromkeys(names):
            path = find_module(project, name.strip())
            module = python_module(project, path, report=False) if path else None
            if module is not None and module not in modules:
                modules.append(module)
        return modules

    return project.cached("security:django-settings", build)


def setting_binding(
    project: Project, module: PythonModule, name: str, environment: str, depth: int = 0
) -> Optional[tuple[PythonModule, Binding]]:
    """The binding of a module-level setting, followed through `from x import *` / `from x
    import name` into the module that writes it (so the position is where it is written)."""
    from ...analysis.python.imports import absolute_base
    from ...analysis.python.modules import find_module

    binding = module_run(project, module).binding(name, environment)
    if binding is None or binding.deleted:
        return None
    statement = binding.statement
    if isinstance(statement, ast.ImportFrom) and depth < 4:
        base = absolute_base(module, statement)
        path = find_module(project, base) if base else None
        source = python_module(project, path, report=False) if path else None
        if source is not None and source.path != module.path:
            found = setting_binding(project, source, name, environment, depth + 1)
            if found is not None:
                return found
    return module, binding
