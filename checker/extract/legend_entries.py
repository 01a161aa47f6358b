"""The entries of a diagram's legend ("X = injected   o = contrast only   - = not done"): each
mark and what it means, and whether that meaning is a level treated or not treated (the
meanings are data, `patterns/mark_legends.json`). Read by the legend reader of levels
(`checker.extract.legends`), the side grids (`checker.extract.tables`) and the mentions, which
keep a negation in one entry from reaching the one before it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from checker.resources import load_json

# a legend entry: a mark of one to three characters that is not a number ("X", "o", "-",
# "[X]", "■"), an equals sign, and its meaning up to the next entry or the line's end
ENTRY = re.compile(
    r"(?:(?<=\s)|^)(\[?[^\s\d=\[\]]{1,3}\]?)[ \t]*=[ \t]*([^=\n]+?)(?=\s{3,}|\n|$)", re.M
)
_NEGATION = re.compile(r"\b(?:no|not|non|none|never|without|nothing)\b", re.IGNORECASE)


@cache
def meanings() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(words of levels not treated, words of levels treated)."""
    data = load_json("mark_legends.json")
    return tuple(data["not_treated"]), tuple(data["treated"])


def legend_entries(text: str) -> Iterator[re.Match[str]]:
    """Every legend entry of the text: group 1 the mark, group 2 its meaning."""
    if "=" not in text:
        return iter(())
    return ENTRY.finditer(text)


def treated_meanings(text: str) -> list[tuple[int, int]]:
    """(start, end) of each legend meaning that says a level was treated and negates
    nothing ("X = blocked (0.5 mL 0.5% bupivacaine)"): what it names was given."""
    not_treated, treated = meanings()
    spans = []
    for entry in legend_entries(text):
        meaning = entry.group(2).lower()
        if any(words in meaning for words in not_treated) or _NEGATION.search(meaning):
            continue
        if any(word in meaning for word in treated):
            spans.append((entry.start(2), entry.end(2)))
    return spans
