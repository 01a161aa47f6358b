"""Combined same-day sessions: the facet or medial branch part of the note gives the
procedure, imaging, drugs and pain scores; another procedure's (an ultrasound-guided nerve
block, an epidural, a lumbar facet paragraph) do not."""

import pytest


def test_another_blocks_ultrasound_and_scores_are_not_the_facet_procedures(check):
    text = (
        "Two procedures today: right suprascapular nerve block, then left cervical MBB.\n\n"
        "--- R SUPRASCAPULAR NERVE BLOCK (US-guided) ---\n"
        "Linear probe, suprascapular notch visualized. 22 G needle in-plane.\n"
        "8 mL 0.2% ropivacaine deposited around the nerve under direct vision.\n"
        "Shoulder pain 7/10 -> 3/10.\n\n"
        "--- L C3 / C4 / C5 / C6 MEDIAL BRANCH BLOCKS ---\n"
        "Sterile prep. Lidocaine 1% skin wheal.\n"
        "Fluoroscopic guidance: needles to the left C3, C4, C5 and C6 medial branches.\n"
        "0.3 cc 0.75% bupivacaine per nerve.\n"
        "Neck pain: pre 6/10, post 0/10 at 15 min.\n"
    )
    extraction = check(text).extraction
    assert extraction.procedure == "medial_branch_block"
    assert extraction.guidance == "fluoroscopy"
    assert (extraction.response.pre_pain, extraction.response.post_pain) == (6, 0)
    assert "ropivacaine" not in {m.name for m in extraction.medications}


def test_an_epidural_listed_beside_facet_injections_leaves_the_facet_levels(check):
    text = (
        "Procedure list\n"
        " a) Right C4/5, C5/6, C6/7 intra-articular facet injections - fluoroscopy\n"
        " b) C7/T1 interlaminar epidural steroid injection - fluoroscopy\n\n"
        "a) Right facets\n"
        " - 22g needles into R C4/5, C5/6, C6/7 joints\n"
        " - Each joint: 0.5 mL 1% lidocaine\n\n"
        "b) Epidural\n"
        " - 18g Tuohy at C7/T1, loss of resistance to saline\n"
        " - Injected 80 mg Kenalog (2 mL)\n"
    )
    extraction = check(text).extraction
    assert extraction.procedure == "facet_injection"
    assert [(f.side, f.level) for f in extraction.levels] == [
        ("right", "C4-C5"),
        ("right", "C5-C6"),
        ("right", "C6-C7"),
    ]
    assert "triamcinolone" not in {m.name for m in extraction.medications}


def test_contrast_said_not_to_spread_into_the_epidural_space_names_no_epidural(check):
    text = (
        "Right C5, C6 and C7 medial branch blocks under fluoroscopy. Isovue 0.2 mL per "
        "needle: no vascular or epidural spread. Bupivacaine 0.5%, 0.4 mL at each target.\n"
    )
    extraction = check(text).extraction
    assert extraction.procedure == "medial_branch_block"
    assert {(m.name, m.volume_ml_per_level) for m in extraction.medications} == {
        ("bupivacaine", 0.4)
    }


def test_a_lumbar_paragraph_does_not_make_a_thoracic_mbb_a_facet_injection(check):
    text = (
        "EXAM: CT GUIDED RIGHT THORACIC MEDIAL BRANCH BLOCKS; CT GUIDED LUMBAR FACET "
        "JOINT INJECTIONS\n\n"
        "Thoracic: under CT, needles to the right T4, T5 and T6 medial branches; 0.5 mL "
        "ropivacaine 0.5% at each.\n\n"
        "Lumbar: needles into the bilateral L4-L5 and L5-S1 facet joints. Iopamidol "
        "confirmed intra-articular position. Each joint was injected with 1 mL of "
        "bupivacaine 0.25%.\n"
    )
    extraction = check(text).extraction
    assert extraction.procedure == "medial_branch_block"
    assert extraction.guidance == "ct"


def test_a_scheduled_list_and_its_aligned_next_item_are_not_todays_levels(check):
    text = (
        "INTRAPROCEDURE RECORD\n"
        "Scheduled: (1) Right SI joint injection, fluoro\n"
        "           (2) Right C3, C4, C5, C6 medial branch blocks, fluoro\n\n"
        "09:01  Right SI joint: 22g needle under fluoro, 1.5 mL 0.5% ropivacaine injected.\n"
        "09:10  Right C4 and C5 medial branches blocked under fluoroscopy with 0.5 mL 0.5% "
        "bupivacaine each.\n"
    )
    report = check(text)
    assert [(f.side, f.level) for f in report.extraction.levels] == [("right", "C4-C5")]
    assert report.codes.supported == ["64490-RT"]


