"""Imaging guidance: the modality used today, not one the patient declined."""

import pytest


@pytest.mark.parametrize(
    "declined",
    ["pt declines fluoro (radiation concern) -> US", "patient refused fluoroscopy"],
)
def test_declined_fluoroscopy_is_not_the_guidance(check, declined):
    """An ultrasound-guided block supports no 64490-64492 (those need fluoroscopy or CT),
    even when the note names the fluoroscopy the patient declined."""
    report = check(
        "US-guided R cerv MBB -- c3, c4, c5, c6 mb\n"
        f"{declined}\n"
        "25g needles to R c3, c4, c5, c6 mb; ropi .5% 0.5 ea\n"
    )
    assert report.extraction.guidance == "ultrasound"
    assert report.codes.supported == []
    assert not report.codes.supports_64492


def test_imaging_out_of_service_or_left_blank_is_not_the_guidance(check):
    """A landmark procedure whose record names the C-arm only as out of service and leaves
    the fluoroscopy time blank was done without imaging: no 64490-64492."""
    report = check(
        "PROCEDURE: Right T7-8, T8-9 and T9-10 facet injections by landmark technique.\n"
        "Note: C-arm in the treatment center was out of service today.\n"
        "Proceeded without imaging. 1 mL of 0.25% bupivacaine at each joint.\n"
        "11:13 prep. Fluoro time: ____  11:15 start  11:27 end.\n"
    )
    assert report.extraction.guidance == "none"
    assert not report.codes.supports_64492


def _gap(report, requirement: str):
    return next((g for g in report.gaps if g.requirement == requirement), None)


@pytest.mark.parametrize(
    "statement",
    [
        "No fluoroscopy was used; landmark technique, without imaging.",
        "Fluoro unavailable today, so the needles were placed without imaging.",
        "The C-arm was not used.",
    ],
)
def test_stated_absence_of_imaging_outweighs_imaging_named_for_today(check, statement):
    """A booking line or template naming fluoroscopy does not make a note that says no
    imaging was used fluoroscopic: no 64490-64492, and the disagreement is for a person to
    confirm (needs review, not a silent pass or a blocking 'no imaging')."""
    report = check(
        "PROCEDURE: Right C4-5, C5-6, C6-7 facet joint injections under fluoroscopy.\n"
        "Consent signed. Time-out performed. Prepped with chlorhexidine and draped.\n"
        f"{statement}\n"
        "22g needles into the right C4-5, C5-6 and C6-7 joints; 0.5 mL 0.5% bupivacaine each.\n"
        "Pain 7/10 before, 2/10 after. No complications. Observed 20 minutes.\n"
    )
    assert report.extraction.guidance == "none"
    assert report.codes.supported == []
    assert not report.codes.supports_64492
    conflict = _gap(report, "guidance")
    assert conflict is not None and conflict.severity == "warning"
    assert "confirm whether imaging guided" in conflict.message
    assert report.status == "needs_review"


def test_no_fluoroscopy_beside_ct_keeps_the_ct(check):
    """ "No fluoroscopy" rules out fluoroscopy only: a CT-guided injection stays CT."""
    report = check(
        "CT-guided left C5-6 and C6-7 facet joint injections; no fluoroscopy was used.\n"
        "Consent signed. Time-out performed. Prepped and draped.\n"
        "Under CT guidance 22g needles into the left C5-6 and C6-7 joints, 0.5 mL 0.5%\n"
        "bupivacaine each. Pain 6/10 before, 1/10 after. No complications.\n"
    )
    assert report.extraction.guidance == "ct"
    assert _gap(report, "guidance") is None


def test_landmark_technique_of_another_block_leaves_the_facet_imaging(check):
    """In a combined session the occipital block's landmark technique says nothing of the
    fluoroscopy that guided the facet injections."""
    report = check(
        "Procedures: right C3-4 and C4-5 facet joint injections under fluoroscopy;\n"
        "greater occipital nerve block, landmark technique.\n"
        "Consent signed. Time-out performed. Prepped and draped.\n"
        "Under fluoroscopy 22g needles into the right C3-4 and C4-5 joints, 0.5 mL 0.5%\n"
        "bupivacaine each. Pain 6/10 before, 1/10 after. No complications.\n"
    )
    assert report.extraction.guidance == "fluoroscopy"
    assert report.codes.supported == ["64490-RT", "64491-RT"]


