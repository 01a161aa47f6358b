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

_HEADER = re.compile(
    r"^(?P<lead>[^\n]*?(?:pain|nrs|vas|nprs)[^\n]*?)[ \t]{2,}"
    r"(?P<pre>pre(?:-procedure|-block|-injection)?|before|baseline)\b[^\n\d]{0,12}?[ \t]{2,}"
    r"(?P<post>post(?:-procedure|-block|-injection)?|after)\b[^\n\d]*(?:\d{1,3}[ \t]*"
    r"(?:min|mins|minutes|h|hr|hrs|hours?)\b[^\n\d]*)?$",
    re.IGNORECASE | re.MULTILINE,
)
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
    for header in _HEADER.finditer(text):
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
