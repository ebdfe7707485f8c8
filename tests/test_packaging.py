"""The wheel is what users install: it must carry the package as `enginelint` and the schemas,
and work without the source tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a clean copy: a stale build/ folder in the checkout must not hide a module
    # missing from the package list.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(REPO / name, source / name)
    for folder in ("lint", "schemas"):
        shutil.copytree(REPO / folder, source / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out),
         str(source)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("enginelint-*.whl")
    return built


def test_wheel_layout(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for schema in ("leanengine", "report", "config"):
        if (REPO / "schemas" / f"{schema}.schema.json").exists():
            assert f"enginelint/schemas/{schema}.schema.json" in names
    for data in sorted((REPO / "lint").rglob("*.json")):
        shipped = "enginelint/" + data.relative_to(REPO / "lint").as_posix()
        assert shipped in names, f"{shipped} is missing from the wheel (pyproject package-data?)"
    for module in sorted((REPO / "lint").rglob("*.py")):
        shipped = "enginelint/" + module.relative_to(REPO / "lint").as_posix()
        assert shipped in names, f"{shipped} is missing from the wheel (pyproject packages?)"
    assert not [n for n in names if n.startswith(("lint/", "tests/", "schemas/"))]
    metadata = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Requires-Python: >=3.9" in text
    for dependency in ("ruamel.yaml", "jsonschema", "packaging", "rich",
                       "pip-requirements-parser"):
        assert f"Requires-Dist: {dependency}" in text
    # The Language Server's framework is an extra: the command line's install stays lean.
    assert "Provides-Extra: server" in text
    pygls = [line for line in text.splitlines() if line.startswith("Requires-Dist: pygls")]
    assert pygls and all('extra == "' in line for line in pygls)


def test_unpacked_wheel_runs_and_its_json_validates(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    environment = {**os.environ, "PYTHONPATH": str(site)}
    # Run from a folder without the source tree, so `enginelint` can only come from the wheel.
    probe = subprocess.run(
        [sys.executable, "-c", "import enginelint, sys; print(enginelint.__file__)"],
        capture_output=True, text=True, env=environment, cwd=str(tmp_path),
    )
    assert probe.stdout.strip().startswith(str(site)), probe.stdout + probe.stderr
    result = subprocess.run(
        [sys.executable, "-m", "enginelint", "--format", "json",
         str(FIXTURES / "example-project")],
        capture_output=True, text=True, env=environment, cwd=str(tmp_path),
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    schema = json.loads((site / "enginelint" / "schemas" / "report.schema.json").read_text())
    from jsonschema import Draft202012Validator

    Draft202012Validator(schema).validate(report)
    assert report["projects"][0]["diagnostics"]
