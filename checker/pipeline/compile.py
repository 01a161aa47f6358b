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


def _choices(spec: TokenSpec) -> list[str] | None:
    """The words one token spec accepts, or None if it is not a closed lower-case set."""
    optional = spec.get("OP") == "?"
    if set(spec) - {"OP"} == set() or spec.get("OP") not in (None, "?"):
        return None
    (attr, value), *rest = [(k, v) for k, v in spec.items() if k != "OP"]
    if rest:
        return None
    if isinstance(value, dict):
        if set(value) != {"IN"}:
            return None
        words = list(value["IN"])
    else:
        words = [value]
    if not all(isinstance(word, str) for word in words):
        return None
    if attr == "ORTH" and any(word.lower() != word.upper() for word in words):
        return None  # case matters ("R", "MAC"): keep as a token pattern
    if attr not in ("LOWER", "ORTH", "TEXT") or (
        attr == "TEXT" and any(w != w.lower() for w in words)
    ):
        return None
    words = [word.lower() for word in words]
    return [*words, ""] if optional else words


def as_phrases(pattern: list[TokenSpec], tokenize: Callable[[str], list[str]]) -> list[str] | None:
    """Phrase strings equivalent to `pattern`, or None when it must stay a token pattern."""
    choices = [_choices(spec) for spec in pattern]
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
