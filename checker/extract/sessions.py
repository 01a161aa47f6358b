"""Stretches of a combined session's text about another procedure (trigger points, an
occipital nerve block, a lumbar block in a cervical session): their levels and drugs are not
the facet procedure's. Character offsets of the pipeline text, sorted and merged."""

from __future__ import annotations

import re
from bisect import bisect_right

from checker.extract.mentions import NoteMentions

_LEVEL_LABELS = ("LEVEL_PAIR", "LEVEL_COMPACT", "VERTEBRA")
_FACET_PROCEDURES = frozenset({"facet_injection", "medial_branch_block", "rf_ablation"})
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A line that opens a new numbered or bulleted item of a list of procedures ("#1:", "2)",
# "- "): another procedure's stretch ends there (its own field lines do not end it).
_ITEM_START = re.compile(r"\n[ \t]*(?:#?\d{1,2}[).:]|[-*\u2022]\s)")


def other_procedure_stretches(mentions: NoteMentions) -> list[tuple[int, int]]:
    """Character stretches about another procedure of the same session, whose drugs and
    volumes are not the facet medications: from the name of another procedure (trigger
    points, an occipital nerve block, an SI joint) to the next facet procedure's name or the
    end of the paragraph, and a paragraph that names only lumbar levels in a cervical or
    thoracic session. Only in a combined session: a note about trigger points alone, or a
    lumbar note, keeps its drugs. Sorted and merged."""
    breaks = _paragraph_breaks(mentions)
    named = named_other_stretches(mentions, breaks)
    stretches = named + _lumbar_paragraphs(mentions, breaks, named)
    return _merged(stretches)


def _paragraph_breaks(mentions: NoteMentions) -> list[int]:
    text = mentions.doc_text
    return [0] + [match.end() for match in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]


def _merged(stretches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(stretches):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def named_other_stretches(
    mentions: NoteMentions, breaks: list[int] | None = None
) -> list[tuple[int, int]]:
    """From the name of another procedure done today (trigger points, an occipital nerve
    block) to the next facet procedure's name or the end of its paragraph, in a session that
    names a facet procedure too ("trigger point injections ... paraspinals at the C5-6
    level" names no facet level)."""
    breaks = breaks if breaks is not None else _paragraph_breaks(mentions)
    named = [m for m in mentions.of("PROCEDURE") if m.is_today("procedure")]
    facet_starts = [m.start_char for m in named if m.value in _FACET_PROCEDURES]
    others = [m for m in named if m.value == "other"]
    if not facet_starts or not others:
        return []
    items = [match.start() for match in _ITEM_START.finditer(mentions.doc_text)]
    stretches = []
    for mention in others:
        end = breaks[bisect_right(breaks, mention.start_char)]
        following = bisect_right(facet_starts, mention.start_char)
        if following < len(facet_starts):
            end = min(end, facet_starts[following])
        next_item = bisect_right(items, mention.start_char)
        if next_item < len(items):
            end = min(end, items[next_item])
        stretches.append((mention.start_char, end))
    return _merged(stretches)


def _lumbar_paragraphs(
    mentions: NoteMentions, breaks: list[int], named: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Paragraphs whose levels are all lumbar or sacral, when today's levels elsewhere (not
    in another procedure's stretch) are cervical or thoracic (a lumbar medial branch block in
    a cervical facet session); in a paragraph that names both, the lines whose levels are all
    lumbar or sacral ("A - Cervical: ... C4, C5 ..." then "B - Lumbar: ... L4 and L5 ...")."""
    regions: dict[int, set[str]] = {}
    line_regions: dict[tuple[int, int], set[str]] = {}
    for mention in mentions.of(*_LEVEL_LABELS):
        region = mention.value[:1].upper()
        if inside(named, mention.start_char):
            continue
        if region and region in "CTLS" and mention.is_today("levels"):
            paragraph = bisect_right(breaks, mention.start_char) - 1
            regions.setdefault(paragraph, set()).add(region)
            line = mentions.reading.line_bounds(mention.start_char)
            line_regions.setdefault(line, set()).add(region)
    spine_regions = set().union(*regions.values()) if regions else set()
    if not spine_regions & {"C", "T"}:
        return []
    stretches = [
        (breaks[paragraph], breaks[paragraph + 1])
        for paragraph, found in regions.items()
        if found <= {"L", "S"}
    ]
    for line, found in line_regions.items():
        paragraph = bisect_right(breaks, line[0]) - 1
        if found <= {"L", "S"} and regions.get(paragraph, set()) & {"C", "T"}:
            stretches.append((line[0], _indented_below(mentions.doc_text, *line)))
    return stretches


def _indented_below(text: str, start: int, end: int) -> int:
    """The end of a line together with the lines indented deeper below it ("lumbar: 22g into
    b/l L4/5" over "  depo 80 1cc + bupi .5% 1cc per jt"): the item's own details."""
    indent = len(text[start:end]) - len(text[start:end].lstrip(" \t"))
    while end < len(text):
        following = text.find("\n", end + 1)
        following = len(text) if following < 0 else following
        line = text[end + 1 : following]
        if not line.strip() or len(line) - len(line.lstrip(" \t")) <= indent:
            break
        end = following
    return end


def inside(stretches: list[tuple[int, int]], char: int) -> bool:
    index = bisect_right(stretches, (char, float("inf"))) - 1
    return index >= 0 and stretches[index][0] <= char < stretches[index][1]
