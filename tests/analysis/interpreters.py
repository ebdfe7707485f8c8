"""The real CPython interpreters the syntax tests ask, found under pyenv's root.

One subprocess per interpreter compiles every case (`compile(source_bytes, "<case>", "exec",
0, True)`, what `import` does after reading the file); nothing is executed and no case is ever
written to disk, so no interpreter reads a project file by name.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
from functools import cache
from pathlib import Path
from typing import Optional, Union

# Runs on Python 2.7 too: only syntax and modules both lines share.
PROBE = r"""
import base64, json, sys, warnings
warnings.simplefilter("ignore")
cases = json.loads(sys.stdin.read())
verdicts = []
for encoded in cases:
    source = base64.b64decode(encoded)
    try:
        compile(source, "<case>", "exec", 0, True)
        verdicts.append("ok")
    except SyntaxError:
        verdicts.append("error")
    except (MemoryError, ValueError, OverflowError):
        verdicts.append("error")
    except Exception as error:
        if type(error).__name__ == "RecursionError":
            verdicts.append("error")
        else:
            verdicts.append("other: %s" % type(error).__name__)
sys.stdout.write(json.dumps(verdicts))
"""

Version = tuple[int, int]


def pyenv_root() -> Optional[Path]:
    root = os.environ.get("PYENV_ROOT")
    if root:
        return Path(root)
    try:
        found = subprocess.run(["pyenv", "root"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        found = None
    if found is not None and found.returncode == 0 and found.stdout.strip():
        return Path(found.stdout.strip())
    default = Path.home() / ".pyenv"
    return default if default.is_dir() else None


@cache
def interpreters() -> dict[Version, Path]:
    """The newest installed CPython of each line, by (major, minor)."""
    root = pyenv_root()
    found: dict[Version, tuple[tuple[int, ...], Path]] = {}
    if root is None or not (root / "versions").is_dir():
        return {}
    for entry in (root / "versions").iterdir():
        match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", entry.name)
        executable = entry / "bin" / "python"
        if not match or not executable.exists():
            continue
        release = tuple(int(part) for part in match.groups())
        line = (release[0], release[1])
        if line not in found or found[line][0] < release:
            found[line] = (release, executable)
    return {line: path for line, (_, path) in sorted(found.items())}


def encoded(source: Union[str, bytes]) -> bytes:
    return source if isinstance(source, bytes) else source.encode("utf-8")


def compile_all(executable: Path, sources: list[Union[str, bytes]]) -> list[str]:
    """What one interpreter's `compile` says of each source: "ok" or "error"."""
    payload = json.dumps([base64.b64encode(encoded(source)).decode("ascii") for source in sources])
    result = subprocess.run(
        [str(executable), "-c", PROBE], input=payload, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        raise RuntimeError(f"{executable} failed: {result.stderr[-2000:]}")
    verdicts: list[str] = json.loads(result.stdout)
    return verdicts
