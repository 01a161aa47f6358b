"""Documentation checks: what the procedure note itself must say."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from checker.models import Guidance, Role
from checker.rules.checks import Finding, NoParams, check
from checker.rules.facts import NoteFacts


@check("levels_named", {"missing": ()})
def levels_named(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """At least one treated joint level is named."""
    ex = facts.extraction
    if ex.levels or ex.levels_unsided:
        return []
    return [Finding("missing", evidence=ex.procedure_evidence[:1])]


@check("levels_sided", {"unsided": ("unsided",)})
def levels_sided(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """Every treated level has a side (right, left or bilateral)."""
    ex = facts.extraction
    if not ex.levels_unsided:
        return []
    unsided = ", ".join(dict.fromkeys(ex.levels_unsided))
    return [Finding("unsided", {"unsided": unsided}, ex.levels_unsided_evidence)]


@check("levels_confirmed", {"uncertain": ("confirm",)})
def levels_confirmed(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """The reading of every level is certain (no disagreeing sources, no inferred side)."""
    warnings = [w for w in facts.extraction.reading_warnings if w.subject == "levels"]
    return [Finding("uncertain", {"confirm": w.message}, w.evidence) for w in warnings]


@check("imaging_guidance", {"not_named": (), "none_used": (), "conflict": ("confirm",)})
def imaging_guidance(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """Fluoroscopy or CT is named (ultrasound is a coding question, see code.ultrasound).
    A note that both names imaging and says none was used is for a person to settle."""
    ex = facts.extraction
    if ex.guidance is None:
        return [Finding("not_named")]
    conflicts = [w for w in ex.reading_warnings if w.subject == "guidance"]
    if conflicts:
        return [Finding("conflict", {"confirm": w.message}, w.evidence) for w in conflicts]
    if ex.guidance == "none":
        return [Finding("none_used", evidence=ex.guidance_evidence)]
    return []


class ContrastParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Guidance under which omitting contrast needs no stated reason, with the reason to show.
    implied_reasons: dict[Guidance, str] = {}


@check(
    "contrast_documented",
    {"not_documented": (), "omitted_without_reason": (), "omitted_with_reason": ("reason",)},
    ContrastParams,
)
def contrast_documented(facts: NoteFacts, params: ContrastParams) -> list[Finding]:
    """Contrast use is documented, or its omission is explained."""
    contrast = facts.extraction.contrast
    if contrast.used:
        return []
    if contrast.omission_reason:
        reason = contrast.omission_reason.replace("_", " ")
        if contrast.evidence:
            reason += f': "{contrast.evidence[-1].text}"'
        return [Finding("omitted_with_reason", {"reason": reason}, contrast.evidence)]
    guidance = facts.extraction.guidance
    implied = params.implied_reasons.get(guidance) if guidance else None
    if implied:
        return [Finding("omitted_with_reason", {"reason": implied}, contrast.evidence)]
    if contrast.used is None:
        return [Finding("not_documented")]
    return [Finding("omitted_without_reason", evidence=contrast.evidence)]


class MedicationParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    roles: list[Role] = ["anesthetic", "steroid"]


@check("medications_complete", {"none_injected": (), "incomplete": ("drugs",)}, MedicationParams)
def medications_complete(facts: NoteFacts, params: MedicationParams) -> list[Finding]:
    """Each injected drug has a strength (concentration, brand strength or mg dose) and an
    amount (volume or mg dose)."""
    injected = [m for m in facts.extraction.medications if m.role in params.roles]
    if not injected:
        return [Finding("none_injected")]
    history = facts.extraction.history
    gaps, evidence = [], []
    for med in injected:
        missing = []
        brand_strength = any(key.startswith(f"strength:{med.name}:") for key in history)
        if med.concentration is None and med.dose_mg is None and not brand_strength:
            missing.append("concentration")
        if med.volume_ml_per_level is None and med.volume_ml_total is None and not med.dose_mg:
            missing.append("volume")
        if missing:
            gaps.append(f"{med.name} (no {' or '.join(missing)})")
            evidence += med.evidence[:1]
    if not gaps:
        return []
    return [Finding("incomplete", {"drugs": "; ".join(gaps)}, evidence)]


def describe_response(facts: NoteFacts) -> str:
    return ", ".join(facts.extraction.response.summary()) or "no pain score or relief"


@check(
    "response_documented",
    {
        "missing_diagnostic": ("found", "range"),
        "missing": ("found", "range"),
        "range": ("found", "range"),
    },
)
def response_documented(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """Today's response: pre and post scores on the same scale, or percent relief; a range
    ("2-8/10") is not a score."""
    response = facts.extraction.response
    both_scores = (response.pre_pain is not None and response.post_pain is not None) or (
        response.pre_pain_mm is not None and response.post_pain_mm is not None
    )
    values = {"found": describe_response(facts), "range": response.pain_range or ""}
    evidence = response.evidence
    if not both_scores and response.percent_relief is None:
        outcome = "missing_diagnostic" if facts.intent == "diagnostic" else "missing"
        return [Finding(outcome, values, evidence)]
    if response.pain_range and not both_scores:
        return [Finding("range", values, evidence)]
    return []


WorkflowFlag = Literal["consent", "timeout", "sterile_prep", "local_anesthesia", "observation"]


class WorkflowParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    flag: WorkflowFlag


@check("workflow_flag", {"missing": ()}, WorkflowParams)
def workflow_flag(facts: NoteFacts, params: WorkflowParams) -> list[Finding]:
    """A procedure workflow step (consent, time-out, prep, local, observation) is recorded."""
    if getattr(facts.extraction.workflow, params.flag):
        return []
    return [Finding("missing")]
