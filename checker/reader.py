"""Read notes from `.txt` files (optional YAML front matter), `.jsonl` records and folders.

Nothing is ever dropped and nothing raises for a bad note: a note that cannot be read
becomes a `Note` with `read_error` set (naming the file, and the line for JSONL), so the
report still has its line (contract: notes in = lines out). Only a path given on the
command line that does not exist is a usage error (`InputError`).

Guarantees, in the order the reader applies them:
- Folders are walked in sorted path order; hidden folders are skipped; `gold.jsonl`
  (annotations, not notes) is skipped. A folder symlink is followed once (a loop is not
  walked twice). A folder that cannot be listed, a dangling or looping symlink, a FIFO or
  other special file named `*.txt` each give an error line; a FIFO is never opened.
- Bytes are decoded as UTF-8 (with or without BOM), UTF-16/32 with BOM, BOM-less UTF-16
  when every other byte is zero, else cp1252; binary data (an image or PDF renamed `.txt`)
  is an error line. Line ends are normalised to `\\n`; evidence offsets refer to that text.
- Files and JSONL records are read one at a time (a JSONL file line by line), so memory
  does not grow with the batch; a file or record longer than the pipeline accepts is an
  error line, refused before it is loaded.
- An empty file, a note without text, malformed front matter, a broken JSONL line, a
  record without `text` and a repeated `note_id` are error lines.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from checker.models import Note
from checker.pipeline import MAX_NOTE_CHARS

NOTE_SUFFIXES = (".txt", ".jsonl", ".json", ".hl7")  # .json (FHIR) and .hl7: checker.interop
# Gold annotations sit beside annotated notes (contract); a folder walk does not read them as notes.
GOLD_FILE = "gold.jsonl"
_METADATA_KEYS = ("note_id", "provider", "payer", "date_of_service", "billed_codes")
_RESERVED_KEYS = frozenset(Note.model_fields) | {"text"}
_FRONT_MATTER_FENCE = "---"
# A UTF-8 character takes at most 4 bytes; a file past this cannot fit the limit once decoded.
MAX_NOTE_BYTES = 4 * MAX_NOTE_CHARS + 64 * 1024
_READ_CHUNK = 1 << 20
_BINARY_SAMPLE = 4096
_BINARY_SHARE = 0.1
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE mark
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class InputError(Exception):
    """A path given on the command line does not exist."""


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every note file below the given paths: files as given, folders recursively, sorted.

    A folder that cannot be listed is yielded itself, so reading it gives an error line.
    """
    for raw in paths:
        if _is_standard_input(raw):
            yield _standard_input(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield path
        else:
            raise InputError(f"no such file or folder: {raw}")


def _walk(folder: Path) -> Iterator[Path]:
    found: list[Path] = []
    visited: set[tuple[int, int]] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            info = current.stat()
            if (info.st_dev, info.st_ino) in visited:
                continue  # a symlink back to a folder already walked
            visited.add((info.st_dev, info.st_ino))
            entries = list(os.scandir(current))
        except OSError:
            found.append(current)  # read_notes turns it into an error line
            continue
        for entry in entries:
            if _is_folder(entry):
                if not entry.name.startswith("."):
                    pending.append(Path(entry.path))
            elif entry.name.endswith(NOTE_SUFFIXES) and entry.name != GOLD_FILE:
                found.append(Path(entry.path))
    yield from sorted(found)


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows symlinks; a looping or dangling link is not a folder
    except OSError:
        return False


def read_notes(paths: Iterable[str | Path]) -> Iterator[Note]:
    """Yield a `Note` per note in input order (a JSONL file yields one per line)."""
    seen: dict[str, str] = {}
    for path in iter_paths(paths):
        for note in _read_path_safely(path):
            where = seen.get(note.note_id)
            if where is not None and note.read_error is None:
                note.read_error = (
                    f"{note.source}: duplicate note_id {note.note_id!r} (also in {where})"
                )
            seen.setdefault(note.note_id, note.source)
            yield note


def _read_path_safely(path: Path) -> Iterator[Note]:
    """`_read_path`, with any unexpected failure turned into an error line for that file."""
    produced = 0
    try:
        for note in _read_standard_input(path) if _is_standard_input(path) else _read_path(path):
            produced += 1
            yield note
    except Exception as exc:  # one bad file must never stop the batch
        source = str(path) if produced == 0 else f"{path} (after record {produced})"
        yield error_note(path.stem, source, f"cannot read: {type(exc).__name__}: {exc}")


def error_note(note_id: str, source: str, reason: str) -> Note:
    """A note that could not be read: it still gets its report line."""
    return Note(note_id=note_id, source=source, text="", read_error=f"{source}: {reason}")


def _read_path(path: Path) -> Iterator[Note]:
    source = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        yield error_note(path.stem, source, f"cannot read: {exc.strerror or exc}")
        return
    if stat.S_ISDIR(info.st_mode):
        yield error_note(path.stem, source, f"cannot list folder: {_listing_problem(path)}")
        return
    if not stat.S_ISREG(info.st_mode):
        yield error_note(path.stem, source, "cannot read: not a regular file")
        return
    try:
        with path.open("rb") as handle:
            if path.suffix == ".jsonl":
                yield from _read_jsonl(path, handle)
                return
            if path.suffix in (".json", ".hl7"):  # FHIR and HL7 v2: checker.interop parses
                from checker.interop import read_interop_path

                yield from read_interop_path(path, handle)
                return
            if info.st_size > MAX_NOTE_BYTES:
                yield error_note(path.stem, source, _too_long(f"{info.st_size:,} bytes"))
                return
            raw = handle.read()
    except OSError as exc:
        yield error_note(path.stem, source, f"cannot read: {exc.strerror or exc}")
        return
    text, problem = decode(raw)
    if problem:
        yield error_note(path.stem, source, problem)
        return
    yield note_from_text(text, source=source, default_id=path.stem)


def _listing_problem(folder: Path) -> str:
    try:
        os.listdir(folder)
    except OSError as exc:
        return exc.strerror or str(exc)
    return "it changed while being read"


def _too_long(size: str) -> str:
    return f"note too long ({size}; limit {MAX_NOTE_CHARS:,} characters)"


def sniff_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark (or BOM-less UTF-16 zero bytes) announces, else None."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    sample = head[:_BINARY_SAMPLE]
    if len(sample) >= 4 and len(sample) % 2 == 0:
        odd_zeros = sample[1::2].count(0)
        even_zeros = sample[0::2].count(0)
        if odd_zeros == len(sample) // 2 and even_zeros == 0:
            return "utf-16-le"
        if even_zeros == len(sample) // 2 and odd_zeros == 0:
            return "utf-16-be"
    return None


def decode(raw: bytes) -> tuple[str, str | None]:
    """(text, problem): UTF-8, UTF-16/32 with BOM, BOM-less UTF-16, else cp1252; binary fails."""
    encoding = sniff_encoding(raw)
    try:
        text = raw.decode(encoding or "utf-8")
    except UnicodeDecodeError:
        if encoding or b"\x00" in raw[:_BINARY_SAMPLE]:
            return "", _binary_problem(encoding)
        text = raw.decode("cp1252", errors="replace")
    if _looks_binary(text):
        return "", _binary_problem(encoding)
    return normalise_line_ends(text), None


def _binary_problem(encoding: str | None) -> str:
    if encoding:
        return f"not valid {encoding} text despite its byte-order mark"
    return "binary data, not a text note"


def normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(text: str) -> bool:
    sample = text[:_BINARY_SAMPLE]
    if "\x00" in sample:
        return True
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    replaced = sample.count("\ufffd")
    return bool(sample) and (control + replaced) / len(sample) > _BINARY_SHARE


def note_from_text(text: str, source: str, default_id: str) -> Note:
    """A note from a `.txt` body with optional front matter."""
    metadata: dict[str, Any] = {}
    body = text
    lines = text.split("\n")
    if lines and lines[0].strip() == _FRONT_MATTER_FENCE:
        closing = next(
            (i for i, line in enumerate(lines[1:], 1) if line.strip() == _FRONT_MATTER_FENCE), None
        )
        if closing is None:
            return error_note(default_id, source, "front matter has no closing '---'")
        loaded, problem = _load_front_matter("\n".join(lines[1:closing]))
        if problem:
            return error_note(default_id, source, problem)
        metadata = loaded
        body = "\n".join(lines[closing + 1 :])
    return build_note(body, metadata, source, default_id)


def _load_front_matter(block: str) -> tuple[dict[str, Any], str | None]:
    try:
        loaded = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""  # +1 for 1-based, +1 for the fence
        return {}, f"malformed YAML front matter{where}"
    except (ValueError, RecursionError) as exc:  # e.g. a date like 2026-13-45
        return {}, f"malformed YAML front matter ({type(exc).__name__}: {exc})"
    if loaded is None:
        return {}, None
    if not isinstance(loaded, dict):
        return {}, "front matter is not a mapping of keys to values"
    return loaded, None


def build_note(body: str, metadata: dict[str, Any], source: str, default_id: str) -> Note:
    """A note from its text and front-matter (or JSONL record) keys; problems set `read_error`."""
    note_id = str(metadata.get("note_id") or default_id)
    extra = {k: v for k, v in metadata.items() if _is_extra_key(k)}
    note = Note(
        note_id=note_id,
        source=source,
        text=body,
        provider=_text_or_none(metadata.get("provider")),
        payer=_text_or_none(metadata.get("payer")),
        date_of_service=_date_or_none(metadata.get("date_of_service")),
        billed_codes=_codes(metadata.get("billed_codes")),
        patient_id=_text_or_none(metadata.get("patient_id")),
        encounter_id=_text_or_none(metadata.get("encounter_id")),
        diagnoses=_codes(metadata.get("diagnoses")),
        place_of_service=_place_of_service(metadata.get("place_of_service")),
        claim_type=_claim_type(metadata.get("claim_type")),
        **extra,
    )
    if not body.strip():
        note.read_error = f"{source}: empty note (no text)"
    elif len(body) > MAX_NOTE_CHARS:
        note.read_error = f"{source}: {_too_long(f'{len(body):,} characters')}"
    return note


def _is_extra_key(key: object) -> bool:
    return (
        isinstance(key, str)
        and key.isidentifier()
        and not key.startswith("_")
        and (key not in _RESERVED_KEYS)
    )


def _read_jsonl(path: Path, handle: BinaryIO) -> Iterator[Note]:
    """One note per non-blank line, read a line at a time; a bad line is that line's error."""
    head = handle.peek(_BINARY_SAMPLE)[:_BINARY_SAMPLE] if hasattr(handle, "peek") else b""
    encoding = sniff_encoding(head)
    if _looks_binary(head.decode(encoding or "utf-8", errors="replace")):
        yield error_note(path.stem, str(path), _binary_problem(None))
        return
    records = 0
    for number, line, problem in _jsonl_lines(handle, encoding):
        records += 1
        source = f"{path}:{number}"
        default_id = f"{path.stem}-{number}"
        if problem:
            yield error_note(default_id, source, problem)
            continue
        yield from _notes_from_record(line, source, default_id)
    if records == 0:
        yield error_note(path.stem, str(path), "empty JSONL file (no records)")


def _jsonl_lines(handle: BinaryIO, encoding: str | None) -> Iterator[tuple[int, str, str | None]]:
    """(line number, text, problem) for each non-blank line; an over-long line is not kept."""
    if encoding and encoding.startswith(("utf-16", "utf-32")):
        stream: Iterator[tuple[int, bytes | str, bool]] = _text_lines(handle, encoding)
    else:
        stream = _byte_lines(handle, skip_bom=encoding == "utf-8-sig")
    for number, line, complete in stream:
        if not complete:
            yield number, "", _too_long(f"line longer than {MAX_NOTE_BYTES:,} bytes")
            continue
        text = line if isinstance(line, str) else _decode_line(line)
        if text.strip():
            yield number, text, None


def _byte_lines(handle: BinaryIO, skip_bom: bool) -> Iterator[tuple[int, bytes, bool]]:
    if skip_bom:
        handle.read(len(codecs.BOM_UTF8))
    return _lines(lambda: handle.readline(MAX_NOTE_BYTES + 1), b"\n")


def _text_lines(handle: BinaryIO, encoding: str) -> Iterator[tuple[int, str, bool]]:
    text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
    return _lines(lambda: text.readline(MAX_NOTE_BYTES + 1), "\n")


def _lines(read: Callable[[], Any], newline: Any) -> Iterator[tuple[int, Any, bool]]:
    number = 0
    while True:
        line = read()
        if not line:
            return
        number += 1
        if len(line) > MAX_NOTE_BYTES and not line.endswith(newline):
            while line and not line.endswith(newline):  # skip the rest of the long line
                line = read()
            yield number, line[:0], False
            continue
        yield number, line, True


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def _notes_from_record(line: str, source: str, default_id: str) -> Iterator[Note]:
    """A JSONL line: a note record, or a FHIR resource (`resourceType`) for checker.interop."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        yield error_note(default_id, source, f"invalid JSON ({exc.msg} at column {exc.colno})")
        return
    except RecursionError:
        yield error_note(default_id, source, "invalid JSON (nested too deeply)")
        return
    if not isinstance(record, dict):
        yield error_note(default_id, source, "record is not a JSON object")
        return
    if "resourceType" in record:
        from checker.interop import notes_from_jsonl_record

        yield from notes_from_jsonl_record(record, source, default_id)
        return
    body = record.get("text")
    if not isinstance(body, str):
        note_id = str(record.get("note_id") or default_id)
        yield error_note(note_id, source, "record has no 'text' string")
        return
    yield build_note(normalise_line_ends(body), record, source, default_id)


def notes_from_jsonl_line(line: str, source: str, default_id: str) -> Iterator[Note]:
    """The notes one JSON Lines record holds (one, or several for a FHIR Bundle)."""
    return _notes_from_record(line, source, default_id)


def _is_standard_input(raw: object) -> bool:
    return str(raw) == "-" or type(raw).__name__ == "StandardInput"


def _standard_input(raw: object):
    """`-` as standard input (checker.interop.StandardInput, which knows its input format)."""
    from checker.interop import StandardInput

    return raw if isinstance(raw, StandardInput) else StandardInput()


def _read_standard_input(stdin) -> Iterator[Note]:
    """A note, JSON Lines, a FHIR resource or HL7 messages on standard input."""
    from checker.interop import notes_from_bytes

    raw = stdin.read()
    fmt = stdin.resolved_format()
    source, default_id = str(stdin), stdin.stem
    if fmt == "jsonl":
        yield from _read_jsonl(stdin, io.BufferedReader(io.BytesIO(raw)))
    elif fmt in ("fhir", "hl7"):
        yield from notes_from_bytes(raw, fmt, source, default_id)
    elif len(raw) > MAX_NOTE_BYTES:
        yield error_note(default_id, source, _too_long(f"over {MAX_NOTE_BYTES:,} bytes"))
    else:
        text, problem = decode(raw)
        yield (
            error_note(default_id, source, problem)
            if problem
            else note_from_text(text, source=source, default_id=default_id)
        )


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _place_of_service(value: Any) -> str | None:
    """CMS place-of-service codes are two digits; YAML reads `11` as a number."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    return text.zfill(2) if text.isdigit() else text


def _claim_type(value: Any) -> str | None:
    text = str(value).strip().lower() if value is not None else ""
    return text if text in ("professional", "facility") else None


def _date_or_none(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _codes(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    if not isinstance(value, list):
        value = [value]
    return [str(code).strip() for code in value if str(code).strip()]
