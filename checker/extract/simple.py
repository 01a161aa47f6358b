"""Guidance, contrast, procedure type, workflow steps and complications.

Contrast and workflow are read as a coder reads a form: a field's answer ("Contrast: [ ] Yes
[x] No", "Time-out: not recorded") decides it, a contrast named in an allergy is not contrast
given, a consent's risk list is not a complication, and monitoring before a later injection
is not post-procedure observation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from checker.extract.boxes import (
    EMPTY_BOXES,
    TICKED_BOXES,
    box_before,
    none_ticked,
    none_ticked_below,
    trailing_box,
)
from checker.extract.copied import on_a_copied_line
from checker.extract.mentions import NEGATION_CONTEXTS, NOT_TODAY, Mention, NoteMentions
from checker.extract.narrative import is_today, procedure_narratives, stated_as_done
from checker.extract.positions import PositionIndex
from checker.extract.sessions import block_beside_rf, inside, other_procedure_stretches
from checker.models import (
    GUIDANCE,
    INTENTS,
    PROCEDURES,
    ContrastFact,
    Evidence,
    Guidance,
    Intent,
    MedicationFact,
    Procedure,
    ReadingWarning,
    WorkflowFact,
    one_of,
)
from checker.pipeline.sections import PRIOR_NOTE

_FACET_TARGETS = frozenset(
    {"medial_branch_block", "facet_injection", "medial_branch", "third_occipital"}
)
# the words that name a block (not only its target nerve): "medial branch block", "MBB", "MBNB"
_BLOCK_WORDS = re.compile(r"block|\bmbn?bs?\b", re.IGNORECASE)
_FACET_WORDS = ("facet", "zygapophy", "fji", "z-joint", "z joint")
# the words of a stop that negate the procedure stopped ("MBB -- ABORTED", "RFA abandoned")
_STOP_WORDS = re.compile(r"\b(?:abort|abandon|terminat|discontinu)", re.IGNORECASE)
_GUIDANCE_PREFERENCE = ("fluoroscopy", "ct", "ultrasound", "none")
_IMAGING = frozenset({"fluoroscopy", "ct", "ultrasound"})
# Explicit statements that imaging was not used today, with the imaging each rules out
# A weaker word ("landmarks", "palpation") stays "none" and yields to imaging named for today.
_NO_IMAGING = {"no_imaging": _IMAGING, "no_fluoroscopy": frozenset({"fluoroscopy"})}
# The rest of an imaging field's line when the field is blank or answered not used.
_BLANK_IMAGING_FIELD = re.compile(
    r"[ \t]*(?:time|minutes|min|dose|used)?[ \t]*[:=][ \t]*"
    r"(?:(?:_+|\*+|n/?a|none|not used)[ \t]*(?:\([^)\n]*\))?(?:[ \t.;]*$|[ \t]{2,}|[;|,])"
    r"|[ \t.;]*$)",
    re.IGNORECASE,
)
_COLON_AT_LINE_END = re.compile(r"[ \t]*:[ \t]*$")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*\u2022\u25aa\u25e6]|\d{1,2}[.)])[ \t]")
_WORKFLOW_FLAGS = ("consent", "timeout", "sterile_prep", "local_anesthesia", "observation")
# A workflow label that documents its step only as a form field answered yes ("Prep: Y").
_FIELD_ONLY = "_field"
# Field-only labels whose abbreviation means other things in prose ("no cx": complications).
_AMBIGUOUS_FIELDS = frozenset({"consent_field", "timeout_field"})
_LABEL_CHARS = 80  # characters looked back for the start of a label's line
_LABEL_REACH = 3  # words of a label before or after its step's word ("Monitored in recovery:")
_LONGEST_REASON = 4  # tokens of an allergy phrase that can hold the contrast's name
_FIELD_NO = frozenset(
    {"no", "none", "n", "nil", "not", "unknown", "false"}
    # the same answer in a translated note's field ("LA: keine", "Anestesia locale: nessuna")
    | {"keine", "kein", "nein", "geen", "nee", "aucun", "aucune", "nessuno", "nessuna"}
    | {"ninguno", "ninguna", "nenhum", "nenhuma"}
)
_FIELD_YES = frozenset(
    {"yes", "y", "done", "performed", "completed", "obtained", "signed", "true", "ok", "+"}
)
# a field's answer that there was no event ("Cx: none"): a complications answer
_NO_EVENT_ANSWERS = frozenset({"none", "nil", "0"})
_FIELD_REACH = 24  # tokens of a field's value read for its answer
# A template blank left unfilled ("Time-out: ***", "Consent: ___", an unanswered pick-list).
# a template blank: "***", "___", or a dotted leader left unfilled ("Time-out: ........")
_FILL_IN_LINE = "___"  # a blank to write on, right after a label with no separator
_DOT_LEADER = re.compile(r"^\.{4,}[ \t]*")
_BLANK_VALUE = re.compile(r"^(?:\*\*|__|\.{4,}\s*(?:$|[\[(]))")
# What separates a field's label from its value in exports: "consent,Y", "| Time-out | No |",
# "timeout = yes", "OBX|3|ST|TIMEOUT||Y|".
_FIELD_SEPARATORS = frozenset({":", "=", "|"})
_SEPARATOR_WORDS = frozenset({"|", "=", ",", '"'})
_LABEL_DONE_WORDS = frozenset({"obtained", "performed", "signed", "done", "completed", "given"})
_BOX_OPEN = frozenset({"[", "(", *EMPTY_BOXES, *TICKED_BOXES})
_BOX_TICKED = frozenset(TICKED_BOXES)
_BOX_EMPTY = frozenset({"[]", "()"})
_BOX_MARKS = frozenset({"x", "✓", "✔", "*"})
_BOX_CLOSE = frozenset({"]", ")"})
_OPTIONS_CHARS = 200  # characters of a field's value read for its options
_UNTICKED_OPTIONS = re.compile(
    rf"(?:\s*(?:\[\s*\]|\(\s*\)|[{EMPTY_BOXES}])[^\[\](){EMPTY_BOXES}{TICKED_BOXES}]*)+"
)
_CHECKBOX_MARKS = frozenset({"[", "]", "x", "(", ")", "☒", "☑", "✓", "✔", "-", ":"})
_STAY_WORDS = (
    "recovery",
    "recovered",
    "recovering",
    "pacu",
    "post",
    "observed for",
    "monitored for",
    "bay",
)
# A drape is not the skin prep: an office procedure done without one ("alcohol prep, no
# drape") still documents its prep.
_DRAPE_WORDS = frozenset({"drape", "drapes", "draped"})
# Procedures one consent covers under either name: a facet injection and a medial branch block
# are written for each other; radiofrequency ablation is another procedure with its own consent.
_PROCEDURE_KIND = {"medial_branch_block": "block", "facet_injection": "block"}
# A minus (or cross) right after a step, closing its field, marks it absent: "consent -",
# "TO (-) / prep +".
_ABSENT_AFTER = re.compile(r"[ \t]*(?:-|\(-\)|✗|✘)[ \t]*(?:$|[;/|,])", re.MULTILINE)
# A field answered only by the discharge ("obs: d/c home") names no stay after the procedure.
_DISCHARGE_ANSWER = re.compile(r"[ \t]*(?:d/c|dc|discharged|home)\b", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_QUOTATION_MARK = re.compile(r'(?<!\d)"|\u201c')  # not an inch mark ('3.5" needle')
_ABSENT_MARKS = frozenset({"-", "–", "(-)", "neg"})
_NEGATING_WORDS = {"no", "without", "none", "denies", "denied", "nil", "negative"} | {
    # "Aucune complication", "Pas de complication", "Keine Komplikationen", "Sin
    # complicaciones", "Nessuna complicanza", "Sem complicações", "Geen complicaties", "Bez
    # powikłań" (Larousse, Duden, RAE, Treccani, Priberam, Van Dale, PWN)
    "aucune", "aucun", "pas", "sans", "keine", "kein", "ohne", "sin", "ninguna", "ningún",
    "nessuna", "nessun", "senza", "nenhuma", "nenhum", "sem", "geen", "zonder", "bez", "brak",
}  # fmt: skip
# the words of a stretch of text, without the brackets of a gloss ("[no complications]")
_WORDS = re.compile(r"[^\W\d_]+")
# Monitoring said to happen between two parts of the procedure ("monitored for a few minutes
# between sides", "observed before the second side") is not post-procedure observation.
_BETWEEN_PARTS = re.compile(
    r"\bbetween (?:the )?(?:two |both )?(?:sides|injections|levels|blocks|procedures)\b"
    r"|\bbefore (?:starting |doing |proceeding to )?(?:the )?"
    r"(?:second|other|opposite|contralateral|left|right) side\b",
    re.IGNORECASE,
)
_SAID_OF_ANOTHER_TIME = frozenset({"HISTORICAL", "GENERIC"})
_ALLERGIES = "allergies"
_NONE_TODAY = "none_today"
_NONE_FIELD = "none_field"
_FIELD_VALUE_CHARS = 40  # characters of a field's value looked at around its "None"
_PROCEDURE_HEADER = re.compile(r"\bprocedures?\b", re.IGNORECASE)
_TARGET_LABELS = ("LEVEL_PAIR", "LEVEL_COMPACT", "VERTEBRA", "LEVEL_SHORT", "SIDE")


def today(mentions: NoteMentions, kind: str, *labels: str) -> list[Mention]:
    return [m for m in mentions.of(*labels) if m.is_today(kind)]


def extract_guidance(
    mentions: NoteMentions,
) -> tuple[Guidance | None, list[Evidence], ReadingWarning | None]:
    """The imaging the note names for today; the most named wins (CT notes say "CT fluoro").
    An explicit statement that no imaging (or no fluoroscopy) was used today outweighs the
    imaging it rules out named elsewhere (a booking line, a template): the guidance is then
    "none", and the disagreement is returned as a warning for a person to settle."""
    found = [
        m
        for m in mentions.of("GUIDANCE")
        if (m.is_today("guidance") or _after_an_allergy_list(mentions, m))
        and (m.value in _NO_IMAGING or m.value == "none" or not _left_blank(mentions, m))
    ]
    found = [_of_another_procedure(mentions, m) for m in _facet_part(mentions, found)]
    found = _without_the_other_procedures_imaging(mentions, found)
    statements = [m for m in found if m.value in _NO_IMAGING]
    ruled_out = {value for m in statements for value in _NO_IMAGING[m.value]}
    contradicted = [m for m in found if m.value in ruled_out]
    left = [m for m in found if m.value not in _NO_IMAGING and m.value not in ruled_out]
    if statements and not any(m.value in _IMAGING for m in left):
        warning = _guidance_conflict(statements[0], contradicted) if contradicted else None
        return "none", [m.evidence for m in statements], warning
    if not left and not statements:
        left = _scheduled_guidance(mentions)
    if not left:
        return None, [], None
    counts = Counter(m.value for m in left)
    best = max(counts, key=lambda value: (counts[value], -_GUIDANCE_PREFERENCE.index(value)))
    if best == "fluoroscopy" and any(_CT_UNIT.search(m.text) for m in left if m.value == "ct"):
        # a cone-beam CT or O-arm unit takes 2D shots as well: its fluoroscopy is the CT's
        best = "ct"
    if best == "ultrasound" and any(_confirms_by_fluoroscopy(mentions, m) for m in left):
        # needles placed under ultrasound and checked by fluoroscopy before the injection:
        # the fluoroscopic images document the positions injected
        best = "fluoroscopy"
    if best == "none" and len(counts) > 1:
        best = max((v for v in counts if v != "none"), key=lambda v: counts[v])
    return one_of(GUIDANCE, best), [m.evidence for m in left if m.value == best], None


# the CT units that also take 2D fluoroscopic shots: cone-beam CT ("DynaCT", "XperCT") and
# the O-arm; the guidance named is the CT's
_CT_UNIT = re.compile(r"cone.?beam|cbct|dynact|xperct|o-arm|intraoperative ct", re.IGNORECASE)
# a check of the needles' positions by fluoroscopy ("with fluoroscopic confirmation of needle
# position", "FLUOROSCOPIC CHECK:", "position confirmed with fluoroscopy"); not a
# "confirmatory block" planned under fluoroscopy
_CONFIRMING = re.compile(r"\b(?:confirm(?:s|ed|ing|ation)?|check(?:ed)?|verif(?:y|ied|ication))\b")
_CONFIRMING_TOKENS = 3  # how far from the fluoroscopy's word its check may stand


def _confirms_by_fluoroscopy(mentions: NoteMentions, mention: Mention) -> bool:
    """A fluoroscopy mention of today that names a check of the needles' positions."""
    if mention.value != "fluoroscopy" or mention.negated:
        return False
    start = max(mention.start - _CONFIRMING_TOKENS, mention.sent)
    end = min(mention.end + _CONFIRMING_TOKENS, mentions.reading.sentence_end(mention.sent))
    return _CONFIRMING.search(mentions.between(start, end)) is not None


