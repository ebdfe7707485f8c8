"""`python -m enginelint.server`: the Language Server over standard input and output."""

from __future__ import annotations

import os
import sys

# As for `python -m enginelint`: a project's own modules must never shadow the standard
# library's, and the server is usually started in the project's folder.
if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from ..cli import main

raise SystemExit(main(["server", *sys.argv[1:]]))
