"""Side-by-side tables of an earlier block against today's:

                        MBB #1 (08/02/24)       MBB #2 (TODAY 08/23/24)
      Anesthetic        lidocaine 2%            Marcaine 0.25%
      Post-block NRS    2                       1

The header line names today in one column and an earlier block in another ("PREVIOUS BLOCK",
"MBB #1", "1st block"); what the rows below hold under the earlier column, up to the first
blank line or a line that is no table row, is that block's, not today's.

And wide longitudinal reports, one pipe column per event (a REDCap report by event):

    variable   | baseline_arm_1 | mbb_1_arm_1 | mbb_2_arm_1 | rf_1_arm_1
    proc_date  |                | 2024-08-29  | 2024-09-19  |
    nrs_pre    | 7              | 7           | 5           |

A row of the table dates its columns; when one column's date is the date of service and
another's is not, every column but the labels' and today's is another event's, in every row
of the table (the header and the rows above and below, up to a line without a pipe).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.extract.dated import Day, day_of
from checker.pipeline.literal import lowered, names_any

_TODAY_WORD = re.compile(r"\btoday\b", re.IGNORECASE)
_TODAY_COLUMN = re.compile(
    r"\btoday\b|\bthis (?:block|sheet|visit|session)\b|\bcurrent\b", re.IGNORECASE
)
_EARLIER_COLUMN = re.compile(
    r"\b(?:previous|prior|earlier|last|first|1st|initial)\b|#\s*1\b|\bblock\s*1\b",
    re.IGNORECASE,
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
    if not names_any(lowered(text), ("today",)):
        return spans  # no header names today's column
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


def _earlier_columns_of(line: str) -> list[tuple[int, int | None]]:
    """Character columns (from, to) of a header line's earlier-block columns (the last one
    open-ended: to None)."""
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
    spans = []
    for row, row_end in _lines_below(text, header_end):
        if not _ROW_GAP.search(text, row, row_end):
            break  # prose below the table: no longer its rows
        for first, following in columns:
            cell_end = row_end if following is None else min(row + following, row_end)
            if row + first < cell_end:
                spans.append((row + first, cell_end))
    return spans


def _lines_below(text: str, header_end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each line after a table's header line, up to the first blank line."""
    blank = _BLANK_LINE.search(text, header_end)
    table_end = blank.start() if blank else len(text)
    row = header_end + 1
    while row < table_end:
        row_end = text.find("\n", row, table_end)
        row_end = table_end if row_end < 0 else row_end
        yield row, row_end
        row = row_end + 1


# a column of imaging findings beside today's ("MRI 01/2025 (left facet)", "CT findings")
_IMAGING_COLUMN = re.compile(r"\b(?:mri|ct|imaging|x-?rays?|radiograph)\b", re.IGNORECASE)
_FILLED = re.compile(r"[^\W_]")  # a cell holding a mark or words, not a dash or a blank


def today_beside_imaging(text: str) -> list[tuple[int, int]]:
    """A table of imaging findings against today's treatment, one row per level:

           Level     MRI 01/2025              TODAY - LEFT
           T7-8      hypertrophy              X  Naropin 0.5% 0.5 mL

    (start, end) bounds of today's header cell and, in each row whose today cell holds a
    mark or words (not a dash or a blank), of the row's label and today's cell: the level
    they name is today's, whatever the imaging cell beside it says. `text` keeps the note's
    line breaks."""
    spans: list[tuple[int, int]] = []
    if not names_any(lowered(text), ("today",)):
        return spans
    for today in _TODAY_WORD.finditer(text):
        start, end = _line_bounds(text, today.start())
        cells = [(m.start(), m.group()) for m in _HEADER_CELL.finditer(text[start:end])]
        if len(cells) < 3 or any(len(words.split()) > _MAX_HEADER_WORDS for _, words in cells):
            continue
        today_index = next(
            (i for i, (_, words) in enumerate(cells) if _TODAY_COLUMN.search(words)), None
        )
        if not today_index or not any(
            _IMAGING_COLUMN.search(words) for i, (_, words) in enumerate(cells) if i != today_index
        ):
            continue
        label_end = cells[1][0] - _CELL_SLACK
        today_from = cells[today_index][0] - _CELL_SLACK
        today_to = cells[today_index + 1][0] if today_index + 1 < len(cells) else None
        spans.append((start + cells[today_index][0], end))
        spans += _today_rows(text, end, label_end, today_from, today_to)
    return sorted(spans)


def _today_rows(
    text: str, header_end: int, label_end: int, today_from: int, today_to: int | None
) -> list[tuple[int, int]]:
    spans = []
    for row, row_end in _lines_below(text, header_end):
        indent = len(text[row:row_end]) - len(text[row:row_end].lstrip(" \t"))
        if not _ROW_GAP.search(text, row, row_end) and indent < today_from:
            break  # prose below the table (not a today cell's wrapped line): no more rows
        cell_end = row_end if today_to is None else min(row + today_to, row_end)
        if row + today_from < cell_end and _FILLED.search(text, row + today_from, cell_end):
            spans += [(row, min(row + label_end, row_end)), (row + today_from, cell_end)]
    return spans


def other_event_columns(text: str, service: Day | None) -> list[tuple[int, int]]:
    """(start, end) bounds of the cells of a wide report's columns for events other than
    today's (`service`, the note's date of service), in text order. `text` keeps the note's
    line breaks (a reading that joins a table's lines would shift its cells)."""
    if "|" not in text or service is None:
        return []
    spans: list[tuple[int, int]] = []
    done_until = -1
    for row in _DATED_CELL_ROW.finditer(text):
        if row.start() < done_until:
            continue
        start, end = _line_bounds(text, row.start())
        today = _today_index(text[start:end], service)
        if today is None:
            continue
        table_start, table_end = _piped_block(text, start, end)
        spans += _cells_except(text, table_start, table_end, today)
        done_until = table_end
    return spans


# a pipe cell holding only a date, with another cell on its line
_DATED_CELL_ROW = re.compile(
    r"\|[ \t]*\d{1,4}[-/]\d{1,2}[-/]\d{2,4}[ \t]*(?=\|)|\|[ \t]*\d{4}-\d{2}-\d{2}[ \t]*$",
    re.MULTILINE,
)


def _line_bounds(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def _today_index(line: str, service: Day) -> int | None:
    """The pipe index of the one cell dated the day of service, when another cell holds
    another date (so the row dates events, not one event's fields)."""
    today, others = [], 0
    for index, cell in enumerate(line.split("|")):
        day = day_of(cell.strip())
        if day is None:
            continue
        if day == service:
            today.append(index)
        else:
            others += 1
    return today[0] if len(today) == 1 and others and today[0] > 0 else None


def _piped_block(text: str, start: int, end: int) -> tuple[int, int]:
    """The lines around [start, end) that hold a pipe: the table's."""
    while start > 0:
        above, _ = _line_bounds(text, start - 1)
        if "|" not in text[above : start - 1]:
            break
        start = above
    while end < len(text):
        _, below = _line_bounds(text, end + 1)
        if "|" not in text[end + 1 : below]:
            break
        end = below
    return start, end


def _cells_except(text: str, start: int, end: int, today: int) -> list[tuple[int, int]]:
    spans = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        offset = start + line.start()
        pipes = [offset + p.start() for p in re.finditer(r"\|", line.group())]
        bounds = [offset - 1, *pipes, offset + len(line.group())]
        for index in range(1, len(bounds) - 1):
            if index != today:
                spans.append((bounds[index] + 1, bounds[index + 1]))
    return spans