# words of a reaction: a sentence holding one still lists what the patient reacts to
_REACTION = re.compile(
    r"\b(?:allerg\w*|hives|rash\w*|reactions?|intoleran\w*|anaphyla\w*|itch\w*|sensitiv\w*)\b",
    re.IGNORECASE,
)


def _after_an_allergy_list(mentions: NoteMentions, mention: Mention) -> bool:
    """Imaging named on an allergy line after the allergy list, in a sentence of its own
    naming no reaction ("Allergy: iodinated contrast (hives). No contrast used; needle
    positions confirmed with fluoroscopy."): the line goes on about today's procedure, and
    no one reacts to imaging. Imaging in the list itself ("Allergies: ultrasound gel") is
    not today's guidance."""
    if mention.section != "allergies" or mention.context & NOT_TODAY:
        return False
    start = mentions.doc[mention.sent].idx
    end_token = mentions.reading.sentence_end(mention.sent)
    end = mentions.doc[end_token - 1].idx + len(mentions.doc[end_token - 1])
    if mentions.reading.line_bounds(start)[0] >= start:
        return False  # the sentence opens its line: the header's own, or a line of the list
    return not _REACTION.search(mentions.doc_text, start, end)


def _scheduled_guidance(mentions: NoteMentions) -> list[Mention]:
    """ "Scheduled procedure: R C4-5, C5-6 cervical MBB - fluoro" or "Planned: ... ,
    fluoroscopy." over an account of the needles placed that names no imaging of its own: the
    procedure was done as scheduled, so the imaging the scheduled line names is today's (not
    when the procedure was stopped or cancelled)."""
    if aborted_statements(mentions) or no_procedure_statements(mentions):
        return []
    given = [m for m in mentions.of("DRUG") if m.is_today("medications") and not m.negated]
    if not given:
        return []  # nothing given today: a visit cancelled before the procedure
    found = []
    for m in mentions.of("GUIDANCE"):
        if m.value not in _IMAGING or m.context != _PLANNED_ONLY:
            continue
        if not any(words.lower().startswith(_SCHEDULED) for _, words in m.cues):
            continue
        line = _SCHEDULED_LINE.match(
            mentions.doc_text, mentions.reading.line_bounds(m.start_char)[0]
        )
        if line is None:
            continue
        if line.group(1) is None:
            if m.is_today("guidance", ignore=_PLANNED_ONLY):
                found.append(m)
        elif m.start_char < given[0].start_char:
            found.append(m)  # the day's plan, written above what was given
    return found


