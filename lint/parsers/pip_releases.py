"""What each pip release does with one line of a requirements file: accept it, or stop and why.

pip's reading of requirements files changed many times: options came and went (`--install-option`
until 23.0, `--config-settings` from 23.1, `--global-option` until 25.2), `--use-feature` took
different values, the requirement grammar changed at 24.1 (see `requirement_grammars`), egg
fragments became strict at 26.0, constraints files lost URLs and editables at 20.3. This module
writes those facts down as *eras*: the pip releases between two changes read every line alike,
so a line is judged once per era and the verdicts are merged into `Rejection`s, each naming the
releases that stop on the line and why.

Only what pip decides from the text is judged here. Whether a local path exists, or holds a
`setup.py`, is a question about the project (EL208). Every judgement is checked against real pip
releases by `tools/pip_truth` and `tests/test_pip_truth.py`; pip releases older than
`OLDEST_MODELLED` are judged as that one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Union

from ..lazy_dataclass import dataclass
from ..lazy_re import lazy_pattern
from .requirement_grammars import legacy_error, marker_error, modern_error

OLDEST_MODELLED = "18.1"

# Every release where pip's reading of a line changed, oldest first (each starts an era).
ERAS = (
    "18.1", "19.0", "19.3", "20.1", "20.2", "20.3", "21.0", "21.1", "22.1", "22.2", "22.3",
    "23.1", "24.1", "25.0", "25.3", "26.0", "26.2",
)  # fmt: skip

# The eras in which the requirement part of a line (not its options) reads differently.
_REQUIREMENT_ERAS = ("18.1", "19.0", "19.3", "20.1", "20.3", "21.0", "21.1", "24.1", "26.0")

# Python refuses to convert a decimal integer of more digits (CPython 3.11, and the 3.7.14,
# 3.8.14, 3.9.14 and 3.10.7 security releases), so pip fails on a version holding one.
MAX_INTEGER_DIGITS = 4300
_HUGE_NUMBER = lazy_pattern(rf"[0-9]{{{MAX_INTEGER_DIGITS + 1}}}")
_LEADING_NAME = lazy_pattern(r"^\s*[A-Za-z0-9._-]*")

_STRONG_HASHES = ("sha256", "sha384", "sha512")
_ARCHIVE = re.compile(
    r"\.(?:zip|whl|tar\.bz2|tbz|tar\.xz|txz|tlz|tar\.lz|tar\.lzma|tar\.gz|tgz|tar)$", re.I
)
_WHEEL_NAME = lazy_pattern(
    r"^(?P<name>[^\s-]+?)-(?P<version>[^\s-]*?)(?:-[0-9][^\s-]*?)?-[^\s-]+?-[^\s-]+?-[^\s-]+?\.whl$"
)
_EGG = lazy_pattern(r"[#&]egg=([^&]*)")
_PROJECT_NAME = lazy_pattern(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.I)
_SCHEME = lazy_pattern(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_VCS_SCHEMES = frozenset(
    {
        "git+http", "git+https", "git+ssh", "git+git", "git+file",
        "hg+file", "hg+http", "hg+https", "hg+ssh", "hg+static-http",
        "svn", "svn+ssh", "svn+http", "svn+https", "svn+svn", "svn+file",
        "bzr+http", "bzr+https", "bzr+ssh", "bzr+sftp", "bzr+ftp", "bzr+lp", "bzr+file",
    }
)  # fmt: skip
_URL_SCHEMES = frozenset({"http", "https", "file", "ftp"})
# The only characters `shlex` splits words on.
_SHLEX_SPACE = re.compile("[ \t\r\n]+")


@lru_cache(maxsize=256)
def version_key(text: str) -> tuple[int, ...]:
    """`24.1` → (24, 1); anything after the numbers is ignored."""
    parts = []
    for part in text.split("."):
        digits = re.match(r"[0-9]+", part)
        if digits is None:
            break
        parts.append(int(digits.group()))
    return tuple(parts)


@dataclass(frozen=True)
class Rejection:
    """pip releases from `since` (None: the oldest modelled) up to, not including, `until`
    (None: every newer one) stop on the line, for `reason`."""

    reason: str
    since: Optional[str] = None
    until: Optional[str] = None

    @property
    def every_release(self) -> bool:
        return self.since is None and self.until is None

    def covers(self, pip: str) -> bool:
        key = version_key(pip)
        if self.since is not None and key < version_key(self.since):
            return False
        return not (self.until is not None and key >= version_key(self.until))

    def releases(self) -> str:
        """The releases in words: "every pip release", "pip 24.1 and newer"…"""
        if self.every_release:
            return "every pip release"
        if self.until is None:
            return f"pip {self.since} and newer"
        if self.since is None:
            return f"pip older than {self.until}"
        return f"pip {self.since} and newer, older than {self.until}"


def judge(text: str, is_constraint: bool = False) -> tuple[Rejection, ...]:
    """Which pip releases stop on this logical line (continuations joined, comment removed)."""
    requirement, options_text = _break_args_options(text.strip())
    try:
        words = split_words(options_text)
    except ValueError as error:
        return (Rejection(f"the options cannot be split into words ({str(error).lower()})"),)
    plain = not is_constraint and _plain(requirement)
    if plain and not words:
        return ()
    # The requirement part reads alike within the (fewer) eras of its own changes.
    memo: dict[str, Optional[str]] = {"plain": None} if plain else {}
    verdicts = [_verdict(requirement, words, is_constraint, era, memo) for era in ERAS]
    rejections: list[Rejection] = []
    start = 0
    for index in range(1, len(ERAS) + 1):
        if index < len(ERAS) and verdicts[index] == verdicts[start]:
            continue
        reason = verdicts[start]
        if reason is not None:
            since = None if start == 0 else ERAS[start]
            until = ERAS[index] if index < len(ERAS) else None
            rejections.append(Rejection(reason, since, until))
        start = index
    return tuple(rejections)


# --- one era --------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _at_least(era: str, release: str) -> bool:
    return version_key(era) >= version_key(release)


# A requirement every modelled pip reads alike: a name, extras, PEP 440 specifiers in their
# plain spelling (most lines of most files), then maybe a marker. Checked first, for speed.
_PLAIN_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_PLAIN_VERSION = r"[0-9]+(?:\.[0-9]+)*(?:(?:a|b|rc)[0-9]+)?(?:\.post[0-9]+)?(?:\.dev[0-9]+)?"
_PLAIN_SPECIFIER = (
    rf"(?:(?:==|!=)\s*[0-9]+(?:\.[0-9]+)*\.\*|(?:==|!=|<=|>=|<|>)\s*{_PLAIN_VERSION}"
    r"|~=\s*[0-9]+(?:\.[0-9]+)+(?:(?:a|b|rc)[0-9]+)?(?:\.post[0-9]+)?(?:\.dev[0-9]+)?)"
)
_PLAIN = re.compile(
    rf"\s*{_PLAIN_NAME}\s*(?:\[\s*{_PLAIN_NAME}(?:\s*,\s*{_PLAIN_NAME})*\s*\])?\s*"
    rf"(?:{_PLAIN_SPECIFIER}(?:\s*,\s*{_PLAIN_SPECIFIER})*)?\s*"
)


def is_plain(line: str) -> bool:
    """A line every modelled pip reads alike, with no options: a name, extras, plain PEP 440
    specifiers and perhaps a marker."""
    requirement, options = _break_args_options(line.strip())
    return not options and _plain(requirement)


def plain_parts(
    line: str, is_constraint: bool = False
) -> Optional[tuple[str, tuple[str, ...]]]:
    """A plain line (`is_plain`), or a plain requirement followed only by `--hash=ALG:DIGEST`
    options with a strong algorithm (what `pip-compile --generate-hashes` writes): the
    requirement part and the hash values, else None.

    Every modelled pip reads such a line alike (`--hash` is in every era, and a strong
    algorithm passes its check), so `judge` finds nothing to reject in it. In a constraints
    file only a plain line without extras and options counts: pip 20.3 and newer refuse extras
    there, and a plain requirement holds nothing else a constraint may not have.
    """
    requirement, options = _break_args_options(line.strip())
    if is_constraint and (options or "[" in requirement):
        return None
    hashes: list[str] = []
    if options:
        if any(character in options for character in "'\"\\"):
            return None  # quoting: shlex decides the words
        for word in _SHLEX_SPACE.split(options):
            if not word:
                continue
            if not word.startswith("--hash="):
                return None
            value = word[len("--hash=") :]
            algorithm, colon, _digest = value.partition(":")
            if not colon or algorithm not in _STRONG_HASHES:
                return None
            hashes.append(value)
    return (requirement, tuple(hashes)) if _plain(requirement) else None


def _plain(requirement: str) -> bool:
    name, _, marker = requirement.partition(";")
    if len(requirement) > MAX_INTEGER_DIGITS or not _PLAIN.fullmatch(name):
        return False
    if _ARCHIVE.search(name.split("[", 1)[0].strip()):
        return False  # `foo.tar`: pip looks for an archive of that name first
    return not marker.strip() or marker_error(marker.strip()) is None


def split_words(text: str) -> list[str]:
    """`shlex.split`, as pip splits the options; plain words skip its slow tokenizer."""
    if not any(character in text for character in "'\"\\"):
        return [word for word in _SHLEX_SPACE.split(text) if word]
    import shlex  # quoted options only (rare): most runs never load it

    return shlex.split(text)


@lru_cache(maxsize=len(ERAS))
def _requirement_era(era: str) -> str:
    return max(
        (start for start in _REQUIREMENT_ERAS if _at_least(era, start)), key=version_key
    )


def _verdict(
    requirement: str,
    words: list[str],
    is_constraint: bool,
    era: str,
    memo: dict[str, Optional[str]],
) -> Optional[str]:
    parsed = _parse_options(words, era) if words else {}
    if isinstance(parsed, str):
        return parsed
    editables = parsed.get("editables", [])
    if requirement.strip():
        if editables and _at_least(era, "25.0"):
            return (
                f"with `-e` on the line, pip reads `{requirement.strip()}` as the editable "
                "project, which is neither a folder nor a VCS URL"
            )
        key = "plain" if "plain" in memo else _requirement_era(era)
        if key not in memo:
            memo[key] = _requirement(requirement, is_constraint, key, editable=False)
        return memo[key]
    if editables:
        return _requirement(editables[0], is_constraint, era, editable=True)
    return None


def _break_args_options(line: str) -> tuple[str, str]:
    """pip's split: words up to the first one starting with `-` are the requirement."""
    if " -" not in line and not line.startswith("-"):
        return line, ""  # no word starts with `-` (most lines)
    words = line.split(" ")
    for index, word in enumerate(words):
        if word.startswith("-"):
            return " ".join(words[:index]), " ".join(words[index:])
    return line, ""


