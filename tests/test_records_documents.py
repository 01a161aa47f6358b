"""Documents written about a patient's treatment rather than during it: an independent
medical examination's records review, a utilization-review determination, a letter that
sets the levels authorised against the levels performed. None may add a level or a 64492."""

from __future__ import annotations

R, L = "right", "left"


def levels(report) -> set[tuple[str, str]]:
    return {(fact.side, fact.level) for fact in report.extraction.levels}


def test_a_dated_records_review_under_a_capitals_heading_is_history(check):
    note = (
        "INDEPENDENT MEDICAL EXAMINATION\n"
        "No treatment was offered or provided at this visit.\n"
        "\n"
        "RECORDS REVIEWED (chronological summary)\n"
        "01/19/2022  Dr. Salazar -- bilateral C4-5, C5-6, C6-7 medial branch blocks under\n"
        "            fluoroscopy (C4, C5, C6, C7 MB), 0.5% bupivacaine 0.5 mL/nerve.\n"
        "02/07/2024  Dr. Salazar PR: requests bilateral C4-C7 MBB again.\n"
        "\n"
        "EXAMINATION (today)\n"
        "Paraspinal tenderness C4-C7 left > right. Strength 5/5 C5-T1.\n"
    )
    report = check(note)
    assert levels(report) == set()
    assert not report.codes.supports_64492


def test_a_utilization_review_request_and_determination_are_not_done(check):
    note = (
        "UTILIZATION REVIEW DETERMINATION\n"
        "\n"
        "TREATMENT REQUESTED\n"
        "  Bilateral C4-5, C5-6, C6-7 cervical medial branch blocks under fluoroscopy\n"
        "  CPT 64490-50, 64491-50, 64492-50 -- quantity 1\n"
        "\n"
        "DETERMINATION\n"
        "  CERTIFIED (modified): Bilateral C5-6 and C6-7 medial branch blocks\n"
        "  NON-CERTIFIED: third level (C4-5), 64492-50\n"
    )
    report = check(note)
    assert levels(report) == set()
    assert not report.codes.supports_64492


def test_an_attempted_level_not_completed_and_not_injected_is_not_counted(check):
    note = (
        "PROCEDURE: Bilateral C5-6 and C6-7 intra-articular facet joint injections under\n"
        "fluoroscopic guidance. Attempted bilateral C4-5, not completed.\n"
        "\n"
        "Consent signed. Time-out performed. Needles into the right and left C5-6 and C6-7\n"
        "joints; 0.5 mL Depo-Medrol 40 mg/mL into each joint.\n"
        "At C4-5 on both sides osteophytes overlapped the joint line. No contrast or\n"
        "medication was injected at C4-5 on either side.\n"
    )
    report = check(note)
    assert levels(report) == {(s, j) for s in (R, L) for j in ("C5-C6", "C6-C7")}
    assert not report.codes.supports_64492
