"""The inputs `bench/perf.py` measures on: the template project, the P2 tree, the P3 files.

Each workload is one function, so that a generator written elsewhere (a checked-in template
project, a shared tree or requirements generator) replaces the stand-in here by changing that
function's body alone. Every generator is deterministic: the same sizes give the same bytes, so
two sittings measure the same thing.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
CHECKED_IN_TEMPLATE = REPOSITORY / "bench" / "projects" / "template"

# The package of the P2 tree, and its module that starts a server on loopback at import time.
PACKAGE = "services"

P2_MODULE = '''\
"""Service {index}: orders, invoices and the reports built from them.

Generated for the enginelint benchmark; it stands for an ordinary module of a
large Cloud Engine project: constants, a class with a few methods, helpers.
"""

import logging
import os
from collections import defaultdict

LOG = logging.getLogger(__name__)
TABLE_{index} = "Orders{index}"
LIMIT_{index} = int(os.environ.get("SERVICE_{index}_LIMIT", "100"))
STATES = ("new", "paid", "shipped", "returned", "cancelled")


class Ledger{index}:
    """Totals of the orders seen by service {index}, per customer and per state."""

    def __init__(self, currency="CNY"):
        self.currency = currency
        self.by_customer = defaultdict(float)
        self.by_state = {{state: 0 for state in STATES}}
        self.rejected = []

    def add(self, order):
        state = order.get("state", "new")
        if state not in self.by_state:
            self.rejected.append(order)
            LOG.warning("order %s has an unknown state %r", order.get("id"), state)
            return False
        amount = float(order.get("amount", 0))
        if amount < 0 or amount > LIMIT_{index} * 1000:
            self.rejected.append(order)
            return False
        self.by_customer[order.get("customer", "anonymous")] += amount
        self.by_state[state] += 1
        return True

    def add_all(self, orders):
        accepted = 0
        for order in orders:
            if self.add(order):
                accepted += 1
        return accepted

    def top_customers(self, count=10):
        ranked = sorted(self.by_customer.items(), key=lambda item: (-item[1], item[0]))
        return ranked[:count]

    def summary(self):
        lines = ["{{}} ({{}}):".format(TABLE_{index}, self.currency)]
        for state in STATES:
            lines.append("  {{:<10}} {{:>6}}".format(state, self.by_state[state]))
        lines.append("  rejected   {{:>6}}".format(len(self.rejected)))
        return "\\n".join(lines)


def parse_order(row):
    """One order from a CSV row; None when the row is not an order."""
    fields = [field.strip() for field in row.split(",")]
    if len(fields) < 4 or not fields[0].isdigit():
        return None
    return {{
        "id": int(fields[0]),
        "customer": fields[1] or "anonymous",
        "amount": fields[2],
        "state": fields[3].lower(),
    }}


def load_orders(path):
    orders = []
    with open(path, encoding="utf-8") as handle:
        for row in handle:
            order = parse_order(row)
            if order is not None:
                orders.append(order)
    return orders


def report_{index}(path, currency="CNY"):
    ledger = Ledger{index}(currency)
    ledger.add_all(load_orders(path))
    best = ", ".join(name for name, _ in ledger.top_customers(3))
    return "{{}}\\n  best customers: {{}}".format(ledger.summary(), best or "none")


def paginate(items, size=LIMIT_{index}):
    page = []
    for item in items:
        page.append(item)
        if len(page) == size:
            yield page
            page = []
    if page:
        yield page


def merge_ledgers(ledgers):
    merged = Ledger{index}()
    for ledger in ledgers:
        for customer, amount in ledger.by_customer.items():
            merged.by_customer[customer] += amount
        for state, count in ledger.by_state.items():
            merged.by_state[state] += count
        merged.rejected.extend(ledger.rejected)
    return merged
'''

# The planted finding: a Flask server bound to loopback, started when wsgi.py imports it.
P2_PLANTED = '''\
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "service {index}"


app.run(host="{host}")
'''

P2_VENDORED = '''\
"""Vendored module {index} of an installed distribution (the tree's own virtualenv)."""

MASTER_KEY = "Zm9vYmFyYmF6cXV4MTIzNDU2"
API = "https://abcd1234.api.lncld.net/1.1"


def vendored_{index}(value):
    return value * {index}
'''

P2_WSGI_END = '''

def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
'''


def template_project(scratch: Path) -> Path:
    """The official Cloud Engine Python template: the checked-in copy, else a stand-in.

    The stand-in is `bench/lsp.py`'s TEMPLATE written under `scratch`; once
    `bench/projects/template/` exists it is used as it is.
    """
    if CHECKED_IN_TEMPLATE.is_dir():
        return CHECKED_IN_TEMPLATE
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from lsp import TEMPLATE

    root = scratch / "template"
    root.mkdir(parents=True, exist_ok=True)
    for name, text in TEMPLATE.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def module_name(index: int) -> str:
    return f"m{index:05}"


def p2_tree(root: Path, modules: int, venv_files: int, host: str = "127.0.0.1") -> str:
    """Write the P2 tree under `root`; returns the planted module's path, relative to `root`.

    `modules` project modules of about 3.3 KB, all imported by `wsgi.py`; the last one starts
    `app.run(host=HOST)` at import time (loopback by default: EL501 must name it). A `.venv/`
    of `venv_files` files (with its `pyvenv.cfg`) that both tools must skip.
    """
    package = root / PACKAGE
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (root / "requirements.txt").write_text("Flask>=1.1,<2\nleancloud>=2.9.1,<3\n",
                                           encoding="utf-8")
    (root / ".python-version").write_text("3.11\n", encoding="utf-8")
    for index in range(1, modules + 1):
        text = (P2_PLANTED.format(index=index, host=host) if index == modules
                else P2_MODULE.format(index=index))
        (package / f"{module_name(index)}.py").write_text(text, encoding="utf-8")
    imports = "".join(f"import {PACKAGE}.{module_name(index)}  # noqa: F401\n"
                      for index in range(1, modules + 1))
    (root / "wsgi.py").write_text(imports + P2_WSGI_END, encoding="utf-8")
    venv = root / ".venv"
    site = venv / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.11.9\n", encoding="utf-8")
    for index in range(max(venv_files - 1, 0)):
        folder = site / f"vendor_{index // 100:03}"
        folder.mkdir(exist_ok=True)
        (folder / f"v{index:05}.py").write_text(P2_VENDORED.format(index=index),
                                                encoding="utf-8")
    return f"{PACKAGE}/{module_name(modules)}.py"


# Pieces of realistic requirement lines; the names are made unique by a counter.
_STEMS = ("flask", "django", "requests", "boto", "celery", "redis", "numpy", "pandas",
          "pytest", "sqlalchemy", "jinja", "click", "pydantic", "httpx", "grpc", "lxml",
          "pillow", "pyyaml", "attrs", "uvicorn", "gunicorn", "marshmallow", "alembic", "arrow")
_SUFFIXES = ("", "-utils", "-extras", "-client", "-plugin", "-core", "-toolkit", "-compat")


def requirements_text(lines: int) -> str:
    """A requirements.txt of exactly `lines` lines, shaped like a large pinned project's.

    Mostly `name==version` pins, with ranges, extras, environment markers, direct URLs,
    inline comments, `# via` comment lines, blank lines and a few pip options.
    """
    out = ["# Generated for the enginelint benchmark: a large, pinned project.",
           "--index-url https://pypi.org/simple",
           "--prefer-binary"]
    index = 0
    while len(out) < lines:
        index += 1
        stem = _STEMS[index % len(_STEMS)]
        name = f"{stem}{_SUFFIXES[(index // len(_STEMS)) % len(_SUFFIXES)]}-{index}"
        version = f"{index % 7 + 1}.{index % 13}.{index % 5}"
        kind = index % 20
        if kind == 0:
            out.append("")
        elif kind == 1:
            out.append(f"    # via {_STEMS[(index + 3) % len(_STEMS)]}-{index - 1}")
        elif kind in (2, 3):
            out.append(f"{name}>={version},<{index % 7 + 2}")
        elif kind == 4:
            out.append(f"{name}[security,socks]=={version}")
        elif kind == 5:
            out.append(f'{name}=={version} ; python_version < "3.12"')
        elif kind == 6:
            out.append(f"{name}~={version}  # pinned for the {stem} upgrade")
        elif kind == 7:
            out.append(f"{name} @ https://files.example.com/{name}-{version}.tar.gz")
        elif index == 8:
            out.append("--extra-index-url https://mirrors.example.com/pypi/simple")
        else:
            out.append(f"{name}=={version}")
    return "\n".join(out[:lines]) + "\n"


def requirements_project(root: Path, lines: int) -> Path:
    """A project whose requirements.txt is `requirements_text(lines)`; returns its folder."""
    root.mkdir(parents=True)
    (root / "requirements.txt").write_text(requirements_text(lines), encoding="utf-8")
    (root / ".python-version").write_text("3.11\n", encoding="utf-8")
    (root / "wsgi.py").write_text(P2_WSGI_END.lstrip(), encoding="utf-8")
    return root


# What a naive reader of requirements.txt does: each line that is not a comment or an option
# goes to packaging's parser. The P3 baseline process runs this.
NAIVE_READER = '''\
import sys

from packaging.requirements import InvalidRequirement, Requirement

parsed = 0
with open(sys.argv[1], encoding="utf-8") as handle:
    for line in handle:
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        try:
            Requirement(line)
        except InvalidRequirement:
            continue
        parsed += 1
print(parsed)
'''
