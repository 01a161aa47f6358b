"""Payer-facing documents around a procedure: prior-authorisation requests, diary reviews,
LCD checklists and worksheets. Levels a payer was asked for, authorised or told about from an
earlier block are not today's; only the levels the note says were treated today count."""

PA_REQUEST = (
    "PRIOR AUTHORIZATION REQUEST\n"
    "Requested service:\n"
    "  Bilateral cervical medial branch blocks, C3, C4, C5 and C6 medial branches\n"
    "  (C3-4, C4-5, C5-6 facet joints), fluoroscopic guidance\n"
    "  CPT: 64490-50, 64491-50, 64492-50\n"
    "Clinical summary: axial neck pain 8/10 for a year, PT failed.\n"
    "Status: PENDING ({status}).\n"
)


def test_a_prior_authorisation_request_alone_treats_no_level(check):
    report = check(PA_REQUEST.format(status="no procedure performed; this is the request only"))
    assert report.extraction.procedure_performed is False
    assert report.extraction.levels == []
    assert report.codes.supported == []
    assert report.codes.supports_64492 is False
    assert report.status == "needs_review"


DIARY_REVIEW = (
    "FOLLOW-UP VISIT\n"
    "Visit date: 10/02/2025\n"
    "Reason: review diary from diagnostic MBB #2.\n"
    "MBB #2 (09/25/2025, Dr. Lane): bilateral C4-5, C5-6 and C6-7 medial branch blocks, "
    "fluoroscopy, bupivacaine 0.5% 0.5 mL per nerve.\n"
    "Diary: pre 7/10, 30 min 1/10.\n"
    "Today: pain back to 6/10. No procedure performed at this visit.\n"
    "Plan: submit authorization for bilateral C4-5 to C6-7 radiofrequency ablation.\n"
)


def test_a_diary_review_visit_with_the_earlier_block_dated_in_its_label_has_no_procedure(check):
    report = check(DIARY_REVIEW)
    assert report.extraction.procedure_performed is False
    assert report.extraction.medications == []
    assert report.codes.supported == []
    assert report.codes.supports_64492 is False


def test_a_block_labelled_with_the_date_of_service_is_todays(check):
    note = DIARY_REVIEW.replace("09/25/2025", "10/02/2025").replace(
        " No procedure performed at this visit.", ""
    )
    report = check(note)
    assert report.extraction.procedure_performed is not False
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        (side, level) for side in ("right", "left") for level in ("C4-C5", "C5-C6", "C6-C7")
    }


def test_no_procedure_on_one_side_is_not_a_visit_without_procedure(check):
    note = (
        "Procedure: Under fluoroscopy 25 g needles were placed at the right C4, C5 and C6 "
        "medial branches and 0.5 mL of 0.5% bupivacaine was injected at each. No procedure "
        "performed on the left.\n"
    )
    report = check(note)
    assert report.extraction.procedure_performed is not False
    assert {f.level for f in report.extraction.levels} == {"C4-C5", "C5-C6"}


TWO_SIDES_THEN_ONE_LEVEL = (
    "Procedure: Cervical facet joint injections. Time-out performed. Under fluoroscopic "
    "guidance 22 g needles were placed "
    "into the right C5-6 and C6-7 facet joints and the left C5-6 and C6-7 facet joints. "
    "0.5 mL of 0.25% bupivacaine was injected into each joint. "
    "An additional needle was placed at the C4-5 facet joint and 0.5 mL injected there.\n"
)


def test_a_level_after_a_sentence_naming_both_sides_has_no_side(check):
    report = check(TWO_SIDES_THEN_ONE_LEVEL)
    sided = {(f.side, f.level) for f in report.extraction.levels}
    assert ("left", "C4-C5") not in sided
    assert ("right", "C4-C5") not in sided
    assert report.extraction.levels_unsided == ["C4-C5"]
    assert report.codes.supports_64492 is False
    assert "64491-50" in report.codes.supported
    assert report.status != "pass"
    warning = " ".join(w.message for w in report.extraction.reading_warnings)
    assert "C4-C5" in warning and "confirm the side" in warning


def test_a_level_added_after_a_sentence_naming_one_side_is_not_put_on_it(check):
    """The right side is written for C5-6 and C6-7; the added C4-5 is outside that list."""
    note = TWO_SIDES_THEN_ONE_LEVEL.replace(" and the left C5-6 and C6-7 facet joints", "")
    report = check(note)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("right", "C5-C6"),
        ("right", "C6-C7"),
    }
    assert report.extraction.levels_unsided == ["C4-C5"]
    assert report.codes.supports_64492 is False


