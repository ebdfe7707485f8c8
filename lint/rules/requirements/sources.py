"""Where packages come from (EL204, EL208, EL209, EL210): VCS revisions, local paths, package
indexes and hash checking.

Each rule asks whether what pip downloads or opens is the same on every install and reachable
from the build: a moving branch, a path the build folder does not hold, an index over plain HTTP,
a hash-checking mode that rejects the install.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ...diagnostics import ERROR, WARNING, Finding
from ...parsers.requirements import OptionLine, Requirement
from ...project import Project
from ...rulespec import rule
from .messages import shorten


@rule("EL204", "unpinned-vcs-requirement", WARNING)
def unpinned_vcs_requirement(project: Project) -> Iterator[Finding]:
    """A VCS or archive URL requirement does not name a fixed revision.

    Why: pip installs `git+https://…/repo.git` (no `@ref`) or `…@main` at whatever the branch
    points to when the platform installs dependencies, and the platform reuses that install until
    `requirements.txt` changes: the code you deploy depends on when the cache was last rebuilt.
    Pinned means a commit hash (7–40 hex digits) or a version-like tag: an optional `word-`
    prefix, an optional `v`, dot-separated digits and optional PEP 440-style suffixes
    (`v1.2.3`, `2.0rc1`, `release-1.4`). Branch names (`@master`, `@main`, `@develop`, `@HEAD`,
    `1.x`, anything else) are reported; so are code-hosting archive URLs of a branch: GitHub's
    `…/archive/refs/heads/main.zip`, `…/tarball/master` and `…/zipball/master` (a bare
    `…/tarball` is the default branch), GitLab's `…/-/archive/main/…` and
    `…/repository/archive.zip?ref=main`, Bitbucket's `…/get/master.zip`. Other archive URLs
    (`https://…/pkg-1.0.tar.gz`) are pinned by the URL itself.

    Example: `git+https://github.com/o/lib.git@main` → `git+https://github.com/o/lib.git@v1.4.2`
    (or `@3f9c2e1…`, a commit hash).
    """
    from ...parsers.requirement_refs import BRANCH, NO_REF, PINNED, requirement_reference
    from ...parsers.requirements_graph import requirements_set

    view = requirements_set(project)
    if view is None:
        return
    for file in view.files:
        for requirement in file.requirements:
            found = requirement_reference(requirement, file.file)
            if found is None or found.reference.verdict == PINNED:
                continue
            reference = found.reference
            shown = shorten(reference.text)
            if reference.verdict == NO_REF and not requirement.is_vcs:
                message = (
                    f"`{shown}` names no revision, so the host serves the default branch as it "
                    "is at each install; put a release tag or a commit hash in the URL"
                )
            elif reference.verdict == NO_REF:
                message = (
                    f"`{shown}` names no commit or tag, so each install takes whatever the "
                    "default branch points to then; append `@<commit hash>` or `@<release tag>`"
                )
            elif reference.verdict == BRANCH:
                message = (
                    f"`{shown}` is a branch, so each install takes whatever it points to then; "
                    "pin a commit hash or a release tag instead"
                )
            else:
                message = (
                    f"`{shown}` is neither a commit hash nor a version tag, so it may be a "
                    "branch that moves; pin a commit hash or a release tag instead"
                )
            yield Finding(message, requirement.path, found.span)


@rule("EL208", "local-path-requirement", ERROR)
def local_path_requirement(project: Project) -> Iterator[Finding]:
    """A local path requirement (`-e ./pkg`, `./lib/foo`, `file:…`) pip cannot find in the build.

    Why: pip resolves such a path against the folder the install runs in — on the platform the
    project root (or `buildRoot`), not the requirements file's folder — and the platform only has
    the files you deploy. A path that does not exist there, an absolute path, or one that leaves
    the project makes the dependency install fail (error). A path that exists still fails unless
    leanengine.yaml pulls it in: while dependencies install, the build folder holds only the
    dependency manifests, and other files must be listed in an `install` item's `require:`
    (warning). Nothing is reported when `install: []` turns the install step off.

    A folder pip cannot build is an error too: one with neither `setup.py` nor
    `pyproject.toml` (`.` in a project that is not a package), and, in editable mode, one with
    only `pyproject.toml` when the target Python may bring a pip older than 21.3 (PEP 660).

    Example: `-e ./mylib` with no `mylib/` in the project → add the folder, or install the package
    from an index; when `mylib/` exists, add to leanengine.yaml:
    `install: [{require: [mylib]}, {use: default}]`.
    """
    from ...analysis.target import target
    from ...parsers.pip_releases import version_key
    from .local_paths import ABSOLUTE, OUTSIDE, local_paths

    where = target(project)
    for local in local_paths(project):
        requirement = local.requirement
        url = requirement.url or ""
        shown = f"`{shorten(url if url[:5].lower() == 'file:' else local.written)}`"
        if local.where == ABSOLUTE:
            message = (
                f"{shown} is an absolute path on the machine the file was written on; the build "
                "has only the project's files, so pip cannot install it"
            )
        elif local.where == OUTSIDE:
            message = (
                f"{shown} is outside the folder the platform builds, which is all it receives, "
                "so pip cannot install it"
            )
        elif not local.exists:
            message = (
                f"{shown} does not exist in the project (pip resolves it against the folder "
                "the install runs in, not the requirements file's), so the dependency install "
                "fails"
            )
        elif local.is_folder and not (local.has_setup_py or local.has_pyproject):
            message = (
                f"{shown} is a folder with neither `setup.py` nor `pyproject.toml`, so pip "
                "cannot build it and the dependency install fails; install the package another "
                "way, or remove the line"
            )
        elif (
            local.is_folder
            and requirement.editable
            and not local.has_setup_py
            and version_key(where.pips[0]) < version_key("21.3")
        ):
            message = (
                f"{shown} has only `pyproject.toml`, and pip older than 21.3 installs a folder in "
                f"editable mode only from `setup.py`; {where.python_label()} brings "
                f"{where.pip_range()}, so the dependency install fails; add a `setup.py` or "
                "drop `-e`"
            )
        elif not local.required:
            folder = local.relative or "."
            yield Finding(
                f"{shown} exists, but while dependencies install the build folder holds only "
                "the dependency manifests, so pip cannot find it; pull it in with leanengine.yaml "
                f"`install: [{{require: [{folder}]}}, {{use: default}}]`",
                requirement.path,
                requirement.span,
                severity=WARNING,
            )
            continue
        else:
            continue
        yield Finding(message, requirement.path, requirement.span)


# pip options whose values are package sources (pip's option names, as the parser records them).
_INDEX_OPTIONS = ("index_url", "extra_index_urls", "find_links")


@rule("EL209", "insecure-index", ERROR)
def insecure_index(project: Project) -> Iterator[Finding]:
    """A package index or find-links URL over plain `http://`, `--trusted-host`, or an extra index.

    Why: packages fetched over plain HTTP can be replaced by anyone on the network path, and pip
    runs their build code during the install (error). `--trusted-host` turns off pip's HTTPS
    certificate checks for that host, with the same effect (warning). `--extra-index-url` lets
    pip take a package from whichever index offers the higher version, so a public package with
    the name of a private one wins — "dependency confusion" (warning); prefer one `--index-url`
    that proxies both.

    Example: `--index-url http://mirrors.example.com/pypi/simple` →
    `--index-url https://mirrors.example.com/pypi/simple`.
    """
    from ...analysis.sdk import requirement_files
    from ...parsers.requirements import option_flag

    for view in requirement_files(project):
        for entry in view.options:
            for name in _INDEX_OPTIONS:
                value = entry.options.get(name)
                values = value if isinstance(value, list) else [value]
                spans = entry.value_spans.get(name, ())
                for index, url in enumerate(values):
                    if not isinstance(url, str):
                        continue
                    span = spans[index] if index < len(spans) else entry.span
                    flag = option_flag(name)
                    if url.strip().lower().startswith("http://"):
                        yield Finding(
                            f"`{flag} {shorten(url)}` downloads packages over plain HTTP, so "
                            "anyone on the network path can replace them; use an https:// URL",
                            entry.path,
                            span,
                        )
                    elif name == "extra_index_urls":
                        yield Finding(
                            f"`{flag} {shorten(url)}` lets pip take each package from whichever "
                            "index has the higher version, so a public package can shadow a "
                            "private one (dependency confusion); use a single `--index-url`",
                            entry.path,
                            span,
                            severity=WARNING,
                        )
            hosts = entry.options.get("trusted_hosts")
            spans = entry.value_spans.get("trusted_hosts", ())
            for index, host in enumerate(hosts if isinstance(hosts, list) else [hosts]):
                if not isinstance(host, str):
                    continue
                yield Finding(
                    f"`--trusted-host {shorten(host)}` turns off pip's HTTPS certificate checks "
                    f"for `{shorten(host)}`, so its packages can be tampered with in transit; "
                    "give the index a valid certificate instead",
                    entry.path,
                    spans[index] if index < len(spans) else entry.span,
                    severity=WARNING,
                )


def _hash_pinned(requirement: Requirement) -> bool:
    """Pinned the way pip's hash-checking mode demands: exactly one specifier, `==` or `===`
    (pip's `is_pinned`; `==2.*` passes it too, and the hashes then decide)."""
    specs = list(requirement.specifier)
    return len(specs) == 1 and specs[0].operator in ("==", "===")


@rule("EL210", "incomplete-hashes", ERROR)
def incomplete_hashes(project: Project) -> Iterator[Finding]:
    """Hash-checking mode is on, but a requirement has no `--hash` or is not pinned with `==`.

    Why: one `--hash` anywhere (or `--require-hashes`) switches pip into hash-checking mode for
    the whole install, and then pip refuses to install anything unless every requirement has a
    `--hash`, is pinned with a single `==` (or `===`; `==2.*` counts, pip checks the hashes),
    and is not an editable or version control requirement. The dependency install, and the
    deploy, fail. A requirement behind an environment marker is judged when the marker holds on
    the platform (Linux, CPython, the target Python); pip skips it when the marker never holds
    there, and enginelint stays silent when that depends on the patch release or the machine.
    `--no-require-hashes` (pip 26.2) keeps `--hash` from switching the mode on, when every pip
    the target may bring knows it.

    Example: `requests>=2.31` next to `flask==3.0.3 --hash=sha256:…` →
    `requests==2.32.3 --hash=sha256:…` (`pip-compile --generate-hashes` writes them all).
    """
    from ...analysis.sdk import requirement_files
    from ...analysis.target import marker_on_platform, target
    from ...parsers.pip_releases import version_key

    requirements: list[Requirement] = []
    required_by: Optional[str] = None
    implied = True
    where = target(project)
    for view in requirement_files(project):
        if view.is_constraint:
            continue
        for entry in view.entries:
            if isinstance(entry, OptionLine) and entry.options.get("require_hashes"):
                required_by = required_by or "`--require-hashes` is set"
            elif isinstance(entry, OptionLine) and entry.options.get("no_require_hashes"):
                implied = version_key(where.pips[0]) < version_key("26.2")
            elif isinstance(entry, Requirement) and not entry.is_constraint:
                requirements.append(entry)
    hashed = [r for r in requirements if r.hashes]
    if required_by is None:
        if not hashed or not implied:
            return
        first = hashed[0]
        required_by = f"`{shorten(first.requirement)}` ({first.path}:{first.line}) has a `--hash`"
    for requirement in requirements:
        if marker_on_platform(requirement.marker, where) is not True:
            continue
        shown = f"`{shorten(requirement.requirement)}`"
        if requirement.editable or requirement.is_vcs:
            kind = "an editable" if requirement.editable else "a version control"
            problem = f"{shown} is {kind} requirement, which pip cannot hash-check"
        elif not requirement.hashes and requirement.is_named and not _hash_pinned(requirement):
            problem = f"{shown} has no `--hash` and is not pinned with `==`"
        elif not requirement.hashes:
            problem = f"{shown} has no `--hash`"
        elif requirement.is_named and not _hash_pinned(requirement):
            problem = f"{shown} is not pinned to one version with `==`"
        else:
            continue
        yield Finding(
            f"{problem}, but {required_by}, which puts pip in hash-checking mode, so it rejects "
            "the whole install",
            requirement.path,
            requirement.span,
        )
