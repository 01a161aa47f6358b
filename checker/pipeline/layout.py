"""Tables and export fields read as a person reads them.

An EHR export often writes a quantity's unit, its drug or its kind once, in the column
header or the field's key, and bare numbers below it:

    | Nerve | Side | Drug        | Conc (%) | Volume (mL) |      volume_per_nerve_ml = 0.5
    | C3 MB | L    | bupivacaine | 0.5      | 0.4         |
    Joint  Side  Bupivacaine 0.5% (mL)  Depo-Medrol 40 (mL)
    C5-6   R     0.5                    0.25

A person reads "0.4" there as "0.4 mL", "0.5" under the drug's column as "0.5 mL of
Bupivacaine 0.5%", "2.0 mL" under "Total" as a total, and "B" or "R/L" under "Side" as
bilateral. This step spells such cells out
in the text the matchers read ("0.4 mL", "0.5 mL of Bupivacaine 0.5%", "2.0 mL total"), so
the extractors read a table row like a sentence. What a header says is data
(`patterns/table_columns.json`). A table is a header line of pipe-, tab- or comma-separated
cells followed by rows with as many cells, or a header of words set apart by runs of spaces
with rows aligned under it (a medication administration record, a vitals flowsheet):

    Drug                     Lot       Route   Total administered
    Bupivacaine 0.25% PF     8830215   IA      1.5 mL                 -> "1.5 mL total"

A caption above a grid whose columns are targets (levels or sides) may give the unit of its
bare numbers ("Injected volume (mL of bupivacaine per joint)"). A field is a line of one key
and one value (or an
HL7 observation segment, "OBX|13|NM|PAIN_PRE||6|", read as key "PAIN_PRE", value 6). The words
of a field's key (also a JSON export's "key": value) and of an export's section header are
read apart ("relief_percent = 75%" as
"relief percent = 75%", "[block.left]" as "[block left]").

An unanswered template pick-list ("Consent obtained: {Yes/No:21345}") reads as the blank
it is ("***"): the choices it offers are not answers. An answered one ("Time-out:
{Performed/Not performed:Performed}") reads as its answer alone.

Every character added points back at the cell (or header) it came from, so evidence still
quotes the note as written (see `checker.pipeline.normalize`).
"""

from __future__ import annotations

import itertools
import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from checker.resources import load_json, load_rows

