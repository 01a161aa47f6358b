"""Check a Spark DataFrame of notes into a DataFrame of report rows.

    from checker.spark import check_dataframe
    reports = check_dataframe(spark.read.json("notes/"))

The input has a `text` column and any of the optional metadata columns (`note_id`,
`source`, `provider`, `payer`, `date_of_service`, `billed_codes`, `patient_id`,
`encounter_id`, `diagnoses`, `place_of_service`, `claim_type`). Each row gives one report
row with the contract's fields (`gaps` as an array of structs) and the whole report line as
`report_json`. Partitions are checked with `mapInPandas`; each Python worker process builds
the pipeline once and keeps it for every partition it is given.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checker.models import NOTE_METADATA_KEYS

REPORT_COLUMNS = (
    ("schema_version", "string"),
    ("note_id", "string"),
    ("source", "string"),
    ("status", "string"),
    ("error", "string"),
    ("provider", "string"),
    ("payer", "string"),
    ("date_of_service", "string"),
    ("region", "string"),
    ("procedure", "string"),
    ("guidance", "string"),
    ("levels", "array<struct<level:string,side:string>>"),
    ("supported_codes", "array<string>"),
    ("billed_codes", "array<string>"),
    ("supports_64492", "boolean"),
    (
        "gaps",
        "array<struct<requirement:string,severity:string,message:string,fix:string,source:string>>",
    ),
    ("report_json", "string"),
)
REPORT_SCHEMA = ", ".join(f"{name} {kind}" for name, kind in REPORT_COLUMNS)
METADATA_COLUMNS = ("source", *NOTE_METADATA_KEYS)

_CHECKERS: dict[tuple[Any, ...], Any] = {}


def check_dataframe(
    notes: Any, *, payer: str | None = None, rules_files: list[str] | None = None
) -> Any:
    """A DataFrame of report rows, one per row of `notes`, in partition order."""
    if "text" not in notes.columns:
        raise ValueError("the notes DataFrame needs a 'text' column")
    columns = ["text", *(c for c in METADATA_COLUMNS if c in notes.columns)]
    settings = (payer, tuple(rules_files or ()))

    def check_partition(frames: Iterator[Any]) -> Iterator[Any]:
        return check_frames(frames, settings)

    return notes.select(*columns).mapInPandas(check_partition, REPORT_SCHEMA)


def check_frames(frames: Iterator[Any], settings: tuple[Any, ...]) -> Iterator[Any]:
    """pandas frames of notes -> pandas frames of report rows (runs on the executors)."""
    import pandas as pd

    checker = _checker(settings)
    for frame in frames:
        notes = [_note(row) for row in frame.to_dict("records")]
        rows = [_row(report) for report in checker.check_notes(notes)]
        yield pd.DataFrame(rows, columns=[name for name, _ in REPORT_COLUMNS])


def _checker(settings: tuple[Any, ...]) -> Any:
    """One Checker (pipeline and rules) per Python worker process and settings."""
    if settings not in _CHECKERS:
        from checker.engine import Checker
        from checker.rules import load_ruleset

        payer, rules_files = settings
        _CHECKERS[settings] = Checker(load_ruleset(list(rules_files) or None), payer)
    return _CHECKERS[settings]


def _note(row: dict[str, Any]) -> Any:
    from checker.reader import build_note, error_note, normalise_line_ends

    metadata = {k: _plain(v) for k, v in row.items() if k != "text" and _present(v)}
    default_id = str(metadata.get("note_id") or "note")
    source = str(metadata.pop("source", None) or "dataframe")
    text = row.get("text")
    if not isinstance(text, str):
        return error_note(default_id, source, "row has no 'text' string")
    return build_note(normalise_line_ends(text), metadata, source, default_id)


def _present(value: Any) -> bool:
    if value is None:
        return False
    try:
        return not bool(value != value)  # NaN
    except (TypeError, ValueError):
        return True  # arrays


def _plain(value: Any) -> Any:
    """numpy arrays (Spark arrays) to lists; everything else as it is."""
    return value.tolist() if hasattr(value, "tolist") else value


def _row(report: Any) -> dict[str, Any]:
    extraction = report.extraction
    return {
        "schema_version": report.schema_version,
        "note_id": report.note_id,
        "source": report.source,
        "status": report.status,
        "error": report.error,
        "provider": report.provider,
        "payer": report.payer,
        "date_of_service": report.date_of_service.isoformat() if report.date_of_service else None,
        "region": extraction.region,
        "procedure": extraction.procedure,
        "guidance": extraction.guidance,
        "levels": [{"level": f.level, "side": f.side} for f in extraction.levels],
        "supported_codes": list(report.codes.supported),
        "billed_codes": list(report.codes.billed),
        "supports_64492": report.codes.supports_64492,
        "gaps": [
            {
                "requirement": g.requirement,
                "severity": g.severity,
                "message": g.message,
                "fix": g.fix,
                "source": g.source,
            }
            for g in report.gaps
        ],
        "report_json": report.to_json_line(),
    }
