"""Treated joint levels and their sides.

Level spans (`LEVEL_PAIR`, `LEVEL_COMPACT`, `VERTEBRA`) come from `patterns/levels.jsonl`;
this module reads them as joints or vertebrae, joins ranges ("C4-5 through C6-7",
"C3-C6"), turns medial branch nerve lists into joints (contract: cervical Cn + Cn+1 ->
Cn-Cn+1; thoracic and lumbar shift down one: L3 + L4 -> L4-L5), and gives each level a
side: a side written after a run of levels ("C4-5 and C5-6 on the right") wins, else the
side written before it in the sentence ("right C4-5, C5-6"), else the side last named in
today's procedure text ("Side: [X] Right" on the line above).
"""

from __future__ import annotations

import functools
import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from checker.extract.copied import on_a_copied_line
from checker.extract.mentions import NOT_TODAY, Mention, NoteMentions, section_scopes
from checker.extract.sessions import inside, named_other_stretches
from checker.extract.tables import find_level_column_grids, find_side_grids
from checker.models import SIDES, Evidence, LevelFact, ReadingWarning, Region, Side, one_of
from checker.resources import load_json

_REGIONS = (("C", 7), ("T", 12), ("L", 5), ("S", 5))
_FIRST: dict[str, int] = {}
_NAMES: list[str] = [""]
for _letter, _count in _REGIONS:
    _FIRST[_letter] = len(_NAMES)
    _NAMES.extend(f"{_letter}{n}" for n in range(1, _count + 1))
# The facet (zygapophyseal) joints run from C2-C3 down to L5-S1, named here by the upper
# vertebra of the first and the last. Above C2-C3 the atlanto-occipital (C0-C1) and lateral
# atlanto-axial (C1-C2) joints are synovial joints but not zygapophyseal ones, so they are
# not counted as facet levels, like the costotransverse joints beside the thoracic spine.
# CPT Assistant (December 2010, as quoted by coders; not verified here) reports their
# injection with 64490, so a treated C1-C2 is put to review, not dropped silently.
# Below L5-S1 the sacrum is fused.
_FACET_JOINT_SPAN = ("C2", "L5")
_C2, _L5 = (_NAMES.index(name) for name in _FACET_JOINT_SPAN)
_C1 = _NAMES.index("C1")

_VERTEBRA = re.compile(r"^([CTLS])(\d{1,2})$", re.IGNORECASE)
_COMPACT = re.compile(r"^([CTL])(\d)(\d)$", re.IGNORECASE)
_LUMBOSACRAL = re.compile(r"^L5-?S1$", re.IGNORECASE)
# two vertebrae written with a slash ("C4 / C5", "C4/C5"), as in a slashed list
_SLASH_PAIR = re.compile(r"^([CTLS])(\d{1,2})\s*/\s*[CTLS]?(\d{1,2})$", re.IGNORECASE)
_PAIR = re.compile(r"^([CTLS])\s?(\d{1,2})\s*[-–—/]\s*([CTLS])?(\d{1,2})$", re.IGNORECASE)
_DASHED_AFTER = re.compile(r"^([CTL]\d{1,2}\s*[-–—]\s*\d{1,2})\s+[-–—]\s+\d{1,2}$", re.IGNORECASE)
_CHAIN = re.compile(r"^([CTL])(\d{1,2})((?:\s*[-–—]\s*\d{1,2}){2,})$", re.IGNORECASE)
# Voice recognition writes "C5-6" as "see 5 6" or "sea 5-6", "T7-8" as "tea 7 8".
_VOICE = re.compile(r"^(see|sea|cee|tea|tee)\s+(\d{1,2})\s*[-–—]?\s*(\d{1,2})$", re.IGNORECASE)
_VOICE_LETTERS = {"see": "C", "sea": "C", "cee": "C", "tea": "T", "tee": "T"}
_VOICE_SINGLE = re.compile(r"^(see|sea|cee|tea|tee)\s+(\d{1,2})$", re.IGNORECASE)
# "see 2 weeks", "see 4 mg": a dictated vertebra is never followed by a unit or time
_NOT_A_VERTEBRA_AFTER = frozenset(
    {"week", "weeks", "wk", "wks", "day", "days", "month", "months", "year", "years"}
    | {"hour", "hours", "minute", "minutes", "min", "mg", "ml", "cc", "%", "percent", "times"}
)
# "C4 5": a joint dictated with a space for its hyphen (the next vertebra's number only)
_SPACED_PAIR = re.compile(r"^([CTL])(\d{1,2})\s+(\d{1,2})$", re.IGNORECASE)
_MODEL_NUMBER_TAIL = re.compile(r"[-–]\d")
_PAIR_WORDS = re.compile(r"^([CTLS])(\d{1,2})\s+(?:to|and)\s+(\d)\b", re.IGNORECASE)

_LABELLED_LINE = re.compile(r"^[ \t]*([A-Za-z][A-Za-z ()/]{0,40}):", re.MULTILINE)
# A level field's answer: "C4-5 MB: No", "Right C5-6 joint = not done", "C6-7 | aborted".
_FIELD_ANSWER = re.compile(
    r"[ \t]*(?:(?:mb|mbb|medial branch(?:es)?|nerves?|joints?|facets?|level)[ \t]*)*"
    r"[:=|][ \t|]*([A-Za-z]+)",
    re.IGNORECASE,
)
_ANSWERS_NO = frozenset({"no", "n", "not", "none", "aborted", "skipped", "deferred", "omitted"})
_WORD_FOLLOWS = re.compile(r"[ \t]+[A-Za-z]")
# a line's own label saying its levels were not done ("Not performed: left C7-T1; left C5-6")
_NOT_DONE_LABEL = re.compile(
    r"[ \t]*[-*•]?[ \t]*(?:not[ \t]+(?:performed|done|injected|treated|blocked)|omitted|skipped)"
    r"[ \t]*:",
    re.IGNORECASE,
)
_HISTORY_SECTIONS = frozenset({"history", "indication"})
# a side named in a query thread or a superseded version below the note, or in the history,
# is a question or the past, not a correction of today's side
_NOT_CORRECTING_SECTIONS = _HISTORY_SECTIONS | {"prior_note"}
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TITLE_LINE_CHARS = 160  # a longer line under a heading is a paragraph of description
_RANGE_GAP_TOKENS = 8  # "C4-5 through the C6-7": a range word sits right between its ends
_DASHES = frozenset({"-", "–", "—"})
_CORRECTION_REACH = 8  # tokens from the side stated to "not the other side"
# Words that mark a correction of what was written ("Transcription error ... performed on
# the LEFT side"), looked for this many tokens before a side and to the end of its sentence.
_CORRECTION_WORDS = frozenset(
    {"addendum", "error", "erroneously", "mistakenly", "incorrectly", "corrected", "should"}
)
_CORRECTION_LOOKBACK = 30
# A statement that nothing had been injected yet at a point of the account.
_NOTHING_INJECTED_YET = re.compile(
    r"\b(?:nothing|no medication|no injectate) (?:had|has) (?:yet )?been (?:injected|given)",
    re.IGNORECASE,
)
# Words that say the side next to them was the mistake ("the order was entered as LEFT in
# error", "mistakenly listed as left"): the side corrected away, not the one corrected to.
_WRONG_SIDE_AFTER = (("in", "error"), ("by", "mistake"), ("erroneously",), ("mistakenly",))
_WRONG_SIDE_BEFORE = frozenset({"erroneously", "mistakenly", "incorrectly", "wrongly"})
_WRONG_SIDE_REACH = 3  # tokens between such words and the side
# words for the joints, written right after a range of vertebrae ("C4-C7 facets")
_JOINT_WORDS = frozenset(
    {"facet", "facets", "joint", "joints", "zygapophyseal", "zygapophysial", "z-joints"}
)
# A line that is a side field of a form: "Laterality: [X] Left", "Side of procedure: Right",
# "Procedure side - R", "Site: Left".
_SIDE_FIELD = re.compile(
    r"^[ \t*#>-]*(?:procedure |operative )?(?:side|laterality|site)"
    r"(?: of (?:the )?(?:procedure|injection|block)s?)?[ \t]*(?:[:=|-]|\[)",
    re.IGNORECASE,
)
# A side field left blank on a level's line ("lvl3: c5/6  side: __", "Side: [ ]",
# "C5-6 (side ___)"), or a template's side placeholder left unfilled ("{side}").
_BLANK_SIDE_FIELD = re.compile(
    r"\b(?:side|laterality)[ \t]*(?:[:=][ \t]*)?_{2,}"
    r"|\b(?:side|laterality)[ \t]*[:=][ \t]*(?:_+|\*+|\[[ \t]*\]|\([ \t]*\))?[ \t]*(?:[|;]|$)"
    r"|\{[ \t]*(?:side|laterality)[ \t]*\}",
    re.IGNORECASE,
)
# A draft that says, right after a level, that it could not tell the side ("C6-C7 facet
# joint injection [laterality not captured by audio - please verify]").
_SIDE_NOT_CAPTURED = re.compile(
    r"\b(?:side|laterality)[ \t]+(?:was[ \t]+)?(?:not|never|un)[ \t-]*"
    r"(?:captured|recorded|documented|stated|specified|known|determined|audible|clear)\b",
    re.IGNORECASE,
)
# A side named only relative to the pain ("IPSILATERAL to the pain: C4 through C7",
# "CONTRALATERAL: C5 and C6", "TON on the painful side"): which side that is rests on the
# history, so a side found elsewhere for the level (a title's "bilateral") is a guess. The
# fluoroscopic views ("contralateral oblique") name no side of the patient.
_RELATIVE_SIDE = re.compile(
    r"\b(?:ipsi|contra)lateral\b(?![ \t]*(?:oblique|view|views|projection|setup|approach)\b)"
    r"|\b(?:on[ \t]+)?the[ \t]+(?:more[ \t]+)?(?:painful|symptomatic|affected|worse)[ \t]+side\b",
    re.IGNORECASE,
)
# sections that describe the pain a relative side refers to
_PAIN_SECTIONS = frozenset({"indication", "history"})
# one of these words is in every match of _RELATIVE_SIDE: a note without them is not searched
_RELATIVE_SIDE_WORDS = (
    "ipsilateral",
    "contralateral",
    "painful",
    "symptomatic",
    "affected",
    "worse",
)
# cells of a table aligned with spaces: two or more spaces between them
_ALIGNED_GAP = re.compile(r"\S {2,}(?=\S)")
# An addendum below the signed note: its first line opens with the word.
_ADDENDUM_LINE = re.compile(
    r"^[ \t*#>_=-]*(?:[^\W\d_]+[ \t]*/[ \t]*)?(?:addendum|addenda|late entry|amended report|"
    r"amendment|correction|corrected report|(?:attending|teaching physician)[ \t]+attestation)\b",
    re.IGNORECASE | re.MULTILINE,
)
# An addendum saying the levels stand as written ("levels unchanged", "same levels")
_LEVELS_UNCHANGED = re.compile(
    r"\b(?:levels?|joints?)[ \t]+(?:are[ \t]+|were[ \t]+|remain[ \t]+)?unchanged\b"
    r"|\bsame[ \t]+(?:levels?|joints?)\b",
    re.IGNORECASE,
)
# An addendum that corrects what the note says ("the level labels above are incorrect",
# "Transcription error", "should read left") rather than adding to it.
_ADDENDUM_CORRECTS = re.compile(
    r"\b(?:error|errors|erroneous(?:ly)?|incorrect(?:ly)?|correct(?:ed|ion)|mistaken(?:ly)?|"
    r"wrong(?:ly)?|mislabell?ed|should read|should have read)\b"
    # an attestation that agrees with the note "except for laterality: ..."
    r"|\bagree\b.{0,80}?\bexcept\b",
    re.IGNORECASE,
)
# ... and one that adds a level left out ("the left C6-7 was also injected").
_ADDENDUM_ADDS = re.compile(
    r"\b(?:also|additionally|in addition|additional|omitted|as well)\b", re.IGNORECASE
)
LEVEL_LABELS = ("LEVEL_PAIR", "LEVEL_COMPACT", "VERTEBRA", "LEVEL_SHORT")
# The note saying a region was not treated today ("No cervical procedure was performed
# today", in an addendum correcting a procedure line copied from a cervical template).
_REGION_NOT_DONE = re.compile(
    r"\bno\s+(cervical|thoracic|lumbar)\s+(?:facet\s+)?(?:procedures?|injections?|blocks?)"
    r"\s+(?:was|were)\s+(?:performed|done)\b",
    re.IGNORECASE,
)
# "the same technique as ..." / "identical technique to ...": the words after name what
# today's work is compared with (a side done first, an earlier visit), this many at most
_COMPARED_WITH = frozenset({"as", "to"})
_COMPARISON_TOKENS = 6
UNSIDED = "unsided"
# Sections that sum up what was done (an IMPRESSION): read for levels only when the
# description of the procedure names none.
SUMMARY_SCOPE = "levels_summary"
# "C6-7 was planned but not done": negated, and planned, is still a level not injected.
_NOT_DONE = frozenset({"NEGATED", "HYPOTHETICAL"})
# A level today's description says was not injected is not treated even where its sentence
# also reads as an image finding ("the repeat contrast at C7-T1 still showed epidural spread,
# and the needle was withdrawn without injecting at that level").
_FINDING = frozenset({"IMAGING"})
# A level's own entry ("R C3-4: needle placed; venous uptake. NOT INJECTED. Needle
# withdrawn."): the level labels the entry with a few words before it and no colon among
# them, and only target and side words stand between it and the label's colon.
_ENTRY_PREFIX_CHARS = 24
_ENTRY_LABEL_WORDS = frozenset(
    {"and", "mb", "mbs", "mbb", "medial", "branch", "branches", "nerve", "nerves", "joint"}
    | {"joints", "facet", "facets", "level", "levels", "r", "l", "rt", "lt", "right", "left"}
    | {"bilateral", "bilat", "b"}
    # "Right C6-C7 attempted: vascular uptake ...; NOT injected"
    | {"attempt", "attempted"}
)
# A line that ends an entry: a blank line, a labelled field ("TPIs: 4 sites"), a new item.
_ENTRY_BREAK = re.compile(r"[ \t]*(?:$|[A-Za-z][A-Za-z ()/]{0,40}:|#?\d{1,2}[).:]|[-*\u2022]\s)")
# Words that may stand before a not-injected statement in its clause and leave it about the
# entry's level ("NOT INJECTED", "needle withdrawn, NOTHING injected", "the attempt was
# abandoned"); any other word is its subject ("steroid not injected", "first pass aborted").
_ENTRY_SUBJECT_WORDS = frozenset(
    {"the", "this", "that", "it", "level", "joint", "target", "site", "nerve", "branch"}
    | {"medial", "facet", "attempt", "injection", "block", "procedure", "was", "were", "is"}
    | {"has", "been", "therefore", "thus", "so", "hence", "and", "but", "then", "ultimately"}
    | {"finally", "accordingly", "consequently", "subsequently", "\n"}
)
_CLAUSE_MARKS = frozenset({",", ";", ":", ".", "-", "(", ")", "→", "->"})
# words that open a reason given before a not-injected statement ("Because of the vascular
# pattern no medication was injected"): the reason, not another subject of the statement
_REASON_WORDS = frozenset({"because", "given", "due", "owing"})
# what ends an entry's label: a colon, the arrow of a quick-entry row ("@C6-7 R -> ..."), or
# a spaced dash before the entry's text ("C4-5 - two passes, would not enter the joint"), not
# one before another level ("C4 - C6")
_ENTRY_SEPARATOR = re.compile(r":|→|-+>|[ \t][-\u2013\u2014][ \t]+(?![A-Za-z]{0,2}\d)")
# contexts a not-injected statement and its entry's label may carry and still be today's
# ("Attempted R C7-T1:", an osteophyte read as an imaging finding on the label's line)
_ENTRY_CONTEXTS = _NOT_DONE | {"IMAGING"}
# a line that heads one side's entries ("Right side:", "LEFT:")
_SIDE_HEADING = re.compile(r"(?im)^[ \t]*(?:right|left|rt|lt)(?:[ \t]+side)?[ \t]*:[ \t]*$")
_OTHER: dict[str, Side] = {"right": "left", "left": "right"}
# words between a side and a level other than "the" (a character no "the" is made of)
_NOT_ONLY_THE = re.compile(r"[^\sthe]")
# Words of doing, in a sentence that says a side was not done.
_ACT_WORDS = frozenset(
    {"performed", "done", "injected", "blocked", "treated", "completed", "placed"}
)
# A side in a sentence with one of these describes that side's injections.
_DESCRIBING = (
    *("LEVEL_PAIR", "LEVEL_COMPACT", "VERTEBRA", "LEVEL_SHORT"),
    "NERVE",
    "OTHER_SIDE",
    "REPEATED",
)
_SIDES_OF: dict[str, tuple[Side, ...]] = {
    "right": ("right",),
    "left": ("left",),
    "bilateral": ("right", "left"),
}
# Tokens that may stand between a level and a side written after it ("C5-6 on the right").
_POSTPOSED_FILLER = {
    "on",
    "the",
    "(",
    ")",
    "|",
    ",",
    ":",
    "-",
    "side",
    "sided",
    "at",
    "\t",
    "joint",
    "joints",
    # a nerve row: "C3 MB | Right", "C4 medial branch - left"
    "mb",
    "mbs",
    "medial",
    "branch",
    "branches",
    "nerve",
    "nerves",
    # the target named between the levels and the side: "C3, C4 and C5 articular pillars on
    # the right", "C5-6 facet targets on the left"
    "articular",
    "pillar",
    "pillars",
    "lateral",
    "mass",
    "masses",
    "target",
    "targets",
    "facet",
    "facets",
    "level",
    "levels",
}
_POSTPOSED_GAP = 5
# what a level's target is called, written between it and a side ("C3-C6 MB, left ...")
_TARGET_WORDS = frozenset(
    {"mb", "mbs", "mbb", "medial", "branch", "branches", "nerve", "nerves", "joint", "joints"}
    | {"facet", "facets"}
)
# Words that join two side words into both sides ("right and left", "on the right and then
# on the left"), and the only other words that may stand between them.
_SIDE_JOINERS = frozenset({"and", "&", "then"})
_SIDE_JOIN_GAP = _SIDE_JOINERS | {"on", "the", "side", "sided", "subsequently", ","}


