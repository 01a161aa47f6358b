"""Pain diaries and time-point tables: today's response written as a time series.

      Time       NRS   % relief            Before  : 5
      Pre         7       -                30 min  : 1    (80%)
      15 min      1      85%               1 hour  : 1    (80%)
      1 h         1      85%               2 hours : 2    (60%)

A run of lines, each opening with a time point and a 0-10 score, with a baseline row
("Pre", "Baseline", "Before", "Pre-block") and at least two rows after the block. The
baseline row gives the pre-procedure score. The post-procedure score, and the relief written
on that same row, is the last of the rows in minutes that follow the block without a break
(15, 30, 60 min: the observation's serial scores, the last before discharge); rows in hours
or days after them are a diary kept at home, not the post score (conventions: the last score
recorded before discharge, not the peak or a later diary row).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from checker.extract.char_spans import CharSpans

_BASELINE = r"pre(?:[- ]?(?:block|procedure|injection|op|inj))?|baseline|before"
_LATER = (
    r"\d{1,3}[ \t]*(?:min|mins|minutes|m|h|hr|hrs|hour|hours)\b\.?"
    r"|next[ \t]+(?:am|a\.m\.|day|morning)"
)
_ROW = re.compile(
    r"^[ \t|>*•\-]*(?:(?P<baseline>" + _BASELINE + r")|(?P<later>" + _LATER + r"))"
    r"[ \t]*[|:=]?[ \t]*(?P<pain>10|\d)(?:[ \t]*/[ \t]*10)?(?![\d.%/])(?P<rest>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
# the relief on a row: the first number after the score, written as a percent ("85%",
# "(80%)") or, when the header names the column, bare ("% better ... 100"); else a remark's
# percent named as relief
_MINUTES = re.compile(r"\d{1,3}[ \t]*(?:min|mins|minutes|m)\b\.?", re.IGNORECASE)
_ROW_PERCENT = re.compile(r"^[ \t|:(]*(\d{1,3})[ \t]*(%)?(?![\d./])")
_RELIEF_HEADER = re.compile(r"%|relief|better|improve", re.IGNORECASE)
# a remark on the row that names its relief ("1     patient estimates 85% relief")
_REMARKED_RELIEF = re.compile(
    r"(?<![\d.])(\d{1,3})[ \t]*%[ \t]*(?:relief|better|improvement|improved)\b", re.IGNORECASE
)
_MIN_LATER_ROWS = 2


class DiaryReading(NamedTuple):
    start: int  # character bounds of the table's rows
    end: int
    pre_pain: int | None
    post_pain: int | None
    percent_relief: int | None
    pre_at: int | None  # where each value is written
    post_at: int | None
    relief_at: int | None


def find_diaries(text: str) -> list[DiaryReading]:
    """Every pain time series of the text, in text order."""
    diaries: list[DiaryReading] = []
    run: list[re.Match[str]] = []
    for row in _ROW.finditer(text):
        if run and not _next_line(text, run[-1], row):
            diaries += _read(text, run)
            run = []
        run.append(row)
    return diaries + _read(text, run)


def _next_line(text: str, previous: re.Match[str], row: re.Match[str]) -> bool:
    return previous.end() < len(text) and row.start() == previous.end() + 1


def _read(text: str, rows: list[re.Match[str]]) -> list[DiaryReading]:
    baseline = [row for row in rows if row.group("baseline")]
    later = [row for row in rows if row.group("later")]
    if not baseline or len(later) < _MIN_LATER_ROWS or baseline[0].start() > later[0].start():
        return []
    header_start = text.rfind("\n", 0, max(0, rows[0].start() - 1)) + 1
    header = text[header_start : rows[0].start()]
    first = _last_before_discharge(later)
    percent = _ROW_PERCENT.match(first.group("rest"))
    relief = relief_at = None
    if not (percent and (percent.group(2) or _RELIEF_HEADER.search(header))):
        percent = _REMARKED_RELIEF.search(first.group("rest"))
    if percent:
        value = int(percent.group(1))
        if value <= 100:
            relief, relief_at = value, first.start("rest") + percent.start(1)
    return [
        DiaryReading(
            start=rows[0].start(),
            end=rows[-1].end(),
            pre_pain=int(baseline[0].group("pain")),
            post_pain=int(first.group("pain")),
            percent_relief=relief,
            pre_at=baseline[0].start("pain"),
            post_at=first.start("pain"),
            relief_at=relief_at,
        )
    ]


def _last_before_discharge(later: list[re.Match[str]]) -> re.Match[str]:
    """The first row after the block, or the last of the run of rows in minutes it opens
    ("15 min", "30 min", "60 min"): the serial scores of the observation period."""
    last = later[0]
    for row in later[1:]:
        if not (_MINUTES.fullmatch(last.group("later")) and _MINUTES.fullmatch(row.group("later"))):
            break
        last = row
    return last


class Diaries:
    """The pain time series of a note, and which characters sit in one."""

    def __init__(self, text: str) -> None:
        self.all = find_diaries(text)
        self._spans = CharSpans([(diary.start, diary.end) for diary in self.all])

    def __bool__(self) -> bool:
        return bool(self.all)

    def holds(self, char: int) -> bool:
        return self._spans.holds(char)
