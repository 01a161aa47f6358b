"""The coder queue (`index.html`) with many notes, in headless Chromium: how soon it shows its
rows, and how long a filter, a search, a sort and a page turn take.

    .venv/bin/python bench/queue_page.py [--notes 10000] [--runs 5]

The sample notes are checked once; their reports are repeated with new note, patient and
encounter ids, providers and dates until there are `--notes` of them, and only the queue page
is written (the note pages are not needed to time it). Each run opens the page in a fresh
tab of Debian's `chromium` (through Playwright, no download). Times are in milliseconds,
median and worst of the runs:

- script ready: from navigation start to the end of the queue script's first render (rows
  in the table), as the page records it (`window.queueTimings.firstRenderMs`);
- first paint with rows: the next frame after that;
- load event: the browser's own loadEventEnd;
- each interaction: from the change to the frame after the table is redrawn.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from checker.engine import check_paths
from checker.report.queue import QueueRow, worst_first
from checker.report.report_set import queue_page

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# One interaction: set a control, then wait for the frame after the redraw.
INTERACT = """async ([selector, value, event]) => {
  const t0 = performance.now();
  const control = document.querySelector(selector);
  if (event === 'click') { control.click(); }
  else { control.value = value; control.dispatchEvent(new Event(event, { bubbles: true })); }
  await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  return performance.now() - t0;
}"""
FIRST_PAINT = """async () => {
  await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  return performance.now();
}"""
STEPS = (
    ("filter: status = fail", "#f-status", "fail", "change"),
    ("search: one provider's name", "#f-text", "okafor", "input"),
    ("clear the search", "#f-text", "", "input"),
    ("sort by date of service", "th[data-sort=dos] button", None, "click"),
    ("next page", "#page-next", None, "click"),
    ("rows per page: 1,000 (the failing notes)", "#f-size", "1000", "change"),
)


def queue_rows(count: int) -> list[QueueRow]:
    reports = list(check_paths([str(ROOT / "sample_notes")]))
    providers = sorted({r.provider for r in reports if r.provider})
    start = dt.date(2025, 1, 1)
    rows = []
    for index in range(count):
        base = reports[index % len(reports)]
        report = base.model_copy(
            update={
                "note_id": f"N-{index:06d}",
                "source": f"batch/{index:06d}.txt",
                "provider": providers[index % len(providers)],
                "date_of_service": start + dt.timedelta(days=index % 700),
                "patient_id": f"MRN{100000 + index * 7 % 90000}",
                "encounter_id": f"E{index:07d}",
                "place_of_service": ("11", "22", "24")[index % 3],
            }
        )
        rows.append(QueueRow.from_report(report, index, f"notes/n-{index:06d}.html"))
    return worst_first(rows)


def measure(page_path: Path, runs: int) -> dict[str, list[float]]:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    figures: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        figures.setdefault(name, []).append(value)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            page = context.new_page()
            page.goto(page_path.as_uri())
            rendered = page.evaluate("window.queueTimings.firstRenderMs")
            add("script ready (rows in the table)", rendered)
            add("first paint with rows", page.evaluate(FIRST_PAINT))
            add(
                "load event",
                page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"),
            )
            add("parse the row data", page.evaluate("window.queueTimings.parseMs"))
            page.evaluate(INTERACT, ["#f-status", "fail", "change"])  # warm-up, not counted
            page.evaluate(INTERACT, ["#f-status", "", "change"])
            for name, selector, value, event in STEPS:
                add(name, page.evaluate(INTERACT, [selector, value, event]))
            context.close()
        browser.close()
    return figures


def markdown(
    figures: dict[str, list[float]], notes: int, size: int, runs: int, load: tuple[float, float]
) -> str:
    lines = [
        f"Queue page of {notes:,} notes ({size / 1e6:.1f} MB), {runs} runs, Chromium "
        f"headless, 1440x900, 100 rows per page unless said; {os.cpu_count()} CPUs, load "
        f"average {load[0]:.1f} before and {load[1]:.1f} after:",
        "",
        "| step | median ms | worst ms |",
        "|---|---:|---:|",
    ]
    for name, values in figures.items():
        lines.append(f"| {name} | {statistics.median(values):.0f} | {max(values):.0f} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index.html"
        index.write_text(queue_page(queue_rows(args.notes)), encoding="utf-8")
        before = os.getloadavg()[0]
        figures = measure(index, args.runs)
        load = (before, os.getloadavg()[0])
        print(markdown(figures, args.notes, index.stat().st_size, args.runs, load))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
