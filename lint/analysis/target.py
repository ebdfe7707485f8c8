"""The Python and pip the deploy installs with, and which environment markers hold there.

`.python-version` names a CPython line (`3.11`) or release (`3.11.7`); without the file the
platform takes the newest stable line. The install step runs the pip that CPython release
bundles (`platform.PYTHON_BUNDLED_PIP`). A line alone does not say which patch release the
platform has, so every pip the line's releases bundle is plausible: rules that depend on pip's
behaviour judge the whole set and say which of its releases are affected.

Markers are evaluated for the platform: Linux, CPython, the target's version. A marker that holds
for every plausible Python is True, one that holds for none is False; None when it depends on
something enginelint cannot know (the patch release, the machine, the kernel) or cannot be
evaluated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ..lazy_dataclass import dataclass
from ..lazy_re import lazy_pattern

if TYPE_CHECKING:
    from packaging.markers import Marker

    from ..project import Project

# Variables whose values on the platform are not known: every value listed is tried.
_UNKNOWN_VALUES = {
    "platform_machine": ("x86_64", "aarch64"),
    "platform_release": ("", "5.15.0", "6.8.0"),
    "platform_version": ("", "#1 SMP"),
}
_VARIABLE = lazy_pattern(r"\b(platform_machine|platform_release|platform_version)\b")


@dataclass(frozen=True)
class Target:
    """The CPython the deploy uses and the pip releases it may bring, oldest first.

    `line` is (major, minor); `patch` None when only the line is known. `chosen_by` says where
    the version comes from (`.python-version`, or the platform's default).
    """

    line: tuple[int, int]
    patch: Optional[int]
    chosen_by: str
    pips: tuple[str, ...]

    @property
    def assumed(self) -> bool:
        """Whether the project does not say (old app groups may run 2.7 instead)."""
        return self.chosen_by == DEFAULT_CHOICE

    @property
    def python(self) -> str:
        base = f"{self.line[0]}.{self.line[1]}"
        return base if self.patch is None else f"{base}.{self.patch}"

    def python_label(self) -> str:
        """"Python 3.11 (from `.python-version`)"."""
        return f"Python {self.python} ({self.chosen_by})"

    def pip_range(self) -> str:
        """"pip 22.3 to 24.0", or "pip 23.2.1" for one release."""
        if len(self.pips) == 1:
            return f"pip {self.pips[0]}"
        return f"pip {self.pips[0]} to {self.pips[-1]}"

    def patches(self) -> tuple[int, ...]:
        """The patch releases the target may be: one, or every release of the line."""
        from ..platform import PYTHON_NEWEST_PATCH

        if self.patch is not None:
            return (self.patch,)
        return tuple(range(PYTHON_NEWEST_PATCH.get(self.line, 0) + 1))


def bundled_pips(line: tuple[int, int], patch: Optional[int]) -> tuple[str, ...]:
    """The pip releases a CPython line (or one release of it) bundles, oldest first."""
    from ..platform import PYTHON_BUNDLED_PIP

    steps = PYTHON_BUNDLED_PIP.get(line, ())
    if not steps:
        return ()
    if patch is None:
        return tuple(dict.fromkeys(pip for _, pip in steps))
    found = [pip for first, pip in steps if first <= patch]
    return (found[-1],) if found else (steps[0][1],)


def default_line() -> tuple[int, int]:
    """The newest stable CPython line in the platform data: what a project without
    `.python-version` gets."""
    from ..platform import PYTHON_DEFAULT_LINE

    return PYTHON_DEFAULT_LINE


def target(project: Project) -> Target:
    """The project's target, built once."""
    return project.cached("target_python", lambda: _build(project))


def _build(project: Project) -> Target:
    from ..parsers.python_version import CPYTHON, python_version_file

    view = python_version_file(project)
    first = view.first if view is not None else None
    if first is not None and first.kind == CPYTHON and first.version is not None:
        version = first.version
        line = version.minor_version
        patch = version.patch if version.pre is None and not version.dev else None
        pips = bundled_pips(line, patch)
        if pips:
            return Target(line, patch, "from `.python-version`", pips)
    line = default_line()
    return Target(line, None, DEFAULT_CHOICE, bundled_pips(line, None))


DEFAULT_CHOICE = "the platform's default"

_ANSWERS: dict[tuple[str, tuple[int, int], Optional[int]], Optional[bool]] = {}


def marker_on_platform(marker: Optional[Marker], where: Target) -> Optional[bool]:
    """Whether a marker holds on the platform for every plausible Python of the target (True),
    for none (False), or it depends (None). No marker holds."""
    if marker is None:
        return True
    key = (str(marker), where.line, where.patch)
    if key not in _ANSWERS:
        answer = _evaluate(marker, key[0], where)
        if len(_ANSWERS) >= 4096:
            _ANSWERS.clear()
        _ANSWERS[key] = answer
    return _ANSWERS[key]


def _evaluate(marker: Marker, text: str, where: Target) -> Optional[bool]:
    unknown = sorted(set(_VARIABLE.findall(text)))
    # Only the full version tells patch releases apart.
    patches = where.patches() if "full_version" in text or "implementation_version" in text else (
        where.patches()[-1:]
    )
    results: set[bool] = set()
    for patch in patches:
        full = f"{where.line[0]}.{where.line[1]}.{patch}"
        base = {
            "python_version": f"{where.line[0]}.{where.line[1]}",
            "python_full_version": full,
            "implementation_name": "cpython",
            "implementation_version": full,
            "platform_python_implementation": "CPython",
            "os_name": "posix",
            "sys_platform": "linux",
            "platform_system": "Linux",
            "platform_machine": "x86_64",
            "platform_release": "",
            "platform_version": "",
            "extra": "",
        }
        for environment in _variants(base, unknown):
            try:
                results.add(bool(marker.evaluate(environment)))
            except Exception:  # packaging raises several kinds on odd comparisons
                return None
            if len(results) > 1:
                return None
    return results.pop() if results else None


def _variants(base: dict[str, str], unknown: list[str]) -> list[dict[str, str]]:
    environments = [base]
    for name in unknown:
        environments = [
            {**environment, name: value}
            for environment in environments
            for value in _UNKNOWN_VALUES[name]
        ]
    return environments
