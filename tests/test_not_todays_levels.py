"""Levels written in parts of a note that are not today's procedure: a plan or an imaging
finding hard-wrapped onto a second line, an earlier note pasted below today's, the bony
landmark a thoracic needle rests on. None of them may add a level or a 64492."""

from __future__ import annotations

import pytest

R, L = "right", "left"


def levels(report) -> set[tuple[str, str]]:
    return {(fact.side, fact.level) for fact in report.extraction.levels}


def test_imaging_finding_wrapped_onto_the_next_line_stays_imaging(check):
    note = (
        "Inpatient consult\n"
        "MRI C-spine (09/09): multilevel degenerative change; facet arthropathy L>R\n"
        "C3-4 through C6-7; moderate foraminal narrowing L C5-6.\n"
        "\n"
        "Procedure: left C3-4 and C4-5 intra-articular facet injections under fluoroscopy.\n"
        "Consent signed, time-out done. Bupivacaine 0.25% 0.5 mL each joint.\n"
    )
    report = check(note)
    assert levels(report) == {(L, "C3-C4"), (L, "C4-C5")}
    assert report.codes.supported == ["64490-LT", "64491-LT"]
    assert not report.codes.supports_64492


def test_plan_wrapped_onto_a_bracketed_line_stays_the_plan(check):
    note = (
        "Procedure: Bilateral third occipital nerve blocks (C2-3)\n"
        "Consent signed. Time out performed. Under fluoroscopy, needles to the C2-3 joint\n"
        "line bilaterally. Marcaine 0.5% 0.5 mL at each TON.\n"
        "Plan: if concordant relief on 2nd block -> bilateral RFA C2-3 through C4-5\n"
        "(TON + C3, C4, C5 MB) per pt's pain pattern.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C2-C3"), (L, "C2-C3")}
    assert not report.codes.supports_64492


def test_plan_list_item_wrapped_at_a_deeper_indent_stays_the_plan(check):
    note = (
        "Procedure: diagnostic medial branch block, right C5, C6, C7 medial branches under\n"
        "fluoroscopy, lidocaine 2% 0.5 mL per nerve. Consent and time-out done.\n"
        "\n"
        "ASSESSMENT / PLAN\n"
        "  - Cervical facet pain, right. If >=80% relief from today's block, schedule a\n"
        "    confirmatory block covering R C4-C5 through C7-T1 (C4, C5, C6, C7, T1 MB) and\n"
        "    then consider RFA.\n"
        "  - Follow up in 4 weeks.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C5-C6"), (R, "C6-C7")}
    assert report.codes.supported == ["64490-RT", "64491-RT"]


