"""Misspelt domain words in hurried typing read as the word (checker.pipeline.spelling), and
the context cues that hurried notes showed missing."""

import pytest

from checker.pipeline import build_pipeline
from checker.pipeline.spelling import SPELLING_KEY, edit_distance, nearest_term


def _norms(text: str) -> dict[str, str]:
    doc = build_pipeline()(text)
    return {token.text: token.norm_ for token in doc}


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("fluorscopy", "fluoroscopy"),  # a letter left out
        ("triamcinolnoe", "triamcinolone"),  # two letters swapped
        ("dexamethosone", "dexamethasone"),  # a wrong letter
        ("zygapophysael", "zygapophyseal"),
        ("cervcal", "cervical"),
    ],
)
def test_a_slip_of_a_domain_word_is_read_as_the_word(written, read_as):
    assert nearest_term(written) == read_as


@pytest.mark.parametrize(
    "word",
    [
        "rigth",  # a side word: a slip never makes a side
        "contralat",  # a known word cut short, not two slips from "contrast"
        "tracks",  # a known word with an ending
        "patient",  # an ordinary word
        "xylophone",  # nothing near
    ],
)
def test_words_that_are_not_read_as_another(word):
    assert nearest_term(word) is None


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("facte", "facet", 2) == 1
    assert edit_distance("abcdef", "uvwxyz", 2) == 3  # stops past the limit


def test_the_reading_is_kept_on_the_doc():
    doc = build_pipeline()("Needles placed under fluorscopy.")
    assert ("fluorscopy", "fluoroscopy") in doc.user_data[SPELLING_KEY].values()


def test_an_ordinary_word_is_read_as_a_domain_word_only_inside_a_domain_phrase():
    assert _norms("the contract was signed")["contract"] == "contract"
    assert _norms("IA contract spread at each joint")["contract"] == "contrast"
    assert _norms("gold medal winner")["medal"] == "medal"
    assert _norms("L C4 medal branch")["medal"] == "medial"


def test_a_hurried_note_with_misspelt_guidance_and_drugs_supports_its_codes(check):
    report = check(
        "Proc: L C5-6 and L C6-7 facett joint injections under fluorscopy\n"
        "Consent signed. Time out. Prone, chlorhexidine prep, sterile drape.\n"
        "22g needle into each joint, omnipak 240 0.2 ml arthrogram each, no vascular.\n"
        "Each joint: triamcinolnoe 40 mg/ml 0.5 ml + bupivacaien 0.5% 0.5 ml\n"
        "Pain 7/10 before, 2/10 after.\n"
    )
    assert report.extraction.guidance == "fluoroscopy"
    names = {m.name for m in report.extraction.medications}
    assert {"triamcinolone", "bupivacaine"} <= names
    assert "64492" not in " ".join(report.codes.supported)


def test_contrast_seen_during_the_procedure_is_not_an_earlier_study(check):
    """'contrast showed venous runoff' describes today's picture: the level's own 'nothing
    injected' still takes it back."""
    report = check(
        "Procedure: R C4-5, C5-6, C6-7 facet joint injections under fluoroscopy\n"
        "R C4-5 entered, omnipaque arthrogram, injected triamcinolone 40 mg/ml 0.5 ml\n"
        "R C5-6 same, same injectate\n"
        "R C6-7 attempted, contrast showed venous runoff, repositioned and still vascular so "
        "abandoned, nothing injected at C6-7\n"
        "Pain 6/10 before, 2/10 after.\n"
    )
    assert {level.level for level in report.extraction.levels} == {"C4-C5", "C5-C6"}
    assert not report.codes.supports_64492


def test_an_earlier_procedure_after_had_and_its_region_is_history(check):
    report = check(
        "Proc: Bilat lumbar facet joint injections L4-5, L5-S1\n"
        "Ind: low back pain. Had cervical MBB in 2022 (C4-7 bilat), did well.\n"
        "Fluoroscopy guided, 22g needle into each joint, omnipaque confirmed IA spread\n"
        "Each joint: methylprednisolone 40 mg/ml 0.5 ml\n"
    )
    assert report.extraction.region == "lumbar"
    assert not report.codes.supports_64492


def test_what_the_day_was_scheduled_for_is_not_what_was_done(check):
    report = check(
        "Scheduled today for L C3-4, C4-5, C5-6 MBB under fluoroscopy but the patient now "
        "has occipital pain, MBB postponed.\n"
        "Proc: L greater occipital nerve block, landmark (no imaging)\n"
        "injected 2 ml bupivacaine 0.5%\n"
    )
    assert report.codes.supported == []
    assert not report.codes.supports_64492


def test_not_too_is_a_degree_not_a_negation(check):
    """'confirmed not too deep' at a line's end does not deny the contrast on the next line."""
    report = check(
        "Proc: R C4-5 facet joint injection under fluoroscopy\n"
        "needle into the R C4-5 joint, lateral view confirmed not too deep\n"
        "isovue 0.2 ml, no vascular uptake\n"
        "triamcinolone 40 mg/ml 0.5 ml\n"
    )
    assert report.extraction.contrast.used is True
    assert report.extraction.contrast.agent == "iopamidol"


def test_letters_a_slip_changes_stay_within_twice_its_edits():
    """The reason terms are skipped by their letters before any distance: an edit adds or
    removes at most two letters of a word's set of letters (a swap none)."""
    import random

    from checker.pipeline.spelling import _index

    chance = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    terms = [term for group in _index().values() for term, _ in group]
    for term in terms:
        for _ in range(5):
            word = term
            for _ in range(chance.randint(1, 3)):
                at = chance.randrange(len(word))
                edit = chance.randrange(4)
                if edit == 0:
                    word = word[:at] + chance.choice(letters) + word[at:]
                elif edit == 1:
                    word = word[:at] + word[at + 1 :]
                elif edit == 2:
                    word = word[:at] + chance.choice(letters) + word[at + 1 :]
                elif at + 1 < len(word):
                    word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
            distance = edit_distance(word, term, 6)
            assert len(set(word) ^ set(term)) <= 2 * distance, (word, term)


def test_a_word_far_in_letters_is_not_read_as_a_term():
    assert nearest_term("fluoxzqwpy") is None  # fluoroscopy's length, other letters
