"""Guidance, contrast, medications, response, workflow and procedure type, including the
context cases (negation, history, plan) that trip up rule-based extractors."""

import pytest

PROCEDURE = "PROCEDURE: Right C4-5 and C5-6 medial branch blocks under fluoroscopy.\n"


@pytest.mark.parametrize(
    ("text", "guidance"),
    [
        ("Under fluoroscopic guidance (AP and lateral views) needles were placed.", "fluoroscopy"),
        ("C-arm positioned for oblique views.", "fluoroscopy"),
        ("Under CT guidance the needle was advanced; axial CT images confirmed position.", "ct"),
        ("Ultrasound-guided, linear probe in the long axis.", "ultrasound"),
        ("Landmark technique by palpation; no imaging was used.", "none"),
        ("Needles were placed at each level.", None),
        ("No fluoroscopy was used today (C-arm out for service); landmark technique.", "none"),
    ],
)
def test_guidance(check, text, guidance):
    assert check(f"Right C4-5 facet injection. {text}").extraction.guidance == guidance


@pytest.mark.parametrize(
    ("sentence", "used", "agent"),
    [
        ("0.2 mL Omnipaque 240 confirmed intra-articular spread.", True, "iohexol"),
        ("Isovue-M 200 showed no vascular uptake.", True, "iopamidol"),
        ("Gadavist was used given iodine allergy.", True, "gadobutrol"),
        ("Contrast was not used.", False, None),
        ("Performed without contrast.", False, None),
        ("No IV or other contrast agent was given.", False, None),
        ("No contrast given iodine allergy.", False, None),
        ("Contrast: [ ] Omnipaque [X] None - no contrast given iodine allergy.", False, None),
        ("Needles placed; negative aspiration.", None, None),
    ],
)
def test_contrast(check, sentence, used, agent):
    contrast = check(PROCEDURE + sentence).extraction.contrast
    assert (contrast.used, contrast.agent) == (used, agent)


def test_contrast_omission_reason(check):
    contrast = check(PROCEDURE + "No contrast given iodine allergy.").extraction.contrast
    assert contrast.omission_reason == "allergy"


def test_no_complications_does_not_negate_its_neighbours(check):
    ex = check(PROCEDURE + "No complications and contrast confirmed spread.").extraction
    assert ex.contrast.used is True
    assert ex.workflow.complications == "none"


def test_without_contrast_leaves_fluoroscopy(check):
    ex = check(
        "Right C4-5 facet injection performed without contrast under fluoroscopy."
    ).extraction
    assert ex.contrast.used is False
    assert ex.guidance == "fluoroscopy"


def meds(report):
    return {
        (m.name, m.role): (m.concentration, m.volume_ml_per_level, m.volume_ml_total)
        for m in report.extraction.medications
    }


def test_medications_with_concentration_and_volume(check):
    text = PROCEDURE + (
        "The skin was anesthetized with 1% lidocaine. "
        "0.5 mL of 0.5% bupivacaine was injected at each level."
    )
    assert meds(check(text)) == {
        ("lidocaine", "skin_local"): ("1%", None, None),
        ("bupivacaine", "anesthetic"): ("0.5%", 0.5, None),
    }


def test_brand_names_map_to_generics(check):
    text = PROCEDURE + "Each joint: 0.5 mL Marcaine 0.25% and 0.5 mL Kenalog 40 mg/mL."
    assert meds(check(text)) == {
        ("bupivacaine", "anesthetic"): ("0.25%", 0.5, None),
        ("triamcinolone", "steroid"): ("40 mg/mL", 0.5, None),
    }


def test_total_volume_is_kept_as_written(check):
    text = PROCEDURE + "A total of 1.5 mL of 0.5% bupivacaine was divided between the levels."
    assert meds(check(text)) == {("bupivacaine", "anesthetic"): ("0.5%", None, 1.5)}


def test_mixture_volume_belongs_to_each_drug(check):
    text = (
        PROCEDURE + "0.5 mL of a 1:1 mixture of 0.5% bupivacaine and dexamethasone 10 mg/mL "
        "was injected per joint."
    )
    assert meds(check(text)) == {
        ("bupivacaine", "anesthetic"): ("0.5%", 0.5, None),
        ("dexamethasone", "steroid"): ("10 mg/mL", 0.5, None),
    }


