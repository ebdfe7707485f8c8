"""Regression tests for what fuzzing found: numbers too long to convert, a YAML merge fan-out,
raw control characters on the terminal and in CI logs, undecodable file names, and inputs that
made a run quadratic. (Golden fixtures cover more: EL304/huge-minor-number, EL405/huge-number,
EL004/merge-key-fan-out, EL004/ok-merge-chain, EL105/ok-huge-hex-literal,
EL502/ok-port-string-too-long.)"""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest

from enginelint import numbers
from enginelint.files import decode
from enginelint.parsers.engine_yaml import parse_engine_yaml
from enginelint.runner import lint_root
from enginelint.settings import Settings
from tests.helpers import codes, lint_json, run_cli, write_project

WSGI = (
    "def application(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
    '    return [b"ok"]\n'
)
BASELINE = {"wsgi.py": WSGI, "requirements.txt": "requests>=2.31,<3\n", ".python-version": "3.11\n"}
LONG = "1" * 5_000  # past CPython's 4,300-digit conversion limit


# --- syntax errors are read from the source in memory ---------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_el003_never_reads_a_file_of_the_same_name_in_the_working_folder(tmp_path: Path) -> None:
    # CPython fills some syntax errors' text by opening the file name it was given: given
    # `wsgi.py`, it opened the working folder's `wsgi.py` (here a FIFO, which blocks forever).
    project = write_project(tmp_path / "p", {**BASELINE, "wsgi.py": "def f(:\n" + WSGI})
    elsewhere = tmp_path / "w"
    elsewhere.mkdir()
    os.mkfifo(elsewhere / "wsgi.py")
    result = run_cli("--format", "json", "--no-cache", str(project), cwd=elsewhere, timeout=30)
    diagnostics = json.loads(result.stdout)["projects"][0]["diagnostics"]
    found = [d for d in diagnostics if d["code"] == "EL003"]
    assert [(d["path"], d["start"]["line"]) for d in found] == [("wsgi.py", 1)], result.stderr


# --- numbers -----------------------------------------------------------------------------------
def test_read_int_never_raises_and_keeps_order() -> None:
    huge = numbers.read_int(LONG)
    assert isinstance(huge, numbers.Oversized) and huge > 10**90 and huge > 65_535
    assert str(huge) == "11111111…11111111 (5,000 digits)" == f"{huge}" == f"{huge:,}"
    negative = numbers.read_int("-" + LONG)
    assert negative is not None and negative < -(10**90) and str(negative).startswith("-1111")
    assert numbers.read_int("0042") == 42 and numbers.read_int("-7") == -7
    assert numbers.read_int("ff", 16) == 255 and numbers.read_int("1_0") is None
    assert numbers.read_int(" 1") is None and numbers.read_int("") is None
    hexadecimal = numbers.read_int("f" * 10_000, 16)
    assert str(hexadecimal) == "0xffffff…ffffffff (10,000 digits)"
    assert numbers.show_int(16**10_000).endswith("digits)")


@pytest.mark.parametrize("name", [".enginelint.toml", "pyproject.toml"])
def test_settings_number_too_long_is_one_line_naming_file_and_key(
    tmp_path: Path, name: str
) -> None:
    table = "[tool.enginelint]\n" if name == "pyproject.toml" else ""
    project = write_project(tmp_path / "p", {
        **BASELINE, name: f"{table}fail-on = \"error\"\nmax-file-size = {LONG}\n",
    })
    result = run_cli(str(project))
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "internal error" not in result.stderr
    assert name in result.stderr and "max-file-size" in result.stderr
    assert "5,000 digits" in result.stderr


@pytest.mark.parametrize("version", [f"3.{LONG}", f"{LONG}.11", f"3.11.{LONG}", f"3.13rc{LONG}"])
def test_python_version_with_huge_numbers(tmp_path: Path, version: str) -> None:
    project = write_project(tmp_path / "p", {**BASELINE, ".python-version": version + "\n"})
    found = lint_json(project)
    assert "EL006" not in codes(found)
    assert {"EL304", "EL309"} & set(codes(found))
    assert all(len(d["message"]) < 400 for d in found)


