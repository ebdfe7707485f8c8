"""Interval arithmetic on PEP 440 specifiers: never "unsatisfiable" when a version satisfies."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from enginelint.analysis.specifiers import conflicting, is_satisfiable


def satisfiable(text: str) -> bool:
    return is_satisfiable(SpecifierSet(text))


@pytest.mark.parametrize(
    "text",
    [
        ">=3,<2",
        "==1.0,!=1.0",
        ">2,<=2",
        ">=1.0,<1.0",
        "~=1.4.5,!=1.4.*",
        "~=1.4.5,<1.4.5",
        "==1.*,!=1.*",
        # `<1.0` admits no pre-release of 1.0 (PEP 440), so nothing is left.
        ">=1.0rc1,<1.0",
        ">=1.0.dev0,<1.0",
        # `>1.0` admits no post-release of 1.0.
        ">1.0,<=1.0.post1",
        ">1.0,<1.0.post1",
        # `==1.*` holds 1.0rc1 and 1.0.dev0, but `<1.0` excludes exactly those.
        "==1.*,<1.0",
        ">1.0rc1,<1.0",
        ">1.0.dev0,<1.0",
        ">=1.0,<=1.0,!=1.0",
        "==1.0+a,!=1.0+a",
        "==1.0+a,==1.0+b",
        "===1.0,===2.0",
        "===1.0,>1",
        "==2.0,<2",
        "==1.0,==1.0.1",
        "==1!1.0,<1!1.0",
        ">=1!0,<1",
    ],
)
def test_unsatisfiable(text: str) -> None:
    assert not satisfiable(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        ">=1",
        ">=1.0,<=1.0",
        ">=1.0rc1,<1.0rc2",
        ">=1.0rc1,<1.0.post1",
        ">1.0,<1.0.1",
        "~=1.4.5,!=1.4.6",
        "==1.0+local,<=1.0",
        "==1.0,!=1.0+local",
        "==1.0.0,==1.0",
        "==1.*,<1.1",
        ">1.0rc1,<1.0.post1",  # 1.0
        ">1.0.dev0,<1.0a1",  # 1.0.dev1
        "===1.0,<2",
        "===foo,>1",  # opaque string
        ">=1.0,!=1.0,<=1.0.0.1",
        "==1.0.*,!=1.0",
        ">1,<1.0.0.1",
    ],
)
def test_satisfiable(text: str) -> None:
    assert satisfiable(text)


@pytest.mark.parametrize(
    "text",
    [
        # Truly empty, but proving it needs more than intervals (no version lies strictly
        # between 1.0.dev0 and 1.0.dev1; `>1.0rc1` excludes 1.0rc1's post-releases): the
        # procedure stays silent, which is the safe side.
        ">1.0.dev0,<1.0.dev1",
        ">1.0rc1,<1.0rc1.post1",
    ],
)
def test_not_provable_stays_satisfiable(text: str) -> None:
    assert satisfiable(text)


def test_agrees_with_packaging_on_fixture_cases() -> None:
    unsat = SpecifierSet(">=1.0rc1,<1.0")
    assert not any(unsat.contains(v, prereleases=True) for v in ("1.0rc1", "1.0rc1.post1", "1.0"))


def test_conflicting_names_the_smallest_group() -> None:
    group = conflicting(SpecifierSet(">=1,<5,>=3,<2"))
    assert group is not None
    assert {str(s) for s in group} in ({">=3", "<2"}, {">=1", "<2"}) or len(group) == 2
    triple = conflicting(SpecifierSet(">=1.0,<=1.0,!=1.0"))
    assert triple is not None and len(triple) == 3
    assert conflicting(SpecifierSet(">=1,<2")) is None


def test_huge_sets_are_not_analysed() -> None:
    many = ",".join(f"!={n}" for n in range(100)) + ",>=3,<2"
    assert satisfiable(many)  # over the cap: no claim


# --- property: whenever the procedure says "unsatisfiable", no version satisfies -----------------

ALPHABET = [
    "0",
    "1",
    "1.0",
    "1.0.0",
    "1.0a1",
    "1.0rc1",
    "1.0.dev0",
    "1.0.post1",
    "1.0.post1.dev0",
    "1.0rc1.post1",
    "1.0.1",
    "1.1",
    "1.4.5",
    "1.4",
    "2",
    "2.0rc1",
    "2.0.post1",
    "1!1.0",
]
LOCALS = ["1.0+a", "1.0+b", "2+x"]
OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "~=", "==*", "!=*", "==="]


def _neighbours(text: str) -> set[str]:
    version = Version(text)
    epoch = f"{version.epoch}!" if version.epoch else ""
    release = ".".join(str(part) for part in version.release)
    bumped = ".".join(str(part) for part in (*version.release[:-1], version.release[-1] + 1))
    names = {
        text,
        version.public,
        f"{epoch}{release}",
        f"{epoch}{release}.dev0",
        f"{epoch}{release}a0",
        f"{epoch}{release}rc1",
        f"{epoch}{release}rc2",
        f"{epoch}{release}.post0",
        f"{epoch}{release}.post0.dev0",
        f"{epoch}{release}.post1",
        f"{epoch}{release}.post2",
        f"{epoch}{release}+local",
        f"{epoch}{release}.post1+local",
        f"{epoch}{release}rc1+local",
        f"{epoch}{release}.0.0.1",
        f"{epoch}{release}.1.dev0",
        f"{epoch}{bumped}",
        f"{epoch}{bumped}.dev0",
        f"{epoch}{bumped}rc1",
    }
    if version.pre is not None or version.dev is not None or version.post is not None:
        names |= {f"{text}.dev1", f"{version.public}.post3"} - {""}
    return names


def _grid() -> list[Version]:
    found: dict[str, Version] = {}
    for text in [*ALPHABET, *LOCALS, "0.dev0", "0.1", "3", "5", "1!0", "1!2"]:
        for name in _neighbours(text):
            try:
                found[name] = Version(name)
            except InvalidVersion:
                continue
    return sorted(found.values())


GRID = _grid()


@st.composite
def specifiers(draw: st.DrawFn) -> Specifier:
    operator = draw(st.sampled_from(OPERATORS))
    if operator in ("==*", "!=*"):
        release = draw(st.sampled_from(["0", "1", "1.0", "1.4", "2", "1!1"]))
        text = f"{operator[:2]}{release}.*"
    elif operator in ("==", "!=", "==="):
        text = operator + draw(st.sampled_from(ALPHABET + LOCALS))
    elif operator == "~=":
        text = operator + draw(st.sampled_from([v for v in ALPHABET if "." in v.split("!")[-1]]))
    else:
        text = operator + draw(st.sampled_from(ALPHABET))
    try:
        return Specifier(text)
    except InvalidSpecifier:
        return Specifier(">=0")


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(specifiers(), min_size=1, max_size=4))
def test_unsatisfiable_means_no_grid_version(specs: list[Specifier]) -> None:
    if is_satisfiable(specs):
        return
    witnesses = [v for v in GRID if all(s.contains(v, prereleases=True) for s in specs)]
    assert not witnesses, (specs, witnesses[:3])
    combined = SpecifierSet(",".join(str(s) for s in specs))
    if hasattr(combined, "is_unsatisfiable"):  # packaging >= 26 has its own procedure
        assert combined.is_unsatisfiable(), specs


@settings(max_examples=500, deadline=None)
@given(st.lists(specifiers(), min_size=1, max_size=3))
def test_pairs_are_judged_like_the_whole(specs: list[Specifier]) -> None:
    group = conflicting(specs)
    if group is not None:
        assert not is_satisfiable(group)
        assert set(group) <= set(specs)


@settings(max_examples=500, deadline=None)
@given(specifiers())
def test_one_specifier_other_than_below_is_satisfiable_by_the_full_analysis(
    spec: Specifier,
) -> None:
    # A lone specifier is answered without the analysis unless it is `<V`: the analysis of the
    # same set written twice (which admits the same versions) agrees.
    from enginelint.analysis.specifiers import _satisfiable

    assert _satisfiable([spec, spec]) == is_satisfiable([spec])


@settings(max_examples=500, deadline=None)
@given(st.lists(specifiers().filter(lambda spec: spec.operator in (">=", ">", "!=")),
                min_size=2, max_size=5))
def test_lower_bounds_and_exclusions_are_satisfiable_by_the_full_analysis(
    specs: list[Specifier],
) -> None:
    # Sets of `>=`, `>` and `!=` alone are answered without the analysis: it agrees.
    from enginelint.analysis.specifiers import _satisfiable

    assert is_satisfiable(specs)
    assert _satisfiable(specs)


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(ALPHABET), st.sampled_from(ALPHABET), st.booleans())
def test_a_range_of_final_releases_is_judged_as_the_full_analysis_does(
    low: str, high: str, reverse: bool
) -> None:
    # `>=A,<B` of final releases is answered without the analysis when A < B: it agrees, and
    # every other pair still gets the analysis's own answer.
    from enginelint.analysis.specifiers import _final_range, _satisfiable

    specs = [Specifier(f">={low}"), Specifier(f"<{high}")]
    if reverse:
        specs.reverse()
    if _final_range(specs):
        assert _satisfiable(specs)
    assert is_satisfiable(specs) == _satisfiable(specs)
