"""The pre-commit hook, run by the real `pre-commit` tool with the README's snippet copied
verbatim: only `repo:` (GitHub → a local clone of this repository) and `rev:` change.

Every test installs from one committed clone at one revision, with one `PRE_COMMIT_HOME`, so
pre-commit builds the hook's environment once for the whole module (`try-repo` would build a
fresh one on every call).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, write_project

WSGI = (
    "def application(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
    '    return [b"ok"]\n'
)
# The shape of the platform's Python template: a Flask app exposed as `application`.
FLASK_WSGI = (
    "import os\n\n"
    "from flask import Flask\n\n"
    "app = Flask(__name__)\n\n\n"
    '@app.route("/")\n'
    "def index():\n"
    '    return "Hello, Cloud Engine"\n\n\n'
    "application = app\n\n"
    'if __name__ == "__main__":\n'
    '    app.run(host="0.0.0.0", port=int(os.environ.get("LEANCLOUD_APP_PORT", 3000)))\n'
)
TEMPLATE = {
    "wsgi.py": FLASK_WSGI,
    "requirements.txt": "Flask>=3.0,<4\nleancloud>=2.9,<3\n",
    ".python-version": "3.11\n",
}
PUBLIC_URL = "https://github.com/enginelint/enginelint"

try:
    import pre_commit  # noqa: F401

    HAVE_PRE_COMMIT = True
except ImportError:  # pragma: no cover
    HAVE_PRE_COMMIT = False

# In CI the test extras install pre-commit: there the test must run, not skip.
pytestmark = pytest.mark.skipif(
    not HAVE_PRE_COMMIT and not os.environ.get("CI"), reason="pre-commit is not installed"
)


def git(project: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=str(project), check=True, capture_output=True, text=True,
        env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
             "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"},
    ).stdout


def run_pre_commit(project: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    environment.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=str(project), capture_output=True,
        text=True, env=environment, timeout=900,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A local clone of this repository, committed, and its HEAD SHA: what pre-commit fetches
    from GitHub. Made from the working tree, so uncommitted changes are what gets tested."""
    target = tmp_path_factory.mktemp("enginelint-clone")
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for relative in filter(None, listed.split("\0")):
        source = REPO / relative
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / relative, follow_symlinks=False)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "enginelint as under test")
    return target, git(target, "rev-parse", "HEAD").strip()


