"""Command line: `checker check`, `checker feedback`, `checker eval`, `checker schema`."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from checker.models import report_schema
from checker.report.terminal import printable
from checker.stopping import handle_stop_signals

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Check facet injection procedure notes (CPT 64490-64492) for billing completeness.",
)


@functools.cache
def err():
    """rich's console on standard error, made on first use: `checker check` writing its
    report lines to standard output never draws on it, and rich costs some 40 ms of start."""
    from rich.console import Console

    return Console(stderr=True)


def escape(text: str) -> str:
    """rich's markup escape (rich imported on first use)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


# Exit statuses of `check` (README, "Exit status"): 1 is the pre-billing hold, so a run
# that could not write its output, or was stopped, must never look like a plain hold.
EXIT_OK, EXIT_HOLD, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3
EXIT_SIGNAL_BASE = 128  # stopped by signal N: 128 + N (130 Ctrl-C, 129 SIGHUP, 143 SIGTERM)
DEFAULT_OUT = Path("reports")
DEFAULT_NOTE_TIMEOUT = 10.0


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    summary = "summary"
    fhir = "fhir"


class InputFormat(StrEnum):
    auto = "auto"
    txt = "txt"
    jsonl = "jsonl"
    fhir = "fhir"
    hl7 = "hl7"


class FailOn(StrEnum):
    blocking = "blocking"
    warning = "warning"


def _usage_error(message: str) -> typer.Exit:
    err().print(f"[bold red]error:[/] {escape(printable(message))}")
    return typer.Exit(EXIT_USAGE)


def _output_error(message: str) -> typer.Exit:
    err().print(f"[bold red]error:[/] {escape(printable(message))}")
    err().print("The report set is incomplete (run.json says complete: false); nothing passed.")
    return typer.Exit(EXIT_OUTPUT)


def _check_out_folder(out: Path | None) -> None:
    if out is not None and out.exists() and not out.is_dir():
        raise _usage_error(f"--out {out} is a file; give a folder for the report pages")


def _stopped_exit(exc: KeyboardInterrupt, out: Path | None) -> typer.Exit:
    name = getattr(exc, "signal_name", "SIGINT")
    where = f"; {out / 'run.json'} says complete: false" if out is not None else ""
    written = f"only whole report lines were written{escape(printable(where))}"
    err().print(f"stopped by {name}: {written}")
    return typer.Exit(EXIT_SIGNAL_BASE + signal.Signals[name].value)


def _check_payer(payer: str | None, rules: list[Path] | None) -> None:
    """A payer typed on the command line must name a profile: a typo would silently skip
    that payer's rules for every note (front matter keeps `payer.unknown` instead)."""
    if payer is None:
        return
    from checker.rules import load_ruleset

    ruleset = load_ruleset([str(r) for r in rules or []])
    if ruleset.resolve_payer(payer) is None:
        known = ", ".join(sorted(ruleset.profiles))
        raise _usage_error(f"--payer {payer!r} matches no payer profile (known: {known})")


