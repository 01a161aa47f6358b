"""Today's pain response: pre- and post-procedure scores (0-10) and percent relief.

A score takes the nearest pre/post cue in its sentence ("pre-procedure pain 7/10",
"7/10 before and 2/10 after"); two scores joined by an arrow or "to" are pre then post
("8/10 -> 2/10", "from 6 to 1"). Without a cue, a score in the post-procedure section is
post, and a present-tense score in today's history is the pre-procedure score. Scores
and relief in history ("80% relief after the first block") are not today's; a range
("2-8/10", "4 to 6 out of 10", "60 to 70 percent") is never a score or a relief value.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from itertools import pairwise

from checker.extract.mentions import Mention, NoteMentions
from checker.extract.narrative import procedure_narratives
from checker.extract.positions import PositionIndex
from checker.models import ResponseFact
from checker.pipeline.reading import UNHEADED

_SCORE_KINDS = ("PAIN_SCORE", "PAIN_MM")
_SCORE_LABELS = ("PAIN_SCORE", "PAIN_CHANGE", "PAIN_RANGE", "PERCENT")
_SCORE_WORDS = frozenset(str(n) for n in range(11))
_TIME_UNITS = frozenset({"min", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs", "h",
                         "day", "days", "d", "week", "weeks", "wk", "wks", "month", "months",
                         "mo", "mos", "year", "years", "yr", "yrs", "y"})  # fmt: skip
_NOT_A_SCORE_AFTER = frozenset({"%", "/", "mg", "ml", "cc", "mm", "cm", "percent", "of", "x"})
_CLAUSE_JOINS = frozenset({"and", ",", ";", "then", "but", "while", "with"})
_CLAUSE_ENDS = frozenset({".", ";", ",", "(", "|"})
# Labels whose words end the search for a pain value ("neck pain, MRI C5-6": not a score).
_OTHER_FACTS = ("LEVEL_PAIR", "LEVEL_COMPACT", "VERTEBRA", "LEVEL_SHORT", "VOLUME",
                "CONCENTRATION", "DOSE", "PERCENT", "DRUG", "CONTRAST_AGENT")  # fmt: skip
_VALUE_REACH = 8
_OUT_OF_TEN = re.compile(r"\s*(?:/|\bout of\b|\bof\b)\s*10\b")
_SCORE_NUMBER_MM = re.compile(r"\d{1,3}")
_SCORE_NUMBER = re.compile(r"(?<![\d.])(10|[0-9])(?![\d.%])")
_RIGHT_CUE_REACH = 3
_LEFT_CUE_REACH = 24  # tokens back to a cue ("pain before the procedure was rated at 7/10")
_RELIEF_REACH = 6
_FIELD_PUNCTUATION = frozenset({"(", ")", ":", "):", "=", "-", "|", ","})
_PAIN_CONTEXT = ("PAIN_WORD", "SCALE", "PAIN_SCORE", "RELIEF")
_HISTORY_SECTIONS = frozenset({"history", "indication", "exam", "imaging"})
_PRE_SECTIONS = _HISTORY_SECTIONS | {UNHEADED}
_BACKGROUND_SECTIONS = frozenset({"history", "indication"})
# Words joining the two ends of a range ("4-6/10", "60 to 70 percent", "between 4 and 6").
_NAMES_PAIN = re.compile(r"pain|\b(?:vas|nrs|nprs|vrs)\b", re.IGNORECASE)
_RANGE_JOINS = frozenset({"-", "–", "—", "to", "and", "or"})
_RANGE_VALUE = re.compile(r"^(\d{1,3}(?:\.\d)?)(?:/10)?$")
_PERCENT_WORDS = frozenset({"%", "percent", "pct", "per", "cent", "per-cent"})


def score_values(mention: Mention) -> list[int]:
    text = _OUT_OF_TEN.sub(" ", mention.norm.lower())
    return [int(value) for value in _SCORE_NUMBER.findall(text)]


class ResponseExtractor:
    def __init__(self, mentions: NoteMentions) -> None:
        self.mentions = mentions
        # Position indexes: every look-around below is a bounded search, so a note that is
        # one long run-on sentence costs time in proportion to its length.
        self.cues = PositionIndex(mentions.of("PRE", "POST"))
        self.cues_by_char = PositionIndex(mentions.of("PRE", "POST"), by_char=True)
        self.arrows = PositionIndex(mentions.of("ARROW"))
        self.relief_cues = PositionIndex(mentions.of("RELIEF"))
        self.narratives: frozenset[int] | None = None
        self.pain_context = PositionIndex(mentions.of(*_PAIN_CONTEXT), by_char=True)
        scores = [m for m in mentions.of(*_SCORE_KINDS) if m.is_today("response")]
        self.scores = PositionIndex(scores)
        self.score_ends: dict[int, list[Mention]] = {}
        for score in scores:
            self.score_ends.setdefault(score.end, []).append(score)
        text = mentions.doc_text
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def extract(self) -> ResponseFact:
        fact = ResponseFact()
        uncued: list[tuple[int, Mention]] = []
        scores = sorted(
            self._today("PAIN_SCORE", "PAIN_CHANGE") + self._values_after_pain_words(),
            key=lambda m: m.start,
        )
        for mention in scores:
            if mention.value in ("bare", "change") and not self._about_pain(mention):
                continue
            values = score_values(mention)
            if not values or self._in_range(mention):
                continue  # "4-6/10", "pain score 4 to 6": a range, neither end a score
            earlier = self._earlier_result(mention)
            if mention.label == "PAIN_CHANGE" and earlier:
                continue
            if mention.label == "PAIN_CHANGE" and len(values) >= 2:
                self._set(fact, "pre_pain", values[0], mention)
                self._set(fact, "post_pain", values[-1], mention)
                continue
            when = self._when(mention)
            if when == "post" and earlier:
                continue
            if when:
                self._set(fact, f"{when}_pain", values[-1], mention)
            else:
                uncued.append((values[-1], mention))
        self._fill_from_order(fact, uncued)
        self._millimetres(fact)
        self._relief(fact)
        ranges = self._today("PAIN_RANGE")
        if ranges:
            fact.pain_range = ranges[0].text
            fact.evidence.append(ranges[0].evidence)
        scales = self.mentions.of("SCALE")
        if scales:
            fact.scale = scales[0].value
        return fact

    def _earlier_result(self, mention: Mention) -> bool:
        """A pain change or an after-score in the history ("two prior blocks gave relief, pain
        9/10 to 2/10") is an earlier block's result, unless that history paragraph tells
        today's procedure. (A SOAP note's "O:" after the procedure holds today's scores.)"""
        if mention.section not in _BACKGROUND_SECTIONS:
            return False
        if self.narratives is None:
            self.narratives = procedure_narratives(self.mentions)
        start = self.mentions.reading.section_at(mention.start_char).start
        return start not in self.narratives

    def _millimetres(self, fact: ResponseFact) -> None:
        """A 0-100 mm visual analogue scale ("VAS 80 mm before ... VAS 15 mm after")."""
        for mention in self._today("PAIN_MM"):
            numbers = _SCORE_NUMBER_MM.findall(mention.norm)
            when = self._when(mention)
            if numbers and when and 0 <= int(numbers[0]) <= 100:
                field = f"{when}_pain_mm"
                if getattr(fact, field) is None:
                    setattr(fact, field, int(numbers[0]))
                    fact.evidence.append(mention.evidence)
                    fact.scale = fact.scale or "VAS"

    def _fill_from_order(self, fact: ResponseFact, uncued: list[tuple[int, Mention]]) -> None:
        """Scores without a cue, placed by where they stand: before the injectate (or in
        today's history) is the pre-procedure score; after it ("Observed 30 min. Pain
        3/10.") the post-procedure score."""
        drugs = [m for m in self.mentions.of("DRUG") if m.is_today("medications")]
        first = drugs[0].start if drugs else None
        last = drugs[-1].end if drugs else None
        before = [
            (v, m)
            for v, m in uncued
            if m.section in _PRE_SECTIONS or (first is not None and m.start < first)
        ]
        if fact.pre_pain is None and before:
            self._set(fact, "pre_pain", *before[0])
        after = [
            (v, m)
            for v, m in uncued
            if last is not None and m.start >= last and m.section not in _HISTORY_SECTIONS
        ]
        if fact.post_pain is None and after and (len(uncued) >= 2 or fact.pre_pain is not None):
            self._set(fact, "post_pain", *after[-1])

    def _today(self, *labels: str) -> list[Mention]:
        return [m for m in self.mentions.of(*labels) if m.is_today("response")]

    def _values_after_pain_words(self) -> list[Mention]:
        """A 0-10 number written shortly after a pain word or scale, skipping time phrases:
        "Numeric pain scale today 7", "NRS on arrival 7", "Pain 30 minutes after: 2"."""
        doc = self.mentions.doc
        taken = {i for m in self.mentions.of(*_SCORE_LABELS) for i in range(m.start, m.end)}
        taken |= {i for m in self.mentions.of(*_OTHER_FACTS) for i in range(m.start, m.end)}
        found: list[Mention] = []
        anchors = [(word, False) for word in self._today("PAIN_WORD")]
        anchors += [(cue, True) for cue in self._cues_in_pain_sentences()]
        for word, cue_led in sorted(anchors, key=lambda anchor: anchor[0].start):
            if word.end in taken or word.end + 1 in taken:
                continue
            sentence_end = self.mentions.reading.sentence_end(word.sent)
            end = min(sentence_end, word.end + _VALUE_REACH)
            index = word.end
            while index < end:
                token = doc[index]
                following = doc[index + 1].lower_ if index + 1 < len(doc) else ""
                if token.i in taken or token.text in _CLAUSE_ENDS or "\n" in token.text:
                    break
                if token.like_num and following in _TIME_UNITS:
                    index += 2  # "30 minutes"
                    continue
                if token.norm_ in _SCORE_WORDS and following not in _NOT_A_SCORE_AFTER:
                    if not cue_led or _ends_clause(doc, index + 1, sentence_end):
                        found.append(self._score_at(word, token))
                    break
                if token.like_num:
                    break
                index += 1
        return found

    def _cues_in_pain_sentences(self) -> list[Mention]:
        """Pre/post cues after a pain word or score in their sentence, which lead a score
        without naming pain again: "her pain was 6 out of 10 and after 30 minutes recovering
        on the day ward it was 2", "pain score pre procedure 6, post procedure 2"."""
        scored = {
            m.sent: m.start for m in reversed(self._today("PAIN_SCORE", "PAIN_CHANGE", "PAIN_WORD"))
        }
        return [
            cue
            for cue in self._today("PRE", "POST")
            if cue.sent in scored and scored[cue.sent] < cue.start
        ]

    def _in_range(self, mention: Mention) -> bool:
        """Whether the number a score or percent is written with is one end of a range:
        "4-6/10", "5 to 6 out of 10", "85-90%", "60 to 70 percent", "between 4 and 6"."""
        doc = self.mentions.doc
        values = [
            i
            for i in range(mention.start, mention.end)
            if _range_value(doc[i]) is not None
            and not (i > mention.start and doc[i - 1].lower_ in ("of", "/"))
        ]
        if not values:
            return False
        if any(b == a + 2 and self._range(a, a + 1, b) for a, b in pairwise(values)):
            return True  # inside the mention: "pain score 4 to 6"
        first, last = values[0], values[-1]
        join = first - 1
        other = join - 1
        while other >= 0 and doc[other].lower_ in _PERCENT_WORDS:
            other -= 1  # "60% to 70%"
        if other >= 0 and doc[join].lower_ in _RANGE_JOINS and self._range(other, join, first):
            return True
        join = last + 1
        while join < len(doc) and doc[join].lower_ in _PERCENT_WORDS:
            join += 1
        return (
            join + 1 < len(doc)
            and doc[join].lower_ in _RANGE_JOINS
            and self._range(last, join, join + 1)
        )

    def _range(self, low: int, join: int, high: int) -> bool:
        """Two numbers around a join read as a range: rising ("4-6", not "8 -> 2"), and a
        "to" without "from" ("from 2 to 6" is a change), "and" only after "between"."""
        doc = self.mentions.doc
        low_value, high_value = _range_value(doc[low]), _range_value(doc[high])
        if low_value is None or high_value is None or low_value >= high_value:
            return False
        before = [t.lower_ for t in doc[max(low - 2, 0) : low]]
        word = doc[join].lower_
        if word not in _RANGE_JOINS:
            return False
        if word == "to":
            return "from" not in before
        if word == "and":
            return bool(before) and before[-1] == "between"
        return True

    def _score_at(self, word: Mention, token) -> Mention:
        """A bare score token as a mention, with the section and context of its pain word."""
        start, end = token.idx, token.idx + len(token.text)
        return replace(
            word,
            label="PAIN_SCORE",
            value="bare",
            start=token.i,
            end=token.i + 1,
            start_char=start,
            end_char=end,
            text=self.mentions.text[start:end],
            norm=token.norm_,
        )

    def _about_pain(self, mention: Mention) -> bool:
        """Bare numbers ("8 -> 3", "2 after") count on a line about pain or in a response
        section."""
        if mention.section in ("post_procedure", "assessment"):
            return True
        if _NAMES_PAIN.search(mention.text):
            return True  # "VAS: 8 -> 2", "Pain score 8 to 2"
        line_start, line_end = self._line_of(mention)
        others = (m for m in self.pain_context.within(line_start, line_end) if m is not mention)
        return next(others, None) is not None

    def _line_of(self, mention: Mention) -> tuple[int, int]:
        starts = self.line_starts
        start = starts[bisect_right(starts, mention.start_char) - 1]
        following = bisect_right(starts, mention.end_char)
        end = starts[following] - 1 if following < len(starts) else len(self.mentions.doc_text)
        return start, end

    @staticmethod
    def _set(fact: ResponseFact, field: str, value: int, mention: Mention) -> None:
        if getattr(fact, field) is None:
            setattr(fact, field, value)
            fact.evidence.append(mention.evidence)

    def _when(self, score: Mention) -> str | None:
        """ "pre", "post" or None for one score, from cues, arrows and the section."""
        if _has_own_cue(score):
            lowered = score.text.lower()
            return "pre" if "pre" in lowered or "before" in lowered else "post"
        following, preceding = self._neighbour_scores(score)
        if following is not None and self._joined(score, following):
            return "pre"
        if preceding is not None and self._joined(preceding, score):
            return "post"
        cue = self._nearest_cue(score) or self._header_cue(score)
        if cue:
            return cue.label.lower()
        if score.section == "post_procedure":
            return "post"
        return None

    def _header_cue(self, score: Mention) -> Mention | None:
        """A cue in the score's section header ("PRE-PROCEDURE (RN)")."""
        section = self.mentions.reading.section_at(score.start_char)
        return next(self.cues_by_char.within(section.start, section.header_end), None)

    def _neighbour_scores(self, score: Mention) -> tuple[Mention | None, Mention | None]:
        """Today's scores just after and just before this one in its sentence."""
        following = next(
            (
                s
                for s in self.scores.within(score.start + 1, score.end + 8)
                if s.start > score.start
            ),
            None,
        )
        preceding = self.scores.last_ending_by(score.start)
        following = following if following is not None and following.sent == score.sent else None
        preceding = preceding if preceding is not None and preceding.sent == score.sent else None
        return following, preceding

    def _joined(self, first: Mention, second: Mention) -> bool:
        return second.start - first.end <= 4 and any(
            m.end <= second.start and m.sent == first.sent
            for m in self.arrows.within(first.end, second.start)
        )

    def _cues_near(self, score: Mention) -> list[Mention]:
        low = max(score.start - _LEFT_CUE_REACH, score.sent)
        high = score.end + _RIGHT_CUE_REACH + 1
        return [cue for cue in self.cues.within(low, high) if cue.sent == score.sent]

    def _nearest_cue(self, score: Mention) -> Mention | None:
        best: tuple[int, Mention] | None = None
        for cue in self._cues_near(score):
            if cue.end <= score.start:
                closes_earlier = any(
                    s is not score
                    for end in (cue.start, cue.start - 1)
                    for s in self.score_ends.get(end, ())
                )
                if closes_earlier and not self._cue_leads(cue, score):
                    continue  # "80 mm before the procedure and 15 mm after": the earlier one's
                between = self.scores.count(cue.end, score.start)
                distance = score.start - cue.end + between * 4
            elif cue.start >= score.end and cue.start - score.end <= _RIGHT_CUE_REACH:
                following = self.scores.first_starting_at(cue.end)
                if (
                    following is not None
                    and following.start - cue.end <= 3
                    and self._cue_leads(cue, following)
                ):
                    continue  # "7/10, post-procedure 2/10": the cue belongs to the next score
                distance = cue.start - score.end
            else:
                continue
            if best is None or distance < best[0]:
                best = (distance, cue)
        return best[1] if best else None

    def _cue_leads(self, cue: Mention, following: Mention) -> bool:
        """Whether a cue introduces the score after it rather than closing the one before:
        not when that score has its own cue, nor across "and" ("80 mm before the procedure
        and 15 mm after")."""
        if self._has_cue_beside(following):
            return False
        gap = self.mentions.between(cue.end, following.start).split()
        return not any(word in _CLAUSE_JOINS for word in gap)

    def _has_cue_beside(self, score: Mention) -> bool:
        """ "0/10 after", "2 post": the score carries its own cue, so a cue before it is free."""
        return _has_own_cue(score) or any(
            m.sent == score.sent for m in self.cues.within(score.end, score.end + 2)
        )

    def _relief(self, fact: ResponseFact) -> None:
        for percent in (m for m in self.mentions.of("PERCENT") if m.is_today("relief")):
            if self._in_range(percent):
                continue  # "85-90%", "60 to 70 percent": a range is not a value
            near = self.relief_cues.within(
                percent.start - _RELIEF_REACH - 8, percent.end + _RELIEF_REACH + 1
            )
            if any(
                c.sent == percent.sent
                and (
                    abs(c.start - percent.end) <= _RELIEF_REACH
                    or abs(percent.start - c.end) <= _RELIEF_REACH
                )
                for c in near
            ) or self._beside_a_pain_change(percent):
                value = int(score_digits(percent.norm))
                if 0 <= value <= 100:
                    fact.percent_relief = value
                    fact.evidence.append(percent.evidence)
                    return
        for cue in (m for m in self.mentions.of("RELIEF") if m.is_today("relief")):
            value = self._percent_field(cue)
            if value is not None:
                fact.percent_relief = value
                fact.evidence.append(cue.evidence)
                return

    def _beside_a_pain_change(self, percent: Mention) -> bool:
        """ "VAS 5 -> 0 (100%)", "7/10 to 2/10 (70%)": a percent in brackets right after
        today's pain scores is the relief they make."""
        doc = self.mentions.doc
        if percent.start < 2 or doc[percent.start - 1].text != "(":
            return False
        return any(
            m.end == percent.start - 1 and m.is_today("relief")
            for m in self.mentions.in_sentence(percent.sent, "PAIN_CHANGE", "PAIN_SCORE")
        )

    def _percent_field(self, cue: Mention) -> int | None:
        """A relief field whose label carries the unit: "Relief (%): 70", "% relief: 70"."""
        doc = self.mentions.doc
        before = doc[cue.start - 1].lower_ if cue.start > 0 else ""
        label = cue.text.lower()
        unit = before in ("%", "percent", "percentage") or any(
            word in label for word in ("percent", "pct", "%")
        )
        for token in doc[cue.end : min(cue.end + 6, len(doc))]:
            if token.text in _FIELD_PUNCTUATION or token.is_space:
                continue
            if token.lower_ in ("%", "percent", "pct"):
                unit = True  # "Relief (%): 70", "Relief (percent): 70"
                continue
            following = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
            if unit and token.text.isdigit() and following not in ("/", "%", "-"):
                if token.i + 2 < len(doc) and self._range(token.i, token.i + 1, token.i + 2):
                    return None  # "Relief (%): 60 to 70"
                value = int(token.text)
                return value if 0 <= value <= 100 else None
            return None
        return None


def _has_own_cue(score: Mention) -> bool:
    """A score written with its cue inside, as in "2 post", "pre: 7" or "2 at 30 minutes"."""
    return score.value == "bare" and any(
        word in score.text.lower() for word in ("pre", "post", "before", "after", " at ")
    )


def _ends_clause(doc, index: int, sentence_end: int) -> bool:
    """Whether the token at `index` ends the clause of the number before it ("it was 2.",
    "it was 2 and ..."), so the number is no count of something ("2 tablets")."""
    if index >= min(sentence_end, len(doc)):
        return True
    token = doc[index]
    return token.is_space or token.lower_ in _CLAUSE_ENDS | {"and", "but", ")", "!"}


def _range_value(token) -> float | None:
    """The number a token stands for as one end of a range ("4", "6/10", "seventy")."""
    match = _RANGE_VALUE.match(token.norm_)
    return float(match.group(1)) if match else None


def score_digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
