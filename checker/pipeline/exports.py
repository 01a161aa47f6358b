"""HL7 v2 text escapes in a note pasted from a message, read as the characters they stand for.

A note copied out of an HL7 v2 message (an OBX text segment pasted into a file) keeps the
message's escapes, which a person reading the report never sees: `\\.br\\` and `\\.sp\\`
(line breaks), `\\T\\` (`&`), `\\F\\` (`|`), `\\S\\` (`^`), `\\R\\` (`~`), `\\E\\` (`\\`). Left
as they are, "Done.\\.br\\TIME-OUT: Done." is one word to the matchers and the time-out is
lost. They are decoded only in a note that shows itself to be HL7: it has a line break
escape or starts with an `MSH|` header. (HTML, RTF and quoted-printable exports:
`checker.pipeline.markup`; a `.hl7` file is read as messages by `checker.interop`.)

A whole message pasted into a file (it starts with `MSH|`) is read as the note its text
segments carry: an `OBX` text value (types TX and FT) is read from the start of its line,
without the segment's fields around it, so its own headers ("S:", "P:", "PROCEDURE:") open
their sections as they do in the note; a numeric value (type NM) is read under its
identifier's text, with its units ("OBX|6|NM|VAS1^Pain pre^L||8" reads "Pain pre: 8"), so the
identifier's code ("VAS1") is not read as part of the value. The segments of a new order
(`ORC|NW`, HL7 order control "new order") are the plan: an order placed today for a later
procedure names the levels planned, not the levels treated.

The result is a list of edits (`checker.pipeline.edits`), so evidence still quotes the note
as written.
"""

from __future__ import annotations

import re

from checker.pipeline.edits import Edit

_HL7_ESCAPE = re.compile(r"\\(\.br|\.sp|T|F|S|R|E)\\")
# free-text values (a short ST value is read under its identifier, as a form field)
_TEXT_TYPES = ("TX", "FT")
_NUMERIC_TYPE = "NM"
_OBX_IDENTIFIER, _OBX_VALUE, _OBX_UNITS = 3, 5, 6  # fields of an OBX segment, from "OBX"
# HL7 order control codes (table 0119) of an order not yet carried out
_NEW_ORDER_CONTROLS = ("NW", "SN")
_ORDER_READING = "PLAN (new order):"
_HL7_MEANING = {".br": "\n", ".sp": "\n", "T": "&", "F": "|", "S": "^", "R": "~", "E": "\\"}


def decode_hl7_escapes(text: str) -> list[Edit]:
    """Edits that read a pasted HL7 message's text escapes as their characters."""
    if "\\" not in text or not ("\\.br\\" in text or text.lstrip().startswith("MSH|")):
        return []
    return [
        Edit(match.start(), match.end(), _HL7_MEANING[match.group(1)])
        for match in _HL7_ESCAPE.finditer(text)
    ]


def read_pasted_segments(text: str) -> list[Edit]:
    """Edits that read a pasted HL7 message's text segments as the note's lines, and a new
    order's segments as the plan (see the module's docstring)."""
    if not text.lstrip().startswith("MSH|"):
        return []
    edits: list[Edit] = []
    offset = 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if line.startswith("ORC|"):
            control = line.split("|")[1].strip().upper() if line.count("|") else ""
            if control in _NEW_ORDER_CONTROLS:
                edits.append(Edit(start, start + len(line.rstrip("\r")), _ORDER_READING))
            continue
        if not line.startswith("OBX|"):
            continue
        fields = line.split("|")
        value_type = fields[2].strip().upper() if len(fields) > _OBX_VALUE else ""
        if value_type not in _TEXT_TYPES and value_type != _NUMERIC_TYPE:
            continue
        value_start = start + sum(len(field) + 1 for field in fields[:_OBX_VALUE])
        value_end = value_start + len(fields[_OBX_VALUE])
        line_end = start + len(line.rstrip("\r"))
        if value_type == _NUMERIC_TYPE:
            label, units = _numeric_label(fields)
            if label is None:
                continue
            edits.append(Edit(start, value_start, f"{label}: "))
            edits.append(Edit(value_end, line_end, units))
            continue
        edits.append(Edit(start, value_start, ""))
        if value_end < line_end:
            edits.append(Edit(value_end, line_end, ""))
    return edits


def _numeric_label(fields: list[str]) -> tuple[str | None, str]:
    """The words a numeric OBX value is read under, from its identifier's text ("VAS1^Pain
    pre^L" reads "Pain pre"), and its units when written as a unit ("mm", "%"), not a UCUM
    annotation ("{score}"). None when the identifier has no text, only a code: the line is
    then left as it is."""
    components = fields[_OBX_IDENTIFIER].split("^")
    label = components[1].strip() if len(components) > 1 else ""
    if not label:
        return None, ""
    unit = fields[_OBX_UNITS].split("^")[0].strip() if len(fields) > _OBX_UNITS else ""
    return label, f" {unit}" if unit and not unit.startswith("{") else ""
