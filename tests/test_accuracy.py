"""Accuracy floors on the annotated sample notes. Raise a floor when accuracy rises; never
lower one to make a change pass."""

from pathlib import Path

import pytest

from checker.engine import check_paths
from checker.evaluate import evaluate, load_gold

SAMPLE_NOTES = Path(__file__).resolve().parent.parent / "sample_notes"

F1_FLOORS = {
    "levels": 0.99,
    "region": 0.99,
    "procedure": 0.99,
    "guidance": 0.99,
    "contrast_used": 0.99,
    "contrast_agent": 0.99,
    "medication_names": 0.99,
    "concentrations": 0.99,
    "volumes_per_level": 0.99,
    "volumes_total": 0.99,
    "pre_pain": 0.99,
    "post_pain": 0.99,
    "percent_relief": 0.99,
    "supported_codes": 0.99,
    "supports_64492": 0.99,
    "consent": 0.99,
    "timeout": 0.99,
    "sterile_prep": 0.99,
    "local_anesthesia": 0.99,
    "observation": 0.99,
    "complications": 0.99,
}
ALL_FIELDS_RIGHT_FLOOR = 1.0  # 124 of 124


@pytest.fixture(scope="module")
def evaluation():
    gold = load_gold(SAMPLE_NOTES / "gold.jsonl")
    return evaluate(check_paths([SAMPLE_NOTES]), gold, id_of=lambda r: Path(r.source).stem)


def test_every_note_has_gold_and_was_checked(evaluation):
    notes = sorted(SAMPLE_NOTES.glob("*.txt"))
    assert len(notes) >= 40
    assert evaluation.missing_gold == []
    assert evaluation.errors == []
    assert evaluation.notes == len(notes)


@pytest.mark.parametrize("field", sorted(F1_FLOORS))
def test_field_f1_floor(evaluation, field):
    score = evaluation.fields[field]
    assert score.f1 >= F1_FLOORS[field], (
        field,
        score.as_row(),
        {note: diff[field] for note, diff in evaluation.differences.items() if field in diff},
    )


def test_share_of_notes_with_every_field_right(evaluation):
    assert evaluation.all_right_share >= ALL_FIELDS_RIGHT_FLOOR


def test_no_other_procedure_or_region_supports_64492(evaluation):
    for report in check_paths([SAMPLE_NOTES]):
        ex = report.extraction
        if report.codes.supports_64492:
            assert ex.procedure in ("facet_injection", "medial_branch_block"), report.note_id
            assert ex.region in ("cervical", "thoracic", "cervicothoracic"), report.note_id
            assert ex.guidance in ("fluoroscopy", "ct"), report.note_id
