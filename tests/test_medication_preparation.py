"""Medication preparation and administration records beside the procedure note: amounts
drawn up, wasted or discarded are never volumes given, and the skin local named again on a
record row or an inventory line is the skin local, not the block's anaesthetic."""

import pytest

from tests.test_extraction import meds

PROCEDURE = (
    "PROCEDURE: Right C4, C5 and C6 medial branch blocks under fluoroscopy.\n"
    "Skin wheal with 1% lidocaine 0.5 mL at each entry site. 0.5 mL of 0.5% bupivacaine "
    "injected at each nerve.\n\n"
)


@pytest.mark.parametrize(
    "record",
    [
        "Waste: bupivacaine 0.5% 1.5 mL, lidocaine 1% 4 mL - witnessed by RN.",
        "Bupivacaine 0.5% 1.5 mL wasted, witness RN.\nLidocaine 1% 4 mL - discarded.",
        "Bupivacaine 0.5%, 1.5 mL remainder discarded.",
    ],
)
def test_wasted_or_discarded_amounts_are_no_volumes(check, record):
    found = meds(check(PROCEDURE + record + "\n"))
    assert found == {
        ("lidocaine", "skin_local"): ("1%", 0.5, None),
        ("bupivacaine", "anesthetic"): ("0.5%", 0.5, None),
    }


@pytest.mark.parametrize(
    "line",
    [
        "Syringe 1: bupivacaine 0.5%   3 mL drawn",
        "Bupivacaine 0.5%   drawn 3 mL",
    ],
)
def test_an_amount_drawn_up_is_no_volume(check, line):
    text = (
        "PROCEDURE: Right C4, C5 and C6 medial branch blocks under fluoroscopy.\n\n"
        f"{line}\n\nEach nerve was blocked with bupivacaine.\n"
    )
    found = meds(check(text))
    assert found[("bupivacaine", "anesthetic")] == ("0.5%", None, None)


@pytest.mark.parametrize(
    "row",
    [
        "0902 | Lidocaine 1%      | 0409-4276-01 | lot 55-120 | 2 mL   | SQ, R neck   | AB",
        "0902  lidocaine 1% (NDC 0409-4276-01, lot 55-120, exp 10/27)  2 mL SC   scanned",
    ],
)
def test_a_record_row_with_a_skin_route_is_the_skin_local(check, row):
    text = (
        "PROCEDURE: Right C4, C5 and C6 medial branch blocks under fluoroscopy.\n\n"
        f"MEDICATION ADMINISTRATION\n{row}\n\n"
        "0.5 mL of 0.5% bupivacaine injected at each nerve.\n"
    )
    found = meds(check(text))
    assert set(found) == {("lidocaine", "skin_local"), ("bupivacaine", "anesthetic")}
    assert found[("lidocaine", "skin_local")][0] == "1%"


def test_the_skin_local_on_an_inventory_line_is_no_second_drug(check):
    text = PROCEDURE + (
        "Lots: Lidocaine 1% (Xylocaine) NDC 63323-0485-27, lot 7302240, exp 02/2027\n"
    )
    assert set(meds(check(text))) == {
        ("lidocaine", "skin_local"),
        ("bupivacaine", "anesthetic"),
    }


def test_the_same_drug_named_at_the_targets_stays_the_blocks_anaesthetic(check):
    text = (
        "PROCEDURE: Right C4, C5 and C6 medial branch blocks under fluoroscopy.\n"
        "Skin wheal with 1% lidocaine 0.5 mL at each entry site.\n"
        "Each medial branch was then blocked with 1% lidocaine.\n"
    )
    assert set(meds(check(text))) == {
        ("lidocaine", "skin_local"),
        ("lidocaine", "anesthetic"),
    }


def test_a_totals_line_of_the_record_gives_totals(check):
    text = (
        "PROCEDURE: Right C4-5, C5-6 and C6-7 facet joint injections under fluoroscopy.\n"
        "Bupivacaine 0.25% - 0.5 mL per joint\n"
        "TOTALS (per MAR): bupivacaine 0.25% 1.5 mL\n"
    )
    assert meds(check(text))[("bupivacaine", "anesthetic")] == ("0.25%", 0.5, 1.5)


def test_a_timed_record_row_beside_a_volume_per_target_is_a_total(check):
    text = (
        "PROCEDURE: Right C4, C5 and C6 medial branch blocks under fluoroscopy.\n\n"
        "MEDICATION ADMINISTRATION RECORD\n"
        "0902 | Bupivacaine 0.5% PF   | lot 22-118 | 1.5 mL | perineural R C4-C6 | AB\n"
        "0907 | Lidocaine 1%          | lot 55-120 | 3 mL   | SQ, R neck        | AB\n\n"
        "Skin wheal with 1% lidocaine, 1 mL per site. 0.5 mL of 0.5% bupivacaine injected "
        "per nerve.\n"
    )
    assert meds(check(text)) == {
        ("lidocaine", "skin_local"): ("1%", 1.0, 3.0),
        ("bupivacaine", "anesthetic"): ("0.5%", 0.5, 1.5),
    }


def test_a_timed_record_row_alone_stays_the_volume_at_its_target(check):
    text = (
        "PROCEDURE: C7-T1 interlaminar epidural steroid injection under fluoroscopy.\n\n"
        "0902  lidocaine 1%  lot 55-120  2 mL  SC  posterior neck\n"
        "Skin wheal with 1% lidocaine. Depo-Medrol 80 mg/mL 1 mL injected.\n"
    )
    assert meds(check(text))[("lidocaine", "skin_local")] == ("1%", 2.0, None)


def test_a_volume_per_level_above_the_stated_total_is_dropped(check):
    text = (
        "PROCEDURE: Right C4-5 and C5-6 facet joint injections under fluoroscopy.\n\n"
        'Prep list:\n  Syr "SKIN"    lidocaine 1% 6 mL\n\n'
        "Skin infiltrated with 1% lidocaine, 2 mL total. 0.5 mL of 0.5% bupivacaine "
        "injected into each joint.\n"
    )
    assert meds(check(text))[("lidocaine", "skin_local")] == ("1%", None, 2.0)