# --- options ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Option:
    names: tuple[str, ...]
    dest: str
    takes_value: bool = True
    since: Optional[str] = None
    until: Optional[str] = None

    def available(self, era: str) -> bool:
        if self.since is not None and not _at_least(era, self.since):
            return False
        return not (self.until is not None and _at_least(era, self.until))


@lru_cache(maxsize=1)
def _options() -> tuple[_Option, ...]:
    """The options pip reads in a requirements file, and the releases that know each; built on
    first use, since a file of plain requirement lines never asks."""
    return (
        _Option(("-i", "--index-url"), "index_url"),
        _Option(("--extra-index-url",), "extra_index_urls"),
        _Option(("--no-index",), "no_index", False),
        _Option(("-c", "--constraint"), "constraints"),
        _Option(("-r", "--requirement"), "requirements"),
        _Option(("-e", "--editable"), "editables"),
        _Option(("-f", "--find-links"), "find_links"),
        _Option(("--no-binary",), "no_binary"),
        _Option(("--only-binary",), "only_binary"),
        _Option(("--prefer-binary",), "prefer_binary", False, since="20.2"),
        _Option(("--require-hashes",), "require_hashes", False),
        _Option(("--no-require-hashes",), "no_require_hashes", False, since="26.2"),
        _Option(("--pre",), "pre", False),
        _Option(("--all-releases",), "all_releases", since="26.0"),
        _Option(("--only-final",), "only_final", since="26.0"),
        _Option(("--trusted-host",), "trusted_hosts"),
        _Option(("--use-feature",), "features_enabled", since="20.2"),
        _Option(("-Z", "--always-unzip"), "always_unzip", False, until="20.2"),
        _Option(("--process-dependency-links",), "dependency_links", False, until="19.0"),
        _Option(("--install-option",), "install_options", until="23.1"),
        _Option(("--global-option",), "global_options", until="25.3"),
        _Option(("--hash",), "hashes"),
        _Option(("-C", "--config-settings"), "config_settings", since="23.1"),
    )

