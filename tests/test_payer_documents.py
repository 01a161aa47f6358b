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


def test_a_level_after_a_sentence_naming_one_side_keeps_that_side(check):
    note = TWO_SIDES_THEN_ONE_LEVEL.replace(" and the left C5-6 and C6-7 facet joints", "")
    report = check(note)
    assert ("right", "C4-C5") in {(f.side, f.level) for f in report.extraction.levels}


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
