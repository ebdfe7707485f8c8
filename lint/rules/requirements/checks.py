"""EL2xx — requirements.txt: what pip will install, and whether it can.

The rules read the records of `parsers.requirements`; every position and every judgement about
pip's grammar comes from there. These rules only decide what is worth saying.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Optional

from ...diagnostics import ERROR, SAFE, WARNING, Edit, Finding, Fix, Span
from ...parsers.requirements import InvalidLine, OptionLine, Requirement
from ...project import Project
from ...rulespec import rule

if TYPE_CHECKING:
    from packaging.specifiers import Specifier, SpecifierSet

# Operators that put a ceiling on the versions a specifier allows (SPEC EL202: `==` also with a
# wildcard, `===`, `~=` — which always has at least two segments — and any `<`/`<=`).
_CAPPING_OPERATORS = frozenset({"==", "===", "~=", "<", "<="})
_LOWER_BOUND_OPERATORS = frozenset({">=", ">"})
# Long lines are shortened in messages; the position still covers the whole line.
_MAX_SHOWN = 80


def _requirements(project: Project) -> list[Requirement]:
    from ...parsers.requirements_graph import requirements_set

    view = requirements_set(project)  # requirements.txt and the files it includes
    return view.requirements if view is not None else []


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


@rule("EL201", "unpinned-requirement", WARNING)
def unpinned_requirement(project: Project) -> Iterator[Finding]:
    """A named requirement has no version specifier at all.

    Why: pip installs whatever release is newest when the dependencies are installed. The
    platform caches installed dependencies until `requirements.txt` changes, so the version you
    get changes at an unrelated moment — and a new major release can break the deploy or the
    running app. URL, VCS, path and `-e` requirements name their source and are not reported
    (EL204 covers VCS references).

    Example: `Flask` → `Flask==3.0.3`, or at least `Flask>=3.0,<4`.
    """
    for requirement in _requirements(project):
        if not requirement.is_named or requirement.is_constraint or requirement.specifier:
            continue
        name = _shown(requirement.name or "")
        yield Finding(
            f"`{name}` has no version specifier, so each fresh install takes whatever release "
            f"is newest; pin it (`{name}==X.Y.Z`) or cap it (`{name}>=X.Y,<X+1`)",
            requirement.path,
            requirement.span,
        )


def _is_capped(specifier: SpecifierSet) -> bool:
    return any(spec.operator in _CAPPING_OPERATORS for spec in specifier)


def _major_cap(specifier: SpecifierSet) -> Optional[str]:
    """`<N+1` for the major N of the highest lower bound, or None without a lower bound.

    A lower bound of `1!2.0` (an epoch) gets `<1!3`: `<3` would exclude every epoch-1 version.
    When `!=N.*` excludes the whole major line the bound starts in, the cap moves past it so the
    fixed requirement stays satisfiable (`>=2.0,!=2.*` → `<4`).
    """
    from packaging.version import InvalidVersion, Version

    lower: list[Version] = []
    for spec in specifier:
        if spec.operator in _LOWER_BOUND_OPERATORS:
            try:
                lower.append(Version(spec.version))
            except InvalidVersion:
                continue
    if not lower:
        return None
    highest = max(lower)
    epoch = f"{highest.epoch}!" if highest.epoch else ""
    excluded = {spec.version for spec in specifier if spec.operator == "!="}
    major = highest.release[0]
    while f"{epoch}{major}.*" in excluded:
        major += 1
    return f"<{epoch}{major + 1}"


@rule("EL202", "unbounded-major-version", WARNING)
def unbounded_major_version(project: Project) -> Iterator[Finding]:
    """A requirement's specifiers do not cap the major version.

    Why: `Flask>=1.0` accepts Flask 2, 3 and every future major release, which by convention
    may break your code; the version you get changes whenever the platform's dependency cache is
    rebuilt. A requirement counts as capped with `==` (also `==1.*`), `===`, `~=` or any `<`/`<=`.
    The safe fix appends `,<N+1`, where N is the major version of the highest lower bound; with
    only exclusions (`x!=2.0`) there is no lower bound to derive a cap from, so there is no fix:
    choose the major version you tested with.

    Example: `Flask>=1.0.0` → `Flask>=1.0.0,<2`; `requests>2` → `requests>2,<3`.
    """
    for requirement in _requirements(project):
        if not requirement.is_named or requirement.is_constraint:
            continue
        specifier = requirement.specifier
        if not specifier or _is_capped(specifier):
            continue
        span = requirement.span
        cap = _major_cap(specifier)
        if cap is None or requirement.specifier_span is None or not requirement.specifier_range:
            yield Finding(
                f"`{_shown(requirement.requirement)}` has no upper bound, so any future major "
                "release can be installed; add a `<` cap for the major version you tested with",
                requirement.path,
                span,
            )
            continue
        addition = cap if requirement.specifier_text.endswith(",") else f",{cap}"
        end = requirement.specifier_range[1]
        suggested = requirement.requirement[:end] + addition + requirement.requirement[end:]
        insert_at = requirement.specifier_span.end
        yield Finding(
            f"`{_shown(requirement.requirement)}` does not cap the major version, so a new major "
            f"release can break the next install; use `{_shown(suggested)}`",
            requirement.path,
            span,
            fix=Fix(
                f"Cap the major version: `{_shown(suggested)}`",
                (Edit(requirement.path, Span(insert_at, insert_at), addition),),
                SAFE,
            ),
        )


@rule("EL203", "invalid-requirement", ERROR)
def invalid_requirement(project: Project) -> Iterator[Finding]:
    """A line in `requirements.txt` that pip rejects, or parts of a line pip silently ignores.

    Why: pip stops at the first line it cannot parse (`flask=1.0`, `django>=`, `x~=1`, an
    invalid environment marker, an unknown or long-removed option such as `--allow-external`),
    so the dependency install and the deploy fail. Reported as warnings, because pip carries on
    without them: index options on a requirement line (`foo==1.0 --index-url …`), a `--hash` line
    that lost the trailing `\\` joining it to its requirement, and words after the options of a
    line. Lines using `${VARIABLE}` are not judged: pip substitutes the install environment first.

    Example: `flask=1.0` → `flask==1.0`.
    """
    from ...parsers.requirements import option_flag
    from ...parsers.requirements_graph import requirements_set

    view = requirements_set(project)  # requirements.txt and the files it includes
    if view is None:
        return
    for entry in view.entries:
        if isinstance(entry, InvalidLine):
            if entry.uses_environment:
                continue
            yield Finding(
                f"pip cannot parse `{_shown(entry.text)}`, so the dependency install fails: "
                f"{entry.reason}",
                entry.path,
                entry.span,
            )
        elif isinstance(entry, Requirement):
            where = entry.options_span or entry.line_span
            if entry.ignored_options:
                flags = ", ".join(f"`{option_flag(name)}`" for name in entry.ignored_options)
                yield Finding(
                    f"pip ignores {flags} on the requirement line of `{_shown(entry.requirement)}`"
                    "; put global options on a line of their own",
                    entry.path,
                    where,
                    severity=WARNING,
                )
            if entry.ignored_arguments:
                words = " ".join(entry.ignored_arguments)
                yield Finding(
                    f"pip ignores `{_shown(words)}` after the options of "
                    f"`{_shown(entry.requirement)}`; put each requirement on a line of its own",
                    entry.path,
                    where,
                    severity=WARNING,
                )
        elif isinstance(entry, OptionLine):
            if entry.ignored_options:
                flags = ", ".join(f"`{option_flag(name)}`" for name in entry.ignored_options)
                yield Finding(
                    f"{flags} on a line without a requirement applies to nothing and pip ignores "
                    "it; join it to its requirement's line with a trailing `\\`",
                    entry.path,
                    entry.span,
                    severity=WARNING,
                )
            if entry.ignored_arguments:
                words = " ".join(entry.ignored_arguments)
                yield Finding(
                    f"pip ignores `{_shown(words)}` after the options on this line; put each "
                    "requirement on a line of its own",
                    entry.path,
                    entry.span,
                    severity=WARNING,
                )


@rule("EL204", "unpinned-vcs-requirement", WARNING)
def unpinned_vcs_requirement(project: Project) -> Iterator[Finding]:
    """A VCS or archive URL requirement does not name a fixed revision.

    Why: pip installs `git+https://…/repo.git` (no `@ref`) or `…@main` at whatever the branch
    points to when the platform installs dependencies, and the platform reuses that install until
    `requirements.txt` changes: the code you deploy depends on when the cache was last rebuilt.
    Pinned means a commit hash (7–40 hex digits) or a version-like tag: an optional `word-`
    prefix, an optional `v`, dot-separated digits and optional PEP 440-style suffixes
    (`v1.2.3`, `2.0rc1`, `release-1.4`). Branch names (`@master`, `@main`, `@develop`, `@HEAD`,
    `1.x`, anything else) are reported; so are code-hosting archive URLs of a branch
    (`…/archive/refs/heads/main.zip`). Other archive URLs (`https://…/pkg-1.0.tar.gz`) are
    pinned by the URL itself.

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
            shown = _shown(reference.text)
            if reference.verdict == NO_REF:
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


