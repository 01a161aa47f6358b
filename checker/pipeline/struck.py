"""Text a revision struck out, read as removed.

A note shown as a version history or a revision view keeps the words a later version
removed, marked as removed: `~~C4-5,~~ C5-6`, `[deleted: right C4, C5, C6]`,
`<del>C5-6</del>`, `C5-6 (struck)`, `~~C5-6~~ -> C6-7`. A person reading the signed note
skips them; a matcher would read the struck level, side or drug as today's. The forms are
data (`patterns/struck_text.json`); here each struck stretch becomes an edit that removes it
(`checker.pipeline.edits`), so every extractor reads the current text while each remaining
character keeps the index in the note it came from and evidence quotes the note as written.

A note with none of the forms' trigger words costs one substring test of the lower-cased
note (`checker.pipeline.literal`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from checker.pipeline.edits import Edit, without_overlaps
from checker.pipeline.literal import lowered, names_any
from checker.resources import load_json

_WORD_CHARACTER = re.compile(r"\w")


@dataclass(frozen=True)
class StruckForms:
    """The trigger search (any form's sign) and the forms' patterns."""

    trigger: re.Pattern[str]
    trigger_words: tuple[str, ...]  # lower case, for a literal test before the search
    patterns: tuple[re.Pattern[str], ...]


@cache
def struck_forms() -> StruckForms:
    data = load_json("struck_text.json")
    triggers = "|".join(re.escape(trigger) for trigger in data["triggers"])
    flags = re.IGNORECASE | re.MULTILINE
    return StruckForms(
        re.compile(triggers, re.IGNORECASE),
        tuple(trigger.lower() for trigger in data["triggers"]),
        tuple(re.compile(row["pattern"], flags) for row in data["patterns"]),
    )


def struck_text(text: str) -> list[Edit]:
    """Edits that remove each struck stretch of `text` (with one space beside it, so the
    words around it read as they would without it)."""
    forms = struck_forms()
    if not names_any(lowered(text), forms.trigger_words) or forms.trigger.search(text) is None:
        return []
    found = [match.span() for pattern in forms.patterns for match in pattern.finditer(text)]
    spans = without_overlaps([Edit(start, end, "") for start, end in found if end > start])
    return [_removal(text, edit.start, edit.end) for edit in spans]


def _removal(text: str, start: int, end: int) -> Edit:
    """Remove `text[start:end]`: with the space after it when a space or a line's start
    stands before it ("Bilateral ~~C4-5,~~ C5-6" reads "Bilateral C5-6"), or as one space
    between two words it glued ("right~~ C4-5~~C5-6")."""
    before = text[start - 1 : start]
    after = text[end : end + 1]
    if before in ("", "\n", " ", "\t"):
        if after in (" ", "\t"):
            return Edit(start, end + 1, "")
        return Edit(start, end, "")
    if _WORD_CHARACTER.match(before) and _WORD_CHARACTER.match(after):
        return Edit(start, end, " ")
    return Edit(start, end, "")
