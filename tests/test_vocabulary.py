"""Drug, contrast, guidance and procedure names written outside the US, by voice
recognition, or as a product that carries its strength."""

import pytest

from tests.test_extraction import meds

PROCEDURE = "PROCEDURE: Right C4-5 and C5-6 medial branch blocks under fluoroscopy.\n"


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("0.5 mL of 1% lignocaine was injected at each level.", "lidocaine", "anesthetic"),
        ("0.5 mL of Marcain 0.5% was injected at each level.", "bupivacaine", "anesthetic"),
        ("0.5 mL of Chirocaine 0.25% was injected at each level.", "levobupivacaine", "anesthetic"),
        ("0.5 mL of Depo-Medrone 40 mg/mL at each level.", "methylprednisolone", "steroid"),
        ("Then point 5 percent mark a in 0.5 mL at each level.", "bupivacaine", "anesthetic"),
        ("0.5 mL of lido cane 1% was injected at each level.", "lidocaine", "anesthetic"),
        ("0.5 mL of depot Medrol 40 mg/mL at each level.", "methylprednisolone", "steroid"),
        ("0.5 mL of ken a log 40 mg/mL at each level.", "triamcinolone", "steroid"),
    ],
)
def test_names_outside_the_us_and_dictated_forms(check, sentence, name, role):
    found = meds(check(PROCEDURE + sentence))
    assert list(found) == [(name, role)]
    concentration, per_level, _ = found[(name, role)]
    assert per_level == 0.5
    assert concentration in ("1%", "0.5%", "0.25%", "40 mg/mL")


def test_dictated_point_five_percent_is_half_a_percent(check):
    found = meds(check(PROCEDURE + "Then point 5 percent bupivacaine 0.5 mL at each level."))
    assert found == {("bupivacaine", "anesthetic"): ("0.5%", 0.5, None)}


def test_dictated_digits_after_point_are_one_decimal(check):
    found = meds(check(PROCEDURE + "Then point 2 5 percent bupivacaine point 5 cc at each level."))
    assert found == {("bupivacaine", "anesthetic"): ("0.25%", 0.5, None)}


@pytest.mark.parametrize(
    ("sentence", "agent"),
    [
        ("Niopam 300 0.2 mL confirmed spread.", "iopamidol"),
        ("Visipaque 270 0.2 mL confirmed spread.", "iodixanol"),
        ("Omni pack 0.2 mL confirmed spread.", "iohexol"),
        ("I so view 200 confirmed intra articular placement.", "iopamidol"),
    ],
)
def test_contrast_brands_outside_the_us_and_dictated(check, sentence, agent):
    contrast = check(PROCEDURE + sentence).extraction.contrast
    assert (contrast.used, contrast.agent) == (True, agent)


@pytest.mark.parametrize(
    "sentence",
    ["Needles placed under image intensifier.", "Needles placed under II screening."],
)
def test_image_intensifier_is_fluoroscopy(check, sentence):
    ex = check("Right C4-5 facet injection. " + sentence).extraction
    assert ex.guidance == "fluoroscopy"


def test_zygapophysial_joint_injection_is_a_facet_injection(check):
    ex = check("Right C4-5 zygapophysial joint injection under fluoroscopy.").extraction
    assert ex.procedure == "facet_injection"


@pytest.mark.parametrize(
    ("sentence", "concentration"),
    [
        ("0.5 mL of Kenalog-40 was injected at each level.", "40 mg/mL"),
        ("0.5 mL of Kenalog-10 was injected at each level.", "10 mg/mL"),
        ("0.5 mL of Depo-Medrone-40 was injected at each level.", "40 mg/mL"),
        ("0.5 mL of Depo-Medrol 80 was injected at each level.", "80 mg/mL"),
        # a written concentration is the concentration
        ("0.5 mL of Kenalog-40 (triamcinolone 10 mg/mL diluted) at each level.", "10 mg/mL"),
        # a dose after the brand is a dose, not the product strength
        ("Kenalog 40 mg was divided among the levels.", None),
        ("Depo-Medrol 80 mg in 2 mL was divided among the levels.", None),
    ],
)
def test_product_strength_implies_the_concentration(check, sentence, concentration):
    found = check(PROCEDURE + sentence).extraction.medications
    steroid = [m for m in found if m.role == "steroid"]
    assert [m.concentration for m in steroid] == [concentration]
