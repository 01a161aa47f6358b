"""Which local anaesthetic is skin infiltration and which is the block, and whether a
volume is per level or the whole amount."""

import pytest

from tests.test_extraction import meds

PROCEDURE = "PROCEDURE: Right C4-5 and C5-6 medial branch blocks under fluoroscopy.\n"


def test_drug_class_label_before_the_injectate_is_not_skin(check):
    text = PROCEDURE + (
        "Skin anesthesia: Lidocaine 1%, 0.5 mL per site\n"
        "Local anesthetic: Bupivacaine 0.25%, 0.5 mL per joint\n"
    )
    assert meds(check(text)) == {
        ("lidocaine", "skin_local"): ("1%", 0.5, None),
        ("bupivacaine", "anesthetic"): ("0.25%", 0.5, None),
    }


def test_nerve_anesthetized_with_lidocaine_is_the_block_not_skin(check):
    text = PROCEDURE + (
        "Skin wheals were raised with 1% lidocaine. Each nerve was then anesthetized with "
        "1 mL of 2% lidocaine before lesioning."
    )
    found = meds(check(text))
    assert found[("lidocaine", "anesthetic")] == ("2%", 1.0, None)
    assert found[("lidocaine", "skin_local")][0] == "1%"


def test_skin_anesthetized_is_still_skin(check):
    text = PROCEDURE + "The skin was anesthetized with 2 mL of 1% lidocaine."
    assert meds(check(text))[("lidocaine", "skin_local")][0] == "1%"


@pytest.mark.parametrize(
    "sentence",
    [
        "The skin was anesthetized with 2 mL of 1% lidocaine.",
        "Local: 1% lidocaine, 2 mL to skin.",
        "1% lido 2cc for skin and track.",
    ],
)
def test_skin_volume_without_total_is_per_site(check, sentence):
    assert meds(check(PROCEDURE + sentence)) == {("lidocaine", "skin_local"): ("1%", 2.0, None)}


def test_skin_wheals_made_with_a_total_volume(check):
    text = PROCEDURE + "Skin wheals were made with 1% lidocaine, 3 mL total."
    assert meds(check(text)) == {("lidocaine", "skin_local"): ("1%", None, 3.0)}


def test_skin_volume_repeated_at_each_level_is_per_site(check):
    text = (
        "PROCEDURE: Left C3-4 and C4-5 facet joint injections under fluoroscopy.\n\n"
        "Left C3-4: Skin infiltrated with 1 mL of 1% lidocaine. 0.5 mL of 0.5% ropivacaine "
        "was injected into the joint.\n\n"
        "Left C4-5: Skin infiltrated with 1 mL of 1% lidocaine. 0.5 mL of 0.5% ropivacaine "
        "was injected into the joint.\n"
    )
    found = meds(check(text))
    assert found[("lidocaine", "skin_local")] == ("1%", 1.0, None)
    assert found[("ropivacaine", "anesthetic")] == ("0.5%", 0.5, None)


def test_skin_volume_per_entry_site_is_per_site(check):
    text = PROCEDURE + "1% lidocaine skin wheal, 2 mL per entry site."
    assert meds(check(text)) == {("lidocaine", "skin_local"): ("1%", 2.0, None)}


def test_single_site_epidural_amount_without_total_is_per_level(check):
    text = (
        "PROCEDURE: Cervical interlaminar epidural steroid injection at C6-7 under "
        "fluoroscopy.\nThen Depo-Medrol 40 mg/mL 2 mL diluted with 2 mL saline was injected."
    )
    found = meds(check(text))
    assert found[("methylprednisolone", "steroid")] == ("40 mg/mL", 2.0, None)


def test_epidural_amount_written_as_a_total_is_a_total(check):
    text = (
        "PROCEDURE: Cervical interlaminar epidural steroid injection at C6-7 under "
        "fluoroscopy.\nA total of 2 mL of Depo-Medrol 40 mg/mL was injected."
    )
    found = meds(check(text))
    assert found[("methylprednisolone", "steroid")] == ("40 mg/mL", None, 2.0)


