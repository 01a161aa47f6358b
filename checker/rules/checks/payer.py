"""Payer policy checks: limits and prerequisites a payer profile switches on."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from checker.coding import BilledLine, code_book
from checker.extract.history import duration_months, percent_value
from checker.models import Evidence
from checker.rules.checks import Finding, NoParams, check
from checker.rules.checks.documentation import describe_response
from checker.rules.facts import SIDES, NoteFacts


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MaxLevelsParams(Params):
    per_side: int | None = None
    distinct: int | None = None  # joint levels across both sides (a bilateral level is one)
    injections: int | None = None
    third_level_codes: list[str] = []
    # Medicare: a line the LCD does not cover carries GA (ABN on file) or GZ (no ABN);
    # KX (criteria met) is never right on it. Empty: the payer has no such modifiers.
    abn_modifier: str | None = None
    no_abn_modifier: str | None = None
    criteria_met_modifier: str | None = None


def _limit_text(params: MaxLevelsParams) -> str:
    parts = []
    if params.per_side is not None:
        parts.append(f"{params.per_side} levels per side")
    if params.distinct is not None:
        parts.append(f"{params.distinct} levels per session")
    if params.injections is not None:
        parts.append(f"{params.injections} injections per session")
    return ", ".join(parts)


def _beyond_outcome(line: BilledLine, params: MaxLevelsParams) -> str:
    """How a third-level line billed beyond the limit is marked: KX (wrong), GA, GZ, bare."""
    if params.criteria_met_modifier and params.criteria_met_modifier in line.modifiers:
        return "billed_beyond_kx"
    if params.abn_modifier and params.abn_modifier in line.modifiers:
        return "billed_beyond_ga"
    if params.no_abn_modifier and params.no_abn_modifier in line.modifiers:
        return "billed_beyond_gz"
    return "billed_beyond"


@check(
    "max_levels",
    {
        "billed_beyond": ("code", "limit"),
        "billed_beyond_ga": ("code", "limit"),
        "billed_beyond_gz": ("code", "limit"),
        "billed_beyond_kx": ("code", "limit"),
        "documented_beyond": ("found", "limit"),
    },
    MaxLevelsParams,
    fallbacks={
        "billed_beyond_ga": "billed_beyond",
        "billed_beyond_gz": "billed_beyond",
        "billed_beyond_kx": "billed_beyond",
    },
)
def max_levels(facts: NoteFacts, params: MaxLevelsParams) -> list[Finding]:
    """Levels per side, distinct levels and injections per session within the payer's limit;
    a third-level code billed to a payer that covers two levels (marked GA, GZ, KX or bare)."""
    limit = _limit_text(params)
    third = facts.billing.of(*params.third_level_codes)
    if third:
        return [
            Finding(_beyond_outcome(line, params), {"code": line.label, "limit": limit})
            for line in third
        ]
    over = []
    if params.per_side is not None:
        for side in SIDES:
            if len(facts.levels[side]) > params.per_side:
                over.append(f"{len(facts.levels[side])} on the {side} ({facts.side_text(side)})")
    distinct = facts.distinct_levels
    if params.distinct is not None and len(distinct) > params.distinct:
        over.append(f"{len(distinct)} distinct levels ({facts.level_text(distinct)})")
    injections = sum(len(facts.levels[side]) for side in SIDES)
    if params.injections is not None and injections > params.injections:
        over.append(f"{injections} injections")
    if not over:
        return []
    return [Finding("documented_beyond", {"found": "; ".join(over), "limit": limit})]


class ModifierParams(Params):
    modifier: str
    codes: list[str]


@check("line_modifier", {"missing": ("code", "modifier")}, ModifierParams)
def line_modifier(facts: NoteFacts, params: ModifierParams) -> list[Finding]:
    """Every billed line of the given codes carries the modifier (KX on diagnostic lines)."""
    lines = [
        line.label
        for line in facts.billing.of(*params.codes)
        if params.modifier not in line.modifiers
    ]
    if not lines:
        return []
    return [Finding("missing", {"code": ", ".join(lines), "modifier": params.modifier})]


@check(
    "same_scale",
    {
        "relief_only": ("found",),
        "pre_only": ("found",),
        "post_only": ("found",),
        "unnamed": ("found",),
    },
)
def same_scale(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """Baseline and post-procedure pain on the same named scale (when some response is
    recorded; no response at all is the `response` requirement)."""
    response = facts.extraction.response
    pre, post = response.pre_pain is not None, response.post_pain is not None
    values = {"found": describe_response(facts)}
    if pre and post:
        named = response.scale or facts.extraction.history.get("pain_scale_named")
        return [] if named else [Finding("unnamed", values, response.evidence)]
    if response.percent_relief is not None:
        return [Finding("relief_only", values, response.evidence)]
    if pre:
        return [Finding("pre_only", values, response.evidence)]
    if post:
        return [Finding("post_only", values, response.evidence)]
    return []


@check("sedation_justified", {"unjustified": ("sedation",)})
def sedation_justified(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """Sedation, MAC or general anaesthesia only with its need documented."""
    workflow = facts.extraction.workflow
    if not workflow.sedation or facts.extraction.history.get("sedation_justified"):
        return []
    evidence = workflow.evidence.get("sedation", [])
    return [Finding("unjustified", {"sedation": workflow.sedation}, evidence)]


class DurationParams(Params):
    min_months: float
    # Words that give no number ("several months", "a few years"): such a duration is
    # unquantified, never read as a count of months.
    vague_words: list[str] = []


@check(
    "pain_duration",
    {"absent": ("minimum",), "unquantified": ("minimum",), "too_short": ("duration", "minimum")},
    DurationParams,
)
def pain_duration(facts: NoteFacts, params: DurationParams) -> list[Finding]:
    """The history gives how long the pain has lasted, at least the payer's minimum."""
    history = facts.extraction.history
    minimum = f"{params.min_months:g} months"
    vague = {word.lower() for word in params.vague_words}
    mentions = history.get("pain_duration", [])
    quantified = [e for e in mentions if not vague & set(e.text.lower().split())]
    durations = [(months, e) for e in quantified if (months := duration_months(e.text)) is not None]
    quantified = [e for _, e in durations]
    if durations:
        months, longest = max(durations, key=lambda item: item[0])
        if months >= params.min_months:
            return []
        values = {"duration": longest.text, "minimum": minimum}
        return [Finding("too_short", values, [longest])]
    unquantified = [e for e in mentions if e not in quantified] + history.get("pain_chronic", [])
    if unquantified:
        return [Finding("unquantified", {"minimum": minimum}, unquantified[:1])]
    return [Finding("absent", {"minimum": minimum})]


