"""Which procedure was done today when the note also names another one: a degree after the
physician's name, the plan's alternatives, sound-alike dictation, a landmark injection."""

import pytest


@pytest.mark.parametrize(
    "signature",
    ["Dr Callum Whitty  MBBS FAFMM", "Dr A. Roe, MBBS, FANZCA", "Dr B. Poe MB ChB FRCA"],
)
def test_a_medical_degree_is_not_a_medial_branch_block(check, signature):
    text = (
        f"{signature}\n\n"
        "Procedure: Seated. Skin prepped with chlorhexidine. Facet joints located by palpation. "
        "25g needle to L C4/5 and C5/6 facet joints (landmark), each injected with 0.5 ml "
        "Kenacort-A 40 and 0.5 ml 1% lignocaine.\n"
    )
    report = check(text)
    assert report.extraction.procedure == "facet_injection"
    assert report.extraction.guidance == "none"


@pytest.mark.parametrize(
    "injected",
    [
        "Kenalog-40 0.5 mL was injected into the right C5-6 facet joint.",
        "A 25g needle was advanced into the right C5-6 facet joint and 0.5 mL Kenalog-40 injected.",
    ],
)
def test_a_facet_joint_named_as_injected_is_an_intra_articular_injection(check, injected):
    report = check(f"Right neck pain. Under fluoroscopy: {injected}\n")
    assert report.extraction.procedure == "facet_injection"


@pytest.mark.parametrize(
    "plan",
    [
        "RTC 2 wk, then 2nd block vs RFA.",
        "Return to clinic in 2 weeks for a confirmatory block versus radiofrequency ablation.",
        "F/u 2 wks: repeat MBB vs RF.",
    ],
)
def test_rf_offered_as_the_next_step_is_not_todays_procedure(check, plan):
    text = (
        "Proc: Bilat T10-11, T11-12, T12-L1 facet MBBs, fluoro guided.\n"
        "Consent signed. 22g needles to targets bilat under fluoro. 0.5 cc 0.5% bupivacaine "
        f"each level.\nPre 6/10. Post 1/10.\n{plan}\n"
    )
    report = check(text)
    assert report.extraction.procedure == "medial_branch_block"
    assert report.codes.supported == ["64490-50", "64491-50", "64492-50"]


def test_voice_recognition_meatal_branch_is_a_medial_branch(check):
    text = (
        "PROCEDURE: Left C5, C6 and C7 meatal branch blocks under flora scopic guidance.\n"
        "A 25-gauge needle was advanced under fluoroscopy to the left see 5, C6 and C7 levels "
        "targeting the meatal branch. 0.5 mL of 0.5% bupivacaine was injected at each level.\n"
    )
    report = check(text)
    assert report.extraction.procedure == "medial_branch_block"
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", "C5-C6"),
        ("left", "C6-C7"),
    }


@pytest.mark.parametrize(
    "goal",
    [
        "Left C3-C6 MBB (second diagnostic block before RFA).",
        "Left C3-C6 MBB in anticipation of RF neurotomy.",
        "Left C3, C4, C5, C6 MBB to determine candidacy for RFA.",
        "Left C3, C4, C5, C6 medial branch blocks ahead of radiofrequency ablation.",
    ],
)
def test_rf_named_as_the_goal_of_a_block_is_not_todays_procedure(check, goal):
    text = (
        f"Procedure: {goal}\nFluoroscopy. 0.5 mL 0.75% bupivacaine at each of the left C3, C4, "
        "C5 and C6 medial branches.\n"
    )
    report = check(text)
    assert report.extraction.procedure == "medial_branch_block"
    assert report.codes.supported == ["64490-LT", "64491-LT", "64492-LT"]


def test_rf_mentioned_in_a_facet_injection_note_does_not_make_it_rf(check):
    report = check("Right C5-6 and C6-7 IA facet injections, fluoro. RFA discussed.\n")
    assert report.extraction.procedure == "facet_injection"
    assert report.codes.supported == ["64490-RT", "64491-RT"]


@pytest.mark.parametrize(
    "rf_note",
    [
        "Procedure: Right C4-C6 medial branch RFA under fluoroscopy. 1 mL 2% lidocaine at each "
        "level.",
        "Procedure: Left C4-C6 RFA under fluoro. Lidocaine 1 mL each. No comps.",
        "Procedure: Right C3, C4, C5 radiofrequency neurotomy. Lesions at 80 C for 90 seconds "
        "at the right C3, C4, C5 medial branches under fluoroscopy.",
    ],
)
def test_an_rf_note_stays_rf(check, rf_note):
    report = check(rf_note + "\n")
    assert report.extraction.procedure == "rf_ablation"
    assert report.codes.supported == []


@pytest.mark.parametrize(
    "prf",
    [
        "Right C5-6 pulsed radiofrequency of the medial branches under fluoroscopy, 42 C for "
        "120 s at the C5 and C6 medial branches.",
        "Right C5-6 and C6-7 pulsed RF of the C5, C6, C7 medial branches, fluoroscopy.",
    ],
)
def test_pulsed_radiofrequency_of_the_medial_branches_is_rf_not_a_block(check, prf):
    report = check(f"Procedure: {prf}\n")
    assert report.extraction.procedure == "rf_ablation"
    assert report.codes.supported == []


@pytest.mark.parametrize(
    "name", ["zygapophysial joint nerve blocks", "facet joint nerve blocks", "z-joint nerve blocks"]
)
def test_a_joint_nerve_block_is_a_medial_branch_block(check, name):
    text = (
        f"PROCEDURE: Right C4-5 and C5-6 {name} under fluoroscopy. 0.5 mL bupivacaine at the "
        "right C4, C5 and C6 medial branches.\n"
    )
    report = check(text)
    assert report.extraction.procedure == "medial_branch_block"
    assert report.codes.supported == ["64490-RT", "64491-RT"]
