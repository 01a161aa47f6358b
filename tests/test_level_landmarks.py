"""A level counted from to find the target ("spinous processes counted from C7/T1") is a
landmark, not a level treated."""

import pytest

NOTE = (
    "Procedure: Right T7-8, T8-9 and T9-10 facet joint injections under fluoroscopy.\n"
    "Prone, spinous processes palpated and {counted} C7/T1. Each joint: 1 mL of 0.25% "
    "bupivacaine.\n"
)


@pytest.mark.parametrize("counted", ["counted from", "counting down from", "counted up from"])
def test_a_level_counted_from_is_not_treated(check, counted):
    levels = check(NOTE.format(counted=counted)).extraction.levels
    assert {(f.side, f.level) for f in levels} == {
        ("right", "T7-T8"),
        ("right", "T8-T9"),
        ("right", "T9-T10"),
    }
