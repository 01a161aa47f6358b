"""Levels marked in a diagram whose legend says what each mark means ("X = injected   o =
contrast only   - = not done"). The level reader reads the levels of such a diagram, not the
mark beside each; when the legend gives a mark for levels not treated (conventions rule 1: a
level not injected, given contrast only or only planned is not treated), a level whose every
own line carries that mark and no treated one is not treated: it is not listed, and a warning
names it so a coder can confirm. A level that some of its own lines mark so and others do not
(the diagram against the text) stays listed but in doubt: no code rests on it until a coder
confirms it. The meanings are data (`patterns/mark_legends.json`)."""

from __future__ import annotations

from checker.extract.legend_entries import legend_entries, meanings
from checker.extract.levels import joint_name, parse_level
from checker.models import LevelFact, ReadingWarning


def legend_marks(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(marks of levels treated, marks of levels not treated) the note's legends define."""
    not_treated_words, treated_words = meanings()
    treated: set[str] = set()
    untreated: set[str] = set()
    for entry in legend_entries(text):
        mark, meaning = entry.group(1).strip("[]") or entry.group(1), entry.group(2).lower()
        if any(words in meaning for words in not_treated_words):
            untreated.add(mark)
        elif any(word in meaning for word in treated_words):
            treated.add(mark)
    return frozenset(treated), frozenset(untreated - treated)


def doubt_levels_a_legend_leaves_unmarked(
    text: str, levels: list[LevelFact]
) -> tuple[ReadingWarning | None, list[LevelFact]]:
    """(the warning, the levels left): a level whose every own line carries a mark the
    note's legend gives to levels not treated (and no treated mark) is taken out; one that
    only some of its lines mark so is put in doubt. The warning says what to confirm; None
    when the note has no such legend or nothing is marked."""
    if not levels:
        return None, levels  # nothing to doubt: the legend is not read
    treated, untreated = legend_marks(text)
    if not untreated:
        return None, levels
    marked = {
        id(fact): how
        for fact in levels
        if not fact.uncertain and (how := _marked_untreated(text, fact, treated, untreated))
    }
    if not marked:
        return None, levels
    doubted = [fact for fact in levels if id(fact) in marked]
    named = ", ".join(sorted({f"{fact.side} {fact.level}" for fact in doubted}))
    why = (
        f"The note's diagram marks {named} with a mark its legend gives to levels not "
        f"treated ({', '.join(sorted(untreated))}): confirm whether each was injected before "
        "billing it."
    )
    for fact in doubted:
        fact.uncertain = why
    kept = [fact for fact in levels if marked.get(id(fact)) != _EVERY_LINE]
    warning = ReadingWarning(
        subject="levels", message=why, evidence=[e for f in doubted for e in f.evidence[:1]]
    )
    return warning, kept


_EVERY_LINE, _SOME_LINES = "every", "some"


def _marked_untreated(
    text: str, fact: LevelFact, treated: frozenset[str], untreated: frozenset[str]
) -> str | None:
    """Whether the level's own lines (its joint's, or a nerve's that supplies it) carry an
    untreated mark and no treated one: None when none does; `_EVERY_LINE` when no other of
    its lines says otherwise (a line of the joint marked treated, or a line naming it with
    no mark at all: the text beside the diagram); else `_SOME_LINES`. A nerve marked treated
    does not say otherwise: the joint needs both its nerves."""
    marked = otherwise = 0
    for evidence in fact.evidence:
        if not _names_the_level(evidence.text, fact.level):
            continue  # a title range, a side heading, a nerve of the next joint
        start = text.rfind("\n", 0, evidence.start) + 1
        end = text.find("\n", evidence.end)
        line = text[start : len(text) if end < 0 else end]
        marks = {token.strip("[]") or token for token in line.split()}
        if marks & untreated and not marks & treated:
            marked += 1
        elif not marks & treated or _is_joint(evidence.text):
            otherwise += 1
    if not marked:
        return None
    return _SOME_LINES if otherwise else _EVERY_LINE


def _is_joint(written: str) -> bool:
    parsed = parse_level(written)
    return parsed is not None and parsed[0] == "joints"


def _names_the_level(written: str, level: str) -> bool:
    """Whether the words name the joint `level` ("C4-5", "C4/C5") or a vertebra whose nerve
    supplies it (C4 or C5 for C4-C5; a thoracic or lumbar joint's nerves are numbered one
    lower, so T5 or T6 for T6-T7), read by the level reader's own parser."""
    joint, written_level = parse_level(level), parse_level(written)
    if joint is None or written_level is None or joint[0] != "joints":
        return False
    upper = joint[1][0]
    kind, ordinals = written_level
    if kind == "joints":
        return ordinals == [upper]
    cervical = joint_name(upper).startswith("C")
    supplying = {upper, upper + 1} if cervical else {upper - 1, upper}
    return bool(ordinals) and set(ordinals) <= supplying
