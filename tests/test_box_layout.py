"""Each note's form lines are read by their own layout, however many notes are checked in
one run and wherever their lines sit."""

from checker.engine import Checker
from checker.reader import build_note

PROCEDURE = "PROCEDURE: Right C4-5 and C5-6 medial branch blocks under fluoroscopy.\n"
# The same characters at the same offsets: boxes after their options, then before them.
BOXES_AFTER = PROCEDURE + "Safety: Consent signed ☒ Time-out ☐ Sterile prep ☒\n"
BOXES_BEFORE = PROCEDURE + "Safety: ☐ Consent signed ☒ Time-out ☒ Sterile prep\n"


def steps(report):
    found = report.extraction.workflow
    return found.consent, found.timeout, found.sterile_prep


def test_notes_checked_together_keep_their_own_box_layout():
    assert len(BOXES_AFTER) == len(BOXES_BEFORE)
    notes = [
        build_note(text, {}, source="<test>", default_id=str(index))
        for index, text in enumerate([BOXES_AFTER, BOXES_BEFORE, BOXES_AFTER])
    ]
    reports = list(Checker().check_notes(notes))
    assert [steps(report) for report in reports] == [
        (True, False, True),
        (False, True, True),
        (True, False, True),
    ]
