"""Where the full check spends its time, added up by module (cProfile, one process).

    .venv/bin/python bench/hotspots.py                 # the sample notes, 10 times over
    .venv/bin/python bench/hotspots.py --repeat 3 --top 30 --functions 15
    .venv/bin/python bench/hotspots.py --build         # building the pipeline instead

Own time (tottime) of every function is summed per module, so the list shows which
module's code runs, not which one calls it; the function list shows the hottest functions.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_of(filename: str) -> str:
    """A readable module name for a profiled file ("checker/extract/levels.py" -> dotted)."""
    if filename.startswith("~") or filename.startswith("<"):
        return "(builtins)"
    path = Path(filename)
    parts = path.with_suffix("").parts
    for anchor in ("checker", "spacy", "thinc", "pydantic", "pydantic_core", "srsly", "yaml"):
        if anchor in parts:
            start = len(parts) - 1 - parts[::-1].index(anchor)
            return ".".join(parts[start:])
    if path.suffix in (".pyx", ".pxd"):
        return f"spacy.{path.stem} (cython)"
    return path.stem


def profile_check(repeat: int) -> pstats.Stats:
    from checker.engine import Checker
    from checker.reader import read_notes

    checker = Checker()
    notes = [note for note in read_notes([ROOT / "sample_notes"])] * repeat
    profiler = cProfile.Profile()
    profiler.enable()
    for report in checker.check_notes(notes):
        report.to_json_line()
    profiler.disable()
    return pstats.Stats(profiler)


def profile_build() -> pstats.Stats:
    import checker.engine  # noqa: F401  (imports are not what this measures)
    from checker.pipeline import build_pipeline

    profiler = cProfile.Profile()
    profiler.enable()
    build_pipeline()
    profiler.disable()
    return pstats.Stats(profiler)


def by_module(stats: pstats.Stats) -> list[tuple[str, float]]:
    totals: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        totals[module_of(filename)] += own
    return sorted(totals.items(), key=lambda item: -item[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=10, help="times over the sample notes")
    parser.add_argument("--top", type=int, default=20, help="modules to list")
    parser.add_argument("--functions", type=int, default=12, help="functions to list")
    parser.add_argument("--build", action="store_true", help="profile building the pipeline")
    args = parser.parse_args()
    stats = profile_build() if args.build else profile_check(args.repeat)
    total = sum(seconds for _, seconds in by_module(stats))
    print("| module | own seconds | share |\n|---|---:|---:|")
    for module, seconds in by_module(stats)[: args.top]:
        print(f"| {module} | {seconds:.2f} | {seconds / total:.0%} |")
    print(f"\ntotal {total:.2f} s\n")
    stats.sort_stats("tottime").print_stats(args.functions)


if __name__ == "__main__":
    main()
