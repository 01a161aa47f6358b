"""The coder QA queue: one small row per note, kept for the whole batch instead of the report.

Rows feed `index.html`, the CSV work list and the Markdown summary. A row holds only
what those show (ids, codes, counts, the top gap), so a batch of any size fits in memory.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from checker.coding import unbilled_codes, unsupported_lines
from checker.models import Gap, Report, Severity

SEVERITY_ORDER: tuple[Severity, ...] = ("blocking", "warning", "info")
# Gaps someone has to act on; `info` gaps are shown but not counted as frequent gaps.
ACTIONABLE = frozenset({"blocking", "warning"})
STATUS_ORDER = ("fail", "error", "needs_review", "pass")
STATUS_TEXT = {
    "fail": "Fail (hold)",
    "error": "Not checked",
    "needs_review": "Needs review",
    "pass": "Pass",
}
# Shown beside the colour so severity never depends on colour alone.
STATUS_ICON = {"fail": "✖", "error": "⚠", "needs_review": "▲", "pass": "✔"}
SEVERITY_ICON = {"blocking": "✖", "warning": "▲", "info": "ℹ"}


@dataclass(frozen=True)
class TopGap:
    requirement: str
    severity: str
    message: str


@dataclass
class QueueRow:
    position: int
    note_id: str
    source: str
    page: str
    status: str
    error: str | None
    provider: str | None
    payer: str | None
    date_of_service: str | None
    billed: list[str]
    supported: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    requirements: list[str] = field(default_factory=list)
    actionable: list[str] = field(default_factory=list)
    top_gap: TopGap | None = None
    patient_id: str | None = None
    encounter_id: str | None = None
    place_of_service: str | None = None

    @classmethod
    def from_report(cls, report: Report, position: int, page: str) -> QueueRow:
        counts = Counter(gap.severity for gap in report.gaps)
        return cls(
            position=position,
            note_id=report.note_id,
            source=report.source,
            page=page,
            status=report.status,
            error=report.error,
            provider=report.provider,
            payer=report.payer,
            date_of_service=report.date_of_service.isoformat() if report.date_of_service else None,
            billed=list(report.codes.billed),
            supported=[*report.codes.supported, *report.codes.supported_other],
            counts={severity: counts[severity] for severity in SEVERITY_ORDER},
            requirements=sorted({gap.requirement for gap in report.gaps}),
            actionable=sorted(
                {gap.requirement for gap in report.gaps if gap.severity in ACTIONABLE}
            ),
            top_gap=_top_gap(report.gaps),
            patient_id=report.patient_id,
            encounter_id=report.encounter_id,
            place_of_service=report.place_of_service,
        )

    @property
    def gap_count(self) -> int:
        return sum(self.counts.values())

    @cached_property
    def billed_not_supported(self) -> list[str]:
        """Worked out once per row (the queue page asks once per billed code), and once per
        distinct line (a claim may repeat a code thousands of times)."""
        unsupported = set(unsupported_lines(dict.fromkeys(self.billed), self.supported))
        return [code for code in self.billed if code in unsupported]

    @property
    def supported_not_billed(self) -> list[str]:
        return unbilled_codes(self.supported, self.billed)

    def sort_key(self) -> tuple:
        """Worst first: failing, unreadable, to review, passing; then blocking, warning, total."""
        return (
            STATUS_ORDER.index(self.status),
            -self.counts.get("blocking", 0),
            -self.counts.get("warning", 0),
            -self.gap_count,
            self.position,
        )


def _top_gap(gaps: list[Gap]) -> TopGap | None:
    if not gaps:
        return None
    worst = min(gaps, key=lambda gap: SEVERITY_ORDER.index(gap.severity))
    return TopGap(worst.requirement, worst.severity, worst.message)


def worst_first(rows: list[QueueRow]) -> list[QueueRow]:
    return sorted(rows, key=QueueRow.sort_key)


# A coder's review decision on a note; empty in a fresh work list, filled in the queue's
# "Export" (decisions live in the browser) and read back by its "Import".
DECISION_COLUMNS = ("decision", "decision_reason", "decision_note", "decided_by", "decided_at")

# The decisions export (queue page and `checker serve`): one line per decision on a note
# (`finding` empty) or on one of its findings (`finding` names the requirement).
DECISIONS_EXPORT_COLUMNS = ("note_id", "source", "page", "finding", *DECISION_COLUMNS)

CSV_COLUMNS = (
    "note_id",
    "status",
    "blocking",
    "warnings",
    "info",
    "provider",
    "payer",
    "date_of_service",
    "billed_codes",
    "supported_codes",
    "billed_not_supported",
    "top_gap_requirement",
    "top_gap_severity",
    "top_gap_message",
    "gap_requirements",
    "source",
    "page",
    "error",
    "patient_id",
    "encounter_id",
    "place_of_service",
    *DECISION_COLUMNS,
)
# Spreadsheets run a cell starting with these as a formula (also after leading spaces or
# line breaks, and in their full-width forms, which some read as the same); a leading
# quote keeps it text.
_FORMULA_START = frozenset("=+-@\t\r\n")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    first = text.lstrip()[:1] or text[:1]
    if text[:1] in _FORMULA_START or unicodedata.normalize("NFKC", first)[:1] in _FORMULA_START:
        return "'" + text
    return text


def _csv_line(values: list[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([_cell(value) for value in values])
    return buffer.getvalue()


def csv_line(values: list[object]) -> str:
    """One CSV line (CRLF), every cell kept from running as a spreadsheet formula."""
    return _csv_line(values)


def csv_header() -> str:
    return _csv_line(list(CSV_COLUMNS))


def csv_row(row: QueueRow) -> str:
    top = row.top_gap
    return _csv_line(
        [
            row.note_id,
            row.status,
            row.counts.get("blocking", 0),
            row.counts.get("warning", 0),
            row.counts.get("info", 0),
            row.provider,
            row.payer,
            row.date_of_service,
            " ".join(row.billed),
            " ".join(row.supported),
            " ".join(row.billed_not_supported),
            top.requirement if top else "",
            top.severity if top else "",
            top.message if top else "",
            " ".join(row.requirements),
            row.source,
            row.page,
            row.error,
            row.patient_id,
            row.encounter_id,
            row.place_of_service,
            *([""] * len(DECISION_COLUMNS)),
        ]
    )


# Characters Markdown (and the HTML it may carry) reads as syntax inside a table cell:
# emphasis, code, links and images (no `[`, so no `](`), cell ends, tags and entities.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]|~<>&])")


def _md_cell(value: object) -> str:
    """A value as literal text in a Markdown table cell: no link, no emphasis, no HTML
    (a note id `x](https://evil.example) [y` or `<img onerror=...>` stays plain text)."""
    text = "" if value is None else str(value)
    text = " ".join(text.split())  # no line break ends the table row
    return _MARKDOWN_SYNTAX.sub(r"\\\1", text)


def markdown_summary(rows: list[QueueRow], complete: bool = True, links: bool = True) -> str:
    """A short summary for a ticket or a chat: counts, the commonest gaps, notes on hold.

    Every value from a note is escaped; `links=False` leaves out links to note pages (for
    standard output, where there are none)."""
    statuses = Counter(row.status for row in rows)
    requirements = Counter(req for row in rows for req in row.actionable)
    lines = ["# Note check summary", ""]
    if not complete:
        lines += ["**The run stopped early: only the notes listed were checked.**", ""]
    lines += [f"{len(rows)} notes checked.", "", "| status | notes |", "|---|---:|"]
    lines += [f"| {STATUS_TEXT[status]} | {statuses[status]} |" for status in STATUS_ORDER]
    if requirements:
        lines += ["", "## Most frequent gaps (blocking or warning)", ""]
        lines += ["| requirement | notes |", "|---|---:|"]
        lines += [f"| {_md_cell(req)} | {n} |" for req, n in requirements.most_common(10)]
    held = [row for row in rows if row.status in ("fail", "error")]
    if held:
        lines += ["", "## Held or not checked", "", "| note | status | top gap |", "|---|---|---|"]
        for row in held:
            why = row.top_gap.message if row.top_gap else (row.error or "")
            note = f"[{_md_cell(row.note_id)}]({row.page})" if links else _md_cell(row.note_id)
            lines.append(f"| {note} | {STATUS_TEXT[row.status]} | {_md_cell(why)} |")
    return "\n".join(lines) + "\n"
