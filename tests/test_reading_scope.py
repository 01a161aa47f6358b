"""How far a header reaches and which facts belong to today's procedure: the section is a
prior, the sentence's own cues decide. Each case is a short note in a shape seen in practice."""

from __future__ import annotations

from pathlib import Path

import pytest

R, L = "right", "left"


def levels(report) -> set[tuple[str, str]]:
    return {(fact.side, fact.level) for fact in report.extraction.levels}


@pytest.mark.parametrize(
    "header",
    ["Indication:", "INDICATIONS:", "Hx:", "S:", "History:", "Imaging:", "CT:"],
)
def test_inline_header_covers_its_line_only(check, header):
    note = (
        f"{header} neck pain for two years, MRI facet arthropathy C3-4.\n"
        "Consent signed. Time-out done. Chlorhexidine prep, sterile drape.\n"
        "Under fluoroscopy, right C4-5, C5-6 and C6-7 facet joints injected with\n"
        "0.5 mL of 0.25% bupivacaine each.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")}
    assert report.extraction.procedure == "facet_injection"
    assert report.extraction.guidance == "fluoroscopy"
    assert report.extraction.workflow.consent and report.extraction.workflow.timeout


def test_a_field_value_continued_under_its_own_column_stays_in_its_field(check):
    """A template field whose value goes on below, indented to the value's column
    ("Indication: ..." over "            Tender ..."): the exam finding stays the
    indication's, so its bilateral T6-7 is no level injected today."""
    note = (
        "Procedure: thoracic facet injections under fluoroscopy.\n"
        "Indication: Mid-back pain, worse on the right.\n"
        "            Tender R T4-5 and T5-6, and bilateral T6-7 facets.\n"
        "Technique: 22 g needles into the right T4-5 and T5-6 joints, 0.5 mL 0.5% "
        "bupivacaine each.\n"
    )
    assert levels(check(note)) == {(R, "T4-T5"), (R, "T5-T6")}


def test_bulleted_history_and_imaging_lines_do_not_swallow_the_procedure(check):
    note = (
        "Cervical facet injections - bilateral\n"
        "- Hx: 3 yrs neck pain, failed PT and NSAIDs\n"
        "- Imaging: MRI w/ facet DJD C3-C7\n"
        "- Consent obtained\n"
        "- 22 g needles placed into bilat C4-5, C5-6 facet joints under fluoro\n"
        "- Each joint: bupivacaine 0.5% 0.5 mL\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (L, "C4-C5"), (L, "C5-C6")}
    assert [m.name for m in report.extraction.medications] == ["bupivacaine"]


def test_heading_on_its_own_line_covers_until_the_next_heading(check):
    note = (
        "HISTORY:\nPrior right C5-6 medial branch block.\nMRI shows C6-7 arthropathy.\n\n"
        "PROCEDURE:\nLeft C3-4 and C4-5 facet injections under fluoroscopy.\n"
    )
    assert levels(check(note)) == {(L, "C3-C4"), (L, "C4-C5")}


@pytest.mark.parametrize("heading", ["HOME MEDICATIONS", "Home medications", "Current medications"])
@pytest.mark.parametrize("marker", ["- ", "3. ", "\u2022 "])
def test_a_heading_without_a_colon_covers_the_list_below_it(check, heading, marker):
    """A patch or a tablet on the home medication list is not today's injectate, however
    far down the list it stands."""
    items = ["Sertraline 100 mg daily", "Naproxen 500 mg BID", "Lidocaine 5% patch daily"]
    listed = "".join(f"{marker}{item}\n" for item in items)
    note = (
        f"{heading}\n{listed}\nPROCEDURE: Right C4-5 and C5-6 medial branch blocks under "
        "fluoroscopy. 0.5 mL of 0.5% bupivacaine at each nerve.\n"
    )
    report = check(note)
    assert [m.name for m in report.extraction.medications] == ["bupivacaine"]
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}


def test_a_side_column_heading_flattened_into_the_procedure_takes_nothing(check):
    """A two-column page flattened by OCR: the side column's heading lands between lines of
    the procedure, which is not a list, so the procedure keeps its contrast and drugs."""
    note = (
        "PROCEDURE: Right C4-5 and C5-6 medial branch blocks.\n"
        "Current medications\n"
        "Under fluoroscopy needles were placed; Omnipaque confirmed each position and 0.5 mL "
        "of 0.5% bupivacaine was injected at each nerve.\n"
    )
    report = check(note)
    assert report.extraction.contrast.used is True
    assert [m.name for m in report.extraction.medications] == ["bupivacaine"]


