"""The billing table: payer, place of service / claim type, billed lines with modifiers,
diagnoses and earlier sessions in; the coding and payer gap ids and the status out.

Each expected outcome is written from the policy text cited in its comment (section
numbers of docs/policy-sources.md), not from the checker's output. The documentation
itself is complete in every case (a right C5-C6 + C6-C7 diagnostic medial branch block
under fluoroscopy with every element a reviewer looks for), unless a case changes it, so
the ids below are the claim's problems only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from checker.coding import code_summary
from checker.models import (
    ContrastFact,
    Evidence,
    Extraction,
    LevelFact,
    MedicationFact,
    ResponseFact,
)
from checker.rules import load_ruleset
from checker.rules.facts import Claim, EarlierSession

TODAY = dt.date(2026, 6, 15)
R2 = "R:C5-C6,C6-C7"
R3 = "R:C4-C5,C5-C6,C6-C7"
B2 = "R:C5-C6,C6-C7;L:C5-C6,C6-C7"
KX2 = ["64490-RT-KX", "64491-RT-KX"]
RTLT = ["64490-RT-KX", "64490-LT-KX", "64491-RT-KX", "64491-LT-KX"]
HISTORY_TEXT = {
    "pain_duration": "8 months",
    "conservative_care_failed": "failed 6 weeks of physical therapy",
    "conservative_care": "physical therapy",
    "radiculopathy_absent": "no radicular symptoms",
}


@dataclass
class Case:
    name: str
    payer: str
    billed: list[str]
    expected: set[str]
    status: str
    levels: str = R2
    diagnoses: tuple[str, ...] = ("M47.812",)
    place_of_service: str | None = None
    claim_type: str | None = None
    intent: str | None = "diagnostic"
    procedure: str = "medial_branch_block"
    guidance: str | None = "fluoroscopy"
    region: str = "cervical"
    earlier: list[tuple[str, str | None, str, str]] | None = None  # date, intent, region, procedure
    history: dict[str, str] = field(default_factory=lambda: dict(HISTORY_TEXT))


def _earlier(
    days_ago: int, intent="diagnostic", region="cervical", procedure="medial_branch_block"
):
    return ((TODAY - dt.timedelta(days=days_ago)).isoformat(), intent, region, procedure)


FOUR_RECENT = [_earlier(d) for d in (30, 90, 150, 300)]
IA = {"intent": "therapeutic", "procedure": "facet_injection"}
EARLIER_IA = [_earlier(150, intent="therapeutic", procedure="facet_injection")]
TWO_IA = ["64490-RT", "64491-RT"]


def _relief(percent: str, lasting: str) -> dict[str, str]:
    """The history with the earlier therapeutic injection's relief, as the note gives it."""
    found = {"prior_therapeutic_relief": percent, "prior_therapeutic_duration": lasting}
    return {**HISTORY_TEXT, **found}


