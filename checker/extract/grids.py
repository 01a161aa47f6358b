"""Pain-score grids: the sites scored in rows, before and after in columns.

    Pain scores (NRS):            Pre    Post (30 min)
       Axial low back              8         2
       Right buttock               6         4

A header line that names pain (or sits under a heading that does) and then the columns, the
score before and one or more after ("Post", "Post (20 min)", or time points "30 min   60 min"),
each set off by two or more spaces; the rows below it, up to a blank line or a line that is
no row, each a label and one 0-10 score per column. A row gives the pre-procedure score of its
site and, from its last column, the post-procedure score (the last before discharge); which
row is the procedure's is the caller's choice (`ScoreGrid.rows`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from checker.pipeline.literal import find_from, line_starts, lowered

_TIME = r"\d{1,3}[ \t]*(?:min|mins|minutes|h|hr|hrs|hours?)\b\.?"
# a column after the block: "Post", "After", "Post (20 min)", or a time point in minutes
# ("30 min"): the serial scores of the observation period, the last being the post score
_LATER = (
    r"(?:(?:post(?:-procedure|-block|-injection)?|after)\b(?:[^\n\d]*?" + _TIME + r")?[^\n\d]*?"
    r"|\d{1,3}[ \t]*(?:min|mins|minutes)\b\.?(?:[ \t]?[^\n\d \t]+)*)"
)
_HEADER = re.compile(
    r"^(?P<lead>[^\n]*?)[ \t]{2,}"
    r"(?P<pre>pre(?:-procedure|-block|-injection)?|before|baseline)\b[^\n\d]{0,12}?"
    r"(?P<later>(?:[ \t]{2,}" + _LATER + r")+)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_BEFORE_WORDS = ("pre", "before", "baseline")  # one of them in every header's line
_LATER_WORDS = ("post", "after", "min")  # and one of these
_LATER_COLUMN = re.compile(r"[ \t]{2,}" + _LATER, re.IGNORECASE)
# a header that names no pain itself ("Site   Pre   30 min   60 min") is a pain grid under a
# heading line that does ("Pain table (0-10):", "RESPONSE", "Outcome measures:", "PRE / POST")
_NAMES_PAIN = re.compile(
    r"pain|\b(?:nrs|vas|nprs|scores?|response|outcomes?)\b|\bpre\s*/\s*post\b", re.IGNORECASE
)
# a cell: a score, with its column's name when the reading wrote it in ("Pre 6/10",
# "Post (20 min) 2/10")
_CELL_TEXT = (
    r"(?:(?i:pre|post|before|after|baseline)\b(?:[ \t]*\([^)\n]*\))?[ \t]+)?"
    r"(\d{1,3})(?:/10)?(?![\d%.])"
)
# a row: its label, its cells, and a remark after two or more spaces ("85% relief", "(not
# treated)"); a row of another scale ("Arm pain (VAS, mm)   85   20") is passed over
_ROW = re.compile(
    r"[ \t]*(?P<label>[A-Za-z][^\d\n|]*?)[ \t]{2,}(?P<cells>"
    + _CELL_TEXT
    + r"(?:[ \t]+"
    + _CELL_TEXT
    + r")*)(?:[ \t]{2,}[^\n]*)?[ \t]*(?=\n|$)"
)
_CELL = re.compile(_CELL_TEXT, re.IGNORECASE)
_OTHER_SCALE = re.compile(r"\bmm\b", re.IGNORECASE)


class GridRow(NamedTuple):
    label: str
    label_at: int
    pre: int
    pre_at: int
    post: int
    post_at: int


class ScoreGrid(NamedTuple):
    start: int  # the header line's start
    end: int  # the last row's end
    rows: list[GridRow]


def score_grids(text: str) -> list[ScoreGrid]:
    """The pain-score grids of a note, in text order. A row gives its pre cell and its last
    cell (the last column after the block: the last score before discharge)."""
    grids = []
    # tried only at the start of a line that names a column before and one after
    words = lowered(text)
    starts = line_starts(words, _BEFORE_WORDS)
    if words is not None and starts is not None:
        starts = [start for start in starts if _names_later(words, start)]
    for header in find_from(_HEADER, text, starts):
        if not _names_pain(text, header):
            continue
        columns = 1 + len(_LATER_COLUMN.findall(header.group("later")))
        rows: list[GridRow] = []
        at = header.end() + 1
        while at < len(text):
            row = _ROW.match(text, at)
            if row is None:
                break
            cells = list(_CELL.finditer(row.group("cells")))
            if len(cells) != columns:
                break
            at = row.end() + 1
            if _OTHER_SCALE.search(row.group("label")) or any(
                int(cell.group(1)) > 10 for cell in cells
            ):
                continue
            base = row.start("cells")
            rows.append(
                GridRow(
                    row.group("label").strip(),
                    row.start("label"),
                    int(cells[0].group(1)),
                    base + cells[0].start(1),
                    int(cells[-1].group(1)),
                    base + cells[-1].start(1),
                )
            )
        if rows:
            grids.append(ScoreGrid(header.start(), rows[-1].post_at + 1, rows))
    return grids


def _names_pain(text: str, header: re.Match[str]) -> bool:
    """The header's lead names pain, or the line above it does."""
    if _NAMES_PAIN.search(header.group("lead")):
        return True
    above_end = max(0, header.start() - 1)
    above = text[text.rfind("\n", 0, above_end) + 1 : above_end]
    return bool(_NAMES_PAIN.search(above))


def _names_later(lowered_text: str, start: int) -> bool:
    """Whether the line starting at `start` names a column after the block."""
    end = lowered_text.find("\n", start)
    line = lowered_text[start : end if end != -1 else len(lowered_text)]
    return any(word in line for word in _LATER_WORDS)
