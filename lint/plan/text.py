"""`enginelint plan` for people: each project as a few labelled sections, the upload as a tree
with sizes (rich). Every name from the project goes through `escaping.terminal`, so a file
name cannot move the cursor or reorder the line it is on.
"""

from __future__ import annotations

from typing import Any, Optional, TextIO

from ..escaping import terminal as visible


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            return f"{value:.1f} {unit}"
    return f"{size} B"


def render(plans: list[dict[str, Any]], stream: TextIO, color: Optional[bool]) -> None:
    from rich.console import Console

    console = Console(
        file=stream,
        no_color=True if color is False else None,
        force_terminal=True if color is True else None,
        color_system=None if color is False else "auto",
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )
    for index, plan in enumerate(plans):
        if index:
            console.print()
        _project(console, plan)


def _label(console: Any, label: str, text: str, style: str = "") -> None:
    from rich.text import Text

    console.print(Text.assemble((f"{label:<9}", "bold"), (visible(text), style)))


def _project(console: Any, plan: dict[str, Any]) -> None:
    from rich.text import Text

    console.print(Text(visible(plan["root"]), style="bold underline"))
    runtime = plan["runtime"]
    detected = runtime["detected"]
    declared = runtime["declared"]
    line = f"{detected} ({runtime['reason']})"
    if declared:
        line += f"; leanengine.yaml declares `runtime: {declared}`"
    _label(console, "runtime", line)
    _upload(console, plan["upload"])
    _install(console, plan["install"])
    _start(console, plan["start"])


def _upload(console: Any, upload: dict[str, Any]) -> None:
    from rich.text import Text
    from rich.tree import Tree

    leanignore = upload["leanignore"]
    patterns = leanignore["patterns"]
    shown = ", ".join(patterns[:6]) + (", …" if len(patterns) > 6 else "")
    _label(console, "ignore", {
        "file": f"the project's .leanignore ({len(patterns)} pattern"
        f"{'s' if len(patterns) != 1 else ''})",
        "defaults": "no .leanignore: lean deploy writes its runtime's defaults"
        + (f" ({shown})" if patterns else " (none for this runtime)"),
        "unreadable": ".leanignore cannot be read",
    }[leanignore["source"]])
    if upload["error"] is not None:
        _label(console, "upload", "none: lean deploy stops before uploading", "bold red")
        console.print(Text("         " + visible(upload["error"]), style="red"))
        stop = upload["stop"] or {}
        where = stop.get("path")
        if stop.get("line"):
            where = f".leanignore line {stop['line']}: {stop.get('pattern')}"
        if where and where != ".":
            problem = f" ({stop['problem']})" if stop.get("problem") else ""
            console.print(Text("         at " + visible(str(where)) + problem, style="red"))
        return
    files = upload["files"]
    summary = f"{len(files)} file{'s' if len(files) != 1 else ''}, "
    summary += human_size(upload["bytes"])
    if upload["truncated"]:
        summary += "; the walk stopped early (a very large tree): this is a lower bound"
    _label(console, "upload", summary)
    tree = Tree(Text("."), guide_style="dim")
    nodes: dict[str, Any] = {"": tree}
    linked = upload.get("linked", {})
    for path in files:
        parts = path.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder not in nodes:
                label = Text(visible(parts[depth - 1]) + "/", style="bold")
                if folder in linked:
                    label.append(" → " + visible(linked[folder]), style="dim")
                nodes[folder] = nodes["/".join(parts[: depth - 1])].add(label)
        size = upload["sizes"].get(path, 0)
        nodes["/".join(parts[:-1])].add(
            Text.assemble(visible(parts[-1]), ("  " + human_size(size), "dim"))
        )
    console.print(tree)


def _install(console: Any, install: dict[str, Any]) -> None:
    python = install["python"]
    version = python["version"] or "not set"
    line = f"Python {version} ({python['source']})"
    pip = install["pip"]
    if pip is not None:
        line += f", pip {pip['version']} ({pip['source']})"
    _label(console, "install", line)
    steps = install["steps"] or [{"kind": "none"}]
    for number, step in enumerate(steps, 1):
        _label(console, "", f"{number}. {_step(step)}")
    for number, step in enumerate(install["build"], 1):
        _label(console, "build" if number == 1 else "", f"{number}. {_step(step)}")


def _step(step: dict[str, Any]) -> str:
    kind = step["kind"]
    if kind == "system":
        return "system packages: " + ", ".join(step["packages"])
    if kind == "pip":
        missing = "" if step.get("file_exists", True) else " (there is no requirements.txt)"
        return f"{step['command']} (the default step){missing}"
    if kind == "command":
        return f"run: {step['command']}"
    if kind == "require":
        return "copy into the build folder: " + ", ".join(step["paths"])
    if kind == "default":
        return "the runtime's default step"
    if kind == "none":
        return "nothing (`install: []`)"
    return f"not a step the platform knows: {step.get('value')}"


def _start(console: Any, start: dict[str, Any]) -> None:
    where = f"{start['host']}:${start['port_variable']} ({start['port']} in the cloud)"
    if start["mode"] == "wsgi":
        line = f"WSGI: the platform imports {start['entry']} and serves `{start['callable']}` "
        line += f"on {where}"
    else:
        line = f"run: {start['command']} — it must listen on {where}"
    line += f"; startup timeout {start['startup_timeout']} s"
    _label(console, "start", line)
