"""Can two environment markers be true in the same install? Decided over a grid of environments.

`foo==1; python_version < "3.8"` and `foo==2; python_version >= "3.8"` are not a duplicate: no
interpreter installs both lines. Markers are small boolean formulas over a handful of variables,
so evaluating them over the environments a deploy can plausibly meet (CPython and PyPy 2.7 and
3.6–3.14 on Linux, Windows and macOS, common machines) decides exclusivity without a solver.
A pair true together in some grid environment overlaps; a pair never true together is treated
as exclusive (an environment outside the grid could still hold both: EL205 then stays silent,
which is the conservative side for a warning). A marker that cannot be evaluated counts as true.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from packaging.markers import Marker

_PYTHONS = ("2.7", *(f"3.{minor}" for minor in range(6, 15)))
# Patch levels, for `python_full_version` bounds such as `< "3.8.1"`.
_PATCHES = (0, 1, 5, 10, 20)
# Variables whose values the grid cannot sensibly enumerate (kernel and OS build strings): a
# marker using them is never claimed exclusive.
_UNMODELLED = ("platform_release", "platform_version")
# sys_platform → (platform_system, os_name, machines)
_PLATFORMS = (
    ("linux", "Linux", "posix", ("x86_64", "aarch64")),
    ("win32", "Windows", "nt", ("AMD64",)),
    ("darwin", "Darwin", "posix", ("x86_64", "arm64")),
)
_IMPLEMENTATIONS = (("cpython", "CPython"), ("pypy", "PyPy"))


def _environments() -> list[dict[str, str]]:
    grid = []
    for python, patch in ((p, n) for p in _PYTHONS for n in _PATCHES):
        for sys_platform, system, os_name, machines in _PLATFORMS:
            for machine in machines:
                for implementation, implementation_label in _IMPLEMENTATIONS:
                    grid.append(
                        {
                            "python_version": python,
                            "python_full_version": f"{python}.{patch}",
                            "implementation_name": implementation,
                            "implementation_version": f"{python}.{patch}"
                            if implementation == "cpython"
                            else "7.3.0",
                            "platform_python_implementation": implementation_label,
                            "sys_platform": sys_platform,
                            "platform_system": system,
                            "os_name": os_name,
                            "platform_machine": machine,
                            "platform_release": "",
                            "platform_version": "",
                            "extra": "",
                        }
                    )
    return grid


# Each grid variable and the ways a marker can spell it (packaging prints the first, older
# releases may keep the dotted aliases).
_SPELLINGS = (
    ("python_version", ("python_version",)),
    ("python_full_version", ("python_full_version",)),
    ("implementation_name", ("implementation_name",)),
    ("implementation_version", ("implementation_version",)),
    ("platform_python_implementation", ("python_implementation",)),
    ("sys_platform", ("sys_platform", "sys.platform")),
    ("platform_system", ("platform_system",)),
    ("os_name", ("os_name", "os.name")),
    ("platform_machine", ("platform_machine", "platform.machine")),
    ("platform_release", ("platform_release", "platform.release")),
    ("platform_version", ("platform_version", "platform.version")),
    ("extra", ("extra",)),
)

_GRID: list[dict[str, str]] = []
_MASKS: dict[str, int] = {}


def truth_mask(marker: Optional[Marker]) -> int:
    """Bit i is set when the marker is true in grid environment i (all set for no marker)."""
    if not _GRID:
        _GRID.extend(_environments())
    everything = (1 << len(_GRID)) - 1
    text = str(marker) if marker is not None else ""
    if marker is None or any(name in text for name in _UNMODELLED):
        return everything
    if text in _MASKS:
        return _MASKS[text]
    # A marker reads only the variables it names, so it is evaluated once per combination of
    # their values (a dozen for `python_version < "3.8"`), not once per grid environment.
    named = [name for name, spellings in _SPELLINGS if any(word in text for word in spellings)]
    answers: dict[tuple[str, ...], bool] = {}
    mask = 0
    for index, environment in enumerate(_GRID):
        key = tuple(environment[name] for name in named)
        true = answers.get(key)
        if true is None:
            try:
                true = bool(marker.evaluate(environment))
            except Exception:  # packaging raises several kinds on odd comparisons
                true = True
            answers[key] = true
        if true:
            mask |= 1 << index
    if len(_MASKS) < 4096:
        _MASKS[text] = mask
    return mask


def exclusive(first: Optional[Marker], second: Optional[Marker]) -> bool:
    """True when no grid environment makes both markers true."""
    return not truth_mask(first) & truth_mask(second)
