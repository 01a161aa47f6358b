"""Treated levels and sides in every notation the issue names, and the distractors that
must not count. Each case is a short procedure text as a physician would write it."""

import pytest

from checker.extract.dated import earlier_dated_lines
from checker.extract.levels import nerves_to_joints, ordinal, parse_level


def levels(report) -> set[tuple[str, str]]:
    return {(fact.side, fact.level) for fact in report.extraction.levels}


R, L = "right", "left"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "PROCEDURE: Right C4-5, C5-6 and C6-7 facet joint injections.",
            {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")},
        ),
        ("PROCEDURE: Left C5-C6 and C6-C7 facet injections.", {(L, "C5-C6"), (L, "C6-C7")}),
        ("PROCEDURE: Right C5/6 facet injection.", {(R, "C5-C6")}),
        ("PROCEDURE: Right C5–6 and C6–7 facet injections.", {(R, "C5-C6"), (R, "C6-C7")}),
        ("PROCEDURE: Left C6-7 and C7-T1 facet injections.", {(L, "C6-C7"), (L, "C7-T1")}),
        ("PROCEDURE: Right T12-L1 facet injection.", {(R, "T12-L1")}),
        ("PROCEDURE: Right L34 and L45 facet injections.", {(R, "L3-L4"), (R, "L4-L5")}),
        ("PROCEDURE: Left L5S1 facet injection.", {(L, "L5-S1")}),
        ("PROCEDURE: LEFT C45, C56 facet injections.", {(L, "C4-C5"), (L, "C5-C6")}),
        (
            "PROCEDURE: Right C4-5 through C6-7 facet joints.",
            {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")},
        ),
        (
            "PROCEDURE: Right C3-C6 facet joint injections.",
            {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6")},
        ),
        (
            "PROCEDURE: C4-5, C5-6 and C6-7 facet joints on the right.",
            {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")},
        ),
        ("PROCEDURE: C4-5 right, C5-6 left.", {(R, "C4-C5"), (L, "C5-C6")}),
        (
            "PROCEDURE: Bilateral C4-5 and C5-6 facet injections.",
            {(R, "C4-C5"), (R, "C5-C6"), (L, "C4-C5"), (L, "C5-C6")},
        ),
        (
            "PROCEDURE: Right C4-5, C5-6, C6-7 and left C5-6, C6-7 medial branch blocks.",
            {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7"), (L, "C5-C6"), (L, "C6-C7")},
        ),
        (
            "PROCEDURE: Right C4, C5, C6 and C7 medial branch blocks.",
            {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")},
        ),
        (
            "PROCEDURE: Right C3 to C6 medial branch blocks.",
            {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6")},
        ),
        ("PROCEDURE: Left third occipital nerve block.", {(L, "C2-C3")}),
        (
            "PROCEDURE: Right L3 and L4 medial branches and L5 dorsal ramus blocked.",
            {(R, "L4-L5"), (R, "L5-S1")},
        ),
    ],
)
def test_level_notations(check, text, expected):
    assert levels(check(text + "\nFluoroscopic guidance was used.")) == expected


def test_shared_side_carries_to_the_next_line(check):
    text = "Side: [X] Right [ ] Left\nLevels: [X] C4-5 [X] C5-6 [ ] C6-7\nUnder fluoroscopy."
    assert levels(check(text)) == {(R, "C4-C5"), (R, "C5-C6")}


def test_pipe_table_with_side_column(check):
    text = (
        "Fluoroscopic guidance.\n\n| Level | Side | Volume |\n|---|---|---|\n"
        "| C4-5 | Right | 0.5 mL |\n| C5-6 | Left | 0.5 mL |\n"
    )
    assert levels(check(text)) == {(R, "C4-C5"), (L, "C5-C6")}


def test_grid_with_side_columns(check):
    text = (
        "LEVELS    RIGHT   LEFT\n"
        "C3-4      [X]     [ ]\n"
        "C4-5      [X]     [X]\n"
        "C5-6      [ ]     [X]\n\n"
        "Guidance: fluoroscopy\n"
    )
    assert levels(check(text)) == {(R, "C3-C4"), (R, "C4-C5"), (L, "C4-C5"), (L, "C5-C6")}


def test_grid_of_two_side_panels_of_ticked_nerves(check):
    """Two panels side by side, each side's boxes under its own header: a nerve counts on
    the side whose header its box sits under, and only when its own box is ticked. A side
    named again below for one nerve does not make the other panel a heading's side."""
    text = (
        "Cervical medial branch blocks under fluoroscopy.\n\n"
        "  RIGHT                        LEFT\n"
        "  [x] C4 MB - injected         [ ] C4 MB (skipped)\n"
        "  [x] C5 MB - injected         [x] C5 MB - injected\n"
        "  [x] C6 MB - injected         [x] C6 MB - injected\n"
        "  [x] C7 MB - injected         [x] C7 MB - injected\n\n"
        "Right C6: needle repositioned once.\n"
    )
    assert levels(check(text)) == {
        (R, "C4-C5"),
        (R, "C5-C6"),
        (R, "C6-C7"),
        (L, "C5-C6"),
        (L, "C6-C7"),
    }


def test_grid_of_single_nerves_forms_each_sides_run(check):
    """One medial branch per row, ticked per side: the ticked rows of a side are its run of
    nerves (thoracic Tn + Tn+1 -> T(n+1)-T(n+2))."""
    text = (
        "Thoracic medial branch block under fluoroscopy.\n\n"
        "Level     R    L\n"
        "T4 MB    [ ]  [ ]\n"
        "T5 MB    [x]  [x]\n"
        "T6 MB    [x]  [x]\n"
        "T7 MB    [x]  [ ]\n"
    )
    assert levels(check(text)) == {(R, "T6-T7"), (R, "T7-T8"), (L, "T6-T7")}


def test_export_section_header_gives_the_side(check):
    text = (
        "procedure = cervical medial branch block, fluoroscopy\n"
        "indication = neck pain, left much worse than right\n\n"
        "[block.left]\nnerves = C3 MB, C4 MB, C5 MB\n\n"
        "[block.right]\nnerves = C5 MB, C6 MB\n"
    )
    assert levels(check(text)) == {(L, "C3-C4"), (L, "C4-C5"), (R, "C5-C6")}


def test_side_carried_from_a_sentence_naming_both_sides_is_uncertain(check):
    """A side read from an earlier paragraph that does not decide it ("left much worse than
    right") is not a side the note gives: the levels are reported without a side and the
    coder is asked to confirm it."""
    report = check(
        "Neck pain on both sides, left much worse than right.\n\n"
        "C4-5, C5-6 and C6-7 facet joint injections under fluoroscopy.\n"
    )
    assert report.extraction.levels == []
    assert report.extraction.levels_unsided == ["C4-C5", "C5-C6", "C6-C7"]
    assert not report.codes.supports_64492
    assert {"code.levels_uncertain", "laterality"} <= {gap.requirement for gap in report.gaps}


def test_side_from_a_laterality_field_carries(check):
    report = check(
        "Laterality: Left\n\n"
        "Technique: needles at the C5-6, C6-7 and C7-T1 medial branch targets, fluoroscopy.\n"
    )
    assert levels(report) == {(L, "C5-C6"), (L, "C6-C7"), (L, "C7-T1")}
    assert not any(fact.uncertain for fact in report.extraction.levels)


def test_repeated_on_the_other_side(check):
    text = (
        "PROCEDURE: Right C5-6 and C6-7 facet injections under fluoroscopy. "
        "The procedure was then repeated on the left at C5-6."
    )
    assert levels(check(text)) == {(R, "C5-C6"), (R, "C6-C7"), (L, "C5-C6")}


@pytest.mark.parametrize(
    "distractor",
    [
        "HISTORY: s/p right C6-7 MBB in March with 80% relief.",
        "MRI: C6-7 facet arthropathy and C3-4 disc bulge.",
        "PLAN: If positive, RFA at C3-4 through C6-7 on the right.",
        "For C3 to C6, the medial branch typically lies at the waist of the articular pillar.",
        "PREOPERATIVE DIAGNOSIS: right C6-7 facet arthropathy.",
    ],
)
def test_levels_outside_todays_procedure_do_not_count(check, distractor):
    text = f"{distractor}\n\nPROCEDURE: Right C4-5 facet injection under fluoroscopy."
    assert levels(check(text)) == {(R, "C4-C5")}


def test_level_not_injected_does_not_count(check):
    text = (
        "PROCEDURE: Right C4-5, C5-6 facet injections under fluoroscopy. "
        "C6-7 was not injected due to a vasovagal episode."
    )
    assert levels(check(text)) == {(R, "C4-C5"), (R, "C5-C6")}


@pytest.mark.parametrize(
    "stopped",
    [
        "The C7 medial branch was NOT injected and the procedure was terminated.",
        "The right C7 medial branch was not blocked.",
    ],
)
def test_a_nerve_not_injected_takes_back_the_joint_it_supplies(check, stopped):
    """A joint is blocked only when both its medial branches are: a title of C4-5 to C6-7
    with the C7 branch never injected supports two joints, not a 64492."""
    text = (
        "PROCEDURE: RIGHT C4-5, C5-6, C6-7 MEDIAL BRANCH BLOCKS (C4, C5, C6, C7 MB), "
        "FLUOROSCOPIC\nUnder fluoroscopy needles were placed at the right C4, C5 and C6 "
        "articular pillars; 0.5 mL of 2% lidocaine at each medial branch. While the fourth "
        "needle was directed toward the right C7 medial branch the patient became pale. "
        f"{stopped}\n"
    )
    report = check(text)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert not report.codes.supports_64492


@pytest.mark.parametrize(
    "left_line",
    [
        "Left: C4-5, C5-6; C6-7 not injected.",
        "Left - C4-5, C5-6 (two; C6-7 skipped)",
    ],
)
def test_a_level_not_injected_after_a_semicolon_is_on_that_clauses_side(check, left_line):
    """A semicolon goes on about the side of the clause it closes: the left C6-7 was not
    injected, and the right C6-7 still was."""
    report = check(
        "Bilateral facet injections under fluoroscopy, 0.5 mL 0.5% bupivacaine per joint.\n"
        f"Right: C4-5, C5-6, C6-7.\n{left_line}\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7"), (L, "C4-C5"), (L, "C5-C6")}


def test_every_level_on_a_line_labelled_not_done_is_dropped(check):
    """A "Not done:" line lists levels that were not injected, past its semicolons."""
    report = check(
        "Facet injections under fluoroscopy, 0.5 mL 0.5% bupivacaine per joint.\n"
        "Right: C4-5, C5-6 and C6-7.\nLeft: C5-6.\n"
        "Not done: left C6-7 (poor view); left C4-5 (not tender)\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7"), (L, "C5-C6")}


def test_a_level_without_a_side_after_levels_each_sided_is_in_doubt(check):
    """Each level had its own side word; the added level has none: its side is not the
    sentence before's, so it is a level without a side (not listed by side, no 64492) and
    the coder is asked to confirm it."""
    report = check(
        "PROCEDURE: Cervical intra-articular facet injections under fluoroscopy.\n"
        "A needle was advanced into the right C3-4 facet joint, then into the right C4-5 "
        "facet joint. Each joint received 0.5 mL of 1% lidocaine. The C6-7 facet joint was "
        "then also injected with the same mixture.\n"
    )
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5")}
    assert report.extraction.levels_unsided == ["C6-C7"]
    assert report.codes.supported == ["64490-RT", "64491-RT"]
    assert not report.codes.supports_64492
    assert "code.levels_uncertain" in {gap.requirement for gap in report.gaps}
    assert report.status != "pass"


def test_a_side_written_once_for_a_list_carries_to_its_levels_named_again(check):
    report = check(
        "PROCEDURE: Right C3-4, C4-5 and C5-6 facet joint injections under fluoroscopy.\n"
        "Each joint received 0.5 mL of 1% lidocaine. The C5-6 joint was injected last.\n"
    )
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6")}
    assert not any(fact.uncertain for fact in report.extraction.levels)


def test_a_level_outside_the_sided_list_in_a_later_sentence_is_in_doubt(check):
    """The right side is written for C3-4 and C4-5; C5-6, added in a sentence of its own
    with no side, is not on that list: it is listed without a side and the coder asked."""
    report = check(
        "PROCEDURE: Right C3-4 and C4-5 facet joint injections under fluoroscopy.\n"
        "Each joint received 0.5 mL of 1% lidocaine. The C5-6 joint was then injected the "
        "same way.\n"
    )
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5")}
    assert report.extraction.levels_unsided == ["C5-C6"]
    assert not report.codes.supports_64492


def test_a_correction_listing_the_nerves_it_replaces_keeps_the_corrected_run(check):
    text = (
        "PROCEDURE: Bilateral C4, C5, C6 medial branch blocks under fluoroscopy.\n\n"
        "ADDENDUM: Correction - the medial branches blocked today were C5, C6 and C7 "
        "bilaterally, not C4, C5, C6 as dictated.\n"
    )
    assert levels(check(text)) >= {(R, "C5-C6"), (R, "C6-C7"), (L, "C5-C6"), (L, "C6-C7")}


@pytest.mark.parametrize(
    "abandoned",
    ["this level was not injected", "that level was abandoned", "this joint was skipped"],
)
def test_a_level_a_later_clause_calls_not_injected_does_not_count(check, abandoned):
    """ "At R C6-7 vascular uptake was seen; this level was not injected": the words after
    the semicolon point back to the level named before it."""
    text = (
        "Right C4-5, C5-6 facet injections under fluoroscopy. Needles placed at R C4-5 and "
        "R C5-6 and injected.\nAt R C6-7 vascular uptake was seen despite repositioning; "
        f"{abandoned} and the needle was withdrawn.\n"
    )
    report = check(text)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert not report.codes.supports_64492


def test_a_level_row_whose_joint_could_not_be_entered_does_not_count(check):
    """ "Right C6-7: several passes; a bridging spur prevented entry into the joint": the
    row names a level that was tried, not injected."""
    text = (
        "Facet joint injections under fluoroscopy, right side.\nConsent signed; time-out.\n"
        "Right C4-5: needle in the joint; 0.5 mL bupivacaine injected.\n"
        "Right C5-6: same; 0.5 mL injected.\n"
        "Right C6-7: several passes; a bridging spur prevented entry into the joint. "
        "Needle removed.\n"
    )
    report = check(text)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert not report.codes.supports_64492


def test_levels_on_an_abbreviated_schedule_line_are_not_todays(check):
    """ "Sched: B/L C3-4 / C4-5 / C5-6" names what was booked; the line saying what was
    done names the levels injected."""
    text = (
        "Sched: B/L C3-4 / C4-5 / C5-6 facet IA\n"
        "Done: cervical facet IA under fluoro, right C4-5; left C4-5 and C5-6\n"
        "Consent; time-out. 0.5 mL bupivacaine per joint.\n"
    )
    report = check(text)
    assert levels(report) == {(R, "C4-C5"), (L, "C4-C5"), (L, "C5-C6")}
    assert not report.codes.supports_64492


def test_a_repeat_procedure_done_today_counts_and_a_planned_repeat_does_not(check):
    """ "Repeat right C4-5 ... injections" is today's procedure; "will repeat at C3-4 if
    relief" and "repeat the block ... in 2 weeks" are plans."""
    report = check(
        "PROCEDURE: Repeat right C4-5, C5-6 and C6-7 intra-articular facet injections, "
        "therapeutic, under fluoroscopy.\nOmnipaque confirmed placement. 0.5 mL of 0.5% "
        "bupivacaine at each joint.\nWill repeat at left C3-4 if relief. Plan: repeat the "
        "block at left C7-T1 in 2 weeks.\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")}
    assert report.extraction.intent == "therapeutic"


def test_a_correction_naming_the_other_side_puts_the_side_in_doubt(check):
    """An addendum that says the procedure was done on the other side, in words the side
    correction does not move levels by: no code may rest on either side until confirmed."""
    report = check(
        "PROCEDURE: Right C3, C4, C5, C6 medial branch blocks under fluoroscopy.\n"
        "Needles were placed at the right C3, C4, C5 and C6 articular pillars and 0.3 mL of "
        "0.75% bupivacaine was injected at each nerve.\n\n"
        "ADDENDUM: Transcription error. This procedure was performed on the LEFT side, as "
        "consented and confirmed at time-out.\n"
    )
    assert report.extraction.levels
    assert all(fact.uncertain for fact in report.extraction.levels)
    assert report.codes.supported == []
    assert report.status == "needs_review"
    assert "code.levels_uncertain" in {gap.requirement for gap in report.gaps}


@pytest.mark.parametrize(
    "mistake",
    ["the request was entered as LEFT in error", "the request mistakenly listed the left side"],
)
def test_a_correction_naming_the_side_written_in_error_leaves_the_side_treated(check, mistake):
    """A correction that names the side as the mistake it takes back ("entered as LEFT in
    error") names the side not treated: the levels read on the other side stand."""
    report = check(
        "Procedure (from order): LEFT C4, C5, C6, C7 medial branch blocks, fluoroscopy.\n\n"
        f"Pre-procedure: pain is right-sided on exam; {mistake}. Changed to RIGHT.\n\n"
        "Procedure: needles to the right C4, C5, C6 and C7 medial branches under "
        "fluoroscopy, 0.5 mL 0.5% bupivacaine per nerve.\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")}
    assert not any(fact.uncertain for fact in report.extraction.levels)
    assert report.codes.supports_64492


