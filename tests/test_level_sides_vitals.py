"""Letters and words that name no treated side: a respiratory rate ("R 16"), an IV site
("L hand"), the lateral view ("L view"), a head turned to one side, the side a patient lies on."""

import pytest

PROCEDURE = (
    "Procedure: C5-6 and C6-7 facet joint injections under fluoroscopy, 0.5 mL 0.5% "
    "bupivacaine each.\n"
)


@pytest.mark.parametrize(
    "line",
    [
        "Vitals: T 98.6  P 72  R 16  BP 132/84  SpO2 98%.\n",
        "Vitals: P 64, R 12, T 36.8\n",
        "BP 120/80  P 70  R 14\n",
        "P 70  R 14  T 98.2  ",
        "Recovery: BP 126/74, R 15, comfortable.\n",
        "IV: 20 g L hand, saline lock.\n",
        "IV placed in the R forearm.\n",
        "Needles placed under AP, then L view; L view showed the tips on the pillars.\n",
        "Prone, head rotated slightly to the right.\n",
        "Neck pain worse with rotation to the left.\n",
        "Lateral approach, patient lying on the right side.\n",
        "Positioned for a lateral approach: lay on her left.\n",
    ],
)
def test_vitals_iv_sites_views_and_head_turns_give_no_side(check, line):
    extraction = check(line + PROCEDURE).extraction
    assert extraction.levels == []
    assert extraction.levels_unsided == ["C5-C6", "C6-C7"]


def test_a_stated_side_still_reads_beside_a_position(check):
    text = (
        "Prone, head turned to the right.\nProcedure: left C5-6 and C6-7 facet joint injections.\n"
    )
    extraction = check(text).extraction
    assert {str(fact.side) for fact in extraction.levels} == {"left"}


def test_the_side_a_patient_lies_on_gives_no_side_to_the_rows_below_it(check):
    """A one-sided procedure done by a lateral approach, the patient lying on the other
    side just above the rows of nerves: the rows are the procedure's side only."""
    text = (
        "Procedure: Left C3-4 to C5-6 medial branch blocks (C3, C4, C5, C6) under fluoroscopy\n"
        "\n"
        "Lateral fluoroscopic approach with the patient lying on the right side.\n"
        "  C3 MB - waist of the C3 articular pillar      bupivacaine 0.5% 0.4 mL\n"
        "  C4 MB - waist of the C4 articular pillar      bupivacaine 0.5% 0.4 mL\n"
        "  C5 MB - waist of the C5 articular pillar      bupivacaine 0.5% 0.4 mL\n"
        "  C6 MB - waist of the C6 articular pillar      bupivacaine 0.5% 0.4 mL\n"
    )
    report = check(text)
    assert {(str(f.side), f.level) for f in report.extraction.levels} == {
        ("left", "C3-C4"),
        ("left", "C4-C5"),
        ("left", "C5-C6"),
    }
    assert report.codes.supported == ["64490-LT", "64491-LT", "64492-LT"]
