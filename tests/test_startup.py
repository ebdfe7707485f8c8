"""Start-up stays cheap: `--version` imports none of the five dependencies, and the
machine-readable formats never import rich."""

from __future__ import annotations

import json
import subprocess
import sys

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
    from pathlib import Path

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
