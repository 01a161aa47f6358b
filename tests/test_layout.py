"""Table cells and export fields read as a person reads them: a unit, drug or kind written
once in a column header or a field's key applies to the bare numbers below it."""

from __future__ import annotations

import pytest

from checker.pipeline.layout import spell_out
from checker.pipeline.normalize import normalize


def _spelled(text: str) -> str:
    result = spell_out(text)
    return text if result is None else result[0]


def test_units_in_a_header_row_apply_to_bare_numbers():
    text = (
        "| Nerve | Side | Drug | Conc (%) | Volume (mL) |\n| C3 MB | L | bupivacaine | 0.5 | 0.4 |"
    )
    assert _spelled(text).splitlines()[1] == "| C3 MB | L | bupivacaine | 0.5% | 0.4 mL |"


def test_a_drug_named_in_the_header_owns_the_volumes_below_it():
    text = "Joint\tSide\tBupivacaine 0.5% (mL)\tDepo-Medrol 40 (mL)\nC5-6\tR\t0.5\t0.25"
    row = _spelled(text).splitlines()[1]
    assert row == "C5-6\tR\t0.5 mL of Bupivacaine 0.5%\t0.25 mL of Depo-Medrol 40"


def test_per_level_and_total_columns_say_which_volume_is_which():
    text = (
        "| Drug | Conc | Vol/level | Total |\n|---|---|---|---|\n"
        "| Marcaine | 0.25% | 0.5 mL | 2.0 mL |"
    )
    row = "| Marcaine | 0.25% | 0.5 mL per level | 2.0 mL total |"
    assert _spelled(text).splitlines()[2] == row


def test_an_export_key_gives_its_value_a_unit_and_kind():
    assert _spelled("volume_per_nerve_ml = 0.5") == "volume per nerve ml = 0.5 mL per level"


def test_pain_columns_read_as_scores():
    assert _spelled("| Pre | Post |\n|-----|------|\n| 6 | 1 |").splitlines()[2] == (
        "| Pre 6/10 | Post 1/10 |"
    )


def test_prose_and_headers_without_a_unit_are_left_alone():
    text = "Then, 2 mL of 1% lidocaine.\n| Level | Side |\n| C4-5 | R |\nAge\t66"
    assert spell_out(text) is None


def test_evidence_of_a_spelled_out_cell_points_at_the_cell_as_written():
    text = "| Level | Volume (mL) |\n| C4-5 | 0.4 |"
    view = normalize(text)
    start = view.text.index("0.4 mL")
    first, last = view.to_original(start, start + len("0.4 mL"))
    assert text[first:last] == "0.4"


def test_a_drug_table_reads_per_level_and_total_volumes(check):
    report = check(
        "Right C4-5 and C5-6 facet joint injections under fluoroscopy.\n\n"
        "| Drug | Conc | Vol/level | Total |\n|------|------|-----------|-------|\n"
        "| Marcaine | 0.25% | 0.5 mL | 1.0 mL |\n"
    )
    (bupivacaine,) = [m for m in report.extraction.medications if m.name == "bupivacaine"]
    assert (bupivacaine.concentration, bupivacaine.volume_ml_per_level) == ("0.25%", 0.5)
    assert bupivacaine.volume_ml_total == 1.0


def test_a_csv_export_keeps_each_field_to_itself(check):
    """A hypothetical cue in one field ("RF planned if positive") does not reach the next
    field, and a quote opening a cell does not hide the drug in it."""
    report = check(
        "field,value\n"
        'indication,"Axial neck pain worse with extension and rotation; RF planned if positive"\n'
        "consent,Y\n"
        'skin_local,"lidocaine 1%, 2 mL total for skin"\n'
        "guidance,fluoroscopy\n\n"
        "nerve,side,drug,conc,volume_ml\n"
        "C4 MB,R,ropivacaine (Naropin),0.5%,0.5\n"
        "C5 MB,R,ropivacaine (Naropin),0.5%,0.5\n"
    )
    extraction = report.extraction
    assert extraction.workflow.consent is True
    drugs = {(m.name, m.role): m for m in extraction.medications}
    assert drugs["lidocaine", "skin_local"].volume_ml_total == 2.0
    ropivacaine = drugs["ropivacaine", "anesthetic"]
    assert (ropivacaine.concentration, ropivacaine.volume_ml_per_level) == ("0.5%", 0.5)


