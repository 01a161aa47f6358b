"""A cheap test run before a case-insensitive regex over a whole note: the regex can match
only where its literal words occur, and a substring search of the lower-cased note is many
times faster than a regex that tries every position. The test never skips a regex that
could match: each regex runs exactly as before whenever one of its words occurs.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator

# Characters a case-insensitive regex reads as an ASCII letter though lower() does not
# make them that letter (dotted and dotless i, long s, the Kelvin sign): a note holding one
# skips no regex.
_ODD_CASE = re.compile("[\u0130\u0131\u017f\u212a]")


def lowered(text: str) -> str | None:
    """`text` lower-cased for `names_any`, or None when a literal test could miss a
    case-insensitive match. The last answer is kept: several tests in a row ask about the
    same text."""
    global _last
    last = _last  # one tuple, read once: safe beside other threads
    if text is last[0]:
        return last[1]
    answer = None if not text.isascii() and _ODD_CASE.search(text) else text.lower()
    _last = (text, answer)
    return answer


_last: tuple[str | None, str | None] = (None, None)  # the text last asked about, its answer


def names_any(lowered_text: str | None, words: Iterable[str]) -> bool:
    """Whether a case-insensitive regex that needs one of `words` (lower case) may match
    the text `lowered` returned: false only when none of them occurs."""
    return lowered_text is None or any(word in lowered_text for word in words)


def word_starts(text: str, lowered_text: str | None, words: Iterable[str]) -> list[int] | None:
    """Where one of `words` (lower case) begins a word of `text` (`lowered_text`: what
    `lowered` returned for it), in order: the positions a regex that opens with `\\b` and
    one of these words (in any case) can match at; None when `lowered` could not tell (any
    position). A word is found as a substring of the lowered note (a fast search in C),
    then kept only where no letter, digit or underscore comes before it (the regex's `\\b`)."""
    if lowered_text is None:
        return None
    return sorted(
        {
            at
            for word in words
            for at in _occurrences(lowered_text, word)
            if not at or not _word_character(text[at - 1])
        }
    )


def line_starts(lowered_text: str | None, words: Iterable[str]) -> list[int] | None:
    """Where each line that holds one of `words` (lower case) starts, in order, in the text
    `lowered` returned (None when it could not tell: any line): the positions a
    line-anchored case-insensitive regex that needs one of these words on its line can
    match at."""
    if lowered_text is None:
        return None
    return sorted(
        {
            lowered_text.rfind("\n", 0, at) + 1
            for word in words
            for at in _occurrences(lowered_text, word, per_line=True)
        }
    )


def _occurrences(lowered_text: str, word: str, per_line: bool = False) -> Iterator[int]:
    """Where `word` occurs in the text, by substring search; with `per_line`, only its first
    occurrence on each line (a line is found once)."""
    at = lowered_text.find(word)
    while at != -1:
        yield at
        if per_line:
            line_end = lowered_text.find("\n", at)
            at = -1 if line_end == -1 else lowered_text.find(word, line_end)
        else:
            at = lowered_text.find(word, at + 1)


def _word_character(character: str) -> bool:
    """What a regex's `\\w` matches in a str."""
    return character.isalnum() or character == "_"


def search_from(pattern: re.Pattern[str], text: str, starts: list[int] | None, at: int = 0):
    """`pattern.search(text, at)` for a pattern that can only match at one of `starts`
    (sorted; None: anywhere): the same match, tried at those positions only."""
    if starts is None:
        return pattern.search(text, at)
    for start in starts[bisect_left(starts, at) :]:
        match = pattern.match(text, start)
        if match is not None:
            return match
    return None


def find_from(
    pattern: re.Pattern[str], text: str, starts: list[int] | None
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern that can only match at one of `starts`
    (sorted; None: anywhere) and never matches the empty string: the same matches, each
    tried at those positions only."""
    if starts is None:
        yield from pattern.finditer(text)
        return
    at = 0
    for start in starts:
        if start < at:
            continue
        match = pattern.match(text, start)
        if match is not None:
            if match.end() == start:
                raise ValueError(f"{pattern.pattern!r} matched the empty string")
            yield match
            at = match.end()
