"""Shared by the interop tests: check files through the reader, compare reports."""

from __future__ import annotations

import json
from pathlib import Path

from checker.models import NOTE_METADATA_KEYS, Note, Report
from checker.reader import read_notes

INTEROP = Path(__file__).resolve().parent / "interop"
BILLING_KEYS = NOTE_METADATA_KEYS


def notes_of(*paths: Path | str) -> list[Note]:
    return list(read_notes([str(p) for p in paths]))


def reports_of(checker, *paths: Path | str) -> list[Report]:
    return list(checker.check_notes(notes_of(*paths)))


def comparable(report: Report | dict | str) -> dict:
    """A report line without `source` (where the note came from is the one thing that differs)."""
    if isinstance(report, Report):
        data = json.loads(report.to_json_line())
    elif isinstance(report, str):
        data = json.loads(report)
    else:
        data = dict(report)
    data.pop("source", None)
    return data


def billing_facts(note: Note) -> dict:
    return {key: getattr(note, key) for key in BILLING_KEYS}