@pytest.mark.parametrize(
    "sentence",
    [
        "ANESTHESIA: Local with IV sedation (midazolam 2 mg and fentanyl 50 mcg IV).",
        "Moderate sedation: Versed 1 mg IV, Sublimaze 25 mcg IV.",
        "ANESTHESIA: MAC (propofol infusion per anesthesia) plus local.",
    ],
)
def test_sedation_drugs_are_not_medications_of_the_procedure(check, sentence):
    text = PROCEDURE + sentence + "\n0.5 mL of 0.5% bupivacaine was injected at each nerve."
    report = check(text)
    assert meds(report) == {("bupivacaine", "anesthetic"): ("0.5%", 0.5, None)}
    sedation = {m.name for m in report.extraction.sedation_medications}
    assert sedation and sedation <= {"midazolam", "fentanyl", "propofol"}
    assert report.extraction.workflow.sedation


def test_sedation_drug_alone_documents_sedation(check):
    text = PROCEDURE + "Midazolam 2 mg IV was given. 0.5 mL of 0.5% bupivacaine at each nerve."
    workflow = check(text).extraction.workflow
    assert workflow.sedation == "midazolam"
    assert [e.text.lower() for e in workflow.evidence["sedation"]] == ["midazolam"]


def test_drugs_of_another_procedure_in_the_session_are_not_facet_medications(check):
    text = (
        "PROCEDURE: Right C4-5 and C5-6 medial branch blocks under fluoroscopy, then "
        "trigger point injections.\n\n"
        "Medial branch blocks: skin wheals with 1% lidocaine. 0.5 mL of 0.5% bupivacaine "
        "was injected at each nerve.\n\n"
        "Trigger point injections: three sites in the right trapezius were injected with "
        "1% lidocaine 2 mL per site and Kenalog 40 mg/mL 1 mL.\n"
    )
    assert meds(check(text)) == {
        ("lidocaine", "skin_local"): ("1%", None, None),
        ("bupivacaine", "anesthetic"): ("0.5%", 0.5, None),
    }


def test_a_trigger_point_note_alone_keeps_its_drugs(check):
    text = (
        "PROCEDURE: Trigger point injections, right trapezius.\n\n"
        "Three sites were injected with 1% lidocaine 2 mL per site.\n"
    )
    assert meds(check(text)) == {("lidocaine", "anesthetic"): ("1%", 2.0, None)}


def test_total_in_a_clause_after_one_drug_is_that_drugs_total(check):
    text = (
        "PROCEDURE: Bilateral C5-6 and C6-7 facet joint injections under fluoroscopy.\n"
        "Needles were placed, each joint then received 0.5 mL of 0.5% bupivacaine, and "
        "Depo-Medrol 40 mg/mL, a total of 2 mL, was divided among the four joints."
    )
    assert meds(check(text)) == {
        ("bupivacaine", "anesthetic"): ("0.5%", 0.5, None),
        ("methylprednisolone", "steroid"): ("40 mg/mL", None, 2.0),
    }


def test_lumbar_block_drugs_in_a_cervical_session_are_not_facet_medications(check):
    text = (
        "PROCEDURE: Right C4-5 and C5-6 medial branch blocks and right lumbar medial branch "
        "blocks under fluoroscopy.\n\n"
        "Cervical: 0.5 mL of 0.5% bupivacaine at each nerve.\n\n"
        "Lumbar: right L3, L4 medial branches and L5 dorsal ramus, 1 mL of 0.5% ropivacaine "
        "per nerve.\n"
    )
    assert meds(check(text)) == {("bupivacaine", "anesthetic"): ("0.5%", 0.5, None)}


def test_a_lumbar_note_keeps_its_drugs(check):
    text = (
        "PROCEDURE: Right L4-5 and L5-S1 facet joint injections under fluoroscopy.\n\n"
        "Right L4-5 and L5-S1: 1 mL of 0.5% ropivacaine was injected into each joint.\n"
    )
    assert meds(check(text)) == {("ropivacaine", "anesthetic"): ("0.5%", 1.0, None)}


