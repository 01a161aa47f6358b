"""The engine reads a batch's notes one at a time: each note's Doc is let go once its report
is built, and a pipeline failure on one note fails that note only."""

from __future__ import annotations

from checker import engine
from checker.engine import Checker
from checker.reader import build_note

TEXTS = [
    "Procedure: right C5-6 medial branch block under fluoroscopy. Pain before 8/10, after 2/10.",
    "Procedure: left C3-4 and C4-5 medial branch blocks. Bupivacaine 0.5 mL at each level.",
    "Facet injection at T2-3 on the right. No complications. Patient tolerated it well.",
]


def notes(count: int):
    return [
        build_note(TEXTS[index % len(TEXTS)], {"note_id": f"E-{index}"}, f"<{index}>", "e")
        for index in range(count)
    ]


def test_a_report_is_built_before_the_next_note_is_read(monkeypatch):
    checker = Checker()
    events: list[str] = []
    pipe = checker.nlp.pipe

    def counting_pipe(texts, **kwargs):
        for doc in pipe(texts, **kwargs):
            events.append("doc")
            yield doc

    report = checker._report

    def counting_report(note, view, doc):
        events.append("report")
        return report(note, view, doc)

    monkeypatch.setattr(checker.nlp, "pipe", counting_pipe)
    monkeypatch.setattr(checker, "_report", counting_report)
    count = engine.BATCH_SIZE + 3
    reports = list(checker.check_notes(notes(count)))
    assert len(reports) == count
    assert events == ["doc", "report"] * count


def test_a_pipeline_failure_fails_only_its_note():
    checker = Checker()
    batch = notes(6)
    clean = [report.to_json_line() for report in checker.check_notes(batch)]
    component = checker.nlp.get_pipe("note_sentences")

    def failing(doc):
        if "Bupivacaine" in doc.text:
            raise ValueError("broken note")
        return component(doc)

    index = checker.nlp.pipe_names.index("note_sentences")
    components = checker.nlp._components
    components[index] = ("note_sentences", failing)
    try:
        reports = list(checker.check_notes(batch))
    finally:
        components[index] = ("note_sentences", component)
    for number, (report, line) in enumerate(zip(reports, clean, strict=True)):
        if number % len(TEXTS) == 1:
            assert report.error is not None
            assert report.error.startswith("internal error in the language pipeline")
        else:
            assert report.to_json_line() == line
