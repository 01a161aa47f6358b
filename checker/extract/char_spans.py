"""Sorted character spans of a note, asked "does this character fall inside one?" by bisection:
one lookup per question, whatever the note's length."""

from __future__ import annotations

from bisect import bisect_right


class CharSpans:
    """Non-overlapping [start, end) character spans, sorted by start."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self._starts = [start for start, _ in spans]

    def __bool__(self) -> bool:
        return bool(self.spans)

    def holds(self, char: int) -> bool:
        index = bisect_right(self._starts, char) - 1
        return index >= 0 and char < self.spans[index][1]


def union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans from several readers as one sorted, non-overlapping list."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