CASES = [
    # --- Medicare: KX, level limit, GA/GZ [2.4, 2.5, 2.13, 4.3; Palmetto ABN modifiers]
    Case("mcr_two_levels_kx", "medicare", KX2, set(), "pass"),
    Case("mcr_no_kx", "medicare", ["64490-RT", "64491-RT"], {"payer.medicare.kx_modifier"}, "fail"),
    Case(
        "mcr_64492_bare",
        "medicare",
        [*KX2, "64492-RT"],
        {"payer.medicare.level_limit"},
        "fail",
        levels=R3,
    ),
    Case(
        "mcr_64492_ga",
        "medicare",
        [*KX2, "64492-RT-GA"],
        {"payer.medicare.level_limit"},
        "pass",
        levels=R3,
    ),
    Case(
        "mcr_64492_gz",
        "medicare",
        [*KX2, "64492-RT-GZ"],
        {"payer.medicare.level_limit"},
        "needs_review",
        levels=R3,
    ),
    Case(
        "mcr_64492_kx",
        "medicare",
        [*KX2, "64492-RT-KX"],
        {"payer.medicare.level_limit"},
        "fail",
        levels=R3,
    ),
    Case(
        "mcr_three_levels_two_billed",
        "medicare",
        KX2,
        {"payer.medicare.level_limit"},
        "needs_review",
        levels=R3,
    ),
    Case(
        "mcr_four_distinct_levels_two_per_side",
        "medicare",
        ["64490-50-KX", "64491-50-KX"],
        {"payer.medicare.level_limit"},
        "needs_review",
        levels="R:C3-C4,C4-C5;L:C5-C6,C6-C7",
    ),
    Case(
        "mcr_bilateral_two_levels",
        "medicare",
        ["64490-50-KX", "64491-50-KX"],
        set(),
        "pass",
        levels=B2,
    ),
    # --- modifiers 26/TC [1.8, 4.6]
    Case(
        "mcr_modifier_26",
        "medicare",
        ["64490-RT-KX-26", "64491-RT-KX"],
        {"code.modifier_pc_tc"},
        "needs_review",
    ),
    Case(
        "mcr_modifier_tc",
        "medicare",
        ["64490-RT-KX", "64491-RT-KX-TC"],
        {"code.modifier_pc_tc"},
        "needs_review",
    ),
    # --- bilateral form by claim type; MUE 64491 = 1 [4.1, 4.2, 8]
    Case(
        "mcr_professional_rt_lt_lines",
        "medicare",
        RTLT,
        {"payer.medicare.bilateral_form", "code.mue"},
        "needs_review",
        levels=B2,
        claim_type="professional",
    ),
    Case(
        "mcr_asc_facility_rt_lt_lines",
        "medicare",
        RTLT,
        set(),
        "pass",
        levels=B2,
        claim_type="facility",
        place_of_service="24",
    ),
    Case(
        "mcr_asc_facility_fifty",
        "medicare",
        ["64490-50-KX", "64491-50-KX"],
        {"payer.medicare.bilateral_form"},
        "needs_review",
        levels=B2,
        claim_type="facility",
        place_of_service="24",
    ),
    Case(
        "mcr_physician_in_asc_fifty",
        "medicare",
        ["64490-50-KX", "64491-50-KX"],
        set(),
        "pass",
        levels=B2,
        claim_type="professional",
        place_of_service="24",
    ),
    Case(
        "mcr_rt_lt_lines_claim_unknown",
        "medicare",
        RTLT,
        {"payer.medicare.bilateral_form", "code.mue"},
        "needs_review",
        levels=B2,
    ),
    Case(
        "mcr_rt_lt_lines_office",
        "medicare",
        RTLT,
        {"payer.medicare.bilateral_form", "code.mue"},
        "needs_review",
        levels=B2,
        place_of_service="11",
    ),
    # --- sedation and anesthesia lines [2.16]
    Case(
        "mcr_sedation_line", "medicare", [*KX2, "99152"], {"payer.medicare.sedation_billed"}, "fail"
    ),
    Case(
        "mcr_anesthesia_line",
        "medicare",
        [*KX2, "01992"],
        {"payer.medicare.sedation_billed"},
        "fail",
    ),
    # --- diagnoses [2.20, A57787 general guidelines]
    Case(
        "mcr_diagnosis_not_listed",
        "medicare",
        KX2,
        {"payer.medicare.diagnosis"},
        "needs_review",
        diagnoses=("M54.2",),
    ),
    Case("mcr_no_diagnoses", "medicare", KX2, {"payer.medicare.diagnosis"}, "pass", diagnoses=()),
    Case(
        "mcr_lumbar_diagnosis_cervical_levels",
        "medicare",
        KX2,
        {"code.diagnosis_region"},
        "needs_review",
        diagnoses=("M47.816",),
    ),
    Case("mcr_cervicothoracic_diagnosis", "medicare", KX2, set(), "pass", diagnoses=("M47.813",)),
    Case("mcr_dotless_diagnosis", "medicare", KX2, set(), "pass", diagnoses=("m47812",)),
    # --- NCCI pairs and bundled guidance [1.8, 8]
    Case("mcr_si_joint_same_day", "medicare", [*KX2, "27096"], {"code.ncci"}, "needs_review"),
    Case("mcr_fluoroscopy_line", "medicare", [*KX2, "77003"], {"code.guidance_billed"}, "fail"),
    Case("mcr_trigger_point_same_day", "medicare", [*KX2, "20552"], {"code.ncci"}, "needs_review"),
    # --- add-ons, modifier 51, code format [1.2, 1.15, 1.16]
    Case("mcr_add_on_alone", "medicare", ["64491-RT-KX"], {"code.add_on_primary"}, "fail"),
    Case(
        "mcr_modifier_51_on_add_on",
        "medicare",
        ["64490-RT-KX", "64491-RT-51-KX"],
        {"code.modifier_51"},
        "fail",
    ),
    Case("mcr_letter_o_in_code", "medicare", ["6449O-RT"], {"code.billed_format"}, "needs_review"),
    # --- frequency across visits [2.11]
    Case(
        "mcr_fifth_diagnostic_session",
        "medicare",
        KX2,
        {"payer.medicare.diagnostic_frequency"},
        "needs_review",
        earlier=FOUR_RECENT,
    ),
    Case(
        "mcr_oldest_session_outside_window",
        "medicare",
        KX2,
        set(),
        "pass",
        earlier=[_earlier(d) for d in (30, 90, 150, 400)],
    ),
    Case(
        "mcr_earlier_sessions_therapeutic",
        "medicare",
        KX2,
        set(),
        "pass",
        earlier=[_earlier(d, intent="therapeutic") for d in (30, 90, 150, 300)],
    ),
    Case(
        "mcr_earlier_sessions_lumbar",
        "medicare",
        KX2,
        set(),
        "pass",
        earlier=[_earlier(d, region="lumbar") for d in (30, 90, 150, 300)],
    ),
    # --- repeat therapeutic injection: at least 50% relief for at least 3 months from the
    # prior therapeutic injection (LCD L38773 via the CGS prior-authorization page) [2.9];
    # unverified, so never more than a warning
    Case(
        "mcr_repeat_therapeutic_relief_not_documented",
        "medicare",
        TWO_IA,
        {"payer.medicare.therapeutic_repeat"},
        "needs_review",
        earlier=EARLIER_IA,
        **IA,
    ),
    Case(
        "mcr_repeat_therapeutic_60_percent_4_months",
        "medicare",
        TWO_IA,
        set(),
        "pass",
        earlier=EARLIER_IA,
        history=_relief("60% relief", "4 months"),
        **IA,
    ),
    Case(
        "mcr_repeat_therapeutic_exactly_50_percent_3_months",
        "medicare",
        TWO_IA,
        set(),
        "pass",
        earlier=EARLIER_IA,
        history=_relief("50%", "3 months"),
        **IA,
    ),
    Case(
        "mcr_repeat_therapeutic_relief_6_weeks",
        "medicare",
        TWO_IA,
        {"payer.medicare.therapeutic_repeat"},
        "needs_review",
        earlier=EARLIER_IA,
        history=_relief("60% relief", "6 weeks"),
        **IA,
    ),
    Case(
        "mcr_repeat_therapeutic_relief_40_percent",
        "medicare",
        TWO_IA,
        {"payer.medicare.therapeutic_repeat"},
        "needs_review",
        earlier=EARLIER_IA,
        history=_relief("40% relief", "5 months"),
        **IA,
    ),
    Case(
        "mcr_repeat_therapeutic_range_2_to_4_months",
        "medicare",
        TWO_IA,
        {"payer.medicare.therapeutic_repeat"},
        "needs_review",
        earlier=EARLIER_IA,
        history=_relief("70% relief", "2-4 months"),
        **IA,
    ),
    Case(
        "mcr_repeat_therapeutic_several_months",
        "medicare",
        TWO_IA,
        {"payer.medicare.therapeutic_repeat"},
        "needs_review",
        earlier=EARLIER_IA,
        history=_relief("70% relief", "several months"),
        **IA,
    ),
    Case(
        "mcr_first_therapeutic_after_two_diagnostic_blocks",
        "medicare",
        TWO_IA,
        set(),
        "pass",
        earlier=[_earlier(d) for d in (60, 90)],
        **IA,
    ),
    Case(
        "mcr_earlier_therapeutic_other_region",
        "medicare",
        TWO_IA,
        set(),
        "pass",
        earlier=[_earlier(150, intent="therapeutic", region="lumbar", procedure="facet_injection")],
        **IA,
    ),
    Case(
        "mcr_earlier_therapeutic_same_date_is_the_same_session",
        "medicare",
        TWO_IA,
        set(),
        "pass",
        earlier=[_earlier(0, intent="therapeutic", procedure="facet_injection")],
        **IA,
    ),
    Case(
        "mcr_repeat_said_in_note_without_history_store",
        "medicare",
        TWO_IA,
        {"payer.medicare.therapeutic_repeat"},
        "needs_review",
        history={**HISTORY_TEXT, "therapeutic_repeat": "repeat therapeutic"},
        **IA,
    ),
    # --- a medial branch block of unstated intent is checked as diagnostic (Medicare covers
    # therapeutic facet procedures only intra-articular [2.9]): KX still applies [2.13]
    Case(
        "mcr_mbb_intent_unstated_no_kx",
        "medicare",
        ["64490-RT", "64491-RT"],
        {"payer.medicare.kx_modifier", "payer.intent_assumed"},
        "fail",
        intent=None,
    ),
    Case(
        "mcr_mbb_intent_unstated_fifth_session",
        "medicare",
        KX2,
        {"payer.medicare.diagnostic_frequency", "payer.intent_assumed"},
        "needs_review",
        intent=None,
        earlier=[(d, None, r, p) for d, _, r, p in FOUR_RECENT],
    ),
    # --- T12-L1 junction and region [1.12, 1.13]
    Case(
        "mcr_junction_right",
        "medicare",
        ["64490-RT-KX", "64494-RT-KX"],
        {"code.junction"},
        "pass",
        levels="R:T12-L1,L1-L2",
        region="lumbar",
        diagnoses=("M47.815",),
    ),
    Case(
        "mcr_junction_billed_as_thoracic",
        "medicare",
        KX2,
        {"code.junction"},
        "fail",
        levels="R:T12-L1,L1-L2",
        region="lumbar",
        diagnoses=("M47.815",),
    ),
    Case(
        "mcr_lumbar_billed_cervical",
        "medicare",
        ["64490-RT"],
        {"code.region", "payer.medicare.kx_modifier"},
        "fail",
        levels="R:L4-L5,L5-S1",
        region="lumbar",
        diagnoses=("M47.816",),
    ),
    # --- payer names [8; 42 CFR 422.101(b)(6)]
    Case(
        "medicare_advantage_plan",
        "Humana Medicare Advantage",
        ["64490-RT", "64491-RT"],
        {"payer.unknown"},
        "pass",
    ),
    Case("aetna_medicare", "aetna medicare", ["64490-RT", "64491-RT"], {"payer.unknown"}, "pass"),
    Case(
        "aetna_medicaid", "Aetna Better Health", ["64490-RT", "64491-RT"], {"payer.unknown"}, "pass"
    ),
    Case("optum_is_not_a_payer", "optum", ["64490-RT", "64491-RT"], {"payer.unknown"}, "pass"),
    Case(
        "uhc_community_plan",
        "UnitedHealthcare Community Plan",
        ["64490-RT", "64491-RT"],
        {"payer.unknown"},
        "pass",
    ),
    Case("generic_bcbs", "BCBS", ["64490-RT", "64491-RT"], {"payer.unknown"}, "pass"),
    # --- Aetna CPB 0016 [3.1]
    Case(
        "aetna_therapeutic_ia",
        "aetna",
        ["64490-RT", "64491-RT"],
        {"payer.aetna.therapeutic"},
        "needs_review",
        intent="therapeutic",
        procedure="facet_injection",
    ),
    Case(
        "aetna_four_distinct_levels",
        "aetna",
        ["64490-50", "64491-RT", "64492-RT"],
        {"payer.aetna.level_limit"},
        "needs_review",
        levels="R:C3-C4,C4-C5,C5-C6;L:C6-C7",
    ),
    Case("aetna_diagnostic_two_levels", "aetna", ["64490-RT", "64491-RT"], set(), "pass"),
    # --- Cigna / eviCore CMM-201 [3.4]
    Case("cigna_fluoroscopy", "Cigna", ["64490-RT", "64491-RT"], set(), "pass"),
    Case(
        "cigna_ultrasound",
        "cigna",
        ["0213T-RT", "0214T-RT"],
        {"payer.cigna.ultrasound", "code.ultrasound"},
        "needs_review",
        guidance="ultrasound",
    ),
    # --- Highmark BCBS Z-61-019 [3.5]
    Case("highmark_complete", "Highmark BCBS", ["64490-RT", "64491-RT"], set(), "pass"),
    Case(
        "highmark_no_conservative_care",
        "highmark",
        ["64490-RT", "64491-RT"],
        {"payer.highmark.conservative_care"},
        "needs_review",
        history={"pain_duration": "8 months", "radiculopathy_absent": "no radicular symptoms"},
    ),
    # --- UnitedHealthcare: CPT descriptor and MUE [1.14, 8]
    Case(
        "uhc_64491_rt_lt_physician",
        "uhc",
        ["64490-RT", "64490-LT", "64491-RT", "64491-LT"],
        {"code.mue"},
        "needs_review",
        levels=B2,
        claim_type="professional",
    ),
    Case(
        "uhc_64492_two_units",
        "uhc",
        ["64490-RT", "64491-RT", "64492-RT x2"],
        {"code.64492_units"},
        "needs_review",
        levels="R:C3-C4,C4-C5,C5-C6,C6-C7",
    ),
    # --- Anthem / Carelon [3.3]
    Case(
        "anthem_third_level",
        "anthem",
        ["64490-RT", "64491-RT", "64492-RT"],
        {"payer.anthem.level_limit"},
        "fail",
        levels=R3,
    ),
    Case(
        "anthem_fifth_diagnostic_session",
        "anthem",
        ["64490-RT", "64491-RT"],
        {"payer.anthem.diagnostic_frequency"},
        "needs_review",
        earlier=FOUR_RECENT,
    ),
]


