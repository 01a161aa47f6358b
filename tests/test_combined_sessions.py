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