def test_an_unanswered_pick_list_reads_as_a_blank():
    assert _spelled("Consent: {Yes/No:21345}") == "Consent: **************"


@pytest.mark.parametrize(
    ("choices", "blank"),
    [
        ("{C3-4/C4-5/C5-6}", "*" * 16),
        ("{lateral/posterior:***}", "*" * 23),
        ("{Right/Left:***}", "side: __________"),
        ("{R/L/B:}", "side: __"),
    ],
)
def test_a_pick_list_with_no_answer_reads_as_a_blank(choices, blank):
    assert _spelled(f"Field: {choices}") == f"Field: {blank}"


def test_an_answered_pick_list_and_a_not_applicable_stay_as_written():
    assert _spelled("Anticoagulant: {N/A}") == "Anticoagulant: {N/A}"
    assert "Left" in _spelled("Side: {Right/Left:Left}")


def test_the_choices_of_an_unanswered_level_pick_list_are_not_levels(check):
    report = check(
        "Cervical medial branch block under fluoroscopy.\n"
        "Side: {Right/Left/Bilateral:Bilateral}\n"
        "Levels: {C2-3/C3-4/C4-5/C5-6/C6-7}\n"
        "Right C4, C5, C6, C7 and left C4, C5, C6 medial branches were each blocked with\n"
        "0.5 mL bupivacaine 0.25%.\n"
    )
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("right", "C4-C5"),
        ("right", "C5-C6"),
        ("right", "C6-C7"),
        ("left", "C4-C5"),
        ("left", "C5-C6"),
    }
    assert report.codes.supported == ["64490-50", "64491-50", "64492-RT"]


def test_a_pick_list_answered_with_several_choices_reads_only_its_answers(check):
    assert _spelled("Levels: {C3-4/C4-5/C5-6:C4-5, C5-6}").split() == ["Levels:", "C4-5,", "C5-6"]
    report = check(
        "Procedure: cervical facet joint injections under fluoroscopy, "
        "{Right/Left/Bilateral:Left}\n"
        "Levels: {C2-3/C3-4/C4-5/C5-6/C6-7/C7-T1:C4-5, C5-6}\n"
        "0.5 mL of 0.25% bupivacaine into each joint.\n"
    )
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", "C4-C5"),
        ("left", "C5-C6"),
    }


def test_an_export_section_header_is_read_word_by_word():
    assert _spelled("[block.left]\nnerves = C3 MB, C4 MB") == "[block left]\nnerves = C3 MB, C4 MB"


def test_hl7_observation_segments_read_as_fields(check):
    report = check(
        "OBR|1||PRC-1|CERVICAL MEDIAL BRANCH BLOCK LEFT\n"
        "OBX|1|ST|CONSENT||Y|\n"
        "OBX|2|ST|GUIDANCE||Fluoroscopy|\n"
        "OBX|3|ST|LEVEL1||C5-6 L|\n"
        "OBX|4|ST|LEVEL2||C6-7 L|\n"
        "OBX|5|ST|DRUG||bupivacaine 0.5%, 0.5 mL per level|\n"
        "OBX|6|NM|PAIN_PRE||6|\n"
        "OBX|7|NM|PAIN_POST||1|\n"
    )
    extraction = report.extraction
    assert {(f.side, f.level) for f in extraction.levels} == {
        ("left", "C5-C6"),
        ("left", "C6-C7"),
    }
    assert extraction.workflow.consent is True
    assert (extraction.response.pre_pain, extraction.response.post_pain) == (6, 1)


def test_an_export_record_reads_its_fields_together(check):
    """Key = value records: the concentration on the line below the drug is the drug's, and
    a key's words are read apart ("relief_percent")."""
    report = check(
        "procedure = right cervical medial branch block, fluoroscopy\n\n"
        "[block.right]\nnerves = C4 MB, C5 MB, C6 MB\ndrug = bupivacaine\nconc = 0.5%\n"
        "volume_per_nerve_ml = 0.5\n\n"
        "[response]\nrelief_percent = 75%\n"
    )
    (bupivacaine,) = report.extraction.medications
    assert (bupivacaine.concentration, bupivacaine.volume_ml_per_level) == ("0.5%", 0.5)
    assert report.extraction.response.percent_relief == 75