# Words that join vertebrae into one list ("T5, T6 and T7"), and words that may stand
# between a list of vertebrae and the nerve words naming them ("medial branches of C4").
_LIST_WORDS = frozenset({",", "and", "&", "/", "or"})
_RANGE_OR_LIST_WORDS = _LIST_WORDS | {"through", "thru", "to", "-", "–"}
_NERVE_JOINERS = frozenset({"of", "at", "nerve", "nerves", "to", "the", ":", "-"})
# A joint written as where a nerve lies ("C3 also seen near the C2-3 joint", "the C4 medial
# branch adjacent to the C4-5 joint") locates the nerve: it is no target of its own.
_NEAR_WORDS = frozenset({"near", "adjacent", "beside", "alongside", "next", "close"})
_NEAR_FILLER = frozenset({"to", "the", "by"})
# Words of a sentence that places needles on bony targets.
_NEEDLE_WORDS = frozenset({"needle", "needles", "needle-tip", "needle-tips"})
# Landmarks where a cervical medial branch of the same vertebra lies.
_OWN_NERVE_LANDMARKS = ("pillar", "lateral mass")


def ordinal(letter: str, number: int) -> int | None:
    """Position of a vertebra in the column (C1 = 1 ... S5), None if there is no such one."""
    letter = letter.upper()
    count = dict(_REGIONS).get(letter, 0)
    return _FIRST[letter] + number - 1 if 1 <= number <= count else None


def nerve_ordinal(letter: str, number: int) -> int | None:
    """Like `ordinal`, but also reads the C8 nerve, which has no vertebra of its own: its
    medial branch runs over the T1 transverse process and, with the C7 branch, supplies
    C7-T1, so it stands at T1 (a cervical run of nerves "C6-C8" -> C6-C7, C7-T1)."""
    if letter.upper() == "C" and number == 8:
        return ordinal("T", 1)
    return ordinal(letter, number)


def is_facet_joint(upper: int) -> bool:
    """Whether the joint below vertebra `upper` is a facet joint (C2-C3 ... L5-S1)."""
    return _C2 <= upper <= _L5


def joint_name(upper: int) -> str:
    """Joint between vertebra `upper` and the one below, normalised as `C5-C6`."""
    return f"{_NAMES[upper]}-{_NAMES[upper + 1]}"


def side_only_in_the_diagnosis(
    mentions: NoteMentions, unsided: list[LevelFact]
) -> tuple[list[LevelFact], list[LevelFact], ReadingWarning | None]:
    """Levels none of which has a side, in a note whose only side words are in its diagnosis
    or its consent ("Diagnosis: left-sided cervicogenic headache"), all naming one side:
    that side is today's (conventions 1). (sided, unsided, a warning naming where the side
    was read) ; the levels unchanged when any other side word, or another side, is written."""
    sides = [m for m in mentions.of("SIDE") if not m.negated]
    values = {m.value for m in sides}
    if not unsided or len(values) != 1 or not values <= {"right", "left", "bilateral"}:
        return [], unsided, None
    consent = {m.sent for m in mentions.of("WORKFLOW") if m.value == "consent"}
    if not all(m.section == "diagnosis" or m.sent in consent for m in sides):
        return [], unsided, None
    (value,) = values
    on: tuple[Side, ...] = ("right", "left") if value == "bilateral" else (one_of(SIDES, value),)
    evidence = [m.evidence for m in sides][:2]
    sided = [
        LevelFact(level=fact.level, side=side, evidence=[*fact.evidence[:2], *evidence])
        for side in on
        for fact in unsided
    ]
    names = ", ".join(fact.level for fact in unsided)
    warning = ReadingWarning(
        subject="levels",
        message=(
            f"The side of {names} ({value}) is named only in the diagnosis or the consent, "
            "not in the procedure description: confirm it is the side treated."
        ),
        evidence=evidence,
    )
    return sided, [], warning


def region_of_joint(name: str) -> set[Region]:
    upper, lower = name.split("-")
    if name == "T12-L1":
        return {"thoracic"}  # coded as thoracic (docs/policy-sources.md 1.12)
    regions: dict[str, Region] = {"C": "cervical", "T": "thoracic", "L": "lumbar", "S": "sacral"}
    found = {regions[upper[0]], regions[lower[0]]}
    return {"lumbar"} if found == {"lumbar", "sacral"} else found


def region_of(levels: list[str]) -> Region | None:
    regions: set[Region] = set()
    for name in levels:
        regions |= region_of_joint(name)
    if not regions:
        return None
    if "lumbar" in regions:
        return "lumbar"  # a thoracolumbar session counts as one lumbar session (1.13)
    if regions == {"cervical", "thoracic"}:
        return "cervicothoracic"
    if len(regions) == 1:
        return next(iter(regions))
    return None


@cache
def heading_names() -> frozenset[str]:
    """Procedure headings that state what was done rather than describe it."""
    return frozenset(_normalised_header(h) for h in load_json("section_scopes.json")["headings"])


@lru_cache(maxsize=4096)  # a note asks for the same few headings again and again
def _normalised_header(text: str) -> str:
    return " ".join(re.sub(r"[^a-z ]+", " ", text.lower()).split())


# facts whose "only" in a statement of levels speaks of them, not of the levels done
# ("contrast at the right C5-6 only", "steroid at C5-6 only")
_ONLY_ABOUT_ANOTHER_FACT = ("DRUG", "CONTRAST_AGENT", "CONTRAST")
_ONLY_AFTER_TOKENS = 4  # words between a statement's last level and its "only"
# words that say a statement of levels tells what was done
_DONE_WORDS = frozenset({"performed", "done", "today", "injected", "blocked", "treated"})


@dataclass
class LevelItem:
    """One level expression: joints (upper vertebra ordinals) or vertebrae (nerve levels)."""

    kind: str  # "joints" | "vertebrae"
    ordinals: list[int]
    mentions: list[Mention]
    sides: tuple[str, ...] = ()
    side_mentions: list[Mention] = field(default_factory=list)
    nerves: bool = False  # vertebrae naming medial branch nerves (or the third occipital nerve)
    nerve_words: bool = False  # its sentence names the nerves ("medial branches", "TON")
    side_carried: bool = False  # its side comes from an earlier paragraph or section

    @property
    def stated(self) -> bool:
        """Written as a joint, or as nerves named as such; not a range read by context."""
        return (self.kind == "joints" and not self.nerves) or self.nerve_words

    @property
    def start(self) -> int:
        return self.mentions[0].start

    @property
    def end(self) -> int:
        return self.mentions[-1].end


def parse_level(text: str) -> tuple[str, list[int]] | None:
    """Read one level expression as ("joints", [upper]) or ("vertebrae", [ordinals])."""
    parsed = _parsed_level(text)  # a note writes the same few levels again and again
    return None if parsed is None else (parsed[0], list(parsed[1]))


@lru_cache(maxsize=4096)
def _parsed_level(text: str) -> tuple[str, tuple[int, ...]] | None:
    parsed = _parse_level(text)
    return None if parsed is None else (parsed[0], tuple(parsed[1]))


def _parse_level(text: str) -> tuple[str, list[int]] | None:
    text = text.strip()
    if _LUMBOSACRAL.match(text):
        return "joints", [_L5]
    chain = _CHAIN.match(text) or _VOICE.match(text)
    if chain:
        joints = _chain_joints(chain)
        head = _DASHED_AFTER.match(text) if joints is None else None
        # "C5-6 - 1 mL ...": a level, then a spaced dash before what was given there
        return _parse_level(head.group(1)) if head else joints
    spaced = _SPACED_PAIR.match(text)
    if spaced:
        top = ordinal(spaced.group(1), int(spaced.group(2)))
        adjacent = int(spaced.group(3)) == int(spaced.group(2)) + 1
        return ("joints", [top]) if top is not None and adjacent else None
    pair = _PAIR.match(text) or _PAIR_WORDS.match(text)
    if pair:
        letter, first = pair.group(1), int(pair.group(2))
        second_letter = (pair.group(3) if pair.re is _PAIR else None) or letter
        second = int(pair.group(4) if pair.re is _PAIR else pair.group(3))
        top, bottom = ordinal(letter, first), nerve_ordinal(second_letter, second)
        if top is None or bottom is None or bottom <= top:
            return None
        if bottom == top + 1:
            return "joints", [top]
        return "vertebrae", list(range(top, bottom + 1))
    single = _VERTEBRA.match(text)
    if single and (nerve := nerve_ordinal(single.group(1), int(single.group(2)))) is not None:
        return "vertebrae", [nerve]
    voiced = _VOICE_SINGLE.match(text)
    if voiced:
        letter = _VOICE_LETTERS[voiced.group(1).lower()]
        at = ordinal(letter, int(voiced.group(2)))
        return ("vertebrae", [at]) if at is not None else None
    compact = _COMPACT.match(text)
    if compact:
        top = ordinal(compact.group(1), int(compact.group(2)))
        if top is not None and int(compact.group(3)) == int(compact.group(2)) + 1:
            return "joints", [top]
    return None


def _chain_joints(match: re.Match[str]) -> tuple[str, list[int]] | None:
    """ "C5-6-7" -> joints C5-C6 and C6-C7; "see 5 6" -> C5-C6. Only adjacent numbers."""
    if match.re is _VOICE:
        letter, numbers = _VOICE_LETTERS[match.group(1).lower()], [match.group(2), match.group(3)]
    else:
        letter, numbers = match.group(1), [match.group(2), *re.findall(r"\d{1,2}", match.group(3))]
    values = [int(n) for n in numbers]
    if any(b != a + 1 for a, b in itertools.pairwise(values)):
        return None
    tops = [ordinal(letter, n) for n in values[:-1]]
    if None in tops or ordinal(letter, values[-1]) is None:
        return None
    return "joints", [t for t in tops if t is not None]


def nerves_to_joints(ordinals: list[int]) -> list[int]:
    """Contiguous medial branch nerves -> joints (contract rule; one fewer joint than nerves)."""
    joints = []
    nerves = sorted(set(ordinals))
    run_start = nerves[0] if nerves else 0
    for nerve, following in itertools.pairwise(nerves):
        if following != nerve + 1:
            run_start = following
            continue
        # A run that starts in the neck is read by the cervical rule to its end: "C7 and
        # T1 medial branches" block C7-T1 (the T1 target of a cervical run is the C8
        # nerve's, on the T1 transverse process), not T1-T2.
        cervical = _NAMES[run_start].startswith("C")
        upper = nerve if cervical else following
        if upper + 1 < len(_NAMES):
            joints.append(upper)
    return joints


def _joint_vertebrae(name: str) -> tuple[int, int]:
    """The two vertebrae of a joint named "C5-C6"."""
    upper = _NAMES.index(name.split("-")[0])
    return upper, upper + 1


def vertebral_range_to_joints(ordinals: list[int]) -> list[int]:
    return ordinals[:-1]


