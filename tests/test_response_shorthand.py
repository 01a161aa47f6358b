"""Pain scores in arrow and shorthand forms: "NRS 8 => 4", "VAS 7 -> 2", "pain 6/10 ->
1/10", "8 -> 2 post"."""

import pytest

PROCEDURE = "PROCEDURE: Right C4-5, C5-6 facet injections under fluoroscopy.\n"
INJECTATE = "bupivacaine 0.5% 0.5 mL per joint.\n"


def scores(check, text):
    response = check(PROCEDURE + INJECTATE + text + "\n").extraction.response
    return response.pre_pain, response.post_pain


@pytest.mark.parametrize(
    ("text", "pre", "post"),
    [
        ("NRS 8 => 4", 8, 4),
        ("VAS 7 => 2", 7, 2),
        ("VAS 7 -> 2", 7, 2),
        ("pain 6/10 -> 1/10", 6, 1),
        ("8 -> 2 post", 8, 2),
        ("8 => 2 post", 8, 2),
        ("pre 7 -> 3", 7, 3),
    ],
)
def test_an_arrow_change_gives_both_scores(check, text, pre, post):
    assert scores(check, text) == (pre, post)


@pytest.mark.parametrize(
    "text",
    ["Pain 8/10 → “4-5ish” per pt", "pain 8/10 -> 4-5", "Pain 8/10 → ~4"],
)
def test_a_score_an_arrow_leads_from_to_no_score_is_the_pre_score(check, text):
    """The change went to a range or an approximation, which is no score: the score it
    started from is still the one before the procedure."""
    assert scores(check, text) == (8, None)


@pytest.mark.parametrize(
    "text", ["Pain: 6/10 → 1/10 @ 20 min (≈85%)", "pain 6/10 -> 1/10 at 20 min (~85%)"]
)
def test_a_relief_in_brackets_after_the_changes_time_point_is_the_relief(check, text):
    response = check(PROCEDURE + INJECTATE + text + "\n").extraction.response
    assert (response.pre_pain, response.post_pain, response.percent_relief) == (6, 1, 85)


def test_an_arrow_between_two_numbers_without_pain_or_cue_is_no_score(check):
    assert scores(check, "C4 -> 5 oblique") == (None, None)


HISTORY_FIRST = "DOS: 09/12/2024\nHistory: {history}\n"


def relief(check, history, today=""):
    text = HISTORY_FIRST.format(history=history) + PROCEDURE + INJECTATE + today + "\n"
    return check(text).extraction.response.percent_relief


@pytest.mark.parametrize(
    "said",
    [
        "Post: 2/10. MBB gave 80% relief in 2023.",
        "Post: 2/10. 80% relief last year with RFA.",
        "Post: 2/10. She had 70% relief after the 03/12/2024 block.",
        "Post: 2/10. RFA (2022) gave 70% relief.",
        "Post: 2/10. The first block two years ago gave 90% relief.",
    ],
)
def test_a_relief_dated_in_the_past_is_not_todays(check, said):
    assert relief(check, "neck pain.", said) is None


@pytest.mark.parametrize(
    "said",
    [
        "Post: 2/10, 80% relief.",
        "Post 09/12/2024 14:30: 2/10, 80% relief.",
    ],
)
def test_todays_relief_is_kept(check, said):
    assert relief(check, "neck pain.", said) == 80


def test_a_relief_dated_before_the_notes_own_date_of_service_is_not_todays(check):
    """A note whose text names no date of service, checked with the date its input gives:
    a relief dated before that day is an earlier block's."""
    text = PROCEDURE + INJECTATE + "Post: 2/10. She had 70% relief after the 03/12/2024 block.\n"
    assert check(text).extraction.response.percent_relief == 70  # no date to compare with
    dated = check(text, date_of_service="2024-09-12").extraction.response.percent_relief
    assert dated is None


@pytest.mark.parametrize(
    "line", ["Pain 7 -> 1 at 10 min", "NRS 7 -> 1 @ 10 min", "HA 7 -> 1 at 10 min"]
)
def test_a_change_timed_after_the_block_gives_the_score_not_the_minutes(check, line):
    """ "7 -> 1 at 10 min": 1 is the post score, 10 the minutes; "HA" is the headache scored
    after an occipital block."""
    text = "Left third occipital nerve block under fluoroscopy, " + INJECTATE + line + "\n"
    assert scores(check, text)[:2] == (7, 1)


def test_an_earlier_blocks_relief_wrapped_after_a_comma_stays_the_earlier_blocks(check):
    """ "Block #1 ten days ago (same" over "levels, well tolerated) gave 70% relief": the
    wrapped line goes on after its comma (no "key, value" field), so the relief keeps its
    "ago"."""
    text = (
        "History: 52 y/o M, right neck pain for two years. First block ten days ago (same\n"
        "levels, well tolerated) gave 70% relief for about 4 hours.\n"
        "Pre 6/10. Post 2/10, about 60% better.\n"
    )
    response = check(PROCEDURE + INJECTATE + text).extraction.response
    assert response.percent_relief == 60


def test_b4_is_before(check):
    assert scores(check, "Pain b4 7/10 after 3/10") == (7, 3)


def test_a_percent_after_a_comma_closing_a_change_is_its_relief(check):
    response = check(PROCEDURE + INJECTATE + "Neck pain: pre 6/10 -> 20 min 1/10 (right), ~80%.\n")
    assert response.extraction.response.percent_relief == 80


def test_a_percent_after_a_lone_score_and_a_comma_is_no_relief(check):
    response = check(PROCEDURE + INJECTATE + "Neck pain 6/10, 80% of it on the right.\n")
    assert response.extraction.response.percent_relief is None


def test_the_later_of_two_timed_post_scores_is_the_post_score(check):
    text = "pre-procedure pain 7/10 (neck)\nat 15 min: 4/10\nat 30 min: 2/10, extension easier"
    assert scores(check, text) == (7, 2)
    # written latest first, the later time point still wins
    assert scores(check, "pre 7/10. 2/10 at 30 min, 4/10 at 15 min.") == (7, 2)
