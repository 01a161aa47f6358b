"""Notes exported as HTML, RTF or quoted-printable read as the text they render, with
evidence quoting the note as exported."""

import pytest

from checker.pipeline.normalize import normalize

HTML_NOTE = (
    "<html><head><title>ProcNote Export</title></head><body>\n"
    "<p><b>Procedure:</b> Right C4-5 and C5-6 medial branch blocks &ndash; fluoroscopy</p>\n"
    "<p><b>Indication:</b> Neck pain &gt;1 year. Prior block gave 90% relief.</p>\n"
    "<p><b>Pre-procedure pain:</b> 5/10</p>\n"
    "<p><b>Consent:</b> informed consent signed.<br>\n<b>Time-out:</b> Performed.</p>\n"
    "<p><b>Technique:</b> Skin wheals with 1% lidocaine, 1&nbsp;mL per site. "
    "Bupivacaine 0.5% 0.5&nbsp;mL injected at each level.</p>\n"
    "<p><b>Post:</b> Observed 20 min. Pain 0/10 on extension.</p>\n"
    "</body></html>\n"
)

RTF_NOTE = (
    "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\n"
    "\\pard\\f0\\fs20 {\\b OPERATIVE NOTE}\\par\n"
    "{\\b Procedure:} Right C4-5 and C5-6 medial branch blocks under fluoroscopy\\par\n"
    "{\\b Indication:} Two prior diagnostic blocks (12/2025 and 01/2026) gave 90% and 85% "
    "relief respectively.\\par\n\\par\n"
    "{\\b Pre-procedure pain:} 7/10\\par\n"
    "{\\b Description:} 0.5 mL of 0.5% bupivacaine per level. Room at 21\\'b0C.\\par\n"
    "{\\b Post-procedure:} Post-procedure pain 2/10.\\par\n}"
)

QP_NOTE = (
    "From: Clinic Notes Router <noreply@clinic.example>\n"
    "Content-Transfer-Encoding: quoted-printable\n\n"
    "Procedure: Right C4-5 and C5-6 medial branch blocks under fluoroscopy.=20\n=20\n"
    "Pre-procedure pain: 8/10=20\n=20\n"
    "After negative aspiration, 0.5 mL of 0.5% bupivacaine was injected at each =\n"
    "level.=20\n=20\n"
    "Post-procedure pain 2/10 =E2=80=93 no complications.=20\n"
)


def response(check, text):
    return check(text).extraction.response


@pytest.mark.parametrize(
    ("note", "pre", "post"),
    [(HTML_NOTE, 5, 0), (RTF_NOTE, 7, 2), (QP_NOTE, 8, 2)],
    ids=["html", "rtf", "quoted-printable"],
)
def test_exported_notes_give_their_pain_scores(check, note, pre, post):
    scores = response(check, note)
    assert (scores.pre_pain, scores.post_pain) == (pre, post)


def test_an_html_notes_headings_and_fields_are_read(check):
    report = check(HTML_NOTE)
    assert report.extraction.workflow.timeout is True
    assert response(check, HTML_NOTE).percent_relief is None  # the indication's prior block


def test_an_rtf_indication_is_history(check):
    assert response(check, RTF_NOTE).percent_relief is None


@pytest.mark.parametrize("note", [HTML_NOTE, RTF_NOTE, QP_NOTE], ids=["html", "rtf", "qp"])
def test_evidence_quotes_the_note_as_exported(check, note):
    scores = response(check, note)
    assert scores.evidence
    for evidence in scores.evidence:
        assert note[evidence.start : evidence.end] == evidence.text
        assert "/10" in evidence.text


def test_rendered_text_drops_the_markup():
    assert "Pre-procedure pain: 5/10" in normalize(HTML_NOTE).text
    assert "1 mL per site" in normalize(HTML_NOTE).text
    rtf = normalize(RTF_NOTE).text
    assert "Pre-procedure pain: 7/10\n" in rtf and "21°C" in rtf and "Arial" not in rtf
    qp = normalize(QP_NOTE).text
    assert "Pre-procedure pain: 8/10 \n" in qp and "each level." in qp and "2/10 – no" in qp