def test_a_json_export_reads_as_fields(check):
    report = check(
        '{"procedure": "right C4-5 and C5-6 facet joint injection", "guidance": "fluoroscopy",'
        ' "consent": true, "timeout": false, "pain_pre": 8, "pain_post": 3,'
        ' "complications": "none"}\n'
    )
    extraction = report.extraction
    assert (extraction.workflow.consent, extraction.workflow.timeout) == (True, False)
    assert (extraction.response.pre_pain, extraction.response.post_pain) == (8, 3)


def test_a_pain_score_column_reads_its_rows(check):
    report = check(
        "Right C4-5 and C5-6 facet joint injections under fluoroscopy.\n\n"
        "| Time | Pain score |\n|---|---|\n| Pre-procedure | 7 |\n| Post-procedure (15 min) | 2 |\n"
    )
    assert (report.extraction.response.pre_pain, report.extraction.response.post_pain) == (7, 2)


def test_every_character_spelled_out_points_back_into_the_note():
    text = "pain_before,7\npain_after,2\n| Drug | Vol/level |\n| Bupivacaine 0.5% (mL) | 0.5 |"
    spelled, origin = spell_out(text)
    assert len(origin) == len(spelled)
    assert all(0 <= i < len(text) for i in origin)


def test_pain_fields_with_their_scale_words_read_as_scores():
    text = "| Field | Value |\n|---|---|\n| Pre-procedure pain score | 7 |\n| Pain (post) | 2 |"
    lines = _spelled(text).splitlines()
    assert lines[2] == "| Pre-procedure pain score | Pre-procedure pain score 7/10 |"
    assert lines[3] == "| Pain (post) | Pain (post) 2/10 |"


def test_a_colon_field_with_a_unit_in_its_label_gives_the_unit():
    assert _spelled("Volume per nerve (mL): 0.5") == "Volume per nerve (mL): 0.5 mL per level"


def test_a_volume_column_without_a_unit_holds_millilitres():
    text = "| Level | Vol/level | Total volume |\n|--|--|--|\n| C4-5 | 0.5 | 1.5 |"
    assert _spelled(text).splitlines()[2] == "| C4-5 | 0.5 mL per level | 1.5 mL total |"


MAR = (
    "MEDICATION ADMINISTRATION RECORD\n"
    "Drug                         Lot        Route   Total administered   By\n"
    "Midazolam 1 mg/mL            6621-AB    IV      2 mg                 KT RN\n"
    "Lidocaine HCl 1% (MDV)       1184402    SQ      3 mL                 MOB MD\n"
    "Kenalog-40 (triamcinolone    AK5521     IA      1.5 mL (60 mg)       MOB MD\n"
    "  acetonide 40 mg/mL)\n"
    "Omnipaque 240                22917-7    IA      0.3 mL               MOB MD\n"
)


def test_a_space_aligned_record_reads_its_total_column_as_totals():
    rows = _spelled(MAR).splitlines()
    assert "3 mL total" in rows[3]
    assert "1.5 mL total (60 mg)" in rows[4]
    assert "0.3 mL total" in rows[6]
    assert rows[2] == MAR.splitlines()[2]  # a dose is no volume


def test_space_aligned_columns_give_units_to_bare_numbers():
    text = (
        "Level    Side   Volume (mL)   Pain pre\n"
        "C5-6     R      0.5           7\n"
        "C6-7     R         0.75       7\n"
    )
    rows = _spelled(text).splitlines()
    assert "0.5 mL" in rows[1] and "0.75 mL" in rows[2]
    assert "Pain pre 7/10" in rows[1]


def test_prose_and_fields_with_wide_spaces_are_no_table():
    text = (
        "Patient: Doe, Jane          DOB: 01/02/1960\n"
        "Total volume was small.  Tolerated well.  No complications.\n"
        "Bupivacaine  2 mL  total\n"
    )
    assert _spelled(text) == text


def test_a_wide_spaced_table_ends_at_a_blank_line():
    text = "Drug          Total\nBupivacaine   2 mL\n\nNote          1 mL\n"
    rows = _spelled(text).splitlines()
    assert rows[1] == "Bupivacaine   2 mL total" and rows[3] == "Note          1 mL"


def test_a_caption_gives_the_unit_of_a_target_grid():
    text = (
        "Injected volume (mL of bupivacaine 0.5% per joint)\n\n"
        "| Side  | C4-5 | C5-6 |\n|---|---|---|\n| Right | 0.5  | —    |\n"
    )
    assert _spelled(text).splitlines()[4] == "| Right | 0.5 mL  | —    |"


