"""Another procedure of the same session: the stretches of a note about trigger points, an
occipital nerve block, an SI joint or a lumbar block done the same day as facet work, whose
drugs, volumes and levels are not the facet procedure's."""

from __future__ import annotations

import re
from bisect import bisect_right

from checker.extract.mentions import NoteMentions

_LEVEL_LABELS = ("LEVEL_PAIR", "LEVEL_COMPACT", "VERTEBRA")
_FACET_PROCEDURES = frozenset({"facet_injection", "medial_branch_block", "rf_ablation"})
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A line that opens a new item of a list of procedures ("#1:", "2)", "- ", "Cervical:"):
# another procedure's stretch ends there.
_ITEM_START = re.compile(r"\n[ \t]*(?:#?\d{1,2}[).:]|[-*\u2022]\s|[A-Za-z][A-Za-z /]{0,30}:)")


def other_procedure_stretches(mentions: NoteMentions) -> list[tuple[int, int]]:
    """Character stretches about another procedure of the same session, whose drugs and
    volumes are not the facet medications: from the name of another procedure (trigger
    points, an occipital nerve block, an SI joint) to the next facet procedure's name or the
    end of the paragraph, and a paragraph that names only lumbar levels in a cervical or
    thoracic session. Only in a combined session: a note about trigger points alone, or a
    lumbar note, keeps its drugs. Sorted and merged."""
    breaks = _paragraph_breaks(mentions)
    named = _merged(_named_other_stretches(mentions, breaks))
    return _merged(named + _lumbar_paragraphs(mentions, breaks, named))


def named_other_stretches(mentions: NoteMentions) -> list[tuple[int, int]]:
    """Only the stretches about another named procedure (trigger points "at the C5-6
    level", an occipital block): their levels are not facet levels either."""
    return _merged(_named_other_stretches(mentions, _paragraph_breaks(mentions)))


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


def _named_other_stretches(mentions: NoteMentions, breaks: list[int]) -> list[tuple[int, int]]:
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
    return stretches


def _lumbar_paragraphs(
    mentions: NoteMentions, breaks: list[int], named: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Paragraphs whose levels are all lumbar or sacral, when today's levels elsewhere (not
    in another named procedure's stretch) are cervical or thoracic (a lumbar medial branch
    block in a cervical facet session)."""
    regions: dict[int, set[str]] = {}
    for mention in mentions.of(*_LEVEL_LABELS):
        region = mention.value[:1].upper()
        if region and region in "CTLS" and mention.is_today("levels"):
            if inside(named, mention.start_char):
                continue  # trigger points "at the C5-6 level" make no cervical session
            paragraph = bisect_right(breaks, mention.start_char) - 1
            regions.setdefault(paragraph, set()).add(region)
    spine_regions = set().union(*regions.values()) if regions else set()
    if not spine_regions & {"C", "T"}:
        return []
    return [
        (breaks[paragraph], breaks[paragraph + 1])
        for paragraph, found in regions.items()
        if found <= {"L", "S"}
    ]


def inside(stretches: list[tuple[int, int]], char: int) -> bool:
    index = bisect_right(stretches, (char, float("inf"))) - 1
    return index >= 0 and stretches[index][0] <= char < stretches[index][1]
