"""Where the pipeline keeps a note's fact matches: plain rows on the Doc, not spaCy Spans.

A row is (token start, token end, label hash, pattern id hash; 0 when the pattern has no
id). The rulers add rows, the context component keeps the winners of overlaps, and the
hand-off (`checker.pipeline.reading`) turns them into typed facts. A Span costs some
microseconds to make and each pass over a SpanGroup makes them all again; a note has
dozens of facts and four components read them. `fact_spans` gives the same facts as
Spans for tools that want them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

FACTS_KEY = "facts"

FactRow = tuple[int, int, int, int]  # token start, end, label hash, pattern id hash


def fact_rows(doc: Doc, key: str = FACTS_KEY) -> list[FactRow]:
    """The rows kept under `key`, in the order they were added (empty if none)."""
    return doc.user_data.get(key) or []


def add_fact_rows(doc: Doc, rows: list[FactRow], key: str = FACTS_KEY) -> None:
    """Append `rows` after the rows already kept under `key`."""
    if rows:
        doc.user_data[key] = [*fact_rows(doc, key), *rows]


def set_fact_rows(doc: Doc, rows: list[FactRow], key: str = FACTS_KEY) -> None:
    doc.user_data[key] = rows


def fact_spans(doc: Doc, key: str = FACTS_KEY) -> list[Span]:
    """The facts as spaCy Spans (label and id set), in row order."""
    return [
        Span(doc, start, end, label=label, span_id=pattern_id)
        for start, end, label, pattern_id in fact_rows(doc, key)
    ]
