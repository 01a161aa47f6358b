"""`checker check --out DIR`: the queue, one page per note, JSONL, CSV work list, summary.

Reports stream through once. Each note's page is written as its report arrives; the JSONL
and CSV grow a whole line at a time; only a small row per note is kept for the queue,
which is sorted worst first and written at the end.

No file ever looks current when it is not: the run takes a lock on DIR, writes `run.json`
(`complete: false`) and an "Incomplete run" queue before the first line, and removes the
previous run's results; `run.json` says `complete: true` only once every file is written.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
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
from checker.report.decisions import decision_choices, note_key
from checker.report.feedback import requirement_label
from checker.report.files import (
    MANIFEST_NAME,
    LineFile,
    OutputError,
    OutputLock,
    PageNames,
    output_error,
    remove_stale_pages,
    slug,
    write_text_atomic,
)
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
from checker.report.queue_page import queue_data
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
    # each distinct line once: a claim may repeat a code thousands of times
    unsupported = set(unsupported_lines(dict.fromkeys(report.codes.billed), supported))
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
        note_key=note_key(report.note_id, report.patient_id, report.encounter_id),
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
    inputs: Iterable[str | Path] = (),
) -> RunSummary:
    """Write the report set for `reports` into `out`; return the counts for the exit status.

    Raises `OutputError` when `out` cannot be written (disk full, read-only, locked by
    another run); the lines written until then are whole and `run.json` says incomplete.
    """
    iterator = iter(reports)
    first = next(iterator, None)  # a broken rules or data file fails here, before any output
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(out, exc) from exc
    lock = OutputLock(out)
    try:
        return _write_locked(first, iterator, out, echo_jsonl, console, total, inputs)
    finally:
        lock.release()


def _write_locked(
    first: Report | None,
    iterator: Iterable[Report],
    out: Path,
    echo_jsonl: bool,
    console: Console | None,
    total: int | None,
    inputs: Iterable[str | Path],
) -> RunSummary:
    notes_dir = out / NOTES_DIR
    now = dt.datetime.now().astimezone()
    generated = now.strftime("%Y-%m-%d %H:%M %Z")
    manifest = RunManifest(out / MANIFEST_NAME, now, [str(path) for path in inputs], total)
    manifest.write()  # from here on, the folder says a run is under way
    _supersede_previous(out, generated)
    try:
        notes_dir.mkdir(exist_ok=True)
    except OSError as exc:
        raise output_error(notes_dir, exc) from exc
    names = PageNames()
    rows: list[QueueRow] = []
    summary = RunSummary()
    complete = False
    results: LineFile | None = None
    try:
        with (
            LineFile(out / RESULTS_JSONL) as results,
            LineFile(out / WORKLIST_CSV, newline="") as worklist,
        ):
            worklist.write_line(csv_header())
            pending = [first] if first is not None else []
            for report in track(itertools.chain(pending, iterator), console, total):
                line = report.to_json_line()
                results.write_line(line)
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
    except BaseException as exc:
        manifest.stopped_by = _why_stopped(exc)
        raise
    finally:
        rows = worst_first(rows)
        manifest.lines_out = results.lines if results is not None else 0
        try:
            write_text_atomic(out / INDEX_HTML, queue_page(rows, complete, generated))
            write_text_atomic(out / SUMMARY_MD, markdown_summary(rows, complete))
            if complete:
                remove_stale_pages(notes_dir, names.used)
        except OSError as exc:
            complete = False
            manifest.stopped_by = manifest.stopped_by or str(exc)
            raise
        finally:
            manifest.finish(complete, summary)
    if console is not None:
        print_summary(console, rows, summary, out / INDEX_HTML)
    return summary


def _supersede_previous(out: Path, generated: str) -> None:
    """Remove the previous run's result files and put up an "Incomplete run" queue, so a
    run stopped now (even by `kill -9`) never leaves yesterday's files looking current."""
    for name in (RESULTS_JSONL, WORKLIST_CSV, SUMMARY_MD):
        try:
            (out / name).unlink(missing_ok=True)
        except OSError as exc:
            raise output_error(out / name, exc) from exc
    write_text_atomic(out / INDEX_HTML, queue_page([], complete=False, generated=generated))


def _why_stopped(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt):
        return getattr(exc, "signal_name", "SIGINT")
    if isinstance(exc, OutputError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


@dataclass
class RunManifest:
    """`run.json`: what a billing job checks before it trusts the files beside it."""

    path: Path
    started: dt.datetime
    inputs: list[str]
    notes_in: int | None
    lines_out: int = 0
    stopped_by: str | None = None

    def write(self, finished: dt.datetime | None = None, complete: bool = False, **extra) -> None:
        document = {
            "tool": "facet-checker",
            "version": __version__,
            "started": self.started.isoformat(timespec="seconds"),
            "finished": finished.isoformat(timespec="seconds") if finished else None,
            "complete": complete,
            "inputs": self.inputs,
            "notes_in": self.notes_in,
            "lines_out": self.lines_out,
            "stopped_by": self.stopped_by,
            **extra,
        }
        write_text_atomic(self.path, json.dumps(document, indent=2) + "\n")

    def finish(self, complete: bool, summary: RunSummary) -> None:
        statuses = {status: summary.statuses[status] for status in STATUS_ORDER}
        finished = dt.datetime.now().astimezone()
        try:
            self.write(finished, complete, statuses=statuses)
        except OSError:
            if complete:
                raise