_BARE_NUMBER = re.compile(r"^\s*(\d*\.?\d+)\s*$")
_SCORE_OF_TEN = re.compile(r"^\s*(?:10|\d)\s*/\s*10\s*$")
_VOLUME = re.compile(r"^\s*\d*\.?\d+\s*(?:ml|cc)\s*$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[\s|:=+\-]*$")
_FIELD = re.compile(r"^(\s*)([A-Za-z][\w.\-/]*?)(\s*(?:=|,|\t)\s*)(\S.*?)\s*$")
# A form field whose value is a bare number: "Volume (mL): 0.5".
_NUMBER_FIELD = re.compile(r"^(\s*)([A-Za-z][\w .()/%\-]{0,40}?)(\s*:\s*)(\d*\.?\d+)\s*$")
_LETTER = re.compile(r"[A-Za-z]")
# A volume opening a cell: "1.5 mL (60 mg)" is 1.5 mL first.
_LEADING_VOLUME = re.compile(r"^\s*\d*\.?\d+\s*(?:ml|cc)\b", re.IGNORECASE)
# Cells of a line aligned with spaces: runs of words parted by two or more spaces.
_ALIGNED_CELL = re.compile(r"\S+(?: \S+)*")
_MAX_COLUMNS = 40  # more cells than any record's header has: prose or noise
_MIN_GAP = 2  # spaces that part two columns of an aligned table
_ALIGN_SLACK = 2  # characters a cell may start left of its column's header
_HEADER_WORDS = 4  # words at most in one header cell of an aligned table
# A caption that gives the unit of a grid's bare numbers: "(mL of bupivacaine per joint)",
# "volumes in mL".
_CAPTION_UNIT = re.compile(r"\(\s*(?:in\s+)?(?:ml|cc)\b|\bin\s+(?:ml|cc)\b", re.IGNORECASE)
_TARGET_HEADER = re.compile(
    r"^\s*(?:[CTLS]\d{1,2}(?:\s*[-/]\s*[CTLS]?\d{1,2})?|right|left|r|l|rt|lt)\s*$",
    re.IGNORECASE,
)
_CAPTION_REACH = 2  # lines from a caption to its table's header
_UNIT_WORDS = {"ml": " mL", "cc": " mL", "mg": " mg", "mcg": " mcg"}
_UNIT_HEADER = re.compile(r"^\s*(?:units?|uom)\s*$", re.IGNORECASE)
_MAX_PAIN = 10
_OBX_IDENTIFIER, _OBX_VALUE = 3, 5  # fields of an HL7 OBX segment, counted from "OBX"
# A pick-list left unanswered in a template ("{Yes/No:21345}", "{Omnipaque/None:3012}",
# "{Right/Left:***}", "{Right/Left:}") or offered with no answer slot at all
# ("{C2-3/C3-4/C4-5/C5-6}"): its words are the choices offered, not the answer, so it
# reads as a blank ("***"). "{N/A}" is an answer, not a list of choices.
_PICK_LIST = re.compile(
    r"\{[^{}\n]*:[ \t]*(?:\d+|\*+|_+)?[ \t]*\}"
    r"|\{(?![ \t]*n[ \t]*/[ \t]*a[ \t]*\})[^{}:\n/]+(?:/[^{}:\n/]+)+\}",
    re.IGNORECASE,
)
# A pick-list answered with one of its own choices ("{Performed/Not performed:Performed}",
# "{done/not done:done}"): the choice after the colon is the answer, the list before it is
# not ("Not performed" is a choice offered, not said of today), so only the answer reads.
_ANSWERED_PICK_LIST = re.compile(r"\{([^{}:\n]*/[^{}:\n]*):([^{}:\n]+)\}")
# A multiple-choice pick-list answered with several of its choices ("{C3-4/C4-5/C5-6:C4-5,
# C5-6}"): each answer is one of the choices, the choices not answered were not chosen.
_ANSWER_SEPARATOR = re.compile(r"[,;]|\band\b")
# The choices of a pick-list that offers only sides, and the shortest blank side field
_SIDE_CHOICE = re.compile(r"^[ \t]*(?:right|left|bilateral|both|r|l|b|rt|lt)[ \t]*$", re.IGNORECASE)
_SIDE_BLANK_MIN = len("side: __")
# A ditto mark alone in a cell: the same as the cell above ('"', "''", "ditto", "do.")
_DITTO = re.compile(r"^[ \t]*(?:\"|''|\u3003|ditto|do\.)[ \t]*$", re.IGNORECASE)
# A JSON export's "key": value pair, the value a number ("pain_pre": 8) or a string.
_JSON_PAIR = re.compile(
    r'"([A-Za-z][\w .\-/()%]*)"\s*:\s*"?(-?\d*\.?\d+|[^"{}\[\],]*)"?(?=\s*[,}\]])'
)
_JSON_OPENERS = ('"', "{", "[")
# An export's section header: "[block.left]", "[level_2.right]".
_SECTION_HEADER = re.compile(r"^\s*\[[A-Za-z][\w.\- ]*\]\s*$")


@dataclass(frozen=True)
class Cell:
    start: int  # character offsets in the text
    end: int

    def text(self, source: str) -> str:
        return source[self.start : self.end]


@dataclass(frozen=True)
class _Columns:
    units: tuple[tuple[re.Pattern, str], ...]
    per_level: re.Pattern
    total: re.Pattern
    quantity_words: re.Pattern
    pain: re.Pattern
    pain_score: re.Pattern
    side_header: re.Pattern
    both_sides: re.Pattern


@cache
def _columns() -> _Columns:
    data = load_json("table_columns.json")
    flags = re.IGNORECASE
    return _Columns(
        units=tuple((re.compile(row["pattern"], flags), row["unit"]) for row in data["units"]),
        per_level=re.compile(data["per_level"], flags),
        total=re.compile(data["total"], flags),
        quantity_words=re.compile(data["quantity_words"], flags),
        pain=re.compile(data["pain"], flags),
        pain_score=re.compile(data["pain_score"], flags),
        side_header=re.compile(data["side_header"], flags),
        both_sides=re.compile(data["both_sides"], flags),
    )