_PLANNED_ONLY = frozenset({"HYPOTHETICAL"})
_SCHEDULED = ("scheduled", "planned", "plan")
# a line that opens with the procedure scheduled or planned for the visit, after an outline
# number ("1.2 Planned: left C3-4, C4-5, C5-6 intra-articular facet injections, fluoroscopy.");
# a plan line ("Plan:", "Pre-procedure plan:") is the day's plan only above what was given
# today (the plan at the end of a note is the next visit's)
_SCHEDULED_LINE = re.compile(
    r"[ \t]*(?:\d+(?:\.\d+)*\.?[a-z]?[ \t]+)?(?:scheduled|planned|(pre-?procedure plan|plan)\b)",
    re.I,
)


def _facet_part(
    mentions: NoteMentions, found: list[Mention], only: frozenset[str] | None = None
) -> list[Mention]:
    """In a combined session, what is said outside the other procedures' stretches (a
    suprascapular block under ultrasound, a lumbar facet paragraph beside thoracic medial
    branch blocks): the facet part's imaging and procedure, when it says any. With `only`,
    just mentions of those values are dropped (the other procedure's own name stays)."""
    stretches = other_procedure_stretches(mentions)
    if not stretches:
        return found
    kept = [
        m
        for m in found
        if (only is not None and m.value not in only) or not inside(stretches, m.start_char)
    ]
    return kept or found


def _without_the_other_procedures_imaging(
    mentions: NoteMentions, found: list[Mention]
) -> list[Mention]:
    """In a combined session, imaging that another procedure's own text names ("Left
    stellate ganglion block, ultrasound guided") is that procedure's when named again outside
    it ("identified with a linear ultrasound probe"), as long as the rest names imaging of its
    own (fluoroscopy for the medial branch blocks)."""
    stretches = other_procedure_stretches(mentions)
    if not stretches:
        return found
    theirs = {
        m.value
        for m in today(mentions, "guidance", "GUIDANCE")
        if m.value in _IMAGING and inside(stretches, m.start_char)
    }
    kept = [m for m in found if m.value not in theirs]
    return kept if any(m.value in _IMAGING for m in kept) else found


def _of_another_procedure(mentions: NoteMentions, mention: Mention) -> Mention:
    """A statement that no imaging was used, in a sentence naming only another procedure
    ("greater occipital nerve blocks, landmark technique"), says nothing of the facet
    procedure's imaging: it counts as a weak "none"."""
    if mention.value not in _NO_IMAGING:
        return mention
    named = {m.value for m in mentions.in_sentence(mention.sent, "PROCEDURE")}
    if "other" in named and not named & _FACET_TARGETS:
        return replace(mention, value="none")
    return mention


def _guidance_conflict(statement: Mention, contradicted: list[Mention]) -> ReadingWarning:
    named = contradicted[0]
    return ReadingWarning(
        subject="guidance",
        message=(
            f'The note says "{statement.text}" but also names {named.value} ("{named.text}")'
            " for today: confirm whether imaging guided today's needles."
        ),
        evidence=[statement.evidence, named.evidence],
    )


def _left_blank(mentions: NoteMentions, mention: Mention) -> bool:
    """An imaging field with nothing, "N/A" or "none" in it ("Fluoro time: ____", "C-arm:
    N/A (out of service)") says the imaging was not used."""
    line_start, line_end = mentions.reading.line_bounds(mention.end_char)
    text = mentions.doc_text
    if not _BLANK_IMAGING_FIELD.match(text, mention.end_char, line_end):
        return False
    if not _COLON_AT_LINE_END.match(text, mention.end_char, line_end):
        return True
    return not (_in_prose(text, line_start, mention) and _opens_a_list(text, line_start, line_end))


def _in_prose(text: str, line_start: int, mention: Mention) -> bool:
    """The imaging word ends a clause of its line ("injections under fluoroscopy:"), not a
    field label ("Fluoroscopy:", "Guidance: C-arm:")."""
    before = text[line_start : mention.start_char].rsplit(":", 1)[-1]
    return len(re.findall(r"[A-Za-z]{2,}", before)) >= 2


def _opens_a_list(text: str, line_start: int, line_end: int) -> bool:
    """A line ending in a colon whose next line is a list item or indented deeper ("facet
    injections under fluoroscopy:" over "* R C6-7"): the colon leads into the list, it is no
    empty field."""
    next_line = text[line_end:].lstrip("\n").split("\n", 1)[0]
    if not next_line.strip():
        return False
    own = text[line_start:line_end]
    indent = len(next_line) - len(next_line.lstrip())
    return bool(_LIST_ITEM.match(next_line)) or indent > len(own) - len(own.lstrip())


def _withheld_for_an_allergy(mentions: NoteMentions) -> list[Mention]:
    """ "Allergy: iodine contrast - anaphylaxis 2016. No contrast used.": the allergy line
    says contrast was not used today, though an allergy line is no procedure text."""
    return [
        m
        for m in mentions.of("CONTRAST")
        if m.section == _ALLERGIES and m.negated and not m.context & _SAID_OF_ANOTHER_TIME
    ]


_DOSE_AFTER_AGENT = 3  # tokens from a contrast agent's name to the amount given


def _given_instead_in_an_allergy_line(mentions: NoteMentions) -> list[Mention]:
    """ "Allergy: iodinated contrast (hives) - Gadavist 0.2 mL per needle used instead": an
    agent the allergy line gives with its amount is the contrast used today, though an
    allergy line is no procedure text (an allergen is listed without an amount)."""
    agents = [
        m
        for m in mentions.of("CONTRAST_AGENT")
        if m.section == _ALLERGIES and not m.negated and not m.context & _SAID_OF_ANOTHER_TIME
    ]
    if not agents:
        return []
    allergies = PositionIndex(m for m in mentions.of("CONTRAST_REASON") if m.value == "allergy")
    volumes = PositionIndex(mentions.of("VOLUME"))
    return [
        m
        for m in agents
        if not _names_an_allergy(mentions, allergies, m)
        and any(v.sent == m.sent for v in volumes.within(m.end, m.end + _DOSE_AFTER_AGENT))
    ]


def extract_contrast(mentions: NoteMentions) -> ContrastFact:
    labels = ("CONTRAST", "CONTRAST_AGENT", "CONTRAST_CONFIRM")
    allergies = PositionIndex(m for m in mentions.of("CONTRAST_REASON") if m.value == "allergy")
    narratives = procedure_narratives(mentions)
    candidates = [
        m
        for m in mentions.of(*labels)
        if is_today(mentions, m, "contrast", narratives, ignore=frozenset({"NEGATED"}))
        and not _names_an_allergy(mentions, allergies, m)
        and not _in_an_allergy_field(mentions, allergies, m)
    ] + _given_instead_in_an_allergy_line(mentions)
    answers = {m.start: _field_answer(mentions, m) for m in candidates if m.label == "CONTRAST"}
    # A field label ("Contrast: [ ] Omnipaque [X] None") says nothing until its value does.
    named = [
        m
        for m in candidates
        if m.label != "CONTRAST_CONFIRM"
        and (not m.negated and answers.get(m.start) in (None, True))
        and not (
            m.label == "CONTRAST" and _is_field_label(mentions, m) and answers[m.start] is None
        )
    ]
    refused = [
        m
        for m in candidates
        if m.label != "CONTRAST_CONFIRM" and (m.negated or answers.get(m.start) is False)
    ] + _withheld_for_an_allergy(mentions)
    if refused and not all(on_a_copied_line(mentions.reading, m.start_char) for m in refused):
        # today's "no contrast" outweighs a template's or the booking's default contrast,
        # and the contrast of an earlier report quoted for reference ('"... 0.5 mL iopamidol
        # confirmed intra-articular position ..."' above "No contrast was given today")
        named = [
            m
            for m in named
            if not on_a_copied_line(mentions.reading, m.start_char)
            and not _in_a_quotation(mentions.doc_text, m.start_char)
        ]
    # Spread seen without any contrast named ("no intravascular spread") confirms placement
    # with contrast only when the note does not say contrast was not used (ultrasound notes
    # watch the injectate spread).
    confirmed = [m for m in candidates if m.label == "CONTRAST_CONFIRM" and not m.negated]
    used = named + (confirmed if named or not refused else [])
    fact = ContrastFact()
    if used:
        fact.used = True
        fact.evidence = [m.evidence for m in used]
        agents = [m for m in used if m.label == "CONTRAST_AGENT"]
        fact.agent = agents[0].value if agents else None
        fact.placement_confirmed = any(m.label == "CONTRAST_CONFIRM" for m in used)
    elif refused:
        fact.used = False
        fact.evidence = [m.evidence for m in refused]
        negating = [
            words for m in refused for category, words in m.cues if category in NEGATION_CONTEXTS
        ]
        fact.negated_by = negating[0] if negating else None
        sentences = {m.sent for m in refused}
        reasons = [m for m in mentions.of("CONTRAST_REASON") if m.sent in sentences]
        reasons = reasons or [m for m in mentions.of("CONTRAST_REASON") if m.section != "allergies"]
        if reasons:
            fact.omission_reason = reasons[0].value
            fact.evidence.append(reasons[0].evidence)
    return fact


