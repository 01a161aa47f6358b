"""Physician queries on the note page: one per gap only the clinician can resolve, compliant
with the AHIMA/ACDIS query practice brief (non-leading, no payment talk, open-ended or
multiple choice with "Other" and "Clinically undetermined")."""

from __future__ import annotations

import datetime as dt

import pytest
from report_samples import gap, plain_report, span

from checker.report.feedback import criterion_templates, requirement_texts
from checker.report.queries import (
    OTHER,
    UNDETERMINED,
    clinician_can_resolve,
    physician_queries,
    query_book,
)
from checker.rules import load_ruleset

BODY = (
    "PROCEDURE: Right C5-6 facet injection. Pain 6/10 before.\n"
    "Needle placed under fluoroscopy. Patient tolerated it well.\n"
)
# Words a compliant query never uses: payment, payers, codes, or steering the answer.
FORBIDDEN = (
    "reimburs",
    "payment",
    "paid",
    "medicare",
    "payer",
    "cpt",
    "6449",
    "billing",
    "denial",
    "modifier",
    "please confirm that",
    "should",
)


def report_with(*gaps):
    return plain_report(
        "q1",
        "fail",
        list(gaps),
        text=BODY,
        provider="Jane Roe, MD",
        date_of_service=dt.date(2026, 3, 2),
        patient_id="MRN-77",
        encounter_id="ENC-9",
    )


def test_every_query_in_the_data_is_compliant():
    book = query_book()
    assert "Guidelines for Achieving a Compliant Query Practice" in book.guideline
    for key, text in {**book.documentation, **book.payer_criteria}.items():
        words = (text.question + " " + " ".join(text.options)).lower()
        for word in FORBIDDEN:
            assert word not in words, (key, word)
        assert OTHER not in text.options and UNDETERMINED not in text.options  # added by code


def test_query_data_names_real_requirements_and_checks():
    ruleset = load_ruleset()
    book = query_book()
    assert set(book.documentation) <= set(ruleset.requirements)
    payer_checks = {
        rule.check for key, rule in ruleset.requirements.items() if key.startswith("payer.")
    }
    assert set(book.payer_criteria) <= payer_checks
    # A sentence to adopt for each thing a clinician can be asked about.
    assert set(book.documentation) == set(requirement_texts())
    assert set(book.payer_criteria) == set(criterion_templates())


@pytest.mark.parametrize(
    ("requirement", "resolvable"),
    [
        ("response", True),
        ("timeout", True),
        ("payer.medicare.pain_duration", True),
        ("payer.medicare.conservative_care", True),
        ("payer.medicare.kx_modifier", False),
        ("payer.medicare.level_limit", False),
        ("code.level_count", False),
        ("code.bilateral", False),
        ("payer.nobody.unknown", False),
    ],
)
def test_only_documentation_and_clinical_criteria_go_to_the_clinician(requirement, resolvable):
    assert clinician_can_resolve(requirement) is resolvable


def test_a_multiple_choice_query_offers_other_and_clinically_undetermined():
    report = report_with(gap("guidance", "warning", "Guidance unclear", span(BODY, "fluoroscopy")))
    (query,) = physician_queries(report)
    assert not query.open_ended
    assert query.options[-2:] == (OTHER, UNDETERMINED)
    text = query.text
    assert "[ ] Fluoroscopy" in text and "[ ] No imaging guidance was used" in text
    assert "[ ] Clinically undetermined" in text
    assert "Patient: MRN-77 · Encounter: ENC-9 · Date of service: 2026-03-02" in text
    assert "To: Jane Roe, MD" in text
    # The clinical indicator is what the note says, quoted.
    assert "“Needle placed under fluoroscopy.”" in text


def test_an_open_ended_query_quotes_the_gap_evidence_and_never_its_coder_message():
    report = report_with(
        gap(
            "response",
            "blocking",
            "64490 cannot be billed to Medicare without a post score",
            span(BODY, "Pain 6/10 before"),
        ),
        gap("response", "warning", "Scale not named"),
    )
    (query,) = physician_queries(report)  # one query per requirement, not per gap
    assert query.open_ended
    assert "“PROCEDURE: Right C5-6 facet injection.”" not in query.text
    assert "“Pain 6/10 before.”" in query.text
    assert "Answer: ____________" in query.text
    for word in FORBIDDEN:
        assert word not in query.text.lower().replace("compliant query practice", "")


def test_coding_findings_get_no_query_and_a_missing_element_is_said_plainly():
    report = report_with(
        gap("code.level_count", "blocking", "64492 billed, two levels documented"),
        gap("payer.medicare.kx_modifier", "blocking", "KX missing"),
        gap("consent", "blocking", "No consent"),
    )
    (query,) = physician_queries(report)
    assert query.requirement == "consent"
    assert "The procedure note does not document the informed consent." in query.text
