"""Sentence boundaries for procedure notes: line breaks and sentence punctuation.

Templates, tables and checkbox grids put one fact per line, so every line break ends a
sentence; dictated prose is split at `.`, `!`, `?` and `;`. This is far cheaper than a
statistical or PyRuSH splitter and behaves predictably on lists.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_ENDERS = frozenset({".", "!", "?", ";"})


@Language.component("note_sentences")
def note_sentences(doc: Doc) -> Doc:
    start_next = True
    for token in doc:
        token.is_sent_start = start_next
        if token.is_space and "\n" not in token.text:
            continue  # runs of spaces neither end nor start a sentence
        start_next = "\n" in token.text or token.text in _ENDERS
    return doc
