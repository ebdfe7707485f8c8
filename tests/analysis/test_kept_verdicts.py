"""Verdicts kept across lints (the language server's mode): an edit re-judges only the edited
file, and what is reported is what a fresh lint reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from enginelint import runner
from enginelint.analysis.python import parse, syntax
from enginelint.settings import Settings


def _project(root: Path) -> None:
    (root / "wsgi.py").write_text("from app import app\napplication = app\n")
    (root / "app.py").write_text(
        "from flask import Flask\nimport helpers\napp = Flask(__name__)\n"
        "if __name__ == '__main__':\n    app.run(host='127.0.0.1')\n"
    )
    (root / "helpers.py").write_text("def helper():\n    return 1\n")
    (root / "requirements.txt").write_text("Flask>=2,<3\n")
    (root / ".python-version").write_text("3.11\n")


def _codes(report: Any) -> list[tuple[str, str, str]]:
    return sorted((d.code, d.path or "", d.message) for d in report.diagnostics)


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = syntax.judge

    def counting(text: str, relative: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(relative)
        return real(text, relative, *args, **kwargs)

    monkeypatch.setattr(syntax, "judge", counting)
    monkeypatch.setattr(parse, "_KEPT", None)
    return calls


def test_an_edit_rejudges_only_the_edited_file(tmp_path: Path, judged: list[str]) -> None:
    _project(tmp_path)
    parse.keep_verdicts(100)
    runner.lint_root(tmp_path, Settings())
    assert sorted(judged) == ["app.py", "helpers.py", "wsgi.py"]
    judged.clear()
    edited = {"helpers.py": b"def helper(:\n"}
    kept = runner.lint_root(tmp_path, Settings(), buffers=edited)
    assert judged == ["helpers.py"]
    parse._KEPT = None  # the command line's mode: judge everything afresh
    fresh = runner.lint_root(tmp_path, Settings(), buffers=edited)
    assert _codes(kept) == _codes(fresh)
    assert any(code == "EL003" for code, _, _ in _codes(kept))


def test_the_oldest_verdict_goes_first(tmp_path: Path, judged: list[str]) -> None:
    _project(tmp_path)
    parse.keep_verdicts(2)
    runner.lint_root(tmp_path, Settings())
    assert parse._KEPT is not None and len(parse._KEPT) == 2
    judged.clear()
    runner.lint_root(tmp_path, Settings())
    assert judged  # three files, room for two: something is judged again


def test_a_new_target_python_is_judged_afresh(tmp_path: Path, judged: list[str]) -> None:
    _project(tmp_path)
    parse.keep_verdicts(100)
    runner.lint_root(tmp_path, Settings())
    judged.clear()
    runner.lint_root(tmp_path, Settings(), buffers={".python-version": b"3.6\n"})
    assert sorted(judged) == ["app.py", "helpers.py", "wsgi.py"]
