"""Levels spoken as words in an uncorrected dictation ("C five six", "tea eleven twelve").

Speech recognition writes the number after a level letter as a word, or as a digit with
the hyphen dropped ("C 5 6 and 6 7"). Each such level is read as written with digits
("C5-6", "tea 11 12"), so the level patterns and the voice-recognition readings in
`patterns/levels.jsonl` serve it unchanged. A pair is joined only when its numbers are
adjacent (a joint); "C four seven" keeps its second word. Every change is an edit
(`checker.pipeline.edits`), so evidence quotes the note as dictated.
"""

from __future__ import annotations

import re

from checker.pipeline.edits import Edit, without_overlaps
from checker.pipeline.numbers import SPINE_NUMBER_WORDS

_WORD = "|".join(sorted(SPINE_NUMBER_WORDS, key=len, reverse=True))
_NUMBER = rf"(?:{_WORD}|1[0-2]|[1-9])\b"
# A level letter as dictated (upper case only: a lower-case "l" or "c" is seldom a level),
# or a voice-recognition spelling of one (kept: its own reading knows "see 2 weeks").
_LETTER = r"(?P<letter>\b[CTL]|\b(?i:see|sea|cee|tea|tee))"
# "see to three": "two" heard as "to" (or "too"), known only by the "three" after it
_TWO_HEARD = r"(?i:to|too)(?=[ \t]*-?[ \t]*(?i:three|3)\b)"
_LEVEL = re.compile(
    rf"{_LETTER}[ \t]+(?P<first>{_NUMBER}|{_TWO_HEARD})"
    rf"(?:(?P<gap>[ \t]*-[ \t]*|[ \t]+)(?P<second>{_NUMBER}))?"
)
# "C 5 6 and 6 7", "C five six and six seven": the next joint without its letter
_NEXT_PAIR = re.compile(
    rf"(?:[ \t]*,)?[ \t]+(?:and[ \t]+)?(?P<first>{_NUMBER})[ \t]*-?[ \t]*(?P<second>{_NUMBER})"
)


def _value(word: str) -> int:
    if word.isdigit():
        return int(word)
    return SPINE_NUMBER_WORDS.get(word.lower(), 2)  # 2: "to" before "three" (_TWO_HEARD)


def spoken_levels(text: str) -> list[Edit]:
    """Edits that write each spoken level with digits ("C five six" -> "C5-6")."""
    edits: list[Edit] = []
    for match in _LEVEL.finditer(text):
        letter, first = match.group("letter"), match.group("first")
        second = match.group("second")
        adjacent = second is not None and _value(second) == _value(first) + 1
        if first.isdigit() and not adjacent:
            continue  # "C 5" alone may be anything; only "C 5 6" reads as a joint
        if len(letter) > 1:  # a voice spelling: numbers as digits, the rest as written
            edits += _digit_edits(match, "first", *(("second",) if adjacent else ()))
            continue
        end = match.end("second") if adjacent else match.end("first")
        written = f"{letter}{_value(first)}" + (f"-{_value(second)}" if adjacent else "")
        edits.append(Edit(match.start(), end, written))
        if adjacent:
            edits += _following_pairs(text, end, letter)
    return without_overlaps(edits)


def _digit_edits(match: re.Match[str], *groups: str) -> list[Edit]:
    return [
        Edit(match.start(group), match.end(group), str(_value(match.group(group))))
        for group in groups
        if not match.group(group).isdigit()
    ]


def _following_pairs(text: str, at: int, letter: str) -> list[Edit]:
    """ "C5-6 and 6 7": each joint that follows with its letter left out."""
    edits = []
    while (match := _NEXT_PAIR.match(text, at)) is not None:
        top, bottom = _value(match.group("first")), _value(match.group("second"))
        if bottom != top + 1:
            break
        edits.append(Edit(match.start("first"), match.end("second"), f"{letter}{top}-{bottom}"))
        at = match.end()
    return edits