def test_trigger_points_in_shorthand_keep_their_drugs_out_of_a_numbered_session(check):
    text = (
        "Procs today:\n1) B/L C3-C5 FJI (IA), fluoro\n2) TPI x3 L trapezius\n"
        "#1: C-arm. Skin 1% lido 0.5 cc per site. 25g into B/L C3-4 and C4-5 joints. "
        "0.5 cc 0.5% bupi per jt.\n"
        "#2: TPI L trapezius x3, 1 cc 1% lido each.\n"
    )
    assert meds(check(text)) == {
        ("lidocaine", "skin_local"): ("1%", 0.5, None),
        ("bupivacaine", "anesthetic"): ("0.5%", 0.5, None),
    }


def test_british_anaesthetise_the_skin_is_skin(check):
    text = PROCEDURE + "Lignocaine 1%, 1 mL per site, was used to anaesthetise the skin."
    assert list(meds(check(text))) == [("lidocaine", "skin_local")]


def test_lidocaine_at_each_site_before_lesioning_is_the_block(check):
    text = (
        "PROCEDURE: Right C4-5 and C5-6 radiofrequency ablation under fluoroscopy.\n"
        "Skin 1% lido 2 mL per site. RF cannulas placed at each medial branch. "
        "Each site anesthetized w/ 1 mL 2% lido prior to lesioning."
    )
    found = meds(check(text))
    assert found[("lidocaine", "skin_local")][0] == "1%"
    assert found[("lidocaine", "anesthetic")] == ("2%", 1.0, None)


def test_a_non_facet_rf_note_keeps_its_lesion_site_drug(check):
    text = (
        "PROCEDURE: Left sacroiliac joint radiofrequency ablation (L5 dorsal ramus and S1, S2, "
        "S3 lateral branches)\n"
        "The skin was anesthetized with 1% lidocaine at each entry site. A cooled RF introducer "
        "was placed lateral to the S1, S2 and S3 foramina for the lateral branches. "
        "1 mL of 2% lidocaine was injected at each lesion site before lesioning.\n"
    )
    report = check(text)
    assert report.extraction.procedure == "other"
    assert meds(report)[("lidocaine", "anesthetic")] == ("2%", 1.0, None)


@pytest.mark.parametrize(
    "sentence",
    [
        "Injectate: 1.5 mL per joint of 1 mL 0.25% bupivacaine + 0.5 mL Depo-Medrol 40 mg/mL",
        "1.5 mL at each joint: 1 mL of 0.25% bupivacaine and 0.5 mL of Depo-Medrol 40 mg/mL.",
        "Each joint received 1.5 mL, 1 mL 0.25% bupivacaine plus 0.5 mL Depo-Medrol 40 mg/mL.",
    ],
)
def test_a_mixture_volume_before_the_drugs_own_volumes_is_not_a_drugs(check, sentence):
    found = meds(check(PROCEDURE + sentence))
    assert found[("bupivacaine", "anesthetic")] == ("0.25%", 1.0, None)
    assert found[("methylprednisolone", "steroid")] == ("40 mg/mL", 0.5, None)


@pytest.mark.parametrize(
    "sentence",
    [
        "0.5 mL of 0.25% bupivacaine and 0.5 mL (20 mg) Kenalog-40 were injected into each joint.",
        "Bupivacaine 0.25% 0.5 mL, then 0.5 mL (20 mg) of Kenalog-40 into each joint.",
    ],
)
def test_a_bracketed_dose_does_not_part_a_volume_from_its_drug(check, sentence):
    found = meds(check(PROCEDURE + sentence))
    assert found[("bupivacaine", "anesthetic")] == ("0.25%", 0.5, None)
    assert found[("triamcinolone", "steroid")] == ("40 mg/mL", 0.5, None)