def test_a_grid_without_a_unit_caption_keeps_its_bare_numbers():
    text = "Needles\n\n| Side  | C4-5 | C5-6 |\n|---|---|---|\n| Right | 22  | —    |\n"
    assert _spelled(text) == text


def test_a_dashed_rule_under_an_aligned_header_keeps_the_table():
    text = (
        "JOINT   SIDE    DRUG                 VOL (mL)   PAIN POST\n"
        "-----   -----   ------------------   --------   ---------\n"
        "C5-C6   Right   Bupivacaine 0.75%    0.5        2\n"
    )
    row = _spelled(text).splitlines()[2]
    assert "0.5 mL of Bupivacaine 0.75%" not in row  # the drug has its own column
    assert "0.5 mL" in row and "2/10" in row


def test_a_unit_in_a_column_of_its_own_goes_to_the_number_before_it():
    aligned = "Medication          Dose    Unit\nBupivacaine 0.5%    1.5     mL\n"
    piped = "| Drug | Dose | Unit |\n|---|---|---|\n| Dexamethasone | 10 | mg |\n"
    assert "1.5 mL" in _spelled(aligned).splitlines()[1]
    assert "| 10 mg | mg |" in _spelled(piped).splitlines()[2]


def test_a_caption_in_ml_gives_a_drug_column_its_unit_and_drug():
    text = (
        "Injected per joint (mL):\n"
        "| Joint | Bupivacaine 0.5% | Kenalog-40 |\n|---|---|---|\n| C4-5 | 0.5 | 0.25 |\n"
    )
    row = _spelled(text).splitlines()[3]
    assert row == "| C4-5 | 0.5 mL of Bupivacaine 0.5% | 0.25 mL of Kenalog-40 |"


def test_spelled_out_cells_keep_the_columns_after_them_in_place():
    text = "Level    Total (mL)   Right    Left\nC5-6     0.5                   x\n"
    spelled = _spelled(text).splitlines()
    assert "0.5 mL total" in spelled[1]
    assert spelled[1].index("x") == text.splitlines()[1].index("x")


def test_prose_quoting_a_word_before_a_colon_is_not_a_json_field():
    text = 'All references to "right" above should read "left": LEFT C3, C4, C5, C6 blocks.'
    assert _spelled(text) == text


def test_scores_out_of_ten_under_pre_and_timed_post_columns_read_with_their_column(check):
    text = (
        "PROCEDURE: Left C4-5 and C5-6 medial branch blocks under fluoroscopy.\n"
        "Bupivacaine 0.5%, 0.5 mL per nerve.\n"
        "Before\tAfter (30 min)\tComment\n8/10\t3/10\tgood\n"
    )
    response = check(text).extraction.response
    assert (response.pre_pain, response.post_pain) == (8, 3)


_MARKED_DIAGRAM = (
    "Right cervical facet joint injections under fluoroscopy, Omnipaque 240.\n\n"
    "           RIGHT\n"
    "    C3-4     X      0.5 mL bupivacaine 0.25%\n"
    "    C4-5     X      0.5 mL bupivacaine 0.25%\n"
    "    C5-6     o      venous uptake, nothing injected\n"
    "    C6-7     -\n\n"
    "    X = injected     o = contrast only     - = not attempted\n"
)


def test_levels_a_diagram_legend_marks_as_untreated_carry_no_code(check):
    """ "o = contrast only" and "- = not attempted": the joints beside those marks are not
    treated, so the two marked X give 64490 and 64491 and no 64492."""
    report = check(_MARKED_DIAGRAM)
    certain = {f.level for f in report.extraction.levels if not f.uncertain}
    assert certain == {"C3-C4", "C4-C5"}
    assert sorted(report.codes.supported) == ["64490-RT", "64491-RT"]
    assert any("not treated" in w.message for w in report.extraction.reading_warnings)


def test_a_legend_of_treated_marks_only_doubts_no_level(check):
    text = _MARKED_DIAGRAM.replace("o      venous uptake, nothing injected", "X").replace(
        "C6-7     -", "C6-7     X"
    )
    text = text.replace("     o = contrast only     - = not attempted", "")
    report = check(text)
    assert not any(f.uncertain for f in report.extraction.levels)
    assert "64492-RT" in report.codes.supported


