"""EL105: imports that fail when the app starts: missing project modules, names, or packages.

A `ModuleNotFoundError` or `ImportError` at start-up is a failed deploy. This module reports
one only where the project's files, or data about what its requirements install, settle it:

- a relative import, or a dotted import under a project module (`from app.views import x` with
  `app/` but no `app/views.py`), is a project module, and its absence is certain;
- a top-level name that is neither in the project nor in the standard library is missing when
  no requirement installs it, directly or through its dependencies. What a requirement installs
  comes from the bundled table of distributions (`installed.py`), which knows the common ones;
  when it cannot know (a requirement it does not list, a URL or local path, an include it
  cannot read, a leanengine.yaml that installs on its own) the name is reported only with
  evidence that it was meant to be a project module (`App.py` or `app.py.bak` beside the
  entry, or `src/app.py` off the import path) and no requirement's name resembles it;
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
from typing import TYPE_CHECKING, Optional, Union

from ...analysis.python.imports import absolute_base
from ...analysis.python.modules import ALWAYS_PRELOADED, find_module, import_roots, is_module
from ...analysis.python.parse import PythonModule, python_module, walk_statements
from ...analysis.python.reach import environments_note, module_run
from ...analysis.python.records import ModuleRun
from ...analysis.python.running import running_code
from ...analysis.python.stdlib import STDLIB_MODULES
from ...diagnostics import ERROR, Finding, Span
from ...lazy_dataclass import dataclass
from ...process import few_collections
from ...rulespec import rule

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ...project import Project

MODULE = "module"  # the module (or package) itself is missing
NAME = "name"  # the module is there but does not bind the imported name
UNINSTALLED = "uninstalled"  # a top-level module neither the project nor a requirement provides

# Handlers that catch a failed import.
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
# Text that means a module may bind names the walk cannot see.
_DYNAMIC = ("__getattr__", "globals()", "setattr(", "sys.modules", "exec(", "vars(", "__dict__")
# Files Python imports besides `.py` sources: extension modules and sourceless bytecode.
_OTHER_MODULE_SUFFIXES = (".so", ".pyd", ".pyc")
_MAX_INDEXED = 100_000
# Folder names that wheels install at the top level by mistake.
_STRAY_FOLDERS = frozenset(
    {"doc", "docs", "example", "examples", "scripts", "src", "test", "tests"}
)


@dataclass(frozen=True)
class MissingImport:
    """An import that fails on the platform.

    `kind` is MODULE (`imported` is the dotted module that is not there), UNINSTALLED (the
    top-level module `imported` is neither in the project nor installed by a requirement) or
    NAME (`imported` is the name `origin`, a project file, does not bind). `statement_text` is
    `from m import n` / `import m` as written (one line); `detail` adds what was found instead
    or how to provide it, possibly empty; `environments` the cloud environments in which the
    import runs and fails.
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
    """Code that runs on the platform imports a missing module or name, or a package not installed.

    Why: the import raises `ModuleNotFoundError` or `ImportError` as the platform starts the
    app, and the deploy fails its startup check. Reported when the project's files decide it:
    a relative import or a submodule of a project package that has no file; `from module import
    name` where the project file binds no `name` (assignment, `def`, `class`, import,
    resolvable star import) in a cloud environment in which the import runs. And for a
    top-level name that is neither in the project nor in the standard library nor installed by
    a requirement or by what a requirement depends on: `from app import app` after `app.py` was
    renamed, `import requests` with only `Flask` in requirements.txt (Flask brings Werkzeug,
    Jinja2 and click, not requests). What a requirement installs comes from a table bundled
    with enginelint: the commonly used distributions and their dependencies, read from their
    wheels on PyPI, with the date they were read. pip and setuptools (`pkg_resources`) count as
    always there. Where enginelint cannot know what the requirements install — an app on
    Python 2, a requirement the table does not list or pinned below the releases it read (or
    that pulls in one the table does not list), a URL, VCS or local-path
    requirement (`-e .`), a requirements file or include it cannot read, a `leanengine.yaml`
    whose `install`/`build` steps are commands or whose `run:` calls pip — a top-level name
    is reported only when the project shows it was meant to be local (`App.py` beside the
    entry — imports are case-sensitive — or `src/app.py` off the import path). Quiet where a
    name may be bound out of sight (`__getattr__`, `globals()`, `sys.modules`, an unresolvable
    star import) and for imports guarded by `except ImportError`, `contextlib.suppress` or
    `if TYPE_CHECKING:`.

    Example: `from main import main` where `main.py` defines only `app` →
    `from main import app`, or define `main` in `main.py`; `import yaml` with no requirement
    that installs it → add `PyYAML` to requirements.txt.
    """
    for missing in missing_imports(project):
        when = environments_note(missing.environments)
        if missing.kind == UNINSTALLED:
            detail = f" ({missing.detail})" if missing.detail else ""
            message = (
                f"`{missing.statement_text}` needs module `{missing.imported}`, which neither "
                f"the project nor its requirements provide{detail}, so the app fails with "
                "ModuleNotFoundError when the platform starts it"
            )
        elif missing.kind == MODULE:
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
    with few_collections():
        return _collect_all(project)


