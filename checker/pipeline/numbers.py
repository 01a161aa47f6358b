"""Spelled-out numbers in dictated notes ("zero point five milliliters", "seven out of ten").

A run of number words becomes one token whose NORM is the number in digits ("0.5"), and
whose lexeme counts as number-like, so the same patterns and parsers serve "0.5 mL" and
"zero point five milliliters". Character offsets do not change.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from checker.pipeline.literal import find_from, lowered, word_starts
from checker.pipeline.token_table import drop_token_table
from checker.pipeline.tokenizer import doc_text

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_WORDS = {**_UNITS, **_TENS}
# Every number word with its value (zero to ninety), for readers that spell their own forms.
NUMBER_WORDS = dict(_WORDS)
# The numbers a level is dictated with ("C five six", "tea eleven twelve").
SPINE_NUMBER_WORDS = {word: value for word, value in _UNITS.items() if 1 <= value <= 12}
# The lookahead on the first letters rules out most positions before the word list is tried
# (it changes no match: every word starts with one of them, under the same case folding).
_RUN = re.compile(
    rf"\b(?=[{''.join(sorted({word[0] for word in _WORDS}))}])"
    r"(?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
    r"(?:[ \t-]+(?:point|hundred|" + "|".join(_WORDS) + r"))*\b",
    re.IGNORECASE,
)


def words_to_number(text: str) -> float | None:
    """ "zero point two five" -> 0.25, "one hundred" -> 100, "twenty five" -> 25."""
    words = text.lower().replace("-", " ").split()
    if not words or any(w not in _WORDS and w not in ("point", "hundred") for w in words):
        return None
    whole, fraction = (words, [])
    if "point" in words:
        at = words.index("point")
        whole, fraction = words[:at], words[at + 1 :]
    value: float = 0
    for word in whole:
        if word == "hundred":
            value = max(value, 1) * 100
        else:
            value += _WORDS[word]
    if fraction:
        if any(_WORDS.get(w, 10) > 9 for w in fraction):
            return None
        value += float("0." + "".join(str(_WORDS[w]) for w in fraction))
    return value


def _digits(value: float) -> str:
    return f"{value:g}"


@Language.component("number_words")
def number_words(doc: Doc) -> Doc:
    spans = []
    text = doc_text(doc)
    # tried only where a number word starts a word: the same matches as over every position
    for match in find_from(_RUN, text, word_starts(text, lowered(text), _WORDS)):
        value = words_to_number(match.group())
        span = doc.char_span(match.start(), match.end(), alignment_mode="strict")
        if value is not None and span is not None:
            spans.append((span, _digits(value)))
    if not spans:
        return doc
    drop_token_table(doc)  # the tokens and norms change here
    with doc.retokenize() as retokenizer:
        for span, digits in spans:
            if len(span) > 1:
                doc.vocab[span.text].like_num = True
                retokenizer.merge(span, attrs={"NORM": digits})
    for span, digits in spans:
        token = doc.char_span(span.start_char, span.end_char)
        if token is not None and len(token) == 1:
            token[0].norm_ = digits
    return doc
