"""Terse quick-entry shorthand as high-volume proceduralists write it: lowercase `b/l`,
`CMBB`/`LMBB` titles, `mb` after the vertebrae, `no block needle placed`, imaging equipment
out of service, the imaging a patient declined. Each case is a short note in, one field out."""

import pytest

R, L = "right", "left"


def levels(report) -> set[tuple[str, str]]:
    return {(fact.side, fact.level) for fact in report.extraction.levels}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "today: b/l c4/5 c5/6 IA FJI under fluoro",
            {(R, "C4-C5"), (R, "C5-C6"), (L, "C4-C5"), (L, "C5-C6")},
        ),
        (
            "proc: b/l c6/7, c7/t1 IA facet inj\nfluoro ap/obl",
            {(R, "C6-C7"), (R, "C7-T1"), (L, "C6-C7"), (L, "C7-T1")},
        ),
        ("dos 4/2 // b/l t7/8 FJI\nc-arm ap + obl", {(R, "T7-T8"), (L, "T7-T8")}),
    ],
)
def test_lowercase_b_slash_l_is_bilateral(check, text, expected):
    assert levels(check(text)) == expected


def test_lowercase_l_alone_is_no_side(check):
    """Only the capital `L` is a side in shorthand: a lowercase `l` may be anything."""
    report = check("c4/5 l FJI\nfluoro")
    assert {fact.side for fact in report.extraction.levels} <= {None, "unknown"}
    assert report.codes.supports_64492 is False


@pytest.mark.parametrize(
    "title", ["R CMBB c4-c7", "LMBB b/l L3, L4 mb", "T-spine TMBB left t5-t8", "CMBB bilat"]
)
def test_regional_mbb_abbreviations_are_medial_branch_blocks(check, title):
    report = check(f"{title}\ncx signed, fluoro AP/lat\nbupi .5 0.5 ea\n")
    assert report.extraction.procedure == "medial_branch_block"


@pytest.mark.parametrize("line", ["R c5, c6, c7 mb blocked", "L TON + L c3, c4 MB", "R: c4-7 mb"])
def test_mb_after_the_vertebrae_is_a_medial_branch_block(check, line):
    report = check(f"{line}\nfluoro lat/obl\nbupi .5 0.5 per nerve\n")
    assert report.extraction.procedure == "medial_branch_block"


def test_mb_alone_is_not_a_procedure(check):
    report = check("file size 2 MB attached\nfluoro\n")
    assert report.extraction.procedure is None


def test_no_block_needle_placed_is_an_aborted_procedure(check):
    report = check(
        "R CMBB c4-c7 -- ABORTED\nplanned R c4, c5, c6, c7 mb\n"
        "lido 1% skin wheal -> pt vasovagal\nno block needle placed. no LA/steroid given.\n"
    )
    assert report.extraction.procedure == "medial_branch_block"
    assert levels(report) == set()
    assert report.codes.supports_64492 is False


def test_imaging_equipment_down_is_a_landmark_procedure(check):
    report = check(
        "b/l c4/5 c5/6 c6/7 FJI -- office\n"
        "c-arm down (service) -> pt wants to proceed; palpation/landmark, no imaging\n"
        "kenalog 40 10 mg + lido 1% 1cc ea site\n"
    )
    assert report.extraction.guidance == "none"
    assert report.codes.supports_64492 is False


@pytest.mark.parametrize(
    "imaging",
    [
        "pt declines fluoro (radiation concern) -> US",
        "pt refuses fluoro; sonosite linear probe, in-plane",
        "no contrast (US)",
    ],
)
def test_ultrasound_in_shorthand_and_declined_fluoroscopy(check, imaging):
    report = check(f"R c3, c4, c5, c6 mb\n{imaging}\nropi .5% 0.5 ea\n")
    assert report.extraction.guidance == "ultrasound"
    assert report.codes.supports_64492 is False


def test_image_intensifier_views_are_fluoroscopy(check):
    report = check("proc: L t5, t6, t7, t8 mb\nII AP + obl\nropi .2 0.5 each nerve\n")
    assert report.extraction.guidance == "fluoroscopy"


def test_a_level_marked_not_inj_is_dropped(check):
    report = check(
        "FJI cervical - b/l\nc4/5 b/l: no jt window on obl (severe DJD) -> skipped, not inj\n"
        "fluoro AP, lat, obl\n"
    )
    assert ("right", "C4-C5") not in levels(report)
    assert ("left", "C4-C5") not in levels(report)


def test_an_inline_history_line_does_not_take_the_next_lines_steps(check):
    """A "hx:" line long enough to look hard-wrapped, then today's "cx signed, TO done": the
    history covers its own line; the consent and time-out are today's."""
    report = check(
        "R c5/6 c6/7 FJI\n"
        "hx: b/l c4/5 c5/6 FJI 2022 -> good relief x 6 months, then recurred\n"
        "cx signed, TO done\n"
        "chlorhex, drape. fluoro ap/obl\n"
        "22g into R c5/6 + R c6/7, bupi .5% 0.5cc ea\n"
    )
    workflow = report.extraction.workflow
    assert workflow.consent and workflow.timeout
    assert levels(report) == {(R, "C5-C6"), (R, "C6-C7")}