def _in_a_quotation(text: str, char: int) -> bool:
    """Whether the character is inside double quotation marks opened in its paragraph (an
    inch mark after a number, '3.5" needle', is no quotation mark)."""
    breaks = list(_PARAGRAPH_BREAK.finditer(text, 0, char))
    before = text[breaks[-1].end() if breaks else 0 : char]
    marks = len(_QUOTATION_MARK.findall(before)) - before.count("\u201d")
    return marks % 2 == 1


def _names_an_allergy(mentions: NoteMentions, allergies: PositionIndex, mention: Mention) -> bool:
    """ "iodinated contrast allergy", "contrast reaction": the contrast named is the allergen,
    also across a line break ("... contrast" over "allergy noted")."""
    doc = mentions.doc
    reach = mention.end + 1 + (mention.end < len(doc) and doc[mention.end].is_space)
    return any(
        reason.end > mention.start
        for reason in allergies.within(mention.start - _LONGEST_REASON, reach)
    )


_ALLERGY_FIELD_TOKENS = 30  # how far an allergy label's list runs along its line


def _in_an_allergy_field(
    mentions: NoteMentions, allergies: PositionIndex, mention: Mention
) -> bool:
    """ "Allergies reviewed: iodinated contrast (rash), latex": an item of the list an
    allergy label opens on its line (the label, then a colon, then the allergens)."""
    line_start = mentions.reading.line_bounds(mention.start_char)[0]
    for reason in allergies.within(mention.start - _ALLERGY_FIELD_TOKENS, mention.start):
        if reason.start_char < line_start:
            continue
        between = mentions.doc_text[reason.end_char : mention.start_char]
        if ":" in between and not any(mark in between for mark in ".;"):
            return True
    return False


def _field_answer(mentions: NoteMentions, mention: Mention) -> bool | None:
    """The yes/no answer of a field ("Contrast: No", "Contrast: [ ] Yes [x] No",
    "Time-out: [ ]", "Time-out: not recorded"), None when the field says neither."""
    key = ("field answer", *_bounds(mention))
    if key not in mentions.memo:  # each step is asked about by several readers
        mentions.memo[key] = _read_field_answer(mentions, mention)
    return mentions.memo[key]


def _bounds(mention: Mention) -> tuple[int, int, int, int]:
    return mention.start, mention.end, mention.start_char, mention.end_char


def _read_field_answer(mentions: NoteMentions, mention: Mention) -> bool | None:
    trailing = trailing_box(mentions, mention)
    if trailing is not None:
        return trailing
    separator = _separator(mentions, mention)
    if separator is None or _blank_field(mentions, mention):
        return None
    words, ticked, boxes = _field_words(mentions, separator + 1)
    if ticked is not None:
        return _yes_or_no(ticked)
    if boxes and (not words or _all_boxes_empty(mentions, separator)):
        return False  # empty boxes only ("Time-out: [ ] done"): not done
    return _yes_or_no(words[0]) if words else None


def _option_box(mentions: NoteMentions, mention: Mention) -> bool | None:
    """Whether the box of a form's option is ticked: the box after it on a line of options
    followed by their boxes, the box just before it otherwise ("☒ Vasovagal"); None when
    the option has no box."""
    trailing = trailing_box(mentions, mention)
    return trailing if trailing is not None else box_before(mentions, mention)


def _all_boxes_empty(mentions: NoteMentions, separator: int) -> bool:
    """A field's value is only unticked options: "[ ] lidocaine [ ] none", "( ) Yes ( ) No"."""
    start = mentions.doc[separator].idx + 1
    end = mentions.doc_text.find("\n", start, start + _OPTIONS_CHARS)
    value = mentions.doc_text[start : start + _OPTIONS_CHARS if end < 0 else end]
    return _UNTICKED_OPTIONS.fullmatch(value) is not None


def _yes_or_no(word: str) -> bool | None:
    if word in _FIELD_NO:
        return False
    return True if word in _FIELD_YES else None


def _field_words(mentions: NoteMentions, start: int) -> tuple[list[str], str | None, int]:
    """The first words of a field's value up to the line end, the word after a ticked box
    (if any) and how many boxes the value holds."""
    doc = mentions.doc
    words: list[str] = []
    ticked, boxes, mark = None, 0, False
    for token in doc[start : min(start + _FIELD_REACH, len(doc))]:
        text = token.lower_
        if "\n" in token.text:
            break
        if text in _BOX_OPEN or text in _BOX_EMPTY:
            boxes += 1
            mark = text in _BOX_TICKED
        elif text in _BOX_MARKS:
            mark = True
        elif text in _BOX_CLOSE or token.is_space or (not words and text in _SEPARATOR_WORDS):
            continue
        else:
            if mark and ticked is None:
                ticked = text
            mark = False
            words.append(text)
    if ticked is None and mark:
        ticked = "yes"  # a ticked box with no word after it: "Time-out: [x]"
    return words, ticked, boxes


def _separator(mentions: NoteMentions, mention: Mention) -> int | None:
    """The token that separates a field's label from its value, None if the mention is no
    field label: "Time-out: No", "Informed consent obtained: ***", "| Time-out | No |",
    "timeout = N", and, for a label opening its line, "timeout,N" or "Time-out<tab>No"."""
    key = ("separator", *_bounds(mention))
    if key not in mentions.memo:  # asked by the field's answer, blank and label tests
        mentions.memo[key] = _find_separator(mentions, mention)
    return mentions.memo[key]


def _find_separator(mentions: NoteMentions, mention: Mention) -> int | None:
    doc = mentions.doc
    index = mention.end
    while index < min(mention.end + 2, len(doc)) and doc[index].lower_ in _LABEL_DONE_WORDS:
        index += 1  # "Informed consent obtained:", "Time out performed:"
    if index < len(doc) and doc[index].text == '"':
        index += 1  # a JSON key: "timeout": false
    if index >= len(doc):
        return None
    following = doc[index].text
    if following in _FIELD_SEPARATORS:
        return index
    before = _before_on_line(mentions.doc_text, mention.start_char)
    if following != "," and not (following.isspace() and "\t" in following):
        return _label_colon(doc, index, before)
    return index if before == "" else None


def _before_on_line(text: str, char: int) -> str | None:
    """The words before `char` on its line, None when the line starts farther back than a
    label reaches (looked at within a bounded window: a one-line note stays linear)."""
    window = max(char - _LABEL_CHARS, 0)
    line_start = text.rfind("\n", window, char) + 1
    if line_start == 0 and window > 0:
        return None
    return text[line_start:char].strip(" |\t-•*")