@pytest.mark.parametrize(
    "text",
    [
        "Pain <5/10 before; VAS=7 after 2 = good. Right C5-6 MBB, 0.5 mL bupivacaine.",
        "Pain score =\n7/10.",
    ],
)
def test_a_plain_note_with_stray_markup_characters_is_left_alone(text):
    assert normalize(text).text == text


def test_a_plain_note_with_a_few_inline_tags_keeps_its_lines():
    note = "<b>Procedure:</b> Right C5-6 MBB\n<b>Pre:</b> 7/10\n<i>Post:</i> 2/10\n"
    assert normalize(note).text.split("\n") == [
        "Procedure: Right C5-6 MBB",
        "Pre: 7/10",
        "Post: 2/10",
        "",
    ]


@pytest.mark.parametrize(
    "note",
    [
        "<html><head><p>Pre-procedure pain: 6/10</p><p>Right C5-6 MBB.</p>",
        "{\\rtf1{\\fonttbl{\\f0 Arial;}\\par Pre-procedure pain: 6/10\\par Right C5-6 MBB.",
    ],
    ids=["html-head-left-open", "rtf-cut-off"],
)
def test_a_cut_off_export_loses_no_text(note):
    assert "Pre-procedure pain: 6/10" in normalize(note).text


def test_rtf_unicode_escapes_read_as_their_characters():
    text = normalize("{\\rtf1 Pain 8/10 \\u8594? 2/10, odd \\u-10179?\\u-8704? pair\\par}").text
    assert "8/10 \u2192 2/10" in text
    text.encode("utf-8")  # a lone surrogate would make the report unwritable


@pytest.mark.parametrize(
    ("note", "bupivacaine_quotes"),
    [
        (HTML_NOTE, ["0.5%", "0.5&nbsp;mL", "Bupivacaine"]),  # an entity inside is quoted whole
        (RTF_NOTE, ["0.5 mL", "0.5%", "bupivacaine"]),
        (QP_NOTE, ["0.5 mL", "0.5%", "bupivacaine"]),
    ],
    ids=["html", "rtf", "qp"],
)
def test_level_and_dose_evidence_quote_the_note_as_exported(check, note, bupivacaine_quotes):
    extraction = check(note).extraction
    assert [(level.level, [e.text for e in level.evidence]) for level in extraction.levels] == [
        ("C4-C5", ["C4-5", "Right"]),
        ("C5-C6", ["C5-6", "Right"]),
    ]
    bupivacaine = next(m for m in extraction.medications if m.name == "bupivacaine")
    assert sorted(e.text for e in bupivacaine.evidence) == bupivacaine_quotes


@pytest.mark.parametrize(
    ("note", "markup", "character"),
    [(HTML_NOTE, "&ndash;", "–"), (RTF_NOTE, "\\'b0", "°"), (QP_NOTE, "=E2=80=93", "–")],
    ids=["html-entity", "rtf-hex-escape", "qp-escape"],
)
def test_each_rendered_character_points_at_what_it_came_from(note, markup, character):
    normalized = normalize(note)
    text, origin = normalized.text, normalized.origin
    assert origin is not None and len(origin) == len(text)
    assert all(note[origin[i]] == text[i] for i in range(len(text)) if text[i].isalnum())
    decoded = text.index(character)
    assert origin[decoded] == note.index(markup)


CDA_NOTE = (
    '<?xml version="1.0"?>\n<ClinicalDocument>\n<component><section>\n'
    "<title>Procedure</title>\n<text><paragraph>Right C5-6 and C6-7 medial branch blocks "
    "under fluoroscopy; bupivacaine 0.5%, 0.5 mL per level.</paragraph></text>\n"
    "</section></component>\n<component><section>\n<title>Response</title>\n"
    "<text><list>\n<item>Pain before: 6/10</item>\n<item>Pain after: 1/10</item>\n"
    "</list></text>\n</section></component>\n</ClinicalDocument>\n"
)


def test_a_clinical_documents_narrative_block_reads_as_its_text(check):
    assert "\nPain before: 6/10\n" in normalize(CDA_NOTE).text
    response = check(CDA_NOTE).extraction.response
    assert (response.pre_pain, response.post_pain) == (6, 1)
