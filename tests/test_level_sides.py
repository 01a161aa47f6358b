"""Which levels a side word covers. A side carries over a list written under it ("R C4-5,
C5-6, C6-7", a table row's side cell); a level written on its own with no side (its own
sentence, step, or a list item after others each sided) is not under it: it is listed without
a side, no code counts it, and the note goes to review with a gap naming the level."""

import pytest

R, L = "right", "left"


def levels(report) -> set[tuple[str, str]]:
    return {(fact.side, fact.level) for fact in report.extraction.levels}


def asks_to_confirm(report, level: str) -> bool:
    return any(
        gap.requirement == "code.levels_uncertain" and level in gap.message for gap in report.gaps
    )


@pytest.mark.parametrize(
    "text",
    [
        "Procedure: R C4-5, C5-6, C6-7 facet injections under fluoroscopy.",
        "Procedure: right C4-5 and C5-6 and C6-7 facet injections under fluoroscopy.",
        "Procedure: C4-5, C5-6 and C6-7 facet injections on the right, fluoroscopy.",
        "Cervical facet joint injections.\nSide: Right\nLevels: C4-5, C5-6, C6-7\n"
        "Fluoroscopic guidance.",
        "Cervical facet joint injections, fluoroscopic guidance.\n\n"
        "| Level | Side | Volume |\n|---|---|---|\n"
        "| C4-5 | Right | 0.5 mL |\n| C5-6 | Right | 0.5 mL |\n| C6-7 | Right | 0.5 mL |\n",
    ],
)
def test_a_side_written_for_a_list_carries_over_it(check, text):
    report = check(text)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")}
    assert report.extraction.levels_unsided == []
    assert report.codes.supports_64492


def test_a_title_side_carries_to_the_same_levels_in_the_description(check):
    report = check(
        "PROCEDURE: Left C4-5, C5-6 and C6-7 facet joint injections.\n\n"
        "Under fluoroscopy a 22 g needle was placed in the C4-5, C5-6 and C6-7 joints and "
        "each was injected with 0.5 mL of 0.5% bupivacaine.\n"
    )
    assert levels(report) == {(L, "C4-C5"), (L, "C5-C6"), (L, "C6-C7")}
    assert report.codes.supports_64492