def _first_seen_at(requirement: Requirement) -> str:
    return f"{requirement.path}:{requirement.line}"


def _cannot_both_hold(first: Requirement, second: Requirement) -> bool:
    from ...analysis.specifiers import is_satisfiable

    if not first.specifier or not second.specifier:
        return False
    if not is_satisfiable(first.specifier) or not is_satisfiable(second.specifier):
        return False  # one line alone is unsatisfiable: EL206 says so
    return not is_satisfiable([*first.specifier, *second.specifier])


@rule("EL205", "duplicate-requirement", WARNING)
def duplicate_requirement(project: Project) -> Iterator[Finding]:
    """The same package is required twice, in one file or across `-r`/`-c` includes.

    Why: pip merges the lines, so the version you get is decided by reading all of them
    together; an edit to one line silently does nothing when the other still constrains the
    package. When the two lines' specifiers cannot both hold (`flask<2` and `flask>=2`), or a
    requirement contradicts a constraints file (`-c`), the install fails: that is an error.
    Names compare by PEP 503 normalisation (`Flask` = `flask`, `zope_interface` =
    `zope.interface`). Lines whose environment markers are mutually exclusive
    (`; python_version < "3.8"` / `; python_version >= "3.8"`) are not duplicates. A constraint
    on a required package is what constraints files are for, and is reported only on conflict.

    Example: `Flask>=2.0,<3` in requirements.txt and `flask==2.3.3` in base.txt → keep one
    line.
    """
    from ...analysis.marker_grid import exclusive
    from ...parsers.requirements_graph import requirements_set

    view = requirements_set(project)
    if view is None:
        return
    earlier: dict[str, list[Requirement]] = {}
    for requirement in view.ordered:
        name = requirement.normalized_name
        if name is None:
            continue
        previous = [
            other
            for other in earlier.get(name, [])
            if (other.path, other.line) != (requirement.path, requirement.line)
            and not exclusive(other.marker, requirement.marker)
        ]
        seen = earlier.setdefault(name, [])
        if len(seen) < 8:  # comparing with the first few is enough, and bounds hostile input
            seen.append(requirement)
        conflicting = next((o for o in previous if _cannot_both_hold(o, requirement)), None)
        shown = _shown(requirement.requirement)
        if conflicting is not None:
            kind = "the constraint" if conflicting.is_constraint else "the requirement"
            yield Finding(
                f"`{shown}` contradicts {kind} `{_shown(conflicting.requirement)}` at "
                f"{_first_seen_at(conflicting)}: no version satisfies both, so pip cannot install "
                f"`{requirement.name}`",
                requirement.path,
                requirement.span,
                severity=ERROR,
            )
            continue
        if requirement.is_constraint:
            continue
        duplicate = next((o for o in previous if not o.is_constraint), None)
        if duplicate is not None:
            yield Finding(
                f"`{requirement.name}` is already required at {_first_seen_at(duplicate)} "
                f"(`{_shown(duplicate.requirement)}`); pip merges both lines, so keep one",
                requirement.path,
                requirement.span,
            )


