"""Lines that say their content was copied from the schedule, the booking or a template
("Procedure: R C4-5, C5-6 facet injection (per schedule)", "[template] contrast: omni 180
0.3 per lvl"): what was planned or defaulted, not what the physician did today."""

from __future__ import annotations

import re

from checker.pipeline.reading import NoteReading

COPIED_LINE = re.compile(
    r"\b(?:per|from)[ \t]+(?:the[ \t]+)?(?:schedule|booking|(?:scheduling )?template)\b"
    r"|[(\[][ \t]*(?:template|auto-?generated|booked|scheduled)[ \t]*[)\]]"
    r"|\b(?:booked|scheduled)[ \t]*:",
    re.IGNORECASE,
)


def on_a_copied_line(reading: NoteReading, char: int) -> bool:
    """Whether the line holding `char` says it was copied from the schedule or a template,
    or continues such a line (a scheduled list's next item aligned under its first)."""
    return reading.item_matches(COPIED_LINE, char)
