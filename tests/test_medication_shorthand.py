"""Terse quick-entry shorthand: a local anaesthetic's strength written as a bare decimal
("bupi .5", "ropi .2"), a steroid's product strength after a short name ("depo 40",
"dex 10"), and volumes written without a unit before a per-target cue ("0.5 ea",
"0.3 per nerve")."""

import pytest

from tests.test_extraction import meds

PROCEDURE = "right c4, c5, c6 mbb under fluoro.\n"


@pytest.mark.parametrize(
    ("line", "drug", "strength", "volume"),
    [
        ("bupi .5 0.5cc per nerve", "bupivacaine", "0.5%", 0.5),
        ("ropi .2 -- 0.5 each nerve", "ropivacaine", "0.2%", 0.5),
        ("sensorcaine .5 -> 0.4 ea nerve", "bupivacaine", "0.5%", 0.4),
        ("bupi .75 0.3 per needle", "bupivacaine", "0.75%", 0.3),
        ("bupi .5 0.5 ea", "bupivacaine", "0.5%", 0.5),
    ],
)
def test_bare_decimal_after_a_local_anaesthetic_is_its_strength(
    check, line, drug, strength, volume
):
    assert meds(check(PROCEDURE + line + "\n"))[(drug, "anesthetic")] == (strength, volume, None)


def test_a_bare_volume_after_the_drug_is_not_read_as_a_strength(check):
    found = meds(check(PROCEDURE + "bupivacaine 0.5 ea nerve\n"))
    assert found[("bupivacaine", "anesthetic")] == (None, 0.5, None)


def test_a_strength_the_drug_is_not_sold_in_is_not_read_as_one(check):
    found = meds(check(PROCEDURE + "bupi .4 per nerve\n"))
    assert found[("bupivacaine", "anesthetic")][0] is None


@pytest.mark.parametrize(
    ("line", "drug", "strength"),
    [
        ("depo 40 0.25 cc ea", "methylprednisolone", "40 mg/mL"),
        ("dex 10 0.5cc per lvl", "dexamethasone", "10 mg/mL"),
    ],
)
def test_short_steroid_name_with_product_strength(check, line, drug, strength):
    assert meds(check(PROCEDURE + line + "\n"))[(drug, "steroid")][0] == strength


def test_a_steroid_dose_in_mg_is_not_a_strength(check):
    found = meds(check(PROCEDURE + "dex 10 mg total\n"))
    assert found[("dexamethasone", "steroid")][0] is None


def test_per_level_abbreviation_marks_a_volume_per_level(check):
    found = meds(check(PROCEDURE + "bupivacaine 0.5% 0.5cc per lvl\n"))
    assert found[("bupivacaine", "anesthetic")] == ("0.5%", 0.5, None)