class LevelExtractor:
    def __init__(self, mentions: NoteMentions, nerve_context: bool, scope: str = "levels") -> None:
        self.mentions = mentions
        self.nerve_context = nerve_context
        # the sections read: today's procedure, or (`SUMMARY_SCOPE`) a summary of it
        self.scope = scope
        self.carried_side: tuple[str, ...] = ()
        self.carried_side_mentions: list[Mention] = []
        self.range_starts = [m.start for m in mentions.of("RANGE")]
        self.table_rows: dict[tuple[int, int], bool] = {}  # line bounds -> a table row?
        self.warnings: list[ReadingWarning] = []
        self.evidence_seen: dict[int, set[tuple[int, int]]] = {}
        self.headings = self._heading_sentences()
        # trigger points "at the C5-6 level" the same day name no facet level
        self.other_stretches = named_other_stretches(mentions)
        # sides the description (not a title or heading) gives levels, with its own side word
        self.described_sides: set[str] = set()
        # Another procedure of the same session ("trigger points ... at the C5-6 level")
        self.other_procedures = named_other_stretches(mentions)
        self.carried: set[int] = set()  # facts whose only side is carried from afar
        self._semicolons: dict[int, list[int]] = {}  # by sentence start
        self._levels_of_sentence: dict[int, tuple[list[Mention], list[int]]] = {}
        self._sides_of_sentence: dict[int, tuple[list[Mention], list[int], list[int]]] = {}
        self._joints_of_sentence: dict[int, set[str]] = {}
        # where an addendum that re-states the levels starts (its word is the last one)
        self.correcting_addendum: int | None = None
        self._named_nerves: bool | None = None  # see `_nerves_named_by_vertebra`
        # where a joint's nerves are named as blocked, by (joint, side): a joint whose own
        # injection was given up can still be treated by blocking its nerves afterwards
        self.blocked_nerves_at: dict[tuple[str, str], list[int]] = {}
        # where the note last says a joint was not injected, by joint
        self.not_injected_at: dict[str, int] = {}
        self.grid_sentences: set[int] = set()  # sentences read as rows of a side grid

    def extract(self) -> tuple[list[LevelFact], list[LevelFact]]:
        """(levels with a side, levels whose side the note does not give)."""
        explicit: dict[tuple[str, str], LevelFact] = {}
        derived: dict[tuple[str, str], LevelFact] = {}
        grid_rows, in_grids = find_side_grids(self.mentions, LEVEL_LABELS)
        level_rows, in_level_grids = find_level_column_grids(self.mentions, LEVEL_LABELS)
        grid_rows, in_grids = grid_rows + level_rows, in_grids | in_level_grids
        self.grid_sentences = in_grids
        single_nerves: dict[tuple[str, ...], LevelItem] = {}
        for row in grid_rows:
            names_nerves = self.nerve_context or bool(
                self.mentions.in_sentence(row.sentence, "NERVE")
            )
            # a grid's side column is written for each row ticked under it
            self.described_sides.update(s for s in row.sides if s in _OTHER)
            for item in self._grid_row_items(row):
                item.sides, item.side_mentions = row.sides, row.side_mentions
                if item.kind == "vertebrae" and names_nerves:
                    item.nerves = item.nerve_words = True
                if _is_single_nerve(item):
                    # One nerve per row ("T5 MB  [x]  [x]"): each side's ticked rows form
                    # that side's run of nerves.
                    for side in item.sides:
                        _pool(single_nerves, replace(item, sides=(side,)))
                elif item.sides:
                    self._record(item, explicit if item.stated else derived)
        sentences = sorted({m.sent for m in self.mentions.of(*LEVEL_LABELS, "SIDE", "NERVE")})
        if self.scope == SUMMARY_SCOPE:
            sentences = [sent for sent in sentences if self._states_a_procedure_done(sent)]
        # A time-out confirms the levels planned ("time-out confirming bilateral C5-6 and
        # C6-7"), not the ones injected: they count only for a side nothing else describes.
        # A correcting addendum states what was done, even one that points back to the
        # time-out ("performed on the LEFT (left TON, left C3, C4 and C5 medial branches), as
        # in the time-out").
        addendum = self._correcting_addendum_start()
        timeouts = {
            m.sent
            for m in self.mentions.of("WORKFLOW")
            if m.value == "timeout" and (addendum is None or m.start_char < addendum)
        }
        nerve_runs: list[LevelItem] = []  # runs of two or more nerves, as written
        described: LevelItem | None = None  # the last level described with its side
        restricting: list[LevelItem] = []  # the levels of statements that end in "only"
        own_sides = {s for row in grid_rows for s in row.sides}  # sides named one by one
        for sent in sentences:
            if sent in in_grids:
                continue
            items = self._sentence_items(sent)
            describes = sent not in self.headings and sent not in timeouts
            if describes and described is not None:
                self._repeat_what_was_described(sent, items, described)
            if describes:
                described = next(
                    (i for i in reversed(items) if len(i.sides) == 1 and not i.side_carried),
                    described,
                )
            if self._ends_in_only(sent, items):
                restricting += [item for item in items if item.sides]
            else:
                own_sides.update(
                    m.value for item in items for m in item.side_mentions if m.value in _OTHER
                )
            for item in items:
                if _is_single_nerve(item):
                    # a bilateral row joins each side's run ("C5 MB | Bilateral", "C6 MB | R")
                    for one_side in item.sides or (None,):
                        _pool(single_nerves, replace(item, sides=(one_side,) if one_side else ()))
                else:
                    stated = item.stated and sent not in timeouts
                    self._record(item, explicit if stated else derived)
                    if stated:
                        self._note_blocked_nerves(item)
                    if stated and item.kind == "vertebrae" and item.nerves:
                        nerve_runs.append(item)
        # One nerve per line or paragraph ("C3 MB | Right | 0.3 mL", "Right C4 medial
        # branch: ..."): the nerves named on a side form that side's run.
        for run in single_nerves.values():
            self._join_a_lone_nerve_to_its_run(run, nerve_runs)
            self._record(run, explicit)
        # Joints written as joints or as named nerves outrank joints read from a vertebral
        # range or from the procedure alone ("targets identified from T5 to T8", "axial CT
        # images through C4-C7"): those count only for a side with nothing stated.
        sides_named = {side for _, side in explicit}
        found = dict(explicit)
        for key, fact in derived.items():
            if key[1] not in sides_named:
                found.setdefault(key, fact)
        self._copy_to_other_side(found)
        self._correct_sides(found)
        written = dict(found)  # before the note's own negations take levels back
        for name, sides in self._not_injected().items():
            for side in sides:
                if not self._blocked_by_its_nerves_after(name, side):
                    found.pop((name, side), None)
        self._drop_positions_before_anything_was_injected(found)
        for side in self._sides_not_done():
            for key in [key for key in found if key[1] == side]:
                del found[key]
        self._keep_only_what_is_named_only(found, restricting, own_sides)
        self._replace_by_a_correcting_addendum(found, written)
        self._drop_sides_only_in_headings(found)
        self._mark_unticked_conflicts(found)
        self._drop_a_region_not_done(found)
        _drop_separate_lumbar_work(found, self._described_sentence)
        self._move_to_the_side_an_addendum_corrects(found)
        self._doubt_a_side_an_addendum_corrects_away(found)
        self._doubt_sides_a_correction_contradicts(found)
        self._doubt_sides_a_side_field_contradicts(found)
        self._doubt_levels_only_in_headings(found)
        self._unside_levels_with_a_blank_side(found)
        for key, fact in list(found.items()):
            if id(fact) in self.carried and fact.uncertain:
                self._warn(fact.uncertain, fact.evidence[:2])
                # a side carried from afar is a guess, not a side the note gives: the level
                # is reported as one without a side (the warning says what to confirm)
                del found[key]
                found.setdefault((key[0], UNSIDED), fact)
        self._side_by_the_pain(found)
        sided = {key: fact for key, fact in found.items() if key[1] != UNSIDED}
        unsided = {
            name: fact
            for (name, side), fact in found.items()
            if side == UNSIDED and not any(key[0] == name for key in sided)
        }
        return list(sided.values()), list(unsided.values())

    def _ends_in_only(self, sent: int, items: list[LevelItem]) -> bool:
        """A statement that today's levels on one side were these and no more: it names the
        side, says they were done, and closes its list with "only" ("Performed today: RIGHT
        C4, C5, C6 medial branches only"); not one about a drug or contrast (whose "only"
        says where that went, not what was done)."""
        if not items or any(len(item.sides) != 1 for item in items):
            return False
        in_sentence = self.mentions.in_sentence(sent)
        if not any(m.label == "SIDE" and m.value in _OTHER for m in in_sentence):
            return False  # its side is carried from elsewhere, or relative to the pain
        if any(m.label in _ONLY_ABOUT_ANOTHER_FACT for m in in_sentence):
            return False
        doc = self.mentions.doc
        sentence_end = self.mentions.reading.sentence_end(sent)
        if not any(token.lower_ in _DONE_WORDS for token in doc[sent:sentence_end]):
            return False  # a list quoted or described, not what was done
        end = max(item.end for item in items)
        for token in doc[end : min(end + _ONLY_AFTER_TOKENS, sentence_end)]:
            if token.lower_ == "only":
                return True
            if not token.is_alpha:
                return False
        return False

    def _keep_only_what_is_named_only(
        self,
        found: dict[tuple[str, str], LevelFact],
        restricting: list[LevelItem],
        own_sides: set[str],
    ) -> None:
        """A statement that today's levels on a side were these "only" (see `_ends_in_only`)
        overrides a template's default list left in the note ("Bilateral C3, C4, C5 and C6
        medial branch blocks" over the typed "Performed today: RIGHT C4, C5, C6 medial
        branches only"): on its side, a level it does not name was not done; a side only a
        both-sides word gives ("bilateral") was not done either. A side the note names on
        its own elsewhere keeps its levels."""
        named = {
            (name, side)
            for item in restricting
            for name in self._joints(item)
            for side in item.sides
        }
        if not named:
            return
        restricted = {side for _, side in named}
        for key in list(found):
            if key in named:
                continue
            if key[1] in restricted or (key[1] in _OTHER and key[1] not in own_sides):
                del found[key]

    @staticmethod
    def _join_a_lone_nerve_to_its_run(run: LevelItem, nerve_runs: list[LevelItem]) -> None:
        """One nerve named on its own ("and at the left C7 medial branch target", "(T5
        medial branch) ... repeated for the T6, T7 and T8 medial branches") next to a run of
        nerves written on the same side: the nerve continues that run, so the joint between
        them is treated (a lone nerve supplies no whole joint of its own)."""
        if len(run.sides) != 1 or len(set(run.ordinals)) != 1:
            return
        if not {m.sent for m in run.side_mentions} & {m.sent for m in run.mentions}:
            return  # its side is carried from another sentence (or left blank): no run
        lone = run.ordinals[0]
        for other in nerve_runs:
            if other.sides != run.sides or lone in other.ordinals:
                continue
            if lone + 1 == min(other.ordinals) or lone - 1 == max(other.ordinals):
                run.ordinals += other.ordinals
                run.mentions += other.mentions
                return

    def _repeat_what_was_described(
        self, sent: int, items: list[LevelItem], described: LevelItem
    ) -> None:
        """Levels named after a word that repeats the work just described ("Likewise at
        C5-6 and C6-7", "The same was repeated at the right C4, C5 and C6 medial branches",
        "The identical procedure was carried out at C5-6") are done as that level was: on
        its side, when the sentence names no side and the side read for them agrees, and,
        after a nerve, as nerves continuing its run (the nerve described in full and the
        nerves repeated after it are one run)."""
        if not items:
            return
        first = items[0].start
        if not any(
            (m.label == "REPEATED" or m.value == "same") and m.end <= first
            for m in self.mentions.in_sentence(sent, "REPEATED", "OTHER_SIDE")
        ):
            return
        own_side = bool(self.mentions.in_sentence(sent, "SIDE"))
        # a bony landmark beside vertebrae and no nerve named ("likewise at T7 and T8
        # (needles to the T8 and T9 transverse processes)"): which are nerves is unclear
        unclear = not self.mentions.in_sentence(sent, "NERVE") and bool(
            self.mentions.in_sentence(sent, "LANDMARK")
        )
        for item in items:
            if item.sides != described.sides:
                continue
            if not own_side and item.side_carried:
                item.side_mentions = list(described.side_mentions)
                item.side_carried = False
            if item.kind != "vertebrae" or unclear or not self._a_nerve_by_name(described):
                continue
            item.nerves = item.nerve_words = True
            if min(item.ordinals) == max(described.ordinals) + 1:
                item.ordinals = sorted(set(described.ordinals)) + item.ordinals
                item.mentions = described.mentions + item.mentions

    def _a_nerve_by_name(self, item: LevelItem) -> bool:
        """Vertebrae that name medial branch nerves: named so, or a cervical pillar (a
        cervical medial branch lies on its own pillar; a thoracic transverse process carries
        the nerve of the vertebra above)."""
        if item.kind != "vertebrae" or not item.nerves:
            return False
        if item.nerve_words:
            return True
        if {_NAMES[o][0] for o in item.ordinals} != {"C"}:
            return False
        landmarks = self.mentions.in_sentence(item.mentions[0].sent, "LANDMARK")
        return bool(landmarks) and all(
            any(word in m.text.lower() for word in _OWN_NERVE_LANDMARKS) for m in landmarks
        )

    def _states_a_procedure_done(self, sent: int) -> bool:
        """A summary sentence that names the procedure as done ("IMPRESSION: Successful right
        C4-5, C5-6 and C6-7 medial branch blocks"), not a diagnosis or a plan."""
        return any(m.is_today(self.scope) for m in self.mentions.in_sentence(sent, "PROCEDURE"))

    def _warn(self, message: str, evidence: list[Evidence]) -> None:
        self.warnings.append(ReadingWarning(subject="levels", message=message, evidence=evidence))

    def _doubt(self, fact: LevelFact, why: str, evidence: list[Evidence]) -> None:
        """The level stays listed, but no code rests on it until what `why` says is confirmed."""
        fact.uncertain = why
        self._warn(why, evidence)

    def _heading_sentences(self) -> set[int]:
        """Sentences of the note's title line, of the line (or list) after a procedure
        heading ("PROCEDURE: Bilateral C4-5 ...") and of a time-out's confirmation: what the
        note says it did or planned, not how."""
        reading = self.mentions.reading
        text = reading.pipeline_text
        starts: list[int] = []
        first = len(text) - len(text.lstrip())
        starts.append(first)
        names = heading_names()
        sentence_chars: list[int] | None = None
        for section in reading.sections:
            header = _normalised_header(text[section.start : section.header_end])
            if section.category == "procedure" and header in names:
                content = section.header_end  # past the blank space (no copy of the rest)
                while content < len(text) and text[content].isspace():
                    content += 1
                starts.append(content)
                if section.form == "block":
                    # a heading over a list ("PROCEDURE PERFORMED:" / "1. LEFT C3-4 ..." /
                    # "2. Fluoroscopic guidance"): the list up to the blank line
                    blank = _BLANK_LINE.search(text, content, section.end)
                    block_end = blank.start() if blank else section.end
                    if sentence_chars is None:  # sentence starts by character, once
                        sentence_chars = [reading.token(s).idx for s in reading.sentence_starts()]
                    first = bisect_right(sentence_chars, content)
                    starts.extend(sentence_chars[first : bisect_left(sentence_chars, block_end)])
        # "Title: Bilateral C5-C6 ...", "Procedure listed: ..." lines that no section opened
        starts += [
            match.start()
            for match in _LABELLED_LINE.finditer(text)
            if _normalised_header(match.group(1)) in names
        ]
        # each such line's first sentence and the sentences after it on that line that name
        # levels or sides ("Procedure: ... left C4, C5, C6; right C5, C6"); the description
        # starts at the first sentence that does not ("Procedure: Prone on the table. We
        # started on the left ...")
        # a time-out's confirmation ("time-out confirming bilateral C5-6 and C6-7 levels")
        # states the plan being checked, like a heading
        found: set[int] = {m.sent for m in self.mentions.of("WORKFLOW") if m.value == "timeout"}
        for char in starts:
            if char >= len(text):
                continue
            sent = reading.sentence_of_char(char)
            found.add(sent)
            line_end = reading.line_bounds(char)[1]
            following = sent
            while self.mentions.in_sentence(following, *_DESCRIBING, "SIDE") or _enumerator(
                reading, following
            ):
                found.add(following)
                following = reading.sentence_end(following)
                if following >= len(reading) or reading.token(following).idx >= line_end:
                    break
        return found

    def _drop_a_region_not_done(self, found: dict[tuple[str, str], LevelFact]) -> None:
        """Levels of a region the note says was not treated today ("No cervical procedure
        was performed today"): a line copied from an earlier visit's template names them, so
        they drop out, and the change is flagged."""
        denied = {m.group(1).lower() for m in _REGION_NOT_DONE.finditer(self.mentions.doc_text)}
        if not denied:
            return
        for key, fact in list(found.items()):
            if not region_of_joint(key[0]) & denied:
                continue
            del found[key]
            self._warn(
                f"{key[0]} is named, but the note says no {' or '.join(sorted(denied))} "
                f"procedure was performed today: confirm the levels treated.",
                fact.evidence[:1],
            )

    def _drop_sides_only_in_headings(self, found: dict[tuple[str, str], LevelFact]) -> None:
        """A title or heading says "bilateral" but the description injects one side: the
        description wins, and the disagreement is worth a look. Levels a correcting
        addendum re-stated are not a heading's: the addendum has the last word."""
        headings = self.headings
        described = set(self.described_sides)
        for mention in self.mentions.of("SIDE", "OTHER_SIDE"):
            if mention.sent in headings or not mention.is_today(self.scope):
                continue
            if not self.mentions.in_sentence(mention.sent, *_DESCRIBING):
                continue  # "wedge under the right hip"
            described.update(_OTHER if mention.label == "OTHER_SIDE" else _SIDES_OF[mention.value])
        if not described or described >= set(_OTHER):
            return
        settled = self.correcting_addendum  # the levels an addendum re-stated are its word
        for key, fact in list(found.items()):
            if key[1] not in _OTHER or key[1] in described:
                continue
            if settled is not None and any(e.start >= settled for e in fact.evidence):
                continue
            del found[key]
            self._warn(
                f"The heading names {fact.level} on the {key[1]}, but the description "
                f"describes only the {' and '.join(sorted(described))} side: confirm whether "
                f"the {key[1]} {fact.level} was injected.",
                fact.evidence[:2],
            )

    def _mark_unticked_conflicts(self, found: dict[tuple[str, str], LevelFact]) -> None:
        """A level left unticked for a side in a checklist but named elsewhere as done."""
        for mention in self.mentions.of(*LEVEL_LABELS):
            if mention.context - {"UNSELECTED"} or "UNSELECTED" not in mention.context:
                continue
            sides = [
                s for s in self.mentions.in_sentence(mention.sent, "SIDE") if s.is_today(self.scope)
            ]
            named = {side for s in sides for side in _SIDES_OF.get(s.value, ())}
            for item in self._items([mention]):
                for name in self._joints(item):
                    for side in named:
                        fact = found.get((name, side))
                        if fact is None or fact.uncertain:
                            continue
                        self._doubt(
                            fact,
                            f"{name} on the {side} is unticked in the level checklist but "
                            "named elsewhere as injected: confirm it.",
                            [mention.evidence, *fact.evidence[:1]],
                        )

    def _copy_to_other_side(self, found: dict[tuple[str, str], LevelFact]) -> None:
        """ "The same procedure was carried out on the other side", "the same procedure was
        then carried out on the left side": the levels done so far, all on one side, are
        done on the other side too."""
        for mention in self.mentions.of("OTHER_SIDE"):
            if not mention.is_today(self.scope):
                continue
            levels = self.mentions.in_sentence(mention.sent, *LEVEL_LABELS)
            if any(level.start > mention.start for level in levels):
                continue  # "repeated on the left at C5-6" names its own levels
            # a run-on dictation describes the first side in the same sentence ("the right
            # C4-5 and C5-6 were injected then the left side was done in the same manner"):
            # the side named is the one after the levels described
            described = max((level.end for level in levels), default=mention.sent)
            # "carried out on the left side at the same three levels": the side it names;
            # a side in what it is compared with ("same technique as his right-sided blocks
            # in July", "identical technique to the right") is where it was done first
            source = self._compared_with(mention)
            sides_named = [
                s
                for s in self.mentions.in_sentence(mention.sent, "SIDE")
                if s.is_today(self.scope) and s.start >= described and s.start not in source
            ]
            named = {side for s in sides_named for side in _SIDES_OF.get(s.value, ())}
            if len(named) > 1:
                # "C4, C5, C6 and C7 on the right, and the same four on the left": the side
                # after the levels is the first side's, the one after "same" the other's
                named = {
                    side
                    for s in sides_named
                    if s.start > mention.start
                    for side in _SIDES_OF.get(s.value, ())
                }
            if len(named) > 1 or (mention.value == "same" and not named):
                continue  # "the same technique" with no side names no other side
            at = mention.start_char
            before = {
                key: fact
                for key, fact in found.items()
                if key[1] in _OTHER and fact.evidence and fact.evidence[0].start < at
            }
            sides = {side for _, side in before}
            if len(sides) != 1:
                continue
            other = _OTHER[sides.pop()]
            if named and named != {other}:
                continue
            for (name, _), fact in before.items():
                copy = found.setdefault((name, other), LevelFact(level=name, side=other))
                self._add_evidence(copy, [*fact.evidence[:1], mention.evidence])

    def _compared_with(self, mention: Mention) -> range:
        """The tokens naming what "the same technique" is compared with, just after its
        "as" or "to" ("same technique as his 07/2025 right-sided blocks"): none without."""
        doc = self.mentions.doc
        if mention.end >= len(doc) or doc[mention.end].lower_ not in _COMPARED_WITH:
            return range(0)
        return range(mention.end, min(mention.end + 1 + _COMPARISON_TOKENS, len(doc)))

    def _correct_sides(self, found: dict[tuple[str, str], LevelFact]) -> None:
        """A side correction ("Side corrected. The procedure was performed on the LEFT, not
        the right"): the correction wins over what was written before it, so the levels
        named earlier on the wrong side move to the right one, and the change is flagged."""
        for wrong in self.mentions.of("SIDE"):
            if "NEGATED" not in wrong.context or wrong.value not in _OTHER:
                continue
            before = self.mentions.between(max(wrong.start - 3, wrong.sent), wrong.start).split()
            if not {"not", "instead", "rather"} & set(before):
                continue
            stated = [
                m
                for m in self._sides_ending_near(wrong.sent, wrong.start, _CORRECTION_REACH)
                if m.end <= wrong.start
                and wrong.start - m.end <= _CORRECTION_REACH
                and m.value == _OTHER[wrong.value]
                and not m.context & _NOT_DONE
            ]
            if not stated:
                continue
            at = self.mentions.reading.token(wrong.sent).idx
            for (name, side), fact in list(found.items()):
                if side != wrong.value or any(e.start >= at for e in fact.evidence):
                    continue
                del found[(name, side)]
                corrected = _OTHER[wrong.value]  # the side `stated` names
                moved = found.setdefault((name, corrected), LevelFact(level=name, side=corrected))
                self._add_evidence(moved, [*fact.evidence[:1], stated[-1].evidence])
                self._warn(
                    f"{name} was first written on the {side}; a later correction puts it on the "
                    f"{stated[-1].value}: the correction is used, confirm it.",
                    [fact.evidence[0], stated[-1].evidence],
                )

    def _replace_by_a_correcting_addendum(
        self,
        found: dict[tuple[str, str], LevelFact],
        written: dict[tuple[str, str], LevelFact],
    ) -> None:
        """An addendum that corrects the note and re-states the treated levels in full ("the
        level labels above are incorrect by one segment ... the joints treated were LEFT C4-5,
        C5-6 and C6-7"; "Transcription error ... should read left: LEFT C3, C4, C5, C6 medial
        branch blocks") replaces the levels written before it: its levels are used, the
        others drop out, and the change is flagged. An addendum naming fewer levels than the
        note named (taken-back levels included) corrects only those it names (its "not C5-6"
        does that), and one that adds a level ("also injected") adds it."""
        start = self._correcting_addendum_start()
        if start is None:
            return
        restating = {
            m.start_char
            for m in self.mentions.of(*LEVEL_LABELS, "NERVE")
            if m.start_char >= start and m.is_today(self.scope)
        }
        restated = {
            key
            for key, fact in found.items()
            if key[1] != UNSIDED and any(e.start in restating for e in fact.evidence)
        }
        # the levels the note named before the addendum, those it took back included
        before = {
            key
            for key, fact in written.items()
            if key[1] != UNSIDED and any(e.start < start for e in fact.evidence)
        }
        if not restated:
            return
        if len(restated) < len(before) and not self._moves_every_level_to_a_side(
            restated, before, written, start
        ):
            return  # a partial correction: its negations say what it takes back
        earlier = {
            key: fact
            for key, fact in found.items()
            if key not in restated and all(e.start < start for e in fact.evidence)
        }
        self.correcting_addendum = start
        in_order = sorted(restated, key=_side_first)  # a set's order changes from run to run
        now = ", ".join(f"{side} {name}" for name, side in in_order)
        for key, fact in earlier.items():
            del found[key]
            self._warn(
                f"{key[0]} on the {key[1]} is written before an addendum that corrects the "
                f"levels to {now}: the addendum is used, confirm it.",
                fact.evidence[:1] + found[in_order[0]].evidence[:1],
            )

    @functools.cached_property
    def _addendum_start(self) -> int | None:
        """Where an addendum below the note opens (its first line starts with the word), if
        there is one: searched once a note, for the checks that read it."""
        text = self.mentions.doc_text
        opening = next(
            (m for m in _ADDENDUM_LINE.finditer(text) if text[: m.start()].strip()), None
        )
        return None if opening is None else opening.start()

    def _correcting_addendum_start(self) -> int | None:
        """Where an addendum below the note that corrects it (not one that adds a level)
        starts, if there is one."""
        start = self._addendum_start
        if start is None:
            return None
        addendum = self.mentions.doc_text[start:]
        if not _ADDENDUM_CORRECTS.search(addendum) or _ADDENDUM_ADDS.search(addendum):
            return None
        return start

    def _moves_every_level_to_a_side(
        self,
        restated: set[tuple[str, str]],
        before: set[tuple[str, str]],
        written: dict[tuple[str, str], LevelFact],
        start: int,
    ) -> bool:
        """A correcting addendum that re-states every level the note named, on fewer sides
        than the note read them ("the procedure line above says 'Right'. This is a scribe
        error: all blocks were performed on the LEFT (left TON, left C3, C4 and C5 medial
        branches)" below a drafted "Right" line and a time-out that said left): a side
        correction, so it replaces the levels on the side it leaves out. One that names a
        level on that side itself (even one it takes back) corrects only what it names."""
        sides_now = {side for _, side in restated}
        sides_before = {side for _, side in before}
        if not {name for name, _ in before} <= {name for name, _ in restated}:
            return False
        if not sides_now < sides_before:
            return False
        named_here = any(
            m.start_char >= start and not m.negated and m.value in sides_now
            for m in self.mentions.of("SIDE")
        )
        leaves_out = any(
            key[1] not in sides_now and any(e.start >= start for e in fact.evidence)
            for key, fact in written.items()
            if key[1] != UNSIDED
        )
        return named_here and not leaves_out

    def _doubt_a_side_an_addendum_corrects_away(
        self, found: dict[tuple[str, str], LevelFact]
    ) -> None:
        """A correcting addendum that says the side written above was wrong ("The procedure
        line above says 'Right'. This is a scribe error: the blocks were performed on the
        LEFT.") but does not re-state the levels, below a note that reads levels on both
        sides (the drafted line on one, the time-out on the other): the side it corrects away
        loses its certainty, so no code rests on it until someone confirms it. The addendum
        must name that side apart from any level (quoted, or taken back), and a correction
        word must come before the side it names in its sentence; a level it names on the
        side corrected away stays."""
        start = self._correcting_addendum_start()
        if start is None or self.correcting_addendum is not None:
            return
        sides_read = {side for _, side in found if side != UNSIDED}
        in_addendum = [m for m in self.mentions.of("SIDE") if m.start_char >= start]
        levels_at = {m.sent for m in self.mentions.of(*LEVEL_LABELS, "NERVE")}
        doc = self.mentions.doc
        for mention in in_addendum:
            if mention.negated or mention.value not in _OTHER:
                continue
            if not any(
                t.lower_ in _CORRECTION_WORDS and t.lower_ != "addendum"
                for t in doc[mention.sent : mention.start]
            ):
                continue  # "This is a scribe error: ... performed on the LEFT"
            away = _OTHER[mention.value]
            if away not in sides_read or mention.value not in sides_read:
                continue  # the other check doubts a side no level was read on
            if not any(
                m.value == away and (m.negated or m.sent not in levels_at) for m in in_addendum
            ):
                continue
            for (name, side), fact in found.items():
                if side != away or fact.uncertain or any(e.start >= start for e in fact.evidence):
                    continue
                self._doubt(
                    fact,
                    f"{name} is read on the {side}, but an addendum corrects the side to the "
                    f"{mention.value}: confirm which side was treated.",
                    [*fact.evidence[:1], mention.evidence],
                )

    def _move_to_the_side_an_addendum_corrects(
        self, found: dict[tuple[str, str], LevelFact]
    ) -> None:
        """An addendum that corrects the side alone and says the levels stand ("correction of
        a clerical error: the procedure was performed on the LEFT side ... levels unchanged"):
        every level moves to the side it names, and the change is flagged. Without the
        levels said to stand, such a correction only puts the side in doubt (below)."""
        if self.correcting_addendum is not None:
            return  # an addendum that re-states the levels was used
        start = self._addendum_start
        if start is None:
            return
        addendum = self.mentions.doc_text[start:]
        if not _ADDENDUM_CORRECTS.search(addendum) or not _LEVELS_UNCHANGED.search(addendum):
            return
        today = [m for m in self.mentions.of("SIDE") if m.start_char >= start]
        today = [m for m in today if m.is_today(self.scope) and "NEGATED" not in m.context]
        named = {side for m in today for side in _SIDES_OF.get(m.value, ())}
        if len(named) != 1 or any(m.start_char >= start for m in self.mentions.of(*LEVEL_LABELS)):
            return
        (side,) = named
        moving = [key for key in found if key[1] not in (side, UNSIDED)]
        if not moving:
            return
        self.correcting_addendum = start
        for key in moving:
            fact = found.pop(key)
            moved = found.setdefault((key[0], side), LevelFact(level=key[0], side=side))
            self._add_evidence(moved, [*fact.evidence[:1], today[0].evidence])
            self._warn(
                f"{key[0]} was first written on the {key[1]}; an addendum corrects the side to "
                f"the {side} and keeps the levels: the correction is used, confirm it.",
                [fact.evidence[0], today[0].evidence],
            )

    def _doubt_sides_a_correction_contradicts(
        self, found: dict[tuple[str, str], LevelFact]
    ) -> None:
        """A correction that names a side no level was read on, in words the side correction
        above does not read ("Transcription error. This procedure was performed on the LEFT
        side"): which side was treated is in doubt, so the levels read on the other side are
        kept out of the codes until someone confirms it."""
        sides_read = {side for _, side in found if side != UNSIDED}
        if not sides_read:
            return
        corrections: list[int] | None = None  # token positions of correction words, found once
        settled = self.correcting_addendum  # an addendum whose levels were used has the last word
        for mention in self.mentions.of("SIDE"):
            named = set(_SIDES_OF.get(mention.value, ()))
            # a negated side, or one that is no side of the procedure ("head rotated L")
            if not named - sides_read or mention.context & {"NEGATED", "GENERIC"}:
                continue
            if mention.section in _NOT_CORRECTING_SECTIONS:
                continue
            if settled is not None and mention.start_char >= settled:
                continue
            if self._side_said_wrong(mention):
                continue
            if corrections is None:
                corrections = [t.i for t in self.mentions.doc if t.lower_ in _CORRECTION_WORDS]
            first = bisect_left(corrections, max(mention.start - _CORRECTION_LOOKBACK, 0))
            end = self.mentions.reading.sentence_end(mention.sent)
            if first == len(corrections) or corrections[first] >= end:
                continue
            for (name, side), fact in found.items():
                if side in sides_read - named and not fact.uncertain:
                    self._doubt(
                        fact,
                        f"{name} is read on the {side}, but a correction names the "
                        f"{mention.value} side: confirm which side was treated.",
                        [*fact.evidence[:1], mention.evidence],
                    )

    def _side_said_wrong(self, side: Mention) -> bool:
        """A side written as the mistake a correction takes back ("the order was entered as
        LEFT in error", "mistakenly listed as left"): it names the side that was not treated."""
        doc = self.mentions.doc
        end = self.mentions.reading.sentence_end(side.sent)
        after = [t.lower_ for t in doc[side.end : min(side.end + _WRONG_SIDE_REACH + 1, end)]]
        for words in _WRONG_SIDE_AFTER:
            for at in range(len(after) - len(words) + 1):
                if tuple(after[at : at + len(words)]) == words:
                    return True
        before = doc[max(side.start - _WRONG_SIDE_REACH - 1, side.sent) : side.start]
        return any(t.lower_ in _WRONG_SIDE_BEFORE for t in before)

    def _doubt_sides_a_side_field_contradicts(
        self, found: dict[tuple[str, str], LevelFact]
    ) -> None:
        """A side field ("Laterality: [ ] Right [X] Left", "Side of procedure: Right") that
        names one side while levels are read on the other (a title, a template default or a
        pick-list left as it was): which side was treated is in doubt, so no level is coded
        until someone confirms it. A field naming both sides, or fields naming different
        sides (one per level record), decide nothing here."""
        # a correcting addendum that was used says the side itself; its words about the
        # side it corrects away ("the template defaulted to right") are no side field
        corrected_from = self.correcting_addendum
        fields = [
            m
            for m in self.mentions.of("SIDE")
            if m.is_today(self.scope)
            and (corrected_from is None or m.start_char < corrected_from)
            and not self.mentions.in_sentence(m.sent, *LEVEL_LABELS, "NERVE")
            and _SIDE_FIELD.match(self._line_of(m.start_char))
        ]
        named = {side for m in fields for side in _SIDES_OF.get(m.value, ())}
        if len(named) != 1:
            return
        (side_named,) = named
        other = [key for key in found if key[1] == _OTHER[side_named]]
        if not other:
            return
        for (name, side), fact in found.items():
            if side != UNSIDED and not fact.uncertain:
                self._doubt(
                    fact,
                    f"{name} is read on the {side}, but the side field names the {side_named} "
                    "side only: confirm which side was treated.",
                    [*fact.evidence[:1], fields[0].evidence],
                )

    def _unside_levels_with_a_blank_side(self, found: dict[tuple[str, str], LevelFact]) -> None:
        """A level written with its side left blank (a form's "side: __", an empty side cell
        in an injection table whose other rows give sides): whatever side another line
        suggests for it is a guess, so the level is listed without a side (no code counts
        it) and the blank is flagged."""
        blank = self._levels_with_a_blank_side()
        relative = self._levels_sided_only_relative_to_the_pain(found)
        for name, evidence in {**relative, **blank}.items():
            sided = [key for key in found if key[0] == name and key[1] != UNSIDED]
            if not sided:
                continue
            for key in sided:
                del found[key]
            fact = found.setdefault((name, UNSIDED), LevelFact(level=name, side="right"))
            self._add_evidence(fact, [evidence])
            self._warn(
                f"{name} is written with its side left blank: confirm which side was "
                "treated before it is coded."
                if name in blank
                else f"{name} is written with its side named only relative to the pain "
                "(ipsilateral, contralateral, the painful side): confirm which side was "
                "treated before it is coded.",
                [evidence],
            )

    def _side_by_the_pain(self, found: dict[tuple[str, str], LevelFact]) -> None:
        """A level written with no side but on a line that places it relative to the pain
        ("third occipital nerve block on the painful side", "IPSILATERAL to the pain: C4
        through C7") takes the side of the pain when the indication and history name pain
        on one side only (the contralateral level the other side). When they name both
        sides, or none, the level stays without a side for a person to confirm."""
        unsided = [key for key in found if key[1] == UNSIDED]
        if not unsided:
            return
        reading, text = self.mentions.reading, self.mentions.doc_text
        pain_side = self._side_of_the_pain()
        if pain_side is None:
            return
        for key in unsided:
            fact = found[key]
            relative = [
                _RELATIVE_SIDE.search(text, *reading.line_bounds(e.start)) for e in fact.evidence
            ]
            kinds = {m.group(0).lower().startswith("contra") for m in relative if m is not None}
            if len(kinds) != 1:
                continue  # no relative side, or both ipsilateral and contralateral
            side = _OTHER[pain_side] if kinds == {True} else pain_side
            if (key[0], side) in found:
                continue
            del found[key]
            fact.side = side
            found[(key[0], side)] = fact

    def _side_of_the_pain(self) -> Side | None:
        """The one side the indication and history name (for the pain they describe), or
        None when they name both sides, a bilateral pain or no side."""
        sides = {
            side
            for m in self.mentions.of("SIDE")
            if m.section in _PAIN_SECTIONS and not m.negated
            for side in _SIDES_OF.get(m.value, ("right", "left"))
        }
        return next(iter(sides)) if len(sides) == 1 else None

    def _levels_sided_only_relative_to_the_pain(
        self, found: dict[tuple[str, str], LevelFact]
    ) -> dict[str, Evidence]:
        """Levels every one of whose written mentions sits on a line that names its side
        only relative to the pain and names no side itself."""
        reading = self.mentions.reading
        level_starts = {m.start_char for m in self.mentions.of(*LEVEL_LABELS)}
        sided_lines: set[tuple[int, int]] | None = None
        relative: dict[str, Evidence] = {}
        for (name, side), fact in found.items():
            if side == UNSIDED:
                continue
            written = [e for e in fact.evidence if e.start in level_starts]
            if not written or not all(
                reading.line_matches(_RELATIVE_SIDE, e.start, _RELATIVE_SIDE_WORDS) for e in written
            ):
                continue
            if sided_lines is None:
                sided_lines = {
                    reading.line_bounds(m.start_char)
                    for m in self.mentions.of("SIDE")
                    if m.is_today(self.scope)
                }
            if not any(reading.line_bounds(e.start) in sided_lines for e in written):
                relative.setdefault(name, written[0])
        return relative

    def _levels_with_a_blank_side(self) -> dict[str, Evidence]:
        """Joints of today's text on a line whose side field or side cell is blank."""
        reading, text = self.mentions.reading, self.mentions.doc_text
        sided_lines = {
            reading.line_bounds(m.start_char)
            for m in self.mentions.of("SIDE")
            if m.is_today(self.scope)
        }
        blank: dict[str, Evidence] = {}
        for mention in self.mentions.of(*LEVEL_LABELS):
            if not mention.is_today(self.scope):
                continue
            bounds = reading.line_bounds(mention.start_char)
            if self._side_said_missing(mention, bounds[1]):
                for item in self._items([mention]):
                    if item.kind == "joints":
                        for name in self._joints(item):
                            blank.setdefault(name, mention.evidence)
                continue
            if bounds in sided_lines:
                continue
            line = text[bounds[0] : bounds[1]]
            if not (
                _BLANK_SIDE_FIELD.search(line) or self._blank_side_cell(bounds, line, sided_lines)
            ):
                continue
            for item in self._items([mention]):
                # a medial branch whose side is blank ("Level 4: {Right/Left:***} C7 medial
                # branch") leaves each joint it supplies without a side
                names = (
                    self._joints(item)
                    if item.kind == "joints"
                    else self._joints_of_a_nerve(item, mention.sent)
                )
                for name in names:
                    blank.setdefault(name, mention.evidence)
        return blank

    def _side_said_missing(self, level: Mention, line_end: int) -> bool:
        """The note says, after this level and before any other level or side, that the side
        was not captured: a side found elsewhere for it is a guess."""
        said = _SIDE_NOT_CAPTURED.search(self.mentions.doc_text, level.end_char, line_end)
        if said is None:
            return False
        return not any(
            level.end_char <= other.start_char < said.start()
            for other in self.mentions.of(*LEVEL_LABELS, "SIDE")
        )

    def _blank_side_cell(
        self, bounds: tuple[int, int], line: str, sided_lines: set[tuple[int, int]]
    ) -> bool:
        """A table row (two or more pipes) without a side, next to a row that has one; or a
        row of a table aligned with spaces whose cell under the side column, where the
        sided row next to it writes its side, is blank ("C6-7   C6 + C7          25G")."""
        if not _is_pipe_row(line):
            return self._blank_aligned_side_cell(bounds, line)
        reading = self.mentions.reading
        neighbours = []
        if bounds[0] > 0:
            neighbours.append(reading.line_bounds(bounds[0] - 1))
        if bounds[1] < len(self.mentions.doc_text):
            neighbours.append(reading.line_bounds(bounds[1] + 1))
        return any(
            near in sided_lines and _is_pipe_row(self.mentions.doc_text[near[0] : near[1]])
            for near in neighbours
        )

    def _blank_aligned_side_cell(self, bounds: tuple[int, int], line: str) -> bool:
        """Space-aligned rows: the row above (or below) has its side alone in a cell, and
        this row has only spaces at that cell's columns with more cells after them."""
        if len(_ALIGNED_GAP.findall(line)) < 2:
            return False
        reading, text = self.mentions.reading, self.mentions.doc_text
        for near_start in (bounds[0] - 1, bounds[1] + 1):
            if not 0 <= near_start < len(text):
                continue
            near = reading.line_bounds(near_start)
            near_line = text[near[0] : near[1]]
            if len(_ALIGNED_GAP.findall(near_line)) < 2:
                continue
            for side in self.mentions.of("SIDE"):
                if not (near[0] <= side.start_char < near[1] and side.is_today(self.scope)):
                    continue
                column = side.start_char - near[0]
                width = side.end_char - side.start_char
                cell = line[max(0, column - 1) : column + width + 1]
                if len(line) > column + width and not cell.strip():
                    return True
        return False

    def _doubt_levels_only_in_headings(self, found: dict[tuple[str, str], LevelFact]) -> None:
        """A level the heading lists on a side whose description names its other levels but
        not this one ("PROCEDURE: Right C4-5, C5-6 and C6-7 ..." / "needles into the right
        C4-5 and C5-6 facet joints"): the description wins, so the level is not counted, and
        the disagreement is a warning to confirm it. A description that names a level in
        passing ("vascular uptake at C5-6, the needle was repositioned") lists nothing."""
        level_sentences = {m.start_char: m.sent for m in self.mentions.of(*LEVEL_LABELS, "NERVE")}

        def described(fact: LevelFact, listing: bool = False) -> bool:
            """Named in the description; `listing`: in a sentence of it that lists levels
            (an incidental "vascular uptake at C5-6, needle repositioned" lists nothing, nor
            does a correction naming the one level it replaces)."""
            starts = [e.start for e in fact.evidence if e.start in level_sentences]
            return any(
                not self._in_a_title(level_sentences[start], start)
                and (not listing or self._lists_levels(level_sentences[start]))
                for start in starts
            )

        for side in _OTHER:
            on_side = {key[0]: fact for key, fact in found.items() if key[1] == side}
            told = sorted(name for name, fact in on_side.items() if described(fact))
            if not any(described(fact, listing=True) for fact in on_side.values()):
                continue
            named = self._vertebrae_described(on_side.values(), level_sentences)
            for name, fact in on_side.items():
                if name in told or fact.uncertain:
                    continue
                if set(_joint_vertebrae(name)) <= named:
                    # the description names both its vertebrae, perhaps as needle landmarks
                    # ("the L4 and L5 transverse processes"): in doubt, not left out
                    self._doubt(
                        fact,
                        f"{name} on the {side} is named in the heading, but the description "
                        f"names only {', '.join(told)} on that side: confirm {name} was "
                        "injected.",
                        fact.evidence[:2],
                    )
                    continue
                self._warn(
                    f"{name} on the {side} is named in the heading, but the description names "
                    f"only {', '.join(told)} on that side: the description is read, so "
                    f"{name} is not counted; confirm whether it was injected.",
                    fact.evidence[:2],
                )
                del found[(name, side)]

    def _vertebrae_described(
        self, facts: Iterable[LevelFact], level_sentences: dict[int, int]
    ) -> set[int]:
        """Every vertebra the description sentences of these levels name, as a joint, a
        nerve or a landmark, and those of a description sentence naming a nerve that joins no
        run of its own ("T12 MB at the junction of the L1 superior articular process")."""
        sentences = {
            level_sentences[e.start]
            for fact in facts
            for e in fact.evidence
            if e.start in level_sentences
            and not self._in_a_title(level_sentences[e.start], e.start)
        }
        sentences |= {
            nerve.sent
            for nerve in self.mentions.of("NERVE")
            if nerve.is_today(self.scope) and not self._in_a_title(nerve.sent, nerve.start_char)
        }
        named: set[int] = set()
        for sent in sentences:
            for mention in self.mentions.in_sentence(sent, *LEVEL_LABELS):
                parsed = parse_level(mention.text)
                if parsed is None:
                    continue
                kind, ordinals = parsed
                named.update(ordinals)
                if kind == "joints":
                    named.update(o + 1 for o in ordinals)
        return named

    def _lists_levels(self, sent: int) -> bool:
        """A sentence naming two or more levels as done: a correction naming the level it
        replaces ("the right C7-T1 joint was injected, not the right C6-7") lists one."""
        named = self.mentions.in_sentence(sent, *LEVEL_LABELS)
        return sum(not m.negated and not self._after_a_negated_side(m) for m in named) > 1

    def _described_sentence(self, char: int) -> int | None:
        """The sentence of the character, if it describes (is no title or heading line)."""
        sent = self.mentions.reading.sentence_of_char(char)
        return None if self._in_a_title(sent, char) else sent

    def _in_a_title(self, sent: int, char: int) -> bool:
        """A heading sentence on a labelled heading line ("PROCEDURE: Right C4-5 ...") or
        on a short line (a title, a list item under a heading); a long paragraph under a
        heading is its description."""
        if sent not in self.headings:
            return False
        line = self._line_of(char)
        label = _LABELLED_LINE.match(line)
        titled = label is not None and _normalised_header(label.group(1)) in heading_names()
        return titled or len(line) <= _TITLE_LINE_CHARS

    def _line_of(self, char: int) -> str:
        start, end = self.mentions.reading.line_bounds(char)
        return self.mentions.doc_text[start:end]

    def _not_injected(self) -> dict[str, tuple[str, ...]]:
        """Levels today's text says were not injected ("The C6-7 joint was not injected"),
        on the side named in that sentence, else on both sides."""
        dropped: dict[str, tuple[str, ...]] = {}
        negated = [
            m
            for m in self.mentions.of(*LEVEL_LABELS)
            if (
                "NEGATED" in m.context
                or self._after_a_negated_side(m)
                or self._answered_no(m)
                or self._under_a_not_done_label(m)
            )
            and m.is_today(
                self.scope, ignore=_NOT_DONE | _FINDING if "NEGATED" in m.context else _NOT_DONE
            )
        ]
        named_in: dict[int, tuple[str, ...]] = {}  # by sentence: the sides it names, once
        for mention in negated:
            named = named_in.get(mention.sent)
            if named is None:
                sides = [
                    s
                    for s in self.mentions.in_sentence(mention.sent, "SIDE")
                    if s.is_today(self.scope, ignore=_NOT_DONE)
                ]
                named = tuple(
                    dict.fromkeys(side for s in sides for side in _SIDES_OF.get(s.value, ()))
                )
                named_in[mention.sent] = named or self._side_before_a_semicolon(mention.sent)
                named = named_in[mention.sent]
            # a sentence of one side, or of none, that names its nerve twice ("No safe
            # target for the C5 MB - C5 not injected") is about that one nerve; a grid row
            # naming it once per side column is two entries
            one_sided = len(named) <= 1 and mention.sent not in self.grid_sentences
            for item in self._items([mention]):
                for name in self._joints(item) or self._joints_of_a_nerve(
                    item, mention.sent, one_sided_entry=one_sided
                ):
                    sides_dropped = named or ("right", "left", UNSIDED)
                    dropped[name] = tuple(dict.fromkeys(dropped.get(name, ()) + sides_dropped))
                    self._not_injected_by(name, mention.start_char, _names_nerves(item))
        for name, sides_dropped in self._entries_not_injected().items():
            dropped[name] = tuple(dict.fromkeys(dropped.get(name, ()) + sides_dropped))
        return dropped

    def _side_before_a_semicolon(self, sent: int) -> tuple[str, ...]:
        """The one side of the clause a semicolon closes, for a clause after it that names
        none ("Left C3-4, C4-5; C5-6 not injected", "left C3-4, C4-5 (two; C5-6
        abandoned)"): the statement goes on about that side. Nothing when that clause names
        no side or both."""
        doc = self.mentions.doc
        if sent == 0 or doc[sent - 1].text != ";":
            return ()
        sides = [
            s
            for s in self.mentions.in_sentence(doc[sent - 1].sent.start, "SIDE")
            if s.is_today(self.scope, ignore=_NOT_DONE)
        ]
        named = tuple(dict.fromkeys(side for s in sides for side in _SIDES_OF.get(s.value, ())))
        return named if len(named) == 1 else ()

    def _entries_not_injected(self) -> dict[str, tuple[str, ...]]:
        """Levels whose own entry says, in a sentence naming no level, that they were not
        injected ("R C3-4: needle placed; venous uptake. NOT INJECTED.", "Attempted R C7-T1:
        joint obscured ...\nNOT injected.", "- L C5-6: could not enter the joint; NOTHING
        injected at this level"), on the sides its label names, else on both sides. An
        entry that names a drug, or a volume after the statement, describes an injection:
        its statement is about something else."""
        statements = [
            m
            for m in self.mentions.of("NOT_INJECTED")
            if m.is_today(self.scope, ignore=_ENTRY_CONTEXTS)
        ]
        if not statements:
            return {}
        heads = self._entry_heads()
        starts = [head[0] for head in heads]
        levels = self.mentions.of(*LEVEL_LABELS)
        level_starts = [m.start_char for m in levels]
        drugs = [m.start_char for m in self.mentions.of("DRUG")]
        volumes = [m.start_char for m in self.mentions.of("VOLUME")]
        dropped: dict[str, tuple[str, ...]] = {}
        for statement in statements:
            index = bisect_right(starts, statement.start_char) - 1
            if index < 0:
                continue
            line_start, label_end, entry_end, label_levels, sides = heads[index]
            at = statement.start_char
            if not label_end <= at < entry_end or not self._about_its_entry(statement):
                continue
            between = levels[bisect_left(level_starts, label_end) : bisect_left(level_starts, at)]
            if any(m.value not in {v.value for v in label_levels} for m in between):
                continue  # another level named in between is the one the statement is about
            # a drug on the lines after the statement's line is the next step of the note
            # ("NOT injected, needle withdrawn.\nSkin 1% lidocaine ..."), not this entry's
            said_end = self.mentions.reading.line_bounds(at)[1]
            if _any_within(drugs, line_start, min(said_end, entry_end)) or _any_within(
                volumes, at, min(said_end, entry_end)
            ):
                continue
            named = tuple(dict.fromkeys(side for s in sides for side in _SIDES_OF.get(s.value, ())))
            for item in self._items(label_levels):
                for name in self._joints(item) or self._joints_of_a_nerve(
                    item, label_levels[0].sent, one_sided_entry=len(named) == 1
                ):
                    sides_dropped = named or ("right", "left", UNSIDED)
                    dropped[name] = tuple(dict.fromkeys(dropped.get(name, ()) + sides_dropped))
                    self._not_injected_by(name, statement.start_char, _names_nerves(item))
        return dropped

    def _drop_positions_before_anything_was_injected(
        self, found: dict[tuple[str, str], LevelFact]
    ) -> None:
        """A statement that nothing had been injected yet ("the lowest needle was in line
        with C6-7. Nothing had been injected at that point."), before the needles are moved:
        a level the procedure names only before it was where a needle stood, not a level
        treated; the levels named after it are the ones injected."""
        text = self.mentions.doc_text
        scope = section_scopes()[self.scope]
        cut = None
        for match in _NOTHING_INJECTED_YET.finditer(text):
            if self.mentions.reading.section_at(match.start()).category in scope:
                cut = match.start()
        if cut is None:
            return
        level_starts = {m.start_char for m in self.mentions.of(*LEVEL_LABELS)}
        if not any(start > cut for start in level_starts):
            return  # nothing named after it: a stop before any injection, read elsewhere
        for key, fact in list(found.items()):
            starts = [e.start for e in fact.evidence if e.start in level_starts]
            if starts and max(starts) < cut:
                del found[key]

    def _note_blocked_nerves(self, item: LevelItem) -> None:
        """Where a joint's nerves are named together as blocked (both nerves of a run, or the
        third occipital nerve for C2-3), by (joint, side)."""
        if not item.nerves or (item.kind == "vertebrae" and len(set(item.ordinals)) < 2):
            return
        for name in self._joints(item):
            for side in item.sides or (UNSIDED,):
                self.blocked_nerves_at.setdefault((name, side), []).append(
                    item.mentions[0].start_char
                )

    def _not_injected_by(self, name: str, at: int, nerves: bool) -> None:
        """Remember where the note says the joint `name` was not injected; a statement about
        its nerves ("C4 MB not injected") leaves no joint to be treated by its nerves."""
        self.not_injected_at[name] = (
            len(self.mentions.doc_text) if nerves else max(self.not_injected_at.get(name, -1), at)
        )

    def _blocked_by_its_nerves_after(self, name: str, side: str) -> bool:
        """A joint whose own injection was given up ("Right C3-4: no entry. Nothing
        injected.") and whose medial branches are blocked after that ("Converted to medial
        branch blocks ... Right C3 and C4 MB"): the joint is treated, by the later block."""
        at = self.not_injected_at.get(name)
        return at is not None and any(
            start > at for start in self.blocked_nerves_at.get((name, side), ())
        )

    def _entry_heads(self) -> list[tuple[int, int, int, list[Mention], list[Mention]]]:
        """Levels that label their own entry, in text order, as (line start, label end,
        entry end, the label's levels, the label's sides). An entry runs to a blank line, a
        labelled field, a new list item or the next level's entry."""
        text = self.mentions.doc_text
        reading = self.mentions.reading
        levels = self.mentions.of(*LEVEL_LABELS)
        level_starts = [m.start_char for m in levels]
        sides = self.mentions.of("SIDE")
        side_starts = [m.start_char for m in sides]
        labels: list[tuple[int, int, list[Mention], list[Mention]]] = []
        last_line = -1
        for index, first in enumerate(levels):
            line_start, line_end = reading.line_bounds(first.start_char)
            if line_start == last_line:
                continue  # only a line's first level can label it
            last_line = line_start
            if first.section not in section_scopes()[self.scope]:
                continue
            if (first.context - _ENTRY_CONTEXTS) & NOT_TODAY:
                continue
            prefix = text[line_start : first.start_char]
            if ":" in prefix or len(prefix.strip()) > _ENTRY_PREFIX_CHARS:
                continue
            separator = _ENTRY_SEPARATOR.search(text, first.end_char, line_end)
            if separator is None:
                continue
            colon = separator.start()
            on_label = levels[index : bisect_left(level_starts, colon)]
            label = text[first.start_char : colon].lower()
            for mention in reversed(on_label):
                label = (
                    label[: mention.start_char - first.start_char]
                    + " "
                    + label[mention.end_char - first.start_char :]
                )
            if not set(re.findall(r"[a-z]+", label)) <= _ENTRY_LABEL_WORDS:
                continue
            label_sides = sides[
                bisect_left(side_starts, line_start) : bisect_left(side_starts, colon)
            ] or self._side_heading_above(line_start, sides, side_starts)
            labels.append((line_start, separator.end(), on_label, label_sides))
        heads = []
        for number, (line_start, label_end, on_label, label_sides) in enumerate(labels):
            following = labels[number + 1][0] if number + 1 < len(labels) else len(text)
            end = reading.line_bounds(label_end)[1]
            while end < following:
                next_end = reading.line_bounds(end + 1)[1]
                if _ENTRY_BREAK.match(text[end + 1 : next_end]):
                    break
                end = next_end
            heads.append((line_start, label_end, min(end, following), on_label, label_sides))
        return heads

    def _side_heading_above(
        self, line_start: int, sides: list[Mention], side_starts: list[int]
    ) -> list[Mention]:
        """The side of a heading line ("Right side:") the entry's block stands under, with
        no blank line between them; nothing when there is none."""
        text = self.mentions.doc_text
        block_start = text.rfind("\n\n", 0, line_start)
        found: list[Mention] = []
        for heading in _SIDE_HEADING.finditer(text, block_start + 1, line_start):
            on_line = sides[
                bisect_left(side_starts, heading.start()) : bisect_left(side_starts, heading.end())
            ]
            found = on_line if len(on_line) == 1 else found
        return found  # the last heading above the entry

    def _about_its_entry(self, statement: Mention) -> bool:
        """Do only target words stand before the statement in its clause ("NOT INJECTED",
        "needle withdrawn, NOTHING injected"), or a reason it opens with ("Because of the venous
        pattern no medication was injected"), so that it is about the entry's level?"""
        doc = self.mentions.doc
        other = False
        for index in range(statement.start - 1, statement.sent - 1, -1):
            word = doc[index].lower_
            if word in _CLAUSE_MARKS:
                return not other
            if word in _REASON_WORDS:
                return True  # the clause is the reason the entry's level went untreated
            if word.strip() and word not in _ENTRY_SUBJECT_WORDS:
                other = True
        return not other

    def _joints_of_a_nerve(
        self, item: LevelItem, sent: int, one_sided_entry: bool = False
    ) -> list[str]:
        """The joints a single medial branch supplies: a joint is blocked only when both of
        its nerves are, so "the C7 medial branch was not injected" takes C6-7 (and C7-T1)
        back from a run that counted it. Only a nerve its sentence names alone: in a list
        ("not C4, C5, C6 as dictated") the correction reads the run as a whole. In a medial
        branch block a vertebra named alone is its nerve ("niveau C6 NON injecté"). The entry
        of one side's nerve may name it again ("Left C5 MB: needle to the C5 pillar"); a row
        of a two-sided grid naming it twice ("[x] C4 MB   [ ] C4 MB") is two entries."""
        names_a_nerve = (
            item.nerve_words or self.nerve_context or bool(self.mentions.in_sentence(sent, "NERVE"))
        )
        named = self._sentence_levels(sent)[0]
        alone = len(named) == 1 or (one_sided_entry and len({m.value for m in named}) == 1)
        single = item.kind == "vertebrae" and len(set(item.ordinals)) == 1
        if not (single and names_a_nerve and alone):
            return []
        nerve = item.ordinals[0]
        ordinals = nerves_to_joints([nerve - 1, nerve]) + nerves_to_joints([nerve, nerve + 1])
        return [joint_name(o) for o in ordinals if is_facet_joint(o)]

    def _after_a_negated_side(self, level: Mention) -> bool:
        """ "the right C6-7, not the right C5-6": the negation took the side word, and the
        level written right after it is the one not injected. The sides before the level
        are read back from it, up to one whose words would stand between any earlier side
        and the level (a scan of the sentence per level is quadratic in a long sentence)."""
        sides, starts, furthest = self._sentence_sides(level.sent)
        barrier = -1  # the start of a side whose words stand between earlier sides and the level
        index = bisect_left(starts, level.start) - 1
        while index >= 0 and furthest[index] > barrier:
            side = sides[index]
            index -= 1
            if side.end > level.start:
                continue
            if "NEGATED" in side.context and self.mentions.between(
                side.end, level.start
            ).split() in ([], ["the"]):
                return True
            if barrier < 0 and _NOT_ONLY_THE.search(self.mentions.between(side.start, side.end)):
                barrier = side.start
        return False

    def _sides_not_done(self) -> set[str]:
        """Sides today's text says were not done, in a clause that names no level ("the
        left-sided blocks were not performed", "...; the left side was not done because he
        became vasovagal")."""
        dropped: set[str] = set()
        # each clause read once: a long sentence of negated sides asks again per side
        not_done: dict[tuple[int, int], bool] = {}
        for mention in self.mentions.of("SIDE"):
            if "NEGATED" not in mention.context:
                continue
            if not mention.is_today(self.scope, ignore=_NOT_DONE):
                continue
            clause = self._clause_of(mention)
            if clause not in not_done:
                not_done[clause] = self._acts_without_a_level(mention.sent, *clause)
            if not_done[clause]:
                dropped.update(_SIDES_OF.get(mention.value, ()))
        return dropped

    def _acts_without_a_level(self, sent: int, start: int, end: int) -> bool:
        """Does the clause [start, end) of a sentence name an act and no level?"""
        levels, starts = self._sentence_levels(sent)
        first, last = bisect_left(starts, start), bisect_left(starts, end)
        if any(m.end <= end for m in levels[first:last]):
            return False
        return bool({token.lower_ for token in self.mentions.doc[start:end]} & _ACT_WORDS)

    def _sides_ending_near(self, sent: int, position: int, reach: int) -> list[Mention]:
        """The sentence's side mentions that start before `position` and may end within
        `reach` tokens of it, in text order: by bisect, not a scan of the sentence per side
        (a long sentence of corrected sides is quadratic otherwise)."""
        sides, starts, furthest = self._sentence_sides(sent)
        near = []
        index = bisect_left(starts, position) - 1
        while index >= 0 and furthest[index] >= position - reach:
            near.append(sides[index])
            index -= 1
        near.reverse()
        return near

    def _sentence_sides(self, sent: int) -> tuple[list[Mention], list[int], list[int]]:
        """A sentence's side mentions (in text order), their starts and the furthest end
        reached by each and those before it, built once per sentence."""
        found = self._sides_of_sentence.get(sent)
        if found is None:
            sides = self.mentions.in_sentence(sent, "SIDE")
            furthest = list(itertools.accumulate((m.end for m in sides), max))
            found = self._sides_of_sentence[sent] = (sides, [m.start for m in sides], furthest)
        return found

    def _sentence_levels(self, sent: int) -> tuple[list[Mention], list[int]]:
        """A sentence's level mentions (in text order) and their starts, built once."""
        found = self._levels_of_sentence.get(sent)
        if found is None:
            levels = self.mentions.in_sentence(sent, *LEVEL_LABELS)
            found = self._levels_of_sentence[sent] = (levels, [m.start for m in levels])
        return found

    def _clause_of(self, mention: Mention) -> tuple[int, int]:
        """Token bounds of the clause holding a mention: its sentence, cut at semicolons
        (found once per sentence)."""
        start, end = mention.sent, self.mentions.reading.sentence_end(mention.sent)
        semicolons = self._semicolons.get(start)
        if semicolons is None:
            doc = self.mentions.doc
            semicolons = [index for index in range(start, end) if doc[index].text == ";"]
            self._semicolons[start] = semicolons
        before = bisect_left(semicolons, mention.start)
        if before:
            start = semicolons[before - 1] + 1
        after = bisect_left(semicolons, mention.end)
        if after < len(semicolons):
            end = semicolons[after]
        return start, end

    def _under_a_not_done_label(self, mention: Mention) -> bool:
        """A level listed on a line labelled as not done ("Not performed: left C7-T1 (see
        below); left C5-6 (not indicated)"): every level of the list, past its semicolons."""
        line_start = self.mentions.reading.line_bounds(mention.start_char)[0]
        return bool(_NOT_DONE_LABEL.match(self.mentions.doc_text, line_start, mention.start_char))

    def _answered_no(self, mention: Mention) -> bool:
        """A level written as a field's label and answered no ("Left C4-5 MB: No - patient
        moved", "C5-6 joint = not done")."""
        line_end = self.mentions.reading.line_bounds(mention.end_char)[1]
        text = self.mentions.doc_text
        answer = _FIELD_ANSWER.match(text, mention.end_char, line_end)
        if not answer or answer.group(1).lower() not in _ANSWERS_NO:
            return False
        # "no" that goes on with a word negates a finding at the level ("right C4: no
        # vascular spread"), not the level itself
        return not (answer.group(1).lower() == "no" and _WORD_FOLLOWS.match(text, answer.end()))

    def _record(self, item: LevelItem, found: dict[tuple[str, str], LevelFact]) -> None:
        evidence = [m.evidence for m in item.mentions] + [m.evidence for m in item.side_mentions]
        if self._describes_its_side(item):
            self.described_sides.update(s for s in item.sides if s in _OTHER)
        if item.kind == "joints" and _C1 in item.ordinals:
            self._warn_atlanto_axial(item.mentions[0])
        for name in self._joints(item):
            for side in item.sides or (UNSIDED,):
                new = (name, side) not in found
                fact = found.setdefault((name, side), LevelFact(level=name, side="right"))
                fact.side = "right" if side == UNSIDED else one_of(SIDES, side)
                self._add_evidence(fact, evidence)
                if item.side_carried and (new or id(fact) in self.carried):
                    self.carried.add(id(fact))
                    fact.uncertain = (
                        f"{name} is written without a side of its own (the nearest side "
                        f'word, "{item.side_mentions[0].text}", is not written for it): '
                        "confirm the side."
                    )
                elif id(fact) in self.carried:  # stated with its side elsewhere
                    self.carried.discard(id(fact))
                    fact.uncertain = None

    def _describes_its_side(self, item: LevelItem) -> bool:
        """Levels named outside the title and headings with a side word of their own (in
        their sentence or on their line), not a side carried from elsewhere."""
        if not item.side_mentions or not item.stated:
            return False
        if any(m.sent in self.headings for m in item.mentions + item.side_mentions):
            return False
        reading = self.mentions.reading
        lines = {reading.line_bounds(m.start_char) for m in item.mentions}
        sentences = {m.sent for m in item.mentions}
        return all(
            m.sent in sentences or reading.line_bounds(m.start_char) in lines
            for m in item.side_mentions
        )

    def _add_evidence(self, fact: LevelFact, evidence: list[Evidence]) -> None:
        seen = self.evidence_seen.setdefault(id(fact), set())
        for piece in evidence:
            if (piece.start, piece.end) not in seen:
                seen.add((piece.start, piece.end))
                fact.evidence.append(piece)

    def _joints(self, item: LevelItem) -> list[str]:
        if item.kind == "joints":
            ordinals = item.ordinals
        elif item.nerves:
            ordinals = nerves_to_joints(item.ordinals)
        else:
            ordinals = vertebral_range_to_joints(item.ordinals)
        # No facet joint above C2-C3 (C1-C2 is the atlanto-axial joint) or below L5-S1 (the
        # sacrum is fused: an "S1" landmark is not a level).
        return [joint_name(o) for o in ordinals if is_facet_joint(o)]

    def _warn_atlanto_axial(self, mention: Mention) -> None:
        """Coding guidance has reported an atlanto-axial injection with 64490, so a C1-C2
        joint treated today is left out of the count but put before a coder, not dropped
        silently."""
        if not mention.is_today(self.scope) or any(
            mention.evidence in w.evidence for w in self.warnings
        ):
            return
        self._warn(
            f'"{mention.text}" is the atlanto-axial joint, not a zygapophyseal (facet) joint, and '
            "is not counted toward 64490-64492. CPT Assistant (December 2010), as quoted by "
            "coders and not verified here, reports an atlanto-axial or atlanto-occipital joint "
            "injection with 64490: confirm with the payer how to report it.",
            [mention.evidence],
        )

    def _sentence_items(self, sent: int) -> list[LevelItem]:
        in_sentence = self.mentions.in_sentence(sent)
        levels = [
            m
            for m in in_sentence
            if m.label in LEVEL_LABELS
            and m.is_today(self.scope)
            and not inside(self.other_procedures, m.start_char)
            and not on_a_copied_line(self.mentions.reading, m.start_char)
        ]
        sides = [m for m in in_sentence if m.label == "SIDE" and m.is_today(self.scope)]
        nerves = [m for m in in_sentence if m.label == "NERVE" and m.is_today(self.scope)]
        items = self._join_ranges(self._items(levels))
        if not nerves:
            self._read_joint_ranges(items)
        c2 = _C2
        ton = [n for n in nerves if n.value == "third_occipital"]
        items += [LevelItem("joints", [c2], [n], nerves=True) for n in ton]
        items.sort(key=lambda item: item.start)
        named_nerves = [n for n in nerves if n.value != "third_occipital"]
        if named_nerves:
            landmarks = {m.start: m.text.lower() for m in in_sentence if m.label == "LANDMARK"}
            items = self._without_landmarks(items, named_nerves, landmarks)
        self._assign_sides(items, sides)
        if nerves or self.nerve_context:
            items = merge_nerve_runs(items)
        for item in items:
            item.nerve_words = bool(nerves) and (item.nerves or item.kind == "vertebrae")
        if not nerves and self.nerve_context and self._places_needles(sent):
            landmark_words = [m.text.lower() for m in in_sentence if m.label == "LANDMARK"]
            for item in items:
                self._name_the_nerves_of_targets(item, landmark_words)
        return items

    def _grid_row_items(self, row) -> list[LevelItem]:
        """The level items of a side grid's row, without the vertebrae it names as where a
        nerve's needle went ("T4 MB   superolateral TP of T5   done   done": the T4 nerve
        is blocked; the T5 transverse process is its target, not a nerve)."""
        items = self._join_ranges(self._items(row.level_mentions))
        if not row.level_mentions:
            return items
        in_sentence = self.mentions.in_sentence(row.sentence)
        nerves = [
            m
            for m in in_sentence
            if m.label == "NERVE" and m.is_today(self.scope) and m.value != "third_occipital"
        ]
        if not nerves:
            return items
        landmarks = {m.start: m.text.lower() for m in in_sentence if m.label == "LANDMARK"}
        return self._without_landmarks(items, nerves, landmarks)

    def _read_joint_ranges(self, items: list[LevelItem]) -> None:
        """A range of vertebrae written before the joints ("bilateral C4-C7 facet joint
        injections", "C4 to C7 facets") names the joints inside it as joints: written so,
        not read from a range by context (CONVENTIONS rule 1: "C3-C6 facets" = C3-C4,
        C4-C5, C5-C6). A range quoted from another text ("had written 'T3-T6 facet joint
        injection'; changed to ...") stays as it was read."""
        doc = self.mentions.doc
        for item in items:
            if item.kind != "vertebrae" or item.nerves or len(item.ordinals) < 3:
                continue
            if any(b != a + 1 for a, b in itertools.pairwise(item.ordinals)):
                continue
            if self._quoted(item.mentions[0].start_char):
                continue  # 'Scribe had written "T3-T6 facet joint injection"; changed to ...'
            if item.end < len(doc) and doc[item.end].lower_ in _JOINT_WORDS:
                item.kind = "joints"
                item.ordinals = item.ordinals[:-1]

    def _quoted(self, char: int) -> bool:
        """Whether the character is inside double quotation marks opened on its line."""
        start, _ = self.mentions.reading.line_bounds(char)
        before = self.mentions.doc_text[start:char]
        return (before.count('"') + before.count("\u201c") - before.count("\u201d")) % 2 == 1

    def _name_the_nerves_of_targets(self, item: LevelItem, landmarks: list[str]) -> None:
        """In a nerve block, a sentence that places needles on bony targets and names no
        nerve ("needles to the waists of the right C4, C5, C6 and C7 articular pillars",
        "needles ... at the transverse process bilaterally at T3, T4, T5 and T6") names the
        nerves by their vertebrae, read by the nerve-to-joint rule: a cervical medial branch
        lies on its own pillar. A transverse process is read so only when the note names no
        nerve by its vertebra elsewhere: beside "left T6, T7 and T8 medial branch blocks",
        "the L T7, T8 and T9 transverse processes" are where those nerves were reached (the
        Tn medial branch crosses the T(n+1) transverse process)."""
        if item.kind != "vertebrae" or not landmarks:
            return
        if not any(m.sent == item.mentions[0].sent for m in item.side_mentions):
            return  # a side carried from a heading stays as uncertain as it was
        letters = {_NAMES[o][0] for o in item.ordinals}
        on_pillars = all(any(w in text for w in _OWN_NERVE_LANDMARKS) for text in landmarks)
        on_processes = all("transverse" in text for text in landmarks)
        own_pillars = on_pillars and letters == {"C"}
        if own_pillars or (
            on_processes and letters <= {"T", "L"} and not self._nerves_named_by_vertebra()
        ):
            item.nerve_words = True

    def _nerves_named_by_vertebra(self) -> bool:
        """Whether today's text names a medial branch with its vertebra anywhere ("T6, T7
        and T8 medial branch blocks", "the right T9 MB"); worked out once per note."""
        if self._named_nerves is None:
            self._named_nerves = any(
                nerve.is_today(self.scope)
                and any(
                    m.is_today(self.scope)
                    for m in self.mentions.in_sentence(nerve.sent, *LEVEL_LABELS)
                )
                for nerve in self.mentions.of("NERVE")
            )
        return self._named_nerves

    def _places_needles(self, sent: int) -> bool:
        """A sentence about where the needles went ("needles were placed at ..."), not one
        about what the imaging showed ("the right articular pillars identified C2 to C7")."""
        words = self.mentions.between(sent, self.mentions.reading.sentence_end(sent)).split()
        return not _NEEDLE_WORDS.isdisjoint(words)

    def _without_landmarks(
        self, items: list[LevelItem], nerves: list[Mention], landmarks: dict[int, str]
    ) -> list[LevelItem]:
        """In a sentence that names nerves by their vertebra ("the T4 medial branch", "the
        T5, T6 and T7 medial branches"), vertebrae written as where the needle went are
        landmarks, not nerves: before a bony landmark ("the T5 transverse process", "the C4
        articular pillar") or before the nerves they serve ("at T6, T7 and T8 for the T5, T6
        and T7 medial branches")."""
        chains = self._vertebra_chains(items)
        named = [chain for chain in chains if self._names_nerves(chain, nerves)]
        if not named:
            return items
        named_starts = {chain[0].start for chain in named}
        dropped = {
            id(item)
            for chain in chains
            if chain not in named and self._is_landmark(chain, named_starts, landmarks)
            for item in chain
        }
        dropped |= {id(item) for item in items if item.kind == "joints" and self._near(item)}
        return [item for item in items if id(item) not in dropped]

    def _near(self, item: LevelItem) -> bool:
        """A joint written as where something lies: "near the C2-3 joint", "adjacent to
        C4-5"."""
        doc = self.mentions.doc
        index = item.start - 1
        while index >= max(item.start - 3, 0) and doc[index].lower_ in _NEAR_FILLER:
            index -= 1
        return index >= 0 and doc[index].lower_ in _NEAR_WORDS

    def _vertebra_chains(self, items: list[LevelItem]) -> list[list[LevelItem]]:
        """Vertebra items joined into lists ("T5, T6 and T7")."""
        chains: list[list[LevelItem]] = []
        for item in items:
            if item.kind != "vertebrae":
                continue
            previous = chains[-1][-1] if chains else None
            gap = self.mentions.between(previous.end, item.start).split() if previous else None
            if gap is not None and len(gap) <= 2 and all(w in _LIST_WORDS for w in gap):
                chains[-1].append(item)
            else:
                chains.append([item])
        return chains

    def _names_nerves(self, chain: list[LevelItem], nerves: list[Mention]) -> bool:
        """Vertebrae written right before nerve words ("C4 and C5 medial branches") or right
        after them ("medial branches of C4 and C5")."""
        start, end = chain[0].start, chain[-1].end
        for nerve in nerves:
            if nerve.start >= end:
                gap = self.mentions.between(end, nerve.start).split()
                if len(gap) <= 1 and all(w in _NERVE_JOINERS for w in gap):
                    return True
            elif nerve.end <= start:
                gap = self.mentions.between(nerve.end, start).split()
                if len(gap) <= 3 and all(w in _NERVE_JOINERS for w in gap):
                    return True
        return False

    def _is_landmark(
        self, chain: list[LevelItem], named_starts: set[int], landmarks: dict[int, str]
    ) -> bool:
        """Vertebrae followed by a bony landmark or by "for the" and the nerves they serve,
        or after a landmark and "of" with the nerve named before it ("R T5 MB -> superolateral
        TP of T6"). A cervical medial branch lies on the waist of its own articular pillar,
        so "the right C5 and C6 articular pillar waists" are the C5 and C6 nerves' targets."""
        end = chain[-1].end
        cervical = all(_NAMES[o].startswith("C") for item in chain for o in item.ordinals)
        if end in landmarks:
            own = any(word in landmarks[end] for word in _OWN_NERVE_LANDMARKS)
            return not (own and cervical)
        landmark_of = self._landmark_of(chain[0])
        if landmark_of is not None and any(start < chain[0].start for start in named_starts):
            # only after the nerve it serves ("R T5 MB -> TP of T6"); "the transverse process
            # of L4 and L5 ... for the L5 dorsal rami" names no nerve before the landmark, so
            # those vertebrae are left to the heading's levels to judge
            return not (cervical and any(w in landmark_of for w in _OWN_NERVE_LANDMARKS))
        following = [t.lower_ for t in self.mentions.doc[end : end + 2]]
        if following[:1] != ["for"]:
            return False
        after = end + (2 if following[1:] == ["the"] else 1)
        return after in named_starts

    def _landmark_of(self, item: LevelItem) -> str | None:
        """The bony landmark written just before a vertebra with "of" ("TP of T6", "the
        transverse process of T9"), in lower case, if there is one."""
        doc = self.mentions.doc
        if item.start < 2 or doc[item.start - 1].lower_ != "of":
            return None
        for landmark in self.mentions.in_sentence(item.mentions[0].sent, "LANDMARK"):
            if landmark.end == item.start - 1:
                return landmark.text.lower()
        return None

    def _items(self, levels: list[Mention]) -> list[LevelItem]:
        items: list[LevelItem] = []
        for mention in levels:
            text = mention.text
            if self._extends_a_slash_list(items, mention):
                continue
            if mention.label == "LEVEL_SHORT":
                # "C3-4, 4-5, 5-6": a bare pair continues the list it follows
                if not items or not self._continues_list(items[-1], mention):
                    continue
                text = _NAMES[items[-1].ordinals[0]][0] + text
            parsed = parse_level(text)
            spoken = _VOICE_SINGLE.match(text) or _SPACED_PAIR.match(text)
            if parsed and spoken and self._unit_follows(mention):
                continue
            if mention.label == "LEVEL_COMPACT" and self._model_number(mention):
                continue
            if parsed:
                items.append(LevelItem(parsed[0], parsed[1], [mention]))
            elif mention.label != "LEVEL_SHORT" and mention.is_today(self.scope):
                self._warn_unreadable(mention)
        return items

    def _extends_a_slash_list(self, items: list[LevelItem], mention: Mention) -> bool:
        """ "R C4 / C5 / C6 / C7": vertebrae listed with slashes, read two at a time as
        "C4 / C5" and "C6 / C7", are one list of vertebrae (nerves on a nerve form), not the
        joints C4-5 and C6-7. Extends the item before (made a list) and says so."""
        if not items or items[-1].kind not in ("joints", "vertebrae"):
            return False
        previous = items[-1]
        if self.mentions.between(previous.end, mention.start).split() != ["/"]:
            return False
        own = _SLASH_PAIR.match(mention.text) or _VERTEBRA.match(mention.text)
        matched = [_SLASH_PAIR.match(m.text) or _VERTEBRA.match(m.text) for m in previous.mentions]
        before = [m for m in matched if m is not None]
        if own is None or len(before) < len(matched):
            return False
        if not any(_SLASH_PAIR.match(m.text) for m in [*previous.mentions, mention]):
            return False
        listed = [*before, own]
        ordinals = [ordinal(m.group(1), int(n)) for m in listed for n in m.groups()[1:]]
        known = [o for o in ordinals if o is not None]
        if len(known) < len(ordinals) or any(b <= a for a, b in itertools.pairwise(known)):
            return False
        previous.kind = "vertebrae"
        previous.ordinals = known
        previous.mentions.append(mention)
        return True

    def _model_number(self, mention: Mention) -> bool:
        """A compact level run into a hyphenated number ("L12-4", "C35-1") is an equipment
        model (an ultrasound transducer), not "L1-2": no level is written that way."""
        return _MODEL_NUMBER_TAIL.match(self.mentions.doc_text, mention.end_char) is not None

    def _unit_follows(self, mention: Mention) -> bool:
        doc = self.mentions.doc
        return mention.end < len(doc) and doc[mention.end].lower_ in _NOT_A_VERTEBRA_AFTER

    def _warn_unreadable(self, mention: Mention) -> None:
        if any(mention.evidence in w.evidence for w in self.warnings):
            return
        self._warn(
            f'"{mention.text}" names no facet joint of the spine: confirm the level.',
            [mention.evidence],
        )

    def _continues_list(self, previous: LevelItem, mention: Mention) -> bool:
        gap = self.mentions.between(previous.end, mention.start).split()
        return len(gap) <= 2 and all(word in (",", "and", "&", "/") for word in gap)

    def _join_ranges(self, items: list[LevelItem]) -> list[LevelItem]:
        """`C4-5 through C6-7` and `C3 to C6` name everything in between."""
        joined: list[LevelItem] = []
        for item in items:
            previous = joined[-1] if joined else None
            if previous and previous.kind == item.kind and self._is_range(previous, item):
                low, high = previous.ordinals[-1], item.ordinals[0]
                if high > low:
                    previous.ordinals = (
                        previous.ordinals + list(range(low + 1, high)) + item.ordinals
                    )
                    previous.mentions += item.mentions
                    continue
            joined.append(item)
        return joined

    def _is_range(self, first: LevelItem, second: LevelItem) -> bool:
        if second.start - first.end > _RANGE_GAP_TOKENS:
            return False
        gap = self.mentions.between(first.end, second.start).replace("the", "").split()
        if len(gap) == 1 and gap[0] in _DASHES and first.kind == second.kind == "joints":
            return True  # a dash between two joints: "C4/5 – C6/7"
        index = bisect_left(self.range_starts, first.end)
        ranges = self.mentions.of("RANGE")
        if index == len(ranges) or ranges[index].end > second.start:
            return False
        word = ranges[index]
        if word.value == "translated":
            # a word that is a common one in English notes ("a", "do") joins two levels
            # only when nothing else stands between them ("C5-C6 a C7-T1")
            return (word.start, word.end) == (first.end, second.start)
        return len(gap) <= 2

    def _assign_sides(self, items: list[LevelItem], sides: list[Mention]) -> None:
        events: list[tuple[int, Mention | LevelItem]] = sorted(
            [(m.start, m) for m in sides] + [(i.start, i) for i in items],
            key=lambda e: e[0],
        )
        item_starts = [item.start for item in items]  # items come sorted by start
        current: tuple[str, ...] = ()
        current_mentions: list[Mention] = []
        pending: list[LevelItem] = []
        last_side: Mention | None = None  # the side event just before, with no level since
        postposed: list[LevelItem] = []  # the levels that side was written after
        # levels in a row written each with a side word of its own ("R C3-4, R C4-5, C5-6"):
        # the writer sides level by level, so a level after them with none is not under one
        own_sides = 0
        # the side carried in from before these levels: a level written ahead of every side
        # here takes it rather than a later side that leads levels of its own
        carried_in = (self.carried_side, list(self.carried_side_mentions))
        for _, obj in events:
            if isinstance(obj, LevelItem):
                obj.sides, obj.side_mentions = current, list(current_mentions)
                if last_side is not None:
                    own_sides += 1
                elif current:
                    obj.side_carried = own_sides >= 2 or self._past_a_list(current_mentions, obj)
                    own_sides = own_sides if own_sides >= 2 else 0
                pending.append(obj)
                last_side, postposed = None, []
                continue
            side = _SIDES_OF.get(obj.value, ())
            if (
                last_side is not None
                and self._joins_sides(last_side, obj)
                and not (postposed and self._leads_levels(obj, items, item_starts))
            ):
                # "the right and left T1-2 facet joints", "C3 to C6 on the right and then on
                # the left": the second side is added to the first, not put in its place
                if postposed:
                    for item in postposed:
                        item.sides = tuple(dict.fromkeys(item.sides + side))
                        item.side_mentions = [*item.side_mentions, obj]
                    both = tuple(dict.fromkeys(self.carried_side + side))
                    self.carried_side = both
                    self.carried_side_mentions = [*self.carried_side_mentions, obj]
                else:
                    current = tuple(dict.fromkeys(current + side))
                    current_mentions = [*current_mentions, obj]
                    self.carried_side, self.carried_side_mentions = current, current_mentions
                last_side = obj
                continue
            if pending and self._is_postposed(obj, pending[-1], items, item_starts):
                for item in pending:
                    if not item.sides or item.sides == current:
                        item.sides, item.side_mentions = side, [obj]
                        item.side_carried = False
                postposed = [item for item in pending if item.side_mentions == [obj]]
                pending = []
            else:
                current, current_mentions = side, [obj]
                pending, postposed = [], []
            last_side = obj
            self.carried_side, self.carried_side_mentions = side, [obj]
        below = self._side_field_below(items[0].mentions[0].sent) if items else None
        for item in items:
            if not item.sides and below is not None:
                item.sides, item.side_mentions = _SIDES_OF.get(below.value, ()), [below]
            elif not item.sides and self.carried_side and not self._in_table_row(item):
                carried, mentions = self.carried_side, list(self.carried_side_mentions)
                if self._written_before_a_side_of_others(item, mentions, items, item_starts):
                    # "sides (right / C3-C6 MB, left C3-C4 MB)": the later "left" is the
                    # side of the levels it leads, not of one written before it
                    carried, mentions = carried_in
                    if not carried:
                        continue
                item.sides, item.side_mentions = carried, mentions
                side_word = mentions[0]
                item.side_carried = (
                    self._beyond_paragraph(side_word, item)
                    or self._side_of_other_levels(side_word, item)
                    or self._sided_level_by_level(side_word, item)
                    or self._after_both_sides(side_word, item)
                    or self._outside_a_side_heading(side_word, item)
                    or self._past_a_wrapped_side(mentions[-1], item, items)
                )

    def _past_a_wrapped_side(self, side: Mention, item: LevelItem, items: list[LevelItem]) -> bool:
        """A side word that ends its sentence at the end of a line, over a line that opens
        with a level ("... into the right C3-4 and right" over "C4-5 Z-joints, then into the
        C5-6 Z-joint"): it is the side of that level and of the levels listed with it, not
        of a level in a later clause ("then into the C5-6"), whose side is not given."""
        if side.sent == item.mentions[0].sent or item is items[0]:
            return False
        text = self.mentions.doc_text
        line_end = text.find("\n", side.end_char)
        if line_end < 0 or text[side.end_char : line_end].strip():
            return False
        if text[line_end : items[0].mentions[0].start_char].strip():
            return False  # the line below does not open with a level
        if any(m.start >= side.end for m in self._sentence_levels(side.sent)[0]):
            return False
        for before, after in itertools.pairwise(items):
            gap = re.findall(r"\w+|[^\w\s]", self.mentions.between(before.end, after.start))
            if not all(t in _RANGE_OR_LIST_WORDS or t in _TARGET_WORDS for t in gap):
                return True  # a new clause: this level and the ones after it
            if after is item:
                return False
        return False

    def _written_before_a_side_of_others(
        self,
        item: LevelItem,
        mentions: list[Mention],
        items: list[LevelItem],
        item_starts: list[int],
    ) -> bool:
        """A side written just after a level, where it would read as that level's, that
        leads levels of its own instead ("sides (right / C3-C6 MB, left C3-C4 MB)"): it is
        theirs, not the side of the level before it. A side further on in the sentence
        ("C4-5 ... joints were identified on the right which is ...") is not concerned."""
        side = mentions[0]
        if side.start < item.start or not self._leads_levels(mentions[-1], items, item_starts):
            return False
        gap = re.findall(r"\w+|[^\w\s]", self.mentions.between(item.end, side.start).lower())
        return len(gap) <= _POSTPOSED_GAP and all(
            t in _POSTPOSED_FILLER or t in _TARGET_WORDS for t in gap
        )

    def _outside_a_side_heading(self, side: Mention, item: LevelItem) -> bool:
        """A tree indented under side headings ("RIGHT" over "    C5-6 ..."): a level
        that starts a line below a heading made of the side word alone, no deeper than
        that heading, is not under it (its side is not given). The heading is a tree's
        when the line below it starts deeper (not a column's heading over marks)."""
        text = self.mentions.text
        side_start = text.rfind("\n", 0, side.start_char) + 1
        side_end = text.find("\n", side.end_char)
        if side_end < 0 or text[side_start:side_end].strip().rstrip(":").strip() != side.text:
            return False
        depth = side.start_char - side_start
        below = text[side_end + 1 : text.find("\n", side_end + 1)]
        if len(below) - len(below.lstrip(" \t")) <= depth:
            return False
        level_char = item.mentions[0].start_char
        line_start = text.rfind("\n", 0, level_char) + 1
        if level_char < side_end or text[line_start:level_char].strip():
            return False
        return level_char - line_start <= depth

    def _joins_sides(self, first: Mention, second: Mention) -> bool:
        """Two side words joined into one ("right and left", "on the right and then on the
        left"): both sides, not the second instead of the first."""
        gap = self.mentions.between(first.end, second.start).split()
        return bool(gap) and bool(_SIDE_JOINERS & set(gap)) and set(gap) <= _SIDE_JOIN_GAP

    def _leads_levels(self, side: Mention, items: list[LevelItem], item_starts: list[int]) -> bool:
        """A side written just before the next levels ("C5-6 on the right and the left C6-7"):
        it is theirs."""
        following = bisect_left(item_starts, side.end)
        if following == len(items):
            return False
        ahead = self.mentions.between(side.end, items[following].start).split()
        return len(ahead) <= 3 and not any(t in {",", ".", ";", "|", "and"} for t in ahead)

    def _beyond_paragraph(self, side: Mention, item: LevelItem) -> bool:
        """Whether a side is carried to a level from a sentence that does not decide it:
        past a blank line, from an indication or history ("left much worse than right",
        "right neck pain") or from a sentence naming more than one side. A title, a heading
        or a side field ("Laterality: Left") over the level decides it."""
        start, end = side.end_char, item.mentions[0].start_char
        if not _BLANK_LINE.search(self.mentions.doc_text, start, end):
            return False
        named = {m.value for m in self.mentions.in_sentence(side.sent, "SIDE")}
        return len(named) > 1 or side.section in _HISTORY_SECTIONS

    def _past_a_list(self, side: list[Mention], item: LevelItem) -> bool:
        """A level after a semicolon that ends a comma list under a side ("right C4-5,
        C5-6; C6-7"): the semicolon closes that side's list, so the level is not under it."""
        if not side or side[-1].sent != item.mentions[0].sent:
            return False
        between = self.mentions.between(side[-1].end, item.start)
        if ";" in between and "," in between.split(";", 1)[0]:
            return True
        # "R C5-6, C6-7 IA facet inj + C7-T1 IA facet inj": a plus after the list's own
        # words (not between two levels) starts another item, with no side of its own
        before, plus, _ = between.partition("+")
        return bool(plus) and "," in before and not before.rstrip()[-1:].isdigit()

    def _side_of_other_levels(self, side: Mention, item: LevelItem) -> bool:
        """A side written with levels of its own ("R C4-5, C5-6 IA facet injections",
        "Needle 2 / Right C5-6: ...") is the side of that list: a level outside it, in a
        later sentence, line or step with no side word ("C6-7 facet also injected", "Needle
        3 / C6-7: ..."), is not under it. A side written alone ("Side: Right", "the right
        side was prepped") is the side of the levels that follow, and a title's side is the
        side of its levels where the description names them again."""
        if side.sent == item.mentions[0].sent:
            return False
        levels = [m for m in self._sentence_levels(side.sent)[0] if m.is_today(self.scope)]
        if not levels or not self._writes_levels_with(side, levels):
            return False
        gap = self.mentions.between(levels[-1].end, item.start).split()
        if gap and all(word in _RANGE_OR_LIST_WORDS for word in gap):
            return False  # the list goes on past a line break ("C4-5 through" / "C6-7")
        listed = self._listed_joints(side.sent, levels)
        return not set(self._joints(item)) <= listed

    def _writes_levels_with(self, side: Mention, levels: list[Mention]) -> bool:
        """A side that leads levels of its sentence ("R C4-5, C5-6") or follows one ("C4-5
        and C5-6 on the right"); not one that only leads what comes after it ("... and then
        the right" / "C6-7 joint", a line the sentence breaks at)."""
        if any(m.start >= side.end for m in levels):
            return True
        gap = self.mentions.between(levels[-1].end, side.start).split()
        return len(gap) <= _POSTPOSED_GAP and all(word in _POSTPOSED_FILLER for word in gap)

    def _listed_joints(self, sent: int, levels: list[Mention]) -> set[str]:
        """The joints a sentence's levels name, read both as joints and as nerves."""
        listed = self._joints_of_sentence.get(sent)
        if listed is None:
            listed = set()
            for item in self._join_ranges(self._items(levels)):
                listed.update(self._joints(item))
                if item.kind == "vertebrae":
                    listed.update(self._joints(replace(item, nerves=True)))
            self._joints_of_sentence[sent] = listed
        return listed

    def _sided_level_by_level(self, side: Mention, item: LevelItem) -> bool:
        """A writer who gives every level its own side word ("into the right C3-4 facet
        joint, then into the right C4-5 facet joint") leaves a level in a later sentence
        without one ("The C6-7 facet joint was then also injected") unsided, not on the
        side of the sentence before."""
        if side.sent == item.mentions[0].sent:
            return False
        sides = self._sentence_sides(side.sent)[0]
        levels = self._sentence_levels(side.sent)[0]
        return len(sides) >= 2 and len(sides) == len(levels)

    def _after_both_sides(self, side: Mention, item: LevelItem) -> bool:
        """A level in a later sentence without a side word, after a sentence that names the
        right and the left each on its own ("into the right C5-6 and C6-7 and the left C5-6
        and C6-7 joints. An additional needle was placed at the C4-5 joint"): the last side
        written is no more its side than the first, so the side is not the note's."""
        if side.sent == item.mentions[0].sent:
            return False
        sides = self._sentence_sides(side.sent)[0]
        return {"right", "left"} <= {m.value for m in sides if m.is_today(self.scope)}

    def _side_field_below(self, sent: int) -> Mention | None:
        """A record whose side comes on the next line ("Level 1: C4-5" then "Side: Left")."""
        reading = self.mentions.reading
        following = reading.sentence_end(sent)
        while (
            following < len(reading)
            and not reading.between(following, reading.sentence_end(following)).strip()
        ):
            following = reading.sentence_end(following)
        if following >= len(reading):
            return None
        facts = self.mentions.in_sentence(following)
        first = reading.between(following, reading.sentence_end(following)).strip()
        if not first.startswith(("side", "laterality")):
            return None
        sides = [m for m in facts if m.label == "SIDE" and m.is_today(self.scope)]
        if len(sides) != 1 or any(m.label in LEVEL_LABELS for m in facts):
            return None
        return sides[0]

    def _in_table_row(self, item: LevelItem) -> bool:
        """A level in a table row whose side cell is blank: the side above is not its side."""
        bounds = self.mentions.reading.line_bounds(item.mentions[0].start_char)
        if bounds not in self.table_rows:  # once per line: a note may be one long line
            line = self.mentions.doc_text[bounds[0] : bounds[1]]
            self.table_rows[bounds] = (
                _is_pipe_row(line) or line.count("\t") >= 2 or ",," in line.replace(" ", "")
            )
        return self.table_rows[bounds]

    def _is_postposed(
        self, side: Mention, last_item: LevelItem, items: list[LevelItem], item_starts: list[int]
    ) -> bool:
        gap = [t.lower() for t in self.mentions.between(last_item.end, side.start).split()]
        if len(gap) > _POSTPOSED_GAP or any(t not in _POSTPOSED_FILLER for t in gap):
            return False
        following = bisect_left(item_starts, side.end)  # a scan per side is quadratic
        if following < len(items):
            ahead = self.mentions.between(side.end, items[following].start).split()
            if len(ahead) <= 3 and not any(t in {",", ".", ";", "|", "and"} for t in ahead):
                # "C4-5, left C5-6": the side belongs to what follows; "C5-6 on the left and
                # C6-7 on the right" goes on naming each level's side after it
                return False
        return True


