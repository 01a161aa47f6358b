"""Uncorrected speech-recognition dictation: levels spoken as words and self-corrections."""

from __future__ import annotations

import pytest

from checker.pipeline.dictation import (
    broken_negations,
    misheard_words,
    spoken_amounts,
    spoken_headings,
    spoken_levels,
    spoken_punctuation,
)
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
        ("left see to three joint", "left C2-3 joint"),
        ("tea eleven twelve", "T11-12"),
        ("see 6 7 and see 7 tea 1", "C6-7 and C7-T1"),
        ("tea twelve El one joints", "T12-L1 joints"),
        ("tea won tea to tea three", "tea 1 tea 2 tea 3"),
        ("C five C six C seven T one medial branches", "C5 C6 C7 T1 medial branches"),
        ("see five days", "see 5 days"),  # a spelled vertebra keeps its own reading
        ("see to it", "see to it"),
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


def _read(text: str, edits) -> str:
    return apply_edits(text, edits(text))[0]


def test_spoken_punctuation_is_read_as_marks_in_a_dictation():
    text = "consent signed comma time out done period prepped period new paragraph plan"
    assert _read(text, spoken_punctuation) == "consent signed, time out done. prepped.\n\n plan"


def test_one_period_as_a_word_is_left_alone():
    text = "the observation period was thirty minutes period a period of rest"
    assert _read(text, spoken_punctuation) == text


def test_misheard_facet_is_read_as_facet():
    assert _read("right C5-6 fast it joint", misheard_words) == "right C5-6 facet joint"


def test_a_dictated_cervicothoracic_injection_is_coded(check):
    text = (
        "procedure right see 6 7 and see 7 tea 1 fast it joint injections under fluoroscopy "
        "period " + _BODY
    )
    report = check(text)
    assert report.extraction.procedure == "facet_injection"
    assert _levels(report) == {("right", "C6-C7"), ("right", "C7-T1")}
    assert report.codes.supported == ["64490-RT", "64491-RT"]


def test_a_level_said_not_treated_stays_out_of_a_dictation_with_spoken_periods(check):
    text = (
        "the left C five six and C six seven fast it joints were injected period "
        + _BODY
        + "incidental degeneration at the left C seven T one facet which was not treated period "
        "post procedure pain two out of ten period"
    )
    report = check(text)
    assert _levels(report) == {("left", "C5-C6"), ("left", "C6-C7")}


@pytest.mark.parametrize(
    ("spoken", "written"),
    [
        ("half a cc of Kenalog", "0.5 cc of Kenalog"),
        ("three quarters of a mL per nerve", "0.75 mL per nerve"),
        (
            "a quarter mL of Celestone and a quarter mL of ropivacaine",
            "0.25 mL of Celestone and 0.25 mL of ropivacaine",
        ),
        ("point seven five mL", "0.75 mL"),
        ("bupivacaine zero point five percent", "bupivacaine 0.5%"),
        ("Naropin zero point\nfive percent", "Naropin 0.5%"),  # a line wrapped in the number
        ("two and a half mL", "2.5 mL"),
        ("seventy five percent relief", "75% relief"),
        ("pain eight out of ten", "pain 8/10"),
        ("post procedure zero over ten", "post procedure 0/10"),
        ("Kenalog forty half a mL", "Kenalog 40 0.5 mL"),
        ("Ken a log forty", "Ken a log 40"),
        # nothing the words do not say
        ("one of the two needles", "one of the two needles"),
        ("a few tenths of a mL", "a few tenths of a mL"),
        ("a four point scale", "a four point scale"),
        ("two and a half inch needle", "two and a half inch needle"),
        ("blood pressure eighty over ten", "blood pressure eighty over ten"),
        ("Kenalog twenty", "Kenalog twenty"),  # not a strength Kenalog is sold in
        ("the same four nerves", "the same four nerves"),
    ],
)
def test_spoken_amounts_read_with_digits(spoken, written):
    assert _read(spoken, spoken_amounts) == written


def _medication(report, name: str):
    return next(fact for fact in report.extraction.medications if fact.name == name)


