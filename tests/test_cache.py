"""The result cache: never stale, never a different answer, never a crash, and cheap when warm.

Every kind of input a run observes is changed once below and the cached run must give the
answer a run without the cache gives; the whole fixture corpus is linted cold, warm and uncached
and the three outputs compared byte for byte.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from enginelint import engine
from enginelint.cache import Cache
from enginelint.formats import json_output, text
from enginelint.project import Project
from enginelint.runner import ProjectReport, lint_root
from enginelint.settings import Settings, resolve
from tests.helpers import FIXTURES, run_cli, write_project
from tests.test_fixtures import fixture_cases

TEMPLATE = {
    "wsgi.py": "from app import app as application\n",
    "app.py": "import flask\nimport helpers\napp = flask.Flask(__name__)\n",
    "helpers.py": "VALUE = 1\n",
    "requirements.txt": "flask==2.3.3\n",
    ".python-version": "3.11\n",
}


def _rendered(report: ProjectReport) -> str:
    machine, person = io.StringIO(), io.StringIO()
    json_output.render([report], machine)
    text.render([report], person, text.TextSettings(color=False))
    details = [d.detail for d in report.diagnostics]
    return machine.getvalue() + person.getvalue() + json.dumps(details)


def _settings(cache: Path, **options: Any) -> Settings:
    return resolve(cache_dir=str(cache), **options)


class _Engine:
    """Counts the runs that did not come from the cache."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.runs = 0
        real = engine.check

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.runs += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(engine, "check", counted)


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> _Engine:
    return _Engine(monkeypatch)


def _agree(root: Path, settings: Settings, **kwargs: Any) -> str:
    """The cached run's output, checked against an uncached run's."""
    cached = _rendered(lint_root(root, settings, cwd=root, cache=True, **kwargs))
    fresh = _rendered(lint_root(root, settings, cwd=root, **kwargs))
    assert cached == fresh
    return cached


# --- the whole corpus -------------------------------------------------------------------------


def test_every_fixture_is_identical_cold_warm_and_uncached(
    tmp_path: Path, counter: _Engine
) -> None:
    misses = []
    for index, case in enumerate(fixture_cases()):
        arguments = case.with_name(case.name + ".args.json")
        options = json.loads(arguments.read_text("utf-8")) if arguments.exists() else {}
        settings = _settings(tmp_path / str(index), **options)
        cold = _rendered(lint_root(case, settings, cwd=case, cache=True))
        before = counter.runs
        warm = _rendered(lint_root(case, settings, cwd=case, cache=True))
        if counter.runs != before:
            misses.append(case)
        uncached = _rendered(lint_root(case, settings, cwd=case))
        assert cold == warm == uncached, case
    # Only a run whose rule crashed (EL006) or whose files changed while it ran is not stored.
    assert misses == [], misses


@pytest.mark.parametrize("name", ["example-project", "EL107", "EL110", "EL105"])
def test_cache_inside_the_project_changes_nothing(tmp_path: Path, name: str) -> None:
    sources = [FIXTURES / name] if name == "example-project" else [
        p for p in sorted((FIXTURES / name).iterdir()) if p.is_dir()
    ]
    for source in sources:
        root = tmp_path / source.name
        shutil.copytree(source, root, symlinks=True)
        settings = Settings()  # the default place: `.enginelint_cache` in the root
        outputs = [_rendered(lint_root(root, settings, cwd=root, cache=True)) for _ in "ab"]
        assert (root / ".enginelint_cache" / ".gitignore").read_text().endswith("*\n")
        assert outputs[0] == outputs[1] == _rendered(lint_root(root, settings, cwd=root))


# --- never stale: each kind of input --------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project", TEMPLATE)


def _warm(root: Path, settings: Settings, counter: _Engine) -> str:
    first = _agree(root, settings)
    runs = counter.runs
    assert _agree(root, settings) == first
    assert counter.runs == runs + 1  # the cached run did not lint; the uncached one did
    return first


def _changed(root: Path, settings: Settings, before: str) -> str:
    after = _agree(root, settings)
    assert after != before
    return after


def test_an_edit_that_keeps_size_and_time_is_seen(
    project: Path, tmp_path: Path, counter: _Engine
) -> None:
    settings = _settings(tmp_path / "cache")
    before = _warm(project, settings, counter)
    module = project / "app.py"
    info = module.stat()
    module.write_text("import flask\nimport helperz\napp = flask.Flask(__name__)\n")
    os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert module.stat().st_size == info.st_size
    assert "helperz" in _changed(project, settings, before)