def _exclusive_comparison_hint(group: tuple[Specifier, ...]) -> str:
    """Why a pair that looks satisfiable is not: PEP 440's rules for `<V` and `>V`."""
    from packaging.version import InvalidVersion, Version

    try:
        versions = [Version(spec.version.removesuffix(".*")) for spec in group]
    except (InvalidVersion, ValueError):
        return ""
    for spec, version in zip(group, versions):
        other = versions[1] if version is versions[0] else versions[0]
        same_release = (version.epoch, version.release) == (other.epoch, other.release)
        final = version.pre is None and version.post is None and version.dev is None
        if not (same_release and final) or other == version:
            continue
        if spec.operator == "<":
            return f"; `{spec}` also excludes the pre-releases of {version}"
        if spec.operator == ">":
            return f"; `{spec}` also excludes the post-releases of {version}"
    return ""


@rule("EL206", "unsatisfiable-specifier", ERROR)
def unsatisfiable_specifier(project: Project) -> Iterator[Finding]:
    """A requirement's version specifiers exclude every version.

    Why: no release can satisfy `>=3,<2`, `==1.0,!=1.0`, `>2,<=2` or `~=1.4.5,!=1.4.*`, so pip
    stops with "no matching distribution" and the deploy fails. Decided by interval arithmetic
    over PEP 440 versions, with PEP 440's exclusive-comparison rules: `<1.0` admits no
    pre-release of 1.0, so `>=1.0rc1,<1.0` is unsatisfiable too. Only reported when provably no
    version matches. Conflicts between two lines for the same package are EL205.

    Example: `requests>=3,<2` → `requests>=2,<3`.
    """
    from ...analysis.specifiers import conflicting
    from ...parsers.requirements_graph import requirements_set

    view = requirements_set(project)
    if view is None:
        return
    for file in view.files:
        for requirement in file.requirements:
            if not requirement.specifier:
                continue
            group = conflicting(requirement.specifier)
            if group is None:
                continue
            specifier = _shown(requirement.specifier_text or str(requirement.specifier))
            if len(group) == 2:
                why = f"no version is both `{group[0]}` and `{group[1]}`"
                why += _exclusive_comparison_hint(group)
            else:
                why = "no version satisfies all of them"
            yield Finding(
                f"`{specifier}` cannot be satisfied ({why}), so pip cannot install "
                f"`{requirement.name}`",
                requirement.path,
                requirement.specifier_span or requirement.span,
            )