def _label_colon(doc, index: int, before: str | None) -> int | None:
    """The colon closing a label of a few words round the step's word ("Monitored in
    recovery: ***", "Patient observed in PACU: {Yes/No:123}"), None for prose."""
    if before is None or len(before.split()) > _LABEL_REACH:
        return None
    if not all(w.isalpha() for w in before.split()):
        return None
    for token in doc[index : min(index + _LABEL_REACH + 1, len(doc))]:
        if token.text == ":":
            return token.i
        if not (token.is_alpha or token.text == "-"):
            return None
    return None


def _is_field_label(mentions: NoteMentions, mention: Mention) -> bool:
    return _separator(mentions, mention) is not None


def _blank_field(mentions: NoteMentions, mention: Mention) -> bool:
    """A field whose value is a template blank: "Time-out performed: ***", or a label
    aligned with its blank by spaces or a dot leader alone ("Time-out ________" in a
    key-value block, "Time-out .......... ***")."""
    separator = _separator(mentions, mention)
    text = mentions.doc_text
    if separator is None:
        end = text.find("\n", mention.end_char)
        value = text[mention.end_char : len(text) if end < 0 else end].lstrip(" \t")
        # a dot leader to the blank ("Time-out .............. ***"); bold markup closing
        # right after a heading word ("**Recovery** (RN)") is no blank
        after_leader = _DOT_LEADER.sub("", value)
        return value.startswith(_FILL_IN_LINE) or (
            after_leader != value and after_leader.startswith(("**", _FILL_IN_LINE))
        )
    start = mentions.doc[separator].idx
    end = text.find("\n", start)
    value = text[start : len(text) if end < 0 else end].lstrip(" \t:=|,")
    return bool(_BLANK_VALUE.match(value))


def aborted_statements(mentions: NoteMentions) -> list[Mention]:
    """Today's text saying the procedure stopped before any needle or injection ("Procedure
    aborted prior to needle placement", "No needles were placed"). A sentence that names a
    level or a side is about that target only ("no needle was placed at C7-T1"), and so is
    one whose clauses joined by a semicolon do ("The procedure was stopped; C6-7 was not
    injected": a stop after the levels before it)."""
    return [
        m
        for m in mentions.of("ABORTED")
        # a stop is a stop whatever the sentence goes on to plan ("procedure aborted, pt
        # informed, rescheduled next wk"): the plan words are about the next date
        if m.is_today("procedure", ignore=_A_STOP_SAYS)
        and not any(mentions.in_sentence(sent, *_TARGET_LABELS) for sent in _clauses(mentions, m))
    ]


# contexts a stop statement keeps: its own negation, and a plan in the same sentence
_A_STOP_SAYS = frozenset({"NEGATED", "HYPOTHETICAL"})
_JOINED_CLAUSES = 3  # clauses read on each side of a stop statement


def _clauses(mentions: NoteMentions, mention: Mention) -> list[int]:
    """Starts of the sentence holding `mention` and of those a semicolon joins to it (the
    sentence step ends a sentence at a semicolon), a few on each side."""
    reading = mentions.reading
    found = [mention.sent]
    start = mention.sent
    for _ in range(_JOINED_CLAUSES):
        if start == 0 or reading.token(start - 1).text != ";":
            break
        start = reading.sentence_of(start - 1)
        found.append(start)
    start = mention.sent
    for _ in range(_JOINED_CLAUSES):
        end = reading.sentence_end(start)
        if end >= len(reading) or reading.token(end - 1).text != ";":
            break
        start = reading.sentence_of(end)
        found.append(start)
    return found


def no_procedure_statements(mentions: NoteMentions) -> list[Mention]:
    """The note saying no procedure was done at this visit ("No procedure today", "PROCEDURE
    DEFERRED", "None performed today", "declined further facet procedures today"), outside
    a pasted earlier note and not said of an earlier visit. Whether the visit really had no
    procedure also depends on what else the note says was done (see `extract`)."""
    return [
        m
        for m in mentions.of("NO_PROCEDURE")
        if m.section != PRIOR_NOTE
        and not m.context & _SAID_OF_ANOTHER_TIME
        # "None performed today" answers a procedure field, not a labs or sedation one
        and (m.value != _NONE_TODAY or m.section == "procedure")
        and (m.value != _NONE_FIELD or _answers_a_procedure_field(mentions, m))
    ]


def _answers_a_procedure_field(mentions: NoteMentions, mention: Mention) -> bool:
    """ "Procedures: None", "PROCEDURE TODAY: none.": the whole value of a procedure
    heading, not a word inside its description ("no complications, none noted")."""
    section = mentions.reading.section_at(mention.start_char)
    if section.category != "procedure" or section.header_end == section.start:
        return False
    if mention.start_char - section.header_end > _FIELD_VALUE_CHARS:
        return False  # looked at in bounded windows: a one-line note stays linear
    header = mentions.doc_text[max(section.start, section.header_end - 80) : section.header_end]
    before = mentions.doc_text[section.header_end : mention.start_char]
    window = mentions.doc_text[mention.end_char : mention.end_char + _FIELD_VALUE_CHARS]
    after = window.split("\n", 1)[0]
    return (
        _PROCEDURE_HEADER.search(header) is not None
        and not before.strip(" \t\n-*:•")
        and not after.strip(" \t.;")
    )


def _planned_procedure(mentions: NoteMentions) -> list[Mention]:
    """The procedure a procedure heading names as planned ("PROCEDURE PLANNED: ..."), else
    the one the stop itself negates ("Procedure: L cervical MBB C3-C6 -- ABORTED"): the
    procedure that was started."""
    planned = [
        m
        for m in mentions.of("PROCEDURE")
        if m.is_today("procedure", ignore=frozenset({"HYPOTHETICAL"})) and m.context
    ]
    return planned or [
        m
        for m in mentions.of("PROCEDURE")
        if m.is_today("procedure", ignore=_A_STOP_SAYS) and m.negated and _said_stopped(m)
    ]


def _said_stopped(mention: Mention) -> bool:
    """Whether the words that negate `mention` are a stop ("aborted", "abandoned")."""
    return any(
        category == "NEGATED" and _STOP_WORDS.search(words) is not None
        for category, words in mention.cues
    )


def extract_procedure(mentions: NoteMentions) -> tuple[Procedure | None, list[Evidence]]:
    """The procedure done today. RF lesioning of a non-facet target (sacroiliac lateral
    branches, stellate or sympathetic ganglia: an `other` procedure in the same sentence) is
    `other`. RF ablation wins when today's text describes lesioning (cannulae, stimulation,
    lesion temperature) or names RF at least as often as the medial branch block (RF notes
    name the medial branches they lesion); an MBB note naming RF once as its goal stays an
    MBB. Otherwise the most named wins. A procedure aborted before any needle is the one the
    note names as planned, and so is one scheduled in the heading that the description never
    names again."""
    found = today(mentions, "procedure", "PROCEDURE")
    if not found and aborted_statements(mentions):
        found = _planned_procedure(mentions)
    found = found or _scheduled_procedure(mentions)
    if not found:
        return None, []
    found = _facet_part(mentions, found, only=_FACET_TARGETS)
    other_sentences = {m.sent for m in found if m.value == "other"}
    non_facet_rf = _rf_of_non_facet_targets(mentions, found, other_sentences)
    values = [
        "other"
        if (m.value == "rf_ablation" and (non_facet_rf or m.sent in other_sentences))
        or (_names_no_facet(m) and m.sent in other_sentences)
        else m.value
        for m in found
    ]
    technique = today(mentions, "procedure", "RF_TECHNIQUE")
    if block_beside_rf(mentions) and "medial_branch_block" in values:
        # a block beside a same-day RF ablation is the procedure (conventions 3)
        technique = []
        kept = [(m, v) for m, v in zip(found, values, strict=True) if v != "rf_ablation"]
        found, values = [m for m, _ in kept], [value for _, value in kept]
    elif not technique and _rf_only_outside_the_heading(found, values):
        # "Procedure: right C4, C5 MBB" with RF only in an explanation or the plan ("we may
        # then discuss radiofrequency", "then RFA"): a block
        kept = [(m, v) for m, v in zip(found, values, strict=True) if v != "rf_ablation"]
        found, values = [m for m, _ in kept], [value for _, value in kept]
    counts = Counter(values)
    rf = counts["rf_ablation"]
    blocks = counts["medial_branch_block"]
    # RF notes name the medial branches they lesion, never an intra-articular injection; with
    # no lesioning described, a tie with a block named as a block ("TON block", "MBB") is the
    # block, RF being its plan or history ("Hx RFA 2022", "if positive, RFA")
    if rf and (
        technique
        or (
            (rf > blocks or (rf == blocks and not _names_a_block(found, values)))
            and rf > counts["facet_injection"]
        )
    ):
        best = "rf_ablation"
    else:
        best = max(counts, key=lambda value: (counts[value], -values.index(value)))
    evidence = [m.evidence for m, value in zip(found, values, strict=True) if value == best]
    return one_of(PROCEDURES, best), evidence[:3]


