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


def test_a_relief_percent_is_not_a_strength(check):
    found = meds(check(PROCEDURE + "bupi .5 0.5 ea\npre 7 post 3 (60%)\n"))
    assert found[("bupivacaine", "anesthetic")] == ("0.5%", 0.5, None)


def test_prior_relief_beside_a_drug_is_not_its_strength(check):
    found = meds(check(PROCEDURE + "#1 (same lvls): 90% x 6h w/ lido\nbupi .5 0.5 ea\n"))
    assert all(concentration != "90%" for concentration, _, _ in found.values())


@pytest.mark.parametrize(
    "line", ["10:14  lidocaine 40 mg IV (propofol line)", "IV lidocaine 40 mg with propofol"]
)
def test_an_intravenous_drug_is_not_the_injectate(check, line):
    text = PROCEDURE + "bupivacaine 0.5% 0.5 mL per nerve.\nANESTHESIA RECORD:\n" + line + "\n"
    assert ("lidocaine", "anesthetic") not in meds(check(text))


def test_indented_wrapped_line_keeps_the_skin_cue_with_its_drug(check):
    text = (
        "Procedure Note\n"
        "  Procedure: Left T5, T6 and T7 medial branch blocks under fluoroscopic guidance.\n"
        "  Description: Time-out completed. Prone, prepped and draped. Skin anesthetized\n"
        "  with 1% lidocaine. Under fluoroscopy, needles were placed at the T5, T6 and T7\n"
        "  medial branches. Bupivacaine 0.5%, 0.5 mL per nerve, was injected at each target.\n"
    )
    found = meds(check(text))
    assert found[("lidocaine", "skin_local")][0] == "1%"
    assert ("lidocaine", "anesthetic") not in found


def test_a_volume_heading_a_list_of_drugs_is_the_mixtures(check):
    """ "injected with 1.5 mL: A 1 mL + B 0.5 mL": each drug has its own volume; the 1.5 mL
    is the whole injectate's."""
    report = check(
        "Bilateral C6-7 facet joint injections under fluoroscopy. Each joint injected with\n"
        "1.5 mL: dexamethasone 4 mg/mL 1 mL + 2% lidocaine 0.5 mL.\n"
    )
    found = meds(report)
    assert found[("dexamethasone", "steroid")] == ("4 mg/mL", 1.0, None)
    assert found[("lidocaine", "anesthetic")] == ("2%", 0.5, None)


def test_a_count_of_joints_is_no_total_volume(check):
    """ "6 jts total" counts the joints: the steroid's 0.25 cc stays a volume per joint."""
    report = check(
        "b/l c6/7 c7/t1 t1/2 IA facet inj under CT\n"
        "each jt: 0.5cc bupi .5% + 10 mg (0.25 cc) kenalog-40\n"
        "6 jts total (3/side)\n"
    )
    assert meds(report)[("triamcinolone", "steroid")] == ("40 mg/mL", 0.25, None)


def test_skin_local_wrapped_across_capitalised_lines(check):
    """An all-capitals report wraps "SKIN LOCAL" onto one line and the drug onto the next:
    the lidocaine is still the skin infiltration."""
    report = check(
        "PROCEDURE: LEFT C5-C6, C6-C7 FACET JOINT INJECTIONS UNDER FLUOROSCOPY.\n"
        "DESCRIPTION: PT PRONE. TIME OUT DONE. NECK PREPPED WITH CHLORAPREP. SKIN LOCAL\n"
        "LIDOCAINE 1% 1 ML EACH LEVEL. 22G NEEDLES INTO L C5-6 AND C6-7 JOINTS. INJECTATE\n"
        "PER JOINT: BUPIVACAINE 0.5% 0.5 ML.\n"
    )
    found = meds(report)
    assert ("lidocaine", "skin_local") in found
    assert ("lidocaine", "anesthetic") not in found


