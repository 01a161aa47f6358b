"""Turn closed token patterns of the context rules into phrase strings.

spaCy's Matcher checks every token pattern at every token, so its cost grows with the
number of token patterns; the PhraseMatcher's does not. A context rule whose every token
is a fixed word or a small set of them (`{"ORTH": "["}, {"ORTH": "]"}`, optional tokens
included) names a closed set of phrases, so it is matched as those phrases instead. What a
closed token is, is decided in one place: `token_sets.closed_words`.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product

from checker.pipeline.token_sets import TokenSpec, closed_words

MAX_PHRASES = 20_000  # beyond this a pattern stays a token pattern


def _choices(spec: TokenSpec) -> list[str] | None:
    """The lower-case words one token spec accepts ("" for an optional token), or None."""
    if spec.get("OP") not in (None, "?"):
        return None
    words = closed_words(spec, cased=False)
    if words is None:
        return None
    return [*words, ""] if spec.get("OP") == "?" else words


def as_phrases(pattern: list[TokenSpec], tokenize: Callable[[str], list[str]]) -> list[str] | None:
    """Phrase strings equivalent to `pattern`, or None when it must stay a token pattern."""
    found = [_choices(spec) for spec in pattern]
    choices = [c for c in found if c is not None]
    if len(choices) < len(found):
        return None
    total = 1
    for c in choices:
        total *= len(c)
    if total > MAX_PHRASES:
        return None
    phrases = []
    for combination in product(*choices):
        words = [word for word in combination if word]
        if not words:
            return None  # an all-optional pattern matches nothing as a phrase
        phrase = " ".join(words)
        if tokenize(phrase) == words:  # otherwise the token pattern could never match it
            phrases.append(phrase)
    return phrases
