"""The text the matchers read: what a person sees on the page, not what the bytes say.

An invisible character inside a word (`no\u200bt`), a Cyrillic letter that looks Latin
(`nоt`, `С5-6`), a non-breaking hyphen or a minus sign between levels, full-width digits:
each reads the same to a person and differently to a matcher, so a level could vanish or
a negation stop working. Before the pipeline, the note text is normalised:

- format characters (Unicode category Cf: zero-width space and joiner, soft hyphen,
  direction overrides such as RLO, word joiner, a stray byte-order mark) are removed;
- hyphen look-alikes (non-breaking hyphen, figure dash, minus sign) become `-`, and line or
  paragraph separators a line break;
- a character whose compatibility form (Unicode NFKC) is plain ASCII takes that form:
  full-width digits and letters, no-break and other spaces, ligatures;
- Cyrillic and Greek letters that look like Latin ones become those Latin letters inside a
  word that also has Latin letters or digits (a word written wholly in Cyrillic is left).

- a vulgar fraction reads as its decimal (`½ mL` as `0.5 mL`, `1½` as `1.5`): its
  compatibility form (`1⁄2`, with a fraction slash) would not read as a number.

Steps run around this one: an exported note's markup and transfer encoding are read first
as the page they print (`checker.pipeline.markup`, then the HL7 text escapes of
`checker.pipeline.exports`), text a revision struck out is removed
(`checker.pipeline.struck`), and afterwards a scanned note's
recognition errors and decimal commas are read as meant (`checker.pipeline.scan`).

Evidence must still quote the note as written, so this module is the one place that maps
offsets back: `NormalizedText.restore` moves every evidence span of an extraction onto
the original text. Characters and words that change how a note reads (format characters,
look-alike letters, words read through a scanning error) are reported as a warning gap,
so a person confirms the wording.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass, field

from pydantic import BaseModel

from checker.models import Evidence, Gap
from checker.pipeline.codebooks import decode_coded_answers
from checker.pipeline.collapsed import collapsed_fields
from checker.pipeline.dictation import (
    broken_negations,
    misheard_words,
    spoken_amounts,
    spoken_headings,
    spoken_levels,
    spoken_punctuation,
)
from checker.pipeline.edits import Edit, apply_edits, compose, without_overlaps
from checker.pipeline.exports import decode_hl7_escapes, read_pasted_segments
from checker.pipeline.layout import spell_out
from checker.pipeline.markup import decode_markup
from checker.pipeline.notation import thoracic_levels
from checker.pipeline.scan import Repair, matters, repair_scan
from checker.pipeline.struck import struck_text

HIDDEN_TEXT_REQUIREMENT = "text.hidden_characters"
SCANNED_TEXT_REQUIREMENT = "text.scanning_errors"
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_HYPHENS = dict.fromkeys("\u2010\u2011\u2012\u2212\u2043\ufe63\uff0d", "-")
_LINE_BREAKS = dict.fromkeys("\u2028\u2029\x85", "\n")
# Trademark and registered signs: a reader skips them ("Omnipaque\u2122 240"), while their
# compatibility form ("TM") would glue letters to the name.
_FRACTION_WIDTH = 3  # "0.5"; a longer decimal drops its zero, never growing the text 3-fold
_SKIPPED_SIGNS = dict.fromkeys("\u2122\u00ae\u2120", "")
# Cyrillic and Greek letters drawn like Latin ones (Unicode confusables, the unambiguous ones).
CONFUSABLE_LETTERS = {
    **dict(zip("аеорсухіјѕԁһԛԝ", "aeopcyxijsdhqw", strict=True)),
    **dict(zip("АВЕКМНОРСТХІЈЅУ", "ABEKMHOPCTXIJSY", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧο", "ABEZHIKMNOPTYXo", strict=True)),
}
_CONFUSABLE = re.compile("[" + "".join(CONFUSABLE_LETTERS) + "]")
# A word for the look-alike test may hold invisible characters (`\u200bР\u200bROCEDURE` is
# one word to a reader): word characters plus the format characters (category Cf) seen in
# text, spelled out because `re` has no Unicode category classes.
_FORMAT_CHARACTERS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
_WORD = re.compile(rf"[\w{_FORMAT_CHARACTERS}]+")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
_MAX_EVIDENCE = 5


@dataclass(frozen=True)
class Oddity:
    """A character that changes how the note reads, at `position` in the original."""

    position: int
    character: str  # for a scanning error, the word as written
    kind: str  # "invisible", "look-alike" or "scan"
    read: str = ""  # for a scanning error, the word it was read as


@dataclass
class NormalizedText:
    """The text for the pipeline, the note as written, and the way back between them."""

    original: str
    text: str
    origin: array | None = None  # origin[i]: index in `original` of text[i]; None: same text
    oddities: list[Oddity] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span that normalised [start, end) came from (characters removed
        inside the span stay inside it)."""
        if self.origin is None:
            return start, end
        size = len(self.text)
        first = self.origin[start] if start < size else len(self.original)
        last = self.origin[end - 1] + 1 if end > start else first
        return first, max(first, last)

    def restore(self, model: BaseModel) -> None:
        """Move every evidence span in `model` (an extraction) onto the original text."""
        if self.origin is not None:
            self._restore(model, set())

    def _restore(self, value: object, seen: set[int]) -> None:
        if isinstance(value, Evidence):
            if id(value) not in seen:  # one object can back two facts: move it once
                seen.add(id(value))
                value.start, value.end = self.to_original(value.start, value.end)
                value.text = self.original[value.start : value.end]
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                self._restore(getattr(value, name), seen)
        elif isinstance(value, list):
            for item in value:
                self._restore(item, seen)
        elif isinstance(value, dict):
            for item in value.values():
                self._restore(item, seen)

    def gaps(self) -> list[Gap]:
        """A warning when the note carries characters or words that change how it reads."""
        hidden = [oddity for oddity in self.oddities if oddity.kind != "scan"]
        scanned = [oddity for oddity in self.oddities if oddity.kind == "scan"]
        return ([self._hidden_gap(hidden)] if hidden else []) + (
            [self._scan_gap(scanned)] if scanned else []
        )

    def _hidden_gap(self, oddities: list[Oddity]) -> Gap:
        counts = Counter(oddity.kind for oddity in oddities)
        named = sorted({_name(oddity.character) for oddity in oddities})
        parts = []
        if counts["invisible"]:
            parts.append(f"{counts['invisible']} invisible or direction-changing characters")
        if counts["look-alike"]:
            parts.append(f"{counts['look-alike']} Cyrillic or Greek letters inside Latin words")
        message = (
            f"The note text carries {' and '.join(parts)} ({', '.join(named[:6])}), which can "
            "change how it reads (a hidden character inside 'not', a look-alike letter in a "
            "level). They were read as the plain text a person sees; confirm the wording "
            "against the signed note before billing."
        )
        return Gap(
            requirement=HIDDEN_TEXT_REQUIREMENT,
            severity="warning",
            message=message,
            fix="Remove the invisible characters and retype the look-alike letters in the "
            "note (they usually come from copying text from another program).",
            source="Unicode Technical Standard #39 (security mechanisms: confusables, "
            "invisible characters)",
            evidence=[self._word_at(o.position) for o in oddities[:_MAX_EVIDENCE]],
        )

    def _scan_gap(self, oddities: list[Oddity]) -> Gap:
        # drug and contrast names and numbers first: the repairs a coder must confirm
        ranked = sorted(oddities, key=lambda o: not matters(Repair(0, o.character, o.read)))
        examples = list(dict.fromkeys(f"'{o.character}' as '{o.read}'" for o in ranked))
        message = (
            f"The note reads like a scanned or faxed copy: {len(oddities)} words carry "
            f"text-recognition errors and were read as the words they stand for "
            f"({', '.join(examples[:6])}). Confirm the drug names, amounts and levels "
            "against the signed original before billing."
        )
        return Gap(
            requirement=SCANNED_TEXT_REQUIREMENT,
            severity="warning",
            message=message,
            fix="Attach the signed original or a corrected transcription of the note.",
            source="CMS Medicare Program Integrity Manual, chapter 3, section 3.3.2.4 "
            "(signature and legibility of medical record entries)",
            evidence=[self._word_at(o.position) for o in ranked[:_MAX_EVIDENCE]],
        )

    def _word_at(self, position: int) -> Evidence:
        """The word around an odd character in the original, so the evidence is visible."""
        start = end = position
        while start > 0 and position - start < 30 and _in_word(self.original[start - 1]):
            start -= 1
        while end < len(self.original) and end - position < 30 and _in_word(self.original[end]):
            end += 1
        end = max(end, position + 1)
        return Evidence(start=start, end=end, text=self.original[start:end])


