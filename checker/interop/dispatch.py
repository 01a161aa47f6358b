"""Which parser reads an input: by file suffix, by what standard input or a body starts with."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from checker.models import Note
from checker.reader import MAX_NOTE_BYTES, error_note

INTEROP_SUFFIXES = (".json", ".hl7")
INPUT_FORMATS = ("auto", "txt", "jsonl", "fhir", "hl7")
# What may stand before the first segment or JSON value: a byte-order mark, blanks, and the
# MLLP start-of-block character (0x0B) when a message was captured off the wire.
_LEADING = b"\xef\xbb\xbf \t\r\n\x0b"
_HL7_STARTS = (b"MSH", b"FHS", b"BHS")


class StandardInput:
    """`-` on the command line: standard input, read once and kept for a second pass."""

    name = "-"
    stem = "stdin"
    suffix = ""

    def __init__(self, input_format: str = "auto", stream: BinaryIO | None = None) -> None:
        self.input_format = input_format
        self._stream = stream
        self._data: bytes | None = None

    def __str__(self) -> str:
        return "<stdin>"

    def __fspath__(self) -> str:
        return "-"  # where a path is expected (the reader's folder checks), it stays "-"

    def read(self) -> bytes:
        """Everything on standard input, at most MAX_NOTE_BYTES + 1 bytes (then refused)."""
        if self._data is None:
            stream = self._stream or sys.stdin.buffer
            self._data = stream.read(MAX_NOTE_BYTES + 1)
        return self._data

    def resolved_format(self) -> str:
        if self.input_format != "auto":
            return self.input_format
        return detect_format(self.read())


def detect_format(raw: bytes) -> str:
    """`hl7` for a message (MSH first), `fhir` for one JSON resource, `jsonl` for JSON records
    one per line, else `txt` (a note, with or without front matter)."""
    head = raw.lstrip(_LEADING)
    if head.startswith(_HL7_STARTS):
        return "hl7"
    if not head.startswith((b"{", b"[")):
        return "txt"
    try:
        value = json.loads(head.decode("utf-8", errors="replace"))
    except (json.JSONDecodeError, RecursionError):
        return "jsonl"  # several objects, one per line (or a broken one: its line says so)
    return "fhir" if isinstance(value, dict) and "resourceType" in value else "jsonl"


def read_interop_path(path: Path, handle: BinaryIO) -> Iterator[Note]:
    """Notes from a `.json` (FHIR resource) or `.hl7` (HL7 v2 messages) file."""
    raw = handle.read(MAX_NOTE_BYTES + 1)
    fmt = "hl7" if path.suffix == ".hl7" else "fhir"
    yield from notes_from_bytes(raw, fmt, str(path), path.stem)


def notes_from_bytes(raw: bytes, fmt: str, source: str, default_id: str) -> Iterator[Note]:
    """Notes from a FHIR JSON resource or HL7 v2 message(s) given as bytes."""
    if len(raw) > MAX_NOTE_BYTES:
        yield error_note(default_id, source, f"input too long (over {MAX_NOTE_BYTES:,} bytes)")
        return
    if fmt == "hl7":
        hl7 = _optional("checker.interop.hl7", "hl7")
        if isinstance(hl7, str):
            yield error_note(default_id, source, hl7)
            return
        yield from hl7.notes_from_hl7(raw, source, default_id)
        return
    fhir = _optional("checker.interop.fhir", "fhir")
    if isinstance(fhir, str):
        yield error_note(default_id, source, fhir)
        return
    yield from fhir.notes_from_json_bytes(raw, source, default_id)


def notes_from_jsonl_record(record: dict[str, Any], source: str, default_id: str) -> Iterator[Note]:
    """A JSON Lines record that is a FHIR resource (it has `resourceType`)."""
    fhir = _optional("checker.interop.fhir", "fhir")
    if isinstance(fhir, str):
        yield error_note(default_id, source, fhir)
        return
    yield from fhir.notes_from_resource(record, source, default_id)


def _optional(module: str, extra: str) -> Any:
    """The parser module, or why it cannot be loaded (its library is an optional extra)."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        return (
            f"reading this input needs the {extra} extra "
            f"(pip install 'facet-checker[{extra}]'): {exc.name or exc} is not installed"
        )
