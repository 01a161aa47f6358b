"""What `checker check --out` shows on the terminal: a progress bar and a summary table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from checker.models import Report
from checker.report import RunSummary
from checker.report.queue import STATUS_ICON, STATUS_ORDER, STATUS_TEXT, QueueRow

_STATUS_STYLE = {"fail": "bold red", "error": "magenta", "needs_review": "yellow", "pass": "green"}


def track(
    reports: Iterable[Report], console: Console | None, total: int | None
) -> Iterator[Report]:
    """Pass reports through, drawing a progress bar only on an interactive terminal."""
    if console is None or not console.is_terminal:
        yield from reports
        return
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
    """Notes in these files for the progress bar: one per `.txt`, one per non-blank JSONL line."""
    total = 0
    for path in files:
        if path.suffix != ".jsonl":
            total += 1
            continue
        try:
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        except OSError:
            total += 1  # the reader reports it as one unreadable note
    return total


def print_summary(console: Console, rows: list[QueueRow], summary: RunSummary, index: Path) -> None:
    """Status counts, the commonest gaps, and where the queue is."""
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
            gaps.add_row(escape(requirement), str(count))
        console.print(gaps)
    held = summary.statuses["fail"]
    if held:
        console.print(f"[bold red]{held} notes held for billing[/] (blocking gaps).")
    console.print(f"queue: {escape(str(index))}", highlight=False, soft_wrap=True)