def _levels(spec: str) -> list[LevelFact]:
    facts = []
    for part in spec.split(";"):
        side, joints = part.split(":")
        for joint in joints.split(","):
            words = [Evidence(start=0, end=len(joint), text=joint)]
            facts.append(
                LevelFact(level=joint, side="right" if side == "R" else "left", evidence=words)
            )
    return facts


def _extraction(case: Case) -> Extraction:
    def evidence(text: str) -> list[Evidence]:
        return [Evidence(start=0, end=len(text), text=text)]

    extraction = Extraction(
        region=case.region,
        procedure=case.procedure,
        intent=case.intent,
        levels=_levels(case.levels),
        guidance=case.guidance,
        contrast=ContrastFact(used=True, agent="iohexol"),
        medications=[
            MedicationFact(
                name="bupivacaine", role="anesthetic", concentration="0.5%", volume_ml_per_level=0.5
            )
        ],
        response=ResponseFact(pre_pain=7, post_pain=1, scale="NRS"),
        history={key: evidence(text) for key, text in case.history.items()},
    )
    if case.intent == "therapeutic":  # two earlier positive blocks and no RFA: the LCD's terms
        extraction.history["prior_block_relief"] = evidence("85% relief") + evidence("90% relief")
        extraction.history["rfa_not_candidate"] = evidence("not an RFA candidate")
    for flag in ("consent", "timeout", "sterile_prep", "local_anesthesia", "observation"):
        setattr(extraction.workflow, flag, True)
    return extraction


