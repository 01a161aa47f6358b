"""Coding checks: the billed codes against what the documentation supports."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from checker.coding import BOTH_SIDES, BilledLine, code_book
from checker.rules.checks import Finding, NoParams, check
from checker.rules.diagnoses import diagnosis_book, level_regions
from checker.rules.facts import SIDES, NoteFacts


def _range(codes: list[str]) -> str:
    return f"{codes[0]}-{codes[-1]}" if codes else ""


def _side_counts(facts: NoteFacts) -> str:
    """ "right 2 (C4-C5, C5-C6); left 0": the cervical/thoracic joints 64490-64492 count."""
    parts = []
    for side in SIDES:
        joints = facts.ct_joints(side)
        parts.append(f"{side} {len(joints)}" + (f" ({', '.join(joints)})" if joints else ""))
    return "; ".join(parts)


@check("billed_code_format", {"malformed": ("code", "problem"), "unknown_modifier": ("code",)})
def billed_code_format(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """Each billed line reads as a code with known two-character modifiers."""
    known = set(facts.tables.known_modifiers)
    findings = []
    for line in facts.billing.lines:
        if line.code is None or line.problem:
            problem = line.problem or "not a CPT or HCPCS code"
            findings.append(Finding("malformed", {"code": line.label, "problem": problem}))
        elif known and any(m not in known for m in line.modifiers):
            findings.append(Finding("unknown_modifier", {"code": line.label}))
    return findings


def _counts_apply(facts: NoteFacts) -> bool:
    """Level counts matter for a facet procedure under fluoroscopy or CT, except a
    lumbar-only session (code.region) or a T12-L1 + L1-L2 junction (code.junction)."""
    lumbar_only = facts.has_ls and not facts.has_ct
    return facts.in_family and not lumbar_only and not facts.junction_sides


def _needed(facts: NoteFacts, line: BilledLine) -> int:
    """Documented levels on a side the line's code needs (from the code families' data)."""
    return next(s.min_levels for s in code_book().contract.steps if s.code == line.code)


def _needed_text(counts: list[int]) -> str:
    words = [str(n) for n in counts]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _reach(facts: NoteFacts, side: str) -> int:
    """Levels on a side. When the note gives no side at all, its unsided levels may be on
    either side: the missing side is then the laterality gap, not a level count."""
    if facts.extraction.levels:
        return facts.ct_count(side)
    return len(facts.unsided_ct_levels)


@check("level_count", {"too_few": ("code", "needed", "counts")})
def level_count(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """Each billed 64490/64491/64492 line has 1/2/3 documented levels on a side it claims;
    every short line is named in one finding."""
    if not _counts_apply(facts):
        return []
    short = []
    for line in facts.billing.of(*facts.contract_codes):
        needed = _needed(facts, line)
        claimed = line.sides or BOTH_SIDES
        if not any(_reach(facts, side) >= needed for side in claimed):
            short.append((line, needed))
    if not short:
        return []
    values = {
        "code": ", ".join(line.label for line, _ in short),
        "needed": _needed_text([needed for _, needed in short]),
        "counts": _side_counts(facts),
    }
    return [Finding("too_few", values)]


@check("bilateral_modifier", {"one_side": ("code", "needed", "side", "counts")})
def bilateral_modifier(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """A -50 line needs its level count on both sides."""
    if not _counts_apply(facts):
        return []
    short = []
    for line in facts.billing.of(*facts.contract_codes):
        if code_book().side_modifiers.both not in line.modifiers:
            continue
        needed = _needed(facts, line)
        reaching = [side for side in SIDES if _reach(facts, side) >= needed]
        if len(reaching) == 1:
            short.append((line, needed, reaching[0]))
    if not short:
        return []
    values = {
        "code": ", ".join(line.label for line, _, _ in short),
        "needed": _needed_text([needed for _, needed, _ in short]),
        "side": " / ".join(dict.fromkeys(side for _, _, side in short)),
        "counts": _side_counts(facts),
    }
    return [Finding("one_side", values)]


class SingleUnitParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    codes: list[str]


@check("single_unit_code", {"units": ("code",), "lines": ("code",)}, SingleUnitParams)
def single_unit_code(facts: NoteFacts, params: SingleUnitParams) -> list[Finding]:
    """A "third and any additional level" code is one unit on one line per side."""
    findings = []
    for code in params.codes:
        lines = facts.billing.of(code)
        if any(line.units > 1 for line in lines):
            labels = ", ".join(line.label for line in lines if line.units > 1)
            findings.append(Finding("units", {"code": labels}))
        per_side: dict[str, int] = {}
        for line in lines:
            for side in line.sides or {"unspecified"}:
                per_side[side] = per_side.get(side, 0) + 1
        if any(count > 1 for count in per_side.values()):
            findings.append(Finding("lines", {"code": facts.billing.labels([code])}))
    return findings


@check("add_on_primary", {"missing_primary": ("code", "primary")})
def add_on_primary(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """An add-on code is billed with its primary code(s)."""
    findings = []
    for code, alternatives in facts.tables.add_on_primaries.items():
        if not facts.billing.has(code):
            continue
        if any(all(facts.billing.has(p) for p in needed) for needed in alternatives):
            continue
        primary = " or ".join(" and ".join(needed) for needed in alternatives)
        values = {"code": facts.billing.labels([code]), "primary": primary}
        findings.append(Finding("missing_primary", values))
    return findings


class ModifierParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    modifier: str


@check("add_on_modifier", {"present": ("code", "modifier")}, ModifierParams)
def add_on_modifier(facts: NoteFacts, params: ModifierParams) -> list[Finding]:
    """A modifier that add-on codes never take (51) is not on an add-on line."""
    add_ons = set(facts.tables.add_on_primaries)
    lines = [
        line.label
        for line in facts.billing.lines
        if line.code in add_ons and params.modifier in line.modifiers
    ]
    if not lines:
        return []
    return [Finding("present", {"code": ", ".join(lines), "modifier": params.modifier})]


def _lumbar_text(facts: NoteFacts) -> str:
    return ", ".join(facts.support.of("facet_lumbar_sacral")) or (
        f"{_range(facts.lumbar_codes)} once fluoroscopy or CT and the procedure are documented"
    )


@check(
    "region_codes",
    {
        "lumbar_billed_ct": ("code", "region_levels", "lumbar_supported"),
        "lumbar": ("region_levels", "lumbar_supported"),
        "ct_billed_ls": ("code", "region_levels"),
    },
)
def region_codes(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """Cervical/thoracic levels take 64490-64492, lumbar/sacral levels 64493-64495."""
    if facts.has_ls and not facts.has_ct:
        levels = sorted({lv for side in SIDES for lv in facts.ls_levels[side]})
        values = {"region_levels": ", ".join(levels), "lumbar_supported": _lumbar_text(facts)}
        wrong = facts.billing.of(*facts.contract_codes)
        if wrong:
            values["code"] = ", ".join(line.label for line in wrong)
            return [Finding("lumbar_billed_ct", values)]
        return [Finding("lumbar", values)]
    if facts.has_ct and not facts.has_ls:
        allowed = {facts.lumbar_codes[1]} if facts.junction_sides else set()
        wrong = [line for line in facts.billing.of(*facts.lumbar_codes) if line.code not in allowed]
        if wrong:
            levels = sorted({lv for side in SIDES for lv in facts.ct_levels[side]})
            values = {
                "code": ", ".join(line.label for line in wrong),
                "region_levels": ", ".join(levels),
            }
            return [Finding("ct_billed_ls", values)]
    return []


@check("ultrasound_codes", {"billed_family": ("suggested",), "advice": ("suggested",)})
def ultrasound_codes(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """Ultrasound guidance does not support 64490-64495; Category III codes apply."""
    if facts.extraction.guidance != "ultrasound":
        return []
    table = code_book().family("ultrasound_cervical_thoracic").codes
    found = facts.support.of("ultrasound_cervical_thoracic") + facts.support.of(
        "ultrasound_lumbar_sacral"
    )
    suggested = ", ".join(found) or _range(table)
    outcome = "billed_family" if facts.family_billed else "advice"
    return [Finding(outcome, {"suggested": suggested}, facts.extraction.guidance_evidence)]


@check("no_imaging_codes", {"billed_family": ("alternative",), "advice": ("alternative",)})
def no_imaging_codes(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """Without fluoroscopy or CT the 64490-64495 descriptors are not met."""
    if facts.extraction.guidance not in (None, "none"):
        return []
    values = {"alternative": _range(facts.tables.no_imaging)}
    outcome = "billed_family" if facts.family_billed else "advice"
    return [Finding(outcome, values, facts.extraction.guidance_evidence)]


class ProcedureParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    procedure: Literal["rf_ablation", "epidural"]


def _rf_codes(facts: NoteFacts) -> str:
    """RF codes are per joint: first joint, then each additional joint (1.17)."""
    found = facts.support.of("rf_cervical_thoracic") + facts.support.of("rf_lumbar_sacral")
    if found:
        return ", ".join(found)
    ct = code_book().family("rf_cervical_thoracic").codes
    ls = code_book().family("rf_lumbar_sacral").codes
    return f"{ct[0]}-{ls[-1]} once the joints, sides and fluoroscopy or CT are documented"


@check(
    "procedure_codes",
    {"billed_family": ("alternative",), "advice": ("alternative",)},
    ProcedureParams,
)
def procedure_codes(facts: NoteFacts, params: ProcedureParams) -> list[Finding]:
    """An RF ablation or an epidural is not a 64490-64495 facet injection."""
    if facts.extraction.procedure != params.procedure:
        return []
    alternative = _rf_codes(facts) if params.procedure == "rf_ablation" else ""
    outcome = "billed_family" if facts.family_billed else "advice"
    evidence = facts.extraction.procedure_evidence[:1]
    return [Finding(outcome, {"alternative": alternative}, evidence)]


@check("separate_guidance", {"billed": ("code",)})
def separate_guidance(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """Imaging guidance is not billed on its own line with 64490-64495."""
    lines = facts.billing.of(*facts.tables.separate_guidance)
    if not lines or not facts.family_billed:
        return []
    return [Finding("billed", {"code": ", ".join(line.label for line in lines)})]


@check("multiple_regions", {"two_regions": ("ct_levels", "ls_levels")})
def multiple_regions(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """One spinal region per session (the T12-L1 + L1-L2 junction is one lumbar session)."""
    if not (facts.has_ct and facts.has_ls):
        return []
    values = {
        "ct_levels": ", ".join(sorted({lv for s in SIDES for lv in facts.ct_levels[s]})),
        "ls_levels": ", ".join(sorted({lv for s in SIDES for lv in facts.ls_levels[s]})),
    }
    return [Finding("two_regions", values)]


@check("junction", {"billed_ok": (), "billing_wrong": (), "advice": ()})
def junction(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """T12-L1 with L1-L2 is 64490 + 64494 once each (-50 when bilateral)."""
    if not facts.junction_sides or not facts.in_family:
        return []
    contract = facts.support.of("facet_cervical_thoracic")
    lumbar = facts.support.of("facet_lumbar_sacral")
    expected = set(contract + lumbar)
    if not facts.family_billed:
        return [Finding("advice")]
    billed = facts.billing.codes_with_sides([*facts.contract_codes, *facts.lumbar_codes])
    return [Finding("billed_ok" if billed == expected else "billing_wrong")]


@check("procedure_named_for_codes", {"billed_family": ()})
def procedure_named_for_codes(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """64490-64495 are billed only when the note names a facet injection or MBB."""
    if facts.extraction.procedure not in (None, "other") or not facts.family_billed:
        return []
    return [Finding("billed_family")]


class ModifiersParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    modifiers: list[str]
    codes: list[str]


@check("modifier_not_allowed", {"present": ("code", "modifier")}, ModifiersParams)
def modifier_not_allowed(facts: NoteFacts, params: ModifiersParams) -> list[Finding]:
    """A modifier the codes never take (26/TC: the imaging guidance is part of the code)."""
    findings = []
    for line in facts.billing.of(*params.codes):
        for modifier in params.modifiers:
            if modifier in line.modifiers:
                findings.append(Finding("present", {"code": line.label, "modifier": modifier}))
    return findings


class MueParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    skip_codes: list[str] = []  # codes another requirement already limits to one unit


@check("mue_units", {"over": ("code", "units", "mue", "mue_source")}, MueParams)
def mue_units(facts: NoteFacts, params: MueParams) -> list[Finding]:
    """Units of a code on one date of service within its practitioner MUE (a physician
    claim: an ASC facility's RT and LT lines are the facility's form)."""
    if facts.claim.claim_type == "facility":
        return []
    findings = []
    codes = dict.fromkeys(line.code for line in facts.billing.lines if line.code)
    for code in (c for c in codes if c not in params.skip_codes):
        entry = facts.ncci.mue_of(code)
        units = facts.billing.units(code)
        if entry is not None and units > entry.value:
            values = {
                "code": facts.billing.labels([code]),
                "units": str(units),
                "mue": str(entry.value),
                "mue_source": entry.source,
            }
            findings.append(Finding("over", values))
    return findings


def _bypassed(facts: NoteFacts, code: str) -> bool:
    """A PTP edit with modifier indicator 1 is bypassed by 59 or an X{EPSU} modifier."""
    bypass = set(facts.ncci.bypass_modifiers)
    return any(set(line.modifiers) & bypass for line in facts.billing.of(code))


@check(
    "ncci_pairs",
    {
        "listed": ("code", "other", "pair_source"),
        "cms_no_modifier": ("code", "other", "pair_source"),
        "cms_modifier": ("code", "other", "pair_source"),
    },
)
def ncci_pairs(facts: NoteFacts, params: NoParams) -> list[Finding]:
    """Procedure-to-procedure pairs billed on one day (NCCI PTP edits)."""
    billed = {line.code for line in facts.billing.lines if line.code}
    findings = []
    for a, b, entry in facts.ncci.pairs_billed(billed):
        values = {
            "code": facts.billing.labels([a]),
            "other": facts.billing.labels([b]),
            "pair_source": entry.source,
        }
        if not entry.verified:
            findings.append(Finding("listed", values))
        elif entry.modifier_indicator == 0:
            findings.append(Finding("cms_no_modifier", values))
        elif entry.modifier_indicator == 1 and not _bypassed(facts, b):
            findings.append(Finding("cms_modifier", values))
    return findings


class DiagnosisRegionParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # the spinal regions each diagnosis region may be treated in
    compatible: dict[str, list[str]]


@check(
    "diagnosis_region",
    {"mismatch": ("diagnoses", "levels_region")},
    DiagnosisRegionParams,
)
def diagnosis_region(facts: NoteFacts, params: DiagnosisRegionParams) -> list[Finding]:
    """The claim's spinal diagnoses name the region of the treated levels."""
    book = diagnosis_book()
    regional = [
        (code, region) for code in facts.claim.diagnoses if (region := book.region_of(code))
    ]
    treated = level_regions(facts.all_levels)
    if not regional or not treated:
        return []
    if any(set(params.compatible.get(region, [])) & treated for _, region in regional):
        return []
    values = {
        "diagnoses": ", ".join(f"{code} ({region})" for code, region in regional),
        "levels_region": f"{', '.join(sorted(treated))} ({facts.level_text()})",
    }
    return [Finding("mismatch", values)]
