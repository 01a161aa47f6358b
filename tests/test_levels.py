"""Treated levels and sides in every notation the issue names, and the distractors that
must not count. Each case is a short procedure text as a physician would write it."""

import pytest

from checker.extract.levels import nerves_to_joints, ordinal, parse_level


def levels(report) -> set[tuple[str, str]]:
    return {(fact.side, fact.level) for fact in report.extraction.levels}


R, L = "right", "left"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "PROCEDURE: Right C4-5, C5-6 and C6-7 facet joint injections.",
            {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")},
        ),
        ("PROCEDURE: Left C5-C6 and C6-C7 facet injections.", {(L, "C5-C6"), (L, "C6-C7")}),
        ("PROCEDURE: Right C5/6 facet injection.", {(R, "C5-C6")}),
        ("PROCEDURE: Right C5–6 and C6–7 facet injections.", {(R, "C5-C6"), (R, "C6-C7")}),
        ("PROCEDURE: Left C6-7 and C7-T1 facet injections.", {(L, "C6-C7"), (L, "C7-T1")}),
        ("PROCEDURE: Right T12-L1 facet injection.", {(R, "T12-L1")}),
        ("PROCEDURE: Right L34 and L45 facet injections.", {(R, "L3-L4"), (R, "L4-L5")}),
        ("PROCEDURE: Left L5S1 facet injection.", {(L, "L5-S1")}),
        ("PROCEDURE: LEFT C45, C56 facet injections.", {(L, "C4-C5"), (L, "C5-C6")}),
        (
            "PROCEDURE: Right C4-5 through C6-7 facet joints.",
            {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")},
        ),
        (
            "PROCEDURE: Right C3-C6 facet joint injections.",
            {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6")},
        ),
        (
            "PROCEDURE: C4-5, C5-6 and C6-7 facet joints on the right.",
            {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")},
        ),
        ("PROCEDURE: C4-5 right, C5-6 left.", {(R, "C4-C5"), (L, "C5-C6")}),
        (
            "PROCEDURE: Bilateral C4-5 and C5-6 facet injections.",
            {(R, "C4-C5"), (R, "C5-C6"), (L, "C4-C5"), (L, "C5-C6")},
        ),
        (
            "PROCEDURE: Right C4-5, C5-6, C6-7 and left C5-6, C6-7 medial branch blocks.",
            {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7"), (L, "C5-C6"), (L, "C6-C7")},
        ),
        (
            "PROCEDURE: Right C4, C5, C6 and C7 medial branch blocks.",
            {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")},
        ),
        (
            "PROCEDURE: Right C3 to C6 medial branch blocks.",
            {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6")},
        ),
        ("PROCEDURE: Left third occipital nerve block.", {(L, "C2-C3")}),
        (
            "PROCEDURE: Right L3 and L4 medial branches and L5 dorsal ramus blocked.",
            {(R, "L4-L5"), (R, "L5-S1")},
        ),
    ],
)
def test_level_notations(check, text, expected):
    assert levels(check(text + "\nFluoroscopic guidance was used.")) == expected


def test_shared_side_carries_to_the_next_line(check):
    text = "Side: [X] Right [ ] Left\nLevels: [X] C4-5 [X] C5-6 [ ] C6-7\nUnder fluoroscopy."
    assert levels(check(text)) == {(R, "C4-C5"), (R, "C5-C6")}


def test_pipe_table_with_side_column(check):
    text = (
        "Fluoroscopic guidance.\n\n| Level | Side | Volume |\n|---|---|---|\n"
        "| C4-5 | Right | 0.5 mL |\n| C5-6 | Left | 0.5 mL |\n"
    )
    assert levels(check(text)) == {(R, "C4-C5"), (L, "C5-C6")}


def test_grid_with_side_columns(check):
    text = (
        "LEVELS    RIGHT   LEFT\n"
        "C3-4      [X]     [ ]\n"
        "C4-5      [X]     [X]\n"
        "C5-6      [ ]     [X]\n\n"
        "Guidance: fluoroscopy\n"
    )
    assert levels(check(text)) == {(R, "C3-C4"), (R, "C4-C5"), (L, "C4-C5"), (L, "C5-C6")}


def test_grid_of_single_nerves_forms_each_sides_run(check):
    """One medial branch per row, ticked per side: the ticked rows of a side are its run of
    nerves (thoracic Tn + Tn+1 -> T(n+1)-T(n+2))."""
    text = (
        "Thoracic medial branch block under fluoroscopy.\n\n"
        "Level     R    L\n"
        "T4 MB    [ ]  [ ]\n"
        "T5 MB    [x]  [x]\n"
        "T6 MB    [x]  [x]\n"
        "T7 MB    [x]  [ ]\n"
    )
    assert levels(check(text)) == {(R, "T6-T7"), (R, "T7-T8"), (L, "T6-T7")}


def test_export_section_header_gives_the_side(check):
    text = (
        "procedure = cervical medial branch block, fluoroscopy\n"
        "indication = neck pain, left much worse than right\n\n"
        "[block.left]\nnerves = C3 MB, C4 MB, C5 MB\n\n"
        "[block.right]\nnerves = C5 MB, C6 MB\n"
    )
    assert levels(check(text)) == {(L, "C3-C4"), (L, "C4-C5"), (R, "C5-C6")}


def test_side_carried_from_a_sentence_naming_both_sides_is_uncertain(check):
    """A side read from an earlier paragraph that does not decide it ("left much worse than
    right") is not a side the codes may count: the note needs review."""
    report = check(
        "Neck pain on both sides, left much worse than right.\n\n"
        "C4-5, C5-6 and C6-7 facet joint injections under fluoroscopy.\n"
    )
    assert report.extraction.levels
    assert all(fact.uncertain for fact in report.extraction.levels)
    assert not report.codes.supports_64492
    assert "code.levels_uncertain" in {gap.requirement for gap in report.gaps}


def test_side_from_a_laterality_field_carries(check):
    report = check(
        "Laterality: Left\n\n"
        "Technique: needles at the C5-6, C6-7 and C7-T1 medial branch targets, fluoroscopy.\n"
    )
    assert levels(report) == {(L, "C5-C6"), (L, "C6-C7"), (L, "C7-T1")}
    assert not any(fact.uncertain for fact in report.extraction.levels)


def test_repeated_on_the_other_side(check):
    text = (
        "PROCEDURE: Right C5-6 and C6-7 facet injections under fluoroscopy. "
        "The procedure was then repeated on the left at C5-6."
    )
    assert levels(check(text)) == {(R, "C5-C6"), (R, "C6-C7"), (L, "C5-C6")}


@pytest.mark.parametrize(
    "distractor",
    [
        "HISTORY: s/p right C6-7 MBB in March with 80% relief.",
        "MRI: C6-7 facet arthropathy and C3-4 disc bulge.",
        "PLAN: If positive, RFA at C3-4 through C6-7 on the right.",
        "For C3 to C6, the medial branch typically lies at the waist of the articular pillar.",
        "PREOPERATIVE DIAGNOSIS: right C6-7 facet arthropathy.",
    ],
)
def test_levels_outside_todays_procedure_do_not_count(check, distractor):
    text = f"{distractor}\n\nPROCEDURE: Right C4-5 facet injection under fluoroscopy."
    assert levels(check(text)) == {(R, "C4-C5")}


def test_level_not_injected_does_not_count(check):
    text = (
        "PROCEDURE: Right C4-5, C5-6 facet injections under fluoroscopy. "
        "C6-7 was not injected due to a vasovagal episode."
    )
    assert levels(check(text)) == {(R, "C4-C5"), (R, "C5-C6")}


def test_level_without_side_is_reported_as_unsided(check):
    report = check("PROCEDURE: C4-5 and C5-6 facet joint injections under fluoroscopy.")
    assert report.extraction.levels == []
    assert set(report.extraction.levels_unsided) == {"C4-C5", "C5-C6"}


def test_needle_left_in_place_is_not_a_side(check):
    text = (
        "PROCEDURE: Right C4-5 facet injection under fluoroscopy. "
        "The needle was left in place for 1 minute."
    )
    assert levels(check(text)) == {(R, "C4-C5")}


def test_evidence_slices_the_note(check):
    text = "PROCEDURE: Right C5-6 facet injection under fluoroscopy."
    report = check(text)
    for fact in report.extraction.levels:
        for piece in fact.evidence:
            assert text[piece.start : piece.end] == piece.text
    assert {piece.text for piece in report.extraction.levels[0].evidence} == {"Right", "C5-6"}


def test_region_rules(check):
    assert (
        check("Right C6-7 and C7-T1 facet injections, fluoroscopy.").extraction.region
        == "cervicothoracic"
    )
    assert (
        check("Right T11-12 and T12-L1 facet injections, fluoroscopy.").extraction.region
        == "thoracic"
    )
    assert (
        check("Right T12-L1 and L1-2 facet injections, fluoroscopy.").extraction.region == "lumbar"
    )
    assert check("Right L4-5 facet injection, fluoroscopy.").extraction.region == "lumbar"


def test_parse_level_reads_each_form():
    assert parse_level("C5-6") == ("joints", [ordinal("C", 5)])
    assert parse_level("C7-T1") == ("joints", [ordinal("C", 7)])
    assert parse_level("T12") == ("vertebrae", [ordinal("T", 12)])
    assert parse_level("C56") == ("joints", [ordinal("C", 5)])
    assert parse_level("C3-C6") == ("vertebrae", [ordinal("C", n) for n in range(3, 7)])
    assert parse_level("C9-10") is None


def test_nerve_runs_map_to_joints_by_region():
    cervical = nerves_to_joints([ordinal("C", 4), ordinal("C", 5), ordinal("C", 6)])
    assert cervical == [ordinal("C", 4), ordinal("C", 5)]  # C4-5, C5-6
    lumbar = nerves_to_joints([ordinal("L", 3), ordinal("L", 4)])
    assert lumbar == [ordinal("L", 4)]  # L4-5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "PROCEDURE: R. T4-5, T5-6 and T6-7 facet injections.",
            {(R, "T4-T5"), (R, "T5-T6"), (R, "T6-T7")},
        ),
        (
            "PROCEDURE: Right-sided C 5-6, C 6-7 and C 7-T1 MBB.",
            {(R, "C5-C6"), (R, "C6-C7"), (R, "C7-T1")},
        ),
        (
            "PROCEDURE: Right C3-4, 4-5, 5-6 facet injections.",
            {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6")},
        ),
        ("Levels: R C3/4, C4/5, C5/6", {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6")}),
        ("PROCEDURE: (L) c3-4, c4-5 MBB.", {(L, "C3-C4"), (L, "C4-C5")}),
    ],
)
def test_more_notations(check, text, expected):
    assert levels(check(text + "\nFluoroscopic guidance was used.")) == expected


def test_planned_but_not_done_level_is_dropped(check):
    text = (
        "PROCEDURE: Right C4-5, C5-6 and C6-7 MBB under fluoroscopy. "
        "C6-7 was planned but not done because of patient discomfort."
    )
    assert levels(check(text)) == {(R, "C4-C5"), (R, "C5-C6")}


def test_stated_joints_outrank_a_range_read_from_targets(check):
    text = (
        "PROCEDURE: Right T4, T5, T6 and T7 medial branches, to anesthetize the T5-6, T6-7 "
        "and T7-8 facet joints. Fluoroscopy: the transverse processes were identified from "
        "T5 to T8 on the right."
    )
    assert levels(check(text)) == {(R, "T5-T6"), (R, "T6-T7"), (R, "T7-T8")}


def test_no_level_below_the_lumbosacral_joint(check):
    text = (
        "PROCEDURE: Right L3 and L4 medial branches and the L5 dorsal ramus at the sacral ala "
        "and S1 superior articular process. Fluoroscopy."
    )
    assert levels(check(text)) == {(R, "L4-L5"), (R, "L5-S1")}


def test_grid_with_level_columns_and_side_rows(check):
    """A matrix whose columns are the levels: a cell holding an amount or a tick is a level
    injected on its row's side; a dash is not."""
    text = (
        "Cervical facet joint injections under fluoroscopy.\n\n"
        "| Side  | C3-4 | C4-5 | C5-6 | C6-7 |\n"
        "|-------|------|------|------|------|\n"
        "| Right | —    | 0.5  | 0.5  | —    |\n"
        "| Left  | —    | x    | —    | 0    |\n"
    )
    assert levels(check(text)) == {(R, "C4-C5"), (R, "C5-C6"), (L, "C4-C5")}


def test_a_level_field_answered_no_is_not_injected(check):
    text = (
        "Bilateral C4-5 and C5-6 medial branch blocks under fluoroscopy.\n\n"
        "Right C4-5 MB: Yes\nRight C5-6 MB: Yes\n"
        "Left C4-5 MB: No - patient moved, aborted\nLeft C5-6 MB: Yes\n"
    )
    report = check(text)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (L, "C5-C6")}
    assert report.codes.supported == ["64490-50", "64491-RT"]


def test_nerve_table_with_bilateral_side_cells(check):
    """ "B" or "R/L" in a side column is both sides; a bilateral row joins each side's run."""
    text = (
        "Cervical medial branch block under fluoroscopy.\n\n"
        "| Nerve | Side | Volume (mL) |\n|---|---|---|\n"
        "| C3 MB | B | 0.5 |\n| C4 MB | R/L | 0.5 |\n| C5 MB | Rt | 0.5 |\n"
    )
    assert levels(check(text)) == {(R, "C3-C4"), (R, "C4-C5"), (L, "C3-C4")}


def test_a_level_documented_in_error_is_replaced_by_the_correction(check):
    text = (
        "Left C5-6, C6-7 and C7-T1 medial branch blocks under fluoroscopy.\n\n"
        "ADDENDUM: Level 3 above was documented in error as C7-T1. Review of the saved images "
        "confirms the third joint blocked today was the left C4-5.\n"
    )
    assert levels(check(text)) == {(L, "C4-C5"), (L, "C5-C6"), (L, "C6-C7")}
