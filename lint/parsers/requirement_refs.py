"""Which revision a VCS or archive URL requirement names, and whether that revision can move.

pip installs `git+https://host/repo.git@REF` at whatever REF points to when the dependencies are
installed; only a commit hash (or, by convention, a release tag) stays put. The same holds for
code-hosting archive URLs (`https://github.com/o/r/archive/refs/heads/main.zip`). Any other URL
to an archive file is pinned by the URL itself.

Archive URLs of a branch are reported alike: GitHub's `…/archive/refs/heads/main.zip`,
`…/tarball/master`, `…/zipball/master` (and `api.github.com`, `codeload.github.com`), GitLab's
`…/-/archive/main/…` and `…/repository/archive.zip?ref=main`, Bitbucket's `…/get/master.zip`.
Without a revision (`…/tarball`) the host serves the default branch.

Grammar of a "version-like" tag (documented in EL204): an optional word prefix ending in `-` or
`_` (`release-`, `django_`), an optional `v`, digits separated by dots, then optional PEP 440-style
suffixes (`a1`, `-rc.2`, `.post1`, `.dev0`, `final`) and an optional `+local` part. `1.x`,
`2.0-stable` and `release/1.2` are branch-like. A commit hash is 7–40 hex digits (64 for SHA-256
repositories). Everything here works on strings; offsets are indexes into the URL.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from ..lazy_dataclass import dataclass
from ..lazy_re import lazy_pattern

if TYPE_CHECKING:
    from ..diagnostics import Span
    from ..files import TextFile
    from .requirements import Requirement

_COMMIT = lazy_pattern(r"^(?:[0-9a-fA-F]{7,40}|[0-9a-fA-F]{64})$")
_VERSION_TAG = lazy_pattern(
    r"^(?:[A-Za-z][A-Za-z0-9]*[-_])?[vV]?\d+(?:\.\d+)*"
    r"(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview|post|rev|r|dev|final)[-_.]?\d*)*"
    r"(?:\+[A-Za-z0-9.]+)?$",
    re.IGNORECASE,
)
# Names that always mean a moving branch or pointer (git, hg, common conventions).
MOVING_NAMES = frozenset(
    {
        "master", "main", "develop", "development", "dev", "trunk", "head", "latest",
        "stable", "default", "tip", "next", "nightly", "edge", "release", "unstable",
    }
)  # fmt: skip

_ARCHIVE_SUFFIX = r"(?:\.zip|\.tar\.gz|\.tgz|\.tar\.bz2|\.tar\.xz|\.tar)"
# Code-hosting archive URLs that name a revision in their path; `ref` is absent where the URL
# may leave it out and the host then serves the default branch. Each with a text its URLs always
# hold: a URL without it is not tried (nor the pattern compiled, in a run that has no such URL).
_ARCHIVES = (
    ("github.com/", lazy_pattern(
        r"^https?://(?:www\.)?github\.com/[^/]+/[^/]+/archive/(?P<ref>.+?)" + _ARCHIVE_SUFFIX + "$"
    )),
    ("github.com/", lazy_pattern(
        r"^https?://(?:www\.)?github\.com/[^/]+/[^/]+/(?:tarball|zipball)(?:/(?P<ref>[^?]+?))?/?$"
    )),
    ("api.github.com/", lazy_pattern(
        r"^https?://api\.github\.com/repos/[^/]+/[^/]+/(?:tarball|zipball)"
        r"(?:/(?P<ref>[^?]+?))?/?$"
    )),
    ("codeload.github.com/", lazy_pattern(
        r"^https?://codeload\.github\.com/[^/]+/[^/]+/(?:legacy\.)?(?:zip|tar\.gz)/(?P<ref>.+)$"
    )),
    ("/-/archive/", lazy_pattern(r"^https?://[^/]+/.+/-/archive/(?P<ref>[^/]+)/[^/]+$")),
    ("bitbucket.org/", lazy_pattern(
        r"^https?://(?:www\.)?bitbucket\.org/[^/]+/[^/]+/get/(?P<ref>.+?)" + _ARCHIVE_SUFFIX + "$"
    )),
)  # fmt: skip
# GitLab's archive endpoints take the revision as a query parameter (`?ref=`, `?sha=`), and serve
# the default branch without one.
_QUERY_ARCHIVE = lazy_pattern(r"^https?://[^/]+/.+/repository/archive(?:\.[A-Za-z0-9.]+)?$")

# Verdicts.
PINNED = "pinned"
NO_REF = "no-ref"
BRANCH = "branch"  # a well-known moving name, or `refs/heads/…`
UNKNOWN_REF = "unknown-ref"  # neither a commit nor version-like: may be a branch


@dataclass(frozen=True)
class Reference:
    """The revision part of a URL: `verdict`, and `start`/`end` indexes of `text` in the URL
    (for NO_REF, the whole URL without its `#fragment`)."""

    verdict: str
    text: str
    start: int
    end: int


def judge_ref(ref: str) -> str:
    """PINNED for a commit hash or version-like tag, BRANCH or UNKNOWN_REF otherwise."""
    if ref.startswith("refs/heads/"):
        return BRANCH
    name = ref[len("refs/tags/") :] if ref.startswith("refs/tags/") else ref
    if _COMMIT.match(name) or _VERSION_TAG.match(name):
        return PINNED
    if name.lower() in MOVING_NAMES:
        return BRANCH
    return UNKNOWN_REF


def vcs_reference(url: str) -> Reference:
    """The `@REF` of a VCS URL (`git+https://host/repo.git@REF#egg=x`), as pip splits it."""
    base = url.split("#", 1)[0].split("?", 1)[0]
    scheme_end = base.find("://")
    path_start = base.find("/", scheme_end + 3) if scheme_end >= 0 else base.find("/")
    at = base.rfind("@", path_start) if path_start >= 0 else -1
    if path_start < 0 or at < 0 or at + 1 >= len(base):
        return Reference(NO_REF, base, 0, len(base))
    ref = base[at + 1 :]
    return Reference(judge_ref(ref), ref, at + 1, len(base))


def archive_reference(url: str) -> Optional[Reference]:
    """The revision in a code-hosting archive URL, or None for any other (pinned) URL.

    NO_REF when the URL names none (`…/tarball`): the host serves the default branch."""
    whole = url.split("#", 1)[0]
    base = whole.split("?", 1)[0]
    for needle, pattern in _ARCHIVES:
        match = pattern.match(base) if needle in base else None
        if match:
            ref = match.group("ref")
            if not ref:
                return Reference(NO_REF, base, 0, len(base))
            return Reference(judge_ref(ref), ref, match.start("ref"), match.end("ref"))
    if "/repository/archive" in base and _QUERY_ARCHIVE.match(base):
        found = re.search(r"[?&](?:ref|sha)=([^&]+)", whole)
        if found is None:
            return Reference(NO_REF, whole, 0, len(whole))
        return Reference(judge_ref(found.group(1)), found.group(1), found.start(1), found.end(1))
    return None


def requirement_reference(requirement: Requirement, file: TextFile) -> Optional[ReferenceAt]:
    """The revision a URL requirement names and where it is written; None when not a URL
    requirement, or when the URL is an archive pinned by the URL itself."""
    url = requirement.url
    if url is None or requirement.is_local_path:
        return None
    reference = vcs_reference(url) if requirement.is_vcs else archive_reference(url)
    if reference is None:
        return None
    span = requirement.span
    start = file.offset(span.start)
    written = file.text[start : file.offset(span.end)]
    base = url.split("#", 1)[0]
    where = written.find(base)
    if where < 0:
        return ReferenceAt(reference, span)  # the URL is written differently (continuation…)
    first = start + where + reference.start
    return ReferenceAt(reference, file.span(first, start + where + reference.end))


@dataclass(frozen=True)
class ReferenceAt:
    """A `Reference` and the span of its text in the requirements file."""

    reference: Reference
    span: Span
