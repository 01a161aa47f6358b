"""Clinician feedback pages: counts per requirement, excerpts, suggestions, trend, escaping."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from report_samples import gap, hostile_report, plain_report, span

from checker.models import Report
from checker.report.feedback import requirement_texts, write_feedback


def clinician_reports() -> list[Report]:
    body = "PROCEDURE: Right C5-6 facet injection. Pain 6/10 before. No time out noted here.\n"
    jan, feb = dt.date(2026, 1, 15), dt.date(2026, 2, 3)
    roe = "Jane Roe, MD"
    return [
        plain_report(
            "r1",
            "fail",
            [
                gap(
                    "response",
                    "blocking",
                    "No pain score after the procedure",
                    span(body, "Pain 6/10"),
                    fix="Pain was 6/10 before and 2/10 after on the same scale.",
                ),
                gap("timeout", "warning", "No time-out"),
            ],
            text=body,
            provider=roe,
            date_of_service=jan,
        ),
        plain_report(
            "r2",
            "fail",
            [gap("response", "blocking", "No pain score after the procedure")],
            provider=roe,
            date_of_service=feb,
        ),
        plain_report("r3", provider=roe, date_of_service=feb),
        plain_report("r4", provider=roe, date_of_service=feb),
        Report(note_id="r5", source="r5.txt", status="error", error="unreadable", provider=roe),
        plain_report("s1", provider="Sam Poe, DO"),
        plain_report("n1", "needs_review", [gap("consent", "warning", "No consent")]),
    ]


def pages_by_heading(out: Path) -> dict[str, str]:
    pages = {}
    for page in out.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        pages[re.search(r"<h1>(.*?)</h1>", html).group(1)] = html
    return pages


def completeness_cell(html: str, requirement: str) -> str:
    row = re.search(rf'code">{requirement}</span></th>(.*?)</tr>', html, re.S)
    return re.search(r'<td class="num">(\d+)%', row.group(1)).group(1)


def test_one_page_per_clinician_plus_an_index(tmp_path):
    clinicians = write_feedback(iter(clinician_reports()), tmp_path)
    assert clinicians == 3
    pages = pages_by_heading(tmp_path)
    assert set(pages) == {
        "Documentation feedback by clinician",
        "Documentation feedback: Jane Roe, MD",
        "Documentation feedback: Sam Poe, DO",
        "Documentation feedback: (provider not named)",
    }
    index = pages["Documentation feedback by clinician"]
    for page in tmp_path.glob("*.html"):
        if page.name != "index.html":
            assert f'href="{page.name}"' in index


def test_completeness_counts_checked_notes_and_blocking_or_warning_gaps(tmp_path):
    write_feedback(iter(clinician_reports()), tmp_path)
    roe = pages_by_heading(tmp_path)["Documentation feedback: Jane Roe, MD"]
    # 4 notes checked (the unreadable one is counted apart); 2 lack a response, 1 a time-out.
    assert "<dt>Notes reviewed</dt><dd>4 (1 more could not be checked)</dd>" in roe
    assert completeness_cell(roe, "response") == "50"
    assert completeness_cell(roe, "timeout") == "75"
    assert completeness_cell(roe, "consent") == "100"
    assert "2 of 4 (50%)" in roe
    # Every documentation requirement has a row, with or without gaps.
    for requirement in requirement_texts():
        assert f'code">{requirement}</span>' in roe
    assert "<svg" in roe


def test_top_gaps_show_excerpts_and_a_suggestion(tmp_path):
    write_feedback(iter(clinician_reports()), tmp_path)
    roe = pages_by_heading(tmp_path)["Documentation feedback: Jane Roe, MD"]
    gaps_section = roe[roe.index('id="gaps"') :]
    first, second = re.findall(r'<h3 id="gap-\d">(.*?)</h3>', gaps_section)[:2]
    assert first == "1. Pain before and after: 2 of 4 notes"
    assert second == "2. Time-out: 1 of 4 notes"
    # The excerpt quotes the evidence in the note; the rules' fix text is the suggestion.
    assert "<b>Pain 6/10</b> before." in gaps_section
    assert "Pain was 6/10 before and 2/10 after on the same scale." in gaps_section
    # Without a fix text from the rules, the template sentence is offered.
    assert requirement_texts()["timeout"].template in gaps_section


def test_trend_by_month_only_with_dates(tmp_path):
    write_feedback(iter(clinician_reports()), tmp_path)
    pages = pages_by_heading(tmp_path)
    roe = pages["Documentation feedback: Jane Roe, MD"]
    assert "Trend by month" in roe
    month = '<th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td>'
    assert month.format("2026-01", 1, "0 (0%)") in roe
    assert month.format("2026-02", 3, "2 (67%)") in roe
    assert "Trend by month" not in pages["Documentation feedback: Sam Poe, DO"]


def test_names_and_note_text_are_escaped(tmp_path):
    write_feedback(iter([hostile_report()]), tmp_path)
    for page in tmp_path.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html
        assert "<b>Dr" not in html
        assert "<img" not in html
    (page,) = [p for p in tmp_path.glob("*.html") if p.name != "index.html"]
    assert re.fullmatch(r"[a-z0-9-]+\.html", page.name)
    assert "&lt;b&gt;Dr Evil&lt;/b&gt;" in page.read_text(encoding="utf-8")


def test_print_stylesheet_hides_navigation(tmp_path):
    write_feedback(iter(clinician_reports()), tmp_path)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    print_rules = html[html.index("@media print") :]
    assert "nav.crumbs" in print_rules
    assert "display: none" in print_rules


def test_coding_findings_stay_in_the_coder_queue_and_payer_rows_appear_only_when_missed(tmp_path):
    reports = [
        plain_report(
            "c1",
            "fail",
            [
                gap("code.modifier_51", "blocking", "Modifier 51 on an add-on code"),
                gap("payer.medicare.conservative_care", "warning", "No conservative care"),
            ],
            provider="Ann Lee, MD",
        ),
        plain_report("c2", provider="Ann Lee, MD"),
        plain_report(
            "c4",
            "fail",
            [gap("code.bilateral", "blocking", "-50 on one side")],
            provider="Ann Lee, MD",
        ),
        plain_report(
            "c3", "needs_review", [gap("payer.aetna.levels", "warning", "Too many levels")]
        ),
    ]
    write_feedback(iter(reports), tmp_path)
    lee = pages_by_heading(tmp_path)["Documentation feedback: Ann Lee, MD"]
    assert "code.modifier_51" not in lee
    assert completeness_cell(lee, "payer.medicare.conservative_care") == "67"
    assert "payer.aetna.levels" not in lee
    # Only the payer gap makes a note incomplete; coding findings do not count here.
    assert "2 of 3 (67%)" in lee


def test_payer_requirements_are_named_by_their_rule_titles():
    from checker.report.feedback import requirement_label, rule_titles

    payer_rules = {key: title for key, title in rule_titles().items() if key.startswith("payer.")}
    assert payer_rules
    for requirement, title in payer_rules.items():
        assert requirement_label(requirement) == title
    assert requirement_label("timeout") == requirement_texts()["timeout"].label
    assert requirement_label("payer.nobody.unknown_rule") == "payer.nobody.unknown_rule"