# `--use-feature` values: (value, first release, first release without it).
_FEATURES = (
    ("fast-deps", "20.2", None),
    ("2020-resolver", "20.2", "22.3"),
    ("in-tree-build", "21.1", "22.1"),
    ("truststore", "22.2", None),
    ("no-binary-enable-wheel-cache", "22.3", None),
    ("build-constraint", "25.3", None),
    ("inprocess-build-deps", "26.0", None),
    ("venv-isolation", "26.2", None),
)


def _parse_options(words: list[str], era: str) -> dict[str, list[str]] | str:
    """optparse over the options this era knows: values by destination, or why it stops."""
    long_names, short_names = _option_names(era)
    values: dict[str, list[str]] = {}
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if word == "--":
            break
        if word.startswith("--"):
            name, has_value, value = word.partition("=")
            option = long_names.get(name)
            if option is None:
                matches = sorted(n for n in long_names if n.startswith(name))
                if not matches:
                    return f"pip has no option `{name}`"
                if len(matches) > 1:
                    return f"`{name}` is ambiguous ({', '.join(matches)})"
                option = long_names[matches[0]]
                name = matches[0]
            if not option.takes_value:
                if has_value:
                    return f"`{name}` takes no value"
                values.setdefault(option.dest, []).append("")
                continue
            if not has_value:
                if index >= len(words):
                    return f"`{name}` needs a value"
                value = words[index]
                index += 1
            problem = _check_value(option, name, value, era)
            if problem:
                return problem
            values.setdefault(option.dest, []).append(value)
        elif word.startswith("-") and word != "-":
            position = 1
            while position < len(word):
                flag = "-" + word[position]
                option = short_names.get(flag)
                if option is None:
                    return f"pip has no option `{flag}`"
                position += 1
                if not option.takes_value:
                    values.setdefault(option.dest, []).append("")
                    continue
                value = word[position:]
                if not value:
                    if index >= len(words):
                        return f"`{flag}` needs a value"
                    value = words[index]
                    index += 1
                problem = _check_value(option, flag, value, era)
                if problem:
                    return problem
                values.setdefault(option.dest, []).append(value)
                break
    return values


