"""Level grids whose columns are the sides:

    LEVELS    RIGHT   LEFT            | Level | Right | Left |
    C3-4      [X]     [ ]             | C4-5  |  x    |  x   |
    C4-5      [X]     [X]             | C5-6  | 0.5 mL|  -   |

A header line names both sides and no level; each following line that starts with a level
is a row, and a ticked or filled cell under a side column puts the level on that side.
Cells are matched to columns by pipe position, or by character column when aligned with
spaces. The grid ends at the first line that does not start with a level.

And grids the other way round, whose columns are the levels and rows the sides, with pipes
or aligned with spaces (a row may name a drug after its side):

    | Side  | C3-4 | C4-5 | C5-6 |        mL per joint      C5-6    C6-7    C7-T1
    | Right | —    | 0.5  | 0.5  |        L  lidocaine 1%     -      0.5     0.5
    | Left  | —    | x    | —    |        R  lidocaine 1%     -       -       -

A header whose cells after the first are all levels; each following row that starts with a
side puts on it the levels whose cells are ticked or hold an amount (a dash or a blank is
not injected).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from checker.extract.legend_entries import meanings
from checker.extract.mentions import Mention, NoteMentions

# Checkbox glyphs and fill words are layout, not vocabulary: ticked vs empty cells.
_TICKED = re.compile(
    r"\[\s*[xX✓✔*]\s*\]|[☑☒✓✔]|(?<![\w.])(?:[xX]|yes|y|done|\+)(?![\w.])|\d*\.?\d+\s*(?:m[lL]|cc)"
)
_AMOUNT = re.compile(r"^\s*(\d*\.?\d+)\s*$")
_LEVEL_CELL = re.compile(r"^\s*[CTLS]\d{1,2}\s*[-/]\s*[CTLS]?\d{1,2}\s*$", re.IGNORECASE)
_TICK_SLACK = 2  # characters a tick may sit off its column header's width
# a mark alone (not an amount or a word) in a longer cell
_MARK = re.compile(r"(?<![\w.])[xX✓✔](?![\w.])")
# the characters of a table's rule line, or of a drawing's line between its rows ("|_____|")
_RULE_CHARS = frozenset("|-:= _")
# an empty cell drawn as a dot ("C2-3   .   ."): its dot ends the row's sentence, so the next
# row's sentence opens with it
_EMPTY_CELL_CHARS = _RULE_CHARS | frozenset(".")
_ALIGNED_CELL = re.compile(r"[ \t]{2,}")  # between the cells of a grid aligned with spaces
_ALIGNED_CELLS = re.compile(r"\S+(?: \S+)*")  # a cell: words one space apart
_CELL = re.compile(r"\[\s*[^\]]?\s*\]|[☐☑☒✓✔]|\S+(?:\s\S+)*")


# A panel grid's row starts with a checkbox; a box and nothing but spaces before a level.
_PANEL_BOX = r"\[\s*[xX✓✔*]?\s*\]|[☐☑☒]"
_PANEL_ROW = re.compile(rf"^[ \t]*(?:{_PANEL_BOX})")
_BOX_BEFORE = re.compile(rf"(?P<box>{_PANEL_BOX})[ \t]*$")
_SIDES = {"right": ("right",), "left": ("left",), "bilateral": ("right", "left")}


@dataclass
class GridRow:
    sentence: int
    level_mentions: list[Mention]
    sides: tuple[str, ...]
    side_mentions: list[Mention]


def find_side_grids(
    mentions: NoteMentions, level_labels: tuple[str, ...]
) -> tuple[list[GridRow], set[int]]:
    """Rows of every side-column grid, and the sentences (header and rows) they take up."""
    text, reading = mentions.doc_text, mentions.reading
    piped = _PipedLines(text, reading)
    rows: list[GridRow] = []
    taken: set[int] = set()
    for sent in sorted({m.sent for m in mentions.of("SIDE")}):
        in_sentence = mentions.in_sentence(sent)
        sides = [m for m in in_sentence if m.label == "SIDE" and m.is_today("levels")]
        if any(m.label in level_labels for m in in_sentence):
            continue
        values = [m.value for m in sides]
        if sorted(values) != ["left", "right"]:
            continue
        line_start, _ = reading.line_bounds(sides[0].start_char)
        columns = [
            (m.start_char - line_start, piped.index(line_start, m.start_char), m) for m in sides
        ]
        grid = _read_rows(mentions, sent, columns, level_labels)
        if not grid and columns[0][1] is None:
            grid = _read_panel_rows(mentions, sides[0].end_char, columns, level_labels)
        if grid:
            rows += grid
            taken |= {sent, *(row.sentence for row in grid)}
    return rows, taken


class _PipedLines:
    """Pipe cells by bisect over the note's pipes, found once: in a note without line
    breaks a search of the line per question would read the whole note again."""

    def __init__(self, text: str, reading) -> None:
        self.text, self.reading = text, reading
        self._pipes: list[int] | None = None

    def index(self, line_start: int, char: int) -> int | None:
        """The pipe cell holding `char` when its line holds a pipe, else None."""
        if self._pipes is None:
            self._pipes = [found.start() for found in re.finditer(r"\|", self.text)]
        line_end = self.reading.line_bounds(char)[1]
        first = bisect_left(self._pipes, line_start)
        if bisect_left(self._pipes, line_end) == first:
            return None
        return bisect_left(self._pipes, char) - first


def _read_rows(mentions: NoteMentions, header_sent: int, columns, level_labels) -> list[GridRow]:
    reading, text = mentions.reading, mentions.doc_text
    doc = reading.doc
    rows = []
    row_line: tuple[int, int] | None = None  # the last row's line
    sent_end = reading.sentence_end(header_sent)
    while sent_end < len(doc):
        sentence = doc[sent_end : reading.sentence_end(sent_end)]
        sent_end = sentence.end
        if not sentence.text.strip():
            if "\n\n" in sentence.text:
                break
            continue
        if set(sentence.text.strip()) <= _EMPTY_CELL_CHARS:
            continue  # a pipe table's separator line, or a drawing's line between rows
        found = [m for m in mentions.in_sentence(sentence.start) if m.label in level_labels]
        # (a rule line under the header may run into the first row's sentence)
        first_word = next(
            (t for t in sentence if not (t.is_space or set(t.text) <= _EMPTY_CELL_CHARS)), None
        )
        in_last_row = (
            not found
            and first_word is not None
            and row_line is not None
            and row_line[0] <= first_word.idx < row_line[1]
        )
        if in_last_row:
            continue  # the rest of the row: a dot in an empty cell ended its sentence
        if not found or first_word is None or found[0].start != first_word.i:
            break
        line_start, line_end = reading.line_bounds(found[0].start_char)
        row_line = (line_start, line_end)
        panels = _panel_levels(mentions.text, found, columns)
        if panels is not None:
            rows += [
                GridRow(sentence.start, [level], (side.value,), [side]) for level, side in panels
            ]
            rows.append(GridRow(sentence.start, [], (), []))  # the row is the grid's
            continue
        row_sides = _ticked_sides(text, line_start, line_end, found[-1].end_char, columns)
        rows.append(
            GridRow(
                sentence.start, found, tuple(s for s, _ in row_sides), [m for _, m in row_sides]
            )
        )
    return rows


def _panel_levels(written: str, found: list[Mention], columns):
    """Two panels side by side, each side's levels in its own cell of the row, split by a
    pipe or aligned with spaces under the side headings:

        LEFT                               |   RIGHT
        C3-4   arthrogram ok   injected    |   C3-4   arthrogram ok   injected

    (level, side) for each level whose cell says it was treated (a tick, an amount, or a
    word the legends give to treated levels, and none they give to untreated ones); None
    when the row does not hold a level under more than one side's cell. The row is its line
    as written (a rule line above it may have been read as running on into it)."""
    line_start = written.rfind("\n", 0, found[0].start_char) + 1
    line_end = written.find("\n", found[0].start_char)
    line = written[line_start : len(written) if line_end < 0 else line_end]
    if columns[0][1] is not None:  # cells by pipe
        cells = line.split("|")
        starts = [0]
        for cell in cells[:-1]:
            starts.append(starts[-1] + len(cell) + 1)
        by_side = {index: mention for _, index, mention in columns}
    else:  # a panel runs from its side heading's column to the next one's
        ordered = sorted(columns, key=lambda column: column[0])
        starts = [0] + [offset for offset, _, _ in ordered[1:]]
        cells = [
            line[start:end] for start, end in zip(starts, [*starts[1:], len(line)], strict=True)
        ]
        by_side = {index: mention for index, (_, _, mention) in enumerate(ordered)}
    panels = []
    for level in found:
        index = bisect_right(starts, level.start_char - line_start + _TICK_SLACK) - 1
        if index in by_side:
            panels.append((level, by_side[index], cells[index]))
    if len({id(side) for _, side, _ in panels}) < 2:
        return None
    return [(level, side) for level, side, cell in panels if _says_treated(cell)]


def _says_treated(cell: str) -> bool:
    lowered = cell.lower()
    not_treated, treated = meanings()
    if any(words in lowered for words in not_treated):
        return False
    return bool(_TICKED.search(cell)) or any(word in lowered for word in treated)


def _read_panel_rows(mentions: NoteMentions, header_end: int, columns, level_labels):
    """A grid of two panels side by side, each side's checkboxes under its own header:

        RIGHT                          LEFT
        ☑ C3 MB -> inj                 ☐ C3 MB (not planned)
        ☑ C4 MB -> inj                 ☑ C4 MB -> inj

    Each line below the header, up to a blank line or a line that does not start with a
    checkbox, holds a box and a level per panel; a level is on the side whose header its box
    sits under, and counts only when its own box is ticked."""
    reading, text = mentions.reading, mentions.doc_text
    levels = [m for m in mentions.of(*level_labels)]
    starts = [m.start_char for m in levels]
    rows: list[GridRow] = []
    at = reading.line_bounds(header_end)[1] + 1
    while at < len(text):
        line_start, line_end = reading.line_bounds(at)
        line = text[line_start:line_end]
        if not _PANEL_ROW.match(line):
            break
        first = bisect_left(starts, line_start)
        in_line = [m for m in levels[first : bisect_left(starts, line_end)] if m.is_today("levels")]
        for mention in in_line:
            box = _BOX_BEFORE.search(text, line_start, mention.start_char)
            if box is None or not _TICKED.fullmatch(box.group("box")):
                continue
            offset = box.start("box") - line_start
            _, _, side = min(columns, key=lambda column: abs(column[0] - offset))
            rows.append(GridRow(mention.sent, [mention], _SIDES[side.value], [side]))
        at = line_end + 1
    return rows


def _ticked_sides(text: str, line_start: int, line_end: int, after: int, columns):
    ticked = []
    line = text[line_start:line_end]
    if columns[0][1] is not None:  # pipe table: cells by index
        cells = line.split("|")
        for _, index, mention in columns:
            if index < len(cells) and _TICKED.search(cells[index]):
                ticked.append((mention.value, mention))
        return ticked
    for cell in _CELL.finditer(line, after - line_start):
        if not _TICKED.fullmatch(cell.group().strip()) and not _TICKED.search(cell.group()):
            continue
        mention = _column_under(columns, (cell.start() + cell.end()) / 2)
        if mention is None and (mark := _MARK.search(cell.group())):
            # a mark at the end of a drawing's arrow ("| <---- X"): the mark's own column
            mention = _column_under(columns, cell.start() + (mark.start() + mark.end()) / 2)
        if mention is None:
            continue  # under no side's column: a volume column beside them ("0.5 mL")
        ticked.append((mention.value, mention))
    return ticked


def _column_under(columns, centre: float) -> Mention | None:
    """The side whose column header sits over `centre` (a character column), if any."""
    offset, _, mention = min(columns, key=lambda c: abs(_centre(c) - centre))
    if abs(_centre((offset, None, mention)) - centre) > len(mention.text) + _TICK_SLACK:
        return None
    return mention


def _centre(column) -> float:
    """The middle of a side column's header, counted from its line's start."""
    offset, _, mention = column
    return offset + len(mention.text) / 2


def find_level_column_grids(
    mentions: NoteMentions, level_labels: tuple[str, ...]
) -> tuple[list[GridRow], set[int]]:
    """Rows of every pipe grid whose columns are the levels, one `GridRow` per ticked cell,
    and the sentences (header and rows) they take up."""
    text, reading = mentions.doc_text, mentions.reading
    piped = _PipedLines(text, reading)
    headers: dict[int, bool] = {}  # by line start: is the line a header of level columns?
    rows: list[GridRow] = []
    taken: set[int] = set()
    for sent in sorted({m.sent for m in mentions.of(*level_labels)}):
        in_sentence = mentions.in_sentence(sent)
        levels = [m for m in in_sentence if m.label in level_labels]
        if len(levels) < 2 or any(m.label == "SIDE" for m in in_sentence):
            continue
        line_start, line_end = reading.line_bounds(levels[0].start_char)
        if line_start not in headers:
            headers[line_start] = _levels_header(text[line_start:line_end])
        if not headers[line_start]:
            continue
        if piped.index(line_start, levels[0].start_char) is None:  # aligned with spaces
            spans = {(m.start_char - line_start, m.end_char - line_start): m for m in levels}
            columns = _LevelColumns(by_pipe={}, by_span=spans)
        else:
            cells = {
                index: m
                for m in levels
                if (index := piped.index(line_start, m.start_char)) is not None
            }
            columns = _LevelColumns(by_pipe=cells, by_span={})
        grid = _read_side_rows(mentions, sent, columns)
        if grid:
            rows += grid
            taken |= {sent, *(row.sentence for row in grid)}
    return rows, taken


def _levels_header(line: str) -> bool:
    if "|" not in line:  # aligned with spaces: a label, then two or more level cells
        cells = _ALIGNED_CELL.split(line.strip())
        return len(cells) >= 3 and all(_LEVEL_CELL.match(c) for c in cells[1:])
    cells = line.split("|")
    return len(cells) >= 4 and all(_LEVEL_CELL.match(c) for c in cells[2:] if c.strip())


@dataclass(frozen=True)
class _LevelColumns:
    """The level cells of a grid's header: by pipe cell index when the header is piped,
    else (aligned with spaces) by character span from the line's start."""

    by_pipe: dict[int, Mention]
    by_span: dict[tuple[int, int], Mention]


