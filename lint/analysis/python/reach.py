"""Which code of the project runs on the platform, per cloud environment, across modules.

Each module is walked once per environment (`stage`, `production`) and once per way it runs
(imported, or as `__main__`); the walk (see `walk`) records what ran in a `ModuleRun`. This
module owns the project-wide side: it walks modules on demand, once each, follows an imported
name into the project module that defines it (walking that one first), and answers what a star
import binds. Loops between modules are cut: a module being walked is not walked again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ... import platform
from .modules import find_module, is_module
from .parse import PythonModule, python_module
from .records import ModuleRun
from .values import Attr, Binding, Const, Ref, Seq, Value
from .walk import MAX_STATEMENTS, Walker

if TYPE_CHECKING:
    from ...project import Project

ENVIRONMENTS = platform.CLOUD_ENVIRONMENTS

# Modules walked while walking another (to resolve an import), and hops followed between modules.
MAX_MODULE_DEPTH = 8


class Analysis:
    """Walks modules on demand, once each, and resolves names across them."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.active: list[str] = []
        # For each module being walked, the walks of other modules it asked about.
        self.consulted: list[list[ModuleRun]] = []

    def key(self, module: PythonModule, as_main: bool) -> str:
        return f"reach:{module.path}:{'main' if as_main else 'import'}"

    def run(self, module: PythonModule, as_main: bool) -> ModuleRun:
        key = self.key(module, as_main)
        return self.project.cached(key, lambda: self.walk(module, as_main, key))

    def walk(self, module: PythonModule, as_main: bool, key: str) -> ModuleRun:
        run = ModuleRun(module, as_main)
        consulted: list[ModuleRun] = []
        self.active.append(key)
        self.consulted.append(consulted)
        try:
            first, *others = ENVIRONMENTS
            walker = Walker(self, run, first)
            run.final[first] = walker.walk()
            for environment in others:
                if _walks_alike(walker, run, consulted, environment):
                    run.copy_environment(first, environment)
                else:
                    run.final[environment] = Walker(self, run, environment).walk()
        finally:
            self.consulted.pop()
            self.active.pop()
        _share_bindings(run.final)
        if run.truncated:
            # A bound stopped the walk: say so (EL005), rather than judge the rest silently.
            self.project.problem(
                "EL005",
                module.path,
                f"the code rules stopped analysing `{module.path}` part way: it needs more "
                f"than {MAX_STATEMENTS:,} statements walked, or nests deeper than the "
                "analysis goes; the code after that point was not checked",
            )
        return run

    def imported(self, dotted: str) -> Optional[ModuleRun]:
        """The run of a project module imported by name, unless walking it now would loop."""
        path = find_module(self.project, dotted)
        if path is None:
            return None
        module = python_module(self.project, path)
        if module is None:
            return None
        key = self.key(module, False)
        if key in self.active or len(self.active) > MAX_MODULE_DEPTH:
            return None
        run = self.run(module, False)
        if self.consulted:
            self.consulted[-1].append(run)
        return run

    def resolve(self, qualname: str, environment: str) -> Value:
        """`Ref(qualname)`, or what it names when that is a project module's attribute."""
        parts = qualname.split(".")
        if len(parts) < 2 or is_module(self.project, qualname):
            return Ref(qualname)
        for split in range(len(parts) - 1, 0, -1):
            owner = ".".join(parts[:split])
            if not is_module(self.project, owner):
                continue
            run = self.imported(owner)
            if run is None:
                return Ref(qualname)
            binding = run.binding(parts[split], environment)
            if binding is None or binding.deleted:
                return Ref(qualname)
            value = binding.value
            for attribute in parts[split + 1 :]:
                value = (
                    Attr(value, attribute)
                    if not isinstance(value, Ref)
                    else Ref(f"{value.qualname}.{attribute}")
                )
            return value
        return Ref(qualname)

    def exports(self, dotted: str, environment: str) -> Optional[dict[str, Binding]]:
        """The names `from dotted import *` binds, or None when that cannot be known."""
        run = self.imported(dotted)
        if run is None or run.star_imports:
            return None
        names = run.final.get(environment, {})
        listed = names.get("__all__")
        if listed is not None:
            value = listed.value
            if not isinstance(value, Seq) or not all(
                isinstance(v, Const) and isinstance(v.value, str) for v in value.items
            ):
                return None
            chosen = [str(v.value) for v in value.items if isinstance(v, Const)]
            exported: dict[str, Binding] = {}
            for name in chosen:
                binding = names.get(name)
                if binding is not None and not binding.deleted:
                    exported[name] = binding
                elif is_module(self.project, f"{dotted}.{name}"):
                    exported[name] = Binding(Ref(f"{dotted}.{name}"), True, None, None)
            return exported
        return {
            name: binding
            for name, binding in names.items()
            if not name.startswith("_") and not binding.deleted
        }


def _walks_alike(
    walker: Walker, run: ModuleRun, consulted: list[ModuleRun], environment: str
) -> bool:
    """Whether walking `run`'s module in `environment` would go exactly as `walker`'s walk did,
    so that its records can be copied instead: the walk never read LEANCLOUD_APP_ENV, every
    other module it asked about ended alike in both environments, a bound did not stop it, and
    it met no star import it cannot see into (the next walk would start out knowing of it).

    Most modules never look at the environment, and a walk is much of the cost of a module."""
    first = walker.environment
    return (
        not walker.read_environment
        and not run.truncated
        and not run.star_imports
        and all(other.final.get(first) is other.final.get(environment) for other in consulted)
    )


def _share_bindings(final: dict[str, dict[str, Binding]]) -> None:
    """Keep one copy of what the environments agree on: most code does not depend on the
    environment, and a tree of thousands of modules holds a binding per module-level name per
    environment. (Bindings are frozen and the maps are only read once the walk is done.)"""
    first: Optional[dict[str, Binding]] = None
    for environment, names in final.items():
        if first is None:
            first = names
            continue
        same = len(names) == len(first)
        for name, binding in names.items():
            known = first.get(name)
            if known is not None and known == binding:
                names[name] = known
            else:
                same = False
        if same:
            final[environment] = first


def project_analysis(project: Project) -> Analysis:
    return project.cached("reach:analysis", lambda: Analysis(project))


def module_run(project: Project, module: PythonModule, *, as_main: bool = False) -> ModuleRun:
    """The walk of `module` (as `__main__` when `as_main`), done once per project."""
    return project_analysis(project).run(module, as_main)


def environments_note(environments: frozenset[str]) -> str:
    """ " when LEANCLOUD_APP_ENV is stage" for a finding that holds in only some cloud
    environments; empty when it holds in all of them."""
    if not environments or environments >= frozenset(ENVIRONMENTS):
        return ""
    names = " or ".join(env for env in ENVIRONMENTS if env in environments)
    return f" when {platform.ENV_VARIABLE} is {names}"


def resolve(project: Project, value: Value, environment: str) -> Value:
    """Follow a `Ref` into the project module it names (one more hop than the walk did)."""
    if isinstance(value, Ref):
        return project_analysis(project).resolve(value.qualname, environment)
    return value
