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
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from checker.models import Note, Report
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
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


class HistoryError(Exception):
    """The history database cannot be used (not a database, or a newer schema)."""


def session_key(note: Note) -> str:
    if note.encounter_id:
        return f"encounter:{note.encounter_id}"
    dos = note.date_of_service.isoformat() if note.date_of_service else ""
    return f"note:{note.patient_id}:{dos}:{note.note_id}"


class History:
    """An open history database. Use as a context manager, or call close()."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
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
                    for statement in filter(str.strip, script.split(";")):
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


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error): writers queue on the busy timeout."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type | None, *exc: object) -> None:
        self.db.execute("ROLLBACK" if kind else "COMMIT")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
