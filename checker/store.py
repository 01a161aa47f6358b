"""The history of checked sessions: an embedded SQLite database (`check --history PATH`).

Frequency limits (four diagnostic sessions per region per rolling 12 months, ...) need a
patient's earlier sessions, which one note does not hold. Each checked note with a
`patient_id` and a date of service is recorded as one session; later notes of the same
patient are checked against the earlier ones.

- Created on first use; the schema is versioned (`schema_migrations`), and opening an
  older database applies the missing migrations in order, so other features can add
  tables with a migration of their own.
- Safe for two runs at once: WAL journal, a busy timeout, and every write in one
  transaction.
- A session seen twice (a re-run of the same note) is stored once: it is keyed by the
  encounter id when the note has one, else by patient, date of service and note id; a
  re-run replaces the row and never counts against itself.

Review decisions (`checker serve --history PATH`) live in the same database: the current
decision per note and per finding (`decisions`), and an append-only audit log
(`decision_log`) that triggers keep from being changed or emptied. A re-run over an
amended note (`check --history`) keeps the note's decisions and reopens a decided note
when it has gaps the decision did not see.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, Field

from checker.models import Note, Report
from checker.report.decisions import NOTE_LEVEL, DecisionChange, note_key
from checker.rules.facts import EarlierSession

BUSY_TIMEOUT_SECONDS = 30.0

# Each migration brings the schema from version N-1 to N. Append, never edit one that
# has shipped.
MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE sessions (
            session_key     TEXT PRIMARY KEY,
            patient_id      TEXT NOT NULL,
            encounter_id    TEXT,
            note_id         TEXT NOT NULL,
            source          TEXT,
            date_of_service TEXT NOT NULL,
            payer           TEXT,
            payer_profile   TEXT,
            region          TEXT,
            procedure       TEXT,
            intent          TEXT,
            levels          TEXT NOT NULL,
            billed          TEXT NOT NULL,
            percent_relief  INTEGER,
            status          TEXT NOT NULL,
            checked_at      TEXT NOT NULL
        );
        CREATE INDEX sessions_by_patient ON sessions (patient_id, date_of_service);
        """,
    ),
    (
        2,
        """
        CREATE TABLE decisions (
            note_key    TEXT NOT NULL,
            finding     TEXT NOT NULL,
            note_id     TEXT NOT NULL,
            source      TEXT NOT NULL,
            page        TEXT NOT NULL,
            state       TEXT NOT NULL,
            reason      TEXT NOT NULL,
            note        TEXT NOT NULL,
            decided_by  TEXT NOT NULL,
            decided_at  TEXT NOT NULL,
            gaps        TEXT,
            PRIMARY KEY (note_key, finding)
        );
        CREATE TABLE decision_log (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            at          TEXT NOT NULL,
            by          TEXT NOT NULL,
            note_key    TEXT NOT NULL,
            finding     TEXT NOT NULL,
            old_value   TEXT,
            new_value   TEXT NOT NULL
        );
        CREATE INDEX decision_log_by_note ON decision_log (note_key, id);
        CREATE TRIGGER decision_log_no_update BEFORE UPDATE ON decision_log
        BEGIN SELECT RAISE(ABORT, 'decision_log is append-only'); END;
        CREATE TRIGGER decision_log_no_delete BEFORE DELETE ON decision_log
        BEGIN SELECT RAISE(ABORT, 'decision_log is append-only'); END;
        """,
    ),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


class HistoryError(Exception):
    """The history database cannot be used (not a database, or a newer schema)."""


def session_key(note: Note) -> str:
    if note.encounter_id:
        return f"encounter:{note.encounter_id}"
    dos = note.date_of_service.isoformat() if note.date_of_service else ""
    return f"note:{note.patient_id}:{dos}:{note.note_id}"


# ---------------------------------------------------------------- review decisions

CHECKER = "checker"  # who the audit log names for a decision the checker itself changed


class Decision(BaseModel):
    """A decision as stored: the change, with when it was made."""

    note_key: str
    finding: str
    note_id: str
    source: str
    page: str
    state: str
    reason: str
    note: str
    by: str
    at: str
    gaps: list[str] | None
    reopened: bool = Field(description="the checker reopened the note: a re-run found new gaps")


