"""An attempt stopped after its first steps, before anything was injected, keeps the type of
the procedure it began even when the note names that procedure only as scheduled."""

ABORTED = (
    "Scheduled: Left C5, C6, C7 medial branch blocks, fluoroscopy.\n"
    "Pain pre: 6/10.\n"
    "Consent signed. Time-out done. Prone, chlorhexidine prep, drape.\n"
    "Skin wheals: 1% lidocaine 1 mL at each of 3 entry sites.\n"
    "Left C5 needle advanced under lateral fluoroscopy. The C-arm then failed.\n"
    "Needles withdrawn. No anesthetic was\n"
    "  injected at any target. Rescheduled next week.\n"
)


def test_an_attempt_aborted_after_its_needles_keeps_the_scheduled_type(check):
    extraction = check(ABORTED).extraction
    assert extraction.procedure == "medial_branch_block"
    assert extraction.levels == []


def test_a_visit_with_nothing_begun_stays_without_a_procedure(check):
    text = (
        "Scheduled: Left C5, C6, C7 medial branch blocks, fluoroscopy.\n"
        "INR 2.9 at check-in: the case was cancelled before consent or prep.\n"
    )
    assert check(text).extraction.procedure is None


def test_a_case_cancelled_before_consent_gives_none_of_the_drugs_its_order_lists(check):
    text = (
        "ORDER DETAILS (copied from the booking)\n"
        "  Left C4-5, C5-6, C6-7 medial branch blocks under fluoroscopy\n"
        "  Injectate: ropivacaine 0.5%, 0.4 mL per nerve\n"
        "  Expected codes: 64490-LT, 64491-LT, 64492-LT\n"
        "\n"
        "Platelets 38 at check-in. The procedure was cancelled before consent; no prep.\n"
    )
    report = check(text)
    assert report.extraction.levels == []
    assert report.extraction.medications == []
    assert report.codes.supports_64492 is False


def test_a_skin_local_only_listed_in_a_cancelled_cases_prefilled_drugs_shows_nothing_begun(check):
    text = (
        "Procedure: Left C4-C5, C5-C6, C6-C7 medial branch block under fluoroscopy\n"
        "Medications: bupivacaine 0.25% 0.5 mL per nerve; lidocaine 1% skin\n"
        "Status: CANCELLED\n"
        "Blood pressure 212/118 in holding. The procedure was cancelled before consent or prep.\n"
    )
    report = check(text)
    assert report.extraction.procedure is None
    assert report.extraction.levels == []
    assert report.codes.supports_64492 is False


def test_a_skin_wheal_given_before_a_cancellation_still_shows_the_case_begun(check):
    text = (
        "Procedure: Left C4-C5, C5-C6, C6-C7 medial branch block under fluoroscopy\n"
        "Skin wheals: 1% lidocaine 1 mL at each entry site.\n"
        "The procedure was cancelled before any needle reached a target.\n"
    )
    assert check(text).extraction.workflow.local_anesthesia is True