def test_a_short_line_is_not_taken_for_a_wrapped_one(check):
    """Terse notes write one item per line without stops: a history line does not reach the
    procedure lines below it."""
    note = (
        "hx: b/l c5/6 c6/7 FJI 2023 -> minimal relief\n"
        "cx signed, TO done\n"
        "prone, chlorhex, drape\n"
        "fluoro, R C4-5 and R C5-6 facet jt injected, bupi 0.25% 0.5cc each\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert report.extraction.workflow.sterile_prep


def test_note_copied_from_a_prior_visit_below_todays_is_history(check):
    note = (
        "Clinic note 04/29/2025\n"
        "Procedure: L C6-7, C7-T1 facet injections. Fluoro. Sensorcaine 0.5% 0.5 mL each "
        "joint. Pt tolerated well.\n"
        "--------- copied from prior note 10/14/2024 ---------\n"
        "Procedure: L C4-5, C5-6, C6-7 MBB. Fluoro. 0.5 mL 0.5% bupivacaine per nerve.\n"
    )
    report = check(note)
    assert levels(report) == {(L, "C6-C7"), (L, "C7-T1")}
    assert report.codes.supported == ["64490-LT", "64491-LT"]
    assert not report.codes.supports_64492


def test_thoracic_transverse_process_written_tp_is_a_landmark_not_a_target(check):
    note = (
        "R thoracic MBB (T7, T8, T9 MB), fluoro. Consent signed, time-out done.\n"
        "Target: R T7 MB -- superolateral corner of R T8 TP\n"
        "Target: R T8 MB -- superolateral corner of R T9 TP\n"
        "Target: R T9 MB -- superolateral corner of R T10 TP\n"
        "Marcaine 0.5% 0.5 mL per nerve.\n"
        "CPT: 64490-RT, 64491-RT, 64492-RT\n"
    )
    report = check(note)
    assert levels(report) == {(R, "T8-T9"), (R, "T9-T10")}
    assert not report.codes.supports_64492


def test_next_procedure_heading_with_a_capitals_qualifier_is_the_plan(check):
    note = (
        "TODAY (05/21):\n"
        " - Dr. Sethi gave you 4 trigger point injections in your right upper back.\n"
        " - Medicine: lidocaine 1%, 1 mL at each spot.\n"
        "\n"
        "YOUR NEXT PROCEDURE - SCHEDULED\n"
        " Left cervical medial branch block, left C3-4, C4-5 and C5-6\n"
        " Expected billing: 64490-LT, 64491-LT, 64492-LT\n"
    )
    report = check(note)
    assert levels(report) == set()
    assert not report.codes.supports_64492


def test_changes_at_a_level_in_an_imaging_sentence_are_findings(check):
    note = (
        "CT C-spine showed no fracture; advanced bilateral facet arthropathy C4-C7 with lesser\n"
        "changes at C3-4. On 02/05 CT-guided bilateral cervical facet joint injections C4-5\n"
        "through C6-7 were performed. Each joint received triamcinolone 20 mg and 0.5 mL of\n"
        "0.5% bupivacaine.\n"
    )
    report = check(note)
    sides = {(s, lv) for s in (R, L) for lv in ("C4-C5", "C5-C6", "C6-C7")}
    assert levels(report) == sides


def test_a_history_line_that_goes_on_with_a_new_sentence_keeps_its_levels_history(check):
    """ "HISTORY: ... predominantly right" over "upper neck. Prior procedures: 2022 left C5-6
    and C6-7 RFA" over "(left C5, C6, C7 medial branches) ...": the second line goes on with
    the history's sentence (a colon after a new sentence is no label of the line), so the
    earlier ablation's nerves stay history."""
    note = (
        "PROCEDURE: Right C3-4 and C4-5 facet joint medial branch blocks (right C3, C4\n"
        "and C5 medial branches), fluoroscopically guided.\n"
        "\n"
        "HISTORY: 61-year-old woman with bilateral neck pain, now predominantly right\n"
        "upper neck. Prior procedures: 2022 left C5-6 and C6-7 radiofrequency ablation\n"
        "(left C5, C6, C7 medial branches) with 9 months of relief. Left side currently\n"
        "quiet.\n"
        "\n"
        "DESCRIPTION: Consent signed, time-out done. Under fluoroscopy needles were placed at\n"
        "the right C3, C4 and C5 medial branches, 0.5 mL of 0.5% bupivacaine at each.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5")}
    assert report.codes.supported == ["64490-RT", "64491-RT"]


def test_an_earlier_block_wrapped_before_its_levels_at_the_same_indent_stays_earlier(check):
    """An indented comment wrapped before a level ("   ... Earlier (2023) R-sided" over
    "   C3-C6 MBB x2 at outside facility ..."): the levels are the earlier blocks', and
    today's side does not reach them."""
    note = (
        " PROCEDURE\n"
        "   Type ................. Diagnostic medial branch block, cervical\n"
        "   Nerves ............... L third occipital nerve + L C3, C4 MB\n"
        "   Imaging .............. Fluoroscopy\n"
        "   Injectate ............ Naropin 0.5%, 0.5 mL per nerve\n"
        "\n"
        " COMMENTS\n"
        "   Exemplar case. Note the TON treated as C2-3 per practice protocol. Earlier (2023)\n"
        "   C3-C6 MBB x2 at outside facility not part of this abstract.\n"
    )
    report = check(note)
    assert levels(report) == {(L, "C2-C3"), (L, "C3-C4")}
    assert not report.codes.supports_64492


def test_an_inserted_recent_procedures_object_is_history(check):
    """An electronic record inserts the patient's recent procedures (dates, CPT codes,
    levels) above today's note: a prior three-level block there is not today's."""
    note = (
        "Recent Procedures (PCE, last 12 months):\n"
        "  08/14/2024  PAIN CLINIC  64492-RT INJ PARAVERT F JNT C/T 3 LEV\n"
        "              (R C4-C7 medial branch block, 80% relief x 6 h)\n"
        "\n"
        "Procedure today: RIGHT C5-6 and C6-7 intra-articular facet injections.\n"
        "Consent reviewed and signed. Time-out completed. Under fluoroscopy, needles into\n"
        "the R C5-6 and R C6-7 facet joints; each joint injected with 0.5 mL betamethasone\n"
        "6 mg/mL. No complications.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C5-C6"), (R, "C6-C7")}
    assert report.codes.supported == ["64490-RT", "64491-RT"]
    assert not report.codes.supports_64492


