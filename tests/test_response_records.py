"""Pain scores in a multi-author case export: the recovery-room record's pain rows are
post-procedure scores wherever the export prints them (the last before discharge is the
post score), and the physician's own post score, when there is one, comes first."""

import pytest

PACU = (
    "--- PACU RECORD (Phase II) ---\n"
    " 10:50  BP 138/82  P 70  SpO2 97%  Pain 3/10\n"
    " 11:05  BP 134/80  P 68  SpO2 98%  Pain 3/10\n"
    " 11:20  BP 136/84  P 72  SpO2 98%  Pain 2/10\n"
    "Modified Aldrete: 9 / 10 / 10.  Discharged 11:25.\n"
)
OPERATIVE = (
    "--- OPERATIVE REPORT ---\n"
    "Procedure: Right C5-C6 and C6-C7 facet joint injections, fluoroscopically guided.\n"
    "Pain immediately prior to the procedure: 6/10.\n"
    "1 mL of a mixture of Kenalog 40 mg/mL and 0.25% Sensorcaine was injected into each "
    "joint. {post}\n"
)
ADMISSION = "--- PREOPERATIVE NURSING ASSESSMENT ---\nPain score: 8/10 (neck)\n"


def scores(check, text):
    response = check(text).extraction.response
    return response.pre_pain, response.post_pain


def test_the_last_recovery_row_is_the_post_score_when_printed_first(check):
    text = "\n".join([PACU, OPERATIVE.format(post="Post-procedure pain: see PACU."), ADMISSION])
    assert scores(check, text) == (6, 2)


def test_the_physicians_post_score_outranks_the_recovery_rows(check):
    text = "\n".join([PACU, OPERATIVE.format(post="Pain after: 1/10."), ADMISSION])
    assert scores(check, text) == (6, 1)


LABELLED_FIELDS = (
    "Procedure: Left C4-5 and C5-6 facet joint injections under fluoroscopy.\n"
    "{pre}\n"
    "Each joint: 0.5 mL of 0.5% bupivacaine with 10 mg triamcinolone.\n"
    "{post}\n"
    "Observed 20 minutes, discharged home.\n"
)


@pytest.mark.parametrize(
    ("pre", "post", "expected"),
    [
        ("Pre-op pain (0-10): 6", "Post-op pain (0-10): 2", (6, 2)),
        ("Pain NRS (pre): 8", "Pain NRS (post, 15 min): 3", (8, 3)),
        ("Pain VAS before: 7", "Post VAS (30 min): 1", (7, 1)),
        ("Pain score (0-10): 5", "Pain (post, 15 min): 2", (5, 2)),
    ],
)
def test_a_bracketed_time_or_scale_between_a_pain_label_and_its_value(check, pre, post, expected):
    """The value after an aside that gives only the score's time or scale is the score."""
    assert scores(check, LABELLED_FIELDS.format(pre=pre, post=post)) == expected


def test_a_bracketed_aside_that_says_more_still_ends_the_search(check):
    text = LABELLED_FIELDS.format(pre="Pain (see triage note): 7", post="Tolerated well.")
    assert scores(check, text) == (None, None)


GRID_NOTE = (
    "Procedure: Bilateral C4-5 and C5-6 facet joint injections under fluoroscopy.\n"
    "Each joint: 0.5 mL of 0.5% bupivacaine with 10 mg triamcinolone.\n\n"
    "Pain scores (NRS):          Pre    Post (20 min)\n"
    "{rows}\n\n"
    "Observed 20 minutes. Keep a pain log x 6 h.\n"
)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("   Neck (axial)            7       2\n   Right shoulder          5       4", (7, 2)),
        ("   Right buttock           6       4\n   Neck                    8       1", (8, 1)),
    ],
)
def test_a_grid_of_sites_by_pre_and_post_columns(check, rows, expected):
    """A row gives its site's scores: the treated neck's row, else the first."""
    assert scores(check, GRID_NOTE.format(rows=rows)) == expected


def test_a_count_after_times_is_no_score(check):
    text = OPERATIVE.format(post="Keep a pain diary x 8 h.")
    assert scores(check, text) == (6, None)


# An earlier block's row of a block-history table, its columns set apart by spaces and its
# result on the indented line below; today's row and scores follow.
BLOCK_HISTORY = (
    "Date of service: 05/20/2025\n"
    "Block history\n"
    "  Block #1  05/02/2025  left C5, C6, C7 MB   0.5% bupivacaine\n"
    "            pain 8/10 -> 2/10; 80% relief for 5 h\n"
    "  Block #2  today       same nerves          2% lidocaine\n\n"
    "Procedure: left C5, C6 and C7 medial branch blocks under fluoroscopy, 2% lidocaine "
    "0.5 mL per nerve.\n"
    "Pre: 5/10. Post: 1/10. Relief 90%.\n"
)


def test_an_earlier_row_of_a_spaced_block_history_table_is_not_todays(check):
    report = check(BLOCK_HISTORY)
    response = report.extraction.response
    assert (response.pre_pain, response.post_pain, response.percent_relief) == (5, 1, 90)
    assert {m.name for m in report.extraction.medications} == {"lidocaine"}


# A prose history sentence that runs into an earlier block's dated label, its result on the
# line below the colon.
PROSE_HISTORY = (
    "DOS 05/20/2025\n"
    "Interval history: axial neck pain, worse with extension and looking up, no arm\n"
    "symptoms. Block #1 05/02/2025 (0.5% bupivacaine, left C5, C6, C7 MB):\n"
    "9/10 -> 2/10, 75% relief, about 6 h.\n\n"
    "Procedure: left C5, C6 and C7 medial branch blocks under fluoroscopy, 2% lidocaine "
    "0.5 mL per nerve.\n"
    "Pre 6/10. Post 1/10 at 30 min; 85% relief.\n"
)


def test_an_earlier_blocks_dated_label_in_prose_carries_the_result_below_it(check):
    response = check(PROSE_HISTORY).extraction.response
    assert (response.pre_pain, response.post_pain, response.percent_relief) == (6, 1, 85)


# A template whose fields are set apart by dot leaders: the date field is the date of service,
# so a field that brackets a relief with an earlier date is that block's.
DOTTED = (
    "Date ............. 05/20/2025\n"
    "Procedure ........ Left C5, C6, C7 medial branch blocks under fluoroscopy\n"
    "{history}\n"
    "Injectate ........ 0.5% bupivacaine 0.5 mL per nerve\n"
    "Pain: pre 6/10; post 2/10.\n"
)


def test_a_relief_bracketed_with_an_earlier_date_is_not_todays(check):
    history = "Pathway step ..... RF after diagnostic block (05/02/2025, 80% relief x 6 h)"
    response = check(DOTTED.format(history=history)).extraction.response
    assert (response.pre_pain, response.post_pain, response.percent_relief) == (6, 2, None)
