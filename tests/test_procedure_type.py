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


_CLINIC_VISIT = (
    "HPI: 52 y/o with right neck pain. Right C5-6 and C6-7 medial branch blocks on "
    "03/02/2025 gave 80% relief for 6 hours.\n\n"
    "EXAM: Tenderness over the right C5-6 and C6-7 facets.\n\n"
    "IMAGING: MRI 01/2025: right C5-6 facet arthropathy.\n\n"
    "VITALS: BP 128/80. Pain 6/10.\n\n"
    "PLAN:\n"
    "- {plan}\n"
    "- Schedule right C5-6, C6-7 radiofrequency ablation (C5, C6, C7 medial branches) "
    "under fluoroscopy with 0.5% bupivacaine.\n\n"
    "CHARGES: 99214, 64490-RT, 64491-RT\n"
)


@pytest.mark.parametrize(
    "plan",
    [
        "No procedure today.",
        "PROCEDURE DEFERRED today: febrile, not safe to proceed.",
        "She declined further facet procedures today.",
        "You came in to review how your two test nerve blocks went. No injection or procedure "
        "was done today.",
        "You came in to review how your two test nerve blocks went and the next step. No\n"
        "  injection or procedure was done today.",
    ],
)
def test_a_visit_without_a_procedure_reads_no_procedure_levels_or_codes(check, plan):
    report = check(_CLINIC_VISIT.format(plan=plan))
    extraction = report.extraction
    assert extraction.procedure is None
    assert extraction.levels == [] and extraction.levels_unsided == []
    assert extraction.guidance is None and extraction.medications == []
    assert extraction.response.pre_pain is None
    assert report.codes.supported == []
    assert any("no procedure was done" in w.message for w in extraction.reading_warnings)


def test_a_case_cancelled_before_prep_is_a_visit_without_a_procedure(check):
    """ "Not prepped. Case cancelled": no procedure (CONVENTIONS section 4), so the earlier
    block's levels and relief beside it are not today's; a case cancelled after the time-out
    and prep keeps its procedure."""
    note = (
        "Pre-procedure note\n"
        "Pt here for R C4-5, C5-6, C6-7 MBB #2. BP 212/118 on arrival, recheck 208/116.\n"
        "Not prepped. Case cancelled, pt sent to ED for BP. Will reschedule.\n"
        "MBB #1 (05/20): R C4-5/C5-6/C6-7, 85% relief x 6 h.\n"
    )
    extraction = check(note).extraction
    assert extraction.procedure is None
    assert extraction.levels == [] and extraction.response.percent_relief is None
    begun = check(
        "PROCEDURE: Right C4-5 medial branch block under fluoroscopy.\n"
        "Consent signed, time-out done, prepped with chlorhexidine and draped.\n"
        "Case cancelled after a vasovagal episode before any needle was placed.\n"
    )
    assert begun.extraction.procedure == "medial_branch_block"


def test_a_visit_without_a_procedure_is_held_only_for_review_not_for_missing_steps(check):
    report = check(_CLINIC_VISIT.format(plan="No procedure today."))
    assert report.extraction.procedure_performed is False
    assert report.status == "needs_review"  # confirm no procedure charge for the date
    assert not [gap for gap in report.gaps if gap.severity == "blocking"]
    billed = check(_CLINIC_VISIT.format(plan="No procedure today."), billed_codes=["64490-RT"])
    assert billed.status == "fail"
    assert any(g.severity == "blocking" and "64490-RT" in g.message for g in billed.gaps)


def test_a_procedure_section_saying_none_was_performed_is_a_visit_without_one(check):
    text = (
        "CC: right mid-back pain, scheduled for right T5, T6, T7 medial branch blocks today.\n\n"
        "Assessment: thoracic facet syndrome, right.\n\n"
        "Procedure\n- None performed today. Patient was not prepped.\n\n"
        "Plan: reschedule right T5, T6, T7 medial branch blocks in 2 weeks.\n"
    )
    report = check(text)
    assert report.extraction.procedure is None
    assert report.extraction.levels == []


