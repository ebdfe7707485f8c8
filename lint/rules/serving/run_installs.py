"""EL507: package installs in the `run:` command, which runs on every start of every instance.

The platform installs requirements.txt at build time; an install in `run:` repeats it on every
start and eats into the startup timeout. Recognised: the Python package managers' install
subcommands (also as `python -m pip`, behind `sudo`) and the system package managers'.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Optional

from ... import platform
from ...diagnostics import WARNING, Finding
from ...lazy_dataclass import dataclass
from ...lazy_re import lazy_pattern
from ...rulespec import rule
from .run_command import finding_in_run, valid_run_command

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ...parsers.run_command import Word
    from ...project import Project


@dataclass(frozen=True)
class Install:
    """A command in `run:` that installs packages; `label` is how it is written (`pip install`),
    `system` says it installs system packages, `offsets` is its first word."""

    label: str
    offsets: tuple[int, int]
    system: bool = False


@rule("EL507", "run-installs-dependencies", WARNING)
def run_installs_dependencies(project: Project) -> Iterator[Finding]:
    """The `run:` command installs packages (`pip install`, `poetry install`, `apt-get install`…).

    Why: `run:` runs on every start of every instance, and the install eats into the startup
    timeout (30 seconds unless `startupTimeout` says otherwise): a slow index or a big package
    makes the deploy fail its startup check, and every restart downloads it all again. The
    platform installs requirements.txt at build time; other steps belong in `install:`, system
    packages in `systemDependencies`. Recognised: `pip`/`pip3 install`, `python -m pip install`,
    `uv pip install`, `uv sync`, `poetry install`, `pipenv install`, `pdm install`, `conda
    install`, and `apt-get`/`apt`/`apk`/`yum`/`dnf` installs.

    Example: `run: pip install -r requirements.txt && gunicorn wsgi:app` →
    `run: gunicorn wsgi:app` (requirements.txt is installed during the build).
    """
    found = installs(project)
    if not found:
        return
    from ...parsers.engine_yaml import engine_config

    config = engine_config(project)
    timeout = config.get("startupTimeout") if config is not None else None
    if not isinstance(timeout, int) or isinstance(timeout, bool):
        timeout = platform.STARTUP_TIMEOUT_DEFAULT
    for install in found:
        move = (
            "`systemDependencies` or the `install:` step"
            if install.system
            else "requirements.txt or the `install:` step"
        )
        message = (
            f"`{install.label}` in `run:` runs on every start and eats into the {timeout}-second "
            f"startup timeout — move it to {move}"
        )
        yield from finding_in_run(project, install.offsets, message)


# Program → the subcommand words that make it install something.
_INSTALLERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "pip": (("install",),),
    "uv": (("pip", "install"), ("sync",), ("add",)),
    "poetry": (("install",), ("add",)),
    "pipenv": (("install",), ("sync",)),
    "pdm": (("install",), ("sync",)),
    "conda": (("install",),),
    "easy_install": ((),),
}
_SYSTEM_INSTALLERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "apt-get": (("install",),),
    "apt": (("install",),),
    "apk": (("add",),),
    "yum": (("install",),),
    "dnf": (("install",),),
}
_PIP = lazy_pattern(r"pip(?:[23](?:\.\d+)*)?\Z")
_PYTHON = re.compile(r"python(?:[23](?:\.\d+)*)?\Z")
_PRIVILEGE = frozenset({"sudo", "doas"})


def installs(project: Project) -> list[Install]:
    """Commands of `run:` that install packages on every start."""
    return project.cached("run_installs:installs", lambda: _installs(project))


def _installs(project: Project) -> list[Install]:
    parsed = valid_run_command(project)
    if parsed is None:
        return []
    found: list[Install] = []
    for command in parsed.commands:
        install = _install(command.argv)
        if install is not None:
            found.append(install)
    return found


def _install(argv: Sequence[Word]) -> Optional[Install]:
    words = list(argv)
    while words and words[0].text in _PRIVILEGE:
        words = words[1:]
    if not words or not words[0].known:
        return None
    first = words[0]
    name = first.text.rstrip("/").rsplit("/", 1)[-1]
    rest = [w.text for w in words[1:] if not w.text.startswith("-")]
    if _PYTHON.match(name):
        module = _python_module_argument([w.text for w in words[1:]])
        if module is None or not _PIP.match(module):
            return None
        name, rest = "pip", rest[1:] if rest[:1] == [module] else rest
        label_start = f"{first.text} -m {module}"
    else:
        label_start = name
    system = name in _SYSTEM_INSTALLERS
    key = "pip" if _PIP.match(name) else name
    table = _SYSTEM_INSTALLERS if system else _INSTALLERS
    for subcommand in table.get(key, ()):
        if tuple(rest[: len(subcommand)]) == subcommand:
            label = " ".join((label_start, *subcommand))
            return Install(label, (first.start, first.end), system)
    return None


def _python_module_argument(args: list[str]) -> Optional[str]:
    """X in `python [options] -m X …` (also `-mX`)."""
    for index, text in enumerate(args):
        if text == "-m":
            return args[index + 1] if index + 1 < len(args) else None
        if text.startswith("-m"):
            return text[2:]
        if not text.startswith("-"):
            return None
    return None
