"""Medications with concentration, volume (per level or total, as written) and dose.

Drug names come from the vocabulary table (`patterns/vocabulary/drugs.jsonl`); the
quantities from `patterns/medications.jsonl`. Within a sentence each quantity belongs to
one drug by position: "0.5 mL of 0.5% bupivacaine" (before, joined by "of"),
"bupivacaine 0.5%, 0.5 mL" (after the drug), and a volume written after a mixture
("a 1:1 mixture of ... , 0.5 mL per joint") belongs to every drug in it, unless the drugs'
own amounts beside it add up to it ("1 mL (Kenalog-40 0.5 mL + bupivacaine 0.5 mL)"). A
volume in a sentence that names no drug ("0.5 mL was injected at each level") goes to the injectate
drugs that have none yet. Contrast agents, diluents ("2 mL preservative-free saline
with 1 mL dexamethasone") and other fluids (blood loss, an IV bolus) take their own volumes
but are not listed. A
volume without "total" is a volume per level, whatever the target: a joint, a nerve, the one
space of an epidural, or the skin ("1 mL of 1% lidocaine to the skin"); only a written total
is a total. Drugs given for sedation or anxiolysis (midazolam, fentanyl, propofol) are the
sedation service, not the injectate: read like any drug, so that they keep their own doses,
then set apart.

A local anaesthetic is the skin infiltration when a skin cue stands near it ("skin wheals",
"skin local:"); a weak cue ("anesthetized", the class name "local anesthetic") counts only
when no injection target ("each nerve", "per joint") is named beside it. A product that
carries its strength ("Kenalog-40", "Depo-Medrol 80") implies the concentration. In a
combined session the other procedure's paragraph (trigger points, an occipital block, a
lumbar block in a cervical session) holds no facet medications. Every look-around is a
bounded search over mentions indexed by position, so the time is linear in the note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from checker.extract.boxes import trailing_box
from checker.extract.mentions import NOT_TODAY, Mention, NoteMentions
from checker.extract.narrative import is_today, procedure_narratives
from checker.extract.positions import PositionIndex
from checker.extract.sessions import inside, later_item_stretches, other_procedure_stretches
from checker.models import ROLES, Evidence, MedicationFact, Role, one_of
from checker.resources import load_rows

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# a row of an administration record opens with the clock time it was given ("0815 | ...")
_TIMED_ROW = re.compile(r"[ \t]*(?:[01]\d|2[0-3]):?[0-5]\d\b")
# what parts two columns of a record's row: a bar, or a run of spaces between words
_COLUMN_GAP = re.compile(r"\||\S[ \t]{2,}\S")
# a cross right after a drug marks it not given ("Skin lido ✗ (pt declined)")
_CROSSED_OUT = re.compile(r"[ \t]*[✗✘]")
# A field of a record: "  Dose: 1.5 mL", "- Volume: 0.5 mL", "Site: right C4-5 (0.5 mL each)".
_FIELD_LINE = re.compile(r"[ \t]*(?:[-•*][ \t]*)?[A-Za-z][\w /()%.\-]{0,30}:[ \t]")
_RECORD_CHARS = 400  # characters from a record's drug to its last field, at most
_RECORD_LINES = 4  # field lines of a drug's record below the line naming the drug
_NUMBER = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_FRACTION = re.compile(r"(\d)/(\d)")
_BARE_DECIMAL = re.compile(r"^0?\.\d+$")  # ".5", "0.75": a strength below 1 with no unit
_MAX_PERCENT_STRENGTH = 10  # local anaesthetics are sold at 0.2-5%; a larger percent is relief
_SPOKEN_DIGITS = re.compile(r"\d+(?: \d(?!\d))*(?![\d.])")
# What takes a volume: drugs, contrast, diluents and other fluids ("EBL: less than 5 mL").
_SINKS = ("DRUG", "CONTRAST_AGENT", "CONTRAST", "DILUENT", "FLUID")
_MIXTURE_REACH = 12  # "0.5 mL of a one-to-one mixture of 0.5% bupivacaine and ..."
_ORPHAN_REACH = 10  # tokens from a drug to a volume in the clause after it
_RECORD_REACH = 12  # tokens from a drug's field to a concentration field below it
_MIXTURE_SPAN = 30  # tokens from a mixture's volume to the drugs mixed in it
_FORWARD_REACH = 3  # "2cc 1% preservative free lido"
_GAP_CAP = 16  # words: farther than a quantity reaches back or forward
_CLAUSE_BREAKS = frozenset(
    {",", ";", ":", "(", ")", "and", "then", "with", "w/", "+", "plus", "total"}
)
# words joining the items of a list of drugs, each with its own amounts
_ITEM_JOINERS = frozenset({"+", "plus", "and", "&"})
# A volume written without its unit in a per-target statement: "(0.5 depo / 0.5 bupi)" after
# "1cc per jt", "kenalog 40 0.5 + bupi .5% 0.5 per jt". A decimal or a small whole number,
# as the unit-less volume patterns read before "ea" / "per nerve".
_UNIT_LESS = re.compile(r"^(?:\d?\.\d+|[1-3](?:\.\d+)?)$")
# what stands before a unit-less amount that names the drug after it ("(0.5 depo")
_LIST_OPENERS = frozenset({"(", "[", "/", "+", ",", ";", ":", "&", "and", "plus"})
# what follows a unit-less amount after a drug's strength ("kenalog 40 0.5 + bupi")
_LIST_CLOSERS = frozenset({"+", ",", ";", "/", "&", "and", "plus", ")", "]"})
# a volume whose own words say it is per target: "0.5 per jt", "0.3 ea", "1 mL/level"
_PER_TARGET_TAIL = re.compile(r"(?:\b(?:ea|each|apiece)\.?|\bper\s+\S+|/\s*\S+)$", re.IGNORECASE)
# A number after a brand followed by one of these is a dose or a written strength.
_STRENGTH_UNITS = frozenset(
    {"mg", "mgs", "milligrams", "milligram", "mg/ml", "mcg", "%", "ml", "cc", "percent"}
)
_DRUG_CLASS_NAMES = frozenset(
    {"local anesthetic", "local anaesthetic", "local anesthesia", "local anaesthesia"}
)
_TARGET_WORDS = ("nerve", "joint", "level", "target", "facet", "branch", "cannula")
# words of a per-site cue that name the skin's sites, not the block's targets
_SKIN_SITES = ("entry", "skin")
# a skin word this many tokens or fewer after a drug's name belongs to that drug
_SKIN_AFTER_DRUG_TOKENS = 2
_EACH = "each"  # a volume's kind when a per-target cue stands nearest it
_TIMES = "times"  # a per-target cue that multiplies: "0.5 mL x 4 joints = 2 mL total"
_FACTOR_REACH = 3  # tokens from a multiplication sign back to its factor ("0.5 mL each x 6")
_FORM_REACH = 3  # tokens from a drug to its form: "lidocaine 5% patch", "Lidoderm 700 mg patch"
_BOXED = frozenset({"UNSELECTED"})  # a box's context, read by the box's layout instead
# per-target cues that name no target ("each", "ea"): "each morning" is a home dose's time
_UNNAMED_TARGETS = frozenset({"each", "ea", "apiece", "respectively"})
_MED_LIST = "home_meds"  # the section of a medication list ("Meds:", "Current medications:")
_NEAR = 14  # tokens within which a skin cue makes a local anaesthetic the skin infiltration
_LONGEST_CUE = 4  # tokens of the longest skin cue ("local anesthesia")


@cache
def drug_roles() -> dict[str, Role]:
    return {
        row["generic"]: one_of(ROLES, row["role"]) for row in load_rows("vocabulary/drugs.jsonl")
    }


@cache
def sedation_drugs() -> frozenset[str]:
    """Generic names of the drugs the vocabulary marks as given for sedation."""
    rows = load_rows("vocabulary/drugs.jsonl")
    return frozenset(row["generic"] for row in rows if row.get("given_for") == "sedation")


def split_sedation(
    found: list[MedicationFact],
) -> tuple[list[MedicationFact], list[MedicationFact]]:
    """(medications, sedation drugs): a sedation drug is not a medication of the procedure."""
    sedation = sedation_drugs()
    return (
        [m for m in found if m.name not in sedation],
        [m for m in found if m.name in sedation],
    )


def number_in(text: str) -> float | None:
    lowered = text.lower()
    if lowered.startswith("half") or lowered.startswith("1/2"):
        return 0.5
    if lowered.startswith("point "):  # dictated "point 5 percent", "point 2 5 percent"
        digits = _SPOKEN_DIGITS.match(lowered[6:])
        return float("0." + digits.group().replace(" ", "")) if digits else None
    fraction = _FRACTION.search(text)
    if fraction and not _NUMBER.match(text[: fraction.start()] or "x"):
        return round(int(fraction.group(1)) / int(fraction.group(2)), 3)
    match = _NUMBER.search(text)
    return float(match.group()) if match else None


def format_concentration(mention: Mention) -> str | None:
    value = number_in(mention.norm)
    if value is None:
        return None
    return f"{value:g}%" if mention.value == "percent" else f"{value:g} mg/mL"


def _a_strength(mention: Mention) -> bool:
    """A percent above any injectable strength ("90% x 6h w/ lido", "post 3 (60%)") is a
    relief, never the drug's concentration."""
    value = number_in(mention.norm)
    return mention.value != "percent" or (value is not None and value <= _MAX_PERCENT_STRENGTH)