def test_imaging_that_leads_into_a_list_of_levels_is_the_guidance(check):
    """A line ending "... injections under fluoroscopy:" over a bulleted list of joints
    names the imaging used; the colon leads into the list and is no empty imaging field."""
    report = check(
        "- Plan / done today: facet joint injections under fluoroscopy:\n"
        "    * L C3-4 intra-articular\n"
        "    * L C4-5 intra-articular\n"
        "- Each joint: bupivacaine 0.5% 0.4 mL; Omnipaque arthrogram at each joint.\n"
    )
    assert report.extraction.guidance == "fluoroscopy"
    assert report.codes.supported == ["64490-LT", "64491-LT"]


def test_an_imaging_field_left_empty_at_the_end_of_its_line_is_not_the_guidance(check):
    report = check(
        "Right C5-6 facet injection, 1 mL bupivacaine 0.25%.\nFluoroscopy:\nNo complications.\n"
    )
    assert report.extraction.guidance is None


def test_views_named_in_a_log_line_are_fluoroscopy(check):
    """A time-stamped record that names the views checked ("AP/lat OK") names the imaging
    even where the modality word is missing."""
    report = check(
        "Procedure: right C5-6 and C6-7 facet injections.\n"
        "10:02  consent signed, time out done\n"
        "10:06  needle into R C5-6 joint - AP/lat OK\n"
        "10:08  needle into R C6-7 joint\n"
        "10:10  bupivacaine 0.25% 0.5 mL each joint\n"
    )
    assert report.extraction.guidance == "fluoroscopy"


def test_a_needle_advanced_toward_a_target_is_not_a_plan(check):
    """ "Advanced toward the C4 medial branch under fluoro" is the needle's path today,
    not a plan for later."""
    report = check(
        "Procedure: left C4-5 facet injection.\n"
        "09:40  22g needle advanced toward L C4-5 joint under fluoro (AP)\n"
        "09:42  bupivacaine 0.25% 0.5 mL into the joint\n"
    )
    assert report.extraction.guidance == "fluoroscopy"


def test_imaging_of_the_scheduled_line_is_todays_when_the_log_names_none(check):
    """A log of the needles placed under a "Scheduled procedure: ... - fluoro" line, with no
    imaging named in the log, was done as scheduled."""
    text = (
        "Scheduled procedure: R C5-6, C6-7 facet injections - fluoro\n"
        "09:02 | Consent  | signed\n"
        "09:10 | Needle   | R C5-6 joint\n"
        "09:12 | Needle   | R C6-7 joint\n"
        "09:14 | Injectate | bupivacaine 0.25% 0.5 mL each joint\n"
    )
    assert check(text).extraction.guidance == "fluoroscopy"


def test_imaging_of_a_planned_outline_item_is_todays_when_the_account_names_none(check):
    """ "1.2 Planned: ... , fluoroscopy." over the numbered steps of the injections done, with
    no imaging named in them: done as planned."""
    text = (
        "1. Right cervical facet arthropathy\n"
        "   1.2 Planned: right C5-6, C6-7 intra-articular facet injections, fluoroscopy.\n"
        "   1.3 Consent signed; chlorhexidine prep.\n"
        "   1.4 Right C5-6 and C6-7: needle into each joint, 0.5 mL 0.25% bupivacaine each.\n"
    )
    assert check(text).extraction.guidance == "fluoroscopy"


@pytest.mark.parametrize("label", ["Plan:", "Pre-procedure plan:"])
def test_imaging_of_the_days_plan_line_above_the_account_is_todays(check, label):
    """The day's plan written above an account of the injection that names no imaging of
    its own ("Plan: left C5-6 IA facet inj, fluoro."): done as planned."""
    text = (
        f"{label} left C5-6 intra-articular facet injection, fluoro.\n"
        "Consent and time-out done. Prone, chlorhexidine prep.\n"
        "Left C5-6: 22 g needle into the joint, 0.5 mL 0.5% bupivacaine.\n"
    )
    assert check(text).extraction.guidance == "fluoroscopy"


def test_imaging_of_a_plan_line_below_the_account_is_the_next_visits(check):
    text = (
        "Left C5-6: 22 g needle into the joint, 0.5 mL 0.5% bupivacaine.\n"
        "Plan: right C5-6 facet injection under fluoroscopy next visit.\n"
    )
    assert check(text).extraction.guidance != "fluoroscopy"


def test_imaging_of_a_scheduled_procedure_cancelled_at_check_in_is_not_todays(check):
    text = (
        "Visit: scheduled procedure cancelled at check-in, not performed.\n"
        "Scheduled: right C5-6, C6-7 facet injections under fluoroscopy.\n"
        "Authorization expired; rebooked.\n"
    )
    assert check(text).extraction.guidance != "fluoroscopy"


