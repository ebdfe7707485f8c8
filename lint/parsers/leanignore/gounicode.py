"""The character sets of Go's regular expressions: Perl (`\\d\\s\\w`), POSIX (`[:alpha:]`) and
Unicode (`\\pL`, `\\p{Greek}`) classes, case folding for `(?i)`, and range arithmetic.

Go 1.20 knows the Unicode 13 categories (without `Cn` and `LC`: `\\pC` is Cc|Cf|Co|Cs) and
scripts. Python's `unicodedata` stands in for its tables, a script's characters are told by their
Unicode names, and `(?i)` folds with Python's case mappings: approximations that only matter for
characters those disagree on.
"""

from __future__ import annotations

import functools
from typing import Callable, Optional

MAX_RUNE = 0x10FFFF
Ranges = tuple[tuple[int, int], ...]

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DIGIT = ((0x30, 0x39),)
_WORD = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
_PERL_SPACE = ((0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20))
PERL_CLASSES = {"d": _DIGIT, "s": _PERL_SPACE, "w": _WORD}
WORD_CHARS = _WORD
POSIX_CLASSES: dict[str, Ranges] = {
    "alnum": ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)),
    "alpha": ((0x41, 0x5A), (0x61, 0x7A)),
    "ascii": ((0x00, 0x7F),),
    "blank": ((0x09, 0x09), (0x20, 0x20)),
    "cntrl": ((0x00, 0x1F), (0x7F, 0x7F)),
    "digit": _DIGIT,
    "graph": ((0x21, 0x7E),),
    "lower": ((0x61, 0x7A),),
    "print": ((0x20, 0x7E),),
    "punct": ((0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)),
    "space": ((0x09, 0x0D), (0x20, 0x20)),
    "upper": ((0x41, 0x5A),),
    "word": _WORD,
    "xdigit": ((0x30, 0x39), (0x41, 0x46), (0x61, 0x66)),
}
# Go 1.20's `unicode.Categories` (no `Cn`, no `LC`: `\pC` is Cc|Cf|Co|Cs).
_CATEGORIES = _words(
    """
    C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z
    Zl Zp Zs
    """
)
# Go 1.20's `unicode.Scripts` (Unicode 13.0).
SCRIPTS = _words(
    """
    Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak
    Bengali Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian
    Caucasian_Albanian Chakma Cham Cherokee Chorasmian Common Coptic Cuneiform Cypriot Cyrillic
    Deseret Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic
    Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Han Hangul
    Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inherited
    Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kayah_Li
    Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin Lepcha Limbu Linear_A
    Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen
    Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs
    Miao Modi Mongolian Mro Multani Myanmar Nabataean Nandinagari New_Tai_Lue Newa Nko Nushu
    Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian Old_Italic Old_North_Arabian Old_Permic
    Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Oriya Osage Osmanya Pahawh_Hmong
    Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra
    Sharada Shavian Siddham SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese
    Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangut Telugu
    Thaana Thai Tibetan Tifinagh Tirhuta Ugaritic Vai Wancho Warang_Citi Yezidi Yi
    Zanabazar_Square
    """
)
# Script names whose characters' Unicode names do not start with the script's name.
_SCRIPT_NAME_PREFIXES = {
    "Han": ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "IDEOGRAPHIC"),
    "Nko": ("NKO",),
    "Phags_Pa": ("PHAGS-PA",),
    "SignWriting": ("SIGNWRITING",),
    "Canadian_Aboriginal": ("CANADIAN SYLLABICS",),
}


def normalize(ranges: list[tuple[int, int]]) -> Ranges:
    """Sorted, merged ranges."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            if high > merged[-1][1]:
                merged[-1] = (merged[-1][0], high)
        else:
            merged.append((low, high))
    return tuple(merged)


def negate(ranges: Ranges) -> Ranges:
    """Every code point the (normalised) ranges do not hold."""
    result: list[tuple[int, int]] = []
    following = 0
    for low, high in ranges:
        if following <= low - 1:
            result.append((following, low - 1))
        following = high + 1
    if following <= MAX_RUNE:
        result.append((following, MAX_RUNE))
    return tuple(result)


def _from_predicate(test: Callable[[str], bool]) -> Ranges:
    ranges: list[tuple[int, int]] = []
    start = -1
    for code in range(MAX_RUNE + 2):
        inside = code <= MAX_RUNE and test(chr(code))
        if inside and start < 0:
            start = code
        elif not inside and start >= 0:
            ranges.append((start, code - 1))
            start = -1
    return tuple(ranges)


@functools.cache
def _category(name: str) -> Ranges:
    import unicodedata

    if len(name) == 1:
        return _from_predicate(
            lambda char: unicodedata.category(char)[0] == name
            and unicodedata.category(char) != "Cn"
        )
    return _from_predicate(lambda char: unicodedata.category(char) == name)


@functools.cache
def _script(name: str) -> Ranges:
    import unicodedata

    if name == "Inherited":
        return _from_predicate(lambda char: unicodedata.category(char) in ("Mn", "Me"))
    prefixes = _SCRIPT_NAME_PREFIXES.get(name, (name.upper().replace("_", " "),))
    if name == "Common":
        return _from_predicate(
            lambda char: unicodedata.category(char)[0] in "NPSZC"
            and unicodedata.category(char) != "Cn"
        )
    return _from_predicate(lambda char: unicodedata.name(char, "").startswith(prefixes))


def unicode_table(name: str) -> Optional[Ranges]:
    if name == "Any":
        return ((0, MAX_RUNE),)
    if name in _CATEGORIES:
        return _category(name)
    if name in SCRIPTS:
        return _script(name)
    return None


# --- case folding ((?i)) ---------------------------------------------------------------------

_MIN_FOLD, _MAX_FOLD = 0x41, 0x1E943


@functools.lru_cache(maxsize=1)
def _fold_orbits() -> dict[int, tuple[int, ...]]:
    """Characters that fold together, as Go's `unicode.SimpleFold` orbits (approximated)."""

    def key(char: str) -> str:
        for candidate in (char.casefold(), char.lower()):
            if len(candidate) == 1:
                folded = candidate.casefold()
                return folded if len(folded) == 1 else candidate
        return char

    groups: dict[str, list[int]] = {}
    for code in range(_MIN_FOLD, _MAX_FOLD + 1):
        groups.setdefault(key(chr(code)), []).append(code)
    orbits: dict[int, tuple[int, ...]] = {}
    for members in groups.values():
        if len(members) > 1:
            for code in members:
                orbits[code] = tuple(members)
    return orbits


def fold(ranges: Ranges) -> Ranges:
    """The ranges with every case-fold equivalent added."""
    added: list[tuple[int, int]] = list(ranges)
    orbits = _fold_orbits()
    for low, high in ranges:
        if low <= _MIN_FOLD and high >= _MAX_FOLD:
            continue
        for code in range(max(low, _MIN_FOLD), min(high, _MAX_FOLD) + 1):
            for member in orbits.get(code, ()):
                added.append((member, member))
    return normalize(added)
