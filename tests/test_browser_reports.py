"""The report pages in a real browser: headless Chromium (Debian's package) via Playwright.

The report set is built from the real pipeline over sample_notes/, with hand-written gaps
added to three notes and one hostile note appended, so there are failing notes to filter
to whatever the rules currently find. Screenshots go to test-artifacts/browser/.

Without Chromium these tests skip with the reason; with CI set they fail instead.
"""

from __future__ import annotations

import csv
import json
import shutil
import time
from pathlib import Path

import pytest
import required_in_ci
from report_samples import gap, hostile_report, plain_report, with_gaps

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
    required_in_ci.skip_or_fail(reason, "the browser tests")


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


def wait_until(page, expression: str, arg=None, timeout: float = 10.0) -> None:
    """Poll a JavaScript expression (or function of `arg`) until it is true.

    `page.wait_for_function` evaluates its predicate with eval, which the pages' CSP forbids.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout}s: {expression}")
        page.wait_for_timeout(50)


def visible_rows(page):
    return page.locator("#queue tbody tr")


def open_queue(page, out: Path, view: str = ""):
    page.goto((out / "index.html").as_uri() + (f"#{view}" if view else ""))
    wait_until(page, "window.queueTimings && window.queueTimings.firstRenderMs > 0")


def shown_ids(page) -> list[str]:
    return visible_rows(page).locator("th a").all_inner_texts()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# Letter paper less the print margins (12 mm each side), in CSS pixels.
PRINT_WIDTH = 8.5 * 96 - 2 * 12 / 25.4 * 96


def clipped_in_print(page) -> list[str]:
    """Under print media at the printed width: elements that reach past the page's edge."""
    page.emulate_media(media="print")
    page.set_viewport_size({"width": int(PRINT_WIDTH), "height": 1000})
    return page.evaluate(
        """width => Array.from(document.querySelectorAll('body *'))
            .filter(el => el.getClientRects().length
                && el.getBoundingClientRect().right > width + 1)
            .map(el => el.tagName + '.' + el.className + ': ' + el.textContent.slice(0, 40))""",
        int(PRINT_WIDTH),
    )


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [pdf_page.extract_text() or "" for pdf_page in PdfReader(path).pages]


def test_coder_filters_to_failing_notes_and_reaches_evidence_in_two_clicks(page, built):
    out, _, lines = built
    open_queue(page, out)
    assert page.locator("#filters").is_visible()  # the inline script ran under the CSP
    failing = [line for line in lines if line["status"] == "fail"]
    assert len(failing) >= 3

    page.select_option("#f-status", "fail")
    assert visible_rows(page).count() == min(len(failing), 100)
    statuses = visible_rows(page).evaluate_all("rows => rows.map(r => r.dataset.status)")
    assert set(statuses) == {"fail"}
    notes = "note" if len(failing) == 1 else "notes"
    assert (
        f"{len(failing)} {notes} (filtered from {len(lines)})"
        in page.locator("#shown").inner_text()
    )
    page.screenshot(path=ARTIFACTS / "queue-failing.png", full_page=True)

    # The worst note opens with its blocking gaps and highlighted facts.
    first = visible_rows(page).first.locator("th a")
    note_id = first.inner_text()
    first.click()
    page.wait_for_url("**/notes/*.html")
    assert note_id in page.locator("h1").inner_text()
    assert "blocking" in page.locator("article.gap").first.inner_text()
    assert page.locator("#note-body mark").count() > 0
    page.screenshot(path=ARTIFACTS / "note-worst.png", full_page=True)

    # Two clicks from the failing queue to the words behind a gap: the note, then the gap.
    open_queue(page, out, "status=fail")
    page.get_by_label("Search").fill("FJ-2026-0001")
    assert visible_rows(page).count() == 1
    visible_rows(page).first.locator("th a").click()  # click 1
    page.wait_for_url("**/notes/*.html")
    assert "FJ-2026-0001" in page.locator("h1").inner_text()
    assert page.locator("#note-body .tag").filter(has_text="level").count() > 0
    page.screenshot(path=ARTIFACTS / "note.png")
    show = page.locator("article.gap").get_by_role("link", name="Show in note").first
    target = show.get_attribute("href")
    show.click()  # click 2
    assert page.evaluate("location.hash") == target
    assert page.locator(target).evaluate("el => el.matches(':target')")
    assert page.locator(target).inner_text().startswith("gap: ")
    wait_until(
        page,
        "id => { const r = document.querySelector(id).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }",
        arg=target,
    )
    page.screenshot(path=ARTIFACTS / "note-evidence.png")

    page.get_by_role("link", name="← Back to the queue").first.click()
    page.wait_for_url("**/index.html*")
    assert page.locator("h1").inner_text() == "Coder QA queue"
    assert page.get_by_label("Status", exact=True).input_value() == "fail"  # the view came back