@pytest.mark.parametrize(
    "record",
    [
        "Drug                      Lot       Route   Total administered   By\n"
        "Lidocaine HCl 1%          1184402   SQ      3 mL                 MD\n"
        "Bupivacaine 0.25% PF      8830215   IA      1.5 mL               MD\n",
        "MEDICATION         ROUTE    TOTAL GIVEN    TIME\n"
        "lidocaine 1%       SQ       3 mL           09:40\n"
        "bupivacaine 0.25%  IA       1.5 mL         09:44\n",
    ],
)
def test_a_space_aligned_administration_record_gives_stated_totals(check, record):
    text = PROCEDURE + (
        "The skin was anesthetized with 1% lidocaine, 1 mL at each entry site. "
        "0.5 mL of 0.25% bupivacaine was injected at each nerve.\n\n" + record
    )
    assert meds(check(text)) == {
        ("lidocaine", "skin_local"): ("1%", 1.0, 3.0),
        ("bupivacaine", "anesthetic"): ("0.25%", 0.5, 1.5),
    }


def test_a_caption_in_ml_gives_the_amounts_of_a_level_grid(check):
    text = (
        "PROCEDURE: Right C4-5 and C5-6 facet joint injections under fluoroscopy.\n"
        "Injected volumes (mL of 0.5% bupivacaine per joint)\n\n"
        "| Side  | C4-5 | C5-6 |\n|---|---|---|\n| Right | 0.5  | 0.5  |\n"
    )
    assert meds(check(text)) == {("bupivacaine", "anesthetic"): ("0.5%", 0.5, None)}


@pytest.mark.parametrize(
    "record",
    [
        "Drug                     Route   Amount\n"
        "Kenalog-40               IA      1.5 mL\n"
        "Bupivacaine 0.25%        IA      1.5 mL\n",
        "| Drug | Dose | Unit |\n|---|---|---|\n| Kenalog-40 | 1.5 | mL |\n"
        "| Bupivacaine 0.25% | 1.5 | mL |\n",
    ],
)
def test_a_per_joint_volume_outranks_a_bare_amount_read_earlier(check, record):
    text = PROCEDURE + (
        record + "\n0.5 mL of 0.25% bupivacaine and 0.5 mL of Kenalog-40 were injected into "
        "each joint."
    )
    found = meds(check(text))
    assert found[("bupivacaine", "anesthetic")][1] == 0.5
    assert found[("triamcinolone", "steroid")][1] == 0.5


@pytest.mark.parametrize(
    "sentence",
    [
        "Injected 0.5 mL at each of 3 levels, total 1.5 mL bupivacaine 0.5%.",
        "0.5 mL per level, 1.5 mL total, of 0.5% bupivacaine.",
    ],
)
def test_a_total_between_a_per_level_volume_and_its_drug_does_not_part_them(check, sentence):
    assert meds(check(PROCEDURE + sentence)) == {("bupivacaine", "anesthetic"): ("0.5%", 0.5, 1.5)}


def test_a_medication_record_keeps_its_fields_with_its_drug(check):
    text = PROCEDURE + (
        "Medications administered:\n"
        "Medication: Bupivacaine 0.25%\n"
        "  Dose: 1.5 mL\n"
        "  Route: Intra-articular\n"
        "  Site: right C4-5, C5-6 (0.5 mL each)\n"
        "Medication: Lidocaine 1%\n"
        "  Dose: 3 mL\n"
        "  Route: Subcutaneous\n"
    )
    assert meds(check(text)) == {
        ("bupivacaine", "anesthetic"): ("0.25%", 0.5, None),
        ("lidocaine", "skin_local"): ("1%", 3.0, None),
    }


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (
            "Skin local: Lidocaine 1%\nVolume: 2 mL\nInjectate: Bupivacaine 0.5%\n"
            "Volume per level: 0.5 mL\n",
            {
                ("lidocaine", "skin_local"): ("1%", 2.0, None),
                ("bupivacaine", "anesthetic"): ("0.5%", 0.5, None),
            },
        ),
        (
            "Skin local: Lidocaine 1%\nInjectate: Bupivacaine 0.5% + Kenalog-40\n"
            "Volume per level: 0.5 mL\n",
            {
                ("lidocaine", "skin_local"): ("1%", None, None),
                ("bupivacaine", "anesthetic"): ("0.5%", 0.5, None),
                ("triamcinolone", "steroid"): ("40 mg/mL", 0.5, None),
            },
        ),
    ],
)
def test_a_volume_field_belongs_to_the_drugs_of_the_line_above(check, form, expected):
    assert meds(check(PROCEDURE + form)) == expected


