"""Replacements over a text that keep the way back to it.

Each reading repair (an export's markup decoded, a look-alike letter replaced, a scanning
error read as the word it stands for) is a list of edits over the text before it. Applying
them gives the new text and, for each of its characters, the index in the old text it came
from, so evidence can still quote the note as written.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    """Read `text[start:end]` as `replacement`."""

    start: int
    end: int
    replacement: str


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, array]:
    """The edited text and its origin map (`origin[i]`: index in `text` of character i).

    Edits must not overlap. A replacement's characters point into the span it replaces in
    order, its last character at the span's last, so evidence that starts or ends inside a
    repaired word ("BUPIVACAME" read as "BUPIVACAINE") still quotes the whole word.
    """
    pieces: list[str] = []
    origin = array("q")
    done = 0
    for edit in sorted(edits, key=lambda edit: edit.start):
        pieces.append(text[done : edit.start])
        origin.extend(range(done, edit.start))
        pieces.append(edit.replacement)
        origin.extend(_inside(edit))
        done = edit.end
    pieces.append(text[done:])
    origin.extend(range(done, len(text)))
    return "".join(pieces), origin


def without_overlaps(edits: list[Edit]) -> list[Edit]:
    """The edits in order, less any that overlaps one before it (the wider one wins)."""
    kept: list[Edit] = []
    end = -1
    for edit in sorted(edits, key=lambda edit: (edit.start, -edit.end)):
        if edit.start >= end:
            kept.append(edit)
            end = edit.end
    return kept


def _inside(edit: Edit) -> list[int]:
    size, last = len(edit.replacement), edit.end - 1
    if size == 0:
        return []
    if size == 1 or last <= edit.start:
        return [edit.start] * size
    return [min(edit.start + index, last) for index in range(size - 1)] + [last]


def compose(first: array | None, second: array) -> array:
    """The origin map of two edit steps in turn (`first` maps the middle text back)."""
    if first is None:
        return second
    return array("q", (first[index] for index in second))
