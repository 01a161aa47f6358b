"""A series log's earlier rows are earlier blocks', with the lines indented under them: their
drugs, scores and relief are not today's. Rows numbered "[1]" or "1" followed by spaces open
with their date like rows numbered "1." or "1 |"."""

import pytest

from tests.test_extraction import meds

BRACKETED = (
    "Log as of 09/12/2024. Current encounter = today (09/12/2024).\n"
    "[1] 08/22/2024  DIAGNOSTIC MBB #1 -- bilat T9, T10, T11, T12 MB\n"
    "    Xylocaine 2% 0.5 cc/nerve | fluoro | 7/10 -> 1/10 | relief 85% x 2.5 h\n"
    "[2] 09/12/2024  CONFIRMATORY MBB #2 (TODAY) -- see below\n"
    "\n"
    "Procedure: right C4-5, C5-6, C6-7 medial branch blocks under fluoroscopy.\n"
    "Injectate: Marcaine 0.5% 0.5 cc per nerve.\n"
    "Post: 7/10 -> 0/10 at 20 min.\n"
)

SPACED = (
    "DOS (today): 02/14/2024\n"
    " Seq  DOS         Type   Result\n"
    " 1    01/10/2024  DMBB   NRS 7->1, 80% x 3 h\n"
    " 2    02/14/2024  CMBB   see below\n"
    "\n"
    "0802 Arrived. Pre-procedure NRS 6/10.\n"
    "Procedure: right C4-5, C5-6, C6-7 medial branch blocks under fluoroscopy.\n"
    "Injectate: bupivacaine 0.5% 0.5 mL per nerve.\n"
)


def test_lines_indented_under_an_earlier_row_are_that_rows(check):
    report = check(BRACKETED)
    response = report.extraction.response
    assert (response.pre_pain, response.post_pain, response.percent_relief) == (7, 0, None)
    assert meds(report) == {("bupivacaine", "anesthetic"): ("0.5%", 0.5, None)}


def test_a_row_numbered_without_punctuation_opens_with_its_date(check):
    response = check(SPACED).extraction.response
    assert (response.pre_pain, response.percent_relief) == (6, None)


@pytest.mark.parametrize("gap", ["\n", "\nNext paragraph at the margin.\n"])
def test_an_earlier_rows_reach_ends_at_a_blank_or_shallower_line(check, gap):
    text = (
        "DOS: 09/12/2024\n"
        "- 08/22/2024  MBB #1 right C4-5\n"
        "    lidocaine 2% 0.5 mL per nerve\n"
        f"{gap}"
        "Procedure: right C4-5, C5-6, C6-7 medial branch blocks under fluoroscopy.\n"
        "Injectate: bupivacaine 0.5% 0.5 mL per nerve.\n"
    )
    assert meds(check(text)) == {("bupivacaine", "anesthetic"): ("0.5%", 0.5, None)}
