"""Operative reports as hospitals and surgery centres write them: headed sections
(PREOPERATIVE DIAGNOSIS, PROCEDURE, FINDINGS, DISPOSITION), an attending's attestation over a
fellow's note, a nursing record attached below, sedation, a side or a whole procedure not
done, and the landmarks a needle is placed on."""

import pytest

from tests.test_extraction import meds

HOSPITAL_REPORT = """OPERATIVE REPORT

PREOPERATIVE DIAGNOSIS: Cervical spondylosis with facet arthropathy at C3-4 through C6-7.
POSTOPERATIVE DIAGNOSIS: Same.

PROCEDURE: Right C4-5, C5-6 and C6-7 intra-articular facet joint injections under \
fluoroscopic guidance.

ATTENDING: Jane Doe, MD
FELLOW: John Roe, MD
ANESTHESIA: Local with moderate sedation (midazolam 2 mg IV, fentanyl 50 mcg IV).

DESCRIPTION OF PROCEDURE: Informed consent was obtained. A time-out was performed. The \
patient was placed prone and the neck was prepped with chlorhexidine and draped in sterile \
fashion. The skin was anesthetized with 2 mL of 1% lidocaine. Under fluoroscopy, 22-gauge \
needles were placed into the right C4-5, C5-6 and C6-7 facet joints. Into each joint 0.5 mL \
of 0.5% bupivacaine and 0.5 mL of triamcinolone 40 mg/mL were injected.

FINDINGS: Omnipaque 240, 0.2 mL per joint, confirmed intra-articular spread at each level.

DISPOSITION: To PACU in stable condition, monitored for 30 minutes. Pain 7/10 before and \
2/10 after the procedure.

ATTENDING ATTESTATION: I was present for the entire procedure, including needle placement \
and injection, and agree with the fellow's note.
"""

ASC_WITH_NURSING_RECORD = """PROCEDURE NOTE
Procedure: Left C5, C6 and C7 medial branch blocks.
Fluoroscopy used. Consent signed, time-out done, prepped with ChloraPrep and draped.
1 mL of 1% lidocaine to the skin at each entry site. Needles placed on the left C5, C6 and \
C7 articular pillars. Isovue 0.2 mL per needle, no vascular uptake. 0.5 mL of 0.5% \
bupivacaine per nerve.
Complications: none.

ASC NURSING RECORD
Arrival 07:40. Pre-procedure pain 6/10. IV placed left hand. Versed 1 mg IV given at 08:05.
Home medications: gabapentin 300 mg, meloxicam 15 mg, lidocaine patch.
Post-procedure: pain 1/10 at 08:45. Observed 30 minutes in recovery. Discharged with spouse.
"""


def test_hospital_report_with_attending_and_fellow(check):
    report = check(HOSPITAL_REPORT)
    ex = report.extraction
    assert ex.levels_by_side() == {"right": ["C4-C5", "C5-C6", "C6-C7"], "left": []}
    assert report.codes.supported == ["64490-RT", "64491-RT", "64492-RT"]
    assert meds(report) == {
        ("lidocaine", "skin_local"): ("1%", 2.0, None),
        ("bupivacaine", "anesthetic"): ("0.5%", 0.5, None),
        ("triamcinolone", "steroid"): ("40 mg/mL", 0.5, None),
    }
    assert {m.name for m in ex.sedation_medications} == {"midazolam", "fentanyl"}
    assert (ex.contrast.used, ex.contrast.agent) == (True, "iohexol")
    assert (ex.response.pre_pain, ex.response.post_pain) == (7, 2)


def test_surgery_centre_note_with_its_nursing_record(check):
    report = check(ASC_WITH_NURSING_RECORD)
    ex = report.extraction
    assert ex.levels_by_side() == {"right": [], "left": ["C5-C6", "C6-C7"]}
    # Versed is the sedation service; the home lidocaine patch is no medication of today's.
    assert meds(report) == {
        ("lidocaine", "skin_local"): ("1%", 1.0, None),
        ("bupivacaine", "anesthetic"): ("0.5%", 0.5, None),
    }
    assert ex.workflow.sedation == "midazolam"
    assert (ex.response.pre_pain, ex.response.post_pain) == (6, 1)
    assert ex.workflow.observation


@pytest.mark.parametrize(
    "sentence",
    [
        "No skin local anesthetic was used to avoid confounding the diagnostic block.",
        "SKIN LOCAL: None used (patient declined skin wheals).",
        "The patient refused skin wheals.",
    ],
)
def test_skin_local_said_not_given_is_not_local_anesthesia(check, sentence):
    text = (
        "PROCEDURE: Right C4-5 and C5-6 medial branch blocks under fluoroscopy.\n"
        f"{sentence}\n0.5 mL of 0.5% bupivacaine was injected at each nerve.\n"
    )
    assert check(text).extraction.workflow.local_anesthesia is False


