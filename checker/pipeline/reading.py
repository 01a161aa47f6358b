"""The typed hand-off from the pipeline to the extractors: one `NoteReading` per note.

It holds the note's text as written, the text the pipeline read (hard-wrapped lines joined,
same length), the sections, every fact span with its section and context assertions, and
sentence look-ups. Extractors read facts through it and never through spaCy extension
attributes, so the pipeline can change how it stores them.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple, TypeVar

from spacy.attrs import IDX, LENGTH, NORM
from spacy.tokens import Doc, Token

from checker.pipeline.facts import fact_rows
from checker.pipeline.literal import lowered, names_any
from checker.pipeline.token_table import token_table
from checker.pipeline.tokenizer import NOTE_TEXT, doc_text

UNHEADED = "unheaded"

# Labels whose numbers are read (from token norms, so "seven" reads as 7).
NUMERIC_LABELS = frozenset(
    {
        "VOLUME",
        "CONCENTRATION",
        "DOSE",
        "PAIN_SCORE",
        "PAIN_CHANGE",
        "PAIN_RANGE",
        "PERCENT",
        "PAIN_MM",
    }
)


class Section(NamedTuple):
    """A stretch of the note under one header (or under none: `unheaded`)."""

    start: int  # character offsets
    end: int
    category: str
    header_end: int  # where the header itself ends (== start for unheaded text)
    # "block": a heading on its own line, covering until the next heading; "line": an
    # inline header covering its own line (or paragraph); "none": unheaded text.
    form: str = "none"


@dataclass(slots=True)
class Fact:
    """One fact span of the pipeline (a level, a drug, a side ...), typed."""

    label: str
    value: str  # the pattern id (normalised value), else the text
    start: int  # token index
    end: int
    start_char: int
    end_char: int
    text: str  # the note's words (as written)
    norm: str  # token norms for numeric labels: spelled-out numbers as digits
    sent: int  # token index of the sentence start
    section: str
    context: frozenset[str] = field(default_factory=frozenset)
    # the words that set each context, as written: (("NEGATED", "no"), ...)
    cues: tuple[tuple[str, str], ...] = ()


F = TypeVar("F", bound=Fact)


class NoteReading:
    """What the pipeline read in one note."""

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.doc = doc
        self.pipeline_text = doc_text(doc)
        written = doc.user_data.get(NOTE_TEXT)
        self.text = text if text is not None else (written or self.pipeline_text)
        self.sections: list[Section] = list(doc._.sections or []) or [
            Section(0, len(self.pipeline_text), UNHEADED, 0)
        ]
        self._section_starts = [section.start for section in self.sections]
        sentence_of = doc._.sentence_of
        self._sentence_of: list[int] = [] if sentence_of is None else sentence_of.tolist()
        self._sentence_ends: dict[int, int] = doc._.sentence_ends or {}
        table = token_table(doc)
        self._token_starts: list[int] = table.values(IDX)
        self._token_ends: list[int] = (table.column(IDX) + table.column(LENGTH)).tolist()
        self._norms: list[int] = table.values(NORM)
        self._assertions = doc._.assertions or {}
        self._facts: list[Fact] | None = None
        self._pipeline_breaks: list[int] | None = None  # line breaks, when first asked
        self._written_breaks: list[int] | None = None
        # line starts a pattern matches, by pattern (or by (pattern, "items"), continuations too)
        self._lines_matching: dict[object, set[int]] | None = None

    @property
    def facts(self) -> list[Fact]:
        """Every fact span, in text order (start, then end)."""
        if self._facts is None:
            self._facts = self.facts_as(Fact)
        return self._facts

    def facts_as(self, kind: type[F]) -> list[F]:
        """The facts as instances of `kind` (a subclass of `Fact` with the same fields)."""
        strings = self.doc.vocab.strings
        text, pipeline_text = self.text, self.pipeline_text
        starts, ends, norms = self._token_starts, self._token_ends, self._norms
        sentence_of, assertions = self._sentence_of, self._assertions
        # a note has dozens of facts: the look-ups below are inlined, not method calls
        section_starts = self._section_starts
        categories = [section.category for section in self.sections]
        known = _STRINGS
        facts = []
        for start, end, label_key, value_key in sorted(fact_rows(self.doc), key=_START_END):
            label = known.get(label_key) or _string(strings, label_key)
            value = known.get(value_key) if value_key else ""
            if value is None:
                value = _string(strings, value_key)
            start_char, end_char = starts[start], ends[end - 1]
            section = bisect_right(section_starts, start_char) - 1
            found = assertions.get((start, end, label_key)) if assertions else None
            facts.append(
                kind(
                    label,
                    value or pipeline_text[start_char:end_char],
                    start,
                    end,
                    start_char,
                    end_char,
                    text[start_char:end_char],
                    " ".join([strings[n] for n in norms[start:end]])
                    if label in NUMERIC_LABELS
                    else "",
                    sentence_of[start],
                    categories[section if section > 0 else 0],
                    frozenset(found) if found else _NO_CONTEXT,
                    self._cue_words(found) if found else (),
                )
            )
        return facts

    def _cue_words(self, found: dict[str, tuple[int, int]]) -> tuple[tuple[str, str], ...]:
        """Each context's trigger words, as the note writes them."""
        starts, ends = self._token_starts, self._token_ends
        return tuple(
            (category, self.text[starts[start] : ends[end - 1]])
            for category, (start, end) in sorted(found.items())
        )

    def __len__(self) -> int:
        """Number of tokens."""
        return len(self.doc)

    def token(self, index: int) -> Token:
        return self.doc[index]

    def section_at(self, char: int) -> Section:
        return self.sections[max(bisect_right(self._section_starts, char) - 1, 0)]

    def sentence_of(self, token: int) -> int:
        """Token index of the first token of the sentence holding `token`."""
        return self._sentence_of[token]

    def sentence_of_char(self, char: int) -> int:
        """Token index of the sentence start for the token at character `char`."""
        return self.sentence_of(self._token_at(char))

    def _token_at(self, char: int) -> int:
        starts = self._token_starts
        return max(bisect_right(starts, char) - 1, 0)

    def sentence_end(self, sent: int) -> int:
        """Token index just past the sentence starting at `sent`."""
        return self._sentence_ends.get(sent, len(self.doc))

    def sentence_starts(self) -> list[int]:
        return sorted(self._sentence_ends)

    def between(self, start: int, end: int) -> str:
        """Lower-cased text of the tokens in [start, end)."""
        end = min(end, len(self._token_starts))
        if end <= start:
            return ""
        return self.pipeline_text[self._token_starts[start] : self._token_ends[end - 1]].lower()

    def line_breaks(self) -> list[int]:
        """Where the pipeline text's line breaks stand, in order (worked out once)."""
        if self._pipeline_breaks is None:
            self._pipeline_breaks = _line_breaks(self.pipeline_text)
        return self._pipeline_breaks

    def line_bounds(self, char: int) -> tuple[int, int]:
        """Character bounds of the line (of the pipeline text) holding `char`."""
        return _line_around(self.line_breaks(), len(self.pipeline_text), char)

    @functools.cached_property
    def lowered_text(self) -> str | None:
        """The pipeline text lower-cased for a literal word test (`literal.lowered`): made
        once per note, not once per pattern searched."""
        return lowered(self.pipeline_text)

    def line_matches(
        self, pattern: re.Pattern[str], char: int, words: tuple[str, ...] = ()
    ) -> bool:
        """Whether `pattern` matches within the line (of the pipeline text) holding `char`.

        One search of the whole text per pattern and note, remembered by line start: a
        search per asked character would be quadratic on a note written as one long line.
        The pattern must not match across a line break. `words` (lower case), when given,
        hold one word every match holds: a note with none of them is not searched."""
        if self._lines_matching is None:
            self._lines_matching = {}
        starts = self._lines_matching.get(pattern)
        if starts is None:
            breaks, length = self.line_breaks(), len(self.pipeline_text)
            searched = not words or names_any(self.lowered_text, words)
            starts = {
                _line_around(breaks, length, match.start())[0]
                for match in (pattern.finditer(self.pipeline_text) if searched else ())
            }
            self._lines_matching[pattern] = starts
        return self.line_bounds(char)[0] in starts

    def item_matches(
        self, pattern: re.Pattern[str], char: int, words: tuple[str, ...] = ()
    ) -> bool:
        """Whether `pattern` matches within the line holding `char` or within a line that
        `char`'s line continues: a line indented deeper than the matching one just below it
        ("Scheduled: (1) Right SI joint injection" over "           (2) Bilateral C3, C4 ..."),
        or, when the match ends its line ("Booked:"), the list items written under it. Same
        contract as `line_matches` (`words` too); worked out once per pattern and note."""
        if self._lines_matching is None:
            self._lines_matching = {}
        key = (pattern, "items")
        starts = self._lines_matching.get(key)
        if starts is None:
            starts = set()
            text, breaks = self.pipeline_text, self.line_breaks()
            searched = not words or names_any(self.lowered_text, words)
            for match in pattern.finditer(text) if searched else ():
                start, end = _line_around(breaks, len(text), match.start())
                if start not in starts:
                    starts.add(start)
                    starts.update(_continuation_lines(text, start, end, match.end()))
            self._lines_matching[key] = starts
        return self.line_bounds(char)[0] in starts

    def original_line_bounds(self, char: int) -> tuple[int, int]:
        """Character bounds of the line as written (before hard wraps were joined)."""
        if self._written_breaks is None:
            self._written_breaks = _line_breaks(self.text)
        return _line_around(self._written_breaks, len(self.text), char)


