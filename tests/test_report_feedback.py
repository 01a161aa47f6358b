"""Clinician feedback pages: counts per requirement, excerpts, suggestions, trend, escaping."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from report_samples import gap, hostile_report, plain_report, span

from checker.models import Report
from checker.report.feedback import (
    MIN_NOTES_FOR_GROUP,
    MIN_NOTES_PER_POINT,
    requirement_texts,
    write_feedback,
)


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
    assert "<dt>Notes reviewed</dt><dd>4 notes (1 more note could not be checked)</dd>" in roe
    assert "<dt>Period covered</dt><dd>2026-01-15 to 2026-02-03</dd>" in roe
    assert completeness_cell(roe, "response") == "50"
    assert completeness_cell(roe, "timeout") == "75"
    assert completeness_cell(roe, "consent") == "100"
    assert "2 of 4 notes (50%)" in roe
    assert re.search(r'response</span></th>.*?<td class="num">2 of 4</td>', roe, re.S)
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


def test_months_are_counted_but_no_trend_line_on_too_few_notes(tmp_path):
    write_feedback(iter(clinician_reports()), tmp_path)
    pages = pages_by_heading(tmp_path)
    roe = pages["Documentation feedback: Jane Roe, MD"]
    month = '<th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td>'
    assert month.format("2026-01", 1, "0 (0%)") in roe
    assert month.format("2026-02", 3, "2 (67%)") in roe
    # One and three notes a month: a line would swing on single notes, so none is drawn.
    assert 'class="trend"' not in roe
    assert f"a point needs at least {MIN_NOTES_PER_POINT} notes" in roe
    assert 'id="trend"' not in pages["Documentation feedback: Sam Poe, DO"]  # no dates


def busy_clinician(months: dict[int, tuple[int, int]]) -> list[Report]:
    """Notes of one clinician: for each month, (notes, of which lacking a time-out)."""
    reports = []
    for month, (notes, missing) in months.items():
        for number in range(notes):
            gaps = [gap("timeout", "warning", "No time-out")] if number < missing else []
            reports.append(
                plain_report(
                    f"m{month}-{number}",
                    "needs_review" if gaps else "pass",
                    gaps,
                    provider="Busy Bee, MD",
                    date_of_service=dt.date(2026, month, 1 + number % 28),
                )
            )
    return reports


def test_trend_by_month_when_every_month_has_enough_notes(tmp_path):
    enough = MIN_NOTES_PER_POINT
    write_feedback(iter(busy_clinician({1: (enough, 5), 2: (enough, 0)})), tmp_path)
    bee = pages_by_heading(tmp_path)["Documentation feedback: Busy Bee, MD"]
    assert 'class="trend"' in bee
    assert "per month of service" in bee
    assert len(re.findall(r'<circle class="dot"', bee)) == 2


def test_trend_by_quarter_when_months_are_thin(tmp_path):
    thin = MIN_NOTES_PER_POINT // 2
    months = {m: (thin, 1) for m in (1, 2, 3, 4, 5, 6)}
    write_feedback(iter(busy_clinician(months)), tmp_path)
    bee = pages_by_heading(tmp_path)["Documentation feedback: Busy Bee, MD"]
    assert "per quarter of service" in bee
    assert ">2026 Q1</text>" in bee and ">2026 Q2</text>" in bee
    assert len(re.findall(r'<circle class="dot"', bee)) == 2


def test_clinician_is_set_beside_the_group_median_and_best(tmp_path):
    reports = clinician_reports() + busy_clinician({1: (4, 1)})
    write_feedback(iter(reports), tmp_path)
    roe = pages_by_heading(tmp_path)["Documentation feedback: Jane Roe, MD"]
    row = re.search(r"timeout</span></th>(.*?)</tr>", roe, re.S).group(1)
    cells = re.findall(r'<td class="num">([^<]*)</td>', row)
    # Roe 75% (1 of 4 missing), Busy Bee 75%, Sam Poe 100%, the unnamed provider 100%.
    assert cells == ["75% ▼", "1 of 4", "88%", "100%"]


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
    assert "2 of 3 notes (67%)" in lee


def test_payer_requirements_are_named_by_their_rule_titles():
    from checker.report.feedback import requirement_label, rule_titles

    payer_rules = {key: title for key, title in rule_titles().items() if key.startswith("payer.")}
    assert payer_rules
    for requirement, title in payer_rules.items():
        assert requirement_label(requirement) == title
    assert requirement_label("timeout") == requirement_texts()["timeout"].label
    assert requirement_label("payer.nobody.unknown_rule") == "payer.nobody.unknown_rule"


def test_the_group_leaves_out_clinicians_with_too_few_notes_to_compare(tmp_path):
    reports = clinician_reports() + busy_clinician({1: (MIN_NOTES_FOR_GROUP, 1)})
    write_feedback(iter(reports), tmp_path)
    roe = pages_by_heading(tmp_path)["Documentation feedback: Jane Roe, MD"]
    row = re.search(r"timeout</span></th>(.*?)</tr>", roe, re.S).group(1)
    # Only Busy Bee has enough notes: 1 of 5 without a time-out. Sam Poe's single complete
    # note does not make "best" 100%.
    assert re.findall(r'<td class="num">([^<]*)</td>', row)[2:] == ["80%", "80%"]
    assert "the best of 1 clinician with at least 5 checked notes" in roe


def test_payer_billing_limits_and_modifiers_stay_in_the_coder_queue(tmp_path):
    reports = [
        plain_report(
            "b1",
            "fail",
            [
                gap("payer.medicare.kx_modifier", "blocking", "KX missing on a diagnostic line"),
                gap("payer.medicare.level_limit", "blocking", "Third level not covered"),
                gap("payer.medicare.pain_duration", "warning", "No pain duration"),
            ],
            provider="Ann Lee, MD",
        ),
        plain_report("b2", provider="Ann Lee, MD"),
    ]
    write_feedback(iter(reports), tmp_path)
    lee = pages_by_heading(tmp_path)["Documentation feedback: Ann Lee, MD"]
    assert "kx_modifier" not in lee and "level_limit" not in lee and "KX missing" not in lee
    assert completeness_cell(lee, "payer.medicare.pain_duration") == "50"
    assert "Sentence to adopt:" in lee  # a payer criterion has a sentence for the note too