def _read_side_rows(
    mentions: NoteMentions, header_sent: int, columns: _LevelColumns
) -> list[GridRow]:
    reading, text = mentions.reading, mentions.doc_text
    rows = []
    sent_end = reading.sentence_end(header_sent)
    while sent_end < len(reading.doc):
        sentence = reading.doc[sent_end : reading.sentence_end(sent_end)]
        sent_end = sentence.end
        if not sentence.text.strip() or set(sentence.text.strip()) <= set("|-:= "):
            if "\n\n" in sentence.text:
                break
            continue  # a line break or the separator line
        sides = [m for m in mentions.in_sentence(sentence.start, "SIDE") if m.is_today("levels")]
        first_word = next((t for t in sentence if not (t.is_space or t.text == "|")), None)
        if not sides or first_word is None or sides[0].start != first_word.i:
            break
        line_start, line_end = reading.line_bounds(sides[0].start_char)
        line = text[line_start:line_end]
        row_sides = _SIDES.get(sides[0].value, ())
        for level in _filled_columns(line, columns, sides[0].end_char - line_start):
            rows.append(GridRow(sentence.start, [level], row_sides, [sides[0]]))
        rows.append(GridRow(sentence.start, [], (), []))  # the row is the grid's, ticked or not
    return rows


def _filled_columns(line: str, columns: _LevelColumns, after: int) -> list[Mention]:
    """The level columns whose cells on a row are filled: by pipe index, or, aligned with
    spaces, the cell after the row's side (and its label) that sits under the level's
    header, within a few characters. A row laid out otherwise than its header (pipes under
    a header aligned with spaces, or none under a piped one) fills none."""
    if "|" in line:
        cells = line.split("|")
        return [
            level
            for index, level in columns.by_pipe.items()
            if index < len(cells) and _filled(cells[index])
        ]
    filled = []
    for (start, end), level in columns.by_span.items():
        under = [
            cell.group()
            for cell in _ALIGNED_CELLS.finditer(line, after)
            if cell.start() < end + _TICK_SLACK and cell.end() > start - _TICK_SLACK
        ]
        if len(under) == 1 and _filled(under[0]):
            filled.append(level)
    return filled


def _filled(cell: str) -> bool:
    """A ticked cell, or one holding an amount above zero ("0.5", "0.5 mL")."""
    amount = _AMOUNT.match(cell)
    if amount:
        return float(amount.group(1)) > 0
    return bool(_TICKED.search(cell))