def test_a_level_added_in_a_sentence_of_its_own_has_no_side(check):
    """ "R C4-5, C5-6" names the right side for two joints; "C6-7 facet also injected"
    gives C6-7 no side (the history's pain on both sides decides nothing)."""
    report = check(
        "Reason: neck pain, worse on the right but present on both sides.\n"
        "Procedure: R C4-5, C5-6 IA facet injections. C6-7 facet also injected\n"
        "given concordant pain on palpation.\n"
        "Fluoroscopy: oblique/lateral views.\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert report.extraction.levels_unsided == ["C6-C7"]
    assert report.codes.supported == ["64490-RT", "64491-RT"]
    assert not report.codes.supports_64492
    assert report.status != "pass"
    assert asks_to_confirm(report, "C6-C7")


def test_a_needle_step_without_a_side_after_sided_steps_has_no_side(check):
    report = check(
        "Cervical facet joint injections x3 (C4-5, C5-6, C6-7) with fluoroscopic guidance.\n"
        "Laterality: ________\n\n"
        "Needle 1 / Right C4-5: needle advanced into the posterior joint recess.\n\n"
        "Needle 2 / Right C5-6: same trajectory one level down.\n\n"
        "Needle 3 / C6-7: C-arm rotated; needle advanced into the posterior recess.\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert report.extraction.levels_unsided == ["C6-C7"]
    assert not report.codes.supports_64492
    assert asks_to_confirm(report, "C6-C7")


def test_a_semicolon_closes_the_list_a_side_was_written_for(check):
    report = check(
        "Procedure: Cervical facet joint injections - right C4-5, C5-6; C6-7\n"
        "Guidance: fluoroscopy\n"
        "The right C4-5 and right C5-6 joints were entered under fluoroscopy. The C6-7 facet "
        "joint was then entered in the same manner and injected.\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert report.extraction.levels_unsided == ["C6-C7"]
    assert not report.codes.supports_64492


def test_a_plus_after_a_sided_list_starts_an_item_without_that_side(check):
    """ "R C5-6, C6-7 IA facet inj + C7-T1 IA facet inj": the R is written for its list; the
    item after the plus, re-described later without a side, is never given one."""
    report = check(
        "PROC: R C5-6, C6-7 IA facet inj + C7-T1 IA facet inj.\n"
        "Fluoro. 22g needles into the right C5-6 and C6-7 facet joints, 1 mL of 0.25% "
        "bupivacaine per joint.\nThe C7-T1 joint was then entered and injected in the same "
        "manner.\n"
    )
    assert levels(report) == {(R, "C5-C6"), (R, "C6-C7")}
    assert report.extraction.levels_unsided == ["C7-T1"]
    assert not report.codes.supports_64492
    assert asks_to_confirm(report, "C7-T1")


def test_a_plus_between_two_levels_keeps_the_list_going(check):
    report = check("PROC: R C4-5, C5-6 + C6-7 IA facet inj under fluoroscopy.\n")
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")}


def test_region_follows_the_levels_listed_not_a_level_without_a_side(check):
    """Convention 3: a joint left out because its side is never given does not make a
    cervical session cervicothoracic."""
    report = check(
        "Cervical facet joint injections under fluoroscopy. 22-gauge needles were directed "
        "into the right C5-6 and right C6-7 facet joints, each injected with 0.5 mL of 1% "
        "lidocaine. The C7-T1 facet joint was also entered and injected with the same mixture.\n"
    )
    assert report.extraction.levels_unsided == ["C7-T1"]
    assert report.extraction.region == "cervical"


def test_region_comes_from_unsided_levels_when_no_level_has_a_side(check):
    report = check("Facet joint injections at C7-T1 and T1-2 under fluoroscopy.\n")
    assert report.extraction.levels == []
    assert report.extraction.region == "cervicothoracic"


def test_the_same_nerves_on_the_side_named_after_copies_the_first_sides_levels(check):
    report = check(
        "US-guided cervical medial branch blocks.\nThe C4-C6 inclusive medial branches were "
        "identified on the right and blocked with a 25 G needle under ultrasound guidance.\n"
        "The same nerves were then blocked on the left.\nRopivacaine 0.5% 0.5 mL per nerve.\n"
    )
    expected = {(s, lv) for s in (R, L) for lv in ("C4-C5", "C5-C6")}
    assert levels(report) == expected


def test_the_same_levels_with_no_side_named_copies_nothing(check):
    report = check(
        "Right C4-5 and C5-6 facet joint injections under fluoroscopy, 0.5 mL of 0.5% "
        "bupivacaine each. The same levels were injected in March.\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}


def test_a_list_of_levels_each_sided_leaves_the_unsided_one_without_a_side(check):
    report = check("Facet inj - fluoro\nR C3-4, R C4-5, C5-6 (side ___)\nTol well.\n")
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5")}
    assert report.extraction.levels_unsided == ["C5-C6"]
    assert report.codes.supported == ["64490-RT", "64491-RT"]
    assert asks_to_confirm(report, "C5-C6")


def test_one_side_then_each_side_of_its_own_in_a_run_on_sentence(check):
    """A run-on dictation that sides each list once: every level keeps its list's side."""
    report = check(
        "under fluoroscopic guidance a needle was advanced into the right C4-5 C5-6 and C6-7 "
        "facet joints and then the left C4-5 C5-6 and C6-7 facet joints and each was injected"
    )
    assert levels(report) == {(s, lv) for s in (R, L) for lv in ("C4-C5", "C5-C6", "C6-C7")}


def test_a_single_side_before_a_comma_list_and_another_after_a_semicolon(check):
    report = check("Proc: facet inj, fluoro. R C3-4, C4-5, C5-6; L C4-5.\n")
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6"), (L, "C4-C5")}
    assert report.extraction.levels_unsided == []


@pytest.mark.parametrize("blank", ["side ___", "{side}", "Side: ___"])
def test_a_level_whose_side_is_left_blank_has_no_side(check, blank):
    report = check(
        "Right C4-5, C5-6 and C6-7 facet joint injections under fluoroscopy.\n"
        f"C6-7 {blank} - 0.5 mL 0.25% bupivacaine\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert report.extraction.levels_unsided == ["C6-C7"]
    assert not report.codes.supports_64492


def test_a_level_the_draft_says_it_could_not_side_has_no_side(check):
    """An ambient draft that lists a level with "[laterality not captured]" on the line
    that unwraps into the sided lines above it: the side of the neighbours is a guess."""
    report = check(
        "PROCEDURE (generated from room audio)\n"
        " Left C4-C5 facet joint injection (intra-articular)\n"
        " Left C5-C6 facet joint injection (intra-articular)\n"
        " C6-C7 facet joint injection  [laterality not captured by audio - please verify]\n"
        " Guidance: fluoroscopy\n"
        "ROOM AUDIO\n"
        " Dr: Left C5-6, also good.\n"
        " Dr: ...okay, and C6-7. Contrast... in. Mix.\n"
    )
    assert levels(report) == {(L, "C4-C5"), (L, "C5-C6")}
    assert not report.codes.supports_64492


_RELATIVE_NOTE = (
    "Cervical medial branch blocks, bilateral\n\n"
    "HPI: right-sided neck pain, some left neck pain on rotation.\n"
    "Fluoroscopic guidance. Consent obtained. Time-out performed.\n"
    "{first}: medial branches at C4 through C7 were blocked.\n"
    "{second}: C5 and C6 medial branches only.\n"
    "Bupivacaine 0.5%, 0.5 mL per nerve. Omnipaque 300 confirmed spread.\n"
)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("IPSILATERAL to the pain", "CONTRALATERAL"),
        ("On the painful side", "On the other side"),
    ],
)
def test_a_side_named_only_relative_to_the_pain_is_no_side(check, first, second):
    """Which side is 'ipsilateral to the pain' rests on the history: the title's
    'bilateral' must not side those levels, so no 64492 until the side is confirmed."""
    report = check(_RELATIVE_NOTE.format(first=first, second=second))
    assert not report.codes.supports_64492
    assert "C4-C5" in report.extraction.levels_unsided
    assert asks_to_confirm(report, "C4-C5")


def test_a_contralateral_oblique_view_names_no_side(check):
    report = check(
        "Right C4-5, C5-6 and C6-7 facet joint injections under fluoroscopy.\n"
        "Needle 3 / C6-7: C-arm rotated to a contralateral oblique to profile the joint.\n"
        "Omnipaque 240 arthrogram, then 0.5 mL bupivacaine 0.25% per joint.\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")}
    assert report.codes.supports_64492


def test_the_painful_side_is_the_one_side_the_indication_names(check):
    """'On the painful side' with an indication naming pain on one side only: that side."""
    report = check(
        "Indication: left upper neck pain and occipital headache; left C2-3 joint tender.\n"
        "Procedure: third occipital nerve block on the painful side under fluoroscopy.\n"
        "Consent signed, time-out done. Lidocaine 2% 0.5 mL.\n"
    )
    assert levels(report) == {(L, "C2-C3")}
    assert report.codes.supported == ["64490-LT"]


def test_the_painful_side_stays_unconfirmed_when_the_history_names_both_sides(check):
    report = check(
        "HPI: right neck pain, some left neck pain on rotation.\n"
        "Procedure: third occipital nerve block on the painful side under fluoroscopy.\n"
        "Consent signed, time-out done. Lidocaine 2% 0.5 mL.\n"
    )
    assert levels(report) == set()
    assert report.extraction.levels_unsided == ["C2-C3"]
    assert not report.codes.supported


def test_a_medial_branch_with_its_side_pick_list_unanswered_has_no_side(check):
    report = check(
        "Cervical medial branch block under fluoroscopy. Bilateral neck pain.\n"
        "Targets:\n"
        "  1: {Right/Left:Left} C3 medial branch\n"
        "  2: {Right/Left:Left} C4 medial branch\n"
        "  3: {Right/Left:Left} C5 medial branch\n"
        "  4: {Right/Left:***} C6 medial branch\n"
        "Bupivacaine 0.5%, 0.5 mL at each target.\n"
    )
    assert levels(report) == {(L, "C3-C4"), (L, "C4-C5")}
    assert not report.codes.supports_64492
    assert asks_to_confirm(report, "C5-C6")


def test_an_attestation_that_corrects_the_side_moves_the_levels(check):
    report = check(
        "Procedure: RIGHT C3-4, C4-5 and C5-6 facet joint injections under fluoroscopy.\n"
        "The right C3-4, C4-5 and C5-6 joints were each injected with 0.5 mL of 0.25% "
        "bupivacaine.\n\n"
        "Attending Attestation:\n"
        "I was present for the whole procedure. I agree with Dr. Moss's note except for\n"
        "the side: all three joints were injected on the LEFT (left C3-4, C4-5 and C5-6).\n"
        "The note was drafted from a template set to right.\n"
    )
    assert levels(report) == {(L, "C3-C4"), (L, "C4-C5"), (L, "C5-C6")}
    assert report.codes.supported == ["64490-LT", "64491-LT", "64492-LT"]


def test_the_way_the_head_is_turned_is_no_side_of_the_procedure(check):
    report = check(
        "Procedure: R C4, C5, C6, C7 medial branch blocks, fluoroscopic.\n"
        "[09:10] Prone, head rotated slightly L -- corrected: head neutral.\n"
        "[09:15] R C4, C5, C6, C7 MB needles placed; bupivacaine 0.5% 0.5 mL each needle.\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6"), (R, "C6-C7")}
    assert report.codes.supports_64492


def test_not_unlike_the_other_side_does_not_move_levels_to_it(check):
    report = check(
        "Right: needles to the right C3, C4, C5 and C6 medial branches, 0.3 mL bupivacaine each.\n"
        "Left C3-4 was not unlike the right on palpation.\n"
    )
    assert {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6")} <= levels(report)
    assert not any("correction" in gap.message for gap in report.gaps)


def test_the_side_of_a_tenderness_finding_is_not_the_side_of_a_level(check):
    """ "C4-5 injected too - tenderness there on exam was bilateral": the side belongs to
    the exam finding, so C4-5 takes no side from it (and no 64492 on either side)."""
    report = check(
        "Facet joint injections under fluoroscopy today:\n"
        "  * L C5-6 intra-articular\n"
        "  * L C6-7 intra-articular\n"
        "  * C4-5 injected too - tenderness there on exam was bilateral\n"
        "Each joint: bupivacaine 0.5% 0.4 mL.\n"
    )
    assert levels(report) == {(L, "C5-C6"), (L, "C6-C7")}
    assert not report.codes.supports_64492


def test_a_level_back_at_a_side_heading_s_depth_is_under_neither_side(check):
    """An indented tree: levels indented under RIGHT and LEFT are on those sides; a level
    written at the headings' own depth below them is under neither, so its side is asked
    for, not taken from the heading above."""
    text = (
        "Cervical facet injections under fluoroscopy, bupivacaine 0.5% 0.5 mL each joint.\n"
        "    RIGHT\n"
        "        C4-5        0.5 mL\n"
        "        C5-6        0.5 mL\n"
        "    LEFT\n"
        "        C4-5        0.5 mL\n"
        "    C6-7            0.5 mL\n"
    )
    report = check(text)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("right", "C4-C5"),
        ("right", "C5-C6"),
        ("left", "C4-C5"),
    }
    assert report.extraction.levels_unsided == ["C6-C7"]


@pytest.mark.parametrize(
    "signature",
    [
        "Addendum by L. Moran, MD: pain 2/10 at discharge.",
        "Signed: HOLLAND, PETER L., DO",
        "Questions to the coding team (L. Whitfield).",
    ],
)
def test_an_initial_in_a_name_is_not_a_side(check, signature):
    """A person's initial ("L. Moran, MD", "PETER L., DO", "(L. Whitfield)") is not a side:
    it neither sides a level written without one nor contradicts the side written."""
    report = check(
        "Procedure: right C5-6 and C6-7 facet joint injections under fluoroscopy, 0.5 mL of "
        "0.25% bupivacaine per joint.\n" + signature + "\n"
    )
    assert levels(report) == {(R, "C5-C6"), (R, "C6-C7")}
    assert report.codes.supported == ["64490-RT", "64491-RT"]


def test_an_initial_without_a_name_around_it_stays_a_side(check):
    report = check(
        "Procedure: L. C5-6 and C6-7 facet joint injections under fluoroscopy, 0.5 mL of "
        "0.25% bupivacaine per joint.\n"
    )
    assert levels(report) == {(L, "C5-C6"), (L, "C6-C7")}


def test_a_side_leading_its_own_levels_is_not_the_side_of_a_level_before_it(check):
    report = check(
        "Procedure: right C4, C5, C6 and C7 medial branch blocks and left C4 and C5 medial "
        "branch blocks under fluoroscopy, 0.5 mL 0.5% bupivacaine at each nerve.\n\n"
        "Time-out confirmed the levels (right\nC4-C7 MB, left C4-C5 MB) and the site marks.\n"
    )
    assert (L, "C5-C6") not in levels(report)
    assert (L, "C6-C7") not in levels(report)
    assert "64492-50" not in report.codes.supported


def test_a_side_ending_a_wrapped_line_does_not_reach_a_later_clause(check):
    """A side at the end of a line that the sentence breaks at ("... into the left T2-3
    and left" over "T3-4 joints, then into the T4-5 joint") is the side of the level that
    opens the next line and of those listed with it, not of a level in a later clause:
    T4-5 has no side (and the note needs the side confirmed)."""
    note = (
        "Procedure: thoracic facet injections under fluoroscopy.\n"
        "Technique: Prone. 22 g needles into the left T2-3 and left\n"
        "           T3-4 joints, then into the T4-5 joint. 0.5 mL 0.5% bupivacaine each.\n"
    )
    report = check(note)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", "T2-T3"),
        ("left", "T3-T4"),
    }
    assert report.extraction.levels_unsided == ["T4-T5"]
    assert not report.codes.supports_64492


def test_a_side_ending_a_wrapped_line_reaches_the_list_below_it(check):
    note = (
        "Procedure: thoracic facet injections under fluoroscopy.\n"
        "Technique: Prone. 22 g needles into the left\n"
        "           T3-4, T4-5 and T5-6 facet joints. 0.5 mL 0.5% bupivacaine each.\n"
    )
    report = check(note)
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("left", "T3-T4"),
        ("left", "T4-T5"),
        ("left", "T5-T6"),
    }


def test_a_level_left_off_a_cloned_note_is_not_the_left_side(check):
    text = (
        "Consent reconfirmed. Time-out done. Prep. Prone, fluoroscopy AP/lateral.\n"
        "R C3 MB, R C4 MB, R C5 MB: 25g needles to the pillars. No contrast.\n"
        "Bupivacaine 0.5% 0.5 mL at each target. Pre 7/10, post 2/10. 30 min obs.\n"
        "Addendum: the R C6 MB was also blocked today (bupivacaine 0.5 mL) - left off the\n"
        "copied text from the last visit. Charges corrected.\n"
    )
    report = check(text)
    assert {fact.side for fact in report.extraction.levels} == {"right"}
    assert not any("left side" in gap.message for gap in report.gaps)
