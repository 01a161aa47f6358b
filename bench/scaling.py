"""Time per character of one note from 1 KB to 2 MB, for realistic and adversarial notes.

    .venv/bin/python bench/scaling.py                       # 1 KB .. 2 MB, every kind
    .venv/bin/python bench/scaling.py --kinds pain,levels --max-kb 256 --cap 60

Each kind of note is built at sizes that double (1, 2, 4 ... 2,048 KB) and checked alone
(`Checker.check_notes`, pipeline and rules built beforehand). Timed by the process's CPU
time (the machine is shared; CPU time is stretched far less than wall time by other
processes): a short note is checked again until `--min-cpu` seconds are measured, and the
best of `--repeat` such measures counts. Printed per size: CPU seconds, microseconds per
character and the time ratio to the size before it (2.0 when the cost is linear). A check
slower than `--cap` seconds stops that kind (shown as "over cap"), so a super-linear case
cannot hold the benchmark up. The last line per kind is the spread: the largest time per
character over the smallest, from 1 KB up; "flat within 2x" means at most 2.

Kinds:
- realistic: sample notes one after another, as a long dictated note would run;
- one_line: the same with every line break removed (no sentence ends from lines);
- dense: the annotated notes' lines richest in levels, doses and pain scores, repeated on
  one line (`bench/run.py`'s `dense` long note);
- pain: "pre 7/10, post 2/10, " repeated with no sentence break;
- levels: "C5-6 " repeated;
- medication: "0.5 mL of 0.5% bupivacaine " repeated;
- sides: "left " repeated (side words, each looked at against the others);
- negations: "no left C5-6 not " repeated (negated sides before levels);
- pain_cues: "pain relief improved, " repeated (pain cues with no score);
- drugs: "lidocaine bupivacaine dexamethasone " repeated (drug names with no dose);
- parentheses: "(no pain) " repeated (a negation in each of many parentheses);
- headers: "MEDICATIONS:" and "PROCEDURE:" lines in turn (a section per line);
- level_lines: "C5-6" lines (a level, a line and a sentence each);
- disguised: realistic text with a zero-width space or a Cyrillic letter every 40 characters.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_NOTES = ROOT / "sample_notes"


def realistic(size: int) -> str:
    from checker.reader import read_notes

    bodies = [n.text for n in read_notes([SAMPLE_NOTES]) if n.read_error is None]
    text = "\n\n".join(bodies)
    return (text * (size // len(text) + 1))[:size]


# one phrase repeated (without a sentence break but for `headers` and `level_lines`):
# every fact of a kind beside the next, as a pasted or runaway note could have them
REPEATED = {
    "pain": "pre 7/10, post 2/10, ",
    "levels": "C5-6 ",
    "medication": "0.5 mL of 0.5% bupivacaine ",
    "sides": "left ",
    "negations": "no left C5-6 not ",
    "pain_cues": "pain relief improved, ",
    "drugs": "lidocaine bupivacaine dexamethasone ",
    "parentheses": "(no pain) ",
    "headers": "MEDICATIONS:\nPROCEDURE:\n",
    "level_lines": "C5-6\n",
}


def repeated(phrase: str) -> Callable[[int], str]:
    return lambda size: (phrase * (size // len(phrase) + 1))[:size]


def dense(size: int) -> str:
    from run import annotated_notes, long_note_text  # bench/run.py's long-note shapes

    return long_note_text(size, "dense", annotated_notes())


def disguised(size: int) -> str:
    text = realistic(size)
    pieces = []
    for start in range(0, len(text), 40):
        chunk = text[start : start + 40]
        pieces.append(chunk.replace("o", "\u043e", 1) if start % 80 else "\u200b" + chunk)
    return "".join(pieces)[:size]


KINDS: dict[str, Callable[[int], str]] = {
    "realistic": realistic,
    "one_line": lambda size: realistic(size).replace("\n", " "),
    "dense": dense,
    **{kind: repeated(phrase) for kind, phrase in REPEATED.items()},
    "disguised": disguised,
}


def time_check(checker, text: str, repeat: int, min_cpu: float) -> float:
    """CPU seconds of one check of `text` (best of `repeat` measures; inf past the cap)."""
    from checker.reader import build_note

    note = build_note(text, {"note_id": "scale"}, source="<scaling>", default_id="scale")
    best = float("inf")
    for _ in range(repeat):
        runs, spent = 0, 0.0
        while spent < min_cpu or runs == 0:
            started = time.process_time()
            report = next(checker.check_notes([note]))
            spent += time.process_time() - started
            runs += 1
            if report.error and "--note-timeout" in report.error:
                return float("inf")
        best = min(best, spent / runs)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--max-kb", type=int, default=2048)
    parser.add_argument("--cap", type=float, default=120.0, help="seconds before a kind stops")
    parser.add_argument("--repeat", type=int, default=2, help="measures of notes up to 200 KB")
    parser.add_argument(
        "--min-cpu", type=float, default=0.5, help="CPU seconds measured per short note"
    )
    args = parser.parse_args()

    from checker.engine import Checker

    checker = Checker(note_timeout=args.cap)
    time_check(checker, realistic(4096), 1, 0.0)  # warm up caches
    sizes = []
    size = 1
    while size <= args.max_kb:
        sizes.append(size * 1024)
        size *= 2
    print("| kind | size | CPU seconds | us/char | ratio to half the size |")
    print("|---|---:|---:|---:|---:|")
    spreads = {}
    for kind in args.kinds.split(","):
        build = KINDS[kind]
        previous = None
        per_char = []
        for size in sizes:
            repeat = 1 if size > 200_000 else args.repeat
            seconds = time_check(checker, build(size), repeat, args.min_cpu)
            if seconds == float("inf"):
                print(f"| {kind} | {size // 1024:,} KB | over cap ({args.cap:g} s) | - | - |")
                per_char.append(float("inf"))
                break
            ratio = f"{seconds / previous:.2f}" if previous else "-"
            print(
                f"| {kind} | {size // 1024:,} KB | {seconds:.3f} | {seconds / size * 1e6:.2f} "
                f"| {ratio} |",
                flush=True,
            )
            per_char.append(seconds / size)
            previous = seconds
        if per_char:
            spreads[kind] = max(per_char) / min(per_char)
    print()
    for kind, spread in spreads.items():
        verdict = "flat within 2x" if spread <= 2 else "NOT flat"
        print(f"{kind}: time per character spread {spread:.2f}x from 1 KB up ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
