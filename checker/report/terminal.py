"""What `checker check --out` shows on the terminal: a progress bar and a summary table."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from checker.models import Report
from checker.report import RunSummary
from checker.report.queue import STATUS_ICON, STATUS_ORDER, STATUS_TEXT, QueueRow

if TYPE_CHECKING:  # rich is imported where it draws: `checker check` to standard output never does
    from rich.console import Console

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_STATUS_STYLE = {"fail": "bold red", "error": "magenta", "needs_review": "yellow", "pass": "green"}


def printable(text: object) -> str:
    """Text safe for a terminal: control characters (an escape sequence hidden in a file
    name, note id or rules file) are shown as \\xNN instead of acting on the terminal."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", str(text))


def track(
    reports: Iterable[Report], console: Console | None, total: int | None
) -> Iterator[Report]:
    """Pass reports through, drawing a progress bar only on an interactive terminal."""
    if console is None or not console.is_terminal:
        yield from reports
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        SpinnerColumn(),
        TextColumn("checking notes"),
        BarColumn(),
        MofNCompleteColumn() if total else TextColumn("{task.completed} notes"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("check", total=total)
        for report in reports:
            yield report
            bar.advance(task)


def count_notes(files: Iterable[Path]) -> int:
    """Notes in these files, counted as the reader will read them (one report line each)."""
    from checker.reader import notes_in_file

    return sum(notes_in_file(path) for path in files)


def print_summary(console: Console, rows: list[QueueRow], summary: RunSummary, index: Path) -> None:
    """Status counts, the commonest gaps, and where the queue is."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{summary.notes} notes checked", title_justify="left")
    table.add_column("status")
    table.add_column("notes", justify="right")
    for status in STATUS_ORDER:
        label = f"{STATUS_ICON[status]} {STATUS_TEXT[status]}"
        table.add_row(label, str(summary.statuses[status]), style=_STATUS_STYLE[status])
    console.print(table)
    requirements = Counter(req for row in rows for req in row.actionable)
    if requirements:
        gaps = Table(title="most frequent gaps (blocking or warning)", title_justify="left")
        gaps.add_column("requirement")
        gaps.add_column("notes", justify="right")
        for requirement, count in requirements.most_common(5):
            gaps.add_row(escape(printable(requirement)), str(count))
        console.print(gaps)
    held = summary.statuses["fail"]
    if held:
        console.print(f"[bold red]{held} notes held for billing[/] (blocking gaps).")
    console.print(f"queue: {escape(printable(index))}", highlight=False, soft_wrap=True)