def test_a_volume_of_injectate_goes_to_every_drug_in_its_bracket(check):
    text = PROCEDURE + (
        "The skin was anesthetized with 1% lidocaine at each entry site. At each joint, "
        "0.5 mL of injectate (dexamethasone 10 mg/mL with 1% lidocaine) was instilled. "
        "Then 2 mL of 0.25% bupivacaine was given for the trigger point."
    )
    found = meds(check(text))
    assert found[("dexamethasone", "steroid")] == ("10 mg/mL", 0.5, None)
    assert found[("lidocaine", "anesthetic")] == ("1%", 0.5, None)
    assert found[("bupivacaine", "anesthetic")][1] == 2.0  # outside the bracket


def test_lettered_lumbar_item_of_a_combined_session_gives_no_facet_volume(check):
    text = (
        "PROCEDURE NOTE:\n"
        "Consent: signed.\n"
        "A - Cervical: needles to the left C4, C5 and C6 articular pillars under fluoroscopy. "
        "0.5% bupivacaine 0.5 mL per nerve.\n"
        "B - Lumbar: needles at L4 and L5 bilaterally under fluoroscopy. 0.5% bupivacaine "
        "1 mL per nerve.\n"
    )
    assert meds(check(text)) == {("bupivacaine", "anesthetic"): ("0.5%", 0.5, None)}


@pytest.mark.parametrize(
    "home",
    [
        "Medications (home): Amlodipine 5 mg daily; Lidocaine 5% patch to low back.\n",
        "She applies a lidocaine 5% patch to the neck at night.\n",
        "Prednisone 10 mg PO daily; lidocaine patches as needed.\n",
        "He uses triamcinolone 0.1% cream for eczema.\n",
    ],
)
def test_a_home_or_topical_drug_is_not_the_injectate(check, home):
    text = home + PROCEDURE + "0.5 mL of 0.5% bupivacaine was injected at each nerve.\n"
    assert meds(check(text)) == {("bupivacaine", "anesthetic"): ("0.5%", 0.5, None)}


@pytest.mark.parametrize(
    "form",
    [
        "Injectate:        Bupivacaine 0.75%    Volume: 0.5 mL per nerve\n"
        "Steroid:          ☐ Yes   ☒ No\n"
        "Skin local:       ☒ Lidocaine 1%       Volume: 1 mL/site\n",
        "• Injectate: bupivacaine 0.75%, 0.5 mL per level\n• Skin: lidocaine 1%, 1 mL per site\n",
    ],
)
def test_a_skin_label_on_the_next_line_heads_its_own_field(check, form):
    assert meds(check(PROCEDURE + form)) == {
        ("bupivacaine", "anesthetic"): ("0.75%", 0.5, None),
        ("lidocaine", "skin_local"): ("1%", 1.0, None),
    }


def test_a_total_broken_across_a_fixed_width_line_stays_a_total(check):
    text = PROCEDURE + (
        "TECHNIQUE: The patient was placed prone and the area was prepped. A total of\n"
        " 4 mL of 1% lidocaine was used for skin and subcutaneous infiltration. Into\n"
        " each joint 0.5 mL of 0.5% bupivacaine was injected.\n"
    )
    assert meds(check(text)) == {
        ("lidocaine", "skin_local"): ("1%", None, 4.0),
        ("bupivacaine", "anesthetic"): ("0.5%", 0.5, None),
    }


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (
            "Injectate:  Bupivacaine 0.5% ☒   Ropivacaine 0.2% ☐\nVolume: 0.5 mL per nerve\n",
            {("bupivacaine", "anesthetic"): ("0.5%", 0.5, None)},
        ),
        (
            "Injectate:  Bupivacaine 0.5%   0.5 mL per nerve\n"
            "Steroid:  Kenalog 40 mg/mL ☐   Dexamethasone 10 mg/mL ☒\n"
            "Skin local:  Lidocaine 1% ☐   None ☒\n",
            {
                ("bupivacaine", "anesthetic"): ("0.5%", 0.5, None),
                ("dexamethasone", "steroid"): ("10 mg/mL", None, None),
            },
        ),
    ],
)
def test_a_drug_whose_box_after_it_is_empty_was_not_given(check, form, expected):
    assert meds(check(PROCEDURE + form)) == expected


