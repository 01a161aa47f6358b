"""Speed and memory of `checker check`, measured against spaCy's own tokenizer on the same notes.

    .venv/bin/python bench/run.py                      # 2,000 notes, every phase (make bench)
    .venv/bin/python bench/run.py --notes 10000 --phases check_jsonl
    .venv/bin/python bench/run.py --scaling 10000,100000    # memory flat as N grows?
    .venv/bin/python bench/run.py --long-notes 1000000,3000000

A corpus of N notes is built from the sample notes (round robin, each with its own
note_id) as a folder of `.txt` files, or one JSONL export (`--corpus jsonl`). Each note
opens with an accession line of its own, as real notes carry numbers no other note has;
`--no-accession` leaves the sample notes as they are (spaCy's tokenizer is then faster, as
its cache covers more of each note). Each phase runs in its own process, so one phase's
memory never counts against another: the peak resident memory of that process is the
kernel's (wait4), and the parent samples the process plus its workers every 0.1 s. Times
exclude start-up (imports, building the pipeline and rules), which is measured apart as
the cold start of `checker check` on one note (hyperfine when installed). Results go to
bench/results/ as JSON and Markdown.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_NOTES = ROOT / "sample_notes"
RESULTS = ROOT / "bench" / "results"
CHECKER = Path(sys.executable).parent / "checker"
PHASES = (
    "read",
    "tokenizer_blank",
    "tokenizer",
    "check_jsonl",
    "check_jsonl_workers",
    "check_html",
    "check_html_workers",
)
MARKS = 20  # progress points recorded per phase, to see whether cost per note grows
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.1


# --- the corpus


def sample_notes() -> list[tuple[str, dict[str, Any], str]]:
    """(file stem, metadata, body) of every sample note; the corpus repeats them in turn, so
    every tenth of it holds the same mix of notes."""
    from checker.reader import read_notes

    notes = []
    for note in read_notes([SAMPLE_NOTES]):
        if note.read_error is None:
            metadata = {
                "provider": note.provider,
                "payer": note.payer,
                "date_of_service": str(note.date_of_service) if note.date_of_service else None,
                "billed_codes": note.billed_codes,
            }
            notes.append((Path(note.source).stem, metadata, note.text))
    return notes


def corpus_notes(count: int, accession: bool = True) -> Iterator[tuple[str, dict[str, Any], str]]:
    """N notes; each opens with its own accession line, as real notes carry numbers no other
    note has (so a vocabulary that kept every string would show here as growing memory)."""
    samples = sample_notes()
    chance = random.Random(20260314)
    for index in range(count):
        stem, metadata, body = samples[index % len(samples)]
        line = f"Accession: ACC{index:07d} MRN {chance.randrange(10**8):08d}\n"
        text = line + body if accession else body
        yield f"{index:06d}-{stem}", {"note_id": f"BENCH-{index:06d}", **metadata}, text


def build_corpus(count: int, kind: str, folder: Path, accession: bool = True) -> Path:
    """Write N notes as `.txt` files under `folder/notes`, or as `folder/notes.jsonl`."""
    import yaml

    if kind == "jsonl":
        path = folder / "notes.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for _, metadata, body in corpus_notes(count, accession):
                handle.write(json.dumps({**metadata, "text": body}) + "\n")
        return path
    path = folder / "notes"
    for stem, metadata, body in corpus_notes(count, accession):
        sub = path / stem[:3]  # 1,000 notes per folder, as exports are often split
        sub.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(metadata, sort_keys=False)
        (sub / f"{stem}.txt").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


# --- one phase, in its own process


def tree_rss_mb(root: int) -> float:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * PAGE_SIZE
    tree, frontier = {root}, {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - tree
        tree |= frontier
    return sum(rss.get(pid, 0) for pid in tree) / 2**20


def timed_stream(items: Iterator[Any], total: int, marks: list[float]) -> Iterator[Any]:
    """Pass items through, noting the time at every 1/MARKS of the run."""
    step = max(1, total // MARKS)
    for index, item in enumerate(items, start=1):
        yield item
        if index % step == 0:
            marks.append(time.perf_counter())


def run_phase(name: str, corpus: Path, total: int, workers: int, scratch: Path) -> dict[str, Any]:
    started = time.perf_counter()
    work, units = prepare_phase(name, corpus, workers, scratch)
    ready = time.perf_counter()
    marks: list[float] = [ready]
    counted = work(lambda items: timed_stream(items, total, marks))
    finished = time.perf_counter()
    seconds = finished - ready
    step = max(1, total // MARKS)
    per_note = [(later - earlier) / step for earlier, later in itertools.pairwise(marks)]
    return {
        "phase": name,
        "notes": counted,
        "startup_s": ready - started,
        "seconds": seconds,
        "measured_s": units.get("seconds", seconds),
        "notes_per_s": counted / units.get("seconds", seconds),
        "per_note_ms_first_tenth": 1000 * statistics.mean(per_note[: max(1, MARKS // 10)]),
        "per_note_ms_last_tenth": 1000 * statistics.mean(per_note[-max(1, MARKS // 10) :]),
    }


def prepare_phase(
    name: str, corpus: Path, workers: int, scratch: Path
) -> tuple[Callable[[Callable], int], dict[str, float]]:
    """Build what the phase needs (not timed), and return the timed work."""
    from checker.reader import read_notes

    units: dict[str, float] = {}
    if name == "read":
        return (lambda track: sum(1 for _ in track(read_notes([corpus])))), units
    if name.startswith("tokenizer"):
        import spacy

        from checker.pipeline import build_pipeline

        tokenizer = spacy.blank("en").tokenizer if name == "tokenizer_blank" else None
        tokenizer = tokenizer or build_pipeline().tokenizer
        tokenizer("warm up")

        def tokenize(track: Callable) -> int:
            spent, count = 0.0, 0
            for note in track(read_notes([corpus])):  # only the tokenizer call is timed
                start = time.perf_counter()
                tokenizer(note.text)
                spent += time.perf_counter() - start
                count += 1
            units["seconds"] = spent
            return count

        return tokenize, units
    from checker.engine import check_paths
    from checker.pipeline import build_pipeline
    from checker.report import stream_jsonl
    from checker.rules import load_ruleset

    build_pipeline()
    load_ruleset()
    parallel = workers if name.endswith("_workers") else 1
    if name.startswith("check_jsonl"):

        def check_jsonl(track: Callable) -> int:
            with (scratch / f"{name}.jsonl").open("w", encoding="utf-8") as out:
                return stream_jsonl(track(check_paths([corpus], workers=parallel)), out).notes

        return check_jsonl, units
    try:
        from checker.report import write_report_set
    except ImportError as exc:
        raise SystemExit(f"skipped: no HTML report set in this version ({exc})") from exc

    def check_html(track: Callable) -> int:
        reports = track(check_paths([corpus], workers=parallel))
        return write_report_set(reports, scratch / f"{name}-reports").notes

    return check_html, units


def phase_main(args: argparse.Namespace) -> None:
    result = run_phase(args.phase, Path(args.corpus), args.notes, args.workers, Path(args.scratch))
    Path(args.result).write_text(json.dumps(result), encoding="utf-8")


# --- the parent: run phases in children, collect peaks


def run_child(argv: list[str], result_file: Path) -> dict[str, Any]:
    """Run this script in a child process; its peak memory is the kernel's (wait4)."""
    log = result_file.with_suffix(".log")
    peak_tree_mb = 0.0
    with log.open("w") as stderr:
        process = subprocess.Popen([sys.executable, __file__, *argv], stderr=stderr)
        while True:  # sample the child and its workers until it ends
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak_tree_mb = max(peak_tree_mb, tree_rss_mb(process.pid))
            time.sleep(SAMPLE_SECONDS)
        process.returncode = os.waitstatus_to_exitcode(status)
    error = log.read_text(errors="replace")
    if process.returncode != 0:
        return {"error": error.strip().splitlines()[-1] if error.strip() else f"status {status}"}
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result["peak_process_mb"] = usage.ru_maxrss / 1024  # kernel's figure, in KB on Linux
    result["peak_tree_mb"] = max(peak_tree_mb, result["peak_process_mb"])
    return result


