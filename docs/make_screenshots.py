"""Write the README screenshots: docs/queue.png, note.png, note-evidence.png, feedback.png.

Runs the checker over the notes (default: sample_notes/) into a temporary folder, opens the
pages from disk in headless Chromium (Debian's `chromium` package, driven by Playwright)
and photographs the queue, the worst note whose gaps point into its text (with a gap in
focus and the note beside it scrolled to its words, then after following a "Show in note"
link) and the first clinician's feedback page.

    .venv/bin/python docs/make_screenshots.py [NOTES...]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from checker.engine import check_paths
from checker.report import write_report_set
from checker.report.feedback import write_feedback

DOCS = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 900}
MAX_NOTES_TRIED = 40


def first_note_with_gap_evidence(page, out: Path) -> Path:
    """The worst note in the queue whose gaps point at words in the note (else the worst)."""
    page.wait_for_selector("#queue tbody tr")
    links = page.locator("#queue tbody tr th a").evaluate_all("a => a.map(x => x.href)")
    for link in links[:MAX_NOTES_TRIED]:
        page.goto(link)
        if page.locator("article.gap a[href^='#ev-']").count():
            return Path(page.evaluate("decodeURI(location.pathname)"))
    return out / "notes" / Path(links[0]).name


def main(paths: list[str]) -> int:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("no Chromium found; install it with: apt-get install chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        write_report_set(check_paths(paths), out)
        write_feedback(check_paths(paths), out / "feedback")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT)
            page.goto((out / "index.html").as_uri())
            page.wait_for_selector("#queue tbody tr")
            page.screenshot(path=DOCS / "queue.png")
            note = first_note_with_gap_evidence(page, out)
            page.goto(note.as_uri())
            page.evaluate(
                "() => { const card = document.querySelector(\"article.gap:has(a[href^='#ev-'])\");"
                " if (card) { card.focus({ preventScroll: true }); } }"
            )
            page.screenshot(path=DOCS / "note.png")
            evidence = page.locator("article.gap").get_by_role("link", name="Show in note")
            if evidence.count():
                evidence.first.click()
            page.screenshot(path=DOCS / "note-evidence.png")
            page.goto((out / "feedback" / "index.html").as_uri())
            page.locator("tbody th a").first.click()
            page.screenshot(path=DOCS / "feedback.png", full_page=True)
            browser.close()
    for name in ("queue.png", "note.png", "note-evidence.png", "feedback.png"):
        print(DOCS / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["sample_notes"]))
