"""Coded answers of a research form read as the words its own codebook gives them.

A REDCap export or a trial case report form answers with codes and explains them once, in a
codebook (data dictionary, legend) below or beside the data:

    side .................... 2                  side       1=Right  2=Left  3=Bilateral
    guidance ................ 1                  guidance : 1, Fluoroscopy | 2, CT | 3, US
    record_id,proc_date,side,guidance          Codebook: side 1=Right 2=Left | la_conc = %
    1042,2024-04-09,1,3

A person reads "side 2" as "side Left" through the codebook and never reads the codebook's
option list as a fact: it names every side, drug and agent the form can record. This step
spells each coded answer out as its label, in a field line ("side ..... 2"), a wide report's
row ("side | 1 | 1 | 3") or a CSV export's column (by the header's cell), gives a bare
answer the unit the codebook or the key states ("la_conc = %", "la_vol_ml"), reads a key's
words apart ("consent_yn" as "consent yn") and blanks the codebook's own lines. Which
event's answers are today's is the dated-rows and columns readers' question
(`checker.extract.dated`, `checker.extract.columns`).

What the codebook conventions are (yes/no keys, unit suffixes) is data:
`patterns/codebooks.json`. A note without a codebook line (two or more "code = label" pairs
after a variable's name) is left as it is, after one search.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache

from checker.pipeline.edits import Edit, without_overlaps
from checker.resources import load_json

# "2=Left", "2 = Left", "2, Left": a code and its label; a label runs to the next pair, a
# pipe, a closing bracket, a column gap or the line's end, and may hold bracketed words
# ("Omnipaque (iohexol)") and digits ("C2-3")
_PAIR = re.compile(
    r"(?<![\w.])(?P<code>\d{1,2})[ \t]*(?:=|,)[ \t]*"
    r"(?P<label>[A-Za-z](?:[^|\n=()]|\([^()\n]{0,40}\)){0,60}?)"
    r"(?=[ \t]+\d{1,2}[ \t]*(?:=|,)[ \t]*[A-Za-z]|[ \t]*[|)]|[ \t]{2,}|[ \t]*$)",
    re.MULTILINE,
)
# a codebook line: two "code=label" pairs on one line, or two "code, label" pairs a pipe apart
# (the quick test a note without one pays; bounded, so a long line is read once)
_CODEBOOK_LINE = re.compile(
    r"(?<![\w.])\d{1,2}[ \t]*=[ \t]*[A-Za-z][^\n]{0,80}?[ \t|]\d{1,2}[ \t]*=[ \t]*[A-Za-z]"
    r"|(?<![\w.])\d{1,2},[ \t]*[A-Za-z][^\n|]{0,80}\|[ \t]*\d{1,2},[ \t]*[A-Za-z]"
)
# the variable (or variables, "consent_yn / timeout_yn") a run of pairs explains, just
# before its first pair
_VARIABLES = re.compile(
    r"(?P<names>[A-Za-z][\w.]*(?:[ \t]*/[ \t]*[A-Za-z][\w.]*)*)"
    r"[ \t]*(?:\([^()\n]*\))?[ \t]*[:=]?[ \t]*$"
)
# a unit a codebook states for a variable's bare answers: "la_conc = %", "la_conc : percent",
# "la_vol_target = mL per target"
_UNIT_NOTE = re.compile(
    r"(?<![\w])(?P<name>[A-Za-z][A-Za-z0-9]*_\w*)[ \t]*[:=][ \t]*"
    r"(?P<unit>%|percent\b|m[lL]\b(?:[ \t]+per[ \t]+[A-Za-z]+)?)"
)
# a key (a REDCap variable) opening a line: words joined by underscores
_KEY = re.compile(
    r"^(?P<lead>[ \t#>*|-]*)(?P<key>[A-Za-z][A-Za-z0-9]*(?:_+[A-Za-z0-9]+)*)\b",
    re.MULTILINE,
)
# a field line's value after its key: dotted leaders, a colon or equals sign, or spaces
_FIELD_VALUE = re.compile(
    r"(?P<gap>[ \t]*[:=][ \t]*|[ \t]*)"
    r"(?P<value>\d*\.?\d+)(?P<said>[ \t]*\([^()\n]*\))?[ \t]*(?=$|[ \t]{2,}|[;|])",
    re.MULTILINE,
)
# a repeating instrument's instance: its header line ("[level_detail] instance 3") and its
# field lines, up to a blank line or the next bracketed header
_INSTANCE = re.compile(
    r"^[ \t]*\[[^\]\n]+\][ \t]*(?:\(?[ \t]*)instance[ \t]*#?\d+\b[^\n]*"
    r"(?:\n(?![ \t]*\[)[ \t]*\S[^\n]*)*",
    re.MULTILINE | re.IGNORECASE,
)
_NOT_INJECTED = re.compile(r"^[ \t]*injected\b[ \t.:=]*(?:0\b|no\b)", re.MULTILINE | re.IGNORECASE)
# a field label's own legend and the code that answers it, after a colon or dotted leader
_LEGEND_FIELD = re.compile(
    r"[ \t]*\((?P<legend>[ \t]*(?:0/1|\w{1,2}[ \t]*[=:]?[ \t]*[A-Za-z][^()\n]{0,120}?))[ \t]*\)"
    r"[ \t]*(?:\.{2,}[ \t]*|:[ \t]*)(?P<code>\w{1,2})(?![\w.%/-])"
)
_YES_NO_LEGEND = re.compile(r"[ \t]*0/1")
# one code and its label in a legend: "0=No", "1 Omnipaque", "F=fluoroscopy", "2 CT"
_LEGEND_PAIR = re.compile(
    r"(?<![\w-])(?P<code>\d{1,2}|[A-Z])[ \t]*(?:=[ \t]*|[ \t]+)"
    r"(?P<label>[A-Za-z][A-Za-z/ -]*?)"
    r"(?=[ \t]*[,;][ \t]*|[ \t]+(?:\d{1,2}|[A-Z])[ \t]*(?:=|[ \t])|[ \t]*$)"
)
_LEADER = re.compile(r"[ \t]*\.{2,}[ \t]*")
_BARE = re.compile(r"[ \t]*(\d*\.?\d+)[ \t]*$")  # matched from a cell's start
# a checkbox option's line answered "Unchecked" ("levels___5  (C6-7)    Unchecked"): the
# option was not chosen, so nothing on the line is a fact
_UNCHECKED_OPTION = re.compile(
    r"^[ \t]*[A-Za-z]\w*___\w[^\n|]*?[ \t]Unchecked[ \t]*$", re.MULTILINE
)


@dataclass
class Codebook:
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # variable -> code -> label
    units: dict[str, str] = field(default_factory=dict)  # variable -> unit of a bare answer
    lines: list[tuple[int, int]] = field(default_factory=list)  # the codebook's own lines

    def answer(self, key: str, value: str) -> str | None:
        """What a bare answer to `key` reads as, or None when the codebook says nothing."""
        key = key.lower()
        labels = self.labels.get(key)
        if labels is None and _conventions().yes_no.search(key):
            labels = {"0": "No", "1": "Yes"}
        if labels is not None:
            return labels.get(value)
        unit = self.units.get(key) or _unit_of_key(key)
        return None if unit is None else f"{value}{unit}"


@dataclass(frozen=True)
class _Conventions:
    yes_no: re.Pattern
    key_units: list[tuple[re.Pattern, str]]
    words: dict[str, str]
    identifier: re.Pattern


@cache
def _conventions() -> _Conventions:
    data = load_json("codebooks.json")
    return _Conventions(
        re.compile(data["yes_no_key"], re.IGNORECASE),
        [(re.compile(row["pattern"], re.IGNORECASE), row["unit"]) for row in data["key_units"]],
        data["key_words"],
        re.compile(data["identifier_key"], re.IGNORECASE),
    )


def key_words(key: str) -> str:
    """A variable's name read as words: "complication_yn" as "complication", "obs_min" as
    "observation min", "nrs_post_30" as "nrs post" (a yes/no marker and a time point's bare
    number are no words of what the field records)."""
    glossary = _conventions().words
    words = [word for word in re.split(r"_+", key) if word]
    kept = [words[0]] + [w for w in words[1:] if not w.isdigit() and w.lower() != "yn"]
    return " ".join(glossary.get(word.lower(), word) for word in kept)


def _unit_of_key(key: str) -> str | None:
    for pattern, unit in _conventions().key_units:
        if pattern.search(key):
            return unit
    return None


def decode_coded_answers(text: str) -> list[Edit]:
    """Edits that spell a form's coded answers out through its codebook and blank the
    codebook's own lines; none for a note without a codebook."""
    edits = _inline_legends(text)
    # a codebook line pairs codes with "=", or with "," in a piped table
    if ("=" not in text and ("|" not in text or "," not in text)) or (
        _CODEBOOK_LINE.search(text) is None
    ):
        return edits
    book = _read_codebook(text)
    if not book.labels:
        return edits
    blanked = book.lines + [found.span() for found in _UNCHECKED_OPTION.finditer(text)]
    blanked += _instances_not_injected(text)
    edits += [Edit(start, end, " " * (end - start)) for start, end in blanked]
    edits += _csv_answers(text, book, blanked)
    edits += _line_answers(text, book, blanked)
    return without_overlaps(edits)


