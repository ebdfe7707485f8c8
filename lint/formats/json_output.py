"""`--format json`: one object per run, validated by `schemas/report.schema.json`.

The shape is versioned (`version`): adding a field is compatible, renaming or removing one bumps
it. Keys are written in a fixed order and nothing depends on time or the machine, so the same
input gives byte-identical output.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from .. import __version__
from ..diagnostics import SEVERITIES
from ..escaping import json_text
from ..platform import AS_OF
from ..runner import ProjectReport

REPORT_VERSION = 1


def project_json(report: ProjectReport) -> dict[str, Any]:
    return {
        "root": report.root,
        "diagnostics": [d.to_json() for d in report.diagnostics],
        "summary": {severity: report.count(severity) for severity in SEVERITIES},
    }


def report_json(reports: Sequence[ProjectReport]) -> dict[str, Any]:
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "enginelint", "version": __version__, "platform_data": AS_OF},
        "projects": [project_json(report) for report in reports],
    }


def render(reports: Sequence[ProjectReport], stream: TextIO, settings: Any = None) -> None:
    stream.write(json_text(json.dumps(report_json(reports), indent=2, ensure_ascii=False)) + "\n")