@pytest.mark.parametrize("written", ["C3-C6 facet joint injections", "C3 to C6 facets"])
def test_a_range_of_vertebrae_written_before_the_joints_names_them_as_joints(check, written):
    """A range written as the joints ("bilateral C3-C6 facet joint injections") names the
    joints inside it as stated, so a joint named on one side does not stand alone."""
    report = check(
        f"Procedure: bilateral {written} under fluoroscopy.\n"
        "Right C3-4 needle placed first, then the rest on both sides. Triamcinolone 10 mg "
        "in 0.5 mL into each joint.\n"
    )
    assert levels(report) == {(s, j) for s in (R, L) for j in ("C3-C4", "C4-C5", "C5-C6")}


def test_a_joint_range_quoted_from_a_replaced_draft_adds_no_joint(check):
    report = check(
        "Left T4, T5 and T6 thoracic medial branch blocks under fluoroscopy. Lidocaine 2% "
        "0.5 mL per nerve.\n\n"
        'Scribe had written "left T3-T6 facet joint injection"; changed to\n'
        "medial branch blocks, which is what was done.\n"
    )
    assert levels(report) == {(L, "T5-T6"), (L, "T6-T7")}  # the thoracic nerve shift
    assert "64492-LT" not in report.codes.supported


def test_level_without_side_is_reported_as_unsided(check):
    report = check("PROCEDURE: C4-5 and C5-6 facet joint injections under fluoroscopy.")
    assert report.extraction.levels == []
    assert set(report.extraction.levels_unsided) == {"C4-C5", "C5-C6"}


def test_needle_left_in_place_is_not_a_side(check):
    text = (
        "PROCEDURE: Right C4-5 facet injection under fluoroscopy. "
        "The needle was left in place for 1 minute."
    )
    assert levels(check(text)) == {(R, "C4-C5")}


def test_a_forms_codebook_names_no_side(check):
    # "(1=Right, 2=Left, 3=Both)" lists what the side field may hold; only its answer is a side
    form = "C4-5 facet joint injection under fluoroscopy | side (1=Right, 2=Left, 3=Both): {answer}"
    unanswered = check(form.format(answer=""))
    assert unanswered.extraction.levels == []
    assert unanswered.codes.supported == []
    assert levels(check(form.format(answer="2=Left"))) == {(L, "C4-C5")}


def test_evidence_slices_the_note(check):
    text = "PROCEDURE: Right C5-6 facet injection under fluoroscopy."
    report = check(text)
    for fact in report.extraction.levels:
        for piece in fact.evidence:
            assert text[piece.start : piece.end] == piece.text
    assert {piece.text for piece in report.extraction.levels[0].evidence} == {"Right", "C5-6"}


def test_region_rules(check):
    assert (
        check("Right C6-7 and C7-T1 facet injections, fluoroscopy.").extraction.region
        == "cervicothoracic"
    )
    assert (
        check("Right T11-12 and T12-L1 facet injections, fluoroscopy.").extraction.region
        == "thoracic"
    )
    assert (
        check("Right T12-L1 and L1-2 facet injections, fluoroscopy.").extraction.region == "lumbar"
    )
    assert check("Right L4-5 facet injection, fluoroscopy.").extraction.region == "lumbar"


def test_a_level_then_a_spaced_dash_and_its_dose_is_the_level(check):
    """ "C5-6 - 1 mL ...": the dash after the level leads to what was given there; the
    number after it is no third vertebra of a chain."""
    report = check(
        "Facet injections under fluoroscopy.\n"
        "Left: C3-4, C4-5, C5-6 - 1 mL 0.25% bupivacaine at each.\n"
    )
    assert levels(report) == {(L, "C3-C4"), (L, "C4-C5"), (L, "C5-C6")}
    assert parse_level("C5-6 - 1") == ("joints", [ordinal("C", 5)])
    assert parse_level("C5-6 - 7") == ("joints", [ordinal("C", 5), ordinal("C", 6)])


