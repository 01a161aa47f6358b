"""A report sent back from a worker process (pickled) is the same report: every field,
the note text included, and the same JSONL line."""

import pickle
from pathlib import Path

from checker import check_text
from checker.models import Report
from checker.reader import error_note

NOTE = (Path(__file__).resolve().parent.parent / "sample_notes" / "s001.txt").read_text()


def test_a_checked_report_survives_the_trip():
    report = check_text(NOTE.split("---", 2)[2], payer="medicare", billed_codes=["64490-RT"])
    back = pickle.loads(pickle.dumps(report))
    assert back == report
    assert back.text == report.text
    assert back.to_json_line() == report.to_json_line()


def test_a_failed_report_survives_the_trip():
    report = Report.failed(error_note("n1", "a.txt", "cannot read"), "cannot read")
    assert pickle.loads(pickle.dumps(report)) == report