@dataclass(frozen=True)
class StatedStrength:
    """A product name that carries its strength: "Kenalog-40", "Depo-Medrol 80"."""

    drug: Mention
    generic: str
    concentration: str  # "40 mg/mL"
    evidence: Evidence
    end: int  # the token after the strength


@cache
def product_strengths() -> dict[str, tuple[str, frozenset[int]]]:
    """Brand name -> (generic, strengths in mg/mL) from the vocabulary table."""
    table = {}
    for row in load_rows("vocabulary/drugs.jsonl"):
        for brand, strengths in row.get("product_strengths", {}).items():
            table[brand] = (row["generic"], frozenset(strengths))
    return table


@cache
def percent_shorthands() -> dict[str, frozenset[float]]:
    """Generic -> the percent strengths a quick-entry note may write as a bare decimal."""
    return {
        row["generic"]: frozenset(row["percent_shorthand"])
        for row in load_rows("vocabulary/drugs.jsonl")
        if "percent_shorthand" in row
    }


def _shorthand_percent(mentions: NoteMentions, drug: Mention) -> StatedStrength | None:
    """ "bupi .5 0.5cc", "ropi .2 -- 0.5 each": a bare decimal right after a local
    anaesthetic is its strength in percent when the drug is sold in that strength and what
    follows is no unit or per-target cue (then the number is a volume: "bupi 0.5 ea")."""
    strengths = percent_shorthands().get(drug.value)
    doc = mentions.doc
    if strengths is None or drug.end >= len(doc):
        return None
    number = doc[drug.end]
    if not _BARE_DECIMAL.match(number.text) or float(number.text) not in strengths:
        return None
    following = doc[number.i + 1] if number.i + 1 < len(doc) else None
    if following is not None and not (
        following.like_num or following.is_punct or following.is_space or following.text == "->"
    ):
        return None
    end_char = number.idx + len(number.text)
    evidence = Evidence(
        start=drug.start_char, end=end_char, text=mentions.text[drug.start_char : end_char]
    )
    return StatedStrength(drug, drug.value, f"{float(number.text):g}%", evidence, number.i + 1)


def stated_strengths(mentions: NoteMentions) -> list[StatedStrength]:
    """Drug names followed by their product strength ("Kenalog-40", "Depo-Medrol 80") and no
    unit: "Kenalog 40 mg" is a dose of 40 mg, "Kenalog 40 mg/mL" a written concentration.
    A local anaesthetic's bare decimal ("bupi .5") is its strength in percent."""
    doc, table = mentions.doc, product_strengths()
    found = []
    for drug in mentions.of("DRUG"):
        shorthand = _shorthand_percent(mentions, drug)
        if shorthand is not None:
            found.append(shorthand)
            continue
        # a misspelt brand ("kenolog 40") carries its strength as the brand it was read as
        entry = table.get(drug.text.lower()) or table.get(
            " ".join(token.norm_ for token in doc[drug.start : drug.end])
        )
        if entry is None:
            continue
        index = drug.end + (1 if drug.end < len(doc) and doc[drug.end].text == "-" else 0)
        if index < len(doc) and doc[index].is_space and index == drug.end:
            index += 1  # "Depo-Medrol" at a line's end, "80" opening the next line
        # the token's norm: a strength dictated as a word ("Kenalog forty") is its digits
        number = doc[index].norm_ if index < len(doc) else ""
        if not (number.isascii() and number.isdigit()):
            continue
        following = doc[index + 1].lower_ if index + 1 < len(doc) else ""
        generic, strengths = entry
        if int(number) in strengths and following not in _STRENGTH_UNITS:
            end_char = doc[index].idx + len(doc[index].text)
            evidence = Evidence(
                start=drug.start_char,
                end=end_char,
                text=mentions.text[drug.start_char : end_char],
            )
            found.append(StatedStrength(drug, generic, f"{number} mg/mL", evidence, index + 1))
    return found


def _skin_cue(mention: Mention) -> str | None:
    """ "strong" for words of the skin ("skin", "wheal", "skin local"), "weak" for an act or
    the drug class, None for any other mention."""
    if mention.label == "SKIN":
        return "weak" if mention.value == "skin_action" else "strong"
    if mention.label == "EACH" and any(word in mention.text.lower() for word in _SKIN_SITES):
        return "strong"  # "raised at each entry site", "per skin site": the skin's sites
    if mention.label == "WORKFLOW" and mention.value == "local_anesthesia":
        return "weak" if mention.text.lower() in _DRUG_CLASS_NAMES else "strong"
    if mention.label == "WORKFLOW" and mention.value == "local_anesthesia_field":
        return "weak"  # "Anesthesia: Local (lidocaine 1%) + MAC": the local the skin was given
    return None


def _written_after_another_drug(cue: Mention, anchor: Mention, sentence: _Sentence) -> bool:
    """A skin word written just after another drug and its amount ("1 mL lidocaine skin",
    "lidocaine 1% to skin"): it says where that drug went, not a drug named after it."""
    return any(
        drug.value != anchor.value and drug.end <= cue.start
        for drug in sentence.drugs.within(cue.start - _SKIN_AFTER_DRUG_TOKENS - 1, cue.start)
    )


