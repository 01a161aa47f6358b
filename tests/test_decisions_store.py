"""Review decisions in the history database: migration, the append-only audit log, two
writers at once, validation, and a re-run over an amended note."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest
from pydantic import ValidationError
from served import NOTE

from checker.engine import check_paths
from checker.report.decisions import DecisionChange, decision_choices, note_key
from checker.store import CHECKER, MIGRATIONS, SCHEMA_VERSION, History

OVERRIDE_REASON = decision_choices().override_reasons[0]


def change(key: str = "note:A-1", **fields) -> DecisionChange:
    values = {
        "note_key": key,
        "note_id": key.rsplit(":", 1)[-1],
        "state": "queried",
        "by": "A. Coder",
    }
    return DecisionChange(**{**values, **fields})


def version_1_database(path: Path) -> None:
    """A database as the checker wrote it before decisions existed, with one session."""
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
    raw.executescript(MIGRATIONS[0][1])
    raw.execute("INSERT INTO schema_migrations VALUES (1, '2026-11-01T00:00:00+00:00')")
    raw.execute(
        "INSERT INTO sessions (session_key, patient_id, note_id, date_of_service, levels, "
        "billed, status, checked_at) VALUES ('encounter:E-1', 'P-1', 'n1', '2026-10-01', '[]', "
        "'[]', 'pass', '2026-11-01T00:00:00+00:00')"
    )
    raw.commit()
    raw.close()


def test_a_version_1_database_gains_decisions_and_keeps_its_sessions(tmp_path):
    database = tmp_path / "v1.db"
    version_1_database(database)
    with History(database) as store:
        assert store.schema_version() == SCHEMA_VERSION >= 2
        assert store.count_sessions() == 1
        store.decide(change())
        assert [d.state for d in store.decisions("note:A-1")] == ["queried"]
    applied = sqlite3.connect(database).execute("SELECT version FROM schema_migrations").fetchall()
    assert [row[0] for row in applied] == list(range(1, SCHEMA_VERSION + 1))


def test_each_change_is_logged_with_who_when_old_and_new(tmp_path):
    with History(tmp_path / "h.db") as store:
        store.decide(change(state="overridden", reason=OVERRIDE_REASON, note="op report lists it"))
        store.decide(change(state="billed_as_is", by="B. Lead"))
        store.decide(change(finding="consent", state="amended"))
        current = {d.finding: d for d in store.decisions("note:A-1")}
        log = store.decision_log("note:A-1")
    assert current[""].state == "billed_as_is" and current[""].by == "B. Lead"
    assert current["consent"].state == "amended"
    assert [(e.by, e.finding, e.old and e.old["state"], e.new["state"]) for e in log] == [
        ("A. Coder", "consent", None, "amended"),
        ("B. Lead", "", "overridden", "billed_as_is"),
        ("A. Coder", "", None, "overridden"),
    ]
    assert log[2].new["reason"] == OVERRIDE_REASON and log[2].new["note"] == "op report lists it"
    assert all(entry.at for entry in log)


def test_the_audit_log_cannot_be_changed_or_emptied(tmp_path):
    database = tmp_path / "h.db"
    with History(database) as store:
        store.decide(change())
    raw = sqlite3.connect(database)
    for statement in (
        "UPDATE decision_log SET by = 'someone else'",
        "DELETE FROM decision_log",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute(statement)
    raw.close()
    with History(database) as store:
        assert [entry.by for entry in store.decision_log()] == ["A. Coder"]


def test_unknown_states_and_reasons_are_refused():
    with pytest.raises(ValidationError, match="state must be one of"):
        change(state="approved")
    with pytest.raises(ValidationError, match="reason must be empty or one of"):
        change(state="overridden", reason="the coder felt like it")
    with pytest.raises(ValidationError, match="needs its reason"):
        change(state="overridden")
    with pytest.raises(ValidationError):
        change(by="")


def _decide_many(args: tuple[str, str, int]) -> int:
    database, who, count = args
    with History(database) as store:
        for number in range(count):
            store.decide(change(f"note:{who}-{number}", by=who))
    return count


def test_two_connections_and_two_processes_at_once(tmp_path):
    database = str(tmp_path / "shared.db")
    with History(database) as first, History(database) as second:
        first.decide(change("note:X", state="queried"))
        second.decide(change("note:X", state="amended", by="B. Lead"))
        assert first.decisions("note:X")[0].state == "amended"  # each sees the other's writes
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        pool.map(_decide_many, [(database, "one", 40), (database, "two", 40)])
    with History(database) as store:
        log = store.decision_log(limit=10_000)
        assert len(store.decisions()) == 81
    assert len(log) == 82 and len({entry.id for entry in log}) == 82


def test_the_note_key_tells_patients_and_encounters_apart():
    assert note_key("s1") == "note:s1"
    assert note_key("s1", "P-1", "E-9") == "patient:P-1/encounter:E-9/note:s1"
    assert note_key("s1", "P-1") != note_key("s1", "P-2")
    assert note_key("a/b", "P:1") == "patient:P%3A1/note:a%2Fb"  # no two notes share a key


def run_over(note: Path, database: Path, consent: bool) -> set[str]:
    text = NOTE.format(
        note_id="A-1", encounter="E-70", consent="Consent signed. " if consent else ""
    )
    note.write_text(text, encoding="utf-8")
    [report] = check_paths([note], history=database)
    return {gap.requirement for gap in report.gaps}


def test_a_rerun_with_new_gaps_reopens_the_note_and_keeps_its_history(tmp_path):
    note, database = tmp_path / "a-1.txt", tmp_path / "h.db"
    key = note_key("A-1", "P-7", "E-70")
    first_gaps = run_over(note, database, consent=True)
    with History(database) as store:
        store.decide(change(key, note_id="A-1", state="queried", gaps=sorted(first_gaps)))
        store.decide(change(key, note_id="A-1", finding="kx_modifier", state="billed_as_is"))

    same_gaps = run_over(note, database, consent=True)  # a re-run with the same gaps
    assert same_gaps == first_gaps
    with History(database) as store:
        assert store.decisions(key)[0].state == "queried"
        assert len(store.decision_log(key)) == 2

    new_gaps = run_over(note, database, consent=False)  # amended: the consent line gone
    assert "consent" in new_gaps - first_gaps
    with History(database) as store:
        note_level, finding = store.decisions(key)
        log = store.decision_log(key)
    assert (note_level.state, note_level.by, note_level.reopened) == ("open", CHECKER, True)
    assert "consent" in note_level.note
    assert finding.state == "billed_as_is"  # the finding's decision stays
    assert (log[0].by, log[0].old["state"]) == (CHECKER, "queried")
    assert len(log) == 3  # nothing before the reopening was lost

    run_over(note, database, consent=False)  # the same gaps again: nothing changes
    with History(database) as store:
        assert len(store.decision_log(key)) == 3
