"""`python -m enginelint`."""

from __future__ import annotations

import os
import sys

# `python -m` puts the current folder first on sys.path. Run inside a project, that would make
# the project's `argparse.py` or `json.py` be imported, and run, in place of the standard
# library's; enginelint never imports the project it lints, so the folder is dropped.
if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from .cli import run

run()
