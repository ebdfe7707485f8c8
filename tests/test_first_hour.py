"""What a new user meets in the first hour, each reproduced through the real command."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO, run_cli, write_project

WSGI = (
    "from flask import Flask\n"
    "app = Flask(__name__)\n"
    "application = app\n"
    "@app.route('/')\n"
    "def index():\n"
    "    return 'ok'\n"
)
TEMPLATE = {
    "wsgi.py": WSGI,
    "requirements.txt": "Flask>=2,<3\n",
    ".python-version": "3.11\n",
    "views/todos.py": "from flask import Blueprint\nbp = Blueprint('todos', __name__)\n",
}


def diagnostics(result: subprocess.CompletedProcess[str]) -> list[tuple[str, str, str]]:
    report = json.loads(result.stdout)
    return [
        (project["root"], d["code"], d["path"] or "")
        for project in report["projects"]
        for d in project["diagnostics"]
    ]


def test_the_project_does_not_depend_on_how_the_path_is_spelled(tmp_path: Path) -> None:
    project = write_project(tmp_path / "app", {**TEMPLATE, "requirements.txt": "Flask\n"})
    views = project / "views"
    spellings = [
        run_cli("--format", "json", "todos.py", cwd=views),
        run_cli("--format", "json", str(views / "todos.py")),
        run_cli("--format", "json", cwd=views),
        run_cli("--format", "json", "--stdin-filename", "todos.py", cwd=views,
                stdin="import os\nprint(os.environ['HOME'])\n"),
    ]
    whole = [{(code, path) for _, code, path in diagnostics(r)} for r in spellings[:3]]
    assert whole[0] == whole[1] == whole[2] and ("EL201", "requirements.txt") in whole[0]
    assert all(code not in ("EL101", "EL102") for found in whole for code, _ in found)
    assert json.loads(spellings[0].stdout)["projects"][0]["root"] == ".."
    # The editor's buffer belongs to the same project (its findings only: none here).
    assert spellings[3].returncode == 0, spellings[3].stderr
    assert json.loads(spellings[3].stdout)["projects"][0]["root"] == ".."


def test_settings_are_found_upward_up_to_the_repository(tmp_path: Path) -> None:
    repo = write_project(tmp_path / "mono", {
        "pyproject.toml": '[tool.enginelint]\nignore = ["EL201"]\n',
        **{f"backend/{k}": v for k, v in TEMPLATE.items()},
    })
    (repo / ".git").mkdir()
    (repo / "backend" / "requirements.txt").write_text("Flask\n", encoding="utf-8")
    result = run_cli("--format", "json", "backend", cwd=repo)
    assert all(code != "EL201" for _, code, _ in diagnostics(result))
    shown = run_cli("--show-settings", "backend", cwd=repo)
    assert 'ignore = ["EL201"]  # ../pyproject.toml' in shown.stdout
    verbose = run_cli("-v", "--format", "json", "backend", cwd=repo)
    assert "project backend (holds wsgi.py, requirements.txt, .python-version)" in verbose.stderr
    # Above the repository root nothing is looked for.
    outside = write_project(tmp_path / "outer", {
        "pyproject.toml": '[tool.enginelint]\nselect = ["EL9"]\n',
        **{f"repo/{k}": v for k, v in TEMPLATE.items()},
    })
    (outside / "repo" / ".git").mkdir()
    assert run_cli("--format", "json", "repo", cwd=outside).returncode == 0


def test_folders_that_are_not_projects_get_one_line_not_findings(tmp_path: Path) -> None:
    empty = tmp_path / "repo" / "empty"
    empty.mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    result = run_cli(str(empty))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "no Cloud Engine project at or above" in result.stderr
    assert "wsgi.py, requirements.txt" in result.stderr
    # A project below is suggested.
    write_project(tmp_path / "repo" / "backend", TEMPLATE)
    result = run_cli(".", cwd=tmp_path / "repo")
    assert result.returncode == 2
    assert "did you mean `enginelint backend`?" in result.stderr


def test_a_nodejs_app_is_not_told_to_become_python(tmp_path: Path) -> None:
    node = write_project(tmp_path / "node", {
        "package.json": '{"name": "x", "scripts": {"start": "node server.js"}}\n',
        "server.js": "require('http').createServer().listen(3000)\n",
    })
    (node / ".git").mkdir()
    result = run_cli(str(node))
    assert result.returncode == 0 and result.stdout == ""
    assert "as Node.js (server.js with package.json)" in result.stderr
    assert "runtime: python" not in result.stderr + result.stdout


def test_a_stray_file_outside_any_project_is_skipped(tmp_path: Path) -> None:
    repo = write_project(tmp_path / "repo", {
        "docs/index.md": "# docs\n", **{f"backend/{k}": v for k, v in TEMPLATE.items()},
    })
    (repo / ".git").mkdir()
    # The pre-commit case: a commit touching only docs/ is not blocked.
    result = run_cli("docs/index.md", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stderr and result.stdout == ""
    # Files of the app and elsewhere: the app is linted once.
    result = run_cli("--format", "json", "docs/index.md", "backend/wsgi.py",
                     "backend/views/todos.py", cwd=repo)
    assert [p["root"] for p in json.loads(result.stdout)["projects"]] == ["backend"]


def test_findings_exit_status_survives_a_closed_pipe(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", TEMPLATE)
    big = "\n".join(f"pkg{i}" for i in range(3000)) + "\n"
    (project / "requirements.txt").write_text(big, encoding="utf-8")
    command = (f"{sys.executable} -m enginelint --format json {project} | head -1 >/dev/null; "
               "exit ${PIPESTATUS[0]}")
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr


def test_output_files_get_normal_permissions(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", TEMPLATE)
    target = tmp_path / "report.json"
    old = os.umask(0o022)
    try:
        run_cli("--format", "json", "--output", str(target), str(project))
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_text_output_wraps_at_the_terminal_width_without_splitting_urls(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", TEMPLATE)
    os.remove(project / ".python-version")
    # From the project's parent: the header names the folder relative to the working folder, and
    # a path (like a URL) is never split, so a deep working folder would make it overflow.
    result = run_cli("--no-color", str(project), env={"COLUMNS": "80"}, cwd=tmp_path)
    lines = result.stdout.splitlines()
    # Paths (the file headers) are never broken either; every other line fits.
    assert all(len(line) <= 80 for line in lines
               if "://" not in line and line.startswith(" ")), result.stdout
    urls = [line for line in lines if "://" in line]
    assert urls and all(re.fullmatch(r"\s*(= docs: )?https://\S+", line) for line in urls)
    # The message continues under the same indent (a hanging indent), not at column 1.
    message = [line for line in lines if line.startswith("    ") and "python-version" in line]
    assert message


def test_help_lists_commands_exit_codes_and_examples() -> None:
    text = run_cli("--help").stdout
    for needed in ("commands:", "enginelint rule CODE|NAME", "exit codes:", "examples:"):
        assert needed in text
    assert run_cli("help").stdout == text
    assert run_cli("-V").stdout.startswith("enginelint ")
    assert run_cli("check", "--help").stdout.startswith("usage: enginelint check")
    assert run_cli("help", "rule").stdout.startswith("usage: enginelint rule")


def test_rule_page_says_fix_suppression_and_url() -> None:
    text = run_cli("rule", "EL202").stdout
    assert "Fix: safe, applied by `--fix`." in text
    assert "# enginelint: ignore[EL202]" in text
    assert "Docs: https://" in text
    data = json.loads(run_cli("rule", "EL202", "--format", "json").stdout)
    assert data["fix"] == "safe" and data["suppression"] == "# enginelint: ignore[EL202]"
    typo = run_cli("rule", "loopbak-bind")
    assert typo.returncode == 2 and "did you mean `loopback-bind`?" in typo.stderr
    flag = run_cli("--selct", "EL2")
    assert flag.returncode == 2 and "did you mean `--select`?" in flag.stderr


def test_ruff_habits_and_no_rule_selected(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", TEMPLATE)
    target = tmp_path / "out.json"
    result = run_cli("--output-format", "json", "--output-file", str(target), str(project))
    assert result.returncode == 0 and json.loads(target.read_text())["projects"]
    nothing = run_cli("--select", "ALL", "--ignore", "ALL", str(project))
    assert nothing.returncode == 0
    assert "no rule is selected" in nothing.stderr
    assert "No problems found" not in nothing.stdout


def test_legacy_cmd_is_analysed_as_run(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {
        **TEMPLATE,
        "leanengine.yaml": "cmd: python wsgi.py\n",
        "wsgi.py": WSGI + "if __name__ == '__main__':\n    app.run(host='127.0.0.1', port=3000)\n",
    })
    found = {code for _, code, _ in diagnostics(run_cli("--format", "json", str(project)))}
    assert {"EL403", "EL501"} <= found


def test_sarif_describes_only_the_rules_that_fired(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {**TEMPLATE, "requirements.txt": "Flask\n"})
    sarif = json.loads(run_cli("--format", "sarif", str(project)).stdout)
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    fired = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert {r["id"] for r in rules} == fired
    assert all(r["ruleIndex"] < len(rules) for r in sarif["runs"][0]["results"])


def test_the_problem_matcher_in_the_editor_docs_matches_every_concise_line(
    tmp_path: Path,
) -> None:
    docs = (REPO / "docs" / "editors.md").read_text(encoding="utf-8")
    pattern = json.loads('"' + re.search(r'"regexp": "(.*)",', docs).group(1) + '"')  # type: ignore[union-attr]
    project = write_project(tmp_path / "p", {**TEMPLATE, "requirements.txt": "Flask\n"})
    os.remove(project / ".python-version")
    lines = run_cli("--format", "concise", ".", cwd=project).stdout.splitlines()
    assert len(lines) >= 2
    assert all(re.match(pattern, line) for line in lines), lines
    assert "future" not in (REPO / "docs" / "rules" / "EL002.md").read_text(encoding="utf-8")


def test_el602_speaks_only_of_leancloud_credentials(tmp_path: Path) -> None:
    settings_module = (
        'WECHAT_APP_ID = "wx1234567890abcdef"\n'
        'ALIPAY_APP_ID = "2021000123456789"\n'
        '_APP_IDENTITY_SERVICE_NAME = "app_identity_service"\n'
    )
    project = write_project(tmp_path / "p", {
        **TEMPLATE, "wsgi.py": "import settings\n" + WSGI, "settings.py": settings_module,
    })
    found = {code for _, code, _ in diagnostics(run_cli("--format", "json", str(project)))}
    assert "EL602" not in found
    leaked = settings_module + 'LEANCLOUD_APP_KEY = "Ab3dEf6hIj9kLm2nOp5qRs8t"\n'
    (project / "settings.py").write_text(leaked, encoding="utf-8")
    result = run_cli("--format", "json", str(project))
    assert [(c, p) for _, c, p in diagnostics(result) if c == "EL602"] == [("EL602", "settings.py")]
    assert "Ab3dEf6hIj9kLm2nOp5qRs8t" not in result.stdout