@pytest.mark.parametrize("value, shown", [
    (LONG, "11111111…11111111 (5,000 digits)"),
    ("-" + LONG, "-1111111…11111111 (5,000 digits)"),
    ("0x" + "f" * 10_000, "0xffffff…ffffffff (10,000 digits)"),
    ("0o" + "7" * 10_000, "0o777777…77777777 (10,000 digits)"),
])
def test_startup_timeout_with_huge_numbers(tmp_path: Path, value: str, shown: str) -> None:
    project = write_project(tmp_path / "p", {**BASELINE, "leanengine.yaml":
                                             f"startupTimeout: {value}\n"})
    found = lint_json(project)
    assert codes(found) == ["EL405"]
    assert shown in found[0]["message"]


def test_huge_numbers_in_python_code_crash_no_rule(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {
        **BASELINE,
        "leanengine.yaml": "run: python app.py\n",
        "app.py": "import os\nfrom flask import Flask\napp = Flask(__name__)\n"
                  f"PORT = '{LONG}'\nLIMIT = 0x{'f' * 10_000}\n"
                  f"if LIMIT == 3 or -0x{'f' * 10_000} < 0:\n    import nowhere\n"
                  "app.run(host='0.0.0.0', port=PORT)\n",
    })
    assert "EL006" not in codes(lint_json(project))


