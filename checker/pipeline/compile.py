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


NUMBER = "#"  # stands for any number-like token in a number pattern's word tuples


def as_number_shapes(pattern: list[TokenSpec]) -> list[tuple[str, ...]] | None:
    """Word tuples for a pattern made of closed word sets and `{"LIKE_NUM": true}` tokens
    ("0.5 mL", "at 20 minutes", "3-6 weeks"), with NUMBER where a number goes; None if
    the pattern has other kinds of token."""
    choices: list[list[str]] = []
    for spec in pattern:
        if spec == {"LIKE_NUM": True}:
            choices.append([NUMBER])
            continue
        words = _choices(spec, cased=False)
        if words is None:
            return None
        choices.append(words)
    if not any(c == [NUMBER] for c in choices):
        return None
    shapes = []
    for combination in product(*choices):
        words = tuple(word for word in combination if word)
        if NUMBER in words:
            shapes.append(words)
    return shapes if len(shapes) <= MAX_PHRASES else None
