"""A small ConText-style component: which facts are negated, historical, hypothetical,
imaging findings, generic anatomy text, or unticked checkboxes.

Rules are data (`patterns/context.jsonl`): a trigger phrase or token pattern, a category,
a direction (forward, backward, both; `terminate` ends a scope; `none` marks a pseudo
trigger such as "no complications" that must not negate its neighbours), and optional
`max_scope` (tokens), `max_targets`, `labels` (the fact labels it may modify),
`skip_labels` (those it never modifies) and `stop_at`
(tokens that end a forward scope: "[ ] Radiofrequency ablation [X] Medial branch block"
leaves the ticked box alone). Scope
never leaves the sentence. Forward "no"/"without" take only the first fact they reach, so
"no complications and contrast confirmed spread" leaves the contrast alone. A trigger inside
parentheses modifies only what is inside them ("not used (prior contrast reaction)").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from itertools import accumulate, pairwise
from operator import itemgetter
from typing import Literal

import numpy
from pydantic import BaseModel, ConfigDict, ValidationError
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from checker.pipeline.compile import as_phrases
from checker.pipeline.facts import FactRow, fact_rows, set_fact_rows
from checker.pipeline.token_sets import WindowedMatcher
from checker.pipeline.token_table import token_table
from checker.pipeline.tokenizer import NOTE_TEXT, doc_text
from checker.resources import DataFileError, patterns_dir, read_jsonl

# In a run-on sentence (unpunctuated dictation) a trigger without its own `max_scope`
# reaches this many tokens, not the whole sentence: "MRI showed C3-4 arthropathy and today
# we injected the right C5-6" keeps the injected level out of the imaging finding.
_RUN_ON_TOKENS = 60
_RUN_ON_SCOPE = 5
# backwards a little further: "a left C5-6 medial branch block last month" names the past
# event before its time word, while the words after it already start the next clause
_RUN_ON_SCOPE_BACK = 8
_MODIFYING = frozenset({"forward", "backward", "both"})
_COORDINATION = frozenset({"or", "nor", ",", "/"})
# words that may follow "or"/"nor" before the joined fact ("no IV or other contrast")
_AFTER_OR = frozenset({"other", "any"})
# words that join the facts of a list written before a backward trigger
_LIST_WORDS = frozenset({",", "and", "&", "/", "or", "to", "through", "thru"})
# tokens of the longest fact a backward scope reaches back past its start ("C7-T1")
_LONGEST_FACT = 8
# Facts that are statements about other facts ("NOT injected" in a level's own entry): their
# words hold negation triggers, which must still negate the facts around them ("C6-7 not
# injected"), and no trigger modifies them.
_STATEMENT_LABELS = ("NOT_INJECTED",)

if not Doc.has_extension("assertions"):
    Doc.set_extension("assertions", default=None)


class ContextRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: str
    direction: Literal["forward", "backward", "both", "terminate", "none"]
    pattern: str | list[dict]
    max_scope: int | None = None
    max_targets: int | None = None
    labels: list[str] | None = None
    # Fact labels it never modifies: "the joint could not be entered on lateral fluoro"
    # does not negate the imaging used.
    skip_labels: list[str] | None = None
    # Tokens that end a forward scope: an unticked box reaches up to the next box.
    stop_at: list[str] | None = None
    # A trigger that points back to what its sentence named before a semicolon or "but":
    # "At R C6-7 vascular uptake was seen; this level was not injected".
    crosses_terminators: bool = False
    # A phrase whose own words must not act as triggers: "no sorry" (a dictated
    # self-correction) withdraws the level before it, and its "no" negates nothing after.
    supersedes: bool = False
    # Where the wording comes from (a dictionary for a trigger in another language).
    source: str | None = None


def load_context_rules(file_name: str = "context.jsonl") -> list[ContextRule]:
    path = patterns_dir() / file_name
    rules = []
    for number, row in read_jsonl(path):
        try:
            rules.append(ContextRule.model_validate(row))
        except ValidationError as exc:
            raise DataFileError(f"{path}:{number}: {exc.errors()[0]['msg']}") from exc
    return rules


class _Tokenized:
    """A phrase's words, by the pipeline's tokenizer; the Doc of each phrase is kept, so
    the phrases a rule keeps go to the PhraseMatcher without being tokenized again."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.docs: dict[str, Doc] = {}

    def __call__(self, text: str) -> list[str]:
        doc = self.docs[text] = self.nlp.make_doc(text)
        return [token.text for token in doc]

    def take(self, phrases: list[str]) -> list[Doc]:
        docs = self.docs
        self.docs = {}
        taken = []
        for phrase in phrases:
            doc: Doc | None = docs.pop(phrase, None)
            taken.append(doc or self.nlp.make_doc(phrase))
        return taken