def test_an_offer_said_aloud_in_the_room_is_not_a_side_done(check):
    """A nurse's question ("Want me to move the C-arm over to the other side?") proposes
    the other side; it does not record that the left levels were repeated on the right."""
    note = (
        "PROCEDURE: fluoroscopically guided facet joint injections.\n"
        "Consent signed; time-out performed. Contrast: Omnipaque 240.\n"
        "ROOM AUDIO (excerpt)\n"
        " Dr: Left C4-5... there's the arthrogram. Go ahead with the mix.\n"
        " Dr: Left C5-6, also good.\n"
        " RN: Want me to move the C-arm over to the other side?\n"
        " Dr: All done.\n"
    )
    report = check(note)
    assert levels(report) == {(L, "C4-C5"), (L, "C5-C6")}
    assert report.codes.supported == ["64490-LT", "64491-LT"]


def test_an_attempted_level_whose_entry_says_not_injected_is_not_counted(check):
    """ "Right C6-C7 attempted: ... NOT injected" followed by the next step's skin lidocaine:
    the drug on the following line belongs to the next step, not to the attempted level."""
    note = (
        "Procedure (draft, edited)\n"
        "Right C4-C5 and C5-C6 intra-articular facet joint injections under fluoroscopy.\n"
        "Right C6-C7 attempted: persistent vascular uptake on contrast after two "
        "repositionings;\n NOT injected, needle withdrawn.\n"
        "Prep chlorhexidine, sterile drape. Skin 1% lidocaine 1 mL per site.\n"
        "Per joint: Kenalog-40 0.5 mL + lidocaine 1% 0.5 mL.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert not report.codes.supports_64492


def test_a_branch_discussed_but_not_blocked_takes_its_joint_back(check):
    """An option said aloud ("we could add C4 if you want to cover C4-5 too") and an addendum
    saying the C4 branch "was discussed but NOT blocked": the C4-5 joint is not counted."""
    note = (
        "PROCEDURE (auto-generated)\n"
        "Right C4, C5, C6 and C7 medial branch blocks under fluoroscopy.\n"
        "Anesthetic: Naropin 0.5% 0.5 mL per nerve.\n"
        "ROOM DIALOGUE (excerpt)\n"
        "  Dr: We could add C4 if you want to cover C4-5 too, but honestly your pain is lower.\n"
        "  Dr: Okay, C5 through C7 then.\n"
        "ADDENDUM - 12/09/2025 16:20\n"
        "Correction to the auto-generated procedure line: the C4 medial branch was discussed "
        "but NOT blocked. Blocks were right C5, C6 and C7 medial branches only.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C5-C6"), (R, "C6-C7")}
    assert not report.codes.supports_64492


def test_an_order_title_names_the_joints_requested_not_the_ones_treated(check):
    """The title copied from the order says facet joints; the description treats rib
    joints: the title gives no facet level and no code."""
    note = (
        "Order/Title: Left T4-T5, T5-T6, T6-T7 thoracic facet injections\n"
        "Procedure performed: Left T4, T5 and T6 costotransverse joint injections under\n"
        "fluoroscopy. Consent signed, time-out done. At each costotransverse joint 0.5 mL\n"
        "0.25% bupivacaine was injected after contrast outlined the joint.\n"
    )
    report = check(note)
    assert report.extraction.levels == []
    assert not report.codes.supports_64492
    assert not report.codes.supported


def test_a_problem_list_names_conditions_not_todays_levels(check):
    """A problem list above the procedure names other conditions with their own levels and
    sides (an old lumbar operation): they add no level."""
    note = (
        "Active problems (from the referral):\n"
        "  #1 Left cervical facet arthropathy.\n"
        "  #2 Right L5 radiculopathy; L5-S1 discectomy 2018.\n"
        "\n"
        "Procedure: left C4-5, C5-6 and C6-7 facet joint injections under fluoroscopy.\n"
        "Consent signed. Time-out done. Bupivacaine 0.25% 0.5 mL per joint.\n"
    )
    report = check(note)
    assert levels(report) == {(L, "C4-C5"), (L, "C5-C6"), (L, "C6-C7")}
    assert report.codes.supported == ["64490-LT", "64491-LT", "64492-LT"]


def test_what_was_done_today_under_a_problem_oriented_plan_is_todays_procedure(check):
    """An assessment-and-plan outline whose first item says what was done today: that item
    is today's procedure, not the plan."""
    note = (
        "A/P:\n"
        "#1 Neck pain, right (M47.812)\n"
        "   - Done today: R C3-4, C4-5, C5-6 IA facet inj under fluoro. Consent, TO done.\n"
        "   - Each joint: 0.5 mL 0.5% bupivacaine.\n"
        "#2 Low back pain - continue PT, RTC 3 mo.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6")}
    assert report.codes.supported == ["64490-RT", "64491-RT", "64492-RT"]


