"""The project's own files, found by walking the whole tree once, for the rules that scan it all.

Most Python rules look only at code that runs on the platform (`reach`). A few look at every
file a developer committed, because the problem is in the repository whatever runs: a Master Key
written into a test script leaks as surely as one in `wsgi.py` (EL602), and a hard-coded API host
(EL603) is wrong wherever it is. This module visits the Project's one walk of the tree
(`walk.py`, shared with the upload view) and remembers, per file, which of those rules' keywords
its text contains; a rule then gets parsed modules only for the
files that mention its keywords, so a tree of thousands of ordinary modules is read once and
parsed almost not at all.

The visit starts at the project root, not at `buildRoot`: a key committed beside the built
folder leaks all the same.

What the visit skips, and why:
- symlinks (files and folders): never followed, so the walk cannot leave the root or loop, and a
  file is never seen twice under two names;
- virtualenvs (any folder holding `pyvenv.cfg`, whatever its name) and conda environments
  (`conda-meta/`): installed third-party code, not the project's;
- `node_modules`, `site-packages`, `__pycache__`, `.git` and the other VCS folders, `.tox`,
  `.nox`, tool caches and `*.egg-info`;
- `build` and `dist` folders that are not Python packages (no `__init__.py`): packaging output,
  copies of the project's own modules that would report every finding twice.
It is bounded: the walk's budget of entries (`walk.MAX_ENTRIES`), and at most `MAX_FILES` files
are read; past either the visit stops and says so (`truncated`). Python files over the project's
size cap and configuration files over `MAX_CONFIG_SIZE` are not read. Files are read through the
Project's guarded reader, quietly (`Project.read_quietly`): a file that cannot be read or decoded
is skipped without EL001/EL002, which are about files the platform needs, not about whatever
else was committed.

Python files are parsed through `python.python_module(..., report=False, whole=True)` (cached
there, so a module that also runs is parsed once unless the analysis trimmed its unentered
bodies, and a file that does not parse is no EL003 here).
Configuration files (`*.json`, `*.yaml`/`*.yml`, `*.ini`, `*.cfg`, `*.toml`, `.env`-like files)
are kept as decoded `TextFile`s when they mention a keyword.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import files, platform, walk
from ..files import TextFile
from ..lazy_dataclass import dataclass, field
from ..lazy_re import lazy_pattern
from .python.parse import PythonModule, python_module

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..project import Project

# Reading, not walking, is what costs: a tree of many Python files is read this far at most.
MAX_FILES = 50_000
MAX_CONFIG_SIZE = 256 * 1024

SKIPPED_FOLDERS = frozenset(
    {
        "node_modules",
        "site-packages",
        "dist-packages",
        "__pycache__",
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
        ".idea",
        ".vscode",
    }
)
PACKAGING_OUTPUT = frozenset({"build", "dist"})
VIRTUALENV_MARKERS = ("pyvenv.cfg", "conda-meta")
CONFIG_SUFFIXES = (".json", ".yaml", ".yml", ".ini", ".cfg", ".toml", ".env")

# Topics: what a rule looks for, as a cheap regular expression over a file's text. A file whose
# text does not match a topic is never parsed for it.
CREDENTIALS = "credentials"
API_HOSTS = "api-hosts"
CREDENTIAL_NAME = r"(?:master|app|hook)[_-]?(?:key|id)"
_TOPICS: dict[str, re.Pattern[str]] = {
    CREDENTIALS: re.compile(rf"(?i){CREDENTIAL_NAME}|\binit\s*\("),
    API_HOSTS: re.compile(r"(?i)lncld|leancloud\.cn"),
}
# Configuration files are only scanned for credentials.
_CONFIG_TOPICS = (CREDENTIALS,)


@dataclass
class Tree:
    """What the walk found.

    `python` maps each Python file (project-relative, `/` separators) to the topics its text
    mentions; `config` maps each configuration file that mentions a topic to its text and
    topics. `python_count`/`config_count` count every file seen, mentioning or not.
    """

    python: dict[str, frozenset[str]] = field(default_factory=dict)
    config: dict[str, tuple[TextFile, frozenset[str]]] = field(default_factory=dict)
    python_count: int = 0
    config_count: int = 0
    skipped_folders: list[str] = field(default_factory=list)
    truncated: bool = False


def project_tree(project: Project) -> Tree:
    """The scan of the whole project, done once per project."""
    return project.cached("tree_scan:tree", lambda: _walk(project))


def python_modules(project: Project, topic: str) -> list[PythonModule]:
    """The parsed Python files of the whole tree whose text mentions `topic`, in path order.

    Files that do not parse are left out (without EL003: they may never run).
    """

    def build() -> list[PythonModule]:
        tree = project_tree(project)
        found: list[PythonModule] = []
        for path in sorted(p for p, topics in tree.python.items() if topic in topics):
            module = python_module(project, path, report=False, whole=True)
            if module is not None:
                found.append(module)
        return found

    return project.cached(f"tree_scan:python:{topic}", build)


def config_files(project: Project, topic: str) -> list[TextFile]:
    """The configuration files of the whole tree whose text mentions `topic`, in path order."""
    tree = project_tree(project)
    return [text for path, (text, topics) in sorted(tree.config.items()) if topic in topics]


def is_config_file(name: str) -> bool:
    """Whether a file name is one of the committed configuration formats EL602 reads."""
    lowered = name.lower()
    return lowered.endswith(CONFIG_SUFFIXES) or lowered == ".env" or lowered.startswith(".env.")


def _skip_folder(project: Project, folder: walk.Entry) -> bool:
    """Whether the scan stays out of `folder`. Its listing is read only when neither its name
    nor `exclude` decides (and is then reused if the scan enters)."""
    name = folder.name
    if name in SKIPPED_FOLDERS or name.endswith(".egg-info"):
        return True
    if _excluded(project, folder.path + "/"):
        return True
    inside = {entry.name for entry in project.walk().listing(folder.path)}
    if any(marker in inside for marker in VIRTUALENV_MARKERS):
        return True
    return name in PACKAGING_OUTPUT and "__init__.py" not in inside


def _topics(text: str, topics: tuple[str, ...]) -> frozenset[str]:
    if text.isascii():
        # The same answers as `_TOPICS` (a property test holds them equal), a tenth of the cost
        # on ordinary modules: on ASCII text, ignoring case is searching the lowered text, and
        # `\binit\s*\(` is found from `init` rather than tried at every position.
        lowered = text.lower()
        return frozenset(t for t in topics if _ASCII_TOPICS[t](lowered))
    return frozenset(t for t in topics if _TOPICS[t].search(text))


def _credentials_in_lowered(text: str) -> bool:
    if _CREDENTIAL_NAME_LOWERED.search(text):
        return True
    start = text.find("init")
    while start >= 0:
        if (start == 0 or not _WORD_CHARACTER.match(text, start - 1)) and _CALL_AFTER.match(
            text, start + 4
        ):
            return True
        start = text.find("init", start + 1)
    return False


def _api_hosts_in_lowered(text: str) -> bool:
    return "lncld" in text or "leancloud.cn" in text


_ASCII_TOPICS: dict[str, Callable[[str], bool]] = {
    CREDENTIALS: _credentials_in_lowered,
    API_HOSTS: _api_hosts_in_lowered,
}
_CREDENTIAL_NAME_LOWERED = lazy_pattern(CREDENTIAL_NAME)
_WORD_CHARACTER = lazy_pattern(r"\w")
_CALL_AFTER = lazy_pattern(r"\s*\(")


def _excluded(project: Project, path: str) -> bool:
    """Whether the configuration's `exclude` globs name this path (a folder ends with `/`)."""
    if not project.settings.exclude:
        return False
    from ..globs import matches

    return any(matches(path, pattern) or matches(path.rstrip("/"), pattern)
               for pattern in project.settings.exclude)


