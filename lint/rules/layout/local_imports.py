"""EL105: imports of project modules, or of names from them, that fail when the app starts.

A `ModuleNotFoundError` or `ImportError` at start-up is a failed deploy, and unlike a missing
third-party package it is visible in the project itself: the module or the name is simply not
there. This module decides it only where the project's own files settle the question:

- a relative import, or a dotted import under a project module (`from app.views import x` with
  `app/` but no `app/views.py`), is a project module, and its absence is certain;
- a top-level name that is not in the project is reported only with evidence that it was meant
  to be one (`App.py` or `app.py.bak` beside the entry, or `src/app.py` off the import path), and
  never when it is a standard-library module or a requirement could install it;
- `from m import name` where `m` is a project file that binds no `name` in any cloud environment
  (no assignment, `def`, `class`, import or resolvable star import) and offers no way to bind it
  out of sight (`__getattr__`, `globals()`, `sys.modules`, an unresolvable star import…).

Imports guarded by `try: … except ImportError`, `contextlib.suppress` or `if TYPE_CHECKING:` are
expected to fail sometimes and are left alone.
"""

from __future__ import annotations

import ast
import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Union

from ...analysis.python.imports import absolute_base
from ...analysis.python.modules import ALWAYS_PRELOADED, find_module, import_roots, is_module
from ...analysis.python.parse import PythonModule, python_module
from ...analysis.python.reach import environments_note, module_run
from ...analysis.python.records import ModuleRun
from ...analysis.python.running import running_code
from ...analysis.python.stdlib import STDLIB_MODULES
from ...diagnostics import ERROR, Finding, Span
from ...rulespec import rule

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ...project import Project

MODULE = "module"  # the module (or package) itself is missing
NAME = "name"  # the module is there but does not bind the imported name

# Handlers that catch a failed import.
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
# Text that means a module may bind names the walk cannot see.
_DYNAMIC = ("__getattr__", "globals()", "setattr(", "sys.modules", "exec(", "vars(", "__dict__")
# Files Python imports besides `.py` sources: extension modules and sourceless bytecode.
_OTHER_MODULE_SUFFIXES = (".so", ".pyd", ".pyc")
_MAX_INDEXED = 100_000


@dataclass(frozen=True)
class MissingImport:
    """An import that fails on the platform.

    `kind` is MODULE (`imported` is the dotted module that is not there) or NAME (`imported` is
    the name `origin`, a project file, does not bind). `statement_text` is `from m import n` /
    `import m` as written (one line); `detail` adds what was found instead, possibly empty;
    `environments` the cloud environments in which the import runs and fails.
    """

    module: PythonModule
    span: Span
    kind: str
    imported: str
    origin: str
    statement_text: str
    detail: str
    environments: frozenset[str]


@rule("EL105", "missing-local-module", ERROR)
def missing_local_module(project: Project) -> Iterator[Finding]:
    """Code that runs on the platform imports a missing project module, or a missing name from one.

    Why: the import raises `ModuleNotFoundError` or `ImportError` as the platform starts the
    app, and the deploy fails its startup check. Reported only when the project's files decide
    it: a relative import or a submodule of a project package that has no file; a top-level
    name that is neither in the project nor in the standard library nor installable by a
    requirement, when the project shows it was meant to be local (`App.py` beside the entry —
    imports are case-sensitive — or `src/app.py` off the import path); `from module import
    name` where the project file binds no `name` (assignment, `def`, `class`, import, resolvable
    star import) in a cloud environment in which the import runs. Quiet where a name may be
    bound out of sight (`__getattr__`, `globals()`, `sys.modules`, an unresolvable star
    import) and for imports guarded by `except ImportError`, `contextlib.suppress` or
    `if TYPE_CHECKING:`.

    Example: `from main import main` where `main.py` defines only `app` →
    `from main import app`, or define `main` in `main.py`.
    """
    for missing in missing_imports(project):
        when = environments_note(missing.environments)
        if missing.kind == MODULE:
            detail = f" ({missing.detail})" if missing.detail else ""
            message = (
                f"`{missing.statement_text}` needs module `{missing.imported}`, which the "
                f"project does not have{detail}, so the app fails with ModuleNotFoundError "
                "when the platform starts it"
            )
        else:
            message = (
                f"`{missing.statement_text}` imports `{missing.imported}`, which "
                f"`{missing.origin}` does not define{when}, so the app fails with ImportError "
                "when the platform starts it"
            )
        yield Finding(message, missing.module.path, missing.span)


def missing_imports(project: Project) -> list[MissingImport]:
    """Every failing project import in code that runs on the platform, in module order."""
    return project.cached("local_imports:missing", lambda: _collect(project))


def _collect(project: Project) -> list[MissingImport]:
    found: list[MissingImport] = []
    for run in running_code(project):
        guarded = _guarded(run.module.tree)
        for statement in run.imports:
            if id(statement) in guarded:
                continue
            environments = run.environments(statement)
            if environments:
                found.extend(_check(project, run, statement, environments))
    return found


