"""Output formats, one module each; the command line imports only the one it uses.

Every format module has `render(reports, stream, settings) -> None`.
"""

from __future__ import annotations

FORMATS = {
    "text": "text",
    "concise": "concise",
    "json": "json_output",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
}


def display_path(root: str, path: str) -> str:
    """A finding's path as a person or a CI system opens it: relative to the working folder."""
    if root in ("", "."):
        return path
    return f"{root.rstrip('/')}/{path}"
