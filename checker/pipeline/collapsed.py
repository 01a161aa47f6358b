"""Field labels run into their values when a record's layout was lost on the way:

    ProcedureBilateral third occipital nerve and C3, C4, C5 medial branch blocks
    ConsentWritten, signedTime-outDone 08:12PrepChlorhexidine, sterile drape
    Pain pre7/10Post2/10 (30 min)Relief71%

A person still reads "Procedure: Bilateral ...", "Time-out: Done 08:12", "pre 7/10". This
step sets such a label apart in the text the matchers read. A label that opens a word and runs
into a capital letter or a digit is followed by a space, or by ": " when it is a field's key
(it opens its line or follows a field break). A capitalised label that runs on from a digit,
a closing parenthesis or a percent sign, or from a lower-case word with a capital or a digit
right after it, is preceded by two spaces (a field break). The labels are data
(`patterns/collapsed_fields.json`); a label inside a brand name ("ChloraPrep", "DuraPrep") is
followed by neither and stays as written.
Offsets map back through the inserted spaces (`checker.pipeline.edits`).
"""

from __future__ import annotations

import re
from functools import cache

from checker.pipeline.edits import Edit
from checker.resources import load_json


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    labels = load_json("collapsed_fields.json")["labels"]
    # as a field label is written: capitalised or lower case, never all capitals
    written = "|".join(
        f"[{label[0].upper()}{label[0].lower()}]{re.escape(label[1:].lower())}"
        for label in sorted(labels, key=len, reverse=True)
    )
    titled = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    opening = re.compile(rf"(?:{written})(?=[A-Z0-9])")
    running_on = re.compile(rf"(?:(?<=[0-9)%])(?:{titled})|(?<=[a-z])(?:{titled})(?=[A-Z0-9]))")
    return opening, running_on


def collapsed_fields(text: str) -> list[Edit]:
    """Edits inserting the spaces a collapsed record lost around its field labels."""
    opening, running_on = _patterns()
    inserted: dict[int, str] = {}
    for label in running_on.finditer(text):
        inserted[label.start()] = "  "
    for label in opening.finditer(text):
        before = text[label.start() - 1 : label.start()]
        if (before.isalpha() or before == "-") and label.start() not in inserted:
            continue  # inside a word, not a label run on from the value before it
        line_start = text.rfind("\n", 0, label.start()) + 1
        ahead = text[line_start : label.start()]
        # a field's key: it opens its line or follows a field break (two spaces)
        key = not ahead.strip() or ahead.endswith("  ") or label.start() in inserted
        inserted.setdefault(label.end(), ": " if key else " ")
    return [Edit(at, at, words) for at, words in sorted(inserted.items())]
