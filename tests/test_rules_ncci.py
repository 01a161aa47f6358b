"""NCCI edits as data: the built-in table is marked unverified; CMS quarterly files a user
has replace it and count as the primary text."""

from __future__ import annotations

import datetime as dt

import pytest

from checker import check_text
from checker.engine import Checker
from checker.reader import build_note
from checker.resources import DataFileError
from checker.rules import load_ruleset
from checker.rules.ncci import builtin_tables, read_cms_mue, read_cms_ptp

PTP = (
    "CMS NCCI practitioner PTP edits\tversion 32.0\n"
    "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date\t"
    "Modifier\tPTP Edit Rationale\n"
    "64490\t20552\t\t20110401\t*\t1\tMisuse of column two code with column one code\n"
    "64490\t27096\t\t20110401\t*\t0\tStandards of medical/surgical practice\n"
    "64490\t99999\t\t20110401\t20150101\t0\tdeleted long ago\n"
    "11042\t97597\t\t20100101\t*\t1\tnot a facet code\n"
)
MUE = (
    "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n"
    "64490,1,2 Date of Service Edit: Policy,CMS Policy\n"
    "64491,1,2 Date of Service Edit: Policy,CMS Policy\n"
    "11042,1,1 Line Edit,Anatomic\n"
)
NOTE = """PROCEDURE: Right C5-C6 and C6-C7 medial branch blocks under fluoroscopy, diagnostic.
Omnipaque confirmed placement. 0.5 mL of 0.5% bupivacaine per level. Pain 7/10 before,
1/10 after. Consent, time-out, sterile prep, 1% lidocaine skin local, observed."""


def test_builtin_entries_name_their_source_and_are_unverified():
    tables = builtin_tables()
    assert tables.mue_of("64491").value == 1 and tables.mue_of("64492").value == 1
    assert all(not entry.verified and entry.source for entry in [*tables.mue, *tables.ptp])
    pairs = {(a, b) for entry in tables.ptp for a in entry.codes_a for b in entry.codes_b}
    for pair in [("64490", "27096"), ("64492", "20553"), ("64491", "62321"), ("64493", "76942")]:
        assert pair in pairs


def test_cms_files_are_read_keeping_current_facet_rows(tmp_path):
    ptp, mue = tmp_path / "ptp.txt", tmp_path / "mue.csv"
    ptp.write_text(PTP)
    mue.write_text(MUE)
    rows = read_cms_ptp(ptp, today=dt.date(2026, 12, 1))
    assert [(r.codes_a, r.codes_b, r.modifier_indicator) for r in rows] == [
        (["64490"], ["20552"], 1),
        (["64490"], ["27096"], 0),
    ]
    assert all(r.verified for r in rows)
    assert {r.code: r.value for r in read_cms_mue(mue)} == {"64490": 1, "64491": 1}


def test_a_rules_file_loads_cms_files_and_their_edits_apply(tmp_path):
    (tmp_path / "ptp.txt").write_text(PTP)
    (tmp_path / "mue.csv").write_text(MUE)
    rules = tmp_path / "rules.yaml"
    rules.write_text("ncci:\n  ptp_files: [ptp.txt]\n  mue_files: [mue.csv]\n")
    ruleset = load_ruleset([rules])
    assert ruleset.ncci.mue_of("64490").verified
    billed = ["64490-RT", "64491-RT", "27096"]
    builtin = next(
        g
        for g in check_text(NOTE, payer="uhc", billed_codes=billed).gaps
        if g.requirement == "code.ncci"
    )
    assert not builtin.verified and builtin.severity == "warning"
    note = build_note(NOTE, {"payer": "uhc", "billed_codes": billed}, "n.txt", default_id="n")
    report = next(Checker(ruleset).check_notes([note]))
    from_cms = next(g for g in report.gaps if g.requirement == "code.ncci")
    assert from_cms.verified and from_cms.severity == "blocking"  # modifier indicator 0
    assert "ptp.txt" in from_cms.message


def test_a_file_that_is_not_a_cms_table_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("just,some,text\n")
    with pytest.raises(DataFileError, match="no PTP rows"):
        read_cms_ptp(path)
    with pytest.raises(DataFileError, match="no MUE rows"):
        read_cms_mue(path)


def test_an_edit_that_allows_a_modifier_is_bypassed_by_xs(tmp_path):
    (tmp_path / "ptp.txt").write_text(PTP)
    rules = tmp_path / "rules.yaml"
    rules.write_text("ncci:\n  ptp_files: [ptp.txt]\n")
    checker = Checker(load_ruleset([rules]))

    def ncci(billed: list[str]) -> list[str]:
        note = build_note(NOTE, {"payer": "uhc", "billed_codes": billed}, "n.txt", default_id="n")
        report = next(checker.check_notes([note]))
        return [g.severity for g in report.gaps if g.requirement == "code.ncci"]

    assert ncci(["64490-RT", "64491-RT", "20552"]) == ["warning"]
    assert ncci(["64490-RT", "64491-RT", "20552-XS"]) == []
