"""Levels written in parts of a note that are not today's procedure: a plan or an imaging
finding hard-wrapped onto a second line, an earlier note pasted below today's, the bony
landmark a thoracic needle rests on. None of them may add a level or a 64492."""

from __future__ import annotations

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
