"""Requirements are data: the shipped files validate, a user's --rules file adds or
overrides requirements and payer profiles, and a bad file is a clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from checker.cli import app
from checker.engine import check_paths
from checker.models import Codes, Evidence, Extraction, LevelFact, Report
from checker.resources import DataFileError
from checker.rules import load_ruleset
from checker.rules.billing import parse_billed
from checker.rules.loader import builtin_files

RULE_NOTES = Path(__file__).resolve().parent / "notes" / "rules"
runner = CliRunner()


def treated(level: str, side: str) -> LevelFact:
    """A treated level as the reader gives it: sided, with the words behind it."""
    return LevelFact(
        level=level, side=side, evidence=[Evidence(start=0, end=len(level), text=level)]
    )


def write(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def gaps_of(note: str, rules: list[Path] | None = None, payer: str | None = None):
    report = next(check_paths([RULE_NOTES / f"{note}.txt"], rules_files=rules, payer=payer))
    return {g.requirement: g for g in report.gaps}


def test_shipped_rules_cover_the_contract_ids_with_sources():
    ruleset = load_ruleset()
    documentation = {
        "levels", "laterality", "guidance", "contrast", "medications", "response",
        "consent", "timeout", "sterile_prep", "local_anesthesia", "observation",
    }  # fmt: skip
    assert documentation <= set(ruleset.requirements)
    assert {"medicare", "aetna", "anthem", "unitedhealthcare"} <= set(ruleset.profiles)
    for requirement in ruleset.requirements.values():
        assert requirement.source and requirement.fix and requirement.satisfied_by
        assert requirement.id.startswith(("code.", "payer.")) or requirement.id in documentation
    assert all(path.is_file() for path in builtin_files())


def test_user_can_change_a_severity(tmp_path):
    rules = write(tmp_path, "overrides:\n  contrast:\n    severity: blocking\n")
    assert gaps_of("contrast_omitted_with_reason")["contrast"].severity == "info"
    assert gaps_of("contrast_omitted_with_reason", [rules])["contrast"].severity == "blocking"


def test_user_can_disable_a_requirement(tmp_path):
    rules = write(tmp_path, "overrides:\n  observation: {enabled: false}\n")
    assert "observation" in gaps_of("workflow_missing")
    assert "observation" not in gaps_of("workflow_missing", [rules])


def test_user_can_change_a_check_parameter(tmp_path):
    rules = write(
        tmp_path,
        "overrides:\n  payer.anthem.level_limit:\n"
        "    params: {per_side: 3, third_level_codes: []}\n",
    )
    assert "payer.anthem.level_limit" in gaps_of("anthem_three_levels")
    assert "payer.anthem.level_limit" not in gaps_of("anthem_three_levels", [rules])


USER_PROFILE = """
profile: bcbs_tn
title: BlueCross BlueShield of Tennessee facet injections
aliases: [BlueCross BlueShield of Tennessee, bcbst]
requirements:
  - id: payer.bcbs_tn.ultrasound
    title: Fluoroscopy required
    check: ultrasound_stance
    satisfied_by: Fluoroscopic guidance.
    severity: warning
    message: BCBS Tennessee considers ultrasound guidance investigational.
    fix: Use fluoroscopic guidance.
    source: domain-rules.md 3.5 (BCBS Tennessee medical policy)
    verified: true
"""


def test_user_can_add_a_payer_profile(tmp_path):
    rules = write(tmp_path, USER_PROFILE)
    gaps = gaps_of("ultrasound_billed", [rules], payer="bcbst")
    assert "payer.bcbs_tn.ultrasound" in gaps
    assert "payer.unknown" not in gaps
    assert "payer.bcbs_tn.ultrasound" not in gaps_of("ultrasound_billed", [rules])  # aetna note


def test_user_can_add_a_requirement(tmp_path):
    rules = write(
        tmp_path,
        """
requirements:
  - id: payer.medicare.one_level
    title: One level per session (house policy)
    check: max_levels
    params: {per_side: 1}
    satisfied_by: One level per side.
    severity: warning
    outcomes:
      documented_beyond: {message: "House policy allows {limit}; found {found}."}
      billed_beyond: {message: "Not used."}
    fix: Treat one level per session.
    source: house policy
    verified: true