def _is_pipe_row(line: str) -> bool:
    """A row of a table ruled with pipes ("C5-6 | R | 0.5 mL", "| C6-7 | | |"): two cells or
    more. A boxed card's line ("| JOINTS:  C5-6, C6-7  |") is one cell inside its frame."""
    line = line.strip()
    framed = len(line) > 1 and line[0] == line[-1] == "|"
    return line.count("|") >= (3 if framed else 2)


def _enumerator(reading, sent: int) -> bool:
    """A list number standing as its own sentence ("1." before "LEFT C3-4 ...")."""
    words = reading.between(sent, reading.sentence_end(sent)).split()
    return len(words) == 1 and words[0].rstrip(".):").lstrip("#").isdigit()


def _any_within(positions: list[int], start: int, end: int) -> bool:
    """Is any of the sorted `positions` in [start, end)?"""
    return bisect_left(positions, start) != bisect_left(positions, end)


def _drop_separate_lumbar_work(
    found: dict[tuple[str, str], LevelFact], described_sentence: Callable[[int], int | None]
) -> None:
    """A cervical or thoracic facet session with a lumbar block the same day ("1. Left
    C5-C6 ... 2. Bilateral L4-L5 and L5-S1 lumbar medial branch blocks"): the lumbar block
    is another procedure, so its levels are not this one's. A run that continues from the
    thoracic into the lumbar spine (T11-T12, T12-L1, L1-L2) is one thoracolumbar procedure
    and keeps every level, and so do levels of both regions named in one sentence ("right
    C5-6 and L4-5 facet joint injection": one procedure, whose two regions the coding rules
    flag). A title or encounter line naming both ("BILAT THORACOLUMBAR (T11-12, T12-L1) +
    LUMBAR (L4-5, L5-S1) FACET INJ") lists the day's procedures; only a describing sentence
    makes them one."""
    upper = [_ordinal_of(name) for name, _ in found if name.startswith(("C", "T"))]
    lower = [_ordinal_of(name) for name, _ in found if name.startswith(("L", "S"))]
    if not upper or not lower or min(lower) - max(upper) <= 1:
        return

    def sentences(lumbar: bool) -> set[int | None]:
        """Where the region's levels are written: the sentences of their level mentions (a
        side word or a nerve of the other region pooled into a run is not where they are)."""
        return {
            described_sentence(e.start)
            for (name, _), fact in found.items()
            if name.startswith(("L", "S")) == lumbar
            for e in fact.evidence
            if _written_in_the_low_back(e.text) is lumbar
        } - {None}

    if sentences(False) & sentences(True):
        return
    for key in [key for key in found if key[0].startswith(("L", "S"))]:
        del found[key]