class LogEntry(BaseModel):
    """One line of the audit log: who changed which decision when, from what to what."""

    id: int
    at: str
    by: str
    note_key: str
    finding: str
    old: dict | None
    new: dict


_DECISION_COLUMNS = (
    "note_key, finding, note_id, source, page, state, reason, note, decided_by, decided_at, gaps"
)


def _decision(row: tuple) -> Decision:
    key, finding, note_id, source, page, state, reason, note, by, at, gaps = row
    return Decision(
        note_key=key,
        finding=finding,
        note_id=note_id,
        source=source,
        page=page,
        state=state,
        reason=reason,
        note=note,
        by=by,
        at=at,
        gaps=json.loads(gaps) if gaps is not None else None,
        reopened=by == CHECKER and state == "open",
    )


def _snapshot(decision: Decision | None) -> str | None:
    """What the audit log keeps of a decision."""
    if decision is None:
        return None
    keep = {"state", "reason", "note", "by", "at", "gaps"}
    return json.dumps(decision.model_dump(include=keep), sort_keys=True)


class History:
    """An open history database. Use as a context manager, or call close()."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
            self._db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
            self._use_write_ahead_log()
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"{self.path}: cannot use as a history database ({exc})") from exc

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    # ---------------------------------------------------------------- schema
    def _use_write_ahead_log(self) -> None:
        """Switch the database to WAL so runs can share it. Two runs opening the same new
        file together were seen to get "database is locked" from this switch before the busy
        timeout had run out; the switch is retried until that timeout instead."""
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _migrate(self) -> None:
        with self._transaction():
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            current = self.schema_version()
            if current > SCHEMA_VERSION:
                raise HistoryError(
                    f"{self.path}: history schema version {current} is newer than this "
                    f"checker's ({SCHEMA_VERSION}); upgrade the checker"
                )
            for version, script in MIGRATIONS:
                if version > current:
                    for statement in _statements(script):
                        self._db.execute(statement)
                    self._db.execute(
                        "INSERT INTO schema_migrations VALUES (?, ?)", (version, _now())
                    )

    def schema_version(self) -> int:
        row = self._db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    # ---------------------------------------------------------------- sessions
    def earlier_sessions(self, note: Note) -> tuple[EarlierSession, ...]:
        """The patient's other sessions on or before this note's date of service."""
        if not note.patient_id or note.date_of_service is None:
            return ()
        rows = self._db.execute(
            "SELECT note_id, date_of_service, region, procedure, intent, payer_profile, "
            "percent_relief FROM sessions WHERE patient_id = ? AND date_of_service <= ? "
            "AND session_key != ? ORDER BY date_of_service, note_id",
            (note.patient_id, note.date_of_service.isoformat(), session_key(note)),
        ).fetchall()
        return tuple(
            EarlierSession(
                note_id=row[0],
                date_of_service=dt.date.fromisoformat(row[1]),
                region=row[2],
                procedure=row[3],
                intent=row[4],
                payer_profile=row[5],
                percent_relief=row[6],
            )
            for row in rows
        )

    def record(self, note: Note, report: Report, payer_profile: str | None) -> bool:
        """Store the session (replacing an earlier check of the same one). Notes without a
        patient_id or date of service, and notes that could not be checked, are skipped."""
        if not note.patient_id or note.date_of_service is None or report.status == "error":
            return False
        ex = report.extraction
        row = (
            session_key(note),
            note.patient_id,
            note.encounter_id,
            note.note_id,
            note.source,
            note.date_of_service.isoformat(),
            report.payer,
            payer_profile,
            ex.region,
            ex.procedure,
            ex.intent,
            json.dumps(sorted({(f.side, f.level) for f in ex.levels})),
            json.dumps(report.codes.billed),
            ex.response.percent_relief,
            report.status,
            _now(),
        )
        with self._transaction():
            self._db.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (session_key) DO UPDATE SET patient_id = excluded.patient_id, "
                "encounter_id = excluded.encounter_id, note_id = excluded.note_id, "
                "source = excluded.source, date_of_service = excluded.date_of_service, "
                "payer = excluded.payer, payer_profile = excluded.payer_profile, "
                "region = excluded.region, procedure = excluded.procedure, "
                "intent = excluded.intent, levels = excluded.levels, billed = excluded.billed, "
                "percent_relief = excluded.percent_relief, status = excluded.status, "
                "checked_at = excluded.checked_at",
                row,
            )
        return True

    def count_sessions(self, patient_id: str | None = None) -> int:
        if patient_id is None:
            return self._db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
        query = "SELECT COUNT(*) FROM sessions WHERE patient_id = ?"
        return self._db.execute(query, (patient_id,)).fetchone()[0]

    # ---------------------------------------------------------------- decisions
    def decide(self, change: DecisionChange) -> Decision:
        """Store a decision, replacing the current one, and log the change."""
        with self._transaction():
            return self._write_decision(change, change.by)

    def _write_decision(self, change: DecisionChange, by: str) -> Decision:
        old = self._current(change.note_key, change.finding)
        new = Decision(
            **change.model_dump(exclude={"by"}),
            by=by,
            at=_now(),
            reopened=by == CHECKER and change.state == "open",
        )
        row = (
            new.note_key,
            new.finding,
            new.note_id,
            new.source or (old.source if old else ""),
            new.page or (old.page if old else ""),
            new.state,
            new.reason,
            new.note,
            new.by,
            new.at,
            json.dumps(new.gaps) if new.gaps is not None else None,
        )
        self._db.execute(
            f"INSERT OR REPLACE INTO decisions ({_DECISION_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        self._db.execute(
            "INSERT INTO decision_log (at, by, note_key, finding, old_value, new_value) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (new.at, by, new.note_key, new.finding, _snapshot(old), _snapshot(new)),
        )
        return _decision(row)

    def _current(self, key: str, finding: str) -> Decision | None:
        row = self._db.execute(
            f"SELECT {_DECISION_COLUMNS} FROM decisions WHERE note_key = ? AND finding = ?",
            (key, finding),
        ).fetchone()
        return _decision(row) if row else None

    def decisions(self, key: str | None = None) -> list[Decision]:
        """The current decisions (of one note, or of all), the note's own before its findings."""
        query = f"SELECT {_DECISION_COLUMNS} FROM decisions"
        if key is None:
            rows = self._db.execute(query + " ORDER BY note_key, finding").fetchall()
        else:
            rows = self._db.execute(
                query + " WHERE note_key = ? ORDER BY finding", (key,)
            ).fetchall()
        return [_decision(row) for row in rows]

    def decision_log(self, key: str | None = None, limit: int = 1000) -> list[LogEntry]:
        """Audit log entries (of one note, or of all), newest first."""
        where, args = ("WHERE note_key = ? ", (key,)) if key is not None else ("", ())
        rows = self._db.execute(
            "SELECT id, at, by, note_key, finding, old_value, new_value FROM decision_log "
            f"{where}ORDER BY id DESC LIMIT ?",
            (*args, limit),
        ).fetchall()
        return [
            LogEntry(
                id=row[0],
                at=row[1],
                by=row[2],
                note_key=row[3],
                finding=row[4],
                old=json.loads(row[5]) if row[5] is not None else None,
                new=json.loads(row[6]),
            )
            for row in rows
        ]

    def note_rechecked(self, report: Report) -> Decision | None:
        """A re-run checked this note again. A decision made before gaps the note has now
        no longer holds: the note is reopened (logged as by the checker). The same gaps, or
        fewer, leave the decision as it is. Returns the reopened decision, if any."""
        if report.status == "error":
            return None
        key = note_key(report.note_id, report.patient_id, report.encounter_id)
        gaps = sorted({gap.requirement for gap in report.gaps})
        with self._transaction():
            current = self._current(key, NOTE_LEVEL)
            if current is None or current.state == "open" or current.gaps is None:
                return None
            new = [requirement for requirement in gaps if requirement not in current.gaps]
            if not new:
                return None
            reopen = DecisionChange(
                note_key=key,
                note_id=report.note_id,
                source=report.source,
                state="open",
                note=f"Reopened by a re-run: new gaps {', '.join(new)}",
                by=CHECKER,
                gaps=gaps,
            )
            return self._write_decision(reopen, CHECKER)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error): writers queue on the busy timeout."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type | None, *exc: object) -> None:
        self.db.execute("ROLLBACK" if kind else "COMMIT")


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration script, one at a time (a trigger's body holds `;`)."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
