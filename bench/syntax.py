"""Time the syntax verdict per 1,000 lines, stage by stage, on real code.

Usage: python bench/syntax.py [--files N] [--runs N] [FOLDER]

Judges the first N Python files (default 300) under FOLDER (default: this interpreter's standard
library) and prints, per 1,000 source lines, the median time of: the host parser alone
(`ast.parse`), the host compiler on that tree (`compile`, what the safety net costs), one walk of
the tree for the parse- and compile-stage facts (`Analysis`), and the whole verdict (`judge`) for
the host's own line, for an older line and for Python 2.7.
"""

from __future__ import annotations

import argparse
import ast
import statistics
import sys
import sysconfig
import time
import warnings
from pathlib import Path
from typing import Callable

REPOSITORY = Path(__file__).resolve().parent.parent


def sources(folder: Path, limit: int) -> list[str]:
    """Decodable, parseable Python files, smallest paths first (a stable sample)."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        if len(found) >= limit:
            break
        try:
            text = path.read_text(encoding="utf-8")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(text)
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError):
            continue
        found.append(text)
    return found


def per_thousand_lines(texts: list[str], step: Callable[[str], object], runs: int) -> float:
    lines = sum(text.count("\n") + 1 for text in texts)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        for text in texts:
            step(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times) / lines * 1000 * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=sysconfig.get_paths()["stdlib"])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    sys.path.insert(0, str(REPOSITORY))
    from enginelint.analysis.python.syntax import judge
    from enginelint.analysis.python.syntax.source import Source
    from enginelint.analysis.python.syntax.stages import Analysis

    texts = sources(Path(options.folder), options.files)
    host = sys.version_info[:2]
    older = (3, 6) if host > (3, 6) else (3, 5)

    def parse(text: str) -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text, "<bench>")

    def compile_tree(text: str) -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return compile(ast.parse(text, "<bench>"), "<bench>", "exec", dont_inherit=True)

    def analysis(text: str) -> object:
        return Analysis(parse(text), Source("bench.py", text), host)  # type: ignore[arg-type]

    steps: list[tuple[str, Callable[[str], object]]] = [
        ("ast.parse", parse),
        ("ast.parse + compile", compile_tree),
        ("ast.parse + Analysis", analysis),
        (f"judge for {host[0]}.{host[1]}", lambda text: judge(text, "bench.py", host)),
        (f"judge for {older[0]}.{older[1]}", lambda text: judge(text, "bench.py", older)),
        ("judge for 2.7", lambda text: judge(text, "bench.py", (2, 7))),
    ]
    lines = sum(text.count("\n") + 1 for text in texts)
    print(f"{len(texts)} files, {lines:,} lines, Python {host[0]}.{host[1]}")
    for name, step in steps:
        cost = per_thousand_lines(texts, step, options.runs)
        print(f"{name:>24}: {cost:6.1f} ms per 1,000 lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
