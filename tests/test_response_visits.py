"""Pain scores that are not today's pre- or post-procedure scores: a clinic visit's triage
vitals and history scores, one score after the injectate read as both, and the relief an
earlier block gave."""

import pytest

VISIT = (
    "HPI: 61 y/o with right neck pain for 2 years, {history}, worse with rotation.\n"
    "PMH: Hypertension.\n"
    "ROS: Negative except HPI.\n"
    "Vitals: BP 134/78, HR 62, SpO2 97%, Wt 82 kg. Pain {vitals}/10.\n"
    "Exam: Tender right C5-6 facet. Neuro intact.\n"
    "Assessment: Right C5-6 facet arthropathy.\n"
    "Plan: Repeat right C5-6 intra-articular facet injection today.\n"
    "\n"
    "Procedure: Consent obtained. Sterile prep. Under fluoroscopy the right C5-6 facet joint "
    "was entered; 0.5 mL Kenalog-40 and 0.5 mL 1% lidocaine were injected. {procedure}\n"
)


def scores(check, text):
    response = check(text).extraction.response
    return response.pre_pain, response.post_pain


@pytest.mark.parametrize(
    ("history", "procedure", "expected"),
    [
        ("6/10", "Tolerated well.", (None, None)),
        ("6/10", "Post-procedure pain 2/10.", (None, 2)),
        ("6/10", "Pre-procedure pain 8/10; post-procedure pain 3/10.", (8, 3)),
        ("today 6/10", "Post-procedure pain 2/10.", (6, 2)),
    ],
)
def test_a_clinic_visits_vitals_and_history_scores_are_not_the_procedures(
    check, history, procedure, expected
):
    note = VISIT.format(history=history, vitals=7, procedure=procedure)
    assert scores(check, note) == expected


def test_soap_history_score_marked_today_is_the_pre_score(check):
    note = (
        "S: 62 yo F with right lower neck pain, worse looking up. Today 6/10.\n"
        "O: Tender over the right C5-6 facet.\n"
        "A: Right C5-6 facet arthropathy.\n"
        "P: Repeat right C5-6 intra-articular facet injection today under fluoroscopy.\n\n"
        "Procedure:\n- Skin 1% lidocaine 2 mL.\n"
        "- 0.5 mL of 0.5% bupivacaine into the right C5-6 joint.\n- Post pain 2/10.\n"
    )
    assert scores(check, note) == (6, 2)


def test_vitals_taken_for_an_office_procedure_give_its_pre_score(check):
    note = (
        "Encounter: Office Procedure\n"
        "Subjective: Pt returns for scheduled injection. Bilateral neck pain x 2 yrs.\n\n"
        "Vitals: BP 124/78  P 66  SpO2 99%  Pain 7/10\n\n"
        "Procedure Note:\nConsent signed. Under fluoroscopic guidance 22g needles were placed "
        "into the bilateral C3-4 facet joints. 1 mL of 0.25% bupivacaine per joint.\n\n"
        "Post procedure pain: 2/10\n"
    )
    assert scores(check, note) == (7, 2)


def test_a_visit_without_a_procedure_has_no_scores(check):
    note = (
        "HPI: right mid-back pain, 6/10 average.\n"
        "Vitals: BP 192/108 (recheck 188/104 after 10 minutes seated), HR 96, Pain 6/10\n"
        "Exam: tender right T6-T7 facet.\n"
        "Assessment: Thoracic facet syndrome.\n"
        "Plan: Procedure deferred today: febrile. Reschedule right T6-T7 MBB.\n"
    )
    assert scores(check, note) == (None, None)


def test_one_score_after_the_injectate_is_the_post_score_only(check):
    note = (
        "Right C5-6 and C6-7 medial branch blocks under fluoroscopy. "
        "0.5 mL of 0.5% bupivacaine per level.\n"
        "Observed 20 min. Pain 0/10 on extension. No complications.\n"
    )
    assert scores(check, note) == (None, 0)


