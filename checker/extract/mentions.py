"""Flatten the pipeline's spans into typed mentions with their section and context, so each
extractor asks one question: is this mention about today's procedure?"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc

from checker.models import Evidence
from checker.pipeline.context import FACTS_KEY
from checker.pipeline.tokenizer import doc_text
from checker.resources import load_json

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
# Context categories that take a mention out of today's procedure.
NOT_TODAY = frozenset(
    {"NEGATED", "HISTORICAL", "HYPOTHETICAL", "IMAGING", "GENERIC", "UNSELECTED", "ALLERGY"}
)


@cache
def section_scopes() -> dict[str, frozenset[str]]:
    scopes = load_json("section_scopes.json")["scopes"]
    return {kind: frozenset(names) for kind, names in scopes.items()}


@dataclass(slots=True)
class Mention:
    label: str
    value: str
    start: int  # token index
    end: int
    start_char: int
    end_char: int
    text: str
    norm: str  # token norms: spelled-out numbers as digits ("seven out of ten" -> "7 out of 10")
    sent: int  # token index of the sentence start
    section: str
    context: frozenset[str] = field(default_factory=frozenset)

    @property
    def evidence(self) -> Evidence:
        return Evidence(start=self.start_char, end=self.end_char, text=self.text)

    def is_today(self, kind: str, ignore: frozenset[str] = frozenset()) -> bool:
        """In a section that counts for `kind` and not negated, historical, planned, ..."""
        return self.section in section_scopes()[kind] and not (self.context - ignore) & NOT_TODAY

    @property
    def negated(self) -> bool:
        return bool(self.context & {"NEGATED", "UNSELECTED"})


class NoteMentions:
    """All mentions of one note, in text order, with lookups by label and sentence."""

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.doc = doc
        self.doc_text = doc_text(doc)
        self.text = self.doc_text if text is None else text
        assertions = doc._.assertions or {}
        sentence_of = doc._.sentence_of
        sections = doc._.sections or [(0, len(self.doc_text), "unheaded", 0)]
        section_starts = [section[0] for section in sections]
        self.all: list[Mention] = []
        for span in doc.spans[FACTS_KEY]:
            label = span.label_
            start_char = span.start_char
            section = sections[max(bisect_right(section_starts, start_char) - 1, 0)][2]
            numeric = label in NUMERIC_LABELS
            self.all.append(
                Mention(
                    label=label,
                    value=span.id_ or span.text,
                    start=span.start,
                    end=span.end,
                    start_char=start_char,
                    end_char=span.end_char,
                    text=self.text[start_char : span.end_char],
                    norm=" ".join(token.norm_ for token in span) if numeric else "",
                    sent=int(sentence_of[span.start]),
                    section=section,
                    context=frozenset(assertions.get((span.start, span.end, label), ())),
                )
            )
        self.all.sort(key=lambda m: (m.start, m.end))
        self.by_label: dict[str, list[Mention]] = {}
        self.by_sentence: dict[int, list[Mention]] = {}
        for mention in self.all:
            self.by_label.setdefault(mention.label, []).append(mention)
            self.by_sentence.setdefault(mention.sent, []).append(mention)

    def of(self, *labels: str) -> list[Mention]:
        if len(labels) == 1:
            return self.by_label.get(labels[0], [])
        return sorted(
            (m for label in labels for m in self.by_label.get(label, [])), key=lambda m: m.start
        )

    def in_sentence(self, sent: int, *labels: str) -> list[Mention]:
        return [m for m in self.by_sentence.get(sent, []) if not labels or m.label in labels]

    def between(self, start: int, end: int) -> str:
        """Lower-cased text of the tokens in [start, end)."""
        return self.doc[start:end].text.lower() if end > start else ""