# --- YAML expansion ----------------------------------------------------------------------------
def _merge_fan_out(references: int, levels: int) -> str:
    lines = ["l0: &l0 {a: 1, b: 2}"]
    for level in range(1, levels + 1):
        merged = ", ".join([f"*l{level - 1}"] * references)
        lines.append(f"l{level}: &l{level} {{<<: [{merged}], k{level}: {level}}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("references, levels", [(8, 12), (2, 20), (1, 2_000)])
def test_merge_keys_count_against_the_expansion_budget(references: int, levels: int) -> None:
    file = decode("leanengine.yaml", _merge_fan_out(references, levels).encode())
    assert not isinstance(file, type(None))
    started = time.perf_counter()
    config, problem = parse_engine_yaml(file)  # type: ignore[arg-type]
    assert time.perf_counter() - started < 5  # was minutes for the first
    if references == 1 and levels > 100:
        assert problem is not None  # too deep, or too long: read no further either way
        return
    assert config is None and problem is not None
    assert "expands too much" in problem[0] and "`<<` merges" in problem[0]


def test_block_scalar_spans_never_end_inside_a_crlf() -> None:
    file = decode("leanengine.yaml", b"run: |\r\n  python app.py\r\n")
    config, problem = parse_engine_yaml(file)  # type: ignore[arg-type]
    assert problem is None and config is not None
    span = config.substring_span(("run",), 0, len(config.get("run")))
    assert span is not None and (span.end.line, span.end.column) == (3, 1)


# --- escaping ----------------------------------------------------------------------------------
def test_usage_error_cannot_inject_a_workflow_command(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", BASELINE)
    result = run_cli("--select", "EL1\n::error file=x::pwned", str(project))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert not any(line.startswith("::") for line in result.stderr.splitlines())
    assert "EL1\\x0a::error" in result.stderr


def test_usage_error_shows_control_characters_escaped(tmp_path: Path) -> None:
    result = run_cli("--select", "\x1b]0;owned\x07\x1b[2J\u202eEL1", str(tmp_path))
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\u202e" not in result.stderr
    assert "\\x1b]0;owned\\x07\\x1b[2J\\u202eEL1" in result.stderr
    missing = run_cli("no-such\x1b[31m-folder\u202e")
    assert missing.returncode == 2 and "\x1b" not in missing.stderr
    assert "no-such\\x1b[31m-folder\\u202e" in missing.stderr


def test_concise_output_escapes_file_content(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {
        **BASELINE, "requirements.txt": "flask>=1.0 # \x1b[2J\x1b]0;t\x07 \u202e\n",
        ".python-version": "3.11\x1b[31m\n",
    })
    result = run_cli("--format", "concise", str(project))
    assert result.returncode == 1, result.stderr
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in result.stdout
    assert "3.11\\x1b[31m" in result.stdout


def test_github_and_junit_escape_what_their_readers_interpret(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {**BASELINE, ".python-version": "3.11\x1b[2J\x0b\n"})
    annotations = run_cli("--format", "github", str(project)).stdout
    assert "\x1b" not in annotations and "\\x1b[2J" in annotations
    assert all(line.startswith("::") for line in annotations.splitlines())
    junit = run_cli("--format", "junit", str(project)).stdout
    assert "\x1b" not in junit and "\x0b" not in junit
    ElementTree.fromstring(junit.encode())  # XML 1.0 cannot hold ESC or VT, even escaped


@pytest.mark.skipif(os.name == "nt", reason="file names must be bytes")
def test_undecodable_file_names_in_every_format(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", BASELINE)
    odd = os.path.join(os.fsencode(project), b"venv\xff")
    os.mkdir(odd)
    with open(os.path.join(odd, b"pyvenv.cfg"), "wb") as handle:
        handle.write(b"home = /usr\n")
    for name in ("text", "concise", "json", "sarif", "github", "gitlab", "junit"):
        result = run_cli("--format", name, str(project))
        assert result.returncode in (0, 1), (name, result.stderr)
        # The byte shows as `\xff` (in JSON, as the string `\\xff`).
        assert "venv\\xff" in result.stdout.replace("\\\\", "\\"), name
        if name in ("json", "sarif", "gitlab"):
            json.loads(result.stdout)


def test_sarif_uris_are_percent_encoded(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {**BASELINE, "leanengine.yaml": "runtime: node\n"})
    spaced = tmp_path / "my project"
    project.rename(spaced)
    sarif = json.loads(run_cli("--format", "sarif", "my project", cwd=tmp_path).stdout)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]]
    assert "my%20project/leanengine.yaml" in uris


# --- bounded work ------------------------------------------------------------------------------
def test_text_excerpt_and_message_are_cut_to_a_width(tmp_path: Path) -> None:
    from enginelint.formats import text

    before, marked, after = text.excerpt_parts("a" * 100_000 + "B" + "\x1b" * 100_000,
                                               100_000, 100_001)
    assert marked == "B" and before.startswith("…") and len(before) == 60
    assert len(before + marked + after) <= 201
    project = write_project(tmp_path / "p", {**BASELINE, ".python-version": "\x1b" * 199_000})
    report = lint_root(project, Settings(), cwd=project)
    stream = io.StringIO()
    text.render([report], stream, text.TextSettings(color=True))
    assert max(len(line) for line in stream.getvalue().splitlines()) < 1_200


def test_names_imported_from_a_module_scan_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """10,000 modules importing a name from the entry made EL105 rescan the entry for each of
    them (minutes); the scan is now done once per module."""
    from enginelint.analysis.python.parse import PythonModule

    modules = 300
    names = ", ".join(f"m{i}" for i in range(modules))
    files = {**BASELINE, "wsgi.py": WSGI + f"from pkg import {names}\n", "pkg/__init__.py": ""}
    files.update({f"pkg/m{i}.py": "from wsgi import application\n" for i in range(modules)})
    project = write_project(tmp_path / "p", files)
    calls: list[str] = []
    original = PythonModule.declared_globals

    def counting(module: PythonModule) -> frozenset[str]:
        calls.append(module.path)
        return original(module)

    monkeypatch.setattr(PythonModule, "declared_globals", counting)
    assert "EL105" not in codes(lint_json(project))
    assert calls and max(calls.count(path) for path in set(calls)) <= 2


def test_a_walk_cut_short_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from enginelint.analysis.python import walk

    monkeypatch.setattr(walk, "MAX_STATEMENTS", 3)
    project = write_project(tmp_path / "p", {
        **BASELINE, "wsgi.py": "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\n" + WSGI,
    })
    found = lint_json(project)
    incomplete = [d for d in found if d["code"] == "EL005"]
    assert incomplete and incomplete[0]["path"] == "wsgi.py"
    assert "stopped analysing `wsgi.py`" in incomplete[0]["message"]


def test_what_the_terminal_escapes_is_never_printable() -> None:
    # `terminal` returns a printable text unchanged without searching it: that holds only if
    # every character its patterns escape (and the tab) is one `str.isprintable` rejects.
    import re

    from enginelint import escaping

    for pattern in (escaping._ONE_LINE, escaping._MULTI_LINE):
        source = pattern.pattern.encode().decode("unicode_escape")
        ranges = re.findall(r"(.)(?:-(.))?", source[1:-1], re.S)
        for first, last in ranges:
            for code in range(ord(first), ord(last or first) + 1):
                assert not chr(code).isprintable(), hex(code)
    assert not "\t".isprintable()
    assert escaping.terminal("plain → text…") == "plain → text…"
    assert escaping.terminal("a\tb\x1b") == "a    b\\x1b"