def test_parse_level_reads_each_form():
    assert parse_level("C5-6") == ("joints", [ordinal("C", 5)])
    assert parse_level("C7-T1") == ("joints", [ordinal("C", 7)])
    assert parse_level("T12") == ("vertebrae", [ordinal("T", 12)])
    assert parse_level("C56") == ("joints", [ordinal("C", 5)])
    assert parse_level("C3-C6") == ("vertebrae", [ordinal("C", n) for n in range(3, 7)])
    assert parse_level("C9-10") is None


def test_nerve_runs_map_to_joints_by_region():
    cervical = nerves_to_joints([ordinal("C", 4), ordinal("C", 5), ordinal("C", 6)])
    assert cervical == [ordinal("C", 4), ordinal("C", 5)]  # C4-5, C5-6
    lumbar = nerves_to_joints([ordinal("L", 3), ordinal("L", 4)])
    assert lumbar == [ordinal("L", 4)]  # L4-5
    thoracic = nerves_to_joints([ordinal("T", 4), ordinal("T", 5)])
    assert thoracic == [ordinal("T", 5)]  # T5-6
    # a run starting in the neck keeps the cervical rule across the junction: C7-T1
    junction = nerves_to_joints([ordinal("C", 6), ordinal("C", 7), ordinal("T", 1)])
    assert junction == [ordinal("C", 6), ordinal("C", 7)]  # C6-7, C7-T1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Left C7 and C8 medial branch blocks.", {(L, "C7-T1")}),
        ("Left C6, C7 and C8 medial branch blocks.", {(L, "C6-C7"), (L, "C7-T1")}),
        ("Left C6-C8 medial branch blocks.", {(L, "C6-C7"), (L, "C7-T1")}),
    ],
)
def test_the_c8_medial_branch_joins_c7_for_c7_t1(check, text, expected):
    """There is no C8 vertebra: the C7 and C8 medial branches supply C7-T1."""
    report = check(text + "\nFluoroscopy used. 0.5 mL 0.5% bupivacaine per nerve.")
    assert levels(report) == expected
    assert report.extraction.region == "cervicothoracic"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "PROCEDURE: R. T4-5, T5-6 and T6-7 facet injections.",
            {(R, "T4-T5"), (R, "T5-T6"), (R, "T6-T7")},
        ),
        (
            "PROCEDURE: Right-sided C 5-6, C 6-7 and C 7-T1 MBB.",
            {(R, "C5-C6"), (R, "C6-C7"), (R, "C7-T1")},
        ),
        (
            "PROCEDURE: Right C3-4, 4-5, 5-6 facet injections.",
            {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6")},
        ),
        ("Levels: R C3/4, C4/5, C5/6", {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6")}),
        ("PROCEDURE: (L) c3-4, c4-5 MBB.", {(L, "C3-C4"), (L, "C4-C5")}),
    ],
)
def test_more_notations(check, text, expected):
    assert levels(check(text + "\nFluoroscopic guidance was used.")) == expected


def test_planned_but_not_done_level_is_dropped(check):
    text = (
        "PROCEDURE: Right C4-5, C5-6 and C6-7 MBB under fluoroscopy. "
        "C6-7 was planned but not done because of patient discomfort."
    )
    assert levels(check(text)) == {(R, "C4-C5"), (R, "C5-C6")}


def test_stated_joints_outrank_a_range_read_from_targets(check):
    text = (
        "PROCEDURE: Right T4, T5, T6 and T7 medial branches, to anesthetize the T5-6, T6-7 "
        "and T7-8 facet joints. Fluoroscopy: the transverse processes were identified from "
        "T5 to T8 on the right."
    )
    assert levels(check(text)) == {(R, "T5-T6"), (R, "T6-T7"), (R, "T7-T8")}


def test_no_level_below_the_lumbosacral_joint(check):
    text = (
        "PROCEDURE: Right L3 and L4 medial branches and the L5 dorsal ramus at the sacral ala "
        "and S1 superior articular process. Fluoroscopy."
    )
    assert levels(check(text)) == {(R, "L4-L5"), (R, "L5-S1")}


def test_side_written_after_the_target_words(check):
    text = (
        "Needles placed at the C3, C4 and C5 articular pillars on the right, and at the "
        "third occipital nerve target on the left. Bupivacaine 0.5% 0.5 mL per medial branch."
    )
    found = levels(check(text))
    assert {(R, "C3-C4"), (R, "C4-C5")} <= found
    assert (L, "C3-C4") not in found and (L, "C4-C5") not in found


def test_same_procedure_carried_out_on_a_named_side(check):
    text = (
        "PROCEDURE: Cervical medial branch blocks, right C4-5, C5-6, C6-7, then left\n"
        "Needles to the medial branch targets for the right C4-5, C5-6 and C6-7 facet joints. "
        "0.5 mL of 0.5% bupivacaine was injected at each level.\n"
        "The same procedure was then carried out on the left side at the same three levels.\n"
    )
    found = levels(check(text))
    assert found == {(s, lv) for s in (R, L) for lv in ("C4-C5", "C5-C6", "C6-C7")}


def test_the_same_count_of_nerves_on_the_side_named_after_them(check):
    """The first side named after its nerves, the other after "the same three": each side
    gets the nerves."""
    text = (
        "Procedure: cervical medial branch blocks.\n"
        "Under fluoroscopy needles were placed at the articular pillars of C3, C4 and C5 on "
        "the left, and the same three on the right. 0.5 mL of 2% lidocaine at each nerve.\n"
    )
    found = levels(check(text))
    assert found == {(s, lv) for s in (R, L) for lv in ("C3-C4", "C4-C5")}
    # "the same three nerves as the left": a comparison with the side done before, no other
    # side done today
    compared = text.replace("the same three on the right", "the same three nerves as the right")
    assert levels(check(compared)) == {(L, "C3-C4"), (L, "C4-C5")}


def test_same_technique_with_no_side_named_stays_on_one_side(check):
    text = (
        "Right C4-5 and C5-6 facet joints entered under fluoroscopy. "
        "The same technique was used at each level with 0.5 mL bupivacaine."
    )
    assert levels(check(text)) == {(R, "C4-C5"), (R, "C5-C6")}


@pytest.mark.parametrize("title", ["Title:", "Procedure listed:"])
def test_labelled_title_against_a_description_of_one_side(check, title):
    text = (
        f"{title} Bilateral C5-C6 and C6-C7 cervical facet joint injections\n\n"
        "Procedure: Prone. Under C-arm guidance needles were advanced into the right C5-6 and "
        "right C6-7 facet joints. 0.5 mL of 0.25% bupivacaine into each joint.\n"
        "The left side was not done: he could not lie prone any longer. We will bring him "
        "back for the left C5-6 and C6-7 joints.\n"
    )
    report = check(text)
    assert levels(report) == {(R, "C5-C6"), (R, "C6-C7")}
    assert report.extraction.reading_warnings


def test_a_side_correction_in_an_addendum_moves_the_levels(check):
    text = (
        "Procedure: Right C6-C7 intra-articular facet joint injection under fluoroscopy\n\n"
        "A 22G needle entered the right C6-C7 facet joint. Kenalog-40 0.5 mL injected.\n\n"
        "ADDENDUM: Side corrected. The procedure was performed on the LEFT, not the right: "
        "the left C6-C7 joint was injected.\n"
    )
    report = check(text)
    assert levels(report) == {(L, "C6-C7")}
    assert any("correction" in w.message for w in report.extraction.reading_warnings)


def test_a_joint_that_could_not_be_entered_is_not_a_level_and_guidance_stays(check):
    text = (
        "Procedure: L C3-4, C4-5, C5-6 cervical facet joint injections planned under "
        "fluoroscopy.\nThe L C3-4 joint appeared ankylosed on lateral fluoro and could not be "
        "entered after two passes; this level was abandoned. 25g needles into L C4-5 and "
        "L C5-6 joints. Each joint: 0.4 mL 0.5% ropivacaine.\n"
    )
    report = check(text)
    assert levels(report) == {(L, "C4-C5"), (L, "C5-C6")}
    assert report.extraction.guidance == "fluoroscopy"


def test_contrast_that_showed_no_uptake_is_not_an_imaging_finding(check):
    text = (
        "Procedure (as scheduled): Bilateral C5-6 medial branch blocks, fluoroscopic guidance\n"
        "1. Right C5-6 and C6-7 targets: needles placed under fluoroscopy, Gadavist 0.2 mL per "
        "level showed no vascular uptake, Naropin 0.5% 0.5 mL injected per level.\n"
    )
    report = check(text)
    assert levels(report) == {(R, "C5-C6"), (R, "C6-C7")}
    assert report.extraction.procedure == "medial_branch_block"
    assert report.extraction.guidance == "fluoroscopy"


def test_a_lumbar_block_the_same_day_gives_no_levels_to_the_cervical_session(check):
    text = (
        "PROCEDURES PERFORMED TODAY:\n"
        "1. LEFT C5-C6, C6-C7, C7-T1 FACET MEDIAL BRANCH BLOCKS UNDER FLUOROSCOPY\n"
        "2. BILATERAL L4-L5 AND L5-S1 LUMBAR MEDIAL BRANCH BLOCKS UNDER FLUOROSCOPY\n\n"
        "CERVICAL: 25G NEEDLES TO THE LEFT C5-C6, C6-C7 AND C7-T1 MEDIAL BRANCH TARGETS. "
        "NAROPIN 0.5% 0.5 ML PER LEVEL.\n\n"
        "LUMBAR: 22G NEEDLES TO BILATERAL L3 AND L4 MEDIAL BRANCHES AND L5 DORSAL RAMI.\n"
    )
    report = check(text)
    assert levels(report) == {(L, "C5-C6"), (L, "C6-C7"), (L, "C7-T1")}
    assert report.extraction.region == "cervicothoracic"


def test_a_thoracolumbar_run_keeps_its_lumbar_level(check):
    text = "Right T11-12, T12-L1 and L1-2 facet joint injections under fluoroscopy."
    assert levels(check(text)) == {(R, "T11-T12"), (R, "T12-L1"), (R, "L1-L2")}


def test_a_midline_epidural_level_gives_no_region(check):
    text = (
        "Procedure: cervical interlaminar epidural steroid injection, C7-T1, midline approach, "
        "under fluoroscopy. 1 mL dexamethasone 10 mg/mL injected."
    )
    report = check(text)
    assert report.extraction.procedure == "epidural"
    assert report.extraction.region is None


def test_trigger_points_at_a_cervical_level_do_not_make_a_lumbar_session_cervical(check):
    text = (
        "PROCEDURES:\n"
        "1. Bilateral L4-5 and L5-S1 intra-articular facet joint injections under fluoroscopy.\n"
        "2. Trigger point injections, bilateral cervical paraspinals at C5-6 level.\n\n"
        "Lumbar facet injections: Under fluoroscopy the bilateral L4-5 and L5-S1 joints were "
        "entered and 0.5 mL of 0.5% bupivacaine was injected into each joint.\n\n"
        "Trigger point injections: Taut bands in the cervical paraspinals at the C5-6 level "
        "were injected with 2 mL of 0.25% bupivacaine each.\n"
    )
    report = check(text)
    assert levels(report) == {(s, lv) for s in (R, L) for lv in ("L4-L5", "L5-S1")}
    assert report.extraction.region == "lumbar"
    assert report.codes.supported == []
    assert [(m.name, m.concentration) for m in report.extraction.medications] == [
        ("bupivacaine", "0.5%")
    ]


def test_a_procedure_aborted_before_any_needle_treats_no_level(check):
    text = (
        "PROCEDURE PLANNED: Bilateral C4, C5 and C6 medial branch nerve blocks under "
        "fluoroscopic guidance (64490-50, 64491-50).\n"
        "PROCEDURE PERFORMED: Positioning and fluoroscopic localization only. Procedure "
        "aborted prior to needle placement.\n"
        "DESCRIPTION: A time-out was performed confirming bilateral C4-5 and C5-6 levels. "
        "The patient became pale and lost consciousness briefly. No needles were placed.\n"
    )
    report = check(text)
    assert levels(report) == set()
    assert report.codes.supported == []
    assert report.extraction.reading_warnings


def test_grid_with_level_columns_and_side_rows(check):
    """A matrix whose columns are the levels: a cell holding an amount or a tick is a level
    injected on its row's side; a dash is not."""
    text = (
        "Cervical facet joint injections under fluoroscopy.\n\n"
        "| Side  | C3-4 | C4-5 | C5-6 | C6-7 |\n"
        "|-------|------|------|------|------|\n"
        "| Right | —    | 0.5  | 0.5  | —    |\n"
        "| Left  | —    | x    | —    | 0    |\n"
    )
    assert levels(check(text)) == {(R, "C4-C5"), (R, "C5-C6"), (L, "C4-C5")}


def test_a_level_field_answered_no_is_not_injected(check):
    text = (
        "Bilateral C4-5 and C5-6 medial branch blocks under fluoroscopy.\n\n"
        "Right C4-5 MB: Yes\nRight C5-6 MB: Yes\n"
        "Left C4-5 MB: No - patient moved, aborted\nLeft C5-6 MB: Yes\n"
    )
    report = check(text)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (L, "C5-C6")}
    assert report.codes.supported == ["64490-50", "64491-RT"]


