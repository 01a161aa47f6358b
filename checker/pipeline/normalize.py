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

Evidence must still quote the note as written, so this module is the one place that maps
offsets back: `NormalizedText.restore` moves every evidence span of an extraction onto
the original text. Characters that change how a note reads (format characters and
look-alike letters) are reported as a warning gap, so a person confirms the wording.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass, field, replace

from pydantic import BaseModel

from checker.models import Evidence, Gap
from checker.pipeline.layout import spell_out
from checker.pipeline.markup import decode_markup

HIDDEN_TEXT_REQUIREMENT = "text.hidden_characters"
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_HYPHENS = dict.fromkeys("\u2010\u2011\u2012\u2212\u2043\ufe63\uff0d", "-")
_LINE_BREAKS = dict.fromkeys("\u2028\u2029\x85", "\n")
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
    character: str
    kind: str  # "invisible" or "look-alike"


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
        """A warning when the note carries characters that change how it reads."""
        if not self.oddities:
            return []
        counts = Counter(oddity.kind for oddity in self.oddities)
        named = sorted({_name(oddity.character) for oddity in self.oddities})
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
        return [
            Gap(
                requirement=HIDDEN_TEXT_REQUIREMENT,
                severity="warning",
                message=message,
                fix="Remove the invisible characters and retype the look-alike letters in the "
                "note (they usually come from copying text from another program).",
                source="Unicode Technical Standard #39 (security mechanisms: confusables, "
                "invisible characters)",
                evidence=[self._word_at(o.position) for o in self.oddities[:_MAX_EVIDENCE]],
            )
        ]

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
    """The text to match, with the offset map back to `text` (see the module docstring), and
    table cells spelled out as a person reads them (`checker.pipeline.layout`). A note
    exported as HTML, RTF or quoted-printable is first read as the text it renders
    (`checker.pipeline.markup`)."""
    decoded = decode_markup(text)
    if decoded is None:
        return _normalize_text(text)
    rendered, rendered_origin = decoded
    view = _normalize_text(rendered)
    origin = rendered_origin
    if view.origin is not None:
        origin = array("q", (rendered_origin[i] for i in view.origin))
    oddities = [replace(o, position=rendered_origin[o.position]) for o in view.oddities]
    return NormalizedText(text, view.text, origin, oddities)


def _normalize_text(text: str) -> NormalizedText:
    view = _normalize_characters(text)
    spelled = spell_out(view.text)
    if spelled is None:
        return view
    new_text, origin = spelled
    if view.origin is not None:
        origin = array("q", (view.origin[i] for i in origin))
    return NormalizedText(text, new_text, origin, view.oddities)


def _normalize_characters(text: str) -> NormalizedText:
    if text.isascii():
        return NormalizedText(text, text)
    replacements: dict[int, str] = {}
    oddities: list[Oddity] = []
    for match in _NON_ASCII.finditer(text):
        character, position = match.group(), match.start()
        replacement = _replacement(character)
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
    pieces: list[str] = []
    origin = array("q")
    done = 0
    for position in sorted(replacements):
        pieces.append(text[done:position])
        origin.extend(range(done, position))
        replacement = replacements[position]
        pieces.append(replacement)
        origin.extend([position] * len(replacement))
        done = position + 1
    pieces.append(text[done:])
    origin.extend(range(done, len(text)))
    oddities.sort(key=lambda oddity: oddity.position)
    return NormalizedText(text, "".join(pieces), origin, oddities)


def _replacement(character: str) -> str | None:
    """What one character reads as, or None to keep it (confusables are decided per word)."""
    if unicodedata.category(character) == "Cf":
        return ""
    mapped = _HYPHENS.get(character) or _LINE_BREAKS.get(character)
    if mapped:
        return mapped
    compatible = unicodedata.normalize("NFKC", character)
    if compatible != character and compatible.isascii() and compatible.isprintable():
        return compatible
    return None
