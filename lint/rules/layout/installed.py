"""What the build installs: the top-level import names the requirements provide, when knowable.

EL105 asks this about a top-level import that is neither a project module nor the standard
library. The answer is data, not a guess from names: `distributions.json` beside this module
lists, for the commonly used distributions and everything they depend on, the import names each
installs and the distributions it pulls in. `tools/build_distribution_table.py` builds it from
the packages' own wheels on PyPI (its docstring says how markers and versions are treated); the
file carries its as-of date. It is read only when EL105 runs, once per process.

The answer is "cannot know" (None), and EL105 quiet for names outside the project, when:
- `.python-version` names Python 2: the table describes Python 3 (without the file, an old
  app group runs 2.7, so Python 2's renamed standard-library modules count as present);
- requirements.txt is missing or unreadable, an include cannot be followed or read (a URL, a
  `${VAR}`, a missing file…), or a line is one pip rejects;
- a requirement is not a plain name from the index (a URL, a VCS or local path, `-e .`), or it
  or a distribution it pulls in is not in the table, or is marked opaque (a `.pth` file makes
  more importable than its files show), or it is pinned below the oldest release the table read;
- leanengine.yaml installs on its own terms: an `install` or `build` step that is a command, or
  `install: []`; `systemDependencies` naming a Python package (`python-talib`); a `run:` (or
  legacy `cmd:`) that calls a package manager; or the file cannot be parsed.

Always present, whatever the requirements: pip (it runs the install) and setuptools with
`pkg_resources` and `_distutils_hack`. CPython's `ensurepip` bundles setuptools up to 3.11 (and
so do the Python images and the virtual environments built from it); from 3.12 on it is there
only when something pulls it in (gevent does, through zope.interface). The platform's build
image is not documented, so enginelint counts setuptools as present rather than guess. No other
preinstalled package is known.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from ...lazy_dataclass import dataclass
from ...platform import ENGINE_CONFIG_FILE

if TYPE_CHECKING:
    from ...parsers.requirements import Requirement
    from ...parsers.requirements_graph import RequirementsSet
    from ...project import Project

TABLE_FILE = Path(__file__).with_name("distributions.json")
ALWAYS_PRESENT = frozenset({"pip", "setuptools", "pkg_resources", "_distutils_hack"})

# Python 2's standard-library modules that Python 3 renamed or removed (the common ones).
PYTHON2_STDLIB = frozenset(
    {
        "BaseHTTPServer", "CGIHTTPServer", "ConfigParser", "Cookie", "DocXMLRPCServer",
        "HTMLParser", "Queue", "SimpleHTTPServer", "SimpleXMLRPCServer", "SocketServer",
        "StringIO", "Tkinter", "UserDict", "UserList", "UserString", "__builtin__", "anydbm",
        "commands", "compiler", "cPickle", "cStringIO", "cookielib", "copy_reg", "dbhash",
        "dircache", "dummy_thread", "exceptions", "future_builtins", "htmlentitydefs",
        "htmllib", "httplib", "imputil", "md5", "mimetools", "new", "popen2", "repr",
        "rfc822", "robotparser", "sets", "sgmllib", "sha", "thread", "tkMessageBox",
        "urllib2", "urlparse", "whichdb", "xmlrpclib",
    }
)
# A command in `run:` that may install packages when the app starts.
_PACKAGE_MANAGER = re.compile(
    r"(?:^|[\s;&|(/])(?:pip[0-9.]*|uv|poetry|pipenv|pdm|conda|mamba|easy_install)(?=$|[\s;&|)])"
)
# Where the extras of a dependency written `name[extra,…]` start.
_EXTRAS = re.compile(r"^([^\[]+)(?:\[([^\]]*)\])?$")


@dataclass(frozen=True)
class Distribution:
    """One row of the table: `name` as the project spells it, the newest release read and the
    oldest (`since`), the import names it installs, what it requires (`requires`) and what each
    extra adds (`extras`), and whether a `.pth` file makes more importable (`opaque`)."""

    name: str
    latest: str
    since: str
    imports: tuple[str, ...]
    requires: tuple[str, ...]
    extras: dict[str, tuple[str, ...]]
    opaque: bool


class Table:
    """The table's date and its rows, each turned into a `Distribution` when first asked for."""

    def __init__(self, as_of: str, rows: dict[str, dict[str, Any]]) -> None:
        self.as_of = as_of
        self.rows = rows
        self._built: dict[str, Distribution] = {}

    def get(self, key: str) -> Optional[Distribution]:
        """The row of the distribution named `key` (PEP 503 normalised), if the table has it."""
        found = self._built.get(key)
        if found is None and key in self.rows:
            row = self.rows[key]
            found = Distribution(
                name=row["name"],
                latest=row["latest"],
                since=row["since"],
                imports=tuple(row["imports"]),
                requires=tuple(row["requires"]),
                extras={extra: tuple(names) for extra, names in row.get("extras", {}).items()},
                opaque=bool(row.get("opaque", False)),
            )
            self._built[key] = found
        return found

    def installing(self, name: str) -> list[str]:
        """The distributions (as spelled on PyPI) that install the import name `name`."""
        return sorted(row["name"] for row in self.rows.values() if name in row["imports"])