def test_nerve_table_with_bilateral_side_cells(check):
    """ "B" or "R/L" in a side column is both sides; a bilateral row joins each side's run."""
    text = (
        "Cervical medial branch block under fluoroscopy.\n\n"
        "| Nerve | Side | Volume (mL) |\n|---|---|---|\n"
        "| C3 MB | B | 0.5 |\n| C4 MB | R/L | 0.5 |\n| C5 MB | Rt | 0.5 |\n"
    )
    assert levels(check(text)) == {(R, "C3-C4"), (R, "C4-C5"), (L, "C3-C4")}


def test_a_level_documented_in_error_is_replaced_by_the_correction(check):
    text = (
        "Left C5-6, C6-7 and C7-T1 medial branch blocks under fluoroscopy.\n\n"
        "ADDENDUM: Level 3 above was documented in error as C7-T1. Review of the saved images "
        "confirms the third joint blocked today was the left C4-5.\n"
    )
    assert levels(check(text)) == {(L, "C4-C5"), (L, "C5-C6"), (L, "C6-C7")}


@pytest.mark.parametrize(
    "grid",
    [
        "Level    Total (mL)   Right    Left\nC4-5     1.0          x        x\n"
        "C5-6     0.5                   x\n",
        "Level    Right    Left    Volume (mL)\nC4-5     x        x       0.5\n"
        "C5-6              x       0.5\n",
    ],
)
def test_a_volume_column_beside_the_side_columns_ticks_no_side(check, grid):
    text = "PROCEDURE: Cervical medial branch blocks under fluoroscopy.\n\n" + grid
    levels = {(f.side, f.level) for f in check(text).extraction.levels}
    assert levels == {("right", "C4-C5"), ("left", "C4-C5"), ("left", "C5-C6")}


_MBB_LEFT_C3_C6 = (
    "PROCEDURE: Left C3, C4, C5, C6 medial branch blocks under fluoroscopy.\n\n"
    "DESCRIPTION: Needles were placed at the left C3, C4, C5 and C6 medial branches. "
    "0.5 mL of 0.5% bupivacaine was injected at each level.\n\n"
    "Signed: A. Physician, MD\n\n"
)


@pytest.mark.parametrize(
    "addendum",
    [
        "ADDENDUM 02/06/2025 15:25 - A. Physician, MD\nOn review of the saved lateral images the "
        "level labels above are incorrect by one segment. The needles were at the left C4, C5, "
        "C6 and C7 medial branches.\n",
        "Addendum: level labelling error. The joints treated today were the left C4-5, C5-6 and "
        "C6-7.\n",
        "ADDENDUM (same day): Correction - the blocks were performed at LEFT C4-C5, C5-C6 and "
        "C6-C7 as confirmed on the saved images.\n",
    ],
)
def test_an_addendum_that_relabels_every_level_replaces_them(check, addendum):
    report = check(_MBB_LEFT_C3_C6 + addendum)
    assert levels(report) == {(L, "C4-C5"), (L, "C5-C6"), (L, "C6-C7")}
    assert report.codes.supported == ["64490-LT", "64491-LT", "64492-LT"]
    assert any("addendum" in w.message for w in report.extraction.reading_warnings)


def test_an_addendum_that_restates_the_levels_on_the_other_side_moves_them(check):
    text = (
        "PROCEDURE: Right C3, C4, C5, C6 medial branch blocks with fluoroscopic guidance.\n\n"
        "DESCRIPTION OF PROCEDURE: Needles were directed to the right C3, C4, C5 and C6 "
        "articular pillars. 0.3 mL of 0.75% bupivacaine was injected at each nerve.\n\n"
        "ADDENDUM 06/05/2024 08:14\nTranscription error. This procedure was performed on the "
        'LEFT side. All references to "right" above should read "left": LEFT C3, C4, C5, C6 '
        "medial branch blocks. No other changes.\n"
    )
    report = check(text)
    assert levels(report) == {(L, "C3-C4"), (L, "C4-C5"), (L, "C5-C6")}
    assert not any(fact.uncertain for fact in report.extraction.levels)
    assert report.status == "needs_review"  # the change is shown for a person to confirm


_DRAFTED_RIGHT_TIMEOUT_LEFT = (
    "Procedure (draft):\nRight TON, C3, C4 and C5 medial branch blocks under fluoroscopy.\n"
    "Bupivacaine 0.5%, 0.4 mL per nerve. Consent signed.\n\n"
    "Room:\n"
    "  Nurse: Time-out.\n"
    "  Nurse: Confirmed left TON and C3, C4, C5 medial branches.\n\n"
)


def test_an_addendum_moving_every_level_to_the_side_of_the_time_out_replaces_the_draft(
    check,
):
    """The draft says right, the time-out and the addendum say left: the addendum re-states
    every level on the left only, so the right drops out (even though the time-out's left
    levels make the note name more levels before the addendum than in it)."""
    report = check(
        _DRAFTED_RIGHT_TIMEOUT_LEFT + "ADDENDUM - A. Doctor, MD\nThe draft line above says "
        '"Right"; that was a dictation error: all blocks were on the LEFT (left TON, left C3, '
        "C4 and C5 medial branches), as in the time-out.\n"
    )
    assert levels(report) == {(L, "C2-C3"), (L, "C3-C4"), (L, "C4-C5")}
    assert report.codes.supported == ["64490-LT", "64491-LT", "64492-LT"]
    assert any("addendum" in w.message for w in report.extraction.reading_warnings)


def test_an_addendum_correcting_the_side_without_the_levels_puts_the_old_side_in_doubt(check):
    report = check(
        _DRAFTED_RIGHT_TIMEOUT_LEFT + "ADDENDUM - A. Doctor, MD\nThe draft line above says "
        '"Right". Dictation error: the blocks were performed on the LEFT.\n'
    )
    doubted = {(f.side, f.level) for f in report.extraction.levels if f.uncertain}
    assert doubted == {(R, "C2-C3"), (R, "C3-C4"), (R, "C4-C5")}
    assert not any(code.endswith(("-RT", "-50")) for code in report.codes.supported)
    assert report.status == "needs_review"


def test_an_addendum_correcting_a_dose_on_one_side_keeps_both_sides(check):
    report = check(
        "PROCEDURE: Bilateral C4-5 and C5-6 facet joint injections under fluoroscopy.\n"
        "Needles into the right and left C4-5 and C5-6 joints; Kenalog-40 0.5 mL into each.\n\n"
        "ADDENDUM: correction, the left C5-6 joint received 1 mL, not 0.5 mL.\n"
    )
    assert levels(report) == {(s, j) for s in (R, L) for j in ("C4-C5", "C5-C6")}
    assert not any(f.uncertain for f in report.extraction.levels)


