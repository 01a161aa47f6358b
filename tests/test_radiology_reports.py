"""Radiology-department procedure reports (EXAM / TECHNIQUE / FINDINGS / IMPRESSION): what
was treated today is in the exam title and the technique; the findings describe anatomy.
Each case is a short report as a radiologist would dictate it."""

R, L = "right", "left"


def levels(report) -> set[tuple[str, str]]:
    return {(fact.side, fact.level) for fact in report.extraction.levels}


def codes(report) -> list[str]:
    return report.codes.supported


FINDINGS_ON_THE_OTHER_SIDE = """EXAM: CT-GUIDED RIGHT CERVICAL FACET JOINT INJECTIONS

TECHNIQUE: Consent obtained. Time-out performed. Sterile prep and drape. Under CT guidance
22G needles were placed into the right C4-5 and C5-6 facet joints. Each joint received
0.5 mL Kenalog 40 mg/mL.

FINDINGS:
Needle tips within both joints. Left C3-4 and C4-5 facet arthropathy, moderate. Mild
left C5-6 facet hypertrophy.

IMPRESSION: CT-guided right C4-5 and C5-6 facet joint injections.
"""


def test_findings_of_degeneration_are_not_treated_levels(check):
    report = check(FINDINGS_ON_THE_OTHER_SIDE)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert codes(report) == ["64490-RT", "64491-RT"]
    assert not report.codes.supports_64492


def test_a_finding_word_takes_the_whole_list_before_it(check):
    report = check(
        "PROCEDURE: Right C5-6 facet joint injection under fluoroscopy.\n\n"
        "FINDINGS: Right C5-6 effusion. Left C3-4, C4-5 and C5-6 facet joint arthropathy."
    )
    assert levels(report) == {(R, "C5-C6")}


