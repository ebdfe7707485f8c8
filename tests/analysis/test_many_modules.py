"""Every module the entry reaches is analysed: no silent limit, and EL005 when a bound stops it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import lint_json, run_cli, write_project

BASE = {
    "requirements.txt": "Flask>=2,<3\n",
    ".python-version": "3.11\n",
    "leanengine.yaml": "run: python wsgi.py\n",
}


def chain_project(root: Path, count: int) -> Path:
    """wsgi.py imports m1, m1 imports m2, …; the last module starts a server on loopback."""
    files = dict(BASE)
    files["wsgi.py"] = "import m1\n"
    for index in range(1, count):
        files[f"m{index}.py"] = f"import m{index + 1}\nVALUE = {index}\n"
    files[f"m{count}.py"] = (
        "from flask import Flask\n"
        "app = Flask(__name__)\n"
        'app.run(host="127.0.0.1", port=3000)\n'
    )
    return write_project(root, files)


def test_the_5000th_module_is_analysed(tmp_path: Path) -> None:
    project = chain_project(tmp_path / "p", 5_000)
    result = run_cli("--format", "json", "--select", "EL501,EL005", str(project))
    diagnostics = json.loads(result.stdout)["projects"][0]["diagnostics"]
    assert [(d["code"], d["path"]) for d in diagnostics] == [("EL501", "m5000.py")]


def test_a_bound_that_stops_the_analysis_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from enginelint.analysis.python import running

    monkeypatch.setattr(running, "MAX_MODULES", 10)
    project = chain_project(tmp_path / "p", 30)
    found = lint_json(project, select=["EL005", "EL501"])
    assert [d["code"] for d in found] == ["EL005"]
    assert found[0]["severity"] == "info"
    assert "first 10 modules" in found[0]["message"]
    assert "1 more imported modules (the first: `m10.py`)" in found[0]["message"]


def test_a_walk_bound_is_reported_once_per_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from enginelint import walk

    monkeypatch.setattr(walk, "MAX_ENTRIES", 5)
    files = {**BASE, "wsgi.py": "application = None\n"}
    files.update({f"data/f{index}.txt": "x\n" for index in range(20)})
    project = write_project(tmp_path / "p", files)
    found = lint_json(project, select=["EL005"])
    messages = sorted(d["message"] for d in found)
    assert [d["path"] for d in found] == [None, None]
    assert "the upload view stopped after" in messages[0]
    assert "the whole-tree scan" in messages[1]
