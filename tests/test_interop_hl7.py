"""HL7 v2 input: MDM^T02/T10 and ORU^R01 messages, MLLP framing, escapes, bad messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from interop_helpers import INTEROP, billing_facts, comparable, notes_of, reports_of

MDM = INTEROP / "procedure-note-mdm-t02.hl7"
ORU = INTEROP / "procedure-note-oru-r01.hl7"
TXT = INTEROP / "procedure-note-mdm.txt"
PUBLISHED = INTEROP / "published-oru-r01-glucose.hl7"


def message_text(path: Path) -> str:
    """The MDM fixture as text, MLLP framing removed, segments one per line."""
    return path.read_bytes().strip(b"\x0b\x1c\r").decode("utf-8").replace("\r", "\n")


def write_message(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "message.hl7"
    path.write_bytes(text.replace("\n", "\r").encode(encoding))
    return path


def test_mdm_t02_gives_the_same_report_as_the_txt_note(checker):
    [from_hl7] = reports_of(checker, MDM)
    [from_txt] = reports_of(checker, TXT)
    assert from_hl7.status != "error", from_hl7.error
    assert comparable(from_hl7) == comparable(from_txt)


def test_mdm_t02_maps_pid_pv1_and_txa_onto_the_note():
    [note] = notes_of(MDM)
    [txt] = notes_of(TXT)
    assert billing_facts(note) == billing_facts(txt)
    assert note.text == txt.text  # OBX lines joined in order, \T\ read back as "&"
    assert "Spine & Pain Clinic" in note.text
    assert note.model_extra["document_type"] == "PN"


def test_oru_r01_with_formatted_text_and_newline_segments_reads_the_same_note(checker):
    [note] = notes_of(ORU)
    [txt] = notes_of(TXT)
    assert note.text == txt.text  # \.br\ line breaks, paragraphs across OBX segments
    assert billing_facts(note) == billing_facts(txt)
    [from_oru] = reports_of(checker, ORU)
    [from_txt] = reports_of(checker, TXT)
    assert comparable(from_oru) == comparable(from_txt)


def test_the_published_hl7_example_without_note_text_is_an_error_line():
    """The ORU^R01 glucose result from the HL7 v2.4 standard's examples carries a numeric
    (SN) observation, not a note: one error line naming the file and the message."""
    [note] = notes_of(PUBLISHED)
    assert note.read_error == (
        f"{PUBLISHED}: message 1 (CNTRL-3456): no OBX text (value type TX, FT or ST) with a "
        "note; found SN"
    )


def test_a_file_of_messages_gives_a_line_each_and_a_replacement_supersedes(tmp_path):
    original = message_text(MDM)
    replacement = (
        original.replace("MDM^T02^MDM_T02", "MDM^T10^MDM_T10")
        .replace("|MSG202603030042|", "|MSG202603030043|")
        .replace("||RV-9004||", "||RV-9004-2|RV-9004|")
    )
    assert replacement.count("RV-9004-2|RV-9004") == 1
    path = tmp_path / "two.hl7"
    framed = [b"\x0b" + m.replace("\n", "\r").encode() + b"\x1c\r" for m in (original, replacement)]
    path.write_bytes(b"".join(framed))
    first, second = notes_of(path)
    assert first.note_id == "RV-9004"
    assert "document RV-9004 is replaced by document RV-9004-2" in first.read_error
    assert second.note_id == "RV-9004-2"
    assert second.read_error is None
    assert second.source == f"{path}#2"


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("no OBX", "no OBX segment: the message carries no note text"),
        ("wrong MSH-18", "MSH-18 declares ASCII but byte"),
        ("unknown MSH-18", "MSH-18 character set 'EBCDIC' is not supported"),
        ("admission message", "MSH-9 is ADT^A01: expected MDM^T02/T08/T10 or ORU^R01"),
        ("cancelled document", "TXA-19 says the document is cancelled"),
        ("not HL7", "does not start with an MSH segment"),
    ],
)
def test_bad_hl7_is_an_error_line_naming_file_message_and_field(tmp_path, damage, expected):
    text = message_text(MDM)
    encoding = "utf-8"
    if damage == "no OBX":
        text = "\n".join(line for line in text.split("\n") if not line.startswith("OBX"))
    elif damage == "wrong MSH-18":
        text = text.replace("UNICODE UTF-8", "ASCII").replace("Pain Clinic", "Pain Clinic ½")
    elif damage == "unknown MSH-18":
        text = text.replace("UNICODE UTF-8", "EBCDIC")
    elif damage == "admission message":
        text = text.replace("MDM^T02^MDM_T02", "ADT^A01")
    elif damage == "cancelled document":
        text = text.replace("||AU||AV", "||AU||CA")
    elif damage == "not HL7":
        text = "EVN|T02\n" + text.split("\n", 1)[1].replace("MSH", "XXX")
    path = write_message(tmp_path, text, encoding)
    notes = notes_of(path)
    assert len(notes) == 1
    assert notes[0].read_error is not None
    assert notes[0].read_error.startswith(f"{path}: ")
    assert expected in notes[0].read_error
