"""Per-drug amounts written without a unit in a statement made per target: after a mixture's
volume ("1cc per jt (0.5 depo / 0.5 bupi)"), or after a drug's strength in a list ("kenalog
40 0.5 + bupi .5% 0.5 per jt": 40 is the strength, 0.5 the volume). A bare number anywhere
else is never read as a volume."""

import pytest

from tests.test_extraction import meds

PROCEDURE = "right c4, c5, c6 facet injections under fluoro.\n"


def test_each_drugs_own_amount_outranks_the_mixtures_volume(check):
    line = "facets: depo-medrol 80 + bupi .25% -- 1cc per jt (0.5 depo / 0.5 bupi)\n"
    assert meds(check(PROCEDURE + line)) == {
        ("methylprednisolone", "steroid"): ("80 mg/mL", 0.5, None),
        ("bupivacaine", "anesthetic"): ("0.25%", 0.5, None),
    }


@pytest.mark.parametrize(
    "line",
    [
        "kenalog 40 0.5 + bupi .5% 0.5 per jt",
        "kenalog 40 0.5, bupi .5% 0.5 ea",
        "Each joint was injected with Kenalog-40 0.5 mL plus 0.5% bupivacaine 0.5 mL.",
    ],
)
def test_a_volume_after_a_product_strength_is_that_drugs(check, line):
    assert meds(check(PROCEDURE + line + "\n")) == {
        ("triamcinolone", "steroid"): ("40 mg/mL", 0.5, None),
        ("bupivacaine", "anesthetic"): ("0.5%", 0.5, None),
    }


def test_per_drug_amounts_before_a_per_level_cue(check):
    found = meds(check(PROCEDURE + "0.5 depo / 0.5 bupi per level\n"))
    assert found[("methylprednisolone", "steroid")][1] == 0.5
    assert found[("bupivacaine", "anesthetic")][1] == 0.5


@pytest.mark.parametrize(
    "line",
    [
        "kenalog 40 0.5 + bupi .5% 0.5",  # no per-target cue: the numbers stay unread
        "lido 1% 2 + kenalog 40",
    ],
)
def test_no_volume_is_guessed_from_a_bare_number_without_a_per_target_cue(check, line):
    found = meds(check(PROCEDURE + line + "\n"))
    assert all(volume is None for _, volume, _ in found.values())


@pytest.mark.parametrize(
    ("line", "strength"),
    [
        ("each joint received Kenalog forty half a mL", "40 mg/mL"),
        ("then one mL of Kenalog ten was injected into each joint", "10 mg/mL"),
    ],
)
def test_a_product_strength_dictated_as_a_word(check, line, strength):
    assert meds(check(PROCEDURE + line + "\n"))[("triamcinolone", "steroid")][0] == strength


@pytest.mark.parametrize(
    "line",
    [
        "bupivacaine 0.25% 8 mL was injected in divided doses with negative aspiration.",
        "8 mL of 0.25% bupivacaine was given incrementally with negative aspiration.",
    ],
)
def test_an_amount_given_in_increments_is_no_total(check, line):
    found = meds(check(PROCEDURE + line + "\n"))
    assert found[("bupivacaine", "anesthetic")] == ("0.25%", 8.0, None)


def test_a_written_total_divided_among_the_joints_is_still_a_total(check):
    line = "A total of 3 mL of 0.25% bupivacaine was divided among the joints.\n"
    assert meds(check(PROCEDURE + line))[("bupivacaine", "anesthetic")] == ("0.25%", None, 3.0)


@pytest.mark.parametrize("joiner", ["+", "plus", "and"])
def test_a_volume_after_a_joining_word_is_the_next_drugs(check, joiner):
    line = f"Per joint: 0.4 mL Kenalog 40 mg/mL {joiner} 0.6 mL 1% preservative-free lidocaine.\n"
    found = meds(check(PROCEDURE + line))
    assert found[("triamcinolone", "steroid")] == ("40 mg/mL", 0.4, None)
    assert found[("lidocaine", "anesthetic")] == ("1%", 0.6, None)


@pytest.mark.parametrize(
    "line",
    [
        "Injected 1 mL Kenalog 40/0.5% Marcaine mix into each jt.",
        "0.8 cc kenalog 40 / 0.5% bupi each level.",
    ],
)
def test_a_volume_before_drugs_joined_by_a_slash_is_each_drugs(check, line):
    found = meds(check(PROCEDURE + line + "\n"))
    volume = 1.0 if line.startswith("Injected") else 0.8
    assert found[("triamcinolone", "steroid")] == ("40 mg/mL", volume, None)
    assert found[("bupivacaine", "anesthetic")] == ("0.5%", volume, None)


