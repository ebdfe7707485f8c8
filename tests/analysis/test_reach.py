"""Reachability per cloud environment and the small evaluator behind it."""

from __future__ import annotations

import ast
import re
import sys
import time
from pathlib import Path
from typing import Optional

import pytest

from enginelint.analysis.python.parse import python_module
from enginelint.analysis.python.reach import environments_note, module_run
from enginelint.analysis.python.records import ModuleRun
from enginelint.analysis.python.running import running_code
from enginelint.analysis.python.values import (
    PLATFORM_PORT,
    UNKNOWN,
    Const,
    Defined,
    EnvValue,
    Made,
    Ref,
    Seq,
    Value,
    is_platform_port,
)
from enginelint.project import Project
from tests.helpers import write_project

BOTH = frozenset({"stage", "production"})
STAGE = frozenset({"stage"})
NEVER: frozenset[str] = frozenset()


def walk(
    tmp_path: Path, source: str, *, as_main: bool = False, files: Optional[dict[str, str]] = None
) -> ModuleRun:
    project = Project(write_project(tmp_path, {"wsgi.py": source, **(files or {})}))
    module = python_module(project, "wsgi.py")
    assert module is not None
    return module_run(project, module, as_main=as_main)


def marked(run: ModuleRun) -> dict[str, frozenset[str]]:
    """The environments of each `mark("name")` call."""
    found: dict[str, frozenset[str]] = {}
    for site in run.calls:
        func = site.node.func
        if isinstance(func, ast.Name) and func.id == "mark":
            label = site.node.args[0]
            assert isinstance(label, ast.Constant)
            found[str(label.value)] = frozenset(v.environment for v in site.runs)
    return found


def value(run: ModuleRun, name: str, environment: str = "production") -> Optional[Value]:
    binding = run.binding(name, environment)
    return None if binding is None else binding.value


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ('os.environ.get("LEANCLOUD_APP_ENV") == "development"', NEVER),
        ('os.environ.get("LEANCLOUD_APP_ENV", "development") == "development"', NEVER),
        ('os.environ["LEANCLOUD_APP_ENV"] != "production"', STAGE),
        ('os.getenv("LEANCLOUD_APP_ENV") == "stage"', STAGE),
        ('ENV in ("stage", "production")', BOTH),
        ('ENV not in ["production"]', STAGE),
        ('ENV.lower() == "production"', frozenset({"production"})),
        ("IS_DEV", NEVER),
        ("not IS_DEV", BOTH),
        ('ENV == "stage" or ENV == "production"', BOTH),
        ('ENV == "stage" and DEBUG', STAGE),
        ('"LEANCLOUD_APP_ENV" in os.environ', BOTH),
        ('"LEAN_CLI_HAVE_STAGING" in os.environ', NEVER),
        ('os.environ.get("LEANCLOUD_APP_ENV") is None', NEVER),
        ('os.environ.get("DEBUG")', BOTH),  # the user may set it: undecidable
        ('os.environ.get("DEBUG") == "1"', BOTH),
        ('os.environ.get("LEANCLOUD_APP_ID") == "x"', BOTH),
        ("unknown_function()", BOTH),
        ('"development" if ENV == "development" else ""', NEVER),
    ],
)
def test_environment_conditions(tmp_path: Path, test: str, expected: frozenset[str]) -> None:
    source = (
        "import os\n"
        'ENV = os.environ.get("LEANCLOUD_APP_ENV")\n'
        'IS_DEV = ENV == "development"\n'
        "DEBUG = unknown_function()\n"
        f"if {test}:\n"
        '    mark("then")\n'
        "else:\n"
        '    mark("else")\n'
    )
    run = walk(tmp_path, source)
    marks = marked(run)
    assert marks.get("then", NEVER) == expected
    if expected == BOTH and "unknown" not in test and "DEBUG" not in test:
        assert "else" not in marks or marks["else"] != NEVER