def _split(line: str, offset: int, delimiter: str) -> list[Cell]:
    """Cells of one delimited line (quotes respected for commas), trimmed of spaces and
    quotes; a pipe table's outer pipes open and close no cell."""
    cells: list[Cell] = []
    start, quoted = 0, False
    if delimiter != "," or '"' not in line:  # no quotes to respect: split at each delimiter
        for part in line.split(delimiter):
            cells.append(_trimmed(line, offset, start, start + len(part)))
            start += len(part) + 1
    else:
        for i, character in enumerate(line + delimiter):
            if character == '"':
                quoted = not quoted
            elif character == delimiter and not quoted:
                cells.append(_trimmed(line, offset, start, i))
                start = i + 1
    if delimiter == "|" and line.strip().startswith("|"):
        cells = cells[1:]
    if delimiter == "|" and line.strip().endswith("|"):
        cells = cells[:-1]
    return cells


def _trimmed(line: str, offset: int, start: int, end: int) -> Cell:
    while start < end and line[start] in ' "\t':
        start += 1
    while end > start and line[end - 1] in ' "\t':
        end -= 1
    return Cell(offset + start, offset + end)


def _delimiter(line: str) -> str | None:
    if line.count("|") >= 2:
        return "|"
    if "\t" in line.strip():
        return "\t"
    if line.count(",") >= 2 and "  " not in line.strip():
        return ","
    return None