def _in_word(character: str) -> bool:
    return character.isalnum() or unicodedata.category(character) == "Cf"


def _name(character: str) -> str:
    return f"U+{ord(character):04X} {unicodedata.name(character, 'unnamed').lower()}"


def normalize(text: str) -> NormalizedText:
    """The text to match, with the offset map back to `text` (see the module docstring):
    a note exported as HTML, RTF or quoted-printable read as the text it renders
    (`checker.pipeline.markup`) and HL7 text escapes decoded, struck text removed
    (`checker.pipeline.struck`), characters normalised,
    scanning errors repaired, dictated punctuation and levels spoken as words written out
    (`checker.pipeline.dictation`), field labels a lost layout ran into their values set
    apart (`checker.pipeline.collapsed`), thoracic levels written the European way ("C7/Th1",
    "C7-D1") read as T (`checker.pipeline.notation`), and table cells spelled out as a
    person reads them (`checker.pipeline.layout`)."""
    current, origin = text, None
    decoded = decode_markup(text)
    if decoded is not None:
        current, origin = decoded
    escapes = decode_hl7_escapes(current) + read_pasted_segments(current) + _quote_markers(current)
    if escapes:
        current, moved = apply_edits(current, sorted(escapes, key=lambda edit: edit.start))
        origin = compose(origin, moved)
    struck = struck_text(current)  # text a revision removed is not today's note
    if struck:
        current, moved = apply_edits(current, struck)
        origin = compose(origin, moved)
    view = _normalize_characters(current)
    oddities = [_moved(oddity, origin) for oddity in view.oddities]
    if view.origin is not None:
        current, origin = view.text, compose(origin, view.origin)
    thoracic = thoracic_levels(current)  # before the scan repair reads "D1" as "DI"
    if thoracic:
        current, moved = apply_edits(current, thoracic)
        origin = compose(origin, moved)
    edits, repairs = repair_scan(current)
    if edits:
        oddities += [
            Oddity(_back(origin, repair.start), repair.written, "scan", repair.read)
            for repair in repairs
        ]
        current, moved = apply_edits(current, edits)
        origin = compose(origin, moved)
    collapsed = collapsed_fields(current)  # labels a lost layout ran into their values
    if collapsed:
        current, moved = apply_edits(current, collapsed)
        origin = compose(origin, moved)
    spoken = without_overlaps(
        spoken_punctuation(current)
        + misheard_words(current)
        + spoken_levels(current)
        + spoken_amounts(current)
        + broken_negations(current)
        + spoken_headings(current)
    )
    if spoken:
        current, moved = apply_edits(current, spoken)
        origin = compose(origin, moved)
    coded = decode_coded_answers(current)
    if coded:
        current, moved = apply_edits(current, coded)
        origin = compose(origin, moved)
    spelled = spell_out(current)
    if spelled is not None:
        current, moved = spelled
        origin = compose(origin, moved)
    oddities.sort(key=lambda oddity: oddity.position)
    return NormalizedText(text, current, origin, oddities)


