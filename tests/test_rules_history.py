"""Frequency limits across visits, through the history store (`check --history PATH`)."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from checker.engine import check_paths
from checker.store import SCHEMA_VERSION, History, HistoryError

NOTE = """---
note_id: {note_id}
patient_id: {patient}
{encounter}date_of_service: {date}
payer: {payer}
billed_codes: [64490-RT-KX, 64491-RT-KX]
diagnoses: [M47.812]
---
HISTORY: Axial neck pain for 14 months despite 10 weeks of physical therapy and NSAIDs
without lasting benefit. No radicular symptoms.
PROCEDURE: {intent} right C4-C5 and C5-C6 medial branch blocks under fluoroscopy.
Omnipaque 240 confirmed placement without vascular uptake. 0.5 mL of 0.5% bupivacaine at
each level. NRS pain 7/10 before, 1/10 after at 20 minutes.
Consent signed, time-out performed, sterile prep, skin local 1% lidocaine, observed 20 minutes.
"""
FREQUENCY = "payer.medicare.diagnostic_frequency"


def write_note(
    folder: Path,
    name: str,
    date: str,
    patient: str = "P-1",
    intent: str = "Diagnostic",
    payer: str = "medicare",
    encounter: str | None = None,
) -> Path:
    path = folder / f"{name}.txt"
    encounter_line = f"encounter_id: {encounter}\n" if encounter else ""
    path.write_text(
        NOTE.format(
            note_id=name,
            patient=patient,
            encounter=encounter_line,
            date=date,
            payer=payer,
            intent=intent,
        ),
        encoding="utf-8",
    )
    return path


def gaps(report) -> set[str]:
    return {gap.requirement for gap in report.gaps}


@pytest.fixture
def five_sessions(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    for number, date in enumerate(
        ["2026-01-10", "2026-02-10", "2026-04-01", "2026-06-01", "2026-09-01"], start=1
    ):
        write_note(notes, f"n{number}", date)
    return notes


def test_the_fifth_diagnostic_session_in_twelve_months_is_flagged(tmp_path, five_sessions):
    reports = list(check_paths([five_sessions], history=tmp_path / "history.db"))
    assert [FREQUENCY in gaps(r) for r in reports] == [False, False, False, False, True]
    fifth = next(g for g in reports[-1].gaps if g.requirement == FREQUENCY)
    assert "session 5" in fifth.message and "2026-01-10" in fifth.message
    assert reports[-1].status == "needs_review"


def test_a_rerun_of_the_same_notes_does_not_count_twice(tmp_path, five_sessions):
    database = tmp_path / "history.db"
    first = [gaps(r) for r in check_paths([five_sessions], history=database)]
    again = [gaps(r) for r in check_paths([five_sessions], history=database)]
    assert first == again
    with History(database) as store:
        assert store.count_sessions("P-1") == 5


def test_the_same_encounter_under_another_note_id_is_one_session(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    write_note(notes, "a", "2026-03-01", encounter="E-77")
    database = tmp_path / "history.db"
    list(check_paths([notes], history=database))
    (notes / "a.txt").unlink()
    write_note(notes, "a-addendum", "2026-03-01", encounter="E-77")
    list(check_paths([notes], history=database))
    with History(database) as store:
        assert store.count_sessions() == 1


def test_sessions_older_than_twelve_months_and_other_patients_do_not_count(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    for number, date in enumerate(["2025-01-05", "2025-02-05", "2025-03-05"], start=1):
        write_note(notes, f"a{number}", date)
    write_note(notes, "b1", "2026-01-20", patient="P-2")
    write_note(notes, "c1", "2026-02-01")
    write_note(notes, "c2", "2026-03-01")
    reports = {r.note_id: r for r in check_paths([notes], history=tmp_path / "h.db")}
    assert not any(FREQUENCY in gaps(r) for r in reports.values())


def test_therapeutic_sessions_count_apart_from_diagnostic_ones(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    for number, date in enumerate(["2026-01-10", "2026-02-10", "2026-03-10", "2026-04-10"]):
        write_note(notes, f"d{number}", date)
    write_note(notes, "t1", "2026-05-10", intent="Therapeutic intra-articular")
    report = list(check_paths([notes], history=tmp_path / "h.db"))[-1]
    assert FREQUENCY not in gaps(report)
    assert "payer.medicare.therapeutic_frequency" not in gaps(report)


REPEAT = "payer.medicare.therapeutic_repeat"
THERAPEUTIC = "Therapeutic intra-articular"


def test_a_second_therapeutic_session_must_document_the_first_ones_relief(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    write_note(notes, "t1", "2026-01-10", intent=THERAPEUTIC)
    write_note(notes, "t2", "2026-05-10", intent=THERAPEUTIC)
    write_note(notes, "t3", "2026-05-10", intent=THERAPEUTIC, patient="P-2")
    reports = {r.note_id: r for r in check_paths([notes], history=tmp_path / "h.db")}
    assert REPEAT not in gaps(reports["t1"])
    assert REPEAT not in gaps(reports["t3"])  # another patient's earlier session
    repeat = next(g for g in reports["t2"].gaps if g.requirement == REPEAT)
    assert "2026-01-10" in repeat.message and "L38773" in repeat.message
    assert repeat.severity == "warning" and not repeat.verified


def test_a_rerun_of_a_therapeutic_note_is_not_a_repeat_of_itself(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    write_note(notes, "t1", "2026-01-10", intent=THERAPEUTIC)
    database = tmp_path / "h.db"
    for _ in range(2):
        (report,) = check_paths([notes], history=database)
        assert REPEAT not in gaps(report)


def test_without_a_patient_id_the_limit_cannot_be_counted(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    path = write_note(notes, "x", "2026-03-01")
    path.write_text(path.read_text().replace("patient_id: P-1\n", ""), encoding="utf-8")
    report = next(check_paths([notes], history=tmp_path / "h.db"))
    gap = next(g for g in report.gaps if g.requirement == FREQUENCY)
    assert gap.severity == "info" and "patient_id" in gap.message


def test_without_history_no_frequency_gap_and_no_database(tmp_path, five_sessions):
    reports = list(check_paths([five_sessions]))
    assert not any(FREQUENCY in gaps(r) for r in reports)
    assert not list(tmp_path.glob("*.db"))


def test_the_schema_is_versioned_and_an_old_database_is_migrated(tmp_path):
    database = tmp_path / "old.db"
    raw = sqlite3.connect(database)
    raw.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
    raw.commit()
    raw.close()
    with History(database) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.count_sessions() == 0
    mode = sqlite3.connect(database).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_a_newer_schema_or_a_file_that_is_not_a_database_is_refused(tmp_path):
    newer = tmp_path / "newer.db"
    raw = sqlite3.connect(newer)
    raw.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
    raw.execute("INSERT INTO schema_migrations VALUES (?, 'x')", (SCHEMA_VERSION + 1,))
    raw.commit()
    raw.close()
    with pytest.raises(HistoryError, match="newer"):
        History(newer)
    text = tmp_path / "notes.db"
    text.write_text("not a database " * 100)
    with pytest.raises(HistoryError):
        History(text)


def _run(args: tuple[str, str]) -> list[str]:
    folder, database = args
    return [json.dumps(sorted(gaps(r))) for r in check_paths([folder], history=database)]


def test_two_runs_at_once_share_the_database(tmp_path):
    folders = []
    for run in ("a", "b"):
        folder = tmp_path / run
        folder.mkdir()
        for number in range(6):
            write_note(folder, f"{run}{number}", f"2026-0{number + 1}-15", patient=f"P-{run}")
        folders.append(str(folder))
    database = str(tmp_path / "shared.db")
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        results = pool.map(_run, [(folder, database) for folder in folders])
    for result in results:
        flagged = [FREQUENCY in json.loads(line) for line in result]
        assert flagged == [False, False, False, False, True, True]
    with History(database) as store:
        assert store.count_sessions() == 12


def test_cli_history_option_creates_the_database(tmp_path, five_sessions):
    database = tmp_path / "sub" / "history.db"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker.cli",
            "check",
            str(five_sessions),
            "--format",
            "jsonl",
            "--history",
            str(database),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 5 and database.exists()
    assert FREQUENCY in {g["requirement"] for g in lines[-1]["gaps"]}
    bad = tmp_path / "bad.db"
    bad.write_text("not a database " * 100)
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker.cli",
            "check",
            str(five_sessions),
            "--format",
            "jsonl",
            "--history",
            str(bad),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 2 and "history database" in refused.stderr
