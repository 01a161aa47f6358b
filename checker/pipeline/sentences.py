"""Sentence boundaries for procedure notes: line breaks and sentence punctuation.

Hard-wrapped transcriptions are joined first (`unwrap_lines`, applied to the text before
tokenizing) so a phrase broken across two lines still matches.

Templates, tables and checkbox grids put one fact per line, so every line break ends a
sentence; dictated prose is split at `.`, `!`, `?` and `;`. This is far cheaper than a
statistical or PyRuSH splitter and behaves predictably on lists.
"""

from __future__ import annotations

import itertools

from spacy.language import Language
from spacy.tokens import Doc

_ENDERS = frozenset({".", "!", "?", ";"})
_LINE_CLOSERS = ".:;!?|]"
_WRAPPED_LINE_MIN = 50  # a line this long that runs on into a lower-case line was hard-wrapped


@Language.component("note_sentences")
def note_sentences(doc: Doc) -> Doc:
    start_next = True
    for token in doc:
        token.is_sent_start = start_next
        if token.is_space and "\n" not in token.text:
            continue  # runs of spaces neither end nor start a sentence
        start_next = "\n" in token.text or token.text in _ENDERS
    return doc


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
        )
        pieces.append(line + (" " if wrapped else "\n"))
    pieces.append(lines[-1])
    return "".join(pieces)