def test_run_on_dictation_keeps_todays_levels_beside_an_mri_finding(check):
    note = (
        "dictation begins this is a procedure note for a patient seen for right sided neck "
        "pain thought to be facet mediated with MRI showing arthropathy at C2-3 and C3-4 "
        "and she previously failed therapy, risks were discussed and she signed consent, "
        "she was positioned prone and prepped with chlorhexidine, under fluoroscopic "
        "guidance the right C3, C4 and C5 medial branches were blocked with 0.3 mL of 0.5% "
        "bupivacaine each, no complications, she was observed for 30 minutes end of dictation"
    )
    report = check(note)
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5")}
    assert report.extraction.procedure == "medial_branch_block"
    assert report.extraction.guidance == "fluoroscopy"


def test_positioning_ends_an_imaging_cue_in_unpunctuated_dictation(check):
    note = (
        "procedure note for a man with left neck pain x-ray shows facet arthropathy he was "
        "brought to the procedure room placed prone and draped under fluoroscopic guidance "
        "the skin was numbed with one percent lidocaine and the left C5-6 and C6-7 facet "
        "joints were each injected with 0.5 mL of 0.25% bupivacaine end of dictation"
    )
    report = check(note)
    assert report.extraction.guidance == "fluoroscopy"
    assert levels(report) == {(L, "C5-C6"), (L, "C6-C7")}


def test_unticked_box_reaches_up_to_the_next_box(check):
    note = (
        "Procedure: [X] Medial branch block  [ ] Intra-articular facet injection  "
        "[ ] Radiofrequency ablation\n"
        "Side: [X] Right  [ ] Left\n"
        "Levels: [ ] C2-3  [X] C3-4  [X] C4-5  [ ] C5-6\n"
        "Imaging guidance: [X] Fluoroscopy  [ ] CT\n"
    )
    report = check(note)
    assert report.extraction.procedure == "medial_branch_block"
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5")}


def test_level_commented_as_not_targeted_drops_on_its_side_only(check):
    note = (
        "Procedure: bilateral C4-5, C5-6 facet joint injections under fluoroscopy.\n"
        "Comments: Left C4-5 was not targeted today.\n"
    )
    assert levels(check(note)) == {(R, "C4-C5"), (R, "C5-C6"), (L, "C5-C6")}


@pytest.mark.parametrize(
    ("text", "procedure"),
    [
        (
            "Procedure: right C4, C5, C6 medial branch blocks under fluoroscopy, diagnostic, "
            "to establish candidacy for radiofrequency ablation.\n"
            "Bupivacaine 0.5%, 0.3 mL at each medial branch.\n"
            "Plan: RFA if 80% relief with both blocks.",
            "medial_branch_block",
        ),
        (
            "Procedure: left C5, C6, C7 medial branch RF.\n"
            "Cannulae placed at each medial branch, sensory stimulation at 0.4 V, "
            "lesions made at 80 degrees C for 90 seconds.",
            "rf_ablation",
        ),
        (
            "Procedure: right sacroiliac joint lateral branch radiofrequency ablation.\n"
            "Cannulae placed lateral to the S1, S2, S3 foramina.",
            "other",
        ),
        ("Procedure: left stellate ganglion radiofrequency ablation under fluoroscopy.", "other"),
        (
            "Procedure: left stellate ganglion pulsed radiofrequency, fluoroscopic guidance.\n"
            "A 22-gauge RF cannula was directed to the C6 tubercle. Sensory and motor testing "
            "were negative. Pulsed radiofrequency was applied at 42 degrees C for 120 seconds.",
            "other",
        ),
        (
            "PROCEDURE: Left sacroiliac joint radiofrequency ablation (L5 dorsal ramus and S1, "
            "S2, S3 lateral branches)\nA cooled RF introducer was placed for the L5 dorsal "
            "ramus. Cooled radiofrequency lesions were made at 60 degrees C at each site.",
            "other",
        ),
        (
            "Procedure: Right sacroiliac joint intra-articular injection under fluoroscopy.\n"
            "A 22-gauge needle was advanced into the inferior joint space; 2 mL of 0.25% "
            "bupivacaine was injected into the joint.",
            "other",
        ),
    ],
)
def test_procedure_type_is_what_was_done_today(check, text, procedure):
    assert check(text).extraction.procedure == procedure


def test_nerve_table_rows_form_a_run_per_side(check):
    note = (
        "Procedure: cervical medial branch blocks under fluoroscopy.\n"
        "Level  | Side  | Volume\n"
        "C4 MB  | Right | 0.3 mL\n"
        "C5 MB  | Right | 0.3 mL\n"
        "C6 MB  | Right | 0.3 mL\n"
        "C5 MB  | Left  | 0.3 mL\n"
        "C6 MB  | Left  | 0.3 mL\n"
    )
    assert levels(check(note)) == {(R, "C4-C5"), (R, "C5-C6"), (L, "C5-C6")}


