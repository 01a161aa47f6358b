"""A timed stay after the procedure written in shorthand is an observation period."""

TEXT = (
    "Right C5-6 and C6-7 facet joint injections under fluoroscopy, 0.5 mL 0.5% bupivacaine "
    "each.\n"
    "Post {stay}: P 70, BP 120/76, SpO2 98%; pain 3/10. Discharged ambulatory.\n"
)


def test_a_timed_stay_in_a_recovery_bay_is_an_observation(check):
    workflow = check(TEXT.format(stay="20 min in Bay 3")).extraction.workflow
    assert workflow.observation is True


def test_vitals_after_the_procedure_without_a_stay_are_not(check):
    workflow = check(TEXT.format(stay="check")).extraction.workflow
    assert workflow.observation is False
