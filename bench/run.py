"""Speed and memory of `checker check`, against floors and peers measured in the same run.

    .venv/bin/python bench/run.py                      # everything below (make bench)
    .venv/bin/python bench/run.py --notes 10000 --phases check_jsonl --no-accession-row
    .venv/bin/python bench/run.py --scaling 10000,100000    # memory flat as N grows?
    .venv/bin/python bench/run.py --long-notes 1000,2000000 --long-shapes lines

The default corpus is made of notes as they are, each one unique: every annotated note in
sample_notes/ and external set A (../shared/eval/external-a), then variants of them in
turn that change words (ages, pain scores, durations, dates, drug and contrast brands,
needle sizes), not only ids. A second row checks the same count of sample notes that each
open with an accession line of their own (the corpus of earlier figures: the first line
break used to switch spaCy's tokenizer cache off for the rest of the note). The corpus is
a folder of `.txt` files with front matter, or one JSONL export (`--corpus jsonl`).

Each phase runs in its own process, so one phase's memory never counts against another:
the peak resident memory of that process is the kernel's (wait4), and the parent samples
the process plus its workers every 0.1 s. The check phases and the long notes run as the
`checker` command does, without spaCy's own command line in the process (the tokenizer
floors and the peers keep spaCy whole). The parent also reads the machine's CPU time
over each phase: what other processes used is reported, so a busy machine shows. A single
process is also timed by its own CPU time (a busy machine stretches wall time, not CPU
time): per-note figures, ratios to the floors and time per character use it. Floors
(`spacy.blank("en").tokenizer`, the checker's own tokenizer) and peers (medspaCy's default
pipeline in a venv of its own, spaCy's SpanRuler with 500 token patterns, one regex) run
on the same texts in the same run; ratios are taken against them. Times exclude start-up,
measured apart as the cold start of `checker check` on one note next to
`python -c 'import spacy; spacy.blank("en")'` (hyperfine when installed). Long notes from
1 KB to 2 MB give the time per character. Results go to bench/results/ as JSON and
Markdown (`latest.md` and `latest.json` are the newest run).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import math
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from scaling import REPEATED  # the adversarial phrases of the scaling benchmark

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_NOTES = ROOT / "sample_notes"
RESULTS = ROOT / "bench" / "results"
CHECKER = Path(sys.executable).parent / "checker"
MEDSPACY_VENV = Path(os.environ.get("BENCH_MEDSPACY_VENV", ROOT / "bench" / ".medspacy-venv"))
MEDSPACY = "medspacy==1.3.1"
PHASES = (
    "read",
    "tokenizer_blank",
    "tokenizer",
    "check_jsonl",
    "check_jsonl_workers",
    "check_html",
    "check_html_workers",
    "peer_regex",
    "peer_spanruler",
    "peer_medspacy",
)
ACCESSION_PHASES = ("tokenizer_blank", "tokenizer", "check_jsonl")
PEER_NOTES = 500  # the slow peers run on the first notes of the corpus only
LONG_SIZES = (1_000, 10_000, 100_000, 1_000_000, 2_000_000)
LONG_SHAPES = ("lines", "one_line", "dense", *REPEATED)  # realistic, then adversarial
LONG_MIN_SECONDS = 1.0  # short notes are checked again until this much time is measured
LONG_CPU_SECONDS = 120  # CPU time per long note before it counts as not linear
LONG_TIMEOUT_SECONDS = 3600  # wall, a backstop only: a busy machine stretches wall time
MARKS = 20  # progress points recorded per phase, to see whether cost per note grows
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.1


# --- the corpus


def external_set() -> Path | None:
    for candidate in (
        os.environ.get("CHECKER_EXTERNAL_A"),
        ROOT.parent / "shared" / "eval" / "external-a",
        ROOT.parent.parent / "shared" / "eval" / "external-a",  # a worktree under wt/
    ):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


Sample = tuple[str, dict[str, Any], str]  # file stem, metadata, body


def annotated_notes(external: bool = True) -> list[Sample]:
    """(file stem, metadata, body) of every annotated note that reads cleanly."""
    from checker.reader import read_notes

    folders = [SAMPLE_NOTES]
    if external and (found := external_set()) is not None:
        folders.append(found)
    notes = []
    for note in read_notes(folders):
        if note.read_error is None:
            metadata = {
                "provider": note.provider,
                "payer": note.payer,
                "date_of_service": str(note.date_of_service) if note.date_of_service else None,
                "billed_codes": note.billed_codes,
            }
            notes.append((Path(note.source).stem, metadata, note.text))
    return notes


# Words a note may carry one of as well as another (same kind, same role in the note).
SWAPS = [
    ["bupivacaine", "ropivacaine", "Marcaine", "Naropin"],
    ["triamcinolone", "methylprednisolone", "dexamethasone", "Kenalog", "Depo-Medrol"],
    ["Omnipaque 240", "Omnipaque 300", "Isovue-M 300", "Isovue 200"],
    ["ChloraPrep", "chlorhexidine", "Betadine", "povidone-iodine"],
    ["22-gauge", "25-gauge", "20-gauge"],
    ["2.5-inch", "3.5-inch", "5-inch"],
    ["woman", "man"],
    ["prone", "prone on the table"],
]
_SWAP = re.compile(
    "|".join(rf"\b{re.escape(word)}\b" for group in SWAPS for word in group), re.IGNORECASE
)
_SWAP_GROUP = {word.lower(): group for group in SWAPS for word in group}
_NUMBERED = [
    # (pattern, replacement given a random source)
    (re.compile(r"\b\d{2}(?=-year-old)"), lambda r: str(r.randint(28, 89))),
    (re.compile(r"\b(?:10|[0-9])(?=/10\b)"), lambda r: str(r.randint(0, 10))),
    (
        re.compile(r"\b\d{1,2}(?= (?:minutes|hours|days|weeks|months|years)\b)"),
        lambda r: str(r.randint(2, 30)),
    ),
    (
        re.compile(r"\b\d{2}/\d{2}/\d{4}\b"),
        lambda r: f"{r.randint(1, 12):02d}/{r.randint(1, 28):02d}/{r.randint(2019, 2026)}",
    ),
    (re.compile(r"\b\d{5,}\b"), lambda r: str(r.randrange(10**5, 10**8))),
]


def variant(body: str, chance: random.Random) -> str:
    """The note with some words changed for others of the same kind."""

    def swap(match: re.Match) -> str:
        word = match.group()
        if chance.random() < 0.5:
            return word
        choice = chance.choice(_SWAP_GROUP[word.lower()])
        return choice[0].upper() + choice[1:] if word[0].isupper() else choice

    text = _SWAP.sub(swap, body)
    for pattern, replacement in _NUMBERED:
        text = pattern.sub(lambda _, make=replacement: make(chance), text)
    return text


def corpus_notes(count: int, kind: str) -> Iterator[Sample]:
    """N notes. `unique`: the annotated notes as they are, then variants, no two alike;
    `accession`: the sample notes in turn, each opening with an accession line of its own."""
    chance = random.Random(20260314)
    if kind == "accession":
        samples = annotated_notes(external=False)
        for index in range(count):
            stem, metadata, body = samples[index % len(samples)]
            line = f"Accession: ACC{index:07d} MRN {chance.randrange(10**8):08d}\n"
            yield f"{index:06d}-{stem}", {"note_id": f"BENCH-{index:06d}", **metadata}, line + body
        return
    samples = annotated_notes()
    seen: set[str] = set()
    for index in range(count):
        stem, metadata, body = samples[index % len(samples)]
        text = body
        for _ in range(20):  # a note with little to vary may need a few draws
            if text not in seen:
                break
            text = variant(body, chance)
        seen.add(text)
        yield f"{index:06d}-{stem}", {"note_id": f"BENCH-{index:06d}", **metadata}, text


def build_corpus(count: int, kind: str, layout: str, folder: Path) -> tuple[Path, int]:
    """Write N notes as `.txt` files under `folder/notes`, or as `folder/notes.jsonl`, and
    the bare texts to `folder/texts.jsonl` (for the peers); returns the path and how many
    texts are unique."""
    import yaml

    texts: set[str] = set()
    notes = list(corpus_notes(count, kind))
    with (folder / "texts.jsonl").open("w", encoding="utf-8") as handle:
        for _, _, body in notes:
            handle.write(json.dumps(body) + "\n")
            texts.add(body)
    if layout == "jsonl":
        path = folder / "notes.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for _, metadata, body in notes:
                handle.write(json.dumps({**metadata, "text": body}) + "\n")
        return path, len(texts)
    path = folder / "notes"
    for stem, metadata, body in notes:
        sub = path / stem[:3]  # 1,000 notes per folder, as exports are often split
        sub.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(metadata, sort_keys=False)
        (sub / f"{stem}.txt").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path, len(texts)


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


def machine_cpu_seconds() -> float:
    """CPU time all processes on the machine have used so far (busy, not idle or iowait)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    busy = sum(fields[:8]) - fields[3] - fields[4]  # all but idle and iowait (guest in user)
    return busy / CLOCK_TICKS