@rule("EL207", "missing-include", ERROR)
def missing_include(project: Project) -> Iterator[Finding]:
    """A `-r`/`-c` include names a file the deploy will not have.

    Why: pip stops when an included file is missing, so the dependency install fails. An include
    is followed relative to the folder of the file that names it, as pip does. Reported: a file
    that does not exist; an include cycle (`a.txt` includes `b.txt`, which includes `a.txt`),
    at the include that closes it; a path that leaves the project or is absolute — the deploy
    uploads only the project folder, so it is not there at build time even if it is on your
    machine. Includes of URLs (`-r https://…`) and of paths with `${VARIABLE}` are not followed.

    Example: `-r ../shared/base.txt` → copy `base.txt` into the project and use `-r base.txt`.
    """
    from ...parsers.requirements import REQUIREMENT_INCLUDE
    from ...parsers.requirements_graph import ABSOLUTE, CYCLE, MISSING, requirements_set

    view = requirements_set(project)
    if view is None:
        return
    for problem in view.problems:
        include = problem.include
        flag = "-r" if include.kind == REQUIREMENT_INCLUDE else "-c"
        written = f"`{flag} {_shown(include.target)}`"
        if problem.kind == MISSING:
            named = "" if problem.resolved == include.target else f" (`{problem.resolved}`)"
            message = (
                f"{written} names a file that does not exist{named}, so pip stops and the "
                "dependency install fails"
            )
        elif problem.kind == CYCLE:
            loop = " → ".join(problem.chain)
            message = (
                f"{written} closes an include cycle ({loop}), so pip never finishes reading "
                "the requirements and the install fails"
            )
        elif problem.kind == ABSOLUTE:
            message = (
                f"{written} is an absolute path, but the deploy uploads only the project "
                "folder, so the file is not there at build time; include a file inside the "
                "project by a relative path"
            )
        else:
            named = "" if problem.resolved == include.target else f" (`{problem.resolved}`)"
            message = (
                f"{written} points outside the project{named}, which the deploy does not "
                "upload, so the file is not there at build time; copy it into the project"
            )
        yield Finding(message, include.path, include.target_span)


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

    Example: `-e ./mylib` with no `mylib/` in the project → add the folder, or install the package
    from an index; when `mylib/` exists, add to leanengine.yaml:
    `install: [{require: [mylib]}, {use: default}]`.
    """
    from ...analysis.local_requirements import ABSOLUTE, OUTSIDE, local_paths

    for local in local_paths(project):
        requirement = local.requirement
        url = requirement.url or ""
        shown = f"`{_shown(url if url[:5].lower() == 'file:' else local.written)}`"
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
        elif not local.required:
            target = local.relative or "."
            yield Finding(
                f"{shown} exists, but while dependencies install the build folder holds only "
                "the dependency manifests, so pip cannot find it; pull it in with leanengine.yaml "
                f"`install: [{{require: [{target}]}}, {{use: default}}]`",
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
                            f"`{flag} {_shown(url)}` downloads packages over plain HTTP, so "
                            "anyone on the network path can replace them; use an https:// URL",
                            entry.path,
                            span,
                        )
                    elif name == "extra_index_urls":
                        yield Finding(
                            f"`{flag} {_shown(url)}` lets pip take each package from whichever "
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
                    f"`--trusted-host {_shown(host)}` turns off pip's HTTPS certificate checks "
                    f"for `{_shown(host)}`, so its packages can be tampered with in transit; "
                    "give the index a valid certificate instead",
                    entry.path,
                    spans[index] if index < len(spans) else entry.span,
                    severity=WARNING,
                )


def _hash_pinned(requirement: Requirement) -> bool:
    """Pinned the way pip's hash-checking mode demands: one `==`/`===` without a wildcard."""
    specs = list(requirement.specifier)
    return (
        len(specs) == 1
        and specs[0].operator in ("==", "===")
        and not specs[0].version.endswith(".*")
    )


