"""Combined same-day sessions: the facet or medial branch part of the note gives the
procedure, imaging, drugs and pain scores; another procedure's (an ultrasound-guided nerve
block, an epidural, a lumbar facet paragraph) do not."""


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