def test_occipital_nerve_blocks_are_another_procedure(check):
    text = (
        "PROCEDURE(S) PERFORMED:\n1. Bilateral greater occipital nerve blocks.\n\n"
        "INDICATIONS: MRI shows C2-3 facet arthropathy.\n\n"
        "DESCRIPTION: Landmark technique. 3 mL of 0.25% bupivacaine was injected on each side."
    )
    report = check(text)
    assert report.extraction.procedure == "other"
    assert report.extraction.levels == []
    assert report.codes.supported == []


SIDE_NOT_DONE = [
    (
        "A time-out was performed confirming bilateral C5-6 and C6-7 levels.\n"
        "Right side: 0.5 mL of 2% lidocaine was injected at the right C5-6 and C6-7 joints.\n"
        "The patient became lightheaded and the left-sided injections were not performed."
    ),
    (
        "Under fluoroscopy needles were placed into the right C5-6 and C6-7 joints; the left "
        "side was not done because the patient became vasovagal. Each joint received 0.5 mL "
        "of 2% lidocaine."
    ),
]


@pytest.mark.parametrize("description", SIDE_NOT_DONE)
def test_a_side_said_not_done_has_no_levels(check, description):
    text = "PROCEDURE: Bilateral C5-6 and C6-7 facet injections under fluoroscopy.\n" + description
    report = check(text)
    assert report.extraction.levels_by_side() == {"right": ["C5-C6", "C6-C7"], "left": []}
    assert report.codes.supported == ["64490-RT", "64491-RT"]


def test_no_left_sided_pain_is_not_a_side_not_done(check):
    text = (
        "PROCEDURE: Bilateral C5-6 facet joint injections under fluoroscopy.\n"
        "0.5 mL of 0.5% bupivacaine was injected into each joint. No left-sided "
        "complications."
    )
    assert check(text).extraction.levels_by_side() == {"right": ["C5-C6"], "left": ["C5-C6"]}


ABORTED = (
    "PROCEDURE PLANNED: Bilateral C4, C5 and C6 medial branch nerve blocks under fluoroscopic "
    "guidance.\nPROCEDURE PERFORMED: Positioning and fluoroscopic localization only. Procedure "
    "aborted prior to needle placement.\n\nDESCRIPTION: Consent was obtained. A time-out was "
    "performed confirming bilateral C4-5 and C5-6 levels. Before any local anesthetic was drawn "
    "up the patient had a vasovagal episode. No needles were placed and no medication or "
    "contrast was administered for the planned blocks.\n\nPLAN: Reschedule bilateral C4, C5 and "
    "C6 medial branch blocks with light sedation."
)


def test_procedure_aborted_before_any_needle_treated_no_level(check):
    report = check(ABORTED)
    ex = report.extraction
    assert ex.procedure == "medial_branch_block"  # the procedure attempted
    assert ex.levels == [] and ex.region is None
    assert report.codes.supported == []
    assert ex.contrast.used is False
    assert ex.workflow.local_anesthesia is False
    assert ex.workflow.sedation is None  # light sedation is the plan for next time
    assert any("stopped before any injection" in w.message for w in ex.reading_warnings)
    assert report.status != "pass"


def test_procedure_aborted_after_an_injection_keeps_its_levels(check):
    text = (
        "PROCEDURE: Right C4-5 and C5-6 facet joint injections under fluoroscopy.\n"
        "0.5 mL of 0.5% bupivacaine was injected into the right C4-5 joint. The procedure was "
        "aborted before the C5-6 joint because of a vasovagal episode."
    )
    levels = check(text).extraction.levels_by_side()
    assert "C4-C5" in levels["right"]


def test_pain_afterward_is_the_post_procedure_score(check):
    text = (
        "PROCEDURE: Right C4-5 facet joint injection under fluoroscopy.\n"
        "She rated her pain 6 out of 10 before the procedure and 2 out of 10 afterward."
    )
    response = check(text).extraction.response
    assert (response.pre_pain, response.post_pain) == (6, 2)


def test_midline_epidural_has_no_region(check):
    text = (
        "PROCEDURE: C7-T1 interlaminar epidural steroid injection under fluoroscopy.\n"
        "A Tuohy needle was advanced in the midline at C7-T1. 1 mL of Depo-Medrol 80 mg/mL was "
        "injected."
    )
    ex = check(text).extraction
    assert ex.procedure == "epidural"
    assert ex.region is None and ex.levels == []


def test_diluent_takes_its_own_volume(check):
    text = (
        "PROCEDURE: Left paramedian C6-7 interlaminar epidural steroid injection under "
        "fluoroscopy.\nInjected 2 mL preservative-free saline with 1 mL dexamethasone 10 mg/mL."
    )
    assert meds(check(text)) == {("dexamethasone", "steroid"): ("10 mg/mL", 1.0, None)}