def _walk(project: Project) -> Tree:
    tree = Tree()
    seen_files = 0
    python_topics = tuple(_TOPICS)
    visit = project.walk().visit()
    for entry in visit:
        if seen_files >= MAX_FILES:
            tree.truncated = True
            _report_truncated(project, f"{MAX_FILES:,} files")
            return tree
        path = entry.path
        if entry.kind == walk.FOLDER:
            if _skip_folder(project, entry):
                tree.skipped_folders.append(path)
            else:
                visit.enter(entry)
            continue
        if entry.kind != walk.FILE or _excluded(project, path):
            continue
        if entry.name.endswith(".py"):
            seen_files += 1
            tree.python_count += 1
            decoded = project.read_quietly(path, files.PYTHON)
            if decoded is not None:
                topics = _topics(decoded.text, python_topics)
                if topics:
                    tree.python[path] = topics
        elif is_config_file(entry.name) and entry.name != platform.ENGINE_CONFIG_FILE:
            seen_files += 1
            tree.config_count += 1
            decoded = project.read_quietly(path, files.TEXT, MAX_CONFIG_SIZE)
            if decoded is not None:
                topics = _topics(decoded.text, _CONFIG_TOPICS)
                if topics:
                    tree.config[path] = (decoded, topics)
    tree.truncated = visit.truncated
    if visit.truncated:
        _report_truncated(project, f"{walk.MAX_ENTRIES:,} entries")
    return tree


def _report_truncated(project: Project, bound: str) -> None:
    project.problem(
        "EL005", "",
        f"the whole-tree scan for credentials, API hosts and local storage (EL602, EL603, "
        f"EL605) stopped after {bound}: the files past them were not checked",
    )
