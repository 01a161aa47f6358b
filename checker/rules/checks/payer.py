"""Payer policy checks: limits and prerequisites a payer profile switches on."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from checker.extract.history import duration_months, percent_value
from checker.models import Evidence
from checker.rules.checks import Finding, NoParams, check
from checker.rules.checks.documentation import describe_response
from checker.rules.facts import SIDES, NoteFacts


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MaxLevelsParams(Params):
    per_side: int | None = None
    distinct: int | None = None
    injections: int | None = None
    third_level_codes: list[str] = []


def _limit_text(params: MaxLevelsParams) -> str:
    parts = []
    if params.per_side is not None:
        parts.append(f"{params.per_side} levels per side")
    if params.distinct is not None:
        parts.append(f"{params.distinct} levels per session")
    if params.injections is not None:
        parts.append(f"{params.injections} injections per session")
    return ", ".join(parts)


@check(
    "max_levels",
    {"billed_beyond": ("code", "limit"), "documented_beyond": ("found", "limit")},
    MaxLevelsParams,
)
def max_levels(facts: NoteFacts, params: MaxLevelsParams) -> list[Finding]:
    """Levels per side, distinct levels and injections per session within the payer's limit;
    a third-level code billed to a payer that covers two levels."""
    limit = _limit_text(params)
    third = facts.billing.of(*params.third_level_codes)
    if third:
        code = ", ".join(line.label for line in third)
        return [Finding("billed_beyond", {"code": code, "limit": limit})]
    over = []
    if params.per_side is not None:
        for side in SIDES:
            if len(facts.levels[side]) > params.per_side:
                over.append(f"{len(facts.levels[side])} on the {side} ({facts.side_text(side)})")
    distinct = {lv for side in SIDES for lv in facts.levels[side]}
    if params.distinct is not None and len(distinct) > params.distinct:
        over.append(f"{len(distinct)} levels ({facts.level_text()})")
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
    min_months: float = 3


@check(
    "pain_duration",
    {"absent": ("minimum",), "unquantified": ("minimum",), "too_short": ("duration", "minimum")},
    DurationParams,
)
def pain_duration(facts: NoteFacts, params: DurationParams) -> list[Finding]:
    """The history gives how long the pain has lasted, at least the payer's minimum."""
    history = facts.extraction.history
    minimum = f"{params.min_months:g} months"
    durations = [
        (months, e)
        for e in history.get("pain_duration", [])
        if (months := duration_months(e.text)) is not None
    ]
    if durations:
        months, longest = max(durations, key=lambda item: item[0])
        if months >= params.min_months:
            return []
        values = {"duration": longest.text, "minimum": minimum}
        return [Finding("too_short", values, [longest])]
    if history.get("pain_chronic"):
        return [Finding("unquantified", {"minimum": minimum}, history["pain_chronic"][:1])]
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


@check("intent_stated", {"unknown": ()})
def intent_stated(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """The note says whether the injection is diagnostic or therapeutic."""
    if facts.extraction.intent is not None:
        return []
    return [Finding("unknown", evidence=facts.extraction.procedure_evidence[:1])]


class ReliefParams(Params):
    min_relief: int = 80
    prior_blocks: int = 2


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
    ReliefParams,
)
def therapeutic_prerequisites(facts: NoteFacts, params: ReliefParams) -> list[Finding]:
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


@check("payer_profile", {"unknown": (), "none": ()})
def payer_profile(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """A payer profile was applied (otherwise only CPT and documentation checks ran)."""
    if facts.profile is not None:
        return []
    return [Finding("none" if not facts.payer else "unknown")]