def test_filters_by_provider_payer_requirement_and_text(page, built):
    out, _, lines = built
    open_queue(page, out)
    page.get_by_label("Rows per page").select_option("all")
    assert visible_rows(page).count() == len(lines)

    provider = "Maria Okafor, MD"
    page.get_by_label("Provider").select_option(provider)
    expected = sum(1 for line in lines if line["provider"] == provider)
    assert expected > 0 and visible_rows(page).count() == expected

    page.get_by_role("button", name="Clear filters").click()
    wait_until(page, f"document.querySelectorAll('#queue tbody tr').length == {len(lines)}")

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


def test_sort_and_filter_survive_a_reload_and_travel_in_the_url(page, built):
    out, _, lines = built
    open_queue(page, out)
    page.get_by_label("Payer").select_option("medicare")
    page.get_by_role("button", name="Date of service").click()
    page.get_by_role("button", name="Date of service").click()  # again: newest first
    header = page.locator("th[data-sort=dos]")
    assert header.get_attribute("aria-sort") == "descending"
    assert "▼" in header.inner_text()  # the direction is shown in text, not by colour
    dates = visible_rows(page).locator("td:nth-child(8)").all_inner_texts()
    medicare = sorted(
        (line["date_of_service"] for line in lines if line["payer"] == "medicare"), reverse=True
    )
    assert dates == medicare[: len(dates)]
    url = page.url
    assert "payer=medicare" in url and "sort=dos" in url and "dir=desc" in url

    page.reload()
    wait_until(page, "window.queueTimings.firstRenderMs > 0")
    assert page.get_by_label("Payer").input_value() == "medicare"
    assert visible_rows(page).locator("td:nth-child(8)").all_inner_texts() == dates

    # The same URL in a fresh tab (a bookmark, a link from a colleague) shows the same view.
    other = page.context.new_page()
    other.goto(url)
    wait_until(other, "window.queueTimings.firstRenderMs > 0")
    assert shown_ids(other) == shown_ids(page)
    other.close()

    # Sorting by billed vs supported puts notes whose codes differ first, and marks the
    # difference in text as well as colour.
    page.get_by_role("button", name="Billed → supported").click()
    first_codes = visible_rows(page).first.locator("td.codes").inner_text()
    assert "(billed, not supported)" in first_codes or "(supported, not billed)" in first_codes


