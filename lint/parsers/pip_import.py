"""pip-requirements-parser, imported without paying for the HTTP client it never uses here.

Why this module exists: `pip_requirements_parser` runs `import urllib.request` at import time,
and `urllib.request` pulls in `http.client`, `email` and `ssl` — about two thirds of a bare
interpreter's start-up, on every run that reads a requirements file. The parser reads
`urllib.request` only inside one function (`url2pathname`, for `file:` URLs). So its first import
goes through here, with a stand-in registered as `urllib.request` for the length of that import
only. The stand-in holds nothing: reading any attribute of it imports the real `urllib.request`
and answers from it, and the real import then takes the stand-in's place on the `urllib`
package. Any other code that imports `urllib.request`, before or after, gets the real module
(the stand-in is never left in `sys.modules`). The standard library's `LazyLoader` cannot do
this: an `import` statement reads the module's `__spec__`, which makes it load at once.
"""

from __future__ import annotations

import sys
import types
from typing import Any

_DEFERRED = "urllib.request"


def pip_parser() -> Any:
    """The `pip_requirements_parser` module, imported once per process."""
    found = sys.modules.get("pip_requirements_parser")
    if found is not None:
        return found
    if _DEFERRED in sys.modules:
        import pip_requirements_parser

        return pip_requirements_parser
    import urllib

    stand_in = _ImportedOnFirstUse(_DEFERRED)
    # The parser reads `urllib.request` off the package when it needs it: the attribute is the
    # stand-in until the real module is imported, which puts itself there.
    if not hasattr(urllib, "request"):
        urllib.request = stand_in  # type: ignore[attr-defined]
    sys.modules[_DEFERRED] = stand_in
    try:
        import pip_requirements_parser
    finally:
        if sys.modules.get(_DEFERRED) is stand_in:
            del sys.modules[_DEFERRED]
    return pip_requirements_parser


class _ImportedOnFirstUse(types.ModuleType):
    """A module that imports the module of its name when an attribute is first read from it."""

    def __getattr__(self, attribute: str) -> Any:
        import importlib

        return getattr(importlib.import_module(self.__name__), attribute)