def _read_codebook(text: str) -> Codebook:
    book = Codebook()
    for line in _CODEBOOK_LINE.finditer(text):
        start = text.rfind("\n", 0, line.start()) + 1
        end = text.find("\n", line.start())
        end = len(text) if end < 0 else end
        if book.lines and book.lines[-1][0] <= start < book.lines[-1][1] + 1:
            continue
        names: list[str] = []
        read_from = start
        pairs = list(_PAIR.finditer(text, start, end))
        if len(pairs) < 2:
            continue
        for pair in pairs:
            before = _VARIABLES.search(text, read_from, pair.start())
            if before is not None and not before.group("names")[:1].isdigit():
                names = [n.strip().lower() for n in before.group("names").split("/")]
            read_from = pair.end()
            for name in names:
                book.labels.setdefault(name, {})[pair.group("code")] = pair.group("label").strip()
        book.lines.append(_codebook_part(text, start, end, pairs))
    if book.labels:
        for note in _UNIT_NOTE.finditer(text):
            book.units[note.group("name").lower()] = _unit_words(note.group("unit"))
    return book


def _inline_legends(text: str) -> list[Edit]:
    """A field whose label carries its own legend, answered by a code ("Imaging (1 fluoro,
    2 CT, 3 US): 1", "Consent obtained today (0=No 1=Yes) ...... 1", "Contrast used (0/1)
    ..... 1"): the legend and the code read as the answer's label ("Imaging: fluoro")."""
    edits = []
    for answered in _LEGEND_FIELD.finditer(text):
        legend, code = answered.group("legend"), answered.group("code")
        if _YES_NO_LEGEND.fullmatch(legend):
            labels = {"0": "No", "1": "Yes"}
        else:
            labels = {
                m.group("code"): m.group("label").strip() for m in _LEGEND_PAIR.finditer(legend)
            }
        if len(labels) >= 2 and code in labels:
            edits.append(Edit(answered.start(), answered.end(), f": {labels[code]}"))
    return edits