@pytest.mark.parametrize(
    "comment",
    [
        "First block (02/10/2026, same nerves) gave ~90% relief of headache for 6 h.",
        "First block (02/10/2026, same nerves) gave\n~90% relief of headache for 6 h.",
    ],
)
def test_relief_an_earlier_block_gave_is_not_todays(check, comment):
    note = (
        "Procedure: Left C3 and C4 medial branch blocks under fluoroscopy, "
        "0.3 mL 0.75% bupivacaine per nerve.\n"
        "Pain (NRS): Pre-procedure: 7/10   Post-procedure: 2/10   % relief: ____\n\n"
        f"Comments: 2nd diagnostic block. {comment}\n"
    )
    assert check(note).extraction.response.percent_relief is None


def test_todays_relief_is_read_beside_an_earlier_blocks(check):
    note = (
        "Procedure: Left C3 and C4 medial branch blocks under fluoroscopy, "
        "0.3 mL 0.75% bupivacaine per nerve.\n"
        "First block (02/10/2026, same nerves) gave ~90% relief for 6 h.\n"
        "Post-procedure pain 2/10 with 70% relief at 30 minutes.\n"
    )
    assert check(note).extraction.response.percent_relief == 70


@pytest.mark.parametrize(
    ("history", "pre"),
    [
        ("neck pain 6/10 average, worse with rotation", None),
        ("neck pain 6/10 on a typical day", None),
        ("neck pain, 6/10 most of the time", None),
        ("neck pain, 6/10 most days", None),
        ("neck pain averaging 6/10 over the past 3 months", None),
        ("neck pain, 7/10 today, average 5/10", 7),
        ("neck pain 6/10", 6),
    ],
)
def test_usual_pain_in_the_indication_is_not_the_pre_score(check, history, pre):
    note = (
        f"Indication: {history}.\n"
        "Procedure: Right C5-6 medial branch block under fluoroscopy, 0.5 mL 0.5% bupivacaine. "
        "Post-procedure pain 2/10.\n"
    )
    assert scores(check, note) == (pre, 2)


CANCELLED = (
    "Scheduled procedure: Bilateral C3-4, C4-5 facet joint injections (fluoro).\n"
    "\n"
    "PRE-OP NURSING ASSESSMENT\n"
    "  Pain: 6/10 bilateral neck\n"
    "  Home medications: apixaban 5 mg BID - last dose this morning.\n"
    "\n"
    "SURGEON NOTE\n"
    "  Took apixaban this morning; the procedure was cancelled.{begun}\n"
)


def test_a_case_cancelled_before_it_began_has_no_procedure_scores(check):
    assert scores(check, CANCELLED.format(begun="")) == (None, None)


def test_a_case_stopped_after_it_began_keeps_its_pre_score(check):
    text = CANCELLED.format(
        begun=" Time-out had been done and the skin prepped with chlorhexidine."
    )
    assert scores(check, text)[0] == 6


@pytest.mark.parametrize(
    "visit",
    [
        (
            "SUBJECTIVE: Follow-up of bilateral neck pain. Pain today 6/10.\n"
            "A/P: Cervical facet syndrome. Plan: bilateral C4-5, C5-6 medial branch blocks "
            "under fluoroscopy in 3 weeks; will consent on the day.\n"
        ),
        (
            "Scheduled: Right C5-6 facet injection. Cancelled at check-in: no authorization.\n"
            "Brief exam: neck pain 5/10, unchanged. Reschedule when authorized.\n"
        ),
    ],
)
def test_a_visit_that_names_no_procedure_of_today_and_gives_no_drug_has_no_scores(check, visit):
    assert scores(check, visit) == (None, None)


COMBINED = (
    "Procedures: right SI joint injection, then right C5-6 and C6-7 medial branch blocks.\n"
    "{arrival}\n"
    "SI joint: 1.5 mL 0.5% ropivacaine with 40 mg triamcinolone under fluoroscopy.\n"
    "Medial branch blocks: 0.5 mL 0.5% bupivacaine at each of the right C5, C6 and C7 "
    "medial branches under fluoroscopy.\n"
    "{after}\n"
)