class ConTextComponent:
    """Sets `doc._.assertions`: (start, end, label hash) of a fact -> its context categories,
    each with the token span of the trigger that set it.
    Facts are the pipeline's fact rows (`checker.pipeline.facts`); overlapping ones are
    resolved first (see `_without_overlaps`)."""

    def __init__(self, nlp: Language, rules: list[ContextRule], families: dict[str, str]):
        self.rules = rules
        self.families = families
        self.strings = nlp.vocab.strings
        # the labels a rule may modify, as hashes (None: any); `skip_labels` leaves every
        # label of the pattern files but those
        self.label_sets = [
            None if rule.labels is None else frozenset(map(self.strings.add, rule.labels))
            for rule in rules
        ]
        for index, rule in enumerate(rules):
            if rule.skip_labels:
                allowed = set(rule.labels or families) - set(rule.skip_labels)
                self.label_sets[index] = frozenset(map(self.strings.add, allowed))
        self._family_of: dict[int, str] = {}
        self.matcher = WindowedMatcher(nlp.vocab)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.rule_of: dict[int, int] = {}  # match key -> rule index
        tokenized = _Tokenized(nlp)
        for index, rule in enumerate(rules):
            self.rule_of[self.strings.add(str(index))] = index
            pattern = rule.pattern
            phrases = [pattern] if isinstance(pattern, str) else as_phrases(pattern, tokenized)
            docs = tokenized.take(phrases or [])
            if phrases is None and not isinstance(pattern, str):
                self.matcher.add(str(index), pattern)
            else:
                self.phrases.add(str(index), docs)
        self.statements = frozenset(map(self.strings.add, _STATEMENT_LABELS))
        self.opening = nlp.vocab.strings.add("(")
        self.closing = nlp.vocab.strings.add(")")

    def __call__(self, doc: Doc) -> Doc:
        facts = self._without_overlaps(fact_rows(doc))
        set_fact_rows(doc, facts)
        facts = [fact for fact in facts if fact[2] not in self.statements]
        # fact -> category -> the trigger's token span (its words, for the report)
        assertions: dict[tuple[int, int, int], dict[str, tuple[int, int]]] = defaultdict(dict)
        sentence_of = doc._.sentence_of.tolist()
        triggers = self._triggers(doc, facts, sentence_of)
        if triggers:
            by_sentence: dict[int, list[FactRow]] = defaultdict(list)
            for fact in facts:
                by_sentence[sentence_of[fact[0]]].append(fact)
            parentheses = self._parentheses(doc)
            sentence_ends = doc._.sentence_ends
            for sent_start, sent_triggers in triggers.items():
                sent_facts = by_sentence.get(sent_start)
                if sent_facts:
                    bounds = (sent_start, sentence_ends[sent_start])
                    self._apply(doc, bounds, parentheses, sent_triggers, sent_facts, assertions)
                crossing = [t for t in sent_triggers if t[2].crosses_terminators]
                if crossing and sent_start and doc[sent_start - 1].text == ";":
                    # the clause before the semicolon is a sentence of its own here, and
                    # "this level" points back into it
                    before = sentence_of[sent_start - 1]
                    joined = by_sentence.get(before, []) + (sent_facts or [])
                    bounds = (before, sentence_ends[sent_start])
                    self._apply(doc, bounds, parentheses, crossing, joined, assertions)
        doc._.assertions = dict(assertions)
        return doc

    def _parentheses(self, doc: Doc) -> tuple[list[int], list[int]]:
        table = token_table(doc)
        opening = numpy.flatnonzero(table.any_of(ORTH, (self.opening,))).tolist()
        closing = numpy.flatnonzero(table.any_of(ORTH, (self.closing,))).tolist()
        return opening, closing

    def _family(self, label: int) -> str:
        family = self._family_of.get(label)
        if family is None:
            name = self.strings[label]
            family = self._family_of[label] = self.families.get(name, name)
        return family

    def _without_overlaps(self, facts: list[FactRow]) -> list[FactRow]:
        """Within one family of labels the longest match wins (C5-6 over C5), then the first.
        Only facts that overlap others are compared: a run of overlapping facts is resolved
        on its own, a fact overlapping none is kept as it is. In text order (start, end)."""
        ordered = sorted(facts, key=_START_END)
        # a run starts at a fact that starts at or after every earlier fact's end
        reach = list(accumulate([fact[1] for fact in ordered], max))
        size = len(ordered)
        starts = [0, *[i for i in range(1, size) if ordered[i][0] >= reach[i - 1]], size]
        runs = [(first, end) for first, end in pairwise(starts) if end - first > 1]
        if not runs:
            return ordered
        kept: list[FactRow] = []
        done = 0
        for first, end in runs:
            kept += ordered[done:first]
            kept += self._resolve(ordered[first:end])
            done = end
        kept += ordered[done:]
        return kept

    def _resolve(self, facts: list[FactRow]) -> list[FactRow]:
        """The winners among overlapping facts (in text order, as given)."""
        family_of = self._family_of
        if len(facts) == 2:  # most runs: two facts over the same words
            first, second = facts
            one, other = family_of.get(first[2]), family_of.get(second[2])
            if (one or self._family(first[2])) != (other or self._family(second[2])):
                return facts
            return [first if _longest_first(first) <= _longest_first(second) else second]
        ordered = sorted(facts, key=_longest_first)
        taken: dict[str, set[int]] = defaultdict(set)
        kept = []
        for fact in ordered:
            start, end, label, _ = fact
            used = taken[family_of.get(label) or self._family(label)]
            if not used.intersection(range(start, end)):
                kept.append(fact)
                used.update(range(start, end))
        kept.sort(key=_by_position)
        return kept

    def _triggers(self, doc: Doc, facts: list[FactRow], sentence_of) -> dict[int, list[tuple]]:
        matches = self.phrases(doc) + (self.matcher(doc) if len(self.matcher) else [])
        rule_of = self.rule_of
        found = _without_contained(
            [(start, end, rule_of[key]) for key, start, end in matches], self.rules
        )
        # pseudo-triggers by start, with the furthest end reached so far: one bisect tells
        # whether any of them covers a trigger (a scan of all of them per trigger is quadratic)
        rules = self.rules
        pseudo = sorted((start, end) for start, end, i in found if rules[i].direction == "none")
        pseudo_starts = [start for start, _ in pseudo]
        pseudo_reach = list(accumulate((end for _, end in pseudo), max))
        inside_fact: dict[int, set[int]] = defaultdict(set)
        for start, end, label, _ in facts:
            if end - start > 1:
                for i in range(start, end):
                    inside_fact[i].add(label)
        by_sentence: dict[int, list[tuple[int, int, ContextRule, frozenset[int] | None]]] = (
            defaultdict(list)
        )
        for start, end, index in found:
            rule = rules[index]
            if rule.direction == "none":
                continue
            covering = bisect_right(pseudo_starts, start)
            if covering and pseudo_reach[covering - 1] >= end:
                continue
            labels = self.label_sets[index]
            if rule.direction in _MODIFYING and _inside_target(labels, start, end, inside_fact):
                continue  # part of a fact it would modify ("no vascular uptake")
            by_sentence[sentence_of[start]].append((start, end, rule, labels))
        for triggers in by_sentence.values():
            triggers.sort(key=_by_position)
        return by_sentence

    @staticmethod
    def _apply(doc: Doc, bounds, parentheses, triggers, facts: list[FactRow], assertions) -> None:
        # facts (in text order) and stops are looked up by bisect: a scan of all of a
        # sentence's facts per trigger is quadratic in a long sentence
        stops = sorted(s for s, _, rule, _ in triggers if rule.direction == "terminate")
        eligible_by_labels: dict[frozenset[int] | None, tuple[list[FactRow], list[int]]] = {}
        for start, end, rule, labels in triggers:
            if rule.direction not in _MODIFYING:
                continue
            low, high = _enclosing_parentheses(bounds, parentheses, start)
            found = eligible_by_labels.get(labels)
            if found is None:
                eligible = [f for f in facts if labels is None or f[2] in labels]
                found = eligible_by_labels[labels] = (eligible, [f[0] for f in eligible])
            eligible, starts = found
            chosen: list[FactRow] = []
            max_scope = back_scope = rule.max_scope
            if max_scope is None and bounds[1] - bounds[0] >= _RUN_ON_TOKENS:
                max_scope, back_scope = _RUN_ON_SCOPE, _RUN_ON_SCOPE_BACK
            if rule.direction in ("forward", "both"):
                after = bisect_left(stops, end)
                limit = min(stops[after], high) if after < len(stops) else high
                if max_scope:
                    limit = min(limit, end + max_scope)
                if rule.stop_at:
                    limit = _next_stop(doc, end, limit, rule.stop_at)
                ahead = eligible[bisect_left(starts, end) : bisect_left(starts, limit)]
                if rule.max_targets:
                    ahead = _with_coordinated(doc, ahead, rule.max_targets)
                elif max_scope and ahead:
                    # "arthropathy at C4-5 through C6-7": the list the nearest fact starts
                    ceiling = min(stops[after], high) if after < len(stops) else high
                    ahead += _with_listed_after(doc, eligible, starts, ahead[-1], ceiling)
                chosen += ahead
            if rule.direction in ("backward", "both"):
                floor = low
                if not rule.crosses_terminators:
                    before = bisect_left(stops, start)
                    if before:
                        floor = max(floor, stops[before - 1] + 1)
                # a fact that ends by the trigger starts before it; a scope counts the
                # tokens from a fact's last token, so "C4-5 facet arthropathy" (C4-5 is three
                # tokens) is as near its trigger as "C4 facet arthropathy"
                reach = start - back_scope if back_scope else floor
                first = bisect_left(starts, max(floor, reach - _LONGEST_FACT))
                behind = [
                    f
                    for f in eligible[first : bisect_left(starts, start)]
                    if f[1] <= start and f[1] > reach
                ]
                if len(behind) > 1 and rule.category == "NEGATED":
                    behind = _on_the_triggers_line(doc, behind, start)
                if back_scope and not rule.max_targets and behind:
                    # "Left C3-4 and C4-5 facet arthropathy": the list ending by the trigger
                    behind = _with_listed_before(doc, eligible, starts, behind[0], floor) + behind
                if not behind and rule.category == "NEGATED" and start == low > bounds[0]:
                    # only a fact of the labels the rule may modify: "Medications (drawn
                    # by RN ...)" does not deny the heading a volume's rule stands beside
                    behind = _glossed_by_parenthesis(doc, eligible, low)
                behind.reverse()
                chosen += behind[: rule.max_targets] if rule.max_targets else behind
            for fact in chosen:
                assertions[fact[:3]].setdefault(rule.category, (start, end))


