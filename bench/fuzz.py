"""Fuzz target: the reader and the whole check over generated hostile inputs.

    .venv/bin/python bench/fuzz.py                 # 400 cases, seed 1
    .venv/bin/python bench/fuzz.py --cases 2000 --seed 7

Each case is one file (a `.txt` note or a `.jsonl` export) drawn from a fixed list of
hostile shapes: random bytes, damaged sample notes, invisible characters and Cyrillic or
Greek look-alike letters inside words, hyphen and digit variants, BOM-less UTF-16, CR-only
line ends, lone surrogate escapes, integers past Python's 4,300 digits, deep nesting, YAML
alias bombs, `!!set` values, markup and formula cells in ids, and pathological repetition
("pre 7/10, post 2/10, " with no sentence break, a level or a drug repeated). The same
seed gives the same cases.

Every case is read (`read_notes`) and checked (`Checker.check_notes`, with the per-note
time limit the command line uses). A crash is any exception out of either, a case whose
notes in differ from its report lines, or a line that does not validate against the
report schema. Printed: cases, crashes (must be 0), internal errors, notes that hit the
time limit, and the slowest case in seconds per KB of input.
"""

from __future__ import annotations

import argparse
import codecs
import json
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_NOTES = ROOT / "sample_notes"
FORMAT_CHARACTERS = "\u200b\u200c\u200d\u00ad\u2060\u202e\u202c\ufeff"
HYPHENS = "\u2011\u2010\u2212\uff0d"
LOOK_ALIKES = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441"}
LOOK_ALIKES.update({"C": "\u0421", "T": "\u0422", "o ": "\u03bf "})
NOTE_TIMEOUT = 10.0


def sample_bodies() -> list[str]:
    from checker.reader import read_notes

    return [note.text for note in read_notes([SAMPLE_NOTES]) if note.read_error is None]


def disguise(rng: random.Random, text: str) -> str:
    """Invisible characters, look-alike letters, hyphen and digit variants, here and there."""
    chars = list(text)
    for _ in range(rng.randint(1, 40)):
        index = rng.randrange(len(chars))
        roll = rng.random()
        if roll < 0.3:
            chars[index] = rng.choice(FORMAT_CHARACTERS) + chars[index]
        elif roll < 0.6 and chars[index] in LOOK_ALIKES:
            chars[index] = LOOK_ALIKES[chars[index]]
        elif roll < 0.8 and chars[index] == "-":
            chars[index] = rng.choice(HYPHENS)
        elif chars[index].isdigit():
            chars[index] = chr(0xFF10 + int(chars[index]))
    return "".join(chars)


def damage(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 8)):
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randint(0, 300))
        piece = text[start:end]
        text = text[:start] + rng.choice(["", piece * 3, piece.upper(), piece[::-1]]) + text[end:]
    return text or "x"


def front(keys: str, body: str) -> str:
    return f"---\n{keys}\n---\n{body}"


def alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines)