""",
    )
    gaps = gaps_of("complete_medicare_mbb", [rules])
    assert gaps["payer.medicare.one_level"].message.startswith(
        "House policy allows 1 levels per side"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("overrides:\n  contrast:\n    severity: urgent\n", "overrides.contrast.severity"),
        ("overrides:\n  no_such_rule: {enabled: false}\n", "overrides.no_such_rule"),
        ("requirements:\n  - id: x\n    title: t\n", "requirements.0.check"),
        ("requirement: []\n", "requirement"),
        ("overrides: [\n", "invalid YAML at line"),
        ("- just a list\n", "must be a mapping"),
        (
            USER_PROFILE.replace("payer.bcbs_tn.ultrasound", "payer.other.ultrasound"),
            "requirements.0.id",
        ),
        (USER_PROFILE.replace("ultrasound_stance", "no_such_check"), "requirements.0.check"),
        (USER_PROFILE.replace("investigational.", "investigational {nonsense}."), "{nonsense}"),
        (
            "overrides:\n  payer.anthem.level_limit:\n    params: {per_side: many}\n",
            "params.per_side",
        ),
        (
            "overrides:\n  contrast:\n    outcomes: {not_a_outcome: {severity: info}}\n",
            "outcomes.not_a_outcome",
        ),
    ],
)
def test_bad_rules_file_names_file_and_field(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as error:
        load_ruleset([str(path)])
    assert str(path) in str(error.value)
    assert expected in str(error.value)


def test_cli_exits_2_on_a_bad_rules_file(tmp_path):
    path = write(tmp_path, "overrides:\n  contrast:\n    severity: urgent\n")
    result = runner.invoke(app, ["check", str(RULE_NOTES / "no_payer.txt"), "--rules", str(path)])
    assert result.exit_code == 2
    assert "rules.yaml" in result.output and "severity" in result.output


def test_cli_applies_a_rules_file(tmp_path):
    path = write(tmp_path, "overrides:\n  payer.unknown: {severity: blocking}\n")
    note = str(RULE_NOTES / "no_payer.txt")
    assert runner.invoke(app, ["check", note, "--format", "jsonl"]).exit_code == 0
    result = runner.invoke(app, ["check", note, "--format", "jsonl", "--rules", str(path)])
    assert result.exit_code == 1
    line = json.loads(result.stdout.splitlines()[0])
    assert line["status"] == "fail"


def test_report_lines_match_the_schema():
    result = runner.invoke(
        app, ["check", str(RULE_NOTES / "bilateral_one_side.txt"), "--format", "jsonl"]
    )
    line = result.stdout.splitlines()[0]
    Report.model_validate_json(line)  # the schema below is generated from this model
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    gap_schema = schema["$defs"]["Gap"]["properties"]
    for key in ("requirement", "severity", "message", "fix", "source", "verified", "evidence"):
        assert key in gap_schema
    gaps = json.loads(line)["gaps"]
    assert gaps and all(set(g) <= set(gap_schema) for g in gaps)


@pytest.mark.parametrize(
    ("raw", "code", "modifiers", "units", "problem"),
    [
        ("64490-RT", "64490", ("RT",), 1, False),
        ("64492-RT x2", "64492", ("RT",), 2, False),
        ("64492-50-KX", "64492", ("50", "KX"), 1, False),
        ("64490 lt", "64490", ("LT",), 1, False),
        ("64492-RT (2 units)", "64492", ("RT",), 2, False),
        ("0213T-RT", "0213T", ("RT",), 1, False),
        (64490, "64490", (), 1, False),
        ("64492-XX", "64492", ("XX",), 1, False),
        ("6449", None, (), 1, True),
        ("64490-RIGHT", "64490", (), 1, True),
    ],
)
def test_billed_codes_are_read_robustly(raw, code, modifiers, units, problem):
    line = parse_billed(raw)
    assert (line.code, line.modifiers, line.units, line.problem is not None) == (
        code,
        modifiers,
        units,
        problem,
    )


def test_unknown_modifier_is_reported(check):
    text = (RULE_NOTES / "complete_medicare_mbb.txt").read_text().split("---\n", 2)[2]
    report = check(text, payer="medicare", billed_codes=["64490-RT-KX", "64491-XX"])
    formats = [g for g in report.gaps if g.requirement == "code.billed_format"]
    assert formats and "64491-XX" in formats[0].message


def test_jsonl_records_carry_billing_and_payer(tmp_path):
    text = (RULE_NOTES / "bilateral_one_side.txt").read_text().split("---\n", 2)[2]
    records = [
        {"note_id": "a", "text": text, "payer": "Medicare", "billed_codes": [64490, "64491-RT-KX"]},
        {"note_id": "b", "text": text, "payer": "aetna", "billed_codes": "64490-50, 64491-50"},
    ]
    path = tmp_path / "notes.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    first, second = check_paths([path])
    first_ids = {g.requirement for g in first.gaps}
    assert "payer.medicare.kx_modifier" in first_ids  # the 64490 line lacks KX
    assert "code.bilateral" not in first_ids
    assert "code.bilateral" in {g.requirement for g in second.gaps}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_billed_text_parses_without_error(raw):
    line = parse_billed(raw)
    assert line.code is not None or line.problem


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=12),
            st.sampled_from(["64490-RT", "64491-50", "64492-LT x3", "64494", "77003", "0213T"]),
            st.integers(min_value=0, max_value=99999),
        ),
        max_size=6,
    ),
    st.one_of(st.none(), st.text(max_size=20), st.sampled_from(["medicare", "aetna", "anthem"])),
)
def test_rules_never_fail_on_odd_billing_or_payers(billed, payer):
    extraction = Extraction(
        procedure="medial_branch_block",
        intent="diagnostic",
        guidance="fluoroscopy",
        levels=[treated("T12-L1", "right"), treated("L1-L2", "right")],
        levels_unsided=["C5-C6"],
    )
    codes = Codes(supported=["64490-RT"], billed=[str(code) for code in billed])
    for gap in load_ruleset().evaluate(extraction, codes, payer):
        assert gap.message and gap.severity in ("blocking", "warning", "info")
