"""Mentions indexed by position, so that a search near a mention costs the log of the note's
length plus what it finds, never a pass over the whole note or sentence: dictated notes can
be one sentence of thousands of words."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from operator import attrgetter

from checker.extract.mentions import Mention


class PositionIndex:
    """Mentions sorted by token start (or character start with `by_char`)."""

    def __init__(self, mentions: Iterable[Mention], by_char: bool = False) -> None:
        self.by_char = by_char
        key = _START_CHAR if by_char else _START  # a C getter: dozens of indexes a note
        self.items = sorted(mentions, key=key)
        self.starts = list(map(key, self.items))

    def __bool__(self) -> bool:
        return bool(self.items)

    def within(self, low: int, high: int) -> Iterator[Mention]:
        """Mentions starting in [low, high), in order."""
        first, last = bisect_left(self.starts, low), bisect_left(self.starts, high)
        for index in range(first, last):
            yield self.items[index]

    def count(self, low: int, high: int) -> int:
        """How many mentions start in [low, high)."""
        return bisect_left(self.starts, high) - bisect_left(self.starts, low)

    def last_ending_by(self, position: int) -> Mention | None:
        """The last mention (by start) that ends at or before `position`."""
        index = bisect_right(self.starts, position) - 1
        while index >= 0:
            mention = self.items[index]
            if mention.end <= position:
                return mention
            index -= 1
        return None

    def first_starting_at(self, position: int) -> Mention | None:
        """The first mention starting at or after `position`."""
        index = bisect_left(self.starts, position)
        return self.items[index] if index < len(self.items) else None

    def neighbours(self, position: int, reach: int = 3) -> list[Mention]:
        """Up to `reach` mentions on each side of `position`, in order: where the one nearest
        to a mention at `position` must be."""
        index = bisect_left(self.starts, position)
        return self.items[max(index - reach, 0) : index + reach]


_START, _START_CHAR = attrgetter("start"), attrgetter("start_char")
