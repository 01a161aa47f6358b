"""The Python API billing pipelines embed: check_text and check_paths."""

from pathlib import Path

from checker import check_paths, check_text
from checker.models import Report, report_schema

SAMPLE_NOTES = Path(__file__).resolve().parent.parent / "sample_notes"

NOTE = """PROCEDURE: Right C4-5, C5-6 and C6-7 medial branch blocks under fluoroscopic guidance.
Informed consent obtained. Time-out performed. Chlorhexidine prep and sterile drape.
Skin wheal with 1% lidocaine. Omnipaque 240 confirmed spread without vascular uptake.
0.5 mL of 0.5% bupivacaine at each level. Pain 7/10 before, 1/10 after.
Observed for 20 minutes. No complications.
"""


def test_check_text_returns_a_typed_report():
    report = check_text(
        NOTE, note_id="A-1", payer="aetna", billed_codes=["64490-RT", "64491-RT", "64492-RT"]
    )
    assert isinstance(report, Report)
    assert report.note_id == "A-1"
    assert report.codes.supported == ["64490-RT", "64491-RT", "64492-RT"]
    assert report.codes.billed == ["64490-RT", "64491-RT", "64492-RT"]
    assert report.codes.supports_64492 is True


def test_check_paths_streams_one_report_per_note_in_sorted_order():
    reports = check_paths([SAMPLE_NOTES])
    first = next(reports)
    assert first.source.endswith("s001.txt")
    rest = list(reports)
    assert len(rest) + 1 == len(list(SAMPLE_NOTES.glob("*.txt")))
    sources = [first.source] + [r.source for r in rest]
    assert sources == sorted(sources)


def test_report_line_has_the_contract_keys():
    line = check_text(NOTE).to_json_line()
    for key in (
        '"schema_version":"1"',
        '"note_id"',
        '"source"',
        '"status"',
        '"extraction"',
        '"codes"',
        '"gaps"',
    ):
        assert key in line
    assert "text" not in report_schema()["properties"]


def test_checking_leaves_the_callers_garbage_collector_settings_as_they_were():
    # the checker holds full collections back while it checks a batch; the embedding
    # program's own settings must be back in force afterwards, even when a note fails
    import gc

    before = gc.get_threshold()
    gc.set_threshold(500, 7, 3)
    try:
        check_text(NOTE)
        check_text("\x00" * 10)
        assert gc.get_threshold() == (500, 7, 3)
    finally:
        gc.set_threshold(*before)