def test_keyboard_through_ten_notes_from_the_queue_and_back(page, built):
    out, _, _ = built
    open_queue(page, out, "status=fail")
    ids = shown_ids(page)
    assert len(ids) >= 10
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "f-text"
    page.keyboard.press("Escape")
    for _ in range(3):
        page.keyboard.press("j")
    page.keyboard.press("k")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == ids[1]
    assert (
        page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    )  # visible focus
    page.screenshot(path=ARTIFACTS / "queue-keyboard.png")
    page.keyboard.press("Enter")
    page.wait_for_url("**/notes/*.html")
    assert ids[1] in page.locator("h1").inner_text()
    seen = [ids[1]]
    for _ in range(9):
        page.keyboard.press("n")
        page.wait_for_load_state("load")
        seen.append(page.locator("h1 .code").inner_text())
    assert seen == ids[1:11]
    assert f"Note 11 of {len(ids)}" in page.locator("#note-position").inner_text()
    page.keyboard.press("p")
    page.wait_for_load_state("load")
    assert page.locator("h1 .code").inner_text() == ids[9]

    # The skip link is the first stop of the Tab key and lands on the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_a_gap_in_focus_scrolls_the_note_beside_it_to_its_words(page, built):
    out, _, _ = built
    page.set_viewport_size({"width": 1440, "height": 900})
    note = next((out / "notes").glob("fj-2026-0001-*.html"))
    page.goto(note.as_uri())
    findings = page.locator(".findings").bounding_box()
    pane = page.locator("#note-pane").bounding_box()
    assert pane["x"] >= findings["x"] + findings["width"]  # side by side
    # Coding findings come first.
    headings = page.locator("#gaps ~ h3, section h3").all_inner_texts()
    assert headings[0].startswith("Coding findings")
    card = page.locator("article.gap[data-evidence]:not([data-evidence=''])").last
    anchor = card.get_attribute("data-evidence").split()[0]
    page.mouse.wheel(0, 600)
    card.focus()
    wait_until(
        page,
        """id => { const pane = document.getElementById('note-pane').getBoundingClientRect();
            const r = document.getElementById(id).getBoundingClientRect();
            return r.top >= pane.top && r.bottom <= pane.bottom && r.bottom <= innerHeight; }""",
        arg=anchor,
    )
    assert page.locator("mark.in-focus").count() >= 1
    page.screenshot(path=ARTIFACTS / "note-gap-in-focus.png")
    # Each fact says why it counted or not where the report says so, and a legend explains.
    assert page.locator(".facts .why").count() >= 1
    assert page.locator(".legend .tag").count() >= 9


def test_physician_queries_are_compliant_copyable_and_printable(page, built):
    out, _, _ = built
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    note = next((out / "notes").glob("fj-2026-0001-*.html"))
    page.goto(note.as_uri())
    queries = page.locator("section.query pre")
    assert queries.count() >= 1
    for text in queries.all_inner_texts():
        assert "Clinical indicators in the procedure note:" in text
        assert "Compliant Query Practice" in text
        for word in ("reimburse", "payment", "Medicare", "CPT", "6449", "bill"):
            assert word.lower() not in text.lower()
    page.locator(".copy-query").first.click()
    wait_until(page, "document.querySelector('.copied').textContent.length > 0")
    assert "Cop" in page.locator(".copied").first.inner_text()
    page.emulate_media(media="print")
    page.evaluate("document.body.classList.add('print-queries')")
    assert not page.locator("#note-pane").is_visible()
    assert page.locator("section.query").first.is_visible()
    page.pdf(path=ARTIFACTS / "physician-queries.pdf")
    text = "\n".join(pdf_pages(ARTIFACTS / "physician-queries.pdf"))
    assert "Clinically undetermined" in text or "Answer:" in text


