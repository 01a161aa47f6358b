"""The quick word tests before a note's case-insensitive searches skip only searches that
could not match: a field in capitals, or spelled with a character a case-insensitive search
reads as an ASCII letter (the Kelvin sign, a dotless i, a long s), is still read."""

import pytest

from checker.extract.dated import service_day
from checker.pipeline.literal import lowered, names_any
from checker.pipeline.struck import struck_text


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("DATE OF SERVICE: 03/12/2024\nRight C5-6 MBB.", (2024, 3, 12)),
        ("DOS 03/12/2024", (2024, 3, 12)),
        ("Row marked >> = TODAY'S ENCOUNTER (03/14/2024)", (2024, 3, 14)),
        ("Log PRINTED 2024-07-11\n2024-07-11  Right C5-6 MBB", (2024, 7, 11)),
        ("Right C5-6 MBB, no date named.", None),
    ],
)
def test_the_date_of_service_is_found_in_any_case(text, day):
    assert service_day(text) == day


def test_a_search_the_lowered_text_cannot_rule_out_still_runs():
    # "prınted" (dotless i) matches "printed" in a case-insensitive search
    assert lowered("Log prınted 2024-07-11") is None
    assert names_any(None, ["printed"])
    assert service_day("Log prınted 2024-07-11\n2024-07-11  Right C5-6 MBB") == (2024, 7, 11)


def test_struck_text_in_capitals_is_removed():
    text = "Levels: right C4-5 [DELETED: C5-6] C6-7"
    assert struck_text(text) != []
    assert struck_text(text.replace("DELETED", "noted")) == []


def test_a_line_pattern_is_searched_once_per_note_with_one_lowered_text():
    import re

    from checker.pipeline import build_pipeline
    from checker.pipeline.reading import read

    reading = read(build_pipeline()("Right C5-6 MBB.\nPLANNED: left C6-7 next month"))
    planned = re.compile(r"(?i)\bplanned\b")
    assert reading.line_matches(planned, 30, ("planned",))
    assert not reading.line_matches(planned, 3, ("planned",))
    assert reading.lowered_text == reading.pipeline_text.lower()
    assert not reading.item_matches(re.compile(r"(?i)\bbooked\b"), 3, ("booked",))
