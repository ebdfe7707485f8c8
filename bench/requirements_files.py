"""Generate the P3 workload: a big requirements.txt that looks like the ones people write.

Usage: python bench/requirements_files.py [--lines N] [--runs N] [--keep FOLDER] [--format F]
       [--no-hashes]

A benchmark of `enginelint --select EL2` is only honest if the file makes enginelint do the
work real files make it do; 2,000 copies of `flask==2.0.1` would measure a best case. So the
file mixes, in proportions taken from real requirements files: exact pins with trailing
comments, ranges joined with `,`, extras, environment markers (some names listed twice under
exclusive markers, as files that support two Pythons do), comments and blank lines, global
options at the top, `-r`/`-c` includes of a small second file, hash-pinned requirements whose
`--hash=` options continue over several lines, and a few URL, VCS and editable VCS
requirements. Every line is distinct and every name is listed once, except the marker pairs.
No `-e .`: it needs a `setup.py` the generated project does not have.

`write_project(folder, lines)` writes the project (requirements.txt with exactly `lines`
physical lines, the included `common.txt` and `constraints.txt`, and an `app.py`);
`BASELINE` is the comparison process: a Python script that reads the same file and parses each
requirement line with `packaging.requirements.Requirement`, as a lower bound of what any tool
reading it must do. Run as a script, it times both, paired (A B A B …), and prints the medians,
their ratio, and the growth from `--lines` to ten times as many.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

# Distribution names seen in real files, each made distinct by a suffix when reused.
_STEMS = (
    "flask", "django", "requests", "urllib3", "certifi", "idna", "chardet", "six", "pytz",
    "python-dateutil", "sqlalchemy", "alembic", "psycopg2-binary", "redis", "celery", "kombu",
    "billiard", "vine", "amqp", "jinja2", "markupsafe", "werkzeug", "itsdangerous", "click",
    "gunicorn", "gevent", "greenlet", "boto3", "botocore", "s3transfer", "jmespath", "pyyaml",
    "cryptography", "cffi", "pycparser", "pyopenssl", "oslo.config", "oslo.utils", "Babel",
    "WebOb", "PasteDeploy", "stevedore", "pbr", "eventlet", "zope.interface", "numpy", "pandas",
    "scipy", "pillow", "lxml", "beautifulsoup4", "soupsieve", "marshmallow", "pydantic",
    "typing_extensions", "attrs", "pluggy", "py", "pytest", "coverage", "mock", "nose",
    "simplejson", "ujson", "msgpack", "protobuf", "grpcio", "aiohttp", "yarl", "multidict",
    "async-timeout", "wrapt", "decorator", "tornado", "twisted", "Markdown", "docutils",
    "Pygments", "sphinx", "raven", "sentry-sdk", "newrelic", "arrow", "pendulum", "tzlocal",
)  # fmt: skip
_EXTRAS = ("security", "socks", "redis", "async", "crypto", "tests", "dev", "postgres")
_MARKERS = (
    "python_version < '3.8'",
    'python_version >= "3.6"',
    "sys_platform == 'win32'",
    'platform_system != "Windows"',
    "python_version=='2.7'",
    'implementation_name == "cpython" and python_version >= "3.7"',
    "extra == 'test'",
    'os_name == "posix"',
)
_COMMENTS = (
    "# Core web stack",
    "# pinned for the deploy; bump together",
    "# Extract messages from templates",
    "# Better test runner, related plugins",
    "# The order of packages is significant, because pip processes them in order",
    "  # indented comment, still a comment",
    "###############################",
)
_TRAILING = ("  # MIT License", "  # Apache-2.0", " # via -r requirements.in", "  # LGPL")
_HEADER = (
    "# This file is generated; edit requirements.in instead",
    "--index-url https://pypi.org/simple",
    "--extra-index-url https://mirrors.example.com/pypi/simple/",
    "--trusted-host mirrors.example.com",
    "-c constraints.txt",
    "",
    "leancloud==2.9.11",
    "gunicorn>=20.0,<21  # the process manager the platform starts",
    "",
)
COMMON = """\
# Shared between the web and worker processes
requests>=2.25,<3
certifi==2023.7.22 ; python_version >= "3.6"
"""
CONSTRAINTS = """\
urllib3<2
idna>=2.5,<4
"""
APP = "import leancloud\n"

BASELINE = r"""
import re, sys
from packaging.requirements import Requirement
physical = open(sys.argv[1], encoding="utf-8").read().splitlines()
joined, lines = "", []
for line in physical:
    if line.endswith("\\"):
        joined += line[:-1]
        continue
    lines.append(joined + line)
    joined = ""
count = 0
for line in lines:
    line = re.sub(r"(^|\s)#.*$", "", line).strip()
    if not line or line.startswith("-"):
        continue
    requirement = line.split(" --", 1)[0].strip()
    if "://" in requirement and "@" not in requirement.split("://")[0]:
        continue
    Requirement(requirement)
    count += 1
