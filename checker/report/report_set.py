"""`checker check --out DIR`: the queue, one page per note, JSONL, CSV work list, summary.

Reports stream through once. Each note's page is written as its report arrives; the JSONL
and CSV grow a whole line at a time; only a small row per note is kept for the queue,
which is sorted worst first and written at the end.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from checker import __version__
from checker.coding import unbilled_codes, unsupported_lines
from checker.models import Report
from checker.report import RunSummary
from checker.report.feedback import requirement_label
from checker.report.files import LineFile, PageNames, remove_stale_pages, slug, write_text_atomic
from checker.report.highlight import collect_highlights, segments
from checker.report.html import render
from checker.report.queries import clinician_can_resolve, physician_queries
from checker.report.queue import (
    SEVERITY_ICON,
    SEVERITY_ORDER,
    STATUS_ICON,
    STATUS_ORDER,
    STATUS_TEXT,
    QueueRow,
    csv_header,
    csv_row,
    markdown_summary,
    worst_first,
)
from checker.report.queue_page import decision_choices, queue_data
from checker.report.terminal import print_summary, track

NOTES_DIR = "notes"
RESULTS_JSONL = "results.jsonl"
WORKLIST_CSV = "worklist.csv"
SUMMARY_MD = "summary.md"
INDEX_HTML = "index.html"

# Legend on the note page: highlight kind -> words.
KIND_NAMES = (
    ("procedure", "procedure"),
    ("level", "level and side"),
    ("guidance", "guidance"),
    ("contrast", "contrast"),
    ("medication", "medication"),
    ("response", "response"),
    ("workflow", "workflow"),
    ("history", "history (not today's procedure)"),
    ("uncounted", "not counted for today (the facts table says why)"),
    ("gap", "gap evidence"),
)
_LABELS = {"status_text": STATUS_TEXT, "status_icon": STATUS_ICON, "severity_icon": SEVERITY_ICON}


@dataclass
class CodeLine:
    code: str
    billed: bool
    supported: bool


def _code_lines(report: Report) -> list[CodeLine]:
    """Billed lines, marked supported or not (checker.coding decides), then the supported
    codes nobody billed."""
    supported = [*report.codes.supported, *report.codes.supported_other]
    unsupported = set(unsupported_lines(report.codes.billed, supported))
    lines = [CodeLine(code, True, code not in unsupported) for code in report.codes.billed]
    lines += [
        CodeLine(code, False, True) for code in unbilled_codes(supported, report.codes.billed)
    ]
    return lines


def page_key(source: str) -> str:
    """The part of a note's source that names its page: the file name without the folders,
    so `checker check notes`, `./notes/` or an absolute path give the same page (and the
    coder's decisions, kept by page, follow the note)."""
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def note_page(report: Report, generated: str | None = None) -> str:
    """The HTML page for one note: gaps, codes, facts and the highlighted text."""
    body = report.text or ""
    highlights = collect_highlights(report)
    gaps = sorted(
        zip(report.gaps, highlights.gap_marks, strict=True),
        key=lambda pair: SEVERITY_ORDER.index(pair[0].severity),
    )
    # Coding findings first (the coder acts on them), then what the clinician must resolve.
    coding = [pair for pair in gaps if not clinician_can_resolve(pair[0].requirement)]
    clinical = [pair for pair in gaps if clinician_can_resolve(pair[0].requirement)]
    queries = physician_queries(report)
    return render(
        "note.html.j2",
        script="decisions.js note.js",
        coding_gaps=coding,
        clinical_gaps=clinical,
        queries=queries,
        query_ids={query.requirement: slug(query.requirement) for query in queries},
        labels={gap.requirement: requirement_label(gap.requirement) for gap in report.gaps},
        decisions=decision_choices(),
        version=__version__,
        generated=generated,
        report=report,
        body=body,
        gaps=gaps,
        codes=_code_lines(report),
        facts=highlights.facts,
        segments=list(segments(body, highlights.marks)),
        kinds=KIND_NAMES,
        **_LABELS,
    )


def queue_page(rows: list[QueueRow], complete: bool = True, generated: str | None = None) -> str:
    """The coder QA queue (`index.html`) for rows already sorted worst first."""
    counts = Counter(row.status for row in rows)
    return render(
        "index.html.j2",
        script="decisions.js queue.js",
        version=__version__,
        generated=generated,
        rows=rows,
        complete=complete,
        statuses=STATUS_ORDER,
        counts={status: counts[status] for status in STATUS_ORDER},
        providers=sorted({row.provider or "" for row in rows}),
        payers=sorted({row.payer or "" for row in rows}),
        requirements=sorted({req for row in rows for req in row.requirements}),
        data=queue_data(rows),
        decisions=decision_choices(),
        **_LABELS,
    )


def write_report_set(
    reports: Iterable[Report],
    out: Path,
    *,
    echo_jsonl: bool = False,
    console: Console | None = None,
    total: int | None = None,
) -> RunSummary:
    """Write the report set for `reports` into `out`; return the counts for the exit status."""
    iterator = iter(reports)
    first = next(iterator, None)  # a broken rules or data file fails here, before any output
    out.mkdir(parents=True, exist_ok=True)
    notes_dir = out / NOTES_DIR
    notes_dir.mkdir(exist_ok=True)
    generated = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    names = PageNames()
    rows: list[QueueRow] = []
    summary = RunSummary()
    complete = False
    try:
        with (
            LineFile(out / RESULTS_JSONL) as jsonl,
            LineFile(out / WORKLIST_CSV, newline="") as worklist,
        ):
            worklist.write_line(csv_header())
            pending = [first] if first is not None else []
            for report in track(itertools.chain(pending, iterator), console, total):
                line = report.to_json_line()
                jsonl.write_line(line)
                if echo_jsonl:
                    sys.stdout.write(line + "\n")
                    sys.stdout.flush()
                page = names.name(report.note_id, page_key(report.source), report.note_id)
                write_text_atomic(notes_dir / page, note_page(report, generated))
                row = QueueRow.from_report(report, len(rows), f"{NOTES_DIR}/{page}")
                worklist.write_line(csv_row(row))
                rows.append(row)
                summary.add(report)
        complete = True
    finally:
        rows = worst_first(rows)
        write_text_atomic(out / INDEX_HTML, queue_page(rows, complete, generated))
        write_text_atomic(out / SUMMARY_MD, markdown_summary(rows, complete))
    remove_stale_pages(notes_dir, names.used)
    if console is not None:
        print_summary(console, rows, summary, out / INDEX_HTML)
    return summary