_START_END = itemgetter(0, 1)


def _glossed_by_parenthesis(doc: Doc, facts: list[FactRow], opening: int) -> list[FactRow]:
    """The fact a parenthesis opening with a negation glosses: the one that ends right at
    the parenthesis ("C2-3 (not injected today) could be done next time" denies C2-3),
    never one further back."""
    if doc[opening - 1].text != "(":
        return []
    return [f for f in facts if f[1] == opening - 1][-1:]


def _on_the_triggers_line(doc: Doc, behind: list[FactRow], trigger: int) -> list[FactRow]:
    """A backward negation's facts less those on an earlier written line, when its own line
    names one: a hard-wrapped line joined to the next ("... betadine prep sterile drape"
    over "skin local was not used") denies its own line's subject only. A list wrapped over
    the break ("C4-5 and" over "C5-6 not injected") is joined again by its list words. (A
    time cue, "a right C5-6" over "RF last year", dates the whole clause.)"""
    written = doc.user_data.get(NOTE_TEXT)
    if not written:
        return behind
    first_char, trigger_char = doc[behind[0][0]].idx, doc[trigger].idx
    wrap = written.rfind("\n", first_char, trigger_char)
    if wrap < 0 or doc_text(doc)[wrap] == "\n":
        return behind  # no line break, or one the pipeline kept (then no sentence crosses it)
    own_line = [fact for fact in behind if doc[fact[0]].idx > wrap]
    return own_line or behind


