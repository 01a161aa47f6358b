"""Uncorrected speech-recognition dictation: levels spoken as words and self-corrections."""

from __future__ import annotations

import pytest

from checker.pipeline.dictation import spoken_levels
from checker.pipeline.edits import apply_edits

_BODY = (
    "Consent signed, time out done, prepped with chlorhexidine and draped. Lidocaine one "
    "percent to the skin. Under fluoroscopy 22 gauge needles were placed and Omnipaque "
    "confirmed spread. Each joint received 0.5 mL of bupivacaine 0.5% with Kenalog 40 mg/mL. "
)


def _levels(report) -> set[tuple[str, str]]:
    return {(level.side, level.level) for level in report.extraction.levels}


@pytest.mark.parametrize(
    ("spoken", "written"),
    [
        ("right C five six and C six seven", "right C5-6 and C6-7"),
        ("C 5 6 and 6 7 injected", "C5-6 and C6-7 injected"),
        ("C four five, five six and six seven", "C4-5, C5-6 and C6-7"),
        ("left see to three joint", "left see 2 3 joint"),
        ("tea eleven twelve", "tea 11 12"),
        ("C five and C six medial branches", "C5 and C6 medial branches"),
        ("C four seven", "C4 seven"),  # not a joint: the second word stays a word
        ("room C 5 then", "room C 5 then"),  # one digit after a letter is no level
    ],
)
def test_spoken_levels_read_with_digits(spoken, written):
    assert apply_edits(spoken, spoken_levels(spoken))[0] == written


def test_a_dictated_facet_injection_with_spoken_levels_is_coded(check):
    text = (
        "PROCEDURE right C four five C five six and C six seven facet joint injections "
        "period " + _BODY
    )
    report = check(text)
    assert _levels(report) == {("right", "C4-C5"), ("right", "C5-C6"), ("right", "C6-C7")}
    assert report.codes.supported == ["64490-RT", "64491-RT", "64492-RT"]
    spans = [e.text for level in report.extraction.levels for e in level.evidence]
    assert "C four five" in spans  # evidence quotes the note as dictated


def test_a_spoken_level_said_not_injected_gives_no_64492(check):
    text = (
        "PROCEDURE left C2 3 and C3 4 facet joint injections. "
        + _BODY
        + "We then attempted the left C four five joint but could not access it, so C four "
        "five was not injected."
    )
    report = check(text)
    assert ("left", "C4-C5") not in _levels(report)
    assert not report.codes.supports_64492


@pytest.mark.parametrize("correction", ["no sorry", "scratch that", "sorry I mean"])
def test_a_self_corrected_level_is_replaced(check, correction):
    text = (
        f"Under fluoroscopy the right C three four {correction} C four five and C five six "
        "facet joints were injected. " + _BODY
    )
    report = check(text)
    assert _levels(report) == {("right", "C4-C5"), ("right", "C5-C6")}
    assert report.codes.supported == ["64490-RT", "64491-RT"]
