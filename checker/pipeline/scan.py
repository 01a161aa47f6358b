"""A scanned or faxed note read through its scanning errors, and numbers written the
European way.

Text recognised from a scan confuses letters that look alike: `1` and `l` and `I`, `0` and
`O`, `rn` and `m`, `IN` and `M` ("BUPIVACAME", "KENAL0G-4O", "Ornnipaque 0.2 rnL",
"Tirne-out", "b1ock"). A word is read as another only when all of these hold:

- it is not a word the checker knows, and it shows the mark of a scanning error: a digit
  among letters, `rn`, a lower-case `l` in a capitalised word, `l` for a capital `I` at a
  word's start or a capital `I` among lower-case letters, or (in a long capitalised word)
  `M` where `IN` would make a known word;
- one way of undoing those confusions gives exactly one word of the checker's own
  vocabulary: the words of its patterns (drug and contrast names, units, procedure,
  section and workflow words, `patterns/`). No list of misspellings: the vocabulary is the
  data, so a new drug name in `patterns/vocabulary/` is also read when scanned badly.

A number with a letter O or l in it ("4O", "2OO", "1O") reads as the digits, and a level
range whose second number was read as a letter ("C4-S") as the next level ("C4-5").
A decimal comma before a unit or after a zero ("0,5%", "1,5 mL") reads as a decimal point.

Every change is an edit (`checker.pipeline.edits`): evidence quotes the note as written,
and each word read through a scanning error is reported so a person can confirm it.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache

from checker.pipeline.edits import Edit, without_overlaps
from checker.resources import patterns_dir, read_jsonl

# Finding the words that may carry a scanning error must cost a clean note almost nothing,
# so the search runs on the note's shape (one byte per character, by bytes.translate): a
# letter is "a" (a level's C, T, L or S "A"; O, o, l and I "O"), the digits 0 and 1 "0",
# other digits "9", anything else a space. Each mark then starts with a rare byte, which
# the regular expression engine finds fast: a 0 or 1 before a letter ("0F"), after one
# (searched in the reversed shape: "J0INT", "media1", not a level's "T1"), a letter O or l
# after a digit ("4O").
_SHAPE = bytes.maketrans(
    bytes(range(256)),
    bytes(
        ord(
            "O"
            if chr(c) in "OolI"
            else "A"
            if chr(c) in "CTLS"
            else "a"
            if chr(c).isascii() and chr(c).isalpha()
            else "0"
            if chr(c) in "01"
            else "9"
            if chr(c).isascii() and chr(c).isdigit()
            else " "
        )
        for c in range(256)
    ),
)
_DIGIT_BEFORE_LETTER = re.compile(rb"0[aAO]")
_DIGIT_BEFORE_O = re.compile(rb"9O")
_LETTER_BEFORE_DIGIT = re.compile(rb"0[aO]")  # in the reversed shape
_COMMA_DIGIT = re.compile(r",\d")
# a level's dash in any of its printed forms (hyphen, en or em dash), spaces around it allowed
_LEVEL_DASH = re.compile(r"[-\u2013\u2014][ \t]*[SOlI]\b")
# Rarer confusions, looked for only in a note that already shows scanning errors: a capital
# I among lower-case letters, a lower-case l in a capitalised word, l for I before a
# consonant at a word's start ("lsovue"), M for IN in a long capitalised word.
_RARE_SUSPECT = re.compile(
    r"\b[A-Za-z0-9]*(?:[a-z]I|[A-Z]l[A-Z]|Rn)[A-Za-z0-9]*\b"
    r"|\bl[b-df-hj-km-np-tv-xz][a-z]+\b"
    r"|\b(?=[A-Z]*M)[A-Z]{7,}\b"
)
_LONG_CAPITALS = 7  # "M" for "IN" only in capitalised words this long: short ones collide
_MAX_READINGS = 64  # ways of undoing a word's confusions worth trying
_LEVEL = re.compile(r"^[CTLSctls]\d{1,2}$")
_NUMBER = re.compile(r"^\d[0-9OolI]*$")
_NUMBER_LETTERS = str.maketrans("OolI", "0011")
_LONGEST_AMOUNT = 4
_LEVEL_LETTER = re.compile(r"\b([CT])(\d{1,2})[ \t]*[-\u2013\u2014][ \t]*([SOlI])\b(?!\d|\.\d)")
_LEVEL_DASHES = ("-", "\u2013", "\u2014")
_LETTER_DIGIT = {"S": 5, "O": 0, "l": 1, "I": 1}
_DECIMAL_COMMA = re.compile(
    r"(?<![A-Za-z\d.,])(?:(0),(\d{1,3})|(\d{1,2}),(\d{1,2})(?=\s?(?:%|mls?\b|cc\b|mg\b|mcg\b)))"
    r"(?![\d,])",
    re.IGNORECASE,
)
# A word cut by a fixed-width line break ("lidoca\nine", "jo\nint"), or a level's letter
# left at a line's end ("left T\n10-T11").
_CUT_WORD = re.compile(r"\n([a-z]+)\b")  # the head is read back from the line's end
_LINE_END_WORD = re.compile(r"[A-Za-z]+$")
# A full line's break on the space before a word: the line ends in print, not in padding,
# and the next starts one space in (a table indented further keeps its lines).
_CUT_AT_SPACE = re.compile(r"(?<=\S)\n (?=\S)")
_CUT_LEVEL = re.compile(r"\b[CTLS]\n\d{1,2}\b")
_PATTERN_KEYS = ("pattern", "names", "generic")
_SKIPPED_KEYS = {"REGEX", "FUZZY", "OP", "IS_DIGIT", "LIKE_NUM", "SHAPE", "LENGTH"}
_WORDS = re.compile(r"[A-Za-z]+")
_MIN_WORD = 2
_SHORT = 2  # letters of a unit ("mL"): such a reading needs a number before it
_AFTER_NUMBER = re.compile(r"\d\s?$")
_MIN_WIDTH = 40  # a line this long may be a fixed-width export's
_MIN_CUT_LINES = 5


@dataclass(frozen=True)
class Repair:
    """A word read through a scanning error: `written` at `start` read as `read`."""

    start: int
    written: str
    read: str


def repair_scan(text: str) -> tuple[list[Edit], list[Repair]]:
    """Edits that read scanning errors and decimal commas as meant, and the repaired words."""
    raw = text.encode("ascii", "replace")  # one byte per character
    edits: list[Edit] = []
    repairs: list[Repair] = []
    seen: set[int] = set()
    for start in _marked_words(text, raw):
        if start not in seen:
            seen.add(start)
            _repair_word(text, start, _word_end(raw, start), edits, repairs)
    if repairs:  # a note with scanning errors: look for the rarer ones too
        for match in _RARE_SUSPECT.finditer(text):
            if match.start() not in seen:
                _repair_word(text, match.start(), match.end(), edits, repairs)
    if any(dash in text for dash in _LEVEL_DASHES):
        _repair_level_letters(text, edits, repairs)
    width = _fixed_width(text) if "\n" in text else 0
    if width:
        edits += _cut_words(text, width)
    if "," in text:
        edits += _decimal_commas(text)
    return without_overlaps(edits), repairs


def _marked_words(text: str, raw: bytes) -> list[int]:
    """The starts of the words that show a mark of a scanning error."""
    shape = raw.translate(_SHAPE)
    last = len(shape) - 1
    marks = [match.start() for match in _DIGIT_BEFORE_LETTER.finditer(shape)]
    marks += [match.start() for match in _DIGIT_BEFORE_O.finditer(shape)]
    marks += [last - match.start() for match in _LETTER_BEFORE_DIGIT.finditer(shape[::-1])]
    position = text.find("rn")
    while position >= 0:
        marks.append(position)
        position = text.find("rn", position + 1)
    return sorted({_word_start(raw, position) for position in marks})


def _word_start(raw: bytes, position: int) -> int:
    start = position
    while start > 0 and raw[start - 1 : start].isalnum():
        start -= 1
    return start


def _word_end(raw: bytes, start: int) -> int:
    end = start
    while end < len(raw) and raw[end : end + 1].isalnum():
        end += 1
    return end


def _repair_word(text: str, start: int, end: int, edits: list[Edit], repairs: list[Repair]) -> None:
    word = text[start:end]
    read = _reading(word)
    if read is not None and len(read) <= _SHORT and "rn" in word.lower():
        # a unit read from "rn" ("rnL" as "mL") only after a number: "mrn" stays MRN
        read = read if _AFTER_NUMBER.search(text, max(0, start - 8), start) else None
    if read is not None and read != word:
        edits.append(Edit(start, end, read))
        repairs.append(Repair(start, word, read))


def _repair_level_letters(text: str, edits: list[Edit], repairs: list[Repair]) -> None:
    """`C4-S` read as `C4-5` (`C4 \u2013 S` as `C4 \u2013 5`): a level range whose second
    number was read as a letter (no cervical or thoracic joint reaches the sacrum)."""
    for dash in _LEVEL_DASH.finditer(text):
        letter = dash.end() - 1
        match = _LEVEL_LETTER.search(text, max(0, dash.start() - 8), letter + 2)
        if match is None or match.start(3) != letter:
            continue
        digit = _LETTER_DIGIT[match.group(3)]
        if digit == int(match.group(2)) + 1:
            edits.append(Edit(match.start(3), match.end(3), str(digit)))
            read = match.group()[:-1] + str(digit)
            repairs.append(Repair(match.start(), match.group(), read))


def _decimal_commas(text: str) -> list[Edit]:
    edits = []
    for comma in _COMMA_DIGIT.finditer(text):
        position = comma.start()
        window = _DECIMAL_COMMA.search(text, max(0, position - 3), position + 8)
        if window and window.start() + window.group().index(",") == position:
            edits.append(Edit(position, position + 1, "."))
    return edits


def _cut_words(text: str, width: int) -> list[Edit]:
    """The line breaks of a fixed-width print that cut a word of the vocabulary (or a level)
    in two, or fell on the space between two words of one sentence, removed."""
    vocabulary = scan_vocabulary()
    edits = []
    for match in _CUT_WORD.finditer(text):
        found = _LINE_END_WORD.search(text, max(0, match.start() - 40), match.start())
        if found is None:
            continue
        head, tail = found.group().lower(), match.group(1)
        if head + tail in vocabulary and (head not in vocabulary or tail not in vocabulary):
            edits.append(Edit(match.start(), match.start() + 1, ""))
    edits += [Edit(m.start() + 1, m.start() + 2, "") for m in _CUT_LEVEL.finditer(text)]
    for match in _CUT_AT_SPACE.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if match.start() - line_start >= width - 2:
            edits.append(Edit(match.start(), match.start() + 1, ""))
    return edits


def _fixed_width(text: str) -> int:
    """The width of a fixed-width print (most long lines end within two characters of the
    longest, so its line breaks may fall inside a word or on a space), else 0."""
    lengths = sorted(map(len, text.split("\n")))
    long_lines = len(lengths) - bisect_left(lengths, _MIN_WIDTH)
    if long_lines < _MIN_CUT_LINES:
        return 0
    near_widest = len(lengths) - bisect_left(lengths, lengths[-1] - 2)
    return lengths[-1] if near_widest * 2 >= long_lines else 0


@lru_cache(maxsize=8192)
def _reading(word: str) -> str | None:
    """The word `word` stands for, or None when it stands for itself or is unclear."""
    if _LEVEL.match(word):
        return None
    if _NUMBER.match(word):  # an amount, a score or a strength; not an account number
        short = len(word) <= _LONGEST_AMOUNT and not word.isdigit()
        return word.translate(_NUMBER_LETTERS) if short else None
    vocabulary = scan_vocabulary()
    if word.lower() in vocabulary or sum(c.isalpha() for c in word) < 1:
        return None
    found = {reading.lower() for reading in _readings(word) if reading.lower() in vocabulary}
    if len(found) != 1 or len(next(iter(found))) < _MIN_WORD:
        return None
    return _cased(next(iter(found)), word)


def _readings(word: str) -> list[str]:
    """The spellings `word` may stand for when its scanning confusions are undone."""
    capitals = word.isupper() or sum(c.isupper() for c in word) > len(word) // 2
    choices: list[tuple[str, ...]] = []
    for index, character in enumerate(word):
        if character == "0":
            choices.append(("o",))
        elif character == "1" or (character == "l" and _may_be_capital_i(word, index, capitals)):
            choices.append(("l", "i"))
        elif character == "I" and index > 0 and word[index - 1].islower():
            choices.append(("i", "l"))
        else:
            choices.append((character.lower(),))
    combinations = itertools.islice(itertools.product(*choices), _MAX_READINGS)
    spellings = ["".join(letters) for letters in combinations]
    readings = list(spellings)
    for spelling in spellings:
        readings += _swapped(spelling, "rn", "m")
        if capitals and len(word) >= _LONG_CAPITALS:
            readings += _swapped(spelling, "m", "in")
    return readings


def _may_be_capital_i(word: str, index: int, capitals: bool) -> bool:
    """A lower-case `l` in a capitalised word, or opening a word before a consonant."""
    return capitals or (index == 0 and len(word) > 1 and word[1].lower() not in "aeiouyl")


def _swapped(spelling: str, written: str, meant: str) -> list[str]:
    """`spelling` with each `written` in turn, and with all of them, read as `meant`."""
    if written not in spelling:
        return []
    starts = [m.start() for m in re.finditer(written, spelling)]
    swapped = [spelling[:s] + meant + spelling[s + len(written) :] for s in starts]
    if len(starts) > 1:
        swapped.append(spelling.replace(written, meant))
    return swapped


def _cased(reading: str, word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if all(c.isupper() for c in letters) and (len(letters) > 1 or len(word) > 1):
        return reading.upper()
    if word[:1].isupper() or (word[:1].isdigit() and word[1:2].isupper()):
        return reading.capitalize()
    return reading


@cache
def drug_words() -> frozenset[str]:
    """The words of drug and contrast agent names (`patterns/vocabulary/`), lower-cased."""
    words: set[str] = set()
    for path in sorted((patterns_dir() / "vocabulary").glob("*.jsonl")):
        for _, row in read_jsonl(path):
            _collect(row.get("names"), words)
    return frozenset(words)


def matters(repair: Repair) -> bool:
    """A repair a person should look at first: a drug or contrast name, or a number."""
    return repair.read.lower() in drug_words() or any(c.isdigit() for c in repair.read)


@cache
def scan_vocabulary() -> frozenset[str]:
    """The words the checker's patterns are made of, lower-cased (two letters or more)."""
    words: set[str] = set()
    for path in sorted(patterns_dir().rglob("*.jsonl")):
        for _, row in read_jsonl(path):
            for key in _PATTERN_KEYS:
                _collect(row.get(key), words)
    return frozenset(word for word in words if len(word) >= _MIN_WORD)


def _collect(value: object, words: set[str]) -> None:
    if isinstance(value, str):
        words.update(word.lower() for word in _WORDS.findall(value))
    elif isinstance(value, list):
        for item in value:
            _collect(item, words)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _SKIPPED_KEYS:
                _collect(item, words)
