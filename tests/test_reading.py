"""The pipeline's typed hand-off: what an extractor gets for one note."""

from __future__ import annotations

import re

import pytest

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


def test_a_header_line_met_in_an_earlier_note_is_found_where_it_stands_now(nlp):
    # each line's headers are worked out once and remembered for the notes that follow
    line = "Procedure: right C5-6 medial branch block.\n"
    read(nlp(line))
    text = "History: neck pain.\n" + line + "- Plan: repeat in 2 weeks (PRN: yes)\n"
    reading = read(nlp(text))
    assert [(s.start, s.category) for s in reading.sections if s.category != "unheaded"] == [
        (0, "history"),
        (text.index("Procedure"), "procedure"),
        (text.index("Plan"), "plan"),
    ]
    assert reading.section_at(text.index("C5-6")).category == "procedure"


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


def test_a_fixed_width_break_that_keeps_its_space_on_the_next_line_is_joined(nlp):
    text = (
        "TECHNIQUE: The area was prepped with chlorhexidine and draped. A total of\n"
        " 4 mL of 1% lidocaine was used for skin and subcutaneous infiltration.\n"
        "POST-PROCEDURE: stable."
    )
    doc = nlp(text)
    assert doc.text == text.replace("of\n 4", "of  4")
    assert len(doc.text) == len(text)


def test_rows_of_a_space_aligned_table_are_never_joined_as_wrapped_prose(nlp):
    text = (
        "MEDICATION           ROUTE    TOTAL GIVEN    TIME\n"
        "lidocaine 1% (MDV)   SQ       3 mL           09:40\n"
        "bupivacaine 0.25%    IA       1.5 mL         09:44\n"
        "Typed on an old machine.  Two spaces after a full stop.  Then the text runs on to\n"
        "the next line as one wrapped sentence."
    )
    doc = nlp(text)
    assert doc.text.count("\n") == 3  # the rows keep their line breaks, the prose is joined


def test_negated_fact_carries_its_context(nlp):
    reading = read(nlp("PROCEDURE: Contrast was not used."))
    contrast = next(f for f in reading.facts if f.label == "CONTRAST")
    assert "NEGATED" in contrast.context


def test_a_negation_on_a_wrapped_line_denies_its_own_lines_subject(nlp):
    """Joined hard-wrapped dictation: "skin local was not used" on the next line does not
    deny the prep and drape ending the line above; a list wrapped after "and" stays one."""
    wrapped = (
        "risks and benefits discussed consent obtained placed prone betadine prep sterile drape\n"
        "skin local was not used for these blocks then under fluoroscopy the needles went in\n"
    )
    reading = read(nlp(wrapped))
    assert reading.pipeline_text.count("\n") == 1  # the two lines were joined
    context = {f.text: f.context for f in reading.facts}
    assert "NEGATED" in context["skin local"]
    assert "NEGATED" not in context["betadine prep"]
    assert "NEGATED" not in context["drape"]
    listed = read(
        nlp(
            "under fluoroscopy needles were placed at the right C4-5 and the right C5-6 and\n"
            "C6-7 were not injected because of vascular uptake on contrast today\n"
        )
    )
    negated = {f.text for f in listed.facts if "NEGATED" in f.context}
    assert {"C5-6", "C6-7"} <= negated


def _sentences(reading) -> list[str]:
    doc = reading.doc
    return [doc[s : reading.sentence_end(s)].text.strip() for s in reading.sentence_starts()]


def test_spoken_punctuation_ends_sentences_but_an_observation_period_does_not(nlp):
    text = (
        "we injected point 5 cc of bupivacaine into each joint period new paragraph the "
        "patient was observed for a period of twenty minutes comma no complications full "
        "stop plan follow up"
    )
    sentences = _sentences(read(nlp(text)))
    assert sentences[0].endswith("each joint period")
    assert any(s.startswith("the patient was observed for a period of") for s in sentences)
    assert sentences[-1] == "plan follow up"


def test_an_abbreviation_full_stop_does_not_end_the_sentence(nlp):
    text = "Local infiltration with Inj. Xylocaine 2%, 1 ml at each site."
    assert _sentences(read(nlp(text))) == [text]


def test_a_very_long_unpunctuated_line_is_not_joined_to_the_next(nlp):
    first = "the skin was anesthetized with lidocaine and " * 6
    text = first + "\nplan follow up in two weeks consider medial branch blocks"
    reading = read(nlp(text))
    assert reading.pipeline_text == text
    drug = next(f for f in reading.facts if f.label == "DRUG")
    assert "HYPOTHETICAL" not in drug.context


def test_a_history_cue_in_run_on_dictation_reaches_only_nearby_words(nlp):
    text = (
        "indication right neck pain MRI from February showed see 3 4 and see 4 5 facet "
        "arthropathy and today under fluoroscopic guidance we injected the right see 5 6 "
        "and see 6 7 facet joints since her prior see 3 4 injection last year did not help "
        "she signed consent time out was done she was prepped with chlorhexidine and draped "
        "sterile skin numbed with lidocaine one percent then needles were placed into the joints"
    )
    reading = read(nlp(text))
    context = {(f.label, f.text, f.start_char): f.context for f in reading.facts}
    mri_level, today_level = text.index("see 3 4"), text.index("see 5 6")
    prior_level = text.index("see 3 4", today_level)
    assert "IMAGING" in context[("LEVEL_PAIR", "see 3 4", mri_level)]
    assert not context[("LEVEL_PAIR", "see 5 6", today_level)]
    assert not context[("GUIDANCE", "fluoroscopic guidance", text.index("fluoroscopic"))]
    assert "HISTORICAL" in context[("LEVEL_PAIR", "see 3 4", prior_level)]
    assert not context[("WORKFLOW", "consent", text.index("consent"))]