class _Rewrite:
    """Insertions into the text, each pointing back at the characters it stands for."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.insertions: list[tuple[int, str, list[int]]] = []  # (after char, text, origins)
        self.deletions: list[tuple[int, int]] = []
        self.substituted = False

    def substitute(self, start: int, words: str) -> None:
        """Same-length words in place of the text at `start` (offsets stay)."""
        self.text = self.text[:start] + words + self.text[start + len(words) :]
        self.substituted = True

    def insert(self, at: int, words: str, origins: list[int]) -> None:
        """`words` before character `at`; each points back at its origin (the last origin
        stands for any further character)."""
        origins = (origins + origins[-1:] * len(words))[: len(words)]
        self.insertions.append((at, words, origins))

    def delete(self, start: int, end: int) -> None:
        """Drop the characters in [start, end) (spaces that keep an aligned table aligned
        after a cell was spelled out)."""
        if end > start:
            self.deletions.append((start, end))

    def result(self) -> tuple[str, array] | None:
        if not self.insertions:
            return (self.text, array("q", range(len(self.text)))) if self.substituted else None
        pieces: list[str] = []
        origin = array("q")
        done = 0
        deletions = sorted(self.deletions)
        for at, words, origins in sorted(self.insertions, key=lambda item: item[0]):
            self._copy(done, at, deletions, pieces, origin)
            pieces.append(words)
            origin.extend(origins)
            done = max(done, at)
        self._copy(done, len(self.text), deletions, pieces, origin)
        return "".join(pieces), origin

    def _copy(
        self, start: int, end: int, deletions: list[tuple[int, int]], pieces: list[str], origin
    ) -> None:
        """The text in [start, end) less the deleted characters."""
        for low, high in deletions:
            if high <= start or low >= end:
                continue
            if low > start:
                pieces.append(self.text[start:low])
                origin.extend(range(start, low))
            start = max(start, high)
        if end > start:
            pieces.append(self.text[start:end])
            origin.extend(range(start, end))


def _header_name(header: str) -> str:
    """What a header names beside its quantity words: "Bupivacaine 0.5%" of
    "Bupivacaine 0.5% (mL)", nothing for "Volume (mL)" or "Conc (%)"."""
    columns = _columns()
    without_units = header
    for pattern, _unit in columns.units:
        if pattern.search(without_units):
            without_units = pattern.sub(" ", without_units, count=1)
            break  # the header's unit only: "Bupivacaine 0.5% (mL)" keeps its "0.5%"
    rest = columns.quantity_words.sub(" ", without_units.replace("_", " "))
    return without_units.strip(" _-:") if _LETTER.search(rest) else ""


def _spell_out(rewrite: _Rewrite, cell: Cell, header: Cell) -> None:
    """Add to a cell what its header says about it."""
    text = rewrite.text
    value, named = cell.text(text), header.text(text).replace("_", " ")
    columns = _columns()
    if columns.side_header.match(named) and columns.both_sides.match(value):
        # "B", "R/L" under "Side": both sides
        rewrite.insert(cell.end, " bilateral", [cell.end - 1])
        return
    number = _BARE_NUMBER.match(value)
    unit = next((unit for pattern, unit in columns.units if pattern.search(named)), None)
    at, last = cell.end, cell.end - 1
    if number and unit is None and columns.pain.match(named):
        if float(number.group(1)) <= _MAX_PAIN and number.group(1).isdigit():
            rewrite.insert(cell.start, named.strip() + " ", _range(header, text))
            rewrite.insert(at, "/10", [last] * 3)
        return
    if unit is None and columns.pain.match(named) and _SCORE_OF_TEN.match(value):
        # "| Pre | Post (20 min) |" over "| 7/10 | 2/10 |": each score read with its column
        rewrite.insert(cell.start, named.strip() + " ", _range(header, text))
        return
    if number and unit is None and columns.pain_score.match(named):
        if float(number.group(1)) <= _MAX_PAIN and number.group(1).isdigit():
            rewrite.insert(at, "/10", [last] * 3)  # "| Post-procedure | 2 |" under "Pain score"
        return
    if number and unit is not None:
        rewrite.insert(at, unit, [last] * len(unit))
        name = _header_name(named)
        if name and unit == " mL":
            start = header.start + named.find(name)
            rewrite.insert(at, " of ", [last] * 4)
            rewrite.insert(at, name, list(range(start, start + len(name))))
    elif not _VOLUME.match(value):
        leading = _LEADING_VOLUME.match(value)
        if leading is None:
            return
        at = cell.start + leading.end()  # "1.5 mL (60 mg)": the cue follows the volume
        last = at - 1
    if unit in (None, " mL"):
        cue = " per level" if columns.per_level.search(named) else ""
        cue = cue or (" total" if columns.total.search(named) else "")
        if cue:
            rewrite.insert(at, cue, [last] * len(cue))


def _unit_of(header: str) -> str | None:
    named = header.replace("_", " ")
    return next((unit for pattern, unit in _columns().units if pattern.search(named)), None)


def _says_something(header: str) -> bool:
    """Whether a header tells anything about the numbers under it."""
    columns = _columns()
    named = header.replace("_", " ")
    return bool(
        any(pattern.search(named) for pattern, _unit in columns.units)
        or columns.pain.match(named)
        or columns.pain_score.match(named)
        or columns.per_level.search(named)
        or columns.total.search(named)
    )


def _range(cell: Cell, text: str) -> list[int]:
    """Origins for a copy of a cell's stripped text."""
    value = cell.text(text)
    lead = len(value) - len(value.lstrip())
    return list(range(cell.start + lead, cell.start + lead + len(value.strip())))


def _read_key(rewrite: _Rewrite, line: str, offset: int) -> Cell | None:
    """An export field's key ("volume_per_nerve_ml = 0.5", "skin_local,lidocaine ...", or a
    form's "Volume (mL): 0.5"): its cell, with the value spelled out as under a header."""
    match = _FIELD.match(line)
    if match is None:
        number_field = _NUMBER_FIELD.match(line)
        if number_field and _unit_of(number_field.group(2)):
            match = number_field  # a colon field is spelled out for its unit only
    if match is None:
        return None
    key = Cell(offset + match.start(2), offset + match.end(2))
    value = Cell(offset + match.start(4), offset + match.end(4))
    _spell_out(rewrite, value, key)
    if "_" in match.group(2):  # "relief_percent", "skin_local": the key's words apart
        rewrite.substitute(key.start, match.group(2).replace("_", " "))
    return key


