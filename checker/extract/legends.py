"""Levels marked in a diagram whose legend says what each mark means ("X = injected   o =
contrast only   - = not done"). The level reader reads the levels of such a diagram, not the
mark beside each; when the legend gives a mark for levels not treated (conventions rule 1: a
level not injected, given contrast only or only planned is not treated), a level whose own line
carries that mark and no treated one stays listed but in doubt: no code rests on it until a
coder confirms it. The meanings are data (`patterns/mark_legends.json`)."""

from __future__ import annotations

import re
from functools import cache

from checker.extract.levels import parse_level
from checker.models import LevelFact, ReadingWarning
from checker.resources import load_json

# a legend entry: a mark of one to three characters that is not a number ("X", "o", "-",
# "[X]", "■"), an equals sign, and its meaning up to the next entry or the line's end
_ENTRY = re.compile(
    r"(?:(?<=\s)|^)(\[?[^\s\d=\[\]]{1,3}\]?)[ \t]*=[ \t]*([^=\n]+?)(?=\s{3,}|\n|$)", re.M
)


@cache
def _meanings() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = load_json("mark_legends.json")
    return tuple(data["not_treated"]), tuple(data["treated"])


def legend_marks(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(marks of levels treated, marks of levels not treated) the note's legends define."""
    not_treated_words, treated_words = _meanings()
    treated: set[str] = set()
    untreated: set[str] = set()
    for entry in _ENTRY.finditer(text):
        mark, meaning = entry.group(1).strip("[]") or entry.group(1), entry.group(2).lower()
        if any(words in meaning for words in not_treated_words):
            untreated.add(mark)
        elif any(word in meaning for word in treated_words):
            treated.add(mark)
    return frozenset(treated), frozenset(untreated - treated)


def doubt_levels_a_legend_leaves_unmarked(
    text: str, levels: list[LevelFact]
) -> ReadingWarning | None:
    """Put in doubt each level whose own line carries a mark the note's legend gives to
    levels not treated (and no treated mark); the warning says what to confirm. None when
    the note has no such legend or nothing is doubted."""
    if not levels:
        return None  # nothing to doubt: the legend is not read
    treated, untreated = legend_marks(text)
    if not untreated:
        return None
    doubted = [
        fact
        for fact in levels
        if not fact.uncertain and _marked_untreated(text, fact, treated, untreated)
    ]
    if not doubted:
        return None
    named = ", ".join(sorted({f"{fact.side} {fact.level}" for fact in doubted}))
    why = (
        f"The note's diagram marks {named} with a mark its legend gives to levels not "
        f"treated ({', '.join(sorted(untreated))}): confirm whether each was injected before "
        "billing it."
    )
    for fact in doubted:
        fact.uncertain = why
    return ReadingWarning(
        subject="levels", message=why, evidence=[e for f in doubted for e in f.evidence[:1]]
    )


def _marked_untreated(
    text: str, fact: LevelFact, treated: frozenset[str], untreated: frozenset[str]
) -> bool:
    """Whether one of the level's own lines (its joint's, or a nerve's that supplies it)
    carries an untreated mark and no treated one."""
    for evidence in fact.evidence:
        if not _names_the_level(evidence.text, fact.level):
            continue  # a title range, a side heading, a nerve of the next joint
        start = text.rfind("\n", 0, evidence.start) + 1
        end = text.find("\n", evidence.end)
        line = text[start : len(text) if end < 0 else end]
        marks = {token.strip("[]") or token for token in line.split()}
        if marks & untreated and not marks & treated:
            return True
    return False


def _names_the_level(written: str, level: str) -> bool:
    """Whether the words name the joint `level` ("C4-5", "C4/C5") or a vertebra whose nerve
    supplies it (C4 or C5 for C4-C5; a thoracic joint's nerves are numbered one lower, so T5
    for T6-T7), read by the level reader's own parser."""
    joint, written_level = parse_level(level), parse_level(written)
    if joint is None or written_level is None or joint[0] != "joints":
        return False
    upper = joint[1][0]
    kind, ordinals = written_level
    if kind == "joints":  # a joint and the vertebra below it: the joint itself or next above
        ordinals = [*ordinals, ordinals[-1] + 1]
    return set(ordinals) <= {upper - 1, upper, upper + 1}