def readme_yaml_blocks() -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```$", (REPO / "README.md").read_text(encoding="utf-8"),
                      re.MULTILINE | re.DOTALL)


def readme_config() -> str:
    """The README's `.pre-commit-config.yaml`, exactly as a reader copies it."""
    configs = [block for block in readme_yaml_blocks() if block.startswith("repos:")]
    assert len(configs) == 1, "the README shows one .pre-commit-config.yaml"
    return configs[0]


def point_at(config: str, repository: Path) -> str:
    """The config with only its `repo:` changed, from GitHub to the local clone."""
    pattern = re.compile(r"^(\s*- repo: )(\S+)$", re.MULTILINE)
    assert pattern.findall(config) == [("  - repo: ", PUBLIC_URL)]
    return pattern.sub(lambda m: m.group(1) + str(repository), config)


def run_hook(
    project: Path, home: Path, clone: tuple[Path, str]
) -> subprocess.CompletedProcess[str]:
    """`pre-commit run --all-files` in `project` with the README's config, pinned to the clone."""
    repository, sha = clone
    config = point_at(readme_config(), repository)
    config = re.sub(r"^(\s*rev: )\S+", lambda m: m.group(1) + sha, config, flags=re.MULTILINE)
    (project / ".pre-commit-config.yaml").write_text(config)
    git(project, "init", "-q")
    git(project, "add", "-A")
    return run_pre_commit(project, home, "run", "--all-files", "--color", "never")


def test_hook_fails_on_a_bad_project_and_shows_findings(
    tmp_path: Path, home: Path, clone: tuple[Path, str]
) -> None:
    project = write_project(tmp_path / "bad", {
        "wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "flask\n",
    })
    result = run_hook(project, home, clone)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "enginelint (LeanCloud Cloud Engine)" in result.stdout
    assert "Failed" in result.stdout
    assert "EL201" in result.stdout and "requirements.txt" in result.stdout


def test_hook_passes_on_a_good_project(
    tmp_path: Path, home: Path, clone: tuple[Path, str]
) -> None:
    project = write_project(tmp_path / "good", {
        "wsgi.py": WSGI, ".python-version": "3.11\n", "requirements.txt": "flask>=3.0,<4\n",
    })
    result = run_hook(project, home, clone)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


# -- the README's snippet, copied verbatim -------------------------------------------------------


def test_readme_snippet_works_as_documented(
    tmp_path: Path, home: Path, clone: tuple[Path, str]
) -> None:
    repository, sha = clone
    project = write_project(tmp_path / "app", TEMPLATE)
    git(project, "init", "-q")
    config_file = project / ".pre-commit-config.yaml"
    copied = point_at(readme_config(), repository)
    config_file.write_text(copied)
    git(project, "add", "-A")

    # As pasted, the placeholder stops the run and is named in the error.
    (placeholder,) = re.findall(r"^\s*rev: (\S+)", copied, re.MULTILINE)
    unfilled = run_pre_commit(project, home, "run", "--all-files", "--color", "never")
    assert unfilled.returncode not in (0, 1), unfilled.stdout
    assert placeholder in unfilled.stdout + unfilled.stderr

    # The README's next step fills it in: with no release tag yet, the newest commit's SHA.
    updated = run_pre_commit(project, home, "autoupdate", "--repo", str(repository))
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert config_file.read_text() == copied.replace(f"rev: {placeholder}", f"rev: {sha}")
    git(project, "add", "-A")

    result = run_pre_commit(project, home, "run", "--all-files", "--color", "never")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^enginelint \(LeanCloud Cloud Engine\)\.+Passed$", result.stdout,
                     re.MULTILINE), result.stdout

    (project / "requirements.txt").write_text("Flask\nleancloud>=2.9,<3\n")
    git(project, "add", "-A")
    result = run_pre_commit(project, home, "run", "--all-files", "--color", "never")
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"^enginelint \(LeanCloud Cloud Engine\)\.+Failed$", result.stdout,
                     re.MULTILINE), result.stdout
    assert "EL201" in result.stdout and "requirements.txt" in result.stdout


def test_readme_hook_variants_are_valid_configs(tmp_path: Path, home: Path) -> None:
    """The README's other hook entries (monorepo exceptions) drop into its config as they are."""
    config = readme_config()
    entry = re.search(r"^ *- id: enginelint\n(?: {8,}.*\n)*", config, re.MULTILINE)
    assert entry is not None
    variants = [block for block in readme_yaml_blocks()
                if block.lstrip().startswith("- id: enginelint")]
    assert variants, "the README shows how to narrow the hook"
    for index, variant in enumerate(variants):
        assert re.findall(r"^ *- id:", variant, re.MULTILINE) == ["      - id:"]
        spliced = tmp_path / f"variant-{index}.yaml"
        spliced.write_text(config.replace(entry.group(0), variant))
        result = run_pre_commit(tmp_path, home, "validate-config", str(spliced))
        assert result.returncode == 0, result.stdout + result.stderr
        from ruamel.yaml import YAML

        hook = YAML(typ="safe").load(spliced.read_text())["repos"][0]["hooks"][0]
        assert set(hook) <= {"id", "args", "files", "exclude"}, hook


def test_hook_in_a_monorepo_lints_the_app_that_holds_the_changed_files(
    tmp_path: Path, home: Path, clone: tuple[Path, str]
) -> None:
    repo = write_project(tmp_path / "mono", {
        "docs/guide.py": "print('docs')\n",
        "backend/wsgi.py": WSGI,
        "backend/.python-version": "3.11\n",
        "backend/requirements.txt": "flask\n",
    })
    result = run_hook(repo, home, clone)
    # The app in backend/ is found from its files (not EL101 for the repository root) and the
    # file outside any project is skipped.
    assert result.returncode == 1, result.stdout + result.stderr
    assert "EL201" in result.stdout and "backend/requirements.txt" in result.stdout
    assert "EL101" not in result.stdout
    (repo / "backend" / "requirements.txt").write_text("flask>=3.0,<4\n")
    git(repo, "add", "-A")
    result = run_pre_commit(repo, home, "run", "--all-files", "--color", "never")
    assert result.returncode == 0, result.stdout + result.stderr