def test_a_dictated_injectate_gives_its_strengths_and_volumes(check):
    text = (
        "procedure right C four five and C five six fast it joint injections under fluoroscopy "
        "period consent signed period time out done period prepped with chlorhexidine and "
        "draped sterile period Omnipaque confirmed spread period each joint received half a cc "
        "of Kenalog forty and three quarters of a mL of Naropin zero point\nfive percent period "
        "pain before eight out of ten period after the procedure zero out of ten period"
    )
    report = check(text)
    kenalog = _medication(report, "triamcinolone")
    assert (kenalog.concentration, kenalog.volume_ml_per_level) == ("40 mg/mL", 0.5)
    ropivacaine = _medication(report, "ropivacaine")
    assert (ropivacaine.concentration, ropivacaine.volume_ml_per_level) == ("0.5%", 0.75)
    assert (report.extraction.response.pre_pain, report.extraction.response.post_pain) == (8, 0)
    quoted = [e.text for e in kenalog.evidence]
    assert any("forty" in text for text in quoted)  # evidence quotes the words dictated


def test_dictated_pain_scores_over_ten_are_read_before_and_after(check):
    text = (
        "the left C five six fast it joint was injected under fluoroscopy period "
        + _BODY
        + "The patient rated pain six over ten before and four over ten after the procedure."
    )
    response = check(text).extraction.response
    assert (response.pre_pain, response.post_pain) == (6, 4)


def test_a_negation_split_by_a_line_break_negates_the_level(check):
    text = (
        "procedure right C5-6, C6-7 and C7-T1 facet joint injections under fluoroscopy\n"
        + _BODY
        + "\nthe C7-T1 level was not\ntreated because of osteophytes\n"
    )
    report = check(text)
    assert ("right", "C7-T1") not in _levels(report)
    assert not report.codes.supports_64492


def test_a_line_ending_on_a_field_answer_is_not_joined():
    text = "Sedation: not\ngiven"
    assert _read(text, broken_negations) == text


@pytest.mark.parametrize(
    "other_side",
    [
        "then the left side was done in the same manner",
        "same on the left",
        "the procedure was repeated on the contralateral side",
        "the same four nerves were then blocked on the left in the same manner",
    ],
)
def test_the_first_sides_levels_are_done_on_the_side_the_dictation_names(check, other_side):
    text = (
        _BODY + "\nthe right C4-5, C5-6 and C6-7 facet joints were injected\n" + other_side + "\n"
    )
    report = check(text)
    assert _levels(report) == {
        (side, level) for side in ("right", "left") for level in ("C4-C5", "C5-C6", "C6-C7")
    }
    assert report.codes.supported == ["64490-50", "64491-50", "64492-50"]


def test_a_second_side_is_never_inferred_without_the_note_saying_so(check):
    text = (
        _BODY + "\nthe right C4-5, C5-6 and C6-7 facet joints were injected using the same "
        "technique as last time\nthe needle was left in place for a minute\n"
    )
    report = check(text)
    assert {side for side, _ in _levels(report)} == {"right"}
    assert report.codes.supported == ["64490-RT", "64491-RT", "64492-RT"]


@pytest.mark.parametrize(
    "procedure",
    [
        "procedure right side scratch that left side C4-5 and C5-6 facet joint injections",
        "procedure right, scratch that, left C4-5 and C5-6 facet joint injections",
        "procedure right no sorry left C four five and C five six fast it joint injections",
    ],
)
def test_a_side_withdrawn_by_the_dictating_physician_is_replaced(check, procedure):
    report = check(procedure + " under fluoroscopy\n" + _BODY)
    assert _levels(report) == {("left", "C4-C5"), ("left", "C5-C6")}
    assert report.codes.supported == ["64490-LT", "64491-LT"]


def test_rf_named_in_a_dictated_plan_is_not_todays_procedure(check):
    text = (
        "procedure right C4-5 and C5-6 medial branch blocks under fluoroscopy\n"
        + _BODY
        + "\nplan if she has good relief a second block then RF\n"
    )
    assert check(text).extraction.procedure == "medial_branch_block"


def test_a_dictated_heading_gets_its_colon_only_before_dictated_text():
    assert _read("plan if relief then RF", spoken_headings) == "plan: if relief then RF"
    for text in ("Plan: follow up", "PLAN", "planned C5-6", "plan\nfollow up"):
        assert _read(text, spoken_headings) == text
