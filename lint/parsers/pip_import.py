"""pip-requirements-parser, imported without paying for the modules it never uses here.

Why this module exists: `pip_requirements_parser` runs `import urllib.request` at import time,
and `urllib.request` pulls in `http.client`, `email` and `ssl` — about two thirds of a bare
interpreter's start-up, on every run that reads a requirements file. The parser reads
`urllib.request` only inside one function (`url2pathname`, for `file:` URLs). Likewise it
imports `shutil` (with `bz2`, `lzma`, `zlib`) and `tempfile` (with `random`) only for
`RequirementsFile.from_string`, which enginelint never calls. So its first import goes through
here, with a stand-in registered for each of those modules that is not imported yet, for the
length of that import only. A stand-in holds nothing: reading any attribute of it imports the
real module and answers from it (and the real `urllib.request` then takes the stand-in's place
on the `urllib` package). Any other code that imports one of them, before or after, gets the
real module (a stand-in is never left in `sys.modules`). The standard library's `LazyLoader`
cannot do this: an `import` statement reads the module's `__spec__`, which makes it load at once.
"""

from __future__ import annotations

import sys
import types
from typing import Any

# What the parser imports at import time and reads only inside functions enginelint rarely
# (urllib.request: `file:` URLs) or never (shutil, tempfile: `from_string`) calls.
_DEFERRED = ("urllib.request", "shutil", "tempfile")


def pip_parser() -> Any:
    """The `pip_requirements_parser` module, imported once per process."""
    found = sys.modules.get("pip_requirements_parser")
    if found is not None:
        return found
    import urllib

    stand_ins = {
        name: _ImportedOnFirstUse(name) for name in _DEFERRED if name not in sys.modules
    }
    # The parser reads `urllib.request` off the package when it needs it: the attribute is the
    # stand-in until the real module is imported, which puts itself there.
    if "urllib.request" in stand_ins and not hasattr(urllib, "request"):
        urllib.request = stand_ins["urllib.request"]  # type: ignore[attr-defined]
    sys.modules.update(stand_ins)
    try:
        import pip_requirements_parser
    finally:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
    return pip_requirements_parser


class _ImportedOnFirstUse(types.ModuleType):
    """A module that imports the module of its name when an attribute is first read from it."""

    def __getattr__(self, attribute: str) -> Any:
        import importlib

        # Read while the parser is being imported (a module it imports uses one of these at
        # once): the stand-in steps aside so that the real module is imported, not itself.
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attribute)
