"""Values across project modules: imports, module attributes, cycles, formatting, env reads."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Optional

import pytest

from enginelint.analysis.python.parse import python_module
from enginelint.analysis.python.reach import module_run
from enginelint.analysis.python.sources import value_source
from enginelint.analysis.python.values import PLATFORM_PORT, UNKNOWN, Const, EnvValue, Ref, Value
from enginelint.project import Project
from tests.helpers import write_project


def values(tmp_path: Path, source: str, files: dict[str, str]) -> tuple[Project, dict[str, Value]]:
    project = Project(write_project(tmp_path, {"wsgi.py": source, **files}))
    module = python_module(project, "wsgi.py")
    assert module is not None
    run = module_run(project, module)
    names: dict[str, Value] = {}
    for name, binding in run.final["production"].items():
        names[name] = binding.value
    return project, names


def one(tmp_path: Path, expression: str, files: Optional[dict[str, str]] = None) -> Value:
    _, names = values(tmp_path, f"import os\nRESULT = {expression}\n", files or {})
    return names["RESULT"]


CONFIG = {
    "config.py": 'HOST = "127.0.0.1"\nPORT = 8000\nALIAS = HOST\n',
    "pkg/__init__.py": "",
    "pkg/settings.py": "from .base import LOOP as BIND\nfrom . import base\n",
    "pkg/base.py": 'LOOP = "localhost"\n',
}


@pytest.mark.parametrize(
    ("source", "name", "expected"),
    [
        ("from config import HOST\n", "HOST", Const("127.0.0.1")),
        ("from config import HOST as H\n", "H", Const("127.0.0.1")),
        ("from config import ALIAS\n", "ALIAS", Const("127.0.0.1")),
        ("import config\nX = config.PORT\n", "X", Const(8000)),
        ("import config as c\nX = c.HOST\n", "X", Const("127.0.0.1")),
        ("from pkg.settings import BIND\n", "BIND", Const("localhost")),
        ("import pkg.settings\nX = pkg.settings.BIND\n", "X", Const("localhost")),
        ("from pkg.settings import base\nX = base.LOOP\n", "X", Const("localhost")),
        ("from config import MISSING\n", "MISSING", Ref("config.MISSING")),
        ("from flask import Flask\n", "Flask", Ref("flask.Flask")),
    ],
)
def test_cross_module_values(tmp_path: Path, source: str, name: str, expected: Value) -> None:
    _, names = values(tmp_path, source, CONFIG)
    assert names[name] == expected


def test_relative_import_inside_a_package(tmp_path: Path) -> None:
    project = Project(
        write_project(
            tmp_path,
            {
                "wsgi.py": "from app.main import URL\n",
                "app/__init__.py": "",
                "app/main.py": "from .settings import HOST, PORT\nURL = f'{HOST}:{PORT}'\n",
                "app/settings.py": "HOST = '127.0.0.1'\nPORT = 5000\n",
            },
        )
    )
    module = python_module(project, "wsgi.py")
    assert module is not None
    assert module_run(project, module).binding("URL", "stage").value == Const(  # type: ignore[union-attr]
        "127.0.0.1:5000"
    )


def test_import_cycle_is_bounded_and_honest(tmp_path: Path) -> None:
    _, names = values(
        tmp_path,
        "from a import A\n",
        {"a.py": "from b import B\nA = 'a' + B\n", "b.py": "from a import A\nB = 'b'\n"},
    )
    assert names["A"] == Const("ab")


def test_long_import_chain_stops(tmp_path: Path) -> None:
    files = {f"m{i}.py": f"from m{i + 1} import X\n" for i in range(30)}
    files["m30.py"] = "X = 'deep'\n"
    _, names = values(tmp_path, "from m0 import X\n", files)
    # Past the module depth bound the value is not followed any further (a reference to the
    # name, not a guess); never an error.
    assert isinstance(names["X"], Ref) and names["X"].qualname.endswith(".X")
    _, near = values(
        tmp_path / "near",
        "from m0 import X\n",
        {"m0.py": "from m1 import X\n", "m1.py": "X = 'near'\n"},
    )
    assert near["X"] == Const("near")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('f"{A}.0.0.{B}"', Const("127.0.0.1")),
        ('"%s.0.0.%d" % (A, 1)', Const("127.0.0.1")),
        ('"%s:%s" % (A, B)', Const("127:1")),
        ('"{}.0.0.{x}".format(A, x=B)', Const("127.0.0.1")),
        ('"{0}.{0}".format(B)', Const("1.1")),
        ('A + ".0.0.1"', Const("127.0.0.1")),
        ("B + 2", Const(3)),
        ('f"{A!r}"', UNKNOWN),
        ('f"{A:>9}"', UNKNOWN),
        ('"{:>9}".format(A)', UNKNOWN),
        ('"{a.b}".format(a=A)', UNKNOWN),
        ('"%5s" % A', UNKNOWN),
        ('"%s %s" % (A,)', UNKNOWN),
        ('"%d" % A', UNKNOWN),
        ('f"{UNSET}"', UNKNOWN),
        ('"{}".format(os.environ.get("X", "a"))', UNKNOWN),
        ('"x" * 5', UNKNOWN),
    ],
)
def test_formatting(tmp_path: Path, expression: str, expected: Value) -> None:
    _, names = values(tmp_path, f"import os\nA = '127'\nB = 1\nRESULT = {expression}\n", {})
    got = names["RESULT"]
    if expected is UNKNOWN:
        assert not isinstance(got, Const)
    else:
        assert got == expected


def test_formatting_is_bounded(tmp_path: Path) -> None:
    big = "x" * 600
    source = f"BIG = '{big}'\nC = BIG + BIG\nD = f'{{BIG}}{{BIG}}'\nE = '%s%s' % (BIG, BIG)\n"
    _, names = values(tmp_path, source, {})
    assert names["BIG"] == Const(big)
    for name in ("C", "D", "E"):
        assert not isinstance(names[name], Const), name


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('os.environ.get("HOST", "127.0.0.1")', EnvValue("HOST", Const("127.0.0.1"))),
        ('os.getenv("HOST", "localhost")', EnvValue("HOST", Const("localhost"))),
        ('os.environ.get("HOST")', EnvValue("HOST", Const(None))),
        ('os.environ.get("LEANCLOUD_APP_ENV", "development")', Const("production")),
        ('os.environ.get("LEANCLOUD_APP_PORT", 5000)', PLATFORM_PORT),
        ('os.environ["LEANCLOUD_APP_PORT"]', PLATFORM_PORT),
        ('int(os.environ.get("LEANCLOUD_APP_PORT", "5000"))', PLATFORM_PORT),
        ('int(os.environ.get("PORT", "5000"))', EnvValue("PORT", Const(5000))),
        ('int("8080")', Const(8080)),
        ('os.environ.get("LEANCLOUD_APP_KEY", "k")', UNKNOWN),
        ('os.environ.get("LEANCLOUD_APP_DOMAIN", "d")', Const("d")),
    ],
)
def test_environment_reads(tmp_path: Path, expression: str, expected: Value) -> None:
    assert one(tmp_path, expression) == expected


def source_of(tmp_path: Path, source: str, files: dict[str, str], name: str) -> Optional[str]:
    project = Project(write_project(tmp_path, {"wsgi.py": source, **files}))
    module = python_module(project, "wsgi.py")
    assert module is not None
    run = module_run(project, module)
    binding = run.binding(name, "production")
    assert binding is not None and isinstance(binding.node, ast.expr)
    found = value_source(project, run, binding.node, "production", binding.value)
    if found is None:
        return None
    where, node = found
    assert isinstance(node, ast.expr)
    return f"{where.path}:{node.lineno}"


def test_value_source_follows_imports_and_reexports(tmp_path: Path) -> None:
    files = {**CONFIG, "config.py": '# settings\nHOST = "127.0.0.1"\nALIAS = HOST\n'}
    assert source_of(tmp_path, "import config\nX = config.HOST\n", files, "X") == "config.py:2"
    assert source_of(tmp_path, "from pkg.settings import BIND\nX = BIND\n", files, "X") == (
        "pkg/base.py:1"
    )
    # A value written in the reading module itself has no "other" source.
    assert source_of(tmp_path, "X = 'local'\nY = X\n", files, "Y") is None


def test_value_source_refuses_a_rebound_name(tmp_path: Path) -> None:
    files = {"config.py": 'HOST = "127.0.0.1"\n'}
    # At the end of the module HOST is rebound: the import is no longer where X's value is from.
    source = "from config import HOST\nX = HOST\nHOST = '0.0.0.0'\n"
    assert source_of(tmp_path, source, files, "X") is None
