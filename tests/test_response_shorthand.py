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


def test_an_arrow_between_two_numbers_without_pain_or_cue_is_no_score(check):
    assert scores(check, "C4 -> 5 oblique") == (None, None)
