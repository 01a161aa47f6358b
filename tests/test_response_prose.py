"""Today's pain scores, percent relief and observation as other writers put them: ranges,
UK and Australian spelling, scores and the recovery stay in letter prose, and relief that is
not today's result."""

import pytest

PROCEDURE = (
    "PROCEDURE: Right C4-5 and C5-6 medial branch blocks under fluoroscopy. "
    "0.5 mL of 0.5% bupivacaine per level.\n"
)


def response(check, text):
    return check(PROCEDURE + text).extraction.response


@pytest.mark.parametrize(
    ("text", "pre", "post"),
    [
        ("Pain before the procedure was 4-6/10. Pain after: 2/10.", None, 2),
        ("Pre-procedure pain: 5 to 6 out of 10.", None, None),
        ("NRS 3–4/10 at baseline. NRS 1/10 post.", None, 1),
        ("Pain before: 5-6/10\nPain after: 1/10, reports 80% better.\n", None, 1),
        ("Between 4 and 6/10 pain before the procedure.", None, None),
        ("S: neck pain 4-6/10 most days.\nPre-procedure NRS 8/10. Post-procedure NRS 1/10.", 8, 1),
    ],
)
def test_a_pain_range_is_no_score(check, text, pre, post):
    scores = response(check, text)
    assert (scores.pre_pain, scores.post_pain) == (pre, post)


@pytest.mark.parametrize(
    ("text", "pre", "post"),
    [
        ("Pain 8/10 -> 2/10.", 8, 2),
        ("Pain 7/10 to 2/10 after.", 7, 2),
        ("Pain went from 2 to 6 after the block.", 2, 6),
        ("Pain (0-10): pre 6, post 1", 6, 1),
    ],
)
def test_a_change_between_two_scores_is_no_range(check, text, pre, post):
    scores = response(check, text)
    assert (scores.pre_pain, scores.post_pain) == (pre, post)


@pytest.mark.parametrize(
    ("text", "pre", "post"),
    [
        ("She rated her pain as an eight beforehand and a three afterwards.", 8, 3),
        ("Pain was seven out of ten beforehand and two afterwards.", 7, 2),
        (
            "Before the procedure her pain was 6 out of 10 on the NRS and after 30 minutes "
            "recovering on the day ward it was 2.",
            6,
            2,
        ),
        ("Pain scores: seven before, three after.", 7, 3),
        ("Her pain prior was 7/10 and following the blocks 2/10.", 7, 2),
        ("Pain 7/10 before; after the procedure he walked 2 laps of the corridor.", 7, None),
        ("Her pain halved after the injection.", None, None),
        ("She was pain-free at 20 minutes.", None, None),
    ],
)
def test_scores_in_letter_prose(check, text, pre, post):
    scores = response(check, text)
    assert (scores.pre_pain, scores.post_pain) == (pre, post)


@pytest.mark.parametrize(
    ("text", "relief"),
    [
        ("At 15 min: about 80 per cent better, extension and rotation freer.", 80),
        ("She said she felt about 70 per cent better when turning her head.", 70),
        ("Reported 75 percent relief.", 75),
        ("Pain relief 50% at 20 min.", 50),
        ("Pre: 7/10\nPost: 1/10\n% relief: 85-90%\n", None),
        ("She described about 60 to 70 percent relief.", None),
        ("She reported about 60–70 per cent improvement.", None),
        ("% relief: 60 to 70\n", None),
        ("Her pain halved after the injection.", None),
        ("Her previous block gave 90% relief for 6 hours.", None),
        ("I would expect at least 50% relief if the facets are the source.", None),
        (
            "Stage 1 was done 3 weeks ago (right C3-4; same drugs), with 70% relief of the neck.",
            None,
        ),
    ],
)
def test_percent_relief_as_written(check, text, relief):
    assert response(check, text).percent_relief == relief


@pytest.mark.parametrize(
    ("text", "observed"),
    [
        (
            "Before the procedure her pain was 6 out of 10 and after 30 minutes recovering on "
            "the day ward it was 2.",
            True,
        ),
        ("She rested in the day unit for 30 minutes before discharge.", True),
        ("Patient stayed for 30 minutes post procedure; obs stable.", True),
        ("He waited in the office 20 minutes after the block; no dizziness.", True),
        ("Discharged home.", False),
    ],
)
def test_a_stay_after_the_procedure_is_observation(check, text, observed):
    assert check(PROCEDURE + text).extraction.workflow.observation is observed


