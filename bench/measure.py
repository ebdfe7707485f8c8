"""Run a command as a measured child process: wall time, peak memory, exit status, output.

Paired runs alternate the two sides (A B A B …) so that whatever else loads the machine while
they run weighs on both, and a ratio of their medians holds where absolute times do not.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Sample:
    """One run: wall seconds, peak resident memory in KiB (None where unknown), its output."""

    seconds: float
    peak_kib: Optional[int]
    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Side:
    """One side of a pair: the command, and what its environment adds or takes away.

    An `env` value of None removes the variable.
    """

    command: tuple[str, ...]
    env: tuple[tuple[str, Optional[str]], ...] = ()


def environment(side: Side) -> dict[str, str]:
    """The parent's environment for a measured child, minus what would distort the timing.

    PYTHONDONTWRITEBYTECODE would make every run recompile every module; a cache folder set
    outside the benchmark would make a cold row warm.
    """
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONDONTWRITEBYTECODE", "ENGINELINT_CACHE_DIR")}
    for key, value in side.env:
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def peak_kib(usage: object) -> Optional[int]:
    """ru_maxrss in KiB: Linux reports KiB, macOS bytes."""
    value = getattr(usage, "ru_maxrss", None)
    if not isinstance(value, int) or value <= 0:
        return None
    return value // 1024 if sys.platform == "darwin" else value


def run(side: Side, cwd: str) -> Sample:
    """Run `side` once; output goes to files, so that the child is reaped by wait4 alone.

    The peak memory is what wait4 reports for the child: its own peak, or that of the largest
    process it waited for, whichever is higher (worker processes are not added up).
    """
    env = environment(side)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(side.command, stdout=out, stderr=err, cwd=cwd, env=env,
                                   stdin=subprocess.DEVNULL)
        usage: object = None
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
        else:  # pragma: no cover - no wait4 (Windows): no peak memory
            process.wait()
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return Sample(seconds, peak_kib(usage), process.returncode,
                      out.read().decode("utf-8", "replace"),
                      err.read().decode("utf-8", "replace"))


@dataclass(frozen=True)
class Pair:
    """The samples of both sides, warm-up runs apart (`warm_a`, `warm_b`)."""

    a: list[Sample]
    b: list[Sample]
    warm_a: Sample
    warm_b: Optional[Sample]

    def median_a(self) -> float:
        return statistics.median(sample.seconds for sample in self.a)

    def median_b(self) -> float:
        return statistics.median(sample.seconds for sample in self.b)

    def peak_a(self) -> Optional[int]:
        peaks = [sample.peak_kib for sample in self.a if sample.peak_kib is not None]
        return max(peaks) if peaks else None


def paired(a: Side, b: Optional[Side], runs: int, cwd: str) -> Pair:
    """One warm-up run of each side (bytecode written, caches filled), then A B A B …

    `b` None measures A alone (a row whose other side is missing still has A's memory).
    """
    warm_a = run(a, cwd)
    warm_b = run(b, cwd) if b is not None else None
    samples_a: list[Sample] = []
    samples_b: list[Sample] = []
    for _ in range(max(runs, 1)):
        samples_a.append(run(a, cwd))
        if b is not None:
            samples_b.append(run(b, cwd))
    return Pair(samples_a, samples_b, warm_a, warm_b)