def test_an_addendum_moving_the_levels_backed_by_the_record_replaces_the_body(check):
    """ "..., consistent with the consent form and the time-out record" backs the statement
    with the record (not an imaging finding), and the levels the addendum re-states on the
    other side are not a heading's for the body's side to outrank."""
    report = check(
        "PROCEDURE: LEFT C4, C5 and C6 medial branch blocks under fluoroscopy.\n\n"
        "NARRATIVE: Needles to the left C4, C5 and C6 articular pillar waists. Bupivacaine "
        "0.5%, 0.5 mL per level.\n\n"
        "ADDENDUM 04/02/2025 (B. Writer, MD):\nThe procedure above was dictated in error as "
        '"LEFT." The three medial branch blocks (C4, C5, C6) were performed on the RIGHT '
        "side, consistent with the consent form and the time-out record. No left-sided "
        "procedure was done.\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert report.codes.supported == ["64490-RT", "64491-RT"]


def test_an_addendum_correcting_one_level_keeps_the_others(check):
    text = (
        "PROCEDURE: Right C4-5, C5-6 and C6-7 facet joint injections under fluoroscopy.\n"
        "Kenalog-40 0.5 mL injected into each joint.\n\n"
        "ADDENDUM: correction, the right C7-T1 joint was injected, not the right C6-7.\n"
    )
    assert levels(check(text)) == {(R, "C4-C5"), (R, "C5-C6"), (R, "C7-T1")}


def test_an_addendum_adding_a_level_keeps_the_note_levels(check):
    text = (
        "PROCEDURE: Right C4-5 and C5-6 facet joint injections under fluoroscopy.\n\n"
        "ADDENDUM: in addition, the right C6-7 joint was injected; the dictation above had an "
        "error.\n"
    )
    assert levels(check(text)) == {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")}


@pytest.mark.parametrize(
    "scan",
    [
        "Limited axial localizer images through T2-T8 obtained.",
        "Scout images from T2 to T8 were obtained.",
        "A CT localiser through T2-T8 was acquired.",
    ],
)
def test_the_extent_of_a_planning_scan_is_not_a_treated_level(check, scan):
    text = (
        "Procedure: CT-guided right thoracic medial branch blocks.\n\n"
        f"Technique: Patient prone on the CT table. {scan} Target: superolateral aspect of "
        "the right T3, T4, T5, T6 transverse processes. Bupivacaine 0.5%, 0.5 mL injected at "
        "each level.\n"
    )
    assert levels(check(text)) == {(R, "T4-T5"), (R, "T5-T6"), (R, "T6-T7")}


@pytest.mark.parametrize("probe", ["a linear transducer (L12-4)", "an L12-5 linear probe"])
def test_an_ultrasound_transducer_model_is_not_a_level(check, probe):
    text = (
        "PROCEDURE: Ultrasound-guided left cervical medial branch blocks, C3, C4, C5, C6.\n"
        f"Using {probe} the articular pillars of C3 through C6 were identified and a needle "
        "was advanced to each left medial branch target in plane.\n"
    )
    report = check(text)
    assert levels(report) == {(L, "C3-C4"), (L, "C4-C5"), (L, "C5-C6")}
    assert report.extraction.region == "cervical"


def test_a_compact_lumbar_level_is_still_read():
    assert parse_level("L12") == ("joints", [ordinal("L", 1)])


def test_levels_named_only_in_the_impression_are_read_and_flagged(check):
    text = (
        "PROCEDURE: Cervical medial branch blocks under fluoroscopy.\n"
        "DESCRIPTION: Needles were placed at the three targets and 0.5 mL of 0.5% bupivacaine "
        "was injected at each.\n\n"
        "IMPRESSION: Successful right C4-5, C5-6 and C6-7 medial branch blocks.\n"
    )
    report = check(text)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")}
    assert report.status == "needs_review"
    assert any("impression" in w.message for w in report.extraction.reading_warnings)


def test_a_diagnosis_in_the_impression_is_not_a_treated_level(check):
    text = (
        "PROCEDURE: Cervical medial branch blocks under fluoroscopy.\n"
        "DESCRIPTION: Needles were placed at the three targets and 0.5 mL of 0.5% bupivacaine "
        "was injected at each.\n\n"
        "IMPRESSION: Right C4-5 and C5-6 facet arthropathy. Consider right C4-5 RFA.\n"
    )
    assert levels(check(text)) == set()


@pytest.mark.parametrize(
    "text",
    [
        "PROCEDURE: Right C4, C5, C6, C7 medial branch blocks under fluoroscopy.\n"
        "Laterality: [ ] Right [X] Left\n"
        "Needles at the C4, C5, C6 and C7 medial branches, 0.5 mL bupivacaine at each.\n",
        "Side of procedure: Right\n"
        "PROCEDURE: Left C4, C5, C6, C7 medial branch blocks under fluoroscopy. Needles at the "
        "left C4, C5, C6 and C7 medial branches, 0.5 mL bupivacaine at each.\n",
        "Site: Left\nProcedure: right C4-5, C5-6 and C6-7 facet joint injections, fluoroscopy, "
        "0.5 mL Kenalog-40 into each joint.\n",
    ],
)
def test_a_side_field_against_the_levels_side_holds_the_codes(check, text):
    """A template's side field and the levels' own side disagree: no code rests on a side
    the note contradicts, and the note says what to confirm."""
    report = check(text)
    assert report.extraction.levels
    assert all(fact.uncertain for fact in report.extraction.levels)
    assert report.codes.supported == []
    assert report.status == "needs_review"


@pytest.mark.parametrize(
    "text",
    [
        "Procedure: {Right/Left/Bilateral:30012} C4-5, C5-6 and C6-7 facet joint injections\n"
        "Side: Left\nNeedles into the C4-5, C5-6 and C6-7 facet joints under fluoroscopy.\n",
        "Laterality: Left\nProcedure: Left C4-5, C5-6 and C6-7 facet joint injections under "
        "fluoroscopy.\n",
        "Level 1: C4-5\nSide: Right\nLevel 2: C5-6\nSide: Left\n"
        "Facet joint injections under fluoroscopy.\n",
    ],
)
def test_a_side_field_that_agrees_leaves_the_levels_certain(check, text):
    report = check(text)
    assert report.extraction.levels
    assert not any(fact.uncertain for fact in report.extraction.levels)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Right C4 5 and C5 6 facet joint injections.", {(R, "C4-C5"), (R, "C5-C6")}),
        ("Left T7 8 facet injection.", {(L, "T7-T8")}),
        ("Right c5 6, c6 7 MBB (C5, C6, C7 medial branches).", {(R, "C5-C6"), (R, "C6-C7")}),
        # a volume after a vertebra, or two vertebrae apart, are no dictated joint
        ("Right C5-6 facet joint injection; flushed at C5 6 mL of saline.", {(R, "C5-C6")}),
        ("Right C4 6 facet injection.", set()),
    ],
)
def test_a_joint_dictated_with_a_space_for_its_hyphen(check, text, expected):
    assert levels(check(f"PROCEDURE: {text}\nFluoroscopic guidance.\n")) == expected


def test_parse_level_reads_a_spaced_joint_only_between_neighbours():
    assert parse_level("C4 5") == ("joints", [ordinal("C", 4)])
    assert parse_level("C4 6") is None


_HEADING_THREE_JOINTS = (
    "PROCEDURE: Right C4-5, C5-6 and C6-7 facet joint injections under fluoroscopy.\n"
)


@pytest.mark.parametrize(
    "description",
    [
        "DESCRIPTION: 25g needles were placed into the right C4-5 and C5-6 facet joints and "
        "0.5 mL Kenalog-40 injected into each. Two joints were injected.",
        "Technique: the right C4-5 and C5-6 joints were entered and injected with 0.5 mL "
        "Kenalog-40 each.",
    ],
)
def test_a_heading_level_the_description_leaves_out_is_not_coded(check, description):
    """The description wins over the heading: the level it leaves out is not counted, and
    the disagreement asks the coder to confirm it."""
    report = check(_HEADING_THREE_JOINTS + description + "\n")
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert report.extraction.levels_unsided == []
    assert report.codes.supported == ["64490-RT", "64491-RT"]
    assert any("C6-C7" in w.message for w in report.extraction.reading_warnings)
    assert report.status == "needs_review"


def test_nerves_the_description_blocks_decide_the_joints_coded(check):
    text = (
        "Procedure: Right C3, C4, C5, C6 medial branch blocks, fluoroscopy.\n"
        "The right C3 and C4 medial branches were blocked with 0.5 mL bupivacaine each. The "
        "patient became vasovagal and the procedure was stopped.\n"
    )
    report = check(text)
    assert report.codes.supported == ["64490-RT"]
    assert report.status == "needs_review"


@pytest.mark.parametrize(
    "description",
    [
        "DESCRIPTION: 25g needles into the right C4-5, C5-6 and C6-7 facet joints, 0.5 mL "
        "Kenalog-40 each.",
        "DESCRIPTION: 25g needles into the three right facet joints. At C5-6 there was vascular "
        "uptake and the needle was repositioned. 0.5 mL Kenalog-40 into each joint.",
    ],
)
def test_a_description_naming_every_level_or_none_keeps_the_heading_levels(check, description):
    report = check(_HEADING_THREE_JOINTS + description + "\n")
    assert not any(fact.uncertain for fact in report.extraction.levels)
    assert report.codes.supported == ["64490-RT", "64491-RT", "64492-RT"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "C5-6 and C6-7 on the left and C6-7 on the right, facet joint injections.",
            {(L, "C5-C6"), (L, "C6-C7"), (R, "C6-C7")},
        ),
        ("C5-6 left and C6-7 right facet joint injections.", {(L, "C5-C6"), (R, "C6-C7")}),
        (
            "Facet joint injections, C4-5 right and C5-6 and C6-7 left.",
            {(R, "C4-C5"), (L, "C5-C6"), (L, "C6-C7")},
        ),
        ("Right C4-5 and left C5-6 facet joint injections.", {(R, "C4-C5"), (L, "C5-C6")}),
    ],
)
def test_each_level_takes_the_side_written_after_it(check, text, expected):
    assert levels(check(f"PROCEDURE: {text}\nFluoroscopic guidance.\n")) == expected


@pytest.mark.parametrize(
    "correction",
    [
        "CORRECTION 02/07/2025: The level labels above were mislabeled by one segment; the "
        "joints blocked were the left C4-5, C5-6 and C6-7.\n",
        "*** Corrected report ***\nLevel error: the blocks were performed at the left C4, C5, "
        "C6 and C7 medial branches.\n",
    ],
)
def test_a_correction_block_relabelling_every_level_replaces_them(check, correction):
    report = check(_MBB_LEFT_C3_C6 + correction)
    assert levels(report) == {(L, "C4-C5"), (L, "C5-C6"), (L, "C6-C7")}


@pytest.mark.parametrize("near", ["near the C2-3 joint", "adjacent to the C2-3 joint"])
def test_a_joint_written_as_where_a_nerve_lies_is_no_target(check, near):
    report = check(
        "PROCEDURE: Ultrasound-guided bilateral C3, C4, C5 and C6 medial branch blocks.\n"
        "C3 through C6 medial branches identified in the concavity of each pillar "
        f"(C3 also seen {near}). Ropivacaine 0.5%, 0.3 mL per nerve.\n"
    )
    assert levels(report) == {
        (side, joint) for side in (R, L) for joint in ("C3-C4", "C4-C5", "C5-C6")
    }


def test_a_row_dated_before_the_date_of_service_is_history(check):
    """A side column's procedure history flattened into the page: its dated rows name an
    earlier visit's levels, not today's."""
    report = check(
        "Date of service: 01/29/2026\n"
        "Procedure: Left T4, T5, T6 and T7 medial branch blocks (targeting the left T5-T6, "
        "T6-T7 and T7-T8 facet joints). Guidance: fluoroscopy.\n"
        "Pre-procedure pain: 7/10.\n"
        "08/2025  Right C5-C6 MBB\n"
        "10/2025  Right C5-C6 RFA\n"
        "Description: needles at the left T5, T6, T7 and T8 transverse processes for the T4, "
        "T5, T6 and T7 medial branches. 0.5 mL of 0.5% ropivacaine at each level.\n"
    )
    assert levels(report) == {(L, "T5-T6"), (L, "T6-T7"), (L, "T7-T8")}
    assert report.extraction.region == "thoracic"
    assert report.codes.supported == ["64490-LT", "64491-LT", "64492-LT"]


