"""What the queue and note pages need beyond a report: row data for the queue's script,
and the review decisions a coder can record (states and override reasons, as data)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from checker.report.queue import STATUS_ICON, STATUS_ORDER, STATUS_TEXT, QueueRow


@dataclass(frozen=True)
class DecisionState:
    id: str
    label: str


@dataclass(frozen=True)
class DecisionChoices:
    states: tuple[DecisionState, ...]
    override_reasons: tuple[str, ...]


@cache
def decision_choices() -> DecisionChoices:
    """The decision states and override reasons (decisions.yaml)."""
    raw = resources.files("checker.report").joinpath("decisions.yaml").read_text("utf-8")
    loaded = yaml.safe_load(raw)
    return DecisionChoices(
        states=tuple(DecisionState(**state) for state in loaded["states"]),
        override_reasons=tuple(loaded["override_reasons"]),
    )


def row_data(row: QueueRow) -> dict:
    """One queue row as the page's script reads it (short keys: 10,000 rows stay small)."""
    top = row.top_gap
    return {
        "id": row.note_id,
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
    }