@app.command()
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Note files (.txt, .jsonl, FHIR .json, HL7 v2 .hl7), folders, or - for stdin."
        ),
    ],
    fmt: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            help="jsonl: one report line per note on standard output; "
            "summary: the Markdown summary (counts, frequent gaps, notes held); "
            "fhir: one FHIR R4 Bundle (DetectedIssues) per note, one per line.",
        ),
    ] = None,
    input_format: Annotated[
        InputFormat,
        typer.Option("--input-format", help="What standard input (-) holds; auto detects it."),
    ] = InputFormat.auto,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write the report set (HTML queue, JSONL, CSV) here "
            "(default reports/ when --format is not given).",
        ),
    ] = None,
    payer: Annotated[
        str | None, typer.Option(help="Payer profile for every note (overrides front matter).")
    ] = None,
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", help="Extra requirements or payer profiles (YAML)."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes to check notes with.")] = 1,
    history: Annotated[
        Path | None,
        typer.Option(
            "--history",
            help="SQLite file of checked sessions (created on first use): checks frequency "
            "limits against each patient's earlier sessions and records this run's.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option(help="Exit 1 when any note has a gap this severe.")
    ] = FailOn.blocking,
    allow_empty: Annotated[
        bool, typer.Option(help="Exit 0 when the paths hold no note (else a usage error).")
    ] = False,
    follow_symlinks: Annotated[
        bool, typer.Option(help="Read symlinks that lead outside the paths given.")
    ] = False,
    note_timeout: Annotated[
        float,
        typer.Option(min=0.1, help="Seconds one note may take; a slower note gets an error line."),
    ] = DEFAULT_NOTE_TIMEOUT,
) -> None:
    """Check notes; exit 1 when any note fails (the pre-billing hold), 2 on a usage error,
    3 when the output cannot be written, 128+N when stopped by signal N."""
    from checker.engine import check_paths
    from checker.reader import InputError, iter_paths
    from checker.report.files import OutputError
    from checker.resources import DataFileError
    from checker.store import HistoryError

    handle_stop_signals()
    if out is None and fmt is None:
        out = DEFAULT_OUT  # no output named: the report set for people
    if fmt is OutputFormat.fhir and out is not None:
        raise _usage_error("--format fhir writes to standard output; leave out --out")
    paths = _with_standard_input(paths, input_format.value)
    try:
        _check_out_folder(out)
        _check_payer(payer, rules)
        skip = [out] if out is not None else []
        # fail fast on a missing path or an empty run, before any output
        files = list(iter_paths(paths, follow_symlinks=follow_symlinks, skip=skip))
        if not files and not allow_empty:
            raise _usage_error(_nothing_to_check(paths))
        checking = check_paths(
            paths,
            payer=payer,
            rules_files=[str(r) for r in rules or []],
            workers=workers,
            follow_symlinks=follow_symlinks,
            skip=skip,
            note_timeout=note_timeout,
            history=history,
        )
        try:
            if fmt is OutputFormat.fhir:
                from checker.interop.output import stream_fhir
                from checker.reader import read_notes

                notes = read_notes(paths, follow_symlinks=follow_symlinks, skip=skip)
                summary = stream_fhir(checking, notes, sys.stdout)
            else:
                summary = _write(checking, fmt, out, files, paths)
        finally:
            # also when stopped between two reports: the worker processes end here, before
            # the exit, not when they notice their parent has gone
            getattr(checking, "close", lambda: None)()
    except (InputError, DataFileError, HistoryError) as exc:
        raise _usage_error(str(exc)) from None
    except OutputError as exc:
        _quiet_stdout()
        raise _output_error(str(exc)) from None
    except OSError as exc:  # standard output: disk full, closed pipe
        _quiet_stdout()
        raise _output_error(f"cannot write to standard output: {exc.strerror or exc}") from None
    except KeyboardInterrupt as exc:
        raise _stopped_exit(exc, out) from None
    if summary.should_hold(fail_on.value):
        raise typer.Exit(EXIT_HOLD)


def _write(reports, fmt: OutputFormat | None, out: Path | None, files: list[Path], paths):
    """Stream the reports to the report set, standard output, or both."""
    from checker.report import stream_jsonl
    from checker.report.terminal import count_notes

    if out is not None:
        from checker.report import write_report_set

        return write_report_set(
            reports,
            out,
            echo_jsonl=fmt is OutputFormat.jsonl,
            console=err(),
            total=count_notes(files),
            inputs=paths,
        )
    if fmt is OutputFormat.summary:
        from checker.report import RunSummary
        from checker.report.queue import QueueRow, markdown_summary

        summary = RunSummary()
        rows: list[QueueRow] = []
        for report in reports:
            rows.append(QueueRow.from_report(report, len(rows), page=""))
            summary.add(report)
        sys.stdout.write(markdown_summary(rows, links=False))
        sys.stdout.flush()
        return summary
    return stream_jsonl(reports, sys.stdout)


