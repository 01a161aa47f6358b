"""The scorer: a field counts only where the gold line labels it."""

import json

import pytest

from checker.evaluate import amend_gold, evaluate

EPIDURAL = (
    "PROCEDURE: Left paramedian C6-7 interlaminar epidural steroid injection under fluoroscopy. "
    "Omnipaque confirmed epidural spread. 80 mg methylprednisolone was injected."
)


FACET = "PROCEDURE: Left C6-7 intra-articular facet joint injection under fluoroscopy."


def _score(check, gold, text=EPIDURAL):
    report = check(text)
    return evaluate([report], {"test": {"id": "test", **gold}}, id_of=lambda r: "test")


def test_a_gold_line_without_levels_does_not_score_levels(check):
    result = _score(check, {"procedure": "epidural"})
    assert "levels" not in result.fields
    assert result.notes_all_right == 1


def test_levels_labelled_empty_are_scored(check):
    gold = {"procedure": "facet_injection", "levels": {"right": [], "left": []}}
    result = _score(check, gold, FACET)
    assert result.fields["levels"].fp == 1  # the report's left C6-C7 is not in the gold
    assert result.notes_all_right == 0


def test_a_field_the_gold_labels_is_scored_even_when_null(check):
    result = _score(check, {"procedure": "epidural", "pre_pain": None})
    assert result.fields["pre_pain"].fp == 0
    assert "pre_pain" in result.fields


def _amendments(tmp_path, *rows):
    path = tmp_path / "amendments.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_an_amendment_replaces_only_the_keys_it_gives(tmp_path):
    gold = {"h1": {"id": "h1", "procedure": "epidural", "pre_pain": 7}}
    path = _amendments(tmp_path, {"id": "h1", "pre_pain": None, "reason": "range is null"})
    assert amend_gold(gold, path) == ["h1"]
    assert gold == {"h1": {"id": "h1", "procedure": "epidural", "pre_pain": None}}


@pytest.mark.parametrize(
    "row",
    [{"id": "h1", "pre_pain": 2}, {"id": "h2", "pre_pain": 2, "reason": "no such note"}],
    ids=["without a reason", "for a note without gold"],
)
def test_an_amendment_without_reason_or_gold_line_is_refused(tmp_path, row):
    gold = {"h1": {"id": "h1", "pre_pain": 7}}
    with pytest.raises(ValueError):
        amend_gold(gold, _amendments(tmp_path, row))
    assert gold == {"h1": {"id": "h1", "pre_pain": 7}}
