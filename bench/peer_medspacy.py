"""medspaCy's default pipeline over note texts, timed: a peer a user might pick instead.

Runs in a Python of its own that has medspaCy installed (never the project's: it is not a
dependency), so it imports nothing from `checker`:

    VENV/bin/python bench/peer_medspacy.py TEXTS.jsonl RESULT.json

TEXTS.jsonl holds one JSON string per line. Only the calls to the pipeline are timed.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    texts_path, result_path = Path(sys.argv[1]), Path(sys.argv[2])
    import medspacy

    try:  # PyRuSH logs every sentence start at DEBUG level through loguru: not in the timing
        from loguru import logger

        logger.remove()
    except ImportError:
        pass

    started = time.perf_counter()
    nlp = medspacy.load()  # the default pipeline: PyRuSH sentences, target matcher, ConText
    startup = time.perf_counter() - started
    nlp("warm up")
    texts = [json.loads(line) for line in texts_path.read_text(encoding="utf-8").splitlines()]
    spent = cpu = 0.0
    for text in texts:
        start, cpu_start = time.perf_counter(), time.process_time()
        nlp(text)
        spent += time.perf_counter() - start
        cpu += time.process_time() - cpu_start
    result = {
        "notes": len(texts),
        "startup_s": startup,
        "seconds": spent,
        "measured_s": spent,
        "notes_per_s": len(texts) / spent,
        "cpu_s": cpu,
        "cpu_ms_per_note": 1000 * cpu / len(texts),
        "pipeline": " + ".join(nlp.pipe_names),
        "version": getattr(medspacy, "__version__", "?"),
    }
    result_path.write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
