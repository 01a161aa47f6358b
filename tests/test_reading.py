"""The pipeline's typed hand-off: what an extractor gets for one note."""

from __future__ import annotations

from checker.pipeline.reading import Section, read


def test_reading_gives_sections_facts_and_the_note_as_written(nlp):
    text = "HISTORY:\nNeck pain for years.\n\nPROCEDURE:\nRight C5-6 medial branch block."
    reading = read(nlp(text))
    assert reading.text == text
    assert all(isinstance(section, Section) for section in reading.sections)
    level = next(f for f in reading.facts if f.label == "LEVEL_PAIR")
    assert level.text == "C5-6"
    assert level.section == "procedure"
    assert reading.section_at(text.index("Neck")).category == "history"
    assert reading.section_at(text.index("Right")).form == "block"


def test_hard_wrapped_lines_are_joined_by_the_pipeline_keeping_offsets(nlp):
    text = (
        "Under fluoroscopy the needles were placed at the right C5-6 and C6-7 and a skin\n"
        "wheal was raised with 1% lidocaine over each target before the block was done."
    )
    doc = nlp(text)
    reading = read(doc)
    assert doc.text == text.replace("skin\nwheal", "skin wheal")
    assert reading.text == text
    wheal = text.index("wheal")
    assert reading.sentence_of(doc.char_span(wheal, wheal + 5).start) == 0
    assert [f.text for f in reading.facts if f.label == "LEVEL_PAIR"] == ["C5-6", "C6-7"]


def test_negated_fact_carries_its_context(nlp):
    reading = read(nlp("PROCEDURE: Contrast was not used."))
    contrast = next(f for f in reading.facts if f.label == "CONTRAST")
    assert "NEGATED" in contrast.context