def _check(
    project: Project,
    run: ModuleRun,
    statement: Union[ast.Import, ast.ImportFrom],
    environments: frozenset[str],
) -> list[MissingImport]:
    module = run.module
    text = " ".join(module.segment(statement).split())
    text = text if len(text) <= 60 else text[:59] + "…"
    if isinstance(statement, ast.Import):
        result = []
        for alias in statement.names:
            missing = _missing_module(project, alias.name, relative=False)
            if missing is not None:
                dotted, detail = missing
                span = module.alias_span(alias, statement)
                result.append(
                    MissingImport(module, span, MODULE, dotted, "", text, detail, environments)
                )
        return result
    base = absolute_base(module, statement)
    if base is None:
        return []
    missing = _missing_module(project, base, relative=statement.level > 0)
    if missing is not None:
        dotted, detail = missing
        span = _from_span(module, statement)
        return [MissingImport(module, span, MODULE, dotted, "", text, detail, environments)]
    if base.split(".")[0] in ALWAYS_PRELOADED or not is_module(project, base):
        return []
    result = []
    for alias in statement.names:
        if alias.name == "*" or is_module(project, f"{base}.{alias.name}"):
            continue
        lacking = _lacking(project, base, alias.name, environments)
        if lacking is not None:
            origin, missing_in = lacking
            span = module.alias_span(alias, statement)
            result.append(
                MissingImport(module, span, NAME, alias.name, origin, text, "", missing_in)
            )
    return result


# --- modules ----------------------------------------------------------------------------------
def _missing_module(project: Project, dotted: str, relative: bool) -> Optional[tuple[str, str]]:
    """The first part of `dotted` that is a missing project module, with what was found instead;
    None when every part is there or the answer is not the project's to give."""
    parts = dotted.split(".")
    if not all(part.isidentifier() for part in parts):
        return None
    top = parts[0]
    if not relative:
        if top.startswith("_") or top in ALWAYS_PRELOADED or top in STDLIB_MODULES:
            return None
        if not is_module(project, top):
            if _other_module_file(project, import_roots(project), top):
                return None
            evidence = _evidence(project, top)
            if evidence is None or _could_be_installed(project, top):
                return None
            return top, evidence
    elif not is_module(project, top):
        return None
    for end in range(2, len(parts) + 1):
        prefix = ".".join(parts[:end])
        if is_module(project, prefix):
            continue
        parent = ".".join(parts[: end - 1])
        parent_file = find_module(project, parent)
        if parent_file is not None:
            if not parent_file.endswith("/__init__.py") and parent_file != "__init__.py":
                # `import config.local` with `config.py`: not a package. A module that fakes
                # being one sets `__path__`.
                source = python_module(project, parent_file)
                if source is None or "__path__" in source.file.text:
                    return None
                return prefix, f"`{parent_file}` is a module, not a package"
            source = python_module(project, parent_file)
            if source is None or any(m in source.file.text for m in ("__path__", "sys.modules")):
                return None
        folders = _package_folders(project, parent)
        if _other_module_file(project, folders, parts[end - 1]):
            return None
        if not folders:
            return prefix, ""
        where = f"{folders[0]}/{parts[end - 1]}"
        return prefix, f"no `{where}.py` or `{where}/`"
    return None


def _package_folders(project: Project, dotted: str) -> list[str]:
    folders = []
    for root in import_roots(project):
        folder = "/".join([root, *dotted.split(".")] if root else dotted.split("."))
        if project.is_dir(folder):
            folders.append(folder)
    return folders


def _other_module_file(project: Project, folders: list[str], name: str) -> bool:
    """Whether an extension module or a `.pyc` named `name` sits in one of `folders`."""
    index = _index(project)
    for folder in folders:
        for path in index.get(name.lower(), ()):
            base = posixpath.basename(path)
            if (
                posixpath.dirname(path) == folder
                and base.startswith(f"{name}.")
                and base.endswith(_OTHER_MODULE_SUFFIXES)
            ):
                return True
    return False


def _index(project: Project) -> dict[str, list[str]]:
    """The uploaded files and folders by the lower-cased part of their name before any dot."""

    def build() -> dict[str, list[str]]:
        from ...analysis.upload import upload_set

        uploaded = upload_set(project)
        index: dict[str, list[str]] = {}
        if uploaded is None:
            return index
        paths = [*uploaded.folders, *uploaded.files][:_MAX_INDEXED]
        for path in paths:
            stem = posixpath.basename(path).split(".", 1)[0].lower()
            index.setdefault(stem, []).append(path)
        return index

    return project.cached("local_imports:index", build)