def test_none_of_the_cervical_branches_blocked_leaves_the_procedure_without_levels(check):
    text = (
        "PROCEDURE: Bilateral C3, C4, C5, C6 medial branch blocks under fluoroscopy.\n"
        "Consent signed. Time-out done. Posterior neck prepped, sterile drape.\n"
        "Skin wheal 1 mL 1% lidocaine at the left C4 entry.\n"
        "Patient became diaphoretic with bradycardia. The block was cancelled for today; "
        "none of the cervical medial branches were blocked.\n"
        "Observed 30 min in recovery.\n"
    )
    report = check(text)
    assert report.extraction.procedure == "medial_branch_block"
    assert report.extraction.levels == []
    assert report.codes.supported == []
    assert not report.codes.supports_64492


def test_none_of_the_lumbar_branches_blocked_says_nothing_of_the_cervical_ones(check):
    text = (
        "Right C4, C5 and C6 medial branch blocks under fluoroscopy, 0.5 mL 0.5% bupivacaine "
        "at each nerve.\n"
        "The lumbar block was cancelled; none of the lumbar medial branches were blocked.\n"
    )
    report = check(text)
    assert [(f.side, f.level) for f in report.extraction.levels] == [
        ("right", "C4-C5"),
        ("right", "C5-C6"),
    ]
    assert report.codes.supported == ["64490-RT", "64491-RT"]


def test_an_si_joint_arthrogram_does_not_end_its_procedures_drugs(check):
    text = (
        "[1] CERVICAL MBB\n"
        "  Fluoroscopy. Targets: R C5, R C6, R C7 medial branches.\n"
        "  Injectate: lidocaine 2% 0.5 mL per nerve.\n\n"
        "[2] SIJ\n"
        "  Right SI joint, inferior pole, 22 g needle, contrast arthrogram (Omnipaque).\n"
        "  Injected 2 mL 0.5% bupivacaine + 40 mg Depo-Medrol.\n"
    )
    names = {m.name for m in check(text).extraction.medications}
    assert names == {"lidocaine"}


def test_a_facet_arthrogram_after_trigger_points_ends_their_stretch(check):
    text = (
        "b/l t7/8 t8/9 FJI + TPI x3 L lumbar paraspinals\n"
        "c-arm: ap + obl, ea jt entered -> omnipaque arthrogram ok\n"
        "facets: depo-medrol 80 + bupi .25% -- 1cc per jt\n"
    )
    names = {m.name for m in check(text).extraction.medications}
    assert {"methylprednisolone", "bupivacaine"} <= names


def test_shorthand_names_of_other_procedures_keep_their_drugs_apart(check):
    text = (
        "1. Right C5-6 and C6-7 facet joint injections under fluoroscopy: each joint got "
        "1 mL of 1% lidocaine.\n"
        "2. bilat GON: 2 mL 0.5% bupivacaine each side at the superior nuchal line.\n"
        "3. R SSNB: 5 mL 0.25% ropivacaine.\n"
        "4. L SIJ: 2 mL 0.5% bupivacaine + 40 mg Depo-Medrol.\n"
    )
    extraction = check(text).extraction
    assert extraction.procedure == "facet_injection"
    assert {m.name for m in extraction.medications} == {"lidocaine"}


def test_imaging_of_another_procedures_title_is_not_the_medial_branch_blocks(check):
    text = (
        "PROCEDURES:\n"
        "1. Right C4, C5, C6 and C7 medial branch blocks.\n"
        "2. Left stellate ganglion block, ultrasound guided.\n\n"
        "DESCRIPTION: Under fluoroscopic guidance, needles were directed to the right C4, C5, "
        "C6 and C7 medial branches and 0.4 cc of 0.5% bupivacaine was injected at each.\n\n"
        "The patient was turned supine. The left C6 transverse process was identified with a "
        "linear ultrasound probe and 5 cc of 0.25% bupivacaine was deposited under "
        "ultrasound.\n"
    )
    assert check(text).extraction.guidance == "fluoroscopy"


def test_thoracic_transverse_process_targets_are_read_by_the_nerve_rule(check):
    # each vertebra whose transverse process took a needle is its medial branch: T3 to T6
    # medial branches block the T4-T5, T5-T6 and T6-T7 joints (conventions, section 2)
    text = (
        "EXAM: CT GUIDED BILATERAL THORACIC MEDIAL BRANCH BLOCKS; CT GUIDED BILATERAL LUMBAR "
        "FACET JOINT INJECTIONS\n\n"
        "Thoracic: under CT, 22-gauge needles were placed at the superolateral corner of the "
        "transverse process bilaterally at T3, T4, T5 and T6. 0.5 mL of 0.5% ropivacaine at "
        "each target.\n\n"
        "Lumbar: needles were placed into the bilateral L4-L5 and L5-S1 facet joints, each "
        "injected with 1 mL of 0.25% bupivacaine.\n"
    )
    report = check(text)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        (side, level) for side in ("right", "left") for level in ("T4-T5", "T5-T6", "T6-T7")
    }
    assert report.extraction.region == "thoracic"


