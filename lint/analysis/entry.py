"""How the platform starts the app: WSGI mode, or run mode with what the `run:` command starts.

Which code "runs on the platform" depends on this: in WSGI mode the platform imports `wsgi.py`
(its `__main__` block does not run); with `run:` the command's last long-running program decides
(`python app.py` runs `app.py` as `__main__`, `gunicorn wsgi:app` imports `wsgi.py`). The rules
that follow imports from the entry, and the ones that care about `__main__` blocks, ask here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ..lazy_dataclass import dataclass
from ..platform import RUN_COMMAND_KEYS, WSGI_FILE

if TYPE_CHECKING:
    from ..project import Project


@dataclass(frozen=True)
class ServingMode:
    """`run` is the `run:` command (None in WSGI mode).

    `entry_file` is the project-relative path of the Python file the platform starts (wsgi.py in
    WSGI mode; `app.py` for `python app.py`; `wsgi.py` for `gunicorn wsgi:app`; …), None when the
    command starts nothing enginelint can place. `entry_is_main` says whether that file runs as
    `__main__` (so its `if __name__ == "__main__":` block runs).
    """

    run: Optional[str]
    entry_file: Optional[str]
    entry_is_main: bool = False

    @property
    def is_wsgi(self) -> bool:
        return self.run is None


def serving_mode(project: Project) -> ServingMode:
    """The serving mode, decided once per project."""
    return project.cached("serving_mode", lambda: _decide(project))


def _has_run_command(project: Project) -> bool:
    """Whether leanengine.yaml sets a non-blank `run:` (or the legacy `cmd:`), checked before
    the shell parser is imported: most projects are in WSGI mode and should not pay for it."""
    from ..parsers.engine_yaml import engine_config

    config = engine_config(project)
    if config is None:
        return False
    values = [config.get(key) for key in RUN_COMMAND_KEYS]
    return any(isinstance(value, str) and bool(value.strip()) for value in values)


def _decide(project: Project) -> ServingMode:
    if not _has_run_command(project):
        return ServingMode(None, project.path(WSGI_FILE))
    from ..parsers.run_command import run_command

    parsed = run_command(project)
    if parsed is None:
        return ServingMode(None, project.path(WSGI_FILE))
    main = parsed.main
    entry = main.entry if main is not None else None
    if entry is None:
        return ServingMode(parsed.text, None)
    # The command runs in the build root; the first candidate that exists is what Python loads
    # (`pkg/__init__.py` before `pkg.py`). A missing entry is EL506's finding, not a file here.
    for candidate in entry.candidates:
        path = project.path(candidate)
        if project.is_file(path):
            return ServingMode(parsed.text, path, entry.is_main)
    return ServingMode(parsed.text, None)