@pytest.mark.parametrize(
    ("text", "pre", "post"),
    [
        ("VAS: 8 -> 2", 8, 2),
        ("Pain score: 8 -> 2.", 8, 2),
        ("Pain scores: 5 -> 0.", 5, 0),
        ("Pain score 8 to 2 after the block.", 8, 2),
        ("Pain level 8/10 -> 2/10.", 8, 2),
        ("NRS: 8 → 2 at 20 min.", 8, 2),
        ("Pain score 4 to 6 today.", None, None),
        ("VAS: 3 to 5 most days.", None, None),
        ("NRS before: 7. NRS after (15 min, on the ward): 3.", 7, 3),
    ],
)
def test_a_labelled_score_and_the_score_it_went_to(check, text, pre, post):
    scores = response(check, text)
    assert (scores.pre_pain, scores.post_pain) == (pre, post)


@pytest.mark.parametrize(
    ("text", "pre", "post", "relief"),
    [
        ("pre_pain: 7\npost_pain: 2\n", 7, 2, None),
        ("pain_pre=7; pain_post=2; relief_pct=70\n", 7, 2, 70),
        ("PrePain 7/10  PostPain 2/10\n", 7, 2, None),
        ("percent_relief,80\n", None, None, 80),
        ("Relief (percent): 70\n", None, None, 70),
        ("pre_pain: ___\npost_pain: 2\n", None, 2, None),
    ],
)
def test_templated_field_names_of_exports(check, text, pre, post, relief):
    scores = response(check, text)
    assert (scores.pre_pain, scores.post_pain, scores.percent_relief) == (pre, post, relief)


@pytest.mark.parametrize(
    "text",
    [
        "A positive block is defined as 80% relief or more.",
        "Positive response criteria: >= 50% relief of index pain.",
        "Diagnostic threshold: 80% relief.",
        "Target: > 80% relief for the duration of the anaesthetic.",
        "Expected relief: 50-80% for 4-6 hours.",
        "She had 80% relief from the previous block.",
        "HISTORY: Last month's block gave her 90% relief.\nPROCEDURE DETAILS: needles placed.\n",
        "The pain is back since two positive blocks in December (85% and 90% relief).",
    ],
)
def test_a_threshold_an_expectation_or_an_earlier_block_is_no_relief_today(check, text):
    assert response(check, text).percent_relief is None


@pytest.mark.parametrize(
    ("text", "pre", "post", "relief"),
    [
        (
            "History: Pain was 9/10 before the first block and 2/10 after it.\n"
            "Today: post-procedure pain 1/10.\n",
            None,
            1,
            None,
        ),
        ("Pain was 9/10 at her last visit. Post-procedure pain 2/10.", None, 2, None),
        (
            "Second block today. Pre 7/10, post 1/10. The first block gave 90% relief.",
            7,
            1,
            None,
        ),
    ],
)
def test_scores_of_an_earlier_block_or_visit_are_not_todays(check, text, pre, post, relief):
    scores = response(check, text)
    assert (scores.pre_pain, scores.post_pain, scores.percent_relief) == (pre, post, relief)


@pytest.mark.parametrize(
    ("text", "pre", "post", "relief"),
    [
        ("Pain reduced by 70% at 20 minutes.", None, None, 70),
        ("She reported 80% less pain on rotation.", None, None, 80),
        ("~80% relief at 30 min.", None, None, 80),
        ("NRS 8 before and 2 at 30 minutes, i.e. 75% relief.", 8, 2, 75),
        ("Pain score pre procedure 6, post procedure 2.", 6, 2, None),
        ("She scored her pain 8 out of 10 before the injections and 3 after.", 8, 3, None),
    ],
)
def test_more_ways_to_write_scores_and_relief(check, text, pre, post, relief):
    scores = response(check, text)
    assert (scores.pre_pain, scores.post_pain, scores.percent_relief) == (pre, post, relief)


