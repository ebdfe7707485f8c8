"""Generated projects for the scaling benchmarks: the P2 tree and a long import cycle.

`p2_tree(root)` writes the P2 project: `wsgi.py` imports the package `app`, whose `__init__.py`
imports the first module of a chain of `modules` project modules (each about 3.3 KB of ordinary
code: imports, constants, a class, functions) in which every module imports the next one and a
few earlier ones, so the entry reaches all of them; the last module starts a Flask server on
loopback at import time, which EL501 reports. Beside it, a `.venv/` of `venv_files` files that
every tool must skip. `cycle_tree(root, modules)` writes modules that import each other in one
ring, the entry importing the first.

Both return what was planted, so a caller can check a report before timing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

WSGI = """\
import app  # noqa: F401


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
"""

# About 3.3 KB once formatted: what an ordinary module of a web app looks like.
MODULE = '''\
"""Records of kind {index}: loading, validating and formatting them for the views."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from typing import Any, Optional

{imports}

logger = logging.getLogger(__name__)

TABLE_{index} = "records_{index}"
DEFAULT_LIMIT_{index} = {limit}
TIMEOUT_{index} = float(os.environ.get("RECORDS_{index}_TIMEOUT", "2.5"))
FIELDS_{index} = ("id", "name", "created_at", "updated_at", "owner", "status")
MESSAGES_{index} = {{
    "missing": "record {index} was not found",
    "invalid": "record {index} is invalid: {{reason}}",
    "denied": "you may not change record {index}",
}}


class RecordError_{index}(Exception):
    """Raised when a record of kind {index} cannot be used."""


@dataclass
class Record_{index}:
    """One record of kind {index} as the views see it."""

    id: str
    name: str
    owner: Optional[str] = None
    status: str = "draft"
    tags: list[str] = field(default_factory=list)

    def is_public(self) -> bool:
        return self.status == "published" and self.owner is not None

    def to_json(self) -> str:
        return json.dumps(
            {{"id": self.id, "name": self.name, "owner": self.owner, "status": self.status}},
            sort_keys=True,
        )

    def rename(self, name: str) -> "Record_{index}":
        if not name or len(name) > 120:
            raise RecordError_{index}(MESSAGES_{index}["invalid"].format(reason="name"))
        return Record_{index}(self.id, name, self.owner, self.status, list(self.tags))


def load_{index}(raw: dict[str, Any]) -> Record_{index}:
    """A record from its stored form; missing fields get their defaults."""
    try:
        record = Record_{index}(
            id=str(raw["id"]),
            name=str(raw.get("name", "")),
            owner=raw.get("owner"),
            status=str(raw.get("status", "draft")),
            tags=[str(tag) for tag in raw.get("tags", ())],
        )
    except KeyError as error:
        logger.warning("record without %s in %s", error, TABLE_{index})
        raise RecordError_{index}(MESSAGES_{index}["missing"]) from error
    return record


def page_{index}(records: list[Record_{index}], offset: int = 0, limit: int = 0) -> list[str]:
    """One page of records, as JSON strings, public ones first."""
    limit = limit or DEFAULT_LIMIT_{index}
    ordered = sorted(records, key=lambda record: (not record.is_public(), record.name))
    page = []
    for record in ordered[offset : offset + limit]:
        if record.status == "deleted":
            continue
        page.append(record.to_json())
    return page


def summary_{index}(records: list[Record_{index}]) -> dict[str, int]:
    """How many records there are in each status."""
    counts: dict[str, int] = {{}}
    for record in records:
        counts[record.status] = counts.get(record.status, 0) + 1
    while len(counts) > len(FIELDS_{index}):
        counts.popitem()
    return counts


def check_owner_{index}(record: Record_{index}, user: Optional[str]) -> None:
    if user is None or (record.owner is not None and record.owner != user):
        raise RecordError_{index}(MESSAGES_{index}["denied"])
'''

LOOPBACK = """
from flask import Flask

server = Flask(__name__)
server.run(host="127.0.0.1", port=3000)
"""

VENDORED = """\
\"\"\"A vendored module: every tool must skip the virtualenv.\"\"\"

MASTER_KEY = "Zm9vYmFyYmF6cXV4MTIzNDU2"
API = "https://abcd1234.api.lncld.net/1.1"


def vendored_{index}(value):
    return value + {index}
"""


@dataclass(frozen=True)
class Planted:
    """Where the finding a report must hold was planted, and how many files were written."""

    path: str
    files: int


def _module_imports(index: int, count: int) -> str:
    """The next module of the chain, and a few earlier ones by name."""
    lines = []
    if index < count:
        lines.append(f"from . import mod_{index + 1:05}  # noqa: F401")
    for back in (index // 2, index // 3, index - 7):
        if 1 <= back < index:
            lines.append(f"from .mod_{back:05} import load_{back}  # noqa: F401")
    return "\n".join(lines)


def p2_tree(root: Path, modules: int = 5_000, venv_files: int = 1_500) -> Planted:
    """Write the P2 project into `root` (created); the last module binds loopback."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "requirements.txt").write_text("Flask>=2.3,<4\n", encoding="utf-8")
    (root / ".python-version").write_text("3.11\n", encoding="utf-8")
    (root / "wsgi.py").write_text(WSGI, encoding="utf-8")
    package = root / "app"
    package.mkdir()
    (package / "__init__.py").write_text("from . import mod_00001  # noqa: F401\n", "utf-8")
    for index in range(1, modules + 1):
        imports = _module_imports(index, modules)
        text = MODULE.format(index=index, limit=20 + index % 30, imports=imports)
        if index == modules:
            text += LOOPBACK
        (package / f"mod_{index:05}.py").write_text(text, encoding="utf-8")
    venv = root / ".venv"
    site = venv / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    for index in range(venv_files - 1):
        folder = site / f"vendor_{index // 100:03}"
        folder.mkdir(exist_ok=True)
        (folder / f"m{index:05}.py").write_text(VENDORED.format(index=index), encoding="utf-8")
    return Planted(path=f"app/mod_{modules:05}.py", files=modules + 4 + venv_files)


def cycle_tree(root: Path, modules: int = 10_000) -> Planted:
    """Write `modules` modules in one import ring (m1 → m2 → … → m1); the last binds loopback."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "requirements.txt").write_text("Flask>=2.3,<4\n", encoding="utf-8")
    (root / ".python-version").write_text("3.11\n", encoding="utf-8")
    (root / "leanengine.yaml").write_text("run: python wsgi.py\n", encoding="utf-8")
    (root / "wsgi.py").write_text("import m1\n", encoding="utf-8")
    for index in range(1, modules + 1):
        following = index % modules + 1
        text = f"import m{following}\nVALUE = {index}\n"
        if index == modules:
            text += LOOPBACK
        (root / f"m{index}.py").write_text(text, encoding="utf-8")
    return Planted(path=f"m{modules}.py", files=modules + 4)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="write a generated benchmark tree")
    parser.add_argument("kind", choices=("p2", "cycle"))
    parser.add_argument("root", type=Path)
    parser.add_argument("--modules", type=int)
    arguments = parser.parse_args()
    if arguments.kind == "p2":
        planted = p2_tree(arguments.root, arguments.modules or 5_000)
    else:
        planted = cycle_tree(arguments.root, arguments.modules or 10_000)
    print(f"{planted.files} files; the planted finding is in {planted.path}")
