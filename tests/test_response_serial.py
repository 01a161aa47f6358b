"""Serial pain scores after the block: the last score recorded before discharge is the post
score (a time-point table's last row in minutes, a grid's last column), a home diary's hourly
rows are not; a grid's row for the treated site, a lumbar procedure's low back included."""

import pytest

CERVICAL = (
    "Procedure: Left C5, C6, C7 medial branch blocks under fluoroscopy, 0.4 mL of 0.5% "
    "bupivacaine per nerve.\n"
    "\n"
)
LUMBAR = (
    "Procedure: Right L4-5 and L5-S1 facet joint injections under fluoroscopy, 0.5 mL of "
    "0.5% bupivacaine per joint.\n"
    "\n"
)


def response_of(check, text):
    response = check(text).extraction.response
    return response.pre_pain, response.post_pain


def test_the_last_row_in_minutes_is_the_post_score(check):
    table = "Scores (NRS 0-10):\n  Pre      8\n  10 min   4\n  20 min   3\n  40 min   1\n"
    assert response_of(check, CERVICAL + table) == (8, 1)


def test_hourly_diary_rows_after_the_minutes_are_not_the_post_score(check):
    table = "Time   Pain\n  Pre      6\n  15 min   3\n  45 min   2\n  2 h      4\n  5 h      6\n"
    assert response_of(check, CERVICAL + table) == (6, 2)


def test_a_labelled_baseline_row_outranks_a_worst_score_in_the_history(check):
    history = 'History: axial neck ache. Pain at its worst last weekend "an 8"; better today.\n\n'
    table = "Pain (NRS 0-10):\n  Pre      5\n  15 min   2\n  30 min   1\n"
    assert response_of(check, history + CERVICAL + table) == (5, 1)


@pytest.mark.parametrize(
    ("procedure", "grid", "scores"),
    [
        pytest.param(
            CERVICAL,
            "Pain grid (0-10):\n"
            "   Area          Pre    20 min    40 min\n"
            "   Neck           5       4         3\n"
            "   R hand         2       2         2\n",
            (5, 3),
            id="time-point columns: the last column",
        ),
        pytest.param(
            CERVICAL,
            "RESPONSE\n"
            "                    Pre     Post (15 min)\n"
            "  Neck               8          3\n"
            "  L trapezius        5          5\n",
            (8, 3),
            id="under a response heading, a timed post column",
        ),
        pytest.param(
            CERVICAL,
            "Outcome measures:\n"
            "                       Pre        10 min post\n"
            "   Neck pain (VAS, mm)  64         22\n"
            "   Neck NRS             6          2          much looser\n",
            (6, 2),
            id="a row with a remark; a millimetre row passed over",
        ),
        pytest.param(
            LUMBAR,
            "Pain scores:\n"
            "                  Pre     Post (30 min)\n"
            "   Neck            4         4\n"
            "   Low back        8         2\n",
            (8, 2),
            id="a lumbar procedure reads the low back row, not the neck",
        ),
    ],
)
def test_a_pain_grid_gives_the_treated_sites_scores(check, procedure, grid, scores):
    assert response_of(check, procedure + grid) == scores


def test_the_treated_sites_grid_row_outranks_a_cued_count_in_a_function_test(check):
    grid = (
        "Pain scores:\n"
        "                  Pre     Post (30 min)\n"
        "   Neck            7         2\n"
        "\n"
        "Function at 30 min: 6 chin tucks without pain (pre: 3, painful).\n"
    )
    assert response_of(check, CERVICAL + grid) == (7, 2)


@pytest.mark.parametrize(
    "said",
    ["went from a 6 to about a 1", "went from 6 to around 1", "came down from a 6 to maybe a 1"],
)
def test_a_spoken_change_with_a_hedged_end_gives_both_scores(check, said):
    text = CERVICAL + f'Afterwards: "The neck pain {said}."\n'
    assert response_of(check, text) == (6, 1)


def test_a_late_sedation_entry_does_not_move_the_injectate_past_the_recovery_score(check):
    log = (
        "Pre: NRS 8/10 neck\n"
        "1402 R C5-6 bupivacaine 0.5% 0.5 mL\n"
        "1404 R C6-7 bupivacaine 0.5% 0.5 mL\n"
        "1420 BP 128/76 HR 70. NRS 2/10.\n"
        "1425 LATE ENTRY for 1359: midazolam 1 mg IV.\n"
        "1430 Home with spouse.\n"
    )
    assert response_of(check, "Right C5-6, C6-7 facet injections, fluoroscopy.\n" + log) == (8, 2)


def test_a_recovery_score_out_of_ten_is_no_pain_score(check):
    text = CERVICAL + "Pre-procedure pain 7/10.\nAldrete 10/10 at discharge. Pain 2/10 at rest.\n"
    assert response_of(check, text) == (7, 2)


def test_the_low_back_abbreviated_is_another_site_in_cervical_work(check):
    log = "Pre: neck 7/10, low back 4/10\n[10:02] Block done.\n[10:20] Neck 2/10, LB 4/10\n"
    assert response_of(check, CERVICAL + log) == (7, 2)


def test_a_faces_choice_is_a_score(check):
    text = CERVICAL + "Pre-procedure:   face 6\nPost (20 min):   face 2\n"
    assert response_of(check, text) == (6, 2)


def test_a_score_with_the_earlier_one_in_brackets_is_a_change(check):
    text = CERVICAL + "10:31 Neck 2/10 (from 7/10).\n"
    assert response_of(check, text) == (7, 2)


def test_a_remark_on_the_last_rows_line_gives_its_relief(check):
    table = (
        "Time      NRS   Comment\n"
        "  Pre      8     aching, worse turning left\n"
        "  20 min   3\n"
        "  40 min   2     says about 75% relief\n"
    )
    response = check(CERVICAL + table).extraction.response
    assert (response.pre_pain, response.post_pain, response.percent_relief) == (8, 2, 75)


def test_a_score_at_discharge_after_an_earlier_one_is_the_post_score(check):
    text = CERVICAL + "Pain 8/10 before.\nPain 3/10 at 10 min; 2/10 at 25 min at discharge.\n"
    assert response_of(check, text) == (8, 2)