def test_drugs_indented_under_a_lumbar_line_are_not_the_cervical_drugs(check):
    """A combined session written as items: the lumbar item's indented drug line belongs to
    the lumbar facets, not to the cervical ones."""
    report = check(
        "R c6/7 FJI ; b/l L4/5 FJI (same session). fluoro.\n"
        "cerv: 22g into R c6/7\n"
        "  bupi .5% 0.5cc per jt\n"
        "lumbar: 22g 5in into b/l L4/5\n"
        "  depo 80 1cc + bupi .5% 1cc per jt\n"
    )
    found = meds(report)
    assert found[("bupivacaine", "anesthetic")] == ("0.5%", 0.5, None)
    assert ("methylprednisolone", "steroid") not in found


def test_cubic_centimetres_with_full_stops_are_a_volume_and_go_on_with_the_sentence(check):
    found = meds(
        check(
            PROCEDURE + "Needle into each joint after skin infiltration with 2 c.c. of 1% "
            "lidocaine. Into each joint: 0.5 mL bupivacaine 0.25%.\n"
        )
    )
    assert found[("lidocaine", "skin_local")] == ("1%", 2.0, None)
    assert found[("bupivacaine", "anesthetic")] == ("0.25%", 0.5, None)


def test_a_steroid_strength_per_one_millilitre(check):
    found = meds(check(PROCEDURE + "Kenalog 40mg/1ml 0.5 mL at each level.\n"))
    assert found[("triamcinolone", "steroid")] == ("40 mg/mL", 0.5, None)


def test_ropiv_is_ropivacaine_and_keeps_its_strength_off_the_steroid(check):
    report = check(
        "PROCEDURE: left C4-5 facet injection under fluoroscopy.\n"
        "0912 L C4-5: ropiv 0.2% 0.5 mL + Kenalog-40 0.25 mL\n"
    )
    drugs = {(m.name, m.concentration) for m in report.extraction.medications}
    assert drugs == {("ropivacaine", "0.2%"), ("triamcinolone", "40 mg/mL")}


def test_a_strength_corrected_in_an_attestation_replaces_the_one_denied(check):
    report = check(
        "PROCEDURE: right C4-5 facet injection under fluoroscopy.\n"
        "Bupivacaine 0.5%, 0.5 mL into the joint.\n\n"
        "ATTENDING ATTESTATION\n"
        "I agree with the note except: the anesthetic injected was bupivacaine 0.75%, not 0.5%.\n"
    )
    strengths = {(m.name, m.concentration) for m in report.extraction.medications}
    assert ("bupivacaine", "0.75%") in strengths
    assert ("bupivacaine", "0.5%") not in strengths


def test_a_drug_corrected_in_an_attestation_replaces_the_one_denied(check):
    report = check(
        "PROCEDURE: right C4-5 facet injection under fluoroscopy.\n"
        "Injected 0.4 mL of 0.5% bupivacaine into the joint.\n\n"
        "ATTENDING ATTESTATION\n"
        "I agree except: the local anesthetic used was ropivacaine 0.5%,\n"
        "not bupivacaine 0.5% as documented.\n"
    )
    drugs = {(m.name, m.role, m.concentration) for m in report.extraction.medications}
    assert drugs == {("ropivacaine", "anesthetic", "0.5%")}


@pytest.mark.parametrize("line", ["kenolog 40 0.5 ml per jt", "kenalag-40 0.5 ml per jt"])
def test_a_misspelt_brand_carries_its_product_strength(check, line):
    assert meds(check(PROCEDURE + line + "\n"))[("triamcinolone", "steroid")][0] == "40 mg/mL"


def test_a_drug_injected_after_a_denied_finding_is_not_negated(check):
    """A quick note's lines run together: the finding denied at the end of one line does not
    reach the drug injected at the start of the next."""
    text = PROCEDURE + (
        "omnipaque 180 0.5cc arthrogram each joint good spread, no intravasc, no intrathecal\n"
        "injected depomedrol 40 mg/ml 1cc + 1cc PF NS\n"
    )
    assert meds(check(text))[("methylprednisolone", "steroid")][0] == "40 mg/mL"
