"""Are the report lines byte-identical to a saved copy? A speed change must not move a byte.

    .venv/bin/python bench/compare_reports.py --save before.jsonl   # on the merge base
    .venv/bin/python bench/compare_reports.py before.jsonl          # after the change

Runs `checker check sample_notes <external set A> --format jsonl` (as `python -m
checker.cli`; with PYTHONPATH=<another checkout> the code of that checkout) (the external set from
../shared/eval/external-a beside the clone, or CHECKER_EXTERNAL_A) and compares every line
with the saved copy; exits 1 on the first difference, naming the note. `--workers 2` runs
the same check in worker processes (the lines must not depend on it). `--corpus 2000` checks
the benchmark corpus instead (bench/run.py: the annotated notes, then variants of them, one
JSONL export of N notes).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from run import build_corpus, external_set  # bench/run.py: the corpus, the external set

ROOT = Path(__file__).resolve().parent.parent


def report_lines(workers: int, corpus: int = 0) -> list[str]:
    with tempfile.TemporaryDirectory() as elsewhere:
        if corpus:
            # named from the folder it is checked in: the lines name their source
            folders = [build_corpus(corpus, "unique", "jsonl", Path(elsewhere))[0].name]
        else:
            folders = [ROOT / "sample_notes"]
            external = external_set()
            if external is None:
                print("external set A not found: comparing sample_notes only", file=sys.stderr)
            else:
                folders.append(external)
        # `python -m checker.cli` from outside the checkout, so PYTHONPATH may point at
        # another checkout (the merge base) to make the saved copy
        command = [sys.executable, "-m", "checker.cli", "check", *map(str, folders)]
        command += ["--format", "jsonl", "--workers", str(workers)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=elsewhere)
    if done.returncode not in (0, 1):
        raise SystemExit(f"checker check failed ({done.returncode}):\n{done.stderr}")
    return done.stdout.splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("saved", nargs="?", type=Path, help="saved report lines to compare with")
    parser.add_argument("--save", type=Path, help="write the report lines here")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--corpus", type=int, default=0, help="check N notes of the benchmark corpus instead"
    )
    args = parser.parse_args()
    lines = report_lines(args.workers, args.corpus)
    if args.save:
        args.save.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        print(f"{len(lines)} report lines saved to {args.save}")
    if args.saved is None:
        return
    saved = args.saved.read_text(encoding="utf-8").splitlines()
    for number, (old, new) in enumerate(zip(saved, lines, strict=False), start=1):
        if old != new:
            note = json.loads(old).get("source", f"line {number}")
            raise SystemExit(f"line {number} differs ({note})")
    if len(saved) != len(lines):
        raise SystemExit(f"{len(saved)} saved lines, {len(lines)} now")
    print(f"{len(lines)} report lines byte-identical to {args.saved}")


if __name__ == "__main__":
    main()