def test_pillars_seen_on_imaging_are_no_needle_targets(check):
    text = (
        "PROCEDURE: right C3, C4 and C5 medial branch blocks under fluoroscopy.\n"
        "C-arm AP: lateral margins of the right articular pillars identified C2 to C7.\n"
        "Needles to the right C3, C4 and C5 medial branches; 0.3 mL 0.5% bupivacaine each.\n"
    )
    report = check(text)
    assert [f.level for f in report.extraction.levels] == ["C3-C4", "C4-C5"]
    assert not report.codes.supports_64492


def test_an_epidurals_drugs_leave_out_the_trigger_points_of_a_later_item(check):
    text = (
        "P: Procedures today (consent signed; time-out done):\n\n"
        "   #1 C6-C7 INTERLAMINAR ESI (fluoro)\n"
        "   Skin 2 mL 1% lidocaine. 20 G Tuohy, LOR to saline at C6-7. Injected Depo-Medrol "
        "80 mg/mL 1 mL + 2 mL preservative-free NS.\n\n"
        "   #2 TPIs bilat upper trapezius x 4 sites: 1 mL 0.25% bupivacaine + 10 mg Kenalog "
        "each.\n\n"
        "   NRS 7 -> NRS 4. Observed 20 min, no complications.\n"
    )
    extraction = check(text).extraction
    assert extraction.procedure == "epidural"
    assert {m.name for m in extraction.medications} == {"lidocaine", "methylprednisolone"}


def test_a_second_numbered_block_of_another_kind_keeps_its_drugs(check):
    text = (
        "BLOCK 1 - LEFT STELLATE GANGLION BLOCK (fluoroscopic)\n"
        "  Contrast: Isovue-M 200, 1 mL - prevertebral spread\n"
        "  Injectate: levobupivacaine (Chirocaine) 0.25% 6 mL\n\n"
        "BLOCK 2 - LEFT GREATER OCCIPITAL NERVE BLOCK (landmark)\n"
        "  Injectate: 3 mL lidocaine 1% + 40 mg methylprednisolone\n"
    )
    names = {m.name for m in check(text).extraction.medications}
    assert names == {"levobupivacaine"}


def test_a_later_item_naming_the_same_procedure_keeps_its_drugs(check):
    text = (
        "1. Right SI joint injection under fluoroscopy: 1 mL 0.5% bupivacaine.\n"
        "2. Right sacroiliac joint, second needle to the superior joint: 1 mL 0.5% "
        "ropivacaine.\n"
    )
    names = {m.name for m in check(text).extraction.medications}
    assert names == {"bupivacaine", "ropivacaine"}


def test_an_encounter_line_naming_both_regions_does_not_join_the_lumbar_joints(check):
    """An encounter form's procedure line lists the day's thoracic and lumbar injections;
    the description treats them in separate sentences, so the lumbar joints are another
    procedure's."""
    text = (
        "ENCOUNTER PROCEDURE(S):\n"
        "   BILAT THORACIC (T10-11, T11-12) + LUMBAR (L3-4, L4-5) FACET INJ\n\n"
        "Consent signed. Fluoroscopy used throughout.\n"
        "Thoracic: R and L T10-11 and T11-12 facet joints entered; 0.5 mL triamcinolone "
        "40 mg/mL each.\n"
        "Lumbar: R and L L3-4 and L4-5 facet joints entered; 1 mL triamcinolone 40 mg/mL "
        "each.\n"
    )
    report = check(text)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        (side, joint) for side in ("right", "left") for joint in ("T10-T11", "T11-T12")
    }
    assert report.extraction.region == "thoracic"


def test_a_lumbar_item_whose_dorsal_ramus_joins_the_cervical_run_is_still_apart(check):
    """The L5 dorsal ramus of a lumbar item may be pooled into a side's run of single
    nerves with the cervical ones: where the lumbar levels are written decides, not that."""
    report = check(
        "Procedures:\n"
        " (1) Bilateral C5 and C6 medial branch blocks (cervical), fluoroscopy\n"
        " (2) Bilateral lumbar medial branch blocks: L3, L4 medial branches and\n"
        "     L5 dorsal rami, fluoroscopy\n\n"
        "Needle 1 - right C5 MB. Needle 2 - right C6 MB.\n"
        "Needle 3 - left C5 MB. Needle 4 - left C6 MB.\n"
        "Bupivacaine 0.5% 0.5 mL per nerve.\n"
    )
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("right", "C5-C6"),
        ("left", "C5-C6"),
    }


