"""Match token patterns made of closed word sets and numbers, fast to build and to run.

Most patterns in `patterns/*.jsonl` are spaCy token patterns whose every token is a word
or a set of words (`{"LOWER": {"IN": [...]}}`, optional tokens included) or any number
(`{"LIKE_NUM": true}`): "right C5-6" style level pairs, "0.5 mL", "at 20 minutes". spaCy's
Matcher checks each pattern at each token, and expanding them into PhraseMatcher phrases
means tens of thousands of phrase Docs to build at start-up. Here each pattern is indexed
by the words its first two tokens may be; a note's token norms (hashes, from one array)
are looked up once each, and only the patterns indexed under a token and the next one are
checked further.
Patterns of any other shape go to the phrase ruler. Matches are kept as fact rows
(`checker.pipeline.facts`), not Spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import product
from typing import Any, NamedTuple

from spacy.attrs import LIKE_NUM, LOWER, NORM, ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import StringStore
from spacy.tokens import Doc
from spacy.vocab import Vocab

from checker.pipeline.facts import FACTS_KEY, FactRow, add_fact_rows
from checker.pipeline.token_table import TokenTable, token_table

NUMBER = None  # a position that takes any number-like token

TokenSpec = dict[str, Any]


class LowerWords(frozenset):
    """The words (hashes) a position of a cased pattern accepts in lower case: a LOWER set
    beside exact words, as in `II guidance` or `TO done`."""


def _lower_key(word: int) -> int:
    """Index key of a lower-case word, apart from the exact-text keys (hashes are >= 0)."""
    return -word - 2


@dataclass(frozen=True)
class CompiledPattern:
    label: str
    pattern_id: str
    positions: tuple[frozenset[int] | None, ...]  # word hashes per token, NUMBER for numbers


def closed_words(spec: TokenSpec, cased: bool) -> list[str] | None:
    """The words one token spec accepts, or None if it is not a closed word set."""
    attrs = [key for key in spec if key != "OP"]
    if len(attrs) != 1 or attrs[0] not in ("LOWER", "ORTH", "TEXT"):
        return None
    value = spec[attrs[0]]
    words = value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else [value]
    if isinstance(value, dict) and set(value) != {"IN"}:
        return None
    if not all(isinstance(word, str) for word in words):
        return None
    if cased:
        # exact text: any ORTH set (a cased pattern may hold "/" beside "B"), never LOWER
        return None if attrs[0] == "LOWER" else list(words)
    if attrs[0] != "LOWER" and any(word != word.lower() for word in words):
        return None  # caseless patterns match token norms, cased ones exact text
    return [word.lower() for word in words]


def compile_pattern(
    label: str, pattern_id: str, pattern: list[TokenSpec], strings: StringStore, cased: bool
) -> list[CompiledPattern] | None:
    """The pattern as fixed-length variants (one per choice of optional tokens), or None if
    it has a token this matcher does not handle."""
    positions: list[tuple[frozenset[int] | None, bool]] = []
    for spec in pattern:
        optional = spec.get("OP") == "?"
        if spec.get("OP") not in (None, "?"):
            return None
        if {key: value for key, value in spec.items() if key != "OP"} == {"LIKE_NUM": True}:
            positions.append((NUMBER, optional))
            continue
        words = closed_words(spec, cased)
        if words is None and cased and "LOWER" in spec:
            lowered = closed_words(spec, cased=False)
            if lowered is None:
                return None
            positions.append((LowerWords(strings.add(word) for word in lowered), optional))
            continue
        if words is None:
            return None
        positions.append((frozenset(strings.add(word) for word in words), optional))
    variants = []
    for keep in product(*[(True, False) if optional else (True,) for _, optional in positions]):
        chosen = tuple(
            position for (position, _), kept in zip(positions, keep, strict=True) if kept
        )
        if chosen:
            variants.append(CompiledPattern(label, pattern_id, chosen))
    return variants


ANY = -1  # the second-word key of one-token patterns: any following token will do


class _Indexed(NamedTuple):
    """A variant as indexed: a tuple, so candidates sort by rank without a key function
    (ranks are unique: the comparison never reaches the other fields)."""

    rank: tuple[int, int]  # the order matches are added in: by kind of pattern, then as added
    length: int
    rest: tuple | None  # the variant's positions when it has more than two, else None
    label: int  # hashes of the variant's label and pattern id
    pattern_id: int


class TokenSetRuler:
    """Adds a fact row under `facts_key` for every match, overlaps included.

    Patterns are indexed by their first two positions (a word, or NUMBER), so a token is
    checked only against the patterns that its own word and the next one can start; the rest
    of a pattern is then compared position by position.
    """

    def __init__(self, strings: StringStore, facts_key: str, cased: bool) -> None:
        self.strings = strings
        self.facts_key = facts_key
        self.attr = ORTH if cased else NORM
        # first key -> second key -> patterns (keys: word hashes, lower-case word keys,
        # NUMBER, and ANY for the second word of one-token patterns)
        self.by_first: dict[int | None, dict[int | None, list[_Indexed]]] = {}
        self._first_words: set[int] = set()  # words (hashes) that can start a pattern
        self._first_lowers: set[int] = set()  # lower-case words that can (cased ruler)
        self._added = 0
        self._lower = False  # whether any position takes lower-case words (cased ruler)

    def add(self, variants: list[CompiledPattern]) -> None:
        for variant in variants:
            first, *rest = variant.positions
            second = rest[0] if rest else ANY
            if first is NUMBER:
                # a number-led pattern needs a following token: a word it names or a number
                kind = 1 if second is not NUMBER else 2
                second = NUMBER if second is ANY else second
            else:
                kind = 0
            label, pattern_id = map(self.strings.add, (variant.label, variant.pattern_id))
            positions = variant.positions
            tail = positions if len(positions) > 2 else None
            entry = _Indexed((kind, self._added), len(positions), tail, label, pattern_id)
            self._added += 1
            self._lower = self._lower or any(isinstance(p, LowerWords) for p in variant.positions)
            for one in (NUMBER,) if first is NUMBER else _keys(first):
                by_second = self.by_first.setdefault(one, {})
                for two in _keys(second) if isinstance(second, frozenset) else (second,):
                    by_second.setdefault(two, []).append(entry)
            if isinstance(first, LowerWords):
                self._first_lowers.update(first)
            elif first is not NUMBER:
                self._first_words.update(first)

    def __len__(self) -> int:
        return sum(len(by_second) for by_second in self.by_first.values())

    def __call__(self, doc: Doc) -> Doc:
        if not self.by_first or not len(doc):
            return doc
        table = token_table(doc)
        words = table.values(self.attr)
        numbers = table.values(LIKE_NUM)
        lowers = table.values(LOWER) if self._lower else None  # lower-case word hashes
        size = len(words)
        first_words, first_lowers = self._first_words, self._first_lowers
        if lowers is None:
            starts = [i for i, word in enumerate(words) if numbers[i] or word in first_words]
        else:
            starts = [
                i
                for i, word in enumerate(words)
                if numbers[i] or word in first_words or lowers[i] in first_lowers
            ]
        by_first = self.by_first
        found: list[FactRow] = []
        for i in starts:
            firsts = (words[i], NUMBER) if numbers[i] else (words[i],)
            following = i + 1
            seconds: tuple[int | None, ...]
            if following < size:
                seconds = (words[following], ANY)
                if numbers[following]:
                    seconds = (words[following], NUMBER, ANY)
            else:
                seconds = (ANY,)
            if lowers is not None:
                firsts = (*firsts, _lower_key(lowers[i]))
                if following < size:
                    seconds = (*seconds, _lower_key(lowers[following]))
            candidates: list[_Indexed] = []
            for one in firsts:
                by_second = by_first.get(one)
                if by_second is not None:
                    for two in seconds:
                        entries = by_second.get(two)
                        if entries is not None:
                            candidates += entries
            if len(candidates) > 1:
                candidates.sort()
            for _, length, rest, label, pattern_id in candidates:
                # the index has matched the first two positions (a pattern reaching past the
                # note's end is never indexed under its next word)
                if rest is None or _matches(rest, i, words, numbers, size, lowers):
                    found.append((i, i + length, label, pattern_id))
        add_fact_rows(doc, found, self.facts_key)
        return doc


def _keys(position: frozenset[int]) -> frozenset[int] | list[int]:
    if isinstance(position, LowerWords):
        return [_lower_key(word) for word in position]
    return position


def _matches(
    positions,
    start: int,
    words: list[int],
    numbers: list[int],
    size: int,
    lowers: list[int] | None = None,
) -> bool:
    """Whether positions 2 on match from `start` (the index has checked the first two)."""
    if start + len(positions) > size:
        return False
    for offset in range(2, len(positions)):
        allowed = positions[offset]
        j = start + offset
        if allowed is NUMBER:
            if not numbers[j]:
                return False
        elif isinstance(allowed, LowerWords):
            if lowers is None or lowers[j] not in allowed:
                return False
        elif words[j] not in allowed:
            return False
    return True


@Language.factory("token_set_ruler", default_config={"facts_key": FACTS_KEY, "cased": False})
def make_token_set_ruler(nlp: Language, name: str, facts_key: str, cased: bool) -> TokenSetRuler:
    return TokenSetRuler(nlp.vocab.strings, facts_key, cased)


class PhraseRuler:
    """spaCy's SpanRuler for phrase patterns (matched on token norms), without its per-note
    overheads: matches are de-duplicated and ordered as integer tuples and kept as fact rows,
    no Span made. The matches and their order are the SpanRuler's (sorted by start, end,
    label, id); other token patterns go to a Matcher, run only when it has any.
    Phrase patterns are tokenized by the components before this one, as the SpanRuler does.
    """

    def __init__(self, nlp: Language, name: str, facts_key: str) -> None:
        self.nlp = nlp
        self.name = name
        self.facts_key = facts_key
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="NORM", validate=True)
        self.token_patterns = WindowedMatcher(nlp.vocab, validate=True)
        self.labels: dict[int, tuple[int, int]] = {}  # match key -> (label, id) hashes

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        strings = self.nlp.vocab.strings
        texts, keys = [], []
        for entry in patterns:
            label, pattern_id = entry["label"], entry.get("id", "")
            key = repr((label, pattern_id))
            self.labels[strings.add(key)] = (strings.add(label), strings.add(pattern_id))
            if isinstance(entry["pattern"], str):
                texts.append(entry["pattern"])
                keys.append(key)
            else:
                self.token_patterns.add(key, entry["pattern"])
        after = self.nlp.pipe_names[self.nlp.pipe_names.index(self.name) :]
        with self.nlp.select_pipes(disable=after):
            for key, phrase in zip(keys, self.nlp.pipe(texts), strict=True):
                self.phrase_matcher.add(key, [phrase])

    def __call__(self, doc: Doc) -> Doc:
        matches = self.phrase_matcher(doc)
        if len(self.token_patterns):
            matches = [*self.token_patterns(doc), *matches]
        labels = self.labels
        found = sorted({(start, end, *labels[key]) for key, start, end in matches if start != end})
        add_fact_rows(doc, found, self.facts_key)
        return doc


class WindowedMatcher:
    """spaCy's Matcher for token patterns, each pattern run only in the windows where it can
    match (`MatchWindows`): the same matches as over the whole note, without walking every
    token. Each pattern has a Matcher of its own, so a window reaches only as far as its own
    pattern can and only that pattern is tried in it: the Matcher tests every pattern it
    holds at every token it is given, and a word-set or regex test costs about a microsecond.
    A pattern the windows cannot bound runs its own Matcher over the whole note; the others
    keep their windows.
    """

    def __init__(self, vocab: Vocab, validate: bool = False) -> None:
        self.vocab = vocab
        self.matcher = Matcher(vocab, validate=validate)  # all patterns (validates them)
        # per pattern, as added: its own Matcher and windows, or the pattern checked here
        self.parts: list[tuple[Matcher, MatchWindows] | FixedPattern] = []

    def add(self, key: str, pattern: list[TokenSpec]) -> None:
        self.matcher.add(key, [pattern])  # validated here, if asked
        fixed = FixedPattern.of(self.vocab.strings, key, pattern)
        if fixed is not None:
            self.parts.append(fixed)
            return
        own = Matcher(self.vocab)
        own.add(key, [pattern])
        windows = MatchWindows(self.vocab.strings)
        windows.add(pattern)
        self.parts.append((own, windows))

    def __len__(self) -> int:
        return len(self.matcher)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(match key, start, end) of every match, pattern by pattern, window by window."""
        table = token_table(doc)  # once for every pattern, not once per pattern
        matches = []
        for part in self.parts:
            if isinstance(part, FixedPattern):
                matches += part(doc, table)
                continue
            matcher, windows = part
            found = windows(doc, table)
            if found is None:  # not bounded: the whole note, this pattern only
                matches += matcher(doc)
                continue
            for start, end in found:
                matches += [
                    (key, start + first, start + last)
                    for key, first, last in matcher(doc[start:end])
                ]
        return matches