def _longest_first(fact: FactRow) -> tuple[int, int]:
    return fact[0] - fact[1], fact[0]


def _without_contained(found: list[tuple[int, int, int]], rules: list[ContextRule]) -> list:
    """Triggers less any inside a longer one marked `supersedes` ("no sorry" withdraws
    what came before it; its "no" negates nothing)."""
    wide = sorted((start, end) for start, end, index in found if rules[index].supersedes)
    if not wide:
        return found
    starts = [start for start, _ in wide]
    reach = list(accumulate((end for _, end in wide), max))
    kept = []
    for start, end, index in found:
        covering = bisect_right(starts, start)
        inside = covering and reach[covering - 1] >= end and (start, end) not in wide
        if not inside:
            kept.append((start, end, index))
    return kept


def _by_position(row: tuple) -> tuple[int, int]:
    return row[0], row[1]


def _inside_target(
    labels: frozenset[int] | None, start: int, end: int, inside: dict[int, set[int]]
) -> bool:
    for i in range(start, end):
        found = inside.get(i)
        if not found or (labels is not None and not found & labels):
            return False
    return True


def _next_stop(doc: Doc, start: int, limit: int, stop_at: list[str]) -> int:
    for index in range(start, min(limit, len(doc))):
        if doc[index].text in stop_at:
            return index
    return limit