def _read_observation(rewrite: _Rewrite, line: str, offset: int) -> None:
    """An HL7 v2 observation segment ("OBX|13|NM|PAIN_PRE||6|"): its identifier (field 3)
    is the key of its value (field 5)."""
    fields = _split(line, offset, "|")
    if len(fields) > _OBX_VALUE:
        _spell_out(rewrite, fields[_OBX_VALUE], fields[_OBX_IDENTIFIER])


def _read_json_pairs(rewrite: _Rewrite, line: str, offset: int) -> None:
    """ "key": value pairs of a JSON export ("pain_pre": 8): each value read under its key,
    the key's words apart, each pair on a line of its own."""
    for pair in _JSON_PAIR.finditer(line):
        key = Cell(offset + pair.start(1), offset + pair.end(1))
        value = Cell(offset + pair.start(2), offset + pair.end(2))
        _spell_out(rewrite, value, key)
        if "_" in pair.group(1):
            rewrite.substitute(key.start, pair.group(1).replace("_", " "))
        comma = line.find(",", pair.end())
        if comma >= 0 and not line[pair.end() : comma].strip(' "'):
            # one pair per line, as each field of a form: a cue in one value ("none")
            # does not reach the next
            rewrite.insert(offset + comma + 1, "\n", [offset + comma])


@dataclass
class _AlignedTable:
    """The header of a table aligned with spaces: its cells, each the start of a column."""

    columns: list[Cell]
    columns_at: list[int]  # each column's first character, counted from its line's start

    def column_of(self, cell: Cell, line_offset: int) -> int | None:
        """The column a row's cell sits under: the last one starting at or before it."""
        at = cell.start - line_offset + _ALIGN_SLACK
        index = bisect_right(self.columns_at, at) - 1
        return index if index >= 0 else None


def _keep_aligned(rewrite: _Rewrite, cells: list[Cell], first: int) -> None:
    """Take out of the gap after each cell as many spaces as were added to it (leaving two),
    so the cells after it stay under their column's header: a grid read by its columns
    (sides ticked under "Right" and "Left") still reads right."""
    starts = [cell.start for cell in cells]
    grown = [0] * len(cells)
    for at, words, _ in rewrite.insertions[first:]:
        index = bisect_right(starts, at) - 1
        if index >= 0 and at <= cells[index].end:
            grown[index] += len(words)
    for index, (cell, following) in enumerate(itertools.pairwise(cells)):
        room = following.start - cell.end - _MIN_GAP
        if grown[index] and room > 0:
            rewrite.delete(following.start - min(grown[index], room), following.start)


def _aligned_cells(line: str, offset: int) -> list[Cell]:
    return [Cell(offset + m.start(), offset + m.end()) for m in _ALIGNED_CELL.finditer(line)]


def _aligned_header(text: str, line: str, offset: int) -> _AlignedTable | None:
    """A header of a space-aligned table: two or more short cells of words, none a number or
    a field ("DOB: 11/02/1958"), at least one telling something about the numbers below."""
    if "\t" in line or not line.strip():
        return None
    cells = _aligned_cells(line, offset)
    if not 2 <= len(cells) <= _MAX_COLUMNS:
        return None
    names = [cell.text(text) for cell in cells]
    if any(
        ":" in name
        or name.endswith((".", ",", ";"))  # prose with two spaces after a full stop
        or not _LETTER.search(name)
        or _BARE_NUMBER.match(name)
        or len(name.split()) > _HEADER_WORDS
        for name in names
    ):
        return None
    if not any(
        _says_something(name) or _columns().side_header.match(name) or _UNIT_HEADER.match(name)
        for name in names
    ):
        return None
    return _AlignedTable(cells, [cell.start - offset for cell in cells])


def _aligned_row(
    text: str, table: _AlignedTable, line: str, offset: int
) -> list[tuple[Cell, Cell]] | None:
    """The cells of a row under an aligned header, each with its column's header; None when
    the line is no row of it (a blank line, cells out of the columns, no number in it). A
    line of one indented cell (a wrapped drug name) continues the row above: no cells."""
    cells = _aligned_cells(line, offset)
    if not cells:
        return None
    if _SEPARATOR.match(line):
        return []  # "-------   -----   ------" under the header
    if len(cells) == 1 and line[:1].isspace():
        return []  # "  acetonide 40 mg/mL)": the cell above, wrapped
    columns = [table.column_of(cell, offset) for cell in cells]
    if len(cells) < 2 or None in columns or len(set(columns)) < len(columns):
        return None
    if not any(ch.isdigit() for ch in line):
        return None
    return [
        (cell, table.columns[index])
        for cell, index in zip(cells, columns, strict=True)
        if index is not None
    ]