# a block of lines quoted with doubled markers (an appeal letter quoting the operative note,
# ">> " before each line), at least this many lines in a row; a single ">" may be "greater
# than" ("> 50% relief") and an e-mail's "> " quote already reads line by line; a legacy
# report's wrap marker may stand straight against the continued text (">>ne. Right neck")
_QUOTED_LINES = re.compile(r"(?:^[ \t]*>>+[^\n]*(?:\n|$)){3,}", re.MULTILINE)
_QUOTE_MARKER = re.compile(r"^[ \t]*(>>+)", re.MULTILINE)


def _quote_markers(text: str) -> list[Edit]:
    """The markers of a quoted block read as spaces: the quoted note reads as the note it
    quotes, its wrapped lines joined like any other (offsets unchanged)."""
    if ">>" not in text:
        return []
    edits = []
    for block in _QUOTED_LINES.finditer(text):
        for marker in _QUOTE_MARKER.finditer(text, block.start(), block.end()):
            edits.append(Edit(marker.start(1), marker.end(1), " " * len(marker.group(1))))
    return edits


def _back(origin: array | None, position: int) -> int:
    return position if origin is None else origin[position]


def _moved(oddity: Oddity, origin: array | None) -> Oddity:
    if origin is None:
        return oddity
    return Oddity(_back(origin, oddity.position), oddity.character, oddity.kind, oddity.read)


