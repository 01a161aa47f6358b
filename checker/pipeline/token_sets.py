"""Match token patterns made of closed word sets and numbers, fast to build and to run.

Most patterns in `patterns/*.jsonl` are spaCy token patterns whose every token is a word
or a set of words (`{"LOWER": {"IN": [...]}}`, optional tokens included) or any number
(`{"LIKE_NUM": true}`): "right C5-6" style level pairs, "0.5 mL", "at 20 minutes". spaCy's
Matcher checks each pattern at each token, and expanding them into PhraseMatcher phrases
means tens of thousands of phrase Docs to build at start-up. Here each pattern is indexed
by the words its first token may be; a note's token norms (hashes, from one array) are
looked up once each, and only the patterns indexed under a token are checked further.
Patterns of any other shape stay with spaCy's SpanRuler.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy
from spacy.attrs import LIKE_NUM, NORM, ORTH
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

NUMBER = None  # a position that takes any number-like token

TokenSpec = dict[str, Any]


@dataclass(frozen=True)
class CompiledPattern:
    label: str
    pattern_id: str
    positions: tuple[frozenset[int] | None, ...]  # word hashes per token, NUMBER for numbers


def closed_words(spec: TokenSpec, cased: bool) -> list[str] | None:
    """The words one token spec accepts, or None if it is not a closed word set."""
    attrs = [key for key in spec if key != "OP"]
    if len(attrs) != 1 or attrs[0] not in ("LOWER", "ORTH", "TEXT"):
        return None
    value = spec[attrs[0]]
    words = value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else [value]
    if isinstance(value, dict) and set(value) != {"IN"}:
        return None
    if not all(isinstance(word, str) for word in words):
        return None
    caseless = attrs[0] == "LOWER" or all(word == word.lower() for word in words)
    if cased == caseless:
        return None  # caseless patterns match token norms, cased ones exact text
    return [word if cased else word.lower() for word in words]


def compile_pattern(
    label: str, pattern_id: str, pattern: list[TokenSpec], strings: StringStore, cased: bool
) -> list[CompiledPattern] | None:
    """The pattern as fixed-length variants (one per choice of optional tokens), or None if
    it has a token this matcher does not handle."""
    positions: list[tuple[frozenset[int] | None, bool]] = []
    for spec in pattern:
        optional = spec.get("OP") == "?"
        if spec.get("OP") not in (None, "?"):
            return None
        if {key: value for key, value in spec.items() if key != "OP"} == {"LIKE_NUM": True}:
            positions.append((NUMBER, optional))
            continue
        words = closed_words(spec, cased)
        if words is None:
            return None
        positions.append((frozenset(strings.add(word) for word in words), optional))
    variants = []
    for keep in product(*[(True, False) if optional else (True,) for _, optional in positions]):
        chosen = tuple(
            position for (position, _), kept in zip(positions, keep, strict=True) if kept
        )
        if chosen:
            variants.append(CompiledPattern(label, pattern_id, chosen))
    return variants


class TokenSetRuler:
    """Adds a span to `doc.spans[spans_key]` for every match, overlaps included."""

    def __init__(self, spans_key: str, cased: bool) -> None:
        self.spans_key = spans_key
        self.attr = ORTH if cased else NORM
        self.by_word: dict[int, list[CompiledPattern]] = defaultdict(list)
        # number-led patterns by the word after the number ("0.5 mL": "ml"), or NUMBER
        self.by_number: dict[int | None, list[CompiledPattern]] = defaultdict(list)
        self._keys: numpy.ndarray | None = None

    def add(self, variants: list[CompiledPattern]) -> None:
        self._keys = None
        for variant in variants:
            first = variant.positions[0]
            if first is NUMBER:
                second = variant.positions[1] if len(variant.positions) > 1 else NUMBER
                for word in second if second is not NUMBER else (NUMBER,):
                    self.by_number[word].append(variant)
            else:
                for word in first:
                    self.by_word[word].append(variant)

    def __len__(self) -> int:
        return len(self.by_number) + len(self.by_word)

    def __call__(self, doc: Doc) -> Doc:
        if not len(self) or not len(doc):
            return doc
        if self._keys is None:
            self._keys = numpy.fromiter(self.by_word, dtype="uint64", count=len(self.by_word))
        word_array = doc.to_array(self.attr)
        number_array = doc.to_array(LIKE_NUM)
        starts = numpy.flatnonzero(numpy.isin(word_array, self._keys) | (number_array > 0))
        if not len(starts):
            return doc
        words, numbers = word_array.tolist(), number_array.tolist()
        size = len(words)
        found: list[Span] = []
        for i in starts.tolist():
            candidates = self.by_word.get(words[i], [])
            if numbers[i]:
                following = words[i + 1] if i + 1 < size else None
                candidates = [
                    *candidates,
                    *self.by_number.get(following, ()),
                    *(
                        self.by_number.get(NUMBER, ())
                        if following is not None and numbers[i + 1]
                        else ()
                    ),
                ]
            for variant in candidates:
                if _matches(variant.positions, i, words, numbers, size):
                    end = i + len(variant.positions)
                    found.append(Span(doc, i, end, label=variant.label, span_id=variant.pattern_id))
        if found:
            doc.spans[self.spans_key] = [*doc.spans.get(self.spans_key, []), *found]
        return doc


def _matches(positions, start: int, words: list[int], numbers: list[int], size: int) -> bool:
    if start + len(positions) > size:
        return False
    for offset in range(1, len(positions)):
        allowed = positions[offset]
        j = start + offset
        if allowed is NUMBER:
            if not numbers[j]:
                return False
        elif words[j] not in allowed:
            return False
    return True


@Language.factory("token_set_ruler", default_config={"spans_key": "facts", "cased": False})
def make_token_set_ruler(nlp: Language, name: str, spans_key: str, cased: bool) -> TokenSetRuler:
    return TokenSetRuler(spans_key, cased)
