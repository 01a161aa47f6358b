"""Notes that reach the billing office converted from another system (scanned and faxed
copies, HTML, RTF, quoted-printable and HL7 exports, fixed-width print) read as a person
reads the page, with evidence quoting the note as it was received."""

from __future__ import annotations

import pytest

from checker.pipeline.normalize import SCANNED_TEXT_REQUIREMENT, normalize

SCANNED_CAPS = """PROCEDURE PERFORMED: RIGHT C5-C6 AND C6-C7 INTRA-ARTICULAR FACET J0INT
INJECTIONS UNDER FLU0ROSCOPIC GUIDANCE.

PRE-PROCEDURE PAIN SC0RE: 8/1O.

DESCRIPTI0N OF PROCEDURE: INF0RMED CONSENT WAS OBTAINED. A TIME 0UT WAS COMPLETED.
THE NECK WAS PREPPED WITH BETADINE AND DRAPED STERILELY. USING FLUOROSCOPY A 22 GAUGE
NEEDLE WAS DIRECTED INTO THE RIGHT C5-C6 FACET J0INT, THEN THE RIGHT C6-C7 JOINT.
INTO EACH J0INT WAS INJECTED 0,5 ML OF BUPIVACAME 0,5% AND 0,5 ML 0F KENAL0G-4O.

P0ST-PR0CEDURE PAIN SC0RE: 3/10.
"""

SCANNED_RN = """Procedure: Right C4-C5 and C5-C6 facet joint injections under fluoroscopy.
Pre-procedure pain: 6/10.
Consent signed. Tirne-out perforrned. Prepped with chlorhexidine and draped sterile.
Skin anesthetized with 1% lidocaine, 1 rnL per site.
Needles into the right C4-C5 and C5-C6 facet joints; Ornnipaque 300 0.2 rnL per joint
confirmed intra-articular spread. Each joint injected with 0.5 rnL 0.25% bupivacaine.
No cornplications. Post-procedure pain 2/10.
"""

SCANNED_L1 = """Procedure: Right C4-5 and C5-6 facet joint injections.
Consent obtained. Time-out performed. Prepped with Betadine, draped sterile.
Skin infi1trated with 1idocaine 1%. Under f1uoroscopy 25G need1es were p1aced into the
right C4-5 and C5-6 joints. 0.5 mL of bupivacaine 0,5% injected into each joint.
Pre: 6/10. Post: 1/10.
"""


def _drugs(report) -> dict[tuple[str, str], object]:
    return {(m.name, m.role): m for m in report.extraction.medications}


def _quotes_original(report, text: str) -> None:
    """Every evidence span of the extraction is the note's own text at that place."""
    pieces = [report.extraction.contrast.evidence, report.extraction.guidance_evidence]
    pieces += [m.evidence for m in report.extraction.medications]
    for evidence in (e for group in pieces for e in group):
        assert evidence.text == text[evidence.start : evidence.end]


def test_a_scanned_capitals_note_reads_its_drugs_amounts_and_pain(check):
    report = check(SCANNED_CAPS)
    drugs = _drugs(report)
    bupivacaine = drugs[("bupivacaine", "anesthetic")]
    assert (bupivacaine.concentration, bupivacaine.volume_ml_per_level) == ("0.5%", 0.5)
    triamcinolone = drugs[("triamcinolone", "steroid")]
    assert (triamcinolone.concentration, triamcinolone.volume_ml_per_level) == ("40 mg/mL", 0.5)
    assert report.extraction.response.pre_pain == 8
    assert report.extraction.workflow.timeout is True
    assert report.extraction.guidance == "fluoroscopy"
    assert any("BUPIVACAME" in e.text for e in bupivacaine.evidence)
    _quotes_original(report, SCANNED_CAPS)


def test_scanning_repairs_are_reported_for_a_person_to_confirm(check):
    report = check(SCANNED_CAPS)
    (gap,) = [g for g in report.gaps if g.requirement == SCANNED_TEXT_REQUIREMENT]
    assert gap.severity == "warning"
    assert "'BUPIVACAME' as 'BUPIVACAINE'" in gap.message
    assert all(e.text == SCANNED_CAPS[e.start : e.end] for e in gap.evidence)


def test_rn_read_for_m_gives_the_contrast_agent_units_and_time_out(check):
    report = check(SCANNED_RN)
    assert (report.extraction.contrast.used, report.extraction.contrast.agent) == (
        True,
        "iohexol",
    )
    assert any("Ornnipaque" in e.text for e in report.extraction.contrast.evidence)
    assert report.extraction.workflow.timeout is True
    bupivacaine = _drugs(report)[("bupivacaine", "anesthetic")]
    assert bupivacaine.volume_ml_per_level == 0.5
    _quotes_original(report, SCANNED_RN)