@pytest.mark.parametrize(
    "test", ['__name__ == "__main__"', "'__main__' == __name__", '__name__ != "__main__"']
)
def test_main_block_runs_only_as_main(tmp_path: Path, test: str) -> None:
    source = f'if {test}:\n    mark("main")\n'
    as_import = marked(walk(tmp_path / "import", source)).get("main", NEVER)
    as_main = marked(walk(tmp_path / "main", source, as_main=True)).get("main", NEVER)
    if "!=" in test:
        assert (as_import, as_main) == (BOTH, NEVER)
    else:
        assert (as_import, as_main) == (NEVER, BOTH)


def test_called_functions_run_transitively_and_uncalled_ones_do_not(tmp_path: Path) -> None:
    source = (
        "def helper():\n"
        '    mark("helper")\n'
        "def main():\n"
        '    mark("main")\n'
        "    helper()\n"
        "def never():\n"
        '    mark("never")\n'
        "def recursive():\n"
        "    recursive()\n"
        '    mark("recursive")\n'
        "class Config:\n"
        '    mark("class body")\n'
        "handler = lambda: mark('lambda')\n"
        "recursive()\n"
        'if __name__ == "__main__":\n'
        "    main()\n"
    )
    assert marked(walk(tmp_path / "a", source)) == {"recursive": BOTH}
    assert marked(walk(tmp_path / "b", source, as_main=True)) == {
        "recursive": BOTH,
        "main": BOTH,
        "helper": BOTH,
    }


def test_function_locals_shadow_module_constants(tmp_path: Path) -> None:
    source = (
        'HOST = "0.0.0.0"\n'
        "def serve(port):\n"
        '    host = "127.0.0.1"\n'
        "    HOST = host\n"
        "    run(HOST, port)\n"
        "serve(3000)\n"
        "run(HOST, 1)\n"
    )
    run = walk(tmp_path, source)
    hosts = [
        site.runs[0].args[0] for site in run.calls if getattr(site.node.func, "id", "") == "run"
    ]
    assert hosts == [Const("127.0.0.1"), Const("0.0.0.0")]


def test_globals_assigned_by_called_functions_flow_back(tmp_path: Path) -> None:
    source = (
        "def setup():\n    global application\n    application = make()\n    local = 1\nsetup()\n"
    )
    run = walk(tmp_path, source)
    binding = run.binding("application", "stage")
    assert binding is not None and binding.certain
    assert run.binding("local", "stage") is None


def test_branches_make_bindings_maybe(tmp_path: Path) -> None:
    source = (
        "import os\n"
        "if os.environ.get('FLAG'):\n"
        "    one_branch = 1\n"
        "    both = 1\n"
        "else:\n"
        "    both = 2\n"
        "try:\n"
        "    in_try = 1\n"
        "except ImportError:\n"
        "    pass\n"
        "try:\n"
        "    handled = 1\n"
        "except ImportError:\n"
        "    handled = None\n"
        "try:\n"
        "    reraised = 1\n"
        "except ImportError:\n"
        "    raise\n"
        "for item in range(3):\n"
        "    looped = item\n"
        "while True:\n"
        "    before_break = 1\n"
        "    break\n"
        "deleted = 1\n"
        "del deleted\n"
    )
    run = walk(tmp_path, source)

    def certain(name: str) -> Optional[bool]:
        binding = run.binding(name, "production")
        return None if binding is None or binding.deleted else binding.certain

    assert certain("one_branch") is False
    assert certain("both") is True
    assert value(run, "both") is UNKNOWN
    assert certain("in_try") is False
    assert certain("handled") is True
    assert certain("reraised") is True
    assert certain("looped") is False
    assert certain("before_break") is True
    assert certain("deleted") is None


