"""Side-by-side tables of an earlier block against today's:

                        MBB #1 (08/02/24)       MBB #2 (TODAY 08/23/24)
      Anesthetic        lidocaine 2%            Marcaine 0.25%
      Post-block NRS    2                       1

The header line names today in one column and an earlier block in another ("PREVIOUS BLOCK",
"MBB #1", "1st block"); what the rows below hold under the earlier column, up to the first
blank line or a line that is no table row, is that block's, not today's.
"""

from __future__ import annotations

import re

_TODAY_WORD = re.compile(r"\btoday\b", re.IGNORECASE)
_TODAY_COLUMN = re.compile(r"\btoday\b|\bthis (?:block|sheet|visit|session)\b|\bcurrent\b", re.I)
_EARLIER_COLUMN = re.compile(
    r"\b(?:previous|prior|earlier|last|first|1st|initial)\b|#\s*1\b|\bblock\s*1\b", re.I
)
# a header cell: words with single spaces between them, ended by two spaces, a pipe or the line
_HEADER_CELL = re.compile(r"[^\s|](?:[^|\n]*?[^\s|])?(?=\s{2,}|\s*\||\s*$)")
_MAX_HEADER_WORDS = 5  # a longer cell is prose, not a column header
_ROW_GAP = re.compile(r"\S(?: {2,}|\t|\s*\|\s*)\S")  # a row has cells apart
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_CELL_SLACK = 2  # characters a cell may start before its column's header


def earlier_columns(text: str) -> list[tuple[int, int]]:
    """(start, end) character bounds of the cells under an earlier block's column, in text
    order."""
    spans: list[tuple[int, int]] = []
    headers_seen: set[int] = set()
    for today in _TODAY_WORD.finditer(text):
        start = text.rfind("\n", 0, today.start()) + 1
        if start in headers_seen:
            continue
        headers_seen.add(start)
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        columns = _earlier_columns_of(text[start:end])
        if columns:
            spans += _cells_below(text, end, columns)
    return sorted(spans)


def _earlier_columns_of(line: str) -> list[tuple[int, int]]:
    """Character columns (from, to) of a header line's earlier-block columns."""
    cells = [(m.start(), m.group()) for m in _HEADER_CELL.finditer(line)]
    if len(cells) < 2 or any(len(words.split()) > _MAX_HEADER_WORDS for _, words in cells):
        return []
    if not any(_TODAY_COLUMN.search(words) for _, words in cells):
        return []
    found = []
    for index, (start, words) in enumerate(cells):
        if _TODAY_COLUMN.search(words) or not _EARLIER_COLUMN.search(words):
            continue
        following = cells[index + 1][0] if index + 1 < len(cells) else None
        found.append((max(0, start - _CELL_SLACK), following))
    return found


def _cells_below(
    text: str, header_end: int, columns: list[tuple[int, int | None]]
) -> list[tuple[int, int]]:
    blank = _BLANK_LINE.search(text, header_end)
    table_end = blank.start() if blank else len(text)
    spans = []
    row = header_end + 1
    while row < table_end:
        row_end = text.find("\n", row, table_end)
        row_end = table_end if row_end < 0 else row_end
        if not _ROW_GAP.search(text, row, row_end):
            break  # prose below the table: no longer its rows
        for first, following in columns:
            cell_end = row_end if following is None else min(row + following, row_end)
            if row + first < cell_end:
                spans.append((row + first, cell_end))
        row = row_end + 1
    return spans
