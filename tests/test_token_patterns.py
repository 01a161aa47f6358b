"""Token patterns matched without spaCy's Matcher find what the Matcher finds."""

from __future__ import annotations

import pytest
from spacy.matcher import Matcher

from checker.pipeline import build_pipeline
from checker.pipeline.token_sets import FixedPattern, WindowedMatcher

TEXTS = [
    "Relief lasted for 3 weeks in 2023, then for six months during 2024.",
    "R C5 MB and L C6-C7 MB blocked; 0.5 each, 0.5 per level, 1.5 / nerve.",
    "for\nfor 2 for 2 days. in 1999 In 2020 during 20201",
    "",
]
PATTERNS = [
    [{"LOWER": "for"}, {"LIKE_NUM": True}, {"LOWER": {"IN": ["days", "weeks", "months"]}}],
    [{"LOWER": {"IN": ["in", "during"]}}, {"TEXT": {"REGEX": "^(19|20)[0-9]{2}$"}}],
    [{"TEXT": {"REGEX": "^[CcTtLl][0-9]{1,2}$"}}, {"LOWER": {"IN": ["mb", "mbs"]}}],
    [
        {"TEXT": {"REGEX": "^[CcTtLl][0-9]{1,2}$"}},
        {"ORTH": {"IN": ["-", "/"]}},
        {"TEXT": {"REGEX": "^[CcTtLl]?[0-9]{1,2}$"}},
        {"LOWER": "mb"},
    ],
    [{"TEXT": {"REGEX": r"^\d?\.\d+$"}}, {"LOWER": {"IN": ["per", "/"]}}, {"LOWER": "level"}],
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_fixed_patterns_match_as_spacy_matcher(pattern: list[dict]) -> None:
    nlp = build_pipeline()
    fixed = FixedPattern.of(nlp.vocab.strings, "key", pattern)
    assert fixed is not None
    matcher = Matcher(nlp.vocab)
    matcher.add("key", [pattern])
    for text in TEXTS:
        doc = nlp(text)
        assert fixed(doc) == matcher(doc)


def test_patterns_with_operators_or_no_word_set_use_the_matcher() -> None:
    strings = build_pipeline().vocab.strings
    assert FixedPattern.of(strings, "key", [{"LOWER": "for"}, {"IS_ALPHA": True}]) is None
    assert FixedPattern.of(strings, "key", [{"LOWER": "for"}, {"LOWER": "a", "OP": "?"}]) is None
    assert FixedPattern.of(strings, "key", [{"LIKE_NUM": True}, {"TEXT": {"REGEX": "x"}}]) is None


def test_windowed_matcher_keeps_the_order_of_patterns() -> None:
    nlp = build_pipeline()
    windowed, whole = WindowedMatcher(nlp.vocab), Matcher(nlp.vocab)
    for index, pattern in enumerate(PATTERNS):
        windowed.add(str(index), pattern)
        whole.add(str(index), [pattern])
    doc = nlp(" ".join(TEXTS))
    assert sorted(windowed(doc)) == sorted(whole(doc))
    assert [key for key, _, _ in windowed(doc)] == sorted(
        (key for key, _, _ in whole(doc)), key=lambda key: int(nlp.vocab.strings[key])
    )


def test_a_pattern_the_windows_cannot_bound_runs_alone_over_the_note() -> None:
    # a first token of no word set or text regex bounds no window: that pattern walks the
    # whole note with a Matcher of its own, the others keep their windows (the matches are
    # the Matcher's, pattern by pattern)
    nlp = build_pipeline()
    unbounded = [{"IS_ALPHA": True, "IS_LOWER": False}, {"ORTH": {"IN": ["R.", "L."]}}]
    patterns = [*PATTERNS, unbounded]
    windowed, whole = WindowedMatcher(nlp.vocab), Matcher(nlp.vocab)
    for index, pattern in enumerate(patterns):
        windowed.add(str(index), pattern)
        whole.add(str(index), [pattern])
    _, windows = windowed.parts[-1]
    assert not windows.bounded
    doc = nlp(" ".join([*TEXTS, "Seen by Smith R. and Jones L., then for 2 weeks in 2021."]))
    assert sorted(windowed(doc)) == sorted(whole(doc))
    assert [key for key, _, _ in windowed(doc)] == sorted(
        (key for key, _, _ in whole(doc)), key=lambda key: int(nlp.vocab.strings[key])
    )


def test_windows_from_a_first_regex_are_the_same_note_after_note() -> None:
    # a text's regex answer is remembered from one note to the next: the same matches as
    # the Matcher in every note, whichever notes came before
    nlp = build_pipeline()
    pattern = [{"TEXT": {"REGEX": "^[CcTtLl][0-9]{1,2}$"}}, {"LOWER": "mb", "OP": "?"}]
    windowed, whole = WindowedMatcher(nlp.vocab), Matcher(nlp.vocab)
    windowed.add("key", pattern)
    whole.add("key", [pattern])
    assert not isinstance(windowed.parts[0], FixedPattern)
    for text in [*TEXTS, *reversed(TEXTS), "C5 MB, t7 and L4 mb; c5 again", *TEXTS]:
        doc = nlp(text)
        assert sorted(windowed(doc)) == sorted(whole(doc))


ANCHORED = [
    # a word set after an optional token: it comes one or two tokens after the first
    [
        {"TEXT": {"REGEX": r"^(?:#?\d{1,2}[.)]?|[-*•])$"}},
        {"ORTH": {"IN": [".", ")"]}, "OP": "?"},
        {"LOWER": {"IN": ["cervical", "thoracic"]}},
        {"LOWER": "facets"},
    ],
    [
        {"LOWER": {"IN": ["post", "after"]}},
        {"ORTH": {"IN": ["(", "["]}, "OP": "?"},
        {"IS_ALPHA": True, "OP": "?"},
        {"LIKE_NUM": True},
        {"LOWER": {"IN": ["min", "minutes"]}, "OP": "*"},
    ],
]
ANCHORED_TEXTS = [
    "1) cervical facets: 1 cervical facets - thoracic facets 2. thoracic facets",
    "12 . cervical facets, * cervical facets, • thoracic facets; #3 cervical facets",
    "cervical facets 1) 2) cervical, 3 x cervical facets",
    "post (at 20 min: after 5 minutes, post [ 30 min, after ( about 15 min) post 10",
]


@pytest.mark.parametrize("pattern", ANCHORED)
def test_windows_start_only_where_a_later_word_set_follows_within_reach(pattern) -> None:
    # the word set taken once after optional tokens bounds where a match can start: the
    # Matcher's matches, each found
    nlp = build_pipeline()
    windowed, whole = WindowedMatcher(nlp.vocab), Matcher(nlp.vocab)
    windowed.add("key", pattern)
    whole.add("key", [pattern])
    _, windows = windowed.parts[0]
    assert windows.patterns[0][1] is not None  # anchored
    for text in ANCHORED_TEXTS:
        doc = nlp(text)
        assert sorted(windowed(doc)) == sorted(whole(doc))
    # no window where the first token holds but the later words do not follow
    assert windows(nlp("10 20 min, cervical facets 1 x 2 x 3 - 4 * 5, after: then post")) == []