def _with_coordinated(doc: Doc, ahead: list[FactRow], count: int) -> list[FactRow]:
    """The first `count` facts, any fact over the same words ("no skin local anesthetic":
    the skin cue and the local anaesthetic step), and any joined to them by "or"/"nor" ("no
    fluoroscopy or ultrasound", "no intravenous or other contrast"); "and" does not join ("no
    complications and contrast confirmed")."""
    chosen = ahead[:count]
    for following in ahead[count:]:
        if following[0] < max(fact[1] for fact in chosen):
            chosen.append(following)  # the same words, read by another family of labels
            continue
        between = [t.lower_ for t in doc[chosen[-1][1] : following[0]]]
        while len(between) > 1 and between[-1] in _AFTER_OR and between[-2] in ("or", "nor"):
            between.pop()  # "no intravenous or other contrast": the other thing is denied too
        if not between or any(word not in _COORDINATION for word in between):
            break
        chosen.append(following)
    return chosen


def _with_listed_before(
    doc: Doc, eligible: list[FactRow], starts: list[int], first: FactRow, floor: int
) -> list[FactRow]:
    """The facts listed before `first` ("C3-4, C4-5 and" before "C5-6"), joined to it by
    list words only, back to `floor`; in text order."""
    listed: list[FactRow] = []
    index = bisect_left(starts, first[0]) - 1
    following = first
    while index >= 0 and eligible[index][0] >= floor:
        fact = eligible[index]
        between = doc[fact[1] : following[0]]
        if fact[1] > following[0] or not len(between):
            break
        if any(t.lower_ not in _LIST_WORDS for t in between):
            break
        listed.append(fact)
        following = fact
        index -= 1
    listed.reverse()
    return listed


def _with_listed_after(
    doc: Doc, eligible: list[FactRow], starts: list[int], last: FactRow, ceiling: int
) -> list[FactRow]:
    """The facts listed after `last` ("through C6-7" after "C4-5"), joined to it by list
    words only, up to `ceiling`; in text order."""
    listed: list[FactRow] = []
    index = bisect_right(starts, last[0])
    previous = last
    while index < len(eligible) and eligible[index][1] <= ceiling:
        fact = eligible[index]
        between = doc[previous[1] : fact[0]]
        if fact[0] < previous[1] or not len(between):
            break
        if any(t.lower_ not in _LIST_WORDS for t in between):
            break
        listed.append(fact)
        previous = fact
        index += 1
    return listed


def _enclosing_parentheses(bounds: tuple[int, int], parentheses, position: int) -> tuple[int, int]:
    """Token bounds a trigger's scope may reach: its parenthesis, else its sentence."""
    low, high = bounds
    opening, closing = parentheses  # sorted token indices: bisect, never a scan per trigger
    before = bisect_left(opening, position)
    if not before or opening[before - 1] < low:
        return low, high
    last_open = opening[before - 1]
    closed = bisect_right(closing, last_open)
    if closed < len(closing) and closing[closed] < position:
        return low, high  # that parenthesis closed before the trigger
    after = bisect_left(closing, position)
    return last_open + 1, closing[after] if after < len(closing) and closing[after] < high else high


@Language.factory("note_context", default_config={"families": {}})
def make_context(nlp: Language, name: str, families: dict[str, str]) -> ConTextComponent:
    return ConTextComponent(nlp, load_context_rules(), families)