@pytest.mark.parametrize(
    ("sentence", "pre", "post"),
    [
        ("Pain 7/10 before and 2/10 after the procedure.", 7, 2),
        ("Pre-procedure pain 8 out of 10; post-procedure pain 1 out of 10.", 8, 1),
        ("Pain 8/10 -> 2/10 at 20 minutes.", 8, 2),
        ("Pain went from 6 to 1.", 6, 1),
        ("VAS 8 pre, 2 post.", 8, 2),
        ("The patient tolerated the procedure well.", None, None),
    ],
)
def test_pain_scores(check, sentence, pre, post):
    response = check(PROCEDURE + sentence).extraction.response
    assert (response.pre_pain, response.post_pain) == (pre, post)


def test_relief_from_an_earlier_block_is_not_todays(check):
    text = (
        "HISTORY: The first block gave 80% relief for 6 hours.\n\n"
        + PROCEDURE
        + "Response: 90% relief at 30 minutes."
    )
    assert check(text).extraction.response.percent_relief == 90
    history_only = "HISTORY: The first block gave 80% relief for 6 hours.\n\n" + PROCEDURE
    assert check(history_only).extraction.response.percent_relief is None


def test_pain_range_is_not_a_score(check):
    response = check(PROCEDURE + "Pain today 2-8/10.").extraction.response
    assert response.pain_range == "2-8/10"
    assert response.pre_pain is None


def test_workflow_flags(check):
    text = PROCEDURE + (
        "Informed consent was obtained. A time-out was performed. The neck was prepped with "
        "chlorhexidine and draped in sterile fashion. Skin wheal with 1% lidocaine. "
        "She was observed for 20 minutes."
    )
    workflow = check(text).extraction.workflow
    assert (
        workflow.consent,
        workflow.timeout,
        workflow.sterile_prep,
        workflow.local_anesthesia,
        workflow.observation,
    ) == (
        True,
        True,
        True,
        True,
        True,
    )
    assert not check(PROCEDURE).extraction.workflow.consent


@pytest.mark.parametrize(
    ("text", "procedure"),
    [
        ("Right C4-5 medial branch block under fluoroscopy.", "medial_branch_block"),
        ("Right C4-5 intra-articular facet joint injection under fluoroscopy.", "facet_injection"),
        ("Right C4-5 radiofrequency ablation of the C4 and C5 medial branches.", "rf_ablation"),
        ("C6-7 interlaminar epidural steroid injection, loss of resistance.", "epidural"),
        ("Right C4-5 MBB. PLAN: if positive, consider RFA.", "medial_branch_block"),
    ],
)
def test_procedure_type(check, text, procedure):
    assert check(text).extraction.procedure == procedure


@pytest.mark.parametrize(
    ("sentence", "pre", "post"),
    [
        ("Pain at check-in: 7/10. Needles placed; 0.5 mL 0.5% bupivacaine each level.", 7, None),
        (
            "Numeric pain scale today 7. 0.5 mL bupivacaine each. "
            "Numeric pain scale after 15 minutes: 1",
            7,
            1,
        ),
        ("Pain before procedure: 7. Pain 30 minutes after: 2.", 7, 2),
        ("Pain: 7 of 10 before, 2 of 10 after (20 min).", 7, 2),
        ("Pain seven out of ten before and two out of ten after.", 7, 2),
        ("Response: pain 6/10 → 1/10 at 20 min.", 6, 1),
    ],
)
def test_more_pain_score_forms(check, sentence, pre, post):
    response = check(PROCEDURE + sentence).extraction.response
    assert (response.pre_pain, response.post_pain) == (pre, post)


def test_contrast_named_in_an_allergy_is_not_contrast_used(check):
    text = PROCEDURE + (
        "He has a reaction to iodinated contrast; contrast not administered due to allergy."
    )
    contrast = check(text).extraction.contrast
    assert (contrast.used, contrast.omission_reason) == (False, "allergy")


def test_negation_reaches_coordinated_facts(check):
    text = (
        "Left C5-6 facet injection, landmark technique. No fluoroscopy or ultrasound is available."
    )
    assert check(text).extraction.guidance == "none"


def test_spelled_out_volumes_and_concentrations(check):
    text = PROCEDURE + (
        "Zero point five milliliters of zero point two five percent bupivacaine at each level."
    )
    assert meds(check(text)) == {("bupivacaine", "anesthetic"): ("0.25%", 0.5, None)}


def test_volume_per_level_written_with_a_slash(check):
    assert meds(check(PROCEDURE + "Injected marcaine .25% 1cc/level.")) == {
        ("bupivacaine", "anesthetic"): ("0.25%", 1.0, None)
    }