class FixedPattern:
    """A token pattern of one token per position (no `OP`), each a closed word set, a
    number or one text regex, with at least one word set: its matches are the tokens where
    each position holds, found from the note's tokens that hold that word set's words and
    checked here, as the Matcher would (in order, each start once), without a Matcher call
    per window."""

    def __init__(self, strings: StringStore, key: int, tests: list[tuple[int, int, Any]]):
        self.strings = strings
        self.key = key
        self.tests = tests  # (kind, attr, words or regex search) per position
        # the position looked up: the first word set
        self.anchor = next(i for i, (kind, _, _) in enumerate(tests) if kind == _SET)

    @classmethod
    def of(cls, strings: StringStore, key: str, pattern: list[TokenSpec]) -> FixedPattern | None:
        """The pattern checked here, or None if it has a position of any other kind."""
        tests: list[tuple[int, int, Any]] = []
        for spec in pattern:
            if "OP" in spec:
                return None
            if spec == {"LIKE_NUM": True}:
                tests.append((_NUMBER, LIKE_NUM, None))
                continue
            closed = _closed_spec(spec)
            if closed is not None:
                attr, words = closed
                if attr == LOWER and any(word != word.lower() for word in words):
                    return None  # a LOWER word in capitals matches nothing: the Matcher's
                tests.append((_SET, attr, frozenset(map(strings.add, words))))
                continue
            regex = _first_regex(spec)
            if regex is None:
                return None
            tests.append((_SEARCH, regex.attr, regex.search))
        if not any(kind == _SET for kind, _, _ in tests):
            return None
        return cls(strings, strings.add(key), tests)

    def __call__(self, doc: Doc, table: TokenTable | None = None) -> list[tuple[int, int, int]]:
        """(match key, start, end) of every match, in text order (`table`: the note's)."""
        table = table or token_table(doc)
        _, attr, words = self.tests[self.anchor]
        found = table.positions(attr, words)
        if not found:
            return []
        length, size, anchor, key = len(self.tests), table.size, self.anchor, self.key
        strings = self.strings
        matches = []
        for hit in found:
            start = hit - anchor
            if start < 0 or start + length > size:
                continue
            for offset, (kind, attr, test) in enumerate(self.tests):
                value = table.values(attr)[start + offset]
                if kind == _SET:
                    if value not in test:
                        break
                elif kind == _NUMBER:
                    if not value:
                        break
                elif test(strings[value]) is None:
                    break
            else:
                matches.append((key, start, start + length))
        return matches