def test_which_lines_are_dated_before_the_date_of_service():
    text = (
        "Date: 03/24/2025\n"
        "03/02/25 R C5-6 MBB\n"  # earlier day
        "03/24/2025 L C5-6 MBB\n"  # the day of service
        "3/2025 note\n"  # the same month: cannot tell
        "7/10 pre-procedure\n"  # a pain score, no date
        "2024-11-02 RFA\n"
    )
    earlier = [text[start:end] for start, end in earlier_dated_lines(text)]
    assert earlier == ["03/02/25 R C5-6 MBB", "2024-11-02 RFA"]
    assert earlier_dated_lines(text.replace("Date: 03/24/2025\n", "")) == []
    # a fax banner's date is no date of service: the field naming it wins, or none is known
    banner = "RECEIVED date: 04/30/2025\n"
    with_banner = banner + text
    assert [with_banner[a:b] for a, b in earlier_dated_lines(with_banner)] == earlier
    assert earlier_dated_lines(banner + "03/24/2025 L C5-6 MBB\n") == []


def test_an_outline_item_dated_before_the_date_of_service_is_history(check):
    """A problem-oriented note's numbered item ("2.1 Bilateral C4, C5, C6 MBB 08/2024: 80%")
    records an earlier block: its levels are not today's."""
    report = check(
        "DOS: 05/12/2025\n"
        "Problem 1: cervical facet pain\n"
        "  1.1 Today: right C5, C6 and C7 medial branch blocks under fluoroscopy, 0.5 mL of "
        "0.5% bupivacaine per nerve.\n"
        "Problem 2: thoracic facet pain\n"
        "  2.1 Bilateral T4, T5, T6, T7 MBB 08/2024: 80% x 6 h.\n"
    )
    assert levels(report) == {(R, "C5-C6"), (R, "C6-C7")}
    assert report.codes.supported == ["64490-RT", "64491-RT"]


def test_a_series_log_counts_only_the_row_today_marks(check):
    """A procedure log with one numbered row per date: without a date-of-service field, the
    date "today" marks is the date of service, and earlier rows (a table's rule line joined
    to the first of them included) name earlier blocks' levels."""
    report = check(
        "Cervical facet series log\n"
        "Row marked > = today's encounter (05/02/2025)\n\n"
        "#  | Date       | Procedure | Side | Joints\n"
        "---+------------+-----------+------+------------------\n"
        "1  | 03/10/2025 | MBB #1    | L    | C3-4, C4-5, C5-6\n"
        ">2 | 05/02/2025 | MBB #2    | L    | C4-5, C5-6\n\n"
        "Detail: left C4, C5 and C6 medial branches blocked under fluoroscopy with "
        "0.5 mL of 0.5% bupivacaine per nerve.\n"
    )
    assert levels(report) == {(L, "C4-C5"), (L, "C5-C6")}
    assert not report.codes.supports_64492


def test_which_date_today_marks_when_no_field_names_the_date_of_service():
    for header in (
        "LOG PRINTED 2024-07-11 (today's entry flagged *)\n",
        "TODAY'S PROCEDURE (07/11/2024)\n",
        "Block 1 ..... 07/11/2024  <-- today\n",
        "Today's procedure (11 Jul 2024): lumbar MBB\n",
    ):
        text = header + "2023-04-12 | MBB | bilateral C4-5, C5-6, C6-7\n2024-07-11 | MBB | R L4-5\n"
        earlier = [text[start:end] for start, end in earlier_dated_lines(text)]
        assert earlier == ["2023-04-12 | MBB | bilateral C4-5, C5-6, C6-7"], header
    # dates written with a month's name, in a numbered list
    text = (
        "Summary of care. Today's procedure (18 Jan 2024): occipital nerve blocks.\n"
        "  1. 07 Jun 2023  Bilateral C3, C4, C5 MBB\n"
        "  2. 18 Jan 2024  Bilateral occipital nerve blocks (today)\n"
    )
    earlier = [text[start:end] for start, end in earlier_dated_lines(text)]
    assert earlier == ["  1. 07 Jun 2023  Bilateral C3, C4, C5 MBB"]


def test_cervical_pillar_waists_are_the_targets_of_their_own_nerves(check):
    report = check(
        "Procedure: Right C5-C6, C6-C7 and C7-T1 facet joint medial branch blocks.\n\n"
        "Technique: Under fluoroscopy, 25-gauge needles placed to the right C5 and C6 "
        "articular pillar waists and the right C7 and T1 medial branch targets. "
        "0.5 mL of 0.5% bupivacaine at each level.\n"
    )
    assert levels(report) == {(R, "C5-C6"), (R, "C6-C7"), (R, "C7-T1")}
    assert not any(fact.uncertain for fact in report.extraction.levels)
    assert report.codes.supported == ["64490-RT", "64491-RT", "64492-RT"]


def test_a_list_of_levels_wrapped_after_and_keeps_its_side(check):
    """A line ending on "and" goes on below, whatever the next line's first letter: the
    levels on the next line are in the same sentence and keep the side before them."""
    report = check(
        "Procedure performed: Medial branch blocks for the right C4-5, C5-6 and\n"
        "C6-7 facet joints and the left C5-6 facet joint, under fluoroscopic guidance.\n"
        "0.5 mL of 0.5% bupivacaine at each level.\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7"), (L, "C5-C6")}
    assert report.codes.supported == ["64490-50", "64491-RT", "64492-RT"]


def test_a_scanned_five_read_as_s_in_a_joint_is_read_as_five(check):
    report = check(
        "Procedure performed: Medial branch blocks for the right C4-S, C5-6 and C6-7 facet "
        "joints under fluoroscopic guidance. 0.5 mL of 0.5% bupivacaine at each level.\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")}
    assert parse_level("L5-S1") == ("joints", [ordinal("L", 5)])  # the sacrum stays itself


def test_nerves_the_description_blocks_outrank_the_joints_of_the_heading(check):
    report = check(
        "PROCEDURE: Bilateral C4-5, C5-6 cervical medial branch blocks\n\n"
        "Under fluoroscopy, 25G needles were positioned at the bilateral C4 and C5 articular "
        "pillar waists (4 needles total) for the bilateral C4 and C5 medial branches. "
        "2% lidocaine 0.4 mL injected per nerve.\n"
    )
    assert levels(report) == {(R, "C4-C5"), (L, "C4-C5")}
    assert report.codes.supported == ["64490-50"]
    assert report.status == "needs_review"


def test_a_heading_level_whose_vertebrae_the_description_names_as_landmarks_stays_in_doubt(
    check,
):
    """The description names the heading level's vertebrae only as where the needles went
    ("the L4 and L5 transverse processes"): the level is in doubt, not left out."""
    report = check(
        "Procedure: Bilateral lumbar medial branch blocks - L3 & L4 medial branches and L5 "
        "dorsal rami (L4-L5 & L5-S1 facet joints)\n\n"
        "Technique: Under fluoroscopy needles placed at the junction of the superior articular "
        "process and transverse process of L4 and L5 bilaterally and at the sacral ala "
        "bilaterally for the L5 dorsal rami. Bupivacaine 0.5% 0.5 mL injected at each site.\n"
    )
    assert levels(report) == {(s, j) for s in (R, L) for j in ("L4-L5", "L5-S1")}
    doubted = {(f.side, f.level) for f in report.extraction.levels if f.uncertain}
    assert doubted == {(R, "L4-L5"), (L, "L4-L5")}
    assert report.status == "needs_review"


@pytest.mark.parametrize(
    "approach",
    [
        "left paramedian C6-7 interlaminar epidural steroid injection",
        "right C5-6 transforaminal epidural steroid injection",
    ],
)
def test_an_epidural_approached_from_one_side_treats_no_facet_level(check, approach):
    report = check(
        f"PROCEDURE: {approach} under fluoroscopy. Omnipaque confirmed epidural spread. "
        "2 mL of dexamethasone 10 mg/mL was injected."
    )
    assert report.extraction.procedure == "epidural"
    assert report.extraction.levels == []
    assert report.extraction.region is None
    assert report.codes.supported == []


@pytest.mark.parametrize(
    "third",
    [
        "lvl3: c5/6   side: __\n",
        "lvl3: c5/6   side:\n",
    ],
)
def test_a_level_whose_side_field_is_blank_gets_no_side(check, third):
    """A form's third level with its side left blank is not on the side of the lines
    above: it is not coded, so the note stops at two joints and asks for the side."""
    report = check(
        "MBB cerv -- quick entry\n"
        "lvl1: c3/4   side: R\n"
        "lvl2: c4/5   side: R\n"
        f"{third}"
        "guidance: fluoro\nLA: bupi 0.5% / 0.5 ml per nerve\n"
    )
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5")}
    assert not report.codes.supports_64492
    assert any("C5-C6" in w.message for w in report.extraction.reading_warnings)


def test_a_level_with_a_blank_side_cell_in_the_injection_table_gets_no_side(check):
    """Prose names the level after a right-sided sentence, but the injection table leaves
    its side cell empty: the side is a guess, so the level is not coded."""
    report = check(
        "PROCEDURE: cervical facet joint injections under fluoroscopy.\n"
        "Needles were placed into the right C5-6 and C6-7 facet joints and injected.\n"
        "C4-5 was also injected.\n\n"
        "Injection record:\n"
        "  Level | Side | Injectate | Vol\n"
        "  C5-6  | R    | Kenalog 40 + Marcaine 0.5% | 0.5 mL\n"
        "  C6-7  | R    | Kenalog 40 + Marcaine 0.5% | 0.5 mL\n"
        "  C4-5  |      | Kenalog 40 + Marcaine 0.5% | 0.5 mL\n"
    )
    assert levels(report) == {(R, "C5-C6"), (R, "C6-C7")}
    assert not report.codes.supports_64492


def test_a_blank_side_cell_in_a_table_aligned_with_spaces_gets_no_side(check):
    """The same blank cell in a table laid out with spaces, not pipes: the row above gives
    its side, this row leaves that column empty, so the level has no side and no code."""
    report = check(
        "Procedure today: left cervical medial branch block #1 under fluoroscopy.\n"
        "Bupivacaine 0.5%.\n\n"
        "Nerve table\n"
        "  Joint     Nerves      Side   Vol (per nerve)   Notes\n"
        "  C3-4      C3 + C4     L      0.5 mL            good\n"
        "  C4-5      C4 + C5     L      0.5 mL            good\n"
        "  C5-6      C5 + C6            0.5 mL            good\n"
    )
    assert levels(report) == {(L, "C3-C4"), (L, "C4-C5")}
    assert not report.codes.supports_64492
    assert report.extraction.levels_unsided == ["C5-C6"]
    assert any("side left blank" in w.message for w in report.extraction.reading_warnings)