@rule("EL210", "incomplete-hashes", ERROR)
def incomplete_hashes(project: Project) -> Iterator[Finding]:
    """Hash-checking mode is on, but a requirement has no `--hash` or is not pinned with `==`.

    Why: one `--hash` anywhere (or `--require-hashes`) switches pip into hash-checking mode for
    the whole install, and then pip refuses to install anything unless every requirement has a
    `--hash`, is pinned to one version with `==` (or `===`), and is not an editable or version
    control requirement. The dependency install, and the deploy, fail. Requirements behind an
    environment marker are not judged.

    Example: `requests>=2.31` next to `flask==3.0.3 --hash=sha256:…` →
    `requests==2.32.3 --hash=sha256:…` (`pip-compile --generate-hashes` writes them all).
    """
    from ...analysis.sdk import requirement_files

    requirements: list[Requirement] = []
    required_by: Optional[str] = None
    for view in requirement_files(project):
        if view.is_constraint:
            continue
        for entry in view.entries:
            if isinstance(entry, OptionLine) and entry.options.get("require_hashes"):
                required_by = required_by or "`--require-hashes` is set"
            elif isinstance(entry, Requirement) and not entry.is_constraint:
                requirements.append(entry)
    hashed = [r for r in requirements if r.hashes]
    if required_by is None:
        if not hashed:
            return
        first = hashed[0]
        required_by = f"`{_shown(first.requirement)}` ({first.path}:{first.line}) has a `--hash`"
    for requirement in requirements:
        if requirement.marker is not None:
            continue
        shown = f"`{_shown(requirement.requirement)}`"
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


@rule("EL211", "not-installable", ERROR)
def not_installable(project: Project) -> Iterator[Finding]:
    """A requirement pip cannot install for a known reason.

    Why: some names in requirements files never install: `pkg-resources==0.0.0` is an artefact
    of `pip freeze` on Debian/Ubuntu (PyPI has no such package), `python` is the interpreter
    (chosen by `.python-version`), `sklearn` is a placeholder that fails on purpose (the
    package is `scikit-learn`), `PIL` has no files on PyPI (the package is `Pillow`). pip stops
    at the first one and the deploy fails. The list lives in the platform data.

    Example: `sklearn==0.0` → `scikit-learn==1.5.2`; `pkg-resources==0.0.0` → delete the line.
    """
    from ...analysis.sdk import project_requirements
    from ...platform import NOT_INSTALLABLE_PACKAGES

    for requirement in project_requirements(project):
        if requirement.is_constraint or requirement.normalized_name is None:
            continue
        known = NOT_INSTALLABLE_PACKAGES.get(requirement.normalized_name)
        if known is None:
            continue
        reason, replacement = known
        advice = f"use `{replacement}`" if replacement else "delete the line"
        yield Finding(
            f"`{_shown(requirement.requirement)}` {reason}, so pip cannot install it and the "
            f"dependency install fails; {advice}",
            requirement.path,
            requirement.span,
        )