_SET, _NUMBER, _SEARCH = range(3)  # kinds of a fixed pattern's positions


class MatchWindows:
    """Where the Matcher's token patterns can match in a note, so it need not walk every
    token: a match starts at a word its pattern's first token names (or whose text its
    first token's regex finds), and it reaches at most as far as the tokens its repeated
    tokens (`*`, `+`) accept plus one token for each of its other positions. A pattern whose
    second token is a closed word set (or a number) taken once starts only where the next
    word is one of those, and a pattern with such a token anywhere matches only in a note
    that has one of its words. The windows cover every match; the Matcher decides within
    them. A pattern this cannot bound (a first token that is neither a closed word set nor
    one text regex, a repeated token other than words or a text regex) makes every note one
    window.
    """

    def __init__(self, strings: StringStore) -> None:
        self.strings = strings
        # per pattern: its first words (or its first token's text regex), the words that
        # must follow within a few tokens (or None), and the word sets of its other positions
        # taken exactly once (each as LOWER or ORTH, hashes)
        self.patterns: list[tuple[_Words | _Regex, _Anchor | None, list[_Words]]] = []
        self.repeated: list[tuple[int, Callable[[str], bool]]] = []  # LOWER/ORTH, accepts
        self.fixed = 0  # the most positions of one token each, over the patterns
        self.bounded = True
        self._hits: dict[_Regex, dict[int, bool]] = {}  # text hash -> does the regex find it

    def add(self, pattern: list[TokenSpec]) -> None:
        first = (self._once(pattern[0]) or _first_regex(pattern[0])) if pattern else None
        if first is None:
            self.bounded = False
        else:
            required = [words for words in map(self._once, pattern[1:]) if words is not None]
            self.patterns.append((first, self._anchor(pattern), required))
        fixed = 0
        for spec in pattern:
            most = _most_tokens(spec.get("OP"))
            if most is None:  # any number of tokens: bounded by what it accepts
                accepts = _text_test(spec)
                self.bounded = self.bounded and accepts is not None
                if accepts is not None:
                    self.repeated.append(accepts)
            else:
                fixed += most
        self.fixed = max(self.fixed, fixed)

    def _anchor(self, pattern: list[TokenSpec]) -> _Anchor | None:
        """The first closed word set (or number) after the first token that is taken
        exactly once and comes after only tokens taken once or optional ("?"): the words,
        and the fewest and most tokens it comes after the first (position 1 of
        `[first, {"ORTH": ".", "OP": "?"}, words]` is 1 or 2 tokens on)."""
        optional = 0
        for offset, spec in enumerate(pattern[1:], start=1):
            words = self._once(spec)
            if words is not None:
                return _Anchor(words, offset - optional, offset)
            if spec.get("OP") not in (None, "?"):
                return None
            optional += spec.get("OP") == "?"
        return None

    def _once(self, spec: TokenSpec) -> _Words | None:
        """(LOWER or ORTH, word hashes) of a closed word set taken exactly once, (LIKE_NUM,
        {1}) for a number taken once, else None."""
        if spec == {"LIKE_NUM": True}:
            return LIKE_NUM, _A_NUMBER
        closed = _closed_spec(spec) if "OP" not in spec else None
        if closed is None:
            return None
        return closed[0], frozenset(map(self.strings.add, closed[1]))

    def __call__(self, doc: Doc, table: TokenTable | None = None) -> list[tuple[int, int]] | None:
        """Token windows [start, end) in order, not overlapping; None for the whole note
        (`table`: the note's)."""
        if not self.bounded:
            return None
        table = table or token_table(doc)
        starts: set[int] = set()
        for first, anchor, required in self.patterns:
            if required and _lacks_one(table, required):
                continue  # a word the pattern needs is not in the note
            if isinstance(first, _Regex):
                starts.update(self._regex_starts(table, first, anchor))
                continue
            found = table.positions(*first)
            if anchor is not None and found:
                followed = _anchored_starts(table, anchor)
                found = [i for i in found if i in followed]
            starts.update(found)
        if not starts:
            return []
        windows: list[tuple[int, int]] = []
        for start in sorted(starts):
            end = self._reach(table, start)
            if windows and start < windows[-1][1]:
                windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
            else:
                windows.append((start, end))
        return windows

    def _regex_starts(self, table: TokenTable, first: _Regex, anchor: _Anchor | None) -> list[int]:
        """The tokens whose text the first token's regex finds: tested only where the words
        of a later token (`anchor`) follow when there are such words, else once per
        distinct text of the note."""
        values, strings = table.values(first.attr), self.strings
        if anchor is not None:
            before = _anchored_starts(table, anchor)
            return [i for i in before if first.search(strings[values[i]]) is not None]
        # a text's answer is remembered across notes (notes share most of their words)
        hits = self._hits.get(first)
        if hits is None or len(hits) > _MOST_REMEMBERED:
            hits = self._hits[first] = {}
        texts = []
        for value in table.distinct(first.attr):
            hit = hits.get(value)
            if hit is None:
                hit = hits[value] = first.search(strings[value]) is not None
            if hit:
                texts.append(value)
        found = frozenset(texts)
        return [i for i, value in enumerate(values) if value in found] if found else []

    def _reach(self, table: TokenTable, start: int) -> int:
        """A bound on the end of any match from `start`: tokens that no repeated position
        accepts can only fill the other positions, one each."""
        budget, end, size = self.fixed, start, table.size
        if not self.repeated:
            return min(start + budget, size)
        strings = self.strings
        texts = {attr: table.values(attr) for attr in (LOWER, ORTH)}
        while end < size:
            if not any(accepts(strings[texts[attr][end]]) for attr, accepts in self.repeated):
                if not budget:
                    break
                budget -= 1
            end += 1
        return end