@pytest.mark.parametrize(
    ("text", "pre", "post", "relief"),
    [
        (
            "HPI: neck pain for 2 years, averages 6/10, worst 9/10.\nPost-procedure pain 2/10.\n",
            None,
            2,
            None,
        ),
        (
            "History: Her pain is usually 7/10 and at worst 9/10.\nPost-procedure pain 2/10.\n",
            None,
            2,
            None,
        ),
        ("Pain 7/10 on bad days, 4/10 on good days.\nPost-procedure pain 2/10.\n", None, 2, None),
        ("S: Pain 8/10 today, 3/10 at best.\nPost-procedure pain 2/10.\n", 8, 2, None),
        (
            "She had facet injections in 2022 which gave 80% relief for six months.",
            None,
            None,
            None,
        ),
        ("Physiotherapy helped by about 30 per cent.", None, None, None),
        ("Her pain had improved by 50% with physiotherapy before she plateaued.", None, None, None),
        (
            "She reported 80% relief at 30 minutes; we hope it will last for several months.",
            None,
            None,
            80,
        ),
    ],
)
def test_usual_pain_and_relief_from_other_treatment_are_not_todays(check, text, pre, post, relief):
    scores = response(check, text)
    assert (scores.pre_pain, scores.post_pain, scores.percent_relief) == (pre, post, relief)


@pytest.mark.parametrize(
    ("text", "observed"),
    [
        ("Good contrast spread was observed on the lateral view. Discharged home.", False),
        ("No vascular uptake was observed. She went home.", False),
        ("Pulse oximetry monitoring throughout. Discharged home.", False),
        ("Vital signs stable throughout. Discharged home ambulatory.", False),
        ("Post-procedure: VS stable x 30 min.", True),
        ("Post-procedure observations were stable and she was discharged.", True),
        ("Post-procedure vitals were checked at 15 and 30 minutes and were normal.", True),
        ("She remained in the department for 30 minutes and was then discharged.", True),
        ("She was observed for 30 minutes for any contrast reaction.", True),
    ],
)
def test_watching_during_the_procedure_is_not_observation(check, text, observed):
    assert check(PROCEDURE + text).extraction.workflow.observation is observed


@pytest.mark.parametrize(
    ("text", "relief"),
    [
        ("Relief of her usual pain was estimated at around 80%.", 80),
        ("Improvement in her usual neck pain with rotation: about 60%.", 60),
        ("Relief was good. Skin infiltrated with 1% lignocaine.", None),
        ("Improvement noted after 0.5 mL of 1% lidocaine at each level.", None),
    ],
)
def test_a_relief_word_further_back_in_the_sentence(check, text, relief):
    assert response(check, text).percent_relief == relief


@pytest.mark.parametrize(
    "text",
    [
        "Relief noted after injection of 1% lidocaine.",
        "For pain relief, 2% lidocaine 0.5 mL was injected at each level.",
        "Better spread with Marcain 0.5% than with saline.",
    ],
)
def test_a_drug_strength_beside_a_relief_word_is_no_relief(check, text):
    assert response(check, text).percent_relief is None


@pytest.mark.parametrize(
    ("text", "pre", "post", "relief"),
    [
        ("Pain scores:\n  Pre-procedure    7\n  Post-procedure   2\n", 7, 2, None),
        ("Pain scores:\n  Pre-procedure: 7\n  Post-procedure: 2\n", 7, 2, None),
        ("Pain (NRS 0-10)\nBefore: 7\nAfter 20 min: 2\nRelief: 80 %\n", 7, 2, 80),
        ("Pain scores:\n\nFollow-up after: 2 weeks\n", None, None, None),
    ],
)
def test_fields_under_a_pain_heading(check, text, pre, post, relief):
    scores = response(check, text)
    assert (scores.pre_pain, scores.post_pain, scores.percent_relief) == (pre, post, relief)


@pytest.mark.parametrize(
    ("text", "pre", "post"),
    [
        ("Pre/post pain: 8/10 / 3/10\n", 8, 3),
        ("Pain scores pre and post: 6 and 2.", 6, 2),
        ("Pain before/after: 7/10, 2/10\n", 7, 2),
    ],
)
def test_a_pre_and_post_label_over_two_scores(check, text, pre, post):
    scores = response(check, text)
    assert (scores.pre_pain, scores.post_pain) == (pre, post)


def test_scores_with_expected_soreness_are_todays(check):
    """ "after procedure 4/10 with expected soreness": the soreness was felt, so the scores
    are no hypothesis."""
    scores = response(check, "Pain before the procedure 6/10, after 4/10 with expected soreness.")
    assert (scores.pre_pain, scores.post_pain) == (6, 4)