def test_blank_side_cell_is_not_the_side_of_the_row_above(check):
    note = (
        "Procedure: facet joint injections under fluoroscopy.\n"
        "Level | Side  | Volume (mL)\n"
        "C4-5  | Right | 0.5\n"
        "C5-6  |       | 0.5\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C4-C5")}
    assert report.extraction.levels_unsided == ["C5-C6"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Procedure: cervical facet joint injections under fluoroscopy.\n"
            "level,side,volume_ml\nC4-5,right,0.5\nC5-6,right,0.5\nC5-6,left,0.5\n",
            {(R, "C4-C5"), (R, "C5-C6"), (L, "C5-C6")},
        ),
        (
            "Procedure: cervical medial branch blocks under fluoroscopy.\n"
            "Right: C4-5, C5-6 | Left: C5-6\n",
            {(R, "C4-C5"), (R, "C5-C6"), (L, "C5-C6")},
        ),
        (
            "Procedure: facet joint injection under fluoroscopy\n"
            "Level 1: C4-5 / Side: R / Injectate: 0.5 mL bupivacaine 0.25%\n"
            "Level 2: C5-6 / Side: R / Injectate: 0.5 mL\n"
            "Level 3: C6-7 / Side: L / Injectate: 0.5 mL\n",
            {(R, "C4-C5"), (R, "C5-C6"), (L, "C6-C7")},
        ),
        (
            "Procedure: cervical facet injections under fluoroscopy.\n"
            "| Level | Side | Volume (mL) |\n|---|---|---|\n| C4-5 | Right | 0.5 |\n"
            "| C5-6 | Left | 0.5 |\n",
            {(R, "C4-C5"), (L, "C5-C6")},
        ),
        (
            "Procedure: Right C4-5, C5-6 facet injections.\n"
            "Fluoroscopy used: (X) Yes ( ) No\nContrast: ( ) Yes (X) No\n",
            {(R, "C4-C5"), (R, "C5-C6")},
        ),
    ],
)
def test_per_level_structure_in_every_shape(check, text, expected):
    assert levels(check(text)) == expected


def test_blank_csv_side_cell_leaves_the_level_unsided(check):
    note = (
        "Procedure: cervical facet joint injections under fluoroscopy.\n"
        "level,side,volume_ml\nC4-5,right,0.5\nC5-6,,0.5\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C4-C5")}
    assert report.extraction.levels_unsided == ["C5-C6"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Procedure: right see 5 6 and see 6 7 facet injections under fluoroscopy.",
            {(R, "C5-C6"), (R, "C6-C7")},
        ),
        ("Procedure: facet injection right sea 4-5 under fluoroscopy.", {(R, "C4-C5")}),
        ("Procedure: left tea 7 8 facet injection under fluoroscopy.", {(L, "T7-T8")}),
        (
            "Procedure: right C5-6-7 facet injections under fluoroscopy.",
            {(R, "C5-C6"), (R, "C6-C7")},
        ),
        ("Procedure: MBB x3 R C3-5 under fluoroscopy.", {(R, "C3-C4"), (R, "C4-C5")}),
        ("Procedure: right C8-9 facet injection under fluoroscopy.", set()),
    ],
)
def test_dictation_and_shorthand_levels(check, text, expected):
    assert levels(check(text)) == expected


def test_previous_note_pasted_below_is_history(check):
    note = (
        "PROCEDURE: Right C4-5 facet injection under fluoroscopy.\n"
        "Consent signed, time-out done.\n\n"
        "--- Previous note 01/02/2025 ---\n"
        "PROCEDURE: Left C6-7 facet injection under fluoroscopy.\n"
    )
    assert levels(check(note)) == {(R, "C4-C5")}


def test_a_quoted_excerpt_of_an_earlier_note_ends_at_its_closing_quote(check):
    note = (
        "PROCEDURE: Right C5-6 facet injection.\n\n"
        "Prior note (pulled in, 01/02/2025):\n"
        '  "...needles into the left C3-4 and C4-5 facets under fluoroscopy..."\n\n'
        "CONSENT: signed.\n"
        "TECHNIQUE: Under fluoroscopy a needle entered the right C5-6 facet joint.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C5-C6")}
    assert report.extraction.workflow.consent


