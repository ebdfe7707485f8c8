"""Whether a module's import-time code may bind globals by name, out of the walk's sight.

A module-level name the walk (`reach`) did not see bound may still exist when the code that ran
called `globals()`, `exec()`, `setattr()` or `vars()`: they write a module's namespace by name.
Rules that conclude "this module does not define X" (EL103 for `application` in wsgi.py, EL506
for the app a `run:` server imports) ask here first and stay quiet when the answer is yes.
"""

from __future__ import annotations

import ast
from typing import Optional

from .python.records import ModuleRun
from .python.values import Ref

_DYNAMIC = frozenset({"globals", "exec", "setattr", "vars"})


def dynamic_namespace_call(run: ModuleRun) -> Optional[ast.Call]:
    """A call that can bind module globals by name (`globals()[…] = …`, `exec(…)`)."""
    for site in run.calls:
        for values in site.runs:
            if isinstance(values.callee, Ref) and values.callee.qualname in _DYNAMIC:
                return site.node
    return None
