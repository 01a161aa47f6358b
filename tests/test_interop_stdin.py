"""`checker check -`: a note, JSON Lines, FHIR or HL7 on standard input, for pipes; and the
plain install, which reads text notes without the optional FHIR, HL7, service and Spark
libraries."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from interop_helpers import INTEROP, comparable

TXT = INTEROP / "procedure-note.txt"
MDM_TXT = INTEROP / "procedure-note-mdm.txt"


def check(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", *args, "--format", "jsonl"],
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
    )


def lines(result: subprocess.CompletedProcess) -> list[dict]:
    assert result.returncode in (0, 1), result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


@pytest.mark.parametrize(
    ("fixture", "same_as", "input_format"),
    [
        ("procedure-note.txt", TXT, "auto"),
        ("procedure-note-bundle.json", TXT, "auto"),
        ("procedure-note-mdm-t02.hl7", MDM_TXT, "auto"),
        ("procedure-note-oru-r01.hl7", MDM_TXT, "hl7"),
    ],
)
def test_a_note_on_stdin_gives_the_same_report_as_the_file(fixture, same_as, input_format):
    piped = lines(
        check("-", "--input-format", input_format, stdin=(INTEROP / fixture).read_bytes())
    )
    [expected] = lines(check(str(same_as)))
    assert len(piped) == 1
    assert piped[0]["source"].startswith("<stdin>")
    assert comparable(piped[0]) == comparable(expected)


def test_jsonl_on_stdin_gives_a_line_per_record():
    records = [
        json.dumps({"note_id": "a", "text": "Right C5-6 medial branch block under fluoroscopy."}),
        "{broken",
        json.dumps({"note_id": "c", "text": "Left C3-4 facet injection."}),
    ]
    piped = lines(check("-", stdin="\n".join(records).encode()))
    assert [line["note_id"] for line in piped] == ["a", "stdin-2", "c"]
    assert piped[1]["status"] == "error" and piped[1]["error"].startswith("<stdin>:2: invalid JSON")


def test_empty_stdin_is_an_error_line_not_a_crash():
    [line] = lines(check("-", stdin=b""))
    assert line["status"] == "error"
    assert line["error"] == "<stdin>: empty note (no text)"


BLOCK_OPTIONAL = """
import sys
for name in ("fhir", "fhir_core", "hl7", "fastapi", "uvicorn", "pyspark", "pandas"):
    sys.modules[name] = None  # as if not installed: importing it raises ImportError
import checker, checker.cli
from checker.reader import read_notes
for note in read_notes(sys.argv[1:]):
    print(note.note_id, note.read_error is None, note.read_error or "")
"""


def test_plain_install_reads_text_notes_and_says_what_to_install_for_the_rest():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            BLOCK_OPTIONAL,
            str(TXT),
            str(INTEROP / "procedure-note-bundle.json"),
            str(INTEROP / "procedure-note-mdm-t02.hl7"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    txt, fhir, hl7 = result.stdout.splitlines()
    assert txt == "FJ-2026-0001 True "
    assert "needs the fhir extra (pip install 'facet-checker[fhir]')" in fhir
    assert "needs the hl7 extra (pip install 'facet-checker[hl7]')" in hl7