@check("conservative_care", {"absent": (), "not_failed": ("care",)})
def conservative_care(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """The history documents that noninvasive conservative care failed."""
    history = facts.extraction.history
    if history.get("conservative_care_failed"):
        return []
    tried = history.get("conservative_care", [])
    if tried:
        care = ", ".join(dict.fromkeys(e.text for e in tried))
        return [Finding("not_failed", {"care": care}, tried)]
    return [Finding("absent")]


@check("radiculopathy_status", {"not_documented": (), "present": ("found",)})
def radiculopathy_status(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """The history says whether there is radiculopathy; present means it must be treated or
    explained (facet synovial cyst)."""
    history = facts.extraction.history
    present = history.get("radiculopathy_present", [])
    if present:
        found = ", ".join(dict.fromkeys(e.text for e in present))
        return [Finding("present", {"found": found}, present)]
    if history.get("radiculopathy_absent"):
        return []
    return [Finding("not_documented")]


@check("intent_assumed", {"assumed": ("procedure", "intent", "why")})
def intent_assumed(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """The note does not state the intent, and the rules checked it with the procedure's
    default reading (an MBB as diagnostic)."""
    from checker.rules.readings import readings

    default = readings().intent_default(facts.extraction.procedure)
    if not facts.intent_assumed or default is None:
        return []
    values = {"procedure": facts.procedure.replace("_", " "), "intent": facts.intent}
    values["why"] = " ".join(default.why.split())
    return [Finding("assumed", values, facts.extraction.procedure_evidence[:1])]


@check("intent_stated", {"unknown": ()})
def intent_stated(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """The note says whether the injection is diagnostic or therapeutic."""
    if facts.extraction.intent is not None:
        return []
    return [Finding("unknown", evidence=facts.extraction.procedure_evidence[:1])]


class ReliefParams(Params):
    min_relief: int


class TherapeuticParams(ReliefParams):
    prior_blocks: int


def _prior_reliefs(facts: NoteFacts, minimum: int) -> list[Evidence]:
    found = facts.extraction.history.get("prior_block_relief", [])
    return [e for e in found if (percent_value(e.text) or 0) >= minimum]


@check(
    "therapeutic_prerequisites",
    {
        "therapeutic_mbb": (),
        "prior_blocks_missing": ("found", "min_relief", "prior_blocks"),
        "rfa_reason_missing": (),
    },
    TherapeuticParams,
)
def therapeutic_prerequisites(facts: NoteFacts, params: TherapeuticParams) -> list[Finding]:
    """A therapeutic injection is intra-articular, follows two diagnostic blocks with at
    least 80% relief, and says why RFA is not an option."""
    if facts.intent != "therapeutic":
        return []
    if facts.extraction.procedure == "medial_branch_block":
        return [Finding("therapeutic_mbb", evidence=facts.extraction.procedure_evidence[:1])]
    findings = []
    good = _prior_reliefs(facts, params.min_relief)
    pair = facts.extraction.history.get("prior_block_pair")
    if len(good) < params.prior_blocks and not (good and pair):
        found = ", ".join(e.text for e in facts.extraction.history.get("prior_block_relief", []))
        values = {
            "found": found or "none",
            "min_relief": str(params.min_relief),
            "prior_blocks": str(params.prior_blocks),
        }
        findings.append(Finding("prior_blocks_missing", values))
    if not facts.extraction.history.get("rfa_not_candidate"):
        findings.append(Finding("rfa_reason_missing"))
    return findings


@check(
    "second_block_relief",
    {"missing": ("min_relief",), "below": ("found", "min_relief")},
    ReliefParams,
)
def second_block_relief(facts: NoteFacts, params: ReliefParams) -> list[Finding]:
    """A second (confirmatory) diagnostic block follows a first with enough relief."""
    history = facts.extraction.history
    if not history.get("block_second"):
        return []
    reliefs = history.get("prior_block_relief", [])
    minimum = str(params.min_relief)
    if not reliefs:
        return [Finding("missing", {"min_relief": minimum}, history["block_second"][:1])]
    if _prior_reliefs(facts, params.min_relief):
        return []
    found = ", ".join(e.text for e in reliefs)
    return [Finding("below", {"found": found, "min_relief": minimum}, reliefs)]


@check("ultrasound_stance", {"used": ()})
def ultrasound_stance(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """Ultrasound guidance, which the payer does not accept for facet injections."""
    if facts.extraction.guidance != "ultrasound":
        return []
    return [Finding("used", evidence=facts.extraction.guidance_evidence)]


class PayerProfileParams(Params):
    # words that make an unmatched payer name a Medicare Advantage (or other Medicare
    # managed-care) plan, and names that stand for many plans (each Blue plan differs)
    medicare_words: list[str] = []
    ambiguous_names: list[str] = []


@check(
    "payer_profile",
    {"unknown": (), "none": (), "medicare_advantage": (), "ambiguous": ()},
    PayerProfileParams,
)
def payer_profile(facts: NoteFacts, params: PayerProfileParams) -> list[Finding]:
    """A payer profile was applied (otherwise only CPT and documentation checks ran). A
    Medicare Advantage plan or a name shared by many plans never gets a wrong profile."""
    from checker.rules.payers import normalise_payer

    if facts.profile is not None:
        return []
    if not facts.payer:
        return [Finding("none")]
    name = normalise_payer(facts.payer)
    words = set(name.split())
    if any(set(normalise_payer(w).split()) <= words for w in params.medicare_words):
        return [Finding("medicare_advantage")]
    if name in {normalise_payer(n) for n in params.ambiguous_names}:
        return [Finding("ambiguous")]
    return [Finding("unknown")]


def _one_side_lines(facts: NoteFacts, code: str) -> set[str]:
    """The sides of a code's lines that claim one side each (RT or LT, not -50)."""
    lines = [line for line in facts.billing.of(code) if len(line.sides) == 1]
    return {side for line in lines for side in line.sides}


def _bilateral_codes(facts: NoteFacts) -> tuple[list[BilledLine], list[str]]:
    """Facet-code lines billed with -50, and codes billed as an RT line plus an LT line."""
    codes = [*facts.contract_codes, *facts.lumbar_codes]
    both = code_book().side_modifiers.both
    fifty = [line for line in facts.billing.of(*codes) if line.side_modifier == both]
    two_lines = [
        code
        for code in codes
        if {"right", "left"}
        <= {
            side
            for line in facts.billing.of(code)
            if line.side_modifier != both
            for side in line.sides
        }
    ]
    return fifty, two_lines


class BilateralFormParams(Params):
    # places of service where only a professional claim exists (office)
    professional_places: list[str] = []


@check(
    "bilateral_form",
    {
        "professional_two_lines": ("code",),
        "facility_fifty": ("code",),
        "claim_type_unknown": ("code",),
    },
    BilateralFormParams,
)
def bilateral_form(facts: NoteFacts, params: BilateralFormParams) -> list[Finding]:
    """A bilateral session in the form that fits the claim: the physician's claim one line
    with -50; the ASC facility's claim two lines, RT and LT."""
    fifty, two_lines = _bilateral_codes(facts)
    claim_type = facts.claim.claim_type
    if claim_type is None and facts.claim.place_of_service in params.professional_places:
        claim_type = "professional"
    if two_lines and claim_type == "professional":
        return [Finding("professional_two_lines", {"code": facts.billing.labels(two_lines)})]
    if fifty and claim_type == "facility":
        return [Finding("facility_fifty", {"code": ", ".join(line.label for line in fifty)})]
    if two_lines and claim_type is None:
        return [Finding("claim_type_unknown", {"code": facts.billing.labels(two_lines)})]
    return []


class BilledWithParams(Params):
    codes: list[str] = []
    ranges: list[tuple[str, str]] = []  # inclusive, numeric codes only


def _in_ranges(code: str, ranges: list[tuple[str, str]]) -> bool:
    return code.isdigit() and any(low <= code <= high for low, high in ranges)


@check("billed_with", {"billed": ("code",)}, BilledWithParams)
def billed_with(facts: NoteFacts, params: BilledWithParams) -> list[Finding]:
    """Lines of the given codes (sedation, anesthesia) billed with the facet codes."""
    if not facts.family_billed:
        return []
    lines = [
        line.label
        for line in facts.billing.lines
        if line.code and (line.code in params.codes or _in_ranges(line.code, params.ranges))
    ]
    return [Finding("billed", {"code": ", ".join(lines)})] if lines else []


class CoveredDiagnosisParams(Params):
    covered_list: str


@check(
    "covered_diagnosis",
    {"not_given": (), "not_covered": ("diagnoses", "list_title", "list_as_of")},
    CoveredDiagnosisParams,
)
def covered_diagnosis(facts: NoteFacts, params: CoveredDiagnosisParams) -> list[Finding]:
    """At least one claim diagnosis is on the payer's covered list (checked when billed
    codes are given: the diagnoses belong to the claim)."""
    from checker.rules.diagnoses import diagnosis_book, normalise

    if not facts.family_billed:
        return []
    if not facts.claim.diagnoses:
        return [Finding("not_given")]
    covered = diagnosis_book().covered_lists[params.covered_list]
    listed = set(covered.codes)
    if any(normalise(code) in listed for code in facts.claim.diagnoses):
        return []
    values = {
        "diagnoses": ", ".join(facts.claim.diagnoses),
        "list_title": " ".join(covered.title.split()),
        "list_as_of": covered.as_of,
    }
    return [Finding("not_covered", values)]


class IntentParams(Params):
    intent: str


@check("intent_is", {"matched": ()}, IntentParams)
def intent_is(facts: NoteFacts, params: IntentParams) -> list[Finding]:
    """The note documents the procedure with the given intent (e.g. therapeutic)."""
    if facts.extraction.intent != params.intent:
        return []
    return [Finding("matched", evidence=facts.extraction.procedure_evidence[:1])]


class FrequencyParams(Params):
    max_sessions: int
    window_days: int
    intents: list[str] | None = None  # None: any intent
    procedures: list[str] = ["facet_injection", "medial_branch_block"]


@check(
    "session_frequency",
    {"over": ("count", "limit", "dates"), "no_patient": ()},
    FrequencyParams,
)
def session_frequency(facts: NoteFacts, params: FrequencyParams) -> list[Finding]:
    """Sessions of the same intent in the same region within the rolling window (needs the
    history store: `checker check --history PATH`, and the note's patient_id)."""
    earlier = facts.claim.earlier
    if earlier is None:
        return []  # no history store in use: the limit cannot be checked from one note
    if not facts.claim.patient_id:
        return [Finding("no_patient")]
    if params.intents is not None and facts.intent not in params.intents:
        return []
    today = facts.claim.date_of_service
    if today is None or facts.extraction.region is None:
        return []
    window = [
        s
        for s in earlier
        if 0 <= (today - s.date_of_service).days < params.window_days
        and s.region == facts.extraction.region
        and s.procedure in params.procedures
        and (params.intents is None or s.checked_intent in params.intents)
    ]
    count = len(window) + 1
    if count <= params.max_sessions:
        return []
    dates = ", ".join(sorted(s.date_of_service.isoformat() for s in window))
    values = {"count": str(count), "limit": str(params.max_sessions), "dates": dates}
    return [Finding("over", values)]


class RepeatReliefParams(Params):
    min_relief: int  # percent relief the earlier therapeutic injection gave, at least
    min_months: float  # for at least this long
    procedures: list[str]  # earlier sessions of these procedures can be that injection


def _earlier_therapeutic(facts: NoteFacts, params: RepeatReliefParams) -> list[str]:
    """Dates of the patient's therapeutic sessions in this region before today's date (a
    session of the same date is the same one documented again, never a repeat)."""
    today = facts.claim.date_of_service
    if facts.claim.earlier is None or today is None:
        return []
    return sorted(
        {
            s.date_of_service.isoformat()
            for s in facts.claim.earlier
            if s.date_of_service < today
            and s.region == facts.extraction.region
            and (s.procedure or "unknown") in params.procedures
            and s.checked_intent == "therapeutic"
        }
    )


def _least_months(text: str) -> float | None:
    """Months a relief lasted, the low end of a range ("3-4 months": 3)."""
    months = duration_months(text)
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]
    if months is None or len(numbers) < 2 or not numbers[-1]:
        return months
    return round(months * min(numbers) / numbers[-1], 2)


@check(
    "repeat_therapeutic_relief",
    {
        "missing": ("repeat", "min_relief", "min_months"),
        "incomplete": ("repeat", "found", "min_relief", "min_months"),
        "below": ("repeat", "found", "min_relief", "min_months"),
    },
    RepeatReliefParams,
)
def repeat_therapeutic_relief(facts: NoteFacts, params: RepeatReliefParams) -> list[Finding]:
    """A repeat therapeutic injection (an earlier therapeutic session in the history store,
    or the note says so) documents the earlier injection's relief: at least the minimum
    percent, lasting at least the minimum months."""
    if facts.intent != "therapeutic":
        return []
    history = facts.extraction.history
    dates = _earlier_therapeutic(facts, params)
    cues = history.get("therapeutic_repeat", [])
    if not dates and not cues:
        return []
    parts = [f"earlier therapeutic session {', '.join(dates)}"] if dates else []
    parts += [f'the note says "{e.text}"' for e in cues[:1]]
    reliefs = history.get("prior_therapeutic_relief", [])
    durations = history.get("prior_therapeutic_duration", [])
    values = {
        "repeat": "; ".join(parts),
        "min_relief": str(params.min_relief),
        "min_months": f"{params.min_months:g}",
    }
    if not reliefs and not durations:
        return [Finding("missing", values, cues[:1])]
    percents = [p for e in reliefs if (p := percent_value(e.text)) is not None]
    months = [m for e in durations if (m := _least_months(e.text)) is not None]
    relief_met = bool(percents) and max(percents) >= params.min_relief
    months_met = bool(months) and max(months) >= params.min_months
    if relief_met and months_met:
        return []
    values["found"] = ", ".join(
        [f"{e.text} relief" for e in reliefs] + [f"lasting {e.text}" for e in durations]
    )
    below = (percents and not relief_met) or (months and not months_met)
    return [Finding("below" if below else "incomplete", values, reliefs + durations)]