def _names_a_block(found: list[Mention], values: list[str]) -> bool:
    """Whether a medial branch mention names the block itself ("medial branch block", "MBB",
    "TON block"), not only the nerves an RF note lesions ("the medial branches")."""
    return any(
        value == "medial_branch_block" and _BLOCK_WORDS.search(m.text) is not None
        for m, value in zip(found, values, strict=True)
    )


def _rf_only_outside_the_heading(found: list[Mention], values: list[str]) -> bool:
    """Whether the procedure heading names a medial branch block and never RF, while RF is
    named only elsewhere with no lesioning described."""
    headed = {value for m, value in zip(found, values, strict=True) if m.section == "procedure"}
    return "medial_branch_block" in headed and "rf_ablation" not in headed


def _names_no_facet(mention: Mention) -> bool:
    """An intra-articular injection named without the word facet ("sacroiliac joint
    intra-articular injection"): beside another joint it is that joint's injection."""
    text = mention.text.lower()
    return mention.value == "facet_injection" and not any(w in text for w in _FACET_WORDS)


def _scheduled_procedure(mentions: NoteMentions) -> list[Mention]:
    """ "Procedure (as scheduled): bilateral C4-5 to C6-7 medial branch blocks" when the
    description never names the procedure again ("Right C5-6 target: needles placed ..."):
    the block scheduled for today. RF named only as a plan or goal is never today's."""
    return [
        m
        for m in mentions.of("PROCEDURE")
        if m.value != "rf_ablation"
        and m.is_today("procedure", ignore=frozenset({"HYPOTHETICAL"}))
        and m.section == "procedure"
    ]


def rf_of_a_non_facet_target(mentions: NoteMentions) -> bool:
    """Whether today's RF ablation is another procedure's (sacroiliac lateral branches,
    stellate ganglion): see `_rf_of_non_facet_targets`."""
    found = _facet_part(mentions, today(mentions, "procedure", "PROCEDURE"), only=_FACET_TARGETS)
    other_sentences = {m.sent for m in found if m.value == "other"}
    return _rf_of_non_facet_targets(mentions, found, other_sentences)


def _rf_of_non_facet_targets(
    mentions: NoteMentions, found: list[Mention], other_sentences: set[int]
) -> bool:
    """Whether today's RF targets only something other than the facet nerves: an RF sentence
    names a non-facet target ("sacroiliac joint radiofrequency ablation", "stellate ganglion
    pulsed radiofrequency") and none names a medial branch, the third occipital nerve or a
    facet procedure. Then every RF mention of the note is that other procedure's ("Pulsed
    radiofrequency was applied at 42 degrees C")."""
    rf_sentences = {m.sent for m in found if m.value == "rf_ablation"}
    if not rf_sentences & other_sentences:
        return False
    facet_words = [
        m
        for m in mentions.of("PROCEDURE", "NERVE")
        if m.sent in rf_sentences
        and m.is_today("procedure")
        and m.value
        in ("medial_branch_block", "facet_injection", "medial_branch", "third_occipital")
    ]
    return not facet_words


def extract_intent(mentions: NoteMentions) -> Intent | None:
    found = today(mentions, "procedure", "INTENT")
    values = {m.value for m in found}
    if len(values) == 1:
        return one_of(INTENTS, values.pop())
    return None


def extract_workflow(
    mentions: NoteMentions,
    skin_local_evidence: list[Evidence],
    sedation_drugs: Sequence[MedicationFact] = (),
    procedure: str | None = None,
) -> WorkflowFact:
    """Workflow steps of today's `procedure`; sedation from its own words ("IV sedation",
    "MAC") or, when the note names none, from the sedation drugs given ("midazolam 2 mg IV")."""
    fact = WorkflowFact()
    for mention in _workflow_acts(mentions, procedure):
        setattr(fact, mention.value, True)
        fact.evidence.setdefault(mention.value, []).append(mention.evidence)
    if skin_local_evidence:
        fact.local_anesthesia = True
        fact.evidence.setdefault("local_anesthesia", []).extend(skin_local_evidence)
    complication = _complication(mentions)
    if complication is not None:
        fact.complications, evidence = complication
        fact.evidence.setdefault("complications", []).append(evidence)
    sedation = [
        m
        for m in today(mentions, "workflow", "SEDATION")
        if not m.negated and not _is_field_label(mentions, m)
    ]
    if sedation:
        fact.sedation = sedation[0].text
        fact.evidence.setdefault("sedation", []).append(sedation[0].evidence)
    elif sedation_drugs:
        fact.sedation = ", ".join(drug.name for drug in sedation_drugs)
        fact.evidence["sedation"] = [drug.evidence[0] for drug in sedation_drugs if drug.evidence]
    return fact


def _workflow_acts(mentions: NoteMentions, procedure: str | None = None) -> list[Mention]:
    """Workflow flags documented for today. A step written as done ("consent was signed",
    "was observed for 20 minutes") is today's even in a background paragraph or a sentence
    that goes on to the plan; monitoring during the procedure is not post-procedure
    observation."""
    drugs = PositionIndex(m for m in mentions.of("DRUG") if m.is_today("medications"))
    recovery_sentences = {
        m.sent for m in mentions.of("WORKFLOW") if m.value == "observation" and _names_a_stay(m)
    }
    watched = {m.sent for m in mentions.of("WATCHED")}
    denials = _denied_steps(mentions)
    found = []
    for mention in mentions.of("WORKFLOW"):
        if mention.value.endswith(_FIELD_ONLY):
            # "Prep: Y": a label that documents its step only by a yes in its field
            if mention.is_today("workflow") and _field_answer(mentions, mention) is True:
                found.append(replace(mention, value=_field_step(mention)))
            continue
        if mention.value not in _WORKFLOW_FLAGS:
            continue
        if not (_today_step(mentions, mention) or stated_as_done(mentions, mention)):
            continue
        if _outweighed_by_denial(mentions, mention, denials):
            continue
        if mention.value == "consent" and _for_another_procedure(mentions, mention, procedure):
            continue  # "cx for RFA signed today" at a block visit: the next procedure's consent
        stay = mention.sent in recovery_sentences
        if mention.value == "observation" and _between_parts(mentions, mention):
            continue
        if mention.value == "observation" and not stay and mention.sent in watched:
            continue  # "no vascular uptake was observed", "monitoring throughout"
        if (
            mention.value == "observation"
            and not stay
            and _during_procedure(mentions, mention, drugs)
        ):
            continue
        if _field_answer(mentions, mention) is False or _blank_field(mentions, mention):
            continue  # "Time-out: [ ]", "Time-out: not recorded", "Time-out: ***"
        if _ABSENT_AFTER.match(mentions.text, mention.end_char, mention.end_char + _LABEL_CHARS):
            continue  # "consent -", "TO - ;": a minus after the step marks it not done
        if mention.value == "observation" and _answered_by_discharge(mentions, mention):
            continue  # "obs: d/c home": a discharge, not an observation period
        found.append(mention)
    return found


