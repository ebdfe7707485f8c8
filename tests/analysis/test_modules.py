"""Import resolution and the set of modules that run on the platform."""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

import pytest

from enginelint.analysis.python import running as modules_analysis
from enginelint.analysis.python.imports import absolute_base, import_targets
from enginelint.analysis.python.modules import find_module, module_name
from enginelint.analysis.python.parse import python_module
from enginelint.analysis.python.running import running_modules
from enginelint.project import Project
from tests.helpers import write_project

WSGI = "def application(environ, start_response):\n    return []\n"


def project(tmp_path: Path, files: dict[str, str]) -> Project:
    return Project(write_project(tmp_path, files))


def running(tmp_path: Path, files: dict[str, str]) -> list[str]:
    return [m.path for m in running_modules(project(tmp_path, files))]


def test_package_wins_over_module_and_namespace_packages_have_no_file(tmp_path: Path) -> None:
    p = project(
        tmp_path,
        {"wsgi.py": WSGI, "app.py": "", "app/__init__.py": "", "ns/sub.py": "", "plain.py": ""},
    )
    assert find_module(p, "app") == "app/__init__.py"
    assert find_module(p, "plain") == "plain.py"
    assert find_module(p, "ns") is None
    assert find_module(p, "ns.sub") == "ns/sub.py"
    assert find_module(p, "missing") is None


def test_preloaded_stdlib_names_are_never_project_files(tmp_path: Path) -> None:
    p = project(tmp_path, {"wsgi.py": "import os\nimport sys\n" + WSGI, "os.py": "", "sys.py": ""})
    assert find_module(p, "os") is None
    assert find_module(p, "sys") is None
    assert running_modules(p)[0].path == "wsgi.py"
    assert [m.path for m in running_modules(p)] == ["wsgi.py"]


def test_module_names_follow_the_build_root(tmp_path: Path) -> None:
    p = project(
        tmp_path,
        {
            "leanengine.yaml": "buildRoot: server\n",
            "server/wsgi.py": WSGI,
            "server/pkg/__init__.py": "",
            "server/pkg/mod.py": "",
        },
    )
    assert module_name(p, "server/pkg/mod.py") == "pkg.mod"
    assert module_name(p, "server/pkg/__init__.py") == "pkg"
    assert module_name(p, "elsewhere/x.py") is None
    assert find_module(p, "pkg.mod") == "server/pkg/mod.py"


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        ("pkg/mod.py", "from . import x", "pkg"),
        ("pkg/mod.py", "from .sibling import x", "pkg.sibling"),
        ("pkg/__init__.py", "from .sub import x", "pkg.sub"),
        ("pkg/sub/mod.py", "from .. import x", "pkg"),
        ("pkg/sub/mod.py", "from ..other import x", "pkg.other"),
        ("pkg/mod.py", "from .. import x", None),
        ("top.py", "from . import x", None),
        ("top.py", "from pkg.sub import x", "pkg.sub"),
    ],
)
def test_absolute_base_of_relative_imports(
    tmp_path: Path, path: str, source: str, expected: str
) -> None:
    p = project(tmp_path, {"wsgi.py": WSGI, path: source + "\n"})
    module = python_module(p, path)
    assert module is not None
    node = module.tree.body[0]
    assert isinstance(node, ast.ImportFrom)
    assert absolute_base(module, node) == expected


def test_import_targets_include_packages_and_submodules(tmp_path: Path) -> None:
    p = project(
        tmp_path,
        {
            "wsgi.py": "import pkg.sub.leaf\nfrom pkg import helpers, CONSTANT\n" + WSGI,
            "pkg/__init__.py": "CONSTANT = 1\n",
            "pkg/helpers.py": "",
            "pkg/sub/__init__.py": "",
            "pkg/sub/leaf.py": "",
        },
    )
    entry = python_module(p, "wsgi.py")
    assert entry is not None
    first, second = entry.tree.body[:2]
    assert import_targets(p, entry, first) == [
        "pkg/__init__.py",
        "pkg/sub/__init__.py",
        "pkg/sub/leaf.py",
    ]
    assert import_targets(p, entry, second) == ["pkg/__init__.py", "pkg/helpers.py"]