@lru_cache(maxsize=len(ERAS))
def _option_names(era: str) -> tuple[dict[str, _Option], dict[str, _Option]]:
    """The long and the short option names this era's parser knows."""
    available = [option for option in _options() if option.available(era)]
    long_names = {name: o for o in available for name in o.names if name.startswith("--")}
    short_names = {name: o for o in available for name in o.names if not name.startswith("--")}
    return long_names, short_names


def _check_value(option: _Option, flag: str, value: str, era: str) -> Optional[str]:
    if option.dest == "hashes":
        algorithm, colon, _digest = value.partition(":")
        if not colon:
            return f"`{flag}` needs a hash name and a value (`--hash=sha256:…`)"
        if algorithm not in _STRONG_HASHES:
            return f"`{flag}` allows only {', '.join(_STRONG_HASHES)}, not `{algorithm}`"
    elif option.dest == "config_settings":
        if "=" not in value:
            return f"`{flag}` takes `KEY=VALUE`, not `{value}`"
    elif option.dest == "features_enabled":
        known = [
            name
            for name, since, until in _FEATURES
            if _at_least(era, since) and (until is None or not _at_least(era, until))
        ]
        if value not in known:
            return f"`--use-feature={value}` is not a feature this pip release has"
    return None


# --- the requirement -------------------------------------------------------------------------