THORACIC_TARGETS = (
    "PROCEDURE: Left T4, T5, T6 and T7 thoracic medial branch blocks under fluoroscopy.\n"
    "A 22-gauge needle was advanced to the superolateral corner of the T5 transverse process "
    "to target the T4 medial branch, and similarly at T6, T7 and T8 for the T5, T6 and T7 "
    "medial branches. Then 0.5 mL of 0.5% bupivacaine was injected at each level."
)


def test_transverse_process_targets_are_landmarks_not_nerves(check):
    report = check(THORACIC_TARGETS)
    assert report.extraction.levels_by_side() == {
        "right": [],
        "left": ["T5-T6", "T6-T7", "T7-T8"],
    }


def test_articular_pillars_alone_still_name_the_nerves(check):
    text = (
        "PROCEDURE: Right cervical medial branch blocks under fluoroscopy.\n"
        "Needles were placed on the right C4, C5 and C6 articular pillars and 0.5 mL of 0.5% "
        "bupivacaine was injected at each."
    )
    levels = check(text).extraction.levels_by_side()
    assert levels["right"] == ["C4-C5", "C5-C6"]


def test_blood_loss_volume_is_no_injectate(check):
    text = (
        "PROCEDURE: Right C5-6 and C6-7 facet joint injections under fluoroscopy.\n"
        "EBL: Less than 5 mL.\n"
        "Each joint received 0.5 mL of 0.25% bupivacaine, and a total of 1 mL of Kenalog-40 "
        "was divided among the joints."
    )
    assert meds(check(text)) == {
        ("bupivacaine", "anesthetic"): ("0.25%", 0.5, None),
        ("triamcinolone", "steroid"): ("40 mg/mL", None, 1.0),
    }


def test_volume_in_brackets_after_a_dose_belongs_to_the_drug_it_introduces(check):
    text = (
        "PROCEDURE: Right C6-7 facet joint injection under fluoroscopy.\n"
        "Each joint was injected with 0.5 mL of 1% lidocaine and 20 mg (0.5 mL) of Kenalog-40."
    )
    found = meds(check(text))
    assert found[("triamcinolone", "steroid")] == ("40 mg/mL", 0.5, None)
    assert found[("lidocaine", "anesthetic")] == ("1%", 0.5, None)


def test_trigger_point_levels_in_a_lumbar_facet_session_are_not_facet_levels(check):
    text = (
        "PROCEDURES PERFORMED:\n"
        "1. Bilateral L4-5 and L5-S1 facet joint injections under fluoroscopic guidance.\n"
        "2. Trigger point injections, bilateral cervical paraspinals at the C5-6 level.\n\n"
        "Lumbar facet injections: each joint was injected with 0.5 mL of 0.5% bupivacaine.\n\n"
        "Trigger point injections: 2 mL of 0.25% bupivacaine was injected into each trigger "
        "point at the C5-6 level."
    )
    report = check(text)
    assert report.extraction.levels_by_side() == {
        "right": ["L4-L5", "L5-S1"],
        "left": ["L4-L5", "L5-S1"],
    }
    assert report.extraction.region == "lumbar"
    assert meds(report) == {("bupivacaine", "anesthetic"): ("0.5%", 0.5, None)}


def test_nursing_medication_record_below_the_description(check):
    text = (
        "PROCEDURE: Right C4-5 and C5-6 facet joint injections under fluoroscopy.\n"
        "DESCRIPTION: Skin wheals with 1% lidocaine. 0.5 mL of 0.5% bupivacaine and 0.5 mL of "
        "Depo-Medrol 40 mg/mL into each joint.\n\n"
        "NURSING INTRAPROCEDURE RECORD\nMedications administered:\n"
        "- Lidocaine 1% 4 mL (local)\n- Bupivacaine 0.5% 1 mL\n- Depo-Medrol 40 mg/mL 1 mL\n"
        "- Midazolam 1 mg IV\n"
    )
    report = check(text)
    # the description's amounts per joint come first; the record's lines add no new drug
    assert meds(report) == {
        ("lidocaine", "skin_local"): ("1%", 4.0, None),
        ("bupivacaine", "anesthetic"): ("0.5%", 0.5, None),
        ("methylprednisolone", "steroid"): ("40 mg/mL", 0.5, None),
    }
    assert [m.name for m in report.extraction.sedation_medications] == ["midazolam"]


def test_no_needle_at_one_level_is_not_an_aborted_procedure(check):
    text = (
        "PROCEDURE: Right C5-6, C6-7 and C7-T1 facet joint injections under fluoroscopy.\n"
        "Needles were placed into the right C5-6 and C6-7 joints and 0.5 mL of the anesthetic "
        "mixture was injected into each. No needle was placed at C7-T1 because the shoulders "
        "hid the joint."
    )
    ex = check(text).extraction
    assert ex.levels_by_side()["right"] == ["C5-C6", "C6-C7"]
    assert not any("stopped before any injection" in w.message for w in ex.reading_warnings)