def _normalize_characters(text: str) -> NormalizedText:
    if text.isascii():
        return NormalizedText(text, text)
    replacements: dict[int, str] = {}
    oddities: list[Oddity] = []
    for match in _NON_ASCII.finditer(text):
        character, position = match.group(), match.start()
        replacement = _replacement(character, text[position - 1 : position])
        if replacement is not None:
            replacements[position] = replacement
            if unicodedata.category(character) == "Cf":
                oddities.append(Oddity(position, character, "invisible"))
    if _CONFUSABLE.search(text):
        for word in _WORD.finditer(text):
            if _CONFUSABLE.search(word.group()) and _LATIN_OR_DIGIT.search(word.group()):
                for letter in _CONFUSABLE.finditer(word.group()):
                    position = word.start() + letter.start()
                    replacements[position] = CONFUSABLE_LETTERS[letter.group()]
                    oddities.append(Oddity(position, letter.group(), "look-alike"))
    if not replacements:
        return NormalizedText(text, text)
    edits = [Edit(position, position + 1, new) for position, new in replacements.items()]
    new_text, origin = apply_edits(text, edits)
    oddities.sort(key=lambda oddity: oddity.position)
    return NormalizedText(text, new_text, origin, oddities)


def _replacement(character: str, before: str) -> str | None:
    """What one character reads as, or None to keep it (confusables are decided per word);
    `before` is the character before it (a fraction after a digit adds to that number)."""
    category = unicodedata.category(character)
    if category == "Cf":
        return ""
    if category == "No" and 0 < unicodedata.numeric(character, 0) < 1:
        decimal = f"{round(unicodedata.numeric(character), 2):g}"  # "0.5", "0.25"
        # after a digit it adds to that number ("1½": "1.5"); ".25" reads like "0.25"
        return decimal[1:] if before.isdigit() or len(decimal) > _FRACTION_WIDTH else decimal
    mapped = _HYPHENS.get(character) or _LINE_BREAKS.get(character)
    if mapped:
        return mapped
    if character in _SKIPPED_SIGNS:
        return _SKIPPED_SIGNS[character]
    compatible = unicodedata.normalize("NFKC", character)
    if compatible != character and compatible.isascii() and compatible.isprintable():
        return compatible
    return None