@rule("EL212", "deprecated-package", WARNING)
def deprecated_package(project: Project) -> Iterator[Finding]:
    """A requirement names a dead or renamed distribution.

    Why: `leancloud-sdk` is the old LeanCloud SDK, unmaintained for years; the SDK is `leancloud`.
    Other renamed or abandoned packages from the platform data (`pycrypto`, `msgpack-python`)
    get no fixes, security ones included, and stop building on new Pythons.

    Example: `leancloud-sdk==1.4.3` → `leancloud>=2.9.3,<3`.
    """
    from ...analysis.sdk import project_requirements
    from ...platform import DEPRECATED_PACKAGES

    for requirement in project_requirements(project):
        if requirement.is_constraint or requirement.normalized_name is None:
            continue
        known = DEPRECATED_PACKAGES.get(requirement.normalized_name)
        if known is None:
            continue
        replacement, reason = known
        yield Finding(
            f"`{_shown(requirement.requirement)}` is {reason}; use `{replacement}`",
            requirement.path,
            requirement.span,
        )


@rule("EL213", "requirements-encoding", WARNING)
def requirements_encoding(project: Project) -> Iterator[Finding]:
    """A requirements file is not UTF-8 (or ASCII): UTF-16 or UTF-32 with a byte-order mark.

    Why: pip reads such a file, but `git diff`, editors, pre-commit hooks and most other tools
    treat it as binary, and a tool that writes it back as UTF-8 changes every byte. Windows
    PowerShell writes UTF-16 by default (`pip freeze > requirements.txt`). A UTF-8 byte-order
    mark is fine.

    Example: re-save `requirements.txt` as UTF-8 (`pip freeze | Out-File -Encoding utf8 …`).
    """
    from ...analysis.sdk import requirement_files

    for view in requirement_files(project):
        encoding = view.file.encoding.lower()
        if not encoding.startswith(("utf-16", "utf-32")):
            continue
        yield Finding(
            f"`{view.path}` is encoded as {encoding.upper()} with a byte-order mark; pip reads "
            "it, but most tools treat it as binary; save it as UTF-8",
            view.path,
            Span.point(1, 1),
        )


@rule("EL214", "sdk-dependency-conflict", ERROR)
def sdk_dependency_conflict(project: Project) -> Iterator[Finding]:
    """A requirement cannot be installed together with any LeanCloud SDK release the file allows.

    Why: every release of `leancloud` pins some of its dependencies (from 2.9.3 on,
    `Werkzeug<2.0.0`; gevent to one major line; older releases `requests<=2.22.0`). When each
    release the `leancloud` requirement allows conflicts with another requirement, pip's resolver
    finds no solution and the dependency install fails. Frameworks count through what they need:
    Flask 2 and later require Werkzeug 2 or later. Decided from the SDK release table in the
    platform data, and only when the conflict is certain (releases whose pins are not recorded,
    requirements behind markers and URL requirements are not judged).

    Example: `leancloud>=2.9.3` with `Flask>=2` → keep Flask 1 (`Flask>=1.1.4,<2`), or drop
    the SDK.
    """
    from ...analysis.sdk import Conflict, describe_releases, sdk_analysis

    analysis = sdk_analysis(project)
    if analysis is None or not analysis.decidable:
        return
    if any(not analysis.conflicts.get(release.version) for release in analysis.allowed):
        return
    grouped: dict[int, list[Conflict]] = {}
    order: list[Requirement] = []
    for release in analysis.allowed:
        for conflict in analysis.conflicts[release.version]:
            key = id(conflict.requirement)
            if key not in grouped:
                grouped[key] = []
                order.append(conflict.requirement)
            grouped[key].append(conflict)
    everything = len(analysis.allowed)
    for requirement in order:
        conflicts = grouped[id(requirement)]
        releases = {c.release.version: c.release for c in conflicts}
        by_pin: dict[str, list[Conflict]] = {}
        for conflict in conflicts:
            pin = f"{conflict.pin.dependency}{conflict.pin.text}"
            by_pin.setdefault(pin, []).append(conflict)
        sides = " and ".join(
            f"{describe_releases(c.release for c in group)} pins `{pin}`"
            for pin, group in by_pin.items()
        )
        needs = conflicts[0].needs
        own = f"`{_shown(requirement.requirement)}`"
        if needs is not None:
            own += f" needs `{conflicts[0].pin.dependency}{needs}`, which"
        scope = (
            f"every leancloud release {analysis.requirement_text} allows"
            if len(releases) == everything
            else f"some leancloud releases {analysis.requirement_text} allows (the others "
            "conflict with other requirements)"
        )
        yield Finding(
            f"{own} conflicts with {scope}: leancloud {sides}, so pip finds no solution",
            requirement.path,
            requirement.span,
        )