def _volume_cue(mention: Mention) -> bool:
    """A cue that says a volume is per target or a total; "injected in divided doses" (given
    in increments, aspirating between) says neither."""
    return mention.label == "EACH" or (mention.label == "TOTAL" and mention.value != "incremental")


def _names_a_target(mention: Mention) -> bool:
    """The block's target: a nerve, an intra-articular injection, "per joint", "each level",
    a lesion site ("each site was anesthetized with 2% lidocaine prior to lesioning")."""
    if mention.label == "NERVE" or (
        mention.label == "PROCEDURE" and mention.value == "facet_injection"
    ):
        return True
    if mention.label in ("PROCEDURE", "RF_TECHNIQUE") and mention.text.lower().startswith("lesion"):
        return True
    return mention.label == "EACH" and any(word in mention.text.lower() for word in _TARGET_WORDS)


@dataclass
class _Draft:
    name: str
    role: Role
    mentions: list[Mention]
    concentration: str | None = None
    per_level: float | None = None
    per_level_cued: bool = False  # said to be per target ("each", "per joint")
    own_amount: bool = False  # its own amount in a mixture ("0.5 depo / 0.5 bupi")
    targeted: bool = False  # named beside an injection target ("each nerve", "per joint")
    row_amounts: list[tuple[float, Evidence]] = field(default_factory=list)  # on timed rows
    total: float | None = None
    dose: float | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class _Sentence:
    """Today's mentions of one sentence, indexed by position."""

    mentions: list[Mention]
    sinks: PositionIndex
    drugs: PositionIndex
    volume_cues: PositionIndex  # "each", "per joint", "total"
    role_cues: PositionIndex  # skin cues and injection targets
    mixture: bool
    composition: int | None  # end of the first "a solution containing" cue

    @classmethod
    def of(cls, mentions: list[Mention]) -> _Sentence:
        return cls(
            mentions=mentions,
            sinks=PositionIndex(m for m in mentions if m.label in _SINKS),
            drugs=PositionIndex(m for m in mentions if m.label == "DRUG"),
            volume_cues=PositionIndex(m for m in mentions if _volume_cue(m)),
            role_cues=PositionIndex(
                m for m in mentions if _skin_cue(m) is not None or _names_a_target(m)
            ),
            # "of injectate (" names what the bracket holds, not that drugs were mixed
            mixture=any(m.label == "MIXTURE" and m.value != "vehicle" for m in mentions),
            composition=next((m.end for m in mentions if m.label == "COMPOSITION"), None),
        )


