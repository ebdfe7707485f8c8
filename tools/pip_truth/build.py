"""Build the ground truth for enginelint's pip model: what real pip releases say about each line.

For every pip release in PIPS this makes (once, cached) a virtual environment holding exactly that
pip, on a CPython it supports, and runs `read_with_pip.py` there over the corpus
(`tools/pip_truth/corpus.txt`). The verdicts of all releases go to `tests/data/pip_truth.json`,
which `tests/test_pip_truth.py` compares with enginelint's own verdicts. Needs network access to
PyPI the first time (to install each pip), and CPython interpreters: pyenv's by default.

Corpus format: one case per line; `## ` lines and blank lines are commentary; a case starting with
`[c] ` is read as a constraints file (`-c`). Cases run in a folder holding `mylib/setup.py` (an
installable project), `pep517/pyproject.toml` (another) and `emptydir/` (a folder pip cannot
install); the folder itself has neither file, so `.` is not installable.

Usage: python tools/pip_truth/build.py [--only 24.0 ...] [--cache DIR]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CORPUS = HERE / "corpus.txt"
RESULT = REPO / "tests" / "data" / "pip_truth.json"

# The releases compared: every pip a CPython line bundles that matters to the model, and the
# releases where pip's reading of requirements files changed.
PIPS = (
    "18.1", "19.2.3", "19.3.1", "20.1.1", "20.2.4", "20.3.4", "21.0.1", "21.1.3", "21.3.1",
    "22.0.4", "22.1.2", "22.2.2", "22.3.1", "23.0.1", "23.1.2", "23.2.1", "23.3.2", "24.0", "24.1",
    "24.2", "24.3.1", "25.0.1", "25.1.1", "25.2", "25.3", "26.0.1", "26.1.2", "26.2", "26.3",
)  # fmt: skip


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def interpreter_for(pip: str) -> str:
    """A CPython that runs this pip: old pips need an old Python, new ones a new one."""
    key = _version_key(pip)
    line = "3.7" if key < (24, 1) else "3.8" if key < (25, 1) else "3.12"
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found = sorted(glob.glob(os.path.join(root, "versions", f"{line}.*", "bin", "python3")))
    if not found:
        sys.exit(f"no CPython {line} found under {root}/versions for pip {pip}")
    return found[-1]


def environment(pip: str, cache: Path) -> Path:
    """A virtual environment with exactly this pip, created once."""
    folder = cache / f"pip-{pip}"
    python = folder / "bin" / "python"
    if python.exists():
        installed = subprocess.run(
            [str(python), "-c", "import pip; print(pip.__version__)"],
            capture_output=True, text=True, check=False,
        ).stdout.strip()  # fmt: skip
        if installed == pip:
            return python
    subprocess.run([interpreter_for(pip), "-m", "venv", "--clear", str(folder)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         f"pip=={pip}"],
        check=True,
    )  # fmt: skip
    return python


def load_corpus() -> list[dict[str, object]]:
    cases = []
    for raw in CORPUS.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("## "):
            continue
        constraint = raw.startswith("[c] ")
        cases.append({"text": raw[4:] if constraint else raw, "constraint": constraint})
    return cases


def workspace(folder: Path) -> None:
    (folder / "mylib").mkdir()
    (folder / "mylib" / "setup.py").write_text("from setuptools import setup\nsetup()\n")
    (folder / "pep517").mkdir()
    (folder / "pep517" / "pyproject.toml").write_text('[project]\nname = "pep517"\n')
    (folder / "emptydir").mkdir()


def run(pip: str, python: Path, corpus: Path) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        workspace(folder)
        result = folder / "result.json"
        environ = {
            key: value for key, value in os.environ.items() if not key.startswith("PIP_")
        }
        environ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        subprocess.run(
            [str(python), str(HERE / "read_with_pip.py"), str(corpus), str(result)],
            cwd=folder, env=environ, check=True,
        )  # fmt: skip
        data: dict[str, object] = json.loads(result.read_text(encoding="utf-8"))
        if data["pip"] != pip:
            sys.exit(f"expected pip {pip}, found {data['pip']}")
        return data


def _short(message: str) -> str:
    """pip's complaint, cut to a length a person reads (it often repeats the whole line)."""
    return message if len(message) <= 160 else message[:159] + "…"


def _dump(output: dict[str, Any]) -> str:
    """JSON with one case a line: compact, and a new pip release changes lines, not a layout."""
    head = {key: value for key, value in output.items() if key != "cases"}
    lines = ",\n".join(json.dumps(case, ensure_ascii=False) for case in output["cases"])
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "cases": [\n' + lines + "\n]}\n"


def _case(case: dict[str, object], index: int, results: dict[str, Any]) -> dict[str, object]:
    """One case: the releases that stop on it, and their complaints, each said once."""
    rejected_by = [pip for pip in PIPS if results[pip]["verdicts"][index] is not None]
    messages: dict[str, list[str]] = {}
    for pip in rejected_by:
        messages.setdefault(_short(results[pip]["verdicts"][index]), []).append(pip)
    return {**case, "rejected_by": rejected_by, "messages": messages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="rerun these pips, keep the others' results")
    parser.add_argument("--cache", default=os.path.expanduser("~/.cache/enginelint-pip-truth"))
    options = parser.parse_args()
    cache = Path(options.cache)
    cache.mkdir(parents=True, exist_ok=True)
    cases = load_corpus()
    previous: dict[str, dict[str, object]] = {}
    if options.only and RESULT.exists():
        old = json.loads(RESULT.read_text(encoding="utf-8"))
        old_cases = {(c["text"], c["constraint"]): c for c in old["cases"]}
        for release in old["pips"]:
            verdicts = []
            for case in cases:
                known = old_cases.get((case["text"], case["constraint"]))
                if known is None:
                    break
                said = [m for m, pips in known["messages"].items() if release["pip"] in pips]
                verdicts.append(said[0] if said else None)
            else:
                previous[release["pip"]] = {**release, "verdicts": verdicts}
    with tempfile.TemporaryDirectory() as temporary:
        corpus = Path(temporary) / "corpus.json"
        corpus.write_text(json.dumps(cases), encoding="utf-8")
        results = {}
        for pip in PIPS:
            if options.only is not None and pip not in options.only and pip in previous:
                results[pip] = previous[pip]
                continue
            print(f"pip {pip} …", file=sys.stderr)
            results[pip] = run(pip, environment(pip, cache), corpus)
    output = {
        "generated_by": "tools/pip_truth/build.py",
        "pips": [{"pip": pip, "python": results[pip]["python"]} for pip in PIPS],
        "cases": [_case(case, index, results) for index, case in enumerate(cases)],
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(_dump(output), encoding="utf-8")
    print(f"wrote {RESULT.relative_to(REPO)}: {len(cases)} cases × {len(PIPS)} pips",
          file=sys.stderr)


if __name__ == "__main__":
    main()
