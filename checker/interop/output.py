"""Streams FHIR output for `checker check --format fhir`: one Bundle per note, one per line
(NDJSON, as FHIR bulk data uses), in input order."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from checker.models import Note, Report
from checker.reader import InputError
from checker.report import RunSummary


def stream_fhir(reports: Iterable[Report], notes: Iterable[Note], stream: TextIO) -> RunSummary:
    """Write each report as a FHIR Bundle line.

    The Bundle implicates the note's DocumentReference and Claim, which only the note knows,
    so the caller reads the notes a second time beside the reports (reading is cheap next
    to checking, it is deterministic, and standard input is kept from the first read);
    notes in = lines out pairs them one to one.
    """
    try:
        from checker.interop.fhir_output import report_bundle_json
    except ImportError as exc:
        raise InputError(
            f"--format fhir needs the fhir extra (pip install 'facet-checker[fhir]'): {exc}"
        ) from None
    summary = RunSummary()
    for report, note in zip(reports, notes, strict=True):
        stream.write(report_bundle_json(report, note) + "\n")
        stream.flush()
        summary.add(report)
    return summary