@pytest.mark.parametrize(
    "copied",
    [
        "Procedure: R C4-5, C5-6, C6-7 facet injection (per schedule)\n",
        "Levels (template): R C4-5, C5-6, C6-7\n",
    ],
)
def test_levels_copied_from_the_schedule_or_a_template_do_not_count(check, copied):
    report = check(
        "PROCEDURE NOTE\n"
        "Right C5-6 and C6-7 intra-articular facet injections under fluoroscopy; 0.5 mL of "
        "0.2% ropivacaine into each joint.\n\n"
        f"NURSING RECORD\n{copied}"
    )
    assert levels(report) == {(R, "C5-C6"), (R, "C6-C7")}
    assert not report.codes.supports_64492


def test_nothing_injected_at_a_level_takes_it_back_across_a_wrapped_line(check):
    report = check(
        "PROCEDURE: Right C4-5, C5-6 and C6-7 facet injections with fluoroscopy.\n"
        "The needle could not enter the right C4-5 joint and was withdrawn, NOTHING WAS\n"
        "INJECTED at C4-5. Needles were then placed into the right C5-6 and C6-7 joints.\n"
    )
    assert levels(report) == {(R, "C5-C6"), (R, "C6-C7")}
    assert not report.codes.supports_64492


def test_a_previous_note_copied_forward_gives_no_levels(check):
    report = check(
        "b/l C2/3 facet blocks -- fluoro lat\n"
        "bilateral C2-3 facet joints injected, bupi .75 0.3 each\n"
        "--- copied fwd from 11/02 note ---\n"
        "R c3, c4, c5, c6 MBB. fluoro. bupi .5 0.5 ea.\n"
        "--- end ---\n"
    )
    assert (R, "C3-C4") not in levels(report)
    assert not report.codes.supports_64492


def test_an_indented_wrapped_sentence_still_takes_its_level_back(check):
    """A paragraph indented under its heading and hard-wrapped at the same indent is one
    sentence: the "not injected" on the second line takes back the level on the first."""
    report = check(
        "PROCEDURE NOTE\n"
        "   Under fluoroscopy 22g needles were placed into the right C4-5, C5-6 and C6-7 "
        "joints; the C6-7 joint was\n"
        "   not injected because of a vasovagal episode. Each other joint received 0.5 mL.\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert not report.codes.supports_64492


def test_a_prior_operative_note_appended_gives_no_levels(check):
    report = check(
        "OPERATIVE NOTE\n"
        " Procedure: Left C3-4 and C4-5 facet joint injections under fluoroscopy.\n"
        " 22g needles entered the left C3-4 and C4-5 joints; 0.5 mL 1% lidocaine each.\n\n"
        "---- PRIOR OPERATIVE NOTE APPENDED FOR REFERENCE (11/14/2023) ----\n"
        " Procedure: Left C5-6 facet joint injection, fluoroscopic guidance.\n"
    )
    assert levels(report) == {(L, "C3-C4"), (L, "C4-C5")}


@pytest.mark.parametrize(
    "booked",
    [
        "Case: Left TON + C3, C4 MBB (booked)\n",
        "Time out 08:23. Booked: L TON, L C3, L C4 MBB.\n",
    ],
)
def test_levels_booked_but_not_done_do_not_count(check, booked):
    report = check(
        f"{booked}"
        "Procedure performed: Left third occipital nerve block under fluoroscopy.\n"
        "The patient asked us to stop; no further needles were placed.\n"
    )
    assert levels(report) == {(L, "C2-C3")}


def test_a_range_broken_over_two_lines_names_the_joints_between(check):
    report = check(
        "PROCEDURE: Bilateral cervical facet joint injections, C4-5 through\n"
        "C6-7, intra-articular, fluoroscopic guidance.\n"
    )
    assert levels(report) == {
        (side, level) for side in (R, L) for level in ("C4-C5", "C5-C6", "C6-C7")
    }


def test_a_boxed_cards_side_line_gives_the_side_of_its_joints_line(check):
    report = check(
        "+--------------------------------------------+\n"
        "| PROCEDURE:  CT-guided facet injections     |\n"
        "| SIDE:       LEFT                           |\n"
        "| JOINTS:     C4-5, C5-6                     |\n"
        "+--------------------------------------------+\n"
    )
    assert levels(report) == {(L, "C4-C5"), (L, "C5-C6")}


def test_a_pipe_table_row_with_a_blank_side_cell_stays_unsided(check):
    report = check(
        "PROCEDURE: facet injections under fluoroscopy.\n"
        "| Level | Side | Volume |\n"
        "| C4-5  | L    | 0.5 mL |\n"
        "| C5-6  |      | 0.5 mL |\n"
    )
    assert levels(report) == {(L, "C4-C5")}
    assert report.extraction.levels_unsided == ["C5-C6"]


def test_a_needle_abandoned_and_replaced_on_a_wrapped_line_keeps_its_nerve(check):
    report = check(
        "Bilateral C5, C6, C7 medial branch blocks under fluoroscopy.\n"
        "Needle 1 - R C5 MB: waist of the right C5 pillar. Satisfactory.\n"
        "Needle 2 - R C6 MB: satisfactory.\n"
        "Needle 3 - R C7 MB: satisfactory.\n"
        "Needle 4 - L C5 MB: satisfactory.\n"
        "Needle 5 - L C6 MB: the first needle kinked against the bone; that needle\n"
        "  abandoned and pulled back before any injection; a fresh needle placed at\n"
        "  the waist of the left C6 pillar; contrast satisfactory.\n"
        "Needle 6 - L C7 MB: satisfactory.\n"
        "Lidocaine 2% 0.3 mL per nerve.\n"
    )
    assert levels(report) == {(side, lv) for side in (R, L) for lv in ("C5-C6", "C6-C7")}


def test_joints_superimposed_to_set_a_lateral_view_are_no_targets_or_sides(check):
    report = check(
        "PROCEDURE: Right C2-3 facet joint injection under fluoroscopy.\n"
        "A true lateral view was set by superimposing the left and right C2-3 joints.\n"
        "Kenalog 40 mg/mL 0.5 mL injected into the joint.\n"
    )
    assert levels(report) == {(R, "C2-C3")}


def test_an_addendum_correcting_the_side_and_keeping_the_levels_moves_them(check):
    report = check(
        "PROCEDURE: Right C5-6 and C6-7 facet joint injections under fluoroscopy.\n"
        "Kenalog 40 mg/mL 0.5 mL injected into each joint.\n\n"
        "ADDENDUM 03/02/2025: correction of a dictation error: the injections were done on "
        "the LEFT side. Levels unchanged.\n"
    )
    assert levels(report) == {(L, "C5-C6"), (L, "C6-C7")}
    assert not any(fact.uncertain for fact in report.extraction.levels)
    assert any("addendum" in w.message for w in report.extraction.reading_warnings)


def test_a_lone_nerve_next_to_a_run_on_its_side_continues_the_run(check):
    """A nerve named on its own beside a run of nerves on the same side ("the left T5
    transverse process (T4 medial branch)", then "repeated ... for the T5 and T6 medial
    branches") extends the run by one joint."""
    report = check(
        "EXAM: CT-GUIDED LEFT THORACIC MEDIAL BRANCH BLOCKS (T4, T5, T6)\n"
        "Consent obtained. Time-out completed.\n"
        "TECHNIQUE: A 22-gauge needle was advanced to the superolateral corner of the left T5\n"
        "transverse process (T4 medial branch). The procedure was repeated at the\n"
        "superolateral T6 and T7 transverse processes for the T5 and T6 medial branches.\n"
        "Lidocaine 2% 0.5 mL was injected at each target.\n"
    )
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", "T5-T6"),
        ("left", "T6-T7"),
    }
    assert report.codes.supported == ["64490-LT", "64491-LT"]
    assert not report.extraction.reading_warnings


def test_a_lone_nerve_whose_side_is_left_blank_does_not_join_the_run(check):
    report = check(
        "Under fluoroscopy the right C3, C4 and C5 medial branches were blocked with\n"
        "bupivacaine 0.5% 0.5 mL each nerve. Consent and time-out done.\n"
        "We then added the C6 medial branch on the ___ side, same volume.\n"
    )
    assert ("right", "C5-C6") not in {(f.side, f.level) for f in report.extraction.levels}
    assert not report.codes.supports_64492


def test_a_statement_of_levels_done_only_overrides_a_template_default(check):
    """A default bilateral list left in the note, and the physician's typed line saying which
    were done "only": the typed line decides, so the other side and the default's extra level
    are not billed."""
    text = (
        "Bilateral C3, C4, C5 and C6 medial branch blocks under fluoroscopy.\n"
        "Performed today: left C4, C5, C6 medial branches only.\n"
        "Needles to the C3, C4, C5 and C6 medial branches bilaterally; bupivacaine 0.5% "
        "0.5 mL each.\n"
    )
    report = check(text)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", "C4-C5"),
        ("left", "C5-C6"),
    }
    assert sorted(report.codes.supported) == ["64490-LT", "64491-LT"]


def test_contrast_at_one_level_only_takes_no_level_away(check):
    text = (
        "Right C4-5, C5-6 and C6-7 facet joint injections under fluoroscopy, bupivacaine "
        "0.5% 0.5 mL each.\nOmnipaque at right C5-6 only.\n"
    )
    assert len(check(text).extraction.levels) == 3