@pytest.mark.parametrize("change", [
    "add-module", "delete-module", "rename-module", "python-version", "leanignore",
    "requirements-include", "symlink-target", "fifo", "folder-for-file",
])
def test_each_kind_of_input_change_gives_the_new_answer(
    project: Path, tmp_path: Path, counter: _Engine, change: str
) -> None:
    settings = _settings(tmp_path / "cache")
    if change == "requirements-include":
        (project / "requirements.txt").write_text("-r base.txt\n")
        (project / "base.txt").write_text("flask==2.3.3\n")
    if change == "symlink-target":
        (project / "a.txt").write_text("flask==2.3.3\n")
        (project / "b.txt").write_text("flask\n")
        (project / "requirements.txt").unlink()
        (project / "requirements.txt").symlink_to("a.txt")
    before = _warm(project, settings, counter)
    if change == "add-module":
        (project / "app.py").write_text("import flask\nimport helpers\nimport extra\n"
                                        "app = flask.Flask(__name__)\n")
        before = _changed(project, settings, before)
        (project / "extra.py").write_text("X = 1\n")
    elif change == "delete-module":
        (project / "helpers.py").unlink()
    elif change == "rename-module":
        (project / "helpers.py").rename(project / "helpers2.py")
    elif change == "python-version":
        (project / ".python-version").write_text("3.4\n")
    elif change == "leanignore":
        (project / ".leanignore").write_text("helpers.py\n")
    elif change == "requirements-include":
        (project / "base.txt").write_text("flask\n")
    elif change == "symlink-target":
        (project / "requirements.txt").unlink()
        (project / "requirements.txt").symlink_to("b.txt")
    elif change == "fifo":
        (project / ".python-version").unlink()
        os.mkfifo(project / ".python-version")
    elif change == "folder-for-file":
        (project / "helpers.py").unlink()
        (project / "helpers.py").mkdir()
    _changed(project, settings, before)


def _sample_cases() -> list[Path]:
    """Every eighth fixture whose symlinks (if any) stay inside it, so a copy means the same."""
    cases = []
    for case in fixture_cases()[::8]:
        links = [p for p in case.rglob("*") if p.is_symlink()]
        if all(not os.readlink(p).startswith(("/", "..")) for p in links):
            cases.append(case)
    return cases


@pytest.mark.parametrize("mutation", ["append", "delete", "empty"])
def test_changing_any_file_of_a_fixture_gives_the_new_answer(
    tmp_path: Path, mutation: str
) -> None:
    """Each file of a sample of the corpus in turn: lint warm, change it, compare."""
    for index, case in enumerate(_sample_cases()):
        root = tmp_path / f"{mutation}-{index}"
        shutil.copytree(case, root, symlinks=True)
        settings = _settings(tmp_path / "cache")
        targets = sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())
        for target in targets[:6]:
            _agree(root, settings)
            if mutation == "append":
                with target.open("ab") as handle:
                    handle.write(b"\n# changed\n")
            elif mutation == "delete":
                target.unlink()
            else:
                target.write_bytes(b"")
            _agree(root, settings)


def test_a_permission_change_is_seen(project: Path, tmp_path: Path, counter: _Engine) -> None:
    settings = _settings(tmp_path / "cache")
    _warm(project, settings, counter)
    (project / "helpers.py").chmod(0o000)
    try:
        runs = counter.runs
        _agree(project, settings)
        if os.geteuid() != 0:
            # The read now fails, so the stored answer cannot stand. Root reads the file all the
            # same: no answer the run depends on changed, and reusing the result is right.
            assert counter.runs == runs + 2
    finally:
        (project / "helpers.py").chmod(0o644)


def test_settings_and_buffers_are_part_of_the_key(
    project: Path, tmp_path: Path, counter: _Engine
) -> None:
    cache = tmp_path / "cache"
    before = _warm(project, _settings(cache), counter)
    assert _agree(project, _settings(cache, select=["EL3"])) != before
    assert _agree(project, _settings(cache, ignore=["EL510"])) != before
    buffer = {"app.py": b"import flask\nimport nowhere\napp = flask.Flask(__name__)\n"}
    edited = _agree(project, _settings(cache), buffers=buffer, only_path="app.py")
    assert "nowhere" in edited
    buffer = {"app.py": b"import flask\nimport elsewhere\napp = flask.Flask(__name__)\n"}
    assert "elsewhere" in _agree(project, _settings(cache), buffers=buffer, only_path="app.py")


# --- the command line -----------------------------------------------------------------------


def _environment(**extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != "ENGINELINT_CACHE_DIR"}
    environment.update(extra)
    return environment


