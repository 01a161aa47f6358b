"""Pain-score grids: the sites scored in rows, before and after in columns.

    Pain scores (NRS):            Pre    Post (30 min)
       Axial low back              8         2
       Right buttock               6         4

A header line that names pain and then two columns, the score before and the score after,
each set off by two or more spaces; the rows below it, up to a blank line or a line that is
no row, each a label and two 0-10 scores. A row gives the pre- and post-procedure scores of
its site; which row is the procedure's is the caller's choice (`ScoreGrid.rows`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from checker.pipeline.literal import find_from, line_starts, lowered

_HEADER = re.compile(
    r"^(?P<lead>[^\n]*?(?:pain|nrs|vas|nprs)[^\n]*?)[ \t]{2,}"
    r"(?P<pre>pre(?:-procedure|-block|-injection)?|before|baseline)\b[^\n\d]{0,12}?[ \t]{2,}"
    r"(?P<post>post(?:-procedure|-block|-injection)?|after)\b[^\n\d]*(?:\d{1,3}[ \t]*"
    r"(?:min|mins|minutes|h|hr|hrs|hours?)\b[^\n\d]*)?$",
    re.IGNORECASE | re.MULTILINE,
)
_PAIN_WORDS = ("pain", "nrs", "vas", "nprs")  # one of them in every header's line
_BEFORE_WORDS = ("pre", "before", "baseline")  # and one of these
_AFTER_WORDS = ("post", "after")  # and one of these
_ROW = re.compile(
    r"[ \t]*(?P<label>[A-Za-z][^\d\n|]*?)[ \t]{2,}(?P<pre>10|\d)(?:/10)?[ \t]+"
    r"(?P<post>10|\d)(?:/10)?[ \t]*(?=\n|$)"
)


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
    """The pain-score grids of a note, in text order."""
    grids = []
    # tried only at the start of a line that names pain and both columns: the same headers
    words = lowered(text)
    starts = line_starts(words, _PAIN_WORDS)
    if starts is not None:
        starts = [start for start in starts if _names_columns(words, start)]
    for header in find_from(_HEADER, text, starts):
        rows: list[GridRow] = []
        at = header.end() + 1
        while at < len(text):
            row = _ROW.match(text, at)
            if row is None:
                break
            rows.append(
                GridRow(
                    row.group("label").strip(),
                    row.start("label"),
                    int(row.group("pre")),
                    row.start("pre"),
                    int(row.group("post")),
                    row.start("post"),
                )
            )
            at = row.end() + 1
        if rows:
            grids.append(ScoreGrid(header.start(), rows[-1].post_at + 1, rows))
    return grids


def _names_columns(lowered_text: str, start: int) -> bool:
    """Whether the line starting at `start` names a column before and one after."""
    end = lowered_text.find("\n", start)
    line = lowered_text[start : end if end != -1 else len(lowered_text)]
    return any(word in line for word in _BEFORE_WORDS) and any(
        word in line for word in _AFTER_WORDS
    )
