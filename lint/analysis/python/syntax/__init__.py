"""Whether the target Python can import a file: EL003's verdict, the same on every host.

`judge(text, path, target)` answers OK (with the host's tree), Invalid (EL003: the target's
import raises SyntaxError, with enginelint's own message and position), Undecidable (EL008: the
Python enginelint runs on cannot tell) or Python2Only (not Python 3; maybe valid Python 2).
"""

from .judge import default_target, judge
from .verdict import OK, Invalid, Python2Only, Target, Undecidable, Verdict

__all__ = [
    "OK",
    "Invalid",
    "Python2Only",
    "Target",
    "Undecidable",
    "Verdict",
    "default_target",
    "judge",
]
