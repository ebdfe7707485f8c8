"""How the platform starts the app: WSGI mode, or run mode with what the `run:` command starts.
(CONTRACT STUB: run mode to be completed.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from ..platform import WSGI_FILE

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
    return project.cached("serving_mode", lambda: ServingMode(None, project.path(WSGI_FILE)))
