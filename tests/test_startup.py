"""Start-up stays cheap: `--version` imports none of the five dependencies and only a fixed
handful of modules, a run on the platform's template stays within its import budget, and the
machine-readable formats never import rich."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.helpers import FIXTURES

HEAVY = ("ruamel", "jsonschema", "rich", "pip_requirements_parser", "packaging")

PROBE = """
import json, sys
from enginelint.cli import main
import io, contextlib
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main({argv!r})
loaded = sorted({{name.split('.')[0] for name in sys.modules}} & set({heavy!r}))
print(json.dumps({{"code": code, "loaded": loaded}}))
"""


def probe(*argv: str) -> dict[str, object]:
    script = PROBE.format(argv=list(argv), heavy=HEAVY)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_version_imports_no_dependency() -> None:
    assert probe("--version") == {"code": 0, "loaded": []}


def test_package_import_is_bare() -> None:
    script = ("import sys, enginelint, enginelint.registry, enginelint.cli; "
              f"print(sorted({{n.split('.')[0] for n in sys.modules}} & set({HEAVY!r})))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_json_and_concise_never_import_rich() -> None:
    for fmt in ("json", "concise"):
        outcome = probe("--format", fmt, str(FIXTURES / "example-project"))
        assert "rich" not in outcome["loaded"]  # type: ignore[operator]
        assert outcome["code"] == 1


def test_text_output_does_import_rich() -> None:
    # The probe above can only pass meaningfully if the text path really uses rich.
    outcome = probe("--no-color", str(FIXTURES / "example-project"))
    assert "rich" in outcome["loaded"]  # type: ignore[operator]


def test_rule_listing_and_docs_import_no_dependency_and_no_detector() -> None:
    script = f"""
import io, json, sys, contextlib
from enginelint.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    codes = [main(["rules"]), main(["rule", "EL501"]), main(["rule", "EL202", "--format", "json"])]
loaded = sorted({{n.split('.')[0] for n in sys.modules}} & set({HEAVY!r}))
detectors = sorted(n for n in sys.modules if n.startswith("enginelint.rules.") and n.count(".") > 2)
print(json.dumps({{"codes": codes, "loaded": loaded, "detectors": detectors,
                  "documented": "loopback" in out.getvalue()}}))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"codes": [0, 0, 0], "loaded": [], "detectors": [], "documented": True}


def test_a_selected_family_loads_only_what_it_needs(tmp_path: object) -> None:
    root = Path(str(tmp_path))
    (root / "leanengine.yaml").write_text("run: python app.py\n", encoding="utf-8")
    (root / ".python-version").write_text("3.11\n", encoding="utf-8")
    (root / "wsgi.py").write_text("application = None\n", encoding="utf-8")
    (root / "requirements.txt").write_text("", encoding="utf-8")
    script = f"""
import io, json, sys, contextlib
from enginelint.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["--select", "EL3", "--format", "json", {str(root)!r}])
loaded = sorted({{n.split('.')[0] for n in sys.modules}} & {{"ruamel", "jsonschema", "rich"}})
families = sorted({{n.split('.')[2] for n in sys.modules
                   if n.startswith("enginelint.rules.") and n.count(".") > 2}})
print(json.dumps({{"loaded": loaded, "families": families}}))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"loaded": [], "families": ["python_version"]}


# The import budget, counted rather than timed (a loaded CI machine times nothing reliably).
TEMPLATE = Path(__file__).resolve().parents[1] / "bench" / "projects" / "template"
# The enginelint modules `--version` imports: the front door and the platform data's date. Not
# the argument parser (`commands`, argparse), nor the costly modules below, which cost more than
# the rest of `--version` together.
VERSION_MODULES = ["enginelint", "enginelint.cli", "enginelint.platform"]
NEVER_ON_VERSION = ("argparse", "dataclasses", "typing", "inspect", "ast", "json", "hashlib",
                    "tokenize")
# Modules a run on the platform template must not pay for: the formats and commands nobody
# asked for. (Its valid leanengine.yaml is validated by jsonschema, which, before 4.26, imports
# urllib.request itself: the HTTP client is checked on the requirements alone, below.)
NEVER_ON_TEMPLATE = ("rich", "enginelint.formats.text", "enginelint.server", "enginelint.plan")
# What pip-requirements-parser imports but never uses on a requirements file without `file:`
# URLs: its parser is loaded with these deferred.
HTTP_CLIENT = ("urllib.request", "http.client", "email", "ssl")
# What it imports only for `RequirementsFile.from_string`, which enginelint never calls: deferred
# too, with what they import in turn (a run that writes its cache imports `tempfile` itself).
TEMPORARY_FILES = ("shutil", "tempfile", "random", "bz2", "lzma")
# 166 when this was written; the margin is for a few new modules, not for a new layer of them.
MAX_ENGINELINT_MODULES_ON_TEMPLATE = 180

COUNT = """
import io, json, sys, contextlib
before = set(sys.modules)
from enginelint.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main({argv!r})
print(json.dumps({{"code": code, "new": sorted(set(sys.modules) - before),
                  "all": sorted(sys.modules)}}))
