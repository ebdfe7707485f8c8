"""Properties of whole runs over generated projects, through every output format.

For any project — valid or broken files, hostile text in contents and file names, numbers of any
length — a lint raises nothing and no rule crashes (no EL006); every finding's span lies inside
its file; every format renders, the JSON and SARIF reports validate against their schemas, the
GitLab report is JSON and the JUnit report is well-formed XML; output is deterministic (a second
lint of the same files gives byte-identical output); and what goes to a terminal (text, concise,
GitHub annotations) holds no raw control character.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given

from enginelint.files import TextFile
from enginelint.runner import ProjectReport, lint_root
from enginelint.settings import Settings
from tests.helpers import FIXTURES
from tests.properties.strategies import budget, project_files, write_files

FORMATS = ["text", "concise", "json", "sarif", "github", "gitlab", "junit"]
# On a terminal: no C0 control but the line break, no DEL or C1 control, no bidirectional or
# invisible formatting character, no surrogate.
RAW_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff"
    "\ud800-\udfff]"
)
# The colour codes rich writes: the only escape sequences text output may hold.
SGR = re.compile("\x1b\\[[0-9;]*m")


@cache
def report_validator() -> Any:
    from jsonschema import Draft202012Validator

    from enginelint.schemas import load_schema

    return Draft202012Validator(load_schema("report"))


@cache
def sarif_validator() -> Any:
    from jsonschema import Draft4Validator

    schema = json.loads((FIXTURES / "schemas" / "sarif-schema-2.1.0.json").read_text())
    return Draft4Validator(schema)


def render(report: ProjectReport, name: str, color: bool = False) -> str:
    import importlib

    from enginelint.formats import FORMATS as MODULES
    from enginelint.formats.text import TextSettings

    module = importlib.import_module(f"enginelint.formats.{MODULES[name]}")
    stream = io.StringIO()
    module.render([report], stream, TextSettings(color=color) if name == "text" else None)
    output = stream.getvalue()
    output.encode("utf-8")  # writable to any UTF-8 stream: no lone surrogate
    return output


def undecoded(report: ProjectReport, relative: str) -> TextFile:
    """A file enginelint could not decode (EL002) or read (EL001), as positions in its bytes
    count: each undecodable byte one character."""
    path = Path(str(report.project.root), *relative.split("/"))
    data = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
    return TextFile(relative, data.decode("utf-8", "replace"))


def check_spans(report: ProjectReport) -> None:
    for diagnostic in report.diagnostics:
        if diagnostic.path is None or diagnostic.span is None:
            continue
        file = report.project.loaded_text(diagnostic.path) or undecoded(report, diagnostic.path)
        span = diagnostic.span
        for position in (span.start, span.end):
            assert 1 <= position.line <= file.line_count, diagnostic
            assert 1 <= position.column <= len(file.line(position.line)) + 1, diagnostic
        assert (span.start.line, span.start.column) <= (span.end.line, span.end.column)


def check_output(name: str, output: str) -> None:
    if name == "json":
        errors = list(report_validator().iter_errors(json.loads(output)))
        assert not errors, errors[0]
    elif name == "sarif":
        errors = list(sarif_validator().iter_errors(json.loads(output)))
        assert not errors, errors[0]
    elif name == "gitlab":
        for issue in json.loads(output):
            assert issue["location"]["lines"]["begin"] >= 1
    elif name == "junit":
        from xml.etree import ElementTree

        ElementTree.fromstring(output.encode("utf-8"))
    elif name == "github":
        for line in output.splitlines():
            assert line.startswith("::"), line
    if name in ("text", "concise", "github"):
        found = RAW_CONTROL.search(SGR.sub("", output))
        assert found is None, (name, found, output[max(0, found.start() - 40) : found.end() + 40])


@budget(1.0)
@given(project_files())
def test_every_format_on_any_project(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        write_files(root, files)
        report = lint_root(root, Settings(), cwd=root)
        crashed = [d.message for d in report.diagnostics if d.code == "EL006"]
        assert not crashed, crashed
        check_spans(report)
        first = {}
        for name in FORMATS:
            first[name] = render(report, name)
            check_output(name, first[name])
        check_output("text", render(report, "text", color=True))
        again = lint_root(root, Settings(), cwd=root)
        for name in FORMATS:
            assert render(again, name) == first[name], name