def test_a_level_considered_but_deferred_is_not_treated(check):
    note = (
        "Procedure: LEFT cervical medial branch block, C3, C4, C5 medial branches (C3-4, C4-5)\n"
        "Left neck pain. She asked to have the left C5-6 done as well.\n"
        "C5-6 was considered but deferred: no tenderness there today.\n"
        "Under fluoroscopy, needles to the left C3, C4 and C5 medial branches; 0.3 mL\n"
        "bupivacaine 0.5% at each.\n"
    )
    report = check(note)
    assert levels(report) == {(L, "C3-C4"), (L, "C4-C5")}
    assert not report.codes.supports_64492


def test_an_order_line_names_what_was_requested_not_what_was_done(check):
    note = (
        "Order: Right C3-4, C4-5, C5-6 facet joint injections\n"
        "Procedure performed: Right C4-5 and C5-6 facet joint injections under fluoroscopy.\n"
        "The right C4-5 and C5-6 joints each received 0.5 mL bupivacaine 0.25%.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert not report.codes.supports_64492


def test_tenderness_with_a_side_word_before_the_levels_is_an_exam_finding(check):
    note = (
        "Mid back pain on both sides, tender bilat over the T5-T8 paraspinals.\n"
        "R T5-6 and R T6-7 facet joints injected under fluoro, 0.5 mL bupivacaine 0.5% each.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "T5-T6"), (R, "T6-T7")}
    assert not report.codes.supports_64492


@pytest.mark.parametrize("verb", ["treated", "done", "performed"])
def test_a_level_treated_elsewhere_is_not_todays(check, verb):
    """Another practice's care ("right C5-6 facet pain treated elsewhere") names no level of
    today's procedure: a lumbar session stays lumbar, with no cervical code."""
    report = check(
        "Procedure: left L4-5 and L5-S1 facet joint injections under fluoroscopy.\n"
        "Indication: left low back pain, worse with extension.\n"
        f"Also has left C6-7 facet pain {verb} elsewhere.\n"
        "0.5 mL of 0.25% bupivacaine into each joint.\n"
    )
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", "L4-L5"),
        ("left", "L5-S1"),
    }
    assert report.codes.supported == []


def test_a_header_ending_a_line_of_prose_labels_only_its_paragraph(check):
    # "MRI 03/2024:" closes a wrapped indication line: it labels the finding wrapped onto
    # the next line, not every paragraph below it up to the next header
    report = check(
        "INDICATION: 60M with axial neck pain for a year, worse on rotation. MRI 03/2024:\n"
        "facet arthropathy right C5-6 and C6-7.\n\n"
        "Consent signed. Time-out done. Right C3-4 and C4-5 facet joint injections under "
        "fluoroscopy; 1 mL of 0.5% bupivacaine into each joint. Observed 20 minutes.\n"
    )
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5")}
    assert report.extraction.workflow.consent
    assert [m.name for m in report.extraction.medications] == ["bupivacaine"]


def test_a_dated_history_label_ending_a_line_covers_the_levels_wrapped_below_it(check):
    # "Prior injection 01/2025:" closes a line of prose: the outside levels on the next line
    # are that earlier injection's, not today's (they would add up to 64492 on the left)
    report = check(
        "History: PT x 12 sessions, meloxicam. Prior injection 01/2025:\n"
        "left C3-4, C4-5, C5-6 facet injections at outside hospital, 40% relief.\n"
        "Procedure: right C4-5 facet joint injection under fluoroscopy, 0.5 mL 0.5% "
        "bupivacaine.\n"
    )
    assert levels(report) == {(R, "C4-C5")}
    assert not report.codes.supports_64492


def test_levels_of_a_region_the_note_says_was_not_treated_today_drop_out(check):
    text = (
        "Procedure: Right C3-C4, C4-C5, C5-C6 cervical medial branch block\n"
        "Prone. Under fluoroscopy, needles to the right L4 and L5 medial branches and the\n"
        "right L5 dorsal ramus. Bupivacaine 0.5%, 0.5 mL at each nerve.\n"
        "Addendum: the procedure line above was carried over from an old template. No cervical\n"
        "procedure was performed today.\n"
    )
    report = check(text)
    assert {fact.level for fact in report.extraction.levels} <= {"L4-L5", "L5-S1"}
    assert report.codes.supports_64492 is False