CHECKLIST = (
    "LCD DOCUMENTATION QUESTIONS\n"
    "1. Diagnostic block #2 - today - levels?   R C4, C5, C6, C7 MB (C4-5, C5-6, C6-7). {said}\n"
    "PROCEDURE: Right C4, C5, C6, C7 medial branch blocks under fluoroscopy; 0.5 mL of "
    "0.5% bupivacaine per nerve.{after}\n"
)


def test_a_level_the_note_says_was_dropped_is_not_treated(check):
    report = check(
        CHECKLIST.format(
            said="", after=" The C4 needle was abandoned, C4-5 dropped: non-tender today."
        )
    )
    assert {f.level for f in report.extraction.levels} == {"C5-C6", "C6-C7"}
    assert report.codes.supports_64492 is False


def test_a_joint_the_note_says_was_not_anesthetized_is_not_treated(check):
    report = check(
        CHECKLIST.format(
            said="", after=" Venous uptake at C7: R C6-7 joint therefore NOT anesthetized."
        )
    )
    assert {f.level for f in report.extraction.levels} == {"C4-C5", "C5-C6"}
    assert report.codes.supports_64492 is False


def test_without_such_words_every_level_counts(check):
    report = check(CHECKLIST.format(said="", after=""))
    assert {f.level for f in report.extraction.levels} == {"C4-C5", "C5-C6", "C6-C7"}
    assert report.codes.supports_64492 is True


WITH_THE_FIRST_BLOCK = (
    "MBB WORKSHEET\n"
    "Date of service: 03/12/2025\n"
    "{first}\n"
    "PROCEDURE: Right C4, C5 and C6 medial branch blocks (right C4-5 and C5-6) under "
    "fluoroscopy. 0.5 mL of 0.5% bupivacaine at each nerve. Pre 7/10, post 1/10.\n"
)


def test_a_checklist_line_answered_with_the_first_blocks_date_is_not_today(check):
    first = "[Y] Diagnostic block #1: 02/19/2025, R C3, C4, C5, C6 MB, lidocaine 2%, 85% x 2 h"
    report = check(WITH_THE_FIRST_BLOCK.format(first=first))
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("right", "C4-C5"),
        ("right", "C5-C6"),
    }
    assert [m.name for m in report.extraction.medications] == ["bupivacaine"]
    assert report.codes.supports_64492 is False


def test_a_tracking_table_row_of_an_earlier_date_is_not_today(check):
    first = "| MBB #1 | 02/19/2025 | R C3,C4,C5,C6 MB | lidocaine 2% | 85% |"
    report = check(WITH_THE_FIRST_BLOCK.format(first=first))
    assert [m.name for m in report.extraction.medications] == ["bupivacaine"]
    assert report.codes.supports_64492 is False


def test_a_date_of_birth_opening_a_line_does_not_make_it_an_earlier_entry(check):
    report = check(WITH_THE_FIRST_BLOCK.format(first="DOB: 01/02/1960, right-handed"))
    assert {f.level for f in report.extraction.levels} == {"C4-C5", "C5-C6"}


SIDE_BY_SIDE = (
    "DOS: 08/23/2024\n"
    "OPERATION: Bilateral T4-5, T5-6 and T6-7 facet medial branch blocks under fluoroscopy.\n"
    "\n"
    "                        MBB #1 (08/02/24)       MBB #2 (TODAY)\n"
    "  Anesthetic            lidocaine 2%            bupivacaine 0.25%\n"
    "  Pre-block NRS         7                       6\n"
    "  Post-block NRS        3                       1\n"
    "  % relief (peak)       60%                     85%\n"
    "\n"
    "DETAILS: Consent signed. 0.5 mL of bupivacaine 0.25% per nerve.\n"
)


def test_the_earlier_blocks_column_of_a_side_by_side_table_is_not_today(check):
    report = check(SIDE_BY_SIDE)
    assert [(m.name, m.concentration) for m in report.extraction.medications] == [
        ("bupivacaine", "0.25%")
    ]
    response = report.extraction.response
    assert (response.pre_pain, response.post_pain, response.percent_relief) == (6, 1, 85)


def test_a_previous_block_column_on_the_right_is_not_today_either(check):
    note = (
        "DOS: 03/25/2025\n"
        "TODAY'S PROCEDURE: Bilateral third occipital nerve blocks under fluoroscopy.\n"
        "\n"
        "                     TODAY                      PREVIOUS BLOCK\n"
        "Agent                bupivacaine 0.5%           lidocaine 2%\n"
        "Pain pre             7/10                       8/10\n"
        "Pain post            1/10                       2/10\n"
    )
    report = check(note)
    assert [m.name for m in report.extraction.medications] == ["bupivacaine"]
    response = report.extraction.response
    assert (response.pre_pain, response.post_pain) == (7, 1)