def test_addendum_correcting_a_level_replaces_it(check):
    note = (
        "Procedure: right C5-6 facet injection under fluoroscopy.\n\n"
        "ADDENDUM: level corrected, the right C6-7 was injected, not C5-6.\n"
    )
    assert levels(check(note)) == {(R, "C6-C7")}


def test_same_procedure_on_the_other_side_copies_the_levels(check):
    note = (
        "Procedure: right C4-5 and C5-6 facet injections under fluoroscopy. "
        "The same procedure was carried out on the other side."
    )
    assert levels(check(note)) == {(R, "C4-C5"), (R, "C5-C6"), (L, "C4-C5"), (L, "C5-C6")}


def gap_ids(report) -> set[str]:
    return {gap.requirement for gap in report.gaps}


def test_side_field_on_the_line_below_belongs_to_the_level_above(check):
    note = (
        "Procedure: facet joint injection under fluoroscopy\n"
        "Level 1: C4-5\nSide: Right\nLevel 2: C5-6\nSide: Left\n"
    )
    assert levels(check(note)) == {(R, "C4-C5"), (L, "C5-C6")}


def test_title_says_bilateral_but_description_injects_one_side(check):
    note = (
        "Bilateral C4-5, C5-6 facet joint injections\n\n"
        "Description: Under fluoroscopy a needle was placed into the right C4-5 and right "
        "C5-6 facet joints and each injected with 0.5 mL.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert "code.levels_uncertain" in gap_ids(report)
    assert report.status != "pass"
    message = next(g.message for g in report.gaps if g.requirement == "code.levels_uncertain")
    assert "left" in message and "C4-C5" in message


def test_heading_levels_not_injected_in_the_description_drop_out(check):
    note = (
        "PROCEDURE: Bilateral C4-5, C5-6, C6-7 facet injections.\n\n"
        "DESCRIPTION: Under fluoroscopy needles were placed at each level. The left C4-5 "
        "could not be entered because of osteophytes and was not injected. The other joints "
        "each received 0.5 mL.\n"
    )
    assert levels(check(note)) == {
        (R, "C4-C5"),
        (R, "C5-C6"),
        (R, "C6-C7"),
        (L, "C5-C6"),
        (L, "C6-C7"),
    }


def test_level_unticked_in_the_checklist_but_named_elsewhere_is_uncertain(check):
    note = (
        "Procedure: facet joint injections under fluoroscopy\n"
        "Left: [X] C4-5  [ ] C5-6\n"
        "Findings: contrast outlined the left C4-5 and left C5-6 joints.\n"
    )
    report = check(note)
    uncertain = {(f.side, f.level) for f in report.extraction.levels if f.uncertain}
    assert uncertain == {(L, "C5-C6")}
    assert "code.levels_uncertain" in gap_ids(report)


def test_level_outside_the_spine_is_reported_not_guessed(check):
    report = check("Procedure: right C8-9 facet injection under fluoroscopy.")
    assert levels(report) == set()
    message = next(g.message for g in report.gaps if g.requirement == "code.levels_uncertain")
    assert "C8-9" in message


def test_combined_session_keeps_the_cervical_facet_levels(check):
    note = (
        "Procedure: right C4-5, C5-6, C6-7 facet injections under fluoroscopy, plus "
        "trigger point injections to the trapezius and a left greater occipital nerve block."
    )
    report = check(note)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")}
    assert report.extraction.region == "cervical"
    assert report.extraction.procedure == "facet_injection"


NARRATIVE_NOTES = Path(__file__).parent / "notes" / "narrative"


@pytest.mark.parametrize(
    ("name", "expected_levels", "codes", "pain"),
    [
        # a letter to the referring physician: history and the plan around today's block
        ("letter_to_referrer", {(R, "C4-C5"), (R, "C5-C6")}, ["64490-RT", "64491-RT"], (7, 2)),
        # a fellow's note with the attending's attestation naming the same joints again
        (
            "fellow_with_attestation",
            {(s, lv) for s in (R, L) for lv in ("C5-C6", "C6-C7")},
            ["64490-50", "64491-50"],
            (8, 3),
        ),
        # stage 2 of a staged bilateral series: the first side is history
        (
            "staged_second_side",
            {(L, "C3-C4"), (L, "C4-C5"), (L, "C5-C6")},
            ["64490-LT", "64491-LT", "64492-LT"],
            (7, 1),
        ),
        # a level abandoned mid-procedure drops out of the levels and the codes
        ("level_abandoned_midway", {(R, "C4-C5"), (R, "C5-C6")}, ["64490-RT", "64491-RT"], (6, 2)),
        # an addendum correcting one level ("the right C6-7, not the right C5-6"): no 64492
        (
            "addendum_level_correction",
            {(R, "C4-C5"), (R, "C6-C7")},
            ["64490-RT", "64491-RT"],
            (7, 3),
        ),
        # unpunctuated dictation: last month's block is history, "see 4 see 5 and see 6"
        (
            "dictated_second_block",
            {(L, "C4-C5"), (L, "C5-C6")},
            ["64490-LT", "64491-LT"],
            (6, 1),
        ),
    ],
)
def test_narrative_shapes_read_todays_procedure(check, name, expected_levels, codes, pain):
    report = check((NARRATIVE_NOTES / f"{name}.txt").read_text())
    assert levels(report) == expected_levels
    assert report.codes.supported == codes
    response = report.extraction.response
    assert (response.pre_pain, response.post_pain) == pain
    assert report.extraction.workflow.complications in ("none", None)


def test_a_slash_between_a_headers_words_is_the_same_header(check):
    text = (
        "Procedure: left third occipital nerve block (C2-3) under fluoroscopy, 0.5 mL 0.75% "
        "bupivacaine.\n\n"
        "Assessment / plan\n"
        " - Right-sided C2-3 pain also present; right block at the next visit.\n"
    )
    report = check(text)
    assert [(f.side, f.level) for f in report.extraction.levels] == [("left", "C2-C3")]


def test_an_inline_header_starts_at_a_capital_after_no_letter():
    # the search skips to capitals and tests the letter before after the first one
    from checker.pipeline.sections import _INLINE_HEADER

    assert [m.group(1) for m in _INLINE_HEADER.finditer("Seen. PLAN: repeat; xPLAN: no")] == [
        "PLAN"
    ]
    assert _INLINE_HEADER.search("bASSESSMENT: none") is None
    assert _INLINE_HEADER.search("(ASSESSMENT: none)").group(1) == "ASSESSMENT"


def test_a_sentence_about_an_earlier_note_does_not_open_a_pasted_note(check):
    """ "Prior visit note mentioned ..." is a sentence about the earlier note, not the
    marker of an earlier note pasted below: today's procedure after it is still today's."""
    note = (
        "Ambient note. Neck pain with left arm tingling into the thumb for four months, "
        "worse with extension.\n"
        "Prior visit note mentioned left C5-6 and C6-7 facet arthropathy on MRI, but the arm "
        "symptoms fit a C6 radiculopathy.\n\n"
        "Procedure:\n"
        "  Cervical interlaminar epidural steroid injection, C7-T1, left paramedian\n"
        "  Fluoroscopy (AP, contralateral oblique). Loss of resistance to saline.\n"
        "  Dexamethasone 10 mg + 2 mL saline. Post 4/10; observed 20 min.\n"
    )
    report = check(note)
    assert report.extraction.procedure == "epidural"
    assert report.extraction.guidance == "fluoroscopy"
    assert report.extraction.levels == []


def test_an_earlier_procedure_quoted_with_mail_marks_is_not_today(check):
    """An earlier block quoted e-mail style ("> " lines) under a line introducing it: its
    drugs and scores are that block's; today's text says what differed."""
    note = (
        "Procedure: Right C4-5, C5-6 medial branch block, second of two\n\n"
        "Previous block (09/02/2025), for comparison:\n"
        "> Right C4-5, C5-6 medial branch blocks under fluoroscopy. 1% lidocaine skin.\n"
        "> 1% lidocaine 0.5 mL per level. Pre 7/10, post 1/10.\n\n"
        "Today: fluoroscopy AP/lateral, no skin local. 0.5% bupivacaine 0.5 mL per level.\n"
        "Pre 7/10. Post 3/10.\n"
    )
    report = check(note)
    assert [m.name for m in report.extraction.medications] == ["bupivacaine"]
    assert report.extraction.response.post_pain == 3
    assert not report.extraction.workflow.local_anesthesia


def test_roman_numbered_imaging_heading_keeps_its_levels_out_of_the_procedure(check):
    """A comprehensive note numbers its headings in Roman numerals ("VIII. IMAGING"): the
    MRI's levels under it are findings, not joints treated today."""
    note = (
        "VII. EXAMINATION\n   Tender right C4-5 and C5-6 facets.\n\n"
        "VIII. IMAGING\n   MRI cervical spine 12/2024\n"
        "   C6-C7 mild right facet arthropathy. C7-T1 normal.\n"
        "   C5-C6: moderate right, mild left facet arthropathy.\n\n"
        "XI. PROCEDURE\n   Consent signed. Under fluoroscopy, 0.5 mL 0.5% bupivacaine was\n"
        "   injected at the right C4 and C5 medial branches.\n"
    )
    assert levels(check(note)) == {(R, "C4-C5")}