def test_imaging_used_at_the_previously_blocked_nerves_is_todays(check):
    """Today's needles placed "at each of the previously blocked medial branches" under
    fluoroscopy: the targets are named by an earlier visit, the imaging is today's."""
    report = check(
        "Procedure: repeat right C4-C6 medial branch blocks\n"
        "Consent signed. Time-out done.\n"
        "Under fluoroscopic guidance a 25-gauge needle was placed at each of the previously\n"
        "blocked medial branches. 0.5 mL 0.5% bupivacaine per nerve.\n"
    )
    assert report.extraction.guidance == "fluoroscopy"


def test_imaging_named_on_an_allergy_line_after_the_list_is_todays(check):
    """An allergy line that goes on about the procedure ("Allergies: iodine dye (hives).
    Dye not used; needles checked on fluoroscopy.") names today's imaging after its list."""
    report = check(
        "Left C5-6 and C6-7 facet injections, 0.5 mL 0.25% bupivacaine per joint.\n"
        "Allergies: iodine dye (hives). Dye not used; needles checked on fluoroscopy.\n"
    )
    assert report.extraction.guidance == "fluoroscopy"


def test_imaging_in_the_allergy_list_itself_is_not_the_guidance(check):
    report = check(
        "Left C5-6 and C6-7 facet injections by palpation, 0.5 mL 0.25% bupivacaine each.\n"
        "Allergies: latex. Ultrasound gel gives her a rash.\n"
    )
    assert report.extraction.guidance != "ultrasound"


def test_a_biplane_unit_is_fluoroscopic_guidance(check):
    """A biplane angiography unit images in two planes by fluoroscopy, even when its images
    are not kept."""
    report = check(
        "Left C4, C5, C6 medial branch blocks. Consent, time-out, prep.\n"
        "Imaging: Philips Azurion biplane, frontal and lateral; no images archived.\n"
        "Bupivacaine 0.5% 0.4 mL at each nerve.\n"
    )
    assert report.extraction.guidance == "fluoroscopy"


@pytest.mark.parametrize(
    "imaging",
    [
        "Artis zee with cone-beam CT: planning spin, then a confirmation spin; fluoro time 1 min.",
        "The O-arm was positioned; 2D scouts (AP and lateral), then an O-arm spin at each side.",
    ],
)
def test_cone_beam_ct_and_the_o_arm_are_ct_guidance(check, imaging):
    """Cone-beam CT from an angiography C-arm and the O-arm's intraoperative spins are CT,
    whatever 2D shots the same unit takes."""
    report = check(
        "Left T6-7 and T7-8 facet joint injections.\n"
        f"{imaging}\n"
        "Needles into the left T6-7 and left T7-8 joints; 0.5 mL 0.25% bupivacaine each.\n"
    )
    assert report.extraction.guidance == "ct"


def test_a_needle_advanced_along_its_planned_path_is_todays_level(check):
    """ "Along the planned paths" is how today's needles went on the planning scan, not a
    plan for another day."""
    report = check(
        "CT-guided thoracic facet joint injections.\n"
        "Needles were advanced into the left T6-7 and left T7-8 facet joints along the\n"
        "planned paths. 0.5 mL of 0.25% bupivacaine into each joint.\n"
    )
    found = {(f.side, f.level) for f in report.extraction.levels}
    assert found == {("left", "T6-T7"), ("left", "T7-T8")}


def test_ultrasound_placement_checked_by_fluoroscopy_is_fluoroscopic_guidance(check):
    """Needles placed under ultrasound whose positions a C-arm confirmed before anything was
    injected: the fluoroscopic images document the positions injected."""
    report = check(
        "Right C5, C6 medial branch blocks: ultrasound-guided placement.\n"
        "Linear probe, in-plane needles to the right C5 and C6 medial branches under ultrasound.\n"
        "Fluoroscopic check: C-arm AP and lateral spot images confirmed the needle tips.\n"
        "Bupivacaine 0.5% 0.3 mL at each nerve under ultrasound.\n"
    )
    assert report.extraction.guidance == "fluoroscopy"


def test_a_confirmatory_block_planned_under_fluoroscopy_leaves_the_ultrasound(check):
    report = check(
        "Right C5, C6 medial branch blocks under ultrasound, in-plane, linear probe.\n"
        "Bupivacaine 0.5% 0.3 mL at each nerve under ultrasound.\n"
        "Plan: confirmatory block under fluoroscopy if positive.\n"
    )
    assert report.extraction.guidance == "ultrasound"
    assert report.codes.supported == []
