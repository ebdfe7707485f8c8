"""Big trees: every module analysed, each parsed and walked once, file lookups that do not grow
with the path, and the generated benchmark trees report what was planted in them.

Nothing here times anything: the guards are counts (parses, walks, `lstat` calls per module).
"""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

import pytest

from bench.trees import cycle_tree, p2_tree
from tests.helpers import lint_json, write_project


def test_p2_tree_reports_the_finding_planted_in_its_last_module(tmp_path: Path) -> None:
    planted = p2_tree(tmp_path / "p", modules=120, venv_files=30)
    found = lint_json(tmp_path / "p", select=["EL501", "EL105", "EL003", "EL005"])
    assert [(d["code"], d["path"]) for d in found] == [("EL501", planted.path)]


def test_a_10000_module_import_ring_is_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every module of the ring is read, judged and walked once (a walk that never looks at
    the cloud environment stands for both), and reading one costs one `lstat` whatever the size
    of the tree: the root is resolved once per run, not once per file."""
    from enginelint.analysis.python import syntax
    from enginelint.analysis.python.walk import Walker

    count = 10_000
    root = tmp_path / "p"
    planted = cycle_tree(root, count)
    calls = {"judge": 0, "walk": 0, "lstat": 0}
    judge, walk, lstat = syntax.judge, Walker.walk, os.lstat

    def counting_judge(*args: object, **kwargs: object) -> object:
        calls["judge"] += 1
        return judge(*args, **kwargs)  # type: ignore[arg-type]

    def counting_walk(self: Walker) -> object:
        calls["walk"] += 1
        return walk(self)

    def counting_lstat(*args: object, **kwargs: object) -> os.stat_result:
        calls["lstat"] += 1
        return lstat(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(syntax, "judge", counting_judge)
    monkeypatch.setattr(Walker, "walk", counting_walk)
    monkeypatch.setattr(os, "lstat", counting_lstat)
    found = lint_json(root, select=["EL501", "EL105", "EL005"])
    assert [(d["code"], d["path"]) for d in found] == [("EL501", planted.path)]
    assert calls["judge"] == count + 1  # the entry, then each module of the ring
    assert calls["walk"] == count + 1  # not once per cloud environment: nothing reads it
    # Reading a module looks at that file alone; the root is resolved once for the run, and a
    # few dozen other questions (the config files, the root's components) do not grow.
    assert calls["lstat"] <= (count + 1) + 100


def test_the_statement_index_holds_every_statement_in_source_order() -> None:
    from enginelint.analysis.python.parse import _index_statements, walk_statements

    source = (
        "import os\n"
        "def f(a, *b, c=1, **d):\n"
        "    global g, h\n"
        "    x = {**d, 'k': [a async for a in b] if a else None}\n"
        "    try:\n"
        "        import json\n"
        "    except (ImportError, OSError) as error:\n"
        "        raise ValueError(f'{error!r:>10}') from error\n"
        "    else:\n"
        "        pass\n"
        "    finally:\n"
        "        del x\n"
        "@decorator(1)\n"
        "class C(Base, metaclass=M):\n"
        "    y: int = lambda: (yield)\n"
        "    if y:\n"
        "        for z in y:\n"
        "            while z:\n"
        "                with z as w:\n"
        "                    break\n"
        "        else:\n"
        "            from . import v\n"
    )
    if sys.version_info >= (3, 10):
        source += "match os:\n    case {'k': 1}:\n        import sys\n    case _:\n        pass\n"
    tree = ast.parse(source)
    expected = [node for node in ast.walk(tree) if isinstance(node, ast.stmt)]
    expected.sort(key=lambda node: (node.lineno, node.col_offset))
    assert [id(node) for node in walk_statements(tree.body)] == [id(node) for node in expected]
    index = _index_statements(tree)
    assert sorted(id(node) for nodes in index.values() for node in nodes) == sorted(
        id(node) for node in expected
    )
    assert all(type(node) is kind for kind, nodes in index.items() for node in nodes)


@pytest.mark.parametrize(
    "guard",
    [
        "try:\n    import nowhere_{n}\nexcept ImportError:\n    nowhere_{n} = None\n",
        "if TYPE_CHECKING:\n    import nowhere_{n}\n",
        "if typing.TYPE_CHECKING:\n    from nowhere_{n} import x\n",
        "with contextlib.suppress(ImportError):\n    import nowhere_{n}\n",
        # Spelt with a fullwidth letter, which the tree reads as `TYPE_CHECKING`.
        "if \uff34YPE_CHECKING:\n    import nowhere_{n}\n",
        "def f():\n    if x:\n        try:\n            import nowhere_{n}\n"
        "        except (OSError, ImportError):\n            pass\nf()\n",
    ],
)
def test_guarded_imports_are_found_at_any_depth(tmp_path: Path, guard: str) -> None:
    """EL105 leaves expected failures alone, found through the statement index; the same
    import unguarded is reported."""
    prelude = "import contextlib\nimport typing\nfrom typing import TYPE_CHECKING\nx = 1\n"
    files = {
        "requirements.txt": "Flask>=2,<3\n",
        ".python-version": "3.11\n",
        "wsgi.py": "import guarded\nimport unguarded\napplication = None\n",
        "guarded.py": prelude + guard.format(n=1),
        "unguarded.py": "import nowhere_2\n",
    }
    found = lint_json(write_project(tmp_path / "p", files), select=["EL105"])
    assert [(d["code"], d["path"]) for d in found] == [("EL105", "unguarded.py")]
