"""The command line's front door: `enginelint --version` answered here, every other command by
`commands`.

A version check is what scripts and editors run most often to see whether enginelint is there;
it must cost little more than starting Python, so this module imports nothing but the version
and the platform data's date, and the argument parser, `pathlib` and the rest are loaded only
for a real command.
"""

from __future__ import annotations

import sys

from . import version_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import NoReturn, Optional


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments in (["--version"], ["-V"]):
        sys.stdout.write(version_line())
        return 0
    # The same command run again over an unchanged project prints what it printed before.
    from .replay import answer

    status = answer(arguments)
    if status is not None:
        return status
    from .commands import main as run

    return run(arguments)


def run() -> NoReturn:
    """The `enginelint` command (and `python -m enginelint`): `main`, then the process ends.

    A command spaces out cycle collections from its first import on, and once it has written
    its output it ends at once (`process.exit_now`): taking the heap apart object by object
    first would only make the caller wait. The editor server, a long-lived process, keeps the
    interpreter's defaults and ends the usual way, so that its worker thread is waited for.
    """
    from .process import exit_now, space_collections

    arguments = sys.argv[1:]
    if arguments[:1] == ["server"]:
        raise SystemExit(main(arguments))
    space_collections()  # before the imports, which allocate as much as a small run
    try:
        status = main(arguments)
    except BrokenPipeError:
        status = 0  # `enginelint --version | true`: the reader left, which is no failure of ours
    exit_now(status)
