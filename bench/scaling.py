"""Time per character of one note from 1 KB to 1 MB, for realistic and adversarial notes.

    .venv/bin/python bench/scaling.py                       # 1 KB .. 1 MB, every kind
    .venv/bin/python bench/scaling.py --kinds pain,levels --max-kb 256 --cap 60

Each kind of note is built at sizes that double (1, 2, 4 ... 1,024 KB) and checked alone
(`Checker.check_notes`, pipeline and rules built beforehand, best of `--repeat` runs).
Printed per size: seconds, microseconds per character and the time ratio to the size
before it (2.0 when the cost is linear). A check slower than `--cap` seconds stops that
kind (shown as "over cap"), so a super-linear case cannot hold the benchmark up. The last
line per kind is the spread: the largest time per character over the smallest, from 4 KB
up (below that, fixed costs per note dominate); "flat within 2x" means below 2.

Kinds:
- realistic: sample notes one after another, as a long dictated note would run;
- one_line: the same with every line break removed (no sentence ends from lines);
- pain: "pre 7/10, post 2/10, " repeated with no sentence break;
- levels: "C5-6 " repeated;
- medication: "0.5 mL of 0.5% bupivacaine " repeated;
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


def repeated(phrase: str) -> Callable[[int], str]:
    return lambda size: (phrase * (size // len(phrase) + 1))[:size]


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
    "pain": repeated("pre 7/10, post 2/10, "),
    "levels": repeated("C5-6 "),
    "medication": repeated("0.5 mL of 0.5% bupivacaine "),
    "disguised": disguised,
}


def time_check(checker, text: str, repeat: int) -> float:
    from checker.reader import build_note

    note = build_note(text, {"note_id": "scale"}, source="<scaling>", default_id="scale")
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        report = next(checker.check_notes([note]))
        best = min(best, time.perf_counter() - started)
        if report.error and "--note-timeout" in report.error:
            return float("inf")
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--max-kb", type=int, default=1024)
    parser.add_argument("--cap", type=float, default=120.0, help="seconds before a kind stops")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from checker.engine import Checker

    checker = Checker(note_timeout=args.cap)
    time_check(checker, realistic(4096), 1)  # warm up caches
    sizes = []
    size = 1
    while size <= args.max_kb:
        sizes.append(size * 1024)
        size *= 2
    print("| kind | size | seconds | us/char | ratio to half the size |")
    print("|---|---:|---:|---:|---:|")
    spreads = {}
    for kind in args.kinds.split(","):
        build = KINDS[kind]
        previous = None
        per_char = []
        for size in sizes:
            seconds = time_check(checker, build(size), 1 if size > 200_000 else args.repeat)
            if seconds == float("inf"):
                print(f"| {kind} | {size // 1024:,} KB | over cap ({args.cap:g} s) | - | - |")
                break
            ratio = f"{seconds / previous:.2f}" if previous else "-"
            print(
                f"| {kind} | {size // 1024:,} KB | {seconds:.3f} | {seconds / size * 1e6:.2f} "
                f"| {ratio} |",
                flush=True,
            )
            if size >= 4096:
                per_char.append(seconds / size)
            previous = seconds
        if per_char:
            spreads[kind] = max(per_char) / min(per_char)
    print()
    for kind, spread in spreads.items():
        verdict = "flat within 2x" if spread < 2 else "NOT flat"
        print(f"{kind}: time per character spread {spread:.2f}x from 4 KB up ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