def test_each_drug_of_a_dotted_leader_list_keeps_its_own_volume(check):
    text = (
        "Injectate at each joint:\n"
        "   Kenalog-40 (triamcinolone 40 mg/mL) ....... 0.3 mL\n"
        "   ropivacaine 0.5% ............................ 0.7 mL\n"
    )
    found = meds(check(PROCEDURE + text))
    assert found[("triamcinolone", "steroid")] == ("40 mg/mL", 0.3, None)
    assert found[("ropivacaine", "anesthetic")] == ("0.5%", 0.7, None)


def test_a_field_whose_label_names_the_unit_gives_the_volume(check):
    line = " Local anaesthetic: ropivacaine 0.5%   volume per nerve (mL): 0.4\n"
    assert meds(check(PROCEDURE + line)) == {("ropivacaine", "anesthetic"): ("0.5%", 0.4, None)}


@pytest.mark.parametrize(
    "line",
    [
        "Vasovagal: legs up and 250 mL LR, resolved.",
        "Proc: 40 mg Kenalog + 3 mL NS.",
    ],
)
def test_iv_fluid_and_saline_abbreviations_keep_their_own_volumes(check, line):
    text = PROCEDURE + "Each joint: Kenalog 40 mg.\n" + line + "\n"
    assert meds(check(text))[("triamcinolone", "steroid")][1] is None


@pytest.mark.parametrize(
    "text",
    [
        "Each joint then received 0.5 mL of a mixture of 0.5%\nMarcaine and Kenalog 40 mg/mL.",
        "  - Each joint: Kenalog-40 0.5 mL + bupivacaine (Marcaine)\n    0.5% 0.5 mL.",
    ],
)
def test_a_strength_wrapped_onto_the_next_line_stays_with_its_drug(check, text):
    found = meds(check(PROCEDURE + text + "\n"))
    assert found[("bupivacaine", "anesthetic")][0] == "0.5%"


@pytest.mark.parametrize(
    "line",
    [
        "Bupivacaine 0.5% drawn into a 5 mL syringe, 0.5 mL per joint.",
        "Bupivacaine 0.5% (3 cc syringe): 0.5 mL per joint.",
        "Bupivacaine 0.5% 0.5 mL per joint, 3-cc syringe each.",
    ],
)
def test_a_syringe_size_is_never_the_volume_injected(check, line):
    assert meds(check(PROCEDURE + line + "\n")) == {
        ("bupivacaine", "anesthetic"): ("0.5%", 0.5, None),
    }


@pytest.mark.parametrize(
    "line",
    [
        "Bupivacaine 0.5%: 0.5 mL x 3 joints = 1.5 mL total",
        "Bupivacaine 0.5% 0.5 mL per nerve (0.5 x 3 = 1.5 mL total)",
        "Bupivacaine 0.5%: 0.5 mL x3 = 1.5 mL total",
    ],
)
def test_a_volume_multiplied_by_the_targets_is_per_target_and_the_product_a_total(check, line):
    assert meds(check(PROCEDURE + line + "\n"))[("bupivacaine", "anesthetic")] == (
        "0.5%",
        0.5,
        1.5,
    )


def test_a_product_written_before_its_factors_is_the_total(check):
    text = PROCEDURE + "Bupivacaine 0.5%:\n  0.5 mL / 0.5 mL / 0.5 mL\n  1.5 mL (0.5 x 3) total\n"
    assert meds(check(text))[("bupivacaine", "anesthetic")] == ("0.5%", 0.5, 1.5)


@pytest.mark.parametrize(
    "line",
    [
        "Each joint got a 1 mL mixture made up of 0.5 mL Kenalog-40 and 0.5 mL 0.25% bupivacaine.",
        "Injectate per level: 1 mL (Kenalog-40 0.5 mL + 0.25% bupivacaine 0.5 mL)",
        "Kenalog-40 0.5 mL and 0.25% bupivacaine 0.5 mL, 1 mL per joint.",
    ],
)
def test_drugs_own_amounts_that_add_up_to_the_mixtures_volume_are_per_level(check, line):
    assert meds(check(PROCEDURE + line + "\n")) == {
        ("triamcinolone", "steroid"): ("40 mg/mL", 0.5, None),
        ("bupivacaine", "anesthetic"): ("0.25%", 0.5, None),
    }


def test_a_mixtures_own_amounts_wrapped_after_the_first_amount(check):
    text = (
        "At every joint we then placed a 1 mL mixture that was made up of 0.5 mL\n"
        "Kenalog 40 mg/mL and 0.5 mL 0.25% bupivacaine.\n"
    )
    found = meds(check(PROCEDURE + text))
    assert found[("triamcinolone", "steroid")][1] == 0.5
    assert found[("bupivacaine", "anesthetic")][1] == 0.5