def test_mixture_make_up_is_not_the_injected_volume(check):
    text = PROCEDURE + (
        "A solution containing 2 mL 0.5% ropivacaine and 1 mL dexamethasone 4 mg/mL was drawn up; "
        "0.5 mL of this solution was injected at each level."
    )
    assert meds(check(text)) == {
        ("ropivacaine", "anesthetic"): ("0.5%", 0.5, None),
        ("dexamethasone", "steroid"): ("4 mg/mL", 0.5, None),
    }


def test_visual_analogue_scale_in_millimetres(check):
    text = PROCEDURE + (
        "Her pain was VAS 80 mm before the procedure and VAS 15 mm when she was reassessed."
    )
    response = check(text).extraction.response
    assert (response.pre_pain, response.post_pain) == (None, None)  # not a 0-10 score
    assert (response.pre_pain_mm, response.post_pain_mm) == (80, 15)
    assert "response" not in {gap.requirement for gap in check(text).gaps}


@pytest.mark.parametrize(
    ("line", "relief"),
    [
        ("Relief (%): 70", 70),
        ("% relief: 65", 65),
        ("Percent relief: 80", 80),
        ("Relief: 3 hours", None),
        ("Relief (%): ____", None),
        ("VAS 5 -> 0 (100%).", 100),
        ("NRS 8 -> 2 (75%) at 20 min.", 75),
        ("Pain 7/10 → 2/10 (≈70%)", 70),
        ("Pain 8/10 -> 3/10 (~60%)", 60),
        ("Bupivacaine (0.5%) 0.5 mL per nerve.", None),
    ],
)
def test_relief_field_with_the_unit_in_its_label(check, line, relief):
    assert check(PROCEDURE + line + "\n").extraction.response.percent_relief == relief


def test_skin_local_field_name_of_an_export(check):
    text = PROCEDURE + "skin_local = lidocaine 1%, 1 mL per site\n"
    assert meds(check(text)) == {("lidocaine", "skin_local"): ("1%", 1.0, None)}


def test_spoken_pain_change_with_articles(check):
    text = PROCEDURE + "Her pain went from a seven to a two within thirty minutes."
    response = check(text).extraction.response
    assert (response.pre_pain, response.post_pain) == (7, 2)


def test_an_earlier_blocks_result_in_the_history_is_not_todays_post_score(check):
    text = (
        "Procedure: Right C5-6 medial branch block under fluoroscopy.\n"
        "History: Two prior blocks gave excellent but short-lived relief (pain 9/10 to 2/10).\n"
        "Result: Pain 9/10 before, 6/10 after.\n"
    )
    response = check(text).extraction.response
    assert (response.pre_pain, response.post_pain) == (9, 6)


def test_a_score_taken_before_discharge_is_the_post_score(check):
    text = PROCEDURE + (
        "Pre 8/10. Post: [not recorded]\n"
        "ADDENDUM: Post-procedure pain recorded by nursing before discharge: 2/10.\n"
    )
    response = check(text).extraction.response
    assert (response.pre_pain, response.post_pain) == (8, 2)


def test_a_volume_in_brackets_after_a_dose_belongs_to_the_drug_after_it(check):
    report = check(
        "PROCEDURE: Right C6-7 and C7-T1 facet joint injections under fluoroscopy. Each joint "
        "was injected with 0.5 mL of 1% lidocaine and 20 mg (0.5 mL) of Kenalog-40."
    )
    drugs = {m.name: m for m in report.extraction.medications}
    assert drugs["triamcinolone"].volume_ml_per_level == 0.5
    assert drugs["lidocaine"].volume_ml_per_level == 0.5


def test_older_us_brands_of_triamcinolone_and_contrast(check):
    """Aristospan is triamcinolone (hexacetonide, the salt dropped as for Kenalog) and Conray
    is iothalamate: names in notes dictated before those products left the market."""
    report = check(
        "PROCEDURE: Right C4-5 and C5-6 facet joint injections under fluoroscopy.\n"
        "Conray 0.3 cc outlined each joint, then Aristospan 20 mg/cc 0.5 cc was injected "
        "into each joint.\n"
    )
    assert meds(report)[("triamcinolone", "steroid")][:2] == ("20 mg/mL", 0.5)
    contrast = report.extraction.contrast
    assert (contrast.used, contrast.agent) == (True, "iothalamate")
