"""Field labels a lost layout ran into their values ("ProcedureBilateral ...",
"Pain pre7/10Post2/10") read set apart; a label inside a brand name stays as written."""

import pytest

from checker.pipeline.normalize import normalize


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("ProcedureRight C4-5 facet injection", "Procedure: Right C4-5 facet injection"),
        (
            "Pain pre6/10Post1/10 (20 min)Relief80%",
            "Pain pre 6/10  Post: 1/10 (20 min)  Relief: 80%",
        ),
        ("ConsentVerbal, signedTime-outDone", "Consent: Verbal, signed  Time-out: Done"),
        ("Observed20 min in bay 3", "Observed: 20 min in bay 3"),
    ],
)
def test_a_label_run_into_its_value_reads_apart(written, read):
    assert normalize(written).text == read


@pytest.mark.parametrize(
    "text",
    ["ChloraPrep, sterile drape.", "Prepared with DuraPrep.", "Post-procedure 2/10", "post 3/10"],
)
def test_a_label_inside_a_word_or_set_apart_already_stays(text):
    assert normalize(text).text == text


def test_a_collapsed_record_gives_its_side_scores_and_steps(check):
    report = check(
        "ProcedureBilateral C3 and C4 medial branch blocks\n"
        "GuidanceFluoroscopyContrastOmnipaque 0.2 mL per target\n"
        "ConsentWritten, signedTime-outDone 09:10PrepChlorhexidine, sterile drape\n"
        "Technique: 0.5 mL bupivacaine 0.5% per nerve at C3 and C4.\n"
        "Pain pre8/10Post3/10 (30 min)\n"
        "Observed30 min, stable\n"
    )
    extraction = report.extraction
    assert {(f.side, f.level) for f in extraction.levels} == {
        ("right", "C3-C4"),
        ("left", "C3-C4"),
    }
    assert (extraction.response.pre_pain, extraction.response.post_pain) == (8, 3)
    assert extraction.workflow.consent and extraction.workflow.timeout
    assert extraction.workflow.observation
