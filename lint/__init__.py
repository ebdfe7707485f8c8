"""enginelint: a static linter for Python projects deployed to the LeanCloud Cloud Engine.

Importing this package must stay cheap: the command line imports it on every run, and
`enginelint --version` must not pull in any third-party module.
"""

__version__ = "0.1.0"
