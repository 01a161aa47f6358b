"""Coding has one home: `codes.supported`, every code gap's "documentation supports ..."
and the queue's marks on billed codes agree, on every sample note and on the coding
edge cases (junction, lumbar, RF, ultrasound, bilateral)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker import check_text
from checker.coding import parse_billed
from checker.engine import check_paths
from checker.report.queue import QueueRow

SAMPLE_NOTES = Path(__file__).resolve().parent.parent / "sample_notes"
_SUPPORTS = re.compile(r"[Dd]ocumentation supports ([^.;()]*?)(?:\.|;|\)|$| instead| once)")
_SIDES = {"RT", "LT", "50"}


def _side_key(code: str) -> tuple[str, frozenset[str]]:
    """ "64490-RT-KX" -> ("64490", {"RT"}): the code and its side modifiers only."""
    parts = code.replace(" ", "-").split("-")
    return parts[0], frozenset(p for p in parts[1:] if p in _SIDES)


def _named(message: str) -> list[set[str]]:
    return [
        {c.strip() for c in match.split(",")} if "none of" not in match else set()
        for match in _SUPPORTS.findall(message)
    ]


@pytest.fixture(scope="module")
def sample_reports():
    return list(check_paths([SAMPLE_NOTES]))


def test_gap_texts_codes_and_queue_marks_agree_on_every_sample_note(sample_reports):
    checked = 0
    for report in sample_reports:
        everything = [*report.codes.supported, *report.codes.supported_other]
        for gap in report.gaps:
            for named in _named(gap.message):
                checked += 1
                assert named == set(everything), (report.note_id, gap.requirement, gap.message)
        # the queue marks a billed line exactly when its code and side are not supported
        supported_sides: dict[str, set[str]] = {}
        for code in everything:
            name, sides = _side_key(code)
            expanded = {"RT", "LT"} if "50" in sides else set(sides)
            supported_sides.setdefault(name, set()).update(expanded)
        expected = []
        for billed in report.codes.billed:
            name, sides = _side_key(billed)
            wanted = {"RT", "LT"} if "50" in sides else set(sides)
            if name not in supported_sides or not wanted <= supported_sides[name]:
                expected.append(billed)
        row = QueueRow.from_report(report, 0, "")
        assert row.billed_not_supported == expected, report.note_id
    assert checked > 30  # the sample set exercises the sentence widely


NOTE = """PROCEDURE: {levels} medial branch blocks under fluoroscopy. Contrast (Omnipaque)
confirmed placement. 0.5 mL of 0.5% bupivacaine at each level. Pain 7/10 before, 1/10 after.
Consent signed, time-out performed, sterile prep, skin local with 1% lidocaine, observed."""


@pytest.mark.parametrize(
    ("levels", "procedure_word", "supported", "other"),
    [
        ("Right C4-C5, C5-C6 and C6-C7", "", ["64490-RT", "64491-RT", "64492-RT"], []),
        ("Bilateral C5-C6 and C6-C7", "", ["64490-50", "64491-50"], []),
        ("Right T12-L1 and L1-L2", "", ["64490-RT"], ["64494-RT"]),
        ("Left L3-L4 and L4-L5", "", [], ["64493-LT", "64494-LT"]),
    ],
)
def test_supported_codes_by_family(levels, procedure_word, supported, other):
    report = check_text(NOTE.format(levels=levels))
    assert report.codes.supported == supported
    assert report.codes.supported_other == other


def test_junction_lines_are_not_marked_unsupported_in_the_queue():
    report = check_text(
        NOTE.format(levels="Right T12-L1 and L1-L2"), billed_codes=["64490-RT", "64494-RT"]
    )
    assert QueueRow.from_report(report, 0, "").billed_not_supported == []
    junction = next(g for g in report.gaps if g.requirement == "code.junction")
    assert "64490-RT, 64494-RT" in junction.message


def test_kx_and_units_do_not_make_a_billed_line_unsupported():
    report = check_text(
        NOTE.format(levels="Right C4-C5 and C5-C6"), billed_codes=["64490-RT-KX", "64491-RT-KX"]
    )
    assert QueueRow.from_report(report, 0, "").billed_not_supported == []


def test_one_gap_names_every_short_line():
    report = check_text(
        NOTE.format(levels="Right C4-C5, C5-C6 and C6-C7"),
        billed_codes=["64490-LT", "64491-LT", "64492-LT"],
    )
    gaps = [g for g in report.gaps if g.requirement == "code.level_count"]
    assert len(gaps) == 1
    assert all(code in gaps[0].message for code in ("64490-LT", "64491-LT", "64492-LT"))


@pytest.mark.parametrize("raw", ["6449O-RT", "64-490", "CPT64490", "6449", "64490-RTT"])
def test_a_code_typed_wrongly_is_a_billed_format_gap(raw):
    assert parse_billed(raw).problem is not None
    report = check_text(NOTE.format(levels="Right C5-C6"), billed_codes=[raw])
    assert "code.billed_format" in {g.requirement for g in report.gaps}


@pytest.mark.parametrize(
    ("raw", "code", "modifiers", "units"),
    [
        ("64490-RT", "64490", ("RT",), 1),
        ("64492-50-KX", "64492", ("50", "KX"), 1),
        ("64634-RT x2", "64634", ("RT",), 2),
        ("0213T-LT", "0213T", ("LT",), 1),
        (64490, "64490", (), 1),
    ],
)
def test_billed_lines_read_as_coders_write_them(raw, code, modifiers, units):
    line = parse_billed(raw)
    assert (line.code, line.modifiers, line.units, line.problem) == (code, modifiers, units, None)


def test_only_sided_levels_with_evidence_support_codes():
    from checker.coding import supported
    from checker.models import Evidence, Extraction, LevelFact

    def level(name: str, evidence: bool = True) -> LevelFact:
        words = [Evidence(start=0, end=len(name), text=name)] if evidence else []
        return LevelFact(level=name, side="right", evidence=words)

    base = {"procedure": "medial_branch_block", "guidance": "fluoroscopy"}
    three = Extraction(**base, levels=[level("C4-C5"), level("C5-C6"), level("C6-C7")])
    assert supported(three).codes == ("64490-RT", "64491-RT", "64492-RT")
    guessed = Extraction(**base, levels=[level("C4-C5"), level("C5-C6"), level("C6-C7", False)])
    assert supported(guessed).codes == ("64490-RT", "64491-RT")
    unsided = Extraction(**base, levels=[level("C4-C5")], levels_unsided=["C5-C6", "C6-C7"])
    assert supported(unsided).codes == ("64490-RT",)


def test_an_uncertain_level_never_supports_a_code():
    from checker.coding import supported
    from checker.models import Evidence, Extraction, LevelFact

    if "uncertain" not in LevelFact.model_fields:
        pytest.skip("the reader does not mark uncertain levels yet")
    words = [Evidence(start=0, end=5, text="C6-C7")]
    levels = [
        LevelFact(level="C4-C5", side="right", evidence=words),
        LevelFact(level="C5-C6", side="right", evidence=words),
        LevelFact(level="C6-C7", side="right", evidence=words, uncertain="side inferred"),
    ]
    extraction = Extraction(procedure="medial_branch_block", guidance="fluoroscopy", levels=levels)
    assert supported(extraction).codes == ("64490-RT", "64491-RT")