print(count)
"""


def _version(rng: random.Random) -> str:
    return f"{rng.randint(0, 30)}.{rng.randint(0, 20)}.{rng.randint(0, 15)}"


def _hash(rng: random.Random) -> str:
    return "sha256:" + "".join(rng.choice("0123456789abcdef") for _ in range(64))


def _names() -> Iterator[str]:
    index = 0
    while True:
        for stem in _STEMS:
            yield stem if index == 0 else f"{stem}-ext{index}"
        index += 1


def _block(kind: str, name: str, rng: random.Random) -> list[str]:
    """One logical line (several physical ones for hashes) of the given kind."""
    version = _version(rng)
    if kind == "pin":
        tail = rng.choice(_TRAILING) if rng.random() < 0.3 else ""
        return [f"{name}=={version}{tail}"]
    if kind == "range":
        low, high = rng.randint(0, 9), rng.randint(10, 30)
        shape = rng.randrange(4)
        if shape == 0:
            return [f"{name}>={low}.{rng.randint(0, 9)},<{high}"]
        if shape == 1:
            return [f"{name}!={low}.0.1,!={low}.0.2,>={low}.0.0"]
        if shape == 2:
            return [f"{name}~={low}.{rng.randint(0, 9)}"]
        return [f"{name} >= {low}.{rng.randint(0, 9)}, < {high}.0"]
    if kind == "extras":
        extras = ",".join(sorted(rng.sample(_EXTRAS, rng.randint(1, 2))))
        return [f"{name}[{extras}]>={version}"]
    if kind == "marker":
        marker = rng.choice(_MARKERS)
        op = rng.choice(("==", ">="))
        return [f"{name}{op}{version}; {marker}"]
    if kind == "pair":
        # The same name under two exclusive markers, as two-Python files list it.
        return [
            f"{name}<2.0,>={rng.randint(0, 1)}.{rng.randint(0, 9)} ; python_version < '3'",
            f"{name}>={version} ; python_version >= '3'",
        ]
    if kind == "hashed":
        hashes = [f"    --hash={_hash(rng)}" for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.5:
            # All on one line: the options follow the requirement.
            return [f"{name}=={version} " + " ".join(h.strip() for h in hashes)]
        body = [f"{name}=={version} \\"]
        body += [h + " \\" for h in hashes[:-1]] + [hashes[-1]]
        return body
    if kind == "url":
        return [
            f"{name} @ https://files.example.com/packages/{name}-{version}.tar.gz",
        ]
    if kind == "vcs":
        if rng.random() < 0.5:
            return [f"git+https://github.com/example/{name}.git@v{version}#egg={name}"]
        return [f"-e git+https://github.com/example/{name}.git@{version}#egg={name}"]
    raise ValueError(kind)


# (kind, weight): how often each kind of line appears (comments and blanks included).
_KINDS = (
    ("pin", 40),
    ("range", 14),
    ("extras", 5),
    ("marker", 7),
    ("pair", 2),
    ("hashed", 6),
    ("url", 1),
    ("vcs", 1),
    ("comment", 10),
    ("blank", 8),
    ("include", 1),
)


def requirements_text(lines: int, seed: int = 13, hashes: bool = True) -> str:
    """A requirements.txt of exactly `lines` physical lines (at least 20).

    With `hashes`, about one requirement in fifteen is hash-pinned. One `--hash` puts pip in
    hash-checking mode for the whole file, so EL210 then reports every other requirement (about
    1,250 findings in 2,000 lines): real work, but more findings than a file anyone deploys
    has. `hashes=False` leaves them out (the kinds keep their proportions).
    """
    if lines < 20:
        raise ValueError("at least 20 lines")
    rng = random.Random(seed)
    names = _names()
    out = list(_HEADER)
    kinds = [kind for kind, _ in _KINDS if hashes or kind != "hashed"]
    weights = [weight for kind, weight in _KINDS if hashes or kind != "hashed"]
    includes = 0
    while len(out) < lines:
        kind = rng.choices(kinds, weights)[0]
        if kind == "comment":
            block = [f"{rng.choice(_COMMENTS)} ({len(out)})"]
        elif kind == "blank":
            block = [""]
        elif kind == "include":
            # A few includes of one small file (pip reads it each time; no cycle).
            if includes >= 3:
                continue
            includes += 1
            block = [("-r common.txt", "--requirement=common.txt", "-r ./common.txt")[includes - 1]]
        else:
            block = _block(kind, next(names), rng)
        if len(out) + len(block) > lines:
            block = [f"# end ({len(out)})"]
        out.extend(block)
    return "\n".join(out[:lines]) + "\n"


def write_project(folder: Path, lines: int = 2000, seed: int = 13, hashes: bool = True) -> Path:
    """Write the P3 project into `folder` (created); returns its requirements.txt."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "common.txt").write_text(COMMON, encoding="utf-8")
    (folder / "constraints.txt").write_text(CONSTRAINTS, encoding="utf-8")
    (folder / "app.py").write_text(APP, encoding="utf-8")
    path = folder / "requirements.txt"
    path.write_text(requirements_text(lines, seed, hashes), encoding="utf-8")
    return path


def enginelint_command(folder: Path, output: str = "text") -> list[str]:
    """The P3 command: `--select EL2` in the given output format (text, the default, as typed)."""
    return [sys.executable, "-m", "enginelint", "--select", "EL2", "--format", output, str(folder)]


def baseline_command(requirements: Path) -> list[str]:
    return [sys.executable, "-c", BASELINE, str(requirements)]


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{command[2]} failed: {result.stderr.decode(errors='replace')[-500:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--format", default="text", help="enginelint's output format")
    parser.add_argument("--no-hashes", action="store_true", help="no hash-pinned lines")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        hashes = not args.no_hashes
        small = write_project(root / "small", args.lines, hashes=hashes)
        big = write_project(root / "big", args.lines * 10, hashes=hashes)
        times: dict[str, list[float]] = {"enginelint": [], "baseline": [], "enginelint x10": []}
        for _ in range(args.runs):
            times["enginelint"].append(_time(enginelint_command(small.parent, args.format)))
            times["baseline"].append(_time(baseline_command(small)))
            times["enginelint x10"].append(_time(enginelint_command(big.parent, args.format)))
        medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name}: median {value * 1000:.0f} ms")
    print(f"ratio to packaging-only: {medians['enginelint'] / medians['baseline']:.2f}x")
    growth = medians["enginelint x10"] / medians["enginelint"]
    print(f"growth, {args.lines * 10} vs {args.lines} lines: {growth:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