def test_values(tmp_path: Path) -> None:
    source = (
        "import os\n"
        "import flask\n"
        "from flask import Flask as F\n"
        "from werkzeug.serving import run_simple\n"
        'HOST = os.getenv("HOST") or "127.0.0.1"\n'
        'PORT = os.environ.get("LEANCLOUD_APP_PORT", "3000")\n'
        'ADDRESS = ("::1", 80)\n'
        "app = F(__name__)\n"
        "other = flask.Flask('x')\n"
        'first, second = "a", "b"\n'
        "NAME = __name__\n"
        "CALLBACK = lambda: 1\n"
        "ENV = os.environ.get('LEANCLOUD_APP_ENV', 'development').strip()\n"
        "JOINED = 'local' + 'host'\n"
        "(walrus := 5)\n"
    )
    run = walk(tmp_path, source)
    assert value(run, "HOST") == EnvValue("HOST", Const("127.0.0.1"))
    # The platform sets LEANCLOUD_APP_PORT: "the platform port", whatever the default says.
    assert value(run, "PORT") == PLATFORM_PORT and is_platform_port(value(run, "PORT"))
    address = value(run, "ADDRESS")
    assert isinstance(address, Seq) and address.items == (Const("::1"), Const(80))
    assert isinstance(value(run, "app"), Made) and value(run, "app").qualname == "flask.Flask"  # type: ignore[union-attr]
    assert isinstance(value(run, "other"), Made)
    assert value(run, "run_simple") == Ref("werkzeug.serving.run_simple")
    assert (value(run, "first"), value(run, "second")) == (Const("a"), Const("b"))
    assert value(run, "NAME") == Const("wsgi")
    assert isinstance(value(run, "CALLBACK"), Defined)
    assert value(run, "ENV", "stage") == Const("stage")
    assert value(run, "JOINED") == Const("localhost")
    assert value(run, "walrus") == Const(5)


def test_values_from_project_modules(tmp_path: Path) -> None:
    files = {
        "config.py": 'HOST = "localhost"\n',
        "settings/__init__.py": "from .base import *\n",
        "settings/base.py": '__all__ = ["DEBUG"]\nDEBUG = False\nSECRET = "x"\n',
        "factory.py": "from flask import Flask\napp = Flask(__name__)\n",
    }
    source = (
        "import config\n"
        "from config import HOST\n"
        "from settings import DEBUG, SECRET\n"
        "from factory import app\n"
        "ATTRIBUTE = config.HOST\n"
    )
    run = walk(tmp_path, source, files=files)
    assert value(run, "HOST") == Const("localhost")
    assert value(run, "ATTRIBUTE") == Const("localhost")
    assert value(run, "DEBUG") == Const(False)
    assert value(run, "SECRET") == Ref("settings.SECRET")  # not exported by __all__
    made = value(run, "app")
    assert isinstance(made, Made) and made.qualname == "flask.Flask" and made.path == "factory.py"


def test_unresolvable_star_import_is_recorded(tmp_path: Path) -> None:
    run = walk(tmp_path, "from somewhere import *\nfrom local import *\n", files={"local.py": ""})
    assert [node.module for node in run.star_imports] == ["somewhere"]


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match needs Python 3.10")
def test_match_statements(tmp_path: Path) -> None:
    source = "match command:\n    case 'a':\n        mark('a')\n    case _:\n        mark('b')\n"
    assert marked(walk(tmp_path, source)) == {"a": BOTH, "b": BOTH}


def test_running_code_uses_the_entry_as_main_in_run_mode(tmp_path: Path) -> None:
    project = Project(
        write_project(
            tmp_path,
            {
                "leanengine.yaml": "run: python app.py\n",
                "app.py": "import helper\nif __name__ == '__main__':\n    mark('main')\n",
                "helper.py": "if __name__ == '__main__':\n    mark('helper main')\n",
            },
        )
    )
    runs = running_code(project)
    assert [(r.module.path, r.as_main) for r in runs] == [("app.py", True), ("helper.py", False)]
    assert marked(runs[0]) == {"main": BOTH}
    assert marked(runs[1]) == {}