def test_a_decision_is_kept_after_a_reload_exported_and_imported(page, built, tmp_path):
    out, _, _ = built
    open_queue(page, out, "status=fail")
    target = visible_rows(page).nth(2)
    note_id = target.locator("th a").inner_text()
    target.locator("th a").click()
    page.wait_for_url("**/notes/*.html")
    page.get_by_role("radio", name="Overridden").check()
    page.get_by_role("button", name="Save decision").click()
    assert page.locator("#decision-error").is_visible()  # an override needs its reason
    page.get_by_label("Reason (for an override)").select_option(
        "Documentation elsewhere in the record supports it"
    )
    page.get_by_label("Details").fill('=HYPERLINK("http://x") op report lists the levels')
    page.get_by_label("Your name or initials").fill("A. Coder")
    page.get_by_role("button", name="Save decision").click()
    page.reload()
    saved = page.locator("#decision-saved").inner_text()
    assert "Overridden (Documentation elsewhere in the record supports it), by A. Coder" in saved
    assert page.get_by_role("radio", name="Overridden").is_checked()
    page.get_by_role("radio", name="Queried (waiting for the physician)").check()
    page.get_by_role("button", name="Save decision").click()
    assert page.locator("#decision-history li").count() == 1  # the override is kept in history
    # A finding can be decided on its own.
    finding = page.locator("article.gap").first.get_by_label("Decision on this finding")
    requirement = finding.get_attribute("data-requirement")
    finding.select_option("billed_as_is")
    page.reload()
    finding = page.locator("article.gap").first.get_by_label("Decision on this finding")
    assert finding.input_value() == "billed_as_is"
    page.screenshot(path=ARTIFACTS / "note-decision.png")

    open_queue(page, out, "status=fail")
    row = visible_rows(page).filter(has_text=note_id)
    assert "Queried" in row.locator("td.decision").inner_text()
    page.get_by_label("Decision", exact=True).select_option("queried")
    assert shown_ids(page) == [note_id]

    with page.expect_download() as download:
        page.get_by_role("button", name="Export decisions (CSV)").click()
    exported = tmp_path / "decisions.csv"
    download.value.save_as(exported)
    rows = list(csv.DictReader(exported.open(encoding="utf-8-sig", newline="")))
    assert [(r["note_id"], r["finding"], r["decision"], r["decided_by"]) for r in rows] == [
        (note_id, "", "queried", "A. Coder"),
        (note_id, requirement, "billed_as_is", "A. Coder"),
    ]
    # A spreadsheet opening the export must not run a coder's words as a formula.
    assert rows[0]["decision_note"] == '\'=HYPERLINK("http://x") op report lists the levels'

    with page.expect_download() as download:
        page.get_by_role("button", name="Export this view (CSV)").click()
    view = tmp_path / "view.csv"
    download.value.save_as(view)
    view_rows = list(csv.DictReader(view.open(encoding="utf-8-sig", newline="")))
    assert [r["note_id"] for r in view_rows] == [note_id]
    assert view_rows[0]["decision"] == "queried"

    # Another browser (a colleague) imports the decisions and sees them in the queue.
    other = page.context.browser.new_context()
    fresh = other.new_page()
    open_queue(fresh, out, "status=fail")
    assert fresh.locator("td.decision.decided").count() == 0
    fresh.set_input_files("#import-decisions", exported)
    wait_until(fresh, "document.getElementById('io-status').textContent.length > 0")
    assert fresh.locator("#io-status").inner_text() == "Imported 2 decisions."
    assert "Queried" in fresh.locator("tr", has_text=note_id).locator("td.decision").inner_text()
    fresh.get_by_role("link", name=note_id).click()
    assert fresh.get_by_label("Details").input_value().startswith("=HYPERLINK(")  # as typed
    other.close()


def test_a_rerun_that_finds_new_gaps_reopens_a_decided_note(page, tmp_path):
    out = tmp_path / "reports"
    first = [
        plain_report("amend-1", "needs_review", [gap("timeout", "warning", "No time-out")]),
        plain_report("other-2"),
    ]
    write_report_set(iter(first), out)
    open_queue(page, out)
    page.get_by_role("link", name="amend-1").click()
    page.get_by_role("radio", name="Queried (waiting for the physician)").check()
    page.get_by_role("button", name="Save decision").click()
    open_queue(page, out)
    decision = page.locator("tr", has_text="amend-1").locator("td.decision")
    assert decision.inner_text() == "Queried (waiting for the physician)"

    # The same note, re-checked after an amendment that left a new gap.
    again = [
        plain_report(
            "amend-1",
            "fail",
            [gap("timeout", "warning", "No time-out"), gap("consent", "blocking", "No consent")],
        ),
        plain_report("other-2"),
    ]
    write_report_set(iter(again), out)
    open_queue(page, out)
    assert decision.inner_text() == "Reopened: new gaps"
    page.get_by_label("Decision", exact=True).select_option("open")
    assert "amend-1" in shown_ids(page)
    page.get_by_role("link", name="amend-1").click()
    assert page.locator("#decision-saved").inner_text().startswith("Reopened:")

    # A re-run with no new gap keeps the decision.
    write_report_set(iter(first), out)
    open_queue(page, out)
    assert decision.inner_text() == "Queried (waiting for the physician)"


