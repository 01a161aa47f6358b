"""Stretches of a combined session's text about another procedure (trigger points, an
occipital nerve block, a lumbar block in a cervical session): their levels and drugs are not
the facet procedure's. Character offsets of the pipeline text, sorted and merged."""

from __future__ import annotations

import re
from bisect import bisect_right

from checker.extract.mentions import Mention, NoteMentions

_LEVEL_LABELS = ("LEVEL_PAIR", "LEVEL_COMPACT", "VERTEBRA")
_FACET_PROCEDURES = frozenset({"facet_injection", "medial_branch_block", "rf_ablation"})
_STRETCHES = ("other_procedure_stretches",)
_LATER_ITEMS = ("later_item_stretches",)
# A line opening the second or a later item of a numbered list of procedures ("#2 TPIs ...",
# "2. bilat GON:", "BLOCK 2 - LEFT GREATER OCCIPITAL NERVE BLOCK", "[3] SIJ").
_LATER_ITEM = re.compile(
    r"^[ \t]*(?:(?:block|procedure|proc)[ \t]*#?[ \t]*_N_[ \t]*[-\u2013:.)]"
    r"|#_N_\b|\[_N_\]|_N_[.)][ \t])".replace("_N_", "(?:[2-9]|1[0-9])"),
    re.IGNORECASE | re.MULTILINE,
)
# Words two names of other procedures may share without naming the same one (a shared
# "joint" is taken as the same joint: "SI joint" and "sacroiliac joint" keep their drugs).
_GENERIC_NAME_WORDS = frozenset({"block", "blocks", "nerve", "nerves", "injection", "injections"})
_NOT_AN_EPIDURAL_NAME = frozenset({"caudal"})
# Names of a contrast study of any joint: in another procedure's own item ("R SI joint:
# ... Isovue-M 0.5 mL, arthrogram OK") they name that joint's arthrogram, not facet work.
_ANY_JOINTS_NAMES = frozenset({"arthrogram", "arthrography", "arthrograms"})
# An epidural named as a procedure, not as a space contrast reached ("posterior epidural
# space", "loss of resistance" while distending a joint).
_EPIDURAL_PROCEDURE = re.compile(r"interlaminar|transforaminal|\besi\b|injection|steroid", re.I)
# A medial branch block named as a block ("medial branch block", "MBB #1", "TON block").
_BLOCK_NAME = re.compile(r"block|\bmbn?bs?\b", re.IGNORECASE)
# A line that dates or counts a block: an earlier one ("MBB x2 on 5/20", "MBB #2 04/01/25").
_EARLIER_BLOCK = re.compile(
    r"\b\d{1,2}/\d{1,2}\b|\b\d{4}-\d{2}-\d{2}\b|\bx\s?[2-9]\b|\b(?:prior|previous|earlier|ago)\b",
    re.IGNORECASE,
)
# A template pick-list answered with one of its choices: the choices before the colon.
_OFFERED_CHOICES = re.compile(r"\{([^{}:\n]*/[^{}:\n]*):([^{}:\n]+)\}")
_CLAUSE_BREAK = re.compile(r"[.;:]\s|\s{2,}|\t")
_CONTRAST_FLOW = re.compile(r"\s*(?:spread|flow|pattern|uptake|filling|runoff|run-off)\b", re.I)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A line that opens a new numbered or bulleted item of a list of procedures ("#1:", "2)",
# "- "): another procedure's stretch ends there (its own field lines do not end it).
_ITEM_START = re.compile(r"\n[ \t]*(?:#?\d{1,2}[).:]|\(?[A-Za-z]\)\s|[-*\u2022]\s)")


def other_procedure_stretches(mentions: NoteMentions) -> list[tuple[int, int]]:
    """Character stretches about another procedure of the same session, whose drugs and
    volumes are not the facet medications: from the name of another procedure (trigger
    points, an occipital nerve block, an SI joint) to the next facet procedure's name or the
    end of the paragraph, and a paragraph that names only lumbar levels in a cervical or
    thoracic session. Only in a combined session: a note about trigger points alone, or a
    lumbar note, keeps its drugs. Sorted and merged."""
    remembered = mentions.memo.get(_STRETCHES)
    if remembered is None:  # asked by the procedure, imaging and drug readers alike
        breaks = _paragraph_breaks(mentions)
        named = named_other_stretches(mentions, breaks)
        remembered = _merged(named + _lumbar_paragraphs(mentions, breaks, named))
        mentions.memo[_STRETCHES] = remembered
    return list(remembered)


def later_item_stretches(mentions: NoteMentions, procedure: str | None) -> list[tuple[int, int]]:
    """In a session with no facet work, the later numbered items of its list of procedures
    that name another procedure than the one checked ("#1 C6-C7 INTERLAMINAR ESI ... #2 TPIs
    bilat upper trapezius: 1 mL 0.25% bupivacaine", "BLOCK 1 - LEFT STELLATE GANGLION BLOCK
    ... BLOCK 2 - LEFT GREATER OCCIPITAL NERVE BLOCK"): from the item's line to the end of
    its paragraph or the next item. Their drugs are that procedure's (conventions, 7)."""
    remembered = mentions.memo.get(_LATER_ITEMS)
    if remembered is None:
        remembered = mentions.memo[_LATER_ITEMS] = _later_items(mentions, procedure)
    return list(remembered)


def _later_items(mentions: NoteMentions, procedure: str | None) -> list[tuple[int, int]]:
    named = [m for m in mentions.of("PROCEDURE") if m.is_today("procedure")]
    checked = [m for m in named if m.value == procedure]
    if procedure is None or not checked:
        return []
    first = checked[0]
    text, reading = mentions.doc_text, mentions.reading
    items = [match.start() for match in _LATER_ITEM.finditer(text)]
    if not items:
        return []
    breaks = _paragraph_breaks(mentions)
    stretches = []
    for mention in named:
        line_start, line_end = reading.line_bounds(mention.start_char)
        if line_start <= first.start_char or line_start not in items:
            continue
        if _same_procedure(mention, first):
            continue
        end = breaks[bisect_right(breaks, mention.start_char)]
        following = bisect_right(items, line_end)
        if following < len(items):
            end = min(end, items[following])
        stretches.append((line_start, end))
    return _merged(stretches)


def _same_procedure(mention: Mention, checked: Mention) -> bool:
    if mention.value != checked.value:
        return False
    if mention.value != "other":
        return True
    words = set(mention.text.lower().split()) - _GENERIC_NAME_WORDS
    return bool(words & set(checked.text.lower().split())) or not words


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


def block_beside_rf(mentions: NoteMentions) -> bool:
    """Whether a medial branch block and an RF ablation are both done today: the block named
    as a block in the procedure's own text ("left C3-C6 MBB #1 today", "TON block"; blocks
    told in a history or a table of earlier blocks do not count) beside RF lesioning described
    today (cannulae, stimulation, lesion temperature). The block is then the procedure and
    gives the levels; the RF is another procedure of the same day (conventions 3)."""
    named = [m for m in mentions.of("PROCEDURE") if m.is_today("procedure")]
    return (
        any(m.value == "rf_ablation" for m in named)
        and any(
            m.value == "medial_branch_block"
            and m.section == "procedure"
            and _BLOCK_NAME.search(m.text) is not None
            and not _an_earlier_or_offered_block(mentions, m)
            for m in named
        )
        and any(m.is_today("procedure") for m in mentions.of("RF_TECHNIQUE"))
    )


def _an_earlier_or_offered_block(mentions: NoteMentions, mention: Mention) -> bool:
    """A block on a line that dates it or counts it ("Diagnostic MBB x2 on 5/20 and 6/11",
    "MBB #1 03/11/25 (bupivacaine) 90%"), or a choice a template's pick-list offered and did
    not take ("{Medial branch block/Radiofrequency ablation:Radiofrequency ablation}")."""
    start, end = mentions.reading.line_bounds(mention.start_char)
    line = mentions.doc_text[start:end]
    if _EARLIER_BLOCK.search(line):
        return True
    at = mention.start_char - start
    return any(pick.start(1) <= at < pick.end(1) for pick in _OFFERED_CHOICES.finditer(line))


def named_other_stretches(
    mentions: NoteMentions, breaks: list[int] | None = None
) -> list[tuple[int, int]]:
    """From the name of another procedure done today (trigger points, an occipital nerve
    block) to the next facet procedure's name or the end of its paragraph, in a session that
    names a facet procedure too ("trigger point injections ... paraspinals at the C5-6
    level" names no facet level)."""
    breaks = breaks if breaks is not None else _paragraph_breaks(mentions)
    named = [m for m in mentions.of("PROCEDURE") if m.is_today("procedure")]
    facet_named = [m for m in named if m.value in _FACET_PROCEDURES]
    facet_names = [(m.start_char, m.end_char) for m in facet_named]
    facet_starts = [start for start, _ in facet_names]
    any_joints = {m.start_char for m in facet_named if m.text.lower() in _ANY_JOINTS_NAMES}
    others = [m for m in named if m.value == "other"]
    if block_beside_rf(mentions):
        # the block is the procedure checked; the RF ablation is the other one (conventions 3)
        others += [m for m in named if m.value == "rf_ablation"]
        # the medial branches named bare ("C3-C6 medial branch radiofrequency neurotomy",
        # "cannulae parallel to the medial branches") are the RF's nerves, not the block
        facet_named = [
            m
            for m in facet_named
            if m.value != "rf_ablation"
            and (m.value != "medial_branch_block" or _BLOCK_NAME.search(m.text) is not None)
        ]
        facet_names = [(m.start_char, m.end_char) for m in facet_named]
        facet_starts = [start for start, _ in facet_names]
    if len(facet_names) >= 2:  # a facet named once beside an epidural is seldom done today
        others += _epidural_procedure(mentions, named)
    others.sort(key=lambda m: m.start_char)
    if not facet_starts or not others:
        return []
    text = mentions.doc_text
    items = [(match.start(), _indent(match.group())) for match in _ITEM_START.finditer(text)]
    stretches = []
    for mention in others:
        start = mention.start_char
        if mention.value in ("epidural", "rf_ablation"):  # its levels are named before it
            start = _line_start(mentions, mention.start_char, facet_names)
        end = breaks[bisect_right(breaks, mention.start_char)]
        following = bisect_right(facet_starts, mention.start_char)
        item_end = _indented_below(text, *mentions.reading.line_bounds(mention.start_char))
        while following < len(facet_starts) and _its_arthrogram(
            facet_starts[following], any_joints, item_end
        ):
            following += 1
        if following < len(facet_starts):
            end = min(end, facet_starts[following])
        end = min(end, _next_item(items, mention.start_char, _indent(text[start:end])))
        stretches.append((start, end))
    return _merged(stretches)


def _its_arthrogram(start: int, any_joints: set[int], item_end: int) -> bool:
    """Whether the facet name at `start` is an arthrogram named in the other procedure's
    own line or the lines indented under it ("R SI joint: 22g needle ... Isovue-M 0.5 mL,"
    over "arthrogram OK"): that joint's contrast study, not facet work."""
    return start < item_end and start in any_joints


def _epidural_procedure(mentions: NoteMentions, named: list[Mention]) -> list[Mention]:
    """Names of an epidural done today beside the facet work: only when the note names it
    at least twice, not counting contrast said to spread or not to spread there ("no
    vascular or epidural spread") nor a fluoroscope's "caudal tilt"."""
    text = mentions.doc_text
    epidural = [
        m
        for m in named
        if m.value == "epidural"
        and m.text.lower() not in _NOT_AN_EPIDURAL_NAME
        and not _CONTRAST_FLOW.match(text, m.end_char)
    ]
    named_as_procedure = any(
        _EPIDURAL_PROCEDURE.search(text, m.start_char, m.end_char + 20) for m in epidural
    )
    return epidural if len(epidural) >= 2 and named_as_procedure else []


def _indent(line: str) -> int:
    """The indentation of a line given with its leading newline."""
    line = line.lstrip("\n")
    return len(line) - len(line.lstrip(" \t"))


def _next_item(items: list[tuple[int, int]], char: int, indent: int) -> int:
    """The start of the next item of the list no deeper than the line at `char`: a deeper
    bullet ("b) Epidural" over " - 18g Tuohy at C7/T1") is the procedure's own detail."""
    following = bisect_right(items, (char, float("inf")))
    for position, depth in items[following:]:
        if depth <= indent:
            return position
    return 1 << 62


def _line_start(mentions: NoteMentions, char: int, facet_names: list[tuple[int, int]]) -> int:
    """Where another procedure's stretch starts: at the start of its clause, after the facet
    procedure named before it on its line, else at the line's start ("a) Right C4/5 ...
    facet injections - fluoroscopy  b) C7/T1 interlaminar epidural steroid injection": the
    interspace before the name is the epidural's)."""
    start = mentions.reading.line_bounds(char)[0]
    before = bisect_right(facet_names, (char, char)) - 1
    if before >= 0 and facet_names[before][0] >= start:
        start = max(facet_names[before][1], start)
    clauses = list(_CLAUSE_BREAK.finditer(mentions.doc_text, start, char))
    return clauses[-1].end() if clauses else start


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