def _run(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "enginelint", "--format", "concise", *args, "."],
        cwd=root, capture_output=True, text=True, env=_environment(**env), timeout=120,
    )


def test_command_line_default_place_flag_variable_and_config(
    project: Path, tmp_path: Path
) -> None:
    first = _run(project)
    assert (project / ".enginelint_cache" / "results").is_dir()
    assert _run(project).stdout == first.stdout == _run(project, "--no-cache").stdout
    variable = tmp_path / "from-variable"
    _run(project, ENGINELINT_CACHE_DIR=str(variable))
    assert (variable / "results").is_dir()
    flag = tmp_path / "from-flag"
    _run(project, "--cache-dir", str(flag), ENGINELINT_CACHE_DIR=str(variable))
    assert (flag / "results").is_dir()
    settings_file = project / ".enginelint.toml"
    settings_file.write_text('cache-dir = "build/lint-cache"\nignore = ["EL510"]\n')
    configured = _run(project)
    # Inside the project no folder is made above the cache folder (it would be seen).
    assert not (project / "build").exists()
    (project / "build").mkdir()
    assert _run(project).stdout == configured.stdout
    assert (project / "build" / "lint-cache" / "results").is_dir()
    assert "EL510" not in configured.stdout and "EL510" in first.stdout
    shown = run_cli("--show-settings", ".", cwd=project, env={"ENGINELINT_CACHE_DIR": ""})
    assert 'cache-dir = "build/lint-cache"  # .enginelint.toml' in shown.stdout


def test_plan_never_shows_the_cache_folder(project: Path) -> None:
    def plan() -> str:
        return subprocess.run(
            [sys.executable, "-m", "enginelint", "plan", "--format", "json", "."], cwd=project,
            capture_output=True, text=True, env=_environment(), timeout=120).stdout

    before = plan()
    _run(project)
    assert (project / ".enginelint_cache").is_dir()
    assert plan() == before and ".enginelint_cache" not in before


def test_a_default_cache_folder_left_behind_is_never_seen(
    project: Path, tmp_path: Path
) -> None:
    expected = _run(project, "--no-cache").stdout
    (project / ".enginelint_cache").mkdir()
    (project / ".enginelint_cache" / "huge.py").write_text("import nowhere\n" * 1000)
    elsewhere = str(tmp_path / "elsewhere")
    assert _run(project, ENGINELINT_CACHE_DIR=elsewhere).stdout == expected
    assert _run(project, "--no-cache", ENGINELINT_CACHE_DIR=elsewhere).stdout == expected


def test_no_cache_neither_reads_nor_writes(project: Path) -> None:
    result = _run(project, "--no-cache")
    assert result.returncode == 1
    assert not (project / ".enginelint_cache").exists()


def test_fix_never_reports_stale_findings(tmp_path: Path) -> None:
    root = write_project(tmp_path / "fixable", {**TEMPLATE, "requirements.txt": "Flask>=2.0\n"})
    before = _run(root)
    assert "EL202" in before.stdout and "EL202" in _run(root).stdout  # cold, then warm
    fixed = _run(root, "--fix")
    assert (root / "requirements.txt").read_text() == "Flask>=2.0,<3\n"
    after = _run(root)
    assert "EL202" not in after.stdout
    assert fixed.stdout == after.stdout == _run(root, "--no-cache").stdout


def test_diff_from_a_warm_cache_is_the_same_diff(tmp_path: Path) -> None:
    root = write_project(tmp_path / "fixable", {**TEMPLATE, "requirements.txt": "Flask>=2.0\n"})
    _run(root)
    warm = _run(root, "--diff")
    assert "+Flask>=2.0,<3" in warm.stdout
    assert warm.stdout == _run(root, "--diff", "--no-cache").stdout


def test_a_cache_folder_that_is_the_project_folder_is_not_used(project: Path) -> None:
    expected = _run(project, "--no-cache").stdout
    for _ in "ab":
        assert _run(project, "--cache-dir", ".").stdout == expected
    assert not (project / "results").exists()


def test_stdin_filename_uses_the_buffer(project: Path) -> None:
    def lint(content: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "enginelint", "--format", "concise", "--stdin-filename",
             "app.py"], cwd=project, input=content, capture_output=True, text=True,
            env=_environment(), timeout=120).stdout

    assert "nowhere" in lint("import nowhere\napplication = None\n")
    assert "nowhere" in lint("import nowhere\napplication = None\n")
    assert "elsewhere" in lint("import elsewhere\napplication = None\n")


# --- a cache file or folder that cannot be trusted or used ----------------------------------


def _cache_file(root: Path, settings: Settings) -> Path:
    return Cache(Project(root, settings), None).path