"""


def imported_by(*argv: str) -> dict[str, Any]:
    result = subprocess.run([sys.executable, "-c", COUNT.format(argv=list(argv))],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_version_imports_a_small_fixed_set() -> None:
    outcome = imported_by("--version")
    assert outcome["code"] == 0
    new = outcome["new"]
    assert [name for name in new if name.split(".")[0] == "enginelint"] == VERSION_MODULES
    assert [name for name in new if name.split(".")[0] in (*HEAVY, *NEVER_ON_VERSION)] == []


def test_the_template_run_stays_within_its_import_budget() -> None:
    outcome = imported_by("--format", "concise", str(TEMPLATE))
    assert outcome["code"] == 1  # the template's findings: an old Python, an uncapped pin, debug
    loaded = set(outcome["all"])
    assert sorted(name for name in NEVER_ON_TEMPLATE if name in loaded) == []
    own = [name for name in loaded if name.split(".")[0] == "enginelint"]
    assert len(own) <= MAX_ENGINELINT_MODULES_ON_TEMPLATE, len(own)


def test_reading_requirements_imports_no_http_client(tmp_path: Path) -> None:
    # An include and an option line: lines only pip's own parser reads.
    (tmp_path / "requirements.txt").write_text(
        "--index-url https://pypi.org/simple\n-r more.txt\nFlask>=2,<3\n")
    (tmp_path / "more.txt").write_text("leancloud>=2.9,<3 --hash=sha256:" + "0" * 64 + "\n")
    (tmp_path / "wsgi.py").write_text("from app import application\n")
    outcome = imported_by("--select", "EL2", "--format", "concise", str(tmp_path))
    loaded = set(outcome["all"])
    assert "pip_requirements_parser" in loaded  # the parser did run
    assert sorted(name for name in HTTP_CLIENT if name in loaded) == []


def test_reading_requirements_without_a_cache_imports_no_temporary_files(tmp_path: Path) -> None:
    # The cache writes its files through `tempfile`; without it nothing on the path needs them.
    (tmp_path / "requirements.txt").write_text(
        "--index-url https://pypi.org/simple\n-r more.txt\nFlask>=2,<3\n")
    (tmp_path / "more.txt").write_text("git+https://example.com/a.git#egg=a\n")
    outcome = imported_by("--no-cache", "--select", "EL2", "--format", "concise", str(tmp_path))
    loaded = set(outcome["all"])
    assert "pip_requirements_parser" in loaded  # the parser did run
    assert sorted(name for name in TEMPORARY_FILES if name in loaded) == []


def test_the_template_has_the_findings_the_benchmark_expects() -> None:
    # bench/ times this project as the platform's template; it must keep the template's shape
    # and findings, or the figure would measure something else.
    result = subprocess.run([sys.executable, "-m", "enginelint", "--format", "json",
                             str(TEMPLATE)], capture_output=True, text=True)
    codes = sorted(d["code"] for d in json.loads(result.stdout)["projects"][0]["diagnostics"])
    assert codes == ["EL202", "EL303", "EL601"]


def test_pip_parser_gets_the_real_urllib_request_when_it_needs_it() -> None:
    # pip-requirements-parser is imported with `urllib.request` deferred; a `file:` URL must still
    # be read with the real module, and any later import must get the real module too.
    script = """
import json, sys
from enginelint.parsers.pip_import import pip_parser
pip = pip_parser()
deferred = not {"urllib.request", "ssl", "shutil", "tempfile"} & set(sys.modules)
path = pip.url_to_path("file:///srv/app/a%20b.txt")
import urllib.request
rmtree, mkdtemp = pip.shutil.rmtree, pip.tempfile.mkdtemp
import shutil, tempfile
print(json.dumps({"deferred": deferred, "path": path,
                  "real": pip.urllib.request is urllib.request is sys.modules["urllib.request"],
                  "others": rmtree is shutil.rmtree and mkdtemp is tempfile.mkdtemp,
                  "again": pip_parser() is pip}))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert json.loads(result.stdout) == {"deferred": True, "path": "/srv/app/a b.txt",
                                         "real": True, "others": True, "again": True}


def test_a_command_that_cannot_be_answered_again_imports_no_json(tmp_path: Path) -> None:
    # `--no-cache` rules out the repeated-command answer: nothing of it may cost an import (the
    # harness itself must not import `json`, so it prints the names as a literal).
    (tmp_path / "requirements.txt").write_text("--index-url https://pypi.org/simple\nFlask>=2,<3\n")
    harness = (
        "import io, sys, contextlib\n"
        "from enginelint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['--no-cache', '--select', 'EL2', '--format', 'concise', {str(tmp_path)!r}])\n"
        "print(repr(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-I", "-c", harness], capture_output=True,
                            text=True, check=True)
    loaded = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    assert "enginelint.replay" in loaded and "pip_requirements_parser" in loaded
    assert "json" not in loaded