@pytest.mark.parametrize(
    "deferred",
    [
        "The left-sided injections were deferred to a later date.",
        "No procedure today on the lumbar spine.",
    ],
)
def test_a_procedure_done_today_stays_when_another_part_was_deferred(check, deferred):
    text = (
        "PROCEDURE: Right C4-5, C5-6 and C6-7 facet joint injections under fluoroscopy.\n"
        "Consent signed. Time-out performed. Chlorhexidine prep. 1% lidocaine 2 mL to skin. "
        "0.5 mL 0.5% bupivacaine and 0.5 mL Kenalog-40 injected at each joint.\n"
        f"{deferred}\n"
    )
    report = check(text)
    assert report.extraction.procedure == "facet_injection"
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("right", "C4-C5"),
        ("right", "C5-C6"),
        ("right", "C6-C7"),
    }


def test_a_pasted_earlier_procedure_note_in_a_clinic_visit_is_not_today(check):
    text = (
        "HPI: follow-up after the 08/18 block; 20% relief. No procedure today.\n\n"
        "PLAN: schedule an epidural steroid injection.\n\n"
        "--- PASTED PROCEDURE NOTE 08/18/2025 (for reference) ---\n"
        "Procedure: Left C5, C6, C7 medial branch blocks, fluoroscopic guidance, consent "
        "signed, time-out done. 0.5% bupivacaine 0.5 mL per nerve. Pre 7/10, post 5/10.\n"
        "--- END PASTED NOTE ---\n"
    )
    report = check(text)
    assert report.extraction.procedure is None
    assert report.extraction.levels == []
    assert not report.extraction.workflow.timeout


def test_todays_procedure_after_a_pasted_earlier_note_counts(check):
    text = (
        "--- PREVIOUS NOTE (03/31/2025) PASTED FOR REFERENCE ---\n"
        "Procedure: Right C4, C5, C6 medial branch blocks, fluoroscopic guidance.\n"
        "--- END PASTED NOTE ---\n\n"
        "PROCEDURE: Left C5-6 and C6-7 facet joint injections under fluoroscopy. "
        "0.5 mL 0.5% bupivacaine and 0.5 mL Kenalog-40 into each joint.\n"
    )
    report = check(text)
    assert report.extraction.procedure == "facet_injection"
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", "C5-C6"),
        ("left", "C6-C7"),
    }


@pytest.mark.parametrize(
    "named",
    ["Bilateral third occipital nerve (TON) blocks", "Bilateral TON blocks"],
)
def test_a_third_occipital_nerve_block_named_with_its_abbreviation_is_a_c2_c3_block(check, named):
    text = (
        f"PROCEDURE: {named}, fluoroscopically guided.\n"
        "On each side three 25 g needles were placed on the lateral aspect of the C2-C3 "
        "joint. Omnipaque 180, 0.2 mL per needle. 0.3 mL of 0.5% bupivacaine per needle.\n"
    )
    report = check(text)
    assert report.extraction.procedure == "medial_branch_block"
    assert report.codes.supported == ["64490-50"]


@pytest.mark.parametrize(
    "title",
    [
        "Landmark-guided bilateral C5-6 facet joint (periarticular)\ninjections, in the office.",
        "Landmark-guided bilateral C5-6 facet (intra-articular) injections.",
    ],
)
def test_a_facet_injection_with_a_bracketed_qualifier_is_a_facet_injection(check, title):
    text = (
        f"PROCEDURE: {title}\n\n"
        "DESCRIPTION: The C5-6 facet joints were identified by palpation on each side. No "
        "imaging was used. 1.5 mL of 1% lidocaine and Kenalog-40 was injected on each side.\n"
    )
    report = check(text)
    assert report.extraction.procedure == "facet_injection"
    assert report.extraction.guidance == "none"
    assert report.codes.supported == []  # no image guidance: no 64490-64492