@pytest.mark.parametrize("damage", ["truncated", "garbage", "hand-edited", "foreign", "empty",
                                    "folder", "fifo"])
def test_a_damaged_cache_file_is_ignored_and_rewritten(
    project: Path, tmp_path: Path, counter: _Engine, damage: str
) -> None:
    settings = _settings(tmp_path / "cache")
    expected = _warm(project, settings, counter)
    stored = _cache_file(project, settings)
    data = stored.read_bytes()
    check, _, body = data.partition(b"\n")
    if damage == "truncated":
        stored.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        stored.write_bytes(b"\x00\xff not json")
    elif damage == "hand-edited":
        stored.write_bytes(data.replace(b"helpers", b"helperz"))
    elif damage == "foreign":
        from enginelint.files import digest

        foreign = body.replace(b'"enginelint":"', b'"enginelint":"0.0.0-')
        stored.write_bytes(digest(foreign).encode() + b"\n" + foreign)
    elif damage == "empty":
        stored.write_bytes(b"")
    elif damage == "folder":
        stored.unlink()
        stored.mkdir()
    elif damage == "fifo":
        stored.unlink()
        os.mkfifo(stored)
    runs = counter.runs
    assert _agree(project, settings) == expected
    assert counter.runs == runs + 2  # neither run trusted the damaged file
    if damage not in ("folder", "fifo"):
        assert stored.read_bytes().partition(b"\n")[0] == check  # rewritten as it was


@pytest.mark.parametrize("place", ["file-in-the-way", "under-a-file"])
def test_an_unusable_cache_folder_means_an_uncached_run(
    project: Path, tmp_path: Path, place: str
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder\n")
    folder = blocker if place == "file-in-the-way" else blocker / "cache"
    result = _run(project, "--cache-dir", str(folder))
    assert result.returncode == 1 and result.stderr == ""
    assert result.stdout == _run(project, "--no-cache").stdout
    assert blocker.read_text() == "not a folder\n"


def test_two_runs_sharing_the_cache(project: Path) -> None:
    expected = _run(project, "--no-cache").stdout
    command = [sys.executable, "-m", "enginelint", "--format", "concise", "."]
    for _ in range(3):
        runs = [subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, text=True,
                                 env=_environment()) for _ in range(3)]
        assert [run.communicate(timeout=120)[0] for run in runs] == [expected] * 3
    leftovers = [p.name for p in (project / ".enginelint_cache" / "results").iterdir()]
    assert len(leftovers) == 1 and leftovers[0].endswith(".json")


def test_a_run_that_saw_a_file_change_under_it_is_not_stored(
    project: Path, tmp_path: Path
) -> None:
    from enginelint.observe import Recorder

    settings = _settings(tmp_path / "cache")
    recorder = Recorder()
    recorder.note(("read", str(project), "app.py", 1), ["bytes", "one"])
    recorder.note(("read", str(project), "app.py", 1), ["bytes", "two"])
    assert recorder.unstable
    store = Cache(Project(project, settings), None)
    store.save(recorder, [])
    assert not store.path.exists()


# --- cheap when warm ------------------------------------------------------------------------

PROBE = """
import contextlib, io, json, sys
from enginelint.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main({argv!r})
print(json.dumps({{"code": code, "modules": sorted(sys.modules)}}))
"""


def _modules(root: Path, *argv: str) -> tuple[int, list[str]]:
    script = PROBE.format(argv=[*argv, str(root)])
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, env=_environment(), timeout=120)
    found: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return found["code"], found["modules"]


def _expensive(modules: list[str]) -> list[str]:
    heavy = ("ruamel", "jsonschema", "rich", "pip_requirements_parser", "packaging")
    return [
        name for name in modules
        if name.split(".")[0] in heavy
        or name in ("enginelint.engine", "enginelint.suppressions")
        or name.startswith(("enginelint.parsers", "enginelint.analysis", "enginelint.formats.text"))
        or (name.startswith("enginelint.rules.") and name.count(".") >= 3)  # a detector
    ]


@pytest.mark.parametrize("fmt", ["concise", "json"])
def test_a_warm_run_imports_no_rule_parser_or_dependency(project: Path, fmt: str) -> None:
    cold_code, cold = _modules(project, "--format", fmt)
    assert _expensive(cold)  # the cold run really did the work
    warm_code, warm = _modules(project, "--format", fmt)
    assert warm_code == cold_code
    assert _expensive(warm) == []


def test_cache_folder_keeps_out_of_git(project: Path) -> None:
    _run(project)
    assert (project / ".enginelint_cache" / ".gitignore").read_text().splitlines()[-1] == "*"
