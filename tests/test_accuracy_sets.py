"""Accuracy on writing the rules were not built on, and the 64492 bar on every annotated set.

External set A (written outside the team) sits in ../shared beside a clone; CI always has it,
so there a missing set fails instead of skipping. The fresh batches in eval/ were scored once
before any change was made for them (eval/README.md); here they only guard the bar that no
note supports 64492 without three sided, evidenced, certain levels on one side.
"""

import os
from collections import Counter
from pathlib import Path

import pytest

from checker.engine import check_paths
from checker.evaluate import amend_gold, evaluate, load_gold

ROOT = Path(__file__).resolve().parent.parent
EXTERNAL_A = ROOT.parent / "shared" / "eval" / "external-a"
FRESH = sorted(p for p in (ROOT / "eval").glob("fresh-*") if p.is_dir())

EXTERNAL_A_F1_FLOOR = 0.99
EXTERNAL_A_ALL_RIGHT_FLOOR = 40  # of 40, with the amendments (eval/amendments)
# Notes with every field right per fresh batch, as measured; batches 1-6 were tuned on after
# their first score, 7 and 8 only for their two wrong 64492 (eval/README.md).
FRESH_ALL_RIGHT_FLOOR = {
    "fresh-1": 24,
    "fresh-2": 24,
    "fresh-3": 24,
    "fresh-4": 24,
    "fresh-5": 24,
    "fresh-6": 24,
    "fresh-7": 24,
    "fresh-8": 24,
    "fresh-9": 24,
    "fresh-10": 24,
    "fresh-11": 24,
    "fresh-12": 24,
    "fresh-13": 24,
    "fresh-14": 24,
    "fresh-15": 22,
    # first scores at 80dbb0e (eval/README.md), raised as fixes land
    "fresh-16": 22,
    "fresh-17": 24,
    "fresh-18": 23,
    "fresh-19": 19,
    "fresh-20": 23,
    "fresh-21": 24,
    # first scores at 9b55083 (eval/README.md), raised as fixes land
    "fresh-22": 24,
    "fresh-23": 23,
    "fresh-24": 24,
    "fresh-25": 23,
    # first scores at f77a982 (eval/README.md), raised as fixes land
    "fresh-26": 22,
    "fresh-27": 22,
    "fresh-28": 21,
    "fresh-29": 19,
    "fresh-30": 23,
    # first scores at 33eee04 (eval/README.md), raised as fixes land
    "fresh-31": 22,
    "fresh-32": 24,
    "fresh-33": 24,
    "fresh-34": 24,
    "fresh-35": 23,
    # first scores at 9ba975e (eval/README.md), raised as fixes land
    "fresh-36": 22,
    "fresh-37": 21,
    # first scores at e8b5302 (eval/README.md), raised as fixes land
    "fresh-38": 23,
    "fresh-39": 24,
    "fresh-40": 22,
    "fresh-41": 19,
    "fresh-42": 24,
    "fresh-43": 23,
    "fresh-44": 24,
    # first scores at 9312beb (eval/README.md), raised as fixes land
    "fresh-45": 17,
    "fresh-46": 19,
    "fresh-47": 19,
    "fresh-48": 8,
    "fresh-49": 15,
    "fresh-50": 17,
    "fresh-51": 20,
    "fresh-52": 15,
    # first scores at 10a1c2d (eval/README.md), raised as fixes land
    "fresh-53": 19,
    "fresh-54": 8,
    "fresh-55": 11,
    "fresh-56": 12,
}


def _external_a() -> Path:
    if not EXTERNAL_A.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"external set A missing at {EXTERNAL_A}")
        pytest.skip(f"external set A not found at {EXTERNAL_A}")
    return EXTERNAL_A


@pytest.fixture(scope="module")
def external_a_evaluation():
    folder = _external_a()
    gold = load_gold(folder / "gold.jsonl")
    amend_gold(gold, ROOT / "eval" / "amendments" / "external-a.jsonl")
    return evaluate(check_paths([folder]), gold, id_of=lambda r: Path(r.source).stem)


def test_external_a_every_field_above_floor(external_a_evaluation):
    low = {
        name: score.as_row()
        for name, score in external_a_evaluation.fields.items()
        if name != "gaps" and score.f1 < EXTERNAL_A_F1_FLOOR
    }
    assert low == {}


def test_external_a_notes_with_every_field_right(external_a_evaluation):
    assert external_a_evaluation.errors == []
    assert external_a_evaluation.notes_all_right >= EXTERNAL_A_ALL_RIGHT_FLOOR


def _annotated_sets() -> list[Path]:
    sets = [ROOT / "sample_notes", *FRESH]
    return [*sets, EXTERNAL_A] if EXTERNAL_A.is_dir() else sets


@pytest.mark.parametrize("folder", _annotated_sets(), ids=lambda p: p.name)
def test_no_64492_without_three_certain_levels_on_one_side(folder):
    for report in check_paths([folder]):
        if not report.codes.supports_64492:
            continue
        certain = Counter(
            fact.side for fact in report.extraction.levels if fact.evidence and not fact.uncertain
        )
        assert max(certain.values(), default=0) >= 3, (report.note_id, report.codes)


@pytest.mark.parametrize("folder", FRESH, ids=lambda p: p.name)
def test_fresh_batch_keeps_its_measured_score(folder):
    gold = load_gold(folder / "gold.jsonl")
    evaluation = evaluate(check_paths([folder]), gold, id_of=lambda r: Path(r.source).stem)
    assert evaluation.errors == []
    assert evaluation.notes_all_right >= FRESH_ALL_RIGHT_FLOOR[folder.name]
