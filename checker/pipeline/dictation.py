"""Levels spoken as words in an uncorrected dictation ("C five six", "tea eleven twelve").

Speech recognition writes the number after a level letter as a word, or as a digit with
the hyphen dropped ("C 5 6 and 6 7"), hears a letter as a word ("see", "tea", "El") and a
number as its homophone ("tea won", "see to three"). Each such level is read as written
with digits ("C5-6", "C7-T1", "tea 11 12"), so the level patterns and the voice-recognition
readings in `patterns/levels.jsonl` serve it unchanged. A pair is joined only when it names
one joint ("C four seven" keeps its second word; "C7 T1" is C7-T1 unless it ends a list of
vertebrae).

A number spoken where a written note has digits is written with them: an amount before its
unit ("half a cc" -> "0.5 cc", "point seven five mL", "zero point five percent" -> "0.5%"),
a score on the ten-point scale ("eight out of ten" -> "8/10") and a brand's strength
("Kenalog forty" -> "Kenalog 40", only a strength the brand is sold in). A number word with
none of these beside it ("one of the two needles", "a few tenths") stays a word.

A dictation that speaks its punctuation ("draped period under fluoroscopy", "consent
signed comma time out done", "new paragraph") is read with the marks it names, so a
sentence ends where the physician ended it and a negation or a history cue stays in its
own sentence; a term heard as other words ("fast it joint") is read as the term.

What is heard how is data (`patterns/dictation.json`). Every change is an edit
(`checker.pipeline.edits`), so evidence quotes the note as dictated.
"""

from __future__ import annotations

import re
from functools import cache

from checker.pipeline.edits import Edit, without_overlaps
from checker.pipeline.literal import find_from, lowered, names_any, search_from, word_starts
from checker.pipeline.numbers import NUMBER_WORDS, SPINE_NUMBER_WORDS, words_to_number
from checker.resources import load_json, load_rows


