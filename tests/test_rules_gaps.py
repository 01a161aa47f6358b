"""What each gap tells the reviewer: severity by outcome, the supported codes, the source,
and "unverified" where the reference has only a secondary source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.engine import check_paths
from checker.models import (
    Codes,
    ContrastFact,
    Evidence,
    Extraction,
    LevelFact,
    MedicationFact,
    ResponseFact,
)
from checker.rules import load_ruleset

RULE_NOTES = Path(__file__).resolve().parent / "notes" / "rules"


def treated(level: str, side: str) -> LevelFact:
    """A treated level as the reader gives it: sided, with the words behind it."""
    return LevelFact(
        level=level, side=side, evidence=[Evidence(start=0, end=len(level), text=level)]
    )


@pytest.fixture(scope="module")
def reports():
    return {Path(r.source).stem: r for r in check_paths([RULE_NOTES])}


def gap(report, requirement):
    found = [g for g in report.gaps if g.requirement == requirement]
    assert found, f"{requirement} not raised: {[g.requirement for g in report.gaps]}"
    return found[0]


def mbb(**changes) -> Extraction:
    """A complete right C5-C6, C6-C7 diagnostic medial branch block, then `changes`."""
    extraction = Extraction(
        region="cervical",
        procedure="medial_branch_block",
        intent="diagnostic",
        levels=[treated("C5-C6", "right"), treated("C6-C7", "right")],
        guidance="fluoroscopy",
        contrast=ContrastFact(used=True, agent="iohexol"),
        medications=[
            MedicationFact(
                name="bupivacaine", role="anesthetic", concentration="0.5%", volume_ml_per_level=0.5
            )
        ],
        response=ResponseFact(pre_pain=7, post_pain=1),
    )
    for flag in ("consent", "timeout", "sterile_prep", "local_anesthesia", "observation"):
        setattr(extraction.workflow, flag, True)
    return extraction.model_copy(update=changes)


def evaluate(extraction, billed=(), payer="aetna", supported=("64490-RT", "64491-RT")):
    codes = Codes(supported=list(supported), billed=list(billed))
    return {g.requirement: g for g in load_ruleset().evaluate(extraction, codes, payer)}


def test_severity_depends_on_what_is_missing(reports):
    assert gap(reports["no_levels"], "levels").severity == "blocking"
    assert gap(reports["no_side"], "laterality").severity == "blocking"
    assert gap(reports["imaging_not_named"], "guidance").severity == "blocking"
    assert gap(reports["contrast_silent"], "contrast").severity == "warning"
    assert gap(reports["contrast_omitted_without_reason"], "contrast").severity == "warning"
    assert gap(reports["contrast_omitted_with_reason"], "contrast").severity == "info"
    assert gap(reports["drug_incomplete"], "medications").severity == "warning"
    assert gap(reports["response_tolerated_only"], "response").severity == "warning"
    assert gap(reports["response_range"], "response").severity == "warning"


def test_a_missing_response_warns_and_says_relief_is_judged_after_the_visit():
    no_response = ResponseFact()
    diagnostic = evaluate(mbb(response=no_response))["response"]
    assert diagnostic.severity == "warning"
    assert "duration of the agent" in diagnostic.message
    therapeutic = mbb(procedure="facet_injection", intent="therapeutic", response=no_response)
    assert evaluate(therapeutic)["response"].severity == "warning"


def test_tolerated_well_is_not_a_response(reports):
    report = reports["response_tolerated_only"]
    assert report.extraction.response.pre_pain is None
    assert "tolerated the procedure well" in gap(report, "response").message.lower()


def test_pain_range_is_named_in_the_gap(reports):
    assert "2-8/10" in gap(reports["response_range"], "response").message


def test_a_drug_without_strength_or_volume_is_named():
    incomplete = MedicationFact(name="triamcinolone", role="steroid", volume_ml_per_level=0.5)
    gaps = evaluate(mbb(medications=[incomplete]))
    assert "triamcinolone (no concentration)" in gaps["medications"].message
    no_drug = evaluate(mbb(medications=[]))
    assert no_drug["medications"].severity == "blocking"


def test_kenalog_40_states_its_strength(reports, check):
    report = check(
        "Right C5-6 intra-articular facet joint injection under fluoroscopy. 0.5 mL Kenalog-40 "
        "and 0.5 mL 0.5% bupivacaine were injected into the joint.",
        payer="aetna",
    )
    assert "medications" not in {g.requirement for g in report.gaps}


def test_code_gaps_state_what_the_documentation_supports(reports):
    bilateral = gap(reports["bilateral_one_side"], "code.bilateral")
    assert "Documentation supports 64490-RT, 64491-RT" in bilateral.message
    assert bilateral.severity == "blocking"
    for name, requirement in [
        ("units_64492", "code.64492_units"),
        ("add_on_alone", "code.add_on_primary"),
        ("modifier_51", "code.modifier_51"),
        ("level_count", "code.level_count"),
        ("guidance_billed", "code.guidance_billed"),
        ("cervical_billed_lumbar", "code.region"),
    ]:
        assert "upports 6449" in gap(reports[name], requirement).message, name


def test_every_code_gap_says_what_is_supported(reports):
    for report in reports.values():
        for g in report.gaps:
            if g.requirement.startswith("code."):
                said = "upports" in g.message or "do not apply" in g.message
                assert said, (report.note_id, g.requirement, g.message)


def test_asymmetric_bilateral_billing_names_the_right_codes():
    levels = [
        treated(lv, side)
        for side, joints in (("right", ["C4-C5", "C5-C6", "C6-C7"]), ("left", ["C4-C5", "C5-C6"]))
        for lv in joints
    ]
    supported = ("64490-50", "64491-50", "64492-RT")
    gaps = evaluate(mbb(levels=levels), ["64490-50", "64491-50", "64492-50"], supported=supported)
    message = gaps["code.bilateral"].message
    assert "Documentation supports 64490-50, 64491-50, 64492-RT" in message
    right = evaluate(mbb(levels=levels), ["64490-50", "64491-50", "64492-RT"], supported=supported)
    assert not [r for r in right if r.startswith("code.")]


def test_lumbar_levels_point_to_the_lumbar_codes(reports):
    message = gap(reports["lumbar_billed_cervical"], "code.region").message
    assert "64493-RT" in message
    assert reports["lumbar_billed_cervical"].codes.supports_64492 is False


def test_ultrasound_and_landmark_suggest_other_codes(reports):
    ultrasound = gap(reports["ultrasound_billed"], "code.ultrasound")
    assert ultrasound.severity == "blocking" and "0213T-RT, 0214T-RT" in ultrasound.message
    billed_right = gap(reports["ultrasound_uhc"], "code.ultrasound")
    assert billed_right.severity == "info" and billed_right.verified is False
    assert "20552-20553" in gap(reports["imaging_not_named"], "code.no_imaging").message
    assert gap(reports["landmark_unbilled"], "code.no_imaging").severity == "info"


def test_rf_ablation_and_epidural_are_routed_elsewhere(reports):
    rf = gap(reports["rf_billed_as_injection"], "code.rf_ablation")
    assert rf.severity == "blocking" and "64633-RT, 64634-RT" in rf.message
    assert gap(reports["epidural"], "code.epidural").severity == "info"
    assert reports["epidural"].codes.supported == []


def test_junction_is_64490_with_64494(reports):
    junction = gap(reports["junction_billed_right"], "code.junction")
    assert junction.severity == "info" and "64490-RT, 64494-RT" in junction.message
    levels = [treated(lv, s) for s in ("right", "left") for lv in ("T12-L1", "L1-L2")]
    wrong = evaluate(
        mbb(procedure="facet_injection", levels=levels),
        ["64490-50", "64491-50"],
        supported=("64490-50",),
    )
    assert wrong["code.junction"].severity == "blocking"
    assert "64490-50, 64494-50" in wrong["code.junction"].message
    assert "code.level_count" not in wrong  # one error, reported once


def test_medicare_third_level_blocks_only_when_billed(reports):
    billed = gap(reports["medicare_three_levels_billed"], "payer.medicare.level_limit")
    unbilled = gap(reports["medicare_three_levels_unbilled"], "payer.medicare.level_limit")
    assert billed.severity == "blocking" and unbilled.severity == "warning"


def test_medicare_indications_are_warnings_with_what_was_found(reports):
    report = reports["medicare_history_not_met"]
    assert "6 weeks" in gap(report, "payer.medicare.pain_duration").message
    assert "physical therapy" in gap(report, "payer.medicare.conservative_care").message
    assert "radicular" in gap(report, "payer.medicare.radiculopathy").message
    for requirement in (
        "payer.medicare.pain_duration",
        "payer.medicare.conservative_care",
        "payer.medicare.radiculopathy",
    ):
        assert gap(report, requirement).severity == "warning"


def test_therapeutic_prerequisites_are_each_reported(reports):
    report = reports["medicare_therapeutic_missing"]
    messages = [g.message for g in report.gaps if g.requirement == "payer.medicare.therapeutic"]
    assert len(messages) == 2
    assert any("80%" in m for m in messages) and any("radiofrequency" in m for m in messages)
    mbb_gap = gap(reports["medicare_therapeutic_mbb"], "payer.medicare.therapeutic")
    assert mbb_gap.severity == "blocking"


def test_every_gap_cites_its_source_and_unverified_rules_say_so(reports):
    seen_unverified = False
    for report in reports.values():
        for g in report.gaps:
            assert g.source and "[policy sources" in g.source, g.requirement
            # coders read these: the project's own file names are never cited
            for text in (g.source, g.message, g.fix):
                assert not re.search(r"domain-rules|contract\.md|\.ya?ml\b", text), text
            assert g.fix and g.message
            if not g.verified:
                seen_unverified = True
                assert "unverified" in g.message.lower(), g.requirement
                assert g.severity != "blocking", g.requirement
    assert seen_unverified


def test_unknown_and_missing_payers_get_an_info_gap(reports):
    unknown = gap(reports["unknown_payer"], "payer.unknown")
    assert unknown.severity == "info" and "Acme Health Plan" in unknown.message
    assert gap(reports["no_payer"], "payer.unknown").severity == "info"
    assert not [
        g
        for g in reports["unknown_payer"].gaps
        if g.requirement.startswith("payer.") and g.requirement != "payer.unknown"
    ]


def test_payer_names_resolve_through_aliases():
    ruleset = load_ruleset()
    assert ruleset.resolve_payer("Medicare Part B") == "medicare"
    assert ruleset.resolve_payer("UHC") == "unitedhealthcare"
    assert ruleset.resolve_payer("Anthem Blue Cross") == "anthem"
    assert ruleset.resolve_payer("Cigna") == "cigna"
    assert ruleset.resolve_payer("Highmark Blue Cross Blue Shield") == "highmark"
    assert ruleset.resolve_payer(None) is None
    # plans that do not follow the commercial policy never get its profile
    for name in ("Aetna Medicare", "Aetna Better Health", "optum", "UHC Community Plan", "BCBS"):
        assert ruleset.resolve_payer(name) is None, name


def test_payer_option_overrides_the_front_matter():
    reports = list(check_paths([RULE_NOTES / "complete_aetna_bilateral.txt"], payer="medicare"))
    raised = {g.requirement for g in reports[0].gaps}
    assert "payer.medicare.kx_modifier" in raised
