"""The report pages served by `checker serve --reports DIR --history DB`, in Chromium: a
decision saved through the service survives a reload, shows in the audit log and in the
export, and a re-run over an amended note reopens it. Skips (or fails under CI) as the
other browser tests do."""

from __future__ import annotations

import csv

import pytest
from served import TOKEN, check_into, served_reports, write_note
from test_browser_reports import ARTIFACTS, browser, wait_until  # noqa: F401 (a fixture)

REASON = "Documentation elsewhere in the record supports it"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_reports(tmp_path_factory.mktemp("served-browser")) as running:
        yield running


@pytest.fixture
def page(browser, served):  # noqa: F811 (the imported fixture)
    """A page whose requests carry the service's bearer token (as a proxy in front would)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        extra_http_headers={"authorization": f"Bearer {TOKEN}"},
    )
    opened = context.new_page()
    opened.requests, opened.problems = [], []
    opened.on("request", lambda request: opened.requests.append(request.url))
    opened.on(
        "console",
        lambda message: opened.problems.append(message.text) if message.type == "error" else None,
    )
    opened.on("pageerror", lambda error: opened.problems.append(str(error)))
    yield opened
    context.close()


def loaded(page) -> None:
    """Wait until the page has its decisions from the service."""
    wait_until(page, "document.body.dataset.decisionsLoaded === 'true'")


def open_note(page, base: str, note_id: str) -> None:
    page.goto(f"{base}/reports/index.html")
    loaded(page)
    page.get_by_role("link", name=note_id, exact=True).click()
    page.wait_for_url("**/reports/notes/*.html")
    loaded(page)


def test_a_served_decision_is_stored_reloaded_audited_exported_and_reopened(page, served, tmp_path):
    open_note(page, served.base, "A-1")
    page.get_by_role("radio", name="Overridden").check()
    page.get_by_label("Reason (for an override)").select_option(REASON)
    page.get_by_label("Details").fill("op report lists the levels")
    page.get_by_label("Your name or initials").fill("A. Coder")
    page.get_by_role("button", name="Save decision").click()
    wait_until(page, "document.getElementById('decision-saved').textContent.includes('Overridden')")

    page.reload()
    loaded(page)
    saved = page.locator("#decision-saved").inner_text()
    assert f"Overridden ({REASON}), by A. Coder" in saved
    assert page.get_by_role("radio", name="Overridden").is_checked()
    audit = page.locator("#decision-audit")
    audit.locator("summary").click()
    assert audit.locator("li").count() == 1  # one change so far
    line = audit.locator("li").first.inner_text()
    assert "A. Coder set the note from no decision to Overridden" in line
    assert "op report lists the levels" in line
    # Kept by the service, not by this browser.
    stored_here = page.evaluate("Object.keys(localStorage).filter(k => k.endsWith(':decisions'))")
    assert stored_here == []
    page.screenshot(path=ARTIFACTS / "served-note-decision.png")

    page.goto(f"{served.base}/reports/index.html")
    loaded(page)
    row = page.locator("#queue tbody tr", has_text="A-1")
    assert row.locator("td.decision").inner_text() == "Overridden"
    with page.expect_download() as download:
        page.get_by_role("button", name="Export decisions (CSV)").click()
    exported = tmp_path / "decisions.csv"
    download.value.save_as(exported)
    rows = list(csv.DictReader(exported.open(encoding="utf-8-sig", newline="")))
    assert [
        (r["note_id"], r["finding"], r["decision"], r["decision_reason"], r["decided_by"])
        for r in rows
    ] == [("A-1", "", "overridden", REASON, "A. Coder")]
    assert rows[0]["page"].startswith("notes/a-1-")

    # The note is amended (its consent line gone) and checked again with --history.
    write_note(served.notes, "A-1", consent=False)
    check_into(served)
    page.reload()
    loaded(page)
    assert row.locator("td.decision").inner_text() == "Reopened: new gaps"
    open_note(page, served.base, "A-1")
    assert page.locator("#decision-saved").inner_text().startswith("Reopened:")
    page.locator("#decision-audit summary").click()
    newest = page.locator("#decision-audit li").first.inner_text()
    assert "checker set the note from Overridden to Open" in newest
    assert page.locator("#decision-history li").count() == 1  # the override kept in history

    assert all(url.startswith(served.base) for url in page.requests)
    assert page.problems == []