@pytest.mark.parametrize(
    ("arrival", "after", "expected"),
    [
        ("Neck pain 6/10, R buttock pain 7/10.", "R buttock pain 2/10. Neck unchanged.", (6, None)),
        ("Neck pain VAS 7.", "Neck pain VAS 3 afterward. Buttock pain VAS 6 to VAS 2.", (7, 3)),
        # no score names the neck: the scores are read as before
        ("Pain 6/10.", "Low back pain 2/10.", (6, 2)),
    ],
)
def test_scores_of_another_site_are_not_the_facet_procedures(check, arrival, after, expected):
    assert scores(check, COMBINED.format(arrival=arrival, after=after)) == expected


TON_BLOCK = (
    "Procedure: left third occipital nerve and C3 medial branch blocks under fluoroscopy, "
    "0.5 mL 0.5% bupivacaine at each.\n"
    "Before: {before}\n"
    "After: {after}\n"
)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # the score after names the headache together with the neck: the headache is treated
        ("Headache 8/10, left occipital.", "headache/neck pain 3/10 at 15 min.", (8, 3)),
        ("Headache 8/10.", "neck and headache pain 3/10.", (8, 3)),
        # two sites scored apart: the headache stays another site's
        ("Neck pain 6/10, headache 8/10.", "Neck 2/10, headache 8/10.", (6, 2)),
    ],
)
def test_a_site_scored_together_with_the_neck_is_the_treated_complaint(
    check, before, after, expected
):
    assert scores(check, TON_BLOCK.format(before=before, after=after)) == expected


def test_a_history_score_marked_now_is_the_pre_score(check):
    note = (
        "Subjective: right lower neck pain came back about three weeks ago, now 7/10.\n\n"
        "Procedure: Right C6-7 facet joint injection under fluoroscopy; 0.5 mL Kenalog-40 "
        "and 0.5 mL 0.5% bupivacaine. Post-injection 2/10.\n"
    )
    assert scores(check, note) == (7, 2)


def test_a_pre_score_given_as_a_range_is_not_filled_by_the_vitals(check):
    note = (
        "Vitals: BP 122/76 P 66 PAIN: 5\n"
        "Dx: Cervical facet arthropathy. Neck pain bilat, pre 5-6/10.\n\n"
        "PROCEDURE: Bilateral C5-6 facet joint injections under fluoroscopy. Each joint: "
        "0.5 mL Kenalog-40 and 0.5 mL 1% lidocaine. Post 2/10.\n"
    )
    assert scores(check, note) == (None, 2)


def test_a_score_said_aloud_in_the_history_is_the_pre_score(check):
    note = (
        "What the patient told us: neck pain on the right for a year, worse turning. "
        'Today she says "a six, maybe."\n\n'
        "Procedure: Right C5-6 facet joint injection under fluoroscopy; 0.5 mL Kenalog-40 "
        "and 0.5 mL 0.5% bupivacaine. Pain 1/10 at discharge.\n"
    )
    assert scores(check, note) == (6, 1)


def test_scores_of_a_block_dated_in_brackets_before_today_are_the_earlier_blocks(check):
    note = (
        "Procedure note: right C4-C6 medial branch blocks\n"
        "DOS: 09/15/2025\n"
        "Diagnostic history:\n"
        "   Block #1 (07/02/2025) right C4, C5, C6 MBB, lidocaine: 9/10 -> 1/10, 90% relief.\n"
        "\n"
        "Today: right C4, C5 and C6 medial branches under fluoroscopy, 0.5 mL 0.5%\n"
        "bupivacaine at each nerve.\n"
        "Pre-procedure pain: 6/10.\n"
        "Post-procedure pain: 3/10.\n"
    )
    assert scores(check, note) == (6, 3)
