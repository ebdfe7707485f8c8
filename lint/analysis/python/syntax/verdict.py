"""What `judge` answers, and how its messages name the target Python.

`Invalid` is EL003: the target's `import` of the file raises SyntaxError. `Undecidable` is
EL008: the Python enginelint runs on cannot tell (too old for the file's syntax, or the file
depends on limits that only the target itself knows). `Python2Only` is a file that is not
Python 3 and may be valid Python 2, which enginelint cannot check. `OK` carries the tree the
host built, for the rules that read code.
"""

from __future__ import annotations

import ast
from typing import Optional, Union

from ....diagnostics import Span
from ....lazy_dataclass import dataclass, field
from .facts import FACTS, Fact, Version


@dataclass(frozen=True)
class Target:
    """The Python a verdict is for, and how the project chose it.

    `assumed` is True when the project has no `.python-version`: the line is the platform's
    default for new apps, and Python 2 is also possible for old app groups.
    """

    version: Version
    origin: str = ".python-version"
    assumed: bool = False

    @property
    def name(self) -> str:
        return f"{self.version[0]}.{self.version[1]}"

    @property
    def is_python2(self) -> bool:
        return self.version[0] == 2

    def runs(self) -> str:
        """The clause that ends a message: which Python the project runs, and why."""
        if self.assumed:
            return (
                f"without `.python-version` the platform runs Python {self.name}, its default "
                "for new apps"
            )
        return f"this project runs Python {self.name} ({self.origin})"


@dataclass(frozen=True)
class OK:
    """The target imports the file; `tree` is the host's tree, for the rules that read code."""

    tree: ast.Module
    kind: str = field(default="ok", init=False)


@dataclass(frozen=True)
class Invalid:
    """The target's import raises SyntaxError (EL003): why, and where."""

    message: str
    span: Span
    kind: str = field(default="invalid", init=False)


@dataclass(frozen=True)
class Undecidable:
    """The host cannot decide (EL008): what would, and why."""

    needed: str
    reason: str
    span: Optional[Span] = None
    kind: str = field(default="undecidable", init=False)


@dataclass(frozen=True)
class Python2Only:
    """Not Python 3; possibly valid Python 2, which enginelint cannot check."""

    reason: str
    span: Optional[Span] = None
    kind: str = field(default="python2", init=False)


Verdict = Union[OK, Invalid, Undecidable, Python2Only]


def version_name(version: Version) -> str:
    return f"{version[0]}.{version[1]}"


def gate_message(key: str, target: Target) -> str:
    """ "<construct> needs Python X.Y; this project runs ..." for a fact the target lacks."""
    fact = FACTS[key]
    return f"{_why(fact, target.version)}; {target.runs()}"


def _why(fact: Fact, version: Version) -> str:
    construct = _capital(fact.construct)
    if fact.introduced is not None and version < fact.introduced:
        return f"{construct} needs Python {version_name(fact.introduced)}"
    if fact.removed is not None and fact.removed <= version:
        if fact.restored is not None:
            again = f" (valid again from Python {version_name(fact.restored)})"
            return f"{construct} is invalid in Python {version_name(version)}{again}"
        if fact.removed == (3, 0):
            return f"{construct} is Python 2 syntax"
        return f"{construct} is invalid since Python {version_name(fact.removed)}"
    return f"{construct} is not valid in Python {version_name(version)}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].isalpha() else text


@dataclass(frozen=True)
class Problem:
    """One reason the target rejects a file: a fact it lacks (`key`) or an error every
    version makes (`what`), and where."""

    span: Span
    key: Optional[str] = None
    what: str = ""

    def message(self, target: Target) -> str:
        if self.key is not None:
            return gate_message(self.key, target)
        return _capital(self.what)

    def sort_key(self) -> tuple[int, int]:
        return (self.span.start.line, self.span.start.column)
