"""What the app model says about the app that runs: the apps created, their routes, the SDK's
engines, and whether the served app goes through one. Records only; `builder` fills them.
"""

from __future__ import annotations

import re
from typing import Optional

from .... import platform
from ....analysis.python.parse import PythonModule
from ....diagnostics import Span
from ....lazy_dataclass import dataclass, field

_MAX_PATTERN = 500


@dataclass(frozen=True)
class Route:
    """A route a recognised framework registers in code that runs.

    `path` is the URL path it serves as written ("/" for Flask, "" for Django's `path("")`);
    None when it is not a constant. `regex` says the path is a regular expression (Tornado,
    Django `re_path`); `gets` whether it answers GET; `mount` that it serves everything under
    the path. `span` is the path argument (or the call when it has none).
    """

    framework: str
    path: Optional[str]
    module: PythonModule
    span: Span
    regex: bool = False
    gets: bool = True
    mount: bool = False
    django: bool = False

    @property
    def url_path(self) -> Optional[str]:
        """The path as a URL sees it (Django route strings have no leading `/`)."""
        if self.path is None or self.regex:
            return None
        return "/" + self.path if self.django else self.path

    def serves_root(self) -> Optional[bool]:
        """Whether `GET /` reaches this route; None when that cannot be known."""
        if self.path is None:
            return None
        if not self.gets:
            return False
        if self.regex:
            return _regex_matches(self.path, "" if self.django else "/", self.django)
        path = self.url_path or ""
        if self.mount:
            return path.rstrip("/") == ""
        if path in ("/", ""):
            return True
        # `/<path:p>`, `/{p:path}`: a converter right after `/` may match the root.
        return None if path.startswith(("/<", "/{")) else False

    def under_acme(self) -> bool:
        """Whether the route serves paths under /.well-known/acme-challenge/."""
        if self.path is None:
            return False
        if self.regex:
            # The literal start of the pattern, not a match: a hostile pattern cannot backtrack.
            literal = _literal_prefix(self.path)
            path = "/" + literal if self.django else literal
            return path.startswith(platform.ACME_CHALLENGE_PREFIX)
        path = self.url_path or ""
        prefix = platform.ACME_CHALLENGE_PREFIX
        return path.startswith(prefix) or path.rstrip("/") == prefix.rstrip("/")


@dataclass(frozen=True)
class AppCreation:
    """Where a recognised app object is created (`Flask(__name__)`)."""

    framework: str
    module: PythonModule
    span: Span


@dataclass(frozen=True)
class Located:
    """A call in a module that runs, for a finding (`HttpsRedirectMiddleware(engine)`)."""

    module: PythonModule
    span: Span
    text: str


@dataclass
class AppModel:
    """What the code that runs says about the app.

    `apps` are the recognised apps created; `routes` the routes they register; `dynamic` is
    True when some routing cannot be followed (then `routes` may be incomplete). `engines` are
    the `leancloud.Engine(...)` calls; `redirects_around_engine` the `HttpsRedirectMiddleware`
    calls whose app is the engine; `served_through_sdk` whether the app the platform serves
    goes through the engine (None: undecidable or nothing served).
    """

    apps: list[AppCreation] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    dynamic: bool = False
    engines: list[Located] = field(default_factory=list)
    redirects_around_engine: list[Located] = field(default_factory=list)
    served_through_sdk: Optional[bool] = None

    @property
    def frameworks(self) -> frozenset[str]:
        return frozenset(app.framework for app in self.apps)

    def serves_root(self) -> Optional[bool]:
        """Whether some route answers `GET /`; None when the routes cannot be known."""
        if self.dynamic:
            return None
        answers = [route.serves_root() for route in self.routes]
        if any(answer is True for answer in answers):
            return True
        return None if any(answer is None for answer in answers) else False


def _regex_matches(pattern: str, text: str, search: bool) -> Optional[bool]:
    if len(pattern) > _MAX_PATTERN:
        return None
    try:
        compiled = re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    if search:  # Django matches a URLconf pattern with `search` on the path without its `/`
        return compiled.search(text) is not None
    # Tornado anchors its patterns at both ends.
    return compiled.fullmatch(text) is not None


_REGEX_SPECIAL = frozenset(".^$*+?{}[]|()\\")


def _literal_prefix(pattern: str) -> str:
    """The text a regular expression matches literally at its start (`^/\\.well-known/(.*)` →
    `/.well-known/`); a character followed by a quantifier is not part of it."""
    text = pattern[1:] if pattern.startswith("^") else pattern
    out: list[str] = []
    index = 0
    while index < len(text) and len(out) < _MAX_PATTERN:
        char = text[index]
        if char == "\\" and index + 1 < len(text) and not text[index + 1].isalnum():
            char, step = text[index + 1], 2
        elif char in _REGEX_SPECIAL:
            break
        else:
            step = 1
        if text[index + step : index + step + 1] in ("*", "?", "{"):
            break
        out.append(char)
        index += step
    return "".join(out)
