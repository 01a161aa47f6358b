"""Lines that record an earlier date's event: a log row opening with a date before the date of
service ("08/2025  Right C5-C6 MBB" in a note of 01/29/2026, a side column's procedure
history flattened into the page), or a labelled entry dated so in brackets ("MBB #2
(09/18/2024): bilateral C5-6 ..." in a diary review of 09/24/2024), or a line's first field
answered with such a date ("Diagnostic block #1: 01/29/2025, R C3/C4 MB, lidocaine 2%", a
tracking table's "| MBB #1 | 03/11/2025 | ..."). What such a line names happened then, not
today.

The date of service is the first date a field names as the note's date ("Date of service:",
"DOS:", "Date of procedure:", else a line opening "Date:", else a date the word "today" marks
on its line: "Row marked ">>" = today's encounter (03/14/2024)", "TODAY'S PROCEDURE
(06/20/2024)", "LOG PRINTED 2024-07-11 (today's entry flagged *)", "10/03/2024  <-- today");
without one, no line is called earlier. A row dated the day of service, or a month that cannot
be told apart from it, stays today's. A numbered log row ("1   | 01/17/2024 | Diagnostic MBB")
opens with its date like any other.
"""

from __future__ import annotations

import datetime as dt
import re

from checker.pipeline.literal import lowered, names_any

_MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_MONTH_NAMES = "(?i:" + "|".join(_MONTHS) + ")"


def _date(prefix: str) -> str:
    """A date, its parts named with `prefix`: 08/2025, 08/18/2025, 08/18/25, 2025-08-18, or
    a day, a month's name and a year, "07 Jun 2023" (a month and a two-digit year, "7/10",
    is a pain score)."""
    p = prefix
    return (
        rf"(?:(?P<{p}m>\d{{1,2}})/(?:(?P<{p}d>\d{{1,2}})/(?P<{p}y2>\d{{2}})(?![\d/])"
        rf"|(?:(?P<{p}d4>\d{{1,2}})/)?(?P<{p}y>\d{{4}})(?![\d/]))"
        rf"|(?P<{p}iy>\d{{4}})-(?P<{p}im>\d{{2}})-(?P<{p}id>\d{{2}})"
        rf"|(?P<{p}nd>\d{{1,2}})[ \t]+(?P<{p}nm>{_MONTH_NAMES})[a-z]*\.?,?[ \t]+"
        rf"(?P<{p}ny>\d{{4}})(?!\d))"
    )