def _collect_all(project: Project) -> list[MissingImport]:
    found: list[MissingImport] = []
    for run in running_code(project):
        # An import of the module's own top level is inside no `try`, `if` or `with`.
        top = set(run.module.tree.body)
        nested = any(statement not in top for statement in run.imports)
        guarded = _guarded(run.module) if nested else frozenset()
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
    if isinstance(statement, ast.Import):
        result = []
        for alias in statement.names:
            missing = _missing_module(project, alias.name, relative=False)
            if missing is not None:
                kind, dotted, detail = missing
                span = module.alias_span(alias, statement)
                text = _statement_text(module, statement)
                result.append(
                    MissingImport(module, span, kind, dotted, "", text, detail, environments)
                )
        return result
    base = absolute_base(module, statement)
    if base is None:
        return []
    missing = _missing_module(project, base, relative=statement.level > 0)
    if missing is not None:
        kind, dotted, detail = missing
        span = _from_span(module, statement)
        text = _statement_text(module, statement)
        return [MissingImport(module, span, kind, dotted, "", text, detail, environments)]
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
            text = _statement_text(module, statement)
            result.append(
                MissingImport(module, span, NAME, alias.name, origin, text, "", missing_in)
            )
    return result


def _statement_text(module: PythonModule, statement: ast.stmt) -> str:
    """The import as written, on one line and cut to 60 characters, for the message (built
    only for an import that fails: most never do)."""
    text = " ".join(module.segment(statement).split())
    return text if len(text) <= 60 else text[:59] + "…"


# --- modules ----------------------------------------------------------------------------------
def _missing_module(
    project: Project, dotted: str, relative: bool
) -> Optional[tuple[str, str, str]]:
    """The kind (MODULE or UNINSTALLED) and name of the first part of `dotted` that is missing,
    with what was found instead; None when every part is there or cannot be known missing."""
    parts = dotted.split(".")
    if not all(part.isidentifier() for part in parts):
        return None
    top = parts[0]
    if not relative:
        if top.startswith("_") or top in ALWAYS_PRELOADED or top in STDLIB_MODULES:
            return None
        if not is_module(project, top):
            return _missing_top_level(project, top)
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
                return MODULE, prefix, f"`{parent_file}` is a module, not a package"
            source = python_module(project, parent_file)
            if source is None or any(m in source.file.text for m in ("__path__", "sys.modules")):
                return None
        folders = _package_folders(project, parent)
        if _other_module_file(project, folders, parts[end - 1]):
            return None
        if not folders:
            return MODULE, prefix, ""
        where = f"{folders[0]}/{parts[end - 1]}"
        return MODULE, prefix, f"no `{where}.py` or `{where}/`"
    return None


def _missing_top_level(project: Project, top: str) -> Optional[tuple[str, str, str]]:
    """`top` is not a project module: missing when nothing installs it, or when the requirements
    are unknowable but the project shows it was meant to be one of its own."""
    from .installed import installed_imports

    if _other_module_file(project, import_roots(project), top):
        return None
    installed = installed_imports(project)
    if installed is not None and top in installed:
        return None
    evidence = _evidence(project, top)
    # Without data on what is installed, a requirement whose name resembles `top` might be it.
    if evidence is not None and (installed is not None or not _could_be_installed(project, top)):
        return MODULE, top, evidence
    if installed is None:
        return None
    return UNINSTALLED, top, _remedy(top, installed)


def _remedy(top: str, installed: frozenset[str]) -> str:
    """How to provide `top`: a case-variant it was meant to be, or the distribution to add."""
    from .installed import table

    lowered = top.lower()
    variants = sorted(n for n in (*STDLIB_MODULES, *installed) if n.lower() == lowered)
    if variants:
        return f"imports are case-sensitive: did you mean `{variants[0]}`?"
    # Some wheels ship their `tests/` or `docs/` by mistake: no advice to install one for those.
    providers = [] if top in _STRAY_FOLDERS else table().installing(top)
    if len(providers) == 1:
        return f"add `{providers[0]}` to requirements.txt"
    if providers:
        shown = ", ".join(f"`{p}`" for p in providers[:3])
        return f"{shown} install it: add one to requirements.txt"
    return ""


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
        return module.declared_globals()

    declared = project.cached(f"local_imports:globals:{module.path}", build)
    return declared is None or name in declared


# --- guarded imports --------------------------------------------------------------------------
# `try` statements, whose handlers may catch ImportError (`TryStar` from Python 3.11).
_TRIES: tuple[type[ast.stmt], ...] = tuple(
    kind for kind in (ast.Try, getattr(ast, "TryStar", None)) if kind is not None
)


def _guarded(module: PythonModule) -> frozenset[int]:
    """The ids of import statements whose failure the code expects and handles."""
    if not module.statements(ast.Import, ast.ImportFrom):
        return frozenset()
    # Identifiers are NFKC-normalised in the tree, so only an ASCII text is sure to spell a
    # name it holds: then a guard the text never names is not looked for.
    text = module.file.text
    kinds: list[type[ast.stmt]] = [*_TRIES]
    if not text.isascii() or "TYPE_CHECKING" in text:
        kinds.append(ast.If)
    if not text.isascii() or "suppress" in text:
        kinds.extend((ast.With, ast.AsyncWith))
    guarded: set[int] = set()
    for node in module.statements(*kinds):
        body: list[ast.stmt] = []
        if isinstance(node, _TRIES):
            if any(_catches_import_error(h) for h in getattr(node, "handlers", [])):
                body = list(getattr(node, "body", []))
        elif (isinstance(node, ast.If) and _mentions_type_checking(node.test)) or (
            isinstance(node, (ast.With, ast.AsyncWith))
            and any(_is_suppress(item.context_expr) for item in node.items)
        ):
            body = list(node.body)
        for inner in walk_statements(body):
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
