"""enginelint: a static linter for Python projects deployed to the LeanCloud Cloud Engine.

Importing this package must stay cheap: the command line imports it on every run, and
`enginelint --version` must not pull in any third-party module.
"""

__version__ = "0.1.0"


def version_line() -> str:
    """What `enginelint --version` prints: the version and the date of the platform data."""
    from .platform import AS_OF

    return f"enginelint {__version__} (platform data as of {AS_OF})\n"
