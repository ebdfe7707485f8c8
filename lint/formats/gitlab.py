"""`--format gitlab`: GitLab Code Quality (a Code Climate JSON array) for merge-request widgets.

Paths are relative to the working folder (GitLab wants them relative to the repository root, which
is where CI jobs run). Severities map error → major, warning → minor, info → info.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from ..escaping import json_text
from ..runner import ProjectReport
from . import display_path

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def issues(reports: Sequence[ProjectReport]) -> list[dict[str, Any]]:
    found = []
    for report in reports:
        for d in report.diagnostics:
            path = display_path(report.root, d.path) if d.path else report.root
            begin = d.span.start.line if d.span else 1
            end = max(d.span.end.line, begin) if d.span else begin
            found.append({
                "type": "issue",
                "check_name": f"{d.code} {d.name}",
                "description": d.message,
                "categories": ["Bug Risk"] if d.severity == "error" else ["Style"],
                "severity": _SEVERITY[d.severity],
                "fingerprint": d.fingerprint,
                "location": {"path": path, "lines": {"begin": begin, "end": end}},
            })
    return found


def render(reports: Sequence[ProjectReport], stream: TextIO, settings: Any = None) -> None:
    stream.write(json_text(json.dumps(issues(reports), indent=2, ensure_ascii=False)) + "\n")
