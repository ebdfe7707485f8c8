"""The shape of the package, checked from its source: no import cycle (function-level and
type-checking imports count), no module over 700 lines, no stub left, every module on the map in
`docs/architecture.md`, and every rule family's table agreeing with its detectors."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from enginelint.registry import all_rules

REPOSITORY = Path(__file__).resolve().parent.parent
SOURCE = REPOSITORY / "lint"
PACKAGE = "enginelint"
MAX_LINES = 700


def modules() -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        parts = list(path.relative_to(SOURCE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join([PACKAGE, *parts])] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The package's modules that `name` imports anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [f"{module}.{alias.name}" for alias in node.names] + [module]
        else:
            continue
        if isinstance(node, ast.ImportFrom):
            # `from . import files` names modules; `from .x import y` names module x.
            modules_named = [t for t in targets[:-1] if t in known]
            targets = modules_named or targets[-1:]
        for target in targets:
            if target in known and target != name:
                yield target


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: set(imported(name, path, known)) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    # Without this, a finder that never finds anything would pass the test below.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycle() -> None:
    graph = import_graph()
    # A package's parent is imported by Python anyway; only edges written in the source count.
    assert cycles(graph) == []


def test_the_graph_sees_function_level_and_type_checking_imports() -> None:
    graph = import_graph()
    # registry imports the family tables inside a function; runner imports the engine at the top.
    assert "enginelint.rules.serving" in graph["enginelint.registry"]
    assert "enginelint.engine" in graph["enginelint.runner"]


@pytest.mark.parametrize("name", sorted(modules()))
def test_module_size(name: str) -> None:
    lines = modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it by job"


def test_no_stub_left() -> None:
    for name, path in modules().items():
        assert "(STUB)" not in path.read_text(encoding="utf-8"), name


def test_architecture_map_names_every_module() -> None:
    text = (REPOSITORY / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = []
    for name, path in modules().items():
        relative = path.relative_to(SOURCE).as_posix()
        package = relative.endswith("__init__.py")
        shown = relative[: -len("__init__.py")] if package else relative
        if name == PACKAGE:
            continue
        if f"`{shown}`" not in text and f"`{relative}`" not in text:
            missing.append(relative)
    assert missing == [], "docs/architecture.md does not name: " + ", ".join(missing)


def test_family_tables_agree_with_their_detectors() -> None:
    for rule in all_rules():
        source = Path(SOURCE, *rule.module.split(".")[1:]).with_suffix(".py")
        tree = ast.parse(source.read_text(encoding="utf-8"))
        functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert rule.function in functions, f"{rule.code}: no {rule.function} in {rule.module}"
        marks = [
            d for d in functions[rule.function].decorator_list
            if isinstance(d, ast.Call) and getattr(d.func, "id", "") == "rule"
        ]
        assert len(marks) == 1, f"{rule.code}: {rule.function} lacks its @rule mark"
        code, name = (ast.literal_eval(a) for a in marks[0].args[:2])
        severity = ast.unparse(marks[0].args[2]).lower()
        assert (code, name, severity) == (rule.code, rule.name, rule.severity), rule.code


def test_every_detector_carries_a_rule_mark_that_is_in_a_table() -> None:
    tabled = {(r.module, r.function) for r in all_rules()}
    for name, path in modules().items():
        if not name.startswith(f"{PACKAGE}.rules."):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and getattr(d.func, "id", "") == "rule"
                for d in node.decorator_list
            ):
                assert (name, node.name) in tabled, f"{name}.{node.name} is in no RULES table"


def test_rule_modules_are_only_imported_by_the_registry_path() -> None:
    # A detector module is loaded by name when its rule runs; nothing imports one statically
    # except modules of the same family, so selecting a family never loads another.
    graph = import_graph()
    for name, targets in graph.items():
        for target in targets:
            match = re.match(rf"{PACKAGE}\.rules\.(\w+)\.", target)
            if match and not name.startswith(f"{PACKAGE}.rules.{match.group(1)}"):
                pytest.fail(f"{name} imports the detector module {target}")


def test_no_docstring_holds_a_lone_surrogate() -> None:
    # Python 3.13.0 fails to import a module whose docstring holds one (its compiler cleans
    # docstrings through UTF-8); write `\\ud800` in prose instead.
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                doc = ast.get_docstring(node, clean=False) or ""
                assert not any(0xD800 <= ord(c) <= 0xDFFF for c in doc), name
