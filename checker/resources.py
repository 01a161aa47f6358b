"""Locate and load the data files: matcher patterns, vocabulary, section and context rules.

In a source checkout they live in the top-level `patterns/`; an installed wheel carries
the same folder as `checker/patterns/`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent


class DataFileError(ValueError):
    """A data file is missing or malformed; the message names the file and line."""


@cache
def patterns_dir() -> Path:
    for candidate in (_PACKAGE_DIR / "patterns", _PACKAGE_DIR.parent / "patterns"):
        if candidate.is_dir():
            return candidate
    raise DataFileError(f"patterns folder not found next to {_PACKAGE_DIR}")


def load_yaml(text: str) -> Any:
    """`yaml.safe_load` with libyaml's parser when PyYAML was built with it: the same
    objects from the same safe constructor, some ten times faster (the code, diagnosis,
    NCCI and reading books are read at every start: about 30 ms of CPU)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line, with a clear error on bad JSON."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataFileError(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise DataFileError(f"{path}:{number}: expected a JSON object")
            yield number, row


def load_rows(name: str) -> list[dict[str, Any]]:
    """All rows of `patterns/<name>`."""
    return [row for _, row in read_jsonl(patterns_dir() / name)]


def load_json(name: str) -> Any:
    path = patterns_dir() / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataFileError(f"{path}: {exc}") from exc