_SERVICE_DATE = re.compile(
    r"\b(?:date\s+of\s+(?:service|procedure|visit|surgery|encounter|block|injection)|dos|"
    r"(?:service|procedure|visit|encounter|case)\s+date)\s*(?:[:#=-]|\.{2,})?\s*" + _date("s"),
    re.IGNORECASE,
)
# a bare "Date:" field counts only when no field names the date of service, and only at the
# start of a line ("Received date: ..." on a fax banner is no date of service)
# (a dot leader for its colon too: "Date ............. 04/10/2025")
_BARE_DATE = re.compile(
    r"^[ \t*•|]*date\s*(?:[:#=]|\.{2,})\s*" + _date("s"), re.IGNORECASE | re.MULTILINE
)
_SERVICE_DATE_WORDS = ("date", "dos")  # one of them in every match of the two above
# a date the word "today" marks on its line, just before it or just after it ("today's
# encounter (03/14/2024)", "2024-07-11 (today's entry", "10/03/2024  <-- today"); no digit
# between them, so another column's date is not taken for today's
_TODAY_DATE = re.compile(
    r"\btoday(?:'s)?\b[^\n\d]{0,30}?" + _date("s") + r"|" + _date("t") + r"[^\w\n]{0,8}today\b",
    re.IGNORECASE,
)
_TODAY_WORDS = ("today",)
# a date opening a line, after list or table markup (a table's rule line too, when it was
# joined to the first row) or a log row's number ("1   | 01/17/2024 | Diagnostic MBB #1",
# "1. 07 Jun 2023  Bilateral ...", "[1] 08/22/2024  DIAGNOSTIC MBB #1") or an outline
# number ("1.1.1 11/2024 right C3 ... MBB, bupivacaine: 90% relief"), and followed by
# more words
_LINE_DATE = re.compile(
    r"^[ \t>*\-•|+=]*(?:\d{1,3}(?:[ \t]*\|[ \t]*|[.)][ \t]+|[ \t]{2,})|\[\d{1,3}\][ \t]+"
    r"|\d{1,3}(?:\.\d{1,3})+\.?[a-z]?[ \t]+)?" + _date("l") + r"[ \t|,:-]+\S",
    re.MULTILINE,
)
# a labelled entry whose label carries its date in brackets before a colon ("MBB #2
# (09/18/2024, Dr. Mensah): bilateral C5-6 ..."): a log of that date, like a dated row
_LABELLED_DATE = re.compile(
    r"^[ \t>*\-•|]*[A-Za-z][\w#./ -]{0,30}?\(\s*" + _date("l") + r"[^()\n]{0,60}\)[ \t]*:[ \t]*\S",
    re.MULTILINE,
)
# a line's first field whose answer opens with a date, then more of that entry ("[Y]
# Diagnostic block #1: 01/29/2025, R C3/C4 MB, lidocaine 2%", "3. Block #1 - date / levels?
# 04/30/2025, R C4 ...", "| MBB #2 | 04/08/2025 | R C4,C5 MB |", "1st block 10/16/2024
# (lidocaine 2%): ...", "Block #1 (05/06/2025) right C3 ... MBB: 8/10 -> 1/10", a history
# table's row with its columns set apart by spaces, "Block #1  03/04/2025  bilateral C4 MB",
# under an outline number too: "2.1 Bilateral C4, C5 MBB 08/2024: 80% x 6 h"); a date of
# birth is no entry's date
_FIELD_DATE = re.compile(
    r"^[ \t>*\-•|]*(?:\[[^\]\n]{0,3}\][ \t]*)?(?:(?:\d{1,2}[.)]|\d{1,3}(?:\.\d{1,3})+\.?)[ \t]+)?"
    r"(?!(?:dob|d\.o\.b|date of birth|birth|born)\b)(?:[A-Za-z]|\d(?:st|nd|rd|th)\b)"
    r"[^\n:?|]{0,60}?[ \t]*[:?|]?[ \t]*" + _date("l") + r"(?:[ \t]*[,;:(|)]|[ \t]{2,}\S)",
    re.MULTILINE | re.IGNORECASE,
)
# a labelled entry dated so after a sentence of the same line, its answer on the line below
# its colon ("... no leg symptoms. MBB #1 02/10/2025 (0.5% bupivacaine, bilateral L3 MB):"
# over "8/10 -> 1/10, 85% relief"): from its label on, like a field of its own line
_ENTRY_IN_PROSE = re.compile(
    r"(?<=[.;][ \t])[ \t]*[A-Za-z][\w#./ -]{0,30}?[ \t]" + _date("l") + r"[ \t]*"
    r"(?:\([^()\n]{0,80}\)[ \t]*)?:[ \t]*$",
    re.MULTILINE,
)
# a numbered block dated right after its number, anywhere on its line ("Qualifying blocks:
# MBB #1 03/12/2025 right C4-C7, lidocaine 2% - 90% relief"): that block's entry, from its
# number on
_NUMBERED_ENTRY = re.compile(
    r"(?<![\w#])(?:mbbs?|blocks?|injections?|rfa|ia)[ \t]*#[ \t]*\d{1,2}[ \t]*[:,-]?[ \t]*"
    + _date("l")
    + r"[ \t,;:(]+\S",
    re.IGNORECASE,
)

# a CSV export's row dated in one of its first cells ("1042,screening_arm_1,2024-03-18,,,8"):
# one event of a record's export, like a log row
# (its first cells hold no space: the reading may have joined the export's lines)
_CSV_ROW_DATE = re.compile(r"(?<!\S)(?:[^,\s]*,){1,4}" + _date("l") + r"[ \t]*,")
# the date a document was exported, run or printed on ("Exported 2024-04-09 11:52"): the
# date of service only when an entry of the document is dated that day too (an export run
# the day of the procedure it abstracts), never a later print of an older note
_DOCUMENT_DATE = re.compile(
    r"\b(?:exported|run|printed|generated)\b[ \t:]*(?:on[ \t]+)?" + _date("s"),
    re.IGNORECASE,
)
_DOCUMENT_DATE_WORDS = ("exported", "run", "printed", "generated")
# a date anywhere in the text, not the tail of a longer number ("123/12/2024")
_DATE_IN_TEXT = re.compile(r"(?<![\d/])" + _date("a"))
_INDENT = re.compile(r"[ \t]*")

Day = tuple[int, int, int]  # (year, month, day); day 0 when only the month is written


def _day(match: re.Match[str], prefix: str) -> Day | None:
    group = match.groupdict()
    if group[f"{prefix}iy"]:
        year, month, day = (int(group[f"{prefix}i{k}"]) for k in "ymd")
    elif group[f"{prefix}nm"]:
        month = _MONTHS.index(group[f"{prefix}nm"].lower()) + 1
        year, day = int(group[f"{prefix}ny"]), int(group[f"{prefix}nd"])
    else:
        month = int(group[f"{prefix}m"])
        short = group[f"{prefix}y2"]
        year = 2000 + int(short) if short else int(group[f"{prefix}y"])
        day = int(group[f"{prefix}d"] or group[f"{prefix}d4"] or 0)
    return (year, month, day) if 1 <= month <= 12 and day <= 31 else None


def _before(row: Day, service: Day) -> bool:
    if row[2] and service[2]:
        return row < service
    return row[:2] < service[:2]  # a month alone: earlier only if the month is


def earlier_dated_lines(text: str, date_of_service: dt.date | None = None) -> list[tuple[int, int]]:
    """(start, end) character bounds of the lines that open with a date before the date of
    service, in text order. The date of service is the note's own (its input's metadata)
    when given, else the one its text names."""
    return lines_dated_before(text, service_day_of(text, date_of_service))


