"""Can any version satisfy a set of PEP 440 specifiers? Interval arithmetic, not guessing.

EL206 (one requirement line) and EL205 (two lines for the same name) must never call a
satisfiable set unsatisfiable, so this module answers with an over-approximation of the set of
allowed versions: every version pip would accept is inside it, and "unsatisfiable" means the
over-approximation itself is empty.

Two regimes:

* A set with a non-wildcard `==V` (or a normalised `===V`) admits at most a handful of
  candidates (V itself, or the exact `==V+local`/`===` version): those are tested with
  `Specifier.contains(..., prereleases=True)`. This is exact, because no other specifier
  treats `V+local` differently from `V` in a way that would admit the local but not `V`.
* Otherwise each specifier becomes a union of intervals over *public* versions (locals
  collapse onto their public version, which no remaining operator distinguishes), the unions
  are intersected, and `!=V` removes single points. Bounds are versions or "the top of release
  B" (above every `B.postN`, below any longer release), which `>B` needs.

Where packaging releases disagree (packaging 22–25 vs 26+ on `<V.postN` and `>V` for a
pre-release V), the wider reading is used, so the answer holds for pip's vendored copy too.
Open intervals are assumed to contain a version (`>1.0.dev0,<1.0.dev1` is in fact empty): that
only errs towards "satisfiable". The line of versions starts at `0.dev0` (no epoch, no release
part and no number is smaller), so `<0` and `<0.dev0` admit nothing. `===` with a string that is
not a normalised version is opaque.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache, total_ordering
from itertools import combinations
from typing import TYPE_CHECKING, Any, Optional

from ..lazy_dataclass import dataclass

if TYPE_CHECKING:
    from packaging.specifiers import Specifier
    from packaging.version import Version

# Sets larger than this are not analysed (answer: satisfiable); real lines have a few specifiers.
MAX_SPECIFIERS = 64


@total_ordering
class _Point:
    """A place on the public-version line: -inf, a version, the top of a release, or +inf."""

    __slots__ = ("key",)

    def __init__(self, key: tuple[Any, ...]) -> None:
        self.key = key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Point) and self.key == other.key

    def __lt__(self, other: _Point) -> bool:
        return bool(self.key < other.key)

    def __hash__(self) -> int:
        return hash(self.key)


def _trim(release: tuple[int, ...]) -> tuple[int, ...]:
    end = len(release)
    while end > 1 and release[end - 1] == 0:
        end -= 1
    return release[:end]


def _at(version: Version) -> _Point:
    # Version ordering is epoch, then trimmed release, then the rest: the tuple agrees with it.
    return _Point((0, version.epoch, _trim(version.release), 0, version))


def _top_of_release(version: Version) -> _Point:
    """Above every version whose release is `version`'s (its posts too), below any later one."""
    return _Point((0, version.epoch, _trim(version.release), 1, None))


_NEG_INF = _Point((-1,))
_POS_INF = _Point((1,))


@dataclass(frozen=True)
class _Interval:
    low: _Point
    low_closed: bool
    high: _Point
    high_closed: bool

    @property
    def empty(self) -> bool:
        if self.low < self.high:
            return False
        return not (self.low == self.high and self.low_closed and self.high_closed)

    def intersect(self, other: _Interval) -> _Interval:
        if self.low > other.low:
            low, low_closed = self.low, self.low_closed
        elif other.low > self.low:
            low, low_closed = other.low, other.low_closed
        else:
            low, low_closed = self.low, self.low_closed and other.low_closed
        if self.high < other.high:
            high, high_closed = self.high, self.high_closed
        elif other.high < self.high:
            high, high_closed = other.high, other.high_closed
        else:
            high, high_closed = self.high, self.high_closed and other.high_closed
        return _Interval(low, low_closed, high, high_closed)


# Versions are immutable, and the rules ask about the same few again and again (a set is analysed
# for EL206, again with each duplicate line for EL205, again against the SDK's pins).
@lru_cache(maxsize=4096)
def _version(text: str) -> Optional[Version]:
    from packaging.version import InvalidVersion, Version

    try:
        return Version(text)
    except InvalidVersion:
        return None


@lru_cache(maxsize=4096)
def _dev0(epoch: int, release: tuple[int, ...]) -> Version:
    """The lowest version of a release: `X.Y.dev0` sorts before its pre-releases."""
    from packaging.version import Version

    prefix = f"{epoch}!" if epoch else ""
    return Version(f"{prefix}{'.'.join(str(part) for part in release)}.dev0")


def _prefix_range(epoch: int, release: tuple[int, ...]) -> tuple[Version, Version]:
    """`==X.Y.*` is the half-open range [X.Y.dev0, X.(Y+1).dev0) (pre, post, dev included)."""
    following = (*release[:-1], release[-1] + 1)
    return _dev0(epoch, release), _dev0(epoch, following)


def _is_final(version: Version) -> bool:
    return version.pre is None and version.post is None and version.dev is None


