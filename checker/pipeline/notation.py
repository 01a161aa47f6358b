"""Level notation of notes written outside the US: a thoracic vertebra written "Th1",
"Th 1" (German, Dutch, Polish) or, beside another level, "D1" (French, Italian, Spanish,
Portuguese "dorsal") reads as "T1", so "C7/Th1", "Th4-Th5" and "C7-D1" are the joints the
level reader knows; a pair of vertebrae numbered in Roman numerals ("C V/VI", "C VII/Th I")
reads as "C5/6" and "C7/T1". A side written with its Latin abbreviation ("C5/6 dex.",
"dex. et sin.") reads as the English word. The prefixes, numerals, abbreviations and their
sources are data (`patterns/level_notation.json`).
"""

from __future__ import annotations

import re
from functools import cache

from checker.pipeline.edits import Edit
from checker.resources import load_json

_CONTEXT = 8  # characters either side of a dorsal "D" searched for the level beside it


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = load_json("level_notation.json")
    numbers = "|".join(str(n) for n in range(int(data["vertebrae"]), 0, -1))
    th = "|".join(map(re.escape, data["thoracic_prefixes"]))
    d = "|".join(map(re.escape, data["dorsal_prefixes"]))
    thoracic = re.compile(rf"(?<![A-Za-z0-9])(?:{th}) ?(?=(?:{numbers})(?!\d))")
    dorsal = re.compile(rf"(?<![A-Za-z0-9])(?:{d})(?=(?:{numbers})(?!\d))")
    # the level beside a dorsal "D": one before it and a joining sign ("C7-D1", "D4/D5"),
    # or a joining sign and a number after it ("D4-D5", "D4/5")
    level = rf"(?:[CTL]|{th}|{d}) ?(?:{numbers})"
    before = re.compile(rf"(?<![A-Za-z0-9]){level} ?[-/–] ?$")
    after = re.compile(rf"(?:{numbers}) ?[-/–] ?(?:(?:{th}|{d}|T) ?)?\d")
    return thoracic, dorsal, before, after


@cache
def _thoracic_prefixes() -> tuple[str, ...]:
    return tuple(load_json("level_notation.json")["thoracic_prefixes"])


@cache
def _roman_pair() -> tuple[re.Pattern[str], dict[str, int], dict[str, str]]:
    """A pair of vertebrae in Roman numerals after a region letter ("C V/VI", "C VII/Th I"),
    upper case only: the letter and the joining sign tell it from the words "I" and "V"."""
    data = load_json("level_notation.json")
    numerals: dict[str, int] = data["roman_numerals"]
    letters = {letter: letter for letter in data["region_letters"]}
    letters.update({prefix: "T" for prefix in data["thoracic_prefixes"]})
    letter = "|".join(sorted(map(re.escape, letters), key=len, reverse=True))
    roman = "|".join(sorted(numerals, key=len, reverse=True))
    pair = re.compile(
        rf"(?<![A-Za-z0-9])({letter}) ?({roman})(?![A-Za-z0-9]) ?([-/–]) ?"
        rf"(?:({letter}) ?)?({roman})(?![A-Za-z0-9])"
    )
    return pair, numerals, letters


def _roman_levels(text: str) -> list[Edit]:
    pair, numerals, letters = _roman_pair()
    edits = []
    for match in pair.finditer(text):
        first, upper, sign, second, lower = match.groups()
        written = f"{letters[first]}{numerals[upper]}{sign}"
        written += f"{letters[second] if second else ''}{numerals[lower]}"
        edits.append(Edit(match.start(), match.end(), written))
    return edits


@cache
def _latin_sides() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """A Latin side abbreviation right after a level ("C5/6 dex."), and two of them joined
    ("dex. et sin.", "dex. > sin."); neither before a number ("dex. 4 mg" is a dose)."""
    data = load_json("level_notation.json")
    words = {word: side for side, written in data["latin_sides"].items() for word in written}
    word = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    joiner = "|".join(map(re.escape, data["latin_side_joiners"]))
    free = r"(?![ \t]*\d)"
    after_level = re.compile(
        r"(?<![A-Za-z0-9])[CTLS] ?\d{1,2}[ \t]*[-/][ \t]*[CTLS]? ?\d{1,2}[ \t]+"
        rf"((?i:{word})){free}"
    )
    pair = re.compile(
        rf"(?<![A-Za-z])({word})[ \t]*(?:{joiner})[ \t]*({word}){free}", re.IGNORECASE
    )
    return after_level, pair, words


def _latin_side_edits(text: str) -> list[Edit]:
    after_level, pair, words = _latin_sides()
    found: dict[int, Edit] = {}
    for match in pair.finditer(text):
        first, second = match.group(1).lower(), match.group(2).lower()
        if words[first] == words[second]:
            continue
        for group in (1, 2):
            found[match.start(group)] = Edit(
                match.start(group), match.end(group), words[match.group(group).lower()]
            )
    for match in after_level.finditer(text):
        found[match.start(1)] = Edit(match.start(1), match.end(1), words[match.group(1).lower()])
    return list(found.values())


def thoracic_levels(text: str) -> list[Edit]:
    """Edits that write each "Th" or dorsal "D" of a thoracic level as "T", and each pair of
    vertebrae in Roman numerals in digits."""
    thoracic, dorsal, before, after = _patterns()
    edits = []
    if any(prefix in text for prefix in _thoracic_prefixes()):  # as written: case counts
        edits += [Edit(m.start(), m.end(), "T") for m in thoracic.finditer(text)]
    edits += _roman_levels(text)
    if "dex" in text or "sin" in text:
        edits += _latin_side_edits(text)
    for match in dorsal.finditer(text):
        at = match.end()
        if before.search(text, max(0, match.start() - _CONTEXT), match.start()) or after.match(
            text, at, at + _CONTEXT
        ):
            edits.append(Edit(match.start(), at, "T"))
    return edits
