"""A generated corpus of small projects, planned by `enginelint plan --format json` in one
subprocess and checked against a small reference model of `lean deploy`'s packaging written
here, independently of enginelint's code, from the facts of lean-cli 1.2.4's source
(`runtimes/runtime.go`, `runtimes/ignorefiles.go`, facebookgo/parseignore, facebookgo/symwalk;
see docs/platform.md).

The generator knows what each `.python-version` and `package.json` it writes means to runtime
detection (`.python-version` must start with `2.` or `3.`; `package.json` as Go's decoder
fills lean-cli's two structs), and what each pattern it writes means (a predicate on paths, or
the stage at which the deploy tool refuses it), so the reference never parses a pattern: it
applies the meanings in lean-cli's order — detection's stops first, then the last matching line
decides, an excluded folder is not entered, symlinked folders are walked under the link's path,
a broken link or a link loop stops the walk, the first refused line (or, failing that, the
first malformed `/` pattern) stops the deploy. At least 99.9 % of the projects must agree (so
far all do).

Size: `ENGINELINT_CORPUS_SIZE` projects (default 250, a few seconds); `HYPOTHESIS_PROFILE=deep`
runs 5,000; `ENGINELINT_CORPUS_SEED` picks another corpus.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import pytest

from tests.helpers import run_cli

SIZE = int(os.environ.get("ENGINELINT_CORPUS_SIZE")
           or (5000 if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else 250))
SEED = int(os.environ.get("ENGINELINT_CORPUS_SEED", "20261"))

FOLDERS = ["a", "b", "lib", "tmp", "data", "build", "venv", "cache", "src", "node_modules",
           "__pycache__", ".git"]
FILES = ["x.log", "y.pyc", "5.log", "c.txt", "notes.md", "a.py", "tmpfile", "keep.txt",
         "Readme", "data.db", "n[1", "k^", "b!c", ".DS_Store", "m9"]
WSGI = "def application(environ, start_response):\n    return [b'ok']\n"
WORD = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")

# --- what each pattern means ------------------------------------------------------------------


@dataclass
class Meaning:
    """One `.leanignore` line as the deploy tool reads it: skipped (`inert` lines are read but
    match nothing), refused while reading (`refused`), refused at the first path (`malformed`),
    or a predicate on paths (`matches`, `component` for the component rule of folder-only
    patterns)."""

    text: str
    negated: bool = False
    dir_only: bool = False
    matches: Optional[Callable[[str], bool]] = None
    component: Optional[str] = None
    refused: bool = False
    malformed: bool = False
    skipped: bool = False


# Names a pattern can be written as (a `[` would make a wildcard pattern).
NAMES = [n for n in FOLDERS + FILES if "[" not in n]


def component(name: str, negated: bool, dir_only: bool) -> Meaning:
    text = ("!" if negated else "") + name + ("/" if dir_only else "")
    return Meaning(text, negated, dir_only, component=name)


def searched(body: str, test: Callable[[str], bool], negated: bool, dir_only: bool) -> Meaning:
    text = ("!" if negated else "") + body + ("/" if dir_only else "")
    return Meaning(text, negated, dir_only, matches=test)


def glob(body: str, regex: str, negated: bool, dir_only: bool) -> Meaning:
    compiled = re.compile(regex)
    return searched(body, lambda p: compiled.fullmatch(p) is not None, negated, dir_only)


def random_meaning(rng: random.Random) -> Meaning:
    negated = rng.random() < 0.2
    dir_only = rng.random() < 0.2
    roll = rng.random()
    # Lines the deploy tool refuses are rarer, so that most projects get as far as the upload.
    kind = 8 if roll < 0.05 else 9 if roll < 0.08 else rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 10, 11])
    if kind == 0:
        return component(rng.choice(NAMES), negated, dir_only)
    if kind == 1:
        ext = rng.choice([".log", ".pyc", ".txt", ".md", ".py"])
        return searched(f"*{ext}", lambda p: p.endswith(ext), negated, dir_only)
    if kind == 2:
        part = rng.choice(["tmp", "b", "lib", "ca", "a/", "x.", "^"])
        if "/" in part:  # a `/` makes it a whole-path pattern
            return glob("a/*", r"a/[^/]*", negated, dir_only)
        return searched(f"{part}*", lambda p: part in p, negated, dir_only)
    if kind == 3:
        return searched("?.log", lambda p: len(p) >= 5 and p.endswith(".log"), negated,
                        dir_only)
    if kind == 4:  # classes without `/`: `!` negates, `^` is a member
        members = rng.choice(["ab", "xy", "l"])
        form = rng.randrange(3)
        if form == 0:
            return searched(f"[{members}]*", lambda p: any(c in p for c in members), negated,
                            dir_only)
        if form == 1:
            return searched(f"[!{members}]*", lambda p: any(c not in members for c in p),
                            negated, dir_only)
        return searched(f"[^{members}]*", lambda p: any(c in members + "^" for c in p),
                        negated, dir_only)
    if kind == 5:  # regular-expression escapes
        form = rng.randrange(4)
        if form == 0:
            return searched("*\\d", lambda p: p[-1:].isdigit(), negated, dir_only)
        if form == 1:
            return searched("\\d*", lambda p: any(c.isdigit() for c in p), negated, dir_only)
        if form == 2:
            return searched("*\\w", lambda p: p[-1:] in WORD, negated, dir_only)
        return searched("*\\bm9", lambda p: p.endswith("m9") and p[-3:-2] not in WORD,
                        negated, dir_only)
    if kind == 6:  # a `[` that opens no class, `]` first
        form = rng.randrange(2)
        if form == 0:
            return searched("n[1", lambda p: p.endswith("n[1"), negated, dir_only)
        return searched("[]a]", lambda p: p.endswith("[]a]"), negated, dir_only)
    if kind == 7:  # whole-path globs (Go's filepath.Match: `[!…]` holds `!`, `^` negates)
        folder = rng.choice(FOLDERS)
        form = rng.randrange(6)
        base = re.escape(folder)
        if form == 0:
            ext = rng.choice([".log", ".txt", ".py"])
            return glob(f"{folder}/*{ext}", base + r"/[^/]*" + re.escape(ext), negated,
                        dir_only)
        if form == 1:
            return glob(f"{folder}/?", base + r"/[^/]", negated, dir_only)
        if form == 2:
            return glob(f"{folder}/[!ab]*", base + r"/[!ab][^/]*", negated, dir_only)
        if form == 3:
            return glob(f"{folder}/[^ab]*", base + r"/[^ab][^/]*", negated, dir_only)
        if form == 4:
            name = rng.choice(NAMES)
            return glob(f"{folder}/{name}", base + "/" + re.escape(name), negated, dir_only)
        return glob(f"/{folder}", r"/" + base, negated, dir_only)  # never matches
    if kind == 8:  # refused while reading
        return Meaning(rng.choice(["**/x", "!", "/", "!/", "[!]", "[\\]", "*\\e", "\\x*",
                                   "[z-a]", "a**"]), refused=True)
    if kind == 9:  # malformed `/` patterns: refused at the first path
        return Meaning(rng.choice(["a/[b", "a/b\\", "a/[]", "a/[a-]", "a/[^]"]), malformed=True)
    if kind == 10:  # skipped lines
        return Meaning(rng.choice(["", "# note", "\t \u00a0", "#*.py"]), skipped=True)
    # A line with trailing Unicode whitespace reads as the line without it.
    meaning = component(rng.choice(NAMES), negated, dir_only)
    meaning.text += rng.choice(["\t", "\u00a0", " ", "\u3000"])
    return meaning


def inert(text: str) -> Meaning:
    return Meaning(text, matches=lambda p: False)


def random_leanignore(rng: random.Random) -> tuple[str, list[Meaning]]:
    meanings = [random_meaning(rng) for _ in range(rng.randrange(1, 7))]
    lines = [m.text for m in meanings]
    if rng.random() < 0.05 and len(meanings) >= 2 and all(
        m.component is not None and not m.negated for m in meanings[:2]
    ):
        # A lone CR is no line break: two names become one pattern that matches nothing.
        joined = lines[0] + "\r" + lines[1]
        meanings[:2] = [inert(joined)]
        lines[:2] = [joined]
    text = "\n".join(lines) + rng.choice(["\n", "\r\n", ""])
    if rng.random() < 0.07:
        # A byte-order mark is part of the first line: it names nothing; `**` or a malformed
        # expression after it is still refused, an empty pattern becomes a name.
        first = meanings[0]
        still_refused = first.refused and first.text not in ("!", "/", "!/")
        if first.malformed or still_refused:
            pass
        else:
            meanings[0] = inert("\ufeff" + first.text)
        text = "\ufeff" + text
    return text, meanings


# --- the reference model ----------------------------------------------------------------------


def matches(meaning: Meaning, path: str, is_dir: bool) -> bool:
    if meaning.component is not None:
        parts = path.split("/")
        for index, part in enumerate(parts):
            if meaning.dir_only and index == len(parts) - 1 and not is_dir:
                return False
            if part == meaning.component:
                return True
        return False
    if meaning.matches is None:
        return False
    return meaning.matches(path) and (is_dir or not meaning.dir_only)


def excluded(meanings: list[Meaning], path: str, is_dir: bool) -> bool:
    decision = None
    for meaning in meanings:
        if meaning.skipped or meaning.refused or meaning.malformed:
            continue
        if matches(meaning, path, is_dir):
            decision = not meaning.negated
    return bool(decision)


PYTHON_DEFAULTS = [
    component(".git", False, True), component(".DS_Store", False, False),
    component(".avoscloud", False, True), component(".leancloud", False, True),
    component("venv", False, False),
    searched("*.pyc", lambda p: p.endswith(".pyc"), False, False),
    component("__pycache__", False, True),
]
NODE_DEFAULTS = [*PYTHON_DEFAULTS[:4], component("node_modules", False, True)]


# package.json texts and how Go's `encoding/json` decodes each into lean-cli's two structs:
# (text, DetectRuntime's `scripts.start`-only decode succeeds, the start it gives is not empty,
# newNodeRuntime's decode — `scripts.start`, `scripts.dev`, `dependencies` map — succeeds).
# Go matches keys without regard to case, ignores fields the struct does not have, leaves a
# string untouched on `null`, fails on a wrong type or invalid JSON, and lean-cli strips a BOM.
PACKAGE_JSONS = [
    ('{"scripts": {"start": "node x"}}', True, True, True),
    ('{"Scripts": {"START": "node x"}}', True, True, True),
    ('\ufeff{"scripts": {"start": "node x"}}', True, True, True),
    ('{"scripts": {"start": "node x"}, "dependencies": {"a": "^1"}}', True, True, True),
    ('{"scripts": {"start": ""}}', True, False, True),
    ('{"scripts": {"start": null}}', True, False, True),
    ('{"name": "assets", "scripts": {"build": "vite"}}', True, False, True),
    ('{"scripts": {"start": 1}}', False, False, False),
    ('{"scripts": "node x"}', False, False, False),
    ('[]', False, False, False),
    ('{"scripts": {"start": "node x"},}', False, False, False),
    ('{"scripts": {"start": "node x"}, "dependencies": {"a": 1}}', True, True, False),
    ('{"scripts": {"start": "node x", "dev": 2}}', True, True, False),
    ('{"scripts": {"start": "node x"}, "dependencies": ["a"]}', True, True, False),
]
# .python-version texts: lean-cli reads the file raw and stops unless it starts with `2.` or
# `3.` (strings.HasPrefix), whatever pyenv would make of it.
PYTHON_VERSIONS = ["3.11\n", "2.7\n", "3.11 \n", "3.\n", "3.11\r\n3.12\n", "\ufeff3.11\n",
                   " 3.11\n", "\n3.11\n", "# pinned\n3.11\n", "v3.11\n", "python3.11\n", "3\n",
                   "", "pypy3.10\n", "system\n"]


def expected(root: Path, spec: dict[str, object]) -> dict[str, object]:
    """What lean deploy does: {"stop": stage[, "path"|"line"]} or {"files": [...], "bytes"}."""
    runtime = spec["runtime"]
    if runtime == "node.js" and not spec["package_json_decodes"]:
        return {"stop": "detect", "path": "package.json"}
    version = spec["python_version"]
    if runtime == "python" and isinstance(version, bytes) and not version.startswith(
        (b"2.", b"3.")
    ):
        return {"stop": "detect", "path": ".python-version"}
    meanings: list[Meaning]
    if spec["leanignore"] is None:
        meanings = {"python": PYTHON_DEFAULTS, "node.js": NODE_DEFAULTS}.get(str(runtime), [])
    else:
        meanings = spec["meanings"]  # type: ignore[assignment]
        for number, meaning in enumerate(meanings, 1):
            if meaning.refused:
                return {"stop": "pattern", "line": number}
        if any(m.malformed for m in meanings):
            return {"stop": "match", "path": "."}
    if excluded(meanings, ".", True):
        return {"files": [], "bytes": 0}
    files: dict[str, int] = {}
    stop = walk(root, "", 0, meanings, files)
    if stop is not None:
        return stop
    return {"files": sorted(files), "bytes": sum(files.values())}


def walk(real: Path, shown: str, links: int, meanings: list[Meaning],
         files: dict[str, int]) -> Optional[dict[str, object]]:
    for name in sorted(os.listdir(real)):
        path = f"{shown}/{name}" if shown else name
        entry = real / name
        if entry.is_symlink():
            if not entry.exists():
                return {"stop": "walk", "path": path}
            if entry.is_dir():
                if links + 1 > 255:
                    return {"stop": "walk", "loop": True}
                if excluded(meanings, path, True):
                    continue
                stop = walk(entry.resolve(), path, links + 1, meanings, files)
                if stop is not None:
                    return stop
                continue
            if not excluded(meanings, path, False):
                files[path] = entry.stat().st_size
            continue
        if entry.is_dir():
            if excluded(meanings, path, True):
                continue
            stop = walk(entry, path, links, meanings, files)
            if stop is not None:
                return stop
        elif not excluded(meanings, path, False):
            files[path] = entry.stat().st_size
    return None


# --- the generator ----------------------------------------------------------------------------


def make_project(root: Path, rng: random.Random) -> dict[str, object]:
    root.mkdir(parents=True)
    (root / "requirements.txt").write_text("flask\n")
    runtime = "python"
    if rng.random() < 0.85:
        (root / "wsgi.py").write_text(WSGI)
    else:
        runtime = "unknown"
    marker = rng.random()
    decodes = True
    if marker < 0.04:
        (root / "cloud").mkdir()
        (root / "cloud" / "main.js").write_text("//\n")
        runtime = "cloudcode"
    elif marker < 0.12:
        text, start_decodes, start_set, decodes = rng.choice(PACKAGE_JSONS)
        (root / "package.json").write_bytes(text.encode())
        # DetectRuntime: `server.js` with `package.json`, or a start command that decodes, is
        # Node.js; newNodeRuntime then decodes the whole struct.
        if rng.random() < 0.3:
            (root / "server.js").write_text("//\n")
            runtime = "node.js"
        elif start_decodes and start_set:
            runtime = "node.js"
    version: Optional[bytes] = None
    if rng.random() < 0.5:
        good = rng.random() < 0.85
        version = (rng.choice(PYTHON_VERSIONS[:5]) if good else rng.choice(PYTHON_VERSIONS[5:])
                   ).encode()
        (root / ".python-version").write_bytes(version)
    folders = [root]
    for _ in range(rng.randrange(1, 5)):
        parent = rng.choice(folders)
        child = parent / rng.choice(FOLDERS)
        child.mkdir(exist_ok=True)
        folders.append(child)
    for _ in range(rng.randrange(1, 8)):
        target = rng.choice(folders) / rng.choice(FILES)
        if not target.exists():
            target.write_text("x" * rng.randrange(1, 40))
    for _ in range(rng.randrange(0, 3)):
        home = rng.choice(folders)
        link = home / rng.choice(["lnk", "flink", "dead", "up"])
        if link.exists() or link.is_symlink():
            continue
        kind = rng.random()
        if kind < 0.45:
            others = [f for f in folders if f != home and home not in f.parents
                      and f not in home.parents and f != root]
            if others:
                os.symlink(os.path.relpath(rng.choice(others), home), link)
        elif kind < 0.75:
            files = [p for p in root.rglob("*") if p.is_file() and not p.is_symlink()]
            if files:
                os.symlink(os.path.relpath(rng.choice(files), home), link)
        elif kind < 0.96:
            os.symlink("nowhere", link)
        elif home != root:  # `..` from the root would leave the project
            os.symlink("..", link)  # a loop, unless .leanignore cuts it
    spec: dict[str, object] = {"runtime": runtime, "python_version": version,
                               "package_json_decodes": decodes, "leanignore": None,
                               "meanings": []}
    if rng.random() < 0.8:
        text, meanings = random_leanignore(rng)
        (root / ".leanignore").write_bytes(text.encode())
        spec["leanignore"] = text
        spec["meanings"] = meanings
    return spec


def agree(actual: dict[str, object], wanted: dict[str, object]) -> bool:
    upload = actual["upload"]
    assert isinstance(upload, dict)
    runtime = actual["runtime"]
    assert isinstance(runtime, dict)
    if runtime["detected"] != wanted["runtime"]:
        return False
    stop = upload["stop"]
    if "stop" in wanted:
        if stop is None or stop["stage"] != wanted["stop"]:
            return False
        if "line" in wanted:
            return bool(stop["line"] == wanted["line"])
        if wanted.get("loop"):
            return "too many links" in str(upload["error"])
        return "path" not in wanted or bool(stop["path"] == wanted["path"])
    return stop is None and upload["files"] == wanted["files"] and (
        upload["bytes"] == wanted["bytes"])


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_plan_agrees_with_the_reference_on_a_generated_corpus(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    projects: list[tuple[Path, dict[str, object]]] = []
    for index in range(SIZE):
        root = tmp_path / f"p{index:05}"
        projects.append((root, make_project(root, rng)))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))  # a link loop is 255 levels
    wanted = [{**expected(root, spec), "runtime": spec["runtime"]} for root, spec in projects]
    result = run_cli("plan", "--format", "json", *[root.name for root, _spec in projects],
                     cwd=tmp_path, timeout=600)
    assert result.returncode in (0, 1), result.stderr
    plans = json.loads(result.stdout)["projects"]
    assert [p["root"] for p in plans] == [root.name for root, _spec in projects]
    disagreements = [
        (root.name, spec["leanignore"], wanted[i], plans[i]["upload"])
        for i, (root, spec) in enumerate(projects)
        if not agree(plans[i], wanted[i])
    ]
    agreement = 1 - len(disagreements) / len(projects)
    assert agreement >= 0.999, disagreements[:5]
    stops = sum(1 for w in wanted if "stop" in w)
    assert 0 < stops < len(projects)  # the corpus exercises both outcomes
    detection_stops = {w.get("path") for w in wanted if w.get("stop") == "detect"}
    assert detection_stops == {".python-version", "package.json"}