def test_a_minimal_procedure_note_with_none_today_in_another_field_keeps_its_procedure(check):
    report = check(
        "PROCEDURE: Right C5-6 and C6-7 medial branch blocks with bupivacaine under "
        "fluoroscopy.\n\nSedation: none performed today.\n"
    )
    assert report.extraction.procedure == "medial_branch_block"
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("right", "C5-C6"),
        ("right", "C6-C7"),
    }


def test_rf_lesioning_described_is_a_procedure_even_beside_no_injection_today(check):
    report = check(
        "PROCEDURE: Right C4-5 and C5-6 radiofrequency ablation under fluoroscopy. No "
        "injection today beyond the lesioning. Cannulae placed at the right C4, C5 and C6 "
        "medial branches; motor stimulation negative; lesions at 80 C for 90 s.\n"
    )
    assert report.extraction.procedure == "rf_ablation"


@pytest.mark.parametrize(
    ("field", "done"),
    [
        ("PROCEDURES: None", False),
        ("Procedure today: none.", False),
        ("Procedure: Right C5-6 and C6-7 medial branch blocks. Complications: none", True),
    ],
)
def test_a_procedure_field_answered_none_is_a_visit_without_a_procedure(check, field, done):
    text = (
        "HPI: right neck pain; right C5-6 and C6-7 medial branch blocks on 03/02 gave 80% "
        "relief.\n\n"
        f"{field}\n\n"
        "PLAN: schedule right C5-6 and C6-7 radiofrequency ablation.\n"
    )
    report = check(text)
    assert (report.extraction.procedure == "medial_branch_block") is done
    assert bool(report.extraction.levels) is done


@pytest.mark.parametrize(
    "stop",
    [
        "Procedure CANCELLED\nprior to consent signing, positioning or prep. No medications given.",
        "Procedures cancelled today before consent, prep or any needle.",
        "Consent form not yet signed. Procedure cancelled. No time-out, no prep.\n"
        "No procedure performed today.",
    ],
)
def test_a_case_cancelled_before_its_first_steps_has_no_procedure(check, stop):
    """A cancellation the note places before consent and prep (or whose steps it denies) is
    a visit with no procedure (CONVENTIONS section 4): no type, steps or scores of today."""
    note = (
        "Pre-procedure note\n"
        "Arrived for scheduled left C5-6, C6-7, C7-T1 medial branch blocks (fluoroscopy).\n"
        "Pain 7/10 left neck. INR 3.1 on warfarin.\n"
        f"{stop}\n"
        "Will reschedule once the INR is below 1.5.\n"
    )
    extraction = check(note).extraction
    assert extraction.procedure is None
    assert not extraction.workflow.consent and not extraction.workflow.sterile_prep
    assert extraction.response.pre_pain is None


def test_a_follow_up_visit_naming_no_procedure_of_today_keeps_no_consent_or_score(check):
    """A clinic visit whose only procedure is the plan's: the consent discussion and the
    triage pain score are not those of a procedure done today."""
    note = (
        "Subjective: Neck pain 6/10 today, worse with rotation.\n"
        "Assessment: Bilateral cervical facet arthropathy.\n"
        "Plan: Bilateral C3-C6 medial branch blocks next month. "
        "Risks/benefits reviewed and the patient consented to proceed.\n"
    )
    extraction = check(note).extraction
    assert extraction.procedure is None
    assert not extraction.workflow.consent
    assert extraction.response.pre_pain is None


def test_rf_named_only_outside_a_block_heading_without_lesioning_is_a_block(check):
    """The procedure heading names a medial branch block and never RF; RF appears only in
    the patient's explanation, with no lesioning described: the block was done."""
    note = (
        "About your visit: we numbed small nerves in your neck today. If it helps, we will "
        "later talk about radiofrequency ablation. Radiofrequency ablation heats the same "
        "nerves.\n\n"
        "Procedure: Right C4, C5, C6 medial branch blocks\n"
        "Under fluoroscopy 0.5 mL 0.5% bupivacaine was placed at each nerve.\n"
    )
    assert check(note).extraction.procedure == "medial_branch_block"


