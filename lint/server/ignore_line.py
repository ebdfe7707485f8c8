"""The "Ignore EL… on this line" edit: an inline suppression that silences one finding.

The suppression goes where `suppressions.py` looks for it, in the first place that is safe for
the file:

1. a suppression comment already covering the line gets the code added (`ignore[EL201, EL202]`);
2. else a trailing comment on the line (`  # enginelint: ignore[EL202]`);
3. else a comment alone on the line above, indented like the line.

Every candidate is checked before it is offered: `suppressions.parse` must read it as covering
the finding's line (a `#` inside a Python string is no comment), a Python file that parsed must
still parse, and a `leanengine.yaml` that loaded must load to the same data (a `#` inside a
block scalar is text, not a comment). `.leanignore` takes no trailing comments (the deploy tool
would read them as part of the pattern), a line continued with `\\` takes none either, and
`runtime.txt` takes no suppression at all (the platform reads it without comments).
"""

from __future__ import annotations

import re
from typing import Any, Optional

from ..diagnostics import Diagnostic, Position
from ..files import TextFile
from ..platform import ENGINE_CONFIG_FILE, LEANIGNORE_FILE, RUNTIME_TXT_FILE
from ..suppressions import parse

_DIRECTIVE = re.compile(r"enginelint:\s*ignore\[([^\]]*)\]")
_NOT_SUPPRESSIBLE = ("EL006",)


def suppression(file: TextFile, diagnostic: Diagnostic) -> Optional[tuple[int, int, str]]:
    """(start offset, end offset, new text) that silences `diagnostic` in `file`, or None."""
    if diagnostic.span is None or diagnostic.code in _NOT_SUPPRESSIBLE:
        return None
    name = file.path.rsplit("/", 1)[-1]
    if name == RUNTIME_TXT_FILE:
        return None
    line = diagnostic.span.start.line
    if line < 1 or line > file.line_count:
        return None
    for candidate, covered in _candidates(file, name, line, diagnostic.code):
        if _works(file, candidate, covered, diagnostic.code):
            return candidate
    return None


def _candidates(
    file: TextFile, name: str, line: int, code: str
) -> list[tuple[tuple[int, int, str], int]]:
    """Edits to try, in order, each with the line the finding is on after it."""
    found = []
    extended = _extend_existing(file, line, code)
    if extended is not None:
        found.append((extended, line))
    text = file.line(line)
    continued = text.rstrip().endswith("\\")
    if name != LEANIGNORE_FILE and not continued:
        end = file.offset(Position(line, len(text.rstrip()) + 1))
        found.append(((end, end, f"  # enginelint: ignore[{code}]"), line))
    previous = file.line(line - 1) if line > 1 else ""
    if not previous.rstrip().endswith("\\"):
        start = file.offset(Position(line, 1))
        indent = text[: len(text) - len(text.lstrip())]
        found.append(((start, start, f"{indent}# enginelint: ignore[{code}]{file.newline}"),
                      line + 1))
    return found


def _extend_existing(file: TextFile, line: int, code: str) -> Optional[tuple[int, int, str]]:
    for existing in parse(file):
        if line not in existing.targets:
            continue
        comment_line = file.line(existing.line)
        for match in _DIRECTIVE.finditer(comment_line):
            if not (match.start(1) < existing.span.start.column <= match.end(1) + 1):
                continue
            inside = match.group(1)
            addition = f", {code}" if inside.strip() else code
            at = file.offset(Position(existing.line, match.end(1) + 1))
            return at, at, addition
    return None


def _works(file: TextFile, edit: tuple[int, int, str], covered: int, code: str) -> bool:
    start, end, inserted = edit
    new_text = file.text[:start] + inserted + file.text[end:]
    changed = TextFile(file.path, new_text, file.encoding, file.bom)
    if not any(s.selector == code and covered in s.targets for s in parse(changed)):
        return False
    if file.path.endswith((".py", ".pyw")):
        return not _parses_python(file.text) or _parses_python(new_text)
    if file.path.rsplit("/", 1)[-1] == ENGINE_CONFIG_FILE:
        before = _yaml_data(file.text)
        return before is _UNREADABLE or before == _yaml_data(new_text)
    return True


def _parses_python(text: str) -> bool:
    import ast

    try:
        ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


_UNREADABLE = object()


def _yaml_data(text: str) -> Any:
    from ruamel.yaml import YAML

    try:
        return YAML(typ="safe", pure=True).load(text)
    except Exception:  # any YAML error: the file is not data we could compare
        return _UNREADABLE