def timed_stream(
    items: Iterator[Any], total: int, marks: list[float], clock: Callable[[], float]
) -> Iterator[Any]:
    """Pass items through, noting the time at every 1/MARKS of the run."""
    step = max(1, total // MARKS)
    for index, item in enumerate(items, start=1):
        yield item
        if index % step == 0:
            marks.append(clock())


def run_phase(name: str, corpus: Path, total: int, workers: int, scratch: Path) -> dict[str, Any]:
    """Run one phase; wall time, and for a single process its CPU time too (on a busy
    machine the wall time counts the time other processes held the CPU)."""
    single = not name.endswith("_workers")
    clock = time.process_time if single else time.perf_counter  # for the per-note marks
    started = time.perf_counter()
    work, units = prepare_phase(name, corpus, workers, scratch)
    ready, cpu_ready = time.perf_counter(), time.process_time()
    marks: list[float] = [clock()]
    counted = work(lambda items: timed_stream(items, total, marks, clock))
    finished, cpu_finished = time.perf_counter(), time.process_time()
    seconds = finished - ready
    cpu = units.get("cpu_seconds", cpu_finished - cpu_ready) if single else None
    step = max(1, total // MARKS)
    per_note = [(later - earlier) / step for earlier, later in itertools.pairwise(marks)]
    tenth = max(1, MARKS // 10)
    return {
        "phase": name,
        "notes": counted,
        "startup_s": ready - started,
        "seconds": seconds,
        "measured_s": units.get("seconds", seconds),
        "notes_per_s": counted / units.get("seconds", seconds),
        "cpu_s": cpu,
        "cpu_ms_per_note": 1000 * cpu / counted if cpu is not None else None,
        "per_note_ms_first_tenth": 1000 * statistics.mean(per_note[:tenth]) if per_note else None,
        "per_note_ms_last_tenth": 1000 * statistics.mean(per_note[-tenth:]) if per_note else None,
    }


def timed_calls(process: Callable[[str], Any], texts: Iterator[str], units: dict) -> int:
    """Call `process` on every text; only the calls are timed (wall and CPU, into units)."""
    spent, cpu, count = 0.0, 0.0, 0
    for text in texts:
        start, cpu_start = time.perf_counter(), time.process_time()
        process(text)
        spent += time.perf_counter() - start
        cpu += time.process_time() - cpu_start
        count += 1
    units["seconds"], units["cpu_seconds"] = spent, cpu
    return count


def prepare_phase(
    name: str, corpus: Path, workers: int, scratch: Path
) -> tuple[Callable[[Callable], int], dict[str, float]]:
    """Build what the phase needs (not timed), and return the timed work."""
    from checker.reader import read_notes

    units: dict[str, float] = {}
    if name == "read":
        return (lambda track: sum(1 for _ in track(read_notes([corpus])))), units
    if name.startswith(("tokenizer", "peer_")):
        process = build_floor_or_peer(name)
        process("warm up")
        texts = [json.loads(line) for line in (corpus.parent / "texts.jsonl").open()]
        if name in ("peer_spanruler",):
            texts = texts[:PEER_NOTES]
        return (lambda track: timed_calls(process, track(iter(texts)), units)), units
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
    from checker.report import write_report_set

    def check_html(track: Callable) -> int:
        reports = track(check_paths([corpus], workers=parallel))
        return write_report_set(reports, scratch / f"{name}-reports").notes

    return check_html, units


def build_floor_or_peer(name: str) -> Callable[[str], Any]:
    """The function a floor or peer phase calls on each note text."""
    import spacy

    from checker.pipeline import build_pipeline, ruler_patterns

    if name == "tokenizer_blank":
        return spacy.blank("en").tokenizer
    if name == "tokenizer":
        return build_pipeline().tokenizer
    phrases, tokens, _ = ruler_patterns()
    if name == "peer_regex":
        # one case-blind alternation of every phrase the checker matches: what a
        # keyword search over the note would cost
        words = {p["pattern"].lower() for p in phrases}
        pattern = re.compile(r"\b" + trie_regex(words) + r"\b", re.IGNORECASE)
        return lambda text: sum(1 for _ in pattern.finditer(text))
    if name == "peer_spanruler":
        # spacy.blank plus a SpanRuler of 500 token patterns: the checker's token patterns,
        # then its phrases written as token patterns (one LOWER per word)
        nlp = spacy.blank("en")
        patterns = [{"label": t["label"], "pattern": t["pattern"]} for t in tokens]
        for phrase in phrases:
            words = [{"LOWER": w.lower()} for w in phrase["pattern"].split()]
            patterns.append({"label": phrase["label"], "pattern": words})
        ruler = nlp.add_pipe("span_ruler", config={"validate": False})
        ruler.add_patterns(patterns[:500])
        return nlp
    raise SystemExit(f"unknown phase {name}")


def trie_regex(words: set[str]) -> str:
    """One regex for a set of words, factored by common prefixes (as a tuned keyword search
    would be: the engine then tries each character once, not each word)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + pattern(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        return body + "?" if ends else body

    return pattern(trie)


def as_the_command() -> None:
    """A phase that measures the checker runs as the `checker` command does: its process
    leaves spaCy's own command line out (`checker.command`; about 18 MB resident). The
    floors and peers keep spaCy whole, as a program of their own would."""
    from checker.command import leave_out_spacy_cli

    leave_out_spacy_cli()


def phase_main(args: argparse.Namespace) -> None:
    if args.phase.startswith("check"):
        as_the_command()
    result = run_phase(args.phase, Path(args.corpus), args.notes, args.workers, Path(args.scratch))
    Path(args.result).write_text(json.dumps(result), encoding="utf-8")


# --- the parent: run phases in children, collect peaks


def run_child(argv: list[str], result_file: Path, timeout: float | None = None) -> dict[str, Any]:
    """Run a child process (this script unless argv names a program); its peak memory is
    the kernel's (wait4), and what the rest of the machine did meanwhile is noted."""
    log = result_file.with_suffix(".log")
    peak_tree_mb = 0.0
    command = argv if argv[0].endswith("python") else [sys.executable, __file__, *argv]
    machine_before, wall_before = machine_cpu_seconds(), time.perf_counter()
    with log.open("w") as stderr:
        process = subprocess.Popen(command, stderr=stderr)
        while True:  # sample the child and its workers until it ends
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if timeout and time.perf_counter() - wall_before > timeout:
                process.kill()
            peak_tree_mb = max(peak_tree_mb, tree_rss_mb(process.pid))
            time.sleep(SAMPLE_SECONDS)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - wall_before
    own_cpu = usage.ru_utime + usage.ru_stime  # the child and the workers it waited for
    others = max(0.0, machine_cpu_seconds() - machine_before - own_cpu) / wall
    error = log.read_text(errors="replace")
    if process.returncode != 0:
        if timeout and wall > timeout:
            return {"error": f"stopped after {timeout:.0f} s", "other_cores": others}
        reason = error.strip().splitlines()[-1] if error.strip() else f"status {status}"
        return {"error": reason, "other_cores": others}
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result["peak_process_mb"] = usage.ru_maxrss / 1024  # kernel's figure, in KB on Linux
    result["peak_tree_mb"] = max(peak_tree_mb, result["peak_process_mb"])
    result["child_cpu_s"] = own_cpu  # the whole child, start-up included
    result["other_cores"] = others
    return result


def medspacy_python(install: bool) -> tuple[Path | None, str]:
    """A Python with medspaCy in a venv of its own (never the project's dependencies)."""
    python = MEDSPACY_VENV / "bin" / "python"
    if python.exists():
        return python, ""
    if not install:
        return None, "no medspaCy venv (run without --no-install-peers)"
    print(f"  installing {MEDSPACY} into {MEDSPACY_VENV} ...", file=sys.stderr, flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(MEDSPACY_VENV)], check=True)
        subprocess.run(
            [str(MEDSPACY_VENV / "bin" / "pip"), "install", "--quiet", MEDSPACY],
            check=True,
            capture_output=True,
            timeout=900,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        shutil.rmtree(MEDSPACY_VENV, ignore_errors=True)
        return None, f"{MEDSPACY} not installable here ({type(exc).__name__})"
    return python, ""


def measure(
    phases: list[str], corpus: Path, count: int, args: argparse.Namespace, scratch: Path
) -> list[dict[str, Any]]:
    results = []
    for phase in phases:
        result_file = scratch / f"{phase}.json"
        print(f"  {phase} ...", file=sys.stderr, flush=True)
        if phase == "peer_medspacy":
            python, problem = medspacy_python(not args.no_install_peers)
            if python is None:
                result = {"error": problem}
            else:
                texts = scratch / "peer_texts.jsonl"
                lines = (corpus.parent / "texts.jsonl").read_text(encoding="utf-8").splitlines()
                texts.write_text("\n".join(lines[:PEER_NOTES]) + "\n", encoding="utf-8")
                script = Path(__file__).with_name("peer_medspacy.py")
                result = run_child(
                    [str(python), str(script), str(texts), str(result_file)], result_file
                )
        else:
            argv = ["--phase", phase, "--corpus", str(corpus), "--notes", str(count)]
            argv += ["--workers", str(args.workers), "--scratch", str(scratch)]
            result = run_child([*argv, "--result", str(result_file)], result_file)
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
        f"(with workers {result['peak_tree_mb']:.0f} MB), other processes"
        f" {result['other_cores']:.1f} cores"
    )


def hyperfine(
    commands: list[str], runs: int, env: dict[str, str] | None = None
) -> list[dict[str, Any]] | None:
    if not shutil.which("hyperfine"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        subprocess.run(
            [
                *("hyperfine", "-N", "--warmup", "2", "--runs", str(runs), "-i"),
                *("--style", "none", "--export-json", export.name, *commands),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            env=env,
        )
        data = json.loads(Path(export.name).read_text())["results"]
    return [
        {
            "mean_s": d["mean"],
            "median_s": d["median"],
            "min_s": d["min"],
            "cpu_s": d["user"] + d["system"],
        }
        for d in data
    ]


def repeated_runs(
    commands: list[list[str]], runs: int, env: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Without hyperfine: the commands in turn, `runs` times, wall and CPU time of each."""
    times: list[list[float]] = [[] for _ in commands]
    cpu: list[list[float]] = [[] for _ in commands]
    for command in commands:
        subprocess.run(command, capture_output=True, env=env)  # warm the file cache
    for _ in range(runs):
        for index, command in enumerate(commands):
            before = os.times()
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, env=env)
            times[index].append(time.perf_counter() - start)
            after = os.times()
            cpu[index].append(
                after.children_user
                + after.children_system
                - before.children_user
                - before.children_system
            )
    return [
        {
            "mean_s": statistics.mean(t),
            "median_s": statistics.median(t),
            "min_s": min(t),
            "cpu_s": statistics.mean(c),
        }
        for t, c in zip(times, cpu, strict=True)
    ]


def bytecode_env(scratch: Path) -> dict[str, str]:
    """The environment of the cold-start runs: Python may write bytecode, into a folder of
    the run (not the checkout), so both commands start from bytecode after the warm-up run,
    as an installed package does (pip compiles it at install). With PYTHONDONTWRITEBYTECODE
    set, a checkout's own modules would be compiled from source at every start while
    spaCy's come from the bytecode its install wrote: a cost no installed checker pays."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "bytecode")
    return env


def cold_start(note: Path, runs: int, scratch: Path) -> dict[str, Any]:
    """Wall time of `checker check NOTE` from a fresh process, next to spaCy's own start-up
    (`import spacy; spacy.blank("en")`), interleaved in the same run, both from bytecode."""
    floor = [sys.executable, "-c", 'import spacy; spacy.blank("en")']
    check = [str(CHECKER), "check", str(note), "--format", "jsonl"]
    env = bytecode_env(scratch)
    machine_before, wall_before = machine_cpu_seconds(), time.perf_counter()
    found = hyperfine([_shell(floor), _shell(check)], runs, env)
    tool = "hyperfine" if found else "repeated runs"
    floor_result, check_result = found or repeated_runs([floor, check], runs, env)
    wall = time.perf_counter() - wall_before
    # what the runs used themselves is about runs x (both CPU times); the rest is others
    own = runs * (floor_result["cpu_s"] + check_result["cpu_s"])
    others = max(0.0, machine_cpu_seconds() - machine_before - own) / wall
    return {
        "tool": tool,
        "runs": runs,
        "spacy_blank": floor_result,
        "check": check_result,
        "ratio_mean": check_result["mean_s"] / floor_result["mean_s"],
        "ratio_median": check_result["median_s"] / floor_result["median_s"],
        "ratio_cpu": check_result["cpu_s"] / floor_result["cpu_s"],
        "other_cores": others,
    }


def _shell(command: list[str]) -> str:
    import shlex

    return " ".join(shlex.quote(part) for part in command)


def long_note_text(size: int, shape: str, samples: list[Sample]) -> str:
    """A note of `size` characters: `lines`, the annotated notes glued together as they are;
    `one_line`, the same without line breaks; `dense`, their mention-heaviest lines (levels,
    doses, pain scores) repeated on one line, so every kind of fact keeps turning up;
    `pain`, `levels`, `medication`, `sides`, `negations`, `pain_cues`, `drugs`,
    `parentheses`, `headers`, `level_lines`: one phrase repeated (bench/scaling.py)."""
    if shape in REPEATED:
        return (REPEATED[shape] * (size // len(REPEATED[shape]) + 1))[:size]
    body = "\n\n".join(text for _, _, text in samples)
    if shape == "one_line":
        body = body.replace("\n", " ")
    elif shape == "dense":
        lines = [line for _, _, text in samples for line in text.splitlines() if line.strip()]
        lines.sort(key=lambda line: -sum(ch.isdigit() for ch in line) / (len(line) + 20))
        body = " ".join(lines[:40])
    return (body * (size // len(body) + 1))[:size]


def long_notes(sizes: list[int], shapes: list[str], scratch: Path) -> list[dict[str, Any]]:
    """One note of each size and shape, checked in its own process (short ones repeatedly)."""
    results = []
    samples = annotated_notes()
    for shape in shapes:
        for size in sizes:
            path = scratch / f"long-{shape}-{size}.txt"
            path.write_text(long_note_text(size, shape, samples), encoding="utf-8")
            result_file = scratch / f"long-{shape}-{size}.json"
            argv = ["--long-note", str(path), "--result", str(result_file)]
            print(f"  long note {shape} {size:,} characters ...", file=sys.stderr, flush=True)
            result = run_child(argv, result_file, timeout=LONG_TIMEOUT_SECONDS)
            result.update({"characters": size, "shape": shape})
            results.append(result)
            print(f"    {result}", file=sys.stderr, flush=True)
    return results


class OutOfCPU(BaseException):  # not an error of the note: never caught as one
    """The long note used up its CPU allowance (SIGXCPU)."""


def _out_of_cpu(signum: int, frame: object) -> None:
    raise OutOfCPU


def long_note_main(args: argparse.Namespace) -> None:
    import resource
    import signal

    as_the_command()
    from checker.engine import Checker
    from checker.reader import read_notes

    checker = Checker()
    (note,) = list(read_notes([args.long_note]))
    # a CPU allowance, not a wall-clock one: other processes stretch the wall clock
    signal.signal(signal.SIGXCPU, _out_of_cpu)
    allowance = int(time.process_time()) + LONG_CPU_SECONDS
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (allowance, hard))
    runs, spent, cpu, report = 0, 0.0, 0.0, None
    while cpu < LONG_MIN_SECONDS or runs == 0:
        start, cpu_start = time.perf_counter(), time.process_time()
        try:
            (report,) = list(checker.check_notes([note]))
        except OutOfCPU:
            error = f"stopped after {LONG_CPU_SECONDS} s of CPU"
            Path(args.result).write_text(json.dumps({"error": error}), encoding="utf-8")
            return
        spent += time.perf_counter() - start
        cpu += time.process_time() - cpu_start
        runs += 1
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    result = {
        "seconds": spent / runs,
        "cpu_seconds": cpu / runs,
        "runs": runs,
        "us_per_char": 1e6 * cpu / runs / len(note.text),
        "status": report.status,
        "report_error": report.error,
    }
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
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_gb, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "load_average": os.getloadavg(),
    }


# --- the report


def _per_note(result: dict[str, Any] | None) -> float | None:
    """CPU seconds per note of a single-process phase (wall seconds when CPU time was not
    taken); None for worker phases, whose CPU is spread over processes."""
    if not result or "error" in result or result["phase"].endswith("_workers"):
        return None
    if result.get("cpu_s") is not None:
        return result["cpu_s"] / result["notes"]
    return result["measured_s"] / result["notes"]


def markdown(report: dict[str, Any]) -> str:
    box = report["machine"]
    lines = [
        f"Command: `{report['command']}`",
        "",
        f"Machine: {box['cpu']}, {box['cores']} cores, {box['memory_gb']} GB; {box['os']};"
        f" Python {box['python']}, spaCy {box['spacy']}; commit {box['commit']}, {box['date']};"
        " load average at the start {:.1f} / {:.1f} / {:.1f}.".format(*box["load_average"]),
        "",
    ]
    for run in report["runs"]:
        lines += run_table(run)
    if report.get("cold_start"):
        lines += cold_start_lines(report["cold_start"])
    if report.get("long_notes"):
        lines += long_note_table(report["long_notes"])
    lines += goals_table(report)
    return "\n".join(lines)


def run_table(run: dict[str, Any]) -> list[str]:
    by_phase = {r["phase"]: r for r in run["phases"]}
    blank = _per_note(by_phase.get("tokenizer_blank"))
    own = _per_note(by_phase.get("tokenizer"))
    lines = [
        f"### {run['notes']:,} notes: {run['corpus']} ({run['unique']:,} unique texts)",
        "",
        "| phase | notes/s (wall) | seconds | CPU ms/note | notes/s (CPU) | x spaCy tokenizer"
        " | x checker tokenizer | ms/note first 10% | ms/note last 10% | peak MB (process)"
        " | peak MB (with workers) | other processes (cores) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in run["phases"]:
        busy = result.get("other_cores")
        busy_text = f"{busy:.1f}" if busy is not None else "-"
        if "error" in result:
            lines.append(
                f"| {result['phase']} | not measured: {result['error']} |||||||||| {busy_text} |"
            )
            continue
        per_note = _per_note(result)

        def times(floor: float | None, phase: str = result["phase"], cost=per_note) -> str:
            if not floor or phase == "read" or cost is None:
                return "-"
            return f"{cost / floor:.2f}"

        first, last = result.get("per_note_ms_first_tenth"), result.get("per_note_ms_last_tenth")
        cpu_text = f"{1000 * per_note:.3f} | {1 / per_note:,.0f}" if per_note else "- | -"
        lines.append(
            f"| {result['phase']} | {result['notes_per_s']:,.0f} | {result['measured_s']:.2f}"
            f" | {cpu_text} | {times(blank)} | {times(own)}"
            f" | {f'{first:.2f}' if first is not None else '-'}"
            f" | {f'{last:.2f}' if last is not None else '-'}"
            f" | {result['peak_process_mb']:.0f} | {result['peak_tree_mb']:.0f} | {busy_text} |"
        )
    lines.append("")
    return lines


def cold_start_lines(cold: dict[str, Any]) -> list[str]:
    return [
        f"Cold start ({cold['tool']}, {cold['runs']} runs each, interleaved; other processes"
        f" used {cold['other_cores']:.1f} cores meanwhile):",
        "",
        "| command | mean s | median s | min s | CPU s |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {name} | {r['mean_s']:.3f} | {r['median_s']:.3f} | {r['min_s']:.3f}"
            f" | {r['cpu_s']:.3f} |"
            for name, r in (
                ("`python -c 'import spacy; spacy.blank(\"en\")'`", cold["spacy_blank"]),
                ("`checker check NOTE --format jsonl`", cold["check"]),
            )
        ),
        f"| ratio | {cold['ratio_mean']:.2f} | {cold['ratio_median']:.2f} |"
        f" {cold['check']['min_s'] / cold['spacy_blank']['min_s']:.2f} | {cold['ratio_cpu']:.2f} |",
        "",
    ]


def per_doubling(results: list[dict[str, Any]]) -> list[float | None]:
    """For each long note, the growth of its CPU time per doubling of the text from the size
    before it (same shape): 2.0 when the cost is linear, whatever the step between sizes."""
    ratios: list[float | None] = []
    previous: dict[str, dict[str, Any]] = {}
    for r in results:
        before = previous.get(r["shape"])
        if "error" in r or before is None:
            ratios.append(None)
        else:
            doublings = math.log2(r["characters"] / before["characters"])
            cpu, cpu_before = (x.get("cpu_seconds", x["seconds"]) for x in (r, before))
            ratios.append((cpu / cpu_before) ** (1 / doublings))
        if "error" not in r:
            previous[r["shape"]] = r
    return ratios


def long_note_table(results: list[dict[str, Any]]) -> list[str]:
    lines = [
        "Long notes (one note each, in a process of its own; short ones checked repeatedly;"
        " time ratio per doubling from the size before, 2.0 when linear):",
        "",
        "| shape | characters | seconds (wall) | CPU seconds | CPU µs per character"
        " | time ratio per doubling | status | peak MB | other processes (cores) |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for r, ratio in zip(results, per_doubling(results), strict=True):
        if "error" in r:
            lines.append(
                f"| {r['shape']} | {r['characters']:,} | not measured: {r['error']} |||||||"
            )
            continue
        lines.append(
            f"| {r['shape']} | {r['characters']:,} | {r['seconds']:.3f}"
            f" | {r.get('cpu_seconds', r['seconds']):.3f} | {r['us_per_char']:.2f}"
            f" | {'-' if ratio is None else f'{ratio:.2f}'}"
            f" | {r.get('status')} | {r.get('peak_process_mb', 0):.0f}"
            f" | {r.get('other_cores', 0):.1f} |"
        )
    lines.append("")
    return lines


def goals(report: dict[str, Any]) -> list[tuple[str, bool | None, str]]:
    """(goal, met, figure) for every goal of the benchmark; met is None when not measured."""
    out: list[tuple[str, bool | None, str]] = []
    main_run = report["runs"][0] if report["runs"] else {"phases": []}
    by_phase = {r["phase"]: r for r in main_run["phases"] if "error" not in r}
    check = by_phase.get("check_jsonl")
    blank, own = _per_note(by_phase.get("tokenizer_blank")), _per_note(by_phase.get("tokenizer"))
    if check and _per_note(check):
        by_cpu = 1 / _per_note(check)
        out.append(
            (
                "full check to JSONL on one core >= 600 notes/s",
                by_cpu >= 600,
                f"{by_cpu:,.0f} notes/s by CPU time ({check['notes_per_s']:,.0f} by wall time)",
            )
        )
    if check and blank and own:
        ratio = _per_note(check) / blank
        out.append(
            (
                'full check <= 2.0x `spacy.blank("en").tokenizer` on the same notes',
                ratio <= 2.0,
                f"{ratio:.2f}x (and {_per_note(check) / own:.2f}x the checker's own tokenizer)",
            )
        )
    workers = by_phase.get("check_jsonl_workers")
    if check and workers:
        gain = workers["notes_per_s"] / check["notes_per_s"]
        busy = max(check.get("other_cores", 0), workers.get("other_cores", 0))
        busy_text = (
            f"; the machine was busy (other processes used up to {busy:.1f} cores)"
            if busy >= 0.2
            else "; the machine was idle"
        )
        out.append(
            (
                "`--workers 2` >= 1.7x one process (idle machine)",
                gain >= 1.7 if busy < 0.2 else None,  # wall time only: busy decides nothing
                f"{gain:.2f}x{busy_text}",
            )
        )
    cold = report.get("cold_start")
    if cold:
        out.append(
            (
                "cold start of `checker check` on one note <= 1.2x spaCy's own",
                cold["ratio_mean"] <= 1.2,
                f"{cold['ratio_mean']:.2f}x by mean wall time, {cold['ratio_cpu']:.2f}x by CPU"
                f" time ({cold['check']['mean_s']:.2f} s against"
                f" {cold['spacy_blank']['mean_s']:.2f} s)",
            )
        )
    long = [r for r in report.get("long_notes") or [] if "error" not in r]
    failed = [r for r in report.get("long_notes") or [] if "error" in r]
    if long or failed:
        spreads = []
        for shape in dict.fromkeys(r["shape"] for r in long):
            costs = [r["us_per_char"] for r in long if r["shape"] == shape]
            sizes = [r["characters"] for r in long if r["shape"] == shape]
            spreads.append(
                (
                    max(costs) / min(costs),
                    f"{shape} {max(costs) / min(costs):.1f}x"
                    f" ({min(sizes):,}-{max(sizes):,} characters)",
                )
            )
        met = bool(spreads) and not failed and all(spread <= 2.0 for spread, _ in spreads)
        text = "; ".join(t for _, t in spreads)
        if failed:
            text += "; not finished: " + ", ".join(
                f"{r['shape']} {r['characters']:,}" for r in failed
            )
        out.append(("time per character within 2x from 1 KB to 2 MB", met, text))
    if check:
        peak = check["peak_process_mb"]
        out.append(("peak memory of one process <= 150 MB", peak <= 150, f"{peak:.0f} MB"))
    peers = [p for p in ("peer_medspacy", "peer_spanruler", "peer_regex") if p in by_phase]
    if peers and check:
        text = ", ".join(
            f"{p.removeprefix('peer_')} {by_phase[p]['notes_per_s']:,.0f} notes/s" for p in peers
        )
        out.append(("peers measured in the same run", True, text))
    return out


def goals_table(report: dict[str, Any]) -> list[str]:
    rows = goals(report)
    if not rows:
        return []
    lines = ["### Goals", "", "| goal | met | figure |", "|---|---|---|"]
    for goal, met, figure in rows:
        verdict = "not judged" if met is None else "met" if met else "not met"
        lines.append(f"| {goal} | {verdict} | {figure} |")
    lines.append("")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--corpus", default="txt", help="txt (a folder of files) or jsonl")
    parser.add_argument(
        "--no-accession-row", action="store_true", help="skip the accession-line corpus"
    )
    parser.add_argument("--workers", type=int, default=2, help="processes for *_workers phases")
    parser.add_argument(
        "--phases",
        help=f"comma-separated, of {', '.join(PHASES)} (default: all; check_jsonl with --scaling)",
    )
    parser.add_argument("--scaling", help="comma-separated corpus sizes, one run each")
    parser.add_argument(
        "--long-notes",
        default=",".join(map(str, LONG_SIZES)),
        help="comma-separated sizes of single long notes (0: none)",
    )
    parser.add_argument(
        "--long-shapes", default=",".join(LONG_SHAPES), help=f"of {', '.join(LONG_SHAPES)}"
    )
    parser.add_argument("--cold-runs", type=int, default=10, help="cold-start runs (0: skip)")
    parser.add_argument(
        "--no-install-peers", action="store_true", help="do not create the medspaCy venv"
    )
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
    sizes = [int(n) for n in args.scaling.split(",")] if args.scaling else [args.notes]
    phases = (
        args.phases.split(",")
        if args.phases
        else (["check_jsonl"] if args.scaling else list(PHASES))
    )
    unknown = set(phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    plan = [("unique", size, phases) for size in sizes]
    accession = [p for p in phases if p in ACCESSION_PHASES]
    if not args.no_accession_row and not args.scaling and accession:
        plan.append(("accession", args.notes, accession))
    with tempfile.TemporaryDirectory(prefix="checker-bench-") as tmp:
        scratch = Path(tmp)
        for kind, size, run_phases in plan:
            print(
                f"corpus of {size:,} notes ({kind}, {args.corpus}) ...", file=sys.stderr, flush=True
            )
            run_dir = scratch / f"{kind}-{size}"
            run_dir.mkdir()
            corpus, unique = build_corpus(size, kind, args.corpus, run_dir)
            results = measure(run_phases, corpus, size, args, run_dir)
            described = {
                "unique": "annotated notes as they are, then variants with other words",
                "accession": "sample notes, each opening with an accession line",
            }[kind]
            report["runs"].append(
                {
                    "notes": size,
                    "corpus": f"{described}, {args.corpus}",
                    "unique": unique,
                    "phases": results,
                }
            )
            shutil.rmtree(run_dir)
        if args.cold_runs:
            note = scratch / "one_note.txt"
            note.write_bytes(sorted(SAMPLE_NOTES.glob("*.txt"))[0].read_bytes())
            print("cold start ...", file=sys.stderr, flush=True)
            report["cold_start"] = cold_start(note, args.cold_runs, scratch)
        long_sizes = [int(n) for n in args.long_notes.split(",") if int(n) > 0]
        if long_sizes:
            report["long_notes"] = long_notes(long_sizes, args.long_shapes.split(","), scratch)
    report["goals"] = [{"goal": g, "met": m, "figure": f} for g, m, f in goals(report)]
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = markdown(report)
    for name in (stamp, "latest"):
        (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        (RESULTS / f"{name}.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nwritten to {RESULTS}/{stamp}.json and .md (and latest.*)", file=sys.stderr)


if __name__ == "__main__":
    main()
