"""Misspelt domain words in notes typed in a hurry ("flouroscopy", "triamcinalone", "medial
brach", "thorasic facett"): a token the patterns do not know is read as the domain word it is
one slip away from, by setting its NORM, so the rulers (which match norms) see the word.

- Domain words are the words of the guidance, procedure, contrast, workflow and nerve
  patterns and of the drug and contrast-agent vocabularies, five letters or longer. Side,
  level and code words are never a target: a slip must not make a level, a side or a code.
- A token is a candidate only if it is alphabetic, at least five letters long and not a word
  of any pattern file nor one with an ending ("tracks"). It is read as a domain word with
  the same first letter within one edit (Damerau-Levenshtein: insertion, deletion,
  substitution or swap of neighbours), two for tokens of eight letters or more, one for the
  beginning of a known word ("contralat"); a tie between two domain words reads as neither,
  unless both are words of one concept ("fluoro", "flouro").
- Ordinary English words near a domain word (patterns/vocabulary/ordinary_words.txt:
  "medal", "faucet", "contract") are read as the domain word only where the word
  and a neighbour then make a pair of words of a domain phrase ("medal branch" as "medial
  branch", "no contract used" as "no contrast"), never alone.
- Each reading is kept on the Doc (`SPELLING_KEY`: token index -> (as written, read as)).
"""

from __future__ import annotations

import itertools
import re
from functools import cache, lru_cache

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc

from checker.pipeline.token_table import drop_token_table
from checker.resources import load_rows, patterns_dir

SPELLING_KEY = "spelling"
MIN_LETTERS = 5
LONG_WORD = 8  # from this length two edits are allowed
# words whose reading is remembered: bounded, so memory stays flat however many notes run
READINGS_KEPT = 1 << 16
# Labels whose words a misspelt token may be read as.
TARGET_LABELS = frozenset(
    {"GUIDANCE", "PROCEDURE", "CONTRAST", "CONTRAST_CONFIRM", "WORKFLOW", "NERVE"}
)
# Pattern files whose words are targets as a whole (label -> drug or agent name tables).
VOCABULARY_TABLES = ("drugs.jsonl", "contrast_agents.jsonl")
# Labels whose words are never a target, even if another label holds them too.
NEVER_TARGET_LABELS = frozenset({"SIDE", "NOT_SIDE", "OTHER_SIDE"})

# word -> the (label, id) of the patterns that hold it: two equally near targets of one
# concept ("fluoro", "flouro") are one reading
_CONCEPTS: dict[str, set[tuple[str, str]]] = {}
_WORD = re.compile(r"[^\W\d_]+")