def _scheme(text: str) -> Optional[str]:
    found = _SCHEME.match(text)
    return found.group(1).lower() if found else None


def _is_url(text: str, era: str) -> bool:
    scheme = _scheme(text)
    if scheme is None:
        return False
    # The plain `git:` scheme stopped counting as a VCS URL in pip 21.0.
    return scheme in _URL_SCHEMES or scheme in _VCS_SCHEMES or (
        scheme == "git" and not _at_least(era, "21.0")
    )


def _looks_like_path(text: str) -> bool:
    return "/" in text or text.startswith(".")


def _requirement(text: str, is_constraint: bool, era: str, editable: bool) -> Optional[str]:
    if editable:
        return _editable(text.strip(), is_constraint, era)
    separator = "; " if _is_url(text, era) else ";"
    name, found, marker = text.partition(separator)
    if found and marker.strip():
        problem = marker_error(marker.strip())
        if problem:
            return f"invalid environment marker ({problem})"
        if len(marker) > MAX_INTEGER_DIGITS and _HUGE_NUMBER.search(marker):
            return _huge_number()
    name = name.strip()
    if _is_url(name, era):
        return _url(name, is_constraint, era)
    if _looks_like_path(name) or _ARCHIVE.search(name):
        local = _local_path(name, era)
        if local is None:
            return _constraint_problem(is_constraint, era, named=False)
        if isinstance(local, str):
            return local
    problem = _grammar(name, era)
    if problem:
        return problem
    if is_constraint and _at_least(era, "20.3"):
        if re.match(r"[^\[@]*\[\s*[A-Za-z0-9]", name):
            return "a constraints file cannot give extras"
        if "@" in name and not _at_least(era, "21.1"):
            return "a constraints file cannot give a URL"
    return None


def _grammar(name: str, era: str) -> Optional[str]:
    problem = modern_error(name) if _at_least(era, "24.1") else legacy_error(name)
    if problem is None and "@" in name and not _at_least(era, "19.0"):
        problem = _old_url_error(name)
    if (
        problem is None
        and len(name) > MAX_INTEGER_DIGITS
        and _HUGE_NUMBER.search(_LEADING_NAME.sub("", name, count=1))
    ):
        return _huge_number()
    return problem


def _old_url_error(name: str) -> Optional[str]:
    """packaging 18.0 (pip 18.1) wanted a host in every URL, `file:` URLs included."""
    from urllib.parse import urlparse

    url = name.partition("@")[2].strip()
    parts = urlparse(url)
    if not (parts.scheme and parts.netloc):
        return f"`{url}` is not a URL with a scheme and a host"
    return None


def _huge_number() -> str:
    return (
        f"a number in it has more than {MAX_INTEGER_DIGITS:,} digits, which Python refuses to "
        "convert, so pip fails when it compares versions"
    )