def test_one_read_for_l_gives_guidance_and_the_skin_local(check):
    report = check(SCANNED_L1)
    assert report.extraction.guidance == "fluoroscopy"
    assert ("lidocaine", "skin_local") in _drugs(report)
    assert _drugs(report)[("bupivacaine", "anesthetic")].concentration == "0.5%"
    assert [level.level for level in report.extraction.levels] == ["C4-C5", "C5-C6"]
    _quotes_original(report, SCANNED_L1)


@pytest.mark.parametrize(
    "text",
    [
        "He will return to work. Tenderness pattern unchanged; internal concern noted.",
        "MRN 0012345. L5-S1, T1-T2 and C5,6 levels. Inject 10mL total; 1st visit; x10.",
        "RN at bedside. Modern western approach. Discharged home in the afternoon.",
        "Patient mrn 445. Pain returned; stern warning; turn to the left.",
        "Levels C5-6, C6-7; 3, 4, 5 mL; scores 1,2,3.",
    ],
)
def test_clean_text_is_never_repaired(text):
    view = normalize(text)
    assert view.text == text
    assert view.oddities == []


def test_a_level_read_as_a_letter_and_numbers_with_letters(check):
    view = normalize("Blocks at the right C4-S, C5-6. Pain 8/1O. Kenalog-4O 2OO mg. L5-S1.")
    assert view.text == "Blocks at the right C4-5, C5-6. Pain 8/10. Kenalog-40 200 mg. L5-S1."


@pytest.mark.parametrize(
    ("written", "read"),
    [("0,5% 0,2 mL", "0.5% 0.2 mL"), ("½ mL", "0.5 mL"), ("1½ mL", "1.5 mL"), ("¼ mL", ".25 mL")],
)
def test_decimal_commas_and_fractions_read_as_numbers(written, read):
    view = normalize(written)
    assert view.text == read
    assert view.to_original(0, len(view.text)) == (0, len(written))


def test_an_html_export_reads_as_its_page(check):
    text = (
        "<html><body><p><b>Procedure:</b> Right C5-C6 &amp; C6-C7 facet joint injections "
        "under fluoroscopy</p>\n<p><b>Pre-procedure pain:</b> 5/10</p>\n"
        "<p><b>Consent:</b> signed.<br>\n<b>Time-out:</b> Performed.</p>\n"
        "<p>Skin wheals with 1% lidocaine, 1&nbsp;mL per site. Each joint injected with "
        "0.5&nbsp;mL of 0.5% bupivacaine.</p>\n<p>Post: 1/10. No complications.</p></body></html>"
    )
    report = check(text)
    assert report.extraction.workflow.timeout is True
    assert report.extraction.response.pre_pain == 5
    assert _drugs(report)[("bupivacaine", "anesthetic")].volume_ml_per_level == 0.5
    assert [level.level for level in report.extraction.levels] == ["C5-C6", "C6-C7"]
    _quotes_original(report, text)


def test_hl7_text_escapes_of_a_pasted_message_read_as_their_characters(check):
    hl7 = "OBX|1|TX|NOTE||CONSENT: obtained.\\.br\\TIME-OUT: Done.\\.br\\A \\T\\ B||||||F"
    assert normalize(hl7).text == "OBX|1|TX|NOTE||CONSENT: obtained.\nTIME-OUT: Done.\nA & B||||||F"
    text = (
        "OBX|1|TX|PROCNOTE^Procedure Note||PROCEDURE: Left C5-6 facet joint injection.\\.br\\"
        "Guidance: fluoroscopy.\\.br\\CONSENT: Written consent obtained.\\.br\\TIME-OUT: Done."
        "\\.br\\0.5 mL of 0.5% bupivacaine injected.||||||F\n"
    )
    report = check(text)
    assert report.extraction.workflow.timeout is True
    assert [(lv.level, lv.side) for lv in report.extraction.levels] == [("C5-C6", "left")]
    assert "\\.br\\" not in normalize(text).text


_FOLLOW_UP_MESSAGE = (
    "MSH|^~\\&|CLINIC|SITE|EHR|HOSP|20240301101500||ORU^R01|M1|P|2.5\n"
    "PID|1||P-1||DOE^JANE\n"
    "OBR|1||N-1|11506-3^Progress note^LN|||20240301100000\n"
    "OBX|1|TX|11506-3^Progress note^LN|1|Follow-up visit\\.br\\Date: 03/01/2024||||||F\n"
    "OBX|2|TX|11506-3^Progress note^LN|2|S: Seen 3 weeks after left C3-C4, C4-C5 and "
    "C5-C6 medial branch blocks under fluoroscopy, lidocaine 2% 0.5 mL per nerve. Pain "
    "today 4/10.||||||F\n"
    "OBX|3|TX|11506-3^Progress note^LN|3|P: Repeat left C3-C6 MBB next month.||||||F\n"
    "ORC|NW|ORD-7\n"
    "OBR|2|ORD-7||MBB^Cervical MBB left C3-C6^L\n"
    "OBX|4|TX|PLANNED^Planned codes^L|1|64490-LT, 64491-LT, 64492-LT||||||F\n"
)