def _strings(value) -> list[str]:
    """Every string inside a pattern (a phrase, or a token pattern's LOWER/ORTH/IN values)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@cache
def _lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[tuple[str, str]], frozenset[str]]:
    """(known words, domain targets, word pairs of domain phrases, ordinary English words)."""
    known: set[str] = set()
    targets: set[str] = set()
    concepts = _CONCEPTS
    never: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for path in sorted(patterns_dir().glob("*.jsonl")):
        for row in load_rows(path.name):
            pattern = row.get("pattern")
            for text in _strings(pattern):
                words = _words(text)
                known.update(words)
                if row.get("label") in NEVER_TARGET_LABELS:
                    never.update(words)
                elif row.get("label") in TARGET_LABELS:
                    targets.update(words)
                    for word in words:
                        concepts.setdefault(word, set()).add((row["label"], row.get("id", "")))
                    if isinstance(pattern, str):
                        pairs.update(itertools.pairwise(words))
    for table in VOCABULARY_TABLES:
        for row in load_rows(f"vocabulary/{table}"):
            for name in row["names"]:
                words = _words(name)
                known.update(words)
                targets.update(words)
                for word in words:
                    concepts.setdefault(word, set()).add((table, row["generic"]))
                pairs.update(itertools.pairwise(words))
    ordinary = frozenset(
        line.strip().lower()
        for line in (patterns_dir() / "vocabulary" / "ordinary_words.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip() and not line.startswith("#")
    )
    targets = {word for word in targets - never if len(word) >= MIN_LETTERS}
    return frozenset(known), frozenset(targets), frozenset(pairs), ordinary


@cache
def _prefixes() -> frozenset[str]:
    """The beginnings of known words: a word cut short ("contralat") is more likely an
    abbreviation of its word than two slips from another."""
    return frozenset(word[:end] for word in _lexicon()[0] for end in range(MIN_LETTERS, len(word)))


_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly")


def _inflected(word: str, known: frozenset[str]) -> bool:
    """A known word with an ending ("tracks", "spreads"): not a slip of another word."""
    return any(word.endswith(end) and word[: -len(end)] in known for end in _SUFFIXES)


@cache
def _index() -> dict[tuple[str, int], tuple[tuple[str, frozenset[str]], ...]]:
    """Domain targets by (first letter, length), each with the set of its letters."""
    index: dict[tuple[str, int], list[tuple[str, frozenset[str]]]] = {}
    for word in sorted(_lexicon()[1]):
        index.setdefault((word[0], len(word)), []).append((word, frozenset(word)))
    return {key: tuple(words) for key, words in index.items()}


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (optimal string alignment), or limit + 1 once it is
    certain to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=READINGS_KEPT)
def nearest_term(word: str) -> str | None:
    """The one domain word `word` (lower case) is a slip of, or None."""
    if len(word) < MIN_LETTERS or not word.isalpha():
        return None
    known, _, _, _ = _lexicon()
    if word in known or _inflected(word, known):
        return None
    # a word cut short ("contralat") is read as another only one slip away
    limit = 2 if len(word) >= LONG_WORD and word not in _prefixes() else 1
    index = _index()
    best: set[str] = set()
    best_distance = limit + 1
    # Each edit adds or removes at most two letters of the word's set of letters (a swap
    # none), so a term whose letters differ from the word's by more than twice the limit is
    # further than the limit: skipped before any distance is computed.
    letters, most_differing = frozenset(word), 2 * limit
    for length in range(len(word) - limit, len(word) + limit + 1):
        for term, term_letters in index.get((word[0], length), ()):
            if len(letters ^ term_letters) > most_differing:
                continue
            distance = edit_distance(word, term, limit)
            if distance < best_distance:
                best, best_distance = {term}, distance
            elif distance == best_distance and distance <= limit:
                best.add(term)
    if len(best) > 1:
        shared = set.intersection(*(_CONCEPTS.get(term, set()) for term in best))
        return min(best) if shared else None
    return next(iter(best), None)


def read_spelling(doc: Doc) -> Doc:
    _, _, pairs, ordinary = _lexicon()
    strings = doc.vocab.strings
    readings: dict[int, tuple[str, str]] = {}
    ordinary_at: list[int] = []
    # lower-case forms read off one array: most tokens are short, and building a Token
    # object for each would cost more than the whole test
    for i, key in enumerate(doc.to_array(LOWER).tolist()):
        lower = strings[key]
        if len(lower) < MIN_LETTERS:
            continue
        if lower in ordinary:
            ordinary_at.append(i)
            continue
        term = nearest_term(lower)
        if term is not None:
            readings[i] = (doc[i].text, term)
    # ordinary words: only as part of a domain phrase with a neighbour (as read)
    for i in ordinary_at:
        term = nearest_term(doc[i].lower_)
        if term is None:
            continue
        before = _read(doc, i - 1, readings)
        after = _read(doc, i + 1, readings)
        if (before, term) in pairs or (term, after) in pairs:
            readings[i] = (doc[i].text, term)
    if readings:
        drop_token_table(doc)  # the norms change here
        for i, (_, term) in readings.items():
            doc[i].norm_ = term
        doc.user_data[SPELLING_KEY] = readings
    return doc


def _read(doc: Doc, i: int, readings: dict[int, tuple[str, str]]) -> str:
    if i < 0 or i >= len(doc):
        return ""
    return readings[i][1] if i in readings else doc[i].lower_


@Language.component("spelling")
def spelling(doc: Doc) -> Doc:
    return read_spelling(doc)