def _claim(case: Case) -> Claim:
    earlier = None
    if case.earlier is not None:
        earlier = tuple(
            EarlierSession(f"e{i}", dt.date.fromisoformat(d), region, procedure, intent)
            for i, (d, intent, region, procedure) in enumerate(case.earlier)
        )
    return Claim(
        diagnoses=case.diagnoses,
        place_of_service=case.place_of_service,
        claim_type=case.claim_type,
        patient_id="P-1",
        date_of_service=TODAY,
        earlier=earlier,
    )


def test_the_table_has_at_least_forty_cases_with_distinct_names():
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_billing_case(case: Case):
    from checker.engine import status_of

    extraction = _extraction(case)
    codes = code_summary(extraction, case.billed)
    gaps = load_ruleset().evaluate(extraction, codes, case.payer, _claim(case))
    billing_ids = {g.requirement for g in gaps if g.requirement.startswith(("code.", "payer."))}
    others = {g.requirement for g in gaps} - billing_ids
    assert billing_ids == case.expected, [(g.requirement, g.message) for g in gaps]
    if case.guidance not in ("fluoroscopy", "ct", "ultrasound") or others:
        pytest.fail(f"documentation gaps in a billing case: {sorted(others)}")
    assert status_of(gaps) == case.status, [(g.requirement, g.severity) for g in gaps]