def lines_dated_before(text: str, service: Day | None) -> list[tuple[int, int]]:
    """(start, end) character bounds of the lines that open with a date before `service`
    (the note's date of service, `service_day_of`), in text order."""
    if service is None:
        return []
    lines = []
    patterns = (_LINE_DATE, _LABELLED_DATE, _FIELD_DATE, _ENTRY_IN_PROSE, _NUMBERED_ENTRY)
    for pattern in (*patterns, _CSV_ROW_DATE):
        for match in pattern.finditer(text):
            day = _day(match, "l")
            if day is not None and _before(day, service):
                end = _line_end(text, match, pattern is _CSV_ROW_DATE)
                lines.append((match.start(), _entry_end(text, match.start(), end)))
    return sorted(set(lines))


def _line_end(text: str, match: re.Match[str], csv_row: bool) -> int:
    """Where a dated line ends; a CSV row ends before the record's next row too (the
    reading may have joined an export's rows into one line)."""
    end = text.find("\n", match.start())
    end = len(text) if end < 0 else end
    if csv_row:
        first_cell = text[match.start() : text.find(",", match.start()) + 1]
        following = re.compile(r"\s" + re.escape(first_cell)).search(text, match.end(), end)
        if following is not None:
            end = following.start()
    return end


def _entry_end(text: str, start: int, end: int) -> int:
    """Where a dated entry ends: its line, and the lines below indented deeper that carry
    the same entry on ("-- 2023-04-12 | DX MBB #1 | ...\n   lidocaine 2% 0.5 ml/nerve | ..."),
    up to a blank line or one indented no deeper than the entry's own. A line that ends with
    a colon goes on with the line below, its answer ("MBB #1 02/10/2025 (bupivacaine):" over
    "8/10 -> 1/10, 85% relief")."""
    if text[start:end].rstrip().endswith(":"):
        following = _INDENT.match(text, end + 1)
        if following is not None and following.end() < len(text) and text[following.end()] != "\n":
            next_end = text.find("\n", following.end())
            end = len(text) if next_end < 0 else next_end
    line_start = text.rfind("\n", 0, start) + 1
    indent = len(text[line_start:start]) - len(text[line_start:start].lstrip(" \t"))
    own = _INDENT.match(text, start)  # always matches: it may be empty
    indent += (own.end() - start) if own else 0
    while end < len(text):
        following = _INDENT.match(text, end + 1)
        if following is None or following.end() - following.start() <= indent:
            return end
        if following.end() >= len(text) or text[following.end()] == "\n":
            return end  # a blank line
        next_end = text.find("\n", following.end())
        end = len(text) if next_end < 0 else next_end
    return end


def service_day_of(text: str, date_of_service: dt.date | None = None) -> Day | None:
    """The date of service: the note's own (its input's metadata) when given, else the one
    its text names."""
    if date_of_service is not None:
        return (date_of_service.year, date_of_service.month, date_of_service.day)
    return service_day(text)


def service_day(text: str) -> Day | None:
    """The date of service: a field naming it, else a bare "Date:", else a date "today"
    marks, else the document's export date when an entry is dated that day."""
    words = lowered(text)  # each search runs only when its words occur
    match = None
    if names_any(words, _SERVICE_DATE_WORDS):
        match = _SERVICE_DATE.search(text) or _BARE_DATE.search(text)
    if match:
        return _day(match, "s")
    match = _TODAY_DATE.search(text) if names_any(words, _TODAY_WORDS) else None
    if match is None:
        return _document_day(text) if names_any(words, _DOCUMENT_DATE_WORDS) else None
    today_first = match.group("sm") or match.group("siy") or match.group("snm")
    return _day(match, "s" if today_first else "t")


def _document_day(text: str) -> Day | None:
    match = _DOCUMENT_DATE.search(text)
    if match is None:
        return None
    day = _day(match, "s")
    for other in _DATE_IN_TEXT.finditer(text):
        if other.start() != match.start("s" + _first_group(match)) and _day(other, "a") == day:
            return day
    return None


def _first_group(match: re.Match[str]) -> str:
    """The name (less its prefix) of the first group a date match opens with."""
    for name in ("m", "iy", "nd"):
        if match.group("s" + name):
            return name
    return "m"


_WHOLE_DATE = re.compile(_date("w") + r"$")


def day_of(written: str) -> Day | None:
    """The day a cell's whole text writes ("2024-09-19", "09/19/2024"), else None."""
    match = _WHOLE_DATE.match(written)
    return None if match is None else _day(match, "w")


def dates_before_service(text: str, start: int, end: int, service: Day | None) -> bool:
    """Whether `text[start:end]` names a date (08/2024, 03/12/2024, 2024-03-12, 12 Mar 2024)
    before `service`, the note's date of service ("70% relief after the 03/12/2024 block")."""
    if service is None:
        return False
    for match in _DATE_IN_TEXT.finditer(text, start, end):
        day = _day(match, "a")
        if day is not None and _before(day, service):
            return True
    return False