def test_an_office_list_item_labelled_by_the_joints_is_a_facet_injection(check):
    report = check(
        "office procedure note. no fluoro, all by palpation.\n"
        "1. cervical facets: palpated bilat c4-5 and c5-6 facet columns. 25g needle to bone\n"
        "   at each; each site got 1 mL of 1% lidocaine with 10 mg triamcinolone.\n"
        "2. bilat GON: 2 mL 0.5% bupivacaine each side.\n"
        "3. TPIs: bilat trap x 2 each side, 1 mL 1% lidocaine each.\n"
    )
    assert report.extraction.procedure == "facet_injection"
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        (side, level) for side in ("right", "left") for level in ("C4-C5", "C5-C6")
    }
    assert report.codes.supported == []


def test_an_exam_line_about_the_facets_names_no_procedure(check):
    report = check(
        "EXAM: Upper cervical facets: minimal tenderness bilaterally (C2-3, C3-4).\n"
        "PLAN: physical therapy.\n"
    )
    assert report.extraction.procedure is None


@pytest.mark.parametrize(
    "heading",
    [
        "Proc: R C4-5 / C5-6 facet IA inj - fluoro",
        "B/L C4-5 + C5-6 facet IA, fluoro",
        "Bilat C4-6 facets (IA), fluoro.",
        "Proc: B/L C4-5, C5-6 facet jt IA inj under fluoroscopy",
        "Procedure: Bilat C4-5, C5-6 facet jt injections. Image: C-arm",
    ],
)
def test_intra_articular_shorthand_names_a_facet_injection(check, heading):
    text = (
        f"{heading}\n"
        "Consent signed. 22g spinal into each jt under fluoro.\n"
        "Each joint: Kenalog-40 0.25 mL + 0.25% Marcaine 0.5 mL.\n"
        "Pain 7/10 -> 2/10.\n"
    )
    report = check(text)
    assert report.extraction.procedure == "facet_injection"


def test_intra_articular_cut_short_after_contrast_is_a_facet_injection(check):
    text = (
        "R C4-5 + C5-6 - fluoro\n"
        "Contrast: Omnipaque 240 0.1 mL/jt -> intra-art x2, good arthrograms\n"
        "Ea jt: triamcinolone 40 mg/mL 0.25 mL + ropivacaine 0.2% 0.5 mL\n"
    )
    assert check(text).extraction.procedure == "facet_injection"


@pytest.mark.parametrize(
    ("block", "rf"),
    [
        ("Left TON block (dx) - fluoro", "Plan: if positive x2, then RFA of the left TON."),
        (
            "Procedure: Right C4 and C5 medial branch blocks, fluoroscopic guidance",
            "Hx left C5-C7 RFA 2021 (good result).",
        ),
    ],
)
def test_rf_named_once_beside_a_named_block_without_lesioning_is_the_block(check, block, rf):
    text = (
        f"{block}\n"
        "Consent signed. 25g needles placed under fluoroscopy. 0.5 mL 0.5% bupivacaine per "
        "level.\nPain 6/10 -> 1/10.\n"
        f"{rf}\n"
    )
    assert check(text).extraction.procedure == "medial_branch_block"


def test_a_history_label_run_on_mid_line_keeps_its_rf_out_of_today(check):
    report = check(
        "Proc: right L4-5, L5-S1 MBB, fluoro\n"
        "Pre NRS 6/10 low back.  Hx: cervical RFA 2023 (R C3-C6) - doing well.\n"
        "09:10  R L3 MB, R L4 MB, R L5 DR needles placed\n"
        "09:12  0.5% bupivacaine 0.5 mL each needle\n"
    )
    assert report.extraction.procedure == "medial_branch_block"


