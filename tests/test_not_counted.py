"""Levels planned or attempted and then not injected, and attempts stopped before any
injection, are not treated levels: each case is a short note as a physician would write it,
with the levels and codes a coder would give it."""

import pytest


def levels(report) -> set[tuple[str, str]]:
    return {(fact.side, fact.level) for fact in report.extraction.levels}


R, L = "right", "left"


@pytest.mark.parametrize(
    "entry",
    [
        # in capitals, in a sentence of its own after the level's entry line
        "R C3-4: needle placed; Omnipaque showed venous uptake. Needle\n"
        "  repositioned x2, persistent vascular pattern. NOT INJECTED. Needle\n  withdrawn.\n",
        # an attempt written as the entry's label, the statement two lines below it
        "Attempted R C3-4: joint obscured by the shoulder despite caudal tilt; after 3\n"
        "passes needle position could not be confirmed.\nNOT injected. Needle withdrawn.\n",
        # a list item of its own
        "  - R C3-4: large osteophyte, three passes, could not enter\n"
        "    the joint; needle withdrawn, NOTHING injected at this level.\n",
        "R C3-4: venous pattern on contrast; no medication was injected.\n",
        "R C3-4: three passes, joint not entered; attempt abandoned.\n",
        # the entry's own level named again before the statement
        "R C3-4: two passes, venous runoff each time. Given the C3-4 osteophyte and the\n"
        "  runoff, this level was not injected.\n",
    ],
)
def test_a_level_whose_own_entry_says_not_injected_does_not_count(check, entry):
    text = (
        "Procedure: Right cervical facet joint injections under fluoroscopy\n"
        "Planned levels: R C3-4, C4-5, C5-6\n"
        f"{entry}"
        "R C4-5: intra-articular, 0.5 mL 0.25% bupivacaine injected.\n"
        "R C5-6: intra-articular, 0.5 mL 0.25% bupivacaine injected.\n"
    )
    report = check(text)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert report.codes.supported == ["64490-RT", "64491-RT"]
    assert not report.codes.supports_64492


@pytest.mark.parametrize(
    "entry",
    [
        # the statement is about a drug, not the level
        "R C3-4: 0.5 mL 0.25% bupivacaine injected. Steroid not injected (diabetic).\n",
        # an entry whose first pass was given up and the injection then done
        "R C3-4: needle placed.\n  First pass abandoned, needle redirected, 0.5 mL bupivacaine "
        "injected.\n",
    ],
)
def test_an_entry_not_injecting_something_else_keeps_its_level(check, entry):
    text = (
        "Procedure: Right cervical facet joint injections under fluoroscopy\n"
        f"{entry}"
        "R C4-5: intra-articular, 0.5 mL 0.25% bupivacaine injected.\n"
        "R C5-6: intra-articular, 0.5 mL 0.25% bupivacaine injected.\n"
    )
    report = check(text)
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6")}
    assert report.codes.supports_64492


def test_an_addendum_saying_no_medication_was_injected_at_a_level_takes_it_back(check):
    text = (
        "Procedure: Right cervical facet joint injections - C4-5, C5-6, C6-7 - under "
        "fluoroscopy\n\nNeedle 1 - R C4-5: needle into the posterior recess.\n"
        "Needle 2 - R C5-6: same.\nNeedle 3 - R C6-7: needle into the posterior recess.\n"
        "Injected at each joint: Kenalog-40 0.5 mL and ropivacaine 0.2% 0.5 mL.\n\n"
        "ADDENDUM: on review of the images, per my notes no medication was injected at "
        "C6-7 and the needle was withdrawn.\n"
    )
    report = check(text)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert not report.codes.supports_64492


def test_a_procedure_abandoned_before_any_injection_keeps_its_type_and_no_levels(check):
    report = check(
        "Planned: Bilateral C3, C4, C5, C6 medial branch blocks, fluoroscopic guidance\n"
        "Performed: procedure abandoned - see below\n\n"
        "1. Prone. Chlorhexidine prep and sterile drape.\n"
        "2. C-arm AP: right C3 to C6 pillars identified and marked.\n"
        "3. 1% lidocaine 0.5 mL skin wheal at the right C3 entry site.\n"
        "4. The patient reported severe claustrophobia and asked to stop. Needle withdrawn.\n"
    )
    assert report.extraction.procedure == "medial_branch_block"
    assert levels(report) == set()
    assert report.codes.supported == []