def _for_another_procedure(mentions: NoteMentions, mention: Mention, procedure: str | None) -> bool:
    """A consent whose line names only procedures of another kind than today's ("consent for
    RFA signed" when today is a block, or when nothing was done today)."""
    named = {
        _PROCEDURE_KIND.get(m.value, m.value)
        for m in mentions.in_sentence(mention.sent, "PROCEDURE")
        if _same_line(mentions.text, m, mention) and _same_clause(mentions, m, mention)
    }
    return bool(named) and _PROCEDURE_KIND.get(procedure or "", procedure) not in named


# what ends a clause of a consent line: "Consent signed, a diagnostic block / RFA later"
_CLAUSE_BREAKS = frozenset({",", "/", ";", "."})


def _same_clause(mentions: NoteMentions, one: Mention, other: Mention) -> bool:
    """No comma, slash or semicolon between the two: "cx for RFA signed", not "consent
    signed, RFA later if relief"."""
    first, second = sorted((one, other), key=lambda m: m.start)
    return not any(t.text in _CLAUSE_BREAKS for t in mentions.doc[first.end : second.start])


def _same_line(text: str, one: Mention, other: Mention) -> bool:
    start, end = sorted((one.start_char, other.start_char))
    return "\n" not in text[start:end]


def _answered_by_discharge(mentions: NoteMentions, mention: Mention) -> bool:
    separator = _separator(mentions, mention)
    if separator is None:
        return False
    start = mentions.doc[separator].idx + 1
    return _DISCHARGE_ANSWER.match(mentions.text, start, start + _OPTIONS_CHARS) is not None


def _today_step(mentions: NoteMentions, mention: Mention) -> bool:
    """Today's, where a box after the step ("Time-out ☐") answers for it rather than a box
    before it, whose option is the one before the step."""
    if mention.is_today("workflow"):
        return True
    if "UNSELECTED" not in mention.context:
        return False
    return mention.is_today("workflow", ignore=frozenset({"UNSELECTED"})) and (
        trailing_box(mentions, mention) is not None
    )


def _field_step(mention: Mention) -> str:
    return mention.value.removesuffix(_FIELD_ONLY)


def _denied_steps(mentions: NoteMentions) -> dict[str, set[int]]:
    """Steps today's text says were not done ("She declined skin local anesthetic", "No
    local anesthetic, contrast or injectate was administered", "Skin local: none"), with the
    sentences saying so."""
    denied: dict[str, set[int]] = {}
    for mention in mentions.of("WORKFLOW"):
        step = _field_step(mention)
        if step not in _WORKFLOW_FLAGS:
            continue
        if not mention.is_today("workflow", ignore=NEGATION_CONTEXTS):
            continue
        # an unticked option ("Prep: [X] ChloraPrep [ ] Betadine") is a choice not made,
        # not a step denied
        if _answers_for_complications(mentions, mention):
            continue
        if step == "sterile_prep" and mention.text.lower() in _DRAPE_WORDS:
            continue  # "Alcohol prep + Betadine, no drape": the skin prep is the step
        if _field_answer(mentions, mention) is False or (
            "NEGATED" in mention.context and not _ambiguous_label(mentions, mention)
        ):
            denied.setdefault(step, set()).add(mention.sent)
    return denied


def _answers_for_complications(mentions: NoteMentions, mention: Mention) -> bool:
    """'Cx: none': 'cx' abbreviates complications as often as consent, and a field of
    that label answered 'none' is the complications line, not a consent refused."""
    if mention.value not in _AMBIGUOUS_FIELDS or _field_step(mention) != "consent":
        return False
    separator = _separator(mentions, mention)
    if separator is None:
        return False
    words, _, _ = _field_words(mentions, separator + 1)
    return bool(words) and words[0] in _NO_EVENT_ANSWERS


def steps_denied(mentions: NoteMentions) -> set[str]:
    """The workflow steps today's text says were not done ("No time-out, no prep")."""
    return set(_denied_steps(mentions))


def _ambiguous_label(mentions: NoteMentions, mention: Mention) -> bool:
    """A field-only abbreviation that stands for other words outside a field: "no cx" is
    "no complications" as often as "no consent", so it denies nothing."""
    return mention.value in _AMBIGUOUS_FIELDS and not _is_field_label(mentions, mention)


def _outweighed_by_denial(
    mentions: NoteMentions, mention: Mention, denials: dict[str, set[int]]
) -> bool:
    """A step the note says was not done is documented only by a statement that it was
    ("the skin was anesthetized"), never by a passing mention: the reason for declining it
    ("the skin wheal bothers her"), or a time reference ("before skin infiltration the
    patient became pale"). In the sentence of the denial itself nothing outweighs it."""
    sentences = denials.get(mention.value)
    if not sentences or mention.negated:
        return False
    return mention.sent in sentences or not stated_as_done(mentions, mention)


def _between_parts(mentions: NoteMentions, mention: Mention) -> bool:
    reading = mentions.reading
    start = reading.token(mention.sent).idx
    end_token = reading.sentence_end(mention.sent)
    end = reading.token(end_token - 1).idx + len(reading.token(end_token - 1).text)
    return _BETWEEN_PARTS.search(mentions.doc_text[start:end]) is not None


def _names_a_stay(mention: Mention) -> bool:
    """ "monitored in recovery", "observed for": words that only describe a stay afterwards."""
    return any(word in mention.text.lower() for word in _STAY_WORDS)


def _during_procedure(mentions: NoteMentions, mention: Mention, drugs: PositionIndex) -> bool:
    """Monitoring followed, in the same paragraph, by an injection of today's procedure
    ("the patient was monitored, then the left side was done") is not post-procedure
    observation; a form's "Observation" field above the drug table is."""
    if mention.section == "post_procedure":
        return False
    later = drugs.first_starting_at(mention.end)
    if later is None or later.sent == mention.sent:
        return False
    between = mentions.doc_text[mention.end_char : later.start_char]
    return _PARAGRAPH_BREAK.search(between) is None


# complication mentions that say what happened: an event named, or the signs of one
_EVENTS = frozenset({"event", "sign"})


def _complication(mentions: NoteMentions) -> tuple[str, Evidence] | None:
    """What happened today: an adverse event's words, "none" when the note says there was
    none, None when it does not say. A consent's risk list ("risks including bleeding") and
    an unticked box are not events."""
    events: list[Mention] = []
    denials: list[Mention] = []
    anchors = [
        m for m in mentions.of("RISK", "WORKFLOW") if m.label == "RISK" or m.value == "consent"
    ]
    risk_lists = {m.sent for m in anchors}
    for mention in mentions.of("COMPLICATION"):
        if not mention.is_today("workflow", ignore=frozenset({"NEGATED", "UNSELECTED"})):
            continue
        if _in_a_risk_list(mention, anchors):
            continue
        if _continues_a_risk_list(mentions, mention, risk_lists):
            continue
        if _answers_a_stimulation_test(mentions, mention):
            continue
        if mention.value == "report":
            filed = _report_filed(mentions, mention)
            if filed is not None:
                (events if filed else denials).append(mention)
            continue
        if _heads_a_screen(mentions, mention):
            # a screen's heading over its options: its ticked "None" denies, a ticked event
            # is read from its own box
            if none_ticked(mentions, mention) or none_ticked_below(mentions, mention):
                denials.append(mention)
            continue
        if mention.value == "event":
            ticked = _option_box(mentions, mention)
            if ticked is not None:  # an option of a form: its box says whether it happened
                if ticked:
                    events.append(mention)
                continue
        if mention.negated or _denied(mentions, mention):
            denials.append(mention)
        elif mention.value == "event" or not _is_field_label(mentions, mention):
            events.append(mention)
    if events:
        # an event the note names ("vasovagal") over the report filed about it and the
        # signs it describes it by
        named = (
            [m for m in events if m.value not in ("sign", "report")]
            or [m for m in events if m.value == "report"]
            or events
        )
        return named[0].text, named[0].evidence
    if denials:
        return "none", denials[0].evidence
    return None


