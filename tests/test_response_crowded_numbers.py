"""Pain scores and relief among numbers that are not today's response: vital signs beside
a relief, another treatment's improvement, a duration after "after", serial recovery rows
and rows labelled only by the time since the block."""

PROCEDURE = (
    "Procedure: Left C5-6 and C6-7 facet joint injections under fluoroscopy.\n"
    "Each joint: 0.5 mL of 0.5% bupivacaine.\n"
)


def response(check, text):
    return check(text).extraction.response


def test_a_saturation_beside_the_relief_is_not_the_relief(check):
    text = (
        "Pain before: 7/10.\n"
        + PROCEDURE
        + "\nRecovery:\n"
        + "  10:40  HR 70  SpO2 96%  pain 1/10, relief 90%\n"
    )
    assert response(check, text).percent_relief == 90


def test_improvement_after_physical_therapy_is_not_todays_relief(check):
    text = (
        "Neck pain 6/10 today (35% better after 6 wk PT).\n" + PROCEDURE + "Post: 2/10 at 15 min.\n"
    )
    fact = response(check, text)
    assert fact.percent_relief is None
    assert (fact.pre_pain, fact.post_pain) == (6, 2)


def test_therapy_visits_before_an_improvement_are_that_therapys(check):
    text = (
        "Pain: 5/10 today (PT 20 visits, 25% better).\n" + PROCEDURE + "Post-procedure pain 1/10.\n"
    )
    assert response(check, text).percent_relief is None


def test_improvement_lasting_weeks_is_not_todays(check):
    text = "Pain 6/10 (45% better for 4 wk after therapy).\n" + PROCEDURE + "Post: 2/10.\n"
    assert response(check, text).percent_relief is None


def test_the_last_of_serial_recovery_scores_is_the_post_score(check):
    text = (
        "Pre-procedure pain: 8/10.\n"
        + PROCEDURE
        + "\nRecovery Bay 2:\n"
        + "09:10  BP 130/80  P 66  SpO2 98%   NRS 3/10\n"
        + "09:25  BP 128/78  P 64  SpO2 99%   NRS 2/10\n"
        + "09:40  Aldrete 10/10, discharge criteria met.\n"
    )
    assert response(check, text).post_pain == 2


def test_rows_labelled_by_the_time_since_the_block_are_post_scores(check):
    text = (
        PROCEDURE
        + "\nRESPONSE:\n"
        + "  Pre-procedure pain (NRS): 6/10\n"
        + "  10 min: 4/10\n"
        + "  20 min: 3/10\n"
    )
    fact = response(check, text)
    assert (fact.pre_pain, fact.post_pain) == (6, 3)


def test_a_percent_beside_todays_change_of_scores_is_todays_relief(check):
    text = (
        "Diagnostic medial branch block #1 today.\n"
        "Procedure: Right C4, C5, C6 medial branch blocks under fluoroscopy, 0.5 mL 0.5% "
        "bupivacaine per nerve.\n"
        "Pain before 8/10. Pain after 30 minutes 2/10.\n\n"
        "ASSESSMENT\n"
        "Right C4-C6 medial branch block #1: 75% reduction (8 -> 2).\n"
    )
    fact = response(check, text)
    assert (fact.pre_pain, fact.post_pain, fact.percent_relief) == (8, 2, 75)


def test_an_earlier_blocks_percent_with_other_scores_stays_out(check):
    text = (
        "Diagnostic medial branch block #2 today.\n"
        "Procedure: Right C4, C5, C6 medial branch blocks under fluoroscopy, 0.5 mL 0.5% "
        "bupivacaine per nerve.\n"
        "Pain before 8/10. Pain after 30 minutes 2/10.\n\n"
        "ASSESSMENT\n"
        "Medial branch block #1: 80% reduction (7 -> 1).\n"
    )
    assert response(check, text).percent_relief is None
