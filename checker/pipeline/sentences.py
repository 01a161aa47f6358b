"""Sentence boundaries for procedure notes: line breaks and sentence punctuation.

Hard-wrapped transcriptions are joined first (`unwrap_lines`, applied to the text before
tokenizing) so a phrase broken across two lines still matches.

Templates, tables and checkbox grids put one fact per line, so every line break ends a
sentence; dictated prose is split at `.`, `!`, `?` and `;`. This is far cheaper than a
statistical or PyRuSH splitter and behaves predictably on lists.
"""

from __future__ import annotations

import itertools
import re

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

for _name in ("sentence_of", "sentence_ends"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

_ENDERS = frozenset({".", "!", ";"})  # not "?": Q&A templates ("Pain before? 7/10")
_LINE_CLOSERS = ".:;!?|]"
_WRAPPED_LINE_MIN = 50  # a line this long that runs on into a lower-case line was hard-wrapped
# A sentence this long (tokens) is run-on dictation ("..., she was prepped, under fluoroscopy
# the right C3 ... were targeted, ..."): its comma-joined clauses become sentences, so a
# history or plan cue in one clause does not reach today's procedure in the next.
_RUN_ON_TOKENS = 60
# Words after a comma that continue the phrase before it rather than start a clause.
_LIST_WORDS = frozenset(
    {"and", "or", "nor", "&", "with", "then", "plus", "for", "of", "to", "at", "in", "from"}
    | {"including", "especially", "as", "than", "per", "each", "respectively"}
)
_LEVEL_LIKE = re.compile(r"^[CTLSctls]\d")
# An export's field line: one key word, then a comma, equals sign, colon or tab
# ("consent,Y", "volume_ml = 0.5", "prep:Betadine"). Two of them in a row are two fields,
# never one wrapped sentence, so a cue in one ("RF planned if positive") stays in its field.
_FIELD_LINE = re.compile(r"^\s*[A-Za-z][\w.\-/]*\s*(?:,|=|:|\t)")


@Language.component("note_sentences")
def note_sentences(doc: Doc) -> Doc:
    """Mark sentence starts, and keep `doc._.sentence_of` (token -> index of its sentence's
    first token) and `doc._.sentence_ends` (that index -> end) for cheap look-ups."""
    if not len(doc):
        doc._.sentence_of, doc._.sentence_ends = numpy.zeros(0, dtype="int64"), {}
        return doc
    table = doc.to_array([ORTH, IS_SPACE])
    orths, spaces = table[:, 0], table[:, 1].astype(bool)
    # line breaks are whitespace tokens: only those few distinct strings are looked at
    strings = doc.vocab.strings
    breaks = [h for h in numpy.unique(orths[spaces]).tolist() if "\n" in strings[h]]
    line_break = _any_of(orths, breaks)
    starts = numpy.zeros(len(doc), dtype=bool)
    starts[0] = True
    starts[1:] = (_any_of(orths, _ender_keys(strings)) | line_break)[:-1]
    # runs of spaces neither end nor start a sentence: the next word starts it
    starts[1:] |= starts[:-1] & spaces[:-1] & ~line_break[:-1]
    _split_run_ons(doc, starts, orths)
    doc.from_array([SENT_START], numpy.where(starts, 1, -1).astype("int64").view("uint64"))
    positions = numpy.arange(len(doc))
    doc._.sentence_of = numpy.maximum.accumulate(numpy.where(starts, positions, 0))
    first = numpy.flatnonzero(starts)
    doc._.sentence_ends = dict(zip(first.tolist(), [*first[1:].tolist(), len(doc)], strict=True))
    return doc


def _ender_keys(strings) -> list[int]:
    return [strings.add(text) for text in sorted(_ENDERS)]


def _any_of(values: numpy.ndarray, keys: list[int]) -> numpy.ndarray:
    """values == any of a few keys (cheaper than numpy.isin for a handful)."""
    found = numpy.zeros(len(values), dtype=bool)
    for key in keys:
        found |= values == key
    return found


def _split_run_ons(doc: Doc, starts: numpy.ndarray, orths: numpy.ndarray) -> None:
    """In run-on sentences, a comma followed by a word starts a new clause; a comma inside a
    list ("C3, C4 and C5", "bupivacaine, 0.5 mL", "C4-5, and C5-6") does not."""
    first = numpy.flatnonzero(starts)
    lengths = numpy.diff(numpy.append(first, len(doc)))
    if not (lengths >= _RUN_ON_TOKENS).any():
        return
    long_sentence = numpy.repeat(lengths >= _RUN_ON_TOKENS, lengths)
    comma = doc.vocab.strings[","]
    for i in numpy.flatnonzero((orths == comma) & long_sentence).tolist():
        following = i + 1
        if following < len(doc) and doc[following].is_space:
            following += 1
        if following >= len(doc) or starts[following]:
            continue
        word = doc[following].text
        if word.isalpha() and word.lower() not in _LIST_WORDS and not _LEVEL_LIKE.match(word):
            starts[following] = True


def unwrap_lines(text: str) -> str:
    """Join hard-wrapped prose ("... skin wheal w/ 1%\nlido over each target") by turning
    those line breaks into spaces. Same length, so character offsets stay valid."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    pieces = []
    for line, following in itertools.pairwise(lines):
        stripped = line.rstrip()
        first = following[:1]
        wrapped = (
            len(stripped) >= _WRAPPED_LINE_MIN
            and stripped[-1] not in _LINE_CLOSERS
            and (first.islower() or first.isdigit())
            and not (_FIELD_LINE.match(line) and _FIELD_LINE.match(following))
        )
        pieces.append(line + (" " if wrapped else "\n"))
    pieces.append(lines[-1])
    return "".join(pieces)