@pytest.mark.parametrize(
    ("sentence", "volume"),
    [
        # the skin named at the end of the drug's own sentence, past its volume
        ("Lidocaine 1%, 0.5 mL per site, was used at the skin.", 0.5),
        # a wheal "raised at each entry site": the skin's sites, not the block's targets
        ("1 mL of 1% lidocaine raised at each entry site.", 1.0),
    ],
)
def test_lidocaine_at_the_skin_sites_is_the_skin_local(check, sentence, volume):
    text = PROCEDURE + sentence + " 0.5 mL of 0.5% bupivacaine at each medial branch.\n"
    found = meds(check(text))
    assert found[("lidocaine", "skin_local")][:2] == ("1%", volume)
    assert ("lidocaine", "anesthetic") not in found


def test_a_list_items_hanging_indent_keeps_the_skin_with_its_drug(check):
    """ "  A) ... 1% lido" over "     skin.": the list item's text wraps at a deeper indent."""
    text = (
        "PROCEDURES:\n"
        "  A) R C6-7, C7-T1 IA facet inj. Chlorhexidine prep/drape. 1% lido\n"
        "     skin. Fluoro, iopamidol arthrogram each joint. Kenalog-40 0.5 mL\n"
        "     + bupivacaine 0.25% 0.5 mL each joint.\n"
    )
    found = meds(check(text))
    assert ("lidocaine", "skin_local") in found
    assert ("lidocaine", "anesthetic") not in found


@pytest.mark.parametrize(
    "sentence",
    [
        "Skin local with mepivacaine 1% (Carbocaine), 4 mL in total.",
        "Local anaesthesia of the skin with lidocaine 1 % [brand Xylocaine], 4 mL in total.",
    ],
)
def test_a_brand_glossing_the_skin_drug_is_the_same_skin_drug(check, sentence):
    found = meds(check(PROCEDURE + sentence + "\n0.5 mL of 0.5% bupivacaine at each nerve.\n"))
    skin = [key for key in found if key[1] == "skin_local"]
    assert len(skin) == 1 and found[skin[0]][2] == 4.0
    assert ("bupivacaine", "anesthetic") in found and len(found) == 2


def test_the_local_named_in_an_anaesthesia_field_is_the_skin_infiltration(check):
    text = PROCEDURE + (
        "Anesthesia: Local (lidocaine 1%) + MAC (midazolam 1 mg IV)\n"
        "Each nerve: 0.5 mL 0.5% bupivacaine.\n"
    )
    report = check(text)
    found = meds(report)
    assert ("lidocaine", "skin_local") in found
    assert ("lidocaine", "anesthetic") not in found
    assert report.extraction.workflow.local_anesthesia is True


def test_a_drug_crossed_out_was_not_given(check):
    text = PROCEDURE + (
        "Consent ✔ | Prep ✔ | Skin lido ✗ (declined)\n"
        "Inj: dexamethasone 10 mg/mL 0.4 mL total split across lvls\n"
        "Cx: vasovagal, IVF 250 mL, resolved\n"
    )
    report = check(text)
    assert meds(report) == {("dexamethasone", "steroid"): ("10 mg/mL", None, 0.4)}
    assert not report.extraction.workflow.local_anesthesia


def test_a_numbered_outline_items_drug_amounts_wrapped_to_a_deeper_line(check):
    text = PROCEDURE + (
        "1. Procedure\n"
        "   1.1 Injectate, each of the four nerves: bupivacaine 0.5% 0.3 mL + triamcinolone\n"
        "         40 mg/mL 0.2 mL.\n"
    )
    found = meds(check(text))
    assert found[("triamcinolone", "steroid")] == ("40 mg/mL", 0.2, None)