def test_an_approved_authorisation_box_gives_no_level(check):
    note = (
        "** PRIOR AUTHORIZATION ON FILE **\n"
        "  Approved CPT: 64490-50, 64491-50, 64492-50 (bilateral C2-3 to C4-5 MBB)\n"
        "  Valid: 03/01/2025 - 05/30/2025\n"
        "\n"
        "Procedure performed: Left third occipital nerve, left C3, left C4 and left C5 "
        "medial branch blocks under fluoroscopy. 0.3 mL of 2% lidocaine at each target.\n"
    )
    report = check(note)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", "C2-C3"),
        ("left", "C3-C4"),
        ("left", "C4-C5"),
    }
    assert report.codes.supported == ["64490-LT", "64491-LT", "64492-LT"]


def test_a_heading_with_a_bracketed_qualifier_still_heads_its_section(check):
    note = (
        "Procedure: Left C5, C6 and C7 medial branch blocks under fluoroscopy; 0.5 mL of "
        "0.5% bupivacaine at each nerve.\n"
        "\n"
        "Imaging reviewed (MRI C-spine 09/18/2024, outside report):\n"
        '  "Facet arthropathy at C4-5, C5-6 and\n'
        '   C6-7 bilaterally."\n'
        "\n"
        "PLAN (if MBB #2 concordant):\n"
        "  Right C3-4, C4-5, C5-6 RF ablation\n"
    )
    report = check(note)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", "C5-C6"),
        ("left", "C6-C7"),
    }


DIARY = (
    "DOS: 04/02/2025\n"
    "Procedure: Right C4, C5, C6 medial branch blocks under fluoroscopy, 0.5 mL of 2% "
    "lidocaine per nerve.\n"
    "\n"
    "{header}"
    "{rows}"
)


def test_a_pain_diary_gives_the_baseline_and_the_first_row_after_the_block(check):
    rows = " Before  : 6\n 30 min  : 1    (83%)\n 1 hour  : 2    (67%)\n 4 hours : 5    (17%)\n"
    response = check(DIARY.format(header="----- DIARY -----\n", rows=rows)).extraction.response
    assert (response.pre_pain, response.post_pain, response.percent_relief) == (6, 1, 83)


def test_a_time_point_table_with_a_relief_column_reads_its_first_row_after_the_block(check):
    rows = (
        "  Pre          7        --\n"
        "  15 min       2        70\n"
        "  1 h          1        85\n"
        "  6 h          6        15\n"
    )
    header = "  Time        Pain     % better\n"
    response = check(DIARY.format(header=header, rows=rows)).extraction.response
    assert (response.pre_pain, response.post_pain, response.percent_relief) == (7, 2, 70)


def test_a_pipe_table_of_time_points_is_a_diary_too(check):
    header = "| Time | NRS | % relief |\n"
    rows = "| Pre-block | 6 | - |\n| 30 min | 2 | 67% |\n| 1 h | 2 | 67% |\n| 6 h | 6 | 0 |\n"
    response = check(DIARY.format(header=header, rows=rows)).extraction.response
    assert (response.pre_pain, response.post_pain, response.percent_relief) == (6, 2, 67)


def test_a_single_later_row_is_no_time_series(check):
    rows = "Pre 7\n30 min 2\n"
    response = check(DIARY.format(header="", rows=rows)).extraction.response
    assert response.percent_relief is None


def test_a_consent_risk_list_cut_by_an_abbreviation_is_no_complication(check):
    note = (
        "Procedure: Right C5-6 facet joint injection under fluoroscopy, 0.5 mL Kenalog-40.\n"
        "Consent: written, risks incl. neuritis, infection,\n"
        "bleeding, failure. Time-out completed.\n"
        "No complications.\n"
    )
    assert check(note).extraction.workflow.complications == "none"


def test_a_consent_risk_list_wrapped_over_a_line_is_no_complication(check):
    note = (
        "CONSENT: Written informed consent obtained after discussing risks including\n"
        "pneumothorax, infection, bleeding and steroid effects.\n"
        "TECHNIQUE: Under CT guidance the right T5-6 facet joint was injected with 0.5 mL "
        "Depo-Medrol 40 mg/mL.\n"
    )
    assert check(note).extraction.workflow.complications in (None, "none")


def test_a_universal_protocol_observed_is_a_time_out_not_an_observation(check):
    note = (
        "Universal protocol observed with time-out prior to start.\n"
        "Under CT guidance the right T5-6 facet joint was injected with 0.5 mL Depo-Medrol "
        "40 mg/mL. Patient discharged home ambulatory with driver.\n"
    )
    workflow = check(note).extraction.workflow
    assert workflow.timeout is True
    assert workflow.observation is False


def test_no_contrast_said_on_the_allergy_line_is_contrast_not_used(check):
    note = (
        "Allergy: iodine contrast - anaphylactoid reaction 2016. No contrast used.\n"
        "Procedure: Under fluoroscopy a 22 g needle was advanced into the left T11-12 facet "
        "joint; 0.5 mL Celestone Soluspan 6 mg/mL injected.\n"
    )
    assert check(note).extraction.contrast.used is False


