"""HL7 v2 input: MDM^T02/T08/T10 and ORU^R01 messages with the note in OBX text segments,
parsed with python-hl7 (`hl7`).

A file (or body) may hold many messages, with or without MLLP framing (0x0B ... 0x1C 0x0D)
and with carriage-return or newline segment ends. Each message with a note is one note;
each message that cannot be one is an error line naming the file, the message (MSH-10) and
the segment or field at fault. A T08/T10 that replaces a document (TXA-13 naming an earlier
TXA-12) in the same input supersedes it: the older one gets an error line saying so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import hl7

from checker.models import Note
from checker.reader import build_note

# MSH-18 character sets (HL7 table 0211) -> Python codecs. No MSH-18 means the sender's
# default: UTF-8 is tried, then cp1252, as for text files.
CHARACTER_SETS = {
    "ASCII": "ascii",
    "8859/1": "latin-1",
    "8859/2": "iso8859-2",
    "8859/5": "iso8859-5",
    "8859/7": "iso8859-7",
    "8859/9": "iso8859-9",
    "8859/15": "iso8859-15",
    "UNICODE UTF-8": "utf-8",
    "UNICODE": "utf-8",
    "UTF-8": "utf-8",
}
TEXT_VALUE_TYPES = ("TX", "FT", "ST")
REPLACING_EVENTS = ("T08", "T10")
# Document availability (TXA-19) and completion (TXA-17) that mean "do not bill from this"
_WITHDRAWN = {"CA": "cancelled", "OB": "obsolete", "UN": "unavailable"}
_MLLP = re.compile(rb"[\x0b\x1c]")
_SEGMENT_END = re.compile(rb"\r\n|\n|\r")
# \.br\ is a line break in FT text; python-hl7 maps it to a carriage return by default.
_APP_MAP = {".br": "\n"}


class Hl7InputError(Exception):
    """A message that cannot become a note; the message names the segment or field."""


@dataclass
class _Message:
    number: int
    raw: bytes
    control_id: str = ""

    def label(self) -> str:
        return f"message {self.number}" + (f" ({self.control_id})" if self.control_id else "")


def split_messages(raw: bytes) -> list[_Message]:
    """Messages in order: MLLP framing removed, each starting at an MSH segment."""
    segments = [s for s in _SEGMENT_END.split(_MLLP.sub(b"\r", raw)) if s.strip()]
    messages: list[list[bytes]] = []
    for segment in segments:
        if segment.startswith(b"MSH") or not messages:
            messages.append([])
        messages[-1].append(segment)
    return [
        _Message(number, b"\r".join(segments))
        for number, segments in enumerate(messages, 1)
        if not segments[0].startswith((b"FHS", b"BHS", b"FTS", b"BTS"))
    ]


def notes_from_hl7(raw: bytes, source: str, default_id: str) -> Iterator[Note]:
    messages = split_messages(raw)
    if not messages:
        yield _error(default_id, source, source, "no HL7 message (no MSH segment)")
        return
    parsed: list[tuple[_Message, Any]] = []
    for message in messages:
        try:
            parsed.append((message, _parse(message)))
        except Hl7InputError as exc:
            parsed.append((message, exc))
    replaced = _replaced_documents(parsed)
    for message, result in parsed:
        note_source = source if len(messages) == 1 else f"{source}#{message.number}"
        fallback_id = message.control_id or f"{default_id}-{message.number}"
        if isinstance(result, Exception):
            yield _error(fallback_id, note_source, source, f"{message.label()}: {result}")
            continue
        yield _note(message, result, replaced, note_source, source, fallback_id)


def _parse(message: _Message) -> Any:
    if not message.raw.startswith(b"MSH"):
        raise Hl7InputError("does not start with an MSH segment")
    text = _decode(message)
    try:
        parsed = hl7.parse(text)
    except Exception as exc:  # the library's own parse errors
        raise Hl7InputError(f"cannot parse: {exc}") from None
    message.control_id = _field(parsed, "MSH", 10)
    return parsed


def _decode(message: _Message) -> str:
    """Decode as MSH-18 declares; a declaration the bytes contradict is an error."""
    declared = _declared_charset(message.raw)
    if declared:
        codec = CHARACTER_SETS.get(declared.upper())
        if codec is None:
            raise Hl7InputError(f"MSH-18 character set {declared!r} is not supported")
        try:
            return message.raw.decode(codec)
        except UnicodeDecodeError as exc:
            raise Hl7InputError(
                f"MSH-18 declares {declared} but byte {exc.start} is not valid {declared}"
            ) from None
    try:
        return message.raw.decode("utf-8")
    except UnicodeDecodeError:
        return message.raw.decode("cp1252", errors="replace")


def _declared_charset(raw: bytes) -> str:
    header = raw.split(b"\r", 1)[0].decode("latin-1")
    if len(header) < 4:
        return ""
    fields = header.split(header[3])  # MSH-1, the field separator, follows "MSH"
    # fields[0] is "MSH" and fields[1] is MSH-2, so MSH-n is fields[n - 1]
    value = fields[17] if len(fields) > 17 else ""
    return value.split(header[4] if len(header) > 4 else "^")[0].strip()


def _replaced_documents(parsed: list[tuple[_Message, Any]]) -> dict[str, str]:
    """Document numbers (TXA-12) replaced by a later T08/T10 (TXA-13) -> the replacing one."""
    replaced = {}
    for message, result in parsed:
        if isinstance(result, Exception) or _event(result) not in REPLACING_EVENTS:
            continue
        parent = _field(result, "TXA", 13)
        if parent:
            replaced[parent] = _field(result, "TXA", 12) or message.label()
    return replaced


def _note(
    message: _Message,
    parsed: Any,
    replaced: dict[str, str],
    note_source: str,
    file: str,
    fallback_id: str,
) -> Note:
    kind = "^".join(p for p in (_field(parsed, "MSH", 9), _event(parsed)) if p)
    document_number = _field(parsed, "TXA", 12)
    note_id = document_number or _field(parsed, "OBR", 3) or fallback_id
    try:
        if not kind.startswith(("MDM", "ORU")):
            raise Hl7InputError(f"MSH-9 is {kind or 'empty'}: expected MDM^T02/T08/T10 or ORU^R01")
        _check_document_status(parsed, document_number, replaced)
        text = _note_text(parsed)
    except Hl7InputError as exc:
        return _error(note_id, note_source, file, f"{message.label()}: {exc}")
    metadata: dict[str, Any] = {
        "note_id": note_id,
        "patient_id": _field(parsed, "PID", 3) or None,
        "encounter_id": _field(parsed, "PV1", 19) or None,
        "date_of_service": _hl7_date(
            _field(parsed, "TXA", 4) or _field(parsed, "OBR", 7) or _field(parsed, "TXA", 6)
        ),
        "provider": _person(parsed, "TXA", 9)
        or _person(parsed, "TXA", 5)
        or _person(parsed, "OBR", 32)
        or _person(parsed, "PV1", 7),
        "document_type": _field(parsed, "TXA", 2) or None,
        "message_type": kind,
    }
    if document_number and _field(parsed, "TXA", 13):
        metadata["replaces"] = [_field(parsed, "TXA", 13)]
    return build_note(text, {k: v for k, v in metadata.items() if v}, note_source, fallback_id)


def _check_document_status(parsed: Any, document_number: str, replaced: dict[str, str]) -> None:
    availability = _field(parsed, "TXA", 19).upper()
    if availability in _WITHDRAWN:
        raise Hl7InputError(f"TXA-19 says the document is {_WITHDRAWN[availability]}; not checked")
    if document_number and document_number in replaced:
        raise Hl7InputError(
            f"document {document_number} is replaced by document {replaced[document_number]} "
            "in the same input (TXA-13); the replacement is checked instead"
        )


def _note_text(parsed: Any) -> str:
    """OBX TX/FT/ST values in order, one line per segment and per repetition, unescaped."""
    lines: list[str] = []
    observations = _segments(parsed, "OBX")
    for segment in observations:
        if str(_at(segment, 2)).upper() not in TEXT_VALUE_TYPES:
            continue
        value = _at(segment, 5)
        repeated = isinstance(value, hl7.Field) and value and isinstance(value[0], hl7.Repetition)
        repetitions = list(value) if repeated else [value]
        for repetition in repetitions:
            lines.append(parsed.unescape(str(repetition), app_map=_APP_MAP).replace("\r", "\n"))
    if not observations:
        raise Hl7InputError("no OBX segment: the message carries no note text")
    if not any(line.strip() for line in lines):
        types = sorted({str(_at(s, 2)) for s in observations})
        raise Hl7InputError(
            f"no OBX text (value type TX, FT or ST) with a note; found {', '.join(types)}"
        )
    return "\n".join(lines)


def _segments(parsed: Any, name: str) -> list[Any]:
    try:
        return list(parsed.segments(name))
    except KeyError:
        return []


def _at(segment: Any, index: int) -> Any:
    return segment[index] if len(segment) > index else ""


def _field(parsed: Any, segment_name: str, index: int, component: int = 1) -> str:
    """A component of a field's first repetition in the first such segment, unescaped."""
    try:
        value = parsed.extract_field(segment_name, 1, index, 1, component)
    except (KeyError, IndexError):
        return ""
    return parsed.unescape(str(value)).strip() if value else ""


def _person(parsed: Any, segment_name: str, index: int) -> str | None:
    """An XCN name (id^family^given^middle^suffix^prefix^degree) as `Given Family, Degree`."""
    family, given, middle, suffix, _prefix, degree = (
        _field(parsed, segment_name, index, component) for component in range(2, 8)
    )
    if not family:
        return None
    name = " ".join(p for p in (given, middle, family) if p)
    trailing = ", ".join(p for p in (suffix, degree) if p)
    return f"{name}, {trailing}" if trailing else name


def _event(parsed: Any) -> str:
    return _field(parsed, "MSH", 9, 2)


def _hl7_date(value: str) -> str | None:
    """HL7 DTM (YYYYMMDD[HHMM...]) -> ISO date."""
    digits = value[:8]
    if len(digits) == 8 and digits.isdigit():
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"
    return None


def _error(note_id: str, source: str, file: str, reason: str) -> Note:
    return Note(note_id=note_id, source=source, text="", read_error=f"{file}: {reason}")