def test_a_legend_mark_on_the_t1_nerve_doubts_the_cervicothoracic_joint(check):
    """C7-T1 is supplied by the C7 and T1 targets: a "-" beside T1 puts the joint in doubt,
    though its nerve is written with another region's letter."""
    text = (
        "Left C5, C6, C7 and T1 medial branch blocks under fluoroscopy, 0.5 mL 0.5% "
        "bupivacaine each.\n\n"
        "   Nerve     LEFT\n"
        "   C5 MB      X\n"
        "   C6 MB      X\n"
        "   C7 MB      X\n"
        "   T1 MB      -\n\n"
        "   X = blocked     - = not done\n"
    )
    report = check(text)
    assert {f.level for f in report.extraction.levels if f.uncertain} == {"C7-T1"}
    assert sorted(report.codes.supported) == ["64490-LT", "64491-LT"]


def test_a_plan_heading_with_its_condition_covers_the_lines_below_it(check):
    """ "Plan if ... :" heads what would be done if the condition is met: the levels listed
    under it are not today's."""
    text = (
        "Right third occipital nerve block under fluoroscopy, bupivacaine 0.5% 0.5 mL.\n\n"
        "Plan if relief holds for two blocks:\n"
        "    R  C2-3  C3-4  C4-5  medial branch block #2\n"
    )
    report = check(text)
    assert {(f.side, f.level) for f in report.extraction.levels} == {("right", "C2-C3")}
    assert report.codes.supported == ["64490-RT"]


def test_a_space_aligned_drug_by_level_grid_injects_only_its_filled_cells(check):
    """Levels as columns, a side and a drug per row, aligned with spaces: a "-" cell is a
    level not injected on that row's side, however the title names the levels."""
    text = (
        "Left cervical facet joint injections under fluoroscopy.\n\n"
        "  mL per joint            C4-5     C5-6     C6-7\n"
        "  L   bupivacaine 0.5%     -       0.5      0.5\n"
        "  L   Depo-Medrol 40       -       0.5      0.5\n"
        "  R   bupivacaine 0.5%     -        -        -\n\n"
        "Pain 7/10 before, 2/10 after.\n"
    )
    report = check(text)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", "C5-C6"),
        ("left", "C6-C7"),
    }
    assert sorted(report.codes.supported) == ["64490-LT", "64491-LT"]


def test_two_panels_each_with_its_own_levels_put_each_level_on_its_panel_s_side(check):
    """LEFT | RIGHT panels, each listing its levels: a level belongs to the panel it is
    written in, when its cell there says it was injected ("-": not)."""
    text = (
        "Bilateral cervical facet joint injections under fluoroscopy, Omnipaque.\n\n"
        "   LEFT                          |   RIGHT\n"
        "   C4-5   contrast ok  injected  |   C4-5   contrast ok  injected\n"
        "   C5-6   contrast ok  injected  |   C5-6   -\n\n"
        "Bupivacaine 0.5% 0.5 mL per joint. Pain 7/10 before, 2/10 after.\n"
    )
    report = check(text)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", "C4-C5"),
        ("left", "C5-C6"),
        ("right", "C4-C5"),
    }


def test_marks_at_the_ends_of_a_drawing_s_arrows_fall_under_their_side(check):
    """A spine drawn between the side headings, a mark at the end of each arrow: the rows
    marked on both sides are treated on both, and the drawing's rule lines end no grid."""
    text = (
        "Bilateral cervical medial branch blocks under fluoroscopy, bupivacaine 0.5% 0.5 mL "
        "at each nerve.\n\n"
        "        LEFT                     RIGHT\n"
        "                  _______\n"
        "    C4   X ---->  |       | <---- X\n"
        "                  |_______|\n"
        "    C5   X ---->  |       | <---- X\n"
        "                  |_______|\n"
        "    C6   X ---->  |       |\n\n"
        "Pain 6/10 before, 1/10 after.\n"
    )
    report = check(text)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", "C4-C5"),
        ("left", "C5-C6"),
        ("right", "C4-C5"),
    }