def test_amounts_that_do_not_add_up_leave_the_mixture_made_up_elsewhere(check):
    line = "A solution containing 2 mL Kenalog-40 and 1 mL 0.25% bupivacaine; 0.5 mL per joint."
    found = meds(check(PROCEDURE + line + "\n"))
    assert found[("triamcinolone", "steroid")][1] == 0.5
    assert found[("bupivacaine", "anesthetic")][1] == 0.5


@pytest.mark.parametrize("joiner", ["mixed with", "combined with", "admixed with"])
def test_an_amount_right_after_its_drug_then_a_joining_word_is_that_drugs(check, joiner):
    line = f"At each joint, Kenalog 40 mg/mL 0.5 mL {joiner} 1% lidocaine 1 mL."
    assert meds(check(PROCEDURE + line + "\n")) == {
        ("triamcinolone", "steroid"): ("40 mg/mL", 0.5, None),
        ("lidocaine", "anesthetic"): ("1%", 1.0, None),
    }


def test_a_bracketed_brand_does_not_part_drugs_joined_by_a_slash(check):
    line = "1 mL of a triamcinolone (Kenalog 40 mg/mL) / 0.5% bupivacaine mix into each joint."
    assert meds(check(PROCEDURE + line + "\n")) == {
        ("triamcinolone", "steroid"): ("40 mg/mL", 1.0, None),
        ("bupivacaine", "anesthetic"): ("0.5%", 1.0, None),
    }


def test_a_line_opening_with_a_bracketed_brand_continues_the_sentence_above(check):
    text = (
        "Into every joint we placed 0.5 mL of a 1:1 mixture of triamcinolone\n"
        "(Kenalog 40 mg/mL) and bupivacaine 0.25%. The patient tolerated it well.\n"
    )
    assert meds(check(PROCEDURE + text)) == {
        ("triamcinolone", "steroid"): ("40 mg/mL", 0.5, None),
        ("bupivacaine", "anesthetic"): ("0.25%", 0.5, None),
    }


def test_an_amount_ending_a_wrapped_line_after_a_plus_is_the_drugs_below(check):
    text = (
        "Needles confirmed on the lateral view. At every level: 0.5 mL ropivacaine 0.5% + 0.25 mL\n"
        "Kenalog 40 mg/mL. Tolerated well.\n"
    )
    assert meds(check(PROCEDURE + text)) == {
        ("ropivacaine", "anesthetic"): ("0.5%", 0.5, None),
        ("triamcinolone", "steroid"): ("40 mg/mL", 0.25, None),
    }


@pytest.mark.parametrize(
    "line",
    [
        "A total of 3 mL of mixture: bupivacaine 0.5% 2 mL + Kenalog-40 1 mL, 0.5 mL each joint.",
        "Bupivacaine 0.5% 2 mL and Kenalog-40 1 mL, 3 mL in all, divided among the joints.",
    ],
)
def test_drugs_own_amounts_that_add_up_to_a_written_total_are_each_drugs_total(check, line):
    assert meds(check(PROCEDURE + line + "\n")) == {
        ("bupivacaine", "anesthetic"): ("0.5%", None, 2.0),
        ("triamcinolone", "steroid"): ("40 mg/mL", None, 1.0),
    }


def test_a_drugs_share_after_a_bracketed_gloss_wrapped_to_the_next_line(check):
    text = (
        "We gave 3 mL of the mixture altogether, made of bupivacaine 0.5% 2 mL + Celestone\n"
        "(betamethasone 6 mg/mL) 1 mL, then 0.5 mL went into each joint.\n"
    )
    assert meds(check(PROCEDURE + text)) == {
        ("bupivacaine", "anesthetic"): ("0.5%", None, 2.0),
        ("betamethasone", "steroid"): ("6 mg/mL", None, 1.0),
    }


@pytest.mark.parametrize(
    ("correction", "expected"),
    [
        ("Addendum: the bupivacaine total was 1.5 mL (0.5 x 3), not 2 mL.", ("0.5%", 0.5, 1.5)),
        ("Addendum: bupivacaine was 0.4 mL per joint, not 0.5 mL.", ("0.5%", 0.4, 2.0)),
    ],
)
def test_a_volume_corrected_in_so_many_words_replaces_the_denied_one(check, correction, expected):
    text = PROCEDURE + "Bupivacaine 0.5% 0.5 mL per joint, 2 mL total.\n\n" + correction + "\n"
    assert meds(check(text))[("bupivacaine", "anesthetic")] == expected


def test_a_volume_denied_without_a_drug_named_corrects_nothing(check):
    text = PROCEDURE + "Bupivacaine 0.5% 0.5 mL per joint, 2 mL total.\n\nIt was 1 mL, not 2 mL.\n"
    assert meds(check(text))[("bupivacaine", "anesthetic")] == ("0.5%", 0.5, 2.0)
