"""Where "Ignore EL… on this line" puts its suppression, file kind by file kind."""

from __future__ import annotations

from typing import Optional

import pytest

from enginelint.diagnostics import Diagnostic, Span
from enginelint.files import TextFile
from enginelint.server.ignore_line import suppression


def ignored(path: str, text: str, line: int, code: str = "EL501") -> Optional[str]:
    diagnostic = Diagnostic(code, "name", "error", "message", path, Span.of(line, 1, line, 2))
    found = suppression(TextFile(path, text), diagnostic)
    if found is None:
        return None
    start, end, inserted = found
    return text[:start] + inserted + text[end:]


def test_python_gets_a_trailing_comment() -> None:
    assert ignored("app.py", "x = 1\napp.run(host='127.0.0.1')\n", 2) == (
        "x = 1\napp.run(host='127.0.0.1')  # enginelint: ignore[EL501]\n")


def test_python_line_continued_with_a_backslash_gets_the_line_above() -> None:
    text = "if True:\n    x = 1 + \\\n        2\n"
    assert ignored("app.py", text, 2) == (
        "if True:\n    # enginelint: ignore[EL501]\n    x = 1 + \\\n        2\n")


def test_inside_a_multi_line_string_there_is_no_place() -> None:
    text = 'x = """\nsecret\n"""\n'
    assert ignored("app.py", text, 2) is None


def test_an_existing_suppression_is_extended() -> None:
    text = "# enginelint: ignore[EL201]\nFlask>=1\n"
    assert ignored("requirements.txt", text, 2, "EL202") == (
        "# enginelint: ignore[EL201, EL202]\nFlask>=1\n")


def test_leanignore_takes_no_trailing_comment() -> None:
    assert ignored(".leanignore", "*.pyc\n", 1, "EL108") == (
        "# enginelint: ignore[EL108]\n*.pyc\n")


def test_yaml_block_scalars_are_not_commented() -> None:
    text = "run: |\n  gunicorn -b 127.0.0.1:3000 wsgi\n"
    # A `#` inside the block scalar would be part of the command; the line above is too.
    assert ignored("leanengine.yaml", text, 2, "EL504") is None
    assert ignored("leanengine.yaml", "startupTimout: 60\n", 1, "EL402") == (
        "startupTimout: 60  # enginelint: ignore[EL402]\n")


@pytest.mark.parametrize("code, path", [("EL006", "app.py"), ("EL306", "runtime.txt")])
def test_never_offered(code: str, path: str) -> None:
    assert ignored(path, "python-3.9\n", 1, code) is None


def test_keeps_crlf() -> None:
    assert ignored(".leanignore", "a\r\n*.pyc\r\n", 2, "EL108") == (
        "a\r\n# enginelint: ignore[EL108]\r\n*.pyc\r\n")
