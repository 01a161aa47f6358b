"""The quick word tests before a note's case-insensitive searches skip only searches that
could not match: a field in capitals, or spelled with a character a case-insensitive search
reads as an ASCII letter (the Kelvin sign, a dotless i, a long s), is still read."""

import pytest

from checker.extract.dated import service_day
from checker.pipeline.literal import lowered, names_any, word_starts
from checker.pipeline.struck import struck_text


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("DATE OF SERVICE: 03/12/2024\nRight C5-6 MBB.", (2024, 3, 12)),
        ("DOS 03/12/2024", (2024, 3, 12)),
        ("Row marked >> = TODAY'S ENCOUNTER (03/14/2024)", (2024, 3, 14)),
        ("Log PRINTED 2024-07-11\n2024-07-11  Right C5-6 MBB", (2024, 7, 11)),
        ("Right C5-6 MBB, no date named.", None),
    ],
)
def test_the_date_of_service_is_found_in_any_case(text, day):
    assert service_day(text) == day


def test_a_search_the_lowered_text_cannot_rule_out_still_runs():
    # "prınted" (dotless i) matches "printed" in a case-insensitive search
    assert lowered("Log prınted 2024-07-11") is None
    assert names_any(None, ["printed"])
    assert service_day("Log prınted 2024-07-11\n2024-07-11  Right C5-6 MBB") == (2024, 7, 11)


def test_struck_text_in_capitals_is_removed():
    text = "Levels: right C4-5 [DELETED: C5-6] C6-7"
    assert struck_text(text) != []
    assert struck_text(text.replace("DELETED", "noted")) == []


def test_a_line_pattern_is_searched_once_per_note_with_one_lowered_text():
    import re

    from checker.pipeline import build_pipeline
    from checker.pipeline.reading import read

    reading = read(build_pipeline()("Right C5-6 MBB.\nPLANNED: left C6-7 next month"))
    planned = re.compile(r"(?i)\bplanned\b")
    assert reading.line_matches(planned, 30, ("planned",))
    assert not reading.line_matches(planned, 3, ("planned",))
    assert reading.lowered_text == reading.pipeline_text.lower()
    assert not reading.item_matches(re.compile(r"(?i)\bbooked\b"), 3, ("booked",))


SPOKEN = [
    "Injected half a cc, then a\nhalf cc and one half mL; pain seven out of ten, 8 over ten.",
    "zero point five percent, twenty-five mg, point seven five mL. About a quarter; A half cc",
    "C five six and six seven, see 5 6, tea eleven twelve, ELL four five, el\tfive six",
    "Done: one ml each; tone ten minutes, Often two cc; _one mL; x-one cc; café one mL",
    "Twenty mg (capital first letter), three quarters cc, three\tquarter  \n  cc",
    "Kelvin-sign K one mL, long-s ſeven out of ten, dotless ı one cc",
    "",
]


@pytest.mark.parametrize("text", SPOKEN)
def test_spoken_numbers_are_tried_only_where_their_words_start_and_found_the_same(text):
    from checker.pipeline import dictation, numbers
    from checker.pipeline.literal import find_from, search_from, word_starts

    def found(matches):
        return [(match.span(), match.groupdict()) for match in matches]

    amount, _ = dictation._amount_patterns()
    starts = word_starts(text, lowered(text), dictation._amount_starts())
    assert found(find_from(amount, text, starts)) == found(amount.finditer(text))
    starts = word_starts(text, lowered(text), numbers._WORDS)
    assert found(find_from(numbers._RUN, text, starts)) == found(numbers._RUN.finditer(text))
    level = dictation._patterns()[0]
    starts = word_starts(text, lowered(text), dictation._level_starts())
    for at in range(len(text) + 1):
        assert found(filter(None, [search_from(level, text, starts, at)])) == found(
            filter(None, [level.search(text, at)])
        )


def test_word_starts_keeps_only_the_starts_of_words():
    text = "One done; tone_one, one-two 1one ONE"
    assert word_starts(text, lowered(text), ["one"]) == [0, 20, 33]
    assert word_starts("ſeven", lowered("ſeven"), ["seven"]) is None  # any position


def test_misheard_terms_and_thoracic_prefixes_are_still_read_after_the_quick_tests():
    from checker.pipeline.dictation import misheard_words
    from checker.pipeline.notation import thoracic_levels

    assert [edit.replacement for edit in misheard_words("FAST IT joint, Fast its joints")] == [
        "facet",
        "facets",
    ]
    assert misheard_words("fast, it was") == []
    assert [edit.replacement for edit in thoracic_levels("C7/Th1 and TH 4-TH5")] == ["T", "T", "T"]
    assert thoracic_levels("C7/th1, Thoracic T1") == []


@pytest.mark.parametrize(
    "text",
    [
        "Pain scores (NRS):            Pre    Post (30 min)\n   Axial neck    8     2\n",
        "PAIN SCORE   BEFORE   AFTER\n  Neck   7   3\nVAS   baseline   post-block\n",
        "note\nnprs  pre   post\n  Right  6  1\nno grid: pain pre post\n",
        "Nrs   Pre   Post\n  Neck  5  2\nthe long-s ſ keeps every line\n",
    ],
)
def test_score_grid_headers_are_tried_only_on_lines_that_name_pain_and_found_the_same(text):
    from checker.extract.grids import _HEADER, _PAIN_WORDS, score_grids
    from checker.pipeline.literal import find_from, line_starts

    def found(matches):
        return [(match.span(), match.groupdict()) for match in matches]

    starts = line_starts(lowered(text), _PAIN_WORDS)
    assert found(find_from(_HEADER, text, starts)) == found(_HEADER.finditer(text))
    assert score_grids(text)