class MedicationExtractor:
    def __init__(
        self, mentions: NoteMentions, facet_session: bool = True, procedure: str | None = None
    ) -> None:
        """`facet_session`: the procedure checked is facet work; when it is not (an SI joint
        RF, a stellate block), only a later numbered item naming another procedure belongs
        to another procedure; `procedure` is the one checked."""
        self.mentions = mentions
        self.roles = drug_roles()
        self.mixtures = PositionIndex(mentions.of("MIXTURE"))
        self.volumes = PositionIndex(mentions.of("VOLUME"))
        self.all_drugs = PositionIndex(mentions.of("DRUG"))
        self.forms = PositionIndex(mentions.of("DRUG_FORM"))
        self.skin_words = PositionIndex(
            m for m in mentions.of("SKIN") if _skin_cue(m) == "strong" and m.is_today("medications")
        )
        self.strengths = stated_strengths(mentions)
        self.strength_ends = {s.drug.start: s.end for s in self.strengths}
        self.quantity_tokens = {
            i for m in mentions.of("CONCENTRATION", "DOSE") for i in range(m.start, m.end)
        }
        # a product strength ("Kenalog-40") stands between a drug and its volume like a
        # written concentration does: no word of the gap
        self.quantity_tokens.update(i for s in self.strengths for i in range(s.drug.end, s.end))
        self.own_amounts: set[int] = set()  # unit-less per-drug amounts, by token start
        self.own_totals: set[int] = set()  # each drug's share of a written total, by start
        self.other_stretches = (
            other_procedure_stretches(mentions)
            if facet_session
            else later_item_stretches(mentions, procedure)
        )
        self.narratives = procedure_narratives(mentions)
        self.orphan_concentrations: list[Mention] = []

    def extract(self) -> list[MedicationFact]:
        drafts: dict[tuple[str, str], _Draft] = {}
        orphan_volumes: list[tuple[Mention, str]] = []
        sentences = sorted({m.sent for m in self.mentions.of("DRUG", "VOLUME", "CONCENTRATION")})
        for sent in sentences:
            self._read_sentence(sent, drafts, orphan_volumes)
        self._place_orphans(drafts, orphan_volumes)
        self._brand_strengths(drafts)  # a strength written by the drug outranks an orphan's
        self._place_orphan_concentrations(drafts)
        strengths = PositionIndex(self.mentions.of("CONCENTRATION"))
        self._corrected_strengths(drafts, strengths)
        self._corrected_volumes(drafts)
        self._corrected_drugs(drafts, strengths)
        self._drop_restated_skin_locals(drafts)
        self._record_rows_as_totals(drafts)
        self._drop_volumes_above_the_total(drafts)
        return [
            MedicationFact(
                name=d.name,
                role=d.role,
                concentration=d.concentration,
                volume_ml_per_level=d.per_level,
                volume_ml_total=d.total,
                dose_mg=d.dose,
                evidence=d.evidence,
            )
            for d in drafts.values()
        ]

    @staticmethod
    def _drop_volumes_above_the_total(drafts: dict) -> None:
        """A volume per level larger than the drug's stated total ("Syr 'SKIN' lidocaine 1%
        5 mL" above "skin infiltrated with 1% lidocaine, 3 mL total") is no amount any one
        target got: an amount drawn up or a syringe's whole content. It is dropped, not
        guessed at."""
        for draft in drafts.values():
            above = draft.per_level is not None and draft.total is not None
            if above and draft.per_level > draft.total:
                draft.per_level, draft.per_level_cued = None, False

    @staticmethod
    def _record_rows_as_totals(drafts: dict) -> None:
        """A timed row of an administration record giving a drug in mL ("0815 | Bupivacaine
        0.5% | ... | 2 mL | perineural R C3-C6 MB") beside a volume the note says went to
        each target ("0.5 mL per nerve"): the row is what was given in all, a stated total
        (eval/CONVENTIONS.md rule 7), not a second volume per level."""
        for draft in drafts.values():
            if draft.total is not None or not draft.per_level_cued:
                continue
            amounts = {value: evidence for value, evidence in draft.row_amounts}
            amounts.pop(draft.per_level, None)
            if len(amounts) == 1:
                ((draft.total, evidence),) = amounts.items()
                draft.evidence.append(evidence)

    @staticmethod
    def _drop_restated_skin_locals(drafts: dict) -> None:
        """The skin local named again where nothing says it went to the block's targets: an
        inventory line ("Lidocaine 1% (Xylocaine) NDC ..., lot ..., exp ..."), a preparation
        list or a scan row with no amount. With no volume, no dose, no injection target
        beside it and the skin local's strength (or none), it is the skin local, not a
        second drug given as the block's anaesthetic."""
        for (name, role), draft in list(drafts.items()):
            skin = drafts.get((name, "skin_local"))
            if role != "anesthetic" or skin is None or draft.targeted:
                continue
            if (draft.per_level, draft.total, draft.dose) != (None, None, None):
                continue
            if draft.concentration in (None, skin.concentration):
                del drafts[(name, role)]

    def _corrected_strengths(self, drafts: dict, strengths: PositionIndex) -> None:
        """A strength corrected in so many words ("the local anesthetic was bupivacaine 0.75%,
        not 0.5%", an attending's attestation): the drug's draft read with the strength
        denied takes the strength stated."""
        doc = self.mentions.doc
        for denied in self.mentions.of("CONCENTRATION"):
            if "NEGATED" not in denied.context or denied.start < 2:
                continue
            if doc[denied.start - 1].lower_ != "not" or doc[denied.start - 2].text != ",":
                continue
            stated_drug = self._stated_before(denied.start - 2, strengths)
            if stated_drug is None:
                continue
            drug, stated = stated_drug
            if stated.sent != denied.sent or drug.sent != stated.sent:
                continue
            old, new = format_concentration(denied), format_concentration(stated)
            for draft in drafts.values():
                if draft.name == drug.value and draft.concentration == old and new:
                    draft.concentration = new
                    draft.evidence.append(stated.evidence)

    def _corrected_volumes(self, drafts: dict) -> None:
        """A volume corrected in so many words ("Ropivacaine total was 1.2 mL (0.4 x 3), not
        1.6 mL", "0.4 mL per joint, not 0.5 mL", an addendum): the named drug's total or
        volume per level that was read as the denied volume takes the volume stated."""
        doc = self.mentions.doc
        for denied in self.mentions.of("VOLUME"):
            if denied.start < 2 or doc[denied.start - 1].lower_ != "not":
                continue
            if doc[denied.start - 2].text != ",":
                continue
            stated = self.volumes.last_ending_by(denied.start - 2)
            if stated is None or stated.sent != denied.sent:
                continue
            if not self._only_a_cue_between(stated.end, denied.start - 2):
                continue
            drug = self.all_drugs.last_ending_by(stated.start)
            if drug is None or drug.sent != stated.sent:
                continue
            old, new = number_in(denied.norm), number_in(stated.norm)
            if old is None or new is None:
                continue
            for draft in drafts.values():
                if draft.name != drug.value:
                    continue
                if draft.total == old:
                    draft.total = new
                    draft.evidence.append(stated.evidence)
                elif draft.per_level == old:
                    draft.per_level = new
                    draft.evidence.append(stated.evidence)

    def _only_a_cue_between(self, start: int, end: int) -> bool:
        """Nothing between two tokens but a bracket ("1.2 mL (0.4 x 3)") or a per-target
        or total cue ("0.4 mL per joint")."""
        doc = self.mentions.doc
        between = [t.text for t in doc[start:end]]
        if not between or (between[0] == "(" and between[-1] == ")" and "," not in between):
            return True
        cues = {i for m in self.mentions.of("EACH", "TOTAL") for i in range(m.start, m.end)}
        return all(i in cues for i in range(start, end))

    def _corrected_drugs(self, drafts: dict, strengths: PositionIndex) -> None:
        """A drug corrected in so many words ("the local anesthetic used was ropivacaine 0.5%,
        not bupivacaine 0.5% as documented"): the denied drug's draft is the stated drug's,
        and the correcting sentence adds no drug of its own."""
        doc = self.mentions.doc
        for denied in self.mentions.of("DRUG"):
            words = [
                i for i in range(max(denied.start - 6, 0), denied.start) if not doc[i].is_space
            ]
            if len(words) < 2 or doc[words[-1]].lower_ != "not" or doc[words[-2]].text != ",":
                continue
            stated_drug = self._stated_before(words[-2], strengths)
            if stated_drug is None or stated_drug[0].value == denied.value:
                continue
            drug, stated = stated_drug
            sentences = {drug.sent, denied.sent}
            for key in [k for k, d in drafts.items() if k[0] == drug.value]:
                if all(m.sent in sentences for m in drafts[key].mentions):
                    del drafts[key]  # the correcting sentence's own mention
            for key in [k for k, d in drafts.items() if k[0] == denied.value]:
                draft = drafts.pop(key)
                if any(m.sent not in sentences for m in draft.mentions):
                    draft.name = drug.value
                    draft.concentration = format_concentration(stated) or draft.concentration
                    draft.evidence.append(drug.evidence)
                    drafts.setdefault((drug.value, key[1]), draft)

    def _stated_before(
        self, comma: int, strengths: PositionIndex
    ) -> tuple[Mention, Mention] | None:
        """The drug and its strength written right before the comma of ", not ..." at token
        `comma` ("bupivacaine 0.75%, not 0.5%"): what a correction states."""
        stated = strengths.last_ending_by(comma)
        if stated is None or stated.end != comma:
            return None
        drug = self.all_drugs.last_ending_by(stated.start)
        if drug is None or stated.start - drug.end > 1:
            return None
        return drug, stated

    def _read_sentence(self, sent: int, drafts: dict, orphans: list) -> None:
        in_sentence = self.mentions.in_sentence(sent)
        given_per_target = self._given_per_target(in_sentence)
        todays = [
            m
            for m in in_sentence
            if (
                is_today(self.mentions, m, "medications", self.narratives)
                or self._option_before_its_box(m)
                or (given_per_target and m.section == _MED_LIST and not m.context & NOT_TODAY)
            )
            and not inside(self.other_stretches, m.start_char)
        ]
        amounts = self._unit_less_amounts(todays)
        if amounts:
            self.own_amounts.update(m.start for m in amounts)
            todays = sorted(todays + amounts, key=lambda m: m.start)
        sentence = _Sentence.of(todays)
        if not sentence.drugs:
            contrast_named = bool(sentence.sinks)
            for volume in (m for m in sentence.mentions if m.label == "VOLUME"):
                if not contrast_named and not self._skin_near(volume, sentence, drug_between=False):
                    orphans.append((volume, self._volume_kind(volume, sentence)))
            if not contrast_named:
                self.orphan_concentrations += [
                    m for m in sentence.mentions if m.label == "CONCENTRATION"
                ]
            return
        entries: dict[int, _Draft] = {}
        for drug in sentence.drugs.items:
            if (
                self._not_injected(drug)
                or trailing_box(self.mentions, drug) is False
                or _CROSSED_OUT.match(self.mentions.doc_text, drug.end_char)
            ):
                continue  # still a sink: its own strength stays with it
            role = self.roles.get(drug.value, "other")
            if role == "anesthetic" and (
                self._skin_near(drug, sentence, drug_between=True)
                or self._skin_in_record(drug)
                or self._skin_on_its_row(drug)
            ):
                role = "skin_local"
            draft = drafts.setdefault((drug.value, role), _Draft(drug.value, role, []))
            draft.targeted = draft.targeted or self._target_near(drug, sentence)
            draft.mentions.append(drug)
            draft.evidence.append(drug.evidence)
            entries[drug.start] = draft
        composition = sentence.composition
        wholes = self._mixture_wholes(sentence, entries)
        quantities = ("CONCENTRATION", "VOLUME", "DOSE")
        for quantity in (m for m in sentence.mentions if m.label in quantities):
            if quantity.start in wholes:
                continue  # "1 mL (Kenalog-40 0.5 mL + 0.5% bupivacaine 0.5 mL)": the 1 mL
            if (
                quantity.label == "VOLUME"
                and composition
                and quantity.start >= composition
                and quantity.start not in self.own_amounts
                and quantity.start not in self.own_totals
            ):
                continue  # "a solution containing 2 mL ... and 1 mL ...": how it was made up
            for owner in self._owners(quantity, sentence):
                draft = entries.get(owner.start)
                if draft is not None:
                    self._apply(draft, quantity, sentence)

    def _mixture_wholes(self, sentence: _Sentence, entries: dict[int, _Draft]) -> set[int]:
        """A mixture's volume written next to the drugs' own amounts that add up to it ("a 1
        mL mixture consisting of 0.5 mL Depo-Medrol and 0.5 mL lidocaine", "1 mL (Kenalog-40
        0.5 mL + bupivacaine 0.5 mL)"): each drug's own amount is its volume per level, and
        the mixture's volume is no drug's. Parts of a written total ("Kenalog-40 1 mL + 1%
        lidocaine 5 mL = 6 mL total") are each drug's total. Returns the wholes' token
        starts; the parts join `own_amounts` or `own_totals`."""
        volumes = [m for m in sentence.mentions if m.label == "VOLUME"]
        if len(volumes) < 3:
            return set()
        kinds = {v.start: self._volume_kind(v, sentence) for v in volumes}
        wholes: set[int] = set()
        for index, whole in enumerate(volumes):
            value = number_in(whole.norm)
            if value is None:
                continue
            total = kinds[whole.start] == "total"
            for parts in (volumes[index + 1 :], volumes[:index][::-1]):
                found = self._parts_of(value, parts, kinds, sentence, entries, total)
                if found:
                    wholes.add(whole.start)
                    owned = self.own_totals if total else self.own_amounts
                    owned.update(part.start for part in found)
                    break
        return wholes

    def _parts_of(
        self,
        value: float,
        following: list[Mention],
        kinds: dict[int, str],
        sentence: _Sentence,
        entries: dict[int, _Draft],
        of_a_total: bool,
    ) -> list[Mention]:
        """The run of volumes next to a mixture's, each owned by one injectate drug of its
        own, that adds up to the mixture's volume; empty if none does. The parts of a volume
        per level are no totals; a total's parts may stand by any cue."""
        total, run, drafts = 0.0, list[Mention](), list[_Draft]()
        for part in following:
            amount = number_in(part.norm)
            owner = self._part_owner(part, sentence)
            draft = entries.get(owner.start) if owner is not None else None
            if (
                amount is None
                or (kinds[part.start] == "total" and not of_a_total)
                or draft is None
                or draft.role not in ("anesthetic", "steroid")
                or draft in drafts
            ):
                return []
            total, run = total + amount, [*run, part]
            drafts.append(draft)
            if len(run) > 1 and abs(total - value) < 1e-6:
                return run
            if total > value:
                return []
        return []

    def _part_owner(self, part: Mention, sentence: _Sentence) -> Mention | None:
        """The one drug a mixture's part measures: the drug right before it, strengths and a
        closing bracket aside ("Kenalog-40 1 mL"), else the single drug its position gives it."""
        before = sentence.sinks.last_ending_by(part.start)
        if (
            before is not None
            and before.label == "DRUG"
            and self._gap_words(before.end, part.start) in ([], [")"])
        ):
            return before  # "Dexaven (dexamethasone 4 mg/mL) 2 mL": a bracket closed between
        owners = self._owners(part, sentence)
        return owners[0] if len(owners) == 1 else None

    @staticmethod
    def _given_per_target(mentions: list[Mention]) -> bool:
        """A medication-list line that gives drugs per named injection target ("Meds: 0.5 cc
        Celestone 6 mg/mL + 0.5 cc 1% Xylocaine per jt."): the procedure's injectate, for no
        home medication is taken per joint."""
        return any(m.section == _MED_LIST for m in mentions) and any(
            m.label == "EACH"
            and _skin_cue(m) is None
            and m.text.lower().rstrip(".") not in _UNNAMED_TARGETS
            for m in mentions
        )

    def _unit_less_amounts(self, mentions: list[Mention]) -> list[Mention]:
        """Volumes written without their unit in a statement made per target, each naming
        its drug: the number right before a drug in a list ("1cc per jt (0.5 depo / 0.5
        bupi)") or right after a drug's strength and before the next item ("kenalog 40 0.5 +
        bupi .5% 0.5 per jt": 40 is the strength, 0.5 the volume). Elsewhere a bare number is
        never read as a volume."""
        if not any(
            m.label == "EACH" or (m.label == "VOLUME" and _PER_TARGET_TAIL.search(m.text))
            for m in mentions
        ):
            return []
        doc = self.mentions.doc
        covered = {i for m in mentions for i in range(m.start, m.end)}
        covered.update(
            i for m in mentions for i in range(m.end, self.strength_ends.get(m.start, 0))
        )
        after_drug = {m.start: m.end for m in mentions if m.label == "CONCENTRATION"}
        found: list[Mention] = []
        for drug in (m for m in mentions if m.label == "DRUG"):
            before = drug.start - 1
            if before >= 0 and before not in covered and _UNIT_LESS.match(doc[before].text):
                opener = doc[before - 1] if before > 0 else None
                if opener is None or opener.lower_ in _LIST_OPENERS or "\n" in opener.text:
                    found.append(self._amount_at(drug, before))
                    continue
            strength_end = self.strength_ends.get(drug.start) or after_drug.get(drug.end)
            if strength_end is None or strength_end >= len(doc) or strength_end in covered:
                continue
            if not _UNIT_LESS.match(doc[strength_end].text):
                continue
            closer = doc[strength_end + 1] if strength_end + 1 < len(doc) else None
            if closer is None or closer.lower_ in _LIST_CLOSERS or "\n" in closer.text:
                found.append(self._amount_at(drug, strength_end))
        return found

    def _amount_at(self, drug: Mention, index: int) -> Mention:
        """A unit-less amount as a volume mention, in the sentence and context of its drug."""
        token = self.mentions.doc[index]
        start, end = token.idx, token.idx + len(token.text)
        return replace(
            drug,
            label="VOLUME",
            value="ml",
            start=index,
            end=index + 1,
            start_char=start,
            end_char=end,
            text=self.mentions.text[start:end],
            norm=token.norm_,
        )

    def _option_before_its_box(self, mention: Mention) -> bool:
        """Today's on a line of options each followed by its box ("Bupivacaine 0.5% ☒
        Ropivacaine 0.2% ☐"), where the box before a mention is the previous option's."""
        return (
            "UNSELECTED" in mention.context
            and is_today(self.mentions, mention, "medications", self.narratives, _BOXED)
            and trailing_box(self.mentions, mention) is not None
        )

    def _not_injected(self, drug: Mention) -> bool:
        """A drug named in a form that is not injected ("lidocaine 5% patch", "topical
        lidocaine"): a home or topical medication, not the procedure's; or given
        intravenously ("lidocaine 40 mg IV" on the anaesthesia record)."""
        before = self.forms.last_ending_by(drug.start)
        after = self.forms.first_starting_at(drug.end)
        forms = [
            form
            for form, near in ((before, 1), (after, _FORM_REACH))
            if form is not None and max(drug.start - form.end, form.start - drug.end) <= near
        ]
        # a sedation drug given IV is still read, to be set apart as the sedation service
        sedation = drug.value in sedation_drugs()
        return any(form.value != "intravenous" or not sedation for form in forms)

    def _owners(self, quantity: Mention, sentence: _Sentence) -> list[Mention]:
        """The drug(s) a quantity belongs to: the nearer of the drug it introduces
        ("0.5 mL of 0.5% bupivacaine") and the drug it follows ("bupivacaine 0.5%")."""
        sinks = sentence.sinks
        before = sinks.last_ending_by(quantity.start)
        after = sinks.first_starting_at(quantity.end)
        if (
            quantity.label == "VOLUME"
            and after
            and self._mixture_between(quantity, after)
            and not (before and self._joined_after(before, quantity))
        ):
            # "0.5 mL of a 1:1 mixture of A and B", "0.5 mL of injectate (A with B)"
            end = self._bracket_end(after) if self._vehicle_between(quantity, after) else None
            return list(sentence.drugs.within(quantity.end, end or quantity.end + _MIXTURE_SPAN))
        if quantity.label == "VOLUME" and sentence.mixture and not after:
            mixed = [
                d
                for d in sentence.drugs.within(quantity.start - _MIXTURE_SPAN, quantity.start)
                if d.end <= quantity.start
            ]
            if len(mixed) > 1:
                return mixed  # "A and B mixed, 0.5 mL per joint"
        nested = after is not None and self._volume_between(quantity, after, sentence)
        forward = self._forward_distance(quantity, after) if after and not nested else None
        backward = self._backward_distance(before, quantity) if before else None
        if after is not None and forward is not None and (backward is None or forward < backward):
            if quantity.label == "VOLUME":
                return self._slash_joined(after, sentence)  # "1 cc Kenalog 40 / 1% lido"
            return [after]
        if (
            after is not None
            and forward is not None
            and before
            and self._opens_an_item(before, quantity)
        ):
            # "dexamethasone 10 mg/mL 0.5 mL + 0.5 mL 1% lidocaine": the volume after the
            # joining word starts the next drug's item
            return [after]
        if (
            after is not None
            and forward is not None
            and self._strength_between(before, quantity, sentence)
        ):
            # "Depo-Medrol 40 mg/mL and 1% preservative-free lidocaine": the drug before
            # has its own strength, so this one is the next drug's
            return [after]
        if before:
            return [before]
        if after and self._heads_a_list(quantity, after, sentence):
            return []  # "injected with 1.5 mL: A 1 mL + B 0.5 mL": the whole mixture's
        if after and self._volume_right_after(after, quantity):
            return []  # "0.2 mL, no vasc   2% lidocaine 0.5 mL": another column's volume
        return [after] if after and not nested else []

    def _volume_right_after(self, drug: Mention, quantity: Mention) -> bool:
        """A volume of the drug's own right after it (its strength between them at most),
        when a clause break parts the drug from the volume before it."""
        if quantity.label != "VOLUME":
            return False
        if not any(word in _CLAUSE_BREAKS for word in self._gap_words(quantity.end, drug.start)):
            return False
        own = next(self.volumes.within(drug.end, drug.end + _GAP_CAP), None)
        return (
            own is not None and own.sent == drug.sent and not self._gap_words(drug.end, own.start)
        )

    def _slash_joined(self, drug: Mention, sentence: _Sentence) -> list[Mention]:
        """A drug and the drugs a slash joins to it, strengths and a bracketed brand aside
        ("Kenalog 40/0.25% Marcaine mix", "Kenalog 40 / 1% lido", "dexamethasone (Decadron
        10 mg/mL) / 0.25% Marcaine"): one injectate, given the volume before it."""
        joined, last = [drug], drug
        following = sentence.drugs.first_starting_at(drug.end)
        while following is not None:
            gap = [w for w in self._gap_words(last.end, following.start) if w not in ("(", ")")]
            if following.value == last.value and gap == []:
                pass  # "dexamethasone (Decadron 10 mg/mL) / ...": the brand names it again
            elif gap == ["/"]:
                joined.append(following)
            else:
                break
            last = following
            following = sentence.drugs.first_starting_at(following.end)
        return joined

    def _opens_an_item(self, before: Mention, quantity: Mention) -> bool:
        """Whether a joining word ("+", "plus", "and") stands right before a quantity, after
        the drug before it: the quantity heads the next item of a list."""
        gap = self._gap_words(before.end, quantity.start)
        return bool(gap) and gap[-1] in _ITEM_JOINERS

    @staticmethod
    def _strength_between(before: Mention | None, quantity: Mention, sentence: _Sentence) -> bool:
        """Another strength between a drug and the strength that follows it."""
        return (
            before is not None
            and quantity.label == "CONCENTRATION"
            and any(
                m.label == "CONCENTRATION" and before.end <= m.start and m.end <= quantity.start
                for m in sentence.mentions
            )
        )

    def _heads_a_list(self, quantity: Mention, drug: Mention, sentence: _Sentence) -> bool:
        """A volume closed by a colon before drugs that each carry their own volume: the
        amount of the whole injectate, not of the first drug listed."""
        if quantity.label != "VOLUME" or ":" not in self._gap_words(quantity.end, drug.start):
            return False
        following = sentence.sinks.first_starting_at(drug.end)
        end = following.start if following is not None else drug.end + _ORPHAN_REACH
        return self.volumes.count(drug.end, min(end, drug.end + _ORPHAN_REACH)) > 0

    def _volume_between(self, quantity: Mention, drug: Mention, sentence: _Sentence) -> bool:
        """Another volume of the same kind between a volume and the drug after it, not one
        telling how a solution was made up: the drug's own amount ("1.5 mL per joint of 1 mL
        bupivacaine + 0.5 mL Depo-Medrol": the 1.5 mL is the whole mixture's). A total
        between does not part them ("0.5 mL at each level, total 1.5 mL bupivacaine")."""
        if quantity.label != "VOLUME":
            return False
        composition = sentence.composition
        kind = self._volume_kind(quantity, sentence) == "total"
        return any(
            (self._volume_kind(volume, sentence) == "total") == kind
            and not (composition is not None and composition <= volume.start)
            for volume in self.volumes.within(
                quantity.end, min(drug.start, quantity.end + _MIXTURE_SPAN)
            )
        )

    def _backward_distance(self, drug: Mention, quantity: Mention) -> int:
        """Words back to the drug a quantity follows; a clause break in between costs more."""
        gap = self._gap_words(drug.end, quantity.start)
        return len(gap) + (2 if any(word in _CLAUSE_BREAKS for word in gap) else 0)

    def _forward_distance(self, quantity: Mention, drug: Mention) -> int | None:
        """Words from a quantity to the drug it introduces, None if it cannot introduce it."""
        gap = self._gap_words(quantity.end, drug.start)
        if gap[:1] == [")"]:
            gap = gap[1:]  # "20 mg (0.5 mL) of Kenalog-40": the bracket closes the quantity
        if gap[:2] == ["(", ")"]:
            gap = gap[2:]  # "0.5 mL (20 mg) Kenalog-40": a bracketed dose between them
        if gap and gap[0] == "of" and len(gap) <= 5:
            return 0
        if len(gap) > _FORWARD_REACH or any(word in _CLAUSE_BREAKS for word in gap):
            return None
        return len(gap)

    def _mixture_between(self, quantity: Mention, drug: Mention) -> bool:
        return drug.start - quantity.end <= _MIXTURE_REACH and any(
            m.end <= drug.start for m in self.mixtures.within(quantity.end, drug.start)
        )

    def _joined_after(self, drug: Mention, quantity: Mention) -> bool:
        """A volume right after its drug and strength, then a word joining the next drug to
        it ("Kenalog 40 mg/mL 0.5 mL mixed with 1% lidocaine 1 mL"): the drug's own amount."""
        if self._gap_words(drug.end, quantity.start):
            return False
        joining = self.mixtures.first_starting_at(quantity.end)
        return (
            joining is not None
            and joining.value == "joining"
            and not self._gap_words(quantity.end, joining.start)
        )

    def _vehicle_between(self, quantity: Mention, drug: Mention) -> bool:
        """ "0.5 mL of injectate (A with B)": the bracket holds the injectate's drugs."""
        return any(
            m.value == "vehicle" and m.end <= drug.start
            for m in self.mixtures.within(quantity.end, drug.start)
        )

    def _bracket_end(self, drug: Mention) -> int | None:
        """The token closing the bracket a drug stands in, within the mixture's reach."""
        doc = self.mentions.doc
        for i in range(drug.end, min(drug.end + _MIXTURE_SPAN, len(doc))):
            if doc[i].text == ")":
                return i
        return None

    def _gap_words(self, start: int, end: int) -> list[str]:
        """Words between two mentions, leaving out other quantities ("0.5 mL 0.25% bupivacaine"),
        at most _GAP_CAP of them: a longer gap is farther than any quantity reaches."""
        doc = self.mentions.doc
        words: list[str] = []
        for i in range(start, end):
            if i not in self.quantity_tokens:
                words.append(doc[i].lower_)
                if len(words) >= _GAP_CAP:
                    break
        return words

    def _apply(self, draft: _Draft, quantity: Mention, sentence: _Sentence) -> None:
        value = number_in(quantity.norm)
        if value is None:
            return
        if quantity.label == "CONCENTRATION":
            if _a_strength(quantity):
                draft.concentration = draft.concentration or format_concentration(quantity)
        elif quantity.label == "DOSE":
            draft.dose = draft.dose if draft.dose is not None else value
        else:
            kind = self._volume_kind(quantity, sentence)
            if kind == "per_level" and self._on_a_timed_row(quantity):
                draft.row_amounts.append((value, quantity.evidence))
            if quantity.start in self.own_totals:
                if not draft.own_amount:  # "Marcaine 2 mL + Dexaven 2 mL" of "4 mL in total"
                    draft.total, draft.own_amount = value, True
            elif quantity.start in self.own_amounts and kind != "total":
                if not draft.own_amount:  # a drug's own amount outranks the mixture's
                    draft.per_level, draft.per_level_cued, draft.own_amount = value, True, True
            elif kind == "total":
                draft.total = draft.total if draft.total is not None else value
            elif draft.own_amount:
                pass  # "1cc per jt (0.5 depo / 0.5 bupi)": the 1cc is the mixture's
            elif draft.per_level is None or (kind == _EACH and not draft.per_level_cued):
                # a volume said to be per target ("0.5 mL into each joint") outranks a bare
                # one read earlier (an administration record's "1.5 mL" above the description)
                draft.per_level = value
                draft.per_level_cued = kind == _EACH
        draft.evidence.append(quantity.evidence)

    def _volume_kind(self, volume: Mention, sentence: _Sentence) -> str:
        """ "total" or "each" from the cue nearest the volume in its sentence; without a cue,
        "per_level" (a total is only ever a written one)."""
        cues = sentence.volume_cues
        if cues:
            candidates = cues.neighbours(volume.start)
            nearest = min(
                candidates,
                key=lambda m: min(abs(m.start - volume.end), abs(volume.start - m.end)),
            )
            if nearest.value == _TIMES and self._is_the_product(volume, nearest):
                return "total"
            return _EACH if nearest.label == "EACH" else "total"
        return "per_level"

    def _is_the_product(self, volume: Mention, times: Mention) -> bool:
        """Whether `volume` is the product of a multiplication ("1.5 mL (0.5 x 3) total"):
        the number before the sign, times the count after it, and not that number itself."""
        doc = self.mentions.doc
        count = number_in(times.text.lstrip("x×X "))
        factor = next(
            (
                i
                for i in range(times.start - 1, max(times.start - _FACTOR_REACH, 0) - 1, -1)
                if _NUMBER.fullmatch(doc[i].text)
            ),
            None,
        )
        value = number_in(volume.norm)
        if count is None or factor is None or value is None:
            return False
        if volume.start <= factor < volume.end:
            return False
        return abs(float(doc[factor].text) * count - value) < 1e-6

    def _skin_near(self, anchor: Mention, sentence: _Sentence, drug_between: bool) -> bool:
        """A skin cue near the drug (with no other drug between). A weak cue (an act such as
        "anesthetized", or the class name "local anesthetic") counts only when no injection
        target ("each nerve", "per joint") is named near the drug."""
        # a cue counts from its last word ("Local anesthesia was achieved with ... lidocaine")
        near = [
            cue
            for cue in sentence.role_cues.within(
                anchor.start - _NEAR - _LONGEST_CUE, anchor.start + _NEAR + 1
            )
            if cue.end > anchor.start - _NEAR
        ]
        target_near = any(_names_a_target(cue) for cue in near)
        for cue in near:
            strength = _skin_cue(cue)
            if strength is None or (strength == "weak" and target_near):
                continue
            if self._labels_a_later_field(cue, anchor):
                continue  # the next line's label ("Skin: lidocaine 1%") heads its own field
            if cue.start < anchor.start and _written_after_another_drug(cue, anchor, sentence):
                continue  # "1 mL lidocaine skin, arthrogram, 0.5 mL bupivacaine": lidocaine's
            low, high = sorted((cue.start, anchor.start))
            # the same drug named again between ("mepivacaine 1% (Scandonest)") is no other drug
            if not drug_between or not any(
                drug.value != anchor.value for drug in sentence.drugs.within(low + 1, high)
            ):
                return True
        return False

    def _brand_strengths(self, drafts: dict) -> None:
        """A drug written as a brand with its strength and no concentration of its own."""
        draft_of: dict[int, _Draft] = {}
        for draft in drafts.values():
            for mention in draft.mentions:
                draft_of[mention.start] = draft
        for strength in self.strengths:
            draft = draft_of.get(strength.drug.start)
            if draft is not None and draft.concentration is None:
                draft.concentration = strength.concentration
                draft.evidence.append(strength.evidence)

    def _place_orphans(self, drafts: dict, orphans: list[tuple[Mention, str]]) -> None:
        """A volume in a clause that names no drug belongs to the drug of the clause just
        before it in the same sentence ("Depo-Medrol 40 mg/mL, a total of 2 mL, was divided")
        or to the drug whose record it is a field of ("Medication: Lidocaine 1%" then
        "Dose: 3 mL"); a volume standing on its own ("0.5 mL was injected at each level") to
        every injectate drug that has none yet."""
        injectate = [d for d in drafts.values() if d.role in ("anesthetic", "steroid")]
        draft_of = {m.start: d for d in drafts.values() for m in d.mentions}
        drugs = PositionIndex(m for d in injectate for m in d.mentions)
        every_drug = PositionIndex(m for d in drafts.values() for m in d.mentions)
        records: dict[tuple[int, int], list[_Draft]] = {}
        for volume, kind in orphans:
            value = number_in(volume.norm)
            previous = drugs.last_ending_by(volume.start)
            owner = every_drug.last_ending_by(volume.start)
            if owner is not None and self._same_record(owner, volume):
                line = self.mentions.reading.line_bounds(owner.start_char)
                if line not in records:  # once per record line, however many fields it has
                    records[line] = self._record_drafts(owner, every_drug, draft_of)
                targets = records[line]
                own = len(targets) == 1
            elif previous is not None and self._same_statement(previous, volume):
                targets, own = [draft_of[previous.start]], True
            else:
                targets, own = injectate, False
            for draft in targets:
                said_per_target = own and kind == _EACH and not draft.per_level_cued
                if kind != "total" and (draft.per_level is None or said_per_target):
                    draft.per_level = value
                    draft.per_level_cued = kind == _EACH
                    draft.evidence.append(volume.evidence)
                elif kind == "total" and draft.total is None:
                    draft.total = value
                    draft.evidence.append(volume.evidence)

    def _record_drafts(
        self, owner: Mention, drugs: PositionIndex, draft_of: dict[int, _Draft]
    ) -> list[_Draft]:
        """The drugs of the line heading a record ("Injectate: bupivacaine 0.5% + Kenalog 10
        mg" gives its "Volume per level" field to both)."""
        start, end = self.mentions.reading.line_bounds(owner.start_char)
        found: list[_Draft] = []
        for drug in drugs.within(owner.start - (owner.start_char - start), owner.end):
            draft = draft_of[drug.start]
            if drug.start_char >= start and drug.end_char <= end and draft not in found:
                found.append(draft)
        return found or [draft_of[owner.start]]

    def _skin_in_record(self, drug: Mention) -> bool:
        """A skin route or site in a field of the drug's record ("Medication: Lidocaine 1%"
        then "Route: Subcutaneous"), before any other drug."""
        cue = self.skin_words.first_starting_at(drug.end)
        if cue is None or cue.sent == drug.sent or self._labels_a_field(cue):
            return False  # "Skin local: Lidocaine 1%" below heads its own record
        following = self.all_drugs.first_starting_at(drug.end)
        if following is not None and following.start < cue.start:
            return False
        return self._same_record(drug, cue)

    def _skin_on_its_row(self, drug: Mention) -> bool:
        """A skin route or site in a later column of the drug's own row of a medication
        record ("0811 | Lidocaine 1% | ... | 4 mL | SQ, R posterior neck", "lidocaine 1%
        (NDC ..., lot ...)  3 mL SC"), with no other drug before it on the row."""
        cue = self.skin_words.first_starting_at(drug.end)
        if cue is None:
            return False
        line_end = self.mentions.reading.line_bounds(drug.start_char)[1]
        if cue.end_char > line_end:
            return False
        # the same drug named again ("Lidocaine HCl (Xylocaine)") is no other drug
        if any(other.value != drug.value for other in self.all_drugs.within(drug.end, cue.start)):
            return False
        text = self.mentions.doc_text
        return _COLUMN_GAP.search(text, drug.end_char, cue.start_char + 1) is not None

    def _on_a_timed_row(self, quantity: Mention) -> bool:
        """Whether a quantity stands on a row opening with a clock time."""
        line_start = self.mentions.reading.line_bounds(quantity.start_char)[0]
        return _TIMED_ROW.match(self.mentions.doc_text, line_start) is not None

    @staticmethod
    def _target_near(drug: Mention, sentence: _Sentence) -> bool:
        """An injection target ("each nerve", "per joint", a facet injection) named within a
        few words of the drug in its sentence."""
        return any(
            _names_a_target(cue)
            for cue in sentence.role_cues.within(drug.start - _NEAR, drug.end + _NEAR)
        )

    def _labels_a_field(self, cue: Mention) -> bool:
        """Whether a cue stands in the label of a field line, before the line's first colon
        ("Skin local:   [x] Lidocaine 1%", "- Skin: lidocaine 1%")."""
        text = self.mentions.doc_text
        line_start = text.rfind("\n", 0, cue.start_char) + 1
        if not _FIELD_LINE.match(text, line_start):
            return False
        colon = text.find(":", line_start)
        return cue.end_char <= colon + 1

    def _labels_a_later_field(self, cue: Mention, anchor: Mention) -> bool:
        """Whether a cue is the label of a field on a line below the anchor's."""
        if cue.start_char <= self.mentions.reading.line_bounds(anchor.start_char)[1]:
            return False
        return self._labels_a_field(cue)

    def _same_record(self, drug: Mention, quantity: Mention) -> bool:
        """Whether a quantity is a field of the record the drug heads: on a field line of its
        own ("  Dose: 1.5 mL", "Site: ... (0.5 mL each)") a few lines below the drug's, with
        no blank line between."""
        if quantity.start_char - drug.end_char > _RECORD_CHARS:
            return False
        text = self.mentions.doc_text
        between = text[drug.end_char : quantity.start_char]
        if not 0 < between.count("\n") <= _RECORD_LINES or _PARAGRAPH_BREAK.search(between):
            return False
        line_start = text.rfind("\n", 0, quantity.start_char) + 1
        return _FIELD_LINE.match(text, line_start) is not None

    def _place_orphan_concentrations(self, drafts: dict) -> None:
        """A concentration on a line of its own belongs to the drug just above it in the same
        record ("drug = bupivacaine" then "conc = 0.5%"), when that drug has none yet."""
        injectate = [d for d in drafts.values() if d.role in ("anesthetic", "steroid")]
        draft_of = {m.start: d for d in injectate for m in d.mentions}
        drugs = PositionIndex(m for d in injectate for m in d.mentions)
        text = self.mentions.doc_text
        for concentration in self.orphan_concentrations:
            previous = drugs.last_ending_by(concentration.start)
            if previous is None or concentration.sent - previous.sent > _RECORD_REACH:
                continue
            if _PARAGRAPH_BREAK.search(text, previous.end_char, concentration.start_char):
                continue
            draft = draft_of[previous.start]
            if draft.concentration is None and _a_strength(concentration):
                draft.concentration = format_concentration(concentration)
                draft.evidence.append(concentration.evidence)

    def _same_statement(self, drug: Mention, volume: Mention) -> bool:
        """Whether a volume continues the statement about the drug just before it: close by,
        with no full stop or line break between."""
        if volume.start - drug.end > _ORPHAN_REACH:
            return False
        between = self.mentions.doc[drug.end : volume.start]
        return not any(token.text in (".", ";") or "\n" in token.text for token in between)