def test_a_pasted_message_reads_its_text_segments_as_the_note_and_a_new_order_as_the_plan(
    check,
):
    """The SOAP headers at the start of each text segment open their sections, so the
    earlier blocks stay history; the new order's segments are the plan."""
    text = normalize(_FOLLOW_UP_MESSAGE).text
    assert "\nS: Seen 3 weeks" in text and "||||||F" not in text
    assert "\nPLAN (new order):\n" in text
    report = check(_FOLLOW_UP_MESSAGE)
    assert report.extraction.levels == []
    assert not report.codes.supported
    assert not report.codes.supports_64492


_RESULT_MESSAGE = (
    "MSH|^~\\&|CLINIC|SITE|EHR|HOSP|20240301101500||ORU^R01|M2|P|2.5\n"
    "OBX|1|TX|NARR^Narrative^L||Under fluoroscopy 0.5 mL 0.5% bupivacaine at the right C4 "
    "and C5 medial branches.||||||F\n"
    "OBX|2|NM|VAS1^Pain pre^L||7||||||F\n"
    "OBX|3|NM|VAS2^Pain post^L||2|{score}^0-10|||||F\n"
    "OBX|4|NM|VASMM^Pain VAS post^L||15|mm^millimetre|||||F\n"
)


def test_a_numeric_result_segment_reads_under_its_identifiers_text():
    """ "OBX|2|NM|VAS1^Pain pre^L||7" is the pre-procedure score 7: the identifier's code
    ("VAS1") is no part of the value, and a unit written as one stays with it."""
    text = normalize(_RESULT_MESSAGE).text
    assert "\nPain pre: 7\nPain post: 2\nPain VAS post: 15 mm\n" in text


def test_scores_sent_as_numeric_result_segments_are_read(check):
    response = check(_RESULT_MESSAGE).extraction.response
    assert (response.pre_pain, response.post_pain) == (7, 2)


def test_a_word_cut_by_a_fixed_width_line_break_is_joined(check):
    prose = (
        "PROCEDURE: Bilateral T10-T11 facet joint injections under fluoroscopy. Consent "
        "and time-out documented. The skin was prepped with chlorhexidine. Into each joint "
        "0.5 mL of 1% lidocaine and 0.5 mL of methylprednisolone 40 mg/mL were injected. "
        "The patient tolerated the procedure well. Pre-procedure pain 6/10, after 1/10."
    )
    text = "\n".join(prose[i : i + 60] for i in range(0, len(prose), 60)) + "\n"
    assert "lidoca\nine" in text  # the print cut the drug name in two
    report = check(text)
    lidocaine = _drugs(report)[("lidocaine", "anesthetic")]
    assert lidocaine.volume_ml_per_level == 0.5
    assert any("lidoca\nine" in e.text for e in lidocaine.evidence)
    assert {(lv.level, lv.side) for lv in report.extraction.levels} == {
        ("T10-T11", "left"),
        ("T10-T11", "right"),
    }


def test_a_fixed_width_break_on_a_space_joins_the_sentence(check):
    prose = (
        "PROCEDURE: Right C5-C6 facet joint injection under fluoroscopy. Consent and "
        "time-out documented; prepped with chlorhexidine. Contrast was not used given an "
        "anaphylactic reaction to iodinated contrast; position was confirmed on AP and "
        "lateral views. Into the joint 0.5 mL of 0.5% bupivacaine was injected today."
    )
    text, line = "", ""
    for word in prose.split(" "):  # a print that breaks at 60 characters, inside words too
        line += word + " "
        while len(line) > 60:
            text, line = text + line[:60] + "\n", line[60:]
    text += line + "\n"
    assert "\n " in text
    report = check(text)
    assert report.extraction.contrast.used is False
    assert report.extraction.contrast.omission_reason == "allergy"


@pytest.mark.parametrize("dash", ["-", "\u2013", "\u2014", " - ", " \u2013 "])
def test_a_level_read_as_a_letter_is_repaired_and_reported_after_any_dash(check, dash):
    written = f"Blocks at the right C4{dash}S, C5-6 and C6-7 under fluoroscopy."
    view = normalize(written)
    assert view.text == f"Blocks at the right C4{dash}5, C5-6 and C6-7 under fluoroscopy."
    report = check(written + " 0.5 mL of 0.5% bupivacaine at each level.\n")
    assert {fact.level for fact in report.extraction.levels} == {"C4-C5", "C5-C6", "C6-C7"}
    (gap,) = [g for g in report.gaps if g.requirement == SCANNED_TEXT_REQUIREMENT]
    assert "C4" in gap.message


@pytest.mark.parametrize("text", ["L5-S1 joint", "C4-S1 was not treated", "C5-S"])
def test_a_real_sacral_level_or_a_gap_of_two_is_not_read_as_five(text):
    assert normalize(text).text == text
