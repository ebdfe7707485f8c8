"""Severity names and their order.

A module of its own so that the command line can offer `--fail-on error|warning|info` without
importing the diagnostic model (dataclasses, hashlib): `enginelint --version` stays near the cost
of starting Python.
"""

from __future__ import annotations

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_RANK = {INFO: 0, WARNING: 1, ERROR: 2}