def test_large_modules_walk_quickly_and_deep_code_is_bounded(tmp_path: Path) -> None:
    lines = [f"NAME_{i} = {i}\nif NAME_{i}:\n    call_{i}(NAME_{i})\n" for i in range(5000)]
    # Deep, but within the depth every CPython compiles (deeper is EL008: undecidable).
    lines.append("x = " + " + ".join(["1"] * 600) + "\n")
    lines.append("y = " + "f(" * 150 + ")" * 150 + "\n")
    lines.append("def f():\n    f()\n    g()\ndef g():\n    f()\nf()\n")
    started = time.monotonic()
    run = walk(tmp_path, "".join(lines))
    assert time.monotonic() - started < 20
    assert not run.truncated
    assert len(run.calls) > 5000


def test_environments_note() -> None:
    assert environments_note(BOTH) == ""
    assert environments_note(STAGE) == " when LEANCLOUD_APP_ENV is stage"
    assert environments_note(NEVER) == ""


def _records(run: ModuleRun) -> tuple[object, ...]:
    """What a run recorded, comparable across two analyses of the same files (nodes by place)."""

    def place(node: ast.AST) -> tuple[object, ...]:
        return (type(node).__name__, node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def shown(value: object) -> str:
        return re.sub(r" at 0x[0-9a-f]+", "", repr(value))

    ran = sorted((place(s), sorted(envs)) for s, envs in run._ran.items())
    calls = [
        (place(site.node), [(v.environment, shown(v.callee), shown(v.args)) for v in site.runs])
        for site in run.calls
    ]
    stores = [(place(s.target), s.environment, shown(s.value)) for s in run.stores]
    final = {
        env: sorted((name, shown(b.value), b.certain, b.deleted) for name, b in names.items())
        for env, names in run.final.items()
    }
    return ran, calls, stores, final


@pytest.mark.parametrize(
    ("files", "walks"),
    [
        # Nothing reads the environment: one walk stands for both.
        ({"wsgi.py": "import os\nimport helpers\nX = os.environ.get('PORT', '1')\n"
                     "def f():\n    global Y\n    Y = helpers.VALUE\nf()\nhelpers.store.x = X\n",
          "helpers.py": "VALUE = 1\nstore = object()\n"}, 2),
        # wsgi.py reads LEANCLOUD_APP_ENV: walked in each environment.
        ({"wsgi.py": "import os\nif os.environ.get('LEANCLOUD_APP_ENV') == 'stage':\n"
                     "    mark('stage')\nelse:\n    mark('production')\n"}, 2),
        # What wsgi.py imports differs between the environments: both walked, each once.
        ({"wsgi.py": "from settings import HOST\nmark(HOST)\n",
          "settings.py": "import os\nHOST = 'a' if os.getenv('LEANCLOUD_APP_ENV') == 'stage' "
                         "else 'b'\n"}, 4),
        # A star import the walk cannot see into changes how the next walk reads names.
        ({"wsgi.py": "mark(unbound)\nfrom nowhere_at_all import *\nmark(unbound)\n"}, 2),
    ],
)
def test_one_walk_stands_for_both_environments_only_when_they_would_go_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], walks: int
) -> None:
    from enginelint.analysis.python import reach
    from enginelint.analysis.python.walk import Walker

    def analysed(root: Path) -> tuple[int, list[tuple[object, ...]]]:
        count = [0]
        real = Walker.walk

        def counting(self: Walker) -> object:
            count[0] += 1
            return real(self)

        monkeypatch.setattr(Walker, "walk", counting)
        project = Project(write_project(root, {".python-version": "3.11\n", **files}))
        runs = [module_run(project, m) for m in (python_module(project, p) for p in files) if m]
        return count[0], [_records(run) for run in runs]

    count, records = analysed(tmp_path / "copied")
    monkeypatch.setattr(reach, "_walks_alike", lambda *args: False)
    both_walked, expected = analysed(tmp_path / "walked")
    assert records == expected
    assert count == walks
    assert both_walked == 2 * len(files)
