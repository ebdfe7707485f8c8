"""Reproduce the performance budgets: each row's two medians, their ratio, the budget, a verdict.

Usage: python bench/perf.py [--rows P1,P2,…] [--runs N] [--check] [--keep] [--project PATH]

Run it with the interpreter enginelint is installed for (`.venv/bin/python bench/perf.py`): every
measured process uses that interpreter, without PYTHONDONTWRITEBYTECODE, after one warm-up run
of each side. The sides of a row alternate (A B A B …), so load on the machine weighs on both and
the ratio of their medians is the figure to compare across machines; absolute times are not.

Rows (`--rows` takes ids or their prefix: `P1` is P1-cold and P1-warm), A against B:
  P1-cold    the Cloud Engine Python template, --format concise --no-cache; python -I -c pass
  P1-warm    the same with a warm cache; python -I -c pass
  version    enginelint --version; python -I -c pass
  P2-cold    5,000 modules + a .venv of 1,500 files, --format json --no-cache; ruff (S104)
  P2-warm    the same with a warm cache; ruff (S104), no cache
  P3         a 2,000-line requirements.txt, --select EL2 --no-cache; packaging, line by line
  P3-growth  the same on 20,000 lines; on 2,000 lines
  P4-P1      peak memory of the P1-cold runs
  P4-P2      peak memory of the P2-cold runs

The generated inputs live in a temporary folder, removed at the end unless `--keep`. `--check`
exits 1 when a row is over its budget or its answer is wrong (P2 must report the loopback bind
planted in its last module). See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads
from measure import Pair, Side, paired

PYTHON = sys.executable
BARE = Side((PYTHON, "-I", "-c", "pass"))
ENGINELINT = (PYTHON, "-m", "enginelint")

# (id, budget, default runs, what A is, what B is)
ROWS = (
    ("P1-cold", 8.0, 20, "enginelint --format concise --no-cache TEMPLATE", "python -I -c pass"),
    ("P1-warm", 3.0, 20, "enginelint --format concise TEMPLATE, warm cache", "python -I -c pass"),
    ("version", 2.0, 20, "enginelint --version", "python -I -c pass"),
    ("P2-cold", 10.0, 5, "enginelint --format json --no-cache TREE ({modules:,} modules, "
     "a .venv of {venv:,} files)",
     "ruff check --select S104 --no-cache TREE"),
    ("P2-warm", 2.0, 5, "enginelint --format json TREE, warm cache",
     "ruff check --select S104 --no-cache TREE"),
    ("P3", 2.0, 10, "enginelint --select EL2 --no-cache ({lines:,}-line requirements.txt)",
     "python naive_reader.py requirements.txt (packaging's Requirement per line)"),
    ("P3-growth", 15.0, 5, "enginelint --select EL2 --no-cache, {large:,} lines",
     "the same, {lines:,} lines"),
    ("P4-P1", 40.0, 0, "peak RSS of the P1-cold enginelint runs (MiB)", ""),
    ("P4-P2", 300.0, 0, "peak RSS of the P2-cold enginelint runs (MiB)", ""),
)
FAILING = ("OVER", "MISSING", "ERROR")


@dataclass(frozen=True)
class Result:
    """One printed row. `a`, `b`, `ratio` are display texts without spaces ('-' when none)."""

    row: str
    a: str
    b: str
    ratio: str
    budget: str
    verdict: str
    note: str = ""

    def line(self) -> str:
        text = (f"{self.row:<10} {self.a:>10} {self.b:>10} {self.ratio:>8} {self.budget:>9}  "
                f"{self.verdict}")
        return f"{text}  {self.note}" if self.note else text


def seconds_text(seconds: float) -> str:
    return f"{seconds * 1000:.1f}ms" if seconds < 10 else f"{seconds:.2f}s"


def failure(pair: Pair) -> Optional[str]:
    """Why a pair is not a valid measurement: a side exited 2 or more (an error, a traceback).

    Exit 1 is a lint that found something, for enginelint and for ruff alike.
    """
    sides = (("enginelint", [pair.warm_a, *pair.a]),
             ("the reference", [s for s in [pair.warm_b, *pair.b] if s is not None]))
    for name, samples in sides:
        for sample in samples:
            if sample.returncode not in (0, 1):
                lines = sample.stderr.strip().splitlines() or ["no message"]
                return f"{name} exited {sample.returncode}: {lines[-1]}"
    return None


def ratio_result(row: str, budget: float, pair: Pair, wrong: Optional[str] = None) -> Result:
    a, b = pair.median_a(), pair.median_b()
    ratio = a / b if b > 0 else float("inf")
    problem = failure(pair)
    if problem:
        verdict, note = "ERROR", problem
    elif wrong:
        verdict, note = "MISSING", wrong
    else:
        verdict, note = ("PASS" if ratio <= budget else "OVER"), ""
    return Result(row, seconds_text(a), seconds_text(b), f"{ratio:.2f}x", f"<={budget:g}x",
                  verdict, note)


def planted_problem(report: str, planted: str) -> Optional[str]:
    """None when the P2 report holds EL501 in the planted module, else what is wrong."""
    try:
        data = json.loads(report)
        found = [d for project in data["projects"] for d in project["diagnostics"]
                 if d.get("code") == "EL501" and d.get("path") == planted]
    except (ValueError, KeyError, TypeError):
        return "the report is not enginelint's JSON"
    return None if found else f"no EL501 in {planted} (the planted loopback bind)"


class Bench:
    """The sitting: generated inputs, options, and the pairs already measured."""

    def __init__(self, options: argparse.Namespace, scratch: Path) -> None:
        self.options = options
        self.scratch = scratch
        self.pairs: dict[str, Pair] = {}
        self.inputs: dict[str, Path] = {}
        self.planted = ""
        self.scale = float(options.scale)
        help_text = subprocess.run([*ENGINELINT, "--help"], capture_output=True, text=True,
                                   check=False).stdout
        self.has_cache = "--no-cache" in help_text
        self.ruff = shutil.which("ruff") or shutil.which("ruff", path=str(Path(PYTHON).parent))

    def runs(self, default: int) -> int:
        return self.options.runs if self.options.runs else default

    def no_cache(self) -> tuple[str, ...]:
        return ("--no-cache",) if self.has_cache else ()

    def warm(self, name: str) -> tuple[tuple[str, Optional[str]], ...]:
        folder = self.scratch / f"cache-{name}"
        folder.mkdir(exist_ok=True)
        return (("ENGINELINT_CACHE_DIR", str(folder)),)

    def ruff_version(self) -> Optional[str]:
        if self.ruff is None:
            return None
        version = subprocess.run([self.ruff, "--version"], capture_output=True, text=True,
                                 check=False).stdout.strip()
        return f"{self.ruff} ({version or 'unknown version'})"

    def template_name(self) -> str:
        """What P1 linted: the checked-in template or the user's project."""
        return str(self.template())

    def ruff_side(self) -> Optional[Side]:
        if self.ruff is None:
            return None
        return Side((self.ruff, "check", "--select", "S104", "--no-cache", str(self.tree())))

    def measure(self, key: str, a: Side, b: Optional[Side], runs: int) -> Pair:
        if key not in self.pairs:
            self.pairs[key] = paired(a, b, runs, str(self.scratch))
        return self.pairs[key]

    # Inputs, generated on first use.

    def template(self) -> Path:
        if "template" not in self.inputs:
            project = self.options.project
            self.inputs["template"] = project or workloads.template_project()
        return self.inputs["template"]

    def tree(self) -> Path:
        if "tree" not in self.inputs:
            root = self.scratch / "p2"
            host = "0.0.0.0" if self.options.negative_control else "127.0.0.1"
            self.planted = workloads.p2_tree(root, self.modules(), self.venv_files(), host)
            self.inputs["tree"] = root
        return self.inputs["tree"]

    def requirements(self, lines: int) -> Path:
        key = f"requirements-{lines}"
        if key not in self.inputs:
            self.inputs[key] = workloads.requirements_project(self.scratch / key, lines)
        return self.inputs[key]

    def modules(self) -> int:
        return max(round(5000 * self.scale), 2)

    def venv_files(self) -> int:
        return max(round(1500 * self.scale), 2)

    def p3_lines(self) -> int:
        return max(round(2000 * self.scale), 20)

    # Rows.

    def p1(self, row: str, budget: float, runs: int) -> Result:
        warm = row == "P1-warm"
        if warm and not self.has_cache:
            return Result(row, "-", "-", "-", f"<={budget:g}x", "n/a", "(no cache in this build)")
        flags = () if warm else self.no_cache()
        side = Side((*ENGINELINT, "--format", "concise", *flags, str(self.template())),
                    self.warm(row) if warm else ())
        return ratio_result(row, budget, self.measure(row, side, BARE, runs))

    def version(self, row: str, budget: float, runs: int) -> Result:
        side = Side((*ENGINELINT, "--version"))
        return ratio_result(row, budget, self.measure(row, side, BARE, runs))

    def p2(self, row: str, budget: float, runs: int) -> Result:
        warm = row == "P2-warm"
        if warm and not self.has_cache:
            return Result(row, "-", "-", "-", f"<={budget:g}x", "n/a", "(no cache in this build)")
        tree = str(self.tree())
        flags = () if warm else self.no_cache()
        side = Side((*ENGINELINT, "--format", "json", *flags, tree),
                    self.warm(row) if warm else ())
        pair = self.measure(row, side, self.ruff_side(), runs)
        wrong = None
        for sample in [pair.warm_a, *pair.a]:
            wrong = wrong or planted_problem(sample.stdout, self.planted)
        if self.ruff is None:
            # Without ruff there is no ratio, but the answer is still checked.
            problem = failure(pair)
            verdict = "ERROR" if problem else "MISSING" if wrong else "SKIP"
            return Result(row, seconds_text(pair.median_a()), "-", "-", f"<={budget:g}x",
                          verdict, problem or wrong or "ruff is not on PATH nor beside this "
                          "interpreter")
        return ratio_result(row, budget, pair, wrong)

    def p3(self, row: str, budget: float, runs: int) -> Result:
        lines = self.p3_lines()
        small = self.requirements(lines)

        def lint(project: Path) -> Side:
            return Side((*ENGINELINT, "--format", "concise", "--select", "EL2",
                         *self.no_cache(), str(project)))

        if row == "P3":
            reader = self.scratch / "naive_reader.py"
            reader.write_text(workloads.NAIVE_READER, encoding="utf-8")
            naive = Side((PYTHON, str(reader), str(small / "requirements.txt")))
            return ratio_result(row, budget, self.measure(row, lint(small), naive, runs))
        large = self.requirements(lines * 10)
        return ratio_result(row, budget, self.measure(row, lint(large), lint(small), runs))

    def p4(self, row: str, budget: float, runs: int) -> Result:
        source = "P1-cold" if row == "P4-P1" else "P2-cold"
        if source not in self.pairs:
            if source == "P1-cold":
                self.p1(source, 0.0, self.runs(20))
            else:
                self.p2(source, 0.0, self.runs(5))
        pair = self.pairs[source]
        peak = pair.peak_a()
        if peak is None:
            return Result(row, "-", "-", "-", f"<={budget:g}MiB", "n/a",
                          "(no peak memory on this platform)")
        mib = peak / 1024
        problem = failure(pair)
        verdict = "ERROR" if problem else ("PASS" if mib <= budget else "OVER")
        return Result(row, f"{mib:.1f}MiB", "-", "-", f"<={budget:g}MiB", verdict,
                      problem or "")