def _read_dittos(
    rewrite: _Rewrite,
    row: list[tuple[Cell, Cell]],
    sides_above: dict[Cell, Cell],
    delimiter: str | None,
) -> None:
    """A ditto mark in a side column ('"' under "Lt") reads as the side of the row above,
    written before the mark. Only a side the row above writes itself or by its own ditto
    carries down: a blank cell does not take the side above, and ends the run."""
    text = rewrite.text
    for cell, header in row:
        if not _columns().side_header.match(header.text(text)):
            continue
        value = cell.text(text)
        if _SIDE_CHOICE.match(value):
            sides_above[header] = cell
            continue
        start, written = cell.start, value
        if not value and delimiter is not None:  # the cell's quote marks were trimmed away
            start = text.rfind(delimiter, 0, cell.start) + 1
            written = text[start : cell.start]
            start += len(written) - len(written.lstrip())
        side = sides_above.get(header)
        if side is None or not _DITTO.match(written):
            sides_above.pop(header, None)
            continue
        word = side.text(text)
        rewrite.insert(start, word + " ", [start] * (len(word) + 1))


def _spell_out_unit_column(rewrite: _Rewrite, row: list[tuple[Cell, Cell]]) -> None:
    """A unit written in a column of its own ("Dose | Unit" over "1.5 | mL"): the bare number
    just before it takes it ("1.5 mL")."""
    text = rewrite.text
    for (number, _), (unit, header) in itertools.pairwise(row):
        if not _UNIT_HEADER.match(header.text(text)) or not _BARE_NUMBER.match(number.text(text)):
            continue
        written = _UNIT_WORDS.get(unit.text(text).strip().lower())
        if written:
            rewrite.insert(number.end, written, [number.end - 1] * len(written))


def _caption_unit(lines: list[tuple[int, str]], index: int) -> bool:
    """Whether a line just above the table header at `index` says its numbers are in mL."""
    for _offset, line in reversed(lines[max(index - _CAPTION_REACH, 0) : index]):
        if line.strip():
            return bool(_CAPTION_UNIT.search(line))
    return False


def _spell_out_target_cell(rewrite: _Rewrite, cell: Cell, header: Cell) -> None:
    """A bare amount in a table whose caption gives the unit (millilitres): under a target's
    column ("| Right | 0.5 |" under "C4-5") it is "0.5 mL", under a drug's column ("| C4-5 |
    0.5 |" under "Bupivacaine 0.5%") "0.5 mL of Bupivacaine 0.5%"."""
    text = rewrite.text
    named = header.text(text)
    if not _BARE_NUMBER.match(cell.text(text)) or _unit_of(named) is not None:
        return
    if _TARGET_HEADER.match(named):
        rewrite.insert(cell.end, " mL", [cell.end - 1] * 3)
    elif _names_a_drug(named):
        rewrite.insert(cell.end, " mL of ", [cell.end - 1] * 7)
        rewrite.insert(cell.end, named, _range(header, text))


@cache
def _drug_names() -> re.Pattern:
    names = {name for row in load_rows("vocabulary/drugs.jsonl") for name in row["names"]}
    alternatives = "|".join(sorted((re.escape(name) for name in names), key=len, reverse=True))
    return re.compile(rf"^\s*(?:{alternatives})\b", re.IGNORECASE)


def _names_a_drug(header: str) -> bool:
    return _drug_names().match(header) is not None


