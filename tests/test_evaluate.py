"""The scorer: a field counts only where the gold line labels it."""

from checker.evaluate import evaluate

EPIDURAL = (
    "PROCEDURE: Left paramedian C6-7 interlaminar epidural steroid injection under fluoroscopy. "
    "Omnipaque confirmed epidural spread. 80 mg methylprednisolone was injected."
)


def _score(check, gold):
    report = check(EPIDURAL)
    return evaluate([report], {"test": {"id": "test", **gold}}, id_of=lambda r: "test")


def test_a_gold_line_without_levels_does_not_score_levels(check):
    result = _score(check, {"procedure": "epidural"})
    assert "levels" not in result.fields
    assert result.notes_all_right == 1


def test_levels_labelled_empty_are_scored(check):
    result = _score(check, {"procedure": "epidural", "levels": {"right": [], "left": []}})
    assert result.fields["levels"].fp == 1  # the report's left C6-C7 is not in the gold
    assert result.notes_all_right == 0


def test_a_field_the_gold_labels_is_scored_even_when_null(check):
    result = _score(check, {"procedure": "epidural", "pre_pain": None})
    assert result.fields["pre_pain"].fp == 0
    assert "pre_pain" in result.fields
