"""runtime.txt → the Python version it names, with positions.

`runtime.txt` (`python-3.6.5`, the Heroku convention) is a legacy file the platform no longer
reads; EL307 says so and names the version that will not be used. The view exists so that the
rule does not parse text or compute positions itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ..diagnostics import Span
from ..files import TextFile
from ..lazy_dataclass import dataclass
from ..lazy_re import lazy_pattern
from ..platform import RUNTIME_TXT_FILE

if TYPE_CHECKING:
    from ..project import Project

# `python-3.6.5`, `python-2.7`, `python3.8`, `Python 3.9.1`, `3.10`: a version with an optional
# `python` prefix. Anything else is a file that names no version enginelint can recognise.
_RUNTIME = lazy_pattern(
    r"(?i)(?:c?python[-_ ]?)?v?(?P<version>[0-9]+\.[0-9]+(?:\.[0-9]+)?(?:(?:a|b|rc)[0-9]+)?)",
)


@dataclass(frozen=True)
class RuntimeTxt:
    """The parsed `runtime.txt`.

    `file` is None when the file exists but cannot be read (EL001/EL002 say why). `version` is
    the bare version (`3.6.5`) and `text` the spelling it was written in (`python-3.6.5`), both
    None when no version is recognised. `span` covers the content without surrounding
    whitespace (a point at 1:1 for a blank or unreadable file).
    """

    path: str
    file: Optional[TextFile]
    span: Span
    text: Optional[str] = None
    version: Optional[str] = None


def runtime_txt(project: Project) -> Optional[RuntimeTxt]:
    """runtime.txt (under the build root) parsed once; None when there is none."""

    def build() -> Optional[RuntimeTxt]:
        relative = project.path(RUNTIME_TXT_FILE)
        if not project.exists(relative) or project.is_dir(relative):
            return None  # a folder of that name is no legacy version file
        text = project.read(relative)
        if text is None:
            return RuntimeTxt(relative, None, Span.point(1, 1))
        return parse_runtime_txt(text)

    return project.cached("runtime_txt", build)


def parse_runtime_txt(file: TextFile) -> RuntimeTxt:
    """Find the content and the version it names; never raises."""
    text = file.text
    stripped = text.strip()
    if not stripped:
        return RuntimeTxt(file.path, file, Span.point(1, 1))
    start = len(text) - len(text.lstrip())
    span = file.span(start, start + len(stripped))
    match = _RUNTIME.fullmatch(stripped)
    if match is None:
        return RuntimeTxt(file.path, file, span)
    return RuntimeTxt(file.path, file, span, text=stripped, version=match.group("version"))
