"""checker.spark on a local Spark session (local[2]) over the sample notes, row by row
against `checker check --format jsonl` on the same notes.

Spark needs a Java runtime (Debian's default-jre-headless). Without one the test skips with
the reason; with CI set (.ci/run sets it and installs Java first) it fails instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import required_in_ci
from interop_helpers import comparable

from checker.reader import read_notes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_NOTES = ROOT / "sample_notes"


def skip_or_fail(reason: str) -> None:
    required_in_ci.skip_or_fail(reason, "the Spark test")


@pytest.fixture(scope="module")
def spark():
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        skip_or_fail("pyspark is not installed (pip install -e '.[dev]')")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        skip_or_fail("no Java runtime: install Debian's default-jre-headless")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors run this venv
    session = (
        SparkSession.builder.master("local[2]")
        .appName("facet-checker-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_check_dataframe_matches_the_command_line_row_by_row(spark):
    from checker.spark import check_dataframe

    notes = list(read_notes([SAMPLE_NOTES]))
    rows = [
        {
            "text": note.text,
            "note_id": note.note_id,
            "source": note.source,
            "provider": note.provider,
            "payer": note.payer,
            "date_of_service": note.date_of_service.isoformat() if note.date_of_service else None,
            "billed_codes": note.billed_codes,
        }
        for note in notes
    ]
    schema = (
        "text string, note_id string, source string, provider string, payer string, "
        "date_of_service string, billed_codes array<string>"
    )
    frame = spark.createDataFrame(rows, schema).repartition(2)
    checked = {row.note_id: row for row in check_dataframe(frame).collect()}

    result = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", str(SAMPLE_NOTES), "--format", "jsonl"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    expected = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(checked) == len(expected) == len(notes)
    for line in expected:
        row = checked[line["note_id"]]
        assert comparable(row.report_json) == comparable(line), line["note_id"]
        assert row.status == line["status"]
        assert row.supported_codes == line["codes"]["supported"]
        assert [(g.requirement, g.severity) for g in row.gaps] == [
            (g["requirement"], g["severity"]) for g in line["gaps"]
        ]
        assert [(lv.level, lv.side) for lv in row.levels] == [
            (lv["level"], lv["side"]) for lv in line["extraction"]["levels"]
        ]
