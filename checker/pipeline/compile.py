"""Turn closed token patterns into phrase strings before they reach spaCy.

spaCy's Matcher checks every token pattern at every token, so its cost grows with the
number of token patterns; the PhraseMatcher's does not. A token pattern whose every token
is a fixed lower-case word or a small set of them (`{"LOWER": {"IN": [...]}}`, optional
tokens included) names a closed set of phrases, so it is matched as those phrases instead.
Patterns kept in `patterns/` stay in spaCy's readable token form.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product
from typing import Any

MAX_PHRASES = 20_000  # beyond this a pattern stays a token pattern

TokenSpec = dict[str, Any]


def _choices(spec: TokenSpec, cased: bool) -> list[str] | None:
    """The words one token spec accepts, or None if it is not a closed set of words.
    `cased`: exact-case words (ORTH "R", "MAC") for a case-sensitive phrase matcher."""
    optional = spec.get("OP") == "?"
    if set(spec) - {"OP"} == set() or spec.get("OP") not in (None, "?"):
        return None
    (attr, value), *rest = [(k, v) for k, v in spec.items() if k != "OP"]
    if rest or attr not in ("LOWER", "ORTH", "TEXT"):
        return None
    if isinstance(value, dict):
        if set(value) != {"IN"}:
            return None
        words = list(value["IN"])
    else:
        words = [value]
    if not all(isinstance(word, str) for word in words):
        return None
    caseless = attr == "LOWER" or all(word.lower() == word for word in words)
    if cased and attr == "LOWER":
        return None
    if not cased:
        if not caseless:
            return None  # case matters ("R", "MAC"): the cased matcher takes it
        words = [word.lower() for word in words]
    return [*words, ""] if optional else words


def as_phrases(
    pattern: list[TokenSpec], tokenize: Callable[[str], list[str]], cased: bool = False
) -> list[str] | None:
    """Phrase strings equivalent to `pattern`, or None when it must stay a token pattern."""
    choices = [_choices(spec, cased) for spec in pattern]
    if any(c is None for c in choices):
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
