"""Typed mentions of one note, from the pipeline's hand-off (`NoteReading`), with their
section and context, so each extractor asks one question: is this mention about today's
procedure?"""

from __future__ import annotations

import datetime as dt
from functools import cache
from operator import attrgetter
from typing import Any

from checker.extract.char_spans import CharSpans, union
from checker.extract.columns import earlier_columns, other_event_columns, today_beside_imaging
from checker.extract.dated import Day, lines_dated_before, service_day_of
from checker.extract.legend_entries import treated_meanings
from checker.models import Evidence
from checker.pipeline.reading import NUMERIC_LABELS, Fact, NoteReading
from checker.resources import load_json

__all__ = ["NOT_TODAY", "NUMERIC_LABELS", "Mention", "NoteMentions", "section_scopes"]

# Context categories that take a mention out of today's procedure.
NOT_TODAY = frozenset(
    {"NEGATED", "HISTORICAL", "HYPOTHETICAL", "IMAGING", "GENERIC", "UNSELECTED", "ALLERGY"}
)


@cache
def section_scopes() -> dict[str, frozenset[str]]:
    scopes = load_json("section_scopes.json")["scopes"]
    return {kind: frozenset(names) for kind, names in scopes.items()}


# Contexts that say a fact was not done: negated, or an unticked option.
NEGATION_CONTEXTS = frozenset({"NEGATED", "UNSELECTED"})


class Mention(Fact):
    """A fact as the extractors see it."""

    __slots__ = ()

    @property
    def evidence(self) -> Evidence:
        return Evidence(start=self.start_char, end=self.end_char, text=self.text)

    def is_today(self, kind: str, ignore: frozenset[str] = frozenset()) -> bool:
        """In a section that counts for `kind` and not negated, historical, planned, ..."""
        context = self.context  # most mentions have none
        return self.section in section_scopes()[kind] and not (
            context and (context - ignore) & NOT_TODAY
        )

    @property
    def negated(self) -> bool:
        return bool(self.context & NEGATION_CONTEXTS)


class NoteMentions:
    """All mentions of one note, in text order, with lookups by label and sentence."""

    def __init__(self, reading: NoteReading, date_of_service: dt.date | None = None) -> None:
        self.reading = reading
        self.doc = reading.doc  # tokens (spaCy's public Token API only)
        self.doc_text = reading.pipeline_text
        self.text = reading.text
        self.all: list[Mention] = reading.facts_as(Mention)
        # the date of service, resolved once for every reader of dates: the note's own (its
        # input's metadata) when given, else the one its text names
        self.service_day: Day | None = service_day_of(reading.pipeline_text, date_of_service)
        dated = lines_dated_before(reading.pipeline_text, self.service_day)
        _mark_earlier_dated(self.all, CharSpans(dated))
        # a side-by-side table's earlier-block column: its cells are that block's
        columns = earlier_columns(reading.pipeline_text)
        columns += other_event_columns(reading.text, self.service_day)
        self.earlier_columns = CharSpans(union(columns))
        _mark_earlier_dated(self.all, self.earlier_columns)
        _unmark_imaging(self.all, CharSpans(union(today_beside_imaging(reading.text))))
        _unnegate(self.all, CharSpans(treated_meanings(reading.text)))
        self.by_label: dict[str, list[Mention]] = {}
        self.by_sentence: dict[int, list[Mention]] = {}
        self._merged: dict[tuple[str, ...], list[Mention]] = {}
        self._in_sentence: dict[tuple[int, tuple[str, ...]], list[Mention]] = {}
        # answers the extractors work out more than once per note about the same words
        # (a field label's separator, its yes/no), by (question, token and character bounds)
        self.memo: dict[tuple, Any] = {}
        by_label, by_sentence = self.by_label, self.by_sentence
        for mention in self.all:
            group = by_label.get(mention.label)
            if group is None:
                by_label[mention.label] = [mention]
            else:
                group.append(mention)
            group = by_sentence.get(mention.sent)
            if group is None:
                by_sentence[mention.sent] = [mention]
            else:
                group.append(mention)

    def of(self, *labels: str) -> list[Mention]:
        if len(labels) == 1:
            return self.by_label.get(labels[0], [])
        merged = self._merged.get(labels)
        if merged is None:  # extractors ask for the same label sets again and again
            merged = self._merged[labels] = sorted(
                (m for label in labels for m in self.by_label.get(label, [])), key=_start
            )
        return list(merged)

    def in_sentence(self, sent: int, *labels: str) -> list[Mention]:
        # remembered per sentence and labels: a one-sentence note of thousands of levels
        # asks for the same sentence's sides once per level
        key = (sent, labels)
        found = self._in_sentence.get(key)
        if found is None:
            found = self._in_sentence[key] = [
                m for m in self.by_sentence.get(sent, []) if not labels or m.label in labels
            ]
        return list(found)

    def between(self, start: int, end: int) -> str:
        """Lower-cased text of the tokens in [start, end)."""
        return self.reading.between(start, end)


_EARLIER = frozenset({"HISTORICAL"})


def _mark_earlier_dated(mentions: list[Mention], dated: CharSpans) -> None:
    """What a line dated before the date of service names ("08/2025  Right C5-C6 MBB"), or
    a side-by-side table's column of an earlier block, happened then: historical, whatever
    section it sits in."""
    if not dated:
        return
    for mention in mentions:
        # either end: a row label's score ("Post-block NRS   2") ends in the column
        if dated.holds(mention.start_char) or dated.holds(mention.end_char - 1):
            mention.context = mention.context | _EARLIER


def _unmark_imaging(mentions: list[Mention], today: CharSpans) -> None:
    """A level in the row of a table that gives today's treatment beside the imaging
    findings (`today_beside_imaging`) is today's, not an imaging finding."""
    if not today:
        return
    for mention in mentions:
        if mention.context and "IMAGING" in mention.context and today.holds(mention.start_char):
            mention.context = mention.context - {"IMAGING"}


def _unnegate(mentions: list[Mention], treated: CharSpans) -> None:
    """What a legend's treated meaning names ("X = blocked (0.5 mL 0.5% bupivacaine)") was
    given: the negation of the next entry ("- = not done") is about that entry's mark."""
    if not treated:
        return
    for mention in mentions:
        if mention.context and "NEGATED" in mention.context and treated.holds(mention.start_char):
            mention.context = mention.context - {"NEGATED"}


_start = attrgetter("start")  # a C getter: sort keys for every merged label set
