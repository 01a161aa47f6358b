"""Notes from the formats billing systems send, and FHIR output.

Inputs: FHIR R4 JSON (`.json` files, JSON Lines of resources, request bodies), HL7 v2
messages (`.hl7` files, request bodies) and standard input. Each parser hands back the same
`Note` the reader makes from a `.txt` note, so a note checks the same whatever it came in.

The parsing libraries are optional extras (`[fhir]`, `[hl7]`) imported only when such input
is read; without them each such record is an error line saying what to install.
"""

from __future__ import annotations

from checker.interop.dispatch import (
    INPUT_FORMATS,
    INTEROP_SUFFIXES,
    StandardInput,
    detect_format,
    notes_from_bytes,
    notes_from_jsonl_record,
    read_interop_path,
)

__all__ = [
    "INPUT_FORMATS",
    "INTEROP_SUFFIXES",
    "StandardInput",
    "detect_format",
    "notes_from_bytes",
    "notes_from_jsonl_record",
    "read_interop_path",
]