@pytest.mark.parametrize("count", ["two prior", "2 prior"])
def test_relief_of_two_prior_blocks_is_not_todays(check, count):
    """ "Indication two prior concordant blocks with greater than 80% relief each time": the
    counted prior blocks gave it, not today's."""
    text = (
        f"Indication {count} concordant right C4 through C6 medial branch blocks with "
        "greater than 80% relief each time.\nPain 7/10 before, 3/10 after.\n"
    )
    assert response(check, text).percent_relief is None


@pytest.mark.parametrize(
    "line",
    [
        "NRS pre: 7       NRS post (30 min): 3",
        "Pain pre 7, post 30 min: 3",
        "NRS pre 7 post [30 min] 3",
        "NRS pre: 7\nNRS after (30 min) ................... 3",
    ],
)
def test_a_post_score_with_its_time_point_before_it(check, line):
    """A form's "NRS post (30 min): 3": the 30 is the time point, the 3 the score."""
    scores = response(check, line + "\n")
    assert (scores.pre_pain, scores.post_pain) == (7, 3)


@pytest.mark.parametrize(
    ("text", "relief"),
    [
        ("Pain NRS pre: 8 | post: 2\n% relief (patient report): 75\n", 75),
        ("Percent relief (per patient): 60\n", 60),
    ],
)
def test_a_relief_field_with_a_worded_aside_before_its_value(check, text, relief):
    assert response(check, text).percent_relief == relief


@pytest.mark.parametrize(
    "text", ["Pt states 2/10 before leaving.", "Pain 2/10 prior to leaving; observed 20 min."]
)
def test_a_score_taken_before_leaving_is_the_post_score(check, text):
    scores = response(check, "Pain on arrival 7/10.\n" + text)
    assert (scores.pre_pain, scores.post_pain) == (7, 2)


def test_relief_listed_under_a_prior_spine_procedures_heading_is_not_todays(check):
    text = (
        "PRIOR SPINE PROCEDURES:\n"
        "  03/11/2025  L C5-6, C6-7 IA facet injections   ~30% relief x 3 wks\n\n"
        "PROCEDURE: Left C5-6 and C6-7 medial branch blocks under fluoroscopy. "
        "0.5 mL of 0.5% bupivacaine per nerve. Pre 7/10, post 3/10.\n"
    )
    scores = check(text).extraction.response
    assert (scores.pre_pain, scores.post_pain, scores.percent_relief) == (7, 3, None)


@pytest.mark.parametrize(
    "text",
    [
        "Test blocks at these levels (03/01 and 03/22) each gave more than 80% relief.\n",
        "On 01/14 and 01/28 she had about 85% relief for six hours.\n",
    ],
)
def test_relief_dated_with_a_list_of_days_is_the_earlier_blocks(check, text):
    assert response(check, text).percent_relief is None


def test_relief_beside_two_scores_out_of_ten_is_todays(check):
    text = "Pain 7/10 and 2/10 after the block, 70% relief.\n"
    assert response(check, text).percent_relief == 70


def test_a_cue_after_a_score_does_not_lead_the_score_of_the_next_sentence(check):
    text = "Neck pain VAS 7 before the injections and VAS 3 afterward. Arm pain VAS 6 to VAS 2.\n"
    scores = response(check, text)
    assert (scores.pre_pain, scores.post_pain) == (7, 3)


@pytest.mark.parametrize(
    "text",
    [
        "D2 Percentage relief at 30 min (%) .................. 75\n",
        "Relief (%) ............ 75\n",
    ],
)
def test_a_relief_field_with_its_time_point_and_leaders(check, text):
    assert response(check, "NRS now (0-10) ........ 8\n" + text).percent_relief == 75


def test_a_cued_value_alone_on_its_line_in_a_note_that_scores_pain(check):
    note = "S: neck pain.\n   Pain score: 6\n\n" + PROCEDURE + "Observed 15 min.\n   Post: 1\n"
    scores = check(note).extraction.response
    assert (scores.pre_pain, scores.post_pain) == (6, 1)


def test_a_cued_value_alone_on_its_line_without_pain_scores_is_no_score(check):
    scores = response(check, "Observed 15 min, no complications.\n   Post: 1\n")
    assert (scores.pre_pain, scores.post_pain) == (None, None)
