"""Every requirement has a test note that triggers it and one that satisfies it.

The notes are in tests/notes/rules/; each says in its front matter (or JSONL record) which
requirement ids its report must raise (`triggers`) and which it must not (`satisfies`).
They are checked with a fresh history store, in file order, so the frequency notes
(`frequency.jsonl`: one patient's sessions each) count the sessions before them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine import check_paths
from checker.reader import read_notes
from checker.rules import load_ruleset

RULE_NOTES = Path(__file__).resolve().parent / "notes" / "rules"


def _cases() -> list[tuple[str, set[str], set[str]]]:
    cases = []
    for note in read_notes([RULE_NOTES]):
        extra = note.model_extra or {}
        cases.append(
            (
                note.note_id,
                set(extra.get("triggers") or []),
                set(extra.get("satisfies") or []),
            )
        )
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    history = tmp_path_factory.mktemp("history") / "sessions.db"
    return {r.note_id: r for r in check_paths([RULE_NOTES], history=history)}


@pytest.mark.parametrize(("name", "triggers", "satisfies"), CASES, ids=[c[0] for c in CASES])
def test_note_raises_exactly_what_it_should(reports, name, triggers, satisfies):
    report = reports[name]
    assert report.status != "error", report.error
    raised = {gap.requirement for gap in report.gaps}
    assert triggers <= raised, f"missing {sorted(triggers - raised)}; raised {sorted(raised)}"
    assert not satisfies & raised, f"unexpected {sorted(satisfies & raised)}"


def test_every_requirement_is_triggered_and_satisfied_by_a_note():
    ids = set(load_ruleset().requirements)
    triggered = set().union(*(t for _, t, _ in CASES))
    satisfied = set().union(*(s for _, _, s in CASES))
    assert ids - triggered == set(), "requirements no note triggers"
    assert ids - satisfied == set(), "requirements no note satisfies"
    assert (triggered | satisfied) <= ids, "notes name requirements that do not exist"


def test_a_complete_note_passes(reports):
    report = reports["complete_medicare_mbb"]
    assert report.gaps == []
    assert report.status == "pass"


def test_status_follows_the_most_severe_gap(reports):
    assert reports["no_levels"].status == "fail"  # blocking
    # a diagnostic block's relief is judged after the visit: a missing response is a warning
    assert reports["response_tolerated_only"].status == "needs_review"
    assert reports["contrast_silent"].status == "needs_review"  # warning only
    assert reports["contrast_omitted_with_reason"].status == "pass"  # info only
