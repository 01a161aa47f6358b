"""The report pages in a real browser: headless Chromium (Debian's package) via Playwright.

The report set is built from the real pipeline over sample_notes/, with hand-written gaps
added to three notes and one hostile note appended, so there are failing notes to filter
to whatever the rules currently find. Screenshots go to test-artifacts/browser/.

Without Chromium these tests skip with the reason; with CI set they fail instead.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from report_samples import gap, hostile_report, with_gaps

from checker.reader import read_notes
from checker.report import write_report_set
from checker.report.feedback import write_feedback

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_NOTES = ROOT / "sample_notes"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the browser tests must run", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (pip install -e '.[dev]')")
    chromium = find_chromium()
    if chromium is None:
        skip_or_fail(
            "no Chromium found: install Debian's chromium package (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh page that records every request, console error and page error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.requests, opened.problems, opened.dialogs = [], [], []
    opened.on("request", lambda request: opened.requests.append(request.url))
    opened.on(
        "console",
        lambda message: opened.problems.append(message.text) if message.type == "error" else None,
    )
    opened.on("pageerror", lambda error: opened.problems.append(str(error)))
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()


def sample_gaps(report):
    """Hand-written gaps for three sample notes, pointing at real evidence where there is some."""
    name = Path(report.source).stem
    extraction = report.extraction
    if name == "s001":
        return [
            gap(
                "response",
                "blocking",
                "Pain scores before and after are not on a named scale",
                *extraction.response.evidence,
                fix="Name the scale: 'Pain 7/10 before and 1/10 after on the 0-10 NRS.'",
                source="Noridian JF Q&A on L38803",
            ),
            gap(
                "code.64492",
                "blocking",
                "64492 billed for Medicare: three-level sessions are not covered",
                *(extraction.levels[0].evidence if extraction.levels else []),
            ),
        ]
    if name == "s002":
        return [gap("observation", "warning", "Observation time not stated")]
    if name == "s003":
        return [gap("consent", "blocking", "No informed consent documented")]
    return []


@pytest.fixture(scope="module")
def built(checker, tmp_path_factory):
    """The report set and feedback pages; returns (report dir, feedback dir, JSONL lines)."""
    out = tmp_path_factory.mktemp("browser") / "reports"
    reports = [
        with_gaps(r, sample_gaps(r)) for r in checker.check_notes(read_notes([SAMPLE_NOTES]))
    ]
    reports.append(hostile_report())
    write_report_set(iter(reports), out)
    write_feedback(iter(reports), out / "feedback")
    lines = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return out, out / "feedback", lines


def visible_rows(page):
    return page.locator("#queue tbody tr:visible")


def test_coder_filters_to_failing_notes_and_reaches_evidence_in_two_clicks(page, built):
    out, _, lines = built
    page.goto((out / "index.html").as_uri())
    assert page.locator("#filters").is_visible()  # the inline script ran under the CSP
    assert page.locator("#queue tbody tr").count() == len(lines)

    page.select_option("#f-status", "fail")
    failing = [line for line in lines if line["status"] == "fail"]
    assert len(failing) >= 3
    assert visible_rows(page).count() == len(failing)
    statuses = visible_rows(page).evaluate_all("rows => rows.map(r => r.dataset.status)")
    assert set(statuses) == {"fail"}
    assert page.locator("#shown").inner_text() == f"Showing {len(failing)} of {len(lines)} notes."
    page.screenshot(path=ARTIFACTS / "queue-failing.png", full_page=True)

    # The worst note opens with its blocking gaps and highlighted facts.
    first = visible_rows(page).first.locator("th a")
    note_id = first.inner_text()
    first.click()
    page.wait_for_url("**/notes/*.html")
    assert note_id in page.locator("h1").inner_text()
    gap_rows = page.locator("#gaps + table tbody tr")
    assert gap_rows.count() >= 1
    assert "blocking" in gap_rows.first.inner_text()
    assert page.locator("#note-body mark").count() > 0
    page.screenshot(path=ARTIFACTS / "note-worst.png", full_page=True)

    # Two clicks from the failing queue to the words behind a gap: the note, then the gap.
    page.goto((out / "index.html").as_uri())
    page.select_option("#f-status", "fail")
    page.get_by_label("Search").fill("FJ-2026-0001")
    assert visible_rows(page).count() == 1
    visible_rows(page).first.locator("th a").click()  # click 1
    page.wait_for_url("**/notes/*.html")
    assert "FJ-2026-0001" in page.locator("h1").inner_text()
    assert page.locator("#note-body .tag").filter(has_text="level").count() > 0
    page.screenshot(path=ARTIFACTS / "note.png")
    show = page.locator("#gaps + table").get_by_role("link", name="Show in note").first
    target = show.get_attribute("href")
    show.click()  # click 2
    assert page.evaluate("location.hash") == target
    assert page.locator(target).evaluate("el => el.matches(':target')")
    assert page.locator(target).inner_text().startswith("gap: ")
    page.wait_for_function(
        "id => { const r = document.querySelector(id).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }",
        arg=target,
    )
    page.screenshot(path=ARTIFACTS / "note-evidence.png")
    page.screenshot(path=ARTIFACTS / "note-full.png", full_page=True)

    page.get_by_role("link", name="← Back to the queue").first.click()
    page.wait_for_url("**/index.html")
    assert page.locator("h1").inner_text() == "Coder QA queue"


def test_filters_by_provider_payer_requirement_and_text(page, built):
    out, _, lines = built
    page.goto((out / "index.html").as_uri())

    provider = "Maria Okafor, MD"
    page.get_by_label("Provider").select_option(provider)
    expected = sum(1 for line in lines if line["provider"] == provider)
    assert expected > 0 and visible_rows(page).count() == expected

    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function(
        f"document.querySelectorAll('#queue tbody tr:not([hidden])').length == {len(lines)}"
    )

    page.get_by_label("Payer").select_option("medicare")
    assert visible_rows(page).count() == sum(1 for line in lines if line["payer"] == "medicare")
    page.get_by_label("Payer").select_option("")

    page.get_by_label("Requirement with a gap").select_option("consent")
    with_consent_gap = [
        line for line in lines if any(g["requirement"] == "consent" for g in line["gaps"])
    ]
    assert visible_rows(page).count() == len(with_consent_gap) >= 1
    page.get_by_label("Requirement with a gap").select_option("")

    page.get_by_label("Search").fill("fj-2026-0001")
    assert visible_rows(page).count() == 1
    page.get_by_label("Search").fill("no such note anywhere")
    assert visible_rows(page).count() == 0
    assert page.locator("#empty").is_visible()
    page.get_by_label("Search").fill("")

    page.locator("[data-status-filter=pass]").click()
    assert page.get_by_label("Status", exact=True).input_value() == "pass"
    assert visible_rows(page).count() == sum(1 for line in lines if line["status"] == "pass")
    page.screenshot(path=ARTIFACTS / "queue.png")


def test_markup_in_a_note_shows_as_text_and_never_runs(page, built):
    out, _, _ = built
    page.goto((out / "index.html").as_uri())
    page.get_by_label("Search").fill("Dr Evil")
    assert visible_rows(page).count() == 1
    visible_rows(page).first.locator("th a").click()
    page.wait_for_url("**/notes/*.html")
    body = page.locator("#note-body")
    assert "<script>window.__pwned = 'script';</script>" in body.inner_text()
    assert 'onerror="window.__pwned' in body.inner_text()
    assert body.locator("img, script, b").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "<b>Dr Evil</b> onerror=alert(2)" in page.locator("dl.meta").inner_text()
    assert page.dialogs == []
    page.screenshot(path=ARTIFACTS / "hostile-note.png", full_page=True)


def test_pages_fetch_nothing_from_the_network_and_log_no_errors(page, built):
    out, feedback, _ = built
    pages = [out / "index.html", next((out / "notes").glob("fj-2026-0001-*.html"))]
    pages += [
        feedback / "index.html",
        next(p for p in feedback.glob("*.html") if p.name != "index.html"),
    ]
    for path in pages:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
    assert page.requests and all(url.startswith("file://") for url in page.requests)
    assert page.problems == []  # a CSP violation (e.g. a style or script hash gone stale) logs here


def test_clinician_feedback_page_in_the_browser_and_in_print(page, built):
    _, feedback, _ = built
    page.goto((feedback / "index.html").as_uri())
    page.get_by_role("link", name="Maria Okafor, MD").click()
    assert page.locator("h1").inner_text() == "Documentation feedback: Maria Okafor, MD"
    table = page.locator("table.completeness")
    assert table.locator("tbody tr").count() >= 11
    assert table.locator("svg").count() == table.locator("tbody tr").count()
    assert page.get_by_text("Suggested wording:").count() >= 1
    assert page.locator("#trend").is_visible()
    page.screenshot(path=ARTIFACTS / "feedback.png", full_page=True)

    page.emulate_media(media="print")
    assert not page.locator("nav.crumbs").is_visible()
    page.pdf(path=ARTIFACTS / "feedback.pdf")
    assert (ARTIFACTS / "feedback.pdf").stat().st_size > 1000


def test_a_missing_browser_skips_locally_and_fails_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium"):
        skip_or_fail("no Chromium found")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        skip_or_fail("no Chromium found")
