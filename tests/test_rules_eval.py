"""Gap scores on the annotated sample notes (gold `expected_gaps`, decided from the note
text and the rules). Raise a floor when the scores rise; never lower one to pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine import check_paths
from checker.evaluate import evaluate, load_gold
from checker.rules import load_ruleset

SAMPLE_NOTES = Path(__file__).resolve().parent.parent / "sample_notes"
GAP_PRECISION_FLOOR = 0.90
GAP_RECALL_FLOOR = 0.95


@pytest.fixture(scope="module")
def gold():
    return load_gold(SAMPLE_NOTES / "gold.jsonl")


@pytest.fixture(scope="module")
def evaluation(gold):
    return evaluate(check_paths([SAMPLE_NOTES]), gold, id_of=lambda r: Path(r.source).stem)


def test_every_gold_line_has_expected_gaps_of_known_requirements(gold):
    known = set(load_ruleset().requirements)
    for note_id, row in gold.items():
        assert "expected_gaps" in row, note_id
        assert set(row["expected_gaps"]) <= known, (note_id, set(row["expected_gaps"]) - known)


def test_gap_precision_and_recall(evaluation):
    score = evaluation.fields["gaps"]
    differences = {n: d["gaps"] for n, d in evaluation.differences.items() if "gaps" in d}
    assert score.precision >= GAP_PRECISION_FLOOR, differences
    assert score.recall >= GAP_RECALL_FLOOR, differences


def test_sample_set_has_billing_variants(gold):
    """Right and wrong billed codes for several payers are among the sample notes."""
    with_gaps = {
        n for n, row in gold.items() if any(g.startswith("code.") for g in row["expected_gaps"])
    }
    clean = {n for n, row in gold.items() if not row["expected_gaps"]}
    payers = {
        line.split(":", 1)[1].strip().lower()
        for path in SAMPLE_NOTES.glob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()[:8]
        if line.startswith("payer:")
    }
    assert len(with_gaps) >= 10 and len(clean) >= 5
    assert {"medicare", "aetna", "anthem", "unitedhealthcare"} <= payers