@lru_cache(maxsize=1)
def table() -> Table:
    """The bundled table, read once."""
    data: dict[str, Any] = json.loads(TABLE_FILE.read_text(encoding="utf-8"))
    return Table(str(data["as_of"]), data["distributions"])


def installed_imports(project: Project) -> Optional[frozenset[str]]:
    """The top-level import names the build installs; None when that cannot be known."""
    return project.cached("installed:imports", lambda: _installed(project))


def _installed(project: Project) -> Optional[frozenset[str]]:
    from ...parsers.requirements_graph import requirements_set

    python = _python_major(project)
    if python == 2 or _installs_on_its_own(project):
        return None
    requirements = requirements_set(project)
    if requirements is None or not _complete(requirements):
        return None
    known = table()
    names = set(ALWAYS_PRESENT)
    if python is None:
        # No `.python-version`: an app group created before 2021-09 runs Python 2.7.
        names.update(PYTHON2_STDLIB)
    seen: set[tuple[str, str]] = set()
    pending: list[tuple[str, str]] = []
    for requirement in requirements.requirements:
        if not requirement.is_named or requirement.normalized_name is None:
            return None
        distribution = known.get(requirement.normalized_name)
        if distribution is None or _below_table(requirement, distribution):
            return None
        pending.append((requirement.normalized_name, ""))
        pending.extend((requirement.normalized_name, _normal(e)) for e in requirement.extras)
    while pending:
        key, extra = pending.pop()
        if (key, extra) in seen:
            continue
        seen.add((key, extra))
        distribution = known.get(key)
        if distribution is None or distribution.opaque:
            return None
        names.update(distribution.imports)
        # A distribution's own name, as an import name, is what it installs in nearly every
        # case the table might have missed (a name only older releases installed).
        names.add(key.replace("-", "_"))
        for dependency in distribution.extras.get(extra, ()) if extra else distribution.requires:
            found = _EXTRAS.match(dependency)
            if found is None:
                return None
            base = found.group(1)
            pending.append((base, ""))
            for inner in (found.group(2) or "").split(","):
                if inner:
                    pending.append((base, _normal(inner)))
    return frozenset(names)


def _python_major(project: Project) -> Optional[int]:
    """The major version `.python-version` names; None without a file that names CPython."""
    from ...parsers.python_version import python_version_file

    view = python_version_file(project)
    entry = view.first if view is not None else None
    if entry is None or entry.version is None:
        return None if view is None else 3
    return entry.version.major


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _complete(requirements: RequirementsSet) -> bool:
    """Whether every line and every include of the requirements was read."""
    from ...parsers.requirements import InvalidLine
    from ...parsers.requirements_graph import is_followable, resolve_include

    if requirements.problems:
        return False
    read = {file.path for file in requirements.files}
    for file in requirements.files:
        for entry in file.entries:
            if isinstance(entry, InvalidLine):
                return False
        for include in file.includes:
            if not is_followable(include.target):
                return False
            resolved, problem = resolve_include(file.path, include.target)
            if problem is not None or resolved not in read:
                return False
    return True


def _below_table(requirement: Requirement, distribution: Distribution) -> bool:
    """Whether the requirement allows only releases older than the oldest the table read."""
    from packaging.version import InvalidVersion, Version

    try:
        since = Version(distribution.since)
    except InvalidVersion:
        return True
    for spec in requirement.specifier:
        wildcard = spec.version.endswith(".*")
        try:
            version = Version(spec.version[:-2] if wildcard else spec.version)
        except InvalidVersion:
            return True  # `===anything`: cannot compare
        if spec.operator == "===" or (spec.operator in ("==", "<=") and not wildcard):
            ceiling_reached = version < since
        elif spec.operator == "==":  # `==1.1.*`: every release starting 1.1
            ceiling_reached = since.release[: len(version.release)] > version.release
        elif spec.operator == "<":
            ceiling_reached = version <= since
        elif spec.operator == "~=":  # `~=1.4.2` means `>=1.4.2, ==1.4.*`
            prefix = version.release[:-1]
            ceiling_reached = since.release[: len(prefix)] > prefix
        else:
            ceiling_reached = False
        if ceiling_reached:
            return True
    return False


def _installs_on_its_own(project: Project) -> bool:
    """Whether leanengine.yaml installs packages the requirements do not name (or cannot be
    read to tell)."""
    from ...parsers.engine_yaml import engine_config

    config = engine_config(project)
    if config is None:
        return project.exists(ENGINE_CONFIG_FILE)
    for step in ("install", "build"):
        value = config.get(step)
        if value is None:
            continue
        if not isinstance(value, list) or (step == "install" and not value):
            return True
        for item in value:
            if not (isinstance(item, dict) and set(item) <= {"use", "require"}):
                return True
    system = config.get("systemDependencies")
    if isinstance(system, list) and any("python" in str(item).lower() for item in system):
        return True
    for key in ("run", "cmd"):
        command = config.get(key)
        if isinstance(command, str) and _PACKAGE_MANAGER.search(command):
            return True
    return False