def _instances_not_injected(text: str) -> list[tuple[int, int]]:
    """A repeating instrument's instance whose target was not injected ("[level_detail]
    instance 3 ... needle_placed 1 ... injected 0 (No) ... reason_not_injected: vascular
    uptake"): its level was not treated, and what went wrong there is its own record."""
    spans = []
    for instance in _INSTANCE.finditer(text):
        if _NOT_INJECTED.search(instance.group()):
            spans.append(instance.span())
    return spans


def _codebook_part(text: str, start: int, end: int, pairs: list[re.Match]) -> tuple[int, int]:
    """The part of a codebook line to blank: the whole line when it only explains
    variables ("side  1=Right  2=Left"), else the run of pairs, so an answer on the same
    line stays ("Side (code): 2    1 = Right  2 = Left", "Consent (0=No 1=Yes) ..... 1")."""
    before = text[start : pairs[0].start()]
    from_start = not re.search(r"\d", before) and (
        not before.strip(" \t#*-:") or _VARIABLES.search(before) is not None
    )
    after = text[pairs[-1].end() : end]
    to_end = not re.search(r"\d", after)
    return (
        start if from_start else pairs[0].start(),
        end if to_end else pairs[-1].end(),
    )


def _unit_words(unit: str) -> str:
    unit = unit.strip()
    return "%" if unit.lower() in ("%", "percent") else " " + unit.replace("ml", "mL")


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    return any(start <= position < end for start, end in spans)


