"""`--format sarif`: SARIF 2.1.0 for code scanning (GitHub and others).

One run per invocation; the tool's rules carry their documentation (help text and URI); each
result has a physical location with a region in Unicode code points (`columnKind`), and a
partial fingerprint so that code scanning can follow a finding across commits. URIs are
relative to the working folder (never absolute, so output stays deterministic) and
percent-encoded.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from .. import __version__
from ..diagnostics import Diagnostic
from ..escaping import json_text
from ..platform import AS_OF
from ..registry import Rule, all_rules
from ..runner import ProjectReport
from . import display_path

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/enginelint/enginelint"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": "".join(part.capitalize() for part in rule.name.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "helpUri": rule.url,
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": [rule.group, rule.name]},
    }


def _uri(path: str) -> str:
    """A relative path as a URI reference: bytes outside the URI alphabet percent-encoded (a
    space, `#`, `%`, non-ASCII), an undecodable byte of a file name as itself."""
    from urllib.parse import quote

    try:
        data = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no byte was decoded to
        data = path.encode("utf-8", "surrogatepass")
    return quote(data, safe="/")


def _location(report: ProjectReport, diagnostic: Diagnostic) -> dict[str, Any]:
    if diagnostic.path is None:
        uri = report.root.rstrip("/") + "/" if report.root not in ("", ".") else "./"
        return {"physicalLocation": {"artifactLocation": {"uri": uri}}}
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": _uri(display_path(report.root, diagnostic.path))}
    }
    if diagnostic.span is not None:
        start, end = diagnostic.span.start, diagnostic.span.end
        physical["region"] = {
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": max(end.line, start.line),
            "endColumn": max(end.column, start.column) if end.line <= start.line else end.column,
        }
    return {"physicalLocation": physical}


def sarif(reports: Sequence[ProjectReport]) -> dict[str, Any]:
    # Only the rules that fired are described: their docs are the bulk of the file.
    fired = {d.code for report in reports for d in report.diagnostics}
    rules = [rule for rule in all_rules() if rule.code in fired]
    index = {rule.code: position for position, rule in enumerate(rules)}
    results = []
    for report in reports:
        for diagnostic in report.diagnostics:
            results.append({
                "ruleId": diagnostic.code,
                "ruleIndex": index[diagnostic.code],
                "level": _LEVEL[diagnostic.severity],
                "message": {"text": diagnostic.message},
                "locations": [_location(report, diagnostic)],
                "partialFingerprints": {"enginelint/v1": diagnostic.fingerprint},
            })
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "enginelint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(rule) for rule in rules],
                "properties": {"platformData": AS_OF},
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def render(reports: Sequence[ProjectReport], stream: TextIO, settings: Any = None) -> None:
    stream.write(json_text(json.dumps(sarif(reports), indent=2, ensure_ascii=False)) + "\n")