@pytest.mark.parametrize("cue", ["per jt", "per joint", "each level"])
def test_a_medication_list_line_given_per_target_is_the_injectate(check, cue):
    text = "Proc: R C4-5, C5-6 facet inj under fluoro.\nMeds: 1 cc Kenalog-40 + 1 cc 0.25% bupi "
    assert meds(check(text + cue + ".\n")) == {
        ("triamcinolone", "steroid"): ("40 mg/mL", 1.0, None),
        ("bupivacaine", "anesthetic"): ("0.25%", 1.0, None),
    }


def test_a_home_medication_taken_each_morning_is_no_injectate(check):
    text = PROCEDURE + "Meds: lisinopril 10 mg daily, Kenalog 40 mg each morning.\n"
    assert ("triamcinolone", "steroid") not in meds(check(text))


def test_a_log_entry_opening_with_its_clock_time_is_not_the_line_above_wrapped(check):
    text = PROCEDURE + (
        "0905                          Midazolam 1 mg IV (total 2 mg) given by the RN\n"
        "0907                          Lidocaine 1% to skin and track 3 mL\n"
    )
    assert meds(check(text))[("lidocaine", "skin_local")] == ("1%", 3.0, None)


def test_an_outline_item_dated_before_today_names_an_earlier_blocks_drug(check):
    text = (
        "Date: 03/10/2025\n"
        "Procedure: Right C4-C6 medial branch radiofrequency neurotomy\n"
        "1. Right cervical facet pain\n"
        "   1.1 Work-up\n"
        "       1.1.1 12/2024 right C4, C5, C6 MBB, ropivacaine: 80% relief x 5 h.\n"
        "   1.2 Today: RF ablation of the right C4, C5 and C6 medial branches.\n"
        "       1.2.1 Fluoroscopy, cannulae along the pillars; sensory testing concordant.\n"
        "       1.2.2 Before lesioning: 2% lidocaine 0.5 mL per level.\n"
    )
    assert ("ropivacaine", "anesthetic") not in meds(check(text))


def test_skin_word_after_one_drug_is_not_the_next_drugs(check):
    """A list that gives the skin local with the skin word after it ("1 mL lidocaine
    skin, contrast, 0.5 mL bupivacaine"): the skin word tells where the lidocaine went."""
    text = PROCEDURE + (
        "Left C5-6 joint done with the same technique (2 mL lidocaine skin, contrast check, "
        "0.5 mL 0.5% bupivacaine + 0.5 mL dexamethasone 10 mg/mL).\n"
    )
    found = meds(check(text))
    assert ("bupivacaine", "skin_local") not in found
    assert found[("bupivacaine", "anesthetic")] == ("0.5%", 0.5, None)
    assert found[("lidocaine", "skin_local")][1] == 2.0


@pytest.mark.parametrize(
    "statement",
    [
        "Same as block 1 except 0.5% bupivacaine 0.5 mL per level in place of lidocaine.",
        "Same as block 1 except 0.5% bupivacaine 0.5 mL per level instead of lidocaine.",
        "Same as block 1 except the lidocaine was replaced by 0.5% bupivacaine 0.5 mL per level.",
    ],
)
def test_the_drug_replaced_is_not_given(check, statement):
    found = meds(check(PROCEDURE + statement + "\n"))
    assert set(found) == {("bupivacaine", "anesthetic")}


def test_a_drug_for_a_block_weeks_ahead_is_not_injected_today(check):
    report = check(
        "Left C4, C5, C6 medial branch blocks under fluoroscopy. 0.5 mL of 0.25% bupivacaine "
        "per nerve.\nDiary given; repeat block with 1% ropivacaine in 2-3 weeks.\n"
    )
    assert {m.name for m in report.extraction.medications} == {"bupivacaine"}


def test_drugs_under_a_block_history_heading_are_not_todays(check):
    report = check(
        "RF history\n"
        "  Blocks 02/2024  right C4, C5, C6 MB  #1 ropivacaine 80% / #2 lidocaine 90%\n\n"
        "Procedure: right C4, C5, C6 medial branch radiofrequency neurotomy under fluoroscopy. "
        "Sensory 50 Hz at 0.4 V; 0.5 mL of 0.5% bupivacaine through each cannula; lesions 80 C "
        "x 90 s.\n"
    )
    assert {m.name for m in report.extraction.medications} == {"bupivacaine"}