def test_transitive_imports_and_relative_imports(tmp_path: Path) -> None:
    files = {
        "wsgi.py": "import flask\nfrom app import app as application\n",
        "app/__init__.py": "from .views import app\nfrom . import models\n",
        "app/views.py": "from .models import Item\napp = object()\n",
        "app/models.py": "import json\nfrom app import helpers\nItem = 1\n",
        "app/helpers.py": "",
        "unused.py": "",
    }
    assert running(tmp_path, files) == [
        "wsgi.py",
        "app/__init__.py",
        "app/views.py",
        "app/models.py",
        "app/helpers.py",
    ]


def test_only_imports_in_code_that_runs_count(tmp_path: Path) -> None:
    files = {
        "wsgi.py": (
            "import os\n"
            "import called\n"
            "def setup():\n"
            "    import from_called_function\n"
            "def never():\n"
            "    import from_uncalled_function\n"
            'if os.environ.get("LEANCLOUD_APP_ENV") == "development":\n'
            "    import development_only\n"
            'if __name__ == "__main__":\n'
            "    import main_only\n"
            "setup()\n" + WSGI
        ),
        "called.py": "",
        "from_called_function.py": "",
        "from_uncalled_function.py": "",
        "development_only.py": "",
        "main_only.py": "",
    }
    assert running(tmp_path, files) == ["wsgi.py", "called.py", "from_called_function.py"]


def test_main_block_imports_count_in_run_mode(tmp_path: Path) -> None:
    files = {
        "leanengine.yaml": "run: python wsgi.py\n",
        "wsgi.py": 'if __name__ == "__main__":\n    import main_only\n' + WSGI,
        "main_only.py": "",
    }
    assert running(tmp_path, files) == ["wsgi.py", "main_only.py"]


def test_cycles_terminate(tmp_path: Path) -> None:
    files = {
        "wsgi.py": "import a\n" + WSGI,
        "a.py": "import b\nfrom b import VALUE\n",
        "b.py": "import a\nfrom a import *\nVALUE = 1\n",
    }
    assert running(tmp_path, files) == ["wsgi.py", "a.py", "b.py"]


def test_the_graph_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(modules_analysis, "MAX_MODULES", 3)
    files = {"wsgi.py": "import m0\n" + WSGI}
    files.update({f"m{i}.py": f"import m{i + 1}\n" for i in range(10)})
    assert running(tmp_path, files) == ["wsgi.py", "m0.py", "m1.py"]


def test_broken_entry_gives_no_modules_and_el003(tmp_path: Path) -> None:
    p = project(tmp_path, {"wsgi.py": "def application(:\n", "app.py": ""})
    assert running_modules(p) == []
    assert [problem.path for problem in p.problems("EL003")] == ["wsgi.py"]


def test_broken_imported_module_is_el003_and_skipped(tmp_path: Path) -> None:
    p = project(tmp_path, {"wsgi.py": "import app\n" + WSGI, "app.py": "x = (\n"})
    assert [m.path for m in running_modules(p)] == ["wsgi.py"]
    assert [problem.path for problem in p.problems("EL003")] == ["app.py"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_module_is_not_opened(tmp_path: Path) -> None:
    p = project(tmp_path, {"wsgi.py": "import app\n" + WSGI})
    os.mkfifo(tmp_path / "app.py")
    assert [m.path for m in running_modules(p)] == ["wsgi.py"]
    assert [problem.path for problem in p.problems("EL001")] == ["app.py"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_a_module_outside_the_root_is_not_parsed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("x = (\n", encoding="utf-8")
    root = tmp_path / "project"
    p = project(root, {"wsgi.py": "import app\n" + WSGI})
    (root / "app.py").symlink_to(outside)
    assert [m.path for m in running_modules(p)] == ["wsgi.py"]
    assert p.problems("EL003") == []
    assert [problem.path for problem in p.problems("EL001")] == ["app.py"]
