"""Sides written in a table's ditto marks, a grid's dotted empty cells and Latin
abbreviations: each reads as the side it stands for, and a blank still reads as no side."""

from checker.pipeline.normalize import normalize

L, R = "left", "right"


def levels(report) -> set[tuple[str, str]]:
    return {(fact.side, fact.level) for fact in report.extraction.levels}


PIPE_TABLE = (
    "Cervical facet joint injections under fluoroscopy.\n\n"
    " Joint | Side | Injectate\n"
    "-------+------+----------\n"
    " C3-4  |  Rt  | 0.5 mL\n"
    " C4-5  |  {second}   | 0.5 mL\n"
    " C5-6  |  {third}   | 0.5 mL\n"
)


def test_ditto_marks_under_a_side_carry_the_side_above(check):
    report = check(PIPE_TABLE.format(second='"', third='"'))
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6")}
    assert report.codes.supports_64492


def test_a_blank_side_cell_breaks_the_run_of_ditto_marks(check):
    report = check(PIPE_TABLE.format(second=" ", third='"'))
    assert levels(report) == {(R, "C3-C4")}
    assert not report.codes.supports_64492


def test_a_grid_whose_empty_cells_are_dots_reads_its_marks(check):
    report = check(
        "Cervical facet joint injections under fluoroscopy; X = injected.\n\n"
        "            RIGHT     LEFT\n"
        "   C2-3       .         .\n"
        "   C3-4       X         .\n"
        "   C4-5       .         X\n"
        "   C5-6       X         X\n"
    )
    assert levels(report) == {(R, "C3-C4"), (R, "C5-C6"), (L, "C4-C5"), (L, "C5-C6")}
    assert not report.codes.supports_64492


def test_latin_side_abbreviations_after_a_level_or_joined_read_as_sides():
    read = normalize("Infiltration C4/5 dex. and C5/6 sin.; pain dex. > sin.").text
    assert read == "Infiltration C4/5 right and C5/6 left; pain right > left"


def test_dex_before_a_dose_or_alone_stays_the_drug():
    for text in ("C5-6: dex. 4 mg given", "Injectate: 0.5 mL dex. per joint"):
        assert normalize(text).text == text


def test_latin_sides_give_both_sides_of_three_joints(check):
    report = check(
        "Facet joint infiltration under image intensifier: needles into C3/4, C4/5 and "
        "C5/6 dex., then into C3/4, C4/5 and C5/6 sin.; 0.5 ml bupivacaine 0.25 % per joint."
    )
    assert levels(report) == {
        (side, level) for side in (L, R) for level in ("C3-C4", "C4-C5", "C5-C6")
    }
    assert [m.name for m in report.extraction.medications] == ["bupivacaine"]


def test_a_latin_side_word_after_the_nerves_gives_their_side(check):
    report = check(
        "Procedure: medial branch blocks, C4, C5 and C6 medial branches, dextra, under "
        "fluoroscopy. 0.5 mL bupivacaine 0.5% per nerve."
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}


DIAGNOSIS_ONLY = (
    "Procedure: C3 and C4 medial branch blocks under fluoroscopy.\n"
    "Diagnosis: {diagnosis}\n\n"
    "Technique: needles placed at the C3 and C4 articular pillars; 0.5 mL bupivacaine 0.5% "
    "at each nerve.{more}\n"
)


def test_a_side_named_only_in_the_diagnosis_is_the_side_treated(check):
    report = check(DIAGNOSIS_ONLY.format(diagnosis="right-sided neck pain.", more=""))
    assert levels(report) == {(R, "C3-C4")}
    assert report.codes.supported == ["64490-RT"]
    assert any("only in the diagnosis" in w.message for w in report.extraction.reading_warnings)


def test_a_diagnosis_side_gives_no_side_when_another_side_word_is_written(check):
    report = check(
        DIAGNOSIS_ONLY.format(diagnosis="right-sided neck pain.", more=" Left side tender.")
    )
    assert levels(report) == set()
    assert report.codes.supported == []