def chosen(selectors: Optional[str]) -> list[str]:
    """The row ids `--rows` names: an id, or a prefix before '-' (P1 = P1-cold, P1-warm)."""
    ids = [row[0] for row in ROWS]
    if not selectors:
        return ids
    wanted = [s.strip() for s in selectors.split(",") if s.strip()]
    unknown = [s for s in wanted if not any(i == s or i.startswith(s + "-") for i in ids)]
    if unknown:
        raise ValueError(f"unknown row {', '.join(unknown)} (rows: {', '.join(ids)})")
    return [i for i in ids if any(i == s or i.startswith(s + "-") for s in wanted)]


def arguments(argv: Optional[list[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", help="comma-separated row ids or prefixes (default: all)")
    parser.add_argument("--runs", type=int, default=0,
                        help="measured runs per side (default: 20 for P1 and version, "
                             "10 for P3, 5 for P2 and P3-growth)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a row is over budget or wrong")
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated inputs (their folder is printed)")
    parser.add_argument("--project", type=Path,
                        help="time P1 on this project instead of the template")
    # For the tests: shrink P2 and P3, and plant a bind that is not on loopback in P2.
    parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)
    parser.add_argument("--negative-control", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Optional[list[str]] = None) -> int:
    options = arguments(argv)
    try:
        rows = chosen(options.rows)
    except ValueError as error:
        print(f"perf.py: {error}", file=sys.stderr)
        return 2
    if options.project is not None:
        options.project = options.project.resolve()
    probe = subprocess.run([*ENGINELINT, "--version"], capture_output=True, text=True,
                           check=False)
    if probe.returncode != 0:
        print(f"perf.py: enginelint is not installed for {PYTHON}; run this file with the "
              "interpreter of enginelint's virtualenv", file=sys.stderr)
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="enginelint-bench-"))
    try:
        bench = Bench(options, scratch)
        measures: dict[str, Callable[[str, float, int], Result]] = {
            "P1-cold": bench.p1, "P1-warm": bench.p1, "version": bench.version,
            "P2-cold": bench.p2, "P2-warm": bench.p2, "P3": bench.p3, "P3-growth": bench.p3,
            "P4-P1": bench.p4, "P4-P2": bench.p4}
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"{probe.stdout.strip()} on Python {sys.version.split()[0]}, {os.cpu_count()} "
              f"CPUs, load {load:.2f}; cache in this build: {'yes' if bench.has_cache else 'no'}")
        print(f"ruff: {bench.ruff_version() or 'not found'}")
        print("row               A          B    ratio    budget  verdict")
        results = []
        for row, budget, default, _, _ in ROWS:
            if row in rows:
                result = measures[row](row, budget, bench.runs(default))
                results.append(result)
                print(result.line(), flush=True)
        print()
        sizes = {"modules": bench.modules(), "venv": bench.venv_files(),
                 "lines": bench.p3_lines(), "large": bench.p3_lines() * 10}
        for row, _, default, a, b in ROWS:
            if row in rows:
                runs = f", median of {bench.runs(default)}" if default else ""
                print(f"{row}: A = {a.format(**sizes)}"
                      + (f"; B = {b.format(**sizes)}{runs}" if b else ""))
        if "template" in bench.inputs:
            print(f"TEMPLATE = {bench.template_name()}")
        if not bench.has_cache:
            print("(this build has no cache: the cold rows run without --no-cache)")
    finally:
        if options.keep:
            print(f"generated inputs kept in {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    if options.check and any(result.verdict in FAILING for result in results):
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