def test_one_item_per_line_is_not_one_wrapped_sentence(check):
    """A level skipped on its own line ("c4/5 b/l: ... skipped, not inj") does not carry its
    "not injected" onto the next line's levels, however long the line."""
    report = check(
        "FJI cervical b/l, fluoro AP/obl\n"
        "c4/5 b/l: no jt window on obl view (severe DJD, ankylosed) -> skipped, not inj\n"
        "c5/6 b/l + c6/7 b/l: 22g 3.5in into jt, isovue-m 0.1 -> arthrogram ok\n"
        "inj per jt: bupi .5% 0.5cc\n"
    )
    assert levels(report) == {(R, "C5-C6"), (R, "C6-C7"), (L, "C5-C6"), (L, "C6-C7")}
    assert not report.codes.supports_64492


def test_trigger_points_at_cervical_paraspinals_treat_no_facet_level(check):
    """Trigger point injections "at R c4-c6 paraspinals" name muscles, not joints: no
    levels, no region, no 64490-64492."""
    report = check(
        "TPI x4 -- R c4-c6 paraspinals\n"
        "verbal cx. alcohol prep. 27g to ea palpated tp, no imaging\n"
        "lido 1% 1cc ea tp\n"
    )
    assert report.extraction.procedure == "other"
    assert levels(report) == set()
    assert report.extraction.region is None
    assert report.codes.supported == []


def test_todays_no_contrast_outweighs_a_templates_contrast_line(check):
    """A template line's default contrast is not today's when today's text says none was
    given."""
    report = check(
        "R c3/4 c4/5 MBB\n"
        "[template] contrast: omni 180 0.3 per lvl\n"
        "** today no contrast: iodine allergy **\n"
        "cx signed. TO done. fluoro lat. bupi .5 0.5 per nerve\n"
    )
    assert report.extraction.contrast.used is False
    assert report.extraction.contrast.agent is None


def test_xylo_is_lidocaine(check):
    report = check(
        "b/l c4/5 IA FJI under fluoro\nskin wheal xylo 1% (total 4 cc)\nbupi .25% 0.5 cc per jt\n"
    )
    skin = [m for m in report.extraction.medications if m.role == "skin_local"]
    assert [(m.name, m.concentration, m.volume_ml_total) for m in skin] == [
        ("lidocaine", "1%", 4.0)
    ]


def test_no_proc_today_is_a_visit_without_a_procedure(check):
    """ "f/u // no proc today" with a planned RFA: nothing was done, so no levels, no pain
    score of a procedure and no codes."""
    report = check(
        "f/u - pain clinic // no proc today\n"
        "s/p R c3-6 MBB x2 (80%, 85%)\n"
        "neck pain today NRS 6\n"
        "plan: R c3-6 RFA under fluoro, sched 2 wk\n"
    )
    assert report.extraction.procedure_performed is False
    assert report.extraction.response.pre_pain is None
    assert report.codes.supported == []


def test_a_negation_in_the_last_field_of_a_record_line_stays_on_its_line(check):
    """ "sens 50hz: ... ; motor 2hz: no fasciculation UE" then "2% lido 0.5cc ea cannula":
    the "no" answers the motor test; the lidocaine keeps its strength."""
    report = check(
        "L cerv RFA c4, c5, c6 mb under fluoro\n"
        "sens 50hz: <0.5V concordant ea; motor 2hz: no fasciculation UE\n"
        "2% lido 0.5cc ea cannula prior to lesion\n"
        "lesion 80C x 90s\n"
    )
    lidocaine = [m for m in report.extraction.medications if m.name == "lidocaine"]
    assert [(m.concentration, m.volume_ml_per_level) for m in lidocaine] == [("2%", 0.5)]


def test_a_quick_entry_row_at_a_level_says_it_was_not_injected(check):
    """Rows written "@level side -> what happened": the row that says its joint was not
    injected takes that joint back from the title's range."""
    note = (
        "PROCEDURE: L C3-C6 facet IA inj (fluoro)\n"
        "consent ✓  T/O ✓  prep ✓  bupivacaine 0.25% 0.5 mL per jt\n"
        "@C3-4 L -> arthrogram ✓ -> injected ✓\n"
        "@C4-5 L -> arthrogram ✓ -> injected ✓\n"
        "@C5-6 L -> ✗ could not enter the joint -> NOT injected, needle withdrawn\n"
    )
    report = check(note)
    assert levels(report) == {(L, "C3-C4"), (L, "C4-C5")}
    assert report.codes.supported == ["64490-LT", "64491-LT"]
    assert not report.codes.supports_64492