def test_a_stop_with_an_injection_elsewhere_in_the_note_is_for_a_person_to_confirm(check):
    """A same-day injection of another target and a stopped block: whether any level of the
    block was treated is unclear, so no code and a gap saying what to confirm."""
    report = check(
        "Scheduled: right SI joint injection; bilateral C3, C4, C5, C6 medial branch blocks\n"
        "(2) Bilateral C3, C4, C5, C6 medial branch blocks, fluoro\n\n"
        "R SI joint: 1.5 mL 0.5% ropivacaine + 40 mg triamcinolone injected under fluoro.\n"
        "Skin wheal 1 mL 1% lidocaine at L C4 entry. Pt diaphoretic, HR 42.\n"
        "Procedure stopped before any block needle was placed. Cervical MBB cancelled.\n"
    )
    assert not report.codes.supports_64492
    assert report.codes.supported == []
    assert report.status != "pass"
    assert "code.levels_uncertain" in {gap.requirement for gap in report.gaps}


def test_a_stop_whose_next_clause_names_the_level_keeps_the_levels_done(check):
    report = check(
        "PROCEDURE: Right C4-5, C5-6 and C6-7 medial branch blocks under fluoroscopy.\n"
        "Needles were advanced to the right C4-5 and C5-6 targets. 0.4 mL of 0.5% "
        "bupivacaine was injected at each level.\nAfter the second level the patient became "
        "vasovagal. The procedure was stopped; C6-7 was not injected.\n"
    )
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}
    assert report.codes.supported == ["64490-RT", "64491-RT"]


def test_an_indented_row_not_injected_below_a_row_of_the_same_list_does_not_count(check):
    """Indented rows of a list of levels, each opening with its level at the same indent:
    a long row over the next row's level is two rows, not one wrapped sentence, so the
    "NOT injected" on the lower row's wrapped line stays with that row's level."""
    text = (
        "Procedure: Right cervical facet joint injections under fluoroscopy.\n"
        "\n"
        "  C3-4 R  - intra-articular, arthrogram satisfactory - 0.5 mL bupivacaine 0.25%\n"
        "            with triamcinolone 10 mg\n"
        "  C4-5 R  - intra-articular, arthrogram satisfactory - the same mixture given\n"
        "  C5-6 R  - contrast ran straight into a vein; needle moved once, the same again,\n"
        "            vascular spread persisted - NOT injected, needle withdrawn\n"
    )
    report = check(text)
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5")}
    assert not report.codes.supports_64492


def test_a_nerve_named_twice_in_the_sentence_saying_it_was_not_injected_loses_its_joints(check):
    """A sentence naming no side that names one nerve twice ("No window to the C5 MB - C5
    not injected") is about that one nerve: the joint it would complete is not blocked,
    even when a sentence before it puts something over that nerve's target."""
    text = (
        "Procedure (as scheduled): Left TON, C3, C4, C5 medial branch blocks, fluoroscopy\n"
        "\n"
        "Hx: C5-C7 posterior fusion (2019), lateral mass screws C5 and C6, rods. Left neck\n"
        "pain and headache. CT 2025: left C2-3 and C3-4 facet arthropathy above the\n"
        "construct.\n"
        "\n"
        "Consent signed. Time-out done (patient, L side, levels). Prone, sterile prep and drape.\n"
        "\n"
        "Fluoroscopy: AP and lateral. The C5 lateral mass screw runs into the C5 pillar\n"
        "and its head sits directly over the waist of the C5 articular pillar on both views,\n"
        "i.e. at the C5 medial branch target. No window to the C5 MB - C5 not injected.\n"
        "\n"
        "Injected:\n"
        " - Left TON: two needles along the C2-3 joint line\n"
        " - Left C3 MB: waist of C3 pillar\n"
        " - Left C4 MB: waist of C4 pillar\n"
        "Bupivacaine 0.5%, 0.4 mL at each target (TON, C3, C4).\n"
    )
    report = check(text)
    assert levels(report) == {(L, "C2-C3"), (L, "C3-C4")}
    assert not report.codes.supports_64492