# Line bounds by bisect over the line breaks, found once per note: a search from the
# position to the line's ends reads a whole note without line breaks per question.
def _line_breaks(text: str) -> list[int]:
    breaks = []
    found = text.find("\n")
    while found >= 0:
        breaks.append(found)
        found = text.find("\n", found + 1)
    return breaks


def _line_around(breaks: list[int], length: int, char: int) -> tuple[int, int]:
    """(after the last break before `char`, the first break at or after it, else `length`)."""
    index = bisect_left(breaks, char)
    start = breaks[index - 1] + 1 if index else 0
    return start, breaks[index] if index < len(breaks) else length


_LIST_ITEM = re.compile(r"[ \t]*(?:\(?\d{1,2}[).:]|\(?[A-Za-z]\)|[-*\u2022])[ \t]")


def _continuation_lines(text: str, start: int, end: int, match_end: int) -> list[int]:
    """Starts of the lines below the line [start, end) that continue it: deeper indented
    lines (a wrapped value or the next item aligned under the first), or, when the match
    closes its line (a label alone), the list items under it; up to a blank line."""
    line = text[start:end]
    indent = len(line) - len(line.lstrip(" \t"))
    label_only = not text[match_end:end].strip()
    found = []
    while end < len(text):
        following = text.find("\n", end + 1)
        following = len(text) if following < 0 else following
        below = text[end + 1 : following]
        if not below.strip():
            break
        depth = len(below) - len(below.lstrip(" \t"))
        if depth <= indent and not (label_only and _LIST_ITEM.match(below)):
            break
        found.append(end + 1)
        end = following
    return found


def read(doc: Doc, text: str | None = None) -> NoteReading:
    """The hand-off for one processed Doc; `text` overrides the note text as written."""
    return NoteReading(doc, text)


# label and pattern id strings by hash: a few hundred, fixed when the pipeline is built
_STRINGS: dict[int, str] = {}


def _string(strings, key: int) -> str:
    value = _STRINGS.get(key)
    if value is None:
        value = _STRINGS[key] = strings[key] if key else ""
    return value


_START_END = itemgetter(0, 1)  # rows in text order: start, then end
_NO_CONTEXT: frozenset[str] = frozenset()
