"""Header categories: a known header phrase found inside a longer header candidate."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.pipeline.sections import _contains_words

# the characters a normalised header candidate is made of
NORMALISED = st.text(alphabet="ab1 /-&+", max_size=24)
PHRASES = st.text(alphabet="ab1 /-&+", min_size=2, max_size=4)


@given(text=NORMALISED, phrase=PHRASES)
@settings(max_examples=400, deadline=None)
def test_contained_phrase_is_found_as_the_bounded_regex_finds_it(text: str, phrase: str) -> None:
    bounded = re.compile(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])")
    assert _contains_words(text, phrase) == bool(bounded.search(text))


@pytest.mark.parametrize(
    ("text", "phrase", "found"),
    [
        ("history of present illness", "history", True),
        ("prehistory", "history", False),
        ("history2", "history", False),
        ("plan/followup", "plan", True),
        ("planning plan", "plan", True),  # the second occurrence stands alone
        ("plans planned", "plan", False),
    ],
)
def test_contained_phrase_stands_alone(text: str, phrase: str, found: bool) -> None:
    assert _contains_words(text, phrase) is found