def test_a_checklist_answer_none_does_not_negate_the_levels_before_it(check):
    report = check(
        "Procedure: RIGHT thoracic medial branch blocks, T4, T5, T6 and T7 medial branches, "
        "fluoroscopic guidance.\n"
        "Time-out 09:12 (RIGHT, T4-T7 MB, allergies none, fluoro).\n"
        "22 g needles to the T5, T6, T7 and T8 transverse processes for the T4, T5, T6 and T7 "
        "medial branches; 0.5% bupivacaine 0.5 mL per nerve.\n"
    )
    found = {(fact.side, fact.level) for fact in report.extraction.levels}
    assert found == {("right", "T5-T6"), ("right", "T6-T7"), ("right", "T7-T8")}
    assert report.codes.supports_64492


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Procedure: Right C3-C6 medial branch block under fluoroscopy.\n"
            "Needles to the right C3, C4, C5, C6 medial branches.\n"
            "C3: venous uptake, persisted after repositioning.\n"
            "C3 needle withdrawn without injection.\n"
            "0.5% bupivacaine 0.5 mL at the right C4, C5 and C6 medial branches.\n",
            {(R, "C4-C5"), (R, "C5-C6")},
        ),
        (
            "Procedure: Bilateral C3-4, C4-5, C5-6 facet injections under fluoroscopy.\n\n"
            "Right side:\n"
            "  C3-4 - needle would not enter the joint; contrast outlined the capsule only.\n"
            "         Not injected.\n"
            "  C4-5 - intra-articular, injected.\n"
            "  C5-6 - intra-articular, injected.\n\n"
            "Left side:\n"
            "  C3-4 - intra-articular, injected.\n"
            "  C4-5 - intra-articular, injected.\n"
            "  C5-6 - patient asked to stop. Nothing injected.\n",
            {(R, "C4-C5"), (R, "C5-C6"), (L, "C3-C4"), (L, "C4-C5")},
        ),
        (
            "Procedure: Right T2-3, T3-4, T4-5 facet injections under fluoroscopy.\n"
            "Needles into the right T2-3, T3-4 and T4-5 joints; 0.5 mL 0.5% bupivacaine "
            "at each of the three levels.\n\n"
            "Addendum: the second contrast run at T4-5 still showed soft-tissue spread, "
            "and the needle was withdrawn without injecting at that level.\n",
            {(R, "T2-T3"), (R, "T3-T4")},
        ),
    ],
)
def test_a_level_dropped_during_the_case_is_not_treated(check, text, expected):
    assert levels(check(text)) == expected


def test_a_finding_answered_no_at_a_level_keeps_the_level(check):
    text = (
        "Procedure: Right C4-C6 medial branch block under fluoroscopy.\n"
        "Needles to the right C4, C5 and C6 medial branches. Omnipaque 240 0.2 mL each:\n"
        "  - right C4: no vascular spread.\n"
        "  - right C5: no vascular spread.\n"
        "  - right C6: no vascular or epidural spread.\n"
        "Bupivacaine 0.5%, 0.3 mL, injected at each of the three right medial branches.\n"
    )
    assert levels(check(text)) == {(R, "C4-C5"), (R, "C5-C6")}


@pytest.mark.parametrize(
    "reason",
    [
        "Because of the venous spread no medication was injected at this level.",
        "Given the vascular pattern no drug was given at this joint.",
    ],
)
def test_a_level_entry_whose_reason_precedes_nothing_injected_is_dropped(check, reason):
    """A level's own entry that gives its reason first and then says no medication went in
    ("Because of ... no medication was injected at this level") takes the level back."""
    report = check(
        "PROCEDURE: Right C3-4, C4-5, C5-6 facet joint injections, fluoroscopy.\n"
        "Contrast was injected into each joint before the medication.\n"
        "- Right C3-4: arthrogram seen. 0.5 mL 0.25% bupivacaine injected.\n"
        "- Right C4-5: arthrogram seen. Same mixture injected.\n"
        "- Right C5-6: spread into a vein. The needle was moved once more.\n"
        f"  {reason}\n\n"
        "Pain 6/10 before and 2/10 after.\n"
    )
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5")}
    assert not report.codes.supports_64492


def test_no_named_drugs_injected_at_a_level_takes_it_back(check):
    """'No <drug> or <drug> was injected at C5-6' names the drugs instead of 'medication'."""
    report = check(
        "Right C3-4, C4-5 and C5-6 facet joint injections under fluoroscopy.\n"
        "Each of the first two joints received bupivacaine 0.25% 0.5 mL and Kenalog 40 "
        "0.5 mL. At the right C5-6 joint the contrast ran into a vein and the needle was "
        "withdrawn. No bupivacaine or Kenalog was injected at C5-6.\n"
    )
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5")}
    assert not report.codes.supports_64492


def test_a_vertebra_named_as_a_skin_entry_is_no_nerve(check):
    """The vertebra of an extra skin entry ("one further skin entry, at T9") is where the
    skin was entered, not a nerve added to the run of medial branches."""
    report = check(
        "Procedure: left thoracic medial branch blocks under fluoroscopy.\n"
        "Needles to the superolateral corners of the left T6, T7, T8 and T9 transverse "
        "processes, targeting the left T5, T6, T7 and T8 medial branches (one further skin "
        "entry, at T9, with 1% lidocaine 1 mL). 0.5 mL 0.25% bupivacaine per nerve.\n"
    )
    assert levels(report) == {(L, "T6-T7"), (L, "T7-T8"), (L, "T8-T9")}


def test_nerves_whose_needles_were_never_placed_are_not_treated(check):
    report = check(
        "Procedure: right C4, C5, C6, C7 medial branch blocks under fluoroscopy.\n"
        "22 g needles to the right C4 and C5 medial branches; 0.5 mL 0.5% bupivacaine each.\n"
        "The right C6 medial branch needle was never placed; right C7 medial branch not "
        "started.\n"
    )
    assert levels(report) == {(R, "C4-C5")}
    assert not report.codes.supports_64492


def test_a_nerve_not_lesioned_leaves_its_joint_out(check):
    report = check(
        "Procedure: right C3-C6 medial branch radiofrequency neurotomy under fluoroscopy.\n"
        "Cannulae parallel to the right C3, C4, C5 and C6 medial branches.\n"
        "At C6 motor stimulation produced biceps contraction. C6 not lesioned; cannula "
        "removed.\n"
        "Lesions 80 C for 90 s at C3, C4 and C5.\n"
    )
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5")}


def test_a_joint_given_up_then_blocked_by_its_nerves_is_treated(check):
    """An intra-articular attempt given up ("no entry. Nothing injected.") and converted to
    a block of the same joints' medial branches: the joints are treated, by the block."""
    report = check(
        "Planned: Left C4-5 and C5-6 intra-articular facet injections under fluoroscopy.\n"
        "Left C4-5: osteophytes; no entry after two passes. Nothing injected.\n"
        "Left C5-6: narrow joint, no entry. Nothing injected.\n"
        "Converted to medial branch blocks.\n"
        "Left C4, C5 and C6 MB: one needle each at the articular pillar waists; 0.5 mL 0.5% "
        "bupivacaine per needle.\n"
    )
    assert levels(report) == {(L, "C4-C5"), (L, "C5-C6")}


def test_a_nerve_not_blocked_is_not_brought_back_by_a_later_run(check):
    report = check(
        "Procedure: left C4, C5, C6 medial branch blocks under fluoroscopy.\n"
        "Left C6 MB: vascular uptake twice. Nothing injected.\n"
        "Left C4 and C5 MB: 0.5 mL 0.5% bupivacaine each.\n"
    )
    assert levels(report) == {(L, "C4-C5")}


def test_a_needle_position_before_anything_was_injected_is_no_level_treated(check):
    """Needles found one level low on the lateral view and moved before any injection: the
    level a needle stood at before the statement that nothing had been injected yet is not
    treated; the levels named after it are."""
    report = check(
        "Procedure: right C4-5 and C5-6 facet joint injections under fluoroscopy.\n"
        "Two needles placed toward the right C4-5 and C5-6 joints on the AP view.\n"
        "On the lateral view the upper needle was sitting at the right C5-6 joint and the "
        "lower needle at the right C6-7 joint. No medication had been injected yet. Both "
        "needles were walked up one level.\n"
        "Arthrograms at right C4-5 and C5-6; 0.5 mL 0.5% bupivacaine into each joint.\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}


def test_a_nerve_entry_naming_its_level_twice_and_abandoned_loses_its_joint(check):
    """ "Right C6 MB: needle to the C6 pillar ... abandoned": the nerve's sentence names one
    level twice, not a list, so the joint it would have completed is not blocked."""
    text = (
        "Right C4, C5 and C6 medial branch blocks under fluoroscopy.\n\n"
        "Right C4 MB: needle on the C4 articular pillar. Bupivacaine 0.5% 0.4 mL.\n\n"
        "Right C5 MB: needle on the C5 articular pillar. Bupivacaine 0.5% 0.4 mL.\n\n"
        "Right C6 MB: needle on the C6 pillar waist. Contrast spread into a vein on two\n"
        "tries. Attempt abandoned.\n"
    )
    report = check(text)
    assert levels(report) == {(R, "C4-C5")}
    assert not report.codes.supports_64492


def test_a_parenthesis_opening_with_not_injected_denies_the_level_before_it(check):
    text = (
        "PROCEDURE: Right C4-5 and C5-6 facet injections under fluoroscopy.\n\n"
        "Plan: we talked about right C3-4 (not injected today) as a target at the next visit."
    )
    assert levels(check(text)) == {(R, "C4-C5"), (R, "C5-C6")}


def test_no_facet_joint_above_c2_c3(check):
    """The lateral atlanto-axial joint (C1-C2) is no facet joint: a note listing it with the
    facets counts only the joints from C2-C3 down, and codes no third level for it."""
    text = (
        "PROCEDURE: Left C1-2, C2-3 and C3-4 facet joint injections under fluoroscopy.\n"
        "Each joint received 0.5 mL of 0.5% bupivacaine."
    )
    report = check(text)
    assert levels(report) == {(L, "C2-C3"), (L, "C3-C4")}
    assert not report.codes.supports_64492


def test_a_treated_atlanto_axial_joint_is_put_to_a_coder_with_the_guidance_that_codes_it(check):
    """Coding guidance has reported an atlanto-axial injection with 64490: the note is not
    coded silently without it, the coder is asked to confirm, quoting the source."""
    text = (
        "PROCEDURE: Left C1-2, C2-3 and C3-4 facet joint injections under fluoroscopy.\n"
        "Each joint received 0.5 mL of 0.5% bupivacaine."
    )
    report = check(text)
    messages = [w.message for w in report.extraction.reading_warnings if w.subject == "levels"]
    assert any("atlanto-axial" in m and "CPT Assistant (December 2010)" in m for m in messages)
    assert report.status == "needs_review"


def test_an_atlanto_axial_joint_only_in_the_history_asks_nothing(check):
    text = (
        "HISTORY: left C1-2 joint injection in 2023 helped for a month.\n"
        "PROCEDURE: Left C2-3 and C3-4 facet joint injections under fluoroscopy.\n"
        "Each joint received 0.5 mL of 0.5% bupivacaine."
    )
    report = check(text)
    assert not any("atlanto-axial" in w.message for w in report.extraction.reading_warnings)


def test_a_vertebral_run_from_the_atlas_starts_at_c2_c3(check):
    text = "PROCEDURE: Right C1 through C4 facet joint injections under fluoroscopy."
    assert levels(check(text)) == {(R, "C2-C3"), (R, "C3-C4")}
