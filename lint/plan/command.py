"""`enginelint plan [PATH…]`: find each PATH's project as `check` does, plan it, print.

Exit codes: 0 every project deploys; 1 the deploy of some project stops before uploading; 2 a
usage or configuration error (raised as `PlanError`, which the command line turns into its one
line on standard error).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

from .. import __version__
from ..platform import AS_OF
from . import VERSION


class PlanError(ValueError):
    """A usage or configuration problem: exit 2 with this one line."""


def run(paths: list[str], fmt: str, output: Optional[str], color: Optional[bool]) -> int:
    """Plan the projects holding `paths` and print them in `fmt` (`text` or `json`)."""
    from ..project import Project, describe_root
    from .model import project_plan

    plans: list[dict[str, Any]] = []
    seen: set[Path] = set()
    for given in paths or ["."]:
        found = _project_of(given)
        if found is None or found.root in seen:
            continue
        seen.add(found.root)
        project = Project(found.root, _settings(found))
        plans.append(project_plan(project, describe_root(found.root)))
    document = {
        "version": VERSION,
        "tool": {"name": "enginelint", "version": __version__, "platform_data": AS_OF},
        "projects": [_public(plan) for plan in plans],
    }
    if fmt == "json":
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        _write(output, text)
    else:
        import io

        from .text import render

        buffer = io.StringIO()
        render(plans, buffer, False if output and output != "-" else color)
        _write(output, buffer.getvalue())
    return 1 if any(plan["upload"]["error"] is not None for plan in plans) else 0


def _public(plan: dict[str, Any]) -> dict[str, Any]:
    """The JSON shape: sizes belong to the text tree only."""
    upload = {k: v for k, v in plan["upload"].items() if k != "sizes"}
    return {**plan, "upload": upload}


def _write(output: Optional[str], text: str) -> None:
    if not output or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from ..files import write_atomically

    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, text)


def _project_of(given: str) -> Any:
    """The `finder.Found` project for a PATH, or None (a file in no project, with a note).

    As `check`: a PATH that does not exist, or a folder under no project, is a usage error. A
    project the deploy tool ships as another runtime is planned all the same: that is what the
    plan shows.
    """
    from ..finder import NotFound, find

    path = Path(given)
    if not path.exists() and not path.is_symlink():
        raise PlanError(f"{given}: no such file or folder")
    found = find(path)
    if isinstance(found, NotFound):
        note = found.note(given, "enginelint plan")
        if path.is_dir():
            raise PlanError(note)
        from ..escaping import terminal

        sys.stderr.write(f"enginelint: {terminal(note)}; skipped\n")
        return None
    return found


def _settings(found: Any) -> Any:
    from ..config import ConfigError, load_config
    from ..finder import settings_folders
    from ..settings import resolve

    try:
        config = load_config(found.root, None, False, settings_folders(found.root,
                                                                          found.repository))
    except ConfigError as error:
        raise PlanError(str(error)) from None
    return resolve(config)