_Words = tuple[int, frozenset[int]]  # LOWER or ORTH, and word hashes (or LIKE_NUM, {1})


class _Anchor(NamedTuple):
    """Words a pattern's token taken once names, and how many tokens after the first token
    it comes (the fewest, the most)."""

    words: _Words
    fewest: int
    most: int


def _anchored_starts(table: TokenTable, anchor: _Anchor) -> set[int]:
    """The tokens an anchored pattern may start at: its anchor's words as far before as
    the anchor comes after the first token."""
    reach = range(anchor.fewest, anchor.most + 1)
    return {i - back for i in table.positions(*anchor.words) for back in reach if i >= back}


_MOST_REMEMBERED = 100_000  # texts remembered per regex before starting afresh


def _lacks_one(table: TokenTable, required: list[_Words]) -> bool:
    """Whether the note has none of the words of one of these word sets (a loop, not
    `any` over a generator: asked for every pattern of every note)."""
    for attr, words in required:  # noqa: SIM110
        if words.isdisjoint(table.distinct(attr)):
            return True
    return False


class _Regex(NamedTuple):
    """A first token taken once that is one text regex (as the Matcher tests it: a search)."""

    attr: int  # LOWER or ORTH
    search: Callable[[str], re.Match[str] | None]


def _first_regex(spec: TokenSpec) -> _Regex | None:
    keys = [key for key in spec if key != "OP"]
    if "OP" in spec or len(keys) != 1 or keys[0] not in ("LOWER", "ORTH", "TEXT"):
        return None
    value = spec[keys[0]]
    if not isinstance(value, dict) or set(value) != {"REGEX"}:
        return None
    return _Regex(LOWER if keys[0] == "LOWER" else ORTH, re.compile(value["REGEX"]).search)