def _blank_of(pick_list: str) -> str:
    """The blank an unanswered pick-list reads as: one offering only sides ("{Right/Left:***}")
    is a side field left blank ("side: ____"), any other a blank ("*****")."""
    choices, _, answer = pick_list.strip("{}").partition(":")
    if answer.strip().isdigit():
        return "*" * len(pick_list)  # an EHR's unresolved code: the line's side may follow
    offered = choices.split("/")
    if len(pick_list) >= _SIDE_BLANK_MIN and all(_SIDE_CHOICE.match(choice) for choice in offered):
        return "side: " + "_" * (len(pick_list) - len("side: "))
    return "*" * len(pick_list)


def spell_out(text: str) -> tuple[str, array] | None:
    """The text with table cells and export fields spelled out, and origin[i] (the index in
    `text` of each character); None when nothing needed spelling out."""
    if not any(mark in text for mark in "|\t,=[{:") and "  " not in text:
        return None
    rewrite = _Rewrite(text)
    for pick_list in _PICK_LIST.finditer(text):
        rewrite.substitute(pick_list.start(), _blank_of(pick_list.group()))
    for pick_list in _ANSWERED_PICK_LIST.finditer(text):
        choices = {choice.strip().lower() for choice in pick_list.group(1).split("/")}
        answer = pick_list.group(2).strip().lower()
        answers = [part.strip() for part in _ANSWER_SEPARATOR.split(answer)]
        if answer in choices or all(part in choices for part in answers):
            rewrite.substitute(pick_list.start(), " " * (pick_list.start(2) - pick_list.start()))
            rewrite.substitute(pick_list.end() - 1, " ")
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    header: list[Cell] | None = None
    header_delimiter: str | None = None
    captioned = False
    aligned: _AlignedTable | None = None
    sides_above: dict[Cell, Cell] = {}  # the side written in each side column's row above
    for index, (offset, line) in enumerate(lines):
        if aligned is not None:
            row = _aligned_row(text, aligned, line, offset)
            if row is not None:
                _read_dittos(rewrite, row, sides_above, None)
                before = len(rewrite.insertions)
                for cell, above in row:
                    _spell_out(rewrite, cell, above)
                _spell_out_unit_column(rewrite, row)
                _keep_aligned(rewrite, [cell for cell, _ in row], before)
                continue
            aligned = None
        if _SECTION_HEADER.match(line):
            # its words are read apart: "[block.left]" names the left side
            rewrite.substitute(offset, re.sub(r"[._]", " ", line))
            continue
        if '":' in line and line.lstrip().startswith(_JSON_OPENERS):
            # a JSON object or one of its pretty-printed lines, not prose that quotes a word
            # before a colon ('... should read "left": LEFT C3, C4, C5, C6 ...')
            _read_json_pairs(rewrite, line, offset)
            continue
        if line.startswith("OBX|"):
            _read_observation(rewrite, line, offset)
            continue
        delimiter = _delimiter(line)
        if delimiter is None and header is not None and line.strip() and _SEPARATOR.match(line):
            continue  # "------+------+----" under a pipe header: the rows below are its
        if delimiter is None:
            header = None
            aligned = _aligned_header(text, line, offset)
            sides_above = {}
            if aligned is None:
                _read_key(rewrite, line, offset)
            continue
        if delimiter == "|" and _SEPARATOR.match(line):
            continue
        cells = _split(line, offset, delimiter)
        fits = header is not None and delimiter == header_delimiter and len(cells) == len(header)
        if fits and header is not None:
            _read_dittos(rewrite, list(zip(cells, header, strict=True)), sides_above, delimiter)
            for cell, above in zip(cells, header, strict=True):
                _spell_out(rewrite, cell, above)
                if captioned:
                    _spell_out_target_cell(rewrite, cell, above)
            _spell_out_unit_column(rewrite, list(zip(cells, header, strict=True)))
            if len(cells) == 2 and not _says_something(header[1].text(text)):
                _spell_out(rewrite, cells[1], cells[0])  # "| Item | Value |": key, value
            continue
        if all(_BARE_NUMBER.match(c.text(text)) is None for c in cells):
            header, header_delimiter = cells, delimiter  # a header: no bare number in it
            sides_above = {}
            captioned = _caption_unit(lines, index)
        else:
            header = None
        if len(cells) == 2:
            _spell_out(rewrite, cells[1], cells[0])
    return rewrite.result()
