"""A level counted from to find the target ("spinous processes counted from C7/T1") is a
landmark, not a level treated."""

import pytest

NOTE = (
    "Procedure: Right T7-8, T8-9 and T9-10 facet joint injections under fluoroscopy.\n"
    "Prone, spinous processes palpated and {counted} C7/T1. Each joint: 1 mL of 0.25% "
    "bupivacaine.\n"
)


@pytest.mark.parametrize("counted", ["counted from", "counting down from", "counted up from"])
def test_a_level_counted_from_is_not_treated(check, counted):
    levels = check(NOTE.format(counted=counted)).extraction.levels
    assert {(f.side, f.level) for f in levels} == {
        ("right", "T7-T8"),
        ("right", "T8-T9"),
        ("right", "T9-T10"),
    }


def test_transverse_processes_beside_named_nerves_stay_where_the_needles_went(check):
    # the Tn medial branch crosses the T(n+1) transverse process: beside the nerves named,
    # the processes add no level of their own
    text = (
        "He performed LEFT T6, T7 and T8 medial branch blocks (diagnostic) under fluoroscopy. "
        "22 g needles to the superolateral corners of the L T7, T8 and T9 transverse "
        "processes, 0.5 mL of 0.5% bupivacaine per nerve.\n"
    )
    report = check(text)
    assert [(f.side, f.level) for f in report.extraction.levels] == [
        ("left", "T7-T8"),
        ("left", "T8-T9"),
    ]
    assert not report.codes.supports_64492


def test_pillar_targets_without_a_side_of_their_own_add_nothing_certain(check):
    text = (
        "PROCEDURE: Left C3-C4, C4-C5 and C5-C6 medial branch blocks.\n\n"
        "Using fluoroscopic guidance, 25G spinal needles were placed at the C3, C4, C5 and C6 "
        "articular pillar waists. 0.5 mL of 0.5% bupivacaine was injected at each level.\n\n"
        "ADDENDUM: Correction of side: the procedure was performed on the RIGHT side (right "
        "C3-C4, C4-C5 and C5-C6 medial branch blocks). Left is a dictation error.\n"
    )
    report = check(text)
    assert {f.side for f in report.extraction.levels} == {"right"}


def test_a_transverse_process_written_after_its_nerve_is_where_the_needle_went(check):
    # "R T5 MB -> superolateral TP of T6": the Tn medial branch crosses the T(n+1) process,
    # so the process's vertebra adds no nerve (convention 2's thoracic shift on T5-T8)
    rows = "".join(f"  - R T{n} MB  -> superolateral TP of T{n + 1}\n" for n in (5, 6, 7, 8))
    report = check(
        "Thoracic medial branch block, fluoroscopy.\nTarget nerves: Right Th5, Th6, Th7 and "
        "Th8 medial branches.\nEach medial branch was targeted at the transverse process "
        "below it:\n" + rows + "Bupivacaine 0.5%, 0.5 mL per nerve.\n"
    )
    assert [(f.side, f.level) for f in report.extraction.levels] == [
        ("right", "T6-T7"),
        ("right", "T7-T8"),
        ("right", "T8-T9"),
    ]


@pytest.mark.parametrize(
    "aside",
    [
        "top needle kept below the course of the TON",
        "upper needle placed avoiding the third occipital nerve",
        "upper needle lateral to the TON",
    ],
)
def test_a_nerve_named_as_a_landmark_is_not_a_target(check, aside):
    # a nerve the needle is placed by, under or away from is anatomy, not a nerve blocked
    report = check(
        "Procedure: Left C3, C4 and C5 medial branch blocks under fluoroscopy "
        f"({aside}). 0.5 mL of 0.5% bupivacaine at each medial branch.\n"
    )
    assert [(f.side, f.level) for f in report.extraction.levels] == [
        ("left", "C3-C4"),
        ("left", "C4-C5"),
    ]
    assert not report.codes.supports_64492


def test_a_needle_along_the_course_of_a_nerve_still_targets_it(check):
    report = check(
        "Procedure: Right third occipital nerve, C3 and C4 medial branch blocks under "
        "fluoroscopy, needles along the course of the TON and at the C3 and C4 pillar waists. "
        "0.5 mL of 0.5% bupivacaine at each.\n"
    )
    assert [(f.side, f.level) for f in report.extraction.levels] == [
        ("right", "C2-C3"),
        ("right", "C3-C4"),
    ]


def test_a_joint_levels_are_counted_from_is_a_landmark(check):
    report = check(
        "Ultrasound-guided right C4, C5 and C6 medial branch blocks. Probe over the right "
        "pillars; the C2-3 joint found and levels counted down to the targets. 0.5 mL of "
        "0.5% bupivacaine per nerve. No fluoroscopy or contrast used.\n"
    )
    assert [(f.side, f.level) for f in report.extraction.levels] == [
        ("right", "C4-C5"),
        ("right", "C5-C6"),
    ]
    assert report.extraction.contrast.used is False


def test_a_vertebra_before_its_superior_articular_process_is_where_the_needle_went(check):
    # the T12 medial branch is reached at the L1 superior articular process: L1 is the
    # landmark, not a nerve, so no L1-L2 joint is read
    text = (
        "Procedure: left T9, T10, T11 and T12 medial branch blocks (for the T10-11, T11-12 "
        "and T12-L1 facets) under fluoroscopy.\n"
        "T9, T10 and T11 MB at the superolateral corner of the T10, T11 and T12 transverse "
        "processes; T12 MB at the junction of the L1 superior articular process and "
        "transverse process. 0.5 mL of 0.5% bupivacaine per nerve.\n"
    )
    report = check(text)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", joint) for joint in ("T10-T11", "T11-T12", "T12-L1")
    }
    assert report.extraction.region == "thoracic"
    assert report.codes.supported_other == []
    # the lone T12 nerve joins no run: the heading's T12-L1 stays, in doubt, not left out
    (t12_l1,) = [f for f in report.extraction.levels if f.level == "T12-L1"]
    assert t12_l1.uncertain
    assert not report.codes.supports_64492


def test_a_side_grid_row_names_its_nerve_and_the_process_it_crosses(check):
    # a target table with the sides as columns: each row's second vertebra is the
    # transverse process the nerve crosses, not a nerve of its own (no T7-T8 is read)
    rows = "".join(
        f"  T{n} MB     superolateral TP of T{n + 1}       done      done\n" for n in (3, 4, 5)
    )
    report = check(
        "PROCEDURE: Bilateral thoracic medial branch blocks under fluoroscopy.\n"
        "Ropivacaine 0.5%, 0.5 mL per nerve.\n\n"
        "  Nerve     Target                        Right     Left\n" + rows
    )
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        (side, joint) for side in ("right", "left") for joint in ("T4-T5", "T5-T6")
    }
    assert not report.codes.supports_64492