def test_markup_in_a_note_shows_as_text_and_never_runs(page, built):
    out, _, _ = built
    open_queue(page, out)
    page.get_by_label("Search").fill("Dr Evil")
    assert visible_rows(page).count() == 1
    assert "<b>Dr Evil</b>" in visible_rows(page).first.inner_text()
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
    assert "Group median" in table.locator("thead").inner_text()
    assert "Period covered" in page.locator("dl.meta").inner_text()
    assert page.get_by_text("Sentence to adopt:").count() >= 1
    # A dozen notes over a year: too few a month for a line, and the page says why.
    assert page.locator("#trend").is_visible()
    assert page.locator("svg.trend").count() == 0
    assert "a point needs at least 10 notes" in page.locator("#no-trend").inner_text()
    # Billing items a physician cannot act on stay in the coder queue.
    text = page.locator("main").inner_text()
    for billing in ("code.", "kx_modifier", "level_limit"):
        assert billing not in text
    page.screenshot(path=ARTIFACTS / "feedback.png", full_page=True)

    assert clipped_in_print(page) == []
    assert not page.locator("nav.crumbs").is_visible()
    page.pdf(path=ARTIFACTS / "feedback.pdf", format="Letter", margin=PDF_MARGINS)
    printed = pdf_pages(ARTIFACTS / "feedback.pdf")
    assert "Documentation feedback: Maria Okafor, MD" in printed[0]
    text = "".join("".join(printed).split())
    for heading in ("Group median", "Best", "Most frequent gaps", "Notes per month of service"):
        assert "".join(heading.split()) in text


PDF_MARGINS = {side: "12mm" for side in ("top", "right", "bottom", "left")}


def test_the_queue_prints_without_a_blank_first_page_or_a_clipped_column(page, built):
    out, _, lines = built
    open_queue(page, out, "status=fail&size=all")
    failing = [line["note_id"] for line in lines if line["status"] == "fail"]
    assert clipped_in_print(page) == []
    page.pdf(path=ARTIFACTS / "queue.pdf", format="Letter", margin=PDF_MARGINS)
    printed = pdf_pages(ARTIFACTS / "queue.pdf")
    assert "Coder QA queue" in printed[0]
    first_page = "".join(printed[0].split())
    assert "Decision" in first_page and "Billed→supported" in first_page  # the last columns
    text = "".join("\n".join(printed).split())
    for note_id in failing:
        if "<" not in note_id:
            assert "".join(note_id.split()) in text
    assert len(printed) < len(failing)  # dense rows, many to a page


@pytest.mark.parametrize(
    ("which", "width"),
    [
        ("queue", 420),
        ("note", 420),
        ("feedback-index", 420),
        ("feedback-clinician", 420),
        ("queue", 800),
        ("queue", 1024),
        ("queue", 1280),
    ],
)
def test_a_420_pixel_wide_screen_never_scrolls_sideways(page, built, which, width):
    out, feedback, _ = built
    page.set_viewport_size({"width": width, "height": 860})
    path = {
        "queue": out / "index.html",
        "note": next((out / "notes").glob("fj-2026-0001-*.html")),
        "feedback-index": feedback / "index.html",
        "feedback-clinician": next(p for p in feedback.glob("*.html") if p.name != "index.html"),
    }[which]
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert no_horizontal_scroll(page)
    if which == "note":  # stacked: the note text comes after the gaps, not beside them
        pane = page.locator("#note-pane").bounding_box()
        assert pane["y"] > page.locator(".findings").bounding_box()["y"]
    page.screenshot(path=ARTIFACTS / f"width-{width}-{which}.png", full_page=which != "queue")


def test_dark_theme_follows_the_system_setting(page, built):
    out, _, _ = built
    page.emulate_media(color_scheme="dark")
    open_queue(page, out)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(x) for x in background[background.index("(") + 1 : -1].split(",")[:3]]
    assert max(channels) < 60
    page.screenshot(path=ARTIFACTS / "queue-dark.png")
    page.emulate_media(color_scheme="light")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(255, 255, 255)"


def test_a_missing_browser_skips_locally_and_fails_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium"):
        skip_or_fail("no Chromium found")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        skip_or_fail("no Chromium found")
