"""Time enginelint end to end, the way a user runs it, against `python -I -c pass`.

Usage: python bench/run.py [--runs N] [PROJECT]

Prints the median wall time of `python -m enginelint --format concise PROJECT` (default: the
bundled example project) and of a bare interpreter start, so the difference is enginelint's own
cost. Start-up dominates a run; this is the number to watch.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?",
                        default=str(REPOSITORY / "tests" / "fixtures" / "example-project"))
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    baseline = median_seconds([sys.executable, "-I", "-c", "pass"], args.runs)
    lint = median_seconds(
        [sys.executable, "-m", "enginelint", "--format", "concise", args.project], args.runs
    )
    version = median_seconds([sys.executable, "-m", "enginelint", "--version"], args.runs)
    print(f"python -I -c pass                      {baseline * 1000:7.1f} ms "
          f"(median of {args.runs})")
    print(f"enginelint --version                   {version * 1000:7.1f} ms")
    print(f"enginelint --format concise PROJECT    {lint * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
