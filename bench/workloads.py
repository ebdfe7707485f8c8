"""The inputs `bench/perf.py` measures on: the template project, the P2 tree, the P3 files.

Each workload is one function over the shared generators (`bench/projects/template/`,
`bench/trees.py`, `bench/requirements_files.py`), which other benchmarks and the tests use too.
Every generator is deterministic: the same sizes give the same bytes, so two sittings measure
the same thing.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import requirements_files
import trees

REPOSITORY = Path(__file__).resolve().parent.parent
CHECKED_IN_TEMPLATE = REPOSITORY / "bench" / "projects" / "template"

# The package of the P2 tree, and its module that starts a server on loopback at import time.
def template_project() -> Path:
    """The project shaped like the official Cloud Engine Python template (checked in)."""
    return CHECKED_IN_TEMPLATE


def p2_tree(root: Path, modules: int, venv_files: int, host: str = "127.0.0.1") -> str:
    """Write the P2 tree under `root` (`trees.p2_tree`); returns the planted module's path.

    `host` replaces the planted module's loopback address: `0.0.0.0` makes the negative control,
    a tree whose report must come out MISSING.
    """
    planted = trees.p2_tree(root, modules, venv_files)
    if host != "127.0.0.1":
        module = root / planted.path
        module.write_text(module.read_text(encoding="utf-8").replace("127.0.0.1", host),
                          encoding="utf-8")
    return planted.path


def requirements_project(root: Path, lines: int) -> Path:
    """The P3 project (`requirements_files.write_project`) with `lines` lines; returns its folder.

    Without `--hash` lines: one hash puts pip in hash-checking mode for the whole file, and a
    file where most lines are then unhashed is no file anyone deploys.
    """
    requirements_files.write_project(root, lines, hashes=False)
    return root


# What a naive reader of requirements.txt does: each requirement line goes to packaging's
# parser. The P3 baseline process runs this.
NAIVE_READER = requirements_files.BASELINE