def _written_in_the_low_back(text: str) -> bool | None:
    """Whether a level as written is lumbar or sacral (None: no level)."""
    parsed = _parsed_level(text)
    return None if parsed is None else min(parsed[1]) >= _FIRST["L"]


def _ordinal_of(joint: str) -> int:
    """Ordinal of a joint's upper vertebra ("C7-T1" -> that of C7)."""
    upper = joint.split("-")[0]
    return _NAMES.index(upper)


def _side_first(key: tuple[str, str]) -> tuple[str, str]:
    return key[1], key[0]


def _names_nerves(item: LevelItem) -> bool:
    """Whether a level item names nerves (or vertebrae), not joints."""
    return item.kind != "joints" or item.nerves


def _is_single_nerve(item: LevelItem) -> bool:
    return item.kind == "vertebrae" and item.nerve_words and len(set(item.ordinals)) == 1


def _pool(runs: dict[tuple[str, ...], LevelItem], item: LevelItem) -> None:
    run = runs.get(item.sides)
    if run is None:
        runs[item.sides] = LevelItem(
            "vertebrae", [], [], item.sides, [], nerves=True, nerve_words=True
        )
        run = runs[item.sides]
    run.ordinals += item.ordinals
    run.mentions += item.mentions
    run.side_mentions += item.side_mentions


def merge_nerve_runs(items: list[LevelItem]) -> list[LevelItem]:
    """Vertebra items on the same side in one sentence form one nerve run."""
    merged: list[LevelItem] = []
    by_side: dict[tuple[str, ...], LevelItem] = {}
    for item in items:
        if item.kind != "vertebrae":
            merged.append(item)
            continue
        run = by_side.get(item.sides)
        if run is None:
            run = LevelItem(
                "vertebrae",
                list(item.ordinals),
                list(item.mentions),
                item.sides,
                list(item.side_mentions),
                True,
            )
            by_side[item.sides] = run
            merged.append(run)
        else:
            run.ordinals += item.ordinals
            run.mentions += item.mentions
    return merged