def _alternatives(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@cache
def _heard() -> dict:
    return load_json("dictation.json")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    heard = _heard()
    words = {**SPINE_NUMBER_WORDS, **heard["homophones"]}
    plain = [w for w in words if w not in heard["homophones_need_a_number_after"]]
    number = rf"(?:{_alternatives(SPINE_NUMBER_WORDS)}|1[0-2]|[1-9])\b"
    # upper-case single letters only: a lower-case "l" or "c" is seldom a level
    single = [letter for letter in heard["letters"] if len(letter) == 1]
    spelled = [letter for letter in heard["letters"] if len(letter) > 1]
    letter = rf"(?:\b(?:{_alternatives(single)})|\b(?i:{_alternatives(spelled)}))"
    # "to" is a number only before one ("see to three", "tea to tea three")
    guarded = _alternatives(heard["homophones_need_a_number_after"])
    first = (
        rf"(?i:{_alternatives(plain)}|1[0-2]|[1-9])\b"
        rf"|(?i:{guarded})(?=[ \t]*-?[ \t]*(?:{letter}[ \t]+)?(?:{number}|won\b))"
    )
    level = re.compile(
        rf"(?P<letter>{letter})[ \t]+(?P<first>{first})"
        rf"(?:(?P<gap>[ \t]*-[ \t]*|[ \t]+)"
        rf"(?:(?P<next_letter>{letter})[ \t]+)?(?P<second>{number}))?"
    )
    # "C 5 6 and 6 7", "C five six and six seven": the next joint without its letter
    next_pair = re.compile(
        rf"(?:[ \t]*,)?[ \t]+(?:and[ \t]+)?(?P<first>{number})[ \t]*-?[ \t]*(?P<second>{number})"
    )
    # a level just before: "C5 C6 C7 T1" lists vertebrae, not the C7-T1 joint
    listed = re.compile(rf"(?:{letter})[ \t]*(?:{number}|\d{{1,2}})[ \t,]*(?:and[ \t]+)?$")
    return level, next_pair, listed


@cache
def _level_starts() -> tuple[str, ...]:
    """What a spoken level opens with, lower case: a level letter as written or heard, and
    the space or tab after it (a level can start nowhere else)."""
    return tuple(f"{letter.lower()}{space}" for letter in _heard()["letters"] for space in " \t")


def _value(word: str) -> int:
    if word.isdigit():
        return int(word)
    lower = word.lower()
    return SPINE_NUMBER_WORDS.get(lower) or _heard()["homophones"][lower]


def _letter(word: str) -> str:
    letters = _heard()["letters"]
    return letters.get(word) or letters[word.lower()]


def spoken_levels(text: str) -> list[Edit]:
    """Edits that write each spoken level with digits ("C five six" -> "C5-6")."""
    level, next_pair, listed = _patterns()
    edits: list[Edit] = []
    at = 0
    # tried only where a level letter starts a word: the same matches as a search
    starts = word_starts(text, lowered(text), _level_starts())
    while (match := search_from(level, text, starts, at)) is not None:
        found = _level_edits(text, match, next_pair, listed)
        edits += found
        # the next search starts after what was read, not after the whole match: in
        # "tea to tea three" the second "tea" starts a level of its own
        at = max([match.end("first"), *(edit.end for edit in found)])
    return without_overlaps(edits)


def _level_edits(text, match: re.Match[str], next_pair, listed) -> list[Edit]:
    written_letter, first = match.group("letter"), match.group("first")
    letter, top = _letter(written_letter), _value(first)
    second, next_letter = match.group("second"), match.group("next_letter")
    bottom_letter = _letter(next_letter) if next_letter else letter
    bottom = _value(second) if second else None
    if next_letter and bottom_letter != letter:
        joint = [letter, top, bottom_letter, bottom] in _heard()["region_joints"]
        joint = joint and not listed.search(text, max(0, match.start() - 16), match.start())
    else:
        joint = not next_letter and bottom == top + 1
    if first.isdigit() and not joint:
        return []  # "C 5" alone may be anything; only "C 5 6" reads as a joint
    end = match.end("second") if joint else match.end("first")
    if not joint and written_letter.lower() in _heard()["spelled_letters"]:
        # one spelled vertebra keeps its spelling: its reading knows "see 2 weeks"
        return [Edit(match.start("first"), match.end("first"), str(top))]
    if not joint:
        return [Edit(match.start(), end, f"{letter}{top}")]
    tail = f"{bottom_letter}{bottom}" if bottom_letter != letter else str(bottom)
    edits = [Edit(match.start(), end, f"{letter}{top}-{tail}")]
    if bottom_letter == letter:
        edits += _following_pairs(text, end, letter, next_pair)
    return edits


def _following_pairs(text: str, at: int, letter: str, next_pair) -> list[Edit]:
    """ "C5-6 and 6 7": each joint that follows with its letter left out."""
    edits = []
    while (match := next_pair.match(text, at)) is not None:
        top, bottom = _value(match.group("first")), _value(match.group("second"))
        if bottom != top + 1:
            break
        edits.append(Edit(match.start("first"), match.end("second"), f"{letter}{top}-{bottom}"))
        at = match.end()
    return edits


@cache
def _command_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    heard = _heard()
    command = re.compile(rf"[ \t]*\b(?P<command>(?i:{_alternatives(heard['commands'])}))\b")
    noun_after = re.compile(rf"\b(?i:{_alternatives(heard['not_a_command_after'])})[ \t]*$")
    noun_before = re.compile(rf"[ \t]+(?i:{_alternatives(heard['not_a_command_before'])})\b")
    return command, noun_after, noun_before


@cache
def _command_words() -> tuple[str, ...]:
    return tuple(word.lower() for word in _heard()["commands"])


def spoken_punctuation(text: str) -> list[Edit]:
    """Edits that write each spoken punctuation command as its mark ("period" -> "."), in a
    note that dictates its punctuation (a few such commands, not one "period" as a word)."""
    if not names_any(lowered(text), _command_words()):
        return []  # no command word: the search below would find none
    command, noun_after, noun_before = _command_patterns()
    found = [
        match
        for match in command.finditer(text)
        if not noun_after.search(text, max(0, match.start() - 24), match.start())
        and not noun_before.match(text, match.end())
    ]
    if len(found) < _heard()["commands_in_a_dictation"]:
        return []
    commands = {word.lower(): mark for word, mark in _heard()["commands"].items()}
    return [
        Edit(match.start(), match.end(), commands[" ".join(match.group("command").lower().split())])
        for match in found
    ]


@cache
def _misheard_pattern() -> re.Pattern[str]:
    return re.compile(rf"\b(?i:{_alternatives(_heard()['misheard'])})\b")


def misheard_words(text: str) -> list[Edit]:
    """Edits that read a word speech recognition mis-heard as the term ("fast it" -> "facet")."""
    misheard = {word.lower(): meant for word, meant in _heard()["misheard"].items()}
    if not names_any(lowered(text), misheard):
        return []  # none of them in the note: the search below would find none
    return [
        Edit(match.start(), match.end(), misheard[match.group().lower()])
        for match in _misheard_pattern().finditer(text)
    ]


@cache
def _brand_strengths() -> dict[str, frozenset[int]]:
    """Brand name (lower case) -> the strengths in mg/mL it is sold in, from the drug
    vocabulary ("kenalog" -> 10, 40, 80)."""
    table: dict[str, frozenset[int]] = {}
    for row in load_rows("vocabulary/drugs.jsonl"):
        for brand, strengths in row.get("product_strengths", {}).items():
            table[brand.lower()] = frozenset(strengths)
    return table


@cache
def _amount_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    heard = _heard()
    # a dictation wraps its lines anywhere, inside a number too ("zero point\nfive percent")
    gap = r"(?:[ \t]*\n[ \t]*|[ \t]+)"

    def words(forms) -> str:
        return "|".join(
            gap.join(map(re.escape, form.split())) for form in sorted(forms, key=len, reverse=True)
        )

    digit = words(word for word, value in NUMBER_WORDS.items() if value <= 9)
    ones = words(word for word, value in NUMBER_WORDS.items() if 1 <= value <= 9)
    teens = words(word for word, value in NUMBER_WORDS.items() if value < 20)
    tens = words(word for word, value in NUMBER_WORDS.items() if value >= 20)
    whole = rf"(?:(?:{tens})(?:(?:-|{gap})(?:{ones}))?|(?:{teens}))\b"
    decimal = rf"point(?:{gap}(?:{digit})\b)+"
    number = rf"(?:{whole}(?:{gap}{decimal}|{gap}and{gap}a{gap}half\b)?|{decimal})"
    # "two and a half mL" is 2.5: its "a half" or "half" is no amount of its own
    fraction = "|".join(
        form
        if "half" not in form
        else rf"(?<!\band[ \t]){form}"
        if form.startswith(("a", "one"))
        else rf"(?<!\band[ \t]a[ \t]){form}"
        for form in words(heard["fractions"]).split("|")
    )
    fraction = rf"(?:{fraction})\b"
    joiner = rf"(?:{gap}(?:{words(heard['fraction_joiners'])})\b)?"
    first_letters = "".join(sorted({word[0] for word in [*NUMBER_WORDS, *heard["fractions"]]}))
    amount = re.compile(
        rf"\b(?=[{first_letters}p])(?i:"
        rf"(?P<score>{whole}){gap}(?:{words(heard['pain_scale'])})\b"
        rf"|(?:(?P<fraction>{fraction}){joiner}|(?P<number>{number}))"
        rf"{gap}(?P<unit>{words(heard['units'])})\b)"
    )
    brands = _brand_strengths()
    # matched only where a brand name was found (a plain substring search first)
    strength = re.compile(rf"(?i:(?P<brand>{words(brands)})){gap}(?P<strength>(?i:{whole}))")
    return amount, strength


@cache
def _amount_starts() -> tuple[str, ...]:
    """What a spoken amount or score opens with, lower case: a number word, "point", or a
    fraction's first word (with the space, tab or line break after it when the fraction
    has more words: "a" alone opens none)."""
    starts = {*NUMBER_WORDS, "point"}
    for form in _heard()["fractions"]:
        first, *more = form.lower().split()
        starts.update([f"{first}{gap}" for gap in " \t\n"] if more else [first])
    return tuple(sorted(starts))


def _spoken_value(words: str) -> float | None:
    words = " ".join(words.lower().replace("-", " ").split())
    half = words.endswith(" and a half")
    if half:
        words = words.removesuffix(" and a half")
    value = words_to_number(f"zero {words}" if words.startswith("point") else words)
    return None if value is None else value + (0.5 if half else 0)


def _fraction_value(words: str) -> float:
    fractions = {word.lower(): value for word, value in _heard()["fractions"].items()}
    return fractions[" ".join(words.lower().split())]


def spoken_amounts(text: str) -> list[Edit]:
    """Edits that write spoken amounts, pain scores and brand strengths with digits
    ("half a cc" -> "0.5 cc", "six over ten" -> "6/10", "Kenalog forty" -> "Kenalog 40")."""
    amount, strength = _amount_patterns()
    # tried only where a number word or a fraction starts a word: the same matches
    found = find_from(amount, text, word_starts(text, lowered(text), _amount_starts()))
    edits = [edit for match in found if (edit := _amount_edit(match))]
    return without_overlaps(edits + _brand_strength_edits(text, strength))


def _brand_strength_edits(text: str, strength: re.Pattern[str]) -> list[Edit]:
    """ "Kenalog forty" -> "Kenalog 40", looked for only after each brand name in the note."""
    lower, brands, edits = text.lower(), _brand_strengths(), []
    for brand in brands:
        at = lower.find(brand)
        while at != -1:
            match = strength.match(text, at)
            if match is not None and (at == 0 or not text[at - 1].isalnum()):
                value = _spoken_value(match.group("strength"))
                named = " ".join(match.group("brand").lower().split())
                if value is not None and value in brands[named]:
                    edits.append(Edit(match.start("strength"), match.end("strength"), f"{value:g}"))
            at = lower.find(brand, at + len(brand))
    return edits


def _amount_edit(match: re.Match[str]) -> Edit | None:
    if match.group("score") is not None:
        score = _spoken_value(match.group("score"))
        if score is None or score > 10:
            return None  # "eighty over sixty" is no pain score
        return Edit(match.start(), match.end(), f"{score:g}/10")
    value: float | None
    if match.group("fraction") is not None:
        value = _fraction_value(match.group("fraction"))
    else:
        value = _spoken_value(match.group("number"))
    if value is None:
        return None
    if "".join(match.group("unit").lower().split()) == "percent":
        return Edit(match.start(), match.end(), f"{value:g}%")
    return Edit(match.start(), match.start("unit"), f"{value:g} ")


@cache
def _broken_negation() -> re.Pattern[str]:
    negations = _alternatives(_heard()["negations_that_run_on"])
    # not after a field's colon ("Sedation: none"), and only into a lower-case word
    short = _heard()["negation_line_shorter_than"] - 1
    return re.compile(
        rf"^(?=[^\n]{{0,{short}}}\n)[^\n]*?(?<![:=|])[ \t]+(?i:{negations})[ \t]*"
        rf"(?P<break>\n)(?=[ \t]*[a-z])",
        re.MULTILINE,
    )


def broken_negations(text: str) -> list[Edit]:
    """Edits that join a line ending on a negation to the lower-case line it goes on into
    ("the C7 level was not" over "treated"), so the negation stays in its sentence."""
    lower = text.lower()
    if not any(
        f"{word}\n" in lower or f"{word} \n" in lower for word in _heard()["negations_that_run_on"]
    ):
        return []
    return [
        Edit(match.start("break"), match.end("break"), " ")
        for match in _broken_negation().finditer(text)
    ]


@cache
def _spoken_heading() -> re.Pattern[str]:
    headings = "|".join(
        r"[ \t]+".join(
            rf"[{word[0]}{word[0].upper()}]{re.escape(word[1:])}" for word in form.split()
        )
        for form in sorted(_heard()["spoken_headings"], key=len, reverse=True)
    )
    return re.compile(rf"^[ \t]*(?:{headings})(?P<gap>[ \t]+)(?=[a-z])", re.MULTILINE)


def spoken_headings(text: str) -> list[Edit]:
    """Edits that give a heading dictated at the start of a line its colon ("plan if she
    has relief then RF" -> "plan: if ..."), so the line reads as that section."""
    return [
        Edit(match.start("gap"), match.end("gap"), ": ")
        for match in _spoken_heading().finditer(text)
    ]
