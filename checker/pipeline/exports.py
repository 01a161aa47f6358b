"""HL7 v2 text escapes in a note pasted from a message, read as the characters they stand for.

A note copied out of an HL7 v2 message (an OBX text segment pasted into a file) keeps the
message's escapes, which a person reading the report never sees: `\\.br\\` and `\\.sp\\`
(line breaks), `\\T\\` (`&`), `\\F\\` (`|`), `\\S\\` (`^`), `\\R\\` (`~`), `\\E\\` (`\\`). Left
as they are, "Done.\\.br\\TIME-OUT: Done." is one word to the matchers and the time-out is
lost. They are decoded only in a note that shows itself to be HL7: it has a line break
escape or starts with an `MSH|` header. (HTML, RTF and quoted-printable exports:
`checker.pipeline.markup`; a `.hl7` file is read as messages by `checker.interop`.)

The result is a list of edits (`checker.pipeline.edits`), so evidence still quotes the note
as written.
"""

from __future__ import annotations

import re

from checker.pipeline.edits import Edit

_HL7_ESCAPE = re.compile(r"\\(\.br|\.sp|T|F|S|R|E)\\")
_HL7_MEANING = {".br": "\n", ".sp": "\n", "T": "&", "F": "|", "S": "^", "R": "~", "E": "\\"}


def decode_hl7_escapes(text: str) -> list[Edit]:
    """Edits that read a pasted HL7 message's text escapes as their characters."""
    if "\\" not in text or not ("\\.br\\" in text or text.lstrip().startswith("MSH|")):
        return []
    return [
        Edit(match.start(), match.end(), _HL7_MEANING[match.group(1)])
        for match in _HL7_ESCAPE.finditer(text)
    ]