def test_a_joint_found_ankylosed_and_not_injected_drops_out(check):
    report = check(
        "PROCEDURE: CT GUIDANCE; RIGHT C4-5, C5-6, C6-7 FACET INJECTIONS\n\n"
        "TECHNIQUE: Consent obtained. Under CT guidance needles were placed into the right "
        "C4-5 and right C5-6 facet joints, each injected with 0.5 mL triamcinolone 40 mg/mL.\n"
        "The right C6-7 facet joint is ankylosed and could not be entered. No injection was "
        "performed at C6-7.\n\n"
        "FINDINGS: Right C6-7 facet ankylosis. Incidental ankylosed left C2-3."
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert not report.codes.supports_64492


def test_comparison_findings_on_the_treated_side_add_no_level(check):
    report = check(
        "EXAM: CERVICAL MEDIAL BRANCH BLOCK, LEFT, FLUOROSCOPIC GUIDANCE\n\n"
        "COMPARISON: MRI 09/2024 - left C4-5, C5-6 and C6-7 facet arthropathy.\n\n"
        "TECHNIQUE: Consent signed. Time-out completed. Needles placed under fluoroscopy to "
        "the left C4, C5 and C6 medial branches. 0.3 mL bupivacaine 0.5% per nerve.\n\n"
        "FINDINGS: Left C6-7 facet arthropathy, moderate.\n\n"
        "IMPRESSION: Left C4, C5, C6 medial branch blocks."
    )
    assert levels(report) == {(L, "C4-C5"), (L, "C5-C6")}
    assert not report.codes.supports_64492


RF_REPORT = """EXAM: FLUORO GUIDED RADIOFREQUENCY NEUROTOMY, CERVICAL, RIGHT

HISTORY: Two prior right C3-C6 MBBs gave 90% relief.

TECHNIQUE:
Consent signed. Time-out done.
RF cannulae placed parallel to the right C3, C4, C5 and C6 medial branches under
fluoroscopy. Sensory stimulation concordant at each level.
Lesions: 80 deg C x 90 s at each nerve.

FINDINGS: Cannulae satisfactory at the right C3, C4, C5 and C6 articular pillars.
Ankylosed left C2-3 (incidental).

IMPRESSION: Right C3-C6 medial branch radiofrequency neurotomy.
"""


def test_a_radiologists_rf_neurotomy_is_rf_not_a_block(check):
    report = check(RF_REPORT)
    extraction = report.extraction
    assert extraction.procedure == "rf_ablation"
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6")}
    # RF neurotomy is not coded 64490-64492
    assert codes(report) == []
    assert not report.codes.supports_64492


def test_a_thoracic_rf_named_in_the_exam_title_keeps_its_region(check):
    report = check(
        "EXAM: FLUOROSCOPIC THORACIC MEDIAL BRANCH RADIOFREQUENCY ABLATION, LEFT\n\n"
        "PROCEDURE:\nConsent signed. Time-out.\n"
        "Under fluoroscopy RF cannulae were placed at the left T8, T9 and T10 transverse "
        "processes. Sensory testing concordant. Lesions 80 C x 90 sec.\n\n"
        "IMPRESSION:\nLeft T8, T9 and T10 medial branch radiofrequency ablation.\n"
    )
    assert report.extraction.procedure == "rf_ablation"
    assert report.extraction.region == "thoracic"
    assert codes(report) == []


def test_a_physical_exam_line_is_not_a_procedure_title(check):
    report = check(
        "Exam: Tender over the left C4-5 and C5-6 facet joints, two trigger points in the left "
        "trapezius with twitch response, extension and rotation reproduce the pain.\n\n"
        "PROCEDURE: Left C5-6 facet joint injection under fluoroscopy."
    )
    assert levels(report) == {(L, "C5-C6")}


def test_right_and_left_before_the_levels_is_both_sides(check):
    report = check(
        "TECHNIQUE: Under fluoroscopic guidance needles were advanced into the right and left "
        "T2-3 and T3-4 facet joints, each injected with 0.5 mL triamcinolone 40 mg/mL."
    )
    assert levels(report) == {(R, "T2-T3"), (R, "T3-T4"), (L, "T2-T3"), (L, "T3-T4")}
    assert codes(report) == ["64490-50", "64491-50"]


def test_a_side_then_the_other_after_the_nerves_is_both_sides(check):
    report = check(
        "DESCRIPTION: Under fluoroscopy needles were positioned at the articular pillars of C4, "
        "C5, C6 and C7 on the right and then on the left. 0.5 mL bupivacaine 0.5% was injected "
        "at each medial branch."
    )
    assert levels(report) == {
        (side, level) for side in (R, L) for level in ("C4-C5", "C5-C6", "C6-C7")
    }
    assert report.codes.supports_64492


def test_a_side_leading_the_next_levels_stays_theirs(check):
    report = check(
        "PROCEDURE: Under fluoroscopy the C5-6 facet joint on the right and the left C6-7 facet "
        "joint were injected with 0.5 mL triamcinolone 40 mg/mL each."
    )
    assert levels(report) == {(R, "C5-C6"), (L, "C6-C7")}


def test_a_finding_before_a_range_takes_the_whole_range(check):
    report = check(
        "TECHNIQUE: Under CT guidance a needle was advanced into the left C7-T1 facet joint and "
        "0.5 mL triamcinolone 40 mg/mL was injected.\n\n"
        "FINDINGS: Multilevel facet arthropathy C4-5 through C6-7, bilateral."
    )
    assert levels(report) == {(L, "C7-T1")}
    assert codes(report) == ["64490-LT"]


def test_contrast_escaping_into_the_epidural_space_is_no_epidural(check):
    report = check(
        "TECHNIQUE: A 22-gauge needle was advanced under CT guidance into the left C6-7 facet "
        "joint. Contrast opacified the joint and a synovial cyst, then was seen to extravasate "
        "into the posterior epidural space. 1 mL triamcinolone 40 mg/mL was then injected into "
        "the joint."
    )
    assert report.extraction.procedure == "facet_injection"
    assert levels(report) == {(L, "C6-C7")}


def test_a_costotransverse_joint_injection_is_not_facet_work(check):
    report = check(
        "EXAMINATION: CT GUIDED RIGHT T5 AND T6 COSTOTRANSVERSE JOINT INJECTIONS\n\n"
        "TECHNIQUE: Under CT guidance needles were advanced into the right T5 and T6 "
        "costotransverse joints. 0.2 mL iohexol confirmed intra-articular spread at each joint. "
        "0.5 mL triamcinolone 40 mg/mL was injected into each costotransverse joint.\n\n"
        "FINDINGS: Right T5-6 and T6-7 facet arthropathy (not injected)."
    )
    assert report.extraction.procedure == "other"
    assert levels(report) == set()
    assert codes(report) == []


def test_ct_fluoroscopic_guidance_is_ct(check):
    report = check(
        "TECHNIQUE: Under CT-fluoroscopic guidance needles were placed into the left C6-7 and "
        "C7-T1 facet joints, each injected with 0.5 mL dexamethasone 10 mg/mL.\n"
        "DOSE: CT-fluoro time 12 s."
    )
    assert report.extraction.guidance == "ct"


def test_a_procedure_cancelled_after_the_planning_ct_codes_nothing(check):
    report = check(
        "EXAM: CT THORACIC SPINE, LIMITED, FOR PROCEDURE PLANNING\n"
        "SCHEDULED: Bilateral T5-T6, T6-T7, T7-T8 facet joint injections (CT guided)\n\n"
        "TECHNIQUE: After consent and a time-out the patient was positioned prone. A low-dose "
        "planning CT was acquired. No needle was placed. No medication or contrast material "
        "was administered.\n\n"
        "IMPRESSION: Procedure cancelled after the planning scan. No injection performed."
    )
    assert report.extraction.guidance == "ct"
    assert levels(report) == set()
    assert codes(report) == []
    assert report.status != "pass"


def test_local_anesthesia_in_a_sentence_of_its_own_is_the_skin_local(check):
    report = check(
        "TECHNIQUE: Prone. Sterile prep. Local anesthesia was achieved with a total of 5 mL of "
        "1% lidocaine.\nUnder CT guidance needles were advanced into the right T5-6 and T6-7 "
        "facet joints, each injected with 0.5 mL Kenalog-40 and 0.5 mL of 0.5% bupivacaine."
    )
    roles = {(m.name, m.role) for m in report.extraction.medications}
    assert ("lidocaine", "skin_local") in roles
    assert ("lidocaine", "anesthetic") not in roles


def test_a_strength_before_preservative_free_is_the_next_drugs(check):
    report = check(
        "TECHNIQUE: Under CT guidance needles were advanced into the right C4-5 and C5-6 facet "
        "joints. 0.75 mL of a mixture of Depo-Medrol 40 mg/mL and 1% preservative-free "
        "lidocaine was injected into each joint."
    )
    strengths = {m.name: m.concentration for m in report.extraction.medications}
    assert strengths == {"methylprednisolone": "40 mg/mL", "lidocaine": "1%"}
