"""Read notes from `.txt` files (optional YAML front matter), `.jsonl` records and folders.

Nothing is ever dropped: a note that cannot be read becomes a `Note` with `read_error`
set, so the report still has its line (contract: notes in = lines out).
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from checker.models import Note
from checker.pipeline import MAX_NOTE_CHARS

NOTE_SUFFIXES = (".txt", ".jsonl")
# Gold annotations sit beside annotated notes (contract); a folder walk does not read them as notes.
GOLD_FILE = "gold.jsonl"
_METADATA_KEYS = ("note_id", "provider", "payer", "date_of_service", "billed_codes")
_FRONT_MATTER_FENCE = "---"


class InputError(Exception):
    """A path given on the command line does not exist or is not a note."""


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every note file below the given paths: files as given, folders recursively, sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield path
        else:
            raise InputError(f"no such file or folder: {raw}")


def _walk(folder: Path) -> Iterator[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [
            Path(root) / name
            for name in files
            if name.endswith(NOTE_SUFFIXES) and name != GOLD_FILE
        ]
    yield from sorted(found)


def read_notes(paths: Iterable[str | Path]) -> Iterator[Note]:
    """Yield a `Note` per note in input order (a JSONL file yields one per line)."""
    seen: dict[str, str] = {}
    for path in iter_paths(paths):
        for note in _read_path(path):
            where = seen.get(note.note_id)
            if where is not None and note.read_error is None:
                note.read_error = f"duplicate note_id {note.note_id!r} (also in {where})"
            seen.setdefault(note.note_id, note.source)
            yield note


def _read_path(path: Path) -> Iterator[Note]:
    source = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise OSError("not a regular file")
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        yield Note(
            note_id=path.stem, source=source, text="", read_error=f"cannot read {source}: {reason}"
        )
        return
    if path.suffix == ".jsonl":
        yield from _read_jsonl(path, raw)
        return
    text, problem = decode(raw)
    if problem:
        yield Note(note_id=path.stem, source=source, text="", read_error=f"{source}: {problem}")
        return
    yield note_from_text(text, source=source, default_id=path.stem)


def decode(raw: bytes) -> tuple[str, str | None]:
    """Text of a note file: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
        encoding = "utf-8"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        if b"\x00" in raw:
            return "", "binary data, not a text note"
        text = raw.decode("cp1252", errors="replace")
    if _looks_binary(text):
        return "", "binary data, not a text note"
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if "\x00" in sample:
        return True
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    replaced = sample.count("\ufffd")
    return bool(sample) and (control + replaced) / len(sample) > 0.1


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
            return Note(
                note_id=default_id,
                source=source,
                text="",
                read_error=f"{source}: front matter has no closing '---'",
            )
        try:
            loaded = yaml.safe_load("\n".join(lines[1:closing])) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark else ""
            return Note(
                note_id=default_id,
                source=source,
                text="",
                read_error=f"{source}: malformed YAML front matter{where}",
            )
        if not isinstance(loaded, dict):
            return Note(
                note_id=default_id,
                source=source,
                text="",
                read_error=f"{source}: front matter is not a mapping",
            )
        metadata = loaded
        body = "\n".join(lines[closing + 1 :])
    return build_note(body, metadata, source, default_id)


def build_note(body: str, metadata: dict[str, Any], source: str, default_id: str) -> Note:
    note_id = str(metadata.get("note_id") or default_id)
    fields = {key: metadata[key] for key in metadata if key not in _METADATA_KEYS}
    note = Note(
        note_id=note_id,
        source=source,
        text=body,
        provider=_text_or_none(metadata.get("provider")),
        payer=_text_or_none(metadata.get("payer")),
        date_of_service=_date_or_none(metadata.get("date_of_service")),
        billed_codes=_codes(metadata.get("billed_codes")),
        **{k: v for k, v in fields.items() if isinstance(k, str) and k != "text"},
    )
    if not body.strip():
        note.read_error = f"{source}: empty note (no text)"
    elif len(body) > MAX_NOTE_CHARS:
        note.read_error = (
            f"{source}: note too long ({len(body):,} characters; limit {MAX_NOTE_CHARS:,})"
        )
    return note


def _read_jsonl(path: Path, raw: bytes) -> Iterator[Note]:
    text, problem = decode(raw)
    if problem:
        yield Note(note_id=path.stem, source=str(path), text="", read_error=f"{path}: {problem}")
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        source = f"{path}:{number}"
        default_id = f"{path.stem}-{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Note(
                note_id=default_id,
                source=source,
                text="",
                read_error=f"{source}: invalid JSON ({exc.msg})",
            )
            continue
        if not isinstance(record, dict):
            yield Note(
                note_id=default_id,
                source=source,
                text="",
                read_error=f"{source}: record is not a JSON object",
            )
            continue
        body = record.get("text")
        if not isinstance(body, str):
            note_id = str(record.get("note_id") or default_id)
            yield Note(
                note_id=note_id,
                source=source,
                text="",
                read_error=f"{source}: record has no 'text' string",
            )
            continue
        yield build_note(body.replace("\r\n", "\n"), record, source, default_id)


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


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
