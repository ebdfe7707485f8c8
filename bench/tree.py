"""Time enginelint on a large generated project: thousands of files, most of which it must skip.

Usage: python bench/tree.py [--files N] [--runs N] [--keep FOLDER]

Builds a project of about N files (default 5,000) in a temporary folder — or in FOLDER with
`--keep`, which is left in place — and runs `python -m enginelint --format json` on it `--runs`
times (default 5). Half of the files are a nested virtualenv (`.venv/` with `pyvenv.cfg` and a
`site-packages` full of modules holding Master Keys and API hosts) and a tenth are
`node_modules/`: both must be skipped. The rest are the project's own modules, importing each
other a little (each imports the one before it and one far behind, so the entry reaches them
all), a few of which start a Flask server on loopback at import time.

Prints the median wall time and the files per second that makes (files in the tree / median).
Before timing it checks the first report: exactly one EL501 per loopback module, and no finding
inside the virtualenv or `node_modules`; exit status 1 when that does not hold.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WSGI = """\
import app  # noqa: F401


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
"""
MODULE = """\
\"\"\"Ordinary module {index}.\"\"\"
{imports}

VALUE_{index} = {index}


def helper_{index}(value):
    return value + VALUE_{index}
"""
LOOPBACK = """\
{imports}
from flask import Flask

server = Flask(__name__)
server.run(host="127.0.0.1", port=3000)
"""
VENDORED = """\
MASTER_KEY = "Zm9vYmFyYmF6cXV4MTIzNDU2"
API = "https://abcd1234.api.lncld.net/1.1"


def vendored_{index}():
    return {index}
"""


def build(root: Path, total: int) -> tuple[int, int]:
    """Write the tree; returns (files written, loopback modules)."""
    venv_files = total // 2
    node_files = total // 10
    own = max(total - venv_files - node_files - 3, 2)
    (root / "requirements.txt").write_text("requests>=2.31,<3\n", encoding="utf-8")
    (root / ".python-version").write_text("3.11\n", encoding="utf-8")
    (root / "wsgi.py").write_text(WSGI, encoding="utf-8")
    package = root / "app"
    package.mkdir(parents=True)
    # A few modules, spread over the chain, bind loopback.
    binding = {own // 4, own // 2, (3 * own) // 4} - {0}
    loopback = 0
    written = 3
    for index in range(own):
        if index == 0:
            name, text = "__init__.py", "from . import mod_00001  # noqa: F401\n"
        else:
            imports = []
            if index + 1 < own:
                imports.append(f"from . import mod_{index + 1:05}  # noqa: F401")
            if index > 10:
                imports.append(f"from . import mod_{index // 2:05}  # noqa: F401")
            template = LOOPBACK if index in binding else MODULE
            loopback += index in binding
            name = f"mod_{index:05}.py"
            text = template.format(index=index, imports="\n".join(imports))
        (package / name).write_text(text, encoding="utf-8")
        written += 1
    venv = root / ".venv"
    site = venv / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    written += 1
    for index in range(venv_files - 1):
        folder = site / f"vendor_{index // 100:03}"
        folder.mkdir(exist_ok=True)
        (folder / f"m{index:05}.py").write_text(VENDORED.format(index=index), encoding="utf-8")
        written += 1
    node = root / "node_modules"
    for index in range(node_files):
        folder = node / f"pkg{index // 50:03}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{index:05}.json").write_text(
            '{"appKey": "Wq7rTn2bLm9xZc4vBn8mQa1s"}\n', encoding="utf-8"
        )
        written += 1
    return written, loopback


def lint(root: Path) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "enginelint", "--format", "json", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"enginelint failed ({result.returncode}): {result.stderr.strip()}")
    return elapsed, result.stdout


def check(report: str, loopback: int) -> list[str]:
    """What is wrong with the first report (empty when it is as expected)."""
    diagnostics = [d for p in json.loads(report)["projects"] for d in p["diagnostics"]]
    problems = []
    binds = [d for d in diagnostics if d["code"] == "EL501"]
    if len(binds) != loopback:
        problems.append(f"expected {loopback} EL501 findings, got {len(binds)}")
    for d in diagnostics:
        path = d.get("path") or ""
        if path.startswith((".venv/", "node_modules/")):
            problems.append(f"{d['code']} reported in a skipped folder: {path}")
            break
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the tree here and leave it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="enginelint-bench-") as scratch:
        root = args.keep or Path(scratch) / "project"
        root.mkdir(parents=True, exist_ok=False)
        files, loopback = build(root, max(args.files, 20))
        times = []
        for run in range(max(args.runs, 1)):
            elapsed, report = lint(root)
            if run == 0:
                problems = check(report, loopback)
                if problems:
                    print("\n".join(problems), file=sys.stderr)
                    return 1
            times.append(elapsed)
    median = statistics.median(times)
    print(f"files in tree          {files:7d} ({loopback} binding loopback)")
    print(f"median wall time       {median * 1000:7.1f} ms (of {len(times)} runs)")
    print(f"files per second       {files / median:7.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