def make_cases(bodies: list[str]) -> list[Callable[[random.Random], tuple[str, bytes]]]:
    """Case makers: each returns (file suffix, file bytes)."""

    def body(rng: random.Random) -> str:
        return rng.choice(bodies)

    def record(rng: random.Random, **extra: object) -> str:
        return json.dumps({"note_id": f"F-{rng.randrange(10**6)}", "text": body(rng), **extra})

    return [
        lambda rng: (".txt", rng.randbytes(rng.randint(0, 4000))),
        lambda rng: (".jsonl", rng.randbytes(rng.randint(0, 4000))),
        lambda rng: (".txt", damage(rng, body(rng)).encode()),
        lambda rng: (".txt", disguise(rng, body(rng)).encode()),
        lambda rng: (".txt", disguise(rng, body(rng)).encode("utf-16-le")),
        lambda rng: (".txt", (body(rng) + " \u2019\u201c").encode("utf-16-be")),
        lambda rng: (".TXT", codecs.BOM_UTF8 + body(rng).replace("\n", "\r").encode()),
        lambda rng: (".jsonl", "\r".join(record(rng) for _ in range(rng.randint(1, 5))).encode()),
        lambda rng: (".jsonl", b'{"note_id": "B-\\udfff", "text": "Right C5-6 \\ud800."}\n'),
        lambda rng: (
            ".jsonl",
            f'{{"text": "C5-6", "n": {"9" * rng.randint(4000, 9000)}}}\n'.encode(),
        ),
        lambda rng: (
            ".jsonl",
            (
                '{"text": "C5-6", "x": ' + "[" * (n := rng.randint(30, 5000)) + "]" * n + "}\n"
            ).encode(),
        ),
        lambda rng: (".txt", front(alias_bomb(rng.randint(3, 9)), body(rng)).encode()),
        lambda rng: (".txt", front("note_id: " + "[" * rng.randint(30, 5000), body(rng)).encode()),
        lambda rng: (".txt", front("billed_codes: !!set {64490-RT, 64491-RT}", body(rng)).encode()),
        lambda rng: (
            ".txt",
            front(
                rng.choice(
                    [
                        "note_id: 'FJ-1](https://evil.example/login) [x'",
                        "note_id: '<img src=x onerror=alert(1)>'",
                        "note_id: '=HYPERLINK(\"http://x\")'",
                        "provider: '\\x1b[2J\\x1b[31mDr'",
                        "note_id: '[/]'",
                    ]
                ),
                body(rng),
            ).encode(),
        ),
        lambda rng: (".txt", ("pre 7/10, post 2/10, " * rng.randint(50, 400)).encode()),
        lambda rng: (".txt", ("C5-6 " * rng.randint(200, 4000)).encode()),
        lambda rng: (
            ".txt",
            ("0.5 mL of 0.5% bupivacaine " * rng.randint(50, 1000)).encode(),
        ),
        lambda rng: (".txt", ("no " * rng.randint(100, 5000) + body(rng)).encode()),
    ]


def run_case(checker, path: Path, validator) -> tuple[int, int, int, bool]:
    """(notes in, internal errors, timeouts, sound) for one case file."""
    from checker.reader import read_notes

    notes = list(read_notes([path]))
    reports = list(checker.check_notes(notes))
    internal = timeouts = 0
    sound = len(reports) == len(notes)
    for report in reports:
        line = report.to_json_line()
        validator.validate(json.loads(line))
        sound = sound and "\n" not in line
        internal += bool(report.error and "internal error" in report.error)
        timeouts += bool(report.error and "--note-timeout" in report.error)
    return len(notes), internal, timeouts, sound


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--note-timeout", type=float, default=NOTE_TIMEOUT)
    args = parser.parse_args()

    from jsonschema import Draft202012Validator

    from checker.engine import Checker
    from checker.models import report_schema

    validator = Draft202012Validator(report_schema())
    checker = Checker(note_timeout=args.note_timeout)
    rng = random.Random(args.seed)
    makers = make_cases(sample_bodies())
    crashes: list[str] = []
    notes = internal = timeouts = 0
    slowest = (0.0, "", 0)
    with tempfile.TemporaryDirectory() as folder:
        for number in range(args.cases):
            kind = rng.randrange(len(makers))
            suffix, data = makers[kind](rng)
            path = Path(folder) / f"case{number:05d}{suffix}"
            path.write_bytes(data)
            started = time.perf_counter()
            try:
                count, errors, slow, sound = run_case(checker, path, validator)
            except Exception:
                crashes.append(f"case {number} (maker {kind}): {traceback.format_exc(limit=3)}")
                continue
            finally:
                seconds = time.perf_counter() - started
                path.unlink()
            if not sound:
                crashes.append(f"case {number} (maker {kind}): notes in != sound lines out")
            notes, internal, timeouts = notes + count, internal + errors, timeouts + slow
            per_kb = seconds / max(len(data) / 1024, 1.0)  # files under 1 KB count as 1 KB
            if per_kb > slowest[0]:
                slowest = (per_kb, f"maker {kind}", len(data))
    print(f"cases: {args.cases} (seed {args.seed}), notes: {notes}")
    print(f"crashes: {len(crashes)}")
    print(f"internal errors: {internal}")
    print(f"notes over the {args.note_timeout:g} s limit: {timeouts}")
    print(f"slowest: {slowest[0]:.3f} s per KB ({slowest[1]}, {slowest[2]:,} bytes)")
    for crash in crashes[:10]:
        print(crash, file=sys.stderr)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
