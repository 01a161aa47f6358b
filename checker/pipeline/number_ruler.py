"""Match number-led patterns ("0.5 mL", "40 mg/mL", "at 20 minutes", "3-6 weeks") without
spaCy's token Matcher, whose cost grows with every pattern at every token.

The patterns stay in `patterns/*.jsonl` in spaCy's format; at load time each becomes a set
of word tuples with `#` for the number (`checker/pipeline/compile.py`). At run time only
number-like tokens are tried: the words around each are looked up in those sets.
"""

from __future__ import annotations

from collections import defaultdict

import numpy
from spacy.attrs import LIKE_NUM
from spacy.language import Language
from spacy.tokens import Doc, Span

from checker.pipeline.compile import NUMBER


class NumberRuler:
    def __init__(self, spans_key: str) -> None:
        self.spans_key = spans_key
        # (words before the first number, total length) -> {word tuple: [(label, id)]}
        self.shapes: dict[tuple[int, int], dict[tuple[str, ...], list[tuple[str, str]]]] = (
            defaultdict(lambda: defaultdict(list))
        )

    def add(self, label: str, pattern_id: str, shapes: list[tuple[str, ...]]) -> None:
        for words in shapes:
            before = words.index(NUMBER)
            self.shapes[(before, len(words))][words].append((label, pattern_id))

    def __call__(self, doc: Doc) -> Doc:
        numbers = numpy.flatnonzero(doc.to_array([LIKE_NUM]))
        if not len(numbers):
            return doc
        is_number = set(numbers.tolist())
        found: list[Span] = []
        for i in numbers.tolist():
            for (before, length), table in self.shapes.items():
                start = i - before
                if start < 0 or start + length > len(doc):
                    continue
                words = tuple(
                    NUMBER if j in is_number else doc[j].lower_
                    for j in range(start, start + length)
                )
                for label, pattern_id in table.get(words, ()):
                    found.append(Span(doc, start, start + length, label=label, span_id=pattern_id))
        if found:
            group = doc.spans.get(self.spans_key)
            doc.spans[self.spans_key] = [*(group or []), *found]
        return doc


@Language.factory("number_ruler", default_config={"spans_key": "facts"})
def make_number_ruler(nlp: Language, name: str, spans_key: str) -> NumberRuler:
    return NumberRuler(spans_key)