def test_none_of_the_planned_blocks_done_keeps_the_planned_procedure(check):
    report = check(
        "Planned: right C5, C6, C7 medial branch blocks, fluoroscopic guidance.\n"
        "Performed: none of the planned blocks.\n\n"
        "Consent signed. Prep. The patient became lightheaded before any needle reached a target;\n"
        "we stopped.\n"
    )
    assert report.extraction.procedure == "medial_branch_block"
    assert report.extraction.levels == []
    assert report.codes.supported == []


def test_a_patient_never_taken_to_the_procedure_room_had_no_procedure(check):
    report = check(
        "Scheduled: right C5-6, C6-7 facet injections, fluoro\n"
        "0802  Arrived. Pain 7/10 neck.\n"
        "0810  Took clopidogrel this morning. Procedure cancelled, rescheduled.\n"
        "0812  Pt not taken to procedure room.\n"
    )
    assert report.extraction.procedure is None
    assert report.codes.supported == []


_TIE_SCRIPT = """
from checker.extract import _facet_procedure

class Named:
    def __init__(self, value):
        self.value = value

    def is_today(self, kind):
        return True

class Mentions:
    def of(self, label):
        return [Named("facet_injection"), Named("medial_branch_block")]

print(_facet_procedure(Mentions()))
"""