_A_NUMBER = frozenset({1})  # the LIKE_NUM value of a number-like token


_REPEATS = re.compile(r"\{(\d*)(,?)(\d*)\}")


def _most_tokens(op: str | None) -> int | None:
    """The most tokens one pattern position takes (None: no bound): "!" none, "?" one,
    "{n}" n, "{n,m}" and "{,m}" m; "*", "+" and "{n,}" any number."""
    if op in (None, "?", "!"):
        return int(op != "!")
    repeats = _REPEATS.fullmatch(op) if isinstance(op, str) else None
    if repeats is None:
        return None
    low, comma, high = repeats.groups()
    if not comma:
        return int(low) if low else None
    return int(high) if high else None


def _closed_spec(spec: TokenSpec) -> tuple[int, list[str]] | None:
    """(LOWER or ORTH, words) if the spec accepts a closed set of words, else None."""
    keys = [key for key in spec if key != "OP"]
    if len(keys) != 1 or keys[0] not in ("LOWER", "ORTH", "TEXT"):
        return None
    words = closed_words(spec, cased=keys[0] != "LOWER")
    return None if words is None else (LOWER if keys[0] == "LOWER" else ORTH, words)


def _text_test(spec: TokenSpec) -> tuple[int, Callable[[str], bool]] | None:
    """(LOWER or ORTH, test of that text) for a spec of closed words or one text regex (as
    the Matcher tests it: a search), else None."""
    closed = _closed_spec(spec)
    if closed is not None:
        attr, words = closed
        return attr, frozenset(words).__contains__
    keys = [key for key in spec if key != "OP"]
    if len(keys) != 1 or keys[0] not in ("LOWER", "ORTH", "TEXT"):
        return None
    value = spec[keys[0]]
    if not isinstance(value, dict) or set(value) != {"REGEX"}:
        return None
    test = re.compile(value["REGEX"]).search
    return (LOWER if keys[0] == "LOWER" else ORTH), lambda text: test(text) is not None


@Language.factory("phrase_ruler", default_config={"facts_key": FACTS_KEY})
def make_phrase_ruler(nlp: Language, name: str, facts_key: str) -> PhraseRuler:
    return PhraseRuler(nlp, name, facts_key)