def _quiet_stdout() -> None:
    """After a failed write to standard output, let nothing retry it at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _nothing_to_check(paths: list[Path]) -> str:
    named = ", ".join(str(path) for path in paths)
    return (
        f"no notes found in {named} (.txt or .jsonl files, in any case); a run that reads "
        "nothing must not pass the batch (--allow-empty allows it)"
    )


def _with_standard_input(paths: list[Path], input_format: str) -> list:
    """`-` stands for standard input, read in the format given or detected."""
    if not any(str(path) == "-" for path in paths):
        return paths
    from checker.interop import StandardInput

    stdin = StandardInput(input_format)
    return [stdin if str(path) == "-" else path for path in paths]


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8080,
    token_file: Annotated[
        Path | None,
        typer.Option(
            help="File holding the bearer token callers must send (required "
            "when --host is not a loopback address)."
        ),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Checking processes.")] = 1,
    max_body: Annotated[
        int, typer.Option(min=1, help="Largest request body in bytes (larger: 413).")
    ] = 5_000_000,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds a note may take before it gets an error.")
    ] = 30.0,
    payer: Annotated[str | None, typer.Option(help="Payer profile for every note.")] = None,
    rules: Annotated[
        list[Path] | None, typer.Option("--rules", help="Extra requirements (YAML).")
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            "--history",
            help="SQLite database for review decisions and their audit log (the one "
            "'check --history' uses); turns on the /v1/decisions routes.",
        ),
    ] = None,
    reports: Annotated[
        Path | None,
        typer.Option(
            "--reports",
            help="A report set ('check --out DIR') to serve under /reports/, its pages "
            "saving decisions in --history.",
        ),
    ] = None,
) -> None:
    """Serve POST /v1/check over HTTP (FastAPI on uvicorn); loopback only unless a token is set."""
    try:
        from checker.serve import ServiceSettings, run
    except ImportError as exc:
        raise _usage_error(
            f"checker serve needs the serve extra (pip install 'facet-checker[serve]'): {exc}"
        ) from None
    try:
        settings = ServiceSettings.from_options(
            host=host,
            token_file=token_file,
            workers=workers,
            max_body=max_body,
            timeout=timeout,
            payer=payer,
            rules_files=[str(r) for r in rules or []],
            history=str(history) if history else None,
            reports=str(reports) if reports else None,
        )
    except ValueError as exc:
        raise _usage_error(str(exc)) from None
    run(settings, host=host, port=port)


@app.command()
def feedback(
    paths: Annotated[list[Path], typer.Argument(help="Note files or folders.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the per-clinician pages.")] = Path(
        "reports/feedback"
    ),
    payer: Annotated[str | None, typer.Option(help="Payer profile for every note.")] = None,
    rules: Annotated[
        list[Path] | None, typer.Option("--rules", help="Extra requirements (YAML).")
    ] = None,
) -> None:
    """Write per-clinician feedback pages: what each physician tends to leave out."""
    from checker.engine import check_paths
    from checker.reader import InputError, iter_paths
    from checker.report.feedback import write_feedback
    from checker.report.terminal import count_notes, track
    from checker.resources import DataFileError

    try:
        _check_out_folder(out)
        files = list(iter_paths(paths))
        reports = check_paths(paths, payer=payer, rules_files=[str(r) for r in rules or []])
        total = count_notes(files) if err().is_terminal else None
        pages = write_feedback(track(reports, err(), total), out)
    except (InputError, DataFileError) as exc:
        raise _usage_error(str(exc)) from None
    err().print(f"wrote feedback for {pages} clinicians to {out / 'index.html'}", markup=False)


@app.command("eval")
def evaluate_command(
    folder: Annotated[Path, typer.Argument(help="Folder with notes and gold.jsonl.")],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Where to write the table as JSON.")
    ] = None,
    show_differences: Annotated[
        bool, typer.Option("--diff", help="List every note's differences.")
    ] = False,
    amendments: Annotated[
        Path | None,
        typer.Option(
            "--amend",
            help="JSONL of gold lines re-annotated under a later convention (id, keys, reason).",
        ),
    ] = None,
) -> None:
    """Score the notes in FOLDER against FOLDER/gold.jsonl, per field."""
    from checker.engine import check_paths
    from checker.evaluate import amend_gold, evaluate, load_gold

    gold_path = folder / "gold.jsonl"
    if not gold_path.is_file():
        raise _usage_error(f"no gold.jsonl in {folder}")
    gold = load_gold(gold_path)
    amended = []
    if amendments is not None:
        try:
            amended = amend_gold(gold, amendments)
        except (OSError, ValueError) as exc:
            raise _usage_error(str(exc)) from None
    result = evaluate(check_paths([folder]), gold, id_of=lambda r: Path(r.source).stem)
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"checker eval {escape(printable(folder))} ({result.notes} notes)")
    for column in ("field", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for score in result.fields.values():
        row = score.as_row()
        table.add_row(
            row["field"],
            f"{row['precision']:.3f}",
            f"{row['recall']:.3f}",
            f"{row['f1']:.3f}",
            str(row["tp"]),
            str(row["fp"]),
            str(row["fn"]),
        )
    console = Console()
    console.print(table)
    console.print(
        f"notes with every field right: {result.notes_all_right}/{result.notes} "
        f"({result.all_right_share:.1%})"
    )
    if amended:
        console.print(
            f"gold lines re-annotated from {escape(printable(amendments))}: "
            f"{escape(printable(', '.join(amended)))}"
        )
    if result.errors:
        errors = escape(printable(result.errors))
        console.print(f"[red]{len(result.errors)} notes could not be checked[/]: {errors}")
    if show_differences:
        for note_id, fields in result.differences.items():
            console.print(f"[bold]{escape(printable(note_id))}[/] {escape(printable(fields))}")
    target = json_out or Path("reports") / "eval.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result.as_dict(), indent=2) + "\n", encoding="utf-8")
    console.print(f"table written to {target}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of one report line."""
    sys.stdout.write(json.dumps(report_schema(), indent=2) + "\n")


if __name__ == "__main__":  # pragma: no cover
    app()
