"""Trees let go of the bodies no walk entered once their module is analysed, and no finding
changes: the module-wide questions are answered first, and readers of whole files parse again.

A big tree holds thousands of modules at once; their function bodies were most of the memory
(`bench/perf.py`'s P4-P2). These tests pin what goes, what stays, and that each reader that
looks beyond what ran still sees it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from enginelint.analysis.python import parse
from enginelint.analysis.python.parse import PythonModule, python_module
from enginelint.analysis.python.running import running_code
from enginelint.project import Project
from tests.helpers import lint_json, write_project

BASE = {"requirements.txt": "Flask>=2,<3\n", ".python-version": "3.11\n"}

HELPERS = """\
from __future__ import annotations

import os


def called(value: int = 1) -> int:
    return value


def uncalled(value: os.PathLike[str], *rest: int, **options: str) -> str:
    import json
    return json.dumps(value)


class Model:
    def method(self) -> None:
        pass


RESULT = called()
"""


def _definition(module: PythonModule, name: str) -> ast.stmt:
    found = [
        node
        for node in ast.walk(module.tree)
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name
    ]
    assert len(found) == 1, name
    return found[0]


def test_bodies_no_walk_entered_go_and_the_entry_keeps_its_tree(tmp_path: Path) -> None:
    source = "import helpers\ndef application(environ, start_response):\n    return []\n"
    root = write_project(tmp_path / "p", {**BASE, "wsgi.py": source, "helpers.py": HELPERS})
    project = Project(root)
    runs = running_code(project)
    entry, helpers = (run.module for run in runs)
    assert not entry.trimmed and _definition(entry, "application").body
    assert helpers.trimmed
    called = _definition(helpers, "called")
    uncalled = _definition(helpers, "uncalled")
    assert called.body and not uncalled.body and not _definition(helpers, "Model").body
    # Under PEP 563 the annotations of a function never run: those that went with the body.
    assert isinstance(uncalled, ast.FunctionDef)
    annotations = [a.annotation for a in (*uncalled.args.args, uncalled.args.vararg)]
    assert uncalled.returns is None and annotations == [None, None]
    assert isinstance(called, ast.FunctionDef) and called.returns is not None
    # The signature stays: EL104 reads it off the definition that a name is bound to.
    assert [a.arg for a in uncalled.args.args] == ["value"]


def test_a_whole_module_is_judged_again_for_readers_of_every_body(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "p", {**BASE, "wsgi.py": "import helpers\n", "helpers.py": HELPERS}
    )
    project = Project(root)
    running_code(project)
    trimmed = python_module(project, "helpers.py")
    whole = python_module(project, "helpers.py", whole=True)
    assert trimmed is not None and trimmed.trimmed
    assert whole is not None and not whole.trimmed and whole is not trimmed
    assert ast.dump(whole.tree) == ast.dump(ast.parse(HELPERS))


def test_kept_verdicts_are_never_trimmed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A language server shares judged trees between lints: the next lint may walk more."""
    root = write_project(
        tmp_path / "p", {**BASE, "wsgi.py": "import helpers\n", "helpers.py": HELPERS}
    )
    monkeypatch.setattr(parse, "_KEPT", None)  # restored after the test
    monkeypatch.setattr(parse, "_KEPT_LIMIT", 0)
    parse.keep_verdicts(16)
    runs = running_code(Project(root))
    assert not runs[1].module.trimmed
    assert _definition(runs[1].module, "uncalled").body


def test_a_global_declared_in_an_uncalled_function_still_counts(tmp_path: Path) -> None:
    """EL105 stays quiet on `from m import name` when a function of m may bind `name`."""
    files = {
        **BASE,
        "wsgi.py": "import helpers\nfrom config import late\napplication = None\n",
        "helpers.py": "import config\n",
        "config.py": "def setup():\n    global late\n    late = 1\n",
    }
    assert lint_json(write_project(tmp_path / "p", files), select=["EL105"]) == []


def test_whole_file_rules_see_bodies_that_never_ran(tmp_path: Path) -> None:
    """EL602 reads every committed file, including a running module's uncalled functions."""
    files = {
        **BASE,
        "wsgi.py": "import helpers\napplication = None\n",
        "helpers.py": (
            "import leancloud\n"
            "def uncalled():\n"
            '    leancloud.init("abcdefghijklmnopqrstuvwx-gzGzoHsz", '
            'master_key="Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA")\n'
        ),
    }
    # EL105 runs first and has the running modules analysed (and trimmed) before EL602 reads.
    found = lint_json(write_project(tmp_path / "p", files), select=["EL105", "EL602"])
    assert [(d["code"], d["path"]) for d in found if d["code"] == "EL602"] == [
        ("EL602", "helpers.py")
    ]


def test_annotations_count_as_running_code_only_where_they_are_evaluated(
    tmp_path: Path,
) -> None:
    """EL604 reads a function's annotations as code that runs at its definition, except under
    `from __future__ import annotations`, which never evaluates them."""
    body = (
        "import os\n"
        'def handler(port: os.environ["LEANCLOUD_APP_PORTS"] = 1):\n'
        "    return port\n"
        "application = None\n"
    )
    future = "from __future__ import annotations\n"
    for prefix, expected in (("", ["EL604"]), (future, [])):
        files = {**BASE, "wsgi.py": prefix + body}
        root = write_project(tmp_path / f"p{len(prefix)}", files)
        assert [d["code"] for d in lint_json(root, select=["EL604"])] == expected
