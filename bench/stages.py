"""CPU time per note by stage: the tokenizer, each pipeline component, then extraction,
codes and rules, then the JSON line. CPU time, so a busy machine stretches it little.

    .venv/bin/python bench/stages.py              # 800 notes of the benchmark corpus
    .venv/bin/python bench/stages.py --notes 2000 --warm 400
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import corpus_notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=800)
    parser.add_argument("--warm", type=int, default=200, help="notes checked first, not timed")
    args = parser.parse_args()
    from checker.engine import Checker, _normalized, settle
    from checker.reader import build_note

    notes = [build_note(b, dict(m), s, s) for s, m, b in corpus_notes(args.notes, "unique")]
    checker = Checker()
    settle()  # as `checker check` does before a run
    list(checker.check_notes(notes[: args.warm]))
    timed = notes[args.warm :]
    nlp = checker.nlp
    stages = ["normalise and tokenize", *nlp.pipe_names, "extraction, codes, rules", "JSON"]
    spent = dict.fromkeys(stages, 0.0)
    for note in timed:
        start = time.process_time()
        view = _normalized(note)  # the note as a person reads it (characters mapped)
        doc = nlp.make_doc(view.text)
        spent["normalise and tokenize"] += time.process_time() - start
        for name, component in nlp.pipeline:
            start = time.process_time()
            doc = component(doc)
            spent[name] += time.process_time() - start
        start = time.process_time()
        report = checker._report(note, view, doc)
        spent["extraction, codes, rules"] += time.process_time() - start
        start = time.process_time()
        report.to_json_line()
        spent["JSON"] += time.process_time() - start
    total = sum(spent.values())
    print(f"{len(timed)} notes, {1000 * total / len(timed):.2f} ms per note (CPU)\n")
    print("| stage | CPU ms/note | share |\n|---|---:|---:|")
    for stage, seconds in spent.items():
        print(f"| {stage} | {1000 * seconds / len(timed):.3f} | {seconds / total:.0%} |")


if __name__ == "__main__":
    main()