def _windowed_matches_equal_spacys(nlp, text: str, component: str = "phrase_ruler") -> bool:
    """A component's windowed token-pattern matches (the phrase ruler's, or context's
    triggers) against spaCy's Matcher run over the whole Doc, both on the Doc as the
    components before it leave it."""
    pipe = nlp.get_pipe(component)
    doc = nlp.make_doc(text)
    for name, before in nlp.pipeline:
        if name == component:
            break
        doc = before(doc)
    matcher = pipe.token_patterns if component == "phrase_ruler" else pipe.matcher
    return sorted(matcher(doc)) == sorted(matcher.matcher(doc))


@pytest.mark.parametrize(
    "text",
    [
        # a form field answered across separators and line breaks is found, and only there
        "Guidance: CT. Modality | | CT |\nguidance\n\n:CT , guidance - fluoroscopy",
        "guidance " * 40 + "guidance : - CT.",
        "Under fluoroscopic guidance the needle was placed.",
        "guidance",
        # patterns with bounded repeats ({n}, {n,m}, {,m})
        "The needle was advanced into the right C5-6 facet joint; the facet joints were injected.",
        "Facet joints (right C5) , then were injected. Injected into the left C4 facet joint.",
        "needle " * 30 + "into the facet joint",
        # a pattern whose later word is nowhere in the note, or not right after the first
        "The needle was advanced into the C5-6 articular pillar. Facet joint injection.",
        "Needle placed. The joint was entered; facet joint, each injected; facet joints",
        # patterns whose first token is a text regex ('c5 mb', '0.5 each')
        "R c5, c6, c7 mb blocked. L: c4-7 mb, T3/4 mbs; C5 mb",
        "mb c5 mb C12 - 7 mb c4 -",
        "0.5 each, 1.5 per level, .25 / nerve; 4 each; 2 ea. 3.0 apiece",
        "0.5 mL of 0.5% bupivacaine, 1 per, each 2",
    ],
)
def test_token_patterns_match_as_spacys_matcher_over_the_whole_note(nlp, text):
    # the phrase ruler runs spaCy's Matcher only where a token pattern can match
    assert _windowed_matches_equal_spacys(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "80% relief for 3 weeks, then for 2 days; for for 6 months",
        "pain for 3 hours, for the weeks after, for 2",
        "for " * 20 + "10 years",
    ],
)
def test_context_triggers_match_as_spacys_matcher_over_the_whole_note(nlp, text):
    assert _windowed_matches_equal_spacys(nlp, text, "note_context")


def test_a_form_field_answer_is_read_where_the_matcher_windows_find_it(nlp):
    doc = nlp("Guidance: CT. Then fluoroscopic guidance.")
    assert [f.value for f in read(doc).facts if f.label == "GUIDANCE"][:1] == ["ct"]


def test_a_line_and_the_lines_that_continue_it_match_together(nlp):
    booked = re.compile(r"\bbooked:", re.IGNORECASE)
    text = (
        "Booked: (1) Right SI joint injection\n"
        "        (2) Right C4-5 medial branch block\n"
        "Procedure: right C5-6 medial branch block.\n"
        "Booked:\n"
        "(1) left C6-7 facet injection\n"
        "\n"
        "(2) not under the label: a blank line ends its list\n"
    )
    reading = read(nlp(text))
    assert reading.item_matches(booked, text.index("C4-5"))
    assert not reading.line_matches(booked, text.index("C4-5"))
    assert not reading.item_matches(booked, text.index("C5-6"))
    assert reading.item_matches(booked, text.index("C6-7"))
    assert not reading.item_matches(booked, text.index("not under"))


def test_a_line_ending_on_a_side_runs_on_into_its_levels(nlp):
    text = (
        "Under fluoroscopic guidance, 25-gauge needles were directed to the waists of the right\n"
        "C4, C5, C6 and C7 articular pillars. Contrast showed no vascular spread.\n"
        "Procedure side: left\n"
        "C5-6 was reviewed on the MRI.\n"
    )
    reading = read(nlp(text))
    assert reading.pipeline_text[text.index("right") + 5] == " "
    assert reading.pipeline_text[text.index("left") + 4] == "\n"


def test_a_range_broken_after_its_word_runs_on_into_the_level_below(nlp):
    text = (
        "PROCEDURE: Bilateral cervical facet joint injections, C4-5 through\n"
        "C6-7, intra-articular, fluoroscopic guidance.\n"
        "Levels: C4-5 to\n"
        "C6-7\n"
    )
    reading = read(nlp(text))
    assert reading.pipeline_text[text.index("through") + 7] == " "
    assert reading.pipeline_text[text.index("to\n") + 2] == " "


def test_a_hanging_indent_under_an_entry_goes_on_with_it(nlp):
    text = (
        "Needle 5 - L C6 MB: the first needle kinked against the bone; that needle\n"
        "  abandoned and pulled back before any injection; a fresh needle placed.\n"
        "Needle 6 - L C7 MB: satisfactory.\n"
    )
    reading = read(nlp(text))
    assert reading.pipeline_text[text.index("that needle") + 11] == " "
    assert reading.pipeline_text[text.index("placed.") + 7] == "\n"
