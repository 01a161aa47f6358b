"""Notes per second of `checker.spark.check_dataframe` on local Spark (1 and 2 cores) next to
`checker check --workers 1/2` on the same notes.

    .venv/bin/python bench/spark_throughput.py               # 2,000 notes
    .venv/bin/python bench/spark_throughput.py --notes 500 --cores 1

The corpus is the sample notes round robin, each copy with its own note_id, written once as
a JSONL export for the command line and given to Spark as a DataFrame. Spark's times are
taken twice per session: the first job includes starting the Python workers and building
the pipeline in each; the second is the steady state (the workers and their pipeline are
kept). Session start-up is reported apart. The command line is timed as a whole (start-up
included, about a second). Needs Java (Debian's default-jre-headless).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def corpus(count: int) -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from checker.reader import read_notes

    notes = list(read_notes([ROOT / "sample_notes"]))
    rows = []
    for index in range(count):
        note = notes[index % len(notes)]
        rows.append(
            {
                "note_id": f"{note.note_id}-{index}",
                "text": note.text,
                "payer": note.payer,
                "billed_codes": note.billed_codes,
            }
        )
    return rows


def time_cli(jsonl: Path, workers: int) -> float:
    checker = Path(sys.executable).parent / "checker"
    started = time.perf_counter()
    subprocess.run(
        [str(checker), "check", str(jsonl), "--format", "jsonl", "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started


def time_spark(rows: list[dict], cores: int) -> dict:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from checker.spark import check_dataframe

    started = time.perf_counter()
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    session_s = time.perf_counter() - started
    frame = spark.createDataFrame(
        rows, "note_id string, text string, payer string, billed_codes array<string>"
    ).repartition(cores * 4)
    frame.cache().count()
    runs = []
    for _ in range(2):
        started = time.perf_counter()
        check_dataframe(frame).write.format("noop").mode("overwrite").save()
        runs.append(time.perf_counter() - started)
    spark.stop()
    return {"session_s": round(session_s, 1), "first_s": round(runs[0], 1), "second_s": runs[1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--cores", default="1,2")
    args = parser.parse_args()
    rows = corpus(args.notes)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        jsonl = Path(folder) / "notes.jsonl"
        jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        for workers in (1, 2):
            seconds = time_cli(jsonl, workers)
            results[f"checker check --workers {workers}"] = {
                "seconds": round(seconds, 1),
                "notes_per_s": round(args.notes / seconds, 1),
                "load_average": [round(x, 1) for x in os.getloadavg()],
            }
    for cores in (int(c) for c in args.cores.split(",")):
        # each session in its own process: a stopped SparkContext is not started again cleanly
        output = subprocess.run(
            [sys.executable, __file__, "--one-session", str(cores), str(args.notes)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        timing = json.loads(output.strip().splitlines()[-1])
        timing["notes_per_s"] = round(args.notes / timing.pop("second_s"), 1)
        timing["load_average"] = [round(x, 1) for x in os.getloadavg()]
        results[f"spark local[{cores}]"] = timing
    report = {"notes": args.notes, "cpus": os.cpu_count(), "results": results}
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"spark-{stamp}.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one-session":
        timing = time_spark(corpus(int(sys.argv[3])), int(sys.argv[2]))
        print(json.dumps(timing))
    else:
        main()