def test_two_panels_aligned_with_spaces_under_a_rule_line(check):
    """LEFT and RIGHT panels aligned with spaces, a rule line under their headings: each
    level belongs to the panel it is written in, and a "-" cell is not injected."""
    text = (
        "Bilateral cervical facet joint injections under fluoroscopy, Omnipaque.\n\n"
        "   LEFT                                RIGHT\n"
        "   ------------------------------      ------------------------------\n"
        "   C4-5   X  injected                  C4-5   -\n"
        "   C5-6   X  injected                  C5-6   X  injected\n"
        "   C6-7   -                            C6-7   X  injected\n\n"
        "Bupivacaine 0.5% 0.5 mL per joint. Pain 7/10 before, 2/10 after.\n"
    )
    report = check(text)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", "C4-C5"),
        ("left", "C5-C6"),
        ("right", "C5-C6"),
        ("right", "C6-C7"),
    }


def test_levels_every_line_of_a_diagram_marks_untreated_are_not_listed(check):
    """A joint whose only line carries "o = contrast only" or "- = not attempted" was not
    treated: it is not listed (a warning still asks to confirm), however it is read."""
    report = check(_MARKED_DIAGRAM)
    assert {f.level for f in report.extraction.levels} == {"C3-C4", "C4-C5"}
    assert any("not treated" in w.message for w in report.extraction.reading_warnings)


def test_a_nerve_marked_not_done_takes_only_the_joints_it_supplies(check):
    """Nerve rows marked under a legend: the C3 nerve "-" leaves C3-C4 unblocked (a joint
    needs both its nerves), and does not touch C4-C5, whose nerves are both marked X."""
    text = (
        "Right cervical medial branch blocks under fluoroscopy, 0.5 mL 0.5% bupivacaine "
        "each.\n\n"
        "   Nerve     RIGHT\n"
        "   C3 MB      -\n"
        "   C4 MB      X\n"
        "   C5 MB      X\n"
        "   C6 MB      X\n\n"
        "   X = blocked     - = not done\n"
    )
    report = check(text)
    assert {f.level for f in report.extraction.levels} == {"C4-C5", "C5-C6"}
    assert not any(f.uncertain for f in report.extraction.levels)
    assert sorted(report.codes.supported) == ["64490-RT", "64491-RT"]


def test_a_table_of_imaging_findings_beside_today_s_column_gives_today_s_levels(check):
    """Level rows with the MRI finding in one column and today's treatment in another: a
    row whose today cell holds a mark is today's level, whatever the finding beside it; a
    row whose today cell is a dash is not."""
    text = (
        "Left thoracic facet joint injections under fluoroscopy.\n\n"
        "   Level    MRI 03/2025 (left)         TODAY - LEFT\n"
        "   T6-7     hypertrophy                X  bupivacaine 0.5% 0.5 mL\n"
        "                                          + Kenalog-40 0.5 mL\n"
        "   T7-8     hypertrophy, effusion      X  bupivacaine 0.5% 0.5 mL\n"
        "   T8-9     mild degeneration          -\n\n"
        "Pain 6/10 before, 2/10 after.\n"
    )
    report = check(text)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", "T6-T7"),
        ("left", "T7-T8"),
    }
    assert sorted(report.codes.supported) == ["64490-LT", "64491-LT"]


def test_a_negation_in_one_legend_entry_does_not_reach_the_drug_of_the_one_before(check):
    """ "X = blocked (0.4 mL 0.25% bupivacaine)   - = not done": the drug is what the marked
    nerves got; "not done" is the meaning of the dash, not a denial of the drug."""
    text = (
        "Left cervical medial branch blocks under fluoroscopy.\n\n"
        "          LEFT\n"
        "   C4 MB    X\n"
        "   C5 MB    X\n"
        "   C6 MB    X\n"
        "   X = blocked (0.4 mL 0.25% bupivacaine)    - = not done\n"
    )
    drugs = {(m.name, m.concentration) for m in check(text).extraction.medications}
    assert ("bupivacaine", "0.25%") in drugs


def test_a_label_aligned_with_a_blank_line_to_write_on_documents_nothing(check):
    """A key-value block whose value is a fill-in line ("Time-out   ________") left empty:
    the step is not documented, though its label is there."""
    text = (
        "Right C4-5, C5-6 facet joint injections under fluoroscopy, bupivacaine 0.5% 0.5 mL "
        "each.\n"
        "  Consent     signed            Time-out   ________\n"
    )
    workflow = check(text).extraction.workflow
    assert workflow.consent and not workflow.timeout