def _evidence(project: Project, top: str) -> Optional[str]:
    """What in the project says `top` was meant to be a project module, or None."""
    roots = import_roots(project)
    beside: list[str] = []
    elsewhere: list[str] = []
    for path in sorted(_index(project).get(top.lower(), ())):
        folder, base = posixpath.dirname(path), posixpath.basename(path)
        is_folder = project.is_dir(path)
        if folder in roots:
            # `App.py`, `APP/` (imports are case-sensitive); `app.py.bak`, `app.py.txt`.
            case_variant = base.lower() == f"{top}.py".lower() or (
                is_folder and base.lower() == top.lower()
            )
            if case_variant or base.startswith(f"{top}.py"):
                beside.append(path)
        elif base == f"{top}.py" or (
            base == top and is_folder and project.is_file(f"{path}/__init__.py")
        ):
            elsewhere.append(path)
    if beside:
        return f"there is `{beside[0]}`, which Python does not import as `{top}`"
    if elsewhere:
        folder = posixpath.dirname(elsewhere[0])
        return f"there is `{elsewhere[0]}`, but `{folder}/` is not on the import path"
    return None


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _could_be_installed(project: Project, top: str) -> bool:
    """Whether a requirement could install a module named `top` (import names are not always
    distribution names, so a near match or a requirement without a name counts)."""
    from ...parsers.requirements_graph import requirements_set

    requirements = requirements_set(project)
    if requirements is None:
        return False
    wanted = _normalized(top)
    for requirement in requirements.requirements:
        if requirement.name is None:
            return True
        name = _normalized(requirement.name)
        if wanted in name or name in wanted:
            return True
    return False


# --- names ------------------------------------------------------------------------------------
def _lacking(
    project: Project, base: str, name: str, environments: frozenset[str]
) -> Optional[tuple[str, frozenset[str]]]:
    """The file `base` is and the environments in which it does not bind `name`; None when it
    does (or may) bind it."""
    path = find_module(project, base)
    if path is None:
        # A namespace package has no namespace of its own: only its submodules.
        return (f"{base.replace('.', '/')}/", environments)
    module = python_module(project, path)
    if module is None:
        return None
    run = module_run(project, module)
    if run.truncated or run.star_imports or _may_bind_dynamically(project, module, name):
        return None
    missing = frozenset(
        env
        for env in environments
        if (binding := run.binding(name, env)) is None or binding.deleted
    )
    return (path, missing) if missing else None


def _may_bind_dynamically(project: Project, module: PythonModule, name: str) -> bool:
    # Asked once per imported name: the answer's module-wide part is computed once per module,
    # or a module that thousands of modules import from would be rescanned by each of them.
    def build() -> Optional[frozenset[str]]:
        text = module.file.text
        if any(marker in text for marker in _DYNAMIC):
            return None  # any name may be bound
        return _declared_global(module.tree)

    declared = project.cached(f"local_imports:globals:{module.path}", build)
    return declared is None or name in declared


def _declared_global(tree: ast.Module) -> frozenset[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            names.update(node.names)
    return frozenset(names)


# --- guarded imports --------------------------------------------------------------------------
def _guarded(tree: ast.Module) -> frozenset[int]:
    """The ids of import statements whose failure the code expects and handles."""
    guarded: set[int] = set()
    for node in ast.walk(tree):
        body: list[ast.stmt] = []
        if isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            if any(_catches_import_error(h) for h in getattr(node, "handlers", [])):
                body = list(getattr(node, "body", []))
        elif (isinstance(node, ast.If) and _mentions_type_checking(node.test)) or (
            isinstance(node, (ast.With, ast.AsyncWith))
            and any(_is_suppress(item.context_expr) for item in node.items)
        ):
            body = list(node.body)
        for statement in body:
            for inner in ast.walk(statement):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    guarded.add(id(inner))
    return frozenset(guarded)


def _mentions_type_checking(test: ast.expr) -> bool:
    """`if TYPE_CHECKING:`, `if typing.TYPE_CHECKING:` and tests built from them. (Read off the
    names, not a dump of the tree: a dump prints constants, and printing a ten-thousand-digit
    literal raises.)"""
    for node in ast.walk(test):
        name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
        if isinstance(name, str) and "TYPE_CHECKING" in name:
            return True
    return False


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    kind = handler.type
    if kind is None:
        return True
    kinds = list(kind.elts) if isinstance(kind, ast.Tuple) else [kind]
    for item in kinds:
        if isinstance(item, ast.Name):
            if item.id in _IMPORT_ERRORS:
                return True
        elif isinstance(item, ast.Attribute):
            if item.attr in _IMPORT_ERRORS:
                return True
        else:
            return True  # an expression: cannot tell what it catches
    return False


def _is_suppress(expression: ast.expr) -> bool:
    if not isinstance(expression, ast.Call):
        return False
    function = expression.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    return name == "suppress"


# --- positions --------------------------------------------------------------------------------
def _from_span(module: PythonModule, statement: ast.ImportFrom) -> Span:
    """The span of the module part of `from .pkg.mod import …`."""
    whole = module.span(statement)
    start = module.file.offset(whole.start)
    end = module.file.offset(whole.end)
    text = module.file.text[start:end]
    dots = r"(?:\.\s*)*" if statement.level else ""
    name = ""
    if statement.module:
        name = r"\s*\.\s*".join(re.escape(part) for part in statement.module.split("."))
    found = re.match(rf"from\s+({dots}{name})", text)
    if found is None or found.start(1) == found.end(1):
        return whole
    return module.file.span(start + found.start(1), start + found.end(1))