def _local_path(name: str, era: str) -> Optional[Union[bool, str]]:
    """A path requirement: None when pip takes it as a path (the project decides the rest),
    True when pip reads it as a requirement string after all, or why pip stops."""
    path = name.split("[", 1)[0] if not name.startswith("[") else name
    if name.lower().endswith(".whl"):
        return _wheel_problem(name.rsplit("/", 1)[-1])
    if _ARCHIVE.search(path):
        before_at = name.split("@", 1)
        if len(before_at) == 2 and not _looks_like_path(before_at[0]) and _at_least(era, "19.3"):
            return True  # `name @ url…`: a requirement, not a file name
        return None
    if "@" in name and not _looks_like_path(name.split("@", 1)[0]):
        return True
    if "#" in path:
        return (
            f"pip reads `{name}` as a folder named with its `#…` part (an `#egg=` fragment "
            "belongs only to URLs), and there is no such folder"
        )
    return None


def _wheel_problem(filename: str) -> Optional[str]:
    if _WHEEL_NAME.match(filename):
        return None
    return f"`{filename}` is not a valid wheel file name (name-version-python-abi-platform.whl)"


def _url(url: str, is_constraint: bool, era: str) -> Optional[str]:
    base = url.split("#", 1)[0]
    if base.lower().endswith(".whl"):
        problem = _wheel_problem(base.rsplit("/", 1)[-1])
        if problem:
            return problem
    if _scheme(url) == "file" and _at_least(era, "20.1"):
        host = url[len("file:") :]
        if host.startswith("//"):
            host = host[2:].split("/", 1)[0]
            if host not in ("", "localhost"):
                return f"`{url}` names a file on another host, which pip cannot open on Linux"
    egg = _egg(url, era)
    if isinstance(egg, str) and egg.startswith("!"):
        return egg[1:]
    if egg is not None and not base.lower().endswith(".whl"):
        problem = _grammar(egg, era)
        if problem:
            return f"the `#egg={egg}` fragment is not a requirement ({problem})"
    named = egg is not None or base.lower().endswith(".whl")
    if is_constraint and _at_least(era, "20.3"):
        if not named:
            return _constraint_problem(is_constraint, era, named=False)
        if not _at_least(era, "21.1"):
            return "a constraints file cannot give a URL"
    return None


def _egg(url: str, era: str) -> Optional[str]:
    """The `#egg=` name; "!reason" when pip 26.0 and newer refuse it."""
    found = _EGG.search(url)
    if found is None:
        return None
    egg = found.group(1)
    if _at_least(era, "26.0") and not _PROJECT_NAME.match(egg):
        return f"!`#egg={egg}` is not a project name, the only thing an egg fragment may hold"
    return egg


def _constraint_problem(is_constraint: bool, era: str, named: bool) -> Optional[str]:
    if is_constraint and _at_least(era, "20.3") and not named:
        return "a constraints file needs a named requirement, not a path or an unnamed URL"
    return None


def _editable(value: str, is_constraint: bool, era: str) -> Optional[str]:
    if is_constraint and _at_least(era, "20.3"):
        return "a constraints file cannot hold an editable requirement"
    scheme = _scheme(value)
    if scheme is None or len(scheme) == 1:  # no scheme, or a Windows drive letter
        path = value.split("[", 1)[0]
        if "#" in path:
            return (
                f"`-e {value}` is neither a folder nor a VCS URL: pip reads the `#…` part as "
                "part of the folder's name"
            )
        return None  # a folder: whether it is there and installable is the project's question
    if scheme == "file":
        return None
    url = value
    if scheme in ("git", "hg", "svn", "bzr"):
        url = f"{scheme}+{value}"
        scheme = f"{scheme}+{scheme}"
    if "+" not in scheme or scheme not in _VCS_SCHEMES | {"git+git"}:
        return (
            f"`-e {value}` is neither a folder nor a VCS URL (`git+https://…`), so pip cannot "
            "install it in editable mode"
        )
    egg = _egg(url, era)
    if egg is None:
        return f"`-e {value}` names no project: add `#egg=<name>` to the URL"
    if egg.startswith("!"):
        return egg[1:]
    problem = _grammar(egg, era)
    if problem or not egg:
        return f"the `#egg={egg}` fragment is not a requirement ({problem or 'it is empty'})"
    return None