def test_a_block_beside_a_same_day_rf_ablation_is_the_procedure_and_gives_the_levels(check):
    # conventions 3: the block is the procedure; the RF side's levels, drugs and codes are not
    text = (
        "Procedures: 1) Left C4, C5, C6, C7 medial branch blocks, diagnostic #1.\n"
        "2) Right C4, C5, C6 medial branch radiofrequency neurotomy.\n\n"
        "LEFT MBB: fluoroscopy, 25 g needles to the left C4, C5, C6 and C7 pillar waists. "
        "0.5 mL of 0.5% bupivacaine per nerve. Left neck 7/10 -> 1/10.\n\n"
        "RIGHT C4-C6 RF: 18 g cannulae with 10 mm active tips parallel to the medial branches. "
        "Sensory 50 Hz at 0.4 V, motor 2 Hz negative. 1 mL of 2% lidocaine through each "
        "cannula, then lesions 80 C x 90 s.\n"
    )
    report = check(text)
    extraction = report.extraction
    assert extraction.procedure == "medial_branch_block"
    assert [(f.side, f.level) for f in extraction.levels] == [
        ("left", "C4-C5"),
        ("left", "C5-C6"),
        ("left", "C6-C7"),
    ]
    assert {m.name for m in extraction.medications if m.role != "skin_local"} == {"bupivacaine"}
    assert report.codes.supports_64492
    assert not any(code.endswith(("-RT", "-50")) for code in report.codes.supported)


@pytest.mark.parametrize(
    "earlier",
    [
        "Diagnostic MBB x2 on 4/02 and 4/23, 85% and 90% relief.",
        "Procedure type: {Medial branch block/Radiofrequency ablation:Radiofrequency ablation}",
    ],
)
def test_an_rf_ablation_after_earlier_or_unchosen_blocks_is_no_block(check, earlier):
    text = (
        "Procedure: Right C4, C5, C6, C7 medial branch radiofrequency neurotomy.\n"
        f"{earlier}\n"
        "18 g cannulae with 10 mm active tips parallel to the right C4 to C7 medial branches "
        "under fluoroscopy. Sensory 50 Hz at 0.4 V. Lesions 80 C x 90 s at each nerve.\n"
    )
    report = check(text)
    assert report.extraction.procedure == "rf_ablation"
    assert not report.codes.supports_64492


def test_a_paravertebral_blocks_drugs_are_not_the_medial_branch_blocks(check):
    text = (
        "PROCEDURES: 1. Right T5, T6 and T7 medial branch blocks. 2. Right T6 paravertebral "
        "block.\nUnder fluoroscopy, needles to the right T5, T6 and T7 medial branches; "
        "bupivacaine 0.5%, 0.5 mL per nerve.\n\n"
        "Paravertebral block: a second needle walked off the T6 transverse process into the "
        "paravertebral space; ropivacaine 0.2%, 10 mL.\n"
    )
    extraction = check(text).extraction
    assert extraction.procedure == "medial_branch_block"
    assert {m.name for m in extraction.medications} == {"bupivacaine"}


@pytest.mark.parametrize("block", ["intercostal nerve blocks", "paravertebral blocks"])
def test_intercostal_or_paravertebral_blocks_alone_are_another_procedure(check, block):
    text = (
        f"Procedure: Left T8, T9 and T10 {block} under fluoroscopy.\n"
        "Consent signed. Prep and drape. Bupivacaine 0.25%, 4 mL at each level.\n"
    )
    report = check(text)
    assert report.extraction.procedure == "other"
    assert report.extraction.levels == []
    assert report.codes.supported == []


def test_a_billing_lists_count_of_both_regions_does_not_join_the_lumbar_joints(check):
    """The field lines of a charge list ("  Levels billed: 4 (...)") are what was billed: a
    count naming the thoracic and the lumbar joints together does not make them one
    procedure."""
    text = (
        "Right T9-10 and T10-11 facet joint injections and right L4-5 and L5-S1 facet joint "
        "injections under fluoroscopy.\n\n"
        "Thoracic: right T9-10 and T10-11 joints entered; 0.5 mL bupivacaine 0.5% each.\n\n"
        "Lumbar: right L4-5 and L5-S1 joints entered; 1 mL bupivacaine 0.5% each.\n\n"
        "BILLING\n"
        "  Levels billed: 4 (T9-10, T10-11, L4-5, L5-S1)\n"
        "  64490-RT, 64491-RT\n"
    )
    report = check(text)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("right", "T9-T10"),
        ("right", "T10-T11"),
    }
    assert report.extraction.region == "thoracic"