def measure(
    phases: list[str], corpus: Path, count: int, workers: int, scratch: Path
) -> list[dict[str, Any]]:
    results = []
    for phase in phases:
        result_file = scratch / f"{phase}.json"
        argv = ["--phase", phase, "--corpus", str(corpus), "--notes", str(count)]
        argv += ["--workers", str(workers), "--scratch", str(scratch), "--result", str(result_file)]
        print(f"  {phase} ...", file=sys.stderr, flush=True)
        result = run_child(argv, result_file)
        result.setdefault("phase", phase)
        results.append(result)
        print(f"    {describe(result)}", file=sys.stderr, flush=True)
    return results


def describe(result: dict[str, Any]) -> str:
    if "error" in result:
        return f"not measured: {result['error']}"
    return (
        f"{result['notes']} notes in {result['measured_s']:.2f} s "
        f"({result['notes_per_s']:.0f} notes/s), peak {result['peak_process_mb']:.0f} MB "
        f"(with workers {result['peak_tree_mb']:.0f} MB)"
    )


def cold_start(note: Path, runs: int) -> dict[str, Any]:
    """Wall time of `checker check NOTE` from a fresh process, hyperfine if installed."""
    command = [str(CHECKER), "check", str(note), "--format", "jsonl"]
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as export:
            subprocess.run(
                [
                    *("hyperfine", "--warmup", "1", "--runs", str(runs), "-i", "--style", "none"),
                    *("--export-json", export.name, " ".join(command)),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            data = json.loads(Path(export.name).read_text())["results"][0]
        return {
            "tool": "hyperfine",
            "runs": runs,
            "mean_s": data["mean"],
            "median_s": data["median"],
            "min_s": data["min"],
        }
    subprocess.run(command, capture_output=True)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True)
        times.append(time.perf_counter() - start)
    return {
        "tool": "subprocess",
        "runs": runs,
        "mean_s": statistics.mean(times),
        "median_s": statistics.median(times),
        "min_s": min(times),
    }


def long_notes(sizes: list[int], scratch: Path) -> list[dict[str, Any]]:
    """One note of each size (sample notes glued together), checked in its own process."""
    results = []
    body = "\n\n".join(text for _, _, text in sample_notes())
    for size in sizes:
        for shape in ("lines", "one_line"):
            text = (body * (size // len(body) + 1))[:size]
            if shape == "one_line":
                text = text.replace("\n", " ")
            path = scratch / f"long-{shape}-{size}.txt"
            path.write_text(text, encoding="utf-8")
            result_file = scratch / f"long-{shape}-{size}.json"
            argv = ["--long-note", str(path), "--result", str(result_file)]
            print(f"  long note {shape} {size:,} characters ...", file=sys.stderr, flush=True)
            result = run_child(argv, result_file)
            result.update({"characters": size, "shape": shape})
            results.append(result)
            print(f"    {result}", file=sys.stderr, flush=True)
    return results


def long_note_main(args: argparse.Namespace) -> None:
    from checker.engine import check_paths
    from checker.pipeline import build_pipeline

    build_pipeline()
    start = time.perf_counter()
    (report,) = list(check_paths([args.long_note]))
    seconds = time.perf_counter() - start
    result = {"seconds": seconds, "status": report.status, "error": report.error}
    Path(args.result).write_text(json.dumps(result), encoding="utf-8")


def machine() -> dict[str, Any]:
    import spacy

    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb = os.sysconf("SC_PHYS_PAGES") * PAGE_SIZE / 2**30
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_gb, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "commit": commit,
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


# --- the report


def ratios(results: list[dict[str, Any]]) -> dict[str, float]:
    by_phase = {r["phase"]: r for r in results if "error" not in r}
    floor = by_phase.get("tokenizer", {}).get("measured_s")
    out = {}
    for phase, result in by_phase.items():
        if floor and phase.startswith("check"):
            out[phase] = result["measured_s"] / floor
    return out


def markdown(report: dict[str, Any]) -> str:
    lines = [
        f"Command: `{report['command']}`",
        "",
        "Machine: {cpu}, {cores} cores, {memory_gb} GB; {os}; Python {python}, spaCy {spacy};"
        " commit {commit}, {date}.".format(**report["machine"]),
        "",
    ]
    for run in report["runs"]:
        lines += [
            f"### {run['notes']:,} notes ({run['corpus']})",
            "",
            "| phase | notes/s | seconds | x tokenizer | ms/note first 10% | ms/note last 10%"
            " | peak MB (process) | peak MB (with workers) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        ratio = ratios(run["phases"])
        for result in run["phases"]:
            if "error" in result:
                lines.append(f"| {result['phase']} | not measured: {result['error']} |")
                continue
            times = ratio.get(result["phase"])
            lines.append(
                f"| {result['phase']} | {result['notes_per_s']:,.0f} | {result['measured_s']:.2f}"
                f" | {f'{times:.1f}' if times else '-'}"
                f" | {result['per_note_ms_first_tenth']:.2f}"
                f" | {result['per_note_ms_last_tenth']:.2f}"
                f" | {result['peak_process_mb']:.0f} | {result['peak_tree_mb']:.0f} |"
            )
        lines.append("")
    if report.get("cold_start"):
        cold = report["cold_start"]
        lines += [
            f"Cold start of `checker check` on one note ({cold['tool']}, {cold['runs']} runs):"
            f" mean {cold['mean_s']:.2f} s, median {cold['median_s']:.2f} s,"
            f" min {cold['min_s']:.2f} s.",
            "",
        ]
    if report.get("long_notes"):
        lines += [
            "| long note | characters | seconds | status | peak MB |",
            "|---|---:|---:|---|---:|",
        ]
        for result in report["long_notes"]:
            lines.append(
                f"| {result['shape']} | {result['characters']:,} | {result.get('seconds', 0):.1f}"
                f" | {result.get('status', result.get('error'))}"
                f" | {result.get('peak_process_mb', 0):.0f} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--corpus", default="txt", help="txt (a folder of files) or jsonl")
    parser.add_argument(
        "--no-accession", action="store_true", help="the sample notes as they are (see above)"
    )
    parser.add_argument("--workers", type=int, default=2, help="processes for *_workers phases")
    parser.add_argument(
        "--phases",
        help=f"comma-separated, of {', '.join(PHASES)} (default: all; check_jsonl with --scaling)",
    )
    parser.add_argument("--scaling", help="comma-separated corpus sizes, one run each")
    parser.add_argument("--long-notes", help="comma-separated sizes of single long notes")
    parser.add_argument("--cold-runs", type=int, default=10, help="cold-start runs (0: skip)")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--long-note", help=argparse.SUPPRESS)
    parser.add_argument("--scratch", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        phase_main(args)
        return
    if args.long_note:
        long_note_main(args)
        return
    report: dict[str, Any] = {
        "command": " ".join(["python bench/run.py", *sys.argv[1:]]),
        "machine": machine(),
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="checker-bench-") as tmp:
        scratch = Path(tmp)
        sizes = [int(n) for n in args.scaling.split(",")] if args.scaling else [args.notes]
        default = ["check_jsonl"] if args.scaling else list(PHASES)
        phases = args.phases.split(",") if args.phases else default
        unknown = set(phases) - set(PHASES)
        if unknown:
            parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
        for size in sizes:
            print(f"corpus of {size:,} notes ({args.corpus}) ...", file=sys.stderr, flush=True)
            run_dir = scratch / f"n{size}"
            run_dir.mkdir()
            corpus = build_corpus(size, args.corpus, run_dir, accession=not args.no_accession)
            results = measure(phases, corpus, size, args.workers, run_dir)
            kind = args.corpus + (", no accession lines" if args.no_accession else "")
            report["runs"].append({"notes": size, "corpus": kind, "phases": results})
            shutil.rmtree(run_dir)
        if args.cold_runs:
            note = scratch / "one_note.txt"
            note.write_bytes(sorted(SAMPLE_NOTES.glob("*.txt"))[0].read_bytes())
            print("cold start ...", file=sys.stderr, flush=True)
            report["cold_start"] = cold_start(note, args.cold_runs)
        if args.long_notes:
            report["long_notes"] = long_notes([int(n) for n in args.long_notes.split(",")], scratch)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    text = markdown(report)
    (RESULTS / f"{stamp}.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nwritten to {RESULTS}/{stamp}.json and .md", file=sys.stderr)


if __name__ == "__main__":
    main()