def _line_answers(text: str, book: Codebook, blanked: list[tuple[int, int]]) -> list[Edit]:
    """A field line's key read apart and its coded answer spelled out ("side ..... 2" as
    "side ..... Left"), and a wide report's row of answers ("side | 1 | 1 | 3")."""
    edits: list[Edit] = []
    for key in _KEY.finditer(text):
        if _inside(blanked, key.start()):
            continue
        name = key.group("key")
        if "_" in name and "___" not in name:  # a checkbox's option ("levels___2") stays one word
            edits.append(Edit(key.start("key"), key.end("key"), key_words(name)))
        line_end = text.find("\n", key.end())
        line_end = len(text) if line_end < 0 else line_end
        rest = text[key.end() : line_end]
        leader = _LEADER.match(text, key.end(), line_end)
        if leader is not None:  # "complication_yn ..... 0": the leader reads as a colon
            edits.append(Edit(leader.start(), leader.end(), ": "))
        if "|" in rest:
            edits += _row_answers(text, key.end(), line_end, book, name)
            continue
        value = _FIELD_VALUE.match(text, key.end() if leader is None else leader.end(), line_end)
        if value is None:
            continue
        said = value.group("said")
        answer = book.answer(name, value.group("value"))
        if said:  # "1 (Yes)": the export already says what the code means
            edits.append(Edit(value.start("value"), value.end("said"), said.strip()[1:-1].strip()))
        elif answer is not None:
            edits.append(Edit(value.start("value"), value.end("value"), answer))
    return edits


def _row_answers(text: str, start: int, end: int, book: Codebook, name: str) -> list[Edit]:
    edits = []
    cell_start = start
    while cell_start < end:
        cell_end = text.find("|", cell_start + 1, end)
        cell_end = end if cell_end < 0 else cell_end
        from_char = cell_start + 1 if text[cell_start] == "|" else cell_start
        bare = _BARE.match(text, from_char, cell_end)
        if bare is not None:
            answer = book.answer(name, bare.group(1))
            if answer is not None:
                edits.append(Edit(bare.start(1), bare.end(1), answer))
        cell_start = cell_end
    return edits


def _csv_answers(text: str, book: Codebook, blanked: list[tuple[int, int]]) -> list[Edit]:
    """A CSV export's answers, by its header's cells: each answer read as a field of its
    key ("nrs_pre" then "7" as "nrs pre: 7."), a coded one spelled out."""
    edits: list[Edit] = []
    lines = _lines(text)
    header: list[str] | None = None
    for start, end in lines:
        line = text[start:end]
        if "," not in line or _inside(blanked, start):
            header = None
            continue
        cells = _csv_cells(line)
        if header is None or len(cells) != len(header):
            known = sum(1 for cell in cells if cell.strip().lower() in book.labels)
            header = [cell.strip().lower() for cell in cells] if known >= 2 else None
            continue
        offset = start
        for key, (cell_start, cell_end) in zip(header, _cell_bounds(line), strict=False):
            bare = _BARE.match(line, cell_start, cell_end)
            if bare is None:
                continue
            if "___" in key or _conventions().identifier.search(key):
                continue  # a checkbox option's 0/1 or a record's number: no answer to read
            answer = book.answer(key, bare.group(1)) or bare.group(1)
            said = f"{key_words(key)}: {answer}. "
            edits.append(Edit(offset + bare.start(1), offset + bare.end(1), said))
    return edits


def _lines(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for found in re.finditer(r"\n", text):
        bounds.append((start, found.start()))
        start = found.end()
    bounds.append((start, len(text)))
    return bounds


def _csv_cells(line: str) -> list[str]:
    return next(csv.reader([line]), [])


def _cell_bounds(line: str) -> list[tuple[int, int]]:
    """(start, end) of each comma-separated cell of a line, a quoted cell kept whole."""
    bounds, start, quoted = [], 0, False
    for index, character in enumerate(line):
        if character == '"':
            quoted = not quoted
        elif character == "," and not quoted:
            bounds.append((start, index))
            start = index + 1
    bounds.append((start, len(line)))
    return bounds