def _intervals(operator: str, text: str) -> Optional[tuple[_Interval, ...]]:
    """The public versions one specifier allows (a superset), or None if not analysable."""
    wildcard = text.endswith(".*")
    version = _version(text[:-2] if wildcard else text)
    if version is None:
        return None
    if wildcard:
        low, high = _prefix_range(version.epoch, version.release)
        inside = _Interval(_at(low), True, _at(high), False)
        if operator == "==":
            return (inside,)
        return (
            _Interval(_NEG_INF, False, _at(low), False),
            _Interval(_at(high), True, _POS_INF, False),
        )
    point = _at(version)
    if operator == ">=":
        return (_Interval(point, True, _POS_INF, False),)
    if operator == "<=":
        return (_Interval(_NEG_INF, False, point, True),)
    if operator == ">":
        # PEP 440: `>V` excludes V's post-releases unless V is one; for a final V that is every
        # version of V's release. For a pre/dev V the packaging releases differ: keep (V, inf).
        if _is_final(version):
            return (_Interval(_top_of_release(version), False, _POS_INF, False),)
        return (_Interval(point, False, _POS_INF, False),)
    if operator == "<":
        # PEP 440: `<V` excludes V's pre-releases unless V is one. For a final V both readings
        # agree on "below V.dev0"; for `<V.postN` keep everything below V.postN.
        if _is_final(version):
            below = _dev0(version.epoch, version.release)
            return (_Interval(_NEG_INF, False, _at(below), False),)
        return (_Interval(_NEG_INF, False, point, False),)
    if operator == "~=":
        if len(version.release) < 2:
            return None
        _low, high = _prefix_range(version.epoch, version.release[:-1])
        return (_Interval(point, True, _at(high), False),)
    return None


def _intersect(
    left: Sequence[_Interval], right: Sequence[_Interval]
) -> tuple[_Interval, ...]:
    result = []
    for one in left:
        for other in right:
            both = one.intersect(other)
            if not both.empty:
                result.append(both)
    return tuple(result)


def _all_contain(specifiers: Sequence[Specifier], version: Version) -> bool:
    return all(spec.contains(version, prereleases=True) for spec in specifiers)


# The operators that leave every version above some point allowed.
_UNCAPPED = frozenset({">=", ">", "!="})

# Answers by the (operator, version) pairs of a set, which are all the analysis reads: the same
# set asked again (by another rule, or on another line) costs a lookup. Bounded for a server
# that lints for hours; past the bound sets are analysed afresh.
_ANSWERS: dict[tuple[tuple[str, str], ...], bool] = {}
_MAX_ANSWERS = 65_536


def is_satisfiable(specifiers: Iterable[Specifier]) -> bool:
    """False only when no version can satisfy every specifier (see the module docstring)."""
    specs = list(specifiers)
    if not specs or len(specs) > MAX_SPECIFIERS:
        return True
    if len(specs) == 1 and specs[0].operator != "<":
        return True  # `_satisfiable`'s first answer, without building the key (most lines)
    if all(spec.operator in _UNCAPPED for spec in specs):
        # Nothing caps the versions, and each exclusion removes a bounded stretch: the
        # versions above all of them remain (`>=6.0,!=6.0.1,!=6.0.2`).
        return True
    if _final_range(specs):
        return True
    key = tuple((spec.operator, spec.version) for spec in specs)
    answer = _ANSWERS.get(key)
    if answer is None:
        answer = _satisfiable(specs)
        if len(_ANSWERS) < _MAX_ANSWERS:
            _ANSWERS[key] = answer
    return answer


def _final_range(specs: Sequence[Specifier]) -> bool:
    """`>=A,<B` (in either order) where A and B are final releases and A < B: A satisfies
    both (a final release is no pre-release of B, which is all `<B` adds to `A < B`). The
    form a capped requirement is usually written in, answered without the interval analysis.
    """
    if len(specs) != 2:
        return False
    bounds = {spec.operator: spec.version for spec in specs}
    if bounds.keys() != {">=", "<"}:
        return False
    low, high = _version(bounds[">="]), _version(bounds["<"])
    if low is None or high is None or not (_is_final(low) and _is_final(high)):
        return False
    return low.local is None and high.local is None and low < high


@cache
def _lowest() -> _Interval:
    """Every version: from `0.dev0`, below which there is none, upwards."""
    return _Interval(_at(_dev0(0, (0,))), True, _POS_INF, False)


def _satisfiable(specs: Sequence[Specifier]) -> bool:
    if len(specs) == 1 and specs[0].operator != "<":
        # One specifier admits its own version (`==`, `===`, `>=`, `<=`, `~=`), every later one
        # (`>`) or every other one (`!=`); only `<V` can leave nothing (`<0`).
        return True
    arbitrary = [spec for spec in specs if spec.operator == "==="]
    if arbitrary:
        strings = {spec.version.lower() for spec in arbitrary}
        if len(strings) > 1:
            return False  # one version string cannot equal two different strings
        exact = _version(arbitrary[0].version)
        if exact is None or str(exact).lower() != arbitrary[0].version.lower():
            return True  # opaque: not a normalised version
        return _all_contain(specs, exact)
    pinned = [
        spec for spec in specs if spec.operator == "==" and not spec.version.endswith(".*")
    ]
    if pinned:
        candidates = [_version(spec.version) for spec in pinned]
        return any(v is not None and _all_contain(specs, v) for v in candidates)
    allowed: tuple[_Interval, ...] = (_lowest(),)
    holes = []
    for spec in specs:
        if spec.operator == "!=" and not spec.version.endswith(".*"):
            version = _version(spec.version)
            if version is not None and version.local is None:
                holes.append(_at(version))
            continue
        ranges = _intervals(spec.operator, spec.version)
        if ranges is None:
            continue
        allowed = _intersect(allowed, ranges)
        if not allowed:
            return False
    remaining = [
        interval
        for interval in allowed
        if not (interval.low == interval.high and interval.low in holes)
    ]
    return bool(remaining)


def conflicting(specifiers: Iterable[Specifier]) -> Optional[tuple[Specifier, ...]]:
    """The specifiers that cannot hold together: a pair when one pair already conflicts
    (the clearest thing to show a user), else all of them; None when satisfiable."""
    specs = list(specifiers)
    if is_satisfiable(specs):
        return None
    if len(specs) <= 16:
        for size in (1, 2):
            for group in combinations(specs, size):
                if not is_satisfiable(group):
                    return group
    return tuple(specs)
