"""What the queue page needs beyond a report: row data for the queue's script, with the
review decisions a coder can record (states and override reasons, from
`checker.report.decisions`)."""

from __future__ import annotations

from checker.report.decisions import decision_choices, note_key
from checker.report.queue import (
    DECISIONS_EXPORT_COLUMNS,
    STATUS_ICON,
    STATUS_ORDER,
    STATUS_TEXT,
    QueueRow,
)


def row_data(row: QueueRow) -> dict:
    """One queue row as the page's script reads it (short keys: 10,000 rows stay small)."""
    top = row.top_gap
    return {
        "id": row.note_id,
        "key": note_key(row.note_id, row.patient_id, row.encounter_id),
        "src": row.source,
        "page": row.page,
        "st": row.status,
        "err": row.error or "",
        "prov": row.provider or "",
        "payer": row.payer or "",
        "dos": row.date_of_service or "",
        "pid": row.patient_id or "",
        "enc": row.encounter_id or "",
        "pos": row.place_of_service or "",
        "billed": row.billed,
        "supp": row.supported,
        "bad": row.billed_not_supported,
        "extra": row.supported_not_billed,
        "n": [row.counts.get(severity, 0) for severity in ("blocking", "warning", "info")],
        "req": row.requirements,
        "top": [top.requirement, top.severity, top.message] if top else None,
    }


def queue_data(rows: list[QueueRow]) -> dict:
    """Rows (already worst first) and the labels the script shows."""
    return {
        "rows": [row_data(row) for row in rows],
        "statuses": [[s, STATUS_TEXT[s], STATUS_ICON[s]] for s in STATUS_ORDER],
        "decisions": [[state.id, state.label] for state in decision_choices().states],
        "decision_export": list(DECISIONS_EXPORT_COLUMNS),
    }