def test_an_allergy_line_alone_says_nothing_of_todays_contrast(check):
    note = (
        "Allergy: iodine contrast - hives.\n"
        "Procedure: Under fluoroscopy a 22 g needle was advanced into the left T11-12 facet "
        "joint; 0.5 mL Celestone Soluspan 6 mg/mL injected.\n"
    )
    assert check(note).extraction.contrast.used is None


def test_the_agent_in_brackets_after_the_first_blocks_label_is_not_todays(check):
    note = (
        "Procedure: Right C4, C5 and C6 medial branch blocks under fluoroscopy; 0.5 mL of "
        "0.5% bupivacaine at each nerve.\n"
        "Block #1 (lidocaine) peak 85% / ~2 h  ||  Block #2 (bupivacaine) 85% / >4 h\n"
    )
    assert [m.name for m in check(note).extraction.medications] == ["bupivacaine"]


def test_vertebrae_listed_with_slashes_are_one_run_of_nerves(check):
    note = (
        "Procedure: right cervical medial branch blocks under fluoroscopy.\n"
        "Nerves: right C4 / C5 / C6 / C7 medial branches, 0.5 mL 0.5% bupivacaine each.\n"
    )
    report = check(note)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("right", "C4-C5"),
        ("right", "C5-C6"),
        ("right", "C6-C7"),
    }


def test_a_slashed_joint_alone_is_still_a_joint(check):
    note = "Procedure: Right C5/6 facet joint injection under fluoroscopy, 0.5 mL Kenalog-40.\n"
    assert [(f.side, f.level) for f in check(note).extraction.levels] == [("right", "C5-C6")]


def test_levels_on_each_side_are_bilateral(check):
    note = (
        "Procedure: Cervical facet joint injections under fluoroscopy.\n"
        "Joints injected: C4-5, C5-6 each side, 0.5 mL Kenalog-40 per joint.\n"
    )
    report = check(note)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        (side, level) for side in ("right", "left") for level in ("C4-C5", "C5-C6")
    }


def test_an_operative_note_quoted_with_doubled_markers_reads_as_that_note(check):
    note = (
        "Dear Reviewer, the operative note for the date of service states:\n"
        "\n"
        " >> PROCEDURE: Right C7-T1 and T1-T2 facet joint injections, fluoroscopically\n"
        " >> guided. Time out performed. Skin anesthetized with\n"
        " >> 1% lidocaine 1 mL per site. A 22 g needle was advanced into the right\n"
        " >> C7-T1 facet joint and a second into the right T1-T2 facet joint. Each\n"
        " >> joint was injected with 0.5 mL Depo-Medrol 40 mg/mL and 0.5 mL 1% lidocaine.\n"
    )
    medications = {
        (m.name, m.role, m.volume_ml_per_level) for m in check(note).extraction.medications
    }
    assert ("lidocaine", "skin_local", 1.0) in medications
    assert ("lidocaine", "anesthetic", 0.5) in medications


def test_a_legacy_report_wrapped_with_markers_glued_to_the_text_reads_as_one_note(check):
    """A legacy system's report wraps its lines at a fixed width and opens each continued line
    with ">>" written straight against the text: the skin local stays with its skin words."""
    note = (
        "Procedure: Right C4-5 and C5-6 medial branch blocks. Consent signed. Patient pro\n"
        ">>ne. Right neck prepped with chlorhexidine and draped. Skin wheals with 1%\n"
        ">> lidocaine 1 mL at each of three sites. Under fluoroscopy, needles placed at t\n"
        ">>he right C4, C5 and C6 medial branch targets. Bupivacaine 0.5% 0.5 mL each.\n"
    )
    medications = {
        (m.name, m.role, m.volume_ml_per_level) for m in check(note).extraction.medications
    }
    assert ("lidocaine", "skin_local", 1.0) in medications
    assert not any(name == "lidocaine" and role == "anesthetic" for name, role, _ in medications)


YEAR_NOTE = (
    "Procedure: Bilateral C3-4 and C4-5 facet joint injections under fluoroscopy, 0.5 mL "
    "Kenalog-40 per joint. Pre-procedure pain 8/10, post-procedure pain 3/10. {background}\n"
)


def test_a_relief_said_of_blocks_in_an_earlier_year_is_not_todays(check):
    note = YEAR_NOTE.format(
        background="Two medial branch blocks in 2024 each gave over 80% relief."
    )
    assert check(note).extraction.response.percent_relief is None


def test_todays_relief_without_a_year_still_counts(check):
    note = YEAR_NOTE.format(background="She reported 60% relief at 30 minutes.")
    assert check(note).extraction.response.percent_relief == 60
