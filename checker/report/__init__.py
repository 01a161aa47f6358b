"""Report writers: JSONL lines (the contract), and the report set for people."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from checker.models import Report

_SEVERITY_RANK = {"blocking": 2, "warning": 1, "info": 0}


@dataclass
class RunSummary:
    """Counts kept while streaming, so the batch is never held in memory."""

    notes: int = 0
    statuses: Counter = field(default_factory=Counter)
    worst_severity: int = -1

    def add(self, report: Report) -> None:
        self.notes += 1
        self.statuses[report.status] += 1
        for gap in report.gaps:
            self.worst_severity = max(self.worst_severity, _SEVERITY_RANK[gap.severity])

    def should_hold(self, fail_on: str) -> bool:
        """Exit status 1: any failing note, any note that could not be checked (the gate
        must not pass a note nobody read), or any gap at least as severe as `fail_on`."""
        held = self.statuses["fail"] + self.statuses["error"]
        return held > 0 or self.worst_severity >= _SEVERITY_RANK[fail_on]


def stream_jsonl(reports: Iterable[Report], stream: TextIO) -> RunSummary:
    summary = RunSummary()
    for report in reports:
        stream.write(report.to_json_line() + "\n")
        stream.flush()
        summary.add(report)
    return summary


def __getattr__(name: str):
    """`write_report_set` is imported on first use: the HTML writers load jinja2."""
    if name == "write_report_set":
        from checker.report.report_set import write_report_set

        return write_report_set
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