# the words after a complication's word that make it a form's screen of events ("Adverse
# event screen", "Complications checklist"), answered by the options it lists
_SCREEN_WORDS = frozenset({"screen", "screening", "checklist"})
# what answers an event report's field with no report ("Incident report: N/A")
_NO_REPORT_ANSWERS = _FIELD_NO | {"n/a", "na"}


def _heads_a_screen(mentions: NoteMentions, mention: Mention) -> bool:
    """ "ADVERSE EVENT SCREEN" over a line of "[X] None [ ] Vasovagal": the heading of a
    form's list of events, not an event."""
    doc = mentions.doc
    return (
        mention.value not in _EVENTS
        and mention.end < len(doc)
        and doc[mention.end].lower_ in _SCREEN_WORDS
    )


def _report_filed(mentions: NoteMentions, mention: Mention) -> bool | None:
    """Whether an event or incident report was filed today ("EVENT REPORT #AE-0412",
    "documented in the incident log"): an event happened. False when the note says no
    report ("no incident report needed", "Event report: none"), None for a blank field."""
    if mention.negated or _denied(mentions, mention):
        return False
    separator = _separator(mentions, mention)
    if separator is None:
        return True
    if _blank_field(mentions, mention):
        return None
    words, ticked, _ = _field_words(mentions, separator + 1)
    answer = ticked if ticked is not None else (words[0] if words else None)
    if answer is None:
        return None
    return answer not in _NO_REPORT_ANSWERS


# how far before an event its sentence's stimulation test may stand ("Sensory 50 Hz:
# paresthesia in the posterior shoulder")
_STIMULATION_TOKENS = 6


def _answers_a_stimulation_test(mentions: NoteMentions, mention: Mention) -> bool:
    """A paresthesia a nerve's stimulation test draws before an RF lesion ("Sensory 50 Hz:
    paresthesia in the posterior shoulder at 0.4 V"): the test's answer, not an event."""
    return any(
        test.sent == mention.sent
        and test.end <= mention.start
        and mention.start - test.end <= _STIMULATION_TOKENS
        for test in mentions.in_sentence(mention.sent, "STIMULATION_TEST")
    )


# how far from the consent or its "risks" a risk list's item may sit: a list runs some
# twenty words; a run-on dictation that carries on past it to the procedure and what
# happened ("... consent was signed and we did the time out ... she had a vasovagal
# reaction") tells events, not risks
_RISK_LIST_TOKENS = 40


def _in_a_risk_list(mention: Mention, anchors: list[Mention]) -> bool:
    """An item of the consent's risk list: in the sentence of the consent or its "risks",
    near enough to be one of the risks listed."""
    return any(
        anchor.sent == mention.sent
        and min(abs(mention.start - anchor.end), abs(anchor.start - mention.end))
        <= _RISK_LIST_TOKENS
        for anchor in anchors
    )


# how far into its sentence a risk list's next item may sit ("bleeding, failure.")
_LIST_CONTINUATION_TOKENS = 12
_SENTENCE_END = frozenset({".", "!", "?"})
# what closes an item of a list that goes on ("bleeding or hematoma,"), and how far back its
# risk list's head may stand
_LIST_ITEM_ENDS = frozenset({",", ";"})
_WRAPPED_LIST_TOKENS = 80


def _continues_a_risk_list(mentions: NoteMentions, mention: Mention, risk_lists: set[int]) -> bool:
    """An item near the start of a sentence that carries on the risk list of the sentence
    before it, cut off at a line break or an abbreviation ("risks including pneumothorax,
    infection," / "bleeding and steroid effects."; "risks incl." / "infection, bleeding"),
    or of a sentence further back when the items between were read as sentences of their
    own, each closed by a comma ("including:" / "bleeding or hematoma," / "infection," /
    "vasovagal reaction,")."""
    if mention.sent == 0 or mention.start - mention.sent > _LIST_CONTINUATION_TOKENS:
        return False
    doc = mentions.doc
    sent = mention.sent
    while sent > 0 and mention.start - sent <= _WRAPPED_LIST_TOKENS:
        previous = mentions.reading.sentence_of_char(doc[sent].idx - 1)
        last = next((t for t in reversed(doc[previous:sent]) if not t.is_space), None)
        if last is None:
            return False
        if previous in risk_lists:
            risk_at_end = any(m.sent == previous and sent - m.end <= 3 for m in mentions.of("RISK"))
            return last.text not in _SENTENCE_END or risk_at_end
        if last.text not in _LIST_ITEM_ENDS:
            return False
        sent = previous
    return False


def _denied(mentions: NoteMentions, mention: Mention) -> bool:
    """ "No complications", "without complication", "Complications: [X] None"."""
    doc = mentions.doc
    nearby = _WORDS.findall(
        mentions.between(max(mention.start - 3, mention.sent), mention.start).lower()
    )
    following = [t for t in doc[mention.end : min(mention.end + 6, len(doc))] if not t.is_space]
    if _is_field_label(mentions, mention):
        ticked = none_ticked(mentions, mention)
        if ticked is not None:
            return ticked
        answer = [t.lower_ for t in following[1:] if t.lower_ not in _CHECKBOX_MARKS]
        return bool(answer) and answer[0] in _NEGATING_WORDS
    # in prose only the words after it on its own written line count: the next line's "no
    # block needle placed" says nothing of this event, even where wrapped lines were joined
    line_end = mentions.text.find("\n", mention.end_char, mention.end_char + _LABEL_CHARS)
    heading = (
        mention.value not in _EVENTS
        and line_end >= 0
        and not mentions.text[mention.end_char : line_end].strip(" :")
    )
    after = [t.lower_ for t in following[:1] if heading or line_end < 0 or t.idx < line_end]
    if mention.value not in _EVENTS and _opened_by_minus(mentions, mention):
        return True
    if mention.value in _EVENTS and _answered_no(following, line_end):
        return True
    return bool(_NEGATING_WORDS & set(nearby + after))


# what separates a screened event from its answer ("vasovagal - no", "Bleeding: no")
_ANSWER_SEPARATORS = frozenset({"-", "–", "—", ":", "="})
_NO_ANSWERS = frozenset({"no", "none", "nil", "neg", "negative", "n"})
_ANSWER_ENDS = frozenset({";", ",", ".", "|", "/", ")"})


def _answered_no(following: list, line_end: int) -> bool:
    """An event of a screen answered no on its line ("vasovagal - no; bleeding - no"): the
    answer alone after its separator, not the start of a description ("vasovagal: no loss
    of consciousness")."""
    words = [t for t in following[:3] if line_end < 0 or t.idx < line_end]
    if len(words) < 2 or words[0].text not in _ANSWER_SEPARATORS:
        return False
    if words[1].lower_ not in _NO_ANSWERS:
        return False
    return len(words) == 2 or words[2].text in _ANSWER_ENDS


def _opened_by_minus(mentions: NoteMentions, mention: Mention) -> bool:
    """ "- comp": a minus opening the line marks the item absent (an event after a bullet
    dash, "- vasovagal episode", is still an event)."""
    window = max(mention.start_char - _LABEL_CHARS, 0)
    line_start = mentions.text.rfind("\n", window, mention.start_char) + 1
    return mentions.text[line_start : mention.start_char].strip() in _ABSENT_MARKS
