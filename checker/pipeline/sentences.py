"""Sentence boundaries for procedure notes: line breaks and sentence punctuation.

Templates, tables and checkbox grids put one fact per line, so every line break ends a
sentence; dictated prose is split at `.`, `!`, `?` and `;`. This is far cheaper than a
statistical or PyRuSH splitter and behaves predictably on lists.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_ENDERS = frozenset({".", "!", "?", ";"})
_LINE_CLOSERS = ".:;!?|]"
_WRAPPED_LINE_MIN = 50  # a line this long that runs on into a lower-case line was hard-wrapped


@Language.component("note_sentences")
def note_sentences(doc: Doc) -> Doc:
    start_next = True
    text = doc.text
    for token in doc:
        token.is_sent_start = start_next
        if token.is_space and "\n" not in token.text:
            continue  # runs of spaces neither end nor start a sentence
        if "\n" in token.text:
            start_next = not _is_wrapped(text, token.idx, token.idx + len(token.text))
        else:
            start_next = token.text in _ENDERS
    return doc


def _is_wrapped(text: str, newline_start: int, newline_end: int) -> bool:
    """True for a single line break inside hard-wrapped prose (not a new line of a list)."""
    if text.count("\n", newline_start, newline_end) != 1:
        return False
    line = text[text.rfind("\n", 0, newline_start) + 1 : newline_start].rstrip()
    following = text[newline_end : newline_end + 1]
    return (
        len(line) >= _WRAPPED_LINE_MIN
        and line[-1] not in _LINE_CLOSERS
        and (following.islower() or following.isdigit())
    )