def test_a_tie_between_facet_procedures_goes_to_the_first_named_in_every_run():
    """The answer may not depend on the order Python happens to give a set of strings."""
    import os
    import subprocess
    import sys

    answers = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        run = subprocess.run(
            [sys.executable, "-c", _TIE_SCRIPT],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        answers.add(run.stdout.strip())
    assert answers == {"facet_injection"}


@pytest.mark.parametrize(
    "goal",
    [
        "Diagnostic block 1 of 2 prior to radiofrequency ablation; RF pathway reviewed.",
        "If the diary shows 80% relief, RFA at these levels to follow; RF pathway reviewed.",
    ],
)
def test_rf_named_more_often_than_the_block_as_its_goal_is_not_todays_procedure(check, goal):
    text = (
        f"Left C3, C4, C5, C6 medial branches. {goal}\nFluoroscopy. 0.5 mL 0.75% bupivacaine "
        "at each of the left C3, C4, C5 and C6 medial branches.\n"
    )
    report = check(text)
    assert report.extraction.procedure == "medial_branch_block"
    assert report.codes.supported == ["64490-LT", "64491-LT", "64492-LT"]


@pytest.mark.parametrize(
    "stop",
    [
        "Title: R cervical MBB C4-C6 -- ABORTED\nNo needles were placed.",
        "Planned: R C4, C5, C6 cervical medial branch blocks under fluoro.\n"
        "C-arm failed before any needle. Procedure aborted, pt told, rebooked next week.",
    ],
)
def test_a_procedure_stopped_before_any_needle_keeps_the_type_started(check, stop):
    """The stop negates the title's procedure ("MBB -- ABORTED") or shares its sentence
    with the plan for the next date ("rebooked next week"): the type started is kept, with
    no level treated (CONVENTIONS section 4)."""
    note = f"{stop}\nPrepped and draped, 1 mL 1% lidocaine to the skin. Monitored, home.\n"
    report = check(note)
    assert report.extraction.procedure == "medial_branch_block"
    assert report.extraction.levels == []
    assert report.codes.supported == []


@pytest.mark.parametrize(
    "said",
    [
        "Visit type: Follow-up (no procedure)",
        "Location: clinic room (office visit, no procedure scheduled today)",
        "Seen in clinic only, no procedure.",
        "Procedure NOT done. Pt not prepped, no needles, no meds given.",
    ],
)
def test_a_visit_said_to_have_no_procedure_reads_no_levels_or_score(check, said):
    note = (
        f"{said}\n"
        "Neck pain 6/10 today. Right C3-C6 medial branch blocks on 01/14 gave 85% relief.\n"
        "Plan: schedule right C3-C6 medial branch radiofrequency ablation.\n"
    )
    report = check(note)
    assert report.extraction.procedure is None
    assert report.extraction.levels == []
    assert report.extraction.response.pre_pain is None
    assert report.codes.supported == []


def test_no_procedure_related_complication_is_not_a_visit_without_a_procedure(check):
    note = (
        "Procedure: Right C5-6, C6-7 medial branch blocks under fluoroscopy.\n"
        "0.5 mL 0.5% bupivacaine at each nerve. No procedure-related complications.\n"
    )
    assert check(note).extraction.procedure == "medial_branch_block"


def test_a_landmark_injection_over_the_articular_pillars_is_a_facet_injection(check):
    note = (
        "No imaging in this office: injections by palpation over the articular pillars.\n"
        "Right C4-5 and C5-6: 1 mL 1% lidocaine + 0.5 mL Kenalog-40 at each.\n"
    )
    report = check(note)
    assert report.extraction.procedure == "facet_injection"
    assert report.extraction.guidance == "none"
    assert report.codes.supported == []


def test_a_request_for_authorization_form_is_not_a_radiofrequency_ablation(check):
    """California's "DWC Form RFA" is the request form; a review letter naming it and the
    imaging a block needs describes no procedure of its date."""
    note = (
        "UTILIZATION REVIEW\nRequest received 07/17 (DWC Form RFA).\n"
        "RATIONALE\nFindings localize to C5-6 and C6-7. Fluoroscopic guidance is "
        "medically necessary.\n"
    )
    report = check(note)
    assert report.extraction.procedure is None
    assert report.extraction.guidance is None
    assert report.extraction.levels_unsided == []


@pytest.mark.parametrize(
    "facet",
    [
        "Cervical facet blocks (TON and C3-4) not indicated today.",
        "Cervical facet blocks (TON and C3-4) done in March helped little and were not repeated "
        "today; neither the TON nor any cervical medial branch was blocked.",
    ],
)
def test_a_facet_procedure_said_not_done_today_beside_an_occipital_block_is_not_todays(
    check, facet
):
    """An occipital nerve block is the only procedure; the facet blocks the note names are
    said not indicated or not repeated today: no facet level, region or code."""
    note = (
        "Procedure: bilateral greater occipital nerve blocks\n"
        f"{facet}\n"
        "Landmark technique, no imaging. Each side: 2 mL 0.5% bupivacaine + 0.5 mL Kenalog-40.\n"
    )
    report = check(note)
    assert report.extraction.procedure == "other"
    assert report.extraction.levels == []
    assert report.extraction.region is None


def test_sacroiliac_lateral_branch_rf_beside_a_remote_facet_rf_is_another_procedure(check):
    """RF of the sacroiliac lateral branches is `other`; the lumbar facet RF line of an
    earlier year does not make today's procedure a facet RF with its levels."""
    note = (
        "Procedure: Left sacroiliac joint lateral branch radiofrequency ablation (L5 dorsal "
        "ramus, S1-S3 lateral branches), fluoroscopic guidance\n"
        "(Left L4-5, L5-S1 facet RF - remote, no help for the buttock pain.)\n"
        "RF cannulae placed; lesions 80 C x 90 s at each site.\n"
    )
    report = check(note)
    assert report.extraction.procedure == "other"
    assert report.extraction.levels == []


@pytest.mark.parametrize(
    "landmark",
    [
        "Levels matched the MBB images of March.",
        "Levels matched the medial branch block images from 04/22/2025.",
    ],
)
def test_an_earlier_block_named_by_its_images_does_not_make_an_rf_note_a_block(check, landmark):
    """The images of an earlier block used to count the levels name that block, not
    today's procedure: the note stays radiofrequency neurotomy (no block codes)."""
    report = check(
        "Procedure: Left T6 and T7 medial branch radiofrequency neurotomy, fluoroscopy.\n"
        f"Consent and time-out. {landmark}\n"
        "RF cannulae placed at the T7 and T8 transverse processes for the left T6 and T7 "
        "medial branches; 2% lidocaine 1 mL each; lesions 80 C for 90 s.\n"
    )
    assert report.extraction.procedure == "rf_ablation"
    assert not report.codes.supports_64492
