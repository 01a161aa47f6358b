"""A report set checked with `--history`, served by a real `checker serve` on a free port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

TOKEN = "decisions-test-token"
NOTE = """---
note_id: {note_id}
patient_id: P-7
encounter_id: {encounter}
date_of_service: 2026-10-01
payer: medicare
billed_codes: [64490-RT]
---
PROCEDURE: Diagnostic right C5-6 medial branch block under fluoroscopy. Omnipaque 240
confirmed placement. 0.5 mL of 0.5% bupivacaine. NRS pain 7/10 before, 1/10 after.
{consent}Time-out performed, sterile prep, skin local 1% lidocaine, observed 20 minutes.
"""


@dataclass
class Served:
    base: str
    reports: Path
    history: Path
    notes: Path
    log: Path

    @property
    def auth(self) -> dict[str, str]:
        return {"authorization": f"Bearer {TOKEN}"}

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.base, headers=self.auth, timeout=60)


def write_note(notes: Path, note_id: str, consent: bool = True) -> None:
    text = NOTE.format(
        note_id=note_id,
        encounter=f"E-{note_id}",
        consent="Consent signed. " if consent else "",
    )
    (notes / f"{note_id}.txt").write_text(text, encoding="utf-8")


def check_into(served: Served) -> None:
    """`checker check NOTES --out REPORTS --history DB`, as a billing office's nightly run."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker.cli",
            "check",
            str(served.notes),
            "--out",
            str(served.reports),
            "--history",
            str(served.history),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served_reports(folder: Path) -> Iterator[Served]:
    """Two notes checked into a report set, served with --history, --reports and a token."""
    notes = folder / "notes"
    notes.mkdir()
    for note_id in ("A-1", "B-2"):
        write_note(notes, note_id)
    port = free_port()
    served = Served(
        f"http://127.0.0.1:{port}",
        folder / "reports",
        folder / "history.db",
        notes,
        folder / "server.log",
    )
    check_into(served)
    token = folder / "token"
    token.write_text(TOKEN + "\n", encoding="utf-8")
    options = ["--token-file", str(token), "--history", str(served.history)]
    options += ["--reports", str(served.reports), "--max-body", "20000"]
    with running_service(port, options, served.log):
        yield served


@contextmanager
def running_service(port: int, options: list[str], log: Path) -> Iterator[str]:
    """`checker serve --port PORT OPTIONS` in a process of its own, its output in LOG; yields
    the base URL once /healthz answers, and stops the service afterwards."""
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "checker.cli", "serve", "--port", str(port), *options],
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail(f"checker serve stopped: {log.read_text()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"checker serve did not start: {log.read_text()}")
            time.sleep(0.5)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
